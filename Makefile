# The two commands of the README: `make run` (the main job) and `make test` (all tests).
# Each creates/refreshes the local virtual environment .venv first, so a fresh clone needs
# nothing but Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint bench lock clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("plan_analysis needs Python 3.11+") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

install: $(STAMP) ## create or refresh .venv with the package and its tools

run: $(STAMP) ## the main job: data/raw/ → data/processed/ (+ reports)
	$(BIN)/plan-analysis run

test: $(STAMP) ## every test: library, CLI and notebooks
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff over the code
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP) ## speed ratios (see benchmarks/)
	@for script in benchmarks/bench_*.py; do $(BIN)/python $$script; done

lock: $(STAMP) ## re-resolve requirements.lock: the newest versions pyproject.toml allows
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --upgrade --quiet --extra dev --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean: ## remove generated outputs (keeps data/raw and data/reference)
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	rm -rf reports

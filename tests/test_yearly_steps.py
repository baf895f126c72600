"""The README's yearly checklist, followed on a copy of the project: the tests stay green.

An analyst drops next year's table into data/raw/, runs `check`, declares the reorganisation
and the new section in data/reference/ and processes. None of that may turn a test red:
the tests read the package's shipped reference and their own fixture tables, never the
project's data/ — every test of every run is held to that by the guards of
tests/analyst_files.py (a read there is an error; default paths find an empty project). In
the copy, two command-line tests and the guards' own run once more after the steps, as a
check from outside. The copy runs its own package (PYTHONPATH) from its own folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEED, write_xlsx
from .second_year import SECTION_RENAME, second_year_rows

#: Run in the copy after the steps: the command line on the seed and with default paths,
#: and the guards (which there stop a read of the copy's edited data/reference/).
SUITE = (
    "tests/test_cli.py::test_check_prints_reconciliation",
    "tests/test_cli.py::test_default_paths",
    "tests/test_analyst_files.py",
)


#: What the copy of the project is made of: the code, its tests and notebooks, and what
#: describes them. The project's own data/ and reports/ are never listed or copied.
PROJECT_FILES = ("src", "tests", "notebooks", "pyproject.toml", "README.md", "Makefile")


def _copy_of_the_project(target: Path) -> Path:
    """The project's code, tests and notebooks; its data folders are not the analyst's
    (data/raw/ holds a copy of the seed, data/reference/ is made by the first run)."""
    skip = shutil.ignore_patterns(
        "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "*.egg-info"
    )
    for name in PROJECT_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=skip)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target / name)
    (target / "data" / "processed").mkdir(parents=True)
    (target / "data" / "raw").mkdir()
    shutil.copy(SEED, target / "data" / "raw" / SEED.name)
    return target


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PLAN_ANALYSIS_ROOT"}
    env["PYTHONPATH"] = str(project / "src")
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )


def test_the_yearly_steps_leave_the_tests_green(tmp_path):
    project = _copy_of_the_project(tmp_path / "project")
    where = _run(project, "-c", "import plan_analysis; print(plan_analysis.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(project)  # the copy's own package
    # 1. drop the file in
    table = write_xlsx(project / "data" / "raw" / "r4_progress.xlsx", second_year_rows())
    # 2. check: the renamed section is reported as unknown (a warning: exit 1)
    checked = _run(project, "-m", "plan_analysis.cli", "check", str(table.relative_to(project)))
    assert checked.returncode == 1, checked.stderr
    old, new = SECTION_RENAME
    assert f"owners not in data/reference/departments.csv: {new}" in checked.stdout
    # 3. declare what changed (data/reference/ was created by the first run)
    reference = project / "data" / "reference"
    with (reference / "departments.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{new},福祉部,section,組織改編\n")
    with (reference / "department_aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{old},{new},2022,,組織改編（令和4年4月）\n")
    # 4. process both years
    processed = _run(project, "-m", "plan_analysis.cli", "process")
    assert processed.returncode == 0, processed.stderr
    assert "loaded 2 file(s) (FY 2021, 2022)" in processed.stdout
    # the tests, run in the copy, still pass
    # one process (-n 0): the suite around this test keeps both cores busy already
    tests = _run(project, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *SUITE)
    assert tests.returncode == 0, tests.stdout[-3000:]

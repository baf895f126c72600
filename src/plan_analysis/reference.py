"""The reference data, read once: one `Reference` from one folder, passed down the pipeline.

The shipped defaults are package data (`plan_analysis/defaults/`); the analyst's copy is
`data/reference/`, which `ensure_reference` fills from the defaults with any file it lacks
(the first run creates it whole). This is the one module that names the reference files;
each wing parses its own (the directory and header names: `load`; dictionaries and rules:
`text`; reorganisations and forced links: `years`) from the path given here.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .analyst_files import read_reference_csv
from .errors import PlanAnalysisWarning, warning_text
from .load import LoadReference
from .load.departments import load_directory
from .load.extra_columns import load_column_types
from .load.headers import HEADER_ALIAS_COLUMNS, header_names
from .load.reorganisations import load_reorganisations
from .measures import MeasureRules, check_rule_codes
from .measures.overrides import load_overrides
from .schema import MEASURES
from .text import Dictionaries, Rule, load_dictionaries, load_rules
from .years import YearReference, load_item_links

DEPARTMENTS_FILE = "departments.csv"
HEADER_ALIASES_FILE = "header_aliases.csv"
COLUMN_TYPES_FILE = "column_types.csv"
COMPOUND_TERMS_FILE = "compound_terms.txt"
SPELLING_VARIANTS_FILE = "spelling_variants.csv"
STOP_WORDS_FILE = "stop_words.txt"
THEME_RULES_FILE = "theme_rules.txt"
CODING_RULES_FILE = "coding_rules.txt"
ALIASES_FILE = "department_aliases.csv"
ITEM_LINKS_FILE = "item_links.csv"
MEASURE_OVERRIDES_FILE = "measure_overrides.csv"

#: Every reference file the package ships a default of, in the order of the README.
REFERENCE_FILES: tuple[str, ...] = (
    HEADER_ALIASES_FILE,
    COLUMN_TYPES_FILE,
    DEPARTMENTS_FILE,
    COMPOUND_TERMS_FILE,
    SPELLING_VARIANTS_FILE,
    STOP_WORDS_FILE,
    CODING_RULES_FILE,
    THEME_RULES_FILE,
    ALIASES_FILE,
    ITEM_LINKS_FILE,
    MEASURE_OVERRIDES_FILE,
)

#: How messages name the department directory and the header names for the analyst.
DEPARTMENTS_SHOWN = f"data/reference/{DEPARTMENTS_FILE}"
HEADER_ALIASES_SHOWN = f"data/reference/{HEADER_ALIASES_FILE}"


def default_folder() -> Path:
    """The folder of the shipped defaults (inside the installed package)."""
    return Path(str(resources.files("plan_analysis") / "defaults"))


@dataclass(frozen=True)
class Reference:
    """Everything the pipeline reads from a reference folder, parsed and checked."""

    folder: Path
    load: LoadReference
    dictionaries: Dictionaries
    rules: MeasureRules
    years: YearReference


def load_reference(folder: Path) -> Reference:
    """Read and check every reference file of `folder` (a missing required file, or a bad
    row, is a `PlanAnalysisError` naming the file)."""
    folder = Path(folder)
    headers = read_reference_csv(folder / HEADER_ALIASES_FILE, HEADER_ALIAS_COLUMNS)
    theme_path = folder / THEME_RULES_FILE
    theme = with_new_theme_codes(load_rules(theme_path), theme_path)
    own = {}
    for measure in MEASURES.values():
        path = theme_path if measure.rules_file is None else folder / measure.rules_file
        rules = theme if measure.rules_file is None else load_rules(path)
        check_rule_codes(measure, rules, path)
        if measure.rules_file is not None:
            own[measure.name] = rules
    names = header_names(headers, folder / HEADER_ALIASES_FILE, HEADER_ALIASES_SHOWN)
    directory = load_directory(folder / DEPARTMENTS_FILE)
    reorganisations = load_reorganisations(folder / ALIASES_FILE, set(directory["division"]))
    return Reference(
        folder=folder,
        load=LoadReference(
            directory=directory,
            headers=names,
            directory_file=DEPARTMENTS_SHOWN,
            reorganisations=reorganisations,
            column_types=load_column_types(
                folder / COLUMN_TYPES_FILE, names.extra_columns, HEADER_ALIASES_SHOWN
            ),
        ),
        dictionaries=load_dictionaries(
            folder / COMPOUND_TERMS_FILE, folder / SPELLING_VARIANTS_FILE, folder / STOP_WORDS_FILE
        ),
        rules=MeasureRules(
            theme=theme,
            coding=load_rules(folder / CODING_RULES_FILE),
            own=own,
            overrides=load_overrides(folder / MEASURE_OVERRIDES_FILE),
        ),
        years=YearReference(
            reorganisations=reorganisations,
            item_links=load_item_links(folder / ITEM_LINKS_FILE),
            directory=directory,
        ),
    )


def with_new_theme_codes(theme: Sequence[Rule], path: Path) -> list[Rule]:
    """The analyst's theme rules, completed with the codes that this version of the package
    reads and the file lacks (an analyst's copy made by an earlier version), taken from the
    shipped defaults with a warning: the yearly rerun goes on, the analyst's edits are kept."""
    have = {rule.name for rule in theme}
    needed = {code for m in MEASURES.values() if m.rules_file is None for code in m.rule_codes}
    missing = sorted(needed - have)
    if not missing:
        return list(theme)
    shipped = default_folder() / THEME_RULES_FILE
    added = [rule for rule in load_rules(shipped) if rule.name in missing]
    problem = (f"lacks the code(s) {', '.join(missing)}, which this version of plan_analysis "
               f"reads: their shipped definitions are used; copy them from {shipped} into "
               "the file to edit them")  # fmt: skip
    warnings.warn(warning_text(problem, file=path), PlanAnalysisWarning, stacklevel=2)
    return [*theme, *added]


def ensure_reference(folder: Path) -> list[Path]:
    """Copy every shipped default that `folder` lacks into it (creating the folder); an
    existing file is never touched. Returns the files created."""
    created = []
    for name in REFERENCE_FILES:
        target = Path(folder) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(default_folder() / name, target)
            created.append(target)
    return created


def default_reference() -> Reference:
    """The shipped defaults, parsed (for tests and for a notebook without a project)."""
    return load_reference(default_folder())

"""Hand labels of year-over-year links (tests/fixtures/*_labels.csv) against what a run found.

A labels file lists only the links that are not `same` (a row of `*` names, if any, is the
note "every other item: same"); every link a run finds that is not `same` must be listed,
and every listed one must be found as its type. Names are compared after the loader's
normalisation and the spelling folds, as the analyst writes them in item_links.csv.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.load import Tables, load_tables
from plan_analysis.load.normalize import normalize_text
from plan_analysis.years.keys import fold
from plan_analysis.years.matching import compare_years

from .conftest import FIXTURES, REFERENCE, ref

ItemLink = tuple[int, str, int, str, str]
AreaLink = tuple[tuple, tuple, str]


def key(name: str) -> str:
    """A name as labels and links are compared: normalised, spelling folded."""
    return fold(normalize_text(name)) if name else ""


def _number(value) -> int | str:
    if value is None or pd.isna(value) or value == "":
        return ""
    return int(value)


def reference_with_rows(
    folder: Path, *, departments: tuple[str, ...] = (), aliases: tuple[str, ...] = ()
) -> Path:
    """A copy of the shipped reference with CSV rows appended to departments.csv and
    department_aliases.csv, as the README tells an analyst to add them."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in REFERENCE.iterdir():
        shutil.copy(f, folder / f.name)
    for name, rows in (("departments.csv", departments), ("department_aliases.csv", aliases)):
        with (folder / name).open("a", encoding="utf-8") as fh:
            fh.writelines(f"{row}\n" for row in rows)
    return folder


def reference_with(folder: Path, reorganisations: Path) -> Path:
    """A copy of the shipped reference whose department_aliases.csv is `reorganisations`."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in REFERENCE.iterdir():
        shutil.copy(f, folder / f.name)
    shutil.copy(reorganisations, folder / "department_aliases.csv")
    return folder


def compared(raw: Path, reference: Path) -> tuple[Tables, pd.DataFrame, pd.DataFrame]:
    """The tables of `raw` and their (year_links, area_links), as `make run` computes them."""
    r = ref(reference)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)  # new sections not in the directory
        tables = load_tables([raw], r.load)
    links, areas = compare_years(
        tables.items,
        tables.sections,
        reorganisations=r.years.reorganisations,
        forced=r.years.item_links,
        directory=r.years.directory,
    )
    return tables, links, areas


def item_labels(name: str) -> set[ItemLink]:
    df = pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False, comment=None)
    df = df[df["name_from"] != "*"]
    return {
        (int(a), key(b), int(c), key(d), m)
        for a, b, c, d, m in zip(
            df["fiscal_year_from"], df["name_from"], df["fiscal_year_to"], df["name_to"],
            df["match"], strict=True,
        )
    }  # fmt: skip


def found_items(links: pd.DataFrame) -> set[ItemLink]:
    """The links that are not `same`, keyed as the labels are."""
    rows = links[links["match"] != "same"]
    return {
        (int(a), key(b), int(c), key(d), m)
        for a, b, c, d, m in zip(
            rows["fiscal_year_from"], rows["name_from"].fillna(""), rows["fiscal_year_to"],
            rows["name_to"].fillna(""), rows["match"], strict=True,
        )
    }  # fmt: skip


def _areas(df: pd.DataFrame, match: str) -> set[AreaLink]:
    return {
        ((int(r.fiscal_year_from), _number(r.goal_no_from), _number(r.area_no_from)),
         (int(r.fiscal_year_to), _number(r.goal_no_to), _number(r.area_no_to)), getattr(r, match))
        for r in df.itertuples()
    }  # fmt: skip


def area_labels(name: str) -> set[AreaLink]:
    df = pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)
    return _areas(df[df["title_from"] != "*"], "match")


def found_areas(areas: pd.DataFrame) -> set[AreaLink]:
    """The area links that are not `same`, keyed as the labels are."""
    return _areas(areas[areas["area_match"] != "same"], "area_match")

"""Reorganisations: old section/division names → the names in use now.

A reorganisation renames sections (自立支援課 → 生活支援課); comparing years needs one name
per unit. `data/reference/department_aliases.csv` says, per rename, from which fiscal year
the new name holds. Renames are applied in order of that year, each once, so chains
(A → B → C) and renames back (A → B → A) both end at the current name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..analyst_files import read_reference_csv, reject_rows

ALIAS_COLUMNS: tuple[str, ...] = ("old_name", "new_name", "from_year", "note")


def no_aliases() -> pd.DataFrame:
    """An alias table without renames."""
    return pd.DataFrame(columns=list(ALIAS_COLUMNS)).astype({"from_year": "int64"})


def load_aliases(path: Path) -> pd.DataFrame:
    """The renames of `department_aliases.csv`, NFKC-normalised, sorted by from_year."""
    df = read_reference_csv(path, ALIAS_COLUMNS)
    bad = ~df["from_year"].str.fullmatch(r"\d{4}") | (df["old_name"] == "")
    reject_rows(df, bad, path, "a rename needs an old_name and a four-digit from_year")
    for col in ("old_name", "new_name"):
        df[col] = df[col].map(lambda s: unicodedata.normalize("NFKC", s))
    df["from_year"] = df["from_year"].astype("int64")
    df = df[list(ALIAS_COLUMNS)]
    return df.sort_values("from_year", kind="stable").reset_index(drop=True)


def current_name(name: str, fiscal_year: int, aliases: pd.DataFrame) -> str:
    """The name `name` (as written in `fiscal_year`) has after every later rename."""
    for rename in aliases.itertuples():
        if name == rename.old_name and fiscal_year < rename.from_year:
            name = rename.new_name
    return name


def apply_aliases(
    frame: pd.DataFrame,
    aliases: pd.DataFrame,
    columns: Sequence[str] = ("department", "division"),
) -> pd.DataFrame:
    """A copy of `frame` (with fiscal_year) whose name `columns` hold the current names.

    For cross-year comparisons of `item_departments` or `segments`; `division` is renamed
    too, when a whole division was renamed (a section keeps its year's division).
    """
    out = frame.copy()
    for col in (c for c in columns if c in out.columns):
        out[col] = [
            current_name(name, int(year), aliases)
            for name, year in zip(out[col], out["fiscal_year"], strict=True)
        ]
    return out

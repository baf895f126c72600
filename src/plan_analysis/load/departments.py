"""Owners: split 所管課 into sections and division-level owners, map each to its division.

The directory (`data/reference/departments.csv`) is data the analyst edits after a
reorganisation. An owner missing from it is reported and kept with an empty division.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from pathlib import Path

import pandas as pd

from ..analyst_files import read_reference_csv
from .normalize import normalize_text

_OWNER_SPLIT = re.compile(r"[\s、,，/／]+")
_DIVISION_NAME = re.compile(r"(部|部内各課)$")
_OWNER_END = re.compile(r"(課|部|部内各課|館|室|局|所|センター)$")
_OWNER_SHAPE = re.compile(r"(課|部|館|室)$")


def load_directory(path: Path) -> pd.DataFrame:
    """The department → division directory (department, division, owner_level, source)."""
    df = read_reference_csv(path, ("department", "division", "owner_level", "source"))
    df["department"] = df["department"].map(lambda s: unicodedata.normalize("NFKC", s))
    return df.drop_duplicates("department", keep="last").reset_index(drop=True)


def _middle_dot_split(name: str) -> list[str]:
    """`高齢者福祉課・介護保険課` → both sections; a name with ・ inside it (こども・家庭支援課)
    stays whole: split only when every part is shaped like an owner name."""
    parts = name.split("・")
    if len(parts) > 1 and all(_OWNER_END.search(p) for p in parts):
        return parts
    return [name]


def split_owners(owner_raw: str) -> list[str]:
    """Owner names listed in a 所管課 cell (normalised, in order, without repeats), separated
    by spaces, 、, commas, slashes or ・ between whole names."""
    names = _OWNER_SPLIT.split(normalize_text(owner_raw))
    return list(dict.fromkeys(p for n in names if n for p in _middle_dot_split(n)))


def is_owner_name(name: str, known: Container[str]) -> bool:
    """True for a name of the directory (`known`: its department names, looked up as a set
    or dict), or one shaped like a section or division (…課, …部)."""
    return name in known or _OWNER_SHAPE.search(name) is not None


def guess_level(name: str) -> str:
    """owner_level of a name missing from the directory, from its ending."""
    return "division" if _DIVISION_NAME.search(name) else "section"


def item_departments(items: pd.DataFrame, directory: pd.DataFrame) -> pd.DataFrame:
    """One row per item × listed owner, with division and owner_level from the directory."""
    owners = zip(
        items["fiscal_year"].tolist(),
        items["item_id"].tolist(),
        items["owner_raw"].tolist(),
        strict=True,
    )
    rows = [
        (year, item_id, n, name)
        for year, item_id, owner_raw in owners
        for n, name in enumerate(split_owners(owner_raw), start=1)
    ]
    df = pd.DataFrame(rows, columns=["fiscal_year", "item_id", "owner_no", "department"])
    df = df.merge(
        directory[["department", "division", "owner_level"]],
        on="department",
        how="left",
        validate="m:1",
    )
    df["in_directory"] = df["division"].notna()
    df["division"] = df["division"].fillna("")
    df["owner_level"] = df["owner_level"].fillna(df["department"].map(guess_level))
    return df


def unknown_owners(item_departments: pd.DataFrame, segments: pd.DataFrame) -> list[str]:
    """Owner names (listed or tagged) that the directory does not know, sorted."""
    listed = item_departments.loc[~item_departments["in_directory"], "department"]
    tagged = segments.loc[
        (segments["department"] != "") & (segments["division"] == ""), "department"
    ]
    return sorted(set(listed) | set(tagged))

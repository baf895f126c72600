"""What two years' items are compared by: folded names and texts, owners, areas.

Names and texts are folded (`fold`: spelling variants, spaces) after the section names in
them are made comparable (`PairNames`: a declared rename is no change, in 所管課, in (…課)
tags and in body text). Scores are rapidfuzz `ratio` on whole folded strings (it splits no
Japanese words).
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import fuzz

from ..config import YEAR_FOLDS
from ..load.departments import split_owners
from ..load.reorganisations import PairNames
from ..measures import area_key
from ..schema import TEXT_COLUMNS

_FOLDS = [(re.compile(pattern), repl) for pattern, repl in YEAR_FOLDS]


def fold(text: str) -> str:
    """`text` (already normalised by the loader) with spelling variants and spaces folded."""
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio of two folded strings on a 0–1 scale, rounded to 4 places."""
    return round(fuzz.ratio(a, b) / 100, 4)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of names in common of two owner sets (1.0 for two empty sets)."""
    return round(len(a & b) / len(a | b), 4) if a | b else 1.0


def prepare(items: pd.DataFrame, names: PairNames, *, older: bool) -> pd.DataFrame:
    """One year's items with folded keys, owners and area key, in content order.

    `older` says which side of the compared pair the year is (its section names are mapped
    by `names`). Sorting by content (not by row order or item_id first) makes the
    assignment independent of the order of the rows.
    """
    keys = {
        f"{col}_key": [fold(names.text(t, older)) for t in items[col]]
        for col in ("name", *TEXT_COLUMNS)
    }
    owners = [
        frozenset(names.owner(n, older) for n in split_owners(raw)) for raw in items["owner_raw"]
    ]
    df = items.assign(**keys, owners=owners, area=area_key(items["goal_no"], items["area_no"]))
    order = [*keys, "item_id"]
    return df.sort_values(order, kind="stable").reset_index(drop=True)

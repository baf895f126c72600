"""What two years' items are compared by: folded names and texts, bigrams, owners, areas.

Names and texts are folded (`fold`: spelling variants, spaces) after the section names in
them are made comparable (`SideNames`: a declared rename is no change, in 所管課, in (…課)
tags and in body text). Scores are rapidfuzz `ratio` on whole folded strings (it splits no
Japanese words); splits and merges compare character bigrams (`parts`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..config import YEAR_FOLDS
from ..load.departments import split_owners
from ..load.reorganisations import SideNames
from ..schema import TEXT_COLUMNS
from .columns import Columns, as_array

_FOLDS = [(re.compile(pattern), repl) for pattern, repl in YEAR_FOLDS]


@lru_cache(maxsize=1 << 13)  # consecutive years repeat most texts: fold each once
def fold(text: str) -> str:
    """`text` (already normalised by the loader) with spelling variants and spaces folded."""
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio of two folded strings on a 0–1 scale, rounded to 4 places."""
    return similarities([a], [b])[0]


def ratios(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """rapidfuzz ratio / 100 of each pair of two aligned sequences, in one call."""
    if not len(a):
        return np.zeros(0)
    return process.cpdist(a, b, scorer=fuzz.ratio, dtype=np.float64) / 100


def similarities(a: Sequence[str], b: Sequence[str]) -> list[float]:
    """`similarity` of each pair of two aligned sequences (rounded as Python rounds)."""
    return [round(s, 4) for s in ratios(a, b).tolist()]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of names in common of two owner sets (1.0 for two empty sets)."""
    return round(len(a & b) / len(a | b), 4) if a | b else 1.0


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of `text` (a one-character text is its own bigram)."""
    return frozenset(map(operator.add, text, text[1:])) or frozenset([text])


#: The columns of `items` that `prepare` reads (besides the `area` key).
ITEM_COLUMNS: tuple[str, ...] = ("item_id", "name", "is_repost", "owner_raw", *TEXT_COLUMNS)


def prepare(items: pd.DataFrame, names: SideNames, near: Columns | None = None) -> Columns:
    """One year's items with folded keys, bigrams, owners and area key, in content order.

    `items` holds `ITEM_COLUMNS` and the `area` key (`measures.area_key`); `names` says how
    the year's section names are compared (its side of the pair); `near` (a neighbouring
    year, or the same one prepared otherwise) lends the bigrams of the texts it holds too.
    Sorting by content (not by row order or item_id first) makes the assignment independent
    of the order of the rows.
    """
    keys = {
        f"{col}_key": [fold(names.text(t)) for t in items[col].tolist()]
        for col in ("name", *TEXT_COLUMNS)
    }
    cells = items["owner_raw"].tolist()
    owners = {raw: frozenset(names.owner(n) for n in split_owners(raw)) for raw in set(cells)}
    texts = _texts(keys.values())
    lent = (
        {} if near is None else dict(zip(_texts(near[k] for k in keys), near["grams"], strict=True))
    )
    ids = items["item_id"].tolist()
    columns = {
        "item_id": ids,
        "name": items["name"].tolist(),
        "is_repost": items["is_repost"].to_numpy(dtype=bool),
        **keys,
        "owners": [owners[raw] for raw in cells],
        "area": items["area"].tolist(),
        "grams": [lent.get(t) or bigrams(t) for t in texts],
    }
    order = sorted(range(len(ids)), key=lambda i: (*(k[i] for k in keys.values()), ids[i]))
    return Columns({c: as_array(v)[order] for c, v in columns.items()}, "item_id")


def _texts(keys: Iterable[Sequence[str]]) -> list[str]:
    """Each item's folded name and texts as one text, the text its bigrams are taken from."""
    return ["\n".join(parts) for parts in zip(*keys, strict=True)]

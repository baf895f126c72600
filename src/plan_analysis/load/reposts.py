"""Re-listed items: marked (再掲), or the same item again with a slightly changed name.

They must not be double-counted in workload figures, so each gets `is_repost` and
`repost_of` (the item_id of the earlier original). Thresholds live in `config`.
`counted` is the one rule every count applies: reposts out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..config import (
    REPOST_CONTENT_SIMILARITY,
    REPOST_MARKED_NAME_SIMILARITY,
    REPOST_NAME_SIMILARITY,
)
from ..schema import ITEM_KEYS


def _candidates(items: pd.DataFrame, marked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(name scores of every pair, whether earlier item j may be the original of item i).

    All names are scored against each other at once; the 内容 of an unmarked item is
    compared (pair by pair, in one call) only where the names pass, as it is long."""
    names = items["name"].tolist()
    cutoff = np.where(marked, REPOST_MARKED_NAME_SIMILARITY, REPOST_NAME_SIMILARITY)
    lowest = min(REPOST_MARKED_NAME_SIMILARITY, REPOST_NAME_SIMILARITY)  # 0 below: never passes
    score = process.cdist(names, names, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=lowest)
    passes = np.tri(len(names), k=-1, dtype=bool) & (score >= cutoff[:, None]) & (score > 0)
    contents = items["content"].to_numpy(dtype=object)
    i, j = np.nonzero(passes & ~marked[:, None])
    content = process.cpdist(contents[i], contents[j], scorer=fuzz.ratio, dtype=np.float64)
    passes[i, j] = content >= REPOST_CONTENT_SIMILARITY
    return score, passes


def mark_reposts(items: pd.DataFrame, marked: pd.Series) -> pd.DataFrame:
    """Add `is_repost` and `repost_of` to one year's items (in table order).

    `marked` says which names carried (再掲). A marked item points at the closest earlier
    name; an unmarked one is a repost only if both name and 内容 nearly repeat an earlier item.
    Only earlier items that are no repost are originals, so the items with a candidate are
    decided in table order (the closest original wins, the first of equals).
    """
    is_marked = marked.to_numpy(dtype=bool)
    score, passes = _candidates(items, is_marked)
    original = ~is_marked
    repost_of = np.full(len(items), "", dtype=object)
    ids = items["item_id"].to_numpy(dtype=object)
    for i in np.flatnonzero(passes.any(axis=1)):
        found = passes[i] & original  # originals before i are final by now
        if found.any():
            repost_of[i] = ids[np.argmax(np.where(found, score[i], -1.0))]
            original[i] = False
    return items.assign(is_repost=~original, repost_of=repost_of)


def counted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of `frame` that count: those not of a repost (`frame` holds `is_repost`, as
    `items`, `item_measures` and `year_links` do). An item listed twice counts once."""
    return frame[~frame["is_repost"]]


def counted_keys(items: pd.DataFrame) -> pd.DataFrame:
    """fiscal_year, item_id of the items that count, to merge with a table of items."""
    return counted(items).loc[:, list(ITEM_KEYS)]

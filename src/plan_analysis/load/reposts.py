"""Re-listed items: marked (再掲), or the same item again with a slightly changed name.

They must not be double-counted in workload figures, so each gets `is_repost` and
`repost_of` (the item_id of the earlier original). Thresholds live in `config`.
`counted` is the one rule every count applies: reposts out.
"""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from ..config import (
    REPOST_CONTENT_SIMILARITY,
    REPOST_MARKED_NAME_SIMILARITY,
    REPOST_NAME_SIMILARITY,
)
from ..schema import ITEM_KEYS


def _best_original(
    items: pd.DataFrame, pos: int, originals: list[int], name_cutoff: float, content_cutoff: float
) -> str:
    """item_id of the most similar earlier original of item `pos`, or '' if none passes."""
    name = items["name"].iat[pos]
    content = items["content"].iat[pos]
    best, best_score = "", 0.0
    for j in originals:
        score = fuzz.ratio(name, items["name"].iat[j])
        if score < name_cutoff or score <= best_score:
            continue
        if fuzz.ratio(content, items["content"].iat[j]) >= content_cutoff:
            best, best_score = items["item_id"].iat[j], score
    return best


def mark_reposts(items: pd.DataFrame, marked: pd.Series) -> pd.DataFrame:
    """Add `is_repost` and `repost_of` to one year's items (in table order).

    `marked` says which names carried (再掲). A marked item points at the closest earlier
    name; an unmarked one is a repost only if both name and 内容 nearly repeat an earlier item.
    """
    is_repost: list[bool] = []
    repost_of: list[str] = []
    originals: list[int] = []
    for pos in range(len(items)):
        if marked.iat[pos]:
            of = _best_original(items, pos, originals, REPOST_MARKED_NAME_SIMILARITY, 0.0)
        else:
            of = _best_original(
                items, pos, originals, REPOST_NAME_SIMILARITY, REPOST_CONTENT_SIMILARITY
            )
        repost = bool(marked.iat[pos]) or bool(of)
        is_repost.append(repost)
        repost_of.append(of)
        if not repost:
            originals.append(pos)
    return items.assign(is_repost=is_repost, repost_of=repost_of)


def counted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of `frame` that count: those not of a repost (`frame` holds `is_repost`, as
    `items`, `item_measures` and `year_links` do). An item listed twice counts once."""
    return frame[~frame["is_repost"]]


def counted_keys(items: pd.DataFrame) -> pd.DataFrame:
    """fiscal_year, item_id of the items that count, to merge with a table of items."""
    return counted(items).loc[:, list(ITEM_KEYS)]

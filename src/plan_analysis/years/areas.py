"""Policy areas (施策) of two consecutive years, compared by title and by where items went.

Numbers are no identity: an area split into two renumbers every later area of its goal, and
a new area inserted does the same. Two areas are one when their folded titles are alike
(`AREA_TITLE_SIMILARITY`), or when most linked items of one went to the other
(`AREA_ITEM_SHARE` both ways); they are paired one-to-one (best overall assignment). An area
left over whose linked items mostly come from (go to) a paired area is a split (merge) of
it. The result is `area_links` and, per old area, the new areas that continue it — an item
that stays within those has not moved.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..config import AREA_ITEM_SHARE, AREA_PART_ITEMS, AREA_TITLE_SIMILARITY
from ..measures import area_key
from ..schema import TABLES
from .columns import Block, Columns, as_array, stack
from .keys import fold, similarities

_DTYPES: dict[str, str] = {c.name: c.dtype for c in TABLES["area_links"].columns}
#: The columns of `area_links`, in order.
AREA_LINK_COLUMNS: list[str] = list(_DTYPES)


def areas(sections: pd.DataFrame) -> Columns:
    """One row per area (a goal without areas stands as one area, its title the goal's):
    area key, goal_no, area_no, title and folded title, in table order."""
    titles = sections["area_title"].where(sections["area_no"].notna(), sections["goal_title"])
    return Columns(
        {
            "area": area_key(sections["goal_no"], sections["area_no"]).to_numpy(),
            "goal_no": sections["goal_no"].to_numpy(),
            "area_no": sections["area_no"].to_numpy(),
            "title": titles.to_numpy(),
            "title_key": as_array([fold(t) for t in titles.tolist()]),
        },
        "area",
    )


def _flows(a: Columns, b: Columns, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Linked items from each old area (rows) to each new area (columns)."""
    rows, cols = a.positions(pairs[0]), b.positions(pairs[1])
    known = (rows >= 0) & (cols >= 0)
    flows = np.zeros((len(a), len(b)))
    np.add.at(flows, (rows[known], cols[known]), 1)
    return flows


def _shares(flows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of each old area's linked items going to each new area, and of each new area's
    coming from each old area."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out_share = np.nan_to_num(flows / flows.sum(axis=1, keepdims=True))
        in_share = np.nan_to_num(flows / flows.sum(axis=0, keepdims=True))
    return out_share, in_share


def _one_to_one(
    titles: np.ndarray, out_share: np.ndarray, in_share: np.ndarray
) -> list[tuple[int, int]]:
    ok = (titles >= AREA_TITLE_SIMILARITY) | (
        (out_share >= AREA_ITEM_SHARE) & (in_share >= AREA_ITEM_SHARE)
    )
    score = np.where(ok, titles + (out_share + in_share) / 2, 0.0)
    if score.size == 0:
        return []
    from scipy.optimize import linear_sum_assignment  # deferred: 0.7 s, for two years on

    rows, cols = linear_sum_assignment(score, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if ok[i, j]]


def _parts(
    share: np.ndarray, flows: np.ndarray, paired: dict[int, int], free: Iterable[int]
) -> dict[int, list[int]]:
    """Paired whole → the left-over areas that are parts of it: a free area (column of
    `share` and `flows`) whose linked items mostly (AREA_ITEM_SHARE) belong to one paired
    area (row), AREA_PART_ITEMS of them at least."""
    out: dict[int, list[int]] = {}
    for j in free:
        if share[:, j].max(initial=0) >= AREA_ITEM_SHARE:
            whole = int(np.argmax(share[:, j]))
            if whole in paired and flows[whole, j] >= AREA_PART_ITEMS:
                out.setdefault(whole, []).append(j)
    return out


def link_areas(
    a: Columns, b: Columns, pairs: tuple[np.ndarray, np.ndarray]
) -> tuple[list[Block], dict[str, frozenset[str]]]:
    """`area_links` of two years' `areas` (blocks of rows for `area_links_frame`, without the
    fiscal-year columns) and, per old area key, the new area keys that continue it. `pairs`
    are the old and the new area keys of the linked items (reposts left out)."""
    flows = _flows(a, b, pairs)
    out_share, in_share = _shares(flows)
    titles = (
        process.cdist(a["title_key"], b["title_key"], scorer=fuzz.ratio, dtype=np.float64) / 100
        if len(a) and len(b)
        else np.zeros((len(a), len(b)))
    )
    one = _one_to_one(titles, out_share, in_share)
    paired_a = dict(one)
    paired_b = {j: i for i, j in one}
    free_b = [j for j in range(len(b)) if j not in paired_b]
    free_a = [i for i in range(len(a)) if i not in paired_a]
    splits = _parts(in_share, flows, paired_a, free_b)
    merges = _parts(out_share.T, flows.T, paired_b, free_a)
    links: list[tuple[int, int, str]] = []
    for i, j in one:
        if i in splits:
            kind = "split"
        elif j in merges:
            kind = "merged"
        elif a["title_key"][i] != b["title_key"][j]:
            kind = "renamed"
        else:
            kind = "same" if a["area"][i] == b["area"][j] else "renumbered"
        links.append((i, j, kind))
    links += [(i, j, "split") for i, parts in splits.items() for j in parts]
    links += [(i, j, "merged") for j, parts in merges.items() for i in parts]
    rows = np.array([i for i, _, _ in links], dtype=int)
    cols = np.array([j for _, j, _ in links], dtype=int)
    dropped = np.setdiff1d(np.arange(len(a)), rows)
    new = np.setdiff1d(np.arange(len(b)), cols)
    blocks = [
        _side("from", a, rows)
        | _side("to", b, cols)
        | {
            "area_match": as_array([kind for _, _, kind in links]),
            "title_similarity": np.array(similarities(a["title_key"][rows], b["title_key"][cols])),
            "n_items": flows[rows, cols].astype(int),
        },
        _side("from", a, dropped) | _unpaired("dropped", len(dropped)),
        _side("to", b, new) | _unpaired("new", len(new)),
    ]
    successors: dict[str, set[str]] = {}
    for i, j in zip(rows, cols, strict=True):
        successors.setdefault(a["area"][i], set()).add(b["area"][j])
    return blocks, {k: frozenset(v) for k, v in successors.items()}


def _side(end: str, areas: Columns, rows: np.ndarray) -> Block:
    """The goal, area and title of the areas at `rows`, as one side (`end`: from, to) of
    area links."""
    return {
        f"goal_no_{end}": areas["goal_no"][rows],
        f"area_no_{end}": areas["area_no"][rows],
        f"area_title_{end}": areas["title"][rows],
    }


def _unpaired(match: str, n: int) -> Block:
    """The match and item count of `n` new or dropped areas (their other side is empty)."""
    return {"area_match": np.full(n, match, dtype=object), "n_items": np.zeros(n, dtype=int)}


def empty_area_links() -> pd.DataFrame:
    """An `area_links` table without rows."""
    return pd.DataFrame(columns=AREA_LINK_COLUMNS).astype(_DTYPES)


def area_links_frame(blocks: list[Block]) -> pd.DataFrame:
    """`area_links` from the blocks of rows of every pair of years, in order, with the
    declared dtypes."""
    if not blocks:
        return empty_area_links()
    df = stack(blocks, AREA_LINK_COLUMNS)
    keys = ["fiscal_year_from", "goal_no_from", "area_no_from", "goal_no_to", "area_no_to"]
    df = df.sort_values(keys, na_position="last", kind="stable")
    return df.astype(_DTYPES).reset_index(drop=True)

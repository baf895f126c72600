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
from scipy.optimize import linear_sum_assignment

from ..config import AREA_ITEM_SHARE, AREA_PART_ITEMS, AREA_TITLE_SIMILARITY
from ..measures import area_key
from ..schema import TABLES
from .keys import fold, similarity

_DTYPES: dict[str, str] = {c.name: c.dtype for c in TABLES["area_links"].columns}
#: The columns of `area_links`, in order.
AREA_LINK_COLUMNS: list[str] = list(_DTYPES)


def areas(sections: pd.DataFrame) -> pd.DataFrame:
    """One row per area of one year (a goal without areas stands as one area, its title the
    goal's): area key, goal_no, area_no, title and folded title, in table order."""
    titles = sections["area_title"].where(sections["area_no"].notna(), sections["goal_title"])
    out = pd.DataFrame(
        {
            "area": area_key(sections["goal_no"], sections["area_no"]).to_numpy(),
            "goal_no": sections["goal_no"].to_numpy(),
            "area_no": sections["area_no"].to_numpy(),
            "title": titles.to_numpy(),
        }
    )
    return out.assign(title_key=out["title"].map(fold)).reset_index(drop=True)


def _flows(a: pd.DataFrame, b: pd.DataFrame, pairs: Iterable[tuple[str, str]]) -> np.ndarray:
    """Linked items from each old area (rows) to each new area (columns)."""
    row = {k: i for i, k in enumerate(a["area"])}
    col = {k: j for j, k in enumerate(b["area"])}
    flows = np.zeros((len(a), len(b)))
    for area_a, area_b in pairs:
        if area_a in row and area_b in col:
            flows[row[area_a], col[area_b]] += 1
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
    sections_a: pd.DataFrame, sections_b: pd.DataFrame, pairs: Iterable[tuple[str, str]]
) -> tuple[pd.DataFrame, dict[str, frozenset[str]]]:
    """`area_links` rows of two years (without the fiscal-year columns) and, per old area
    key, the new area keys that continue it. `pairs` are the (old area, new area) of the
    linked items (reposts left out)."""
    a, b = areas(sections_a), areas(sections_b)
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
    links: list[tuple[int | None, int | None, str]] = []
    for i, j in one:
        if i in splits:
            kind = "split"
        elif j in merges:
            kind = "merged"
        elif a["title_key"].iat[i] != b["title_key"].iat[j]:
            kind = "renamed"
        else:
            kind = "same" if a["area"].iat[i] == b["area"].iat[j] else "renumbered"
        links.append((i, j, kind))
    links += [(i, j, "split") for i, parts in splits.items() for j in parts]
    links += [(i, j, "merged") for j, parts in merges.items() for i in parts]
    linked_a = {i for i, _, _ in links}
    linked_b = {j for _, j, _ in links}
    links += [(i, None, "dropped") for i in range(len(a)) if i not in linked_a]
    links += [(None, j, "new") for j in range(len(b)) if j not in linked_b]
    rows = [_row(a, b, i, j, kind, flows) for i, j, kind in links]
    successors: dict[str, set[str]] = {}
    for i, j, _ in links:
        if i is not None and j is not None:
            successors.setdefault(a["area"].iat[i], set()).add(b["area"].iat[j])
    return pd.DataFrame(rows), {k: frozenset(v) for k, v in successors.items()}


def _row(
    a: pd.DataFrame,
    b: pd.DataFrame,
    i: int | None,
    j: int | None,
    kind: str,
    flows: np.ndarray,
) -> dict:
    """One `area_links` row; the side of a new or dropped area is empty."""
    row: dict = {"area_match": kind}
    for side, df, k in (("from", a, i), ("to", b, j)):
        row[f"goal_no_{side}"] = None if k is None else df["goal_no"].iat[k]
        row[f"area_no_{side}"] = None if k is None else df["area_no"].iat[k]
        row[f"area_title_{side}"] = None if k is None else df["title"].iat[k]
    both = i is not None and j is not None
    row["title_similarity"] = (
        similarity(a["title_key"].iat[i], b["title_key"].iat[j]) if both else None
    )
    row["n_items"] = int(flows[i, j]) if both else 0
    return row


def empty_area_links() -> pd.DataFrame:
    """An `area_links` table without rows."""
    return pd.DataFrame(columns=AREA_LINK_COLUMNS).astype(_DTYPES)


def area_links_frame(rows: list[dict]) -> pd.DataFrame:
    """`area_links` from the rows of every pair of years, in order, with the declared dtypes."""
    if not rows:
        return empty_area_links()
    df = pd.DataFrame(rows, columns=AREA_LINK_COLUMNS)
    keys = ["fiscal_year_from", "goal_no_from", "area_no_from", "goal_no_to", "area_no_to"]
    df = df.sort_values(keys, na_position="last", kind="stable")
    return df.astype(_DTYPES).reset_index(drop=True)

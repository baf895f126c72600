"""Lineage: one identity for an item across all loaded years.

A lineage is named by the item_id of the year the item first appeared. It follows every
link (same, renamed, moved, split, merged): both successors of a split continue the
lineage, and a merged item continues the lineages of all its predecessors — so an item
may belong to several lineages (`item_lineage` has one row per item × lineage). In
`year_links` each row carries one lineage, that of its older item (the oldest of them for
an item that continues several), or the new item's own id.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..schema import ITEM_KEYS


def _ends(links: pd.DataFrame) -> Iterator[tuple[object, object]]:
    """(item_id_from, item_id_to) of each link as plain Python values (a missing side: NaN
    or None)."""
    return zip(links["item_id_from"].tolist(), links["item_id_to"].tolist(), strict=True)


def _lineages(links: pd.DataFrame) -> dict[str, frozenset[str]]:
    """item_id → the lineages it continues, for every item in `links` (in year order)."""
    lineage: dict[str, set[str]] = {}
    for frm, to in _ends(links):
        if isinstance(to, str):
            inherited = lineage.get(frm, {frm}) if isinstance(frm, str) else {to}
            lineage.setdefault(to, set()).update(inherited)
    return {k: frozenset(v) for k, v in lineage.items()}


def with_lineage(links: pd.DataFrame) -> pd.Series:
    """lineage_id per link: the oldest lineage of item_id_from (its own id in the first
    year), or item_id_to for a new item. `links` must be in fiscal-year order."""
    lineage = _lineages(links)
    out = [min(lineage.get(frm, {frm})) if isinstance(frm, str) else to for frm, to in _ends(links)]
    return pd.Series(out, index=links.index, dtype="str")


def item_lineage(items: pd.DataFrame, year_links: pd.DataFrame) -> pd.DataFrame:
    """fiscal_year, item_id, lineage_id: every lineage of every item (an item never linked
    back is its own lineage)."""
    ordered = year_links.sort_values(["fiscal_year_from", "item_id_from"], kind="stable")
    lineage = _lineages(ordered)
    rows = [
        (year, item, line)
        for year, item in zip(items["fiscal_year"].tolist(), items["item_id"].tolist(), strict=True)
        for line in sorted(lineage.get(item, {item}))
    ]
    out = pd.DataFrame(rows, columns=[*ITEM_KEYS, "lineage_id"])
    return out.astype({"fiscal_year": "int64", "item_id": "str", "lineage_id": "str"})


def lineage_history(
    item_lineage: pd.DataFrame, items: pd.DataFrame, year_links: pd.DataFrame
) -> pd.DataFrame:
    """One row per lineage × fiscal year: the item(s) of that year in the lineage, their
    name, and how they came from the year before (the match of their link, `new` for an item
    new that year; empty in the first loaded year). For notebooks: each item's history."""
    arrived = year_links.dropna(subset=["item_id_to"])[["fiscal_year_to", "item_id_to", "match"]]
    arrived = (
        arrived.groupby(["fiscal_year_to", "item_id_to"], as_index=False)["match"]
        .agg(lambda m: "・".join(sorted(set(m))))
        .set_axis([*ITEM_KEYS, "match"], axis=1)
    )
    out = item_lineage.merge(items[[*ITEM_KEYS, "name"]], on=list(ITEM_KEYS), validate="m:1")
    out = out.merge(arrived, on=list(ITEM_KEYS), how="left", validate="m:1")
    return out.sort_values(["lineage_id", "fiscal_year", "item_id"], kind="stable").reset_index(
        drop=True
    )

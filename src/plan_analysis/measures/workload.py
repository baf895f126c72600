"""Workload: how plan items and text are spread across sections (課) and divisions (部).

Reposts are excluded everywhere, so an item listed twice counts once. An item counts once
for each listed owner (`n_items`) and fractionally, 1/n for each of its n owners
(`n_items_fractional`, which sums to the number of items). A division-level owner such as
福祉部内各課 stays a row of its own with `owner_level` = division: it is not spread over
sections the table does not name.
"""

from __future__ import annotations

import itertools

import pandas as pd

from ..load import counted, counted_keys
from ..schema import ITEM_KEYS

#: Text of a paragraph without a `(…課)` tag in an item with several owners.
UNATTRIBUTED = "(所管未特定)"


def _owners(items: pd.DataFrame, item_departments: pd.DataFrame) -> pd.DataFrame:
    """Listed owners of the non-repost items, with each owner's share of the item."""
    keep = counted(items)[["fiscal_year", "item_id", "goal_no"]]
    owners = item_departments.merge(keep, on=list(ITEM_KEYS), validate="m:1")
    owners["share"] = 1 / owners.groupby(list(ITEM_KEYS))["department"].transform("size")
    return owners


def items_per_department(items: pd.DataFrame, item_departments: pd.DataFrame) -> pd.DataFrame:
    """Items per listed owner and fiscal year: whole and fractional counts, sorted by count."""
    owners = _owners(items, item_departments)
    out = (
        owners.groupby(["fiscal_year", "department", "division", "owner_level"], as_index=False)
        .agg(n_items=("item_id", "nunique"), n_items_fractional=("share", "sum"))
        .sort_values(["fiscal_year", "n_items", "department"], ascending=[True, False, True])
    )
    return out.reset_index(drop=True)


def items_per_division(items: pd.DataFrame, item_departments: pd.DataFrame) -> pd.DataFrame:
    """Items per division (部): an item counts once per division however many of its sections."""
    owners = _owners(items, item_departments)
    owners["division"] = owners["division"].replace("", "(部未登録)")
    out = (
        owners.groupby(["fiscal_year", "division"], as_index=False)
        .agg(n_items=("item_id", "nunique"), n_items_fractional=("share", "sum"))
        .sort_values(["fiscal_year", "n_items", "division"], ascending=[True, False, True])
    )
    return out.reset_index(drop=True)


def attribute_segments(
    items: pd.DataFrame, item_departments: pd.DataFrame, segments: pd.DataFrame
) -> pd.DataFrame:
    """Segments of non-repost items with the owner whose text each one is.

    The paragraph's `(…)` tag if it has one; else the item's single listed owner; else
    UNATTRIBUTED (untagged text of a shared item belongs to no one owner).
    """
    segs = segments.merge(counted_keys(items), on=list(ITEM_KEYS), validate="m:1")
    single = (
        item_departments.groupby(list(ITEM_KEYS))
        .filter(lambda g: len(g) == 1)[["fiscal_year", "item_id", "department", "division"]]
        .rename(columns={"department": "sole_owner", "division": "sole_division"})
    )
    segs = segs.merge(single, on=list(ITEM_KEYS), how="left", validate="m:1")
    tagged = segs["department"] != ""
    segs["owner"] = segs["department"].where(tagged, segs["sole_owner"]).fillna(UNATTRIBUTED)
    segs["owner_division"] = segs["division"].where(tagged, segs["sole_division"]).fillna("")
    segs["attributed_by"] = "tag"
    segs.loc[~tagged, "attributed_by"] = (
        segs.loc[~tagged, "sole_owner"].notna().map({True: "sole_owner", False: "none"})
    )
    segs["n_chars"] = segs["text"].str.len()
    return segs.drop(columns=["sole_owner", "sole_division"])


def text_volume(
    items: pd.DataFrame, item_departments: pd.DataFrame, segments: pd.DataFrame
) -> pd.DataFrame:
    """Characters and paragraphs written per owner, column and fiscal year."""
    segs = attribute_segments(items, item_departments, segments)
    out = segs.pivot_table(
        index=["fiscal_year", "owner", "owner_division"],
        columns="column",
        values="n_chars",
        aggfunc="sum",
        fill_value=0,
    )
    out.columns = [f"chars_{c}" for c in out.columns]
    out["chars_total"] = out.sum(axis=1)
    out["n_segments"] = segs.groupby(["fiscal_year", "owner", "owner_division"]).size()
    out = out.reset_index().sort_values(["fiscal_year", "chars_total"], ascending=[True, False])
    return out.reset_index(drop=True)


def co_ownership(items: pd.DataFrame, item_departments: pd.DataFrame) -> pd.DataFrame:
    """Pairs of owners listed together on an item: how many items they share."""
    owners = _owners(items, item_departments)
    pairs = [
        (year, a, b, item_id)
        for (year, item_id), group in owners.groupby(list(ITEM_KEYS))
        for a, b in itertools.combinations(sorted(group["department"]), 2)
    ]
    df = pd.DataFrame(pairs, columns=["fiscal_year", "department_a", "department_b", "item_id"])
    out = df.groupby(["fiscal_year", "department_a", "department_b"], as_index=False).agg(
        n_items=("item_id", "nunique")
    )
    return out.sort_values(
        ["fiscal_year", "n_items", "department_a", "department_b"],
        ascending=[True, False, True, True],
    ).reset_index(drop=True)


def department_goal_counts(items: pd.DataFrame, item_departments: pd.DataFrame) -> pd.DataFrame:
    """Items per fiscal year × owner × goal (基本目標), long form, zeros included."""
    owners = _owners(items, item_departments)
    counts = owners.groupby(["fiscal_year", "department", "goal_no"]).size()
    grid = pd.MultiIndex.from_frame(
        owners[["fiscal_year", "department"]]
        .drop_duplicates()
        .merge(
            items[["fiscal_year", "goal_no"]].drop_duplicates(), on="fiscal_year", validate="m:m"
        )
    )
    out = counts.reindex(grid, fill_value=0).rename("n_items").reset_index()
    return out.sort_values(["fiscal_year", "department", "goal_no"]).reset_index(drop=True)


def department_goal_matrix(counts: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
    """Owner × goal matrix of one year from `department_goal_counts` (rows by total, desc)."""
    year = counts[counts["fiscal_year"] == fiscal_year]
    matrix = year.pivot(index="department", columns="goal_no", values="n_items")
    order = matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index
    matrix = matrix.loc[order]
    matrix.columns.name, matrix.index.name = "goal_no", "department"
    return matrix


def workload_frames(
    items: pd.DataFrame, owners: pd.DataFrame, segments: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The workload tables of every loaded year, by table name."""
    return {
        "workload_departments": items_per_department(items, owners),
        "workload_divisions": items_per_division(items, owners),
        "text_volume": text_volume(items, owners, segments),
        "co_ownership": co_ownership(items, owners),
        "department_goal": department_goal_counts(items, owners),
    }

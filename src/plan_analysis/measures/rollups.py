"""The measures counted per group: `measure_counts`, one long table for every measure of
`schema.MEASURES` and every grouping it names (goal, area, section, division)."""

from __future__ import annotations

import pandas as pd

from ..load import Tables, counted
from ..schema import ITEM_KEYS as _ITEM_KEYS
from ..schema import MEASURES
from .counts import tally

ITEM_KEYS = list(_ITEM_KEYS)

#: The table that maps items to each grouping (an item counts once in each of its owners'
#: groups for department and division).
GROUP_SOURCES: dict[str, str] = {
    "goal_no": "items",
    "area_no": "items",
    "department": "item_departments",
    "division": "item_departments",
}


def area_key(goal_no: pd.Series, area_no: pd.Series) -> pd.Series:
    """The `group` of an area in `measure_counts`: `1-3` for area 3 of goal 1 (area numbers
    restart under each goal)."""
    return goal_no.astype(str) + "-" + area_no.astype(str)


def measure_counts(
    measures: pd.DataFrame, groups: pd.DataFrame, by: str, column: str, categories: list[str]
) -> pd.DataFrame:
    """Items per fiscal year × group × category of `column`, with shares; reposts left out.

    `groups` maps items to the grouping (`items` for goal_no/area_no, `item_departments` for
    department/division — an item then counts once in each of its owners' groups).
    """
    keep = counted(measures)[[*ITEM_KEYS, column]]
    grouped = groups[[*ITEM_KEYS, by]].drop_duplicates().merge(keep, on=ITEM_KEYS, validate="m:1")
    out = tally(grouped, ["fiscal_year", by], column, categories, "n")
    out["n_items"] = out.groupby(["fiscal_year", by])["n"].transform("sum")
    return out


def roll_up_measures(measures: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Every measure counted per each of its groupings (long form)."""
    parts = []
    for measure in MEASURES.values():
        for by in measure.roll_ups:
            groups = getattr(tables, GROUP_SOURCES[by])
            if by == "area_no":
                groups = groups.assign(area_no=area_key(groups["goal_no"], groups["area_no"]))
            counts = measure_counts(measures, groups, by, measure.name, measure.count_order)
            parts.append(
                counts.rename(columns={by: "group", measure.name: "category"}).assign(
                    measure=measure.name, group_by=by, group=lambda d: d["group"].astype(str)
                )
            )
    cols = ["fiscal_year", "measure", "group_by", "group", "category", "n", "n_items", "share"]
    return pd.concat(parts, ignore_index=True)[cols]

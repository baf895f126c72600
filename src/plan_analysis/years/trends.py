"""Trends across fiscal years, ready for charts.

Each function returns a long table with one row per fiscal year (or pair of years) ×
category, every category present in every year with zeros filled in, so that lines and
stacked bars do not break when a category is missing in one year. Reposts are left out:
an item listed twice counts once. Owner names are mapped to the current names first
(`aliases`), so a renamed section is one line across the years.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..load import counted, counted_keys
from ..measures import items_per_department, items_per_division, tally
from ..measures.counts import complete
from ..schema import ITEM_KEYS, LINK_KEYS, MEASURES, code_order
from .aliases import apply_aliases


def owner_trend(
    items: pd.DataFrame,
    item_departments: pd.DataFrame,
    *,
    level: Literal["department", "division"] = "department",
    aliases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Items per section (`department`) or per division and fiscal year, current names.

    Counts as in `workload` (each listed owner once, and 1/n per owner); owners ordered by
    their total over all years, largest first.
    """
    owners = item_departments if aliases is None else apply_aliases(item_departments, aliases)
    count = items_per_department if level == "department" else items_per_division
    values = ["n_items", "n_items_fractional"]
    counts = count(items, owners).groupby(["fiscal_year", level], as_index=False)[values].sum()
    totals = counts.groupby(level)["n_items"].sum()
    order = sorted(totals.index, key=lambda name: (-totals[name], name))
    out = complete(counts, items[["fiscal_year"]], level, order)
    return out.astype({"n_items": "int64"})


def link_counts(year_links: pd.DataFrame) -> pd.DataFrame:
    """Links per match type (same, renamed, moved, new, dropped) and pair of years."""
    return tally(counted(year_links), list(LINK_KEYS), "match", code_order("match"), "n_links")


def measure_trend(
    item_measures: pd.DataFrame, column: str, items: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Items per category of a measure column (covid_effect, plan_type, …) and fiscal year,
    categories in the order of their code list; with `items`, reposts are left out."""
    measures = item_measures
    if items is not None:
        measures = measures.merge(counted_keys(items), on=list(ITEM_KEYS), validate="1:1")
    return tally(measures, ["fiscal_year"], column, code_order(column), "n_items")


def measure_trends(item_measures: pd.DataFrame, items: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The trend table of every measure of `schema.MEASURES`, by table name."""
    return {
        m.trend_table: measure_trend(item_measures, m.name, items=items) for m in MEASURES.values()
    }

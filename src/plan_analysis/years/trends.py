"""Trends across fiscal years, ready for charts.

Each function returns a long table with one row per fiscal year (or pair of years) ×
category, every category present in every year with zeros filled in, so that lines and
stacked bars do not break when a category is missing in one year. Reposts are left out:
an item listed twice counts once. Owners are counted under today's organisation
(`in_current_names`): a renamed section is one line across the years, and a moved section
counts in its current division in every year.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from ..load import counted, counted_keys
from ..load.reorganisations import Reorganisations
from ..measures import items_per_department, items_per_division, tally
from ..measures.counts import complete
from ..schema import ITEM_KEYS, LINK_KEYS, MEASURES, code_order


def in_current_names(
    item_departments: pd.DataFrame, reorganisations: Reorganisations, directory: pd.DataFrame
) -> pd.DataFrame:
    """A copy of `item_departments` with today's names: each section (or division named as
    owner) under the name it has after every later rename, and each section's division its
    current one: its last move, else the directory's division of its current name (else its
    year's division), renamed as the division was since. A section split since keeps its
    old name. Each distinct (name, level, division, year) is renamed once."""
    listed = dict(zip(directory["department"], directory["division"], strict=True))
    keys = ["department", "owner_level", "division", "fiscal_year"]
    distinct = item_departments[keys].drop_duplicates()
    years = distinct["fiscal_year"].astype(int)
    now = [
        reorganisations.current_name(n, y)
        for n, y in zip(distinct["department"], years, strict=True)
    ]
    division = [
        reorganisations.current_division(name)
        or reorganisations.current_name(
            (listed.get(name, "") if level == "section" else "") or written, year
        )
        for name, level, written, year in zip(
            now, distinct["owner_level"], distinct["division"], years, strict=True
        )
    ]
    renamed = distinct.assign(new_department=now, new_division=division)
    out = item_departments.merge(renamed, on=keys, how="left", validate="m:1")
    out = out.drop(columns=["department", "division"]).rename(
        columns={"new_department": "department", "new_division": "division"}
    )
    return out[item_departments.columns].set_axis(item_departments.index)


def owner_trend(
    items: pd.DataFrame,
    item_departments: pd.DataFrame,
    *,
    level: Literal["department", "division"] = "department",
    reorganisations: Reorganisations | None = None,
    directory: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Items per section (`department`) or per division and fiscal year, today's names.

    Counts as in `workload` (each listed owner once, and 1/n per owner); owners ordered by
    their total over all years, largest first. Without `reorganisations` the names are
    counted as written.
    """
    owners = item_departments
    if reorganisations is not None:
        empty = pd.DataFrame(columns=["department", "division"])
        owners = in_current_names(
            owners, reorganisations, empty if directory is None else directory
        )
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

"""Trends across fiscal years, ready for charts.

Each function returns a long table with one row per fiscal year (or pair of years) ×
category, every category present in every year with zeros filled in, so that lines and
stacked bars do not break when a category is missing in one year. Reposts are left out:
an item listed twice counts once. Owner names are mapped to the current names first
(`aliases`), so a renamed section is one line across the years.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import pandas as pd

from .aliases import apply_aliases
from .labels import VALUE_LABELS, YEAR_MATCH_LABELS
from .workload import items_per_department, items_per_division


def _categories(values: Iterable[object], known: Sequence[object] = ()) -> list[object]:
    """The known codes in their order, then any other observed value, sorted."""
    seen = set(pd.Series(list(values)).dropna())
    return [*known, *sorted(seen - set(known), key=str)]


def _complete(
    counts: pd.DataFrame, periods: pd.DataFrame, column: str, categories: Sequence[object]
) -> pd.DataFrame:
    """`counts` on the full grid periods × categories, missing counts as 0."""
    grid = periods.drop_duplicates().merge(pd.DataFrame({column: list(categories)}), how="cross")
    out = grid.merge(counts, on=[*periods.columns, column], how="left")
    values = [c for c in counts.columns if c not in grid.columns]
    out[values] = out[values].fillna(0)
    return out.sort_values(list(periods.columns), kind="stable").reset_index(drop=True)


def tally(
    frame: pd.DataFrame, keys: list[str], column: str, known: Sequence[object], count: str
) -> pd.DataFrame:
    """Counts and shares (0–1, within each period) of `column`'s values per period `keys`."""
    counts = frame.groupby([*keys, column]).size().rename(count).reset_index()
    out = _complete(counts, frame[keys], column, _categories(frame[column], known))
    out[count] = out[count].astype("int64")
    total = out.groupby(keys)[count].transform("sum")
    out["share"] = (out[count] / total.where(total > 0)).fillna(0.0).round(4)
    return out[[*keys, column, count, "share"]]


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
    out = _complete(counts, items[["fiscal_year"]], level, order)
    return out.astype({"n_items": "int64"})


def link_counts(year_links: pd.DataFrame) -> pd.DataFrame:
    """Links per match type (same, renamed, moved, new, dropped) and pair of years."""
    links = year_links[~year_links["is_repost"]]
    keys = ["fiscal_year_from", "fiscal_year_to"]
    return tally(links, keys, "match", list(YEAR_MATCH_LABELS), "n_links")


def measure_trend(
    item_measures: pd.DataFrame, column: str, *, items: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Items per category of a measure column (covid_effect, plan_type, …) and fiscal year.

    With `items`, reposts are left out. Missing values are not counted.
    """
    measures = item_measures
    if items is not None:
        kept = items.loc[~items["is_repost"], ["fiscal_year", "item_id"]]
        measures = measures.merge(kept, on=["fiscal_year", "item_id"], validate="1:1")
    known = list(VALUE_LABELS.get(column, {}))
    return tally(measures, ["fiscal_year"], column, known, "n_items")

"""Counting helpers shared by the measures and the between-years tables.

Every count is a long table with one row per period × category, every category present in
every period with zeros filled in, so that stacked bars and lines do not break when a
category is missing in one period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd


def categories(values: Iterable[object], known: Sequence[object] = ()) -> list[object]:
    """The known codes in their order, then any other observed value, sorted."""
    seen = set(pd.Series(list(values)).dropna())
    return [*known, *sorted(seen - set(known), key=str)]


def complete(
    counts: pd.DataFrame, periods: pd.DataFrame, column: str, codes: Sequence[object]
) -> pd.DataFrame:
    """`counts` on the full grid periods × codes, missing counts as 0."""
    grid = periods.drop_duplicates().merge(pd.DataFrame({column: list(codes)}), how="cross")
    out = grid.merge(counts, on=[*periods.columns, column], how="left", validate="1:1")
    values = [c for c in counts.columns if c not in grid.columns]
    out[values] = out[values].fillna(0)
    return out.sort_values(list(periods.columns), kind="stable").reset_index(drop=True)


def tally(
    frame: pd.DataFrame, keys: list[str], column: str, known: Sequence[object], count: str
) -> pd.DataFrame:
    """Counts and shares (0–1, within each period) of `column`'s values per period `keys`."""
    counts = frame.groupby([*keys, column]).size().rename(count).reset_index()
    out = complete(counts, frame[keys], column, categories(frame[column], known))
    out[count] = out[count].astype("int64")
    total = out.groupby(keys)[count].transform("sum")
    out["share"] = (out[count] / total.where(total > 0)).fillna(0.0).round(4)
    return out[[*keys, column, count, "share"]]

"""The summary workbook (`reports/summary.xlsx`) for the welfare council: what its sheets
hold — the key tables, one sheet each, behind a contents sheet (目次) naming the plan, the
fiscal years and the files loaded. How a sheet looks is `workbook`'s business; the sheet
names and what each holds are in `labels.SUMMARY_SHEET_TITLES`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..labels import LIST_SEPARATOR, SUMMARY_SHEET_TITLES, label
from ..load.extra_columns import extra_columns_in
from ..measures import items_with_measures
from ..outputs import write_atomic
from ..schema import MEASURES
from .style import fiscal_year_text
from .workbook import Sheet, workbook_bytes


def _measures_with_items(
    frames: Mapping[str, pd.DataFrame], measure_cols: list[str], item_cols: list[str], where=None
) -> pd.DataFrame:
    """Items' columns joined with chosen measure columns (rows filtered by `where`)."""
    measures = frames["item_measures"]
    if where is not None:
        measures = measures[where(measures)]
    return items_with_measures(frames["items"], measures, item_cols, measure_cols)


def _items_overview(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every item with its measures and the extra columns its table has (評価, 目標値 …)."""
    item_cols = ["goal_no", "area_no", "name", "owner_raw", "is_repost", "repost_of"]
    item_cols += extra_columns_in(frames["items"])
    return _measures_with_items(frames, [*MEASURES, "plan_past_similarity"], item_cols)


def _covid_items(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return _measures_with_items(
        frames,
        ["covid_effect", "covid_evidence"],
        ["name", "owner_raw"],
        where=lambda m: m["covid_effect"] != "none",
    )


def _plans(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    cols = ["plan_type", "plan_types_all", "plan_evidence", "plan_past_similarity"]
    return _measures_with_items(frames, cols, ["name"])


@dataclass(frozen=True)
class SummarySheet:
    """A sheet of summary.xlsx: its table built from the processed frames, and whether its
    counts get a 合計 row per fiscal year (tables whose rows add up: the workload tables)."""

    build: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]
    totals: bool = False


#: The sheets of summary.xlsx in order, by their key in `labels.SUMMARY_SHEET_TITLES`. The
#: counts of 集計 get no 合計: its rows mix measures and groupings, and each group's 事業数
#: is its total already; nor do 共同所管 (pairs of sections) and 読み込み状況 (files).
SUMMARY_SHEETS: dict[str, SummarySheet] = {
    "documents": SummarySheet(lambda f: f["documents"]),
    "items": SummarySheet(_items_overview),
    "covid_items": SummarySheet(_covid_items),
    "plans": SummarySheet(_plans),
    "measure_counts": SummarySheet(lambda f: f["measure_counts"]),
    "workload_departments": SummarySheet(lambda f: f["workload_departments"], totals=True),
    "workload_divisions": SummarySheet(lambda f: f["workload_divisions"], totals=True),
    "text_volume": SummarySheet(lambda f: f["text_volume"], totals=True),
    "co_ownership": SummarySheet(lambda f: f["co_ownership"]),
    "year_links": SummarySheet(lambda f: f["year_links"]),
    "area_links": SummarySheet(lambda f: f["area_links"]),
    "item_values": SummarySheet(lambda f: f["item_values"]),
}

#: The sheets left out when only one fiscal year is loaded (nothing to compare).
YEAR_SHEETS = ("year_links", "area_links")


def sheet_name(key: str) -> str:
    """The Japanese name of the summary sheet `key`."""
    return SUMMARY_SHEET_TITLES[key][0]


def summary_sheets(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of summary.xlsx by sheet name (the year comparisons only when there are
    two years, the typed extra columns only when a table has one)."""
    tables = {key: sheet.build(frames) for key, sheet in SUMMARY_SHEETS.items()}
    if tables["year_links"].empty:
        for key in YEAR_SHEETS:
            del tables[key]
    if tables["item_values"].empty:  # no typed extra column in the tables
        del tables["item_values"]
    return {sheet_name(key): table for key, table in tables.items()}


def fiscal_years_text(years: pd.Series) -> str:
    """The fiscal years loaded, era and Western year: 令和3年度（2021年度）、令和4年度（2022年度）."""
    return LIST_SEPARATOR.join(fiscal_year_text(year) for year in sorted(set(years.astype(int))))


def loaded_tables(documents: pd.DataFrame | None) -> list[tuple[str, str]]:
    """What 目次 says was loaded: the plan's title(s), the fiscal years, the source files."""
    if documents is None or documents.empty:
        return []
    return [
        (label("plan_title"), "\n".join(dict.fromkeys(documents["plan_title"]))),
        (label("fiscal_year"), fiscal_years_text(documents["fiscal_year"])),
        (label("source_file"), "\n".join(documents["source_file"])),
    ]


def _workbook_sheet(name: str, table: pd.DataFrame) -> Sheet:
    """The workbook sheet of a table: a summary sheet with its note and its 合計 rows, any
    other table with neither."""
    keys = {sheet_name(key): key for key in SUMMARY_SHEETS}
    if name not in keys:
        return Sheet(name, table)
    key = keys[name]
    return Sheet(name, table, SUMMARY_SHEET_TITLES[key][1], SUMMARY_SHEETS[key].totals)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """summary.xlsx: 目次, then one formatted sheet per table (sheet name → table)."""
    book = [_workbook_sheet(name, table) for name, table in sheets.items()]
    return workbook_bytes(book, about=loaded_tables(sheets.get(sheet_name("documents"))))


def write_summary_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write the Excel summary (sheet name → table) atomically."""
    data = xlsx_bytes(sheets)
    return write_atomic(path, lambda fh: fh.write(data))

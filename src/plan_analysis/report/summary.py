"""The summary workbook (`reports/summary.xlsx`): the key tables with Japanese headers, one
sheet each, written atomically and byte-identically on reruns."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..labels import to_display
from ..load.extra_columns import extra_columns_in
from ..measures import items_with_measures
from ..outputs import FORMULA_TRIGGERS, write_atomic
from ..schema import MEASURES

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: A fixed timestamp for workbook properties and zip entries, so reruns give identical files.
_EPOCH = (1980, 1, 1, 0, 0, 0)

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip (an .xlsx) with fixed entry timestamps and document dates (openpyxl
    stamps the save time into docProps/core.xml), in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def _text_as_text(ws: Worksheet) -> None:
    """Type every text cell of `ws` as text: openpyxl makes a cell whose text starts with
    `=` a formula (`<f>` in the sheet), so a name `=HYPERLINK(…)` from a table would run in
    Excel. Such a cell becomes a string again, and every text cell starting with one of the
    CSV's `FORMULA_TRIGGERS` (=, +, -, @, tab, CR) gets Excel's quote prefix, so that it
    stays text when edited in Excel too; the text itself is kept exactly."""
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table: Japanese headers, frozen header row, fitted widths;
    text from the tables is always text, never a formula (`_text_as_text`)."""
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            shown = to_display(df)
            shown.to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            _text_as_text(ws)
            ws.freeze_panes = "A2"
            for i, col in enumerate(shown.columns, start=1):
                longest = max([len(str(col))] + [len(str(v)) for v in shown[col].head(200)])
                ws.column_dimensions[get_column_letter(i)].width = min(60, 2 + 1.8 * longest)
    return _stable_zip(buf.getvalue())


def write_summary_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write the Excel summary (sheet name → table) atomically."""
    data = xlsx_bytes(sheets)
    return write_atomic(path, lambda fh: fh.write(data))


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


#: Sheets of summary.xlsx: Japanese sheet name → table builder over the processed frames.
SUMMARY_SHEETS: dict[str, Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]] = {
    "読み込み状況": lambda f: f["documents"],
    "事業一覧": _items_overview,
    "コロナの影響": _covid_items,
    "今後の予定": _plans,
    "集計": lambda f: f["measure_counts"],
    "所管課別事業数": lambda f: f["workload_departments"],
    "部別事業数": lambda f: f["workload_divisions"],
    "所管別文字数": lambda f: f["text_volume"],
    "共同所管": lambda f: f["co_ownership"],
    "年度比較": lambda f: f["year_links"],
    "施策の対応": lambda f: f["area_links"],
    "評価・数値の列": lambda f: f["item_values"],
}

#: The sheets left out when only one fiscal year is loaded (nothing to compare).
YEAR_SHEETS = ("年度比較", "施策の対応")


def summary_sheets(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of summary.xlsx (the year comparisons only when there are two years)."""
    sheets = {name: build(frames) for name, build in SUMMARY_SHEETS.items()}
    if sheets["年度比較"].empty:
        for name in YEAR_SHEETS:
            del sheets[name]
    if sheets["評価・数値の列"].empty:  # no typed extra column in the tables
        del sheets["評価・数値の列"]
    return sheets

"""Excel workbooks a person reads: tidy tables as formatted sheets behind a contents sheet.

Generic over any table (English column names and codes): `labels.to_readable` gives the
Japanese headers and labels; the number formats come from the columns' kinds
(`labels.number_kind`): shares in %, similarities with two decimals, fractional counts with
one. Headers are bold and frozen, every table has an autofilter, widths fit the text (a
full-width character counts as two) up to a cap beyond which text wraps, and a table of
counts may get a 合計 row per fiscal year. What the sheets hold is `summary`'s business.

Text from the tables is always text, never a formula (`_text_as_text`), and the same
tables give the same bytes on every run (`_stable_zip`).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..labels import (
    CONTENTS_COLUMNS,
    CONTENTS_SHEET,
    TOTAL_ROW,
    number_kind,
    to_readable,
)
from ..outputs import FORMULA_TRIGGERS

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Excel number formats by number kind; integers of no kind (years, numbers) stay General.
NUMBER_FORMATS: dict[str, str] = {
    "share": "0.0%",
    "similarity": "0.00",
    "fraction": "0.0",
    "count": "#,##0",
}
#: The same formats in Python, to measure how wide a formatted number is.
_NUMBER_TEXT: dict[str | None, str] = {
    "share": "{:.1%}",
    "similarity": "{:.2f}",
    "fraction": "{:.1f}",
    "count": "{:,.0f}",
    None: "{:.10g}",
}
#: The number kinds a 合計 row sums (never shares or similarities).
SUMMED_KINDS = ("count", "fraction")

#: Column widths in Excel's units (about one half-width character): text wraps beyond
#: MAX_WIDTH; a header wraps beyond its cap (narrow for numbers); PADDING is added.
MIN_WIDTH, MAX_WIDTH, PADDING = 6, 50, 2
HEADER_CAP_TEXT, HEADER_CAP_NUMBER = 20, 12
#: Height of one line of text in points (Excel's default row, 11 pt): a row of wrapped
#: text is made as high as its lines, since LibreOffice keeps the default height on opening.
LINE_HEIGHT = 15.0
WRAP_FILL = 0.95

#: A fixed timestamp for workbook properties and zip entries, so reruns give identical files.
_EPOCH = (1980, 1, 1, 0, 0, 0)

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, its tidy table (English columns and codes), what it holds (one
    sentence for the contents sheet) and whether a 合計 row per fiscal year goes under it."""

    name: str
    table: pd.DataFrame
    note: str = ""
    totals: bool = False


def text_width(text: str) -> int:
    """Width of `text`'s longest line in half-width characters: full-width, wide and
    ambiguous characters (漢字, カナ, ○, ①) count as two, as a Japanese font draws them."""
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
        for line in text.split("\n")
    )


def _is_number(values: pd.Series) -> bool:
    """A numeric column that is not boolean."""
    return pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values)


def _number_kind(column: str, values: pd.Series) -> str | None:
    """The number kind of a numeric column (None for text, booleans and plain numbers)."""
    return number_kind(column) if _is_number(values) else None


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """The 合計 rows of a table of counts: its count and fractional-count columns summed per
    fiscal year (one row if it has no year), 合計 in its first text column, other cells
    missing. Empty when the table has no such column or no row. Float noise is rounded off,
    so that fractional counts sum to the number of items exactly."""
    summed = [c for c in table.columns if _number_kind(c, table[c]) in SUMMED_KINDS]
    text = [c for c in table.columns if not _is_number(table[c])]
    if not summed or not text or table.empty:
        return table.iloc[:0]
    if "fiscal_year" in table.columns:
        out = table.groupby("fiscal_year", as_index=False)[summed].sum()
    else:
        out = table[summed].sum().to_frame().T
    fractional = [c for c in summed if pd.api.types.is_float_dtype(table[c].dtype)]
    out[fractional] = out[fractional].round(9)
    out[text[0]] = TOTAL_ROW
    return out.reindex(columns=table.columns)


def _cells(shown: pd.DataFrame) -> list[list[object]]:
    """The rows of a readable table as cell values: missing values as None (blank)."""
    values = shown.astype(object)
    return values.where(values.notna(), None).to_numpy().tolist()


def _width(header: str, values: pd.Series, kind: str | None, numeric: bool) -> float:
    """Column width fitting the widest value (numbers as formatted) and the header up to
    its cap, within MIN_WIDTH..MAX_WIDTH."""
    if numeric:
        template = _NUMBER_TEXT[kind]
        widths = values.dropna().map(lambda v: len(template.format(v)))
    else:
        widths = values.map(lambda v: text_width(v) if isinstance(v, str) else 0)
    widest = int(widths.max()) if len(widths) else 0
    cap = HEADER_CAP_NUMBER if numeric else HEADER_CAP_TEXT
    return min(MAX_WIDTH, max(MIN_WIDTH, widest, min(cap, text_width(header)))) + PADDING


def _lines(text: object, width: float) -> int:
    """How many lines `text` takes in a column `width` wide (one for a non-text). A line
    that wraps is counted as filling WRAP_FILL of the column (words and 禁則 break early)."""
    if not isinstance(text, str):
        return 1
    usable = max(1.0, width - PADDING)
    widths = [text_width(line) for line in text.split("\n")]
    return sum(1 if w <= usable else math.ceil(w / (usable * WRAP_FILL)) for w in widths)


def _row_lines(shown: pd.DataFrame, widths: Sequence[float | None]) -> pd.Series:
    """Lines each row of `shown` takes, its text wrapped in columns `widths` wide (None for
    a column that does not wrap)."""
    lines = [shown.iloc[:, i].map(lambda v, w=w: _lines(v, w)) for i, w in enumerate(widths) if w]
    return pd.concat(lines, axis=1).max(axis=1) if lines else pd.Series(1, index=shown.index)


def _fit_heights(ws: Worksheet, first_row: int, lines: Sequence[int]) -> None:
    """Make the rows from `first_row` on as high as their `lines` (one line: the default)."""
    for row, n in enumerate(lines, start=first_row):
        if n > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * n


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


def _write_rows(ws: Worksheet, rows: list[list[object]], first_row: int) -> None:
    """Cell values row by row from `first_row` on, from column A."""
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)


def _style_column(ws: Worksheet, column: int, rows: range, alignment, number_format: str):
    """Give the cells `rows` of `column` one alignment and number format: set on the first
    cell, its style copied to the others as openpyxl's own WorksheetCopy does (setting an
    alignment cell by cell hashes it every time: most of the time of a large workbook)."""
    if not rows:
        return
    top = ws.cell(rows.start, column)
    top.alignment, top.number_format = alignment, number_format
    cells = ws.iter_rows(
        min_row=rows.start + 1, max_row=rows.stop - 1, min_col=column, max_col=column
    )
    for (cell,) in cells:
        cell._style = copy(top._style)


def _write_table(ws: Worksheet, table: pd.DataFrame, first_row: int = 1, summed: bool = False):
    """Write `table` readable from `first_row` on: a bold wrapped header, the rows, then
    its 合計 rows if `summed` (bold, under a rule); numbers formatted by kind, text wrapped
    in fitted columns and rows, booleans centred. The autofilter and the frozen panes take
    the header and the rows, not the totals (sorting never moves a total); the header
    repeats on every printed page."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    shown = to_readable(table)
    total = to_readable(totals(table)) if summed else shown.iloc[:0]
    _write_rows(ws, [list(shown.columns), *_cells(shown), *_cells(total)], first_row)
    last = first_row + len(shown)
    body = range(first_row + 1, last + len(total) + 1)
    widths: list[float] = []
    wrapped: list[float | None] = []  # the widths of the columns whose text wraps
    for i, (column, values) in enumerate(table.items(), start=1):
        numeric, kind = _is_number(values), _number_kind(column, values)
        widths.append(_width(shown.columns[i - 1], shown.iloc[:, i - 1], kind, numeric))
        wrapped.append(None if numeric else widths[-1])
        ws.column_dimensions[get_column_letter(i)].width = widths[-1]
        head = ws.cell(first_row, i)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="center")
        align = Alignment(
            vertical="top",
            wrap_text=not numeric,
            horizontal="center" if pd.api.types.is_bool_dtype(values) else None,
        )
        _style_column(ws, i, body, align, NUMBER_FORMATS.get(kind or "", "General"))
    for row in ws.iter_rows(min_row=last + 1, max_row=body.stop - 1, max_col=len(widths)):
        for cell in row:
            cell.font, cell.border = Font(bold=True), Border(top=Side(style="thin"))
    header_lines = max(
        (_lines(h, w) for h, w in zip(shown.columns, widths, strict=True)), default=1
    )
    _fit_heights(ws, first_row, [header_lines, *_row_lines(shown, wrapped)])
    ws.auto_filter.ref = f"A{first_row}:{get_column_letter(len(widths))}{last}"
    ws.freeze_panes = f"A{first_row + 1}"
    ws.print_title_rows = f"{first_row}:{first_row}"


def _page_setup(ws: Worksheet) -> None:
    """Print on A4 landscape, one page wide."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _sheet_link(name: str) -> str:
    """The in-workbook address of a sheet's first cell (`'名前'!A1`, quotes doubled)."""
    return "'" + name.replace("'", "''") + "'!A1"


def _write_contents(ws: Worksheet, sheets: Sequence[Sheet], about: Sequence[tuple[str, str]]):
    """The contents sheet: `about` (what was loaded: key, value) on top, then a table of
    the sheets — each name a link to its sheet, what it holds, its number of rows."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    _write_rows(ws, [list(pair) for pair in about], 1)
    for key, value in ws.iter_rows(min_row=1, max_row=len(about), max_col=2):
        key.font, value.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    first_row = len(about) + 2 if about else 1
    listing = pd.DataFrame(
        [(s.name, s.note, len(s.table)) for s in sheets], columns=list(CONTENTS_COLUMNS)
    )
    _write_table(ws, listing, first_row)
    _fit_heights(ws, 1, [_lines(value, ws.column_dimensions["B"].width) for _, value in about])
    for (cell,) in ws.iter_rows(min_row=first_row + 1, max_row=first_row + len(sheets), max_col=1):
        cell.hyperlink = Hyperlink(ref="", location=_sheet_link(cell.value))
        cell.style = "Hyperlink"
        cell.alignment = Alignment(vertical="top")


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


def workbook_bytes(sheets: Sequence[Sheet], about: Sequence[tuple[str, str]] = ()) -> bytes:
    """A workbook: the contents sheet (目次: `about`, then the list of sheets), then one
    formatted sheet per table. Sheet names are cut to Excel's 31 characters."""
    from openpyxl import Workbook

    sheets = [Sheet(s.name[:31], s.table, s.note, s.totals) for s in sheets]
    wb = Workbook()
    contents = wb.active
    contents.title = CONTENTS_SHEET
    _write_contents(contents, sheets, about)
    for sheet in sheets:
        _write_table(wb.create_sheet(sheet.name), sheet.table, summed=sheet.totals)
    for ws in wb.worksheets:
        _text_as_text(ws)
        _page_setup(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())

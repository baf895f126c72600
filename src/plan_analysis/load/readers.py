"""Readers: a raw file (PDF-extracted text, CSV, .xlsx) → rows of cells with their position.

Readers only decode and split; they decide nothing about goals, areas or items (that is
`structure`). Every physical line or sheet row ends up in exactly one `RawRow` so that the
reconciliation can account for it. Raw files are opened read-only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import SUPPORTED_SUFFIXES
from ..errors import PlanAnalysisError
from .encoding import decode_bytes
from .headers import HeaderNames
from .markers import is_section_row

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class RawRow:
    """One logical row: its cells and the physical lines (or sheet rows) it came from."""

    line: int
    cells: tuple[str, ...]
    sheet: str | None = None
    extra_lines: list[int] = field(default_factory=list)

    @property
    def position(self) -> str:
        where = f"sheet {self.sheet!r}, row {self.line}" if self.sheet else f"line {self.line}"
        if self.extra_lines:
            where += f"–{self.extra_lines[-1]}"
        return where

    @property
    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class RawTable:
    """Everything read from one file, before interpretation."""

    path: Path
    source_format: str
    encoding: str | None
    sha256: str
    rows: list[RawRow]


def _trim(cells: list[str]) -> tuple[str, ...]:
    """Drop trailing empty cells (they hold no text)."""
    while cells and not cells[-1].strip():
        cells.pop()
    return tuple(cells)


def _header_width(rows: list[tuple[str, ...]], headers: HeaderNames) -> int | None:
    return next((len(r) for r in rows if headers.looks_like_header(r)), None)


def join_wrapped_lines(
    lines: list[tuple[str, ...]], width: int | None, headers: HeaderNames
) -> list[RawRow]:
    """Rejoin rows whose cell text ran onto the next physical line(s) of a PDF copy.

    A line with fewer cells than the header takes the following lines until it has as many
    (its last cell continues in the next line's first cell); a one-cell line right after a
    complete item row continues that row's last cell. Line numbers are 1-based.
    """
    rows: list[RawRow] = []
    pending: RawRow | None = None
    for number, cells in enumerate(lines, start=1):
        blank = not any(c.strip() for c in cells)
        structural = blank or headers.looks_like_header(cells) or is_section_row(cells)
        if pending is not None:
            if structural:
                rows.append(pending)
                pending = None
            else:
                pending.cells = (
                    *pending.cells[:-1],
                    pending.cells[-1] + "\n" + cells[0],
                    *cells[1:],
                )
                pending.extra_lines.append(number)
                if width is None or len(pending.cells) >= width:
                    rows.append(pending)
                    pending = None
                continue
        previous = rows[-1] if rows else None
        if (
            width is not None
            and not structural
            and len(cells) == 1
            and previous is not None
            and len(previous.cells) == width
            and not headers.looks_like_header(previous.cells)
        ):
            previous.cells = (*previous.cells[:-1], previous.cells[-1] + "\n" + cells[0])
            previous.extra_lines.append(number)
        elif width is not None and not structural and len(cells) < width:
            pending = RawRow(number, cells)
        else:
            rows.append(RawRow(number, cells))
    if pending is not None:
        rows.append(pending)
    return rows


def read_text(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """Tab-separated text copied out of a PDF (the seed's format)."""
    text, encoding = decode_bytes(data, path)
    lines = [_trim(line.split("\t")) for line in _LINE_BREAK.split(text)]
    if lines and lines[-1] == ():
        lines.pop()  # the empty string after a final line break is no line
    rows = join_wrapped_lines(lines, _header_width(lines, headers), headers)
    return RawTable(path, "text", encoding, _sha256(data), rows)


def _sniff_delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    first = next((ln for ln in _LINE_BREAK.split(text) if ln.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def read_csv(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """CSV (or TSV) as saved from Excel: quoted cells may hold line breaks."""
    text, encoding = decode_bytes(data, path)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text, path.suffix)
    )
    rows: list[RawRow] = []
    start = 1
    try:
        for record in reader:
            end = reader.line_num
            row = RawRow(start, _trim(list(record)))
            row.extra_lines = list(range(start + 1, end + 1))
            rows.append(row)
            start = end + 1
    except csv.Error as exc:
        raise PlanAnalysisError(
            f"malformed CSV: {exc}", file=path, position=f"line {start}"
        ) from exc
    return RawTable(path, "csv", encoding, _sha256(data), rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """An .xlsx workbook: every sheet holding a recognisable header row is read."""
    import openpyxl  # deferred: only needed for workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanAnalysisError(f"not a readable .xlsx workbook ({exc})", file=path) from exc
    rows: list[RawRow] = []
    for sheet in workbook.worksheets:
        sheet_rows = [
            RawRow(i, _trim([_cell_text(v) for v in values]), sheet=sheet.title)
            for i, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        if any(not r.is_blank for r in sheet_rows):
            rows.extend(sheet_rows)  # a sheet without a table still has every row accounted for
    if not any(headers.looks_like_header(r.cells) for r in rows):
        raise PlanAnalysisError(
            "no sheet holds a progress table (no header row naming 事業名/所管課/内容/…); "
            f"sheets: {workbook.sheetnames}",
            file=path,
        )
    return RawTable(path, "xlsx", None, _sha256(data), rows)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_READERS = {".txt": read_text, ".tsv": read_csv, ".csv": read_csv, ".xlsx": read_xlsx}


def read_raw(path: str | Path, headers: HeaderNames) -> RawTable:
    """Read one raw file into rows, choosing the reader by its ending (`headers` tell a
    header row, which sets the width of a text table and picks a workbook's sheets)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise PlanAnalysisError(
            f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
            + (
                " (a PDF: copy its text out, or save the table as .xlsx/.csv)"
                if suffix == ".pdf"
                else ""
            ),
            file=path,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanAnalysisError(f"cannot read the file ({exc.strerror})", file=path) from exc
    if not data.strip():
        raise PlanAnalysisError("the file is empty", file=path)
    return _READERS[suffix](path, data, headers)

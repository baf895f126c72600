"""Readers: a raw file (PDF-extracted text, CSV, .xlsx, PDF) → rows of cells with their position.

Readers only decode and split; they decide nothing about goals, areas or items (that is
`structure`). Every physical line or sheet row ends up in exactly one `RawRow` so that the
reconciliation can account for it. Raw files are opened read-only; only regular files are
read, and none beyond the size limits of `config` (an .xlsx is also checked for a zip bomb
before it is opened). What a reader changes — control characters removed, a formula kept as
its text, a hidden sheet skipped — is a warning in `RawTable.warnings`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..config import (
    MAX_PDF_BYTES,
    MAX_TEXT_BYTES,
    MAX_XLSX_BYTES,
    MAX_XLSX_MEMBER,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
    SUPPORTED_SUFFIXES,
    XLSX_RATIO_FROM,
)
from ..errors import PlanAnalysisError, quoted, warning_text
from .cell_text import cell_text
from .encoding import decode_bytes
from .headers import HeaderNames
from .markers import (
    ends_cell,
    is_section_row,
    looks_like_owner,
    looks_like_title,
    offset_section_cell,
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: Control characters removed from cells: C0 except tab, LF and CR (line breaks), DEL and C1.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class RawRow:
    """One logical row: its cells and the physical lines (or sheet rows) it came from.

    A PDF's row has its `page` (1-based), its row number on that page as `line`, and as
    `sheet` the page's label (`p.3`; zero-padded to the widest page number, `p.03`, so that
    sorting by sheet keeps the pages in order)."""

    line: int
    cells: tuple[str, ...]
    sheet: str | None = None
    extra_lines: list[int] = field(default_factory=list)
    page: int | None = None

    @property
    def position(self) -> str:
        if self.page is not None:
            return f"page {self.page}, row {self.line}"
        where = (
            f"sheet {quoted(self.sheet, 40)!r}, row {self.line}"
            if self.sheet
            else f"line {self.line}"
        )
        if self.extra_lines:
            where += f"–{self.extra_lines[-1]}"
        return where

    @property
    def is_blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


@dataclass
class RawTable:
    """Everything read from one file, before interpretation, and what reading changed."""

    path: Path
    source_format: str
    encoding: str | None
    sha256: str
    rows: list[RawRow]
    warnings: list[str] = field(default_factory=list)


def _trim(cells: list[str]) -> tuple[str, ...]:
    """Drop trailing empty cells (they hold no text)."""
    while cells and not cells[-1].strip():
        cells.pop()
    return tuple(cells)


def _without_controls(
    cells: list[str], path: Path, position: str, warnings: list[str]
) -> list[str]:
    """`cells` without control characters; each row that had one gives a warning naming
    the characters and their cells, and quoting the text that is kept."""
    found = [
        (i, sorted(set(CONTROL_CHARACTERS.findall(c))))
        for i, c in enumerate(cells, start=1)
        if CONTROL_CHARACTERS.search(c)
    ]
    if not found:
        return cells
    cleaned = [CONTROL_CHARACTERS.sub("", c) for c in cells]
    listed = ", ".join(
        f"{' '.join(f'U+{ord(ch):04X}' for ch in chars)} (cell {i})" for i, chars in found
    )
    kept = " | ".join(c for c in cleaned if c.strip())
    warnings.append(
        warning_text(
            f"control character(s) removed: {listed}; the text is kept: {quoted(kept)!r}",
            file=path,
            position=position,
        )
    )
    return cleaned


def _header_width(rows: list[tuple[str, ...]], headers: HeaderNames) -> int | None:
    return next((len(r) for r in rows if headers.looks_like_header(r)), None)


def _structural(cells: tuple[str, ...], headers: HeaderNames) -> bool:
    """A line that is a row of its own and never wraps: blank, a header, a goal/area row (also
    in `<p>…</p>`, or with its marker alone in a later cell), or a title line."""
    return (
        not any(c.strip() for c in cells)
        or headers.looks_like_header(cells)
        or is_section_row(cells)
        or offset_section_cell(cells) is not None
        or looks_like_title(cells)
    )


def _starts_a_row(cells: tuple[str, ...], width: int, headers: HeaderNames) -> bool:
    """A line that is never text wrapped from the line above: a structural line, a line with
    as many cells as the header, or one with an owner name (…課, …部) in its second cell."""
    return (
        _structural(cells, headers)
        or len(cells) >= width
        or (len(cells) > 1 and looks_like_owner(cells[1]))
    )


def _continues_last_cell(
    cells: tuple[str, ...],
    number: int,
    previous: RawRow | None,
    width: int,
    headers: HeaderNames,
) -> bool:
    """A one-cell line continuing the last cell of the complete (non-header) row on the line
    just above: only when that cell stops mid-sentence (no 。/./!/? and no closing bracket
    such as a (…課) tag at its end) — after a complete cell, a one-cell line is a row of its
    own."""
    return (
        len(cells) == 1
        and previous is not None
        and (previous.extra_lines or [previous.line])[-1] == number - 1
        and len(previous.cells) == width
        and not headers.looks_like_header(previous.cells)
        and not ends_cell(previous.cells[-1])
    )


def join_wrapped_lines(
    lines: list[tuple[str, ...]], width: int | None, headers: HeaderNames
) -> list[RawRow]:
    """Rejoin rows whose cell text ran onto the next physical line(s) of a PDF copy.

    A line with fewer cells than the header takes the following lines until it has as many
    (its last cell continues in the next line's first cell); a one-cell line right after a
    complete row continues that row's last cell when that cell stops mid-sentence. A line
    that starts a row of its own (`_starts_a_row`: blank, header, goal/area — also in
    `<p>…</p>` —, title, as many cells as the header, an owner in its second cell) is never
    joined: the short row above it stays a row of its own, and `structure` warns about it (an
    item with missing cells, or a name-only line not understood). So a name-only item line
    is never glued onto the item above. Line numbers are 1-based.
    """
    if width is None:  # no header: nothing to measure a row against, nothing is joined
        return [RawRow(number, cells) for number, cells in enumerate(lines, start=1)]
    rows: list[RawRow] = []
    pending: RawRow | None = None
    for number, cells in enumerate(lines, start=1):
        own = _starts_a_row(cells, width, headers)
        if pending is not None:
            if own:
                rows.append(pending)
                pending = None
            else:
                pending.cells = (
                    *pending.cells[:-1],
                    pending.cells[-1] + "\n" + cells[0],
                    *cells[1:],
                )
                pending.extra_lines.append(number)
                if len(pending.cells) >= width:
                    rows.append(pending)
                    pending = None
                continue
        previous = rows[-1] if rows else None
        if not own and _continues_last_cell(cells, number, previous, width, headers):
            assert previous is not None
            previous.cells = (*previous.cells[:-1], previous.cells[-1] + "\n" + cells[0])
            previous.extra_lines.append(number)
        elif len(cells) < width and not _structural(cells, headers):
            pending = RawRow(number, cells)
        else:
            rows.append(RawRow(number, cells))
    if pending is not None:
        rows.append(pending)
    return rows


def read_text(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """Tab-separated text copied out of a PDF (the seed's format)."""
    text, encoding = decode_bytes(data, path)
    warnings: list[str] = []
    lines = [
        _trim(_without_controls(line.split("\t"), path, f"line {n}", warnings))
        for n, line in enumerate(_LINE_BREAK.split(text), start=1)
    ]
    if lines and lines[-1] == ():
        lines.pop()  # the empty string after a final line break is no line
    rows = join_wrapped_lines(lines, _header_width(lines, headers), headers)
    return RawTable(path, "text", encoding, _sha256(data), rows, warnings)


def _sniff_delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    first = next((ln for ln in _LINE_BREAK.split(text) if ln.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


#: What the csv module's complaints mean for a file saved from Excel.
_CSV_HINTS = {
    "unexpected end of data": 'a quoted cell opened here is never closed (an unmatched ")',
    "expected after": 'a quote inside a quoted cell is not doubled ("")',
}


def read_csv(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """CSV (or TSV) as saved from Excel: quoted cells may hold line breaks. Read strictly:
    an unclosed quote is an error, not the rest of the file swallowed into one cell."""
    text, encoding = decode_bytes(data, path)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text, path.suffix), strict=True
    )
    rows: list[RawRow] = []
    warnings: list[str] = []
    start = 1
    limit = csv.field_size_limit(max(MAX_TEXT_BYTES, len(text)))  # a long cell is no error
    try:
        for record in reader:
            end = reader.line_num
            row = RawRow(start, ())
            row.extra_lines = list(range(start + 1, end + 1))
            row.cells = _trim(_without_controls(list(record), path, row.position, warnings))
            rows.append(row)
            start = end + 1
    except csv.Error as exc:
        hint = next((h for key, h in _CSV_HINTS.items() if key in str(exc)), None)
        raise PlanAnalysisError(
            f"malformed CSV: {exc}" + (f": {hint}" if hint else ""),
            file=path,
            position=f"line {start}",
        ) from exc
    finally:
        csv.field_size_limit(limit)
    return RawTable(path, "csv", encoding, _sha256(data), rows, warnings)


# --- .xlsx -------------------------------------------------------------------------------

#: What a damaged workbook raises inside zipfile / zlib / the XML parser / openpyxl.
_CORRUPT: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    OSError,
    ValueError,  # also defusedxml's refusal of entity declarations
    EOFError,
    TypeError,
    IndexError,
    AttributeError,
)


def _unreadable(path: Path, exc: BaseException) -> PlanAnalysisError:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return PlanAnalysisError(f"not a readable .xlsx workbook ({quoted(detail)})", file=path)


_MB = 1024 * 1024

#: A formula element in a sheet's XML (`<f>`, `<f t="shared" …/>`, `<x:f>`).
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _check_zip(path: Path, data: bytes) -> bool:
    """Refuse a zip bomb before anything is decompressed: too many members, a member or
    the whole too large, or a large member compressed too well. True if a sheet holds a
    formula (then the workbook is read a second time for the formulas' text)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _CORRUPT as exc:
        raise _unreadable(path, exc) from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise PlanAnalysisError(
            f"the workbook has {len(members)} parts, more than the {MAX_XLSX_MEMBERS} "
            "a workbook may have (MAX_XLSX_MEMBERS in config.py): not read",
            file=path,
        )
    total = 0
    for member in members:
        name = quoted(member.filename, 80)
        size, packed = member.file_size, member.compress_size
        if size > MAX_XLSX_MEMBER:
            raise PlanAnalysisError(
                f"the workbook's part {name!r} unpacks to {size / _MB:.1f} MB, more than "
                f"the {MAX_XLSX_MEMBER // _MB} MB a part may have (MAX_XLSX_MEMBER in "
                "config.py): not read",
                file=path,
            )
        if size > XLSX_RATIO_FROM and size > MAX_XLSX_RATIO * max(packed, 1):
            raise PlanAnalysisError(
                f"the workbook's part {name!r} unpacks {size // max(packed, 1)} times its "
                f"packed size, more than the {MAX_XLSX_RATIO} times a real sheet does "
                "(MAX_XLSX_RATIO in config.py): a zip bomb, not read",
                file=path,
            )
        total += size
    if total > MAX_XLSX_UNCOMPRESSED:
        raise PlanAnalysisError(
            f"the workbook unpacks to {total / _MB:.1f} MB, more than the "
            f"{MAX_XLSX_UNCOMPRESSED // _MB} MB a workbook may have (MAX_XLSX_UNCOMPRESSED "
            "in config.py): not read",
            file=path,
        )
    try:
        return any(
            _FORMULA_ELEMENT.search(archive.read(m))
            for m in members
            if m.filename.startswith("xl/worksheets/")
        )
    except _CORRUPT as exc:
        raise _unreadable(path, exc) from exc


def _formula_text(value: object) -> str | None:
    """The text of a formula cell of a workbook read without data_only, else None."""
    text = getattr(value, "text", value)
    return text if isinstance(text, str) and text.startswith("=") else None


def _sheet_rows(sheet, formulas, path: Path, warnings: list[str]) -> list[RawRow]:
    """Every row of a sheet as text; a formula without a saved result keeps its formula."""
    rows: list[RawRow] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        texts: list[str] = []
        for cell in cells:
            text = cell_text(cell.value, getattr(cell, "number_format", None))
            if cell.value is None and formulas is not None and hasattr(cell, "column"):
                formula = _formula_text(formulas.cell(row=number, column=cell.column).value)
                if formula is not None:
                    text = formula
                    warnings.append(
                        warning_text(
                            f"cell {cell.coordinate} holds a formula without a saved result: "
                            f"the formula is kept as its text {quoted(formula)!r} (open the "
                            "file in Excel and save it again to keep the result)",
                            file=path,
                            position=f"sheet {quoted(sheet.title, 40)!r}, row {number}",
                        )
                    )
            texts.append(text)
        row = RawRow(number, (), sheet=sheet.title)
        row.cells = _trim(_without_controls(texts, path, row.position, warnings))
        rows.append(row)
    return rows


def read_xlsx(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """An .xlsx workbook: every visible sheet holding a recognisable header row is read."""
    import openpyxl  # deferred: only needed for workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    has_formulas = _check_zip(path, data)
    warnings: list[str] = []
    rows: list[RawRow] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = (
            openpyxl.load_workbook(io.BytesIO(data), data_only=False) if has_formulas else None
        )
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                filled = sum(
                    any(v is not None and str(v).strip() for v in values)
                    for values in sheet.iter_rows(values_only=True)
                )
                warnings.append(
                    warning_text(
                        f"sheet {quoted(sheet.title, 40)!r} is {sheet.sheet_state}: skipped, "
                        f"its {filled} row(s) with text are not loaded (unhide the sheet in "
                        "Excel to load it)",
                        file=path,
                    )
                )
                continue
            sheet_rows = _sheet_rows(
                sheet, formulas[sheet.title] if formulas is not None else None, path, warnings
            )
            if any(not r.is_blank for r in sheet_rows):
                rows.extend(sheet_rows)  # a sheet without a table still has every row accounted for
    except (InvalidFileException, *_CORRUPT) as exc:
        raise _unreadable(path, exc) from exc
    if not any(headers.looks_like_header(r.cells) for r in rows):
        raise PlanAnalysisError(
            "no sheet holds a progress table (no header row naming 事業名/所管課/内容/…); "
            f"sheets: {quoted(str(workbook.sheetnames))}",
            file=path,
        )
    return RawTable(path, "xlsx", None, _sha256(data), rows, warnings)


# --- .pdf --------------------------------------------------------------------------------


def read_pdf(path: Path, data: bytes, headers: HeaderNames) -> RawTable:
    """A PDF with a text layer (a table printed from Excel): rows of cells by page (load/pdf.py
    finds the cells); positions are "page N, row M"."""
    from .pdf import read_pdf_rows  # deferred: pdfplumber is only needed for PDFs

    found = read_pdf_rows(path, data, headers)
    warnings = list(found.warnings)
    width = len(str(found.pages))
    rows: list[RawRow] = []
    for pdf_row in found.rows:
        row = RawRow(pdf_row.row, (), sheet=f"p.{pdf_row.page:0{width}d}", page=pdf_row.page)
        row.cells = _trim(_without_controls(list(pdf_row.cells), path, row.position, warnings))
        rows.append(row)
    return RawTable(path, "pdf", None, _sha256(data), rows, warnings)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_READERS = {
    ".txt": read_text,
    ".tsv": read_csv,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".pdf": read_pdf,
}

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file(mode: int) -> str | None:
    """What a path of this st_mode is when it is not a regular file (None for a file)."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def _refuse_kind(path: Path, mode: int) -> None:
    what = not_a_file(mode)
    if what is not None:
        raise PlanAnalysisError(f"is {what}, not a regular file: only files are read", file=path)


#: The size limit of an ending, and its name in config.py (text and CSV: MAX_TEXT_BYTES).
_SIZE_LIMITS = {
    ".xlsx": ("MAX_XLSX_BYTES", MAX_XLSX_BYTES),
    ".pdf": ("MAX_PDF_BYTES", MAX_PDF_BYTES),
}


def size_limit(suffix: str) -> int:
    """The largest file (in bytes) read with this ending."""
    return _SIZE_LIMITS.get(suffix, ("", MAX_TEXT_BYTES))[1]


def _too_large(path: Path, size: int, limit: int) -> PlanAnalysisError:
    setting = _SIZE_LIMITS.get(path.suffix.lower(), ("MAX_TEXT_BYTES", 0))[0]
    return PlanAnalysisError(
        f"the file is {size / _MB:.1f} MB, more than the {limit // _MB} MB a table file may "
        f"have ({setting} in config.py): not read",
        file=path,
    )


def read_raw(path: str | Path, headers: HeaderNames) -> RawTable:
    """Read one raw file into rows, choosing the reader by its ending (`headers` tell a
    header row, which sets the width of a text table and picks a workbook's sheets).

    Only a regular file is read (a directory, FIFO or device is an error saying what it
    is), and only up to the size limit of its format, checked before reading."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise PlanAnalysisError(
            f"cannot read the file ({exc.strerror})", file=path, path_as_given=True
        ) from exc
    _refuse_kind(path, mode)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise PlanAnalysisError(
            f"unsupported file type {quoted(suffix, 20)!r}; supported: "
            f"{', '.join(SUPPORTED_SUFFIXES)}",
            file=path,
        )
    limit = size_limit(suffix)
    try:
        # O_NONBLOCK: should the path have become a FIFO since stat(), opening it must not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            status = os.fstat(file.fileno())
            _refuse_kind(path, status.st_mode)
            if status.st_size > limit:
                raise _too_large(path, status.st_size, limit)
            data = file.read(limit + 1)
    except OSError as exc:
        raise PlanAnalysisError(
            f"cannot read the file ({exc.strerror})", file=path, path_as_given=True
        ) from exc
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    if not data.strip():
        raise PlanAnalysisError("the file is empty", file=path)
    return _READERS[suffix](path, data, headers)

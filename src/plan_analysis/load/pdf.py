"""A progress table printed to PDF (usually from Excel) → rows of cells, page by page.

pdfplumber gives every character with its position and the ruling lines of the page; this
module turns them into rows of cells and leaves the rest to `readers` (which makes them
`RawRow`s) and `structure` (which decides what each row is). On every page:

* **Ruled tables** (the usual case: cell borders as Excel prints them) are found from their
  lines (`find_tables`, lines strategy): one row per table row, one cell per column. A
  merged cell spanning the row (a goal or area row) gives its text in the first cell and
  empty cells after it; a cell merged down over several rows gives its text in its first row.
  The header printed on top of every page is just another row (`structure` accepts a header
  repeated word for word).
* **Text outside the tables** — the title above the table, a note below it — gives one row
  per line of text, its text in the first cell; a line that is only a page number (`3`,
  `- 3 -`, `3/9`, `p.3`, `3ページ`) is a blank row, as a page break of a text copy is.
* **A page without ruling lines** is read from the positions of its words: the columns are
  the header's (found on the page, or on the page before), split at the widest vertical gap
  between two header words; a row ends where the vertical space between two lines of text
  is wider than the space between the lines of one cell. Such pages are named in a warning.

**Line breaks inside a cell.** A line of a cell that is full — the next line's first
character (with a character kept off a line start or end by Japanese line-breaking rules,
or a whole Latin word) would not have fitted before the cell's right edge — was wrapped by
the layout: it is joined to the next line without a break, as Japanese text has no spaces,
or with a space where these tables always have one: before a ○ bullet, after an owner tag
such as `(社会福祉課)`, between the section names of a 所管課 list, and after 。 when the
line stopped short by the room of a space the wrap swallowed. A line that stops short of
the edge ended where the text has a line break — a new paragraph — and keeps it as "\\n":
the same meaning as a line break inside a workbook's cell (`normalize` keeps it, and
`split_segments` starts a paragraph there), so the same table loads to equal items from its
PDF and from its workbook. What the print cannot tell apart is read the likelier way: a
paragraph whose last line happens to fill the cell is joined to the next (when it ends in
an owner tag or the next starts with ○, `segments` still splits them), and a space after 。
swallowed by a wrap that left less room than the next character is lost.

A PDF without a usable text layer (a scan: no characters; or glyphs without a Unicode
mapping, which pdfminer shows as `(cid:NNNN)`) is an error saying what to do; an encrypted
or damaged PDF is an error naming the file, never a traceback.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import logging
import re
import statistics
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from pathlib import Path

from ..config import MAX_PDF_PAGES, PDF_MAX_CID_SHARE
from ..errors import PlanAnalysisError, quoted, warning_text
from .headers import HeaderNames
from .markers import looks_like_owner, parse_area, parse_goal

#: Ruled tables only: cell borders drawn as lines or thin rectangles (pdfplumber's defaults).
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

#: Two characters are on one line when their vertical centres are this close (× font size).
_SAME_LINE = 0.45
#: A horizontal gap wider than this (× font size) between two characters of a line that
#: holds no space character there is a space (text drawn by positioning, not with spaces).
_WORD_GAP = 0.3
#: … and wider than this is a gap between two columns (header words, in the fallback).
_COLUMN_GAP = 1.0
#: The widest space between two lines of one cell (× font size; a line spacing of 1.35):
#: without ruling lines, a wider space between two lines ends a row (with some margin).
_LINE_SPACING = 0.35
#: Slack (points) in comparing the room left on a line with the width of a character.
_SLACK = 0.1
#: The widest space a wrap may have swallowed (× font size): a line ending short of the
#: edge by the next character and at most this much more was wrapped (maybe at a space).
_SPACE_WIDTH = 0.6
#: Characters a Japanese line may not start with (kept at the end of the line above, or
#: pulling the character before them down: 追い出し) …
_NO_LINE_START = set(
    "、。，．,.）)」』】〕］]｝}〉》ゝゞ々ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ!?！？・：；:;"
)
#: … and may not end with (pushed down to the next line).
_NO_LINE_END = set("（(「『【〔［[｛{〈《")
#: A line that is only a page number.
_PAGE_NUMBER = re.compile(
    r"^[-－‐―ー\s]*(?:[pP]\.?\s*)?\d{1,4}(?:\s*[/／]\s*\d{1,4}|\s*ページ|\s*頁)?[-－‐―ー\s]*$"
)
#: A paragraph-final owner tag: `(社会福祉課)` (as `normalize._OWNER_TAG`, at the end).
_OWNER_TAG_END = re.compile(r"[(（]([^()（）\s]{1,25})[)）]$")
_CID = re.compile(r"^\(cid:\d+\)$")
#: Two characters of one Latin word or number (a layout never breaks it).
_LATIN = re.compile(r"^[A-Za-z0-9]{2}$")
#: Paragraph bullets (as `normalize._BULLET`): the tables always put a space or a line break
#: before them.
_BULLETS = set("○◯〇●◆■")
#: The last characters of a section or division name (as `markers._OWNER_NAME`).
_OWNER_ENDS = set("課部館室")
#: What to do with a PDF whose text cannot be read.
_ADVICE = (
    "ask the section for the table as a workbook (.xlsx), or run OCR on the PDF "
    "(e.g. `ocrmypdf -l jpn in.pdf out.pdf`) and load the result"
)


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


_Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class _Page:
    number: int
    chars: list[_Char]
    #: Each ruled table: its rows, each a list of cell boxes (None: covered by a merged cell).
    tables: list[list[list[_Box | None]]]


@dataclass
class PdfRow:
    """One row of a page: its 1-based number on the page and its cells."""

    page: int
    row: int
    cells: tuple[str, ...]


@dataclass
class PdfRows:
    """Every row of a PDF, the number of pages, and what reading it changed or guessed."""

    pages: int
    rows: list[PdfRow]
    warnings: list[str] = field(default_factory=list)


# --- reading the PDF -----------------------------------------------------------------------


def _unreadable(path: Path, exc: BaseException) -> PlanAnalysisError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return PlanAnalysisError(
            "the PDF is encrypted (it needs a password to open): not read; ask the section "
            "for a copy without a password, or for the table as a workbook (.xlsx)",
            file=path,
        )
    detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return PlanAnalysisError(
        f"not a readable PDF ({quoted(detail)}): the file is damaged or no PDF; open it in a "
        "PDF viewer to check, or get the table another way: copy its text out, or save the "
        "table as .xlsx/.csv",
        file=path,
    )


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs what it repairs in a damaged file (at WARNING, which Python prints on
    stderr when nothing is configured): the reader raises or warns itself instead."""
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pdfplumber")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _extract(path: Path, data: bytes) -> list[_Page]:
    """Characters and ruled tables of every page; any failure of the PDF's parsing is the
    package's error."""
    import pdfplumber  # deferred: only needed for PDFs

    pages: list[_Page] = []
    try:
        with _quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise PlanAnalysisError(
                    f"the PDF has {len(pdf.pages)} page(s), more than the {MAX_PDF_PAGES} a "
                    "progress table may have (MAX_PDF_PAGES in config.py): not read",
                    file=path,
                )
            for page in pdf.pages:
                chars = _distinct(
                    _Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"] or 1.0)
                    for c in page.chars
                )
                tables = [
                    [list(row.cells) for row in table.rows]
                    for table in page.find_tables(_TABLE_SETTINGS)
                ]
                pages.append(_Page(page.page_number, chars, tables))
                page.close()
    except PlanAnalysisError:
        raise
    except Exception as exc:  # pdfminer raises anything at all on a damaged file
        raise _unreadable(path, exc) from exc
    return pages


def _distinct(chars: Iterable[_Char]) -> list[_Char]:
    """The characters without those printed twice on one spot (a bold face simulated by
    overprinting, a cell drawn twice); pdfplumber's dedupe_chars does the same, slowly."""
    seen: set[tuple[str, float, float]] = set()
    out = []
    for c in chars:
        key = (c.text, round(c.x0), round(c.top))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _check_text_layer(path: Path, pages: list[_Page], warnings: list[str]) -> None:
    """Refuse a PDF without a usable text layer; warn about pages without text and about a
    few glyphs without a Unicode mapping."""
    total = sum(len(p.chars) for p in pages)
    if total == 0:
        raise PlanAnalysisError(
            f"the PDF has no text layer: none of its {len(pages)} page(s) holds a character "
            f"(a scan or an image of the table), so there is nothing to read; {_ADVICE}",
            file=path,
        )
    cid = [(p.number, c) for p in pages for c in p.chars if _CID.match(c.text)]
    if len(cid) >= PDF_MAX_CID_SHARE * total:
        raise PlanAnalysisError(
            f"the PDF's text layer is unusable: {len(cid)} of its {total} characters are "
            "glyphs without a Unicode mapping (shown as (cid:NNNN): the Japanese font is "
            f"embedded without a ToUnicode table), so the text cannot be read; {_ADVICE}",
            file=path,
        )
    if cid:
        where = _page_list(sorted({n for n, _ in cid}))
        warnings.append(
            warning_text(
                f"{len(cid)} character(s) without a Unicode mapping on {where} are kept as "
                f"(cid:NNNN), e.g. {cid[0][1].text}: check those cells against the printed "
                "table",
                file=path,
            )
        )
    empty = [p.number for p in pages if not p.chars]
    if empty:
        warnings.append(
            warning_text(
                f"no text on {_page_list(empty)} (a scanned page or an image): nothing there "
                f"is loaded; {_ADVICE}",
                file=path,
            )
        )


def _page_list(numbers: list[int]) -> str:
    """'page 3' or 'pages 2, 5–7'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


# --- characters → lines → text ---------------------------------------------------------------


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (top to bottom), each line left to right."""
    lines: list[list[_Char]] = []
    middles: list[float] = []
    for c in sorted(chars, key=lambda c: (c.middle, c.x0)):
        if lines and abs(c.middle - middles[-1]) <= _SAME_LINE * c.size:
            lines[-1].append(c)
        else:
            lines.append([c])
            middles.append(c.middle)
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _line_text(line: list[_Char]) -> str:
    """A line's characters as text; a wide gap without a space character is a space."""
    out = ""
    for prev, c in pairwise([None, *line]):
        if (
            prev is not None
            and c.x0 - prev.x1 > _WORD_GAP * c.size
            and not prev.text.isspace()
            and not c.text.isspace()
        ):
            out += " "
        out += c.text
    return out


def _ink(line: list[_Char]) -> list[_Char]:
    """The line without spaces at its ends (what is printed)."""
    start, end = 0, len(line)
    while start < end and line[start].text.isspace():
        start += 1
    while end > start and line[end - 1].text.isspace():
        end -= 1
    return line[start:end]


def _needed(line: list[_Char]) -> float:
    """The width the start of `line` would have needed on the line above: its first
    character; its first two when line-breaking rules keep them together (an opening
    bracket, or a character followed by one that may not start a line); a whole Latin word
    or number (never broken)."""
    first = line[0]
    end = 0
    if len(line) > 1 and (first.text in _NO_LINE_END or line[1].text in _NO_LINE_START):
        end = 1
    while end + 1 < len(line) and _LATIN.match(line[end].text + line[end + 1].text):
        end += 1
    return line[end].x1 - first.x0


def _joint(prev: list[_Char], nxt: list[_Char], edge: float) -> str:
    """How two lines of one cell meet: "wrap" (the start of the next line would not have
    fitted on this one: the layout wrapped the text), "near" (it would have fitted, barely:
    the layout wrapped early, at a space it swallowed, or the text broke close to the edge)
    or a line break (the text broke well before the edge: a line break of the text)."""
    room = edge - prev[-1].x1
    needed = _needed(nxt)
    if room < needed + _SLACK:
        return "wrap"
    if room < needed + _SPACE_WIDTH * max(prev[-1].size, nxt[0].size) + _SLACK:
        return "near"
    return "\n"


def _ends_in_owner_tag(text: str) -> bool:
    tag = _OWNER_TAG_END.search(text)
    return tag is not None and looks_like_owner(tag.group(1))


def _resolve(texts: list[str], joints: list[str]) -> str:
    """The cell's text. At a wrap its lines join with nothing (Japanese has no spaces), or
    with a space where these tables always have one: before a ○ bullet, after an owner tag
    `(…課)`, between the section names of a 所管課 list, and — where the line ended short of
    the edge by the room of a space the wrap swallowed ("near") — after 。. A line that ends
    an owner's paragraph with its tag before a ○ bullet, or one that ended near the edge
    before a bullet, starts a new paragraph (a line break), as a line well short of the
    edge does."""
    named = "".join(
        t + (" " if t[-1:] in _OWNER_ENDS and not n.startswith("内各課") else "")
        for t, n in pairwise([*texts, ""])
    )
    owner_list = looks_like_owner(named)
    out = texts[0]
    for joint, text in zip(joints, texts[1:], strict=True):
        bullet = text[:1] in _BULLETS
        tagged = _ends_in_owner_tag(out)
        if joint == "\n" or (bullet and (joint == "near" or tagged)):
            out += "\n" + text
            continue
        spaced = (
            bullet
            or tagged
            or (owner_list and out[-1:] in _OWNER_ENDS and not text.startswith("内各課"))
            or (joint == "near" and out[-1:] in "。．")
        )
        out += (" " if spaced else "") + text
    return out


def _cell_lines(chars: list[_Char]) -> list[list[_Char]]:
    """A cell's characters as lines of ink (spaces at their ends left out)."""
    return [ink for line in _lines(chars) if (ink := _ink(line))]


def _cell_text(lines: list[list[_Char]], edge: float) -> str:
    """The text of a cell's lines, whose text ends at `edge` (see `_joint`)."""
    if not lines:
        return ""
    texts = [_line_text(ln) for ln in lines]
    return _resolve(texts, [_joint(a, b, edge) for a, b in pairwise(lines)])


def _is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.match(unicodedata.normalize("NFKC", text)) is not None


def _loose_rows(chars: list[_Char]) -> list[tuple[float, tuple[str, ...]]]:
    """Lines of text outside any table: one row each (top, cells); a page number is blank."""
    rows = []
    for line in _lines(chars):
        text = _line_text(line).strip()
        if text:
            rows.append((line[0].top, () if _is_page_number(text) else (text,)))
    return rows


# --- a page with ruled tables ----------------------------------------------------------------


def _ruled_rows(page: _Page) -> list[tuple[float, tuple[str, ...]]]:
    """The rows of a page's ruled tables and of the text outside them."""
    table_rows = [row for table in page.tables for row in table if any(row)]
    spans = [(min(b[1] for b in row if b), max(b[3] for b in row if b)) for row in table_rows]
    held: list[list[list[_Char]]] = [[[] for _ in row] for row in table_rows]
    loose: list[_Char] = []
    # rows by their top; reach[k]: the lowest bottom of the rows up to the k-th, so that the
    # search for a character's cell goes up from the row it is in and stops above its reach
    order = sorted(range(len(table_rows)), key=lambda r: spans[r][0])
    tops = [spans[r][0] for r in order]
    reach = list(accumulate((spans[r][1] for r in order), max))
    for c in page.chars:
        found = None
        k = bisect.bisect_right(tops, c.middle) - 1
        while found is None and k >= 0 and reach[k] >= c.middle:
            r = order[k]
            found = next(
                (
                    (r, i)
                    for i, b in enumerate(table_rows[r])
                    if b is not None and b[0] <= c.centre <= b[2] and b[1] <= c.middle <= b[3]
                ),
                None,
            )
            k -= 1
        if found is None:
            loose.append(c)
        else:
            held[found[0]][found[1]].append(c)
    rows = _loose_rows(loose)
    for row, chars, (top, _) in zip(table_rows, held, spans, strict=True):
        cells = []
        for box, inside in zip(row, chars, strict=True):
            lines = _cell_lines(inside)
            if box is None or not lines:
                cells.append("")
                continue
            padding = max(min(ln[0].x0 for ln in lines) - box[0], 0.0)
            cells.append(_cell_text(lines, box[2] - padding))
        rows.append((top, tuple(cells)))
    return rows


# --- a page without ruling lines -------------------------------------------------------------


def _chunks(line: list[_Char]) -> list[list[_Char]]:
    """A line split at gaps as wide as a column gap."""
    parts: list[list[_Char]] = []
    for c in line:
        if parts and c.x0 - parts[-1][-1].x1 <= _COLUMN_GAP * c.size:
            parts[-1].append(c)
        else:
            parts.append([c])
    return parts


def _header_cells(line: list[_Char]) -> tuple[str, ...]:
    return tuple(_line_text(w) for w in _chunks(_ink(line)))


def _bounds(header: list[_Char], body: list[list[_Char]]) -> list[float]:
    """The left boundaries of the columns of a header line (the first at -inf): between two
    header words, the middle of the widest vertical gap in the text below them (or, with
    no gap, just before the second word)."""
    covered: list[list[float]] = []  # the union of the x ranges of the body's characters
    for x0, x1 in sorted((c.x0, c.x1) for ln in body for c in ln if not c.text.isspace()):
        if covered and x0 <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], x1)
        else:
            covered.append([x0, x1])
    gaps = [(b[0] - a[1], (a[1] + b[0]) / 2) for a, b in pairwise(covered)]
    bounds = [float("-inf")]
    for a, b in pairwise(_chunks(_ink(header))):
        lo, hi = (a[0].x0 + a[-1].x1) / 2, (b[0].x0 + b[-1].x1) / 2
        between = [g for g in gaps if lo < g[1] < hi]
        bounds.append(max(between)[1] if between else b[0].x0 - 0.5 * b[0].size)
    return bounds


def _column_of(c: _Char, bounds: list[float]) -> int:
    return max(i for i, b in enumerate(bounds) if c.centre >= b)


def _is_section_line(line: list[_Char]) -> bool:
    text = _line_text(line).strip()
    return parse_goal(text) is not None or parse_area(text) is not None


def _edge(ends: list[float], size: float) -> float:
    """The rightmost of `ends` that two other lines reach too (within a quarter of the font
    size): the right edge of wrapped text, not one line running past it; else the last."""
    ends = sorted(ends)
    window = 0.25 * size
    supported = [
        e
        for e in ends
        if bisect.bisect_right(ends, e + window) - bisect.bisect_left(ends, e - window) >= 3
    ]
    return max(supported or ends or [0.0])


def _column_edges(lines: list[list[_Char]], bounds: list[float]) -> list[float]:
    """Where the text of each column ends (`_edge` of the ends of its lines), leaving out
    lines ending in punctuation that may hang past the edge."""
    ends: list[list[float]] = [[] for _ in bounds]
    hanging: list[list[float]] = [[] for _ in bounds]
    for line in lines:
        by_column: dict[int, list[_Char]] = {}
        for c in line:
            by_column.setdefault(_column_of(c, bounds), []).append(c)
        for i, chars in by_column.items():
            ink = _ink(chars)
            if ink:
                (hanging if ink[-1].text in _NO_LINE_START else ends)[i].append(ink[-1].x1)
    size = statistics.median(c.size for line in lines for c in line) if lines else 0.0
    return [_edge(e or h, size) for e, h in zip(ends, hanging, strict=True)]


def _word_rows(
    page: _Page, headers: HeaderNames, bounds: list[float] | None
) -> tuple[list[tuple[float, tuple[str, ...]]], list[float] | None]:
    """Rows of a page without ruling lines, and the columns to carry to the next page: its
    header's, or those carried from the page before. Before the header (and on a page
    without columns) every line is a row of one cell."""
    lines = [ln for ln in _lines(page.chars) if _ink(ln)]
    header_at = next(
        (i for i, ln in enumerate(lines) if headers.looks_like_header(_header_cells(ln))), None
    )
    rows: list[tuple[float, tuple[str, ...]]] = []
    body = lines
    if header_at is not None:
        header, body = lines[header_at], lines[header_at + 1 :]
        bounds = _bounds(header, [ln for ln in body if not _is_section_line(ln)])
        rows += _loose_rows([c for ln in lines[:header_at] for c in ln])
        rows.append((header[0].top, _header_cells(header)))
    if bounds is None:
        return _loose_rows(page.chars), None
    edges = _column_edges([ln for ln in body if not _is_section_line(ln)], bounds)
    gaps = [b[0].top - max(c.bottom for c in a) for a, b in pairwise(body)]
    size = statistics.median(c.size for ln in body for c in ln) if body else 0.0
    within = min((g for g in gaps if g > -_SAME_LINE * size), default=0.0)
    row_gap = min(within, _LINE_SPACING * size) + 0.3 * size
    group: list[list[_Char]] = []

    def flush() -> None:
        if group:
            chars = [c for ln in group for c in ln]
            cells = tuple(
                _cell_text(_cell_lines([c for c in chars if _column_of(c, bounds) == i]), edge)
                for i, edge in enumerate(edges)
            )
            rows.append((group[0][0].top, cells))
            group.clear()

    for k, line in enumerate(body):
        text = _line_text(line).strip()
        if _is_page_number(text) or _is_section_line(line):
            flush()
            rows.append((line[0].top, () if _is_page_number(text) else (text,)))
            continue
        if group and gaps[k - 1] > row_gap:
            flush()
        group.append(line)
    flush()
    return rows, bounds


# --- the whole PDF -----------------------------------------------------------------------------


def read_pdf_rows(path: Path, data: bytes, headers: HeaderNames) -> PdfRows:
    """Every row of every page of a PDF, numbered on its page (see the module's docstring)."""
    pages = _extract(path, data)
    warnings: list[str] = []
    _check_text_layer(path, pages, warnings)
    rows: list[PdfRow] = []
    bounds: list[float] | None = None
    unruled: list[int] = []
    for page in pages:
        if page.tables:
            found = _ruled_rows(page)
        elif page.chars:
            found, bounds = _word_rows(page, headers, bounds)
            if any(len(cells) > 1 for _, cells in found):
                unruled.append(page.number)
        else:
            found = []
        found.sort(key=lambda r: r[0])
        rows += [PdfRow(page.number, n, cells) for n, (_, cells) in enumerate(found, start=1)]
    if unruled:
        warnings.append(
            warning_text(
                f"the table on {_page_list(unruled)} has no ruling lines: its cells were "
                "placed by the positions of the words (check the items of those pages, or "
                "ask the section for the workbook)",
                file=path,
            )
        )
    return PdfRows(len(pages), rows, warnings)

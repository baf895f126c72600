"""Interpret raw rows: title, header, goal, area, item, continuation, blank, not understood.

Every physical line (or sheet row) is classified exactly once, so that `plan-analysis check`
can reconcile the file; oddities are kept as warnings with their text, bad structure is a
`PlanAnalysisError` naming the file and position.

Rules that keep text from being lost or silently moved:

* A row with an empty name cell continues the last item only right after that item (its own
  lines, blank lines and repeated page headers may come between); after a goal/area row or a
  line not understood it is not understood itself. One with its own owner in the owner
  column (a vertically merged name cell) is joined with a warning.
* A row with only its first cell filled that is no goal/area row is not understood (a warning
  quoting it): a name-only line is never taken for a continuation or an item. In a PDF text
  copy a one-cell line is joined to the row above only when that row's last cell stops
  mid-sentence (readers.join_wrapped_lines); if that row was complete on its own line, the
  join is a warning quoting the joined text.
* A goal/area marker alone in a later cell is not understood, never joined to an item.
* Goals and the areas of each goal are numbered 1, 2, 3…: a gap, a repeat or a number out of
  order is a warning naming both lines and both numbers.
* One file holds one table: a second title line (令和N年度…計画/進行管理表) after the header,
  or a header that differs from the first, is an error naming both lines. Identical headers
  repeated on every page are fine, and so is the title repeated word for word (a page title)
  or, in a workbook, the same year's title on top of a further sheet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import PlanAnalysisError, quoted, warning_text
from .fiscal_year import year_from_title
from .headers import REQUIRED_COLUMNS, HeaderNames
from .markers import (
    is_section_row,
    looks_like_owner,
    looks_like_title,
    offset_section_cell,
    parse_area,
    parse_goal,
)
from .readers import RawRow, RawTable

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class ParsedItem:
    """An item row: its raw cells by canonical column, where it sits and where it came from."""

    seq: int
    goal_no: int
    area_no: int | None
    cells: dict[str, str]
    row: RawRow


@dataclass
class LineRecord:
    """The reconciliation entry of one physical line or sheet row."""

    sheet: str
    line: int
    kind: str
    text: str


@dataclass
class ParsedTable:
    """A raw table interpreted: title, sections, items, every line classified, warnings."""

    raw: RawTable
    title: str | None = None
    goals: dict[int, str] = field(default_factory=dict)
    areas: list[tuple[int, int, str]] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    lines: list[LineRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _year(text: str) -> int | None:
    """The fiscal year a title names, or None (also for 令和0年度: resolved and refused later)."""
    try:
        return year_from_title(text)
    except PlanAnalysisError:
        return None


def _physical_lines(row: RawRow) -> list[str] | None:
    """The text of each physical line of a row (cells tab-joined), or None when its line
    breaks do not match its lines (a cell holding a line break of its own)."""
    parts = _LINE_BREAK.split("\t".join(row.cells))
    return parts if len(parts) == 1 + len(row.extra_lines) else None


def _same_text(a: str, b: str) -> bool:
    """Equal once width variants, spaces and <p> tags are folded."""

    def fold(text: str) -> str:
        return re.sub(r"\s+|</?p>", "", unicodedata.normalize("NFKC", text))

    return fold(a) == fold(b)


def _missing(after: int, before: int, show) -> str:
    """'(2)' or '(2)–(4)': the numbers between `after` and `before`."""
    first, last = after + 1, before - 1
    return show(first) if first == last else f"{show(first)}–{show(last)}"


class _Parser:
    """Walks the rows once, keeping the current header, goal and area."""

    def __init__(self, raw: RawTable, headers: HeaderNames) -> None:
        self.headers = headers
        self.out = ParsedTable(raw)
        self.file = raw.path.name
        self.mapping: dict[int, str] | None = None
        self.goal: int | None = None
        self.area: int | None = None
        self.title_row: RawRow | None = None
        self.header_row: RawRow | None = None
        self.header_sheets: set[str | None] = set()
        self.goal_rows: list[tuple[int, RawRow]] = []
        self.area_rows: dict[int, list[tuple[int, RawRow]]] = {}
        self.last_row: RawRow | None = None  # the last row with text
        self.after_item = False  # a row without a name may continue the last item

    def record(self, row: RawRow, kind: str) -> None:
        """One entry per physical line: a row's further lines (a wrapped PDF line, a quoted
        CSV cell's line breaks) get their own text, as continuations of an item (or with the
        row's kind); where the text cannot be split by line, the row keeps it all."""
        text = "\t".join(row.cells)
        sheet = row.sheet or ""
        parts = _physical_lines(row) or [text] + [""] * len(row.extra_lines)
        self.out.lines.append(LineRecord(sheet, row.line, kind, parts[0]))
        extra_kind = "continuation" if kind in ("item", "continuation") else kind
        for extra, part in zip(row.extra_lines, parts[1:], strict=True):
            self.out.lines.append(LineRecord(sheet, extra, extra_kind, part))
        if not row.is_blank:
            self.last_row = row
        if kind == "item":
            self.after_item = True
        elif kind not in ("continuation", "blank", "header"):
            self.after_item = False

    def warn(self, row: RawRow, problem: str) -> None:
        self.out.warnings.append(warning_text(problem, file=self.file, position=row.position))

    def fail(self, row: RawRow, problem: str) -> PlanAnalysisError:
        return PlanAnalysisError(problem, file=self.file, position=row.position)

    def header(self, row: RawRow) -> None:
        mapping = self.headers.header_mapping(row.cells, file=self.file, position=row.position)
        if self.mapping is not None and mapping != self.mapping:
            assert self.header_row is not None
            raise self.fail(
                row,
                f"header row differs from the first one ({self.header_row.position}): "
                f"{quoted(' | '.join(row.cells))}; one file holds one table",
            )
        if self.header_row is None:
            self.header_row = row
        self.header_sheets.add(row.sheet)
        self.mapping = mapping
        self.record(row, "header")

    def title(self, row: RawRow) -> None:
        """A title-like line once there is a title or a header. The first title repeated word
        for word (a page title), or a title naming the same year on top of a further sheet
        before its header, is recorded as a title; before the header, a line naming another
        year is an error, any other one not understood; after the header, anything else
        starts another table, which is an error naming both lines."""
        text = " ".join(c.strip() for c in row.cells if c.strip())
        first = self.title_row
        same_year = _year(text) == _year(self.out.title or "")
        if first is not None and _same_text(text, self.out.title or ""):
            self.record(row, "title")
        elif self.mapping is None:
            assert first is not None
            if not same_year:
                raise self.fail(
                    row,
                    f"a second title {quoted(text)!r} names another fiscal year than the title "
                    f"{quoted(self.out.title)!r} ({first.position}); one file holds one table",
                )
            self.not_understood(row, "line before the header row that is not the title")
        elif row.sheet is not None and row.sheet not in self.header_sheets and same_year:
            self.record(row, "title")
        else:
            assert self.header_row is not None
            before = (
                f"the title {quoted(self.out.title)!r} ({first.position})"
                if first is not None
                else f"the header ({self.header_row.position})"
            )
            raise self.fail(
                row,
                f"a second title {quoted(text)!r} after {before}: it starts another table, and "
                "one file holds one table (split the file, one table per file)",
            )

    def goal_number(self, row: RawRow, number: int) -> None:
        """Warn about a goal number repeated, out of order or after a gap."""
        seen = dict(self.goal_rows)
        if number in seen:
            self.warn(
                row,
                f"基本目標{number} appears a second time (first at {seen[number].position}): "
                f"{quoted(row.cells[0])!r}",
            )
        elif self.goal_rows:
            last, last_row = self.goal_rows[-1]
            if number < last:
                self.warn(
                    row,
                    f"基本目標{number} comes after 基本目標{last} ({last_row.position}): "
                    "goals out of order",
                )
            elif number > last + 1:
                gap = _missing(last, number, lambda n: f"基本目標{n}")
                self.warn(
                    row,
                    f"基本目標{number} follows 基本目標{last} ({last_row.position}): {gap} is missing",
                )
        elif number != 1:
            self.warn(row, f"the first goal is 基本目標{number}, not 基本目標1")
        self.goal_rows.append((number, row))

    def area_number(self, row: RawRow, goal: int, number: int) -> None:
        """Warn about an area number repeated, out of order or after a gap within its goal."""
        rows = self.area_rows.setdefault(goal, [])
        seen = dict(rows)
        if number in seen:
            self.warn(
                row,
                f"policy area ({number}) appears a second time under 基本目標{goal} (first at "
                f"{seen[number].position}): {quoted(row.cells[0])!r}",
            )
        elif rows:
            last, last_row = rows[-1]
            if number < last:
                self.warn(
                    row,
                    f"policy area ({number}) comes after ({last}) ({last_row.position}) under "
                    f"基本目標{goal}: areas out of order",
                )
            elif number > last + 1:
                gap = _missing(last, number, lambda n: f"({n})")
                self.warn(
                    row,
                    f"policy area ({number}) follows ({last}) ({last_row.position}) under "
                    f"基本目標{goal}: {gap} is missing",
                )
        elif number != 1:
            self.warn(row, f"the first policy area under 基本目標{goal} is ({number}), not (1)")
        rows.append((number, row))

    def section(self, row: RawRow) -> None:
        goal = parse_goal(row.cells[0])
        if goal is not None:
            number, title = goal
            self.goal_number(row, number)
            self.out.goals[number] = title
            self.goal, self.area = number, None
            self.record(row, "goal")
            return
        number, title = parse_area(row.cells[0]) or (0, "")
        if self.goal is None:
            raise self.fail(
                row, f"policy area row {quoted(row.cells[0])!r} comes before any 基本目標 row"
            )
        self.area_number(row, self.goal, number)
        self.out.areas.append((self.goal, number, title))
        self.area = number
        self.record(row, "area")

    def check_width(self, row: RawRow, what: str) -> int:
        """The header's width; a row with more cells would lose text, so it is an error."""
        assert self.mapping is not None
        width = max(self.mapping) + 1
        if len(row.cells) > width:
            raise self.fail(
                row,
                f"{what} has {len(row.cells)} cells, the header has {width}: "
                f"{quoted(' | '.join(c[:20] for c in row.cells))}",
            )
        stray = [c for i, c in enumerate(row.cells) if c.strip() and i not in self.mapping]
        if stray:
            self.warn(
                row, f"text in a column without a header is not loaded as a cell: {quoted(stray)}"
            )
        return width

    def item(self, row: RawRow) -> None:
        assert self.mapping is not None
        width = self.check_width(row, "item row")
        if self.goal is None:
            raise self.fail(row, f"item {quoted(row.cells[0])!r} comes before any 基本目標 row")
        if len(row.cells) < width:
            self.warn(
                row,
                f"item row has {len(row.cells)} of {width} cells; the missing cells are taken as "
                f"empty: {quoted(' | '.join(row.cells))}",
            )
        if self.area is None:
            self.warn(
                row,
                f"item {quoted(row.cells[0])!r} is under 基本目標{self.goal} but no policy area",
            )
        cells = {col: "" for col in REQUIRED_COLUMNS}
        for i, col in self.mapping.items():
            if i < len(row.cells):
                cells[col] = row.cells[i]
        parts = _physical_lines(row) if self.out.raw.source_format == "text" else None
        if parts and len(parts) > 1 and len(parts[0].split("\t")) >= width:
            self.warn(
                row,
                f"{quoted(' / '.join(parts[1:]))!r} on the next line(s) was joined to the "
                f"item's last cell, which stops mid-sentence (the row is complete on line "
                f"{row.line}); if it is an item name, give that item its own cells",
            )
        seq = len(self.out.items) + 1
        self.out.items.append(ParsedItem(seq, self.goal, self.area, cells, row))
        self.record(row, "item")

    def continuation(self, row: RawRow) -> None:
        """Cells of a row with an empty name cell continue the previous item's cells."""
        assert self.mapping is not None
        self.check_width(row, "row continuing the previous item")
        last = self.out.items[-1]
        owner = next(i for i, col in self.mapping.items() if col == "owner")
        if owner < len(row.cells) and looks_like_owner(row.cells[owner]):
            self.warn(
                row,
                f"row without an item name but with an owner "
                f"{quoted(row.cells[owner].strip())!r}: joined to item "
                f"{quoted(last.cells['name'])!r} ({last.row.position}) as a further owner and "
                "text (a merged name cell); if it is an item of its own, fill in its name",
            )
        for i, col in self.mapping.items():
            if i < len(row.cells) and row.cells[i].strip():
                joined = f"{last.cells[col]}\n{row.cells[i]}" if last.cells[col] else row.cells[i]
                last.cells[col] = joined
        self.record(row, "continuation")

    def not_understood(self, row: RawRow, why: str) -> None:
        self.warn(row, f"{why}; text kept in the reconciliation: {quoted(' | '.join(row.cells))}")
        self.record(row, "not_understood")

    def row(self, row: RawRow) -> None:
        if row.is_blank:
            self.record(row, "blank")
        elif self.headers.looks_like_header(row.cells):
            self.header(row)
        elif looks_like_title(row.cells) and (self.mapping is not None or self.title_row):
            self.title(row)
        elif self.mapping is None:
            if self.out.title is None:
                self.out.title = " ".join(c.strip() for c in row.cells if c.strip())
                self.title_row = row
                self.record(row, "title")
            else:
                self.not_understood(row, "line before the header row that is not the title")
        elif is_section_row(row.cells):
            self.section(row)
        elif (marker := offset_section_cell(row.cells)) is not None:
            self.not_understood(
                row,
                f"a goal/area marker alone in cell {marker + 1} with the first cell empty: "
                "not loaded as a goal or area, nor joined to the item above",
            )
        elif not row.cells[0].strip():
            if not self.out.items:
                self.not_understood(row, "row without an item name before the first item")
            elif not self.after_item:
                last = self.out.items[-1]
                assert self.last_row is not None
                self.not_understood(
                    row,
                    f"row without an item name after {self.last_row.position}, which is no "
                    f"item: not joined to item {quoted(last.cells['name'])!r} "
                    f"({last.row.position})",
                )
            else:
                self.continuation(row)
        elif len(row.cells) == 1:
            self.not_understood(row, "row with text in the first cell only that is no goal or area")
        else:
            self.item(row)


def parse_table(raw: RawTable, headers: HeaderNames) -> ParsedTable:
    """Classify every row of `raw`; raises PlanAnalysisError on a table it cannot read."""
    parser = _Parser(raw, headers)
    for row in raw.rows:
        parser.row(row)
    last = parser.last_row
    if parser.mapping is None:
        first = next((r for r in raw.rows if not r.is_blank), None)
        found = quoted(" | ".join(first.cells)) if first else "nothing"
        raise PlanAnalysisError(
            f"no header row found (first non-blank row: {found}); expected a row naming the "
            "columns 事業名 / 所管課 / 内容 / これまでの取り組み / 今後の予定 (or accepted variants)"
            + (f"; the last row with text is {last.position}" if last else ""),
            file=raw.path.name,
        )
    if not parser.out.items:
        header = parser.header_row
        assert header is not None and last is not None
        after = (
            ": nothing with text follows it"
            if last is header
            else f" (this is the last row with text: {quoted(' | '.join(last.cells))!r})"
        )
        raise PlanAnalysisError(
            f"the table has a header at {header.position} but no item rows{after}",
            file=raw.path.name,
            position=last.position,
        )
    return parser.out

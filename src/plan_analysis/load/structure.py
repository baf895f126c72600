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
  order is a warning naming both lines and both numbers. Goal and area rows may be marked in
  any of the styles of `markers` (基本目標Ⅱ, 基本目標二, ①, 【1】, 施策1, 1-2 …); the areas of a
  table are marked in the style of its first area row, and a section row marked in another
  area style is not understood. A `G-N` area whose G is not the goal it stands under is a
  warning naming both (the area is loaded under the goal it stands under).
* Goal and area columns (headers mapped to `goal` / `area`): each item row names its goal and
  area in those cells; an empty cell (under a vertically merged cell) means the same as the
  item above. A goal or area is created when first seen (a bare number gives an empty title,
  filled in by a later cell or row that has one), and is numbered as section rows are. Their
  cells are not the item's `cells`. With both section rows and such columns, the columns
  win, and a column that disagrees with the row above the item is a warning.
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
from .headers import REQUIRED_COLUMNS, STRUCTURE_COLUMNS, HeaderNames
from .markers import (
    Marking,
    area_in_cell,
    goal_in_cell,
    is_section_row,
    looks_like_owner,
    looks_like_title,
    marking,
    offset_section_cell,
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


_FOLDED = re.compile(r"\s+|</?p>")


def _same_text(a: str, b: str) -> bool:
    """Equal once width variants, spaces and <p> tags are folded."""

    def fold(text: str) -> str:
        return _FOLDED.sub("", unicodedata.normalize("NFKC", text))

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
        self.name_at = 0  # the index of the item-name cell
        self.structure_at: dict[str, int] = {}  # goal/area column → cell index
        self.goal_at: RawRow | None = None  # the row that set the current goal
        self.goal_row: RawRow | None = None  # … when it is a goal row (not a goal cell)
        self.area_row: RawRow | None = None  # the area row that set the current area
        self.area_style: tuple[str, RawRow] | None = None  # the areas' marking, first area row
        self.column_goal: int | None = None  # the last goal a goal cell named
        self.column_area: int | None = None  # the last area an area cell named (this goal)

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
        at = {col: i for i, col in mapping.items()}
        self.name_at = at["name"]
        self.structure_at = {col: at[col] for col in STRUCTURE_COLUMNS if col in at}
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

    def goal_number(self, row: RawRow, number: int, cell: str) -> None:
        """Warn about a goal number repeated, out of order or after a gap (`cell`: the
        marking, as quoted for a repeat)."""
        seen = dict(self.goal_rows)
        if number in seen:
            self.warn(
                row,
                f"基本目標{number} appears a second time (first at {seen[number].position}): "
                f"{quoted(cell)!r}",
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

    def area_number(self, row: RawRow, goal: int, number: int, cell: str) -> None:
        """Warn about an area number repeated, out of order or after a gap within its goal."""
        rows = self.area_rows.setdefault(goal, [])
        seen = dict(rows)
        if number in seen:
            self.warn(
                row,
                f"policy area ({number}) appears a second time under 基本目標{goal} (first at "
                f"{seen[number].position}): {quoted(cell)!r}",
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
        cell = row.cells[0]
        mark = marking(cell)
        assert mark is not None
        if mark.level == "goal":
            self.goal_number(row, mark.number, cell)
            self.out.goals[mark.number] = mark.title
            self.goal, self.area = mark.number, None
            self.goal_at = self.goal_row = row
            self.area_row = None
            if "goal" not in self.structure_at:
                self.column_area = None  # an area cell carried down stops at a goal row
            self.record(row, "goal")
            return
        if self.goal is None:
            raise self.fail(row, f"policy area row {quoted(cell)!r} comes before any 基本目標 row")
        if self.area_style is None:
            self.area_style = (mark.style, row)
        elif mark.style != self.area_style[0]:
            style, first = self.area_style
            self.not_understood(
                row,
                f"a section row marked {mark.style} where this table marks its policy areas "
                f"{style} (first at {first.position}): not loaded as a goal or area",
            )
            return
        self.check_pair(row, mark, cell, f"stands under 基本目標{self.goal} ({self.where_goal()})")
        self.area_number(row, self.goal, mark.number, cell)
        self.out.areas.append((self.goal, mark.number, mark.title))
        self.area = mark.number
        self.area_row = row
        self.record(row, "area")

    def where_goal(self) -> str:
        """Where the current goal was set: its row's position."""
        assert self.goal_at is not None
        return self.goal_at.position

    def check_pair(self, row: RawRow, mark: Marking, cell: str, where: str) -> None:
        """Warn when a `G-N` area marking names another goal than the current one."""
        if mark.goal is not None and mark.goal != self.goal:
            self.warn(
                row,
                f"policy area {quoted(cell)!r} is numbered {mark.goal}-{mark.number}, but it "
                f"{where}: loaded as policy area ({mark.number}) of 基本目標{self.goal}",
            )

    def header_of(self, col: str) -> str:
        """The header of a column as the table writes it."""
        assert self.header_row is not None
        return self.header_row.cells[self.structure_at[col]].strip()

    def cell_of(self, row: RawRow, col: str) -> str:
        i = self.structure_at[col]
        return row.cells[i] if i < len(row.cells) else ""

    def title_of_goal(self, row: RawRow, number: int, title: str) -> None:
        """A goal's title from a goal cell: kept if it is the first, filled in if the goal had
        none, a warning if it differs."""
        known = self.out.goals.get(number)
        if known is None or (not known and title):
            self.out.goals[number] = title
        elif title and not _same_text(title, known):
            first = next((r for n, r in self.goal_rows if n == number), None)
            self.warn(
                row,
                f"基本目標{number} is titled {quoted(title)!r} here but {quoted(known)!r} at "
                f"{first.position if first else 'an earlier row'}: the first title is kept",
            )

    def title_of_area(self, row: RawRow, number: int, title: str) -> None:
        """An area's title from an area cell: the area is added when first seen under its
        goal, its title filled in if it had none, a warning if it differs."""
        assert self.goal is not None
        at = next(
            (i for i, (g, a, _) in enumerate(self.out.areas) if (g, a) == (self.goal, number)),
            None,
        )
        if at is None:
            self.out.areas.append((self.goal, number, title))
            return
        known = self.out.areas[at][2]
        if not known and title:
            self.out.areas[at] = (self.goal, number, title)
        elif title and not _same_text(title, known):
            first = next((r for n, r in self.area_rows.get(self.goal, []) if n == number), None)
            self.warn(
                row,
                f"policy area ({number}) of 基本目標{self.goal} is titled {quoted(title)!r} here "
                f"but {quoted(known)!r} at {first.position if first else 'an earlier row'}: "
                "the first title is kept",
            )

    @staticmethod
    def _as_written(cell: str) -> str:
        return f"cell {quoted(cell)!r}" if cell.strip() else "cell (empty: as the item above)"

    def goal_cell(self, row: RawRow) -> None:
        """Place an item by its goal cell; an empty cell is the goal of the item above. A
        goal is numbered (gap, repeat, order) when the column changes to it."""
        cell, header = self.cell_of(row, "goal"), self.header_of("goal")
        mark = goal_in_cell(cell) if cell.strip() else None
        if cell.strip() and mark is None:
            self.warn(
                row,
                f"the {header} cell {quoted(cell)!r} names no goal number (基本目標N, N or "
                "N．title): the item is placed as if the cell were empty",
            )
        number = mark.number if mark is not None else self.column_goal
        if number is None:
            return
        if self.goal_row is not None and number != self.goal:
            self.warn(
                row,
                f"the {header} {self._as_written(cell)} puts the item under 基本目標{number}, "
                f"but it stands under the row {quoted(self.goal_row.cells[0])!r} "
                f"({self.goal_row.position}) of 基本目標{self.goal}: the column wins",
            )
        changes = mark is not None and number != self.column_goal
        if changes:
            self.column_area = None  # the area column starts again under a new goal
        if number != self.goal:
            if changes:
                self.goal_number(row, number, cell)
            self.goal, self.area, self.goal_at = number, None, row
            self.area_row = None
        self.title_of_goal(row, number, mark.title if mark is not None else "")
        self.column_goal, self.goal_row = number, None

    def area_cell(self, row: RawRow) -> None:
        """Place an item by its area cell; an empty cell is the area of the item above. An
        area is numbered within its goal when the column changes to it."""
        cell, header = self.cell_of(row, "area"), self.header_of("area")
        mark = area_in_cell(cell) if cell.strip() else None
        if cell.strip() and mark is None:
            self.warn(
                row,
                f"the {header} cell {quoted(cell)!r} names no policy area number ((N), ①, "
                "【N】, 施策N, G-N, N or N．title): the item is placed as if the cell were empty",
            )
        if self.goal is None:
            return  # the item is an error: it has no goal
        if mark is not None:
            self.check_pair(row, mark, cell, f"is on an item under 基本目標{self.goal}")
        number = mark.number if mark is not None else self.column_area
        if number is None:
            return
        if self.area_row is not None and number != self.area:
            self.warn(
                row,
                f"the {header} {self._as_written(cell)} puts the item in policy area "
                f"({number}), but it stands under the row {quoted(self.area_row.cells[0])!r} "
                f"({self.area_row.position}) of policy area ({self.area}): the column wins",
            )
        if number != self.area:
            if mark is not None and number != self.column_area:
                self.area_number(row, self.goal, number, cell)
            self.area = number
        self.title_of_area(row, number, mark.title if mark is not None else "")
        self.column_area, self.area_row = number, None

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

    def name_of(self, row: RawRow) -> str:
        """The item-name cell of a row ('' when the row is shorter)."""
        return row.cells[self.name_at] if self.name_at < len(row.cells) else ""

    def item(self, row: RawRow) -> None:
        assert self.mapping is not None
        width = self.check_width(row, "item row")
        if "goal" in self.structure_at:
            self.goal_cell(row)
        if "area" in self.structure_at:
            self.area_cell(row)
        if self.goal is None:
            names_no_goal = (
                f" and its {self.header_of('goal')} cell names no goal"
                if "goal" in self.structure_at
                else ""
            )
            raise self.fail(
                row,
                f"item {quoted(self.name_of(row))!r} comes before any 基本目標 row{names_no_goal}",
            )
        if len(row.cells) < width:
            self.warn(
                row,
                f"item row has {len(row.cells)} of {width} cells; the missing cells are taken as "
                f"empty: {quoted(' | '.join(row.cells))}",
            )
        if self.area is None:
            self.warn(
                row,
                f"item {quoted(self.name_of(row))!r} is under 基本目標{self.goal} but no policy area",
            )
        cells = {col: "" for col in REQUIRED_COLUMNS}
        for i, col in self.mapping.items():
            if col not in STRUCTURE_COLUMNS:
                cells[col] = row.cells[i] if i < len(row.cells) else ""
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
        self.structure_in_continuation(row, last)
        for i, col in self.mapping.items():
            if i < len(row.cells) and row.cells[i].strip() and col not in STRUCTURE_COLUMNS:
                joined = f"{last.cells[col]}\n{row.cells[i]}" if last.cells[col] else row.cells[i]
                last.cells[col] = joined
        self.record(row, "continuation")

    def structure_in_continuation(self, row: RawRow, last: ParsedItem) -> None:
        """A goal/area cell of a row that continues an item does not move the item: a cell
        naming another goal or area than the item's is a warning."""
        placed = {"goal": last.goal_no, "area": last.area_no}
        for col, parse in (("goal", goal_in_cell), ("area", area_in_cell)):
            cell = self.cell_of(row, col) if col in self.structure_at else ""
            mark = parse(cell) if cell.strip() else None
            if cell.strip() and (mark is None or mark.number != placed[col]):
                self.warn(
                    row,
                    f"the {self.header_of(col)} cell {quoted(cell)!r} of a row without an item "
                    f"name is not applied: the row continues item {quoted(last.cells['name'])!r} "
                    f"({last.row.position})",
                )

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
        elif self.only_structure(row):
            self.not_understood(
                row,
                "row with text in the goal/area column(s) only: no item, not loaded as a goal "
                "or area",
            )
        elif not self.name_of(row).strip():
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
        elif self.only_name(row):
            where = "first cell" if self.name_at == 0 and not self.structure_at else "name cell"
            self.not_understood(row, f"row with text in the {where} only that is no goal or area")
        else:
            self.item(row)

    def filled(self, row: RawRow) -> set[int]:
        return {i for i, c in enumerate(row.cells) if c.strip()}

    def only_structure(self, row: RawRow) -> bool:
        """A row whose only text is in the goal/area columns."""
        return bool(self.structure_at) and self.filled(row) <= set(self.structure_at.values())

    def only_name(self, row: RawRow) -> bool:
        """A row whose only text is its name (and its goal/area cells)."""
        return self.filled(row) <= {self.name_at, *self.structure_at.values()}


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

"""Interpret raw rows: title, header, goal, area, item, continuation, blank, not understood.

Every physical line (or sheet row) is classified exactly once, so that `plan-analysis check`
can reconcile the file; oddities are kept as warnings with their text, bad structure is a
`PlanAnalysisError` naming the file and position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import PlanAnalysisError, warning_text
from .headers import REQUIRED_COLUMNS, HeaderNames
from .markers import is_section_row, parse_area, parse_goal
from .readers import RawRow, RawTable


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


class _Parser:
    """Walks the rows once, keeping the current header, goal and area."""

    def __init__(self, raw: RawTable, headers: HeaderNames) -> None:
        self.headers = headers
        self.out = ParsedTable(raw)
        self.file = raw.path.name
        self.mapping: dict[int, str] | None = None
        self.goal: int | None = None
        self.area: int | None = None

    def record(self, row: RawRow, kind: str) -> None:
        text = "\t".join(row.cells)
        sheet = row.sheet or ""
        self.out.lines.append(LineRecord(sheet, row.line, kind, text))
        for extra in row.extra_lines:
            self.out.lines.append(LineRecord(sheet, extra, "continuation", ""))

    def warn(self, row: RawRow, problem: str) -> None:
        self.out.warnings.append(warning_text(problem, file=self.file, position=row.position))

    def fail(self, row: RawRow, problem: str) -> PlanAnalysisError:
        return PlanAnalysisError(problem, file=self.file, position=row.position)

    def header(self, row: RawRow) -> None:
        mapping = self.headers.header_mapping(row.cells, file=self.file, position=row.position)
        if self.mapping is not None and mapping != self.mapping:
            raise self.fail(row, f"header row differs from the first one: {' | '.join(row.cells)}")
        self.mapping = mapping
        self.record(row, "header")

    def section(self, row: RawRow) -> None:
        goal = parse_goal(row.cells[0])
        if goal is not None:
            number, title = goal
            if number in self.out.goals:
                self.warn(row, f"基本目標{number} appears a second time: {row.cells[0]!r}")
            self.out.goals[number] = title
            self.goal, self.area = number, None
            self.record(row, "goal")
            return
        number, title = parse_area(row.cells[0]) or (0, "")
        if self.goal is None:
            raise self.fail(row, f"policy area row {row.cells[0]!r} comes before any 基本目標 row")
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
                f"{' | '.join(c[:20] for c in row.cells)}",
            )
        stray = [c for i, c in enumerate(row.cells) if c.strip() and i not in self.mapping]
        if stray:
            self.warn(row, f"text in a column without a header is not loaded as a cell: {stray}")
        return width

    def item(self, row: RawRow) -> None:
        assert self.mapping is not None
        width = self.check_width(row, "item row")
        if self.goal is None:
            raise self.fail(row, f"item {row.cells[0]!r} comes before any 基本目標 row")
        if len(row.cells) < width:
            self.warn(
                row,
                f"item row has {len(row.cells)} of {width} cells; the missing cells are taken as "
                f"empty: {' | '.join(row.cells)}",
            )
        if self.area is None:
            self.warn(row, f"item {row.cells[0]!r} is under 基本目標{self.goal} but no policy area")
        cells = {col: "" for col in REQUIRED_COLUMNS}
        for i, col in self.mapping.items():
            if i < len(row.cells):
                cells[col] = row.cells[i]
        seq = len(self.out.items) + 1
        self.out.items.append(ParsedItem(seq, self.goal, self.area, cells, row))
        self.record(row, "item")

    def continuation(self, row: RawRow) -> None:
        """Cells of a row with an empty name cell continue the previous item's cells."""
        assert self.mapping is not None
        self.check_width(row, "row continuing the previous item")
        last = self.out.items[-1]
        for i, col in self.mapping.items():
            if i < len(row.cells) and row.cells[i].strip():
                joined = f"{last.cells[col]}\n{row.cells[i]}" if last.cells[col] else row.cells[i]
                last.cells[col] = joined
        self.record(row, "continuation")

    def not_understood(self, row: RawRow, why: str) -> None:
        self.warn(row, f"{why}; text kept in the reconciliation: {' | '.join(row.cells)}")
        self.record(row, "not_understood")

    def row(self, row: RawRow) -> None:
        if row.is_blank:
            self.record(row, "blank")
        elif self.headers.looks_like_header(row.cells):
            self.header(row)
        elif self.mapping is None:
            if self.out.title is None:
                self.out.title = " ".join(c.strip() for c in row.cells if c.strip())
                self.record(row, "title")
            else:
                self.not_understood(row, "line before the header row that is not the title")
        elif is_section_row(row.cells):
            self.section(row)
        elif not row.cells[0].strip():
            if self.out.items:
                self.continuation(row)
            else:
                self.not_understood(row, "row without an item name before the first item")
        elif len(row.cells) == 1:
            self.not_understood(row, "row with text in the first cell only that is no goal or area")
        else:
            self.item(row)


def parse_table(raw: RawTable, headers: HeaderNames) -> ParsedTable:
    """Classify every row of `raw`; raises PlanAnalysisError on a table it cannot read."""
    parser = _Parser(raw, headers)
    for row in raw.rows:
        parser.row(row)
    if parser.mapping is None:
        first = next((r for r in raw.rows if not r.is_blank), None)
        found = " | ".join(first.cells) if first else "nothing"
        raise PlanAnalysisError(
            f"no header row found (first non-blank row: {found}); expected a row naming the "
            "columns 事業名 / 所管課 / 内容 / これまでの取り組み / 今後の予定 (or accepted variants)",
            file=raw.path.name,
        )
    if not parser.out.items:
        raise PlanAnalysisError("the table has a header but no item rows", file=raw.path.name)
    return parser.out

"""Patterns of the rows that structure a table: 基本目標N (goal) and (N) (policy area)."""

from __future__ import annotations

import re
import unicodedata

_GOAL = re.compile(r"^基本目標\s*(\d+)\s*[:：.．、]?\s*(.*)$", re.S)
_AREA = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(.*)$", re.S)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_goal(cell: str) -> tuple[int, str] | None:
    """(number, title) of a goal cell such as '基本目標1 住みよい…', else None."""
    m = _GOAL.match(_nfkc(cell))
    return (int(m.group(1)), m.group(2).strip()) if m else None


def parse_area(cell: str) -> tuple[int, str] | None:
    """(number, title) of a policy-area cell such as '(1)対象者横断の…' or '(7) 地域…', else None."""
    m = _AREA.match(_nfkc(cell))
    return (int(m.group(1)), m.group(2).strip()) if m else None


def is_section_row(cells: tuple[str, ...]) -> bool:
    """A goal or area row: a goal/area marker in the first cell and nothing elsewhere."""
    if not cells or any(c.strip() for c in cells[1:]):
        return False
    return parse_goal(cells[0]) is not None or parse_area(cells[0]) is not None

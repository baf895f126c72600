"""Patterns of the rows that structure a table: 基本目標N (goal), (N) (policy area), a title
line, and the shapes that tell a row of its own from text wrapped onto the next line.

A PDF text copy may wrap a cell in `<p>…</p>` (the seed does on one page), so the markers are
looked for with those tags removed.
"""

from __future__ import annotations

import re
import unicodedata

_GOAL = re.compile(r"^基本目標\s*(\d+)\s*[:：.．、]?\s*(.*)$", re.S)
_AREA = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(.*)$", re.S)
_P_TAG = re.compile(r"</?p>", re.I)

#: The end of a complete cell: a sentence end, or a closing bracket such as a (…課) tag.
_CELL_END = re.compile(r"[。．.！!？?)）」』】]$")
#: One owner name as a 所管課 cell lists it: a section or division name.
_OWNER_NAME = re.compile(r"^[^\s。、,，]{1,20}(課|部|部内各課|館|室)$")
_OWNER_SPLIT = re.compile(r"[\s、,，/／]+")
#: Words a table title has beside its fiscal year (令和3年度第3期…地域福祉計画 進行管理表).
_TITLE_WORDS = re.compile(r"進行管理|管理表|進捗|評価表|評価シート|計画")
_TITLE_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年度|(19|20)\d{2}\s*年度")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", _P_TAG.sub(" ", text)).strip()


def parse_goal(cell: str) -> tuple[int, str] | None:
    """(number, title) of a goal cell such as '基本目標1 住みよい…', else None."""
    m = _GOAL.match(_nfkc(cell))
    return (int(m.group(1)), m.group(2).strip()) if m else None


def parse_area(cell: str) -> tuple[int, str] | None:
    """(number, title) of a policy-area cell such as '(1)対象者横断の…' or '(7) 地域…', else None."""
    m = _AREA.match(_nfkc(cell))
    return (int(m.group(1)), m.group(2).strip()) if m else None


def _is_marker(cell: str) -> bool:
    return parse_goal(cell) is not None or parse_area(cell) is not None


def is_section_row(cells: tuple[str, ...]) -> bool:
    """A goal or area row: a goal/area marker in the first cell and nothing elsewhere."""
    if not cells or any(c.strip() for c in cells[1:]):
        return False
    return _is_marker(cells[0])


def offset_section_cell(cells: tuple[str, ...]) -> int | None:
    """The index of a goal/area marker that is the only filled cell of a row but not its
    first cell ('\\t\\t基本目標2 …'), else None."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) == 1 and filled[0] > 0 and _is_marker(cells[filled[0]]):
        return filled[0]
    return None


def looks_like_title(cells: tuple[str, ...]) -> bool:
    """A table title: one filled cell naming a fiscal year (令和N年度, 平成N年度, 2022年度)
    and a word of a title (計画, 進行管理, 管理表, 進捗, 評価表/評価シート), no sentence end,
    and no goal/area marker."""
    filled = [c for c in cells if c.strip()]
    if len(filled) != 1:
        return False
    text = _nfkc(filled[0])
    return (
        len(text) <= 100
        and "。" not in text
        and not _is_marker(text)
        and _TITLE_YEAR.search(text) is not None
        and _TITLE_WORDS.search(text) is not None
    )


def looks_like_owner(cell: str) -> bool:
    """A 所管課 cell: one or more section/division names (…課, …部, 福祉部内各課, …館, …室)."""
    names = [n for n in _OWNER_SPLIT.split(_nfkc(cell)) if n]
    return bool(names) and len(names) <= 8 and all(_OWNER_NAME.match(n) for n in names)


def ends_cell(text: str) -> bool:
    """True when `text` ends as a complete cell does: 。/．/!/? or a closing bracket."""
    return _CELL_END.search(_nfkc(text)) is not None

"""Patterns of the rows that structure a table: goal (基本目標) and policy-area (施策) markings,
a title line, and the shapes that tell a row of its own from text wrapped onto the next line.

**Which marking is a goal, which an area.** Tables of different cities mark the same two
levels in many ways; the rule is

* a **goal** is a marking that says 基本目標: `基本目標1`, `基本目標１`, `基本目標Ⅱ` (NFKC gives
  II), `基本目標二` / `基本目標十二`, optionally bracketed (`【基本目標1】`) and followed by
  `：`, `.`, `、` or a space before the title;
* every other marking is a **policy area**, in one of five styles: `(N)` (also `（１）`, `⑴`,
  `(一)`), `【N】` (also `〔N〕`, `[N]`), `①`…`⑳` (any circled number), `施策N` (also
  `【施策1】`), and `G-N` (`1-2`, `1－2`, `1ー2`: area N of goal G). Within one table the
  areas are marked in one style, the style of its first area row: a section row marked in
  another style (a sub-heading ① under (1) areas, say) is not understood, with a warning,
  and never taken for an area.

N may be written in digits (full-width digits fold by NFKC), Roman numerals (I–XXXIX, any
case) or kanji numerals (一…九十九), and always comes out as an int: Ⅱ → 2, 二 → 2, ② → 2.
The number of a `G-N` marking is N; G is checked against the goal the area stands under.

**Goal and area columns.** A table may give each item's goal and area in columns of their
own (headers mapped to `goal` / `area` by header_aliases.csv). Such a cell holds a marking
as above, or a bare number (`1`, `1．住みよい…`, `二 …`): a goal cell any marking but 施策N
and G-N, an area cell any but 基本目標N (`goal_in_cell`, `area_in_cell`).

A PDF text copy may wrap a cell in `<p>…</p>` (the seed does on one page), so the markers are
looked for with those tags removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_P_TAG = re.compile(r"</?p>", re.I)

#: A number as tables write it (after NFKC): digits, Roman numerals, kanji numerals.
_ROMAN = r"(?=[IVXivx])(?i:X{0,3}(?:IX|IV|V?I{0,3}))(?![A-Za-z])"
_KANJI = r"[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_NUMBER = rf"(?P<num>\d+|{_KANJI}|{_ROMAN})"
_OPEN, _CLOSE = r"[【〔\[]", r"[】〕\]]"
#: A closing bracket at the end of a title.
_CLOSING = re.compile(f"{_CLOSE}$")
#: What may stand between a marking and its title.
_SEP = r"\s*[:：.．、]?\s*"

_GOAL = re.compile(
    rf"^(?P<open>{_OPEN})?\s*基本目標\s*{_NUMBER}\s*(?P<close>{_CLOSE})?{_SEP}(?P<title>.*)$",
    re.S,
)
_AREA_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("(N)", re.compile(rf"^\(\s*{_NUMBER}\s*\)\s*(?P<title>.*)$", re.S)),
    (
        "施策N",
        re.compile(
            rf"^(?P<open>{_OPEN})?\s*施策\s*{_NUMBER}\s*(?P<close>{_CLOSE})?{_SEP}(?P<title>.*)$",
            re.S,
        ),
    ),
    ("【N】", re.compile(rf"^{_OPEN}\s*{_NUMBER}\s*{_CLOSE}{_SEP}(?P<title>.*)$", re.S)),
    (
        "G-N",
        re.compile(
            r"^(?P<goal>\d{1,2})\s*[-‐‑‒–—―−ーｰ]\s*(?P<num>\d{1,2})(?!\d)"
            + _SEP
            + r"(?P<title>.*)$",
            re.S,
        ),
    ),
)
#: A bare number in a goal or area column: `1`, `1．title`, `二 title` (a separator, a space
#: or the end must follow, so that a title starting with 一人ひとり is no number).
_BARE = re.compile(rf"^{_NUMBER}(?:\s*[:.、)]\s*|\s+|$)(?P<title>.*)$", re.S)

_KANJI_DIGITS = {k: v for v, k in enumerate("一二三四五六七八九", start=1)}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def number_value(text: str) -> int:
    """The int a number of a marking stands for: '12' → 12, 'IV' → 4, '十二' → 12."""
    if text.isdigit():
        return int(text)
    if "十" in text or text in _KANJI_DIGITS:
        tens, _, ones = text.partition("十")
        if "十" not in text:
            return _KANJI_DIGITS[text]
        return _KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(ones, 0)
    values = [_ROMAN_VALUES[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@dataclass(frozen=True)
class Marking:
    """A goal or policy-area marking: its level, number, title and style; for a `G-N`
    marking also the goal G it names."""

    level: str  # "goal" or "area"
    number: int
    title: str
    style: str  # "基本目標N", or an area style: "(N)", "【N】", "①", "施策N", "G-N"
    goal: int | None = None


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", _P_TAG.sub(" ", text)).strip()


def _circled(text: str) -> tuple[int, str] | None:
    """(number, rest) of a cell starting with a circled number (①, ㉑, ❶, ㊀): looked for
    before NFKC, which turns ① into a plain 1."""
    head = _P_TAG.sub(" ", text).strip()[:1]
    name = unicodedata.name(head, "") if head else ""
    value = unicodedata.numeric(head, None) if head else None
    if "CIRCLED" not in name or value is None or value != int(value):
        return None
    return int(value), _P_TAG.sub(" ", text).strip()[1:]


def _title(m: re.Match[str]) -> str:
    """The title of a match; a bracket opened before the marking and closed only after the
    title (`【基本目標1 住みよい…】`) is dropped."""
    title = m.group("title").strip()
    groups = m.groupdict()
    if groups.get("open") and not groups.get("close") and _CLOSING.search(title):
        title = title[:-1].rstrip()
    return title


def marking(cell: str) -> Marking | None:
    """The goal or policy-area marking a cell starts with (see the module's rule), else None."""
    circled = _circled(cell)
    if circled is not None:
        return Marking("area", circled[0], _nfkc(circled[1]), "①")
    text = _nfkc(cell)
    m = _GOAL.match(text)
    if m:
        return Marking("goal", number_value(m.group("num")), _title(m), "基本目標N")
    for style, pattern in _AREA_STYLES:
        m = pattern.match(text)
        if m:
            goal = int(m.group("goal")) if style == "G-N" else None
            return Marking("area", number_value(m.group("num")), _title(m), style, goal)
    return None


def _bare(cell: str, level: str) -> Marking | None:
    m = _BARE.match(_nfkc(cell))
    return Marking(level, number_value(m.group("num")), _title(m), "N") if m else None


def goal_in_cell(cell: str) -> Marking | None:
    """The goal a goal-column cell names: a goal marking, a bare number (`1`, `1．title`) or
    a (N)/【N】/① marking (the column says it is a goal); None for anything else."""
    found = marking(cell)
    if found is not None and found.style not in ("施策N", "G-N"):
        return Marking("goal", found.number, found.title, found.style)
    return _bare(cell, "goal") if found is None else None


def area_in_cell(cell: str) -> Marking | None:
    """The policy area an area-column cell names: an area marking or a bare number; None for
    anything else (also for a 基本目標 marking)."""
    found = marking(cell)
    if found is not None:
        return found if found.level == "area" else None
    return _bare(cell, "area")


def parse_goal(cell: str) -> tuple[int, str] | None:
    """(number, title) of a goal cell such as '基本目標1 住みよい…' or '【基本目標Ⅱ】…', else None."""
    found = marking(cell)
    return (found.number, found.title) if found is not None and found.level == "goal" else None


def parse_area(cell: str) -> tuple[int, str] | None:
    """(number, title) of a policy-area cell such as '(1)対象者横断の…', '①…' or '1-2 …',
    else None."""
    found = marking(cell)
    return (found.number, found.title) if found is not None and found.level == "area" else None


def _is_marker(cell: str) -> bool:
    return marking(cell) is not None


#: The end of a complete cell: a sentence end, or a closing bracket such as a (…課) tag.
_CELL_END = re.compile(r"[。．.！!？?)）」』】]$")
#: One owner name as a 所管課 cell lists it: a section or division name.
_OWNER_NAME = re.compile(r"^[^\s。、,，]{1,20}(課|部|部内各課|館|室)$")
_OWNER_SPLIT = re.compile(r"[\s、,，/／]+")
#: Words a table title has beside its fiscal year (令和3年度第3期…地域福祉計画 進行管理表).
_TITLE_WORDS = re.compile(r"進行管理|管理表|進捗|評価表|評価シート|計画")
_TITLE_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年度|(19|20)\d{2}\s*年度")


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
        and not _is_marker(filled[0])
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

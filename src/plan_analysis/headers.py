"""Recognise the header row of a progress table: the accepted names of each column.

A next year's table keeps the idea but renames headers (担当課, 取組状況, 令和4年度の取組 …).
This module is the one place that lists what is accepted; an unknown header is an error
listing what was found and what is accepted.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import PlanAnalysisError

#: Canonical column → accepted header names (compared after NFKC and removing spaces).
#: `{年度}` stands for any fiscal-year prefix such as 令和4年度 / R4年度 / 2022年度.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("事業名", "事業", "取組名", "取組事業", "施策・事業名", "事業・取組名", "項目"),
    "owner": ("所管課", "担当課", "所管", "担当", "担当部署", "所管部署", "所管課名", "担当課名"),
    "content": ("内容", "事業内容", "事業の内容", "事業概要", "概要", "取組内容"),
    "past_efforts": (
        "これまでの取り組み",
        "これまでの取組",
        "これまでの取組み",
        "取組状況",
        "取り組み状況",
        "取組み状況",
        "実施状況",
        "取組実績",
        "実績",
        "{年度}の取組",
        "{年度}の取り組み",
        "{年度}の取組み",
        "{年度}の取組状況",
        "{年度}の実績",
        "{年度}実績",
    ),
    "plans": (
        "今後の予定",
        "今後の方向性",
        "今後の取組",
        "今後の取り組み",
        "今後の取組み",
        "今後の展開",
        "今後の課題・予定",
        "{年度}の予定",
        "{年度}の取組予定",
        "次年度の予定",
    ),
}

#: Columns every table must have, in the order they are stored.
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "owner", "content", "past_efforts", "plans")

_YEAR_PREFIX = r"(?:(?:令和|平成|R|H)(?:元|\d{1,2})|\d{4})年度"


def _key(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def _compile(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(_key(n)).replace(re.escape("{年度}"), _YEAR_PREFIX) for n in names]
    return re.compile("^(?:" + "|".join(parts) + ")$")


_PATTERNS: dict[str, re.Pattern[str]] = {col: _compile(n) for col, n in HEADER_ALIASES.items()}


def column_of(cell: str) -> str | None:
    """The canonical column a header cell names, or None."""
    key = _key(cell)
    return next((col for col, pat in _PATTERNS.items() if pat.match(key)), None)


def looks_like_header(cells: tuple[str, ...]) -> bool:
    """True when the row's first filled cell names the item column, or two cells are known."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    known = sum(column_of(c) is not None for c in filled)
    return (column_of(filled[0]) == "name" and len(filled) >= 2) or known >= 2


def accepted_names() -> str:
    """Human-readable list of accepted header names, for error messages."""
    return "; ".join(f"{col}: {' / '.join(names)}" for col, names in HEADER_ALIASES.items())


def header_mapping(cells: tuple[str, ...], *, file: str, position: str) -> dict[int, str]:
    """Cell index → canonical column for a header row; raises on unknown or missing names."""
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        col = column_of(cell)
        if col is None:
            unknown.append(cell.strip())
        elif col in mapping.values():
            raise PlanAnalysisError(
                f"header names column {col!r} twice ({cell.strip()!r}); found {list(cells)}",
                file=file,
                position=position,
            )
        else:
            mapping[i] = col
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if unknown or missing:
        found = " | ".join(c.strip() for c in cells)
        problems = []
        if unknown:
            problems.append(f"unknown header name(s) {unknown}")
        if missing:
            problems.append(f"no column for {missing}")
        raise PlanAnalysisError(
            f"{' and '.join(problems)}; found header: {found}; accepted names: {accepted_names()}",
            file=file,
            position=position,
        )
    return mapping

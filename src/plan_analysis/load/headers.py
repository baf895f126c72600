"""Recognise the header row of a progress table: the accepted names of each column.

A next year's table keeps the idea but renames headers (担当課, 取組状況, 令和4年度の取組 …),
and other cities add columns. The accepted names are data (`header_aliases.csv` in the
reference folder, read by `reference`); this module holds only the logic. A header names

* one of the five core columns (`REQUIRED_COLUMNS`, every table has them),
* a structure column (`STRUCTURE_COLUMNS`: 基本目標 or 施策 given as a column instead of as
  section rows), or
* a declared extra column (any other name of the file, e.g. `grade` for 評価): carried into
  `items` under its declared name.

A header name may hold `{年度}` (any fiscal-year prefix: 令和4年度, R4年度, 2022年度) and `*`
(any text: `*の概要`, `今後の*`); a name written out wins over a pattern. An unknown header is
an error listing what was found and what is accepted, and naming the file to edit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..analyst_files import reject_rows
from ..errors import PlanAnalysisError, quoted
from ..schema import TABLES

#: Columns every table must have, in the order they are stored.
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "owner", "content", "past_efforts", "plans")
#: Columns that place an item instead of goal/area rows: its 基本目標 and its 施策.
STRUCTURE_COLUMNS: tuple[str, ...] = ("goal", "area")
#: How a declared extra column may be named (it becomes a column of `items`).
EXTRA_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

_YEAR_PREFIX = r"(?:(?:令和|平成|R|H)(?:元|\d{1,2})|\d{4})年度"


_SPACE = re.compile(r"\s+")


def _key(cell: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", cell))


def is_pattern(name: str) -> bool:
    """Whether a header name of the file is a pattern (holds `{年度}` or `*`)."""
    return "{年度}" in name or "*" in name


def _alternatives(names: tuple[str, ...]) -> str:
    """The patterns among one column's header names as one regex alternation ('' if none)."""
    return "|".join(
        re.escape(_key(n)).replace(re.escape("{年度}"), _YEAR_PREFIX).replace(r"\*", ".+")
        for n in names
        if is_pattern(n)
    )


@dataclass(frozen=True)
class HeaderNames:
    """The accepted header names of each column (from `header_aliases.csv`): the core
    columns, then any structure and extra columns, in the order of the file."""

    names: Mapping[str, tuple[str, ...]]
    file: str = "the header names file"

    @functools.cached_property
    def exact(self) -> dict[str, str]:
        """Header key → column, for the names written out."""
        return {
            _key(n): col for col, names in self.names.items() for n in names if not is_pattern(n)
        }

    @functools.cached_property
    def _pattern(self) -> tuple[re.Pattern[str], dict[str, str]]:
        """One regex for the patterns of every column, a group per column in the order of
        the file (so the first column whose pattern matches wins), and each group's column."""
        alternatives = {
            f"c{i}": _alternatives(names) for i, names in enumerate(self.names.values())
        }
        groups = "|".join(f"(?P<{group}>{alt})" for group, alt in alternatives.items() if alt)
        regex = re.compile(f"^(?:{groups})$" if groups else "(?!)")
        return regex, dict(zip(alternatives, self.names, strict=True))

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """The declared extra columns, in the order of the file."""
        known = (*REQUIRED_COLUMNS, *STRUCTURE_COLUMNS)
        return tuple(c for c in self.names if c not in known)

    def column_of(self, cell: str) -> str | None:
        """The column a header cell names (a name written out first, then the patterns in
        the order of the file), or None."""
        key = _key(cell)
        if key in self.exact:
            return self.exact[key]
        regex, columns = self._pattern
        m = regex.match(key)
        return columns[m.lastgroup] if m and m.lastgroup else None

    def looks_like_header(self, cells: tuple[str, ...]) -> bool:
        """True when the row's first filled cell names the item column, or two cells are known."""
        filled = [c for c in cells if c.strip()]
        if not filled:
            return False
        columns = [self.column_of(c) for c in filled]
        known = sum(c is not None for c in columns)
        return (columns[0] == "name" and len(filled) >= 2) or known >= 2

    def accepted_names(self) -> str:
        """Human-readable list of accepted header names, for error messages."""
        return "; ".join(f"{col}: {' / '.join(names)}" for col, names in self.names.items())

    def _unknown(self, unknown: list[str]) -> str:
        return (
            f"unknown header name(s) {quoted(unknown)} (a variant of a core column, or an extra "
            f"column such as 評価 or 備考: declare it in {self.file} — e.g. `grade,評価,` — "
            "and it is carried into the items table)"
        )

    def header_mapping(self, cells: tuple[str, ...], *, file: str, position: str) -> dict[int, str]:
        """Cell index → canonical column for a header row; raises on unknown or missing names."""
        mapping: dict[int, str] = {}
        unknown: list[str] = []
        for i, cell in enumerate(cells):
            if not cell.strip():
                continue
            col = self.column_of(cell)
            if col is None:
                unknown.append(cell.strip())
            elif col in mapping.values():
                raise PlanAnalysisError(
                    f"header names column {col!r} twice ({quoted(cell.strip())!r}); found {quoted(list(cells))}",
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
                problems.append(self._unknown(unknown))
            if missing:
                problems.append(f"no column for {missing}")
            raise PlanAnalysisError(
                f"{' and '.join(problems)}; found header: {quoted(found)}; "
                f"accepted names: {self.accepted_names()}",
                file=file,
                position=position,
            )
        return mapping


#: Columns of the header aliases file.
HEADER_ALIAS_COLUMNS: tuple[str, ...] = ("column", "header", "note")


def header_names(aliases: pd.DataFrame, path: Path, shown: str | None = None) -> HeaderNames:
    """The accepted names from the rows of `header_aliases.csv` (read with its columns).

    A row names a core column, a structure column (goal, area) or declares an extra column
    (a lower-case name: grade, target_value, notes …); every core column needs a name, and
    one header written out names one column only. `shown` is how messages name the file."""
    core = (*REQUIRED_COLUMNS, *STRUCTURE_COLUMNS)
    named = aliases["column"].isin(core) | aliases["column"].map(
        lambda c: EXTRA_NAME.fullmatch(c) is not None
    )
    reject_rows(
        aliases,
        ~named | (aliases["header"] == ""),
        path,
        f"a row needs a column (one of {', '.join(core)}, or the name of an extra column in "
        "lower-case letters, digits and _, e.g. grade) and a header",
    )
    taken = {c.name for c in TABLES["items"].columns if "<" not in c.name}
    reject_rows(
        aliases,
        aliases["column"].isin(taken - set(core)),
        path,
        "an extra column needs a name of its own, not one of the items table's columns",
    )
    bare = aliases["header"].map(lambda h: _key(h).replace("{年度}", "").replace("*", "") == "")
    reject_rows(
        aliases,
        bare,
        path,
        "a header pattern needs text besides {年度} and * (a bare * would take every header)",
    )
    keys = aliases["header"].map(_key)
    written = ~aliases["header"].map(is_pattern)
    twice = (
        written
        & keys.duplicated(keep=False)
        & ~aliases.duplicated(["column", "header"], keep=False)
    )
    clash = aliases[twice].groupby(keys[twice])["column"].nunique() > 1
    reject_rows(
        aliases,
        twice & keys.isin(clash[clash].index),
        path,
        "the same header names two columns; a header belongs to one column",
    )
    order = list(dict.fromkeys([*REQUIRED_COLUMNS, *aliases["column"]]))
    names = {col: tuple(aliases.loc[aliases["column"] == col, "header"]) for col in order}
    lacking = [col for col in REQUIRED_COLUMNS if not names[col]]
    if lacking:
        raise PlanAnalysisError(f"no accepted header for column(s) {lacking}", file=path)
    return HeaderNames(names, shown or path.name)

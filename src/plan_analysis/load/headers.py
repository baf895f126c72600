"""Recognise the header row of a progress table: the accepted names of each column.

A next year's table keeps the idea but renames headers (担当課, 取組状況, 令和4年度の取組 …).
The accepted names are data (`header_aliases.csv` in the reference folder, read by
`reference`); this module holds only the logic. An unknown header is an error listing what
was found and what is accepted.
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

#: Columns every table must have, in the order they are stored.
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "owner", "content", "past_efforts", "plans")

_YEAR_PREFIX = r"(?:(?:令和|平成|R|H)(?:元|\d{1,2})|\d{4})年度"


def _key(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def _compile(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(_key(n)).replace(re.escape("{年度}"), _YEAR_PREFIX) for n in names]
    return re.compile("^(?:" + "|".join(parts) + ")$")


@dataclass(frozen=True)
class HeaderNames:
    """The accepted header names of each canonical column (from `header_aliases.csv`)."""

    names: Mapping[str, tuple[str, ...]]

    @functools.cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        return {col: _compile(names) for col, names in self.names.items()}

    def column_of(self, cell: str) -> str | None:
        """The canonical column a header cell names, or None."""
        key = _key(cell)
        return next((col for col, pat in self.patterns.items() if pat.match(key)), None)

    def looks_like_header(self, cells: tuple[str, ...]) -> bool:
        """True when the row's first filled cell names the item column, or two cells are known."""
        filled = [c for c in cells if c.strip()]
        if not filled:
            return False
        known = sum(self.column_of(c) is not None for c in filled)
        return (self.column_of(filled[0]) == "name" and len(filled) >= 2) or known >= 2

    def accepted_names(self) -> str:
        """Human-readable list of accepted header names, for error messages."""
        return "; ".join(f"{col}: {' / '.join(names)}" for col, names in self.names.items())

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
                problems.append(f"unknown header name(s) {quoted(unknown)}")
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


def header_names(aliases: pd.DataFrame, path: Path) -> HeaderNames:
    """The accepted names from the rows of `header_aliases.csv` (read with its columns);
    every required column needs a name, and a row names one of them."""
    bad = ~aliases["column"].isin(REQUIRED_COLUMNS) | (aliases["header"] == "")
    reject_rows(
        aliases,
        bad,
        path,
        f"a row needs a column (one of {', '.join(REQUIRED_COLUMNS)}) and a header",
    )
    names = {
        col: tuple(aliases.loc[aliases["column"] == col, "header"]) for col in REQUIRED_COLUMNS
    }
    lacking = [col for col, found in names.items() if not found]
    if lacking:
        raise PlanAnalysisError(f"no accepted header for column(s) {lacking}", file=path)
    return HeaderNames(names)

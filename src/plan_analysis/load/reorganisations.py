"""Reorganisations: sections and divisions renamed, moved to another division, or split.

The alias file of the reference folder lists the changes, each with the first fiscal year
it holds (`from_year`):

- a **rename**: old_name → new_name (自立支援課 → 生活支援課; also a division, 福祉部 → …);
- a **move**: a name whose `division` column is filled belongs to that division (部) from
  from_year on (old_name = new_name for a section that only moved; a rename may move too);
- a **split**: one old_name with several new_names of the same from_year.

The department directory gives each name its division as first written; a move
overrides it from its year. Comparing two years maps the older year's names to the newer
year's (`PairNames`), in 所管課, in (…課) tags and in body text, matching whole names only;
trends use the names of today (`current_name`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from ..analyst_files import read_reference_csv, reject_rows
from ..config import NAME_AFTER_OK, NAME_BEFORE_OK

ALIAS_COLUMNS: tuple[str, ...] = ("old_name", "new_name", "from_year", "note")
#: An optional column: older files (without it) read as if it were empty.
DIVISION_COLUMN = "division"
#: How the successors of a split are written as one name when the two sides are compared.
SPLIT_JOIN = "／"

#: A fiscal year after every change of the file: "today" for current names and divisions.
_TODAY = 10_000

_IDEOGRAPH = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"


@dataclass(frozen=True)
class Change:
    """One row of the alias file (names NFKC-normalised)."""

    old_name: str
    new_name: str
    from_year: int
    division: str = ""

    @property
    def renames(self) -> bool:
        return self.old_name != self.new_name


@dataclass(frozen=True)
class Reorganisations:
    """The changes of the alias file, in order of from_year (then of the file)."""

    changes: tuple[Change, ...] = ()

    @cached_property
    def _split(self) -> dict[tuple[str, int], list[str]]:
        """(old_name, from_year) → its new names, for a name split into several (one of
        them may be the old name itself)."""
        out: dict[tuple[str, int], list[str]] = {}
        for c in self.changes:
            out.setdefault((c.old_name, c.from_year), []).append(c.new_name)
        return {k: list(dict.fromkeys(v)) for k, v in out.items() if len(set(v)) > 1}

    def between(self, year_from: int, year_to: int) -> list[Change]:
        """The renames and splits that took effect after `year_from`, up to `year_to`."""
        return [
            c
            for c in self.changes
            if year_from < c.from_year <= year_to
            and (c.renames or (c.old_name, c.from_year) in self._split)
        ]

    def splits(self, changes: Iterable[Change]) -> dict[tuple[str, int], list[str]]:
        """The splits among `changes`: (old_name, from_year) → new names."""
        keys = {(c.old_name, c.from_year) for c in changes}
        return {k: v for k, v in self._split.items() if k in keys}

    @cached_property
    def _from_years(self) -> list[int]:
        """The distinct from_years of the file, in order."""
        return sorted({c.from_year for c in self.changes})

    @cached_property
    def _todays_names(self) -> list[dict[str, str]]:
        """Per from_year of `_from_years` (and one past the last): name → its name today, for
        the names written before that year and renamed since (built once, not per name)."""
        out = []
        for year in [*self._from_years, _TODAY]:
            later = self.between(year - 1, _TODAY)
            split = self.splits(later)
            renamed = {}
            for name in self.names:
                now = name
                for c in later:
                    if now == c.old_name and (c.old_name, c.from_year) not in split:
                        now = c.new_name
                if now != name:
                    renamed[name] = now
            out.append(renamed)
        return out

    def current_name(self, name: str, fiscal_year: int) -> str:
        """The name `name` (as written in `fiscal_year`) has after every later rename; a
        section split since keeps its old name (its items cannot be given to one successor)."""
        return self._todays_names[bisect_right(self._from_years, fiscal_year)].get(name, name)

    @cached_property
    def _moves(self) -> dict[str, list[Change]]:
        """name → the moves of it (rows with a division), in order of from_year."""
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            if c.division:
                out.setdefault(c.new_name, []).append(c)
        return out

    def division_in(self, name: str, fiscal_year: int, written: str) -> str:
        """The division of `name` in `fiscal_year`: the last move of it up to that year, else
        `written` (the directory's)."""
        held = [c.division for c in self._moves.get(name, ()) if c.from_year <= fiscal_year]
        return held[-1] if held else written

    def current_division(self, name: str) -> str:
        """The division a (current) name was last moved to, or '' if it never moved."""
        return self.division_in(name, _TODAY, "")

    def directory_in(self, directory: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
        """The directory as it stands in `fiscal_year`: moved sections in their new division,
        and a renamed or moved name the directory lacks added with the division of its row."""
        out = directory.copy()
        out["division"] = [
            self.division_in(n, fiscal_year, d)
            for n, d in zip(out["department"], out["division"], strict=True)
        ]
        known = set(out["department"])
        added = {
            c.new_name: c.division
            for c in self.changes
            if c.division and c.from_year <= fiscal_year and c.new_name not in known
        }
        extra = pd.DataFrame(
            {
                "department": list(added),
                "division": [self.division_in(n, fiscal_year, "") for n in added],
                "owner_level": "section",
                "source": "department_aliases",
            },
            columns=out.columns,
        )
        return pd.concat([out, extra], ignore_index=True) if added else out

    @cached_property
    def names(self) -> frozenset[str]:
        """Every name the alias file mentions."""
        return frozenset(n for c in self.changes for n in (c.old_name, c.new_name))

    def pair(self, year_from: int, year_to: int, known: Iterable[str]) -> PairNames:
        """How the names of `year_from` and of `year_to` are compared (see `PairNames`)."""
        changes = self.between(year_from, year_to)
        split = self.splits(changes)
        older: dict[str, str] = {}
        newer: dict[str, str] = {}
        for c in changes:  # in order of from_year: a chain A → B → C ends at C
            if (c.old_name, c.from_year) in split:
                group = SPLIT_JOIN.join(split[c.old_name, c.from_year])
                newer[c.new_name] = group
                target = group
            else:
                target = c.new_name
            for name, was in list(older.items()):
                if was == c.old_name:
                    older[name] = target
            older.setdefault(c.old_name, target)
        return PairNames(older, newer, frozenset(known) | self.names)


@dataclass(frozen=True)
class PairNames:
    """Section names of two compared years made comparable: a name of the older year becomes
    the name it has in the newer year (`older`); a successor of a split, on either side, the
    joined names of all successors (`newer`). Names are matched whole (`NAME_BEFORE_OK`,
    `NAME_AFTER_OK`): a name inside a longer known name, or running on into other kanji
    (地域福祉課題), is left alone."""

    older: dict[str, str]
    newer: dict[str, str]
    known: frozenset[str]

    def side(self, older: bool) -> SideNames:
        """How the older (`older=True`) or the newer year's names are compared."""
        return self._sides[older]

    @cached_property
    def _sides(self) -> tuple[SideNames, SideNames]:
        """(newer, older): an older name goes to its newer name, then to a split's group."""
        newer = {n: to for n, to in self.newer.items() if to != n}
        names = self.older.keys() | self.newer.keys()
        compose = {n: self.newer.get(self.older.get(n, n), self.older.get(n, n)) for n in names}
        older = {n: to for n, to in compose.items() if to != n}
        return SideNames(newer, self.known), SideNames(older, self.known)

    def owner(self, name: str, older: bool) -> str:
        """One listed owner of the older (`older=True`) or the newer year, compared."""
        return self.side(older).owner(name)

    def text(self, text: str, older: bool) -> str:
        """`text` of the older or the newer year with every whole section name compared."""
        return self.side(older).text(text)


@dataclass(frozen=True)
class SideNames:
    """One side of `PairNames`: each name that is compared as another (`renamed`), and the
    names matched whole in texts. Two years' sides are equal when they compare every name
    alike: a year's prepared keys then serve both pairs it belongs to."""

    renamed: dict[str, str]
    known: frozenset[str]

    def owner(self, name: str) -> str:
        """One listed owner, compared."""
        return self.renamed.get(name, name)

    def text(self, text: str) -> str:
        """`text` with every whole section name compared."""
        if not self.renamed:
            return text
        return _whole_names(self.known).sub(lambda m: self.owner(m.group(1)), text)


@cache
def _whole_names(known: frozenset[str]) -> re.Pattern[str]:
    """A pattern of the `known` names matched whole (compiled once per set of names)."""
    names = sorted(known, key=lambda n: (-len(n), n))  # the longest name wins
    before = f"(?:(?<=[{re.escape(NAME_BEFORE_OK)}])|(?<![{_IDEOGRAPH}]))"
    after = f"(?:(?=[{re.escape(NAME_AFTER_OK)}])|(?![{_IDEOGRAPH}]))"
    return re.compile(before + "(" + "|".join(map(re.escape, names)) + ")" + after)


def load_reorganisations(path: Path, divisions: Iterable[str] = ()) -> Reorganisations:
    """The changes of the alias file at `path` (the `division` column may be absent).

    A division named must be one of `divisions` (those of the directory) or a division
    the file renames to: a note written into the division column is caught here."""
    df = read_reference_csv(path, ALIAS_COLUMNS)
    if DIVISION_COLUMN not in df.columns:
        df[DIVISION_COLUMN] = ""
    bad = ~df["from_year"].str.fullmatch(r"\d{4}") | (df["old_name"] == "")
    reject_rows(df, bad, path, "a change needs an old_name and a four-digit from_year")
    for col in ("old_name", "new_name", DIVISION_COLUMN):
        df[col] = df[col].map(lambda s: unicodedata.normalize("NFKC", s))
    df["new_name"] = df["new_name"].mask(df["new_name"] == "", df["old_name"])
    parts = df.groupby(["old_name", "from_year"])["new_name"].transform("nunique")
    reject_rows(
        df,
        (df["old_name"] == df["new_name"]) & (df[DIVISION_COLUMN] == "") & (parts < 2),
        path,
        "new_name is old_name and no division is given: a row renames, moves (division), "
        "splits (one old_name, several new_names) or does several of these",
    )
    known = set(divisions) | set(df["new_name"]) | set(df["old_name"])
    reject_rows(
        df,
        (df[DIVISION_COLUMN] != "") & ~df[DIVISION_COLUMN].isin(known),
        path,
        f"the division is no division of the department directory (known: {', '.join(sorted(divisions))})"
        "; columns are old_name,new_name,from_year,division,note",
    )
    df = df.assign(from_year=df["from_year"].astype("int64")).sort_values(
        "from_year", kind="stable"
    )
    return Reorganisations(
        tuple(
            Change(r.old_name, r.new_name, int(r.from_year), r.division)
            for r in df.itertuples(index=False)
        )
    )

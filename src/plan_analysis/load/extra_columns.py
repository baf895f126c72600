"""Declared extra columns (評価, 達成度, 目標値, 実績値, 備考 …) beyond the five core ones.

A header row of `header_aliases.csv` whose column is not a core column declares an extra
column; its cells go into `items` under the declared name, as written. `column_types.csv`
may state what a column holds, and such a column is also parsed into `item_values` (one
row per item × typed column), the text always kept beside:

- `ordered`: a grade from a stated order, best first (`A>B>C`, `5>4>3>2>1`); `category` is
  the grade (NFKC: Ａ is A), `rank` its place (1 = best). A grade outside the order is a
  warning with the text kept, and no rank.
- `number`: a value with an optional unit and the year it refers to, as tables write them:
  `35.9%(平成25年度)`, `1,200人`, `12回（R2）`; `‐`, `−`, `－` or an empty cell is a
  missing value (no warning). Text that is no number is a warning, kept as text.
- `text`: carried as written (the default for a declared column without a type).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyst_files import read_reference_csv, reject_rows
from ..config import MISSING_VALUE_MARKS
from ..errors import PlanAnalysisError, PlanAnalysisWarning, quoted, warning_text
from ..schema import TABLES
from .fiscal_year import year_from_filename, year_from_title

TYPE_COLUMNS: tuple[str, ...] = ("column", "kind", "values", "unit", "note")
KINDS: tuple[str, ...] = ("text", "ordered", "number")

_NUMBER = re.compile(
    r"^(?P<number>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s()（）]*)\s*"
    r"(?:[(（](?P<year>[^)）]*)[)）])?$"
)

_DTYPES: dict[str, str] = {c.name: c.dtype for c in TABLES["item_values"].columns}


@dataclass(frozen=True)
class ColumnType:
    """What a declared extra column holds (see the module's kinds)."""

    kind: str = "text"
    order: tuple[str, ...] = ()
    unit: str = ""


def extra_columns_in(items: pd.DataFrame) -> list[str]:
    """The declared extra columns `items` carries (after its fixed columns), in order."""
    fixed = {c.name for c in TABLES["items"].columns}
    return [c for c in items.columns if c not in fixed]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def load_column_types(
    path: Path, extra_columns: Iterable[str], headers_file: str
) -> dict[str, ColumnType]:
    """The kinds of `column_types.csv`: a row names a declared extra column of the header
    names (`headers_file`, as messages name it), a kind (text, ordered, number), for
    `ordered` its values best first joined by `>`, for `number` an optional unit."""
    df = read_reference_csv(path, TYPE_COLUMNS[:2])
    for col in TYPE_COLUMNS[2:]:
        if col not in df.columns:
            df[col] = ""
    declared = set(extra_columns)
    undeclared = ~df["column"].isin(declared)
    if undeclared.any():
        # a warning, not an error: a reference folder made by an earlier version may lack the
        # header rows of a column whose type the newer defaults ship
        problem = (
            f"the column(s) {', '.join(df.loc[undeclared, 'column'])} are no extra column "
            f"declared in the header names (declared: {', '.join(sorted(declared)) or 'none'}), "
            f"so their rows are not used: add a header row for each in {headers_file}"
        )
        warnings.warn(warning_text(problem, file=path), PlanAnalysisWarning, stacklevel=2)
        df = df[~undeclared]
    reject_rows(df, ~df["kind"].isin(KINDS), path, f"kind must be one of {', '.join(KINDS)}")
    orders = df["values"].map(lambda v: tuple(_nfkc(x) for x in v.split(">") if x.strip()))
    reject_rows(
        df,
        (df["kind"] == "ordered") & (orders.map(len) < 2),
        path,
        "an ordered column needs its values best first, joined by > (e.g. A>B>C)",
    )
    reject_rows(df, df["column"].duplicated(keep=False), path, "a column is typed twice")
    return {
        col: ColumnType(kind, order if kind == "ordered" else (), _nfkc(unit))
        for col, kind, order, unit in zip(df["column"], df["kind"], orders, df["unit"], strict=True)
    }


def _year_of(text: str) -> int | None:
    """The fiscal year a value's note names (平成25年度, 令和2年度, R2, H25, 2019年度), read as
    a title or a file name names its year."""
    text = _nfkc(text)
    try:
        return year_from_title(text) or year_from_filename(text) if text else None
    except PlanAnalysisError:
        return None


@dataclass(frozen=True)
class Parsed:
    """One cell of a typed column, parsed; `problem` says why it was not understood."""

    category: str = ""
    rank: int | None = None
    value: float = np.nan
    unit: str = ""
    value_year: int | None = None
    problem: str = ""


def parse_cell(text: str, kind: ColumnType) -> Parsed:
    """The value of one cell of a typed column (see the module's kinds)."""
    shown = _nfkc(text)
    if kind.kind == "ordered":
        if not shown:
            return Parsed()
        if shown in kind.order:
            return Parsed(category=shown, rank=kind.order.index(shown) + 1)
        return Parsed(problem=f"is not one of {' > '.join(kind.order)}")
    if shown in MISSING_VALUE_MARKS:
        return Parsed(unit=kind.unit)
    m = _NUMBER.match(shown)
    year = _year_of(m["year"]) if m and m["year"] is not None else None
    if m is None or (m["year"] is not None and year is None):
        return Parsed(unit=kind.unit, problem="is no number (with unit and year) as declared")
    unit = m["unit"] or kind.unit
    if kind.unit and m["unit"] and m["unit"] != kind.unit:
        return Parsed(unit=kind.unit, problem=f"has the unit {m['unit']!r}, declared {kind.unit!r}")
    return Parsed(value=float(m["number"].replace(",", "")), unit=unit, value_year=year)


def item_values(
    items: pd.DataFrame, types: dict[str, ColumnType], *, file: str | Path
) -> tuple[pd.DataFrame, list[str]]:
    """`item_values` of one table's `items` (the typed extra columns it has, built column by
    column) and the warnings for cells not understood (each naming the item and quoting the
    text)."""
    frames, problems = [], []
    for column, kind in types.items():
        if column not in items.columns or kind.kind == "text":
            continue
        ids, names, texts = (items[c].tolist() for c in ("item_id", "name", column))
        parsed = [parse_cell(text, kind) for text in texts]
        problems += [
            warning_text(
                f"{column} {quoted(text)!r} of item {item_id} ({quoted(name, 40)}) "
                f"{cell.problem}: kept as text",
                file=file,
            )
            for item_id, name, text, cell in zip(ids, names, texts, parsed, strict=True)
            if cell.problem
        ]
        frames.append(
            pd.DataFrame(
                {
                    "fiscal_year": items["fiscal_year"].tolist(),
                    "item_id": ids,
                    "extra_column": column,
                    "value_kind": kind.kind,
                    "text": texts,
                    **{
                        field: [getattr(cell, field) for cell in parsed]
                        for field in ("category", "rank", "value", "unit", "value_year")
                    },
                },
                columns=list(_DTYPES),
            ).astype(_DTYPES)
        )
    if not frames:
        return pd.DataFrame(columns=list(_DTYPES)).astype(_DTYPES), problems
    return pd.concat(frames, ignore_index=True), problems

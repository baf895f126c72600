"""Tables as the notebooks and the HTML reports show them: for a reader, not for pandas.

`table` turns a processed table (or a part of one) into a pandas Styler: every cell as a
person reads it (`labels.to_readable`, as in summary.xlsx: Japanese headers and labels, ○ for
True, a blank for False or nothing), no row index, numbers right-aligned in one format per
column (by `labels.number_kind`, as in summary.xlsx: shares as %, similarities with two
decimals, fractional counts with one; other fractions with as many decimals as the column
needs, at most three), text left-aligned. Every cell and header is HTML-escaped (Styler `escape="html"`): text from the
tables never becomes markup. `kwic_table` lines a concordance up on its keyword, as KH Coder
does. The styles are scoped to the table by an id made from its content, so a rerun renders
the same bytes and two tables of a notebook never share styles unless they are the same.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from numbers import Integral, Real

import pandas as pd
from pandas.io.formats.style import Styler

from ..labels import TRUE_MARK, number_kind, to_readable

#: The formats of the kinds of number (`labels.number_kind`), as summary.xlsx shows them.
NUMBER_TEXT: dict[str, str] = {
    "share": "{:.1%}",
    "similarity": "{:.2f}",
    "fraction": "{:.1f}",
}
#: The most decimals a number of no kind is shown with.
MAX_DECIMALS = 3

#: How a cell of each kind of column is aligned.
KIND_STYLES: dict[str, str] = {
    "number": "text-align: right; white-space: nowrap;",
    "flag": "text-align: center;",
    "text": "text-align: left;",
}
#: A concordance (`textstats.kwic`) lined up on its keyword: the left context right-aligned
#: against it, the keyword centred and bold, the right context left-aligned from it.
KWIC_COLUMNS = ("item_id", "name", "owner", "column", "left", "keyword", "right")
KWIC_STYLES: dict[str, str] = {
    "left": "text-align: right; white-space: nowrap;",
    "keyword": "text-align: center; font-weight: bold; white-space: nowrap;",
    "right": "text-align: left; white-space: nowrap;",
}


def is_missing(value: object) -> bool:
    """Whether a cell holds nothing: None, NaN, NA, NaT or empty text."""
    if isinstance(value, str):
        return value == ""
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def column_kind(values: pd.Series) -> str:
    """`number`, `flag` (○ and blank, as `to_readable` shows booleans) or `text`: how a
    column is shown."""
    present = [v for v in values.tolist() if not is_missing(v)]
    if present and all(_is_number(v) for v in present):
        return "number"
    if present and all(v == TRUE_MARK for v in present):
        return "flag"
    return "text"


def decimals_needed(values: pd.Series) -> int:
    """The fewest decimals, one to MAX_DECIMALS, that show every number of `values` as it
    is to MAX_DECIMALS places: 19.0, 2.5 → 1; 0.125 → 3 (a column of fractions keeps one
    decimal even where it is whole, so that 19.0 and 2.4 read alike)."""
    finite = [float(v) for v in values.tolist() if _is_number(v) and math.isfinite(v)]
    shown = [f"{v:.{MAX_DECIMALS}f}".rstrip("0") for v in finite]
    return max((len(s.partition(".")[2]) for s in shown), default=1) or 1


def _formatter(column: str, values: pd.Series, kind: str) -> Callable[[object], str]:
    """The cell formatter of a column (named by its code, e.g. `share`)."""
    if kind in ("flag", "text"):
        return lambda v: "" if is_missing(v) else str(v)
    if number_kind(column) in NUMBER_TEXT:
        number = NUMBER_TEXT[number_kind(column)].format
    else:
        places = decimals_needed(values)
        whole = all(isinstance(v, Integral) for v in values.tolist() if _is_number(v))
        number = str if whole else f"{{:.{places}f}}".format
    return lambda v: "" if is_missing(v) or not math.isfinite(v) else number(v)


def _table_id(shown: pd.DataFrame) -> str:
    """A short id from the table's headers and cells: the same table, the same id."""
    content = shown.to_csv(index=False).encode("utf-8")
    return hashlib.sha256(content).hexdigest()[:12]


def table(df: pd.DataFrame, styles: Mapping[str, str] | None = None) -> Styler:
    """`df` for reading: Japanese headers and labels, no index, blanks for missing values,
    ○ for True, numbers right-aligned and formatted per column, text left-aligned, all
    escaped. `styles` adds CSS for columns named by their code (e.g. KWIC_STYLES)."""
    styles = styles or {}
    shown = to_readable(df).reset_index(drop=True)
    styler = Styler(shown, uuid=_table_id(shown), cell_ids=False)
    styler.hide(axis="index")
    styler.set_table_attributes('class="dataframe plan-table tex2jax_ignore"')
    styler.format_index(escape="html", axis=1)
    css = []
    for position, code in enumerate(df.columns):
        values = shown.iloc[:, position]
        kind = column_kind(values)
        styler.format(
            _formatter(str(code), values, kind),
            subset=pd.IndexSlice[:, shown.columns[[position]]],
            escape="html",
        )
        props = styles.get(str(code), KIND_STYLES[kind])
        css.append({"selector": f"td.col{position}", "props": props})
        if kind == "number":
            css.append({"selector": f"th.col{position}", "props": "text-align: right;"})
    styler.set_table_styles(css)
    return styler


def kwic_table(kwic: pd.DataFrame) -> Styler:
    """A concordance (`textstats.kwic`) as KH Coder shows it: the item (its id, and its
    name and owner when `kwic` has them) and column, then the left context, the keyword and
    the right context lined up on the keyword."""
    return table(kwic[[c for c in KWIC_COLUMNS if c in kwic.columns]], KWIC_STYLES)

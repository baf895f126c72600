"""Write tables to disk: Parquet and CSV (UTF-8 with BOM, for Excel), atomically, reproducibly.

Only the CLI and the report layer call this; library functions return DataFrames.
A file is written to a temporary name in its folder and moved into place, so a reader never
sees half a file, and identical tables give byte-identical files run after run. Table text
stays data: a CSV cell that Excel would run as a formula is written inert (`csv_bytes`).
The folders these files go into are replaced as whole sets by `output_sets`.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import TABLES


def write_atomic(path: Path, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Call `write` on a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
#: Injection"): =, +, -, @, tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert_csv_text(value: object) -> object:
    """A text cell as the CSV writes it: with a leading `'` when it starts with one of the
    `FORMULA_TRIGGERS`, so that Excel shows it as text and never runs it
    (`=HYPERLINK(…)` → `'=HYPERLINK(…)`); anything else (other text, numbers, None) as is.
    A carriage return inside a cell becomes a line feed: the CSV writer quotes a cell with a
    line feed but not one with a lone CR, which Excel would take for the end of the row
    (`x\r=cmd` would start a row with a live `=cmd`)."""
    if not isinstance(value, str):
        return value
    if "\r" in value[1:]:
        value = value[0] + value[1:].replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _is_text_column(values: pd.Series) -> bool:
    dtype = values.dtype
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


#: A cell of text starting with a trigger, in the cells of a column joined by NUL.
_TRIGGER_START = re.compile("(?:\\A|\\x00)[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def _may_need_inert(cells: np.ndarray) -> bool:
    """Whether some text cell may change under `inert_csv_text`: one search over the text
    cells joined by NUL (a NUL inside a cell can only add false alarms, which the exact
    per-cell pass then clears)."""
    joined = "\x00".join(v for v in cells if isinstance(v, str))
    return "\r" in joined or _TRIGGER_START.search(joined) is not None


def _inert_text(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with `inert_csv_text` applied to every cell of its text columns (object,
    string or categorical dtype); numeric and boolean columns (-2 is a number) are never
    touched. `df` itself when no cell needs it, else a copy: the table keeps its text."""
    escaped: dict[int, list[object]] = {}
    for position, (_, values) in enumerate(df.items()):
        if not _is_text_column(values):
            continue
        cells = values.to_numpy(dtype=object)
        if not _may_need_inert(cells):
            continue
        inert = [inert_csv_text(v) for v in cells]
        if any(new is not old for new, old in zip(inert, cells, strict=True)):
            escaped[position] = inert
    if not escaped:
        return df
    out = df.copy()
    for position, inert in escaped.items():
        out.isetitem(position, pd.Series(inert, index=df.index, dtype=object))
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with BOM, so that Excel on Windows shows Japanese.

    A text cell starting with =, +, -, @, tab or carriage return gets a leading `'`
    (`inert_csv_text`), so that no text from a table becomes a live formula in Excel; the
    DataFrame and the Parquet file keep the exact text."""
    return _inert_text(df).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def write_table(df: pd.DataFrame, name: str, out_dir: Path) -> list[Path]:
    """Write `name`.parquet and (unless the schema says Parquet only, as for `tokens`, too
    large and fine-grained for a spreadsheet) `name`.csv into `out_dir`."""
    paths = [write_atomic(out_dir / f"{name}.parquet", lambda fh: df.to_parquet(fh, index=False))]
    if not (name in TABLES and TABLES[name].parquet_only):
        data = csv_bytes(df)
        paths.append(write_atomic(out_dir / f"{name}.csv", lambda fh: fh.write(data)))
    return paths


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write every table of `frames`; returns the paths written, in order."""
    return [p for name, df in frames.items() for p in write_table(df, name, out_dir)]

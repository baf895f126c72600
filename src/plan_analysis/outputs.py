"""Write tables to disk: Parquet and CSV (UTF-8 with BOM, for Excel), atomically, reproducibly.

Only the CLI and the report layer call this; library functions return DataFrames.
`read_frames` reads a folder of processed tables back (notebooks, the report).
A file is written to a temporary name in its folder and moved into place, so a reader never
sees half a file, and identical tables give byte-identical files run after run.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

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


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with BOM, so that Excel on Windows shows Japanese."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


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


def read_frames(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """Every processed table in `processed_dir` (read from Parquet), by name."""
    return {p.stem: pd.read_parquet(p) for p in sorted(processed_dir.glob("*.parquet"))}

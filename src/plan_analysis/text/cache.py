"""Cache of computed tables (tokens) as Parquet files named by a hash of their inputs.

The key covers the input frame's content and a salt naming everything else the result
depends on (dictionary digest, fugashi / unidic-lite / pipeline versions), so an unchanged
rerun reads the file instead of tokenizing and any edit computes afresh. Files are written
atomically; an unreadable file is recomputed with a warning.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow

from ..errors import PlanAnalysisWarning, warning_text
from ..outputs import write_atomic

_FIELD_SEP = "\x1f"
_COLUMN_SEP = "\x1e"


def content_key(frame: pd.DataFrame, salt: str) -> str:
    """SHA-256 of `salt`, the column names and every value of `frame` (numbers as int64 bytes,
    anything else as text)."""
    digest = hashlib.sha256(salt.encode())
    for name, values in frame.items():
        digest.update(f"{_COLUMN_SEP}{name}{_COLUMN_SEP}".encode())
        if pd.api.types.is_integer_dtype(values):
            digest.update(values.to_numpy(dtype="int64").tobytes())
        else:
            digest.update(_FIELD_SEP.join(map(str, values.tolist())).encode())
    return digest.hexdigest()


def cache_path(folder: Path, key: str) -> Path:
    """Where the table of `key` is stored."""
    return folder / "tokens" / f"{key}.parquet"


def cached_frame(folder: Path, key: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame stored under `key` in `folder`, or `compute()` stored there first."""
    path = cache_path(folder, key)
    if path.is_file():
        try:
            return pd.read_parquet(path)
        except (OSError, pyarrow.ArrowException) as exc:
            warnings.warn(
                warning_text(f"unreadable cache file, tokenizing again ({exc})", file=path),
                PlanAnalysisWarning,
                stacklevel=2,
            )
    frame = compute()
    write_atomic(path, lambda fh: frame.to_parquet(fh, index=False))
    return frame

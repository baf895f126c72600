"""Cache of computed tables (tokens) as Parquet files named by a hash of their inputs.

The key covers the input frame's content and a salt naming everything else the result
depends on (dictionary digest, fugashi / unidic-lite / pipeline versions), so an unchanged
rerun reads the file instead of tokenizing and any edit computes afresh. Files are written
atomically and carry their key in the Parquet metadata; a file that cannot be read, a
Parquet file of something else (or of an older version) and a folder in a file's place are
recomputed with a warning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from ..caching import discard_damaged
from ..outputs import write_atomic

#: The Parquet metadata entry holding a cache file's key.
KEY_METADATA = b"plan_analysis.cache_key"

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


def _stored_frame(path: Path, key: str) -> pd.DataFrame:
    """The frame of cache file `path`; ValueError when it is not the file of `key`."""
    if not path.is_file():
        raise ValueError("a folder or other non-file stands in its place")
    stored = (pq.read_schema(path).metadata or {}).get(KEY_METADATA)
    if stored != key.encode():
        raise ValueError("not a cache file of this key (another Parquet file, or an older version)")
    return pd.read_parquet(path)


def _write(path: Path, key: str, frame: pd.DataFrame) -> None:
    table = pyarrow.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), KEY_METADATA: key})
    write_atomic(path, lambda fh: pq.write_table(table, fh))


def cached_frame(folder: Path, key: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame stored under `key` in `folder`, or `compute()` stored there first.

    A damaged entry is never an error: it is recomputed and rewritten, with a warning.
    """
    path = cache_path(folder, key)
    if path.exists() or path.is_symlink():
        try:
            return _stored_frame(path, key)
        except Exception as exc:  # whatever is wrong with it, compute afresh
            discard_damaged(path, "unreadable cache file, tokenizing again", exc)
    frame = compute()
    _write(path, key, frame)
    return frame

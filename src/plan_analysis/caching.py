"""What a rerun can skip: the keys of a run's inputs, cached sets of frames, and the manifest
of a written set of outputs.

A key is a SHA-256 over everything a result depends on: the bytes of the input file, of
every reference file, and of the package's own code and defaults (`code_digest`) — so a
cached result is never reused across a change of the data, the analyst's settings or the
code that made it. A set of frames is stored as one folder of Arrow IPC files (uncompressed:
written and read in half the time of Parquet; the cache is no exchange format), written beside
and renamed into place, so a killed run leaves either the whole set or none; a set that
cannot be read is computed again with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.feather as feather

from .errors import PlanAnalysisWarning, warning_text

#: The file of a written set that lists its files and the key of the inputs that made it.
MANIFEST = "manifest.json"
_LISTS = "lists.json"
#: The ending of a stored frame's file.
FRAME_SUFFIX = ".arrow"


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_digest(folder: Path) -> str:
    """A digest of the names and bytes of every file in `folder` (not its subfolders)."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file()) if folder.is_dir() else []
    return _digest(x for p in files for x in (p.name.encode(), p.read_bytes()))


@functools.cache
def code_digest() -> str:
    """A digest of this package's source files and shipped defaults."""
    package = Path(__file__).parent
    files = sorted(
        p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".csv")
    )
    return _digest(x for p in files for x in (str(p.relative_to(package)).encode(), p.read_bytes()))


def key_of(*parts: str) -> str:
    """One key from several digests and settings."""
    return _digest(part.encode() for part in parts)


def read_frames(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, list[str]]] | None:
    """The frames and lists stored in `folder` by `store_frames`, or None when there is no
    such set; a damaged set is removed with a warning (and None: compute it again)."""
    if not folder.exists():
        return None
    try:
        lists = json.loads((folder / _LISTS).read_text(encoding="utf-8"))
        frames = {name: feather.read_feather(folder / f"{name}{FRAME_SUFFIX}")
                  for name in lists.pop("")}  # fmt: skip
    except Exception as exc:  # whatever is wrong with it, compute afresh
        discard_damaged(folder, "unreadable cache entry, computing it again", exc)
        return None
    return frames, lists


def discard_damaged(path: Path, problem: str, exc: Exception) -> None:
    """Warn that the cache entry `path` is damaged (`problem` and what was wrong) and
    remove it, file or folder, so that it is computed and written again."""
    reason = str(exc) or type(exc).__name__
    warnings.warn(
        warning_text(f"{problem} ({reason})", file=path), PlanAnalysisWarning, stacklevel=3
    )
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def store_frames(
    folder: Path, frames: Mapping[str, pd.DataFrame], lists: Mapping[str, list[str]]
) -> None:
    """Store `frames` (without their index) and lists of text as the set `folder`: written
    in a folder beside it and renamed into place (another run that stored it first wins)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, df in frames.items():
            table = pyarrow.Table.from_pandas(df, preserve_index=False)
            feather.write_feather(table, staging / f"{name}{FRAME_SUFFIX}", "uncompressed")
        contents = {"": list(frames), **lists}
        (staging / _LISTS).write_text(json.dumps(contents, ensure_ascii=False), encoding="utf-8")
        os.replace(staging, folder)
    except OSError:
        if not folder.exists():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_manifest(folder: Path, key: str, files: Iterable[Path]) -> None:
    """The manifest of a written set: the inputs' key and each file's size and digest."""
    entries = {str(p.relative_to(folder)): [p.stat().st_size, file_digest(p)] for p in files}
    text = json.dumps({"key": key, "files": entries}, ensure_ascii=False, indent=1)
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def unchanged(folder: Path, key: str) -> bool:
    """Whether `folder` holds the whole set its manifest lists, made from inputs of `key`,
    every file as written (a file edited or removed since means: make the set again)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["key"] != key:
            return False
        return all(
            (folder / name).stat().st_size == size and file_digest(folder / name) == digest
            for name, (size, digest) in manifest["files"].items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False

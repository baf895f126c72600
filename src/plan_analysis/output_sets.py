"""An output folder (`data/processed/`, `reports/`) replaced as a whole set, and read back.

`replacing` writes a run into a staging folder beside the target, on the same file system,
and only a complete set is swapped in, by two renames. Beside `data/processed/` there are,
during and after runs, `.processed.lock` (the writer's lock, holding its pid),
`.processed.staging-*` (a set being built; `….complete` beside it marks one whose every file
was written) and, for the instant of the swap, `.processed.old`. A run killed at any point
leaves the old or the new set in place, whole; killed between the two renames, the next run
(or `read_frames`) puts the complete set back. The next run removes whatever a killed run
left. `read_frames` reads every table of one set.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from .errors import PlanAnalysisError

try:
    import fcntl
except ImportError:  # Windows: msvcrt below
    fcntl = None  # type: ignore[assignment]


#: How long `read_frames` waits for a swap in progress to end before reading what is there.
SWAP_WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
_READ_ATTEMPTS = 20


def read_frames(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """Every processed table in `processed_dir` (read from Parquet), by name: all from one set.

    The folder is opened once and every file read through it, so a `process` run swapping
    in a new set meanwhile cannot mix sets (a file of the old set already removed means the
    whole read starts again, on the new set). A folder found missing in the middle of a swap
    is waited for, or restored from the complete set a killed run left beside it.
    """
    folder = Path(processed_dir)
    for _ in range(_READ_ATTEMPTS):
        _await_whole_set(folder)
        try:
            return _read_set(folder)
        except FileNotFoundError:  # the set was replaced while being read: read the new one
            time.sleep(_POLL_SECONDS)
    raise PlanAnalysisError(
        f"the tables in {folder} kept changing while being read; try again when no "
        "plan-analysis run is writing them"
    )


def _read_set(folder: Path) -> dict[str, pd.DataFrame]:
    if not folder.is_dir():
        return {}
    if not (os.open in os.supports_dir_fd and os.listdir in os.supports_fd):  # Windows
        tables = sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
        return {p.stem: pd.read_parquet(p) for p in tables}
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        names = sorted(n for n in os.listdir(fd) if n.endswith(".parquet") and n[0] != ".")
        frames = {}
        for name in names:
            with open(name, "rb", opener=lambda p, flags: os.open(p, flags, dir_fd=fd)) as fh:
                frames[name.removesuffix(".parquet")] = pd.read_parquet(fh)
        return frames
    finally:
        os.close(fd)


# --- whole-set replacement of an output folder ------------------------------------------


def _beside(folder: Path, kind: str) -> Path:
    """The lock, staging or old folder of `folder`: a hidden name in the same parent."""
    return folder.parent / f".{folder.name}.{kind}"


def _marker(staging: Path) -> Path:
    """The file saying that every file of `staging` was written (beside it, not inside, so
    that the set swapped in holds no file of the mechanism)."""
    return staging.with_name(staging.name + ".complete")


def _stagings(folder: Path) -> list[Path]:
    pattern = glob.escape(str(_beside(folder, "staging-"))) + "*"
    return sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_dir())


def _markers(folder: Path) -> list[Path]:
    pattern = glob.escape(str(_beside(folder, "staging-"))) + "*.complete"
    return [Path(p) for p in glob.glob(pattern)]


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason}: {exc.filename}" if exc.filename else reason


def folder_error(folder: Path, exc: OSError) -> PlanAnalysisError:
    """The package's error for an output folder that cannot be written."""
    return PlanAnalysisError(
        f"cannot write the output folder {folder} ({_reason(exc)}); "
        "the files it held before are unchanged"
    )


@contextlib.contextmanager
def _lock_file(folder: Path, *, create_parent: bool) -> Iterator[tuple[bool, str]]:
    """Try to lock `folder` (non-blocking): yields (got it, the pid of the holder)."""
    path = _beside(folder, "lock")
    if create_parent:
        folder.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, "r+", encoding="ascii", errors="replace") as fh:
        if not _try_lock(fh):
            fh.seek(0)
            yield False, fh.read().strip() or "unknown"
            return
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield True, str(os.getpid())
        # closing the file releases the lock


def _try_lock(fh: IO[str]) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise
    return True


@contextlib.contextmanager
def folder_lock(folder: Path, *, required: bool = True) -> Iterator[None]:
    """Hold the lock of output folder `folder` (`.NAME.lock` beside it) for a run.

    Another run holding it is a `PlanAnalysisError` naming its pid: a run takes minutes, so
    the second one stops at once rather than waiting unseen. With `required=False` (a run
    that only reads `folder`) a lock file that cannot be created is no obstacle.
    """
    with contextlib.ExitStack() as stack:
        try:
            got, holder = stack.enter_context(_lock_file(folder, create_parent=required))
        except OSError as exc:
            if required:
                raise folder_error(folder, exc) from exc
            got, holder = True, ""
        if not got:
            raise PlanAnalysisError(
                f"another plan-analysis run is writing {folder} (pid {holder}); "
                "wait for it or stop it"
            )
        yield


def _await_whole_set(folder: Path) -> None:
    """Return once `folder` holds a whole set, if a swap or a killed run left it missing."""
    deadline = time.monotonic() + SWAP_WAIT_SECONDS
    while not folder.exists() and (_beside(folder, "old").is_dir() or _markers(folder)):
        try:
            with _lock_file(folder, create_parent=False) as (got, _):
                if got:  # no run is writing: a killed run's set waits to be put back
                    restore(folder)
                    return
        except OSError:  # cannot write beside the folder: nor can anyone restore it
            return
        if time.monotonic() > deadline:
            return
        time.sleep(_POLL_SECONDS)  # a run is between its two renames


def restore(folder: Path) -> None:
    """Put a whole set back at `folder` when a run was killed between its two renames: the
    complete staged set (the new one), else the old one. Call it holding the lock."""
    if folder.exists():
        return
    complete = [s for s in _stagings(folder) if _marker(s).is_file()]
    if complete:
        newest = max(complete, key=lambda s: _marker(s).stat().st_mtime_ns)
        os.replace(newest, folder)
        _marker(newest).unlink(missing_ok=True)
    elif _beside(folder, "old").is_dir():
        os.replace(_beside(folder, "old"), folder)


def clean_up(folder: Path, keep: Iterable[str] = ()) -> None:
    """Remove what killed runs left: staging folders (first moving back the `keep` entries
    of one into `folder` when it lacks them), the old set, markers, temporary files."""
    keep = tuple(keep)
    for staging in _stagings(folder):
        if folder.is_dir():
            _move_entries(staging, folder, keep)
        shutil.rmtree(staging, ignore_errors=True)
    for marker in _markers(folder):
        marker.unlink(missing_ok=True)
    if folder.is_dir():
        shutil.rmtree(_beside(folder, "old"), ignore_errors=True)
        for tmp in folder.rglob(".*.tmp"):
            if tmp.is_file():
                tmp.unlink(missing_ok=True)


def _move_entries(src: Path, dst: Path, names: Iterable[str]) -> list[str]:
    """Move the entries `names` of folder `src` into `dst` where `dst` lacks them (a rename
    on one file system); returns the names moved. A temporary file inside goes."""
    moved = []
    for name in names:
        if (src / name).exists() and not (dst / name).exists():
            os.replace(src / name, dst / name)
            moved.append(name)
            if (dst / name).is_dir():
                for tmp in (dst / name).rglob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
    return moved


def _publish(folder: Path, staging: Path) -> None:
    """Swap the complete set `staging` in at `folder`: mark it complete, then two renames."""
    marker = _marker(staging)
    with open(marker, "wb") as fh:
        fh.write(f"{os.getpid()}\n".encode())
        fh.flush()
        os.fsync(fh.fileno())
    old = _beside(folder, "old")
    shutil.rmtree(old, ignore_errors=True)
    had_folder = folder.exists()
    if had_folder:
        os.replace(folder, old)
    try:
        os.replace(staging, folder)
    except BaseException:
        if had_folder:
            os.replace(old, folder)
        raise
    marker.unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)


def _abandon(folder: Path, staging: Path, kept: list[str]) -> None:
    """After a failed run: move the kept entries back, remove the staging folder."""
    if not folder.exists() and _beside(folder, "old").is_dir():
        return  # the swap broke between its renames: the next run restores a whole set
    with contextlib.suppress(OSError):
        if folder.is_dir():
            _move_entries(staging, folder, kept)
    _marker(staging).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _is_output_fault(exc: OSError, places: Iterable[Path]) -> bool:
    """An OSError of writing the outputs (a write without a file name, e.g. a full disk, or
    an operation on a path inside the output folder) rather than of reading an input."""
    if exc.filename is None:
        return True
    names = [os.fspath(exc.filename)] + ([os.fspath(exc.filename2)] if exc.filename2 else [])
    return any(
        Path(os.path.abspath(name)).is_relative_to(place.absolute())
        for name in names
        for place in places
    )


@contextlib.contextmanager
def replacing(folder: Path, keep: Iterable[str] = ()) -> Iterator[Path]:
    """Replace output folder `folder` as a whole set: yields an empty staging folder beside
    it to write the new set into, and swaps that in when the block ends without an error.

    Holds the folder's lock throughout (`folder_lock`: a second run is an error naming the
    first one's pid); first restores a set a killed run left half-swapped and removes its
    leftovers. The entries named in `keep` (e.g. the token cache) are moved into the staging
    folder at the start, so they survive the swap, and back if the run fails. On any error,
    `folder` is left as it was; an OSError of writing is a `PlanAnalysisError` naming the
    folder and the system's reason.
    """
    folder = Path(folder)
    shown = folder
    if folder.is_symlink():  # replace the folder the link points to, keep the link
        folder = Path(os.path.realpath(folder))
    if folder.exists() and not folder.is_dir():
        raise PlanAnalysisError(
            f"cannot write the output folder {shown} ({os.strerror(errno.ENOTDIR)}: "
            "it is a file); the file is unchanged"
        )
    keep = tuple(keep)
    with folder_lock(folder):
        try:
            restore(folder)
            clean_up(folder, keep)
            if folder.exists() and not os.access(folder, os.W_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
            prefix = _beside(folder, "staging-").name
            staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=prefix))
            mode = stat.S_IMODE(folder.stat().st_mode) if folder.exists() else 0o755
            os.chmod(staging, mode)  # mkdtemp makes 0700; outputs are meant to be shared
            kept = _move_entries(folder, staging, keep) if folder.exists() else []
        except OSError as exc:
            raise folder_error(shown, exc) from exc
        try:
            yield staging
            _publish(folder, staging)
        except BaseException as exc:
            _abandon(folder, staging, kept)
            if isinstance(exc, OSError) and _is_output_fault(exc, (folder, staging)):
                raise folder_error(shown, exc) from exc
            raise

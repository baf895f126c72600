"""The analyst's files are out of the tests' reach: no test reads, lists or writes them.

An analyst edits data/reference/, drops next year's table into data/raw/ and runs the
commands (data/processed/, reports/); none of that may turn `make test` red. Two guards,
set up once per test process by tests/conftest.py:

- every open, listing, scan, removal, rename or new folder of a path under those folders by
  a test's process (and by a run it forks) is an error naming the path (Python's audit
  hooks), and is counted against the session; reads inside a C library (Arrow's Parquet
  reader given a path) raise no audit event, and a path through a symbolic link to the
  folders is not recognised (paths are compared as written, made absolute);
- `PLAN_ANALYSIS_ROOT` points at an empty project of the session's own, so that a command a
  test runs with default paths — in its process or in a child, which has no audit hook —
  finds that project, never the analyst's. A test of the default paths sets its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The audit events that read or change a file or a folder (the path is their first
#: argument; of a rename and a copied tree, the first two).
EVENTS = frozenset(
    {"open", "os.listdir", "os.scandir", "os.remove", "os.rmdir", "os.mkdir", "os.rename",
     "shutil.rmtree", "shutil.copytree"}
)  # fmt: skip


class AnalystFileRead(AssertionError):
    """A test reached a file or folder of the analyst's."""


class Guard:
    """Fails any read or change under the folders `guarded` while it is on (see the module's
    docstring)."""

    def __init__(self, guarded: list[Path]) -> None:
        self.prefixes = tuple(str(p.resolve()) for p in guarded)
        self.on = False
        self.reads: list[str] = []

    def hook(self, event: str, args: tuple) -> None:
        if not self.on or event not in EVENTS:
            return
        for path in args[: 2 if event in ("os.rename", "shutil.copytree") else 1]:
            if not isinstance(path, str | bytes | os.PathLike):  # a file descriptor, None
                continue
            full = os.path.abspath(os.fsdecode(path))
            if any(full == p or full.startswith(p + os.sep) for p in self.prefixes):
                self.reads.append(full)
                raise AnalystFileRead(f"a test reached the analyst's {full} ({event})")


#: The guard installed in this process (by `install`).
SESSION: Guard | None = None


def install(guarded: list[Path]) -> Guard:
    """A guard of `guarded`, on from now in this process (audit hooks cannot be removed:
    set `on` to False to switch it off)."""
    global SESSION
    SESSION = Guard(guarded)
    sys.addaudithook(SESSION.hook)
    SESSION.on = True
    return SESSION


def empty_project(folder: Path) -> Path:
    """A project folder with empty data/raw/ and data/processed/: what default paths find
    in the tests."""
    for sub in ("data/raw", "data/processed"):
        (folder / sub).mkdir(parents=True)
    return folder

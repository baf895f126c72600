"""The guards that keep the tests off the analyst's files (tests/analyst_files.py): what a
guard stops, and the empty project that default paths find during the tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from plan_analysis.config import default_paths

from .analyst_files import AnalystFileRead, Guard
from .conftest import ANALYST_FOLDERS, ROOT


def test_a_guard_stops_reads_and_changes_under_its_folders(tmp_path, monkeypatch) -> None:
    reference = tmp_path / "data" / "reference"
    guard = Guard([reference])  # its hook called by hand (the session's own is installed)
    guard.on = True
    file = reference / "departments.csv"
    with pytest.raises(AnalystFileRead) as caught:
        guard.hook("open", (str(file), "r", 524288))
    assert str(caught.value) == f"a test reached the analyst's {file} (open)"
    for event, args in [
        ("os.scandir", (reference,)),
        ("os.listdir", (str(reference).encode(),)),
        ("os.remove", (file, None)),
        ("os.rename", (tmp_path / "new.csv", file, None, None)),  # replaced by another file
        ("shutil.copytree", (reference, tmp_path / "copy")),
    ]:
        with pytest.raises(AnalystFileRead):
            guard.hook(event, args)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path / "data")
    with pytest.raises(AnalystFileRead):
        guard.hook("open", ("reference/departments.csv", "r", 524288))  # relative to the cwd
    # a folder beside it, a file descriptor, a copy out of the tests' folders, an event that
    # reads no file: let through
    guard.hook("open", (str(tmp_path / "data" / "reference_copy" / "a.csv"), "r", 524288))
    guard.hook("open", (3, "rb", 0))
    guard.hook("shutil.copytree", (ROOT / "tests" / "fixtures", tmp_path / "fixtures"))
    guard.hook("os.chdir", (str(reference),))
    f, r = str(file), str(reference)
    assert guard.reads == [f, r, r, f, f, r, f]
    guard.on = False
    guard.hook("open", (str(file), "r", 524288))  # switched off: the session's own look


def test_the_session_guards_the_analysts_four_folders() -> None:
    from . import analyst_files

    assert [str(p.relative_to(ROOT)) for p in ANALYST_FOLDERS] == [
        "data/raw",
        "data/reference",
        "data/processed",
        "reports",
    ]
    # the event an open raises, raised by hand: the session's hook stops it, and no file is
    # touched even if it did not
    departments = ROOT / "data" / "reference" / "departments.csv"
    with pytest.raises(AnalystFileRead):
        sys.audit("open", str(departments), "r", 524288)
    assert analyst_files.SESSION.reads.pop() == str(departments)  # this test's own: let off


def test_default_paths_find_the_tests_own_empty_project() -> None:
    root = Path(os.environ["PLAN_ANALYSIS_ROOT"])
    assert root != ROOT and default_paths().raw == root / "data" / "raw"
    assert list(default_paths().raw.iterdir()) == []

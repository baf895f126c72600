"""Output folders replaced as a whole set: killed runs, two runs at once, folder faults, a
damaged token cache, and reference CSVs that do not parse.

The old set is the seed with one item removed (74 items), the new set the seed (75 items);
a folder "holds a whole set" when every file in it (the token cache aside) is byte-identical
to the same file of one of the two reference sets, all of the same one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from plan_analysis import output_sets
from plan_analysis.cli import main
from plan_analysis.errors import PlanAnalysisError
from plan_analysis.output_sets import read_frames, replacing

from .conftest import REFERENCE, SEED, ref

#: The seed's line 9 is the item 社会福祉協議会への地区担当コミュニティソーシャルワーカー配置
#: (an item no repost points at): the old set is the seed without it.
DROPPED_LINE = 9

#: Runs of `plan-analysis`, each forked from this one child (Python and the package imported
#: once, before any run: the pipeline's own forkserver preloads the same way), so that a run
#: killed at a moment is killed while it works, not while it imports. Per line of stdin, a JSON
#: [kill_after, argv]: the run's pid is printed, the run SIGKILLs itself right after its
#: `kill_after`-th `os.replace` (0: never), then its exit code and how many `os.replace`
#: calls it made (None when killed) are printed. The hook lives in this test's child, not in
#: the package.
RUNS = r"""
import json, os, signal, sys, traceback
from plan_analysis.cli import main
import plan_analysis.pipeline  # noqa: F401 - what `process` imports, imported before the forks

def run(kill_after, argv):
    calls, real = 0, os.replace
    def replace(src, dst, **kwargs):
        nonlocal calls
        real(src, dst, **kwargs)
        calls += 1
        if calls == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    code = main(argv)
    return code, calls

for line in sys.stdin:
    kill_after, argv = json.loads(line)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the run: never back into this loop, whatever happens
        code = 1
        try:
            os.close(read)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            code, calls = run(kill_after, argv)
            os.write(write, str(calls).encode())
        except BaseException:
            traceback.print_exc()  # into the log; the run exits with 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write)
    print(pid, flush=True)
    with os.fdopen(read, "rb") as fh:
        calls = fh.read().decode()
    _, status = os.waitpid(pid, 0)
    print(json.dumps([os.waitstatus_to_exitcode(status), int(calls) if calls else None]), flush=True)
"""


class Runs:
    """The child of `RUNS`: `start` a run, see whether it is `running`, `wait` for its exit
    code and calls. Unbuffered pipes: a line is read byte by byte, nothing beyond it, so
    `running` can ask the pipe whether the run's result has come."""

    def __init__(self, cwd: Path) -> None:
        self.log = cwd / "runs.log"  # the runs' progress lines (stderr)
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", RUNS], cwd=cwd, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=log, bufsize=0,
            )  # fmt: skip

    def _line(self) -> bytes:
        line = self.proc.stdout.readline()
        assert line, self.log.read_text(encoding="utf-8")
        return line

    def start(self, args: list[str], kill_after: int = 0) -> int:
        """Fork a run of `plan-analysis args`; returns its pid."""
        self.proc.stdin.write(json.dumps([kill_after, args]).encode() + b"\n")
        return int(self._line())

    def running(self) -> bool:
        return not select.select([self.proc.stdout], [], [], 0)[0]

    def wait(self) -> tuple[int, int | None]:
        code, calls = json.loads(self._line())
        return code, calls

    def close(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(120) == 0, self.log.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    started = Runs(tmp_path_factory.mktemp("runs"))
    yield started
    started.close()


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` but the token cache, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "cache"
    }


def cache_files(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "cache" / "tokens").glob("*.parquet"))


def leftovers(parent: Path) -> list[str]:
    """What the mechanism left beside the folder `out` (its lock file stays)."""
    return sorted(
        p.name for p in parent.iterdir() if p.name.startswith(".out.") and p.name != ".out.lock"
    )


def error_line(capsys) -> str:
    """The error paragraph of a failed command (after its progress lines): one line, no
    traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()[-1] + "\n"


def process_args(raw: Path, out: Path) -> list[str]:
    return ["process", str(raw), "--out", str(out), "--reference", str(REFERENCE)]


class Sets:
    """The two reference sets, and a copy of the old one whose cache holds both years'
    tokens (so that every later run is warm)."""

    def __init__(self, root: Path) -> None:
        lines = SEED.read_text(encoding="utf-8").split("\n")
        self.old_raw = root / "raw_old" / SEED.name
        self.old_raw.parent.mkdir()
        self.old_raw.write_text(
            "\n".join(lines[: DROPPED_LINE - 1] + lines[DROPPED_LINE:]), encoding="utf-8"
        )
        self.new_raw = SEED
        self.old_dir, self.new_dir = root / "old" / "out", root / "new" / "out"
        for raw, out in ((self.old_raw, self.old_dir), (self.new_raw, self.new_dir)):
            assert main(process_args(raw, out)) == 0
        self.old, self.new = digests(self.old_dir), digests(self.new_dir)
        self.warm_old = root / "warm" / "out"
        shutil.copytree(self.old_dir, self.warm_old)
        for tokens in (self.new_dir / "cache" / "tokens").glob("*.parquet"):
            shutil.copy2(tokens, self.warm_old / "cache" / "tokens")

    def old_set_in(self, parent: Path) -> Path:
        """A folder `parent/out` holding the (warm) old set, as a new run finds it."""
        out = parent / "out"
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(self.warm_old, out)
        return out

    def which(self, out: Path) -> str:
        """'old' or 'new': the whole set `out` holds (read as readers read it), checked."""
        frames = read_frames(out)  # restores a set a kill left between two renames
        files = digests(out)
        assert files in (self.old, self.new), "a mix of old and new files"
        assert not list(out.rglob("*.tmp")), "a temporary file is visible"
        assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
        which = "old" if files == self.old else "new"
        raw = self.old_raw if which == "old" else self.new_raw
        documents = frames["documents"]
        assert documents["sha256"].tolist() == [hashlib.sha256(raw.read_bytes()).hexdigest()]
        assert documents["fiscal_year"].tolist() == [2021]
        assert len(frames["items"]) == (74 if which == "old" else 75)
        assert len(frames["item_measures"]) == len(frames["items"])
        return which


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> Sets:
    return Sets(tmp_path_factory.mktemp("sets"))


def test_the_two_sets_differ(sets):
    assert sets.old.keys() == sets.new.keys()
    # 25 tables as Parquet, 24 as CSV (tokens is Parquet only) and the manifest of the set
    assert len(sets.old) == 50 and "manifest.json" in sets.old
    assert sets.old["documents.csv"] != sets.new["documents.csv"]
    assert sets.which(sets.old_dir) == "old" and sets.which(sets.new_dir) == "new"


def test_sigkill_after_each_rename_leaves_a_whole_set(sets, tmp_path, runs):
    """Kill the run right after chosen renames: the cache moved into staging (1), the new
    file's part stored in the cache (2), the first table file (3), one midway (25), the last
    table (51: the set complete but not marked), the old set moved aside (52: the folder
    missing until a reader or the next run restores the complete new set), the new set in
    place (53: old set and marker not yet removed)."""
    out = sets.old_set_in(tmp_path)
    runs.start(process_args(SEED, out))
    # the cache moved into the staging folder, the part stored, 49 table files, two renames
    # for the swap
    assert runs.wait() == (0, 53)
    outcome = {}
    for kill_after in (1, 2, 3, 25, 51, 52, 53):
        out = sets.old_set_in(tmp_path)
        runs.start(process_args(SEED, out), kill_after)
        assert runs.wait() == (-signal.SIGKILL, None)
        outcome[kill_after] = ("missing, " if not out.exists() else "") + sets.which(out)
    assert outcome == {
        1: "old", 2: "old", 3: "old", 25: "old", 51: "old", 52: "missing, new", 53: "new"
    }  # fmt: skip
    # the next run removes what the killed ones left and finds its cache again
    assert main(process_args(sets.old_raw, out)) == 0
    assert sets.which(out) == "old"
    assert leftovers(tmp_path) == []
    assert cache_files(out) == cache_files(sets.warm_old)


def test_sigkill_at_random_moments_leaves_a_whole_set(sets, tmp_path, runs):
    """Kill `plan-analysis process` runs after delays spread over a run's duration (from
    the fork of the run: the imports are done before)."""
    out = sets.old_set_in(tmp_path)
    runs.start(process_args(SEED, out))
    started = time.monotonic()  # forked: the child's imports are behind it
    assert runs.wait()[0] == 0
    duration = time.monotonic() - started
    seen = []
    for share in (0.3, 0.6, 0.8, 0.88, 0.93, 0.97):
        out = sets.old_set_in(tmp_path)
        pid = runs.start(process_args(SEED, out))
        time.sleep(share * duration)
        with contextlib.suppress(ProcessLookupError):  # the run may have ended already
            os.kill(pid, signal.SIGKILL)
        code, _ = runs.wait()
        seen.append((share, code, sets.which(out)))
    print("timed kills (share of a run, exit code, set left):", seen)
    assert all(which in ("old", "new") for _, _, which in seen), seen
    assert main(process_args(SEED, out)) == 0
    assert sets.which(out) == "new"
    assert leftovers(tmp_path) == []


def test_a_second_run_is_refused_while_one_writes(sets, tmp_path, capsys, runs):
    import plan_analysis.pipeline  # noqa: F401 - imported before the race, not during it

    out = tmp_path / "out"
    first = runs.start(process_args(SEED, out))
    lock = tmp_path / ".out.lock"
    deadline = time.monotonic() + 60
    while not (lock.is_file() and lock.read_text().strip() == str(first)):
        assert runs.running() and time.monotonic() < deadline, "the first run never locked"
        time.sleep(0.01)
    assert main(process_args(sets.old_raw, out)) == 2
    assert error_line(capsys) == (
        f"plan-analysis: error: another plan-analysis run is writing {out} "
        f"(pid {first}); wait for it or stop it\n"
    )
    assert runs.wait()[0] == 0
    assert sets.which(out) == "new"
    assert leftovers(tmp_path) == []


def test_readers_see_one_set_while_runs_replace_it(sets, tmp_path, runs):
    """`read_frames` in a loop while two runs swap the new set in and the old one back."""
    out = sets.old_set_in(tmp_path)
    for raw in (SEED, sets.old_raw):
        runs.start(process_args(raw, out))
        while runs.running():
            frames = read_frames(out)
            if frames:  # the set is there, whole: 74 items with the old raw file, 75 with the new
                sha = frames["documents"]["sha256"].iloc[0]
                n = 75 if sha == hashlib.sha256(SEED.read_bytes()).hexdigest() else 74
                assert len(frames["items"]) == len(frames["item_measures"]) == n
        assert runs.wait()[0] == 0
    assert sets.which(out) == "old"


# --- output folder faults -------------------------------------------------------------------


def assert_refused_with_old_set_kept(sets, out, tmp_path, monkeypatch, capsys) -> None:
    """`process` into `out` fails for want of space: the package's error, the old set kept
    whole, nothing left beside it."""
    assert main(process_args(SEED, out)) == 2
    assert (
        error_line(capsys)
        == f"plan-analysis: error: cannot write the output folder {out} {NO_SPACE}"
    )
    monkeypatch.undo()
    assert sets.which(out) == "old"
    assert leftovers(tmp_path) == []


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


NO_SPACE = "(No space left on device); the files it held before are unchanged\n"


@pytest.mark.parametrize(
    "fails",
    [
        "table file",  # writing items.csv into the staging folder
        "old set aside",  # the first rename of the swap
        "new set in",  # the second one: the old set is moved back
    ],
)
def test_full_disk_keeps_the_old_set(sets, tmp_path, monkeypatch, capsys, fails):
    out = sets.old_set_in(tmp_path)
    real = os.replace

    def replace(src, dst, **kwargs):
        src, dst = Path(src), Path(dst)
        if (
            (fails == "table file" and dst.name == "items.csv")
            or (fails == "old set aside" and src == out)
            or (fails == "new set in" and dst == out and src.name.startswith(".out.staging-"))
        ):
            no_space()
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    assert_refused_with_old_set_kept(sets, out, tmp_path, monkeypatch, capsys)
    assert cache_files(out) == cache_files(sets.warm_old)  # the cache is back too


def test_full_disk_in_the_middle_of_a_file(sets, tmp_path, monkeypatch, capsys):
    out = sets.old_set_in(tmp_path)
    monkeypatch.setattr(pd.DataFrame, "to_parquet", no_space)
    assert_refused_with_old_set_kept(sets, out, tmp_path, monkeypatch, capsys)


def test_read_only_file_system(sets, tmp_path, monkeypatch, capsys):
    out = sets.old_set_in(tmp_path)

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path))

    monkeypatch.setattr(output_sets.tempfile, "mkdtemp", read_only)
    assert main(process_args(SEED, out)) == 2
    assert error_line(capsys) == (
        f"plan-analysis: error: cannot write the output folder {out} "
        f"(Read-only file system: {tmp_path}); the files it held before are unchanged\n"
    )
    monkeypatch.undo()
    assert sets.which(out) == "old"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(sets, tmp_path, capsys):
    parent = tmp_path / "shared"
    parent.mkdir()
    out = sets.old_set_in(parent)
    parent.chmod(0o555)
    try:
        assert main(process_args(SEED, out)) == 2
    finally:
        parent.chmod(0o755)
    assert error_line(capsys) == (
        f"plan-analysis: error: cannot write the output folder {out} "
        f"(Permission denied: {parent / '.out.lock'}); the files it held before are unchanged\n"
    )
    assert sets.which(out) == "old"


def test_output_path_is_a_file(tmp_path, capsys):
    out = tmp_path / "processed"
    out.write_text("メモ", encoding="utf-8")
    assert main(process_args(SEED, out)) == 2
    assert error_line(capsys) == (
        f"plan-analysis: error: cannot write the output folder {out} "
        "(Not a directory: it is a file); the file is unchanged\n"
    )
    assert out.read_text(encoding="utf-8") == "メモ"


# --- the mechanism itself, as `report` uses it ----------------------------------------------


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_replacing_swaps_a_whole_folder_or_nothing(tmp_path):
    reports = tmp_path / "reports"
    (reports / "figures").mkdir(parents=True)
    (reports / "figures" / "old_chart.png").write_bytes(b"old")
    (reports / "01_old.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="drawing failed"), replacing(reports) as staging:
        (staging / "01_new.html").write_text("new", encoding="utf-8")
        raise RuntimeError("drawing failed")
    assert listing(reports) == ["01_old.html", "figures", "figures/old_chart.png"]
    with replacing(reports) as staging:
        (staging / "figures").mkdir()
        (staging / "figures" / "new_chart.png").write_bytes(b"new")
        assert listing(reports) == ["01_old.html", "figures", "figures/old_chart.png"]
    assert listing(reports) == ["figures", "figures/new_chart.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reports.lock", "reports"]


def test_replacing_refuses_a_second_writer(tmp_path):
    reports = tmp_path / "reports"
    with replacing(reports), pytest.raises(PlanAnalysisError) as info, replacing(reports):
        pass
    assert str(info.value) == (
        f"another plan-analysis run is writing {tmp_path / 'reports'} (pid {os.getpid()}); "
        "wait for it or stop it"
    )


def test_report_replaces_reports_whole(sets, tmp_path, report_stubbed, capsys):
    """`report` (figures and notebooks stubbed: their drawing is tested elsewhere) swaps a
    new reports/ in: a stale file of the old one is gone, nothing is left beside it."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "99_removed_notebook.html").write_text("old", encoding="utf-8")
    args = ["report", "--out", str(sets.new_dir), "--reports", str(reports)]
    args += ["--reference", str(REFERENCE)]
    assert main(args) == 0
    assert listing(reports) == [
        "council_booklet.pdf", "figures", "figures/covid_effect_counts.png", "index.html",
        "manifest.json", "summary.xlsx", "words.xlsx",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reports.lock", "reports"]
    with output_sets.folder_lock(sets.new_dir):  # a `process` run writing the tables
        assert main(args) == 2
    assert error_line(capsys) == (
        f"plan-analysis: error: another plan-analysis run is writing {sets.new_dir} "
        f"(pid {os.getpid()}); wait for it or stop it\n"
    )


# --- a damaged token cache ------------------------------------------------------------------


def damage_with_parquet(path: Path, sets: Sets) -> None:
    shutil.copyfile(sets.new_dir / "items.parquet", path)


def damage_with_folder(path: Path, sets: Sets) -> None:
    path.unlink()
    path.mkdir()
    (path / "part-0.parquet").write_bytes(b"x")


def damage_with_garbage(path: Path, sets: Sets) -> None:
    path.write_bytes(b"\x00garbage\xff" * 10)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            damage_with_parquet,
            "not a cache file of this key (another Parquet file, or an older version)",
        ),
        (damage_with_folder, "a folder or other non-file stands in its place"),
        (damage_with_garbage, "Parquet magic bytes not found in footer"),
    ],
)
def test_damaged_cache_is_rebuilt_with_a_warning_shown(sets, tmp_path, capsys, damage, reason):
    out = tmp_path / "out"
    shutil.copytree(sets.new_dir, out)
    [name] = cache_files(out)
    damage(out / "cache" / "tokens" / name, sets)
    # a run that must tokenize: the file's part not cached, the set not known as unchanged
    shutil.rmtree(out / "cache" / "parts")
    (out / "manifest.json").unlink()
    assert main(process_args(SEED, out)) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning:")]
    assert len(printed) == 1
    assert printed[0].startswith(
        f"warning: {name}: unreadable cache file, tokenizing again ({reason}"
    )
    assert sets.which(out) == "new"  # tokens.parquet byte-identical to a clean run's
    assert cache_files(out) == [name]
    assert main(process_args(SEED, out)) == 0  # and the rebuilt file is read again quietly
    assert "warning:" not in capsys.readouterr().out


# --- reference CSVs that do not parse -------------------------------------------------------


def reference_with(tmp_path: Path, name: str, extra: str) -> tuple[Path, int]:
    """A copy of the reference defaults with `extra` appended to `name`; returns the
    folder and the line number of the appended text's first line."""
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(text + extra, encoding="utf-8")
    return folder, len(text.splitlines()) + 1


def test_unclosed_quote_in_departments(tmp_path):
    folder, line = reference_with(
        tmp_path, "departments.csv", '地域共生推進課,"福祉部,section,庁内名簿\n'
    )
    with pytest.raises(PlanAnalysisError) as info:
        ref(folder)
    assert str(info.value) == (
        f'departments.csv, line {line}: a quote (") opened here is never closed: '
        '地域共生推進課,"福祉部,section,庁内名簿'
    )


def test_extra_field_in_item_links(tmp_path):
    row = "2021,地区懇談会の開催,2022,地区懇談会の開催,所管課に確認,余分"
    folder, line = reference_with(tmp_path, "item_links.csv", row + "\n")
    with pytest.raises(PlanAnalysisError) as info:
        ref(folder)
    assert str(info.value) == (
        f"item_links.csv, line {line}: row has 6 fields, the header has 5 "
        f'(a value holding a comma needs quotes: "a,b"): {row}'
    )


def test_text_after_closing_quote_in_header_aliases(tmp_path, capsys):
    folder, line = reference_with(tmp_path, "header_aliases.csv", 'owner,"担当"課,見た表\n')
    assert main(["check", str(SEED), "--reference", str(folder)]) == 2
    assert error_line(capsys) == (
        f"plan-analysis: error: header_aliases.csv, line {line}: text follows a closing quote "
        f'(a quote inside a quoted value is written ""): owner,"担当"課,見た表\n'
    )


def test_quoted_value_over_two_lines_names_its_first_line(tmp_path):
    folder, line = reference_with(
        tmp_path, "departments.csv", '"地域共生\n推進課",福祉部,section,x,y\n'
    )
    with pytest.raises(PlanAnalysisError) as info:
        ref(folder)
    assert str(info.value).startswith(f"departments.csv, line {line}: row has 5 fields")

"""The `plan-analysis` command: reconciliation, outputs on disk, errors without tracebacks."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
import pytest

from plan_analysis.cli import display_width, main

from .conftest import REFERENCE, SEED

RECONCILIATION = """\
r3_kisarazu_welfare_plan_progress.txt: 令和3年度 (FY2021), text, utf-8
  title: 令和3年度第3期木更津市地域福祉計画 進行管理表
  124 lines/rows:
    title           表題               1
    header          見出し行          15
    goal            基本目標           3
    area            施策              13
    item            事業              75
    continuation    前行の続き         0
    blank           空行              17
    not_understood  解釈できない行     0
  3 goals, 13 areas, 75 items (2 reposts)
owners not in data/reference/departments.csv: none
warnings: 0
"""


def test_check_prints_reconciliation(capsys):
    assert main(["check", str(SEED), "--reference", str(REFERENCE)]) == 0
    assert capsys.readouterr().out == RECONCILIATION


@pytest.mark.parametrize(
    ("text", "width"), [("", 0), ("item", 4), ("事業", 4), ("解釈できない行", 14), ("Ａ1ｱ", 4)]
)
def test_display_width_counts_wide_characters_twice(text, width):
    assert display_width(text) == width  # Ａ full-width (2), ｱ half-width katakana (1)


def test_reconciliation_columns_line_up_in_a_terminal(capsys):
    """Each count of the line kinds starts at the same terminal column, whatever mix of
    ASCII codes and Japanese labels (two columns each) stands before it."""
    main(["check", str(SEED), "--reference", str(REFERENCE)])
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("    ")]
    assert len(rows) == 8
    label_starts, count_ends = set(), set()
    for row in rows:
        code, label, count = row.split()
        label_starts.add(display_width(row[: row.index(label)]))
        count_ends.add(display_width(row))
        assert count.isdigit() and code.isascii() and not label.isascii()
    assert label_starts == {20}  # 4 spaces, the code padded to 15, one space
    assert len(count_ends) == 1


def test_check_lists_not_understood_and_exits_1(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8") + "\n\n※ 欄外の注記\n"
    path = tmp_path / "r3_noted.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--reference", str(REFERENCE)]) == 1
    out = capsys.readouterr().out
    assert "    not_understood  解釈できない行     1" in out
    assert "  not understood at line 126: ※ 欄外の注記" in out


def test_error_is_one_paragraph_without_traceback(tmp_path):
    bad = tmp_path / "r4.txt"
    bad.write_text("令和4年度\n事業名\t担当課\t内容\t担当者\t今後の予定\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "plan_analysis.cli",
            "check",
            str(bad),
            "--reference",
            str(REFERENCE),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(
        "plan-analysis: error: r4.txt, line 2: unknown header name(s) ['担当者']"
    )
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def _digests(folder) -> dict[str, str]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_process_writes_tables_reproducibly_and_leaves_raw_alone(tmp_path, seed):
    raw_before = SEED.read_bytes(), SEED.stat().st_mtime_ns
    out1, out2 = tmp_path / "one", tmp_path / "two"
    for out in (out1, out2):
        assert main(["process", str(SEED), "--out", str(out), "--reference", str(REFERENCE)]) == 0
    assert (SEED.read_bytes(), SEED.stat().st_mtime_ns) == raw_before
    names = {"documents", "sections", "items", "item_departments", "segments", "source_lines"}
    names |= {"load_warnings", "sentences", "item_measures", "measure_counts", "year_links"}
    files = set(_digests(out1))
    assert {f"{n}.{ext}" for n in names for ext in ("parquet", "csv")} <= files
    assert "tokens.parquet" in files and "tokens.csv" not in files  # Parquet only
    assert _digests(out1) == _digests(out2)
    assert not [p for p in out1.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_outputs_round_trip(tmp_path, seed):
    main(["process", str(SEED), "--out", str(tmp_path), "--reference", str(REFERENCE)])
    assert (tmp_path / "items.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    for name, frame in seed.frames().items():
        from_parquet = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(from_parquet, frame, check_dtype=False)
        from_csv = pd.read_csv(
            tmp_path / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False
        )
        assert from_csv.shape == frame.shape
        assert list(from_csv.columns) == list(frame.columns)
    items_csv = pd.read_csv(tmp_path / "items.csv", encoding="utf-8-sig", keep_default_na=False)
    assert items_csv["past_efforts"].tolist() == seed.items["past_efforts"].tolist()


def test_default_paths(tmp_path, monkeypatch, seed):
    """With no arguments `process` uses data/raw/ and data/processed/ of the project (`run`
    too: tests/test_notebooks.py runs it)."""
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / "data" / "reference").mkdir()
    for f in REFERENCE.iterdir():
        (tmp_path / "data" / "reference" / f.name).write_bytes(f.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLAN_ANALYSIS_ROOT", raising=False)
    assert main(["process"]) == 0
    items = pd.read_parquet(tmp_path / "data" / "processed" / "items.parquet")
    assert items["item_id"].tolist() == seed.items["item_id"].tolist()


def test_a_report_without_notebooks_says_so(tmp_path, monkeypatch, capsys, figures_stubbed):
    """A project folder with no notebooks/ (or none named NN_name.ipynb): the report is made
    of the rest, and a warning says what it lacks."""
    out, reports = tmp_path / "processed", tmp_path / "reports"
    assert main(["process", str(SEED), "--out", str(out), "--reference", str(REFERENCE)]) == 0
    monkeypatch.setenv("PLAN_ANALYSIS_ROOT", str(tmp_path))
    capsys.readouterr()
    assert main(["report", "--out", str(out), "--reports", str(reports)]) == 0
    warning = capsys.readouterr().out.splitlines()[0]
    assert warning == (
        f"warning: no notebooks (NN_name.ipynb) in {tmp_path / 'notebooks'}: the report has no "
        "HTML pages, only the figures, the booklet and the workbooks"
    )
    assert [p.name for p in reports.glob("*.html")] == ["index.html"]


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    """Ctrl-C in the middle of a command: no traceback; the outputs are whole sets, so the
    last finished run's are still there (tests/test_whole_set.py kills runs for real)."""
    import plan_analysis.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_process", interrupted)
    assert main(["process"]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "plan-analysis: stopped (Ctrl-C); the output folders hold what the last finished run "
        "wrote\n"
    )

"""A rerun redoes only what changed: `process` with the same tables, reference data and code
keeps data/processed/ as it is (and says so); a changed table, reference file or output
file makes the set again. `report` likewise keeps reports/ when the tables and notebooks
are those of the last report."""

from __future__ import annotations

import shutil

import pytest

from plan_analysis.cli import main

from .conftest import REFERENCE, SEED

KEPT = "nothing changed since the last run (the same tables, reference data and plan_analysis)"


@pytest.fixture
def project(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    return tmp_path, raw, reference


def _process(raw, out, reference) -> int:
    return main(["process", str(raw), "--out", str(out), "--reference", str(reference)])


def _stamps(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_an_unchanged_rerun_keeps_the_set(project, capsys):
    tmp, raw, reference = project
    out = tmp / "out"
    assert _process(raw, out, reference) == 0
    first = _stamps(out)
    capsys.readouterr()
    assert _process(raw, out, reference) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{KEPT}: {out} kept as it is"
    assert _stamps(out) == first


@pytest.mark.parametrize("change", ["table", "reference", "output"])
def test_a_change_makes_the_set_again(project, capsys, change):
    tmp, raw, reference = project
    out = tmp / "out"
    assert _process(raw, out, reference) == 0
    if change == "table":
        table = raw / SEED.name
        table.write_bytes(table.read_bytes().replace("今後も".encode(), "今後とも".encode(), 1))
    elif change == "reference":
        with (reference / "stop_words.txt").open("a", encoding="utf-8") as fh:
            fh.write("事業\n")
    else:
        (out / "items.csv").write_text("edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert _process(raw, out, reference) == 0
    printed = capsys.readouterr().out
    assert KEPT not in printed and f"wrote 49 files to {out}" in printed
    assert (out / "items.csv").read_text(encoding="utf-8-sig").startswith("fiscal_year,item_id,")


def test_an_unchanged_report_is_kept(project, capsys, report_stubbed):
    tmp, raw, reference = project
    out, reports = tmp / "out", tmp / "reports"
    assert _process(raw, out, reference) == 0
    args = ["report", "--out", str(out), "--reports", str(reports), "--reference", str(reference)]
    assert main(args) == 0
    first = _stamps(reports)
    capsys.readouterr()
    assert main(args) == 0
    # after the stand-in's warning that there are no notebooks
    assert capsys.readouterr().out.splitlines()[-1] == (
        "nothing changed since the last report (the same tables, notebooks and plan_analysis): "
        f"{reports} kept as it is"
    )
    assert _stamps(reports) == first
    (reports / "summary.xlsx").unlink()  # a deliverable removed by hand: made again
    assert main(args) == 0
    assert (reports / "summary.xlsx").is_file()

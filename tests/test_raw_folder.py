"""data/raw/ as an analyst keeps it: tables beside notes, old workbooks, Word files, images,
lock and hidden files (a PDF is a table now: tests/test_pdf.py); fiscal-year options that
disagree with the table; `--version`; errors naming a missing path as it was given.

Every folder is built here in tmp_path from a copy of the seed; the command line runs with
`--reference` at a copy of the package defaults and `--out` in tmp_path (never data/).
Expected lines are written by hand from the rules in load/tables.py (`raw_files`, `_note`)
and load/fiscal_year.py (`resolve_fiscal_year`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tomllib
import warnings
from pathlib import Path

import pytest

from plan_analysis.cli import main
from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table, load_tables, raw_files
from plan_analysis.load.tables import stack

from .conftest import REFERENCE, ROOT, SEED, ref
from .test_cli import RECONCILIATION

TITLE = "令和3年度第3期木更津市地域福祉計画 進行管理表"
MEMO = "メモ：来年度は地区懇談会の日程を早めに決める\nメモ：R4の表は社会福祉課から5月に届く予定\n"
HEADER = "事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"
GOAL = "基本目標1 住みよいまちづくりの土壌を創ろう"
AREA = "(1)対象者横断のワンストップ一括相談・支援体制の構築"
ITEM = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は見合わせた。\t必要に応じて開催していく。"

SKIPPED_MEMO = (
    "skipped: memo.txt: not a table (no header row, and no row like a table's; "
    "first line: 'メモ：来年度は地区懇談会の日程を早めに決める')"
)


@pytest.fixture
def reference(tmp_path) -> Path:
    """A copy of the package's reference defaults."""
    return Path(shutil.copytree(REFERENCE, tmp_path / "reference"))


@pytest.fixture
def raw(tmp_path) -> Path:
    """An input folder holding the seed table alone."""
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def check(capsys, reference: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args, "--reference", str(reference)])
    out, err = capsys.readouterr()
    return code, out, err


def put(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- 1. what a folder holds besides its tables -----------------------------------------------


def test_check_of_a_folder_as_an_analyst_keeps_it(raw, reference, capsys):
    put(raw, "memo.txt", MEMO)
    put(raw, "議事録.docx", b"PK\x03\x04 word")
    put(raw, "写真.png", b"\x89PNG\r\n\x1a\n")
    put(raw, "~$r3_table.xlsx", b"\x05user" + b"\x00" * 50)
    put(raw, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    put(raw, "r3_original.xls", b"\xd0\xcf\x11\xe0 old workbook")
    code, out, err = check(capsys, reference, str(raw))
    assert code == 0  # skipped files are no warnings
    assert err == ""
    # sorted by name: '.' < 'm' < 'r' < '~' < kana/kanji
    assert out == (
        "skipped: .DS_Store: a hidden file, not read\n"
        f"{SKIPPED_MEMO}\n"
        "skipped: r3_original.xls: a .xls workbook, not read (open it in Excel and save it "
        "as .xlsx)\n"
        "skipped: ~$r3_table.xlsx: an Office lock file (the file is open in Excel or Word), "
        "not a table\n"
        "skipped: 写真.png: an image, not a table file\n"
        "skipped: 議事録.docx: a Word document, not a table file\n" + RECONCILIATION
    )


def test_every_other_kind_of_entry_is_skipped_with_its_line(raw):
    for name in ("r2.xls", "r4.xlsm", "slides.pptx", "Thumbs.db", "README", "scan.JPG"):
        put(raw, name, b"x")
    (raw / "old").mkdir()
    put(raw / "old", "r1_table.txt", "not looked at")
    skipped: list[str] = []
    assert raw_files(raw, skipped=skipped) == [raw / SEED.name]
    assert skipped == [
        "README: not a table file (no file ending; tables are read from .txt, .tsv, .csv, "
        ".xlsx, .pdf)",
        "Thumbs.db: not a table file (.db; tables are read from .txt, .tsv, .csv, .xlsx, .pdf)",
        "old: a folder, not read (files in subfolders are not loaded)",
        "r2.xls: a .xls workbook, not read (open it in Excel and save it as .xlsx)",
        "r4.xlsm: a .xlsm workbook, not read (open it in Excel and save it as .xlsx)",
        "scan.JPG: an image, not a table file",
        "slides.pptx: not a table file (.pptx; tables are read from .txt, .tsv, .csv, .xlsx, .pdf)",
    ]


def test_process_prints_the_skipped_files_and_writes_the_table(raw, reference, tmp_path, capsys):
    put(raw, "memo.txt", MEMO)
    put(raw, "r3_original.xls", b"\xd0\xcf\x11\xe0 old workbook")
    out_dir = tmp_path / "processed"
    args = ["process", str(raw), "--out", str(out_dir), "--reference", str(reference)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        SKIPPED_MEMO,
        "skipped: r3_original.xls: a .xls workbook, not read (open it in Excel and save it as "
        ".xlsx)",
    ]
    assert "loaded 1 file(s) (FY 2021), 75 items" in lines
    assert (out_dir / "items.parquet").is_file()


def test_skipped_files_are_carried_in_the_tables_and_through_stack(raw):
    put(raw, "memo.txt", MEMO)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlanAnalysisWarning)  # a skipped file is no warning
        tables = load_tables([raw], ref().load)
    expected = SKIPPED_MEMO.removeprefix("skipped: ")
    assert tables.skipped == [expected]
    assert tables.warnings == []
    assert "skipped" not in tables.frames()
    again = stack([dataclasses.replace(tables, skipped=["a.png: an image, not a table file"])])
    assert again.skipped == ["a.png: an image, not a table file"]


def test_a_folder_without_a_table_is_an_error_listing_what_was_skipped(tmp_path, reference, capsys):
    folder = tmp_path / "raw"
    folder.mkdir()
    put(folder, "memo.txt", MEMO)
    put(folder, "r4.xls", b"\xd0\xcf\x11\xe0 old workbook")
    code, out, err = check(capsys, reference, str(folder))
    assert (code, out) == (2, "")
    assert err == (
        "plan-analysis: error: no input files (supported: .txt, .tsv, .csv, .xlsx, .pdf); "
        "skipped: memo.txt: not a table (no header row, and no row like a table's; first line: "
        "'メモ：来年度は地区懇談会の日程を早めに決める'); r4.xls: a .xls workbook, not read (open "
        "it in Excel and save it as .xlsx)\n"
    )


# --- 2. a note, or a table that failed? -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("memo.txt", MEMO),
        # a CSV note with one line of three comma-separated cells: still fewer than two such rows
        ("todo.csv", "確認すること,日程,予算\n来年度も同じ手順で読み込む\n"),
        # a year in a sentence is no title (it ends in 。)
        ("memo2.txt", "令和4年度の進行管理表は5月に届く予定。\n"),
        ("notes.tsv", "担当者\t山田\n電話\t内線1234\n"),
    ],
)
def test_text_files_without_anything_of_a_table_are_notes(raw, name, text):
    put(raw, name, text)
    skipped: list[str] = []
    assert raw_files(raw, skipped=skipped, headers=ref().load.headers) == [raw / SEED.name]
    assert len(skipped) == 1 and skipped[0].startswith(f"{name}: not a table (no header row")


@pytest.mark.parametrize(
    ("why", "text"),
    [
        # a misspelt header: several rows of 3+ cells
        ("rows of cells", "事業名称\t課名\t説明\t経過\t予定\n" + ITEM + "\n" + ITEM + "\n"),
        # a title naming its year, and nothing else
        ("a title", "令和4年度第3期木更津市地域福祉計画 進行管理表\n\nあとで表を貼る\n"),
        # tabs lost in the copy: the header names are there, space-separated
        ("header words", "事業名 所管課 内容 これまでの取り組み 今後の予定\n地区懇談会の開催\n"),
        # a goal row
        ("a goal row", GOAL + "\n事業は次のページ\n"),
    ],
)
def test_a_table_that_failed_in_a_folder_stops_the_run(raw, reference, capsys, why, text):
    put(raw, "r4_table.txt", text)
    code, out, err = check(capsys, reference, str(raw))
    assert (code, out) == (2, ""), why
    assert err.startswith("plan-analysis: error: r4_table.txt: no header row found"), why
    assert err.count("\n") == 1


def test_a_broken_table_in_a_folder_stops_the_run(raw, reference, capsys):
    put(raw, "memo.txt", MEMO)
    put(
        raw,
        "r4_table.txt",
        "\n".join(["令和4年度 進行管理表", HEADER, GOAL, AREA, ITEM + "\t余分なセル"]),
    )
    code, out, err = check(capsys, reference, str(raw))
    assert (code, out) == (2, "")  # nothing printed for the seed: no partial set of years
    assert err.startswith(
        "plan-analysis: error: r4_table.txt, line 5: item row has 6 cells, the header has 5"
    )


def test_a_note_named_on_the_command_line_is_an_error(raw, reference, capsys):
    memo = put(raw, "memo.txt", MEMO)
    code, out, err = check(capsys, reference, str(memo))
    assert (code, out) == (2, "")
    assert err.startswith(
        "plan-analysis: error: memo.txt: no header row found (first non-blank row: "
        "メモ：来年度は地区懇談会の日程を早めに決める); expected a row naming the columns"
    )
    assert err.count("\n") == 1


#: The end of the error for a file named .pdf that is no readable PDF (load/pdf.py).
BROKEN_PDF_ADVICE = (
    "the file is damaged or no PDF; open it in a PDF viewer to check, or get the table another "
    "way: copy its text out, or save the table as .xlsx/.csv\n"
)


def test_a_broken_pdf_named_on_the_command_line_is_an_error(raw, reference, capsys):
    pdf = put(raw, "r4.pdf", b"%PDF-1.4\n")
    code, out, err = check(capsys, reference, str(pdf))
    assert (code, out) == (2, "")
    assert err.startswith("plan-analysis: error: r4.pdf: not a readable PDF (")
    assert err.endswith(BROKEN_PDF_ADVICE)
    assert err.count("\n") == 1


def test_a_broken_pdf_in_a_folder_stops_the_run(raw, reference, capsys):
    """A PDF is a table file now: one that cannot be read is not skipped, it is an error."""
    put(raw, "memo.txt", MEMO)
    put(raw, "r4.pdf", b"%PDF-1.4\n")
    code, out, err = check(capsys, reference, str(raw))
    assert (code, out) == (2, "")  # nothing printed for the seed: no partial set of years
    assert err.startswith("plan-analysis: error: r4.pdf: not a readable PDF (")
    assert err.endswith(BROKEN_PDF_ADVICE)


def test_a_fifo_named_like_a_note_is_still_refused(raw):
    os.mkfifo(raw / "memo.txt")
    with pytest.raises(PlanAnalysisError) as info:
        load_tables([raw], ref().load)
    assert str(info.value) == (
        "memo.txt: is a named pipe (FIFO), not a regular file: only files are read"
    )


def test_a_link_out_of_the_folder_with_another_ending_is_skipped_unread(raw, tmp_path):
    secret = put(tmp_path, "secret.docx", "秘密")
    (raw / "link.docx").symlink_to(secret)
    skipped: list[str] = []
    assert raw_files(raw, skipped=skipped) == [raw / SEED.name]
    assert skipped == ["link.docx: a Word document, not a table file"]


def test_a_lock_file_named_like_a_table_is_skipped_not_opened(raw):
    put(raw, "~$r3_table.xlsx", b"not a zip")
    put(raw, ".r3_hidden.csv", b"\xff\xfe broken")
    skipped: list[str] = []
    assert raw_files(raw, skipped=skipped, headers=ref().load.headers) == [raw / SEED.name]
    assert skipped == [
        ".r3_hidden.csv: a hidden file, not read",
        "~$r3_table.xlsx: an Office lock file (the file is open in Excel or Word), not a table",
    ]


# --- 3. fiscal years -------------------------------------------------------------------------


def test_fiscal_year_option_disagreeing_with_the_title_warns(reference, capsys):
    code, out, _ = check(capsys, reference, str(SEED), "--fiscal-year", "2022")
    assert code == 1
    assert out.startswith(f"{SEED.name}: 令和4年度 (FY2022), text, utf-8\n")
    assert out.endswith(
        "warnings: 1\n"
        f"  {SEED.name}: --fiscal-year 2022 disagrees with the title '{TITLE}' (2021); "
        "using 2022 from --fiscal-year\n"
    )


def test_fiscal_year_disagreement_is_issued_and_kept(tmp_path):
    with pytest.warns(PlanAnalysisWarning) as caught:
        tables = load_table(SEED, ref().load, fiscal_year=2022)
    message = (
        f"{SEED.name}: --fiscal-year 2022 disagrees with the title '{TITLE}' (2021); "
        "using 2022 from --fiscal-year"
    )
    assert [str(w.message) for w in caught] == [message]
    assert tables.warnings == [message]
    assert tables.documents["n_warnings"].tolist() == [1]
    assert tables.items["item_id"].iat[0] == "2022-001"


def test_fiscal_year_option_disagreeing_with_the_file_name_warns(tmp_path):
    untitled = SEED.read_text(encoding="utf-8").replace(
        TITLE, "第3期木更津市地域福祉計画 進行管理表"
    )
    path = put(tmp_path, "r3_table.txt", untitled)
    with pytest.warns(PlanAnalysisWarning) as caught:
        tables = load_table(path, ref().load, fiscal_year=2022)
    assert [str(w.message) for w in caught] == [
        "r3_table.txt: --fiscal-year 2022 disagrees with the file name 'r3_table.txt' (2021); "
        "using 2022 from --fiscal-year"
    ]
    assert tables.documents["fiscal_year"].tolist() == [2022]


def test_fiscal_year_option_agreeing_gives_no_warning(reference, capsys):
    code, out, _ = check(capsys, reference, str(SEED), "--fiscal-year", "2021")
    assert (code, out) == (0, RECONCILIATION)


def test_fiscal_year_option_with_a_folder_of_one_table_and_a_note(raw, reference, capsys):
    put(raw, "memo.txt", MEMO)
    code, out, _ = check(capsys, reference, str(raw), "--fiscal-year", "2021")
    assert (code, out) == (0, SKIPPED_MEMO + "\n" + RECONCILIATION)


def test_fiscal_year_option_3_is_an_error(reference, capsys):
    code, out, err = check(capsys, reference, str(SEED), "--fiscal-year", "3")
    assert (code, out) == (2, "")
    assert err == (
        f"plan-analysis: error: {SEED.name}: --fiscal-year 3 is not a plausible fiscal year: "
        "expected a Western year from 1989 to 2100 (令和3年度 is 2021)\n"
    )


# --- 4. --version and paths as given ---------------------------------------------------------


def test_version(capsys):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"plan-analysis {version}\n"


def test_missing_file_is_named_by_the_path_as_given(tmp_path, reference, monkeypatch, capsys):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, reference, "data/rwa/r4.csv")
    assert (code, out) == (2, "")
    assert err == (
        "plan-analysis: error: data/rwa/r4.csv: cannot read the file (No such file or directory)\n"
    )


def test_missing_folder_is_named_by_the_path_as_given(tmp_path, reference, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, reference, "data/rwa")
    assert (code, out) == (2, "")
    assert err == (
        "plan-analysis: error: data/rwa: cannot read the file (No such file or directory)\n"
    )

"""A progress table as PDF (issue 12): read with pdfplumber into the same tables as its workbook.

The PDFs are built here with reportlab (tests/pdf_fixtures.py) from the very rows the tests
write as .xlsx, so the workbook is the expected value. Counts are read off the seed by hand:
75 items (2 of them reposts), 3 goals, 13 areas; a PDF adds one title line, one header row
and one page-number line per page (the header and the number are printed on every page).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from plan_analysis.cli import main
from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table, load_tables, pdf
from plan_analysis.load.readers import read_raw, size_limit

from . import pdf_fixtures as fx
from .conftest import REFERENCE, SEED, quiet_load, ref, write_xlsx

TITLE = "令和3年度第3期木更津市地域福祉計画 進行管理表"
HEADER = ["事業名", "所管課", "内容", "これまでの取り組み", "今後の予定"]
#: The columns compared between the PDF and the workbook: normalised text as loaded.
COMPARED = [
    "seq", "goal_no", "area_no", "name", "owner_raw", "content", "past_efforts", "plans",
    "is_repost", "repost_of",
]  # fmt: skip
ADVICE = (
    "ask the section for the table as a workbook (.xlsx), or run OCR on the PDF "
    "(e.g. `ocrmypdf -l jpn in.pdf out.pdf`) and load the result"
)


def load_quietly_strict(path: Path):
    """Load `path`; a PlanAnalysisWarning fails (the table PDFs load without one)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlanAnalysisWarning)
        return load_table(path, ref().load)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def workbook(folder):
    return quiet_load(write_xlsx(folder / "r3_table.xlsx"))


@pytest.fixture(scope="module")
def seed_pdf(folder) -> Path:
    return fx.write_pdf(folder / "r3_table.pdf")


@pytest.fixture(scope="module")
def from_pdf(seed_pdf):
    return load_quietly_strict(seed_pdf)


def assert_same_items(loaded, expected) -> None:
    pd.testing.assert_frame_equal(
        loaded.items[COMPARED].reset_index(drop=True),
        expected.items[COMPARED].reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(loaded.sections, expected.sections)


# --- the seed as PDF -------------------------------------------------------------------------


def test_seed_pdf_loads_to_the_workbooks_items(from_pdf, workbook):
    assert_same_items(from_pdf, workbook)
    assert len(from_pdf.items) == 75
    assert int(from_pdf.items["is_repost"].sum()) == 2
    assert from_pdf.sections["goal_no"].nunique() == 3
    assert len(from_pdf.sections) == 13
    keys = ["item_id", "column", "seg_no", "department", "text"]
    pd.testing.assert_frame_equal(from_pdf.segments[keys], workbook.segments[keys])
    pd.testing.assert_frame_equal(
        from_pdf.item_departments, workbook.item_departments, check_like=True
    )
    doc = from_pdf.documents.iloc[0]
    assert (doc["source_format"], doc["encoding"], doc["fiscal_year"]) == ("pdf", "", 2021)
    assert (doc["plan_title"], doc["n_goals"], doc["n_areas"], doc["n_items"]) == (
        TITLE, 3, 13, 75,
    )  # fmt: skip
    assert from_pdf.warnings == []


def test_in_cell_line_breaks_are_paragraphs_and_wraps_are_joined(from_pdf, workbook):
    """The seed's <p> paragraphs are line breaks in the workbook's cells and in the PDF's;
    lines the PDF wrapped are joined without a break or a space."""
    items = from_pdf.items.set_index("name")
    shelters = items.loc[
        "高齢者・障害者・乳幼児などの要配慮者に配慮した避難所運営及び福祉避難所の体制整備"
    ]
    # six owners, the 所管課 cell wrapped over several lines
    assert shelters["owner_raw"] == (
        "障がい福祉課 高齢者福祉課 介護保険課 子育て支援課 健康推進課 危機管理課"
    )
    # これまでの取り組み: five paragraphs, one per owner (○ … (…課))
    assert shelters["past_efforts"].count("\n") == 4
    assert all(p.startswith("○") for p in shelters["past_efforts"].split("\n"))
    # a two-owner 内容 cell: the owner tag ends its paragraph with a space, as in the workbook
    assert items.loc["民生委員・児童委員、主任児童委員及び家庭相談員の活動の周知", "content"] == (
        "ホームページや民生委員・児童委員、主任児童委員の活動の中で活動や役割の周知を行う。"
        "(社会福祉課) 子育て世代の地域の身近な相談役であり、行政や地域とのつなぎ役である主任"
        "児童委員の活動の周知を図り、子どもの健全な育成を推進する。(子育て支援課)"
    )


def test_positions_name_pages(from_pdf, seed_pdf):
    pages = fx.page_count(seed_pdf)
    assert pages >= 3  # the seed takes several A4 landscape pages
    first = from_pdf.items.iloc[0]
    # page 1: the title (row 1), the header, 基本目標1, (1), then the first item
    assert (first["source_sheet"], first["source_line"]) == ("p.1", 5)
    lines = from_pdf.source_lines
    assert sorted(set(lines["sheet"])) == [f"p.{n}" for n in range(1, pages + 1)]
    starts = lines[lines["line"] == 1].set_index("sheet")["kind"]
    assert starts["p.1"] == "title"
    assert (starts.drop("p.1") == "header").all()  # the header on top of every further page
    counts = lines["kind"].value_counts().to_dict()
    assert counts == {
        "title": 1, "header": pages, "goal": 3, "area": 13, "item": 75, "blank": pages,
    }  # fmt: skip
    assert from_pdf.items["source_sheet"].is_monotonic_increasing


#: A one-page table whose goal skips area (2); every cell fits on one line.
GAP_ROWS = [
    ["令和4年度 進行管理表"],
    HEADER,
    ["基本目標1 住みよいまちづくりの土壌を創ろう"],
    ["(1)相談支援体制の構築"],
    ["地区懇談会の開催", "社会福祉課", "地区懇談会を開催する。", "開催は見合わせた。", "必要に応じて開催していく。"],
    ["(3)地域福祉の担い手づくり"],
    ["市民後見人育成", "社会福祉課", "市民後見人を育成する。", "養成講座を開催した。", "引き続き養成を推進する。"],
]  # fmt: skip


@pytest.fixture(scope="module")
def gap_pdf(folder) -> Path:
    return fx.write_pdf(folder / "r4_gap.pdf", GAP_ROWS)


def test_a_message_names_the_page_and_row(gap_pdf):
    loaded = quiet_load(gap_pdf)
    # page 1: title, header, goal, (1), item, (3) in row 6, item, the page number
    assert loaded.warnings == [
        "r4_gap.pdf, page 1, row 6: policy area (3) follows (1) (page 1, row 4) under "
        "基本目標1: (2) is missing"
    ]
    assert loaded.source_lines["kind"].tolist() == [
        "title", "header", "goal", "area", "item", "area", "item", "blank",
    ]  # fmt: skip


def test_a_name_cell_merged_down_gives_a_continuation_row_as_in_the_workbook(folder):
    rows = [
        ["令和4年度 進行管理表"],
        HEADER,
        ["基本目標1 住みよいまちづくりの土壌を創ろう"],
        ["(1)相談支援体制の構築"],
        ["地区懇談会の開催", "社会福祉課", "地区懇談会を開催する。", "開催は見合わせた。", "必要に応じて開催していく。"],
        ["", "子育て支援課", "子育て世代の懇談会を開催する。", "オンラインで開催した。", "引き続き開催していく。"],
    ]  # fmt: skip
    loaded = quiet_load(fx.write_pdf(folder / "r4_merged.pdf", rows, merged_down=(4,)))
    assert_same_items(loaded, quiet_load(write_xlsx(folder / "r4_merged.xlsx", rows)))
    item = loaded.items.iloc[0]
    assert (item["name"], item["owner_raw"], item["content"]) == (
        "地区懇談会の開催",
        "社会福祉課\n子育て支援課",
        "地区懇談会を開催する。\n子育て世代の懇談会を開催する。",
    )
    assert loaded.warnings == [
        "r4_merged.pdf, page 1, row 6: row without an item name but with an owner '子育て支援課': "
        "joined to item '地区懇談会の開催' (page 1, row 5) as a further owner and text (a merged "
        "name cell); if it is an item of its own, fill in its name"
    ]


# --- other PDFs of a table ---------------------------------------------------------------------


def test_a_pdf_without_ruling_lines_loads_the_same_items(folder, workbook):
    path = fx.write_pdf(folder / "r3_unruled.pdf", ruled=False)
    pages = fx.page_count(path)
    loaded = quiet_load(path)
    assert_same_items(loaded, workbook)
    assert loaded.warnings == [
        f"r3_unruled.pdf: the table on pages 1–{pages} has no ruling lines: its cells were "
        "placed by the positions of the words (check the items of those pages, or ask the "
        "section for the workbook)"
    ]


def test_rows_of_one_line_without_ruling_lines(folder):
    """Without lines and without a cell of two lines, each line is a row of its own."""
    loaded = quiet_load(fx.write_pdf(folder / "r4_gap_unruled.pdf", GAP_ROWS, ruled=False))
    assert loaded.items[["name", "owner_raw", "plans", "area_no"]].values.tolist() == [
        ["地区懇談会の開催", "社会福祉課", "必要に応じて開催していく。", 1],
        ["市民後見人育成", "社会福祉課", "引き続き養成を推進する。", 3],
    ]
    assert loaded.source_lines["kind"].tolist() == [
        "title", "header", "goal", "area", "item", "area", "item", "blank",
    ]  # fmt: skip


@pytest.mark.parametrize("ruled", [True, False])
def test_the_second_year_as_pdf_loads_like_its_workbook(folder, ruled):
    rows = fx.second_year_rows()
    expected = quiet_load(write_xlsx(folder / "r4_table.xlsx", rows))
    loaded = quiet_load(fx.write_pdf(folder / f"r4_table_{ruled}.pdf", rows, ruled=ruled))
    assert_same_items(loaded, expected)
    assert len(loaded.items) == 75  # one item removed, one added
    assert loaded.documents["fiscal_year"].tolist() == [2022]
    items = loaded.items.set_index("name")
    assert items.loc[fx.PLANS_R4[0], "plans"] == fx.PLANS_R4[1]  # two paragraphs
    new = fx.ADDED[1]
    assert items.loc[new[0], "owner_raw"] == new[1]  # five owners, the cell wrapped
    assert items.loc[new[0], "plans"] == new[4]
    assert fx.RENAMED[1] in items.index and fx.REMOVED not in items.index


def test_ten_pages_sort_in_page_order(folder, workbook):
    """From ten pages on, page labels are zero-padded: p.01 … p.10 sort as the pages do."""
    path = fx.write_pdf(folder / "r3_large_print.pdf", font_size=8.5)
    pages = fx.page_count(path)
    assert pages >= 10
    loaded = quiet_load(path)
    assert_same_items(loaded, workbook)
    labels = [f"p.{n:02d}" for n in range(1, pages + 1)]
    assert loaded.source_lines["sheet"].drop_duplicates().tolist() == labels
    assert loaded.items["source_sheet"].is_monotonic_increasing


# --- PDFs that cannot be read ------------------------------------------------------------------


def error_of(path: Path) -> str:
    with pytest.raises(PlanAnalysisError) as info:
        quiet_load(path)
    return str(info.value)


def test_a_scan_is_an_error_saying_what_to_do(folder):
    path = fx.write_scan_pdf(folder / "r3_scan.pdf")
    assert error_of(path) == (
        "r3_scan.pdf: the PDF has no text layer: none of its 1 page(s) holds a character "
        "(a scan or an image of the table), so there is nothing to read; " + ADVICE
    )


def test_glyphs_without_unicode_are_an_error_saying_what_to_do(folder):
    message = error_of(fx.write_cid_pdf(folder / "r3_cid.pdf"))
    assert message.startswith("r3_cid.pdf: the PDF's text layer is unusable: ")
    assert "characters are glyphs without a Unicode mapping (shown as (cid:NNNN)" in message
    assert message.endswith("so the text cannot be read; " + ADVICE)


def test_an_encrypted_pdf_is_an_error(folder):
    assert error_of(fx.write_encrypted_pdf(folder / "r3_locked.pdf")) == (
        "r3_locked.pdf: the PDF is encrypted (it needs a password to open): not read; ask the "
        "section for a copy without a password, or for the table as a workbook (.xlsx)"
    )


def test_a_damaged_pdf_is_one_line_of_error(folder, seed_pdf, tmp_path, capsys):
    cut = tmp_path / "r3_cut.pdf"
    cut.write_bytes(seed_pdf.read_bytes()[:20000])  # a download broken off
    reference = shutil.copytree(REFERENCE, tmp_path / "reference")
    assert main(["check", str(cut), "--reference", str(reference)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("plan-analysis: error: r3_cut.pdf: not a readable PDF (")
    assert err.endswith("copy its text out, or save the table as .xlsx/.csv\n")
    assert err.count("\n") == 1


def test_limits(folder, seed_pdf, monkeypatch):
    from plan_analysis.config import MAX_PDF_BYTES

    assert size_limit(".pdf") == MAX_PDF_BYTES
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 0)
    scan = fx.write_scan_pdf(folder / "r3_one_page.pdf")
    with pytest.raises(PlanAnalysisError) as info:
        read_raw(scan, ref().load.headers)
    assert str(info.value) == (
        "r3_one_page.pdf: the PDF has 1 page(s), more than the 0 a progress table may have "
        "(MAX_PDF_PAGES in config.py): not read"
    )


# --- a PDF in a folder, and on the command line ------------------------------------------------


def test_a_pdf_in_a_folder_is_loaded(seed_pdf, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)  # FY2021 as text
    fx.write_pdf(raw / "r4_table.pdf", fx.second_year_rows())  # FY2022 as PDF
    (raw / "memo.txt").write_text("メモ：PDFも読み込める\n", encoding="utf-8")
    tables = load_tables([raw], ref().load)
    assert tables.documents[["fiscal_year", "source_file", "source_format"]].values.tolist() == [
        [2021, SEED.name, "text"],
        [2022, "r4_table.pdf", "pdf"],
    ]
    assert tables.items.groupby("fiscal_year").size().tolist() == [75, 75]
    assert [s.split(":")[0] for s in tables.skipped] == ["memo.txt"]


def test_check_on_a_pdf_reports_its_pages(seed_pdf, gap_pdf, tmp_path, capsys):
    reference = shutil.copytree(REFERENCE, tmp_path / "reference")
    pages = fx.page_count(seed_pdf)
    assert main(["check", str(seed_pdf), "--reference", str(reference)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "r3_table.pdf: 令和3年度 (FY2021), pdf",
        f"  title: {TITLE}",
        f"  {1 + pages + 3 + 13 + 75 + pages} lines/rows:",
    ]
    assert out[4].split() == ["header", "見出し行", str(pages)]
    assert out[9].split() == ["blank", "空行", str(pages)]
    assert "  3 goals, 13 areas, 75 items (2 reposts)" in out
    assert out[-1] == "warnings: 0"
    # a warning names the page and the row
    assert main(["check", str(gap_pdf), "--reference", str(reference)]) == 1
    out = capsys.readouterr().out
    assert out.endswith(
        "warnings: 1\n  r4_gap.pdf, page 1, row 6: policy area (3) follows (1) (page 1, row 4) "
        "under 基本目標1: (2) is missing\n"
    )


# --- how the lines of a cell are joined (characters placed by hand) ------------------------------

SIZE = 8.0


def cell(lines: list[str], width: float) -> str:
    """The text read from a cell whose printed lines are `lines`, with its text `width`
    full-width characters wide (an ASCII character is half as wide)."""
    chars = []
    for n, line in enumerate(lines):
        x, top = 0.0, n * SIZE * 1.25
        for ch in line:
            w = SIZE / 2 if ch.isascii() else SIZE
            chars.append(pdf._Char(ch, x, x + w, top, top + SIZE, SIZE))
            x += w
    return pdf._cell_text(pdf._cell_lines(chars), width * SIZE)


def test_a_full_line_was_wrapped_and_a_short_one_ends_a_paragraph():
    assert (
        cell(["地域の課題を把握し、", "支援に繋げる。"], 10) == "地域の課題を把握し、支援に繋げる。"
    )
    assert cell(["課題を把握する。", "支援に繋げる。"], 10) == "課題を把握する。\n支援に繋げる。"
    # punctuation hanging past the edge: wrapped
    assert (
        cell(["地域の課題を把握し、", "支援に繋げる。"], 9) == "地域の課題を把握し、支援に繋げる。"
    )
    # a paragraph whose last line fills the cell prints as a wrap does: read as one
    assert (
        cell(["地域の課題を把握する。", "支援に繋げる。"], 11)
        == "地域の課題を把握する。支援に繋げる。"
    )


def test_spaces_where_the_tables_always_have_one():
    # between the sections of a 所管課 list, wrapped inside a name or between two names
    assert cell(["社会福祉課 高齢", "者福祉課"], 8) == "社会福祉課 高齢者福祉課"
    assert cell(["社会福祉課", "子育て支援課"], 6) == "社会福祉課 子育て支援課"
    assert cell(["福祉部", "内各課"], 3) == "福祉部内各課"
    # after an owner tag, before a ○ bullet
    assert cell(["周知を行う。(社会福祉課)", "子育て世代の"], 12) == (
        "周知を行う。(社会福祉課) 子育て世代の"
    )
    assert cell(["事業を実施していく。", "○相談体制"], 10) == "事業を実施していく。 ○相談体制"
    # a bullet after an owner's tag starts that owner's paragraph
    assert cell(["対応する。(介護保険課)", "○大規模災害"], 11) == (
        "対応する。(介護保険課)\n○大規模災害"
    )
    # the room of a swallowed space after 。 (the next character would have fitted)
    assert cell(["実施した。", "地域で"], 6.5) == "実施した。 地域で"
    # … but a Latin word is never broken, so it needed the room of the whole word
    assert cell(["メールで受付。", "HPから"], 7.75) == "メールで受付。HPから"

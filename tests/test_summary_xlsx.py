"""summary.xlsx as the welfare council reads it: 目次 first, Japanese in every cell, formats.

Expected values are read off the seed by hand (tests/fixtures/r3_kisarazu_…txt): 75 item
rows, of which two are reposts — line 115 marked (再掲), and line 102, line 8's item again
with 設置 appended — so 73 items are counted: 54 under 基本目標1 (lines 8–88), 11 under
基本目標2, 8 under 基本目標3. The counted items list 92 owners in their 所管課 cells (line
87 alone lists six), 15 different ones.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from plan_analysis import labels
from plan_analysis.report.summary import summary_sheets, xlsx_bytes
from plan_analysis.report.workbook import text_width
from plan_analysis.schema import CODE_LISTS, MEASURES

#: Every English code a person must never read: the codes of every code list, the
#: measures' names and the groupings of 集計 (column names as values).
CODES = (
    {code for codes in CODE_LISTS.values() for code in codes.order}
    | set(MEASURES)
    | {by for m in MEASURES.values() for by in m.roll_ups}
)


@pytest.fixture(scope="module")
def book(frames) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(summary_sheets(frames))))


@pytest.fixture(scope="module")
def two_year_book(two_years) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(summary_sheets(two_years))))


def rows_of(ws) -> list[dict[str, object]]:
    """The data rows of a table sheet (header in row 1) as header → value."""
    header = [c.value for c in ws[1]]
    return [
        dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def contents_listing(wb) -> list[tuple]:
    """目次's list of sheets: the rows under its シート header."""
    ws = wb["目次"]
    (start,) = [c.row for c in ws["A"] if c.value == "シート"]
    return [tuple(c for c in ws[r]) for r in range(start + 1, ws.max_row + 1)]


def test_contents_is_the_first_sheet_and_lists_every_other_one(book):
    assert book.sheetnames[0] == "目次"
    listing = contents_listing(book)
    assert [name.value for name, _, _ in listing] == book.sheetnames[1:]
    for name, note, _ in listing:
        assert name.hyperlink.location == f"'{name.value}'!A1"  # a link, not a formula
        assert name.hyperlink.target is None
        assert note.value and re.search(r"[ぁ-んァ-ン一-龥]", note.value)
    counts = {name.value: n.value for name, _, n in listing}
    assert counts["事業一覧"] == 75
    assert counts["コロナの影響"] == 14  # 9 suspended + 3 partial + 2 adapted
    assert counts["所管課別事業数"] == 15


def test_contents_names_the_plan_the_years_and_the_files(book, two_year_book):
    ws = book["目次"]
    about = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 4)}
    assert about == {
        "計画名": "令和3年度第3期木更津市地域福祉計画 進行管理表",
        "年度": "令和3年度（2021年度）",
        "元ファイル": "r3_kisarazu_welfare_plan_progress.txt",
    }
    ws = two_year_book["目次"]
    assert ws["B2"].value == "令和3年度（2021年度）、令和4年度（2022年度）"
    assert ws["B3"].value == "r3_kisarazu_welfare_plan_progress.txt\nr4_progress.xlsx"


@pytest.mark.parametrize("which", ["book", "two_year_book"])
def test_no_cell_speaks_code(which, request):
    wb = request.getfixturevalue(which)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                assert not isinstance(value, bool), (ws.title, cell.coordinate)
                if isinstance(value, str):
                    assert value not in {"nan", "None", "NaN", "<NA>", "True", "False", ""}
                    parts = set(re.split(r"[,、]", value))
                    assert not parts & CODES, (ws.title, cell.coordinate, value)


def test_every_table_has_a_bold_frozen_header_and_an_autofilter(book):
    sizes = {name.value: n.value for name, _, n in contents_listing(book)}
    for name, n_rows in sizes.items():
        ws = book[name]
        header = ws[1]
        assert all(c.font.b for c in header), name
        assert ws.freeze_panes == "A2", name
        end = openpyxl.utils.get_column_letter(len(header))
        assert ws.auto_filter.ref == f"A1:{end}{n_rows + 1}", name


def test_shares_similarities_and_counts_are_formatted(book):
    counts = book["集計"]
    header = [c.value for c in counts[1]]
    share = header.index("割合")
    assert {row[share].number_format for row in counts.iter_rows(min_row=2)} == {"0.0%"}
    # 基本目標3: 8 counted items, 2 suspended (lines 122 and 124: 会議の実施はできていない)
    (row,) = [
        r
        for r in rows_of(counts)
        if (r["指標"], r["集計単位"], r["集計区分"], r["分類"])
        == ("コロナの影響", "基本目標", "3", "中止・見合わせ")
    ]
    assert (row["件数"], row["事業数"], row["割合"]) == (2, 8, 0.25)
    items = book["事業一覧"]
    header = [c.value for c in items[1]]
    similarity = items.cell(2, header.index("予定と取り組みの類似度") + 1)
    assert similarity.number_format == "0.00"
    departments = book["所管課別事業数"]
    assert departments["E2"].number_format == "#,##0"  # 事業数
    assert departments["F2"].number_format == "0.0"  # 事業数(按分)


def test_the_totals_add_up_to_the_items(book):
    departments = book["所管課別事業数"]
    assert departments.max_row == 17  # header, 15 owners, 合計
    total = [c.value for c in departments[17]]
    assert total == [2021, "合計", None, None, 92, 73]  # 92 owners listed, 73 items
    assert all(c.font.b for c in departments[17])
    divisions = rows_of(book["部別事業数"])
    assert divisions[-1]["部"] == "合計" and divisions[-1]["事業数(按分)"] == 73
    for sheet in ("集計", "共同所管", "事業一覧"):  # nothing there that adds up
        assert "合計" not in {c.value for row in book[sheet].iter_rows() for c in row}


def test_a_known_item_reads_in_japanese(book):
    items = {r["事業ID"]: r for r in rows_of(book["事業一覧"])}
    talks = items["2021-014"]  # line 27: 懇談会の開催は見合わせた
    assert talks["事業名"] == "地区懇談会の開催"
    assert talks["コロナの影響"] == "中止・見合わせ"
    assert talks["再掲"] is None and talks["再掲元"] is None
    repost = items["2021-070"]  # line 115: 児童・生徒・市民への福祉学習の推進(再掲)
    assert (repost["再掲"], repost["再掲元"]) == ("○", "2021-066")
    plans = {r["事業ID"]: r for r in rows_of(book["今後の予定"])}
    # line 10: 引き続き、…体制づくりをしていく。 — continues (引き続き) and new (体制づくり)
    assert plans["2021-003"]["今後の予定の種類(すべて)"] == "継続、新規"
    assert rows_of(book["読み込み状況"])[0]["形式"] == "テキスト"


def test_long_text_wraps_in_a_capped_column_and_numbers_stay_narrow(book):
    ws = book["事業一覧"]
    header = [c.value for c in ws[1]]
    name = openpyxl.utils.get_column_letter(header.index("事業名") + 1)
    assert ws.column_dimensions[name].width <= 52
    assert ws[f"{name}2"].alignment.wrap_text
    year = openpyxl.utils.get_column_letter(header.index("年度") + 1)
    assert ws.column_dimensions[year].width <= 10


def test_a_file_name_like_a_formula_stays_text_in_the_contents(frames):
    sheets = summary_sheets(frames)
    documents = sheets["読み込み状況"].assign(source_file="=cmd|'/C calc'!A0.txt")
    data = xlsx_bytes({**sheets, "読み込み状況": documents})
    cell = openpyxl.load_workbook(io.BytesIO(data))["目次"]["B3"]
    assert cell.value == "=cmd|'/C calc'!A0.txt"
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("事業", 4), ("ｶﾅ", 2), ("○①", 4), ("ab\n事業名", 6), ("", 0)],
)
def test_text_width_counts_full_width_characters_twice(text, width):
    assert text_width(text) == width


def test_to_readable_shows_labels_marks_and_blanks():
    df = pd.DataFrame(
        {
            "measure": ["plan_type", "covid_effect"],
            "group_by": ["goal_no", "department"],
            "category": ["new", "none"],
            "plan_types_all": ["conditional,expand", None],
            "is_repost": [True, False],
            "repost_of": ["2021-001", ""],
            "share": [0.5, float("nan")],
        }
    )
    shown = labels.to_readable(df)
    assert list(shown.columns) == [
        "指標",
        "集計単位",
        "分類",
        "今後の予定の種類(すべて)",
        "再掲",
        "再掲元",
        "割合",
    ]
    assert shown.iloc[:, :6].to_numpy().tolist() == [
        ["今後の予定の種類", "基本目標", "新規", "条件付き・検討、拡充", "○", "2021-001"],
        ["コロナの影響", "所管課", "影響の記載なし", None, None, None],
    ]
    assert shown["割合"].iloc[0] == 0.5 and pd.isna(shown["割合"].iloc[1])

"""Malformed input: the package's error naming file, position and problem, or a warning
that keeps the text. Asserted on the messages."""

from __future__ import annotations

import shutil
import warnings

import openpyxl
import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table, load_tables

from .conftest import REFERENCE, SEED, quiet_load, ref

HEADER = "事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"
TITLE = "令和4年度第3期木更津市地域福祉計画 進行管理表"
GOAL = "基本目標1 住みよいまちづくりの土壌を創ろう\t\t\t\t"
AREA = "(1)対象者横断のワンストップ一括相談・支援体制の構築\t\t\t\t"
ITEM = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は見合わせた。\t必要に応じて開催していく。"


def write(tmp_path, text: str | bytes, name: str = "r4_table.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def error_of(path) -> str:
    with pytest.raises(PlanAnalysisError) as info:
        load_table(path, ref(REFERENCE).load)
    return str(info.value)


def table(*rows: str) -> str:
    return "\n".join([TITLE, "", HEADER, *rows]) + "\n"


def test_empty_file(tmp_path):
    assert error_of(write(tmp_path, "")) == "r4_table.txt: the file is empty"
    assert error_of(write(tmp_path, "\n \n")) == "r4_table.txt: the file is empty"


def test_header_only(tmp_path):
    assert (
        error_of(write(tmp_path, table()))
        == "r4_table.txt, line 3: the table has a header at line 3 but no item rows: "
        "nothing with text follows it"
    )


def test_no_header(tmp_path):
    msg = error_of(write(tmp_path, "\n".join([TITLE, GOAL, ITEM])))
    assert msg.startswith("r4_table.txt: no header row found (first non-blank row: 令和4年度")
    assert "事業名 / 所管課 / 内容" in msg


def test_unknown_header(tmp_path):
    msg = error_of(
        write(tmp_path, "\n".join([TITLE, "事業名\t担当課\t内容\t担当者\t今後の予定", GOAL, ITEM]))
    )
    assert msg.startswith(
        "r4_table.txt, line 2: unknown header name(s) ['担当者'] (a variant of a core column, or an "
        "extra column such as 評価 or 備考: declare it in data/reference/header_aliases.csv — "
        "e.g. `grade,評価,` — and it is carried into the items table) and no column for "
        "['past_efforts']"
    )
    assert "found header: 事業名 | 担当課 | 内容 | 担当者 | 今後の予定" in msg
    assert "取組状況" in msg  # lists what is accepted


def test_renamed_headers_are_accepted(tmp_path):
    text = "\n".join(
        [TITLE, "事業名\t担当課\t事業内容\t令和4年度の取組\t今後の方向性", GOAL, AREA, ITEM]
    )
    loaded = quiet_load(write(tmp_path, text))
    assert loaded.items["past_efforts"].tolist() == ["開催は見合わせた。"]
    assert loaded.documents["fiscal_year"].tolist() == [2022]


def test_six_cells(tmp_path):
    msg = error_of(write(tmp_path, table(GOAL, AREA, ITEM + "\t余分なセル")))
    assert msg.startswith("r4_table.txt, line 6: item row has 6 cells, the header has 5")


def test_three_cells_before_a_whole_item_row_stay_two_items(tmp_path):
    """A short row is not glued to a following row that is a whole item by itself."""
    three = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。"
    path = write(tmp_path, table(GOAL, AREA, three, ITEM))
    with pytest.warns(PlanAnalysisWarning, match=r"line 6: item row has 3 of 5 cells; "):
        loaded = load_table(path, ref(REFERENCE).load)
    assert loaded.items["name"].tolist() == ["地区懇談会の開催", ITEM.split("\t")[0]]
    assert loaded.items["source_line"].tolist() == [6, 7]


def test_three_cells_at_end_warns_and_keeps_text(tmp_path):
    three = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。"
    path = write(tmp_path, table(GOAL, AREA, ITEM, three))
    with pytest.warns(
        PlanAnalysisWarning, match=r"line 7: item row has 3 of 5 cells; .*地区懇談会を開催する。"
    ):
        loaded = load_table(path, ref(REFERENCE).load)
    assert loaded.items["content"].tolist() == ["地区懇談会を開催する。"] * 2
    assert loaded.items["plans"].tolist()[-1] == ""


def test_item_before_goal(tmp_path):
    msg = error_of(write(tmp_path, table(ITEM)))
    assert msg == "r4_table.txt, line 4: item '地区懇談会の開催' comes before any 基本目標 row"


def test_area_before_goal(tmp_path):
    msg = error_of(write(tmp_path, table(AREA, ITEM)))
    assert msg.startswith("r4_table.txt, line 4: policy area row '(1)対象者横断")


def test_garbage_bytes(tmp_path):
    data = table(GOAL, AREA).encode("utf-8") + bytes(range(0x80, 0x100)) * 4 + b"\n"
    msg = error_of(write(tmp_path, data))
    assert msg.startswith("r4_table.txt, line 6: cannot be decoded as UTF-8, UTF-16, CP932")


def test_truncated_in_a_character(tmp_path):
    data = table(GOAL, AREA, ITEM).encode("utf-8")[:-5]  # cut inside 「く」
    msg = error_of(write(tmp_path, data))
    assert (
        msg
        == "r4_table.txt, line 6: the file ends in the middle of a UTF-8 character: it looks truncated"
    )


def test_truncated_row_warns_with_text(tmp_path):
    cut = ITEM[: ITEM.index("\t開催は")]
    with pytest.warns(PlanAnalysisWarning, match="line 6: item row has 3 of 5 cells"):
        loaded = load_table(write(tmp_path, table(GOAL, AREA, cut)), ref().load)
    assert loaded.items["content"].tolist() == ["地区懇談会を開催する。"]


def test_stray_line_is_kept_as_not_understood(tmp_path):
    path = write(tmp_path, table(GOAL, AREA, ITEM, "", "※ 欄外の注記"))
    with pytest.warns(
        PlanAnalysisWarning, match=r"line 8: row with text in the first cell only .*※ 欄外の注記"
    ):
        loaded = load_table(path, ref(REFERENCE).load)
    lines = loaded.source_lines
    assert lines.loc[lines["kind"] == "not_understood", ["line", "text"]].values.tolist() == [
        [8, "※ 欄外の注記"]
    ]


def test_unknown_owner_is_reported_and_kept(tmp_path):
    path = write(tmp_path, table(GOAL, AREA, ITEM.replace("社会福祉課", "地域共生推進課")))
    with pytest.warns(
        PlanAnalysisWarning, match="owner '地域共生推進課' is not in data/reference/departments.csv"
    ):
        loaded = load_table(path, ref(REFERENCE).load)
    owners = loaded.item_departments
    assert owners[["department", "division", "in_directory"]].values.tolist() == [
        ["地域共生推進課", "", False]
    ]


def test_no_fiscal_year(tmp_path):
    path = write(tmp_path, table(GOAL, AREA, ITEM).replace("令和4年度", ""), name="table.txt")
    msg = error_of(path)
    assert msg.startswith("table.txt: no fiscal year found")
    assert quiet_load(path, fiscal_year=2022).documents["fiscal_year"].tolist() == [2022]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("平成31年度 進行管理表", 2019),
        ("令和元年度 進行管理表", 2019),
        ("令和５年度 進行管理表", 2023),
    ],
)
def test_fiscal_year_from_title(tmp_path, title, year):
    path = write(tmp_path, table(GOAL, AREA, ITEM).replace(TITLE, title), name="table.txt")
    assert quiet_load(path).documents["fiscal_year"].tolist() == [year]


def test_same_fiscal_year_twice(tmp_path):
    (tmp_path / "a").mkdir()
    write(tmp_path / "a", SEED.read_bytes(), name="r3_one.txt")
    write(tmp_path / "a", SEED.read_bytes(), name="r3_two.txt")
    with pytest.raises(
        PlanAnalysisError, match=r"two tables for fiscal year 2021: r3_one\.txt and r3_two\.txt"
    ):
        load_tables([tmp_path / "a"], ref(REFERENCE).load)


def test_pdf_and_unknown_types(tmp_path):
    assert "copy its text out, or save the table as .xlsx/.csv" in error_of(
        write(tmp_path, b"%PDF", "r4.pdf")
    )
    assert "unsupported file type '.doc'" in error_of(write(tmp_path, b"x", "r4.doc"))


def test_xlsx_without_a_table_names_its_sheets(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "表紙"
    wb.active.append(["令和4年度 進行管理表"])
    wb.create_sheet("集計")
    wb.save(tmp_path / "r4.xlsx")
    msg = error_of(tmp_path / "r4.xlsx")
    assert msg == (
        "r4.xlsx: no sheet holds a progress table (no header row naming 事業名/所管課/内容/…); "
        "sheets: ['表紙', '集計']"
    )


def test_not_an_xlsx(tmp_path):
    assert error_of(write(tmp_path, b"PK\x03\x04garbage", "r4.xlsx")).startswith(
        "r4.xlsx: not a readable .xlsx workbook"
    )


def test_warnings_are_package_warnings(tmp_path):
    path = write(tmp_path, table(GOAL, AREA, ITEM, "", "※ 注記"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_table(path, ref(REFERENCE).load)
    assert [w.category for w in caught] == [PlanAnalysisWarning]


def test_reference_csv_not_utf8(tmp_path):
    """An analyst who saves departments.csv from Excel as CP932 gets the package's error."""
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    text = (REFERENCE / "departments.csv").read_text(encoding="utf-8")
    (reference / "departments.csv").write_bytes(text.encode("cp932"))
    with pytest.raises(
        PlanAnalysisError, match=r"departments\.csv: not UTF-8 text; save it as UTF-8"
    ):
        load_table(SEED, ref(reference).load)

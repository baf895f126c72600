"""Faults in a table's structure: nothing lost, nothing silently moved.

Each case is a tiny table written here (the seed's header row and section-row forms); the
expected messages, counts, placements and texts are written by hand from the rules in
load/structure.py, load/readers.py (`join_wrapped_lines`), load/markers.py and
load/fiscal_year.py.
"""

from __future__ import annotations

import csv
import io
import warnings

import openpyxl
import pytest

from plan_analysis.cli import reconciliation
from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table

from .conftest import ref

HEADER = "事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"
TITLE = "令和4年度第3期木更津市地域福祉計画 進行管理表"
GOAL1 = "基本目標1 住みよいまちづくりの土壌を創ろう\t\t\t\t"
GOAL2 = "基本目標2 風とおしのよいまちを創ろう！\t\t\t\t"
GOAL3 = "基本目標3 「これから」を支える人を育てよう！\t\t\t\t"
AREA1 = "(1)対象者横断のワンストップ一括相談・支援体制の構築\t\t\t\t"
AREA2 = "(2)生活困窮者自立支援の方策\t\t\t\t"
AREA3 = "(3)必要なサービスを提供するための仕組みづくり\t\t\t\t"
ITEM1 = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は見合わせた。\t必要に応じて開催していく。"
ITEM2 = "サロンの開催場所の増設\t社会福祉課\tサロン活動を増設する。\tサロンは見合わせた。\t支援の実施を検討する。"
NAME_ONLY = "市民後見人育成"


def write(tmp_path, *lines: str, name: str = "r4_table.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table(tmp_path, *rows: str, name: str = "r4_table.txt"):
    """Title (line 1), blank (2), header (3), then `rows` from line 4."""
    return write(tmp_path, TITLE, "", HEADER, *rows, name=name)


def load(path, **kwargs):
    """(tables, warnings issued) of a file that loads; what is issued is what Tables keeps."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = load_table(path, ref().load, **kwargs)
    issued = [str(w.message) for w in caught if w.category is PlanAnalysisWarning]
    assert issued == tables.warnings
    return tables, issued


def error_of(path, **kwargs) -> str:
    with pytest.raises(PlanAnalysisError) as info:
        load_table(path, ref().load, **kwargs)
    return str(info.value)


def placed(tables) -> list[tuple[int, int | None, str]]:
    """(goal_no, area_no, name) of every item, in order."""
    items = tables.items
    return [
        (int(g), None if a is None or a != a else int(a), n)
        for g, a, n in zip(
            items["goal_no"], items["area_no"].astype(object), items["name"], strict=True
        )
    ]


def kinds(tables) -> dict[int, str]:
    lines = tables.source_lines
    return dict(zip(lines["line"], lines["kind"], strict=True))


def check_lines(tables, what: str) -> list[str]:
    """The lines of `check` output starting with `what` (e.g. 'continuation at')."""
    return [ln.strip() for ln in reconciliation(tables).splitlines() if ln.strip().startswith(what)]


# --- 1. a name-only row is never glued onto the item above -----------------------------------


def test_name_only_line_between_items_is_not_understood(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, NAME_ONLY, ITEM2))
    assert issued == [
        "r4_table.txt, line 7: row with text in the first cell only that is no goal or area; "
        "text kept in the reconciliation: 市民後見人育成"
    ]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]
    assert tables.items["plans"].tolist() == [
        "必要に応じて開催していく。",
        "支援の実施を検討する。",
    ]
    assert kinds(tables)[7] == "not_understood"
    assert check_lines(tables, "not understood") == ["not understood at line 7: 市民後見人育成"]
    assert check_lines(tables, "continuation at") == []


def test_name_only_line_at_the_end_is_not_understood(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, NAME_ONLY))
    assert [w.split(": ", 1)[0] for w in issued] == ["r4_table.txt, line 7"]
    assert tables.items["plans"].tolist() == ["必要に応じて開催していく。"]
    assert kinds(tables)[7] == "not_understood"


def test_name_only_line_after_a_wrapped_row_is_not_understood(tmp_path):
    # the row above arrived over two lines (its 4th cell wrapped) and ends in 。
    first, second = (
        "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は",
        "見合わせた。\t必要に応じて開催していく。",
    )
    tables, issued = load(table(tmp_path, GOAL1, AREA1, first, second, NAME_ONLY))
    assert len(issued) == 1 and issued[0].startswith("r4_table.txt, line 8: row with text in")
    assert tables.items["past_efforts"].tolist() == ["開催は\n見合わせた。"]
    assert tables.items["plans"].tolist() == ["必要に応じて開催していく。"]
    assert check_lines(tables, "continuation at") == [
        "continuation at line 7, joined to line 6: 見合わせた。 | 必要に応じて開催していく。"
    ]


def test_last_cell_stopping_mid_sentence_continues_on_the_next_line(tmp_path):
    """A PDF copy wrapped 今後の予定 after 「開催して」: the one-cell line continues it, and
    `check` lists the continuation with both lines and its text."""
    cut = ITEM1.replace("開催していく。", "開催して")
    tables, issued = load(table(tmp_path, GOAL1, AREA1, cut, "いく。", ITEM2))
    # the row was complete on its own line, so the join is not silent
    assert issued == [
        "r4_table.txt, line 6–7: 'いく。' on the next line(s) was joined to the item's last "
        "cell, which stops mid-sentence (the row is complete on line 6); if it is an item "
        "name, give that item its own cells"
    ]
    assert tables.items["plans"].tolist() == [
        "必要に応じて開催して\nいく。",
        "支援の実施を検討する。",
    ]
    assert kinds(tables)[6] == "item" and kinds(tables)[7] == "continuation"
    assert check_lines(tables, "continuation at") == [
        "continuation at line 7, joined to line 6: いく。"
    ]


def test_name_only_line_after_a_cell_stopping_mid_sentence_is_joined_with_a_warning(tmp_path):
    """The one case a rule cannot tell: a name-only line right after a complete row whose last
    cell stops mid-sentence is taken for the rest of that cell — with a warning, and listed."""
    cut = ITEM1.replace("開催していく。", "開催して")
    tables, issued = load(table(tmp_path, GOAL1, AREA1, cut, NAME_ONLY, ITEM2))
    assert issued == [
        "r4_table.txt, line 6–7: '市民後見人育成' on the next line(s) was joined to the item's "
        "last cell, which stops mid-sentence (the row is complete on line 6); if it is an "
        "item name, give that item its own cells"
    ]
    assert tables.items["plans"].tolist() == [
        "必要に応じて開催して\n市民後見人育成",
        "支援の実施を検討する。",
    ]
    assert check_lines(tables, "continuation at") == [
        "continuation at line 7, joined to line 6: 市民後見人育成"
    ]


def test_continuation_text_is_capped_in_check(tmp_path):
    cut = ITEM1.replace("開催していく。", "開催して")
    tail = "い" * 100 + "く。"
    tables, _ = load(table(tmp_path, GOAL1, AREA1, cut, tail))
    assert check_lines(tables, "continuation at") == [
        "continuation at line 7, joined to line 6: " + "い" * 80 + "…(+22 characters)"
    ]
    assert tables.items["plans"].tolist() == ["必要に応じて開催して\n" + tail]


def test_short_row_is_not_joined_with_a_full_item_row(tmp_path):
    three = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。"
    tables, issued = load(table(tmp_path, GOAL1, AREA1, three, ITEM2))
    assert issued == [
        "r4_table.txt, line 6: item row has 3 of 5 cells; the missing cells are taken as empty: "
        "地区懇談会の開催 | 社会福祉課 | 地区懇談会を開催する。"
    ]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]
    assert tables.items["plans"].tolist() == ["", "支援の実施を検討する。"]


def test_name_only_line_is_not_joined_with_a_line_that_names_an_owner(tmp_path):
    # the next item's line is short (its 今後の予定 wraps), but its 2nd cell is an owner
    start = "サロンの開催場所の増設\t社会福祉課\tサロン活動を増設する。\tサロンは"
    tables, issued = load(
        table(
            tmp_path, GOAL1, AREA1, ITEM1, NAME_ONLY, start, "見合わせた。\t支援の実施を検討する。"
        )
    )
    assert [w.split(": ", 1)[0] for w in issued] == ["r4_table.txt, line 7"]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]
    assert tables.items["past_efforts"].tolist() == ["開催は見合わせた。", "サロンは\n見合わせた。"]


def test_area_row_in_p_tags_is_not_swallowed(tmp_path):
    """PDF-style pages wrap cells in <p>…</p>: an area row so wrapped is still an area row,
    also right after a short (wrapping) item row."""
    short = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は見合わせた。"
    tables, issued = load(
        table(tmp_path, GOAL1, AREA1, short, "<p>(2)生活困窮者自立支援の方策</p>\t\t\t\t", ITEM2)
    )
    assert issued == [
        "r4_table.txt, line 6: item row has 4 of 5 cells; the missing cells are taken as empty: "
        "地区懇談会の開催 | 社会福祉課 | 地区懇談会を開催する。 | 開催は見合わせた。"
    ]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 2, "サロンの開催場所の増設")]
    assert tables.sections["area_title"].tolist() == [
        "対象者横断のワンストップ一括相談・支援体制の構築",
        "生活困窮者自立支援の方策",
    ]
    assert kinds(tables)[7] == "area"


def test_goal_row_in_p_tags_after_a_complete_item(tmp_path):
    cut = ITEM1.replace("開催していく。", "開催して")  # stops mid-sentence: would take a tail
    p_goal = "<p>基本目標2 風とおしのよいまちを創ろう！</p>"
    tables, issued = load(table(tmp_path, GOAL1, AREA1, cut, p_goal, AREA1, ITEM2))
    assert issued == []
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (2, 1, "サロンの開催場所の増設")]
    assert tables.items["plans"].tolist()[0] == "必要に応じて開催して"
    assert tables.documents[["n_goals", "n_areas"]].values.tolist() == [[2, 2]]


def test_title_line_is_never_a_continuation(tmp_path):
    cut = ITEM1.replace("開催していく。", "開催して")
    msg = error_of(
        table(tmp_path, GOAL1, AREA1, cut, "令和5年度第3期木更津市地域福祉計画 進行管理表")
    )
    assert msg.startswith(
        "r4_table.txt, line 7: a second title '令和5年度第3期木更津市地域福祉計画 進行管理表' "
        "after the title '令和4年度第3期木更津市地域福祉計画 進行管理表' (line 1)"
    )


def test_goal_marker_in_a_later_cell_is_not_joined(tmp_path):
    tables, issued = load(
        table(tmp_path, GOAL1, AREA1, ITEM1, "\t\t基本目標2 風とおしのよいまちを創ろう！", ITEM2)
    )
    assert issued == [
        "r4_table.txt, line 7: a goal/area marker alone in cell 3 with the first cell empty: "
        "not loaded as a goal or area, nor joined to the item above; text kept in the "
        "reconciliation:  |  | 基本目標2 風とおしのよいまちを創ろう！"
    ]
    assert tables.items["content"].tolist() == ["地区懇談会を開催する。", "サロン活動を増設する。"]
    assert kinds(tables)[7] == "not_understood"


def test_nameless_row_after_an_area_row_is_not_moved_into_the_previous_area(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, AREA2, "\t\t\t\t続きの予定。"))
    assert issued == [
        "r4_table.txt, line 8: row without an item name after line 7, which is no item: not "
        "joined to item '地区懇談会の開催' (line 6); text kept in the reconciliation: "
        " |  |  |  | 続きの予定。"
    ]
    assert tables.items["plans"].tolist() == ["必要に応じて開催していく。"]
    assert kinds(tables)[8] == "not_understood"


def test_nameless_row_after_a_page_break_continues_the_item(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, "", HEADER, "\t\t\t\t続きの予定。"))
    assert issued == []
    assert tables.items["plans"].tolist() == ["必要に応じて開催していく。\n続きの予定。"]
    assert check_lines(tables, "continuation at") == [
        "continuation at line 9, joined to line 6: 続きの予定。"
    ]


def test_nameless_row_with_its_own_owner_is_joined_with_a_warning(tmp_path):
    tables, issued = load(
        table(tmp_path, GOAL1, AREA1, ITEM1, "\t子育て支援課\t子育て支援。\t実施した。\t継続する。")
    )
    assert issued == [
        "r4_table.txt, line 7: row without an item name but with an owner '子育て支援課': "
        "joined to item '地区懇談会の開催' (line 6) as a further owner and text (a merged name "
        "cell); if it is an item of its own, fill in its name"
    ]
    assert tables.items["owner_raw"].tolist() == ["社会福祉課\n子育て支援課"]
    assert tables.items["plans"].tolist() == ["必要に応じて開催していく。\n継続する。"]
    assert check_lines(tables, "continuation at") == [
        "continuation at line 7, joined to line 6: 子育て支援課 | 子育て支援。 | 実施した。 | 継続する。"
    ]


def _csv(tmp_path, rows: list[list[str]]):
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "r4_table.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


CSV_HEAD = [[TITLE], HEADER.split("\t"), [GOAL1.strip()], [AREA1.strip()]]


def test_csv_name_only_row_is_not_understood(tmp_path):
    path = _csv(tmp_path, [*CSV_HEAD, ITEM1.split("\t"), [NAME_ONLY], ITEM2.split("\t")])
    tables, issued = load(path)
    assert issued == [
        "r4_table.csv, line 6: row with text in the first cell only that is no goal or area; "
        "text kept in the reconciliation: 市民後見人育成"
    ]
    assert len(tables.items) == 2
    assert tables.items["plans"].tolist()[0] == "必要に応じて開催していく。"


def test_csv_quoted_line_break_is_a_listed_continuation(tmp_path):
    two_lines = ITEM1.replace("開催していく。", "開催\nしていく。").split("\t")
    tables, issued = load(_csv(tmp_path, [*CSV_HEAD, two_lines]))
    assert issued == []
    assert tables.items["plans"].tolist() == ["必要に応じて開催\nしていく。"]
    assert kinds(tables) == {
        1: "title",
        2: "header",
        3: "goal",
        4: "area",
        5: "item",
        6: "continuation",
    }
    assert check_lines(tables, "continuation at") == [
        "continuation at line 6, joined to line 5: していく。"
    ]


# --- 3. goal and area numbering --------------------------------------------------------------


def test_area_gap_warns_naming_both_lines_and_numbers(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, AREA3, ITEM2))
    assert issued == [
        "r4_table.txt, line 7: policy area (3) follows (1) (line 5) under 基本目標1: (2) is missing"
    ]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 3, "サロンの開催場所の増設")]


def test_area_gap_of_several(tmp_path):
    _, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, "(4)地域の助け合い活動の推進", ITEM2))
    assert issued == [
        "r4_table.txt, line 7: policy area (4) follows (1) (line 5) under 基本目標1: "
        "(2)–(3) is missing"
    ]


def test_areas_out_of_order(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA2, ITEM1, AREA1, ITEM2))
    assert issued == [
        "r4_table.txt, line 5: the first policy area under 基本目標1 is (2), not (1)",
        "r4_table.txt, line 7: policy area (1) comes after (2) (line 5) under 基本目標1: "
        "areas out of order",
    ]
    assert placed(tables) == [(1, 2, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]


def test_area_repeated(tmp_path):
    _, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, AREA1, ITEM2))
    assert issued == [
        "r4_table.txt, line 7: policy area (1) appears a second time under 基本目標1 (first "
        "at line 5): '(1)対象者横断のワンストップ一括相談・支援体制の構築'"
    ]


def test_areas_restart_under_each_goal(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, AREA2, ITEM1, GOAL2, AREA1, ITEM2))
    assert issued == []
    assert placed(tables) == [(1, 2, "地区懇談会の開催"), (2, 1, "サロンの開催場所の増設")]


def test_goal_gap(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, GOAL3, AREA1, ITEM2))
    assert issued == [
        "r4_table.txt, line 7: 基本目標3 follows 基本目標1 (line 4): 基本目標2 is missing"
    ]
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (3, 1, "サロンの開催場所の増設")]


def test_goals_out_of_order(tmp_path):
    tables, issued = load(table(tmp_path, GOAL2, AREA1, ITEM1, GOAL1, AREA1, ITEM2))
    assert issued == [
        "r4_table.txt, line 4: the first goal is 基本目標2, not 基本目標1",
        "r4_table.txt, line 7: 基本目標1 comes after 基本目標2 (line 4): goals out of order",
    ]
    assert placed(tables) == [(2, 1, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]


def test_goal_repeated(tmp_path):
    _, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, GOAL1, AREA2, ITEM2))
    assert issued == [
        "r4_table.txt, line 7: 基本目標1 appears a second time (first at line 4): "
        "'基本目標1 住みよいまちづくりの土壌を創ろう'"
    ]


# --- 4. one file, one table ------------------------------------------------------------------


def test_second_title_after_items_is_an_error_naming_both_lines(tmp_path):
    other = "令和5年度第3期木更津市地域福祉計画 進行管理表"
    msg = error_of(table(tmp_path, GOAL1, AREA1, ITEM1, "", other, "", HEADER, GOAL1, AREA1, ITEM2))
    assert msg == (
        "r4_table.txt, line 8: a second title '令和5年度第3期木更津市地域福祉計画 進行管理表' "
        "after the title '令和4年度第3期木更津市地域福祉計画 進行管理表' (line 1): it starts "
        "another table, and one file holds one table (split the file, one table per file)"
    )


def test_second_title_after_a_file_without_title(tmp_path):
    path = write(tmp_path, HEADER, GOAL1, AREA1, ITEM1, TITLE, ITEM2)
    assert error_of(path).startswith(
        "r4_table.txt, line 5: a second title '令和4年度第3期木更津市地域福祉計画 進行管理表' "
        "after the header (line 1): it starts another table"
    )


def test_title_repeated_word_for_word_is_a_page_title(tmp_path):
    tables, issued = load(
        table(
            tmp_path,
            GOAL1,
            AREA1,
            ITEM1,
            "",
            "令和４年度第３期木更津市地域福祉計画　進行管理表",
            HEADER,
            ITEM2,
        )
    )
    assert issued == []
    assert placed(tables) == [(1, 1, "地区懇談会の開催"), (1, 1, "サロンの開催場所の増設")]
    assert list(kinds(tables).values()).count("title") == 2


def test_second_title_of_another_year_before_the_header(tmp_path):
    path = write(tmp_path, TITLE, "令和5年度 地域福祉計画 進行管理表", HEADER, GOAL1, AREA1, ITEM1)
    assert error_of(path) == (
        "r4_table.txt, line 2: a second title '令和5年度 地域福祉計画 進行管理表' names another "
        "fiscal year than the title '令和4年度第3期木更津市地域福祉計画 進行管理表' (line 1); "
        "one file holds one table"
    )


def test_differing_second_header_is_an_error_naming_both_lines(tmp_path):
    other = "事業名\t内容\t所管課\tこれまでの取り組み\t今後の予定"  # columns swapped
    msg = error_of(table(tmp_path, GOAL1, AREA1, ITEM1, "", other, ITEM2))
    assert msg == (
        "r4_table.txt, line 8: header row differs from the first one (line 3): 事業名 | 内容 | "
        "所管課 | これまでの取り組み | 今後の予定; one file holds one table"
    )


def test_identical_header_on_every_page_is_fine(tmp_path):
    tables, issued = load(table(tmp_path, GOAL1, AREA1, ITEM1, "", HEADER, ITEM2, "", HEADER))
    assert issued == []
    assert len(tables.items) == 2
    assert list(kinds(tables).values()).count("header") == 3


def _workbook(path, *sheets: tuple[str, list[list[str]]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _sheet(title: str, item: str) -> list[list[str]]:
    return [[title], HEADER.split("\t"), [GOAL1.strip()], [AREA1.strip()], item.split("\t")]


def test_xlsx_same_title_on_a_further_sheet_is_fine(tmp_path):
    path = _workbook(
        tmp_path / "r4.xlsx", ("p1", _sheet(TITLE, ITEM1)), ("p2", _sheet(TITLE, ITEM2))
    )
    tables, issued = load(path)
    assert issued == [
        "r4.xlsx, sheet 'p2', row 3: 基本目標1 appears a second time (first at sheet 'p1', "
        "row 3): '基本目標1 住みよいまちづくりの土壌を創ろう'",
        "r4.xlsx, sheet 'p2', row 4: policy area (1) appears a second time under 基本目標1 "
        "(first at sheet 'p1', row 4): '(1)対象者横断のワンストップ一括相談・支援体制の構築'",
    ]
    assert len(tables.items) == 2


def test_xlsx_sheet_of_another_year_is_an_error(tmp_path):
    other = "令和5年度第3期木更津市地域福祉計画 進行管理表"
    path = _workbook(
        tmp_path / "r4.xlsx", ("p1", _sheet(TITLE, ITEM1)), ("p2", _sheet(other, ITEM2))
    )
    assert error_of(path).startswith(
        "r4.xlsx, sheet 'p2', row 1: a second title '令和5年度第3期木更津市地域福祉計画 進行管理表' "
        "after the title '令和4年度第3期木更津市地域福祉計画 進行管理表' (sheet 'p1', row 1)"
    )


# --- 5. fiscal years -------------------------------------------------------------------------


@pytest.mark.parametrize("era", ["令和", "平成"])
def test_era_year_zero_is_an_error(tmp_path, era):
    path = write(tmp_path, f"{era}0年度 進行管理表", HEADER, GOAL1, AREA1, ITEM1)
    assert error_of(path) == (
        f"r4_table.txt: the title '{era}0年度 進行管理表' names {era}0年度, a year that does "
        "not exist (an era's first year is 元年 = 1); correct it or pass --fiscal-year"
    )


@pytest.mark.parametrize("year", [0, -1, 1988, 2101])
def test_implausible_fiscal_year_option(tmp_path, year):
    path = table(tmp_path, GOAL1, AREA1, ITEM1)
    assert error_of(path, fiscal_year=year) == (
        f"r4_table.txt: --fiscal-year {year} is not a plausible fiscal year: expected a "
        "Western year from 1989 to 2100"
    )


def test_era_number_as_option_gets_a_hint(tmp_path):
    msg = error_of(table(tmp_path, GOAL1, AREA1, ITEM1), fiscal_year=4)
    assert msg.endswith("expected a Western year from 1989 to 2100 (令和4年度 is 2022)")


@pytest.mark.parametrize("year", [1989, 2100])
def test_range_ends_are_accepted(tmp_path, year):
    tables, _ = load(table(tmp_path, GOAL1, AREA1, ITEM1), fiscal_year=year)
    assert tables.items["item_id"].tolist() == [f"{year}-001"]


def test_title_year_beyond_the_range(tmp_path):
    path = write(tmp_path, "令和90年度 進行管理表", HEADER, GOAL1, AREA1, ITEM1)
    assert error_of(path) == (
        "r4_table.txt: the title '令和90年度 進行管理表' names fiscal year 2108, which is not "
        "a plausible fiscal year: expected a Western year from 1989 to 2100"
    )


def test_file_name_year_zero(tmp_path):
    path = write(tmp_path, "進行管理表", HEADER, GOAL1, AREA1, ITEM1, name="r0_table.txt")
    assert error_of(path) == (
        "r0_table.txt: the file name 'r0_table.txt' names 令和0年度, a year that does not exist "
        "(an era's first year is 元年 = 1); correct it or pass --fiscal-year"
    )


# --- 6. errors name the line -----------------------------------------------------------------


def test_title_only_file_names_its_last_line(tmp_path):
    msg = error_of(write(tmp_path, "", TITLE, ""))
    assert msg.startswith("r4_table.txt: no header row found (first non-blank row: 令和4年度")
    assert msg.endswith("(or accepted variants); the last row with text is line 2")


def test_header_only_file_names_the_header_line(tmp_path):
    assert error_of(table(tmp_path)) == (
        "r4_table.txt, line 3: the table has a header at line 3 but no item rows: nothing "
        "with text follows it"
    )


def test_header_and_sections_without_items_names_the_last_line(tmp_path):
    assert error_of(table(tmp_path, GOAL1, AREA1, "")) == (
        "r4_table.txt, line 5: the table has a header at line 3 but no item rows (this is the "
        "last row with text: '(1)対象者横断のワンストップ一括相談・支援体制の構築')"
    )


def test_xlsx_header_only_names_sheet_and_row(tmp_path):
    path = _workbook(tmp_path / "r4.xlsx", ("表", [[TITLE], [], HEADER.split("\t")]))
    assert error_of(path) == (
        "r4.xlsx, sheet '表', row 3: the table has a header at sheet '表', row 3 but no item "
        "rows: nothing with text follows it"
    )

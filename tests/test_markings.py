"""Goal and area markings of other cities, and goals/areas given as columns.

The seed's rows (`spreadsheet_rows()`) are rewritten into each marking variant, or into a
table with 基本目標 and 施策 columns, and must load to the seed's sections and placements.
Expected numbers, titles and messages are written by hand from the seed (3 goals; 8, 2 and
3 areas; 75 items) and from the rules in load/markers.py and load/structure.py.
"""

from __future__ import annotations

import re
import warnings

import openpyxl
import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table
from plan_analysis.load.headers import REQUIRED_COLUMNS
from plan_analysis.load.markers import area_in_cell, goal_in_cell, marking
from plan_analysis.load.readers import read_raw
from plan_analysis.load.structure import parse_table

from .conftest import ref, spreadsheet_rows, write_xlsx

#: The seed's goals and areas, by hand (NFKC turns ！ into !).
GOAL_TITLES = {
    1: "住みよいまちづくりの土壌を創ろう",
    2: "風とおしのよいまちを創ろう!",
    3: "「これから」を支える人を育てよう!",
}
AREA_TITLES = {
    (1, 1): "対象者横断のワンストップ一括相談・支援体制の構築",
    (1, 2): "生活困窮者自立支援の方策",
    (1, 3): "必要なサービスを提供するための仕組みづくり",
    (1, 4): "福祉サービスを支える仕組みの充実",
    (1, 5): "高齢者や障害のある人など当事者組織への支援",
    (1, 6): "健康づくり、介護予防、生きがいづくりへの支援",
    (1, 7): "地域における子育ての支援",
    (1, 8): "避難行動要支援者への支援体制づくり",
    (2, 1): "地域コミュニティの活性化と活動拠点の充実",
    (2, 2): "地域の助け合い活動の推進",
    (3, 1): "地域福祉の担い手づくり",
    (3, 2): "中高年パワーの活用",
    (3, 3): "社会福祉法人と連携した小地域活動の推進",
}
#: Items per (goal, area) in the seed, counted by hand.
PER_AREA = {
    (1, 1): 7, (1, 2): 6, (1, 3): 4, (1, 4): 7, (1, 5): 5, (1, 6): 10, (1, 7): 9, (1, 8): 6,
    (2, 1): 8, (2, 2): 4,
    (3, 1): 4, (3, 2): 2, (3, 3): 3,
}  # fmt: skip

ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ"}
KANJI = {1: "一", 2: "二", 3: "三"}
CIRCLED = {n: chr(0x2460 + n - 1) for n in range(1, 9)}  # ①…⑧
FULL = str.maketrans("0123456789", "０１２３４５６７８９")

#: Each variant: (goal marking, area marking) from (goal, area, title).
VARIANTS = {
    "full_width": (
        lambda g, t: f"基本目標{str(g).translate(FULL)}\u3000{t}",
        lambda g, a, t: f"（{str(a).translate(FULL)}）{t}",
    ),
    "roman_circled": (
        lambda g, t: f"基本目標{ROMAN[g]} {t}",
        lambda g, a, t: f"{CIRCLED[a]}{t}",
    ),
    "kanji_bracket": (
        lambda g, t: f"基本目標{KANJI[g]} {t}",
        lambda g, a, t: f"【{a}】{t}",
    ),
    "bracketed_goal_shisaku": (
        lambda g, t: f"【基本目標{g}】{t}",
        lambda g, a, t: f"施策{a} {t}",
    ),
    "colon_pair": (
        lambda g, t: f"基本目標{g}：{t}",
        lambda g, a, t: f"{g}-{a} {t}",
    ),
    "full_width_pair": (
        lambda g, t: f"基本目標{str(g).translate(FULL)} {t}",
        lambda g, a, t: f"{str(g).translate(FULL)}－{str(a).translate(FULL)}　{t}",
    ),
}


def seed_parts():
    """(title, header, body) of the seed's spreadsheet rows; in the body, a goal row is
    ("goal", g, title), an area row ("area", g, a, title), an item row ("item", g, a, cells)
    — goals, areas and titles read off the seed's own marked rows."""
    rows = spreadsheet_rows()
    body: list[tuple] = []
    goal = area = 0
    for cells in rows[2:]:
        if len(cells) == 1 and (m := re.match(r"基本目標(\d) (.*)", cells[0])):
            goal, area = int(m.group(1)), 0
            body.append(("goal", goal, m.group(2)))
        elif len(cells) == 1 and (m := re.match(r"\((\d)\) ?(.*)", cells[0])):
            area = int(m.group(1))
            body.append(("area", goal, area, m.group(2)))
        else:
            body.append(("item", goal, area, cells))
    return rows[0], rows[1], body


def section_variant(name: str) -> list[list[str]]:
    """The seed's spreadsheet rows with its goal and area rows marked as `name` marks them."""
    goal_mark, area_mark = VARIANTS[name]
    title, header, body = seed_parts()
    rows = [title, header]
    for part in body:
        if part[0] == "goal":
            rows.append([goal_mark(part[1], part[2])])
        elif part[0] == "area":
            rows.append([area_mark(part[1], part[2], part[3])])
        else:
            rows.append(part[3])
    return rows


def write_text(path, rows: list[list[str]]):
    """Tab-joined lines (a cell's line breaks become spaces: a line break is a new line)."""
    path.write_text(
        "\n".join("\t".join(c.replace("\n", " ") for c in r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def load(path):
    """(tables, warnings issued) of a file that loads."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = load_table(path, ref().load)
    issued = [str(w.message) for w in caught if w.category is PlanAnalysisWarning]
    assert issued == tables.warnings
    return tables, issued


def _no(value) -> int | None:
    return None if pd.isna(value) else int(value)


def sections_of(tables) -> tuple[dict, dict]:
    """({goal: title}, {(goal, area): title}) of the sections table."""
    s = tables.sections
    goals = {int(g): t for g, t in zip(s["goal_no"], s["goal_title"], strict=True)}
    areas = {
        (int(g), _no(a)): t
        for g, a, t in zip(s["goal_no"], s["area_no"], s["area_title"], strict=True)
    }
    return goals, areas


def per_area(tables) -> dict:
    return tables.items.groupby(["goal_no", "area_no"]).size().to_dict()


def assert_like_seed(tables, seed) -> None:
    assert sections_of(tables) == (GOAL_TITLES, AREA_TITLES)
    assert tables.sections.equals(seed.sections)
    assert per_area(tables) == PER_AREA
    assert len(tables.items) == 75
    cols = ["goal_no", "area_no", "name", "content", "plans"]
    folded = tables.items[cols].map(lambda v: re.sub(r"\s+", "", v) if isinstance(v, str) else v)
    expected = seed.items[cols].map(
        lambda v: re.sub(r"\s+|</?p>", "", v) if isinstance(v, str) else v
    )
    assert folded.equals(expected)


# --- the markings themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "level", "number", "title", "goal"),
    [
        ("基本目標１　住みよい", "goal", 1, "住みよい", None),
        ("基本目標Ⅱ 風とおし", "goal", 2, "風とおし", None),
        ("基本目標ⅳ", "goal", 4, "", None),
        ("基本目標二 風とおし", "goal", 2, "風とおし", None),
        ("基本目標十二 x", "goal", 12, "x", None),
        ("基本目標二十", "goal", 20, "", None),
        ("【基本目標3】「これから」", "goal", 3, "「これから」", None),
        ("【基本目標3 人を育てよう】", "goal", 3, "人を育てよう", None),
        ("基本目標1：住みよい", "goal", 1, "住みよい", None),
        ("（１）対象者", "area", 1, "対象者", None),
        ("⑴対象者", "area", 1, "対象者", None),
        ("(三)対象者", "area", 3, "対象者", None),
        ("【2】生活", "area", 2, "生活", None),
        ("②生活", "area", 2, "生活", None),
        ("⑳ 生活", "area", 20, "生活", None),
        ("施策4 福祉", "area", 4, "福祉", None),
        ("【施策4】福祉", "area", 4, "福祉", None),
        ("1-2 生活", "area", 2, "生活", 1),
        ("２－１０　生活", "area", 10, "生活", 2),
    ],
)
def test_markings(cell, level, number, title, goal):
    found = marking(cell)
    assert found is not None
    assert (found.level, found.number, found.title, found.goal) == (level, number, title, goal)


@pytest.mark.parametrize(
    "cell", ["(再掲)", "(注)地域", "2021-04", "基本目標 IT の活用", "1．住みよい", "一人ひとり"]
)
def test_no_markings(cell):
    assert marking(cell) is None


def test_cells_of_goal_and_area_columns():
    assert goal_in_cell("1") == goal_in_cell("１")
    assert (goal_in_cell("1").number, goal_in_cell("1").title) == (1, "")
    assert (goal_in_cell("2．風とおし").number, goal_in_cell("2．風とおし").title) == (
        2,
        "風とおし",
    )
    assert goal_in_cell("1-2 生活") is None and goal_in_cell("10年後の地域") is None
    assert area_in_cell("基本目標1") is None
    assert (area_in_cell("1-2 生活").goal, area_in_cell("1-2 生活").number) == (1, 2)
    assert (area_in_cell("3").number, area_in_cell("3").title) == (3, "")


# --- section rows in every marking -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["txt", "xlsx"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_section_markings_load_like_the_seed(tmp_path, seed, variant, fmt):
    rows = section_variant(variant)
    path = tmp_path / f"r3_{variant}.{fmt}"
    (write_text if fmt == "txt" else write_xlsx)(path, rows)
    tables, issued = load(path)
    assert issued == []
    assert_like_seed(tables, seed)
    kinds = tables.source_lines["kind"].value_counts().to_dict()
    assert (kinds["goal"], kinds["area"], kinds["item"]) == (3, 13, 75)


def tiny(
    tmp_path, *lines: str, header: str = "事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"
):
    """Title (line 1), blank (2), header (3), then `lines` from line 4."""
    path = tmp_path / "r4_table.txt"
    title = "令和4年度第3期木更津市地域福祉計画 進行管理表"
    path.write_text("\n".join([title, "", header, *lines]) + "\n", encoding="utf-8")
    return path


ITEM = "地区懇談会の開催\t社会福祉課\t地区懇談会を開催する。\t開催は見合わせた。\t必要に応じて開催していく。"


def placed(tables) -> list[tuple[int, int | None]]:
    """(goal_no, area_no) of every item, in order."""
    items = tables.items
    return [(int(g), _no(a)) for g, a in zip(items["goal_no"], items["area_no"], strict=True)]


def test_pair_marking_under_another_goal_warns_naming_both(tmp_path):
    path = tiny(tmp_path, "基本目標1 住みよい", "1-1 対象者横断", ITEM, "2-2 生活困窮者", ITEM)
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 7: policy area '2-2 生活困窮者' is numbered 2-2, but it stands under "
        "基本目標1 (line 4): loaded as policy area (2) of 基本目標1"
    ]
    assert placed(tables) == [(1, 1), (1, 2)]


def test_kanji_goals_beyond_the_table_warn_as_numbers(tmp_path):
    path = tiny(
        tmp_path, "基本目標一 住みよい", "(1)対象者", ITEM, "基本目標三 人", "(1)担い手", ITEM
    )
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 7: 基本目標3 follows 基本目標1 (line 4): 基本目標2 is missing"
    ]
    assert placed(tables) == [(1, 1), (3, 1)]


def test_roman_goal_repeated_and_circled_gap(tmp_path):
    path = tiny(
        tmp_path, "基本目標Ⅰ 住みよい", "①対象者", ITEM, "③必要な", ITEM, "基本目標I 再び", ITEM
    )
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 7: policy area (3) follows (1) (line 5) under 基本目標1: (2) is missing",
        "r4_table.txt, line 9: 基本目標1 appears a second time (first at line 4): '基本目標I 再び'",
        "r4_table.txt, line 10: item '地区懇談会の開催' is under 基本目標1 but no policy area",
    ]
    assert placed(tables) == [(1, 1), (1, 3), (1, None)]


def test_area_in_another_style_is_not_understood(tmp_path):
    path = tiny(tmp_path, "基本目標1 住みよい", "(1)対象者横断", ITEM, "①相談窓口の周知", ITEM)
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 7: a section row marked ① where this table marks its policy areas "
        "(N) (first at line 5): not loaded as a goal or area; text kept in the reconciliation: "
        "①相談窓口の周知"
    ]
    assert placed(tables) == [(1, 1), (1, 1)]
    assert tables.source_lines.set_index("line")["kind"][7] == "not_understood"


def test_pair_area_before_any_goal_is_an_error(tmp_path):
    with pytest.raises(PlanAnalysisError) as info:
        load_table(tiny(tmp_path, "1-1 対象者横断", ITEM), ref().load)
    assert str(info.value) == (
        "r4_table.txt, line 4: policy area row '1-1 対象者横断' comes before any 基本目標 row"
    )


# --- goals and areas as columns --------------------------------------------------------------

COLUMN_HEADER = ["基本目標", "施策"]


def column_rows(goal_cell, area_cell, *, merged: bool = False) -> list[list[str]]:
    """The seed as a table with 基本目標 and 施策 columns in front of the item cells; with
    `merged`, only the first item of each goal/area fills the cell (the rest is left empty,
    as under a vertically merged cell)."""
    title, header, body = seed_parts()
    rows = [title, COLUMN_HEADER + header]
    goals, areas = dict(GOAL_TITLES), dict(AREA_TITLES)
    last = (0, 0)
    for part in body:
        if part[0] != "item":
            continue
        _, g, a, cells = part
        g_cell = goal_cell(g, goals[g]) if not merged or g != last[0] else ""
        a_cell = area_cell(g, a, areas[(g, a)]) if not merged or (g, a) != last else ""
        rows.append([g_cell, a_cell, *cells])
        last = (g, a)
    return rows


def write_column_xlsx(path, rows: list[list[str]], *, merged: bool = False):
    """Title in row 1, a blank row, then the table; with `merged`, each goal and area cell
    is merged down over the empty cells below it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "進行管理表"
    ws.append(rows[0])
    ws.append([])
    for cells in rows[1:]:
        ws.append(cells)
    if merged:
        last_row = ws.max_row
        for col in (1, 2):
            starts = [r for r in range(4, last_row + 1) if ws.cell(r, col).value]
            for start, end in zip(starts, [*starts[1:], last_row + 1], strict=True):
                if end - 1 > start:
                    ws.merge_cells(
                        start_row=start, start_column=col, end_row=end - 1, end_column=col
                    )
    wb.save(path)
    return path


FULL_GOAL = lambda g, t: f"基本目標{g} {t}"  # noqa: E731
PAREN_AREA = lambda g, a, t: f"({a}){t}"  # noqa: E731


@pytest.mark.parametrize(
    ("goal_cell", "area_cell"),
    [
        (FULL_GOAL, PAREN_AREA),
        (lambda g, t: f"{g}．{t}", lambda g, a, t: f"{g}-{a} {t}"),
        (lambda g, t: f"基本目標{ROMAN[g]}：{t}", lambda g, a, t: f"{CIRCLED[a]}{t}"),
    ],
    ids=["marked", "numbered", "roman_circled"],
)
@pytest.mark.parametrize("merged", [False, True], ids=["filled", "merged"])
def test_goal_and_area_columns_load_like_the_seed(tmp_path, seed, goal_cell, area_cell, merged):
    rows = column_rows(goal_cell, area_cell, merged=merged)
    path = write_column_xlsx(tmp_path / "r3_columns.xlsx", rows, merged=merged)
    tables, issued = load(path)
    assert issued == []
    assert_like_seed(tables, seed)
    kinds = tables.source_lines["kind"].value_counts().to_dict()
    assert kinds == {"title": 1, "blank": 1, "header": 1, "item": 75}
    assert (tables.documents["n_goals"].iat[0], tables.documents["n_areas"].iat[0]) == (3, 13)


def test_goal_and_area_cells_are_not_item_cells(tmp_path):
    rows = column_rows(FULL_GOAL, PAREN_AREA, merged=True)
    path = write_column_xlsx(tmp_path / "r3_columns.xlsx", rows, merged=True)
    headers = ref().load.headers
    parsed = parse_table(read_raw(path, headers), headers)
    assert {tuple(item.cells) for item in parsed.items} == {REQUIRED_COLUMNS}
    first = parsed.items[0]
    assert (first.cells["name"], first.cells["owner"]) == (
        "対象者横断の相談・支援窓口の設置と住民への周知",  # seed line 8
        "自立支援課",
    )
    assert (first.goal_no, first.area_no) == (1, 1)


def test_text_table_with_bare_number_columns(tmp_path, seed):
    """Bare numbers give the goals and areas with empty titles."""
    rows = column_rows(lambda g, t: str(g), lambda g, a, t: str(a))
    tables, issued = load(write_text(tmp_path / "r3_columns.txt", rows))
    assert issued == []
    goals, areas = sections_of(tables)
    assert goals == {1: "", 2: "", 3: ""}
    assert areas == dict.fromkeys(AREA_TITLES, "")
    assert per_area(tables) == PER_AREA


def test_a_later_cell_fills_in_an_empty_title(tmp_path):
    path = tiny(
        tmp_path,
        f"1\t1\t{ITEM}",
        f"1\t1\t{ITEM}",
        f"基本目標1 住みよい\t(1)対象者横断\t{ITEM}",
        header="基本目標\t施策\t事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定",
    )
    tables, issued = load(path)
    assert issued == []
    assert sections_of(tables) == ({1: "住みよい"}, {(1, 1): "対象者横断"})


def test_column_goal_gap_and_pair_mismatch(tmp_path):
    path = tiny(
        tmp_path,
        f"1\t1-1\t{ITEM}",
        f"3\t1-1\t{ITEM}",
        header="基本目標\t施策\t事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定",
    )
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 5: 基本目標3 follows 基本目標1 (line 4): 基本目標2 is missing",
        "r4_table.txt, line 5: policy area '1-1' is numbered 1-1, but it is on an item under "
        "基本目標3: loaded as policy area (1) of 基本目標3",
    ]
    assert placed(tables) == [(1, 1), (3, 1)]


def test_item_without_goal_cell_or_row_is_an_error(tmp_path):
    path = tiny(
        tmp_path,
        f"\t(1)対象者\t{ITEM}",
        header="基本目標\t施策\t事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定",
    )
    with pytest.raises(PlanAnalysisError) as info:
        load_table(path, ref().load)
    assert str(info.value) == (
        "r4_table.txt, line 4: item '地区懇談会の開催' comes before any 基本目標 row and its "
        "基本目標 cell names no goal"
    )


def test_section_rows_and_columns_that_agree(tmp_path, seed):
    """Section rows kept in a table that also has the columns: no warning."""
    title, header, body = seed_parts()
    rows = [title, COLUMN_HEADER + header]
    for part in body:
        if part[0] == "goal":
            rows.append([f"基本目標{part[1]} {part[2]}"])
        elif part[0] == "area":
            rows.append([f"({part[2]}){part[3]}"])
        else:
            rows.append([str(part[1]), str(part[2]), *part[3]])
    tables, issued = load(write_column_xlsx(tmp_path / "r3_both.xlsx", rows))
    assert issued == []
    assert_like_seed(tables, seed)


def test_columns_win_over_section_rows(tmp_path):
    header = "基本目標\t施策\t事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"
    path = tiny(
        tmp_path,
        "基本目標1 住みよい",
        "(1)対象者横断",
        f"\t\t{ITEM}",
        f"1\t2\t{ITEM}",
        "基本目標2 風とおし",
        f"\t\t{ITEM}",
        header=header,
    )
    tables, issued = load(path)
    assert issued == [
        "r4_table.txt, line 7: the 施策 cell '2' puts the item in policy area (2), but it "
        "stands under the row '(1)対象者横断' (line 5) of policy area (1): the column wins",
        "r4_table.txt, line 9: the 基本目標 cell (empty: as the item above) puts the item "
        "under 基本目標1, but it stands under the row '基本目標2 風とおし' (line 8) of "
        "基本目標2: the column wins",
    ]
    assert placed(tables) == [(1, 1), (1, 2), (1, 2)]
    assert sections_of(tables) == (
        {1: "住みよい", 2: "風とおし"},
        {(1, 1): "対象者横断", (1, 2): "", (2, None): ""},
    )


COLUMNS = "基本目標\t施策\t事業名\t所管課\t内容\tこれまでの取り組み\t今後の予定"


def test_rows_without_an_item_in_a_column_table(tmp_path):
    """Name only, goal/area cells only, and a continuation naming another area (a
    workbook: in a text copy such short lines would be taken for wrapped cells)."""
    title = "令和4年度第3期木更津市地域福祉計画 進行管理表"
    rows = [
        [title],
        COLUMNS.split("\t"),
        ["1", "1", *ITEM.split("\t")],
        ["", "2", "", "", "続きの内容。"],
        ["", "", "市民後見人育成"],
        ["2", "1"],
    ]
    tables, issued = load(write_column_xlsx(tmp_path / "r4.xlsx", rows))
    assert issued == [
        "r4.xlsx, sheet '進行管理表', row 5: the 施策 cell '2' of a row without an item name is "
        "not applied: the row continues item '地区懇談会の開催' (sheet '進行管理表', row 4)",
        "r4.xlsx, sheet '進行管理表', row 6: row with text in the name cell only that is no "
        "goal or area; text kept in the reconciliation:  |  | 市民後見人育成",
        "r4.xlsx, sheet '進行管理表', row 7: row with text in the goal/area column(s) only: no "
        "item, not loaded as a goal or area; text kept in the reconciliation: 2 | 1",
    ]
    assert placed(tables) == [(1, 1)]
    assert tables.items["content"].tolist() == ["地区懇談会を開催する。\n続きの内容。"]

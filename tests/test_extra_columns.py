"""Header variants as data, and declared extra columns (評価, 目標値 …) carried into items.

Tables are the seed written as a workbook with extra columns planted by hand; expected
values are the planted ones.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table
from plan_analysis.load.extra_columns import ColumnType, parse_cell
from plan_analysis.report import figures

from .conftest import REFERENCE, quiet_load, ref, spreadsheet_rows, write_xlsx

#: Planted grades: every item of goal 1 is A, of goal 2 B, of goal 3 C — except these.
GRADE_OF = {
    "地区懇談会の開催": "Ｂ",  # full-width: the same B
    "サロンの開催場所の増設": "S",  # not in A>B>C>D: a warning, no rank
    "市民後見人育成": "",  # left empty
}
#: Planted 目標値 cells → (value, unit, year).
TARGET_OF = {
    "地区懇談会の開催": ("35.9%(平成25年度)", 35.9, "%", 2013),
    "市民後見人育成": ("1,200人", 1200.0, "人", None),
    "サロンの開催場所の増設": ("12回（R2）", 12.0, "回", 2020),
    "成年後見の市長申し立て": ("‐", None, "", None),
    "市民向け各種講座・講習の開催": ("調整中", None, "", None),
}


def _with_extras(headers: tuple[str, ...] = ("評価", "目標値")) -> list[list[str]]:
    rows = [list(r) for r in spreadsheet_rows()]
    rows[1] = [*rows[1], *headers]
    goal = 0
    for cells in rows[2:]:
        if len(cells) == 1 and cells[0].startswith("基本目標"):
            goal += 1
        if len(cells) != 5:
            continue
        name = cells[0].replace("(再掲)", "")
        grade = GRADE_OF.get(name, "ABC"[goal - 1])
        target = TARGET_OF.get(name, ("",))[0]
        cells += [grade, target][: len(headers)]
    return rows


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    path = write_xlsx(tmp_path_factory.mktemp("extra") / "r3_graded.xlsx", _with_extras())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlanAnalysisWarning)
        tables = load_table(path, ref().load)
    return tables, [str(w.message) for w in caught]


def _by_name(tables, column: str) -> dict[str, str]:
    return dict(zip(tables.items["name"], tables.items[column], strict=True))


def test_a_declared_extra_column_is_carried_as_written(graded):
    tables, _ = graded
    assert list(tables.items.columns[-2:]) == ["grade", "target_value"]
    grades = _by_name(tables, "grade")
    assert grades["地区懇談会の開催"] == "Ｂ" and grades["市民後見人育成"] == ""
    assert grades["障害者差別解消法の普及啓発"] == "B"  # goal 2
    assert (tables.items["grade"] == "C").sum() == 9  # the 9 items of goal 3, repost included
    assert _by_name(tables, "target_value")["地区懇談会の開催"] == "35.9%(平成25年度)"


def test_grades_are_ranked_in_the_declared_order(graded):
    tables, messages = graded
    values = tables.item_values.merge(tables.items[["item_id", "name"]])
    grade = values[values["extra_column"] == "grade"].set_index("name")
    assert grade.loc["地区懇談会の開催", ["category", "rank"]].tolist() == ["B", 2]
    assert grade.loc["障害者差別解消法の普及啓発", "rank"] == 2
    assert grade.loc["サロンの開催場所の増設", "category"] == ""
    assert pd.isna(grade.loc["サロンの開催場所の増設", "rank"])
    salon = tables.items.loc[tables.items["name"] == "サロンの開催場所の増設", "item_id"].iat[0]
    assert (
        f"r3_graded.xlsx: grade 'S' of item {salon} (サロンの開催場所の増設) is not one of "
        "A > B > C > D: kept as text"
    ) in messages


def test_numbers_with_unit_and_year(graded):
    tables, messages = graded
    values = tables.item_values.merge(tables.items[["item_id", "name"]])
    target = values[values["extra_column"] == "target_value"].set_index("name")
    for name, (_, value, unit, year) in TARGET_OF.items():
        row = target.loc[name]
        assert (None if pd.isna(row["value"]) else row["value"]) == value, name
        assert row["unit"] == unit, name
        assert (None if pd.isna(row["value_year"]) else row["value_year"]) == year, name
    assert any("target_value '調整中' of item" in m and "is no number" in m for m in messages)
    assert not any("'‐'" in m for m in messages)  # a dash is a missing value, not a problem


def test_the_grade_chart_shares_per_goal(graded, tmp_path):
    from plan_analysis.pipeline import build_frames

    path = write_xlsx(tmp_path / "r3_graded.xlsx", _with_extras())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        _, frames = build_frames([path], ref(), cache_dir=tmp_path / "cache")
    matrix = figures.ordered_matrix(frames, "grade", 2021)
    # reposts left out: goal 1 54 items (1 S, 1 empty, 地区懇談会 B), goal 2 11, goal 3 8
    assert matrix.to_dict("index") == {
        "基本目標1": {"A": 51, "B": 1, "C": 0, "(記入なし・対象外)": 2},
        "基本目標2": {"A": 0, "B": 11, "C": 0, "(記入なし・対象外)": 0},
        "基本目標3": {"A": 0, "B": 0, "C": 8, "(記入なし・対象外)": 0},
    }
    fig = figures.draw("grade_by_goal", frames, 2021)
    assert fig.axes[0].get_title(loc="left") == "基本目標別の評価（事業の割合）"
    from matplotlib.colors import to_hex

    last = fig.axes[0].containers[-1]  # (記入なし・対象外): the grey of no answer
    assert to_hex(last.patches[0].get_facecolor()) == "#bbbbbb"
    from plan_analysis.report import summary_sheets

    sheets = summary_sheets(frames)
    assert "評価・数値の列" in sheets and "grade" in sheets["事業一覧"].columns


def test_an_undeclared_extra_column_is_an_error_naming_it(tmp_path):
    path = write_xlsx(tmp_path / "r3_person.xlsx", _with_extras(("担当者",)))
    with pytest.raises(PlanAnalysisError) as err:
        quiet_load(path)
    message = str(err.value)
    assert "unknown header name(s) ['担当者']" in message
    assert "declare it in data/reference/header_aliases.csv" in message


def test_declaring_the_column_loads_it(tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(REFERENCE, folder)
    with (folder / "header_aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("person,担当者,seen in a test table\n")
    path = write_xlsx(tmp_path / "r3_person.xlsx", _with_extras(("担当者",)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        tables = load_table(path, ref(folder).load)
    assert tables.items["person"].tolist() == [
        GRADE_OF.get(n, "ABC"[g - 1])
        for n, g in zip(tables.items["name"], tables.items["goal_no"], strict=True)
    ]
    assert tables.item_values.empty  # text: no typed values


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Grade,評価,", "lower-case letters"),
        ("name,評価,", "the same header names two columns"),
        ("seq,通し番号,", "a name of its own"),
        ("notes,*,", "needs text besides"),
        ("notes,{年度}*,", "needs text besides"),
    ],
)
def test_bad_header_rows(tmp_path, row, message):
    folder = tmp_path / "ref"
    shutil.copytree(REFERENCE, folder)
    with (folder / "header_aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    with pytest.raises(PlanAnalysisError, match=message) as err:
        ref(folder)
    assert "header_aliases.csv" in str(err.value)


def test_a_type_for_an_undeclared_column_is_a_warning_and_unused(tmp_path):
    """A folder made by an earlier version lacks the header rows of a column the newer
    column_types.csv types: the run goes on, the analyst is told what to add."""
    folder = tmp_path / "ref"
    shutil.copytree(REFERENCE, folder)
    with (folder / "column_types.csv").open("a", encoding="utf-8") as fh:
        fh.write("rating,ordered,A>B,,\n")
    with pytest.warns(PlanAnalysisWarning) as caught:
        reference = ref(folder)
    assert str(caught[0].message).startswith(
        "column_types.csv: the column(s) rating are no extra column declared in the header names"
    )
    assert "add a header row for each in data/reference/header_aliases.csv" in str(
        caught[0].message
    )
    assert "rating" not in reference.load.column_types


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("事業の概要", "content"),
        ("取組の概要", "content"),
        ("令和4年度の取組状況(実績)", "past_efforts"),
        ("今後の課題と方向性", "plans"),
        ("今後の課題及び事業推進の方策", "plans"),
        ("事務事業名", "name"),
        ("所属名", "owner"),
        ("計画事業の実績等", "past_efforts"),
        ("実績値", "actual_value"),  # written out: not the pattern of a core column
        ("今後の予定", "plans"),
    ],
)
def test_header_variants_and_patterns(header, column):
    assert ref().load.headers.column_of(header) == column


@pytest.mark.parametrize(
    ("text", "value", "unit", "year"),
    [
        ("35.9%(平成25年度)", 35.9, "%", 2013),
        ("３５．９％（Ｈ２５）", 35.9, "%", 2013),
        ("1,200人", 1200.0, "人", None),
        ("12回（令和元年度）", 12.0, "回", 2019),
        ("−", None, "", None),
        ("", None, "", None),
    ],
)
def test_number_cells(text, value, unit, year):
    parsed = parse_cell(text, ColumnType("number"))
    assert (None if pd.isna(parsed.value) else parsed.value, parsed.unit, parsed.value_year) == (
        value,
        unit,
        year,
    )
    assert parsed.problem == ""


def test_a_declared_unit_must_match():
    parsed = parse_cell("12回", ColumnType("number", unit="%"))
    assert parsed.problem == "has the unit '回', declared '%'"


@pytest.mark.parametrize(
    ("cell", "owners"),
    [
        ("高齢者福祉課・介護保険課", ["高齢者福祉課", "介護保険課"]),
        ("高齢者福祉課、介護保険課", ["高齢者福祉課", "介護保険課"]),
        ("高齢者福祉課 介護保険課", ["高齢者福祉課", "介護保険課"]),
        ("こども・家庭支援課", ["こども・家庭支援課"]),  # one name holding ・
        ("健康推進課・子育て支援課 こども保育課", ["健康推進課", "子育て支援課", "こども保育課"]),
    ],
)
def test_owners_joined_by_spaces_commas_or_middle_dots(cell, owners):
    from plan_analysis.load.departments import split_owners

    assert split_owners(cell) == owners

"""The data model declared once: a new measure through one schema entry, and nothing else.

The toy measure `meeting_format` (how an activity was held) is decided by a test-only rules
file from これまでの取り組み. Its expected values are read off the seed by hand: three items
write オンライン in これまでの取り組み, and none of them is a repost.
"""

from __future__ import annotations

import contextlib
import shutil

import openpyxl
import pytest

from plan_analysis import labels, schema
from plan_analysis.errors import PlanAnalysisError
from plan_analysis.pipeline import build_frames
from plan_analysis.report import figures, summary_sheets, write_summary_xlsx
from plan_analysis.schema import Code, CodeList, Measure

from .conftest import FIXTURES, REFERENCE, SEED, ref

# fmt: off
TOY = Measure(
    "meeting_format", source_column="past_efforts", decider="first_match",
    columns={"meeting_format": ("開催方法", "str"), "meeting_format_evidence": ("開催方法の根拠", "str")},
    trend_table="meeting_format_trend", rule_codes=("remote",), rules_file="toy_rules.txt",
    precedence=("remote", "training", "none"), default="none", figures=("counts", "by_goal"),
    evidence="meeting_format_evidence",
)
# fmt: on
TOY_CODES = CodeList(
    "meeting_format",
    (
        Code("remote", "オンライン", "held online", "#56B4E9"),
        Code("training", "研修", "a training is named", "#009E73"),
        Code("none", "記載なし", "neither", "#BBBBBB"),
    ),
)

#: item name → the sentence of これまでの取り組み that says オンライン (read off the seed).
REMOTE = {
    "支援を必要としている人とサービスを提供する人との調整を図る人材の育成": (
        "国主催のオンライン研修や成年後見人制度研修等コミュニティソーシャルワーカー以外の研修にも"
        "積極的に参加した。"
    ),
    "ボランティア活動の支援": (
        "令和2年度については、新型コロナウイルス感染症の拡大防止の観点から、オンラインにて実施した。"
    ),
}


@contextlib.contextmanager
def toy_in_the_schema():
    """The toy measure registered while the block runs; the data model as before after it."""
    saved = [(d, dict(d)) for d in (schema.MEASURES, schema.CODE_LISTS, schema.TABLES)]
    schema.register_measure(TOY, TOY_CODES)
    try:
        yield
    finally:
        for registry, before in saved:
            registry.clear()
            registry.update(before)


@pytest.fixture(scope="module")
def toy_frames(tmp_path_factory):
    """The seed processed with the toy measure registered and its rules file in the folder."""
    with toy_in_the_schema():
        folder = tmp_path_factory.mktemp("reference")
        shutil.copytree(REFERENCE, folder, dirs_exist_ok=True)
        shutil.copy(FIXTURES / "toy_rules.txt", folder / "toy_rules.txt")
        cache = tmp_path_factory.mktemp("cache")
        yield build_frames([SEED], ref(folder), cache_dir=cache)[1]


@pytest.fixture
def toy_registered():
    with toy_in_the_schema():
        yield


def test_a_new_measure_reaches_item_measures_with_its_evidence(toy_frames):
    measures = toy_frames["item_measures"].merge(toy_frames["items"][["item_id", "name"]])
    remote = measures[measures["meeting_format"] == "remote"]
    assert len(remote) == 3
    by_name = dict(zip(remote["name"], remote["meeting_format_evidence"], strict=True))
    for name, sentence in REMOTE.items():
        assert by_name[name] == sentence
    # the columns sit between plan_type's and the analyst's codes, as declared
    columns = list(toy_frames["item_measures"].columns)
    assert columns.index("meeting_format") == columns.index("plan_review_reason") + 1


def test_a_new_measure_is_counted_and_trended(toy_frames):
    counts = toy_frames["measure_counts"]
    per_goal = counts[(counts["measure"] == "meeting_format") & (counts["group_by"] == "goal_no")]
    assert per_goal.groupby("category")["n"].sum()["remote"] == 3
    assert per_goal.groupby("group")["n_items"].first().sum() == 73  # 75 items, 2 reposts
    assert set(counts.loc[counts["measure"] == "meeting_format", "group_by"]) == {
        "goal_no", "area_no", "department", "division"
    }  # fmt: skip
    trend = toy_frames["meeting_format_trend"].set_index("meeting_format")
    assert list(trend.index) == ["remote", "training", "none"]
    assert trend.loc["remote", "n_items"] == 3


def test_a_new_measure_speaks_japanese_and_reaches_the_workbook(toy_frames, tmp_path):
    assert labels.label("meeting_format") == "開催方法"
    assert labels.value_label("meeting_format", "remote") == "オンライン"
    path = write_summary_xlsx(summary_sheets(toy_frames), tmp_path / "summary.xlsx")
    sheet = openpyxl.load_workbook(path)["事業一覧"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("開催方法")
    names = rows[0].index("事業名")
    shown = {row[names]: row[column] for row in rows[1:]}
    assert all(shown[name] == "オンライン" for name in REMOTE)


def test_a_new_measure_is_drawn_in_its_colours(toy_frames, tmp_path):
    assert {"meeting_format_counts", "meeting_format_by_goal"} <= set(figures.figure_functions())
    fig = figures.draw("meeting_format_counts", toy_frames, 2021)
    fig.savefig(tmp_path / "check.png")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["オンライン", "研修", "記載なし"]
    assert ax.patches[0].get_width() == 3
    assert ax.get_title(loc="left") == "開催方法別の事業数"
    paths = figures.write_figures(toy_frames, tmp_path, names=["meeting_format_by_goal"])
    assert [p.name for p in paths] == ["meeting_format_by_goal.png", "meeting_format_by_goal.svg"]


def test_colours_are_keyed_by_code_list():
    """`new` of the plan types and `new` of the year links are different codes."""
    assert schema.code_colors("plan_type", ["new"]) == ["#CC79A7"]
    assert schema.code_colors("match", ["new"]) is None
    assert schema.code_colors("covid_effect", ["suspended", "none"]) == ["#D55E00", "#BBBBBB"]


def test_a_measure_without_its_rules_file_is_the_packages_error(toy_registered, tmp_path):
    shutil.copytree(REFERENCE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "toy_rules.txt").write_text("*training\n研修\n", encoding="utf-8")
    with pytest.raises(
        PlanAnalysisError, match=r"toy_rules\.txt: the rules of meeting_format lack the code"
    ):
        ref(tmp_path)


def test_a_frame_unlike_its_declaration_is_named():
    import pandas as pd

    frame = pd.DataFrame({"fiscal_year": [2021], "division": ["福祉部"], "n_items": [1.5]})
    problems = schema.mismatch("workload_divisions", frame).problems
    assert problems == [
        "n_items is float64, declared int64",
        "column n_items_fractional missing or out of order",
    ]

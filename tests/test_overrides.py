"""The analyst's decisions (measure_overrides.csv) win, and carry forward through lineage.

FY2021 is the seed, FY2022 the table of tests/second_year.py, in which 地区懇談会の開催's
これまでの取り組み was edited (so a decision on it does not carry) and サロンの場での生きがいづくり's
was not (so it does). Expected values are the planted ones.
"""

from __future__ import annotations

import shutil
import warnings

import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.pipeline import build_frames

from .conftest import REFERENCE, SEED, ref, write_xlsx
from .second_year import second_year_rows

TALK, SALON = (
    "2021-014",
    "2021-039",
)  # 地区懇談会の開催, サロンの場での生きがいづくり (both suspended)


def _frames(tmp_path, *rows: str):
    folder = tmp_path / "ref"
    shutil.copytree(REFERENCE, folder)
    with (folder / "measure_overrides.csv").open("a", encoding="utf-8") as fh:
        fh.writelines(f"{row}\n" for row in rows)
    fy2022 = write_xlsx(tmp_path / "r4_progress.xlsx", second_year_rows())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        _, frames = build_frames([SEED, fy2022], ref(folder), cache_dir=tmp_path / "cache")
    measures = frames["item_measures"].merge(frames["items"][["fiscal_year", "item_id", "name"]])
    return frames, measures.set_index(["fiscal_year", "name"])


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    return _frames(
        tmp_path_factory.mktemp("overrides"),
        f"2021,{SALON},covid_effect,partial,サロンは一部の地区で開催（所管課に確認）",
        f"2021,{TALK},covid_effect,partial,一部の地区だけ書面で意見を集めた（所管課に確認）",
        "2022,2022-043,plan_type,new,ヤングケアラー: 新しい事業",
    )


def test_an_override_wins_and_says_so(decided):
    _, m = decided
    assert m.loc[
        (2021, "サロンの場での生きがいづくり"), ["covid_effect", "covid_decided_by"]
    ].tolist() == [
        "partial",
        "analyst",
    ]
    assert m.loc[(2022, "ヤングケアラーへの支援"), ["plan_type", "plan_decided_by"]].tolist() == [
        "new",
        "analyst",
    ]


def test_it_carries_to_next_year_when_the_text_is_unchanged(decided):
    _, m = decided
    row = m.loc[(2022, "サロンの場での生きがいづくり")]
    assert (row["covid_effect"], row["covid_decided_by"], row["covid_needs_review"]) == (
        "partial",
        "carried",
        False,
    )


def test_a_changed_text_goes_back_to_the_rule_and_into_the_review_queue(decided):
    _, m = decided
    row = m.loc[(2022, "地区懇談会の開催")]
    # FY2022: 感染症対策を講じたうえで、市内3地区で懇談会を開催した — the rule reads it again
    assert (row["covid_decided_by"], row["covid_effect"]) == ("rule", "adapted")
    assert bool(row["covid_needs_review"])
    assert (
        "2021年度の担当者の判断（2021-014: 一部中止・縮小）の後に文章が変わった"
        in row["covid_review_reason"]
    )


def test_the_counts_use_the_decisions(decided):
    frames, _ = decided
    trend = frames["covid_trend"].set_index(["fiscal_year", "covid_effect"])["n_items"]
    # the seed's 9 suspended items, two of them decided otherwise by the analyst
    assert trend[(2021, "suspended")] == 7


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2021,2021-014,covid,none,", "measure must be one of"),
        ("2021,2021-014,plan_type,maybe,", "a value of plan_type is one of"),
        ("R3,2021-014,plan_type,new,", "four-digit fiscal_year"),
        ("2021,2021-999,plan_type,new,", "no item 2021-999 in the table of fiscal year 2021"),
    ],
)
def test_bad_override_rows_name_the_file(tmp_path, row, message):
    with pytest.raises(PlanAnalysisError, match=message) as err:
        _frames(tmp_path, row)
    assert "measure_overrides.csv" in str(err.value)

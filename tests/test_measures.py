"""COVID effect, plan type and their evidence for named seed items; roll-ups; rule edits.

Expectations are read off the seed table (data/raw/r3_…txt) by hand; tokens assume
unidic-lite 1.0.8 (UniDic 2.1.2).
"""

from __future__ import annotations

import shutil

import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.measures import check_rule_codes, item_measures, repeating_plans
from plan_analysis.measures.rollups import measure_counts
from plan_analysis.reference import load_reference
from plan_analysis.schema import CODE_LISTS, Measure
from plan_analysis.text import parse_rules

from .conftest import REFERENCE, ref

COVID_EFFECT_CATEGORIES = CODE_LISTS["covid_effect"].order


def row(measures, item_id: str):
    return measures.set_index("item_id").loc[item_id]


@pytest.mark.parametrize(
    ("item_id", "effect", "evidence"),
    [
        # the サロン items: 「サロンの開催は見合わせた」
        (
            "2021-015",
            "suspended",
            "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせた。",
        ),
        (
            "2021-058",
            "suspended",
            "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせた。",
        ),
        # 福祉まつり・福祉バザー cancelled
        (
            "2021-047",
            "suspended",
            "新型コロナウイルス感染症拡大防止の観点から、福祉まつり、福祉バザーは中止とした。",
        ),
        # negation: 実施していない / できていない
        ("2021-036", "suspended", "新型コロナウイルス感染症拡大防止の観点から実施していない。"),
        (
            "2021-075",
            "suspended",
            "新型コロナウイルス感染症拡大防止の観点から、会議の実施はできていない。",
        ),
        # こどもまつり skipped while 乳児家庭全戸訪問 went on
        (
            "2021-004",
            "partial",
            "新型コロナウイルス感染拡大防止の観点からこどもまつりの参加を見合わせたものの、",
        ),
        # the volunteer exchange held online
        (
            "2021-069",
            "adapted",
            "令和2年度については、新型コロナウイルス感染症の拡大防止の観点から、オンラインにて実施した。",
        ),
        # screenings by reservation for infection control
        (
            "2021-033",
            "adapted",
            "全てのがん検診および若年期健診を申込制とした。",  # the purpose clause before it is left out
        ),
        # an online training without any pandemic named is no COVID effect
        ("2021-017", "none", ""),
    ],
)
def test_covid_effect_and_evidence(seed_measures, item_id, effect, evidence):
    r = row(seed_measures, item_id)
    assert (r["covid_effect"], r["covid_evidence"]) == (effect, evidence)


def test_covid_counts(seed_measures):
    assert seed_measures["covid_effect"].value_counts().to_dict() == {
        "none": 61,
        "suspended": 9,
        "partial": 3,
        "adapted": 2,
    }
    # 13 items name コロナ; 2021-033 speaks of 感染対策 only
    assert seed_measures["covid_mentioned"].sum() == 14
    assert not row(seed_measures, "2021-001")["covid_mentioned"]


@pytest.mark.parametrize(
    ("item_id", "plan_type", "types", "evidence"),
    [
        ("2021-014", "conditional", "conditional", "必要に応じて開催していく。"),
        (
            "2021-015",
            "conditional",
            "conditional",
            "今後の新型コロナウイルス感染症の拡大状況や国、県の動向を見ながら、",
        ),
        (
            "2021-008",
            "expand",
            "expand",
            "更に相談・窓口での連携を強化し、",
        ),
        (
            "2021-049",
            "continue",
            "continue",
            "引き続き、危機管理課から依頼を受けた場合には、名簿を作成し、",
        ),
        ("2021-060", "new", "new", "地域社会全体で高齢者を見守る体制を構築する。"),
        # 引き続き…強化: continue first, expand among all types
        (
            "2021-006",
            "continue",
            "continue,expand",
            "今後も継続して相談支援事業所の周知を図り、",
        ),
    ],
)
def test_plan_type_and_evidence(seed_measures, item_id, plan_type, types, evidence):
    r = row(seed_measures, item_id)
    assert (r["plan_type"], r["plan_types_all"], r["plan_evidence"]) == (plan_type, types, evidence)
    assert r["plan_decided_by"] == "rule"


def test_unmarked_plan_defaults_to_continue(seed_measures):
    r = row(seed_measures, "2021-044")  # 子育て支援センター会議の開催(年間3回)
    assert (r["plan_type"], r["plan_decided_by"]) == ("continue", "default")


def test_plan_past_similarity(seed_measures, seed):
    # 「団塊の世代」…情報の提供を行いました / 引き続き…情報の提供を行います: nearly the same words
    assert row(seed_measures, "2021-072")["plan_past_similarity"] == pytest.approx(8 / 9)
    assert seed_measures["plan_past_similarity"].between(0, 1).all()
    repeating = repeating_plans(seed_measures, seed.items)
    assert repeating["item_id"].iloc[0] == "2021-072"
    assert "2021-070" not in set(repeating["item_id"])  # reposts are not listed


def test_theme_flags_from_analyst_codes(seed_measures):
    assert row(seed_measures, "2021-004")["theme_周知"]
    assert seed_measures["theme_コロナ"].sum() == 13  # the 13 items naming コロナ


def test_counts_per_goal_and_division(seed_measures, seed):
    per_goal = measure_counts(
        seed_measures, seed.items, "goal_no", "covid_effect", COVID_EFFECT_CATEGORIES
    )
    goal1 = per_goal[per_goal["goal_no"] == 1].set_index("covid_effect")
    # goal 1 (54 items, none a repost): サロン×3, 懇談会, 講座, 福祉まつり suspended
    assert goal1.loc["suspended", "n"] == 6
    assert goal1.loc["suspended", "n_items"] == 54
    assert goal1["share"].sum() == pytest.approx(1)
    per_div = measure_counts(
        seed_measures, seed.item_departments, "division", "covid_effect", COVID_EFFECT_CATEGORIES
    )
    health = per_div[per_div["division"] == "健康こども部"].set_index("covid_effect")
    # 健康こども部: partial 004, 042, 048 and adapted 033 (健診) among its 14 items
    assert (
        health.loc["partial", "n"],
        health.loc["adapted", "n"],
        health.loc["none", "n_items"],
    ) == (3, 1, 14)


def test_editing_a_rule_changes_the_result(seed, seed_text, tmp_path):
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    rules = (reference / "theme_rules.txt").read_text(encoding="utf-8")
    # an analyst decides that オンライン alone is no adaptation
    (reference / "theme_rules.txt").write_text(rules.replace("オンライン | ", ""), encoding="utf-8")
    sentences, tokens = seed_text
    edited = item_measures(seed.items, sentences, tokens, ref(reference).rules)
    assert row(edited, "2021-069")["covid_effect"] == "none"
    assert row(edited, "2021-033")["covid_effect"] == "adapted"  # 申込制 still counts


def test_theme_codes_a_file_lacks_come_from_the_shipped_rules(tmp_path):
    """An analyst's theme_rules.txt from an earlier version keeps its edits; the codes this
    version reads and the file lacks are the shipped ones, with a warning."""
    shutil.copytree(REFERENCE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "theme_rules.txt").write_text("*covid\nコロナ | 疫病\n", encoding="utf-8")
    with pytest.warns(PlanAnalysisWarning) as caught:
        reference = load_reference(tmp_path)
    message = str(caught[0].message)
    assert message.startswith("theme_rules.txt: lacks the code(s) adapt, carried_on, contrast,")
    assert "their shipped definitions are used" in message
    names = [rule.name for rule in reference.rules.theme]
    assert names[0] == "covid" and names.count("covid") == 1 and "plan_new" in names
    assert "疫病" in str(reference.rules.theme[0].expression)


def test_a_code_missing_from_a_measures_own_rules_is_an_error(tmp_path):
    measure = Measure("x", source_column="plans", decider="first_match", rules_file="x.txt",
                      trend_table="x_trend",
                      columns=(), rule_codes=("a",))  # fmt: skip
    rules = parse_rules("*b\nコロナ\n")
    with pytest.raises(
        PlanAnalysisError, match=r"x\.txt: the rules of x lack the code\(s\) \['a'\]"
    ):
        check_rule_codes(measure, rules, tmp_path / "x.txt")


@pytest.fixture(scope="module")
def fy2023_measures(tmp_path_factory):
    """item_measures of the held-out FY2023 table (tests/heldout_measures_r5.py), by item."""
    import warnings

    from plan_analysis.errors import PlanAnalysisWarning
    from plan_analysis.load import load_table
    from plan_analysis.text import tokenize_segments

    from . import heldout_measures_r5

    folder = tmp_path_factory.mktemp("fy2023")
    path = heldout_measures_r5.write(folder)
    r = ref()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        tables = load_table(path, r.load)
    sentences, tokens = tokenize_segments(tables.segments, r.dictionaries, folder / "cache")
    return item_measures(tables.items, sentences, tokens, r.rules)


def test_each_owner_paragraph_votes_once(fy2023_measures):
    # 2023-053: five (…課) paragraphs — 引き続き…; two without a marker (routine: continue);
    # 体制整備を確認する (new); 新たに実施する (new): continue 3 to 2, no tie
    r = row(fy2023_measures, "2023-053")
    assert (r["plan_type"], r["plan_types_all"], r["plan_decided_by"]) == (
        "continue", "continue,new", "rule"
    )  # fmt: skip
    assert (
        r["plan_evidence"] == "引き続き、福祉避難所開設が可能な施設の確保に努める。"
    )  # ○ is a marker
    assert not r["plan_needs_review"]


def test_a_tie_is_decided_by_the_precedence_and_queued(fy2023_measures):
    # 2023-006: (…課) 引き続き…周知を図る / (…課) …高めるため、出張相談会を新たに実施する —
    # one paragraph each way; the purpose clause does not vote
    r = row(fy2023_measures, "2023-006")
    assert (r["plan_type"], r["plan_types_all"]) == ("continue", "continue,new")
    assert r["plan_evidence"] == "引き続き相談支援事業所の周知を図る。"
    assert r["plan_review_reason"] == ("種類の違う節が同数で、決めた順番で判定した")


def test_an_unmarked_plan_naming_a_coming_year_is_queued(fy2023_measures):
    r = row(fy2023_measures, "2023-068")  # 令和6年度は…とするかどうか、…判断する。
    assert (r["plan_type"], r["plan_decided_by"], r["plan_needs_review"]) == (
        "continue", "default", True
    )  # fmt: skip
    assert r["plan_evidence"] == (
        "令和6年度は対面での開催とするかどうか、受講者の意見を踏まえて判断する。"
    )
    assert r["plan_review_reason"].startswith(
        "種類の目印の語がないが、来年度・目指す・判断などの語"
    )

"""The toolkit: frequency, KWIC, co-occurrence, characteristic words.

Small tables are written out here with their results worked by hand; the seed's KWIC list
was read off the seed file with grep (line → item: the n-th item row of the table).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.text import textstats

from .text_helpers import COVID_SENTENCES, seed_text_with_test_dictionary, tokens

SMALL = tokens(
    ("2021-001", 1, "支援 を/助詞 行う/動詞"),
    ("2021-001", 2, "支援 地域"),
    ("2021-002", 1, "地域 を/助詞 支援"),
)


@pytest.fixture(scope="module")
def seed_tokens(seed) -> pd.DataFrame:
    return seed_text_with_test_dictionary(seed)[1]


def rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].values.tolist()


def test_word_frequency() -> None:
    assert rows(textstats.word_frequency(SMALL), ["base", "pos1", "freq", "n_items"]) == [
        ["支援", "名詞", 3, 2],
        ["地域", "名詞", 2, 2],
        ["行う", "動詞", 1, 1],
    ]
    with_stop = textstats.word_frequency(SMALL, include_stop=True, pos1=["助詞"])
    assert rows(with_stop, ["base", "freq"]) == [["を", 2]]


def test_word_frequency_per_group_of_another_table() -> None:
    items = pd.DataFrame(
        {"fiscal_year": [2021, 2021], "item_id": ["2021-001", "2021-002"], "goal_no": [2, 1]}
    )
    grouped = textstats.word_frequency(textstats.attach(SMALL, items, "goal_no"), "goal_no")
    assert rows(grouped, ["goal_no", "base", "freq"]) == [
        [1, "地域", 1],
        [1, "支援", 1],
        [2, "支援", 2],
        [2, "地域", 1],
        [2, "行う", 1],
    ]
    unknown = textstats.word_frequency(
        textstats.attach(SMALL, items.iloc[:1], "goal_no"), "goal_no"
    )
    assert unknown["freq"].sum() == 6  # 2021-002 has no goal here: kept, not dropped


def test_seed_frequency_counts_a_compound_once(seed_tokens) -> None:
    freq = textstats.word_frequency(seed_tokens)
    covid = freq[freq["base"] == "新型コロナウイルス感染症"]
    assert rows(covid, ["pos1", "freq", "n_items"]) == [["名詞", 18, 12]]
    assert not freq["base"].isin(["を", "、", "こと"]).any()


def test_kwic_context_is_cut_to_width() -> None:
    found = textstats.kwic(SMALL, "行う", width=2)
    assert rows(found, ["item_id", "sent_no", "tok_no", "left", "keyword", "right"]) == [
        ["2021-001", 1, 3, "援を", "行う", ""]
    ]
    both = textstats.kwic(SMALL, ["地域", "行う"], width=5)
    assert rows(both, ["item_id", "sent_no", "left", "keyword", "right"]) == [
        ["2021-001", 1, "支援を", "行う", ""],
        ["2021-001", 2, "支援", "地域", ""],
        ["2021-002", 1, "", "地域", "を支援"],
    ]


def test_kwic_of_covid_finds_exactly_the_seed_sentences(seed_tokens) -> None:
    found = textstats.kwic(seed_tokens, "コロナ", match="contains")
    assert [tuple(r) for r in rows(found, ["item_id", "column", "sent_no"])] == COVID_SENTENCES
    assert found["keyword"].value_counts().to_dict() == {
        "新型コロナウイルス感染症": 17,
        "新型コロナ感染症": 1,
        "コロナ": 1,  # 2021-004: 新型/コロナ/ウイルス/感染拡大 (no 症, not a listed term)
    }
    line_60 = found[found["item_id"] == "2021-036"].iloc[0]
    assert (line_60["left"], line_60["right"]) == ("", "拡大防止の観点から実施していない。")
    bare = textstats.kwic(seed_tokens, "コロナ")  # exact: the one bare コロナ token
    assert rows(bare, ["item_id", "left", "right"]) == [
        ["2021-004", "新型", "ウイルス感染拡大防止の観点からこどもまつ"]
    ]


SENTENCES = tokens(
    ("2021-001", 1, "支援 地域"),
    ("2021-001", 2, "支援 地域 連携"),
    ("2021-002", 1, "支援"),
    ("2021-002", 2, "連携"),
)


def test_cooccurrence_over_sentences() -> None:
    edges, nodes = textstats.cooccurrence(SENTENCES, min_freq=2)
    assert rows(edges, ["word_a", "word_b", "n_a", "n_b", "n_both"]) == [
        ["地域", "支援", 2, 3, 2],
        ["地域", "連携", 2, 2, 1],
        ["支援", "連携", 3, 2, 1],
    ]
    assert edges["jaccard"].tolist() == pytest.approx([2 / 3, 1 / 3, 1 / 4])
    assert rows(nodes, ["word", "freq", "n_units"]) == [
        ["支援", 3, 3],
        ["地域", 2, 2],
        ["連携", 2, 2],
    ]
    top, top_nodes = textstats.cooccurrence(SENTENCES, min_freq=2, top=1)
    assert rows(top, ["word_a", "word_b"]) == [["地域", "支援"]]
    assert top_nodes["word"].tolist() == ["支援", "地域"]
    none, no_nodes = textstats.cooccurrence(SENTENCES, min_freq=3)
    assert none.empty and no_nodes.empty


def test_cooccurrence_over_items() -> None:
    edges, _ = textstats.cooccurrence(SENTENCES, unit="item", min_freq=1)
    assert rows(edges, ["word_a", "word_b", "n_both", "jaccard"]) == [
        ["支援", "連携", 2, 1.0],
        ["地域", "支援", 1, 0.5],
        ["地域", "連携", 1, 0.5],
    ]


def fightin_words_z(y: float, n: float, r: float, m: float, prior: float, prior0: float) -> float:
    """Monroe et al. (2008) eq. 22, one word, written out."""
    delta = math.log((y + prior) / (n + prior0 - y - prior)) - math.log(
        (r + prior) / (m + prior0 - r - prior)
    )
    return delta / math.sqrt(1 / (y + prior) + 1 / (r + prior))


def test_characteristic_words() -> None:
    groups = tokens(
        ("2021-001", 1, "支援 支援 支援 地域"),
        ("2021-002", 1, "支援 地域 地域 地域"),
    ).assign(goal_no=[1] * 4 + [2] * 4)
    found = textstats.characteristic_words(groups, "goal_no", min_freq=1, min_group_items=1)
    assert rows(found, ["goal_no", "base", "n_group", "n_rest"]) == [
        [1, "支援", 3, 1],
        [1, "地域", 1, 3],
        [2, "地域", 3, 1],
        [2, "支援", 1, 3],
    ]
    # each word: 4 occurrences in all (its prior), 8 words (prior total), 4 per group
    z = fightin_words_z(3, 4, 1, 4, prior=4, prior0=8)
    assert found["z"].tolist() == pytest.approx([z, -z, z, -z])
    assert found["log_odds"].iat[0] == pytest.approx(2 * math.log(7 / 5))
    assert found["share_group"].iat[0] == 0.75
    chi2, p, _, _ = stats.chi2_contingency([[3, 1], [1, 3]])
    assert found["chi2"].tolist() == pytest.approx([chi2] * 4)
    assert found["p"].tolist() == pytest.approx([p] * 4)
    assert textstats.characteristic_words(groups, "goal_no", min_freq=5, min_group_items=1).empty
    with pytest.raises(PlanAnalysisError, match=r"at least two groups of 'goal_no'.*found 1"):
        textstats.characteristic_words(groups.assign(goal_no=1), "goal_no", min_group_items=1)


def test_characteristic_words_leave_out_groups_of_few_items() -> None:
    """Goals 1 and 2 have two items each, goal 3 one: with min_group_items=2 goal 3 is left
    out of the comparison (its words count in no total), and a note says so in Japanese."""
    groups = tokens(
        ("2021-001", 1, "支援 地域"),
        ("2021-002", 1, "支援"),
        ("2021-003", 1, "地域 地域"),
        ("2021-004", 1, "地域"),
        ("2021-005", 1, "件 ない 件"),
    ).assign(goal_no=[1, 1, 1, 2, 2, 2, 3, 3, 3])
    assert textstats.small_groups(groups, "goal_no", 2) == [3]
    found = textstats.characteristic_words(groups, "goal_no", min_freq=1, min_group_items=2)
    assert set(found["goal_no"]) == {1, 2}
    assert set(found["base"]) == {"支援", "地域"}
    note = textstats.left_out_note(groups, "goal_no", 2)
    assert note == "事業が2件未満のため特徴語を出さなかったグループ：3"
    assert textstats.left_out_note(groups, "goal_no", 1) == ""
    # groups of three items or more: none left to compare
    with pytest.raises(PlanAnalysisError, match="with at least 3 items each, found 0"):
        textstats.characteristic_words(groups, "goal_no", min_group_items=3)


def test_characteristic_words_of_one_word_above_min_freq_are_finite() -> None:
    """Only 支援 occurs 3 times (min_freq=3), but the totals count every word: goal 1 has
    n = 3 words (支援 ×2, 地域), goal 2 m = 2 (支援, 相談); prior a = 3 (支援 overall),
    a_0 = 5 (all words). Goal 1: y = 2, r = 1:
        log_odds = log((2+3)/(3+5-2-3)) - log((1+3)/(2+5-1-3)) = log(5/3) - log(4/3) = log(5/4)
        z = log(5/4) / sqrt(1/(2+3) + 1/(1+3)) = 0.22314 / 0.67082 = 0.33265
    goal 2 the mirror image (−log(5/4), −0.33265). χ² of [[2, 1], [1, 1]] with Yates:
    |2·1 − 1·1| − 5/2 < 0 → 0, p = 1. (With the totals of the listed words alone, n − y = 0
    and z was inf.)"""
    groups = tokens(("2021-001", 1, "支援 支援 地域"), ("2021-002", 1, "支援 相談")).assign(
        goal_no=[1, 1, 1, 2, 2]
    )
    found = textstats.characteristic_words(groups, "goal_no", min_freq=3, min_group_items=1)
    assert rows(found, ["goal_no", "base", "n_group", "n_rest"]) == [
        [1, "支援", 2, 1],
        [2, "支援", 1, 2],
    ]
    assert found["log_odds"].tolist() == pytest.approx([math.log(5 / 4), -math.log(5 / 4)])
    assert found["z"].tolist() == pytest.approx([0.33265, -0.33265], abs=1e-5)
    assert found["share_group"].tolist() == pytest.approx([2 / 3, 1 / 2])
    assert found["chi2"].tolist() == [0.0, 0.0]
    assert found["p"].tolist() == pytest.approx([1.0, 1.0])

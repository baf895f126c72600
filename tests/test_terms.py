"""Related words, compound-term candidates, words across fiscal years.

Small tables are written out here with their results worked by hand; the seed's counts were
read off the seed file with grep (見合わせ on 6 lines, 中止 on 2, 拡大 in the 18 pandemic
sentences but 2021-042's first) and the tokens it gives (情報 / 提供).
"""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest
from scipy import stats

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.text import SENTENCE_KEYS, code_sentences, parse_rules
from plan_analysis.text.terms import (
    compound_candidates,
    related_words,
    rising_falling,
    year_characteristic_words,
)

from .conftest import ref
from .text_helpers import tokens


def rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return frame[columns].values.tolist()


# --- related words --------------------------------------------------------------------------

# 5 sentences: 地域 in {1, 2}, 支援 in {1, 3, 4}, 連携 in {2, 3, 5}, 協力 in {5}
RELATED = tokens(
    ("2021-001", 1, "地域 支援"),
    ("2021-001", 2, "地域 連携"),
    ("2021-002", 1, "支援 連携"),
    ("2021-002", 2, "支援"),
    ("2021-003", 1, "連携 を/助詞 協力"),
)


def test_related_words_of_a_word() -> None:
    found = related_words(RELATED, "地域")
    # q = 2 sentences of 5; 支援 and 連携: in 3 sentences, 1 with 地域: P(w|q) = 1/2,
    # P(w) = 3/5, Jaccard 1 / (3 + 2 − 1) = 1/4, lift (1/2)/(3/5) = 5/6. 協力 never with 地域.
    assert rows(found, ["base", "pos1", "freq", "n_units_with", "n_units"]) == [
        ["支援", "名詞", 3, 1, 3],
        ["連携", "名詞", 3, 1, 3],
    ]
    assert found["p_given_query"].tolist() == pytest.approx([1 / 2, 1 / 2])
    assert found["p_overall"].tolist() == pytest.approx([3 / 5, 3 / 5])
    assert found["jaccard"].tolist() == pytest.approx([1 / 4, 1 / 4])
    assert found["lift"].tolist() == pytest.approx([5 / 6, 5 / 6])
    assert related_words(RELATED, "地域", top=1)["base"].tolist() == ["支援"]


def test_related_words_of_several_words() -> None:
    # q = {1, 2, 5}: 連携 in 2 of them (Jaccard 2 / (3 + 3 − 2) = 1/2), 支援 in 1 (1/5)
    found = related_words(RELATED, ["地域", "協力"])
    assert rows(found, ["base", "n_units_with"]) == [["連携", 2], ["支援", 1]]
    assert found["jaccard"].tolist() == pytest.approx([1 / 2, 1 / 5])
    assert found["lift"].tolist() == pytest.approx([(2 / 3) / (3 / 5), (1 / 3) / (3 / 5)])


def test_a_code_is_a_query() -> None:
    coded = code_sentences(RELATED, parse_rules("*地域の文\n地域\n"))
    as_rows = related_words(RELATED, coded[coded["地域の文"]])
    as_series = related_words(RELATED, coded.set_index(SENTENCE_KEYS)["地域の文"])
    pd.testing.assert_frame_equal(as_rows, as_series)
    # the code's own word is listed now: in both coded sentences and no other
    assert rows(as_rows, ["base", "n_units_with", "jaccard"]) == [
        ["地域", 2, 1.0],
        ["支援", 1, 0.25],
        ["連携", 1, 0.25],
    ]
    # per item: the coded sentences fall in 2021-001 (q = 1 of 3 items); 支援 is in items
    # 001 and 002 (Jaccard 1/2), 連携 in all three (1/3)
    items = related_words(RELATED, coded[coded["地域の文"]], unit="item")
    assert rows(items, ["base", "n_units_with", "n_units"]) == [
        ["地域", 1, 1],
        ["支援", 1, 2],
        ["連携", 1, 3],
    ]
    assert items["jaccard"].tolist() == pytest.approx([1, 1 / 2, 1 / 3])


def test_related_words_errors() -> None:
    with pytest.raises(PlanAnalysisError) as unknown:
        related_words(RELATED, ["地域", "コロナ"])
    assert str(unknown.value) == "no token has the base form 'コロナ'"
    with pytest.raises(PlanAnalysisError, match="a query table needs the unit's key columns"):
        related_words(RELATED, pd.DataFrame({"item_id": ["2021-001"]}))
    with pytest.raises(PlanAnalysisError, match="a query Series must be boolean"):
        related_words(RELATED, pd.Series([True, False]))
    nowhere = pd.DataFrame({"fiscal_year": [2022], "item_id": ["2022-001"]})
    with pytest.raises(PlanAnalysisError) as empty:
        related_words(RELATED, nowhere, unit="item")
    assert str(empty.value) == "the query selects no item of the tokens"


PANDEMIC_WORDS = ["新型コロナウイルス感染症", "新型コロナウイルス"]


def test_seed_words_related_to_the_pandemic(seed_text) -> None:
    """The 19 pandemic sentences (text_helpers.COVID_SENTENCES): 18 name
    新型コロナウイルス感染症, 2021-004's 新型コロナウイルス (the shipped dictionary keeps both
    whole, so no token is a bare コロナ). 拡大 is in 18 sentences, all of them pandemic ones
    (grep: its 18 occurrences are all 感染症拡大 / 感染拡大 / 拡大状況); 見合わせる in 6, all
    pandemic ones (lines 11 27 28 63 75 96); 中止 in 2 (lines 69 and 76), both pandemic ones;
    防止 in 17, of which 14 pandemic ones (2021-043's three are about abuse)."""
    _, seed_tokens = seed_text
    found = related_words(seed_tokens, PANDEMIC_WORDS, top=None).set_index("base")
    assert found.index[0] == "拡大"
    expected = {"拡大": (18, 18), "見合わせる": (6, 6), "中止": (2, 2), "防止": (14, 17)}
    for word, (both, units) in expected.items():
        assert found.loc[word, ["n_units_with", "n_units"]].tolist() == [both, units]
        assert found.at[word, "p_given_query"] == pytest.approx(both / 19)
        assert found.at[word, "jaccard"] == pytest.approx(both / (units + 19 - both))
    with pytest.raises(PlanAnalysisError) as bare:
        related_words(seed_tokens, "コロナ")
    assert str(bare.value) == "no token has the base form 'コロナ'"


# --- compound candidates ----------------------------------------------------------------------

COMPOUNDS = tokens(
    ("2021-001", 1, "地域 福祉 を/助詞 推進"),
    ("2021-002", 1, "地域 福祉 計画"),
    ("2021-003", 1, "福祉 計画 の/助詞 地域"),
    ("2021-004", 1, "地域 福祉 が/助詞 大切/形状詞"),
)


def test_flr_scores_worked_by_hand() -> None:
    found = compound_candidates(COMPOUNDS, min_freq=1)
    # runs: 地域福祉 (items 001, 004), 地域福祉計画 (002), 福祉計画 (003); 地域 alone in 003.
    # pairs over all runs: 地域→福祉 3 times, 福祉→計画 2 times, so
    #   地域: FL 0, FR 3 → (0+1)(3+1) = 4;  福祉: FL 3, FR 2 → 4 · 3 = 12;  計画: FL 2, FR 0 → 3
    #   地域福祉     2 × (4 · 12)^(1/4)      = 5.26
    #   福祉計画     1 × (12 · 3)^(1/4)      = 2.45
    #   地域福祉計画 1 × (4 · 12 · 3)^(1/6)  = 2.29
    assert rows(found, ["term", "tokens", "freq", "n_items"]) == [
        ["地域福祉", "地域 / 福祉", 2, 2],
        ["福祉計画", "福祉 / 計画", 1, 1],
        ["地域福祉計画", "地域 / 福祉 / 計画", 1, 1],
    ]
    assert found["score"].tolist() == pytest.approx([2 * 48**0.25, 36**0.25, 144 ** (1 / 6)])
    assert compound_candidates(COMPOUNDS)["term"].tolist() == ["地域福祉"]  # min_freq 2
    assert compound_candidates(COMPOUNDS, min_freq=1, top=1)["term"].tolist() == ["地域福祉"]


def test_known_terms_and_single_tokens_are_dropped() -> None:
    # written as an analyst may write it: compared after NFKC and without spaces
    known = compound_candidates(COMPOUNDS, min_freq=1, known=["地域 福祉"])
    assert known["term"].tolist() == ["福祉計画", "地域福祉計画"]
    merged = pd.concat([COMPOUNDS, tokens(("2021-005", 1, "福祉計画"))], ignore_index=True)
    assert "福祉計画" not in compound_candidates(merged, min_freq=1)["term"].tolist()


def test_runs_start_and_end_as_termextract_has_them() -> None:
    frame = tokens(
        ("2021-001", 1, "各/接頭辞 地区 等/接尾辞 の/助詞 社会 的/接尾辞"),
        ("2021-001", 2, "の/助詞 等/接尾辞 福祉 計画"),
        ("2021-001", 3, "3 地区 福祉"),
        ("2021-001", 4, "地域 各/接頭辞 地区"),
        ("2021-001", 5, "支援"),
        ("2021-001", 6, "体制 地域 連携"),
    )
    frame.loc[frame["surface"].eq("3"), "pos2"] = "数詞"
    frame.loc[frame["surface"].eq("的"), "pos2"] = "形状詞的"
    last = frame.index[-1]
    frame.loc[last, "tok_no"] += 1  # a token (a space, say) left out between 地域 and 連携
    found = compound_candidates(frame, min_freq=1)
    assert sorted(found["term"]) == sorted(
        [
            "各地区等",  # a prefix starts it, a suffix may end it
            "福祉計画",  # the suffix after の starts nothing
            "地区福祉",  # the number is not part of it
            "各地区",  # a prefix starts a new run: 地域 stays alone
            "体制地域",  # 支援 is in the sentence before; 連携 is not next to 地域
        ]
    )  # 社会的 ends in an adjectival suffix: dropped


def test_seed_compound_candidates_include_a_term_the_dictionary_lacks(seed_text) -> None:
    """情報提供 is two tokens (情報 / 提供) and a whole noun run 4 times (grep 情報提供): items
    2021-007 (…等の情報提供を行う / 行った), 2021-032 (…、情報提供を行った), 2021-050 plans
    (…の情報提供については); 2021-050's content has 個人情報提供, a longer run."""
    _, seed_tokens = seed_text
    terms = ref().dictionaries.compound_terms
    assert "情報提供" not in terms
    found = compound_candidates(seed_tokens, known=terms, top=None).set_index("term")
    assert found.loc["情報提供", ["tokens", "freq", "n_items"]].tolist() == ["情報 / 提供", 4, 3]
    assert "個人情報提供" not in found.index  # once only
    assert (
        compound_candidates(seed_tokens, known=terms, min_freq=1, top=None)
        .set_index("term")
        .at["個人情報提供", "freq"]
        == 1
    )
    assert not found.index.isin(terms).any()


# --- across fiscal years ----------------------------------------------------------------------


def year(fiscal_year: int, *sentences: tuple[str, int, str]) -> pd.DataFrame:
    """A tokens table of one fiscal year from `tokens` rows (item ids given without the year)."""
    frame = tokens(*((f"{fiscal_year}-{item}", n, words) for item, n, words in sentences))
    return frame.assign(fiscal_year=fiscal_year)


TWO_YEARS = pd.concat(
    [
        year(
            2021,
            ("001", 1, "地域 支援"),
            ("002", 1, "地域"),
            ("003", 1, "支援"),
            ("004", 1, "連携"),
        ),
        year(
            2022,
            ("001", 1, "支援"),
            ("002", 1, "支援 連携"),
            ("003", 1, "連携"),
            ("004", 1, "連携"),
        ),
    ],
    ignore_index=True,
)


def test_rising_and_falling_words_worked_by_hand() -> None:
    found = rising_falling(TWO_YEARS, min_freq=2)
    # items of 4 per year containing the word:
    #   地域 2 → 0: [[2, 2], [0, 4]], expected [[1, 3], [1, 3]]:
    #        G² = 2 (2 ln 2/1 + 2 ln 2/3 + 0 + 4 ln 4/3) = 3.45
    #   連携 1 → 3: [[1, 3], [3, 1]], expected 2 everywhere:
    #        G² = 2 (1 ln 1/2 + 3 ln 3/2 + 3 ln 3/2 + 1 ln 1/2) = 2.09
    #   支援 2 → 2: G² = 0
    g2 = [
        2 * (2 * math.log(2) + 2 * math.log(2 / 3) + 4 * math.log(4 / 3)),
        2 * (2 * math.log(1 / 2) + 6 * math.log(3 / 2)),
        0.0,
    ]
    assert rows(
        found,
        [
            "fiscal_year_from",
            "fiscal_year_to",
            "base",
            "pos1",
            "n_from",
            "n_to",
            "units_from",
            "units_to",
        ],
    ) == [
        [2021, 2022, "地域", "名詞", 2, 0, 4, 4],
        [2021, 2022, "連携", "名詞", 1, 3, 4, 4],
        [2021, 2022, "支援", "名詞", 2, 2, 4, 4],
    ]
    assert found["g2"].tolist() == pytest.approx(g2, abs=1e-12)
    assert found["p"].tolist() == pytest.approx(stats.chi2.sf(g2, df=1).tolist())
    assert found["change"].tolist() == pytest.approx([-0.5, 0.5, 0])  # 2/4 → 0, 1/4 → 3/4
    assert found["share_from"].tolist() == pytest.approx([0.5, 0.25, 0.5])
    assert rising_falling(TWO_YEARS, min_freq=3)["base"].tolist() == ["連携", "支援"]
    # the strongest word of each direction: 連携 rose, 地域 fell, 支援 unchanged
    assert rising_falling(TWO_YEARS, min_freq=2, top=1)["base"].tolist() == ["連携", "地域"]


def test_rising_and_falling_pairs_consecutive_years() -> None:
    three = pd.concat([TWO_YEARS, year(2023, ("001", 1, "地域"))], ignore_index=True)
    found = rising_falling(three, min_freq=1)
    assert sorted(set(zip(found["fiscal_year_from"], found["fiscal_year_to"], strict=True))) == [
        (2021, 2022),
        (2022, 2023),
    ]
    # 地域 0 of 4 → 1 of 1: [[0, 4], [1, 0]], expected [[0.8, 3.2], [0.2, 0.8]]:
    # G² = 2 (0 + 4 ln 4/3.2 + 1 ln 1/0.2 + 0)
    later = found[(found["fiscal_year_from"] == 2022) & (found["base"] == "地域")]
    assert later["g2"].tolist() == pytest.approx([2 * (4 * math.log(1.25) + math.log(5))])


def test_one_fiscal_year_has_nothing_to_compare() -> None:
    one = year(2021, ("001", 1, "地域 支援"))
    for analysis in (rising_falling, year_characteristic_words):
        with pytest.raises(PlanAnalysisError) as only:
            analysis(one)
        assert str(only.value) == "there is only one fiscal year (2021): nothing to compare it with"


def test_year_characteristic_words_count_units() -> None:
    frame = pd.concat(
        [
            year(2021, ("001", 1, "地域 地域 支援"), ("002", 1, "地域")),
            year(2022, ("001", 1, "支援"), ("002", 1, "支援")),
        ],
        ignore_index=True,
    )
    found = year_characteristic_words(frame, min_freq=1, min_group_items=1)  # years of 2 items
    # items containing the word: 2021 地域 2, 支援 1 (n = 3); 2022 支援 2 (m = 2); the prior
    # is each word's total, 地域 2 and 支援 3 (a₀ = 5). 地域 in 2021 against 2022:
    #   log-odds = ln((2 + 2)/(3 + 5 − 2 − 2)) − ln((0 + 2)/(2 + 5 − 0 − 2)) = ln 2.5,
    #   z = ln 2.5 / √(1/(2 + 2) + 1/(0 + 2));
    # 支援 in 2022: ln((2 + 3)/(2 + 5 − 2 − 3)) − ln((1 + 3)/(3 + 5 − 1 − 3)) = ln 2.5,
    #   z = ln 2.5 / √(1/5 + 1/4). 支援 in 2021 has z < 0: not characteristic.
    assert rows(found, ["fiscal_year", "base", "n_group", "n_rest"]) == [
        [2021, "地域", 2, 0],  # 2 items, though 3 occurrences
        [2022, "支援", 2, 1],
    ]
    assert found["z"].tolist() == pytest.approx(
        [math.log(2.5) / math.sqrt(0.75), math.log(2.5) / math.sqrt(0.45)]
    )


def test_year_characteristic_words_of_a_single_word_are_none() -> None:
    # only 地域 is in 3 items (2021-001, 2021-002, 2022-001): it is all of each year's words,
    # so no year has a word characteristic of it (and nothing divides by zero)
    frame = pd.concat(
        [
            year(2021, ("001", 1, "地域 支援"), ("002", 1, "地域")),
            year(2022, ("001", 1, "地域 連携")),
        ],
        ignore_index=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = year_characteristic_words(frame, min_freq=3)
    assert found.empty and found.columns[:2].tolist() == ["fiscal_year", "base"]

"""Sentences and tokens: splitting, UniDic forms, compound terms, variants, stop words.

Token expectations assume unidic-lite 1.0.8 (UniDic 2.1.2) through fugashi 1.5. Counts of
strings in the seed come from grep over the seed's three text columns.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_analysis.text import tokenize as text
from plan_analysis.text.dictionaries import Dictionaries

from .text_helpers import TEST_DICTIONARIES, seed_text_with_test_dictionary, segments


@pytest.fixture(scope="module")
def seed_tokens(seed) -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_text_with_test_dictionary(seed)


def sentence_tokens(tokens: pd.DataFrame, item_id: str, column: str, sent_no: int) -> pd.DataFrame:
    rows = tokens[
        (tokens["item_id"] == item_id)
        & (tokens["column"] == column)
        & (tokens["sent_no"] == sent_no)
    ]
    return rows.reset_index(drop=True)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("支援を行う。周知を図る。", ["支援を行う。", "周知を図る。"]),
        ("○実施する ○検討する", ["実施する", "検討する"]),
        ("一行目\n二行目。", ["一行目", "二行目。"]),
        ("「相談。」を受けた!次?", ["「相談。」", "を受けた!", "次?"]),
        ("(例。)続き", ["(例。)", "続き"]),
        ("ＨＰで周知。　", ["HPで周知。"]),
        ("  \n ○ ", []),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert text.split_sentences(paragraph) == expected


def test_sentences_are_numbered_within_item_and_column() -> None:
    table = segments(
        (2021, "2021-002", "plans", 1, "計画する。"),
        (2021, "2021-001", "content", 2, "三つ目。四つ目。"),
        (2021, "2021-001", "content", 1, "一つ目。二つ目。"),
        (2021, "2021-001", "plans", 1, "別の欄。"),
    ).assign(department=["", "子育て支援課", "社会福祉課", ""])
    sentences = text.sentences_table(table)
    assert list(sentences.columns) == text.SENTENCE_COLUMNS
    assert sentences[
        ["item_id", "column", "seg_no", "sent_no", "department", "text"]
    ].values.tolist() == [
        ["2021-001", "content", 1, 1, "社会福祉課", "一つ目。"],
        ["2021-001", "content", 1, 2, "社会福祉課", "二つ目。"],
        ["2021-001", "content", 2, 3, "子育て支援課", "三つ目。"],
        ["2021-001", "content", 2, 4, "子育て支援課", "四つ目。"],
        ["2021-001", "plans", 1, 1, "", "別の欄。"],
        ["2021-002", "plans", 1, 1, "", "計画する。"],
    ]


def test_seed_sentence_counts(seed_tokens) -> None:
    sentences, _ = seed_tokens
    assert len(sentences) == 304
    assert sentences.groupby("column").size().to_dict() == {
        "content": 97,
        "past_efforts": 108,
        "plans": 99,
    }
    # 2021-004 これまでの取り組み: two sentences tagged (社会福祉課), then one (子育て支援課)
    cell = sentences[(sentences["item_id"] == "2021-004") & (sentences["column"] == "past_efforts")]
    assert cell[["seg_no", "sent_no", "department"]].values.tolist() == [
        [1, 1, "社会福祉課"],
        [1, 2, "社会福祉課"],
        [2, 3, "子育て支援課"],
    ]
    assert cell["text"].iat[2].startswith("新型コロナウイルス感染拡大防止の観点からこどもまつり")


def test_exact_tokens_of_a_seed_sentence(seed_tokens) -> None:
    # 2021-014 地区懇談会の開催, これまでの取り組み
    _, tokens = seed_tokens
    row = sentence_tokens(tokens, "2021-014", "past_efforts", 1)
    assert (
        "".join(row["surface"])
        == "新型コロナウイルス感染症拡大防止の観点から、懇談会の開催は見合わせた。"
    )
    assert row["surface"].tolist() == [
        "新型コロナウイルス感染症",
        "拡大",
        "防止",
        "の",
        "観点",
        "から",
        "、",
        "懇談",
        "会",
        "の",
        "開催",
        "は",
        "見合わせ",
        "た",
        "。",
    ]
    assert row["base"].tolist()[-3:] == ["見合わせる", "た", "。"]
    assert row["tok_no"].tolist() == list(range(1, 16))
    assert row.loc[0, ["pos1", "pos2"]].tolist() == ["名詞", "複合語"]
    assert row.loc[12, ["pos1", "pos2", "lemma"]].tolist() == ["動詞", "一般", "見合わせる"]
    assert row["is_stop"].tolist() == [
        False, False, False, True, False, True, True, False, False, True, False, True, False,
        False, True,
    ]  # fmt: skip


def test_base_form_of_numbers_and_proper_nouns(seed_tokens) -> None:
    _, tokens = seed_tokens
    # 2021-003: 平成29年4月に2名、… ; 2021-002: 木更津市社会福祉協議会内に…
    dates = sentence_tokens(tokens, "2021-003", "past_efforts", 1)
    assert dates.loc[:4, ["surface", "lemma", "base", "pos2"]].values.tolist() == [
        ["平成", "平成", "平成", "固有名詞"],
        ["29", "29", "29", "数詞"],
        ["年", "年", "年", "普通名詞"],
        ["4", "4", "4", "数詞"],
        ["月", "月", "月", "普通名詞"],
    ]
    assert dates.loc[1, "is_stop"]  # 名詞-数詞 is excluded by the test dictionary
    city = sentence_tokens(tokens, "2021-002", "content", 1)
    assert city.loc[0, ["surface", "lemma", "base"]].tolist() == ["木更津", "キサラヅ", "木更津"]
    assert city.loc[:3, "surface"].tolist() == ["木更津", "市", "社会福祉協議会", "内"]
    # UniDic lemma vs the analyst's base: gloss removed, orthBase kept as spelled
    assert city.loc[5:7, ["surface", "lemma", "base"]].values.tolist() == [
        ["コミュニティ", "コミュニティー", "コミュニティ"],
        ["ソーシャル", "ソーシャル", "ソーシャル"],
        ["ワーカー", "ワーカー", "ワーカー"],
    ]


def test_compound_term_is_one_token_and_parts_are_not_counted(seed, seed_tokens) -> None:
    _, merged = seed_tokens
    _, plain = seed_text_without_dictionaries(seed)
    # 社会福祉協議会 occurs 31 times in the seed's text cells (5 of them in 地区社会福祉協議会)
    assert (merged["base"] == "社会福祉協議会").sum() == 31
    assert (plain["base"] == "社会福祉協議会").sum() == 0
    for part in ("社会", "福祉", "協議"):
        assert (plain["base"] == part).sum() - (merged["base"] == part).sum() == 31
    # the longest term wins: 民生委員・児童委員 6 times, 民生委員 alone the other 11 of 17
    assert (merged["base"] == "民生委員・児童委員").sum() == 6
    assert (merged["base"] == "民生委員").sum() == 11


def seed_text_without_dictionaries(seed) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = text.sentences_table(seed.segments)
    return sentences, text.tokenize_sentences(sentences, Dictionaries())


def test_spelling_variants_fold(seed_tokens) -> None:
    _, tokens = seed_tokens
    # 障害 (9 times in the text cells) counts as 障がい; the surface stays as written
    written = tokens[tokens["surface"] == "障害"]
    assert len(written) == 9
    assert set(written["base"]) == {"障がい"}
    # HP (2) folds to ホームページ (11), which UniDic splits but the canonical form joins
    assert (tokens["base"] == "ホームページ").sum() == 13
    assert tokens.loc[tokens["surface"] == "HP", "item_id"].tolist() == ["2021-018", "2021-067"]
    # a variant of several words: 新型コロナ感染症 in 2021-048 becomes one token
    covid = tokens[tokens["base"] == "新型コロナウイルス感染症"]
    assert covid["surface"].value_counts().to_dict() == {
        "新型コロナウイルス感染症": 17,
        "新型コロナ感染症": 1,
    }
    variant = covid[covid["surface"] == "新型コロナ感染症"]
    assert variant[["item_id", "column", "sent_no"]].values.tolist() == [
        ["2021-048", "past_efforts", 2]
    ]


def test_canonical_form_as_written_counts_as_itself() -> None:
    dictionaries = Dictionaries(variants={"取組": "取り組み"})
    tokens = text.tokenize_sentences(
        text.sentences_table(segments((2021, "x", "plans", 1, "取組と取り組みを行う。"))),
        dictionaries,
    )
    assert tokens[["surface", "base"]].values.tolist()[:3] == [
        ["取組", "取り組み"],
        ["と", "と"],
        ["取り組み", "取り組み"],
    ]


def test_no_text_is_lost(seed_tokens) -> None:
    sentences, tokens = seed_tokens
    spelled = tokens.groupby(text.SENTENCE_KEYS, sort=True)["surface"].agg("".join)
    written = sentences.set_index(text.SENTENCE_KEYS)["text"].str.replace(" ", "").sort_index()
    pd.testing.assert_series_equal(spelled, written, check_names=False)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="福祉支援相談会議民生委員・児童社協ｻﾛﾝ１２ABC。、○ \n", max_size=40))
def test_any_text_keeps_its_characters(paragraph: str) -> None:
    table = segments((2021, "x", "content", 1, paragraph))
    sentences = text.sentences_table(table)
    tokens = text.tokenize_sentences(sentences, TEST_DICTIONARIES)
    expected = "".join(text.split_sentences(paragraph)).replace(" ", "")
    assert "".join(tokens["surface"]) == expected


def test_tokens_table_shape_and_determinism(seed, seed_tokens) -> None:
    _, tokens = seed_tokens
    assert list(tokens.columns) == text.TOKEN_COLUMNS
    assert tokens.dtypes.astype(str).to_dict() == {
        "fiscal_year": "int64",
        "item_id": "str",
        "column": "str",
        "seg_no": "int64",
        "sent_no": "int64",
        "tok_no": "int64",
        "surface": "str",
        "lemma": "str",
        "base": "str",
        "pos1": "str",
        "pos2": "str",
        "is_stop": "bool",
    }
    pd.testing.assert_frame_equal(tokens, seed_text_with_test_dictionary(seed)[1])
    assert text.tagger() is text.tagger()


def test_empty_input_gives_empty_tables(tmp_path) -> None:
    sentences, tokens = text.tokenize_segments(segments(), TEST_DICTIONARIES, tmp_path)
    assert (list(sentences.columns), len(sentences)) == (text.SENTENCE_COLUMNS, 0)
    assert (list(tokens.columns), len(tokens)) == (text.TOKEN_COLUMNS, 0)
    assert tokens["is_stop"].dtype == bool

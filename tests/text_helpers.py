"""Shared by the text-engine tests: a fixed test dictionary and small literal tables.

Token expectations assume unidic-lite 1.0.8 (UniDic 2.1.2) through fugashi 1.5; the
dictionary here is the tests' own, so edits to data/reference/ do not move them.
"""

from __future__ import annotations

import pandas as pd

from plan_analysis.load import Tables
from plan_analysis.text.dictionaries import Dictionaries
from plan_analysis.text.tokenize import TOKEN_COLUMNS, sentences_table, tokenize_sentences

TEST_DICTIONARIES = Dictionaries(
    compound_terms=frozenset(
        {
            "社会福祉協議会",
            "民生委員",
            "民生委員・児童委員",
            "新型コロナウイルス感染症",
            "オンライン",
        }
    ),
    variants={
        "障害": "障がい",
        "HP": "ホームページ",
        "新型コロナ感染症": "新型コロナウイルス感染症",
    },
    stop_words=frozenset({"こと"}),
    stop_pos=frozenset({"助詞", "補助記号", "名詞-数詞"}),
)


#: Every sentence of the seed naming the pandemic: (item, column, sentence number). Read off
#: the seed with `grep -n コロナ` (19 sentences on 13 lines, none with two mentions).
COVID_SENTENCES = [
    ("2021-004", "past_efforts", 3),  # line 11 …こどもまつりの参加を見合わせたものの、…
    ("2021-014", "past_efforts", 1),  # line 27 …懇談会の開催は見合わせた。
    ("2021-015", "past_efforts", 1),  # line 28 …サロンの開催は見合わせた。
    ("2021-015", "plans", 1),  # 今後の新型コロナウイルス感染症の拡大状況や…
    ("2021-036", "past_efforts", 1),  # line 60 …の観点から実施していない。
    ("2021-039", "past_efforts", 1),  # line 63
    ("2021-039", "plans", 1),
    ("2021-042", "past_efforts", 1),  # line 69 …の影響を受け、…縮小もしくは、中止…
    ("2021-042", "plans", 1),  # ○新型コロナウイルス感染症拡大防止対策を図りながら…
    ("2021-046", "past_efforts", 1),  # line 75
    ("2021-046", "plans", 1),
    ("2021-047", "past_efforts", 1),  # line 76 …福祉まつり、福祉バザーは中止とした。
    ("2021-047", "plans", 1),
    ("2021-048", "past_efforts", 2),  # line 77 新型コロナ感染症拡大防止のため、…
    ("2021-058", "past_efforts", 1),  # line 96
    ("2021-058", "plans", 1),
    ("2021-069", "past_efforts", 3),  # line 114 令和2年度については、…オンラインにて実施した。
    ("2021-073", "past_efforts", 1),  # line 122 …会議の実施はできていない。
    ("2021-075", "past_efforts", 1),  # line 124
]


def seed_text_with_test_dictionary(seed: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences, tokens) of the seed table with the test dictionary, no cache."""
    sentences = sentences_table(seed.segments)
    return sentences, tokenize_sentences(sentences, TEST_DICTIONARIES)


def segments(*rows: tuple[int, str, str, int, str]) -> pd.DataFrame:
    """A segments table from (fiscal_year, item_id, column, seg_no, text) rows."""
    frame = pd.DataFrame(rows, columns=["fiscal_year", "item_id", "column", "seg_no", "text"])
    return frame.assign(department="", text_raw=frame["text"])


def tokens(*sentences: tuple[str, int, str]) -> pd.DataFrame:
    """A tokens table from (item_id, sent_no, "word word/pos1 …") rows, all in fiscal year
    2021, column "plans", segment 1. pos1 defaults to 名詞; 助詞 tokens are stop words."""
    rows = []
    for item_id, sent_no, words in sentences:
        for tok_no, word in enumerate(words.split(), start=1):
            base, _, pos1 = word.partition("/")
            pos1 = pos1 or "名詞"
            rows.append(
                (
                    2021,
                    item_id,
                    "plans",
                    1,
                    sent_no,
                    tok_no,
                    base,
                    base,
                    base,
                    pos1,
                    "",
                    pos1 == "助詞",
                )
            )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)

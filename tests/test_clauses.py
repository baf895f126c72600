"""Clauses cut from real fugashi tokens: where a sentence is cut, which clauses are purpose
clauses or references to earlier work. Expected cuts are read off the sentences by hand."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plan_analysis.text.clauses import CLAUSE_KEYS, clause_numbers, clause_texts
from plan_analysis.text.tokenize import sentences_table, tokenize_sentences

from .text_helpers import TEST_DICTIONARIES, segments


def _clauses(text: str) -> pd.DataFrame:
    """The clauses of one plan cell holding `text`."""
    sentences = sentences_table(segments((2024, "2024-001", "plans", 1, text)))
    return clause_texts(clause_numbers(tokenize_sentences(sentences, TEST_DICTIONARIES)))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a purpose clause, a new action joined by とともに, a continuing one
        (
            "若い世代の参加を促すため、新たにInstagramによる情報発信を始めるとともに、"
            "引き続きHPやFB等を活用した各団体の情報発信を行う。",
            [("若い世代の参加を促すため、", True, False),
             ("新たにInstagramによる情報発信を始めるとともに、", False, False),
             ("引き続きHPやFB等を活用した各団体の情報発信を行う。", False, False)],
        ),
        # 引き続き、 and 今後も、 stay with the clause they modify
        (
            "引き続き、市のホームページで周知を行っていく。",
            [("引き続き、市のホームページで周知を行っていく。", False, False)],
        ),
        # a contrast: resumed, but another part cancelled (…が、)
        (
            "交流会は再開したが、外出行事は見送った。",
            [("交流会は再開したが、", False, False), ("外出行事は見送った。", False, False)],
        ),
        # …したうえで is a condition, not earlier work; …した場合 neither
        (
            "講座の内容を見直したうえで、令和5年度に開催する。",
            [("講座の内容を見直したうえで、", False, False), ("令和5年度に開催する。", False, False)],
        ),
        (
            "依頼を受けた場合には、名簿を作成し、提供する。",
            [("依頼を受けた場合には、名簿を作成し、", False, False), ("提供する。", False, False)],
        ),
        # a past relative clause names earlier work (…した + a noun; 各団体 starts with a prefix)
        (
            "令和3年度に作成した計画を活用し、あり方を検討する。",
            [("令和3年度に作成した", False, True), ("計画を活用し、", False, False),
             ("あり方を検討する。", False, False)],
        ),
        # …たものの、 is a contrast, not a reference to a もの
        (
            "まつりの参加を見合わせたものの、訪問での周知は継続的に実施した。",
            [("まつりの参加を見合わせたものの、", False, False),
             ("訪問での周知は継続的に実施した。", False, False)],
        ),
        # a negation ends a clause (連用中止 …せず、)
        (
            "合同会議の開催は一律とはせず、個別協議に切り替えて連携を進める。",
            [("合同会議の開催は一律とはせず、", False, False),
             ("個別協議に切り替えて連携を進める。", False, False)],
        ),
        # a noun before a 読点 cuts nothing (周知に加え is a verb: it cuts)
        (
            "乳児家庭全戸訪問やこどもまつりでの周知に加え、新たに紹介ページを設け、周知を図る。",
            [("乳児家庭全戸訪問やこどもまつりでの周知に加え、", False, False),
             ("新たに紹介ページを設け、", False, False), ("周知を図る。", False, False)],
        ),
    ],
)  # fmt: skip
def test_clauses_of_plan_sentences(text, expected):
    got = _clauses(text)
    assert list(zip(got["text"], got["is_purpose"], got["is_past_reference"], strict=True)) == [
        *expected
    ]


def test_clause_numbers_restart_in_every_sentence():
    got = _clauses("研修を実施し、周知を図る。引き続き、相談を受け付ける。")
    assert got[["sent_no", "clause_no"]].values.tolist() == [[1, 1], [1, 2], [2, 1]]
    assert list(got.columns[: len(CLAUSE_KEYS)]) == CLAUSE_KEYS


_JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("、。しては中止開催実施引き続き新たにためよう場合を行うたものの年度")
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_JAPANESE)
def test_clauses_cover_every_sentence_in_order(text):
    """Round trip: a sentence's clauses, joined in order, give back its tokens; numbers run
    1, 2, … without gaps."""
    sentences = sentences_table(segments((2024, "2024-001", "plans", 1, text)))
    tokens = tokenize_sentences(sentences, TEST_DICTIONARIES)
    numbered = clause_numbers(tokens)
    assert len(numbered) == len(tokens)
    for _, sentence in numbered.groupby("sent_no"):
        numbers = sentence["clause_no"].tolist()
        assert numbers[0] == 1 and all(b - a in (0, 1) for a, b in pairwise(numbers))
    clauses = clause_texts(numbered)
    joined = clauses.groupby("sent_no")["text"].agg("".join)
    assert joined.tolist() == tokens.groupby("sent_no")["surface"].agg("".join).tolist()

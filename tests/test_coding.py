"""Coding rules: the parser, same-sentence evaluation, roll-up and the cross-tab test.

Expected seed sentences were found with grep over the seed and numbered by hand
(line → item: the n-th item row of the table).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.text import coding
from plan_analysis.text import tokenize as text
from plan_analysis.text.coding import And, Not, Or, Term

from .conftest import REFERENCE
from .text_helpers import (
    COVID_SENTENCES,
    TEST_DICTIONARIES,
    seed_text_with_test_dictionary,
    segments,
    tokens,
)

RULES = Path("rules.txt")


def expression(source: str) -> coding.Expr:
    (rule,) = coding.parse_rules(f"*c\n{source}", RULES)
    return rule.expression


def t(*words: str) -> Term:
    return Term(words)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("支援 | 連携 & !周知", Or((t("支援"), And((t("連携"), Not(t("周知"))))))),
        ("not 支援 and 連携 or 周知", Or((And((Not(t("支援")), t("連携"))), t("周知")))),
        ("(支援 OR 連携) AND NOT 周知", And((Or((t("支援"), t("連携"))), Not(t("周知"))))),
        ("（支援｜連携）＆！周知", And((Or((t("支援"), t("連携"))), Not(t("周知"))))),
        ('"実施 して いない" | "and"', Or((t("実施", "して", "いない"), t("and")))),
        ("支援 & 連携 & 周知", And((t("支援"), t("連携"), t("周知")))),
        ("!!支援", Not(Not(t("支援")))),
    ],
)
def test_parse_precedence_keywords_and_phrases(source: str, expected: coding.Expr) -> None:
    assert expression(source) == expected


def test_codes_span_lines_and_skip_comments() -> None:
    rules = coding.parse_rules("# 見出し\n*連携\n連携 |\n  協働\n\n# 次\n* 周知 \n周知\n")
    assert [(r.name, r.line, r.expression) for r in rules] == [
        ("連携", 2, Or((t("連携"), t("協働")))),
        ("周知", 7, t("周知")),
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("*a\n支援 連携", 'line 2, column 4: expected and / or / ) between terms, found "連携"'),
        ("*a\n(支援 | 連携", "line 2, column 1: '(' is never closed"),
        (
            "*a\n支援 &",
            "line 2, column 4: expression ends after '&': expected a word, a phrase or (",
        ),
        ("*a\n) 支援", "line 2, column 1: expected a word, a phrase or (, found ')'"),
        (
            '*a\n支援 | "実施 して',
            'line 2, column 6: unterminated quote: a phrase is written "word word"',
        ),
        ('*a\n支援 | ""', 'line 2, column 6: empty phrase ""'),
        ("支援\n*a\n支援", "line 1: an expression before any code: start a code with '*名前'"),
        ("*a\n支援\n*a\n連携", "line 3: code 'a' is defined twice"),
        ("*\n支援", "line 1: a code line '*' needs a name: '*名前'"),
        ("*base\n支援", "line 1: code name 'base' is a column name of the tokens table"),
        ("*a\n\n*b\n支援", "line 1: code 'a' has no expression"),
        (
            "*a\n" + "(" * 60 + "支援" + ")" * 60,
            "line 2, column 52: expression nested deeper than 50 levels",
        ),
    ],
)
def test_errors_name_file_line_column_and_problem(source: str, message: str) -> None:
    with pytest.raises(PlanAnalysisError) as caught:
        coding.parse_rules(source, RULES)
    assert str(caught.value) == f"rules.txt, {message}"


PIECES = [
    "支援",
    "連携",
    "and",
    "OR",
    "not",
    "&",
    "|",
    "!",
    "(",
    ")",
    '"',
    " ",
    "\n",
    "*",
    "#",
    "ｘ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_text_parses_or_raises_the_package_error(source: str) -> None:
    try:
        rules = coding.parse_rules(source, RULES)
    except PlanAnalysisError as error:
        assert str(error).startswith("rules.txt, line ")
    else:
        assert all(isinstance(r, coding.Rule) for r in rules)


def render(e: coding.Expr) -> str:
    """Source text of an expression, every compound part in parentheses."""
    if isinstance(e, Term):
        return '"' + " ".join(e.words) + '"' if len(e.words) > 1 else e.words[0]
    if isinstance(e, Not):
        return f"!{operand(e.operand)}"
    return (" & " if isinstance(e, And) else " | ").join(operand(o) for o in e.operands)


def operand(e: coding.Expr) -> str:
    return render(e) if isinstance(e, Term | Not) else f"({render(e)})"


WORDS = st.sampled_from(["支援", "連携", "周知", "相談", "できる", "ない"])
EXPRESSIONS = st.recursive(
    st.lists(WORDS, min_size=1, max_size=3).map(lambda w: Term(tuple(w))),
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: And(tuple(ops))),
        st.lists(inner, min_size=2, max_size=3).map(lambda ops: Or(tuple(ops))),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(EXPRESSIONS)
def test_rendered_expressions_parse_back(e: coding.Expr) -> None:
    assert expression(render(e)) == e


def rule_set(source: str) -> list[coding.Rule]:
    return coding.parse_rules(source, RULES)


def test_and_and_not_hold_within_one_sentence() -> None:
    toks = tokens(
        ("2021-001", 1, "支援 地域"), ("2021-001", 2, "連携"), ("2021-002", 1, "支援 連携")
    )
    coded = coding.code_sentences(toks, rule_set("*both\n支援 & 連携\n*only\n支援 & !連携"))
    assert coded[["item_id", "sent_no", "both", "only"]].values.tolist() == [
        ["2021-001", 1, False, True],
        ["2021-001", 2, False, False],
        ["2021-002", 1, True, False],
    ]
    items = coding.roll_up(coded)
    assert items.values.tolist() == [
        [2021, "2021-001", False, True],
        [2021, "2021-002", True, False],
    ]
    universe = pd.DataFrame(
        {"fiscal_year": [2021] * 3, "item_id": ["2021-001", "2021-002", "2021-003"]}
    )
    assert coding.roll_up(coded, universe=universe)["both"].tolist() == [False, True, False]


@pytest.fixture(scope="module")
def negations() -> tuple[pd.DataFrame, pd.DataFrame]:
    table = segments(
        (2021, "x", "past_efforts", 1, "新型コロナの影響で実施していない。会議はできていない。")
    )
    sentences = text.sentences_table(table)
    return sentences, text.tokenize_sentences(sentences, TEST_DICTIONARIES)


@pytest.mark.parametrize(
    ("source", "sentences"),
    [
        ("実施していない", [1]),  # tokens whose surfaces spell it: 実施/し/て/い/ない
        ('"実施 する て いる ない"', [1]),  # a phrase of base forms
        ('"実施 して いない"', [1]),  # a phrase of spelled runs
        ("できていない", [2]),
        ('"できる ない"', []),  # not adjacent
        ("いない", [1, 2]),
        ("施して", []),  # starts inside the token 実施
        ("していな", []),  # ends inside the token ない
        ("ない & !実施", [2]),
        ("コロナ", [1]),  # 新型/コロナ are separate tokens here
    ],
)
def test_words_match_base_surface_or_spelled_runs(
    negations, source: str, sentences: list[int]
) -> None:
    _, toks = negations
    coded = coding.code_sentences(toks, rule_set(f"*c\n{source}"))
    assert coded.loc[coded["c"], "sent_no"].tolist() == sentences


@pytest.fixture(scope="module")
def seed_coding(seed) -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_text_with_test_dictionary(seed)


def test_seed_rule_with_not_matches_exactly_these_sentences(seed_coding) -> None:
    sentences, toks = seed_coding
    rules = rule_set(
        "*止めた\n中止 | 縮小 | 見合わせる\n"
        "*止めた(オンライン・周知以外)\n(中止 | 縮小 | 見合わせる) & not (オンライン | 周知)"
    )
    coded = coding.code_sentences(toks, rules)
    found = coding.matching_sentences(coded, sentences, "止めた(オンライン・周知以外)")
    assert found[["item_id", "column", "sent_no"]].values.tolist() == [
        ["2021-014", "past_efforts", 1],  # line 27 懇談会の開催は見合わせた。
        ["2021-015", "past_efforts", 1],  # line 28 サロンの開催は見合わせた。
        ["2021-039", "past_efforts", 1],  # line 63
        ["2021-046", "past_efforts", 1],  # line 75
        ["2021-047", "past_efforts", 1],  # line 76 福祉まつり、福祉バザーは中止とした。
        ["2021-048", "past_efforts", 2],  # line 77 …また縮小での開催となったものの、…
        ["2021-058", "past_efforts", 1],  # line 96
    ]
    assert (
        found["text"].iat[4]
        == "新型コロナウイルス感染症拡大防止の観点から、福祉まつり、福祉バザーは中止とした。"
    )
    # excluded by a word in the same sentence: 周知 (line 11), オンライン (line 69)
    stopped = coding.matching_sentences(coded, sentences, "止めた")
    assert stopped[["item_id", "sent_no"]].values.tolist() == [
        ["2021-004", 3],
        ["2021-014", 1],
        ["2021-015", 1],
        ["2021-039", 1],
        ["2021-042", 1],
        ["2021-046", 1],
        ["2021-047", 1],
        ["2021-048", 2],
        ["2021-058", 1],
    ]


def test_seed_words_in_different_sentences_do_not_combine(seed_coding) -> None:
    # 2021-014: これまでの取り組み …見合わせた。 / 今後の予定 必要に応じて開催していく。
    _, toks = seed_coding
    coded = coding.code_sentences(
        toks, rule_set("*a\n見合わせる\n*b\n必要\n*ab\n見合わせる & 必要")
    )
    assert not coded["ab"].any()
    item = coding.roll_up(coded).set_index("item_id").loc["2021-014"]
    assert item[["a", "b", "ab"]].tolist() == [True, True, False]


def test_project_rules_file(seed_coding) -> None:
    rules = coding.load_rules(REFERENCE / "coding_rules.txt")
    assert [r.name for r in rules] == ["コロナ", "中止・縮小", "連携", "周知", "相談"]
    coded = coding.code_sentences(seed_coding[1], rules)
    assert [
        tuple(r) for r in coded.loc[coded["コロナ"], ["item_id", "column", "sent_no"]].values
    ] == COVID_SENTENCES
    assert coding.load_rules(Path("/nonexistent/rules.txt")) == []


def test_code_crosstab_counts_shares_and_chi_square() -> None:
    coded = pd.DataFrame(
        {
            "goal_no": [1, 1, 1, 2, 2, 2],
            "c": [True, True, False, False, False, True],
            "never": [False] * 6,
        }
    )
    table = coding.code_crosstab(coded, "goal_no")
    assert table[["code", "goal_no", "n_units", "n_coded", "dof"]].values.tolist() == [
        ["c", 1, 3, 2, 1],
        ["c", 2, 3, 1, 1],
        ["never", 1, 3, 0, 1],
        ["never", 2, 3, 0, 1],
    ]
    assert table["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 0, 0])
    chi2, p, _, _ = stats.chi2_contingency([[2, 1], [1, 2]])
    assert table["chi2"].iloc[:2].tolist() == pytest.approx([chi2, chi2])
    assert table["p"].iloc[:2].tolist() == pytest.approx([p, p])
    assert np.isnan(table["chi2"].iloc[2:]).all() and np.isnan(table["p"].iloc[2:]).all()

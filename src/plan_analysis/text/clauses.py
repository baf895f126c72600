"""Clauses: each sentence cut where it joins two predicates, read off the tokens.

A plan sentence often holds several plans (「新たに…を始めるとともに、引き続き…を行う」) and a
report of the past both a resumption and a cancellation (「…は再開したが、…は中止した」); the
measures decide such sentences clause by clause. A clause ends at a 読点 that follows

- a verb, auxiliary or adjective (連用中止: 「…し、」「…行い、」「…せず、」),
- a conjunctive particle (接続助詞: て, が, ながら, ものの, ので, ば …),
- ため, よう, ほか, or the pairs ために, ように, うえで, とともに, ものの,

when the stretch since the last 読点 holds at least `MIN_CLAUSE_TOKENS` words (so that
「引き続き、…」 or 「今後も、…」 stay with the clause they modify). A clause that ends in
ため / よう (+ に) is a purpose clause (「…を促すため、」): it says why, not what is planned.
A past relative clause (「令和5年度に開始した|事業において」「作成した|計画を活用し」: a verb
and た before a noun other than うえ, 後, 場合 …) is a clause of its own, `is_past_reference`:
it names earlier work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .tokenize import SENTENCE_KEYS

#: The key of a clause: its sentence and its 1-based number in the sentence.
CLAUSE_KEYS = [*SENTENCE_KEYS, "clause_no"]
#: A 読点 cuts only after this many words (symbols not counted) since the last 読点.
MIN_CLAUSE_TOKENS = 3
#: Base forms that end a clause before a 読点, and (base, base) pairs that do.
_ENDING_WORDS = frozenset({"ため", "よう", "ほか"})
_ENDING_PAIRS = frozenset(
    {("ため", "に"), ("よう", "だ"), ("上", "で"), ("うえ", "で"), ("とも", "に"), ("もの", "の")}
)
_PREDICATES = frozenset({"動詞", "助動詞", "形容詞"})
_PURPOSE = frozenset({"ため", "よう"})
#: Nouns after 「…した」 that make a time or a condition, not earlier work (見直したうえで).
_NOT_REFERENCES = frozenset(
    {"上", "うえ", "後", "あと", "際", "時", "とき", "ところ", "結果", "ため", "場合", "段階",
     "以降", "以後", "時点", "折", "たび", "度", "もの"}
)  # fmt: skip


def _shifted(ordered: pd.DataFrame, column: str, by: np.ndarray, n: int) -> pd.Series:
    """`column` of the token `n` places before, within the same sentence ("" at the start)."""
    return ordered[column].groupby(by, sort=False).shift(n).fillna("")


def clause_numbers(tokens: pd.DataFrame) -> pd.DataFrame:
    """`tokens` in sentence order with `clause_no` (1-based within each sentence) and
    `is_purpose` (the token's clause is a purpose clause)."""
    ordered = tokens.sort_values([*SENTENCE_KEYS, "tok_no"], kind="stable").reset_index(drop=True)
    sentence = ordered.groupby(SENTENCE_KEYS, sort=False).ngroup().to_numpy()
    comma = (ordered["pos1"] == "補助記号") & (ordered["pos2"] == "読点")
    pos1, pos2 = _shifted(ordered, "pos1", sentence, 1), _shifted(ordered, "pos2", sentence, 1)
    base1, base2 = _shifted(ordered, "base", sentence, 1), _shifted(ordered, "base", sentence, 2)
    joins = (
        pos1.isin(_PREDICATES)
        | ((pos1 == "助詞") & (pos2 == "接続助詞"))
        | base1.isin(_ENDING_WORDS)
        | pd.Series(list(zip(base2, base1, strict=True))).isin(_ENDING_PAIRS)
    )
    words = (ordered["pos1"] != "補助記号").astype(int)
    stretch = pd.Series(comma.to_numpy().astype(int)).groupby(sentence).cumsum()
    # words since the previous 読点: the words of the current stretch (a 読点 opens the next)
    since = words.groupby([sentence, stretch.to_numpy() - comma.astype(int)]).cumsum()
    following = ordered[["pos1", "base"]].groupby(sentence, sort=False).shift(-1).fillna("")
    past = (ordered["base"] == "た") & (ordered["pos1"] == "助動詞") & (pos1 == "動詞")
    past &= (following["pos1"] == "名詞") & ~following["base"].isin(_NOT_REFERENCES)
    cut = (comma & joins & (since >= MIN_CLAUSE_TOKENS)) | past
    # a clause starts on the token after a cut
    starts = cut.groupby(sentence, sort=False).shift(1, fill_value=False).astype(int)
    clause_no = starts.groupby(sentence).cumsum() + 1
    ending = base1.where(cut, "")
    ending_pair = pd.Series(list(zip(base2, base1, strict=True))).where(cut, None)
    purpose_cut = ending.isin(_PURPOSE) | ending_pair.isin({("ため", "に"), ("よう", "だ")})
    clause_id = pd.Series(sentence * 10_000 + clause_no.to_numpy())
    is_purpose = purpose_cut.groupby(clause_id).transform("any")
    is_past = past.groupby(clause_id).transform("any")
    return ordered.assign(
        clause_no=clause_no.to_numpy(),
        is_purpose=is_purpose.to_numpy(),
        is_past_reference=is_past.to_numpy(),
    )


def clause_texts(clauses: pd.DataFrame) -> pd.DataFrame:
    """One row per clause of `clause_numbers`' output: its keys, paragraph, text,
    `is_purpose` and `is_past_reference`, in sentence order."""
    return (
        clauses.groupby(CLAUSE_KEYS, sort=False)
        .agg(
            seg_no=("seg_no", "first"),
            text=("surface", "".join),
            is_purpose=("is_purpose", "any"),
            is_past_reference=("is_past_reference", "any"),
        )
        .reset_index()
    )

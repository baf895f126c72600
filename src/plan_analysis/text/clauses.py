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


def _shifted(values: np.ndarray, sentence: np.ndarray, n: int) -> np.ndarray:
    """`values` of the token `n` places before (after, for a negative `n`), within the same
    sentence ("" where there is none); tokens in sentence order."""
    out = np.full(len(values), "", dtype=object)
    if abs(n) >= len(values):
        return out
    if n > 0:
        same = sentence[n:] == sentence[:-n]
        out[n:] = np.where(same, values[:-n], "")
    else:
        same = sentence[:n] == sentence[-n:]
        out[:n] = np.where(same, values[-n:], "")
    return out


def _within_runs(values: np.ndarray, run: np.ndarray) -> np.ndarray:
    """The running sum of `values` within each run of equal consecutive `run` numbers."""
    total = np.cumsum(values)
    starts = np.r_[True, run[1:] != run[:-1]] if len(run) else np.zeros(0, dtype=bool)
    before = (total - values)[starts]
    return total - np.repeat(before, np.diff(np.r_[np.flatnonzero(starts), len(run)]))


def _any_within_runs(flags: np.ndarray, run: np.ndarray) -> np.ndarray:
    """Per token: whether any token of its run (equal consecutive `run` numbers) is flagged."""
    return _within_runs(flags.astype(np.int64), run)[_run_ends(run)][_run_of(run)] > 0


def _run_ends(run: np.ndarray) -> np.ndarray:
    return np.r_[np.flatnonzero(run[1:] != run[:-1]), len(run) - 1] if len(run) else run[:0]


def _run_of(run: np.ndarray) -> np.ndarray:
    return np.cumsum(np.r_[False, run[1:] != run[:-1]]) if len(run) else run[:0]


def _pair_in(
    first: np.ndarray, second: np.ndarray, pairs: frozenset[tuple[str, str]]
) -> np.ndarray:
    """Whether each (first, second) is one of `pairs`."""
    hit = np.zeros(len(first), dtype=bool)
    for a, b in pairs:
        hit |= (first == a) & (second == b)
    return hit


def clause_numbers(tokens: pd.DataFrame) -> pd.DataFrame:
    """`tokens` in sentence order with `clause_no` (1-based within each sentence) and
    `is_purpose` (the token's clause is a purpose clause)."""
    ordered = tokens.sort_values([*SENTENCE_KEYS, "tok_no"], kind="stable").reset_index(drop=True)
    sentence = ordered.groupby(SENTENCE_KEYS, sort=False).ngroup().to_numpy()
    pos1_, pos2_, base_ = (
        ordered[c].to_numpy(dtype=object, na_value="") for c in ("pos1", "pos2", "base")
    )
    comma = (pos1_ == "補助記号") & (pos2_ == "読点")
    pos1, pos2 = _shifted(pos1_, sentence, 1), _shifted(pos2_, sentence, 1)
    base1, base2 = _shifted(base_, sentence, 1), _shifted(base_, sentence, 2)
    joins = (
        np.isin(pos1, list(_PREDICATES))
        | ((pos1 == "助詞") & (pos2 == "接続助詞"))
        | np.isin(base1, list(_ENDING_WORDS))
        | _pair_in(base2, base1, _ENDING_PAIRS)
    )
    words = (pos1_ != "補助記号").astype(np.int64)
    stretch = _within_runs(comma.astype(np.int64), sentence)
    # words since the previous 読点: the words of the current stretch (a 読点 opens the next);
    # stretches follow one another within a sentence, so a stretch is a run of tokens
    stretch_id = sentence * (len(sentence) + 1) + stretch - comma
    since = _within_runs(words, stretch_id)
    next_pos1, next_base = _shifted(pos1_, sentence, -1), _shifted(base_, sentence, -1)
    past = (base_ == "た") & (pos1_ == "助動詞") & (pos1 == "動詞")
    past &= (next_pos1 == "名詞") & ~np.isin(next_base, list(_NOT_REFERENCES))
    cut = (comma & joins & (since >= MIN_CLAUSE_TOKENS)) | past
    # a clause starts on the token after a cut
    starts = np.r_[False, cut[:-1] & (sentence[1:] == sentence[:-1])][: len(cut)]
    clause_no = _within_runs(starts.astype(np.int64), sentence) + 1
    purpose_cut = cut & (
        np.isin(base1, list(_PURPOSE)) | _pair_in(base2, base1, {("ため", "に"), ("よう", "だ")})
    )
    clause_id = sentence * (len(sentence) + 1) + clause_no
    return ordered.assign(
        clause_no=clause_no,
        is_purpose=_any_within_runs(purpose_cut, clause_id),
        is_past_reference=_any_within_runs(past, clause_id),
    )


def clause_texts(clauses: pd.DataFrame) -> pd.DataFrame:
    """One row per clause of `clause_numbers`' output: its keys, paragraph, text,
    `is_purpose` and `is_past_reference`, in sentence order (a clause is a run of
    consecutive tokens there, so its text is one slice of the joined surfaces)."""
    sentence = clauses.groupby(SENTENCE_KEYS, sort=False).ngroup().to_numpy()
    clause_id = sentence * (len(sentence) + 1) + clauses["clause_no"].to_numpy()
    ends = _run_ends(clause_id)
    starts = np.r_[0, ends[:-1] + 1] if len(ends) else ends
    surfaces = clauses["surface"].tolist()
    lengths = np.cumsum([0, *map(len, surfaces)])
    joined = "".join(surfaces)
    text = [joined[a:b] for a, b in zip(lengths[starts], lengths[ends + 1], strict=True)]
    out = clauses.iloc[starts][[*CLAUSE_KEYS, "seg_no"]].reset_index(drop=True)
    return out.assign(
        text=pd.Series(text, dtype=clauses["surface"].dtype),
        is_purpose=_any_within_runs(clauses["is_purpose"].to_numpy(), clause_id)[starts],
        is_past_reference=_any_within_runs(clauses["is_past_reference"].to_numpy(), clause_id)[
            starts
        ],
    )

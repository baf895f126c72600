"""Quantitative text analysis over the tokens table: KH Coder's core toolkit as DataFrame functions.

Every function takes the `tokens` table of `text.tokenize_segments` (optionally with grouping
columns joined by `attach`) and returns a DataFrame sorted deterministically. Words are
counted by their `base` form; stop words and excluded parts of speech (`is_stop`) are left
out unless `include_stop=True`, and `pos1` restricts counts to some parts of speech.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ..config import CHARACTERISTIC_MIN_FREQ, CHARACTERISTIC_MIN_GROUP_ITEMS
from ..errors import PlanAnalysisError
from ..labels import CHARACTERISTIC_LEFT_OUT
from ..schema import ITEM_KEYS
from .tokenize import SENTENCE_KEYS

if TYPE_CHECKING:
    from scipy import sparse

#: The units words can co-occur in, by their key columns.
UNITS: dict[str, list[str]] = {
    "sentence": SENTENCE_KEYS,
    "paragraph": ["fiscal_year", "item_id", "column", "seg_no"],
    "cell": ["fiscal_year", "item_id", "column"],
    "item": list(ITEM_KEYS),
}
_JOIN_KEYS = ["fiscal_year", "item_id", "column", "seg_no", "sent_no"]

Unit = Literal["sentence", "paragraph", "cell", "item"]


def attach(tokens: pd.DataFrame, table: pd.DataFrame, columns: str | Sequence[str]) -> pd.DataFrame:
    """`tokens` with `columns` of `table` joined on the key columns both have.

    E.g. `attach(tokens, items, "goal_no")` (on fiscal_year, item_id) or
    `attach(tokens, sentences, "department")`. A table with several rows per key
    (item_departments) repeats the tokens once per row.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    keys = [k for k in _JOIN_KEYS if k in tokens.columns and k in table.columns]
    subset = table[[*keys, *columns]].drop_duplicates()
    return tokens.merge(subset, on=keys, how="left", sort=False, validate="m:m")


def counted(
    tokens: pd.DataFrame, *, pos1: Iterable[str] | None = None, include_stop: bool = False
) -> pd.DataFrame:
    """The tokens that count: not stop words (unless asked), of the given parts of speech."""
    keep = pd.Series(True, index=tokens.index) if include_stop else ~tokens["is_stop"]
    if pos1 is not None:
        keep &= tokens["pos1"].isin(list(pos1))
    return tokens[keep]


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def word_frequency(
    tokens: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    pos1: Iterable[str] | None = None,
    include_stop: bool = False,
) -> pd.DataFrame:
    """Occurrences (`freq`) and items containing it (`n_items`) of each word and part of
    speech, per group of `by`; most frequent first."""
    groups = _as_list(by)
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    keys = [*groups, "base", "pos1"]
    out = (
        words.groupby(keys, sort=False, dropna=False)
        .agg(freq=("tok_no", "size"), n_items=("item_id", "nunique"))
        .reset_index()
    )
    order = [*groups, "freq", "base", "pos1"]
    ascending = [True] * len(groups) + [False, True, True]
    return out.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)


#: The orders of a concordance: as in the text, or by the context left or right of the word.
KwicSort = Literal["position", "left", "right"]


def kwic(
    tokens: pd.DataFrame,
    word: str | Iterable[str],
    *,
    field: Literal["base", "surface", "lemma"] = "base",
    match: Literal["exact", "contains"] = "exact",
    width: int = 20,
    sort: KwicSort = "position",
    items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Concordance: each occurrence of `word` with up to `width` characters of its sentence
    on the left and on the right.

    `match="contains"` also finds the word inside longer tokens (コロナ in the compound
    新型コロナウイルス感染症). Columns: fiscal_year, item_id, column, seg_no, sent_no, tok_no,
    left, keyword (the surface), right. `sort` orders the lines as KH Coder's concordance
    does: "position" (the order of the text), "left" (by the left context read from the
    keyword outwards, so that the words just before it line up), or "right" (by the right
    context); ties keep the order of the text. With `items` (the items table), the item's
    name and its owner as written (`owner_raw` → owner) follow item_id.
    """
    words = [word] if isinstance(word, str) else list(word)
    values = tokens[field]
    if match == "exact":
        hit = values.isin(words)
    else:
        hit = pd.Series(False, index=tokens.index)
        for w in words:
            hit |= values.str.contains(w, regex=False)
    length = tokens["surface"].str.len()
    by_sentence = tokens.groupby(SENTENCE_KEYS, sort=False)
    end = length.groupby(by_sentence.ngroup()).cumsum()[hit]
    text = by_sentence["surface"].transform("".join)[hit]
    start = end - length[hit]
    out = tokens.loc[hit, [*SENTENCE_KEYS, "tok_no"]]
    out = out.assign(
        left=[t[max(0, s - width) : s] for t, s in zip(text, start, strict=True)],
        keyword=tokens.loc[hit, "surface"],
        right=[t[e : e + width] for t, e in zip(text, end, strict=True)],
    ).reset_index(drop=True)
    if sort not in ("position", "left", "right"):
        raise PlanAnalysisError(f"unknown sort {sort!r}: expected position, left or right")
    if sort != "position":
        keys = {"left": out["left"].str[::-1], "right": out["right"]}[sort]
        order = pd.DataFrame({"context": keys, "keyword": out["keyword"]})
        out = out.loc[order.sort_values(["context", "keyword"], kind="stable").index]
    if items is not None:
        named = items[[*ITEM_KEYS, "name", "owner_raw"]].rename(columns={"owner_raw": "owner"})
        out = out.merge(named, on=list(ITEM_KEYS), how="left", sort=False, validate="m:1")
        at = out.columns.get_loc("item_id") + 1
        out = out[[*out.columns[:at], "name", "owner", *out.columns[at:-2]]]
    return out.reset_index(drop=True)


def incidence(words: pd.DataFrame, unit: Unit) -> tuple[sparse.csc_array, np.ndarray, pd.Index]:
    """Unit × word 0/1 matrix, the occurrences of each word, and the words."""
    from scipy import sparse  # deferred: only the analyses need it, not the main job

    unit_codes = words.groupby(UNITS[unit], sort=True).ngroup().to_numpy()
    word_codes, vocabulary = pd.factorize(words["base"], sort=True)
    freq = np.bincount(word_codes, minlength=len(vocabulary))
    ones = np.ones(len(words), dtype=np.int64)
    shape = (unit_codes.max() + 1 if len(words) else 0, len(vocabulary))
    matrix = sparse.csc_array((ones, (unit_codes, word_codes)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1  # presence, not counts
    return matrix, freq, pd.Index(vocabulary)


def cooccurrence(
    tokens: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    min_freq: int = 3,
    top: int | None = 60,
    pos1: Iterable[str] | None = None,
    include_stop: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges, nodes) of the co-occurrence network of words within sentences, cells or items.

    Words occurring at least `min_freq` times are linked by the Jaccard coefficient of the
    sets of units containing them, n_both / (n_a + n_b - n_both); the `top` strongest edges
    are kept (KH Coder's default is 60; None keeps all). edges: word_a < word_b, n_a, n_b,
    n_both, jaccard; nodes: word, freq (occurrences), n_units, for the words of the edges.
    """
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    matrix, freq, vocabulary = incidence(words, unit)
    frequent = np.flatnonzero(freq >= min_freq)
    matrix = matrix[:, frequent]
    n_units = np.asarray(matrix.sum(axis=0)).ravel()
    from scipy import sparse

    both = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    a, b = both.row, both.col
    union = n_units[a] + n_units[b] - both.data
    edges = pd.DataFrame(
        {
            "word_a": vocabulary[frequent][a],
            "word_b": vocabulary[frequent][b],
            "n_a": n_units[a],
            "n_b": n_units[b],
            "n_both": both.data,
            "jaccard": both.data / union,
        }
    )
    edges = edges.sort_values(
        ["jaccard", "n_both", "word_a", "word_b"],
        ascending=[False, False, True, True],
        kind="stable",
    ).head(len(edges) if top is None else top)
    edges = edges.reset_index(drop=True).astype({c: "int64" for c in ("n_a", "n_b", "n_both")})
    linked = np.isin(vocabulary[frequent], pd.concat([edges["word_a"], edges["word_b"]]))
    nodes = pd.DataFrame(
        {
            "word": vocabulary[frequent][linked],
            "freq": freq[frequent][linked],
            "n_units": n_units[linked],
        }
    ).astype({"freq": "int64", "n_units": "int64"})
    nodes = nodes.sort_values(["freq", "word"], ascending=[False, True], kind="stable")
    return edges, nodes.reset_index(drop=True)


def small_groups(
    tokens: pd.DataFrame, by: str, min_items: int = CHARACTERISTIC_MIN_GROUP_ITEMS
) -> list[object]:
    """The groups of `by` whose tokens come from fewer than `min_items` items, in order:
    those `characteristic_words` leaves out."""
    items = tokens.drop_duplicates([by, *ITEM_KEYS]).groupby(by, sort=True, dropna=False).size()
    return items.index[items < min_items].tolist()


def left_out_note(
    tokens: pd.DataFrame, by: str, min_items: int = CHARACTERISTIC_MIN_GROUP_ITEMS
) -> str:
    """The Japanese note a notebook prints under the characteristic words: which groups had
    too few items to be compared ('' when none)."""
    small = small_groups(tokens, by, min_items)
    if not small:
        return ""
    return CHARACTERISTIC_LEFT_OUT.format(n=min_items, groups="、".join(str(g) for g in small))


def characteristic_words(
    tokens: pd.DataFrame,
    by: str,
    *,
    min_group_items: int = CHARACTERISTIC_MIN_GROUP_ITEMS,
    min_freq: int = CHARACTERISTIC_MIN_FREQ,
    prior_scale: float = 1.0,
    pos1: Iterable[str] | None = None,
    include_stop: bool = False,
) -> pd.DataFrame:
    """Words characteristic of each group of `by` against all other groups.

    Statistic: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
    Quinn 2008, "Fightin' Words", eq. 16-22). With y_w the word's count in the group, r_w in
    the rest, n and m their totals (of all counted words), and prior a_w = prior_scale × (the
    word's count in the whole corpus), a_0 = Σ a_w:
        log_odds = log((y_w + a_w) / (n + a_0 - y_w - a_w)) - log((r_w + a_w) / (m + a_0 - r_w - a_w))
        z = log_odds / sqrt(1 / (y_w + a_w) + 1 / (r_w + a_w))
    z > 1.96 marks a word over-represented in the group at about the 5% level. Beside it,
    chi2 and p of the 2×2 table (this word vs all other words × group vs rest, Yates'
    correction, 1 degree of freedom).

    Only groups of at least `min_group_items` items (the words of a single item are all
    "characteristic" of it): smaller groups are left out of the comparison (`small_groups`
    lists them, `left_out_note` says so in Japanese for a notebook); only words with at least
    `min_freq` occurrences overall are listed (the totals n, m, a_0 still count every word,
    so one word alone above `min_freq` gets a finite z). Defaults: config.CHARACTERISTIC_*.
    Columns: by, base, n_group, n_rest, share_group, share_rest (of the group's and the
    rest's words), log_odds, z, chi2, p; sorted by group, then z descending.
    """
    small = small_groups(tokens, by, min_group_items)
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    words = words[~words[by].isin(small)]
    counts = words.groupby([by, "base"], sort=True, dropna=False).size().unstack(fill_value=0)
    if len(counts) < 2:
        raise PlanAnalysisError(
            f"characteristic words need at least two groups of {by!r} with at least "
            f"{min_group_items} items each, found {len(counts)}"
        )
    every = counts.to_numpy(dtype=float)
    n = every.sum(axis=1, keepdims=True)
    m = n.sum() - n
    prior0 = prior_scale * every.sum()
    listed = counts.sum(axis=0).to_numpy() >= min_freq
    counts = counts.loc[:, listed]
    y = every[:, listed]
    total = y.sum(axis=0)
    prior = prior_scale * total
    r = total - y
    with np.errstate(divide="ignore", invalid="ignore"):
        # a corpus of one word has no other words to set it against: no row is kept
        log_odds = np.log((y + prior) / (n + prior0 - y - prior)) - np.log(
            (r + prior) / (m + prior0 - r - prior)
        )
    z = log_odds / np.sqrt(1 / (y + prior) + 1 / (r + prior))
    from scipy import stats  # deferred: heavy, and the main job does not need it

    chi2 = _yates_chi2(y, n - y, r, m - r)
    out = pd.DataFrame(
        {
            by: np.repeat(counts.index.to_numpy(), y.shape[1]),
            "base": np.tile(counts.columns.to_numpy(), y.shape[0]),
            "n_group": y.ravel().astype("int64"),
            "n_rest": r.ravel().astype("int64"),
            "share_group": (y / n).ravel(),
            "share_rest": (r / m).ravel(),
            "log_odds": log_odds.ravel(),
            "z": z.ravel(),
            "chi2": chi2.ravel(),
            "p": stats.chi2.sf(chi2, df=1).ravel(),
        }
    )
    out = out[(out["n_group"] > 0) & np.isfinite(out["z"])]
    out = out.sort_values([by, "z", "base"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


def _yates_chi2(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Chi-square with Yates' correction of the 2×2 tables [[a, b], [c, d]], elementwise."""
    total = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    corrected = np.maximum(np.abs(a * d - b * c) - total / 2, 0) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(margins > 0, total * corrected / margins, 0.0)

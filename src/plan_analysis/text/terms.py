"""Words around words, words to add to the dictionary, words across years.

関連語検索 (`related_words`), 複合語の検出 (`compound_candidates`, TermExtract's FLR score),
and the year-over-year view (`rising_falling`, `year_characteristic_words`). As in
`textstats`, words are counted by their `base` form, without stop words unless
`include_stop=True`, restricted to parts of speech by `pos1`; units are those of
`textstats.UNITS`, and a unit is one of the units of the tokens given (stop words included).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..config import CHARACTERISTIC_MIN_GROUP_ITEMS
from ..errors import PlanAnalysisError
from ..labels import NO_TERM_CANDIDATES, TERMS_HEADER, TERMS_NOTE
from .dictionaries import normalize_entry
from .multivariate import parts_of_speech
from .textstats import UNITS, Unit, characteristic_words, counted, kwic

#: The keys of a sentence as it is cut into tokens: runs of a compound never cross them.
_RUN_KEYS = ["fiscal_year", "item_id", "column", "seg_no", "sent_no"]

Query = str | Sequence[str] | pd.Series | pd.DataFrame

#: The columns of `textstats.characteristic_words` after its grouping column.
_CHARACTERISTIC_COLUMNS = [
    "base", "n_group", "n_rest", "share_group", "share_rest", "log_odds", "z", "chi2", "p",
]  # fmt: skip


def _query_units(
    tokens: pd.DataFrame, query: Query, keys: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """(the distinct keys of the units the query selects, the query's words)."""
    if isinstance(query, pd.Series):
        if query.dtype != bool or not set(keys) <= set(query.index.names):
            raise PlanAnalysisError(
                "a query Series must be boolean and indexed by the unit's keys "
                f"({', '.join(keys)}), e.g. code_sentences(…).set_index(SENTENCE_KEYS)[code]"
            )
        return query[query].index.to_frame(index=False)[keys].drop_duplicates(), []
    if isinstance(query, pd.DataFrame):
        missing = [k for k in keys if k not in query.columns]
        if missing:
            raise PlanAnalysisError(
                f"a query table needs the unit's key columns, missing {', '.join(missing)}"
            )
        return query[keys].drop_duplicates(), []
    words = [query] if isinstance(query, str) else list(query)
    known = set(tokens["base"])
    unknown = [w for w in words if w not in known]
    if unknown:
        raise PlanAnalysisError(f"no token has the base form {', '.join(repr(w) for w in unknown)}")
    return tokens.loc[tokens["base"].isin(words), keys].drop_duplicates(), words


def related_words(
    tokens: pd.DataFrame,
    query: Query,
    *,
    unit: Unit = "sentence",
    pos1: Iterable[str] | None = None,
    min_freq: int = 2,
    top: int | None = 20,
    include_stop: bool = False,
) -> pd.DataFrame:
    """関連語検索: the words most associated with the units the query selects.

    `query` is a word (a base form; any token counts, stop words included), a list of words
    (units containing any of them; the query words themselves are not listed), or a code:
    - a boolean Series indexed by the unit's key columns, e.g.
      `code_sentences(tokens, rules).set_index(SENTENCE_KEYS)["コロナ"]` with unit="sentence",
      or `roll_up(coded).set_index(ITEM_KEYS)["コロナ"]` with unit="item";
    - a DataFrame whose rows are the query's units, e.g. the coded rows
      `coded[coded["コロナ"]]` (other columns are ignored).
    Keys finer than the unit select the units they fall in: coded sentences with unit="item"
    select the items that have a coded sentence, as `roll_up` does.

    With N units, q of them selected, a word in n units of which n_q selected: columns base,
    pos1, freq (occurrences), n_units_with = n_q, n_units = n, p_given_query = n_q / q,
    p_overall = n / N, jaccard = n_q / (n + q − n_q), lift = p_given_query / p_overall. Words
    occurring at least `min_freq` times and in at least one selected unit; sorted by jaccard
    (KH Coder's default), then base; the first `top` (None: all).
    """
    keys = UNITS[unit]
    universe = tokens[keys].drop_duplicates()
    selected, query_words = _query_units(tokens, query, keys)
    selected = selected.merge(universe, on=keys, how="inner")
    if selected.empty:
        raise PlanAnalysisError(f"the query selects no {unit} of the tokens")
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    words = words[~words["base"].isin(query_words)]
    present = words.drop_duplicates([*keys, "base"]).merge(
        selected, on=keys, how="left", indicator=True
    )
    found = (
        present.assign(hit=present["_merge"].eq("both"))
        .groupby("base", sort=True)
        .agg(n_units_with=("hit", "sum"), n_units=("hit", "size"))
        .join(words.groupby("base").size().rename("freq"))
        .reset_index()
    )
    found = found[(found["freq"] >= min_freq) & (found["n_units_with"] > 0)]
    q, n_all = len(selected), len(universe)
    p_given = found["n_units_with"] / q
    p_overall = found["n_units"] / n_all
    out = pd.DataFrame(
        {
            "base": found["base"],
            "pos1": parts_of_speech(words).reindex(found["base"]).to_numpy(),
            "freq": found["freq"].astype("int64"),
            "n_units_with": found["n_units_with"].astype("int64"),
            "n_units": found["n_units"].astype("int64"),
            "p_given_query": p_given,
            "p_overall": p_overall,
            "jaccard": found["n_units_with"] / (found["n_units"] + q - found["n_units_with"]),
            "lift": p_given / p_overall,
        }
    )
    out = out.sort_values(["jaccard", "base"], ascending=[False, True], kind="stable")
    return out.head(len(out) if top is None else top).reset_index(drop=True)


def _noun_runs(tokens: pd.DataFrame) -> pd.DataFrame:
    """The tokens of the noun runs of ≥ 2 tokens, with `run` numbering them 0… in order.

    A run is a maximal stretch of consecutive tokens of one sentence that are nouns (名詞, not
    数詞: TermExtract leaves numbers out), a prefix (接頭辞) only at its start, or a suffix
    (接尾辞) after its start. A run ending in an adjectival suffix (接尾辞-形状詞的: 的) is
    dropped, as TermExtract drops 社会的 but keeps 社会的孤立.
    """
    ordered = tokens.sort_values([*_RUN_KEYS, "tok_no"], kind="stable").reset_index(drop=True)
    noun = ordered["pos1"].eq("名詞") & ordered["pos2"].ne("数詞")
    prefix = ordered["pos1"].eq("接頭辞")
    eligible = noun | prefix | ordered["pos1"].eq("接尾辞")
    previous = ordered[[*_RUN_KEYS, "tok_no"]].shift()
    linked = (
        eligible
        & eligible.shift(fill_value=False)
        & (ordered[_RUN_KEYS] == previous[_RUN_KEYS]).all(axis=1)
        & ordered["tok_no"].eq(previous["tok_no"] + 1)
    )
    stretch = (~linked).cumsum()
    started = eligible & (noun | prefix).astype(int).groupby(stretch).cummax().astype(bool)
    start = started & (~linked | prefix | ~started.shift(fill_value=False))
    runs = ordered.assign(run=start.cumsum(), noun=noun)[started]
    by_run = runs.groupby("run", sort=False)
    last = by_run[["pos1", "pos2"]].transform("last")
    adjectival_end = last["pos1"].eq("接尾辞") & last["pos2"].eq("形状詞的")
    keep = by_run["tok_no"].transform("size").ge(2) & by_run["noun"].transform("any")
    runs = runs[keep & ~adjectival_end]
    return runs.assign(run=runs.groupby("run", sort=False).ngroup())


def compound_candidates(
    tokens: pd.DataFrame,
    *,
    known: Iterable[str] = (),
    min_freq: int = 2,
    top: int | None = 50,
) -> pd.DataFrame:
    """複合語の検出: noun runs (`_noun_runs`) that may belong in the compound-terms dictionary,
    scored by TermExtract's FLR (Nakagawa & Mori 2003, 「出現頻度と連接頻度に基づく専門用語
    抽出」; TermExtract's defaults: total counts, frequency on).

    For each simple noun w (by surface), FL(w) and FR(w) count the occurrences, over all runs,
    of a token directly before and directly after w. A term N₁…N_L occurring f times as a
    whole run scores
        FLR = f × (Π_i (FL(N_i) + 1)(FR(N_i) + 1))^(1 / 2L).
    Columns: term (the surfaces joined), tokens (" / "-joined surfaces), freq, n_items, score;
    terms occurring at least `min_freq` times, without those in `known` (the analyst's
    compound terms, `Dictionaries.compound_terms`, compared as the tokenizer compares them)
    and those already one token; by score, then freq, then term; the first `top` (None: all).
    """
    runs = _noun_runs(tokens)
    follows = runs["run"].eq(runs["run"].shift())
    preceded = runs["surface"][follows].value_counts()  # FL: a token comes directly before
    followed = runs["surface"].shift()[follows].value_counts()  # FR: a token comes after
    factor = np.log(
        (runs["surface"].map(preceded).fillna(0).to_numpy() + 1)
        * (runs["surface"].map(followed).fillna(0).to_numpy() + 1)
    )
    by_run = runs.assign(factor=factor).groupby("run", sort=True)
    per_run = pd.DataFrame(
        {
            "term": by_run["surface"].agg("".join),
            "tokens": by_run["surface"].agg(" / ".join),
            "log_lr": by_run["factor"].sum() / (2 * by_run.size()),
            "fiscal_year": by_run["fiscal_year"].first(),
            "item_id": by_run["item_id"].first(),
        }
    )
    terms = (
        per_run.groupby("term", sort=True)
        .agg(
            tokens=("tokens", "first"),
            freq=("tokens", "size"),
            log_lr=("log_lr", "first"),
        )
        .join(
            per_run.drop_duplicates(["term", "fiscal_year", "item_id"])
            .groupby("term")
            .size()
            .rename("n_items")
        )
        .reset_index()
    )
    dropped = {normalize_entry(t) for t in known} | set(tokens["surface"])
    terms = terms[(terms["freq"] >= min_freq) & ~terms["term"].isin(dropped)]
    out = terms.assign(score=terms["freq"] * np.exp(terms["log_lr"]))[
        ["term", "tokens", "freq", "n_items", "score"]
    ].astype({"freq": "int64", "n_items": "int64"})
    out = out.sort_values(["score", "freq", "term"], ascending=[False, False, True], kind="stable")
    return out.head(len(out) if top is None else top).reset_index(drop=True)


def _fiscal_years(tokens: pd.DataFrame) -> np.ndarray:
    """The fiscal years of the tokens, ascending; an error unless there are two or more."""
    years = np.sort(tokens["fiscal_year"].unique())
    if len(years) == 1:
        raise PlanAnalysisError(
            f"there is only one fiscal year ({years[0]}): nothing to compare it with"
        )
    if len(years) == 0:
        raise PlanAnalysisError("there are no tokens: no fiscal years to compare")
    return years


def _log_likelihood(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Dunning's G² = 2 Σ O ln(O / E) of the 2×2 tables [[a, b], [c, d]], elementwise
    (a cell observed 0 adds 0)."""
    total = a + b + c + d
    observed = np.stack([a, b, c, d])
    expected = np.stack(
        [(a + b) * (a + c), (a + b) * (b + d), (c + d) * (a + c), (c + d) * (b + d)]
    )
    expected = expected / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)


def rising_falling(
    tokens: pd.DataFrame,
    *,
    unit: Unit = "item",
    pos1: Iterable[str] | None = None,
    min_freq: int = 3,
    top: int | None = None,
    include_stop: bool = False,
) -> pd.DataFrame:
    """Words rising and falling between consecutive fiscal years (of those present).

    For each pair of years (fiscal_year_from a, fiscal_year_to b) and word: n_from of the
    units_from units of year a contain it, n_to of the units_to of year b. Dunning's
    log-likelihood G² = 2 Σ O ln(O / E) of the 2×2 table
    [[n_from, units_from − n_from], [n_to, units_to − n_to]] and its p (χ², 1 degree of
    freedom) test whether the share of units containing the word changed; change =
    share_to − share_from (> 0: rising, < 0: falling). Words occurring at least `min_freq`
    times in the two years together. Columns: fiscal_year_from, fiscal_year_to, base, pos1,
    n_from, n_to, units_from, units_to, share_from, share_to, change, g2, p; by year pair,
    then G² descending, then base. With `top`, only the `top` words of highest G² of each
    pair that rose and those that fell (rising first; words unchanged left out).
    """
    from scipy.stats import chi2  # deferred: heavy, and only this analysis needs it

    keys = UNITS[unit]
    years = _fiscal_years(tokens)
    units = tokens[keys].drop_duplicates().groupby("fiscal_year").size().reindex(years)
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    occurrences = words.groupby(["fiscal_year", "base"]).size().unstack(fill_value=0)
    occurrences = occurrences.reindex(index=years, fill_value=0)
    present = (
        words.drop_duplicates([*keys, "base"])
        .groupby(["fiscal_year", "base"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=years, columns=occurrences.columns, fill_value=0)
        .to_numpy()
    )
    n_a, n_b = present[:-1], present[1:]
    units_a = np.broadcast_to(units.to_numpy()[:-1, None], n_a.shape)
    units_b = np.broadcast_to(units.to_numpy()[1:, None], n_b.shape)
    occurring = occurrences.to_numpy()
    keep = (occurring[:-1] + occurring[1:] >= max(min_freq, 1)).ravel()
    g2 = _log_likelihood(n_a, units_a - n_a, n_b, units_b - n_b)
    share_a, share_b = n_a / units_a, n_b / units_b
    pairs, vocabulary = len(years) - 1, occurrences.columns.to_numpy()
    out = pd.DataFrame(
        {
            "fiscal_year_from": np.repeat(years[:-1], len(vocabulary)),
            "fiscal_year_to": np.repeat(years[1:], len(vocabulary)),
            "base": np.tile(vocabulary, pairs),
            "n_from": n_a.ravel().astype("int64"),
            "n_to": n_b.ravel().astype("int64"),
            "units_from": units_a.ravel().astype("int64"),
            "units_to": units_b.ravel().astype("int64"),
            "share_from": share_a.ravel(),
            "share_to": share_b.ravel(),
            "change": (share_b - share_a).ravel(),
            "g2": g2.ravel(),
            "p": chi2.sf(g2, df=1).ravel(),
        }
    )[keep]
    out.insert(3, "pos1", parts_of_speech(words).reindex(out["base"]).to_numpy())
    out = out.sort_values(
        ["fiscal_year_from", "g2", "base"], ascending=[True, False, True], kind="stable"
    )
    if top is not None:
        falling = out["change"].lt(0).rename("falling")
        out = out[out["change"].ne(0)].groupby(["fiscal_year_from", falling], sort=True).head(top)
        out = out.sort_values(
            ["fiscal_year_from", "change", "g2"],
            key=lambda c: c.lt(0) if c.name == "change" else c,
            ascending=[True, True, False],
            kind="stable",
        )
    return out.reset_index(drop=True)


def year_characteristic_words(
    tokens: pd.DataFrame,
    *,
    unit: Unit = "item",
    pos1: Iterable[str] | None = None,
    min_freq: int = 3,
    min_group_items: int = CHARACTERISTIC_MIN_GROUP_ITEMS,
    top: int | None = 10,
    include_stop: bool = False,
) -> pd.DataFrame:
    """The words characteristic of each fiscal year against all other years (a year of
    fewer than `min_group_items` items is left out, as `characteristic_words` leaves out
    small groups).

    `textstats.characteristic_words` by fiscal_year (its log-odds with an informative
    Dirichlet prior, z, and Yates' χ²) over units instead of occurrences: each word counts
    once per unit containing it, so n_group and n_rest are units of the year and of the other
    years, and `min_freq` is the units containing the word in all years. Per year, the `top`
    words of highest z among those over-represented (z > 0); its columns, by year then z.
    """
    _fiscal_years(tokens)
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    present = words.drop_duplicates([*UNITS[unit], "base"])
    frequent = present["base"].value_counts()
    present = present[present["base"].isin(frequent.index[frequent >= min_freq])]
    if present["base"].nunique() < 2:  # one word is all of each year's words: no contrast
        return pd.DataFrame(columns=["fiscal_year", *_CHARACTERISTIC_COLUMNS])
    found = characteristic_words(
        present,
        "fiscal_year",
        min_group_items=min_group_items,
        min_freq=min_freq,
        include_stop=True,
    )
    found = found[found["z"] > 0]
    if top is not None:
        found = found.groupby("fiscal_year", sort=False).head(top)
    return found.reset_index(drop=True)


#: How the concordance lines of one item and year are joined.
KWIC_LINES_JOIN = " ／ "


def kwic_across_years(
    tokens: pd.DataFrame,
    word: str | Iterable[str],
    item_lineage: pd.DataFrame,
    items: pd.DataFrame,
    *,
    field: Literal["base", "surface", "lemma"] = "base",
    match: Literal["exact", "contains"] = "exact",
    width: int = 20,
) -> pd.DataFrame:
    """A word's concordance across years side by side: one row per lineage of items
    (`item_lineage`, processed by the years wing) in which the word occurs in some year, one
    column per fiscal year of the tokens holding that year's lines (`textstats.kwic`, the
    keyword in 【】, several lines joined by ／; empty where the lineage's item of that year
    does not use the word, or the lineage has no item that year). Columns: lineage_id, name
    (the lineage's name in its latest year), then the years, ascending; by lineage_id.
    """
    years = np.sort(tokens["fiscal_year"].unique())
    hits = kwic(tokens, word, field=field, match=match, width=width)
    lines = hits.assign(line=hits["left"] + "【" + hits["keyword"] + "】" + hits["right"])
    lines = lines.merge(item_lineage, on=["fiscal_year", "item_id"], validate="m:m")
    cells = (
        lines.groupby(["lineage_id", "fiscal_year"], sort=True)["line"]
        .agg(KWIC_LINES_JOIN.join)
        .unstack("fiscal_year")
        .reindex(columns=years)
        .fillna("")
    )
    names = (
        item_lineage.merge(items[["fiscal_year", "item_id", "name"]], on=["fiscal_year", "item_id"])
        .sort_values(["lineage_id", "fiscal_year", "item_id"], kind="stable")
        .groupby("lineage_id")["name"]
        .last()
    )
    cells.columns = [int(y) for y in cells.columns]
    out = cells.reset_index()
    out.insert(1, "name", names.reindex(out["lineage_id"]).to_numpy())
    return out


def paste_lines(candidates: pd.DataFrame, file_name: str, min_freq: int = 2) -> list[str]:
    """What `plan-analysis terms` prints for `compound_candidates`: a header comment, then
    per candidate a comment line with its counts and score and the term alone on the next
    line, so that the analyst copies the lines of the terms wanted into `file_name` as they
    are (the file has no comment after a term)."""
    if candidates.empty:
        return [NO_TERM_CANDIDATES.format(min_freq=min_freq)]
    notes = [TERMS_NOTE.format(**row) for row in candidates.to_dict("records")]
    pairs = zip(notes, candidates["term"].tolist(), strict=True)
    return [TERMS_HEADER.format(file=file_name), *(line for pair in pairs for line in pair)]

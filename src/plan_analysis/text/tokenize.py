"""Japanese text engine: segments → sentences → tokens, with the analyst's dictionaries applied.

The unit of analysis is the sentence inside a cell (DESIGN §4). Tokens come from fugashi with
unidic-lite (UniDic 2.1.2) through one tagger per process whose output format carries only
the five fields we use, split by Arrow kernels: reading fugashi's `feature` namedtuple costs
about three times the tagging itself (DESIGN §6). The rules below run on the distinct
analyses (about a tenth of the tokens) and reach the tokens with one `take` per column;
`benchmarks/bench_tokenize.py` keeps the whole at ≤ 1.5 × bare tagging.

Every token has three forms:
- `surface`: the text as written (NFKC);
- `lemma`: UniDic's lemma without its English gloss (コロナ-corona → コロナ), the surface when
  UniDic has none (numbers); it folds far (帰る → 返る, 子ども → 子供, 木更津 → キサラヅ);
- `base`: what an analyst counts — UniDic's orthBase (the dictionary form as spelled:
  行っ → 行う, 障がい stays 障がい), the surface for numbers and proper nouns, then folded by
  the spelling-variant dictionary.

Compound terms are merged after tagging by longest match over the token sequence: a run of two
or more consecutive tokens of one sentence whose surfaces spell a term becomes one token
(pos1 名詞, pos2 複合語), so its parts are no longer counted. Spelling variants and their
canonical forms take part in the merge too, so a variant that UniDic splits still folds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

import fugashi
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..schema import SEGMENT_KEYS as _SEGMENT_KEYS
from ..schema import SENTENCE_KEYS as _SENTENCE_KEYS
from . import cache as token_cache
from .dictionaries import Dictionaries

SEGMENT_KEYS = list(_SEGMENT_KEYS)
SENTENCE_KEYS = list(_SENTENCE_KEYS)
SENTENCE_COLUMNS = [*SEGMENT_KEYS, "sent_no", "department", "text"]
TOKEN_COLUMNS = [
    *SEGMENT_KEYS,
    "sent_no",
    "tok_no",
    "surface",
    "lemma",
    "base",
    "pos1",
    "pos2",
    "is_stop",
]
_INT_COLUMNS = ("fiscal_year", "seg_no", "sent_no", "tok_no")

#: Part of speech given to a merged compound term.
COMPOUND_POS1 = "名詞"
COMPOUND_POS2 = "複合語"

#: Bump when a change to this module changes tokens: cached tokens of older versions are not reused.
PIPELINE_VERSION = "1"

#: pos2 whose base is the surface: numbers have no UniDic lemma, proper nouns must stay as written.
_SURFACE_BASE_POS2 = frozenset({"数詞", "固有名詞"})

# One line per token: surface, pos1, pos2, lemma, orthBase and a non-blank end mark (fugashi's
# parse strips trailing whitespace, which could eat empty last fields). Unknown words
# (numbers, unseen katakana) have no lemma and take their surface as orthBase.
_NODE_FORMAT = r"%m\t%f[0]\t%f[1]\t%f[7]\t%f[10]\t|\n"
_UNK_FORMAT = r"%m\t%f[0]\t%f[1]\t\t%m\t|\n"
_TAGGER_ARGS = f"-O '' -F '{_NODE_FORMAT}' -U '{_UNK_FORMAT}' -E ''"
_FIELDS = ("surface", "pos1", "pos2", "lemma", "orth_base")

_BULLETS = re.compile(r"[○◯〇●◎◆◇■□]")
_CLOSERS = re.escape("」』)]】")
_SENTENCE = re.compile(rf"[^。!?]+(?:[。!?]+[{_CLOSERS}]*)?|[。!?]+[{_CLOSERS}]*")


@functools.cache
def tagger() -> fugashi.Tagger:
    """The process's one tagger, created on first use (creating one costs about 0.1 s)."""
    return fugashi.Tagger(_TAGGER_ARGS)


@functools.cache
def engine_version() -> str:
    """Versions that decide the tokens: fugashi, unidic-lite and this pipeline."""
    return (
        f"fugashi {version('fugashi')}; unidic-lite {version('unidic-lite')}; "
        f"pipeline {PIPELINE_VERSION}"
    )


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph: NFKC, split after 。!? (with closing brackets), at line
    breaks and at ○-style bullets (which are dropped); blank pieces are dropped."""
    text = _BULLETS.sub("\n", unicodedata.normalize("NFKC", text))
    pieces = (s.strip() for line in text.splitlines() for s in _SENTENCE.findall(line))
    return [s for s in pieces if s]


def _arrow_type(column: str) -> pa.DataType:
    if column in _INT_COLUMNS:
        return pa.int64()
    return pa.bool_() if column == "is_stop" else pa.large_string()


def _frame(columns: Mapping[str, Sequence | pa.Array | np.ndarray]) -> pd.DataFrame:
    """A frame built through Arrow, each column typed by its name (int64, bool or str)."""
    arrays = {name: pa.array(values, _arrow_type(name)) for name, values in columns.items()}
    return pa.table(arrays).to_pandas(split_blocks=True, use_threads=False)


def sentences_table(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of `segments`, numbered 1… within item × column."""
    keyed = sorted(
        zip(*(segments[c].tolist() for c in [*SEGMENT_KEYS, "department", "text"]), strict=True),
        key=lambda row: row[:4],
    )
    rows: list[tuple] = []
    numbers: dict[tuple, int] = {}
    for fiscal_year, item_id, column, seg_no, department, text in keyed:
        for sentence in split_sentences(text):
            cell = (fiscal_year, item_id, column)
            numbers[cell] = numbers.get(cell, 0) + 1
            rows.append((*cell, seg_no, numbers[cell], department, sentence))
    values = list(zip(*rows, strict=True)) or [()] * len(SENTENCE_COLUMNS)
    return _frame(dict(zip(SENTENCE_COLUMNS, values, strict=True)))


def _tag(texts: list[str]) -> tuple[np.ndarray, np.ndarray, dict[str, pa.Array]]:
    """Tokens per text; for each token, the number of its analysis; the fields of the distinct
    analyses (`_FIELDS`).

    The text is repetitive (a table has about ten times fewer distinct analyses than tokens),
    so what follows works on the distinct analyses and reaches the tokens with one `take`.
    """
    parse = tagger().parse
    parsed = [parse(t) for t in texts]
    counts = np.array([p.count("\n") + 1 if p else 0 for p in parsed], dtype=np.int64)
    joined = pa.array(["\n".join(p for p in parsed if p)], pa.large_string())
    lines = pc.split_pattern(joined, "\n").flatten().slice(0, int(counts.sum()))
    encoded = lines.dictionary_encode()
    fields = pc.split_pattern(encoded.dictionary, "\t")
    analyses = {name: pc.list_element(fields, i) for i, name in enumerate(_FIELDS)}
    return counts, encoded.indices.to_numpy().astype(np.int64), analyses


def _strings(values: Iterable[str]) -> pa.Array:
    return pa.array(list(values), pa.large_string())


@functools.cache
def _prefixes(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(term[:n] for term in terms for n in range(1, len(term) + 1))


def compound_spans(
    surfaces: Sequence[str],
    sentence_end: Sequence[int],
    terms: frozenset[str],
    candidates: Iterable[int],
) -> list[tuple[int, int]]:
    """Token ranges [start, stop) of two or more tokens of one sentence that spell a term.

    Longest match, left to right, non-overlapping. `surfaces[i]` is token i's surface and
    `sentence_end[i]` the index after the last token of its sentence; `candidates`
    (ascending) are the tokens whose surface begins some term, where a match can start.
    """
    prefixes = _prefixes(terms)
    spans: list[tuple[int, int]] = []
    free = 0
    for i in candidates:
        if i < free:
            continue
        spelled, stop = surfaces[i], 0
        for j in range(i + 1, sentence_end[i]):
            spelled += surfaces[j]
            if spelled not in prefixes:
                break
            if spelled in terms:
                stop = j + 1
        if stop:
            spans.append((i, stop))
            free = stop
    return spans


def _merge(
    counts: np.ndarray, analysis: np.ndarray, analyses: dict[str, pa.Array], terms: frozenset[str]
) -> tuple[np.ndarray, np.ndarray, dict[str, pa.Array]]:
    """(analysis of each token, sentence of each token, analyses) with every compound-term
    span replaced by one token whose analysis is the term, appended to the analyses."""
    sentence = np.repeat(np.arange(len(counts)), counts)
    begins = pc.is_in(analyses["surface"], value_set=_strings(_prefixes(terms)))
    candidates = np.flatnonzero(np.asarray(begins)[analysis])
    surfaces = np.array(analyses["surface"].to_pylist(), dtype=object)[analysis].tolist()
    spans = compound_spans(surfaces, np.cumsum(counts)[sentence], terms, candidates.tolist())
    if not spans:
        return analysis, sentence, analyses
    analysis, keep = analysis.copy(), np.ones(len(analysis), dtype=bool)
    merged: dict[str, int] = {}
    for start, stop in spans:
        term = "".join(surfaces[start:stop])
        analysis[start] = merged.setdefault(term, len(analyses["surface"]) + len(merged))
        keep[start + 1 : stop] = False
    terms_found = _strings(merged)
    added = {
        "surface": terms_found,
        "pos1": _strings([COMPOUND_POS1] * len(merged)),
        "pos2": _strings([COMPOUND_POS2] * len(merged)),
        "lemma": terms_found,
        "orth_base": terms_found,
    }
    analyses = {name: pa.concat_arrays([analyses[name], added[name]]) for name in _FIELDS}
    return analysis[keep], sentence[keep], analyses


def _lookup(values: pa.Array, mapping: Mapping[str, str]) -> pa.Array:
    """`mapping[value]` for each value, null where the value is not a key."""
    positions = pc.index_in(values, value_set=_strings(mapping))
    return pc.take(_strings(mapping.values()), positions)


def _fold_base(
    surface: pa.Array, pos2: pa.Array, orth_base: pa.Array, variants: Mapping[str, str]
) -> pa.Array:
    """orthBase, or the surface for numbers and proper nouns; then spelling variants folded.

    A token whose surface is a variant or a canonical form folds by its surface first (the
    verb 取り組み with orthBase 取り組む counts as the canonical 取り組み), else by its base.
    """
    as_written = pc.is_in(pos2, value_set=_strings(_SURFACE_BASE_POS2))
    base = pc.if_else(as_written, surface, orth_base)
    fold = dict(variants) | {canonical: canonical for canonical in variants.values()}
    return pc.coalesce(_lookup(surface, fold), _lookup(base, fold), base)


def _is_stop(
    base: pa.Array, pos1: pa.Array, pos2: pa.Array, dictionaries: Dictionaries
) -> pa.Array:
    """A stop word (by base form) or an excluded part of speech (pos1, or pos1-pos2)."""
    pairs = [p.split("-", 1) for p in dictionaries.stop_pos if "-" in p]
    whole_pos = [p for p in dictionaries.stop_pos if "-" not in p]
    stop = pc.or_(
        pc.is_in(base, value_set=_strings(dictionaries.stop_words)),
        pc.is_in(pos1, value_set=_strings(whole_pos)),
    )
    for first, second in pairs:
        stop = pc.or_(stop, pc.and_(pc.equal(pos1, first), pc.equal(pos2, second)))
    return stop


def tokenize_sentences(sentences: pd.DataFrame, dictionaries: Dictionaries) -> pd.DataFrame:
    """The tokens table of `sentences` (columns `TOKEN_COLUMNS`, in sentence and token order)."""
    if sentences.empty:
        return _frame({c: [] for c in TOKEN_COLUMNS})
    counts, analysis, analyses = _tag(sentences["text"].tolist())
    variants = dictionaries.variants
    terms = dictionaries.compound_terms | set(variants) | set(variants.values())
    analysis, sentence, analyses = _merge(counts, analysis, analyses, terms)
    surface, pos1, pos2 = analyses["surface"], analyses["pos1"], analyses["pos2"]
    base = _fold_base(surface, pos2, analyses["orth_base"], variants)
    lemma = pc.list_element(pc.split_pattern(analyses["lemma"], "-", max_splits=1), 0)
    per_analysis = {
        "surface": surface,
        "lemma": pc.if_else(pc.equal(lemma, ""), surface, lemma),
        "base": base,
        "pos1": pos1,
        "pos2": pos2,
        "is_stop": _is_stop(base, pos1, pos2, dictionaries),
    }
    per_sentence = np.bincount(sentence, minlength=len(counts))
    first = np.cumsum(per_sentence) - per_sentence
    table = {c: pa.array(sentences[c]).take(sentence) for c in [*SEGMENT_KEYS, "sent_no"]}
    table["tok_no"] = np.arange(len(sentence), dtype=np.int64) - first[sentence] + 1
    table |= {name: values.take(analysis) for name, values in per_analysis.items()}
    return _frame(table)


def tokenize_segments(
    segments: pd.DataFrame,
    dictionaries: Dictionaries,
    cache_dir: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences, tokens) of `segments`, tokens reused from the cache in `cache_dir` (e.g.
    `data/processed/cache/`) when nothing changed; without `cache_dir`, nothing is cached.

    Each fiscal year is cached apart, so adding a year tokenizes only that year.
    """
    sentences = sentences_table(segments)
    if cache_dir is None:
        return sentences, tokenize_sentences(sentences, dictionaries)
    folder = Path(cache_dir)
    salt = f"{engine_version()}; dictionaries {dictionaries.digest}"
    parts = [
        token_cache.cached_frame(
            folder,
            token_cache.content_key(year, salt),
            functools.partial(tokenize_sentences, year, dictionaries),
        )
        for _, year in sentences.groupby("fiscal_year", sort=True)
    ]
    tokens = (
        pd.concat(parts, ignore_index=True)
        if parts
        else tokenize_sentences(sentences, dictionaries)
    )
    return sentences, tokens

"""reports/words.xlsx: KH Coder's 抽出語リスト and 文書×抽出語 table, for analysts who work
on in Excel or take the table to other software.

抽出語リスト lists every counted word (stop words and reposts left out) with its part of
speech, its occurrences and the documents (units) holding it; 文書×抽出語 has one row per
document and one column per word of at least `DOCUMENT_WORD_MIN_FREQ` occurrences (at most
`DOCUMENT_WORD_MAX_WORDS` columns, the most frequent), so that it stays well inside Excel's
16,384 columns. A document is a unit of `textstats.UNITS` (an item by default), named by its
keys and its item's name. Written as summary.xlsx is (`workbook`): a 目次 sheet first, the
same formatting, and table text never becomes a formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..labels import DOCUMENT_WORD_SHEET, WORD_LIST_SHEET, WORD_SHEET_NOTES
from ..outputs import write_atomic
from ..schema import ITEM_KEYS
from ..text.multivariate import parts_of_speech
from ..text.textstats import UNITS, Unit, counted, incidence
from .kh_figures import all_years_tokens
from .summary import loaded_tables
from .workbook import Sheet, workbook_bytes

#: The fewest occurrences of a word given a column in 文書×抽出語, and the most columns.
DOCUMENT_WORD_MIN_FREQ = 5
DOCUMENT_WORD_MAX_WORDS = 1000


def word_list(tokens: pd.DataFrame, unit: Unit = "item") -> pd.DataFrame:
    """抽出語リスト: word, pos1 (its most frequent part of speech), freq (occurrences),
    n_documents (units containing it); most frequent first, then by word."""
    words = counted(tokens)
    matrix, freq, vocabulary = incidence(words, unit)
    out = pd.DataFrame(
        {
            "word": vocabulary,
            "pos1": parts_of_speech(words).reindex(vocabulary).to_numpy(),
            "freq": freq.astype("int64"),
            "n_documents": np.asarray(matrix.sum(axis=0)).ravel().astype("int64"),
        }
    )
    out = out.sort_values(["freq", "word"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def document_word_table(
    tokens: pd.DataFrame,
    items: pd.DataFrame,
    unit: Unit = "item",
    min_freq: int = DOCUMENT_WORD_MIN_FREQ,
    max_words: int = DOCUMENT_WORD_MAX_WORDS,
) -> pd.DataFrame:
    """文書×抽出語: one row per unit (its keys and its item's name), one column per word of
    at least `min_freq` occurrences (the `max_words` most frequent, in that order), each cell
    the word's occurrences in the unit."""
    words = counted(tokens)
    listed = word_list(tokens, unit)
    kept = listed.loc[listed["freq"] >= min_freq, "word"].head(max_words)
    keys = UNITS[unit]
    documents = tokens[keys].drop_duplicates().sort_values(keys, kind="stable")
    counts = (
        words[words["base"].isin(kept)]
        .groupby([*keys, "base"], sort=True)
        .size()
        .unstack("base", fill_value=0)
        .reindex(columns=kept, fill_value=0)
    )
    named = documents.merge(items[[*ITEM_KEYS, "name"]], on=list(ITEM_KEYS), validate="m:1")
    table = named.merge(counts, left_on=keys, right_index=True, how="left", validate="1:1")
    table[kept.tolist()] = table[kept.tolist()].fillna(0).astype("int64")
    return table.reset_index(drop=True)


def word_sheets(frames: Mapping[str, pd.DataFrame], unit: Unit = "item") -> dict[str, pd.DataFrame]:
    """The two sheets of words.xlsx over every loaded year (reposts left out)."""
    tokens = all_years_tokens(frames)
    return {
        WORD_LIST_SHEET: word_list(tokens, unit),
        DOCUMENT_WORD_SHEET: document_word_table(tokens, frames["items"], unit),
    }


def write_word_workbook(
    frames: Mapping[str, pd.DataFrame], path: Path, unit: Unit = "item"
) -> Path:
    """Write words.xlsx atomically."""
    book = [
        Sheet(name, table, WORD_SHEET_NOTES[name])
        for name, table in word_sheets(frames, unit).items()
    ]
    data = workbook_bytes(book, about=loaded_tables(frames.get("documents")))
    return write_atomic(path, lambda fh: fh.write(data))

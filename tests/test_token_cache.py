"""The token cache: reused when nothing changed, recomputed when a dictionary file changes."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.reference import COMPOUND_TERMS_FILE
from plan_analysis.text import cache as token_cache
from plan_analysis.text import tokenize as text

from .conftest import dictionaries_in
from .text_helpers import segments

TWO_YEARS = segments(
    (2021, "2021-001", "past_efforts", 1, "社会福祉協議会と連携した。"),
    (2022, "2022-001", "past_efforts", 1, "社会福祉協議会と協働した。"),
)


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    """Fiscal years tokenized (not read from the cache) during the test."""
    seen: list[int] = []
    tokenize = text.tokenize_sentences

    def counting(sentences: pd.DataFrame, dictionaries) -> pd.DataFrame:
        seen.extend(sorted(set(sentences["fiscal_year"])))
        return tokenize(sentences, dictionaries)

    monkeypatch.setattr(text, "tokenize_sentences", counting)
    return seen


def run(reference: Path, cache: Path, table: pd.DataFrame = TWO_YEARS) -> pd.DataFrame:
    return text.tokenize_segments(table, dictionaries_in(reference), cache)[1]


def test_unchanged_rerun_reads_the_cache(tmp_path, calls) -> None:
    first = run(tmp_path, tmp_path / "cache")
    assert calls == [2021, 2022]
    second = run(tmp_path, tmp_path / "cache")
    assert calls == [2021, 2022]  # nothing tokenized again
    pd.testing.assert_frame_equal(first, second)
    assert len(list((tmp_path / "cache" / "tokens").glob("*.parquet"))) == 2


def test_dictionary_edit_invalidates(tmp_path, calls) -> None:
    before = run(tmp_path, tmp_path / "cache")
    assert "社会福祉協議会" not in set(before["base"])
    (tmp_path / COMPOUND_TERMS_FILE).write_text("社会福祉協議会\n", encoding="utf-8")
    after = run(tmp_path, tmp_path / "cache")
    assert calls == [2021, 2022, 2021, 2022]
    assert after.loc[after["fiscal_year"] == 2021, "base"].tolist()[:2] == ["社会福祉協議会", "と"]
    (tmp_path / COMPOUND_TERMS_FILE).write_text(
        "# 注記だけ変えた\n社会福祉協議会\n", encoding="utf-8"
    )
    run(tmp_path, tmp_path / "cache")
    assert calls == [2021, 2022, 2021, 2022]  # a comment does not change the tokens


def test_only_the_changed_year_is_tokenized(tmp_path, calls) -> None:
    run(tmp_path, tmp_path / "cache")
    edited = TWO_YEARS.copy()
    edited.loc[1, "text"] = "社会福祉協議会と協働していく。"
    tokens = run(tmp_path, tmp_path / "cache", edited)
    assert calls == [2021, 2022, 2022]
    assert tokens.loc[tokens["fiscal_year"] == 2022, "surface"].tolist()[-3:] == [
        "て",
        "いく",
        "。",
    ]


def test_cached_tokens_equal_fresh_ones(seed, tmp_path) -> None:
    dictionaries = dictionaries_in(tmp_path)
    _, cold = text.tokenize_segments(seed.segments, dictionaries, tmp_path)
    _, warm = text.tokenize_segments(seed.segments, dictionaries, tmp_path)
    fresh = text.tokenize_sentences(text.sentences_table(seed.segments), dictionaries)
    pd.testing.assert_frame_equal(warm, fresh)
    pd.testing.assert_frame_equal(cold, fresh)


def test_unreadable_cache_file_is_recomputed_with_a_warning(tmp_path) -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    compute: Callable[[], pd.DataFrame] = frame.copy
    token_cache.cached_frame(tmp_path, "k", compute)
    token_cache.cache_path(tmp_path, "k").write_bytes(b"not parquet")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = token_cache.cached_frame(tmp_path, "k", compute)
    assert [w.category for w in caught] == [PlanAnalysisWarning]
    assert "k.parquet: unreadable cache file, tokenizing again" in str(caught[0].message)
    pd.testing.assert_frame_equal(again, frame)
    pd.testing.assert_frame_equal(pd.read_parquet(token_cache.cache_path(tmp_path, "k")), frame)


def test_content_key_depends_on_values_columns_and_salt() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    key = token_cache.content_key(frame, "salt")
    assert key == token_cache.content_key(frame.copy(), "salt")
    assert key != token_cache.content_key(frame, "other salt")
    assert key != token_cache.content_key(frame.assign(b=["x", "z"]), "salt")
    assert key != token_cache.content_key(frame.rename(columns={"b": "c"}), "salt")

"""The per-file work on several processes gives what one process gives, byte for byte:
every processed table of four years (the seed, FY2022–FY2024 with renames, splits, warnings
and the analyst's decisions) built with one worker and with two, compared as frames and as
the files `plan-analysis process` writes."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.outputs import write_tables
from plan_analysis.pipeline import build_frames

from . import heldout_measures_r6
from .conftest import SEED, ref, write_xlsx
from .second_year import second_year_rows
from .third_year import third_year_rows


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raw")
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    write_xlsx(folder / "r4_progress.xlsx", second_year_rows())
    write_xlsx(folder / "r5_progress.xlsx", third_year_rows())
    heldout_measures_r6.write(folder)
    return folder


def _build(raw, cache, workers):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlanAnalysisWarning)
        tables, frames = build_frames([raw], ref(), cache_dir=cache, workers=workers)
    return tables, frames, [str(w.message) for w in caught]


def test_two_workers_give_what_one_gives(raw, tmp_path):
    one = _build(raw, tmp_path / "cache1", 1)
    two = _build(raw, tmp_path / "cache2", 2)
    assert list(one[0].documents["fiscal_year"]) == [2021, 2022, 2023, 2024]
    assert one[2] == two[2] and one[2]  # the same warnings, in the same order
    assert one[0].warnings == two[0].warnings
    assert one[1].keys() == two[1].keys()
    for name in one[1]:
        pd.testing.assert_frame_equal(one[1][name], two[1][name], check_exact=True, obj=name)
    written_one = write_tables(one[1], tmp_path / "out1")
    written_two = write_tables(two[1], tmp_path / "out2")
    assert [p.name for p in written_one] == [p.name for p in written_two]
    for a, b in zip(written_one, written_two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_rerun_reads_each_file_from_the_cache_and_gives_the_same(raw, tmp_path):
    cold = _build(raw, tmp_path / "cache", 2)
    parts = sorted((tmp_path / "cache" / "parts").iterdir())
    assert len(parts) == 4
    warm = _build(raw, tmp_path / "cache", 2)
    assert sorted((tmp_path / "cache" / "parts").iterdir()) == parts
    assert cold[0].warnings == warm[0].warnings and warm[0].warnings
    for name in cold[1]:
        pd.testing.assert_frame_equal(cold[1][name], warm[1][name], check_exact=True, obj=name)
    written_cold = write_tables(cold[1], tmp_path / "cold")
    written_warm = write_tables(warm[1], tmp_path / "warm")
    for a, b in zip(written_cold, written_warm, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_changed_file_or_reference_is_computed_again(raw, tmp_path):
    _build(raw, tmp_path / "cache", 1)
    seed = raw / SEED.name
    original = seed.read_bytes()
    try:
        seed.write_bytes(original.replace("今後も".encode(), "今後とも".encode(), 1))
        _build(raw, tmp_path / "cache", 1)
    finally:
        seed.write_bytes(original)
    assert len(list((tmp_path / "cache" / "parts").iterdir())) == 5  # one new part, FY2021


def test_a_damaged_cache_entry_is_computed_again_with_a_warning(raw, tmp_path):
    cold = _build(raw, tmp_path / "cache", 1)
    entry = sorted((tmp_path / "cache" / "parts").iterdir())[0]
    (entry / "tokens.arrow").write_bytes(b"not an Arrow file")
    warm = _build(raw, tmp_path / "cache", 1)
    damaged = [w for w in warm[2] if "unreadable cache entry, computing it again" in w]
    assert len(damaged) == 1 and damaged[0].startswith(entry.name)
    for name in cold[1]:
        pd.testing.assert_frame_equal(cold[1][name], warm[1][name], check_exact=True, obj=name)


def test_few_files_are_worked_in_this_process(monkeypatch):
    """The worker processes start from ten files on (below, starting them costs more than
    the second core saves); `PLAN_ANALYSIS_WORKERS` overrides."""
    import os

    from plan_analysis.pipeline import default_workers

    monkeypatch.delenv("PLAN_ANALYSIS_WORKERS", raising=False)
    cores = os.cpu_count() or 1
    assert [default_workers(n) for n in (1, 2, 9, 10, 40)] == [1, 1, 1, cores, cores]
    assert default_workers() == cores  # the report's notebook kernels
    monkeypatch.setenv("PLAN_ANALYSIS_WORKERS", "3")
    assert [default_workers(n) for n in (1, 10)] == [3, 3]

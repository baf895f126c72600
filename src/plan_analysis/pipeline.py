"""The main job's data stage: raw tables → every processed table, as DataFrames.

`build_frames` is what `plan-analysis process` writes to `data/processed/`; notebooks and the
report read those files back with `output_sets.read_frames`. Each stage is a wing's function, taking
the one `Reference` read for the run; this module only wires them in order, and checks
every table against its declaration in `schema` before it leaves.

What needs one file only — loading it, tokenizing it, deciding its measures — runs per file,
on every core (`workers`); the parts are merged in fiscal-year order, so the result is the
same as on one core, byte for byte. Comparing years and everything after needs the years
together and runs once.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from . import caching, schema
from .errors import PlanAnalysisWarning
from .load import Tables, load_table, stack, table_files
from .measures import item_measures, roll_up_measures, workload_frames
from .measures.overrides import apply_overrides
from .reference import Reference
from .text import tokenize_segments
from .years import measure_trends, year_tables


def check_frames(frames: dict[str, pd.DataFrame]) -> None:
    """Every table as declared in `schema.TABLES` (an internal error otherwise: a table the
    code produces differs from the data model the README and the notebooks rely on)."""
    problems = [m for name, df in frames.items() if (m := schema.mismatch(name, df))]
    if problems:
        raise AssertionError("; ".join(f"{m.table}: {', '.join(m.problems)}" for m in problems))


@dataclass(frozen=True)
class FilePart:
    """What one raw file gives on its own: its tables, sentences, tokens and measures (before
    the analyst's decisions, which follow the lineage across years), and the warnings raised
    while building them, in order (message, category), to be raised again by the caller."""

    tables: Tables
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    measures: pd.DataFrame
    raised: list[tuple[str, type[Warning]]]

    @property
    def fiscal_year(self) -> int:
        return int(self.tables.documents["fiscal_year"].iat[0])


def _computed_part(
    path: Path, reference: Reference, cache_dir: Path | None, fiscal_year: int | None
) -> FilePart:
    tables = load_table(path, reference.load, fiscal_year=fiscal_year)
    sentences, tokens = tokenize_segments(tables.segments, reference.dictionaries, cache_dir)
    measures = item_measures(tables.items, sentences, tokens, reference.rules)
    return FilePart(tables, sentences, tokens, measures, [])


def _cached_part(
    path: Path, reference: Reference, cache_dir: Path, fiscal_year: int | None
) -> FilePart:
    """The part stored for the same bytes, name, year, reference data and code, or computed
    and stored (a cached part raises the loader's warnings again, nothing else)."""
    key = caching.key_of(caching.file_digest(path), path.name, str(fiscal_year),
                         caching.folder_digest(reference.folder), caching.code_digest())  # fmt: skip
    folder = Path(cache_dir) / "parts" / key
    stored = caching.read_frames(folder)
    if stored is not None:
        frames, lists = stored
        tables = Tables(**{name: frames.pop(name) for name in Tables.frame_names()}, **lists)
        for message in tables.warnings:
            warnings.warn(message, PlanAnalysisWarning, stacklevel=2)
        return FilePart(tables, frames["sentences"], frames["tokens"], frames["measures"], [])
    part = _computed_part(path, reference, cache_dir, fiscal_year)
    frames = {**part.tables.frames(), "sentences": part.sentences, "tokens": part.tokens,
              "measures": part.measures}  # fmt: skip
    lists = {"warnings": part.tables.warnings, "skipped": part.tables.skipped}
    caching.store_frames(folder, frames, lists)
    return part


def file_part(
    path: Path, reference: Reference, cache_dir: Path | None, fiscal_year: int | None
) -> FilePart:
    """Load, tokenize and measure one raw file (in a worker process or not), from the cache
    in `cache_dir` when a run made it from the same inputs; the warnings raised on the way
    are kept in `raised`, for the caller to raise again in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if cache_dir is None:
            part = _computed_part(path, reference, None, fiscal_year)
        else:
            part = _cached_part(path, reference, cache_dir, fiscal_year)
    return dataclasses.replace(part, raised=[(str(w.message), w.category) for w in caught])


def default_workers() -> int:
    """Worker processes for the per-file work: every core, or `PLAN_ANALYSIS_WORKERS`."""
    return int(os.environ.get("PLAN_ANALYSIS_WORKERS") or os.cpu_count() or 1)


def _file_parts(
    files: list[Path], work: Callable[[Path], FilePart], workers: int
) -> Iterable[FilePart]:
    """`work` on every file, in file order; on `workers` processes when more than one file
    and one worker (the forkserver: no thread of this process is copied into a worker)."""
    if workers <= 1 or len(files) <= 1:
        yield from map(work, files)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(min(workers, len(files)), mp_context=context) as pool:
        yield from pool.map(work, files)


def _concat(parts: list[FilePart], name: str) -> pd.DataFrame:
    return pd.concat([getattr(p, name) for p in parts], ignore_index=True)


def build_frames(
    paths: Iterable[str | Path],
    reference: Reference,
    *,
    cache_dir: Path | None = None,
    fiscal_year: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    each: Callable[[list[Path]], Iterable[Path]] = iter,
    workers: int | None = None,
) -> tuple[Tables, dict[str, pd.DataFrame]]:
    """Load the raw tables and compute every processed table (name → DataFrame).

    `cache_dir` keeps the tokens between runs; `progress` hears one line per stage; `each`
    wraps the list of raw files (a progress bar); `workers` processes share the per-file
    work (default: `default_workers()`).
    """
    progress("load, tokenize (fugashi + unidic-lite, cached) and measure each table")
    files, skipped = table_files(paths, reference.load, fiscal_year=fiscal_year)
    work = partial(file_part, reference=reference, cache_dir=cache_dir, fiscal_year=fiscal_year)
    parts = []
    running = _file_parts(files, work, workers or default_workers())
    for _, part in zip(each(files), running, strict=True):
        for message, category in part.raised:
            warnings.warn(message, category, stacklevel=2)
        parts.append(part)
    tables = stack([p.tables for p in parts])
    tables.skipped = [*skipped, *tables.skipped]
    parts.sort(key=lambda p: p.fiscal_year)  # as `stack` orders the years
    frames = tables.frames()
    frames["load_warnings"] = pd.DataFrame({"message": tables.warnings}, dtype=str)
    frames["sentences"], frames["tokens"] = _concat(parts, "sentences"), _concat(parts, "tokens")
    progress("compare years")
    years = year_tables(tables, reference.years)
    # the analyst's decisions win, and go on to next year's item through the lineage
    measures = apply_overrides(
        _concat(parts, "measures"), reference.rules.overrides, tables.items, years["year_links"]
    )
    frames["item_measures"] = measures
    frames["measure_counts"] = roll_up_measures(measures, tables)
    frames |= workload_frames(tables.items, tables.item_departments, tables.segments)
    frames |= years
    frames |= measure_trends(measures, tables.items)
    check_frames(frames)
    return tables, frames

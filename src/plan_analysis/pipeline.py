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
import itertools
import math
import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
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


#: Files measured in one call: the measures are per item, so one call over several files
#: gives the rows one call per file gives, at a fraction of pandas' cost per call (0.15 s
#: a table in a batch of 8, 0.5 s alone); a worker takes a batch at a time.
BATCH_FILES = 8


def _loaded(
    path: Path, reference: Reference, cache_dir: Path | None, fiscal_year: int | None
) -> tuple[Tables, pd.DataFrame, pd.DataFrame]:
    """One raw file's tables, sentences and tokens."""
    tables = load_table(path, reference.load, fiscal_year=fiscal_year)
    sentences, tokens = tokenize_segments(tables.segments, reference.dictionaries, cache_dir)
    return tables, sentences, tokens


def _measured(
    loaded: list[tuple[Tables, pd.DataFrame, pd.DataFrame]], reference: Reference
) -> list[pd.DataFrame]:
    """The item measures of several files, computed in one call and split back per file."""
    items = pd.concat([tables.items for tables, _, _ in loaded], ignore_index=True)
    sentences, tokens = (
        pd.concat([frames[i] for frames in loaded], ignore_index=True) for i in (1, 2)
    )
    measures = item_measures(items, sentences, tokens, reference.rules)
    bounds = np.cumsum([0, *(len(tables.items) for tables, _, _ in loaded)])
    return [measures.iloc[a:b].reset_index(drop=True) for a, b in itertools.pairwise(bounds)]


def _part_folder(
    path: Path, reference: Reference, cache_dir: Path, fiscal_year: int | None
) -> Path:
    """The part cache's entry of the same bytes, name, year, reference data and code."""
    key = caching.key_of(caching.file_digest(path), path.name, str(fiscal_year),
                         caching.folder_digest(reference.folder), caching.code_digest())  # fmt: skip
    return Path(cache_dir) / "parts" / key


def _stored_part(folder: Path) -> FilePart | None:
    """The part stored in `folder` (raising the loader's warnings again), or None."""
    stored = caching.read_frames(folder)
    if stored is None:
        return None
    frames, lists = stored
    tables = Tables(**{name: frames.pop(name) for name in Tables.frame_names()}, **lists)
    for message in tables.warnings:
        warnings.warn(message, PlanAnalysisWarning, stacklevel=2)
    return FilePart(tables, frames["sentences"], frames["tokens"], frames["measures"], [])


def _store_part(folder: Path, part: FilePart) -> None:
    frames = {**part.tables.frames(), "sentences": part.sentences, "tokens": part.tokens,
              "measures": part.measures}  # fmt: skip
    lists = {"warnings": part.tables.warnings, "skipped": part.tables.skipped}
    caching.store_frames(folder, frames, lists)


def file_parts(
    paths: list[Path], reference: Reference, cache_dir: Path | None, fiscal_year: int | None
) -> list[FilePart]:
    """Load, tokenize and measure raw files (in a worker process or not): each from the
    cache in `cache_dir` when a run made it from the same inputs, the others measured
    together (`BATCH_FILES`) and stored. The warnings raised on the way are kept in each
    part's `raised` (the measures' after the last file's), for the caller to raise again."""
    parts: list[FilePart | None] = []
    raised: list[list[tuple[str, type[Warning]]]] = []
    computed: dict[int, tuple[Tables, pd.DataFrame, pd.DataFrame]] = {}
    folders = [None if cache_dir is None else _part_folder(p, reference, cache_dir, fiscal_year)
               for p in paths]  # fmt: skip
    for i, (path, folder) in enumerate(zip(paths, folders, strict=True)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            part = None if folder is None else _stored_part(folder)
            if part is None:
                computed[i] = _loaded(path, reference, cache_dir, fiscal_year)
        parts.append(part)
        raised.append([(str(w.message), w.category) for w in caught])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        measures = _measured(list(computed.values()), reference) if computed else []
        for i, measured in zip(computed, measures, strict=True):
            parts[i] = part = FilePart(*computed[i], measured, [])
            if folders[i] is not None:
                _store_part(folders[i], part)
    raised[-1].extend((str(w.message), w.category) for w in caught)
    return [dataclasses.replace(p, raised=r) for p, r in zip(parts, raised, strict=True) if p]


#: Fewer table files than this are worked in this process: starting the worker processes (a
#: forkserver that imports the package) costs more than a second core saves on fewer than
#: about ten tables of the seed's size (2 tables: 2.1 s in one process, 2.5 s on two; 8:
#: 3.0 s and 3.1 s; 10: 3.6 s and 3.4 s; 20: 5.5 s and 5.0 s).
POOL_MIN_FILES = 10


def default_workers(n_files: int | None = None) -> int:
    """Worker processes: `PLAN_ANALYSIS_WORKERS` if set, else every core — but one for the
    per-file work of fewer than `POOL_MIN_FILES` files (`n_files`)."""
    if os.environ.get("PLAN_ANALYSIS_WORKERS"):
        return int(os.environ["PLAN_ANALYSIS_WORKERS"])
    if n_files is not None and n_files < POOL_MIN_FILES:
        return 1
    return os.cpu_count() or 1


def batches(files: list[Path], workers: int) -> list[list[Path]]:
    """`files` in order, cut in batches of at most `BATCH_FILES`, as many batches as a
    multiple of `workers` (every worker gets about as many files)."""
    workers = max(1, workers)
    count = workers * math.ceil(len(files) / (workers * BATCH_FILES))
    size = max(1, math.ceil(len(files) / max(1, count)))
    return [files[i : i + size] for i in range(0, len(files), size)]


def _file_parts(
    files: list[Path], work: Callable[[list[Path]], list[FilePart]], workers: int
) -> Iterable[FilePart]:
    """`work` on every batch of files, the parts in file order; on `workers` processes when
    more than one batch and one worker (the forkserver: no thread of this process is copied
    into a worker)."""
    cut = batches(files, workers)
    if workers <= 1 or len(cut) <= 1:
        for batch in cut:
            yield from work(batch)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(min(workers, len(cut)), mp_context=context) as pool:
        for parts in pool.map(work, cut):
            yield from parts


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
    work (default: `default_workers`, by the number of files).
    """
    progress("load, tokenize (fugashi + unidic-lite, cached) and measure each table")
    files, skipped = table_files(paths, reference.load, fiscal_year=fiscal_year)
    work = partial(file_parts, reference=reference, cache_dir=cache_dir, fiscal_year=fiscal_year)
    parts = []
    running = _file_parts(files, work, workers or default_workers(len(files)))
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

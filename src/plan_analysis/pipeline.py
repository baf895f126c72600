"""The main job's data stage: raw tables → every processed table, as DataFrames.

`build_frames` is what `plan-analysis process` writes to `data/processed/`; notebooks and the
report read those files back with `output_sets.read_frames`. Each stage is a wing's function, taking
the one `Reference` read for the run; this module only wires them in order, and checks
every table against its declaration in `schema` before it leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import schema
from .load import Tables, load_tables
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


def build_frames(
    paths: Iterable[str | Path],
    reference: Reference,
    *,
    cache_dir: Path | None = None,
    fiscal_year: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    each: Callable[[list[Path]], Iterable[Path]] = iter,
) -> tuple[Tables, dict[str, pd.DataFrame]]:
    """Load the raw tables and compute every processed table (name → DataFrame).

    `cache_dir` keeps the tokens between runs; `progress` hears one line per stage; `each`
    wraps the list of raw files (a progress bar).
    """
    progress("load raw tables")
    tables = load_tables(paths, reference.load, fiscal_year=fiscal_year, each=each)
    frames = tables.frames()
    frames["load_warnings"] = pd.DataFrame({"message": tables.warnings}, dtype=str)
    progress("tokenize (fugashi + unidic-lite, cached)")
    sentences, tokens = tokenize_segments(tables.segments, reference.dictionaries, cache_dir)
    frames["sentences"], frames["tokens"] = sentences, tokens
    progress("compare years")
    years = year_tables(tables, reference.years)
    progress("measure themes")
    measures = item_measures(tables.items, sentences, tokens, reference.rules)
    # the analyst's decisions win, and go on to next year's item through the lineage
    measures = apply_overrides(
        measures, reference.rules.overrides, tables.items, years["year_links"]
    )
    frames["item_measures"] = measures
    frames["measure_counts"] = roll_up_measures(measures, tables)
    frames |= workload_frames(tables.items, tables.item_departments, tables.segments)
    frames |= years
    frames |= measure_trends(measures, tables.items)
    check_frames(frames)
    return tables, frames

"""The main job's data stage: raw tables → every processed table, as DataFrames.

`build_frames` is what `plan-analysis process` writes to `data/processed/`; notebooks and the
report read those files back with `read_frames`. Each stage is a library function; this
module only wires them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from .coding import load_rules
from .dictionaries import CODING_RULES_FILE, load_dictionaries
from .load import Tables, load_tables
from .measures import (
    COVID_EFFECT_CATEGORIES,
    PLAN_TYPES,
    item_measures,
    load_theme_rules,
    measure_counts,
)
from .text import tokenize_segments
from .trends import measure_trend
from .workload import (
    co_ownership,
    department_goal_counts,
    items_per_department,
    items_per_division,
    text_volume,
)
from .years import year_tables

#: The groupings of the measure roll-ups: (group column, table that maps items to it).
ROLL_UPS: tuple[tuple[str, str], ...] = (
    ("goal_no", "items"),
    ("area_no", "items"),
    ("department", "item_departments"),
    ("division", "item_departments"),
)


def roll_up_measures(measures: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """COVID effect and plan type counted per goal, area, section and division (long form)."""
    parts = []
    for column, categories in (
        ("covid_effect", COVID_EFFECT_CATEGORIES),
        ("plan_type", PLAN_TYPES),
    ):
        for by, source in ROLL_UPS:
            groups = getattr(tables, source)
            if by == "area_no":
                groups = groups.assign(
                    area_no=groups["goal_no"].astype(str) + "-" + groups["area_no"].astype(str)
                )
            counts = measure_counts(measures, groups, by, column, categories)
            parts.append(
                counts.rename(columns={by: "group", column: "category"}).assign(
                    measure=column, group_by=by, group=lambda d: d["group"].astype(str)
                )
            )
    cols = ["fiscal_year", "measure", "group_by", "group", "category", "n", "n_items", "share"]
    return pd.concat(parts, ignore_index=True)[cols]


def workload_frames(tables: Tables) -> dict[str, pd.DataFrame]:
    """The workload tables of every loaded year."""
    items, owners = tables.items, tables.item_departments
    return {
        "workload_departments": items_per_department(items, owners),
        "workload_divisions": items_per_division(items, owners),
        "text_volume": text_volume(items, owners, tables.segments),
        "co_ownership": co_ownership(items, owners),
        "department_goal": department_goal_counts(items, owners),
    }


def build_frames(
    paths: Iterable[str | Path],
    *,
    reference_dir: Path,
    cache_dir: Path,
    fiscal_year: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    each: Callable[[list[Path]], Iterable[Path]] = iter,
) -> tuple[Tables, dict[str, pd.DataFrame]]:
    """Load the raw tables and compute every processed table (name → DataFrame).

    `progress` hears one line per stage; `each` wraps the list of raw files (a progress bar).
    """
    progress("load raw tables")
    tables = load_tables(paths, fiscal_year=fiscal_year, reference_dir=reference_dir, each=each)
    frames = tables.frames()
    frames["load_warnings"] = pd.DataFrame({"message": tables.warnings}, dtype=str)
    progress("tokenize (fugashi + unidic-lite, cached)")
    sentences, tokens = tokenize_segments(
        tables.segments, load_dictionaries(reference_dir), cache_dir
    )
    frames["sentences"], frames["tokens"] = sentences, tokens
    progress("measure themes")
    measures = item_measures(
        tables.items,
        sentences,
        tokens,
        load_theme_rules(reference_dir),
        load_rules(reference_dir / CODING_RULES_FILE),
    )
    frames["item_measures"] = measures
    frames["measure_counts"] = roll_up_measures(measures, tables)
    frames |= workload_frames(tables)
    progress("compare years")
    frames |= year_tables(tables, reference_dir)
    frames["covid_trend"] = measure_trend(measures, "covid_effect", items=tables.items)
    frames["plan_trend"] = measure_trend(measures, "plan_type", items=tables.items)
    return tables, frames


def read_frames(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """Every processed table in `processed_dir` (read from Parquet), by name."""
    return {p.stem: pd.read_parquet(p) for p in sorted(processed_dir.glob("*.parquet"))}

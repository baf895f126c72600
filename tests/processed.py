"""The processed tables of the seed, and of the seed plus a FY2022 table, for figure and
notebook tests (what `plan-analysis process` would write to data/processed/)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.pipeline import build_frames

from .conftest import REFERENCE, SEED, ref, write_xlsx
from .second_year import second_year_rows


def seed_frames(cache_dir: Path) -> dict[str, pd.DataFrame]:
    """Every processed table of the R3 seed."""
    return build_frames([SEED], ref(REFERENCE), cache_dir=cache_dir)[1]


def two_year_frames(raw_dir: Path, cache_dir: Path) -> dict[str, pd.DataFrame]:
    """FY2021 (the seed) and FY2022 (tests/second_year.py, written to `raw_dir` as .xlsx).

    The FY2022 table renames a section that the project's reference data does not know yet:
    the loader warns and keeps it, which does not matter for charts and notebooks.
    """
    fy2022 = write_xlsx(raw_dir / "r4_progress.xlsx", second_year_rows())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        return build_frames([SEED, fy2022], ref(REFERENCE), cache_dir=cache_dir)[1]


def three_year_frames(raw_dir: Path, cache_dir: Path) -> dict[str, pd.DataFrame]:
    """FY2021–FY2023: the seed, tests/second_year.py (.xlsx) and tests/third_year.py (a CP932
    .csv). Its reorganisations are not declared: the loader warns and keeps the new names,
    which does not matter for charts and notebooks."""
    from .conftest import write_cp932_csv
    from .third_year import third_year_rows

    fy2022 = write_xlsx(raw_dir / "r4_progress.xlsx", second_year_rows())
    fy2023 = write_cp932_csv(raw_dir / "r5_progress.csv", third_year_rows())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        return build_frames([SEED, fy2022, fy2023], ref(REFERENCE), cache_dir=cache_dir)[1]

"""Read the analyst-editable reference files of `data/reference/` (CSV with # comments)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import PlanAnalysisError


def read_reference_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A reference CSV (UTF-8, `#` comment lines at the top) as strings; checks its columns."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PlanAnalysisError(f"cannot read reference file ({exc.strerror})", file=path) from exc
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    df = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise PlanAnalysisError(
            f"reference file lacks column(s) {missing}; found {list(df.columns)}", file=path
        )
    return df.apply(lambda col: col.str.strip())


def reject_rows(df: pd.DataFrame, bad: pd.Series, path: Path, problem: str) -> None:
    """Raise naming the first row of a reference CSV (as read, all strings) where `bad` holds."""
    if bad.any():
        row = df[bad].iloc[0]
        raise PlanAnalysisError(f"row {','.join(row)}: {problem}", file=path)

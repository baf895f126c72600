"""Read the analyst-editable reference files of `data/reference/` (CSV with # comments)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import PlanAnalysisError


def read_reference_text(path: Path, *, required: bool = False) -> str:
    """The text of a reference file (UTF-8, BOM allowed). A missing optional file reads as
    empty; a missing required one, an unreadable or a non-UTF-8 one is a `PlanAnalysisError`."""
    if not required and not path.is_file():
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanAnalysisError("not UTF-8 text; save it as UTF-8", file=path) from exc
    except OSError as exc:
        raise PlanAnalysisError(f"cannot read reference file ({exc.strerror})", file=path) from exc


def read_reference_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, stripped line) of a reference file, without blank and `#` comment lines."""
    text = read_reference_text(path)
    lines = ((no, line.strip()) for no, line in enumerate(text.splitlines(), start=1))
    return [(no, line) for no, line in lines if line and not line.startswith("#")]


def read_reference_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """A reference CSV (UTF-8, `#` comment lines at the top) as strings; checks its columns."""
    text = read_reference_text(path, required=True)
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

"""Read the analyst-editable reference files of `data/reference/` (CSV with # comments)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .errors import PlanAnalysisError, quoted


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
    """A reference CSV (UTF-8, `#` comment lines at the top) as strings; checks its columns.

    A quote never closed, text after a closing quote or a row with more fields than the
    header is a `PlanAnalysisError` naming the file and the line; a shorter row is padded
    with empty values and blank rows are skipped.
    """
    text = read_reference_text(path, required=True)
    header, rows = _csv_rows(path, text)
    missing = [c for c in required if c not in header]
    if missing:
        raise PlanAnalysisError(
            f"reference file lacks column(s) {missing}; found {header}", file=path
        )
    padded = [cells + [""] * (len(header) - len(cells)) for cells in rows]
    df = pd.DataFrame(padded, columns=header, dtype=str)
    return df.apply(lambda col: col.str.strip())


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a reference CSV's text, comment lines left out."""
    lines = enumerate(text.splitlines(), start=1)
    body = [(no, ln) for no, ln in lines if not ln.lstrip().startswith("#")]
    reader = csv.reader((line + "\n" for _, line in body), strict=True)
    records: list[list[str]] = []
    header: list[str] | None = None
    while True:
        first = reader.line_num  # index in `body` of the record's first line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            no, line = body[first]
            problem = (
                'a quote (") opened here is never closed'
                if "end of data" in str(exc)
                else 'text follows a closing quote (a quote inside a quoted value is written "")'
            )
            raise PlanAnalysisError(
                f"{problem}: {quoted(line)}", file=path, position=f"line {no}"
            ) from exc
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            no, line = body[first]
            raise PlanAnalysisError(
                f"row has {len(cells)} fields, the header has {len(header)} "
                f'(a value holding a comma needs quotes: "a,b"): {quoted(line)}',
                file=path,
                position=f"line {no}",
            )
        records.append(cells)
    return header or [], records


def reject_rows(df: pd.DataFrame, bad: pd.Series, path: Path, problem: str) -> None:
    """Raise naming the first row of a reference CSV (as read, all strings) where `bad` holds."""
    if bad.any():
        row = df[bad].iloc[0]
        raise PlanAnalysisError(f"row {','.join(row)}: {problem}", file=path)

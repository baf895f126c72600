"""Load progress tables into the tidy tables of DESIGN.md §3.

`load_table` reads one file (any supported format) → `Tables`; `load_tables` stacks several
files of different fiscal years. Warnings are issued as `PlanAnalysisWarning` and kept in
`Tables.warnings`; bad input raises `PlanAnalysisError`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from ..config import SUPPORTED_SUFFIXES
from ..errors import PlanAnalysisError, PlanAnalysisWarning, quoted, warning_text
from ..schema import TABLES, TEXT_COLUMNS
from .departments import is_owner_name, item_departments, unknown_owners
from .fiscal_year import resolve_fiscal_year
from .headers import HeaderNames
from .normalize import normalize_text, split_segments, strip_repost_mark
from .readers import not_a_file, read_raw
from .reposts import mark_reposts
from .structure import ParsedTable, parse_table


@dataclass(frozen=True)
class LoadReference:
    """What the loader takes from the reference folder: the department directory, the
    accepted header names, and how messages name the directory file for the analyst."""

    directory: pd.DataFrame
    headers: HeaderNames
    directory_file: str


@dataclass
class Tables:
    """The tidy tables of one or more loaded files, plus the warnings raised on the way."""

    documents: pd.DataFrame
    sections: pd.DataFrame
    items: pd.DataFrame
    item_departments: pd.DataFrame
    segments: pd.DataFrame
    source_lines: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Table name → DataFrame, in a stable order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "warnings"}


def _items_frame(parsed: ParsedTable, fiscal_year: int) -> pd.DataFrame:
    rows = []
    for item in parsed.items:
        name_raw = item.cells["name"]
        name, marked = strip_repost_mark(normalize_text(name_raw))
        row = {
            "fiscal_year": fiscal_year,
            "item_id": f"{fiscal_year}-{item.seq:03d}",
            "seq": item.seq,
            "goal_no": item.goal_no,
            "area_no": item.area_no,
            "name": name,
            "is_marked_repost": marked,
            "owner_raw": item.cells["owner"],
        }
        row.update({col: normalize_text(item.cells[col]) for col in TEXT_COLUMNS})
        row["name_raw"] = name_raw
        row.update({f"{col}_raw": item.cells[col] for col in TEXT_COLUMNS})
        row.update(
            source_file=parsed.raw.path.name,
            source_sheet=item.row.sheet or "",
            source_line=item.row.line,
        )
        rows.append(row)
    df = pd.DataFrame(rows)
    df["area_no"] = df["area_no"].astype("Int64")
    df = mark_reposts(df, df.pop("is_marked_repost"))
    front = ["fiscal_year", "item_id", "seq", "goal_no", "area_no", "name", "owner_raw"]
    rest = [c for c in df.columns if c not in front]
    return df[front + rest]


def _sections_frame(parsed: ParsedTable, fiscal_year: int) -> pd.DataFrame:
    rows = [
        {
            "fiscal_year": fiscal_year,
            "goal_no": goal,
            "goal_title": parsed.goals.get(goal, ""),
            "area_no": area,
            "area_title": title,
        }
        for goal, area, title in parsed.areas
    ]
    with_areas = {r["goal_no"] for r in rows}
    rows += [
        {
            "fiscal_year": fiscal_year,
            "goal_no": g,
            "goal_title": t,
            "area_no": None,
            "area_title": "",
        }
        for g, t in parsed.goals.items()
        if g not in with_areas
    ]
    df = pd.DataFrame(rows).sort_values(["goal_no", "area_no"], kind="stable", na_position="first")
    df["area_no"] = df["area_no"].astype("Int64")
    return df.reset_index(drop=True)


def _segments_frame(items: pd.DataFrame, directory: pd.DataFrame) -> pd.DataFrame:
    known = dict(zip(directory["department"], directory["division"], strict=True))
    rows = [
        {
            "fiscal_year": item["fiscal_year"],
            "item_id": item["item_id"],
            "column": col,
            "seg_no": n,
            "department": seg.department,
            "division": known.get(seg.department, ""),
            "text": seg.text,
            "text_raw": seg.text_raw,
        }
        for item in items.to_dict("records")
        for col in TEXT_COLUMNS
        for n, seg in enumerate(
            split_segments(item[f"{col}_raw"], lambda name: is_owner_name(name, directory)),
            start=1,
        )
    ]
    columns = [c.name for c in TABLES["segments"].columns]
    return pd.DataFrame(rows, columns=columns).astype({"fiscal_year": "int64", "seg_no": "int64"})


def _lines_frame(parsed: ParsedTable, fiscal_year: int) -> pd.DataFrame:
    df = pd.DataFrame(
        [vars(rec) for rec in parsed.lines], columns=["sheet", "line", "kind", "text"]
    )
    df.insert(0, "source_file", parsed.raw.path.name)
    df.insert(0, "fiscal_year", fiscal_year)
    return df.sort_values(["sheet", "line"], kind="stable").reset_index(drop=True)


def load_table(
    path: str | Path, reference: LoadReference, *, fiscal_year: int | None = None
) -> Tables:
    """Read, interpret and normalise one progress-table file."""
    path = Path(path)
    raw = read_raw(path, reference.headers)
    parsed = parse_table(raw, reference.headers)
    year = resolve_fiscal_year(parsed.title, path, fiscal_year)
    directory = reference.directory
    items = _items_frame(parsed, year)
    owners = item_departments(items, directory)
    segments = _segments_frame(items, directory)
    problems = [*raw.warnings, *parsed.warnings]  # what reading changed, then structure
    problems += [
        warning_text(
            f"owner {quoted(name)!r} is not in {reference.directory_file}: kept with an empty division",
            file=path,
        )
        for name in unknown_owners(owners, segments)
    ]
    for problem in problems:
        warnings.warn(problem, PlanAnalysisWarning, stacklevel=2)
    documents = pd.DataFrame(
        [
            {
                "fiscal_year": year,
                "plan_title": parsed.title or "",
                "source_file": path.name,
                "source_format": parsed.raw.source_format,
                "encoding": parsed.raw.encoding or "",
                "sha256": parsed.raw.sha256,
                "n_items": len(items),
                "n_goals": len(parsed.goals),
                "n_areas": len(parsed.areas),
                "n_lines": len(parsed.lines),
                "n_warnings": len(problems),
            }
        ]
    )
    return Tables(
        documents=documents,
        sections=_sections_frame(parsed, year),
        items=items,
        item_departments=owners,
        segments=segments,
        source_lines=_lines_frame(parsed, year),
        warnings=problems,
    )


def raw_files(folder: Path) -> list[Path]:
    """Supported input files in `folder`, sorted by name (hidden and temporary files skipped).

    A symbolic link to a file outside the folder is refused (not followed: what it points
    at is nobody's input table), and so is an entry with a table's ending that is no
    regular file (a directory, FIFO or device named like a table).
    """
    inside = folder.resolve()
    found = []
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in SUPPORTED_SUFFIXES or p.name.startswith((".", "~$")):
            continue
        if p.is_symlink() and inside not in p.resolve().parents:
            raise PlanAnalysisError(
                "is a symbolic link to a file outside the input folder: not followed; "
                "copy the file into the folder to load it",
                file=p,
            )
        try:
            what = not_a_file(p.stat().st_mode)
        except OSError as exc:
            raise PlanAnalysisError(f"cannot read the file ({exc.strerror})", file=p) from exc
        if what is not None:
            raise PlanAnalysisError(f"is {what}, not a regular file: only files are read", file=p)
        found.append(p)
    return found


def stack(parts: Iterable[Tables]) -> Tables:
    """Concatenate the tables of several files; two files of one fiscal year are an error."""
    parts = list(parts)
    seen: dict[int, str] = {}
    for part in parts:
        year = int(part.documents["fiscal_year"].iat[0])
        name = str(part.documents["source_file"].iat[0])
        if year in seen:
            raise PlanAnalysisError(
                f"two tables for fiscal year {year}: {seen[year]} and {name}; "
                "keep one in the input folder or name the files to load explicitly"
            )
        seen[year] = name
    parts.sort(key=lambda t: int(t.documents["fiscal_year"].iat[0]))
    frames = {
        name: pd.concat([p.frames()[name] for p in parts], ignore_index=True)
        for name in parts[0].frames()
    }
    return Tables(**frames, warnings=[w for p in parts for w in p.warnings])


def load_tables(
    paths: Iterable[str | Path],
    reference: LoadReference,
    *,
    fiscal_year: int | None = None,
    each: Callable[[list[Path]], Iterable[Path]] = iter,
) -> Tables:
    """Load and stack several files; a folder stands for its supported files.

    `each` wraps the list of files as they are loaded (e.g. a progress bar).
    """
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(raw_files(p) if p.is_dir() else [p])
    if not files:
        raise PlanAnalysisError("no input files (supported: " + ", ".join(SUPPORTED_SUFFIXES) + ")")
    if fiscal_year is not None and len(files) > 1:
        raise PlanAnalysisError("--fiscal-year applies to a single input file only")
    return stack(load_table(f, reference, fiscal_year=fiscal_year) for f in each(files))

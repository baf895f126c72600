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

from ..config import (
    IMAGE_SUFFIXES,
    NOTE_MAX_MULTI_CELL_ROWS,
    OTHER_WORKBOOK_SUFFIXES,
    SUPPORTED_SUFFIXES,
    WORD_SUFFIXES,
)
from ..errors import PlanAnalysisError, PlanAnalysisWarning, quoted, warning_text
from ..schema import TABLES, TEXT_COLUMNS
from .departments import is_owner_name, item_departments, unknown_owners
from .extra_columns import ColumnType, item_values
from .fiscal_year import resolve_fiscal_year
from .headers import HeaderNames
from .markers import looks_like_title, parse_goal
from .normalize import normalize_text, split_segments, strip_repost_mark
from .readers import RawTable, not_a_file, read_raw
from .reorganisations import Reorganisations
from .reposts import mark_reposts
from .structure import ParsedTable, parse_table


@dataclass(frozen=True)
class LoadReference:
    """What the loader takes from the reference folder: the department directory and the
    reorganisations since (which divisions sections belong to, year by year), the accepted
    header names (core, structure and extra columns) with the kinds of the typed extra
    columns, and how messages name the directory file for the analyst."""

    directory: pd.DataFrame
    headers: HeaderNames
    directory_file: str
    reorganisations: Reorganisations = field(default_factory=Reorganisations)
    column_types: dict[str, ColumnType] = field(default_factory=dict)

    def directory_in(self, fiscal_year: int) -> pd.DataFrame:
        """The directory as organised in `fiscal_year` (moved sections in their division)."""
        return self.reorganisations.directory_in(self.directory, fiscal_year)


@dataclass
class Tables:
    """The tidy tables of one or more loaded files, plus the warnings raised on the way and
    the files of an input folder that were skipped as no tables (one line each: the file's
    name and what it is)."""

    documents: pd.DataFrame
    sections: pd.DataFrame
    items: pd.DataFrame
    item_departments: pd.DataFrame
    segments: pd.DataFrame
    source_lines: pd.DataFrame
    item_values: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Table name → DataFrame, in a stable order."""
        return {name: getattr(self, name) for name in self.frame_names()}

    @classmethod
    def frame_names(cls) -> tuple[str, ...]:
        """The names of its tables (every field but the two lists), in a stable order."""
        return tuple(f.name for f in fields(cls) if f.name not in ("warnings", "skipped"))


def _items_frame(parsed: ParsedTable, fiscal_year: int, extras: tuple[str, ...]) -> pd.DataFrame:
    """One row per item, built column by column (normalised and raw text, where it came
    from), reposts marked, the declared extra columns last."""
    items = parsed.items
    raw = {col: [item.cells[col] for item in items] for col in ("name", "owner", *TEXT_COLUMNS)}
    names, marked = zip(*(strip_repost_mark(normalize_text(n)) for n in raw["name"]), strict=True)
    seqs = [item.seq for item in items]
    df = pd.DataFrame(
        {
            "fiscal_year": fiscal_year,
            "item_id": [f"{fiscal_year}-{seq:03d}" for seq in seqs],
            "seq": seqs,
            "goal_no": [item.goal_no for item in items],
            "area_no": pd.array([item.area_no for item in items], dtype="Int64"),
            "name": names,
            "owner_raw": raw["owner"],
            **{col: [normalize_text(text) for text in raw[col]] for col in TEXT_COLUMNS},
            "name_raw": raw["name"],
            **{f"{col}_raw": raw[col] for col in TEXT_COLUMNS},
            "source_file": parsed.raw.path.name,
            "source_sheet": [item.row.sheet or "" for item in items],
            "source_line": [item.row.line for item in items],
        }
    )
    df = mark_reposts(df, pd.Series(marked))
    return df.assign(**{col: [item.cells.get(col, "").strip() for item in items] for col in extras})


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
    """One row per paragraph of each text cell, with the owner its tag names and that
    owner's division (the directory read into a lookup once per table)."""
    known = dict(zip(directory["department"], directory["division"], strict=True))

    def is_owner(name: str) -> bool:
        return is_owner_name(name, known)

    cells = zip(
        items["fiscal_year"].tolist(),
        items["item_id"].tolist(),
        *(items[f"{col}_raw"].tolist() for col in TEXT_COLUMNS),
        strict=True,
    )
    rows = [
        (
            year,
            item_id,
            col,
            n,
            seg.department,
            known.get(seg.department, ""),
            seg.text,
            seg.text_raw,
        )
        for year, item_id, *texts in cells
        for col, text in zip(TEXT_COLUMNS, texts, strict=True)
        for n, seg in enumerate(split_segments(text, is_owner), start=1)
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
    path: str | Path,
    reference: LoadReference,
    *,
    fiscal_year: int | None = None,
    raw: RawTable | None = None,
) -> Tables:
    """Read, interpret and normalise one progress-table file; `raw` is the file as
    `read_raw` read it already (`raw_files` does, to tell a note), else it is read here."""
    path = Path(path)
    raw = read_raw(path, reference.headers) if raw is None else raw
    parsed = parse_table(raw, reference.headers)
    year = resolve_fiscal_year(parsed.title, path, fiscal_year, warnings=parsed.warnings)
    directory = reference.directory_in(year)
    found = {col for item in parsed.items for col in item.cells}
    extras = tuple(c for c in reference.headers.extra_columns if c in found)
    items = _items_frame(parsed, year, extras)
    values, value_problems = item_values(items, reference.column_types, file=path)
    owners = item_departments(items, directory)
    segments = _segments_frame(items, directory)
    problems = [*raw.warnings, *parsed.warnings, *value_problems]  # reading, structure, values
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
        item_values=values,
        warnings=problems,
    )


def _kind_of_non_table(path: Path) -> str | None:
    """What a folder entry is when its name says it is no table file (None for a table
    file's ending: .txt, .tsv, .csv, .xlsx, .pdf — a PDF is read as a table)."""
    name, suffix = path.name, path.suffix.lower()
    supported = ", ".join(SUPPORTED_SUFFIXES)
    if name.startswith("~$"):
        return "an Office lock file (the file is open in Excel or Word), not a table"
    if name.startswith("."):
        return "a hidden file, not read"
    if suffix in SUPPORTED_SUFFIXES:  # PDFs too: load/pdf.py reads them
        return None
    if path.is_dir():
        return "a folder, not read (files in subfolders are not loaded)"
    if suffix in OTHER_WORKBOOK_SUFFIXES:
        return f"a {suffix} workbook, not read (open it in Excel and save it as .xlsx)"
    if suffix in WORD_SUFFIXES:
        return "a Word document, not a table file"
    if suffix in IMAGE_SUFFIXES:
        return "an image, not a table file"
    ending = quoted(suffix, 20) if suffix else "no file ending"
    return f"not a table file ({ending}; tables are read from {supported})"


#: Endings of the files that may be notes rather than tables (see `_note`).
_TEXT_SUFFIXES = (".txt", ".tsv", ".csv")


def _note(path: Path, headers: HeaderNames, read: dict[Path, RawTable]) -> str | None:
    """Why a text file of an input folder is a note kept beside the tables, or None when it
    may be a table (then it is loaded, and fails or not as any table does).

    A .txt/.tsv/.csv file, read as the loader reads it (cells split at tabs, in a CSV at its
    delimiter), is a note when none of its rows looks like part of a progress table:

    * no row is a header row, and no cell or space-separated word of any row is a header
      name of `header_aliases.csv` (事業名, 所管課, 担当課, 内容, …);
    * no row is a table title: a fiscal year (令和/平成N年度, 2022年度) with a title word
      (計画, 進行管理, 管理表, 進捗, 評価表), the row's cells read together;
    * no row starts with a goal marker (基本目標N);
    * fewer than NOTE_MAX_MULTI_CELL_ROWS rows have 3 or more filled cells.

    So `メモ：来年度は…` lines are a note, and a table with a misspelt header (rows of
    several cells, a title or goal rows) is not: it stays the loader's error, as does a
    file that cannot be read or decoded, or is empty. The file as read is kept in `read`.
    """
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return None
    try:
        raw = read[path] = read_raw(path, headers)
    except PlanAnalysisError:
        return None  # loading it gives the error
    rows = [[c.strip() for c in r.cells if c.strip()] for r in raw.rows if not r.is_blank]
    if not rows:
        return None
    multi_cell = 0
    for cells in rows:
        words = [w for c in cells for w in c.split()]
        if (
            headers.looks_like_header(tuple(cells))
            or any(headers.column_of(w) is not None for w in (*cells, *words))
            or looks_like_title((" ".join(cells),))
            or parse_goal(cells[0]) is not None
        ):
            return None
        multi_cell += len(cells) >= 3
    if multi_cell >= NOTE_MAX_MULTI_CELL_ROWS:
        return None
    first = quoted(" | ".join(rows[0]), 60)
    return f"not a table (no header row, and no row like a table's; first line: {first!r})"


def raw_files(
    folder: Path,
    *,
    skipped: list[str] | None = None,
    headers: HeaderNames | None = None,
    read: dict[Path, RawTable] | None = None,
) -> list[Path]:
    """Table files in `folder` (.txt, .tsv, .csv, .xlsx), sorted by name.

    Every other entry is skipped, unread, with one line in `skipped` (`name: what it is`):
    Office lock files (~$…), hidden files (.DS_Store …), subfolders, workbooks the
    loader does not open (.xls …: save them as .xlsx), Word documents, images and any other
    ending. With `headers`, a text file that is a note (`_note`) is skipped the same way;
    the text files found read so are kept in `read` (path → `RawTable`) for loading.

    A symbolic link to a file outside the folder is refused (not followed: what it points
    at is nobody's input table), and so is an entry with a table's ending that is no
    regular file (a directory, FIFO or device named like a table).
    """
    skipped = [] if skipped is None else skipped
    read = {} if read is None else read
    inside = folder.resolve()
    found = []
    for p in sorted(folder.iterdir()):
        kind = _kind_of_non_table(p)
        if kind is not None:
            skipped.append(f"{p.name}: {kind}")
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
            raise PlanAnalysisError(
                f"cannot read the file ({exc.strerror})", file=p, path_as_given=True
            ) from exc
        if what is not None:
            raise PlanAnalysisError(f"is {what}, not a regular file: only files are read", file=p)
        note = _note(p, headers, read) if headers is not None else None
        if note is not None:
            skipped.append(f"{p.name}: {note}")
            del read[p]
            continue
        found.append(p)
    return found


def stack(parts: Iterable[Tables]) -> Tables:
    """Concatenate the tables of several files (their warnings and skipped files too); two
    files of one fiscal year are an error."""
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
    fixed = {c.name for c in TABLES["items"].columns}
    extras = [c for c in frames["items"].columns if c not in fixed]
    frames["items"][extras] = frames["items"][extras].fillna("")  # a year without the column
    return Tables(
        **frames,
        warnings=[w for p in parts for w in p.warnings],
        skipped=[s for p in parts for s in p.skipped],
    )


def table_files(
    paths: Iterable[str | Path],
    reference: LoadReference,
    *,
    fiscal_year: int | None = None,
    read: dict[Path, RawTable] | None = None,
) -> tuple[list[Path], list[str]]:
    """The table files of `paths` (a folder stands for its table files) and one line per
    entry of a folder that is no table (notes, Word files, images, lock and hidden files, …;
    see `raw_files`): skipped, it does not stop the run. A file named explicitly is always
    a table file, so a note named so is the loader's error. The text files read to tell a
    note go into `read` (path → `RawTable`), for loading without reading them again."""
    files: list[Path] = []
    skipped: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(raw_files(p, skipped=skipped, headers=reference.headers, read=read))
        else:
            files.append(p)
    if not files:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise PlanAnalysisError(
            f"no input files (supported: {supported})"
            + (f"; skipped: {'; '.join(skipped)}" if skipped else "")
        )
    if fiscal_year is not None and len(files) > 1:
        raise PlanAnalysisError("--fiscal-year applies to a single input file only")
    return files, skipped


def load_tables(
    paths: Iterable[str | Path],
    reference: LoadReference,
    *,
    fiscal_year: int | None = None,
    each: Callable[[list[Path]], Iterable[Path]] = iter,
) -> Tables:
    """Load and stack the tables of `paths` (see `table_files`); any table that fails to
    load stops the run with its error. `each` wraps the list of files as they are loaded
    (e.g. a progress bar)."""
    read: dict[Path, RawTable] = {}  # text files read to tell a note, not read again
    files, skipped = table_files(paths, reference, fiscal_year=fiscal_year, read=read)
    tables = stack(
        load_table(f, reference, fiscal_year=fiscal_year, raw=read.pop(f, None))
        for f in each(files)
    )
    tables.skipped = [*skipped, *tables.skipped]
    return tables

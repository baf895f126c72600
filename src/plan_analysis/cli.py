"""`plan-analysis` command: check, process, report and run (the main job).

With no arguments each command uses the project's defaults (`data/raw/` in,
`data/processed/` and `reports/` out); paths and options select other data. Bad input ends
in one paragraph on stderr and a non-zero exit, never a traceback. Progress is one line per
step on stderr, with a bar over files and notebooks.
"""

from __future__ import annotations

import argparse
import sys
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .config import default_paths
from .errors import PlanAnalysisError, PlanAnalysisWarning

# The commands import what they use (pandas, the loader, the caches …) when they run:
# `plan-analysis --help` imports none of it.
if TYPE_CHECKING:
    import pandas as pd
    from tqdm import tqdm

    from .load import Tables
    from .reference import Reference

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: Exit status after Ctrl-C, as a shell reports a command that SIGINT ended (128 + 2).
EXIT_INTERRUPTED = 130

#: The distribution name in pyproject.toml.
DISTRIBUTION = "plan-analysis"


def package_version() -> str:
    """The installed version of the package (pyproject.toml's), or 'unknown' when the source
    is run without being installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def step(message: str) -> None:
    """One progress line on stderr (stdout stays for results), above any progress bar."""
    from tqdm import tqdm

    tqdm.write(f"[plan-analysis] {message}", file=sys.stderr)


def bar(things: list[Path], unit: str) -> tqdm:
    """A progress bar over files or notebooks, on stderr (`update()` it, or iterate it)."""
    from tqdm import tqdm

    return tqdm(things, unit=unit, file=sys.stderr, leave=False, disable=None)


def _inputs(args: argparse.Namespace) -> list[Path]:
    return args.paths or [default_paths().raw]


def _reference_dir(args: argparse.Namespace) -> Path:
    return args.reference or default_paths().reference


def _reference(args: argparse.Namespace) -> tuple[Reference, list[str]]:
    """The run's reference data, read once, and its warnings (each printed once as a
    `warning:` line); files the folder lacks are first copied from the package defaults, one
    line each (the first run creates data/reference/ whole)."""
    from .reference import ensure_reference, load_reference

    folder = _reference_dir(args)
    for path in ensure_reference(folder):
        step(f"created {path} from the package defaults")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlanAnalysisWarning)
        reference = load_reference(folder)
    found = [str(w.message) for w in caught if issubclass(w.category, PlanAnalysisWarning)]
    for message in found:
        print(f"warning: {message}")
    return reference, found


def _where(sheet: str, line: int, source_format: str) -> str:
    """A raw line's position as `check` prints it: line N, sheet 'S', row N, or for a PDF
    (whose sheets are its pages, p.3) page N, row N."""
    if source_format == "pdf" and sheet:
        return f"page {int(sheet.removeprefix('p.'))}, row {line}"
    return f"sheet {sheet!r}, row {line}" if sheet else f"line {line}"


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: two for a wide or full-width character
    (East Asian width W or F: 漢字, かな, Ａ), one for any other."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (`display_width`)."""
    return text + " " * max(0, width - display_width(text))


def reconciliation(tables: Tables) -> str:
    """The account of every raw line of every loaded file, as printed by `check`."""
    from .errors import quoted
    from .load.fiscal_year import era_label
    from .reference import DEPARTMENTS_SHOWN
    from .schema import CODE_LISTS

    out: list[str] = []
    label_width = max(display_width(label) for label in CODE_LISTS["kind"].labels.values())
    for doc in tables.documents.itertuples():
        lines = tables.source_lines[tables.source_lines["source_file"] == doc.source_file]
        items = tables.items[tables.items["source_file"] == doc.source_file]
        encoding = f", {doc.encoding}" if doc.encoding else ""
        out.append(
            f"{doc.source_file}: {era_label(doc.fiscal_year)} (FY{doc.fiscal_year}), "
            f"{doc.source_format}{encoding}"
        )
        out.append(f"  title: {doc.plan_title}")
        out.append(f"  {len(lines)} lines/rows:")
        counts = lines["kind"].value_counts()
        for kind, label in CODE_LISTS["kind"].labels.items():
            out.append(f"    {kind:<15} {padded(label, label_width)} {int(counts.get(kind, 0)):>5}")
        out.append(
            f"  {doc.n_goals} goals, {doc.n_areas} areas, {doc.n_items} items "
            f"({int(items['is_repost'].sum())} reposts)"
        )
        for rec in lines[lines["kind"] == "not_understood"].itertuples():
            where = _where(rec.sheet, rec.line, doc.source_format)
            out.append(f"  not understood at {where}: {rec.text}")
        # every continuation: where, the item row it was joined to (the last item row above
        # it on its sheet) and its text, capped
        for rec in lines[lines["kind"] == "continuation"].itertuples():
            above = items.loc[
                (items["source_sheet"] == rec.sheet) & (items["source_line"] < rec.line),
                "source_line",
            ]
            unit = "row" if rec.sheet else "line"
            where = _where(rec.sheet, rec.line, doc.source_format)
            joined = f"{unit} {int(above.max())}" if len(above) else "an item of an earlier sheet"
            cells = [c.strip() for c in str(rec.text).split("\t") if c.strip()]
            text = quoted(" | ".join(cells), 80)
            out.append(f"  continuation at {where}, joined to {joined}: {text}")
    unknown = tables.item_departments.loc[~tables.item_departments["in_directory"], "department"]
    out.append(
        f"owners not in {DEPARTMENTS_SHOWN}: "
        + (", ".join(sorted(set(unknown))) if len(unknown) else "none")
    )
    out.append(f"warnings: {len(tables.warnings)}")
    out.extend(f"  {w}" for w in tables.warnings)
    return "\n".join(out)


def _print_skipped(tables: Tables) -> None:
    """One line per file of an input folder that is no table (not a warning: a folder may
    hold notes, PDFs, images … beside its tables)."""
    for line in tables.skipped:
        print(f"skipped: {line}")


def cmd_check(args: argparse.Namespace) -> int:
    from .load import load_tables

    reference, reference_warnings = _reference(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)  # printed below instead
        tables = load_tables(_inputs(args), reference.load, fiscal_year=args.fiscal_year)
    _print_skipped(tables)
    print(reconciliation(tables))
    return EXIT_PROBLEMS if tables.warnings or reference_warnings else EXIT_OK


#: What `process` carries over from the old set of data/processed/ into the new one: the
#: token cache (data/processed/cache/) and the placeholder that keeps the folder in git.
PROCESSED_KEPT = ("cache", ".gitkeep")


def _print_warnings(load_warnings: list[str], caught: list[warnings.WarningMessage]) -> None:
    """The run's warnings on stdout: those of loading (also in `load_warnings`), then any
    other package warning (e.g. a damaged token cache) once; other warnings as Python shows
    them."""
    shown = set(load_warnings)
    for w in load_warnings:
        print(f"warning: {w}")
    for w in caught:
        if not issubclass(w.category, PlanAnalysisWarning):
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
        elif str(w.message) not in shown:
            shown.add(str(w.message))
            print(f"warning: {w.message}")


def run_key(
    files: list[Path], skipped: list[str], reference: Reference, fiscal_year: int | None
) -> str:
    """The key of everything `process` reads: the table files (names and bytes), what was
    skipped, the reference data, the code, the fiscal year given."""
    from . import caching

    named = [f"{p.name}:{caching.file_digest(p)}" for p in files]
    return caching.key_of(caching.code_digest(), caching.folder_digest(reference.folder),
                          str(fiscal_year), *named, *skipped)  # fmt: skip


def _kept_warnings(out: Path) -> list[str]:
    """The loader's warnings of the set kept in `out` (printed again when nothing changed)."""
    import pandas as pd  # deferred, as the commands that need it

    path = out / "load_warnings.parquet"
    return pd.read_parquet(path)["message"].tolist() if path.exists() else []


def cmd_process(args: argparse.Namespace) -> int:
    from . import caching
    from .load import table_files
    from .output_sets import replacing
    from .outputs import write_tables
    from .pipeline import build_frames  # deferred: pulls in the tokenizer

    paths = default_paths()
    out = args.out or paths.processed
    reference, _ = _reference(args)
    files, skipped = table_files(_inputs(args), reference.load, fiscal_year=args.fiscal_year)
    key = run_key(files, skipped, reference, args.fiscal_year)
    if caching.unchanged(out, key):
        for line in skipped:
            print(f"skipped: {line}")
        for line in _kept_warnings(out):
            print(f"warning: {line}")
        print(f"nothing changed since the last run (the same tables, reference data and "
              f"plan_analysis): {out} kept as it is")  # fmt: skip
        return EXIT_OK
    # The new set is built beside `out` and swapped in whole at the end; a second run meanwhile
    # is refused, and on any error `out` keeps its old set.
    with replacing(out, keep=PROCESSED_KEPT) as staging:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PlanAnalysisWarning)  # printed below
            tables, frames = build_frames(
                _inputs(args),
                reference,
                cache_dir=staging / "cache",
                fiscal_year=args.fiscal_year,
                progress=step,
                each=lambda files: bar(files, "file"),
            )
        _print_skipped(tables)
        _print_warnings(tables.warnings, caught)
        written = write_tables(frames, staging)
        caching.write_manifest(staging, key, written)
    years = ", ".join(str(y) for y in tables.documents["fiscal_year"])
    print(f"loaded {len(tables.documents)} file(s) (FY {years}), {len(tables.items)} items")
    print(f"wrote {len(written)} files to {out}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from . import caching
    from .output_sets import folder_lock, read_frames, replacing
    from .pipeline import default_workers
    from .report import (
        notebook_paths,
        notebook_title,
        relative_href,
        run_notebooks,
        write_front_page,
    )
    from .report.booklet import BOOKLET_NAME

    paths = default_paths()
    processed = args.out or paths.processed
    reports = args.reports or paths.reports
    notebooks = notebook_paths(paths.notebooks)
    if not notebooks:  # e.g. a project folder without notebooks/: said, not silently left out
        print(f"warning: no notebooks (NN_name.ipynb) in {paths.notebooks}: the report has no "
              f"HTML pages, only the figures, the booklet and the workbooks")  # fmt: skip
    # No `process` run may swap the tables while they are compared with the last report's,
    # nor while the figures and the notebooks read them; reports/ is built beside itself
    # and swapped in whole.
    with folder_lock(processed, required=False):
        key = caching.key_of(caching.code_digest(), caching.folder_digest(processed),
                             str(processed.resolve()), str(reports.resolve()),
                             *(f"{p.name}:{caching.file_digest(p)}" for p in notebooks))  # fmt: skip
        if caching.unchanged(reports, key):
            print(f"nothing changed since the last report (the same tables, notebooks and "
                  f"plan_analysis): {reports} kept as it is")  # fmt: skip
            return EXIT_OK
        with replacing(reports) as staging:
            frames = read_frames(processed)
            if "items" not in frames:
                raise PlanAnalysisError(
                    f"no processed tables in {processed}: run `plan-analysis process` first"
                )
            parameters = {
                "processed_dir": str(processed.resolve()),
                "figures_dir": str((reports / "figures").resolve()),
                "export_figures": False,  # the report draws every figure below
            }
            # The notebooks run on their kernels while this process draws the figures and
            # writes the workbooks; a failure here stops them taking another notebook.
            step(f"{len(notebooks)} notebooks → {reports}, beside the figures and workbooks")
            stop = threading.Event()
            progress = bar(notebooks, "notebook")
            with ThreadPoolExecutor(1) as background:
                running = background.submit(
                    run_notebooks, notebooks, staging, parameters, paths.notebooks,
                    default_workers(), stop=stop, done=lambda _: progress.update(),
                )  # fmt: skip
                try:
                    figures = _report_files(frames, staging, reports, stop)
                except BaseException:
                    stop.set()
                    raise
                html = running.result()
            progress.close()
            step("index.html")  # last: it links the files of the set that exist
            titles = [(p.name, notebook_title(nb)) for p, nb in zip(html, notebooks, strict=True)]
            write_front_page(frames, staging, titles, relative_href(processed, reports))
            written = sorted(p for p in staging.rglob("*") if p.is_file())
            caching.write_manifest(staging, key, written)
    print(
        f"wrote {len(figures)} figure files, {BOOKLET_NAME}, summary.xlsx, words.xlsx, "
        f"{len(html)} HTML reports and index.html to {reports}"
    )
    return EXIT_OK


def _report_files(
    frames: dict[str, pd.DataFrame], staging: Path, reports: Path, stop: threading.Event
) -> list[Path]:
    """The report's files beside its notebooks: the figures (drawn once, for their PNG/SVG
    files and the booklet), the booklet, summary.xlsx and words.xlsx; no further step once
    `stop` is set (a notebook failed, and the report ends with its error). Returns the
    figure files."""
    from .report import summary_sheets, write_figures, write_summary_xlsx, write_word_workbook
    from .report.booklet import BOOKLET_NAME, write_booklet
    from .report.figures import draw_figures

    step("figures → " + str(reports / "figures"))
    drawn = draw_figures(frames)
    figures = write_figures(frames, staging / "figures", drawn=drawn)
    later = [
        (BOOKLET_NAME, lambda: write_booklet(frames, drawn, staging / BOOKLET_NAME)),
        ("summary.xlsx", lambda: write_summary_xlsx(summary_sheets(frames), staging / "summary.xlsx")),
        ("words.xlsx", lambda: write_word_workbook(frames, staging / "words.xlsx")),
    ]  # fmt: skip
    for message, write in later:
        if stop.is_set():
            break
        step(message)
        write()
    return figures


def cmd_terms(args: argparse.Namespace) -> int:
    """Print the compound-term candidates of the processed tokens that the reference
    folder's compound-terms file lacks, as lines to paste into it."""
    from .output_sets import read_frames
    from .reference import COMPOUND_TERMS_FILE
    from .report.kh_figures import all_years_tokens
    from .text.terms import compound_candidates, paste_lines

    reference, _ = _reference(args)
    frames = read_frames(args.out or default_paths().processed)
    if "tokens" not in frames:
        raise PlanAnalysisError("no processed tokens: run `plan-analysis process` first")
    candidates = compound_candidates(
        all_years_tokens(frames), known=reference.dictionaries.compound_terms, top=args.top
    )
    print("\n".join(paste_lines(candidates, COMPOUND_TERMS_FILE)))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    cmd_process(args)
    return cmd_report(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plan-analysis",
        description="Load, measure and report 地域福祉計画 進行管理表 (welfare-plan progress tables).",
    )
    parser.add_argument("--version", action="version", version=f"plan-analysis {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        help_text: str,
        func,
        *,
        inputs: bool = True,
        out: bool = True,
        reports: bool = False,
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if inputs:
            p.add_argument(
                "paths", nargs="*", type=Path, help="files or folders (default: data/raw/)"
            )
            p.add_argument(
                "--fiscal-year", type=int, help="fiscal year of a single file (e.g. 2022)"
            )
        p.add_argument("--reference", type=Path, help="reference folder (default: data/reference/)")
        if out:
            p.add_argument(
                "--out", type=Path, help="processed tables folder (default: data/processed/)"
            )
        if reports:
            p.add_argument("--reports", type=Path, help="reports folder (default: reports/)")
        p.set_defaults(func=func)

    add("check", "account for every raw line; list what was not understood", cmd_check, out=False)
    add("process", "write the processed tables (Parquet + CSV) to data/processed/", cmd_process)
    add("report", "rebuild figures, summary.xlsx and HTML reports from data/processed/ alone",
        cmd_report, inputs=False, reports=True)  # fmt: skip
    add("run", "the main job: process data/raw/, then build every report", cmd_run, reports=True)
    add("terms", "list compound-term candidates not yet in the compound-terms file (from "
        "data/processed/), as lines to paste into it", cmd_terms, inputs=False)  # fmt: skip
    sub.choices["terms"].add_argument(
        "--top", type=int, default=30, help="how many candidates, best first (default: 30)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PlanAnalysisError as exc:
        print(f"plan-analysis: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(
            "plan-analysis: stopped (Ctrl-C); the output folders hold what the last finished "
            "run wrote",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())

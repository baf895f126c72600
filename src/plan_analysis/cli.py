"""`plan-analysis` command: check, process and run on the raw tables.

With no arguments each command uses the project's defaults (`data/raw/` in,
`data/processed/` out); paths and options select other data. Bad input ends in one
paragraph on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .config import default_paths
from .errors import PlanAnalysisError, PlanAnalysisWarning
from .fiscal_year import era_label
from .labels import LINE_KIND_LABELS
from .load import Tables, directory_name, load_tables
from .outputs import write_tables

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _load(args: argparse.Namespace) -> Tables:
    paths = args.paths or [default_paths().raw]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)  # printed by the commands instead
        return load_tables(paths, fiscal_year=args.fiscal_year, reference_dir=args.reference)


def reconciliation(tables: Tables) -> str:
    """The account of every raw line of every loaded file, as printed by `check`."""
    out: list[str] = []
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
        for kind, label in LINE_KIND_LABELS.items():
            out.append(f"    {kind:<15} {label:<8} {int(counts.get(kind, 0)):>5}")
        out.append(
            f"  {doc.n_goals} goals, {doc.n_areas} areas, {doc.n_items} items "
            f"({int(items['is_repost'].sum())} reposts)"
        )
        for rec in lines[lines["kind"] == "not_understood"].itertuples():
            where = f"sheet {rec.sheet!r}, row {rec.line}" if rec.sheet else f"line {rec.line}"
            out.append(f"  not understood at {where}: {rec.text}")
    unknown = tables.item_departments.loc[~tables.item_departments["in_directory"], "department"]
    out.append(
        f"owners not in {directory_name()}: "
        + (", ".join(sorted(set(unknown))) if len(unknown) else "none")
    )
    out.append(f"warnings: {len(tables.warnings)}")
    out.extend(f"  {w}" for w in tables.warnings)
    return "\n".join(out)


def cmd_check(args: argparse.Namespace) -> int:
    tables = _load(args)
    print(reconciliation(tables))
    return EXIT_PROBLEMS if tables.warnings else EXIT_OK


def _frames(tables: Tables) -> dict[str, pd.DataFrame]:
    frames = tables.frames()
    frames["load_warnings"] = pd.DataFrame({"message": tables.warnings}, dtype=str)
    return frames


def cmd_process(args: argparse.Namespace) -> int:
    tables = _load(args)
    out = args.out or default_paths().processed
    written = write_tables(_frames(tables), out)
    years = ", ".join(str(y) for y in tables.documents["fiscal_year"])
    print(f"loaded {len(tables.documents)} file(s) (FY {years}), {len(tables.items)} items")
    for w in tables.warnings:
        print(f"warning: {w}")
    print(f"wrote {len(written)} files to {out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plan-analysis",
        description="Load, measure and report 地域福祉計画 進行管理表 (welfare-plan progress tables).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/raw/)")
        p.add_argument("--fiscal-year", type=int, help="fiscal year of a single file (e.g. 2022)")
        p.add_argument("--reference", type=Path, help="reference folder (default: data/reference/)")
        p.set_defaults(func=func)
        return p

    add("check", "account for every raw line; list what was not understood", cmd_check)
    for name, text in (
        ("process", "write the tidy tables (Parquet + CSV) to data/processed/"),
        ("run", "the main job: process everything in data/raw/"),
    ):
        add(name, text, cmd_process).add_argument(
            "--out", type=Path, help="output folder (default: data/processed/)"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PlanAnalysisError as exc:
        print(f"plan-analysis: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

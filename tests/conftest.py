"""Shared fixtures: the real R3 Kisarazu seed table and re-encodings of it.

Expected values in the tests are read off the seed file by hand
(data/raw/r3_kisarazu_welfare_plan_progress.txt), never pasted from a run of the code.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import openpyxl
import pytest

from plan_analysis import reference as ref_files
from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.load import Tables, load_table
from plan_analysis.reference import Reference, load_reference
from plan_analysis.report.notebooks import without_iri_grammar
from plan_analysis.text import Dictionaries, load_dictionaries

without_iri_grammar()  # before any test module imports nbformat: 0.8 s less per worker

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
#: A copy of the seed table (data/raw/ is the analyst's: tests never read it).
SEED = FIXTURES / "r3_kisarazu_welfare_plan_progress.txt"
#: The package's shipped reference defaults (never the analyst's data/reference/); tests
#: that edit reference files copy this folder first.
REFERENCE = ref_files.default_folder()


def ref(folder: Path = REFERENCE) -> Reference:
    """The reference data of `folder` (default: the package defaults), read as a run reads it."""
    return load_reference(folder)


def dictionaries_in(folder: Path) -> Dictionaries:
    """The dictionaries of a folder that may hold only some of the reference files."""
    return load_dictionaries(
        folder / ref_files.COMPOUND_TERMS_FILE,
        folder / ref_files.SPELLING_VARIANTS_FILE,
        folder / ref_files.STOP_WORDS_FILE,
    )


def seed_lines() -> list[list[str]]:
    """The seed's physical lines as lists of cells."""
    return [line.split("\t") for line in SEED.read_text(encoding="utf-8").split("\n")]


def spreadsheet_rows() -> list[list[str]]:
    """The seed as a person would keep it in Excel: one header, paragraphs as in-cell lines.

    Repeated page headers and blank page breaks go; `<p>` paragraphs become line breaks
    inside the cell; trailing empty cells are dropped as Excel does for section rows.
    """
    rows: list[list[str]] = []
    header_seen = False
    for cells in seed_lines():
        if not any(c.strip() for c in cells):
            continue
        if cells[0] == "事業名":
            if header_seen:
                continue
            header_seen = True
        cells = [
            re.sub(r"</p>\s*<p>", "\n", c).replace("<p>", "").replace("</p>", "") for c in cells
        ]
        while len(cells) > 1 and not cells[-1].strip():
            cells.pop()
        rows.append(cells)
    return rows


def write_cp932_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    """`rows` (default: the seed's spreadsheet rows) as a CSV saved from Excel: CP932, CRLF."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows or spreadsheet_rows())
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


def write_xlsx(path: Path, rows: list[list[str]] | None = None) -> Path:
    """Title in row 1, a blank row, then the table; section rows merged across A:E.

    `rows` default to the seed's spreadsheet rows.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "進行管理表"
    rows = rows or spreadsheet_rows()
    ws.append([rows[0][0]])
    ws.append([])
    for cells in rows[1:]:
        ws.append(cells)
        if len(cells) == 1:
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    wb.create_sheet("メモ")  # an empty sheet: ignored
    wb.save(path)
    return path


def code_notebook(path: Path, parameters: str, *sources: str) -> Path:
    """Write a notebook of a `parameters` cell (tagged for papermill) and code cells
    `sources` to `path`."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [nbformat.v4.new_code_cell(source) for source in (parameters, *sources)]
    cells[0].metadata["tags"] = ["parameters"]
    nb.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def quiet_load(path: Path, **kwargs) -> Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        return load_table(path, ref().load, **kwargs)


@pytest.fixture(scope="session")
def seed() -> Tables:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlanAnalysisWarning)  # the seed loads without a warning
        return load_table(SEED, ref().load)


@pytest.fixture(scope="session")
def seed_text(seed, tmp_path_factory):
    """(sentences, tokens) of the seed with the shipped dictionaries, cached in a temp folder."""
    from plan_analysis.text import tokenize_segments

    cache = tmp_path_factory.mktemp("token_cache")
    return tokenize_segments(seed.segments, ref().dictionaries, cache_dir=cache)


@pytest.fixture(scope="session")
def seed_measures(seed, seed_text):
    from plan_analysis.measures import item_measures

    sentences, tokens = seed_text
    return item_measures(seed.items, sentences, tokens, ref().rules)


@pytest.fixture(scope="session")
def processed_cache(tmp_path_factory) -> Path:
    """One token cache for every processed-frames fixture of the session."""
    return tmp_path_factory.mktemp("processed_tokens")


@pytest.fixture(scope="session")
def frames(processed_cache) -> dict:
    """Every processed table of the seed (what `plan-analysis process` writes), built once
    for the figure, report and notebook tests."""
    from .processed import seed_frames

    return seed_frames(processed_cache)


@pytest.fixture(scope="session")
def two_years(tmp_path_factory, processed_cache) -> dict:
    """Every processed table of the seed plus the FY2022 table of tests/second_year.py."""
    from .processed import two_year_frames

    return two_year_frames(tmp_path_factory.mktemp("raw_2y"), processed_cache)


@pytest.fixture
def figures_stubbed(monkeypatch):
    """`report` without drawing (tested elsewhere): the figures one stand-in PNG, the booklet
    its cover alone."""
    import plan_analysis.report as report

    def figures(frames, folder, **_):
        folder.mkdir(parents=True)
        (folder / "covid_effect_counts.png").write_bytes(b"png")
        return [folder / "covid_effect_counts.png"]

    monkeypatch.setattr(report, "write_figures", figures)
    monkeypatch.setattr(report.figures, "draw_figures", lambda frames: {})


@pytest.fixture
def report_stubbed(figures_stubbed, monkeypatch):
    """`report` without drawing and without notebooks (both tested elsewhere)."""
    import plan_analysis.report as report

    monkeypatch.setattr(report, "notebook_paths", lambda _: [])


@pytest.fixture(scope="session")
def notebook_kernel():
    """One kernel for the notebook runs of a test worker, as the report runs them: each
    notebook in a fresh namespace (`plan_analysis.report.kernels`), working in notebooks/."""
    from plan_analysis.report.kernels import Kernel

    with Kernel(ROOT / "notebooks") as kernel:
        yield kernel


#: The analyst's folders: what they edit (raw tables, reference data) and what their runs
#: write (tables, reports). No test reads or writes there (tests/analyst_files.py).
ANALYST_FOLDERS = [ROOT / "data" / name for name in ("raw", "reference", "processed")]
ANALYST_FOLDERS.append(ROOT / "reports")


def _analyst_files() -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under the analyst's data/raw/ and data/reference/ (their
    own runs may write data/processed/ and reports/ while the tests run)."""
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for folder in ANALYST_FOLDERS[:2]
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def analyst_files_untouched(tmp_path_factory):
    """No test reads, lists, creates, edits or removes a file of the analyst's folders, in its
    process or in a run it starts: a command with default paths finds an empty project of
    the session's (a test of the command line names its folders or makes its project)."""
    from . import analyst_files

    before = _analyst_files()
    guard = analyst_files.install(ANALYST_FOLDERS)
    project = analyst_files.empty_project(tmp_path_factory.mktemp("project_of_the_tests"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAN_ANALYSIS_ROOT", str(project))
        yield
    guard.on = False
    assert guard.reads == [], "tests reached the analyst's files"
    assert _analyst_files() == before, "a test wrote into data/raw/ or data/reference/"


# --- figures a test prints for the reader of `make test` ------------------------------------

#: The property under which a test's report travels to the terminal (also from xdist workers).
SHOWN = "shown"


@pytest.fixture
def show(record_property):
    """`show(text)`: print `text` in the summary of the test run (agreement figures, confusion
    matrices): the terminal of `make test` shows it, whichever worker ran the test."""
    return lambda text: record_property(SHOWN, str(text))


_shown: list[tuple[str, str]] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _shown.extend((report.nodeid, v) for k, v in report.user_properties if k == SHOWN)


def pytest_terminal_summary(terminalreporter):
    if _shown:
        terminalreporter.section("measures: agreement with the hand labels, review queues")
        for _, text in sorted(_shown):
            terminalreporter.write_line(text)

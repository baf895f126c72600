"""The analysis notebooks over several years, and a notebook that fails: run with papermill
in the test worker's kernel (made fresh for each, as the report does), figures exported as
in JupyterLab, on the seed plus the FY2022 table of tests/second_year.py (and the FY2023 one
of tests/third_year.py), or on the seed with a notebook that raises. A file of its own so
that the two test workers share the notebook runs (tests/test_notebooks.py runs the report).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from plan_analysis.cli import main
from plan_analysis.outputs import write_tables
from plan_analysis.report import execute_notebook
from plan_analysis.report.kernels import Kernel

from .test_notebooks import NOTEBOOKS, n_images, output_text


def processed(frames: dict[str, pd.DataFrame], folder: Path) -> Path:
    write_tables(frames, folder)
    return folder


def execute(
    name: str, processed_dir: Path, out_dir: Path, kernel: Kernel, *, export_figures: bool = True
) -> nbformat.NotebookNode:
    """Run notebook `name` as the report does (in `kernel`, the worker's `notebook_kernel`,
    made fresh for it), from the notebooks folder as JupyterLab would."""
    parameters = {
        "processed_dir": str(processed_dir),
        "figures_dir": str(out_dir / "figures"),
        "fiscal_year": None,
        "export_figures": export_figures,
    }
    executed = execute_notebook(NOTEBOOKS / f"{name}.ipynb", out_dir, parameters, NOTEBOOKS, kernel)
    return nbformat.read(executed, as_version=4)


@pytest.fixture(scope="module")
def seed_processed(frames, tmp_path_factory) -> Path:
    return processed(frames, tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="module")
def two_years_processed(two_years, tmp_path_factory) -> Path:
    return processed(two_years, tmp_path_factory.mktemp("processed_2y"))


@pytest.mark.notebooks
def test_year_over_year_shows_links_diffs_and_trends(
    two_years_processed: Path, tmp_path: Path, notebook_kernel
) -> None:
    nb = execute("05_year_over_year", two_years_processed, tmp_path, notebook_kernel)
    shown = output_text(nb)
    assert "比較する年度: 2021→2022" in shown
    assert "比較できる年度がありません" not in shown
    assert "1年度分" not in shown and "次の年度の表を" not in shown  # nor the hint for one year
    # the planted edit of 今後の予定 (tests/second_year.py), shown as an inserted phrase
    assert "市民後見人育成" in shown
    assert "し、養成講座修了者の活動を支援</ins>" in shown
    assert n_images(nb) == 4  # link counts and three trends
    written = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert written == [
        "covid_effect_trend.png",
        "items_per_division_trend.png",
        "plan_type_trend.png",
        "year_link_counts.png",
    ]


@pytest.fixture(scope="module")
def three_years_processed(tmp_path_factory, processed_cache) -> Path:
    from .processed import three_year_frames

    frames = three_year_frames(tmp_path_factory.mktemp("raw_3y"), processed_cache)
    return processed(frames, tmp_path_factory.mktemp("processed_3y"))


@pytest.mark.notebooks
def test_kh_coder_compares_the_years(
    three_years_processed, tmp_path: Path, notebook_kernel
) -> None:
    """On three years (two: tests/test_kh_coder.py draws their one-dimensional map)."""
    nb = execute("07_kh_coder", three_years_processed, tmp_path, notebook_kernel)
    shown = output_text(nb)
    assert "比較できる年度がありません" not in shown
    assert "Traceback" not in shown and "Warning" not in shown
    # the pandemic word's KWIC, year by year, and the year map among the figures
    assert "【新型コロナウイルス感染症】" in shown
    assert (tmp_path / "figures" / "kh_correspondence_year.png").stat().st_size > 0
    assert n_images(nb) == 6


# --- a notebook that fails ----------------------------------------------------------------


def failing_copy(folder: Path, name: str = "02_covid") -> Path:
    """A copy of notebook `name` with a cell inserted after the setup call that raises."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    setup = next(i for i, c in enumerate(nb.cells) if "report.setup(" in c.source)
    nb.cells.insert(setup + 1, nbformat.v4.new_code_cell('frames["no_such_table"]'))
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


@pytest.mark.notebooks
def test_a_failing_cell_is_one_error_naming_the_notebook_and_the_cell(
    seed_processed: Path, tmp_path: Path, notebook_kernel
) -> None:
    from plan_analysis.errors import PlanAnalysisError

    copy = failing_copy(tmp_path / "notebooks")
    parameters = {"processed_dir": str(seed_processed), "export_figures": False}
    with pytest.raises(PlanAnalysisError) as caught:
        execute_notebook(copy, tmp_path / "out", parameters, copy.parent, notebook_kernel)
    # the fifth cell: heading, parameters, 読み込み, the setup call, then the inserted one
    assert str(caught.value).startswith(
        "02_covid.ipynb, cell 5 (frames[\"no_such_table\"]): KeyError: 'no_such_table'"
    )
    assert "Traceback" not in str(caught.value)


@pytest.mark.notebooks
def test_report_with_a_failing_notebook_prints_one_paragraph(
    seed_processed: Path, tmp_path: Path, monkeypatch, capfd, figures_stubbed
) -> None:
    """The command, in this process (its figures stubbed), with the notebooks folder of a
    project whose one notebook fails: the kernel's output included, one line of error."""
    failing_copy(tmp_path / "notebooks")
    monkeypatch.setenv("PLAN_ANALYSIS_ROOT", str(tmp_path))
    args = ["report", "--out", str(seed_processed), "--reports", str(tmp_path / "reports")]
    assert main(args) == 2
    err = capfd.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("[plan-analysis]")]
    assert len(errors) == 1, err
    assert errors[0].startswith("plan-analysis: error: 02_covid.ipynb, cell 5 (")
    assert "KeyError" in errors[0] and "Traceback" not in err
    assert not (tmp_path / "reports").exists()  # nothing half-built is left

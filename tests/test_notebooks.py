"""The analysis notebooks: committed clean, and each runs on the seed and shows what it should.

The seed is processed into a temporary folder (as `plan-analysis process` would), then every
notebook is executed with papermill, one after the other in the test worker's kernel (made
fresh for each, as the report does), with its `parameters` pointing there. Expected text is read off the seed
by hand (e.g. the evidence sentence 「サロンの開催は見合わせた」) or is the notebook's own wording.
Over several years, and a notebook that fails: tests/test_notebooks_years.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from plan_analysis.config import default_paths
from plan_analysis.outputs import write_tables
from plan_analysis.report import execute_notebook
from plan_analysis.report.kernels import Kernel

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
PARAMETERS = ("processed_dir", "figures_dir", "fiscal_year", "export_figures")

#: Per notebook: text its outputs must contain, and the figures it exports (one year).
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "01_load_and_check": (
        [
            "行数の合計: 124",
            "解釈できない行: 0 行",
            "警告: 0 件",
            "所管課一覧にない所管: 0 件",
            "再掲元の事業名",
        ],
        [],
    ),
    "02_covid": (
        ["サロンの開催は見合わせた", "基本目標1", "中止・見合わせ(%)"],
        ["covid_effect_counts", "covid_effect_by_goal", "covid_effect_by_division"],
    ),
    "03_workload": (
        ["社会福祉課", "事業数(按分)", "(所管未特定)"],
        ["items_per_department", "co_ownership_network", "department_goal_heatmap"],
    ),
    "04_continued_vs_new": (
        ["団塊の世代", "条件付き・検討", "類似度0.4以上"],
        ["plan_type_by_goal", "plan_past_similarity"],
    ),
    "05_year_over_year": (["比較できる年度がありません", "次の年度の表を data/raw/ に置いて"], []),
    "06_text_overview": (
        ["新型コロナウイルス感染症", "カイ二乗値", "Jaccard係数"],
        ["word_frequency_nouns", "word_cooccurrence_network"],
    ),
    # 見合わせる and 中止: the pandemic word's suspension verbs (test_terms); one year: the
    # across-years sections say there is nothing to compare
    "07_kh_coder": (
        ["見合わせる", "中止", "調整済み残差", "FLRスコア", "比較できる年度がありません"],
        [
            "kh_correspondence_goal",
            "kh_word_dendrogram",
            "kh_word_mds",
            "kh_code_goal_bubbles",
            "kh_code_network",
        ],
    ),
}


def committed_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def output_text(nb: nbformat.NotebookNode) -> str:
    """Everything the executed notebook shows (streams, tables as text and HTML)."""
    parts = []
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(parts)


def n_images(nb: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {})
        for cell in code_cells(nb)
        for output in cell.get("outputs", [])
    )


# --- committed notebooks ------------------------------------------------------------------


def test_the_notebooks_are_numbered_in_reading_order() -> None:
    assert [p.stem for p in committed_notebooks()] == list(EXPECTED)


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_a_parameters_cell(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    cells = code_cells(nb)
    assert all(not c.outputs and c.execution_count is None for c in cells)
    first, second = cells[0], cells[1]
    assert "parameters" in first.metadata.get("tags", [])
    assert all(f"{name} = " in first.source for name in PARAMETERS)
    assert "fiscal_year = None" in first.source
    # the one setup call: house style, the missing-glyph error, the tables and the year
    assert "frames, fy = report.setup(processed_dir, fiscal_year)" in second.source
    assert sum("report.setup(" in c.source for c in cells) == 1
    # the export is the notebook's parameter's to decide (the report turns it off)
    exports = [c.source for c in cells if "write_figures" in c.source]
    assert all(
        source.startswith("from pathlib import Path\n\nif export_figures:") for source in exports
    )
    # thin: library calls only
    assert not any(
        line.lstrip().startswith(("def ", "class "))
        for c in cells
        for line in c.source.splitlines()
    )


@pytest.mark.parametrize("folder", ["", "notebooks"])
def test_default_parameters_find_the_project_from_root_or_notebooks(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLAN_ANALYSIS_ROOT", raising=False)
    monkeypatch.chdir(ROOT / folder)
    source = code_cells(nbformat.read(committed_notebooks()[0], as_version=4))[0].source
    namespace: dict[str, object] = {}
    exec(source, namespace)
    paths = default_paths()
    assert namespace["processed_dir"] == str(ROOT / "data" / "processed") == str(paths.processed)
    assert namespace["figures_dir"] == str(ROOT / "reports" / "figures")
    assert namespace["fiscal_year"] is None


# --- executed on the seed -----------------------------------------------------------------


def processed(frames: dict[str, pd.DataFrame], folder: Path) -> Path:
    write_tables(frames, folder)
    return folder


@pytest.fixture(scope="module")
def seed_processed(frames, tmp_path_factory) -> Path:
    return processed(frames, tmp_path_factory.mktemp("processed"))


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


@pytest.mark.notebooks
@pytest.mark.parametrize("name", list(EXPECTED))
def test_notebook_runs_on_the_seed(
    name: str, seed_processed: Path, tmp_path: Path, notebook_kernel: Kernel
) -> None:
    nb = execute(name, seed_processed, tmp_path, notebook_kernel)
    texts, exported = EXPECTED[name]
    shown = output_text(nb)
    for text in texts:
        assert text in shown, text
    assert "Traceback" not in shown and "Warning" not in shown
    figures_dir = tmp_path / "figures"
    for figure in exported:
        assert (figures_dir / f"{figure}.png").stat().st_size > 0, figure
        assert (figures_dir / f"{figure}.svg").is_file(), figure
    assert n_images(nb) >= len(exported)


@pytest.fixture(scope="module")
def covid_without_export(
    seed_processed, tmp_path_factory, notebook_kernel
) -> tuple[nbformat.NotebookNode, Path]:
    """02_covid executed once with export_figures=False (as the report runs it), for the
    tests that read it: the executed notebook and its output folder."""
    out_dir = tmp_path_factory.mktemp("covid_without_export")
    nb = execute("02_covid", seed_processed, out_dir, notebook_kernel, export_figures=False)
    return nb, out_dir


@pytest.mark.notebooks
def test_with_export_off_a_notebook_writes_no_figure(covid_without_export) -> None:
    nb, out_dir = covid_without_export
    assert "ファイルを書き出しました" not in output_text(nb)
    assert not (out_dir / "figures").exists()
    assert n_images(nb) == 3  # the charts are still shown


# --- the pages ----------------------------------------------------------------------------


@pytest.mark.notebooks
def test_a_report_page_is_titled_by_its_heading(covid_without_export, tmp_path: Path) -> None:
    from plan_analysis.report import export_html, notebook_title

    executed = NOTEBOOKS / "02_covid.ipynb"
    assert notebook_title(executed) == "02 コロナの影響（中止・縮小）"
    nb, _ = covid_without_export
    nbformat.write(nb, tmp_path / "02_covid.ipynb")
    html = export_html(tmp_path / "02_covid.ipynb", tmp_path / "02.html").read_text("utf-8")
    assert "<title>02 コロナの影響（中止・縮小）</title>" in html
    assert "Noto Sans CJK JP" in html  # the Japanese font stack
    assert ">NaN<" not in html and "row_heading" not in html  # no index, no NaN

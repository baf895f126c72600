"""The analysis notebooks: committed clean, and each runs on the seed and shows what it should.

`plan-analysis run` with no arguments, in a project of the seed and the notebooks, is the
main job end to end: the tables, then the report, whose kernels execute every notebook with
papermill (figures not exported: the report draws them). Its executed notebooks and pages
are read here; each notebook's export cell, which an analyst in JupyterLab runs, is run on its
own. Expected text is read off the seed by hand (e.g. the evidence sentence
「サロンの開催は見合わせた」) or is the notebook's own wording. Over several years (exports
included), and a notebook that fails: tests/test_notebooks_years.py.
"""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from plan_analysis.cli import main
from plan_analysis.config import default_paths

from .conftest import REFERENCE, ROOT, SEED

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
        [
            "items_per_department",
            "items_per_department_fractional",
            "items_per_division",
            "text_volume_per_owner",
            "co_ownership_network",
            "department_goal_heatmap",
        ],
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


# --- the main job on the seed: `plan-analysis run`, notebooks and all -------------------------


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    """`plan-analysis run` with no arguments in a project of the seed: its data/raw/ holds the
    seed, data/reference/ a copy of the shipped defaults, notebooks/ a copy of the notebooks.
    The main job end to end — tables, figures, booklet, workbooks, the notebooks on the
    report's kernels (figures not exported), HTML and index.html. Returns the project."""
    project = tmp_path_factory.mktemp("project")
    for folder, files in (("data/raw", [SEED]), ("data/reference", sorted(REFERENCE.iterdir())),
                          ("notebooks", committed_notebooks())):  # fmt: skip
        (project / folder).mkdir(parents=True)
        for file in files:
            shutil.copy(file, project / folder / file.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.delenv("PLAN_ANALYSIS_ROOT", raising=False)
        assert main(["run"]) == 0
    return project


def report_notebook(project: Path, name: str) -> nbformat.NotebookNode:
    """The notebook `name` as the report executed it."""
    return nbformat.read(project / "reports" / "notebooks" / f"{name}.ipynb", as_version=4)


@pytest.mark.notebooks
def test_run_with_default_paths_writes_the_tables_and_the_whole_report(seed_run, seed) -> None:
    items = pd.read_parquet(seed_run / "data" / "processed" / "items.parquet")
    assert items["item_id"].tolist() == seed.items["item_id"].tolist()
    reports = seed_run / "reports"
    assert sorted(p.name for p in reports.glob("*.html")) == [
        *(f"{name}.html" for name in EXPECTED),
        "index.html",
    ]
    page = (reports / "index.html").read_text(encoding="utf-8")  # the front page, written last
    assert "事業数 75件" in page and '<a href="summary.xlsx">' in page
    assert "07 KH Coder の分析（対応分析・クラスター・MDS・関連語）と年度をまたぐ分析" in page
    for name in ("council_booklet.pdf", "summary.xlsx", "words.xlsx"):
        assert (reports / name).stat().st_size > 0, name
    # the report's own figures: the council's 13 of one year, PNG and SVG (no trend)
    council = [
        "covid_effect_counts", "covid_effect_by_goal", "covid_effect_by_division",
        "items_per_department", "items_per_department_fractional", "items_per_division",
        "text_volume_per_owner", "co_ownership_network", "department_goal_heatmap",
        "plan_type_by_goal", "plan_past_similarity", "word_frequency_nouns",
        "word_cooccurrence_network",
    ]  # fmt: skip
    assert sorted(p.name for p in (reports / "figures").iterdir()) == sorted(
        f"{name}.{ext}" for name in council for ext in ("png", "svg")
    )


@pytest.mark.notebooks
@pytest.mark.parametrize("name", list(EXPECTED))
def test_notebook_runs_on_the_seed(name: str, seed_run: Path) -> None:
    nb = report_notebook(seed_run, name)
    texts, exported = EXPECTED[name]
    shown = output_text(nb)
    for text in texts:
        assert text in shown, text
    assert "Traceback" not in shown and "Warning" not in shown
    assert "ファイルを書き出しました" not in shown  # the report exports no figure
    assert n_images(nb) >= len(exported)
    assert [c.execution_count for c in code_cells(nb)] == list(range(1, len(code_cells(nb)) + 1))


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: p.stem)
def test_the_export_cell_writes_the_notebooks_figures(path: Path, frames, tmp_path) -> None:
    """Run as in JupyterLab (export_figures = True), a notebook's last cell writes its own
    figures: that cell, run on the seed's tables with the writers recording what they are
    asked for (they are tested in tests/test_figures.py and tests/test_kh_coder.py)."""
    from plan_analysis.report import figures, kh_figures

    asked: list[str] = []

    def council_figures(frames, out_dir, fiscal_year, names):
        assert set(names) <= set(figures.figure_functions()), names
        asked.extend(names)
        return [out_dir / f"{name}.png" for name in names]

    def kh_coder_figures(frames, out_dir, fiscal_year, unit):  # every map of KH_FIGURES
        asked.extend(kh_figures.KH_FIGURES)
        return [out_dir / f"{name}.png" for name in kh_figures.KH_FIGURES]

    cells = [c.source for c in code_cells(nbformat.read(path, as_version=4))]
    export = [source for source in cells if "write_figures" in source]
    namespace = {
        "frames": frames, "fy": 2021, "unit": "sentence", "figures_dir": str(tmp_path),
        "export_figures": True,
        "figures": types.SimpleNamespace(write_figures=council_figures),
        "kh_figures": types.SimpleNamespace(write_figures=kh_coder_figures),
    }  # fmt: skip
    for source in export:
        exec(source, namespace)
    expected = EXPECTED[path.stem][1]
    if path.stem == "05_year_over_year":  # the trends, drawn from two years on
        expected = ["year_link_counts", "covid_effect_trend", "plan_type_trend",
                    "items_per_division_trend"]  # fmt: skip
    if path.stem == "07_kh_coder":  # and the map of the years, from two years on
        expected = [*expected, "kh_correspondence_year"]
    assert sorted(asked) == sorted(expected)


@pytest.mark.notebooks
def test_a_report_page_is_titled_by_its_heading(seed_run) -> None:
    from plan_analysis.report import notebook_title

    assert notebook_title(NOTEBOOKS / "02_covid.ipynb") == "02 コロナの影響（中止・縮小）"
    html = (seed_run / "reports" / "02_covid.html").read_text("utf-8")
    assert "<title>02 コロナの影響（中止・縮小）</title>" in html
    assert "Noto Sans CJK JP" in html  # the Japanese font stack
    assert ">NaN<" not in html and "row_heading" not in html  # no index, no NaN
    assert html.count('src="data:image/png;base64,') == 3  # the charts are shown

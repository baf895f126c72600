"""The notebooks: their one setup call, and running them for the report.

Notebooks are executed with papermill (their `parameters` cell gets the folders and years),
saved to `reports/notebooks/` as build products, and exported with nbconvert to
`reports/*.html` with code cells left out, for the council. Files are written atomically.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from ..outputs import read_frames, write_atomic
from .figures import chosen_fiscal_year, fiscal_years
from .style import fiscal_year_text, use_house_style

#: How many rows and characters a notebook shows of a table before it cuts.
DISPLAY_OPTIONS: dict[str, int] = {"display.max_rows": 200, "display.max_colwidth": 200}


def setup(
    processed_dir: str | Path, fiscal_year: int | None = None
) -> tuple[dict[str, pd.DataFrame], int]:
    """A notebook's one opening call: inline charts in the house style, a missing glyph (□)
    an error, pandas showing whole tables; then the processed tables and the year to show
    (`fiscal_year`, or the latest loaded), which it prints with the loaded years."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # outside IPython nothing is shown inline
        shell = None
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    warnings.filterwarnings("error", message="Glyph .* missing from font")
    use_house_style()
    for option, value in DISPLAY_OPTIONS.items():
        pd.set_option(option, value)
    frames = read_frames(Path(processed_dir))
    year = chosen_fiscal_year(frames, fiscal_year)
    print("対象年度:", fiscal_year_text(year))
    print("読み込んだ年度:", "、".join(fiscal_year_text(y) for y in fiscal_years(frames)))
    return frames, year


def notebook_paths(folder: Path) -> list[Path]:
    """The analysis notebooks in reading order (NN_topic.ipynb)."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def execute_notebook(
    notebook: Path, out_dir: Path, parameters: Mapping[str, object], cwd: Path
) -> Path:
    """Run one notebook with papermill into `out_dir`; returns the executed copy's path."""
    import papermill  # deferred: heavy, and only the report needs it

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters=dict(parameters),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(cwd),
    )
    return executed


def export_html(executed: Path, out_html: Path) -> Path:
    """Export an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    data = body.encode("utf-8")
    return write_atomic(out_html, lambda fh: fh.write(data))


def run_notebooks(
    notebooks: Iterable[Path], reports_dir: Path, parameters: Mapping[str, object], cwd: Path
) -> list[Path]:
    """Execute every notebook and export each to HTML; returns the HTML paths."""
    html: list[Path] = []
    for nb in notebooks:
        executed = execute_notebook(nb, reports_dir / "notebooks", parameters, cwd)
        html.append(export_html(executed, reports_dir / f"{nb.stem}.html"))
    return html

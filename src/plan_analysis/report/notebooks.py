"""The notebooks: their one setup call, and running them for the report.

Notebooks are executed with papermill (their `parameters` cell gets the folders and years),
saved to `reports/notebooks/` as build products, and exported with nbconvert to
`reports/*.html` with code cells left out, for the council. Files are written atomically.
The kernel talks to papermill over Unix sockets (ZeroMQ IPC) in a private temporary folder,
not over TCP on loopback; the HTML of a rerun on the same data is byte-identical.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..output_sets import read_frames
from ..outputs import write_atomic
from .figures import chosen_fiscal_year, fiscal_years
from .style import fiscal_year_text, use_house_style

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from traitlets.config import Config

#: How many rows and characters a notebook shows of a table before it cuts; tables marked
#: for MathJax (Jupyter's TeX renderer) to leave alone, so that `$x^2$課` shows as written.
DISPLAY_OPTIONS: dict[str, object] = {
    "display.max_rows": 200,
    "display.max_colwidth": 200,
    "display.html.use_mathjax": False,
}

#: The HTML template of the reports: nbconvert's `lab` page without MathJax, which would
#: typeset any `$…$` or `\(…\)` in a table, a name or a diff as TeX (the notebooks' own
#: text has no formulas); nor does the page fetch MathJax from a CDN any more.
_REPORT_TEMPLATE = "plan_analysis_report.html.j2"
_REPORT_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""


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
    """Run one notebook with papermill into `out_dir`; returns the executed copy's path.

    The kernel is reached over IPC (`kernel_config`) where ZeroMQ has it, so no port is
    opened and the kernel does not warn that it runs over TCP without encryption."""
    import papermill  # deferred: heavy, and only the report needs it

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / notebook.name
    with tempfile.TemporaryDirectory(prefix="plan-analysis-kernel-") as sockets:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=dict(parameters),
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            config=kernel_config(Path(sockets)),
        )
    return executed


def kernel_config(socket_dir: Path) -> Config:
    """The nbclient configuration of the kernel's transport: IPC, the sockets in
    `socket_dir` (a folder only this user can enter; absolute, as the kernel runs in the
    notebooks' folder), where ZeroMQ supports it (not on Windows); else empty (TCP)."""
    import zmq
    from traitlets.config import Config

    if not zmq.has("ipc"):
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(socket_dir.absolute() / "k")}})


def stable_for_export(nb: NotebookNode) -> NotebookNode:
    """`nb` made the same from run to run, for the HTML (changed in place and returned):

    - each cell gets the id `cell-<position>`: nbformat cell ids are random (papermill gives
      its injected parameters cell a new one on every run), and the HTML names each cell by
      its id; a notebook of a format without cell ids (before 4.5) is left without;
    - consecutive stream outputs of one stream (stdout, stderr) are joined: the kernel
      flushes `print("行数の合計:", 94)` in one piece or two as timing has it, and the
      HTML would show two pieces as two blocks. Text is joined as it is (no `\r` handling,
      which could hide text from a table)."""
    with_ids = (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    for position, cell in enumerate(nb.cells):
        if with_ids:
            cell.id = f"cell-{position:02d}"
        outputs = []
        for output in cell.get("outputs", []):
            last = outputs[-1] if outputs else None
            if (
                last is not None
                and output.output_type == "stream" == last.output_type
                and output.name == last.name
            ):
                last.text += output.text
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell.outputs = outputs
    return nb


def export_html(executed: Path, out_html: Path) -> Path:
    """Export an executed notebook to HTML without code cells or prompts, and without
    MathJax (text from the tables is never typeset as TeX); the same notebook run again on
    the same data gives the same bytes (`stable_for_export`; papermill's run times are in
    the notebook's metadata, which the HTML does not show)."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({_REPORT_TEMPLATE: _REPORT_TEMPLATE_SOURCE})],
        template_file=_REPORT_TEMPLATE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb = stable_for_export(nbformat.read(executed, as_version=4))
    body, _ = exporter.from_notebook_node(nb)
    data = body.encode("utf-8")
    return write_atomic(out_html, lambda fh: fh.write(data))


def _report_of(nb: Path, reports_dir: Path, parameters: Mapping[str, object], cwd: Path) -> Path:
    """Execute one notebook and export it to HTML; returns the HTML path."""
    executed = execute_notebook(nb, reports_dir / "notebooks", parameters, cwd)
    return export_html(executed, reports_dir / f"{nb.stem}.html")


def run_notebooks(
    notebooks: Iterable[Path],
    reports_dir: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    workers: int = 1,
) -> list[Path]:
    """Execute every notebook and export each to HTML, `workers` at a time (each in its own
    kernel process); returns the HTML paths in the order of `notebooks`."""
    report = partial(_report_of, reports_dir=reports_dir, parameters=parameters, cwd=cwd)
    if workers <= 1:
        return list(map(report, notebooks))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(report, notebooks))

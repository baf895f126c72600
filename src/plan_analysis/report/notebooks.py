"""The notebooks: their one setup call, and running them for the report.

Notebooks are executed with papermill (their `parameters` cell gets the folders and years),
saved to `reports/notebooks/` as build products, and exported with nbconvert to
`reports/*.html` with code cells left out, for the council. Files are written atomically.
Each worker's kernel is started once and runs one notebook after another, each in a fresh
namespace (`kernels`); the HTML of a rerun on the same data is byte-identical.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import PlanAnalysisError, quoted
from ..output_sets import read_frames
from ..outputs import write_atomic
from .figures import chosen_fiscal_year, fiscal_years
from .kernels import Kernel
from .style import fiscal_year_text, use_house_style

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

#: How many rows and characters a notebook shows of a table before it cuts; tables marked
#: for MathJax (Jupyter's TeX renderer) to leave alone, so that `$x^2$課` shows as written.
DISPLAY_OPTIONS: dict[str, object] = {
    "display.max_rows": 200,
    "display.max_colwidth": 200,
    "display.html.use_mathjax": False,
}

#: The fonts of the reports (and of the front page): Japanese first, whatever the system.
FONT_STACK = '"Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif'

#: The CSS of the report pages: the Japanese font stack, and tables with borders, a shaded
#: header, text left-aligned and numbers right-aligned (each table's own styles, from
#: `tables.table`, align its number columns right and a KWIC on its keyword).
REPORT_CSS = f"""
:root {{ --jp-content-font-family: {FONT_STACK}; --jp-ui-font-family: {FONT_STACK}; }}
body {{ font-family: {FONT_STACK}; }}
.jp-OutputArea-output.jp-RenderedHTMLCommon table {{
  table-layout: auto; border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px;
}}
.jp-OutputArea-output.jp-RenderedHTMLCommon th,
.jp-OutputArea-output.jp-RenderedHTMLCommon td {{
  border: 1px solid #c9ced6; padding: 4px 8px; text-align: left; vertical-align: top;
  max-width: 42em;
}}
.jp-OutputArea-output.jp-RenderedHTMLCommon thead th {{
  background: #e9eef5; vertical-align: bottom;
}}
.jp-OutputArea-output.jp-RenderedHTMLCommon tbody tr:nth-child(even) {{ background: #f7f8fa; }}
"""

#: The HTML template of the reports: nbconvert's `lab` page with the CSS above and without
#: MathJax, which would typeset any `$…$` or `\(…\)` in a table, a name or a diff as TeX
#: (the notebooks' own text has no formulas), nor require.js and mermaid, which the page
#: would fetch from a CDN: a report reads the same offline. Its `<title>` is the notebook's
#: first heading (`nb.metadata.title`, set by `export_html`).
_REPORT_TEMPLATE = "plan_analysis_report.html.j2"
_REPORT_TEMPLATE_SOURCE = (
    """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">"""
    + REPORT_CSS
    + """</style>{%- endblock html_head_css -%}
"""
)


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


class _KernelDeathLine(logging.Filter):
    """Drops the line nbclient logs (through papermill's logger) when a kernel stops,
    "Kernel died while waiting for execute reply.": `execute_notebook` raises the package's
    error, which says it in one paragraph."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Kernel died")


def execute_notebook(
    notebook: Path,
    out_dir: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    kernel: Kernel | None = None,
) -> Path:
    """Run one notebook with papermill into `out_dir`; returns the executed copy's path.

    It runs in `kernel` (made fresh for it, `kernels.Kernel.reset`), else in a kernel of its
    own started in `cwd`. A cell that raises ends the run in one `PlanAnalysisError` naming
    the notebook and the cell; so does a kernel that stops in the middle (the next notebook
    gets a new one)."""
    if kernel is None:
        with Kernel(cwd) as own:
            return execute_notebook(notebook, out_dir, parameters, cwd, own)
    without_iri_grammar()
    import papermill  # deferred: heavy, and only the report needs it
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    papermill_log = logging.getLogger("papermill")
    if not any(isinstance(f, _KernelDeathLine) for f in papermill_log.filters):
        papermill_log.addFilter(_KernelDeathLine())
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / notebook.name
    kernel.reset()
    try:
        papermill.execute_notebook(
            str(notebook.absolute()),
            str(executed.absolute()),
            parameters=dict(parameters),
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,  # written once, at the end or at the error
            km=kernel.manager,
        )
    except PapermillExecutionError as exc:
        raise cell_error(notebook, exc.source, f"{exc.ename}: {exc.evalue}") from None
    except DeadKernelError:
        raise PlanAnalysisError(
            "the notebook's Python process (its kernel) stopped while it ran: a cell ended it "
            "or it ran out of memory (run the notebook in JupyterLab to see which cell)",
            file=notebook,
        ) from None
    return executed


def without_iri_grammar() -> None:
    """Before nbformat is imported: jsonschema (nbformat's validator) compiles the grammar of
    its optional IRI format checker on import when rfc3987-syntax is installed (JupyterLab's
    jupyter-events needs it), 0.8 s; no notebook schema has an IRI format, so it is left out
    (jsonschema imports it only if it can, and skips that check otherwise)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def cell_error(notebook: Path, source: str, problem: str) -> PlanAnalysisError:
    """The error of a cell that raised: the notebook, the cell's number in it (as JupyterLab
    counts, 1 = the first cell) and its first line, what it raised, and where to look."""
    without_iri_grammar()
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    number = next((i for i, c in enumerate(cells, start=1) if c.source == source), None)
    first_line = quoted(source.strip().splitlines()[0] if source.strip() else "", 60)
    where = f"cell {number} ({first_line})" if number else f"the cell {first_line}"
    return PlanAnalysisError(
        f"{problem} (open the notebook in JupyterLab and run it to see the traceback)",
        file=notebook,
        position=where,
    )


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


def report_title(nb: NotebookNode) -> str:
    """The notebook's first Markdown heading (「02 コロナの影響（中止・縮小）」), or ''."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return ""


def notebook_title(notebook: Path) -> str:
    """`report_title` of a notebook file, else its name without the ending."""
    without_iri_grammar()
    import nbformat

    return report_title(nbformat.read(notebook, as_version=4)) or notebook.stem


#: Each thread's HTML exporter (the report's kernels each have a thread that exports).
_EXPORTERS = threading.local()


def _exporter() -> HTMLExporter:
    """This thread's HTML exporter, made on first use: a new one compiles its ten templates
    again (0.07 s a notebook)."""
    if not hasattr(_EXPORTERS, "html"):
        without_iri_grammar()
        import jinja2
        from nbconvert import HTMLExporter

        _EXPORTERS.html = HTMLExporter(
            extra_loaders=[jinja2.DictLoader({_REPORT_TEMPLATE: _REPORT_TEMPLATE_SOURCE})],
            template_file=_REPORT_TEMPLATE,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="ja",
        )
    return _EXPORTERS.html


def export_html(executed: Path, out_html: Path) -> Path:
    """Export an executed notebook to HTML without code cells or prompts, and without
    MathJax (text from the tables is never typeset as TeX), titled by its first heading and
    marked as Japanese (`lang="ja"`, so that browsers pick Japanese glyphs); the same
    notebook run again on the same data gives the same bytes (`stable_for_export`;
    papermill's run times are in the notebook's metadata, which the HTML does not show)."""
    import nbformat

    nb = stable_for_export(nbformat.read(executed, as_version=4))
    nb.metadata["title"] = report_title(nb) or executed.stem
    body, _ = _exporter().from_notebook_node(nb)
    data = body.encode("utf-8")
    return write_atomic(out_html, lambda fh: fh.write(data))


def _report_of(
    nb: Path, reports_dir: Path, parameters: Mapping[str, object], cwd: Path, kernel: Kernel
) -> Path:
    """Execute one notebook in `kernel` and export it to HTML; returns the HTML path."""
    executed = execute_notebook(nb, reports_dir / "notebooks", parameters, cwd, kernel)
    return export_html(executed, reports_dir / f"{nb.stem}.html")


def run_notebooks(
    notebooks: Iterable[Path],
    reports_dir: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    workers: int = 1,
    *,
    stop: threading.Event | None = None,
    done: Callable[[Path], object] | None = None,
) -> list[Path]:
    """Execute every notebook and export each to HTML on `workers` kernels, each started
    once (`kernels.Kernel`) and taking the next notebook no other has taken; returns the HTML
    paths in the order of `notebooks` (the same files whichever kernel ran which: each
    notebook starts in a fresh namespace). `done(html)` is called as each one is written.
    Once a notebook fails, or `stop` is set (the caller failed), no kernel takes another;
    the first failing notebook, in their order, raises once every kernel has stopped."""
    notebooks = list(notebooks)
    if not notebooks:
        return []
    waiting: queue.SimpleQueue[tuple[int, Path]] = queue.SimpleQueue()
    for numbered in enumerate(notebooks):
        waiting.put(numbered)
    stop = stop or threading.Event()
    written: dict[int, Path] = {}
    failed: dict[int, BaseException] = {}

    def work() -> None:
        with Kernel(cwd) as kernel:
            while not stop.is_set():
                try:
                    position, nb = waiting.get_nowait()
                except queue.Empty:
                    return
                try:
                    written[position] = _report_of(nb, reports_dir, parameters, cwd, kernel)
                except BaseException as exc:  # raised below, in their order
                    failed[position] = exc
                    stop.set()
                    return
                if done is not None:
                    done(written[position])

    kernels = max(1, min(workers, len(notebooks)))
    with ThreadPoolExecutor(kernels, thread_name_prefix="plan-analysis-kernel") as pool:
        started = [pool.submit(work) for _ in range(kernels)]
    if failed:
        raise failed[min(failed)]
    for each in started:
        each.result()  # a kernel that could not start
    if len(written) < len(notebooks):
        raise PlanAnalysisError("the notebooks were stopped before every one had run")
    return [written[position] for position in range(len(notebooks))]

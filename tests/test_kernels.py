"""A kernel reused for several notebooks (the report's two, a test worker's one): each
notebook starts as in a new kernel; notebooks shared out over two kernels give the HTML of
one; a failing notebook stops the others and is the error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.report.kernels import Kernel
from plan_analysis.report.notebooks import execute_notebook, export_html, run_notebooks

from .conftest import code_notebook


def printed(executed: Path) -> list[str]:
    """What each code cell of an executed notebook printed (stdout)."""
    cells = nbformat.read(executed, as_version=4).cells
    return [
        "".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
        for c in cells
        if c.cell_type == "code"
    ]


MESSING = (
    "leftover = 1\n"
    "import os, warnings\nimport pandas as pd\nimport matplotlib as mpl\n"
    "import matplotlib.pyplot as plt\n"
    "pd.set_option('display.max_rows', 3)\n"
    "mpl.rcParams['lines.linewidth'] = 9\n"
    "warnings.simplefilter('error')\n"
    "plt.figure()\n"
    "os.chdir('/')\n"
    "from plan_analysis import config, labels\n"
    "config.COOCCURRENCE_TOP = 80\n"
    "os.environ['PLAN_ANALYSIS_ROOT'] = '/elsewhere'\n"
    "labels.FIGURE_TITLES['items_per_division'] = 'changed'"
)
LOOKING = (
    "import os, warnings\nimport pandas as pd\nimport matplotlib as mpl\n"
    "import matplotlib.pyplot as plt\n"
    "print('leftover' in globals(), pd.get_option('display.max_rows'),"
    " mpl.rcParams['lines.linewidth'], len(plt.get_fignums()), os.getcwd())\n"
    "from plan_analysis import config\n"
    "from plan_analysis.report import figures\n"
    "print(config.COOCCURRENCE_TOP, figures.figure_title('items_per_division') != 'changed',"
    " os.environ.get('PLAN_ANALYSIS_ROOT') != '/elsewhere')\n"
    "warnings.warn('only a warning')\n"
    "print('went on')"
)


def test_a_reused_kernel_starts_each_notebook_as_a_new_one(
    tmp_path: Path, notebook_kernel: Kernel
) -> None:
    first = code_notebook(tmp_path / "01_mess.ipynb", "value = 0", MESSING)
    second = code_notebook(tmp_path / "02_look.ipynb", "value = 0", LOOKING)
    cwd = notebook_kernel.cwd  # the worker's kernel works in notebooks/
    execute_notebook(first, tmp_path / "out", {}, cwd, notebook_kernel)
    executed = execute_notebook(second, tmp_path / "out", {}, cwd, notebook_kernel)
    # no name of the first notebook; pandas' 60 rows and matplotlib's 1.5 pt lines (their
    # defaults); no figure left open; the kernel's folder again; the package's settings as
    # shipped (KH Coder's 60 lines; a title changed in place is back); the environment of
    # the kernel's start; a warning not an error
    assert printed(executed)[-1] == f"False 60 1.5 0 {cwd}\n60 True True\nwent on\n"
    counts = [c.execution_count for c in nbformat.read(executed, 4).cells]
    assert counts[0] == 1  # counted from 1 again: papermill's injected cell, then the rest
    assert counts == list(range(1, len(counts) + 1))


def test_notebooks_on_two_kernels_give_the_html_of_one(
    tmp_path: Path, notebook_kernel: Kernel
) -> None:
    folder = tmp_path / "nb"
    paths = [
        code_notebook(folder / f"0{n}_n.ipynb", "value = 0", f"# 表{n}\nprint('表', value * {n})")
        for n in (1, 2, 3)
    ]
    html = run_notebooks(paths, tmp_path / "two", {"value": 7}, folder, workers=2)
    assert [p.name for p in html] == ["01_n.html", "02_n.html", "03_n.html"]
    one = tmp_path / "one"
    for path, page in zip(paths, html, strict=True):  # one after the other in one kernel
        executed = execute_notebook(path, one, {"value": 7}, folder, notebook_kernel)
        assert export_html(executed, one / page.name).read_bytes() == page.read_bytes()
    assert "表 14" in html[1].read_text(encoding="utf-8")


def test_a_failing_notebook_stops_the_next_and_is_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "nb"
    paths = [
        code_notebook(folder / "01_ok.ipynb", "value = 0", "print('ok')"),
        code_notebook(folder / "02_bad.ipynb", "value = 0", "print('before')", "1 / 0"),
        code_notebook(folder / "03_later.ipynb", "value = 0", "print('later')"),
    ]
    done: list[str] = []
    with pytest.raises(PlanAnalysisError) as caught:
        run_notebooks(
            paths, tmp_path / "reports", {}, folder, 1, done=lambda p: done.append(p.name)
        )
    assert str(caught.value).startswith(
        "02_bad.ipynb, cell 3 (1 / 0): ZeroDivisionError: division by zero"
    )
    assert done == ["01_ok.html"]
    assert not (tmp_path / "reports" / "03_later.html").exists()


def test_a_kernel_that_stops_is_the_error_and_the_next_notebook_gets_a_new_one(
    tmp_path: Path, notebook_kernel: Kernel
) -> None:
    ending = code_notebook(tmp_path / "01_end.ipynb", "value = 0", "import os\nos._exit(1)")
    after = code_notebook(tmp_path / "02_after.ipynb", "value = 0", "print('after', value)")
    cwd = notebook_kernel.cwd
    with pytest.raises(PlanAnalysisError) as caught:
        execute_notebook(ending, tmp_path / "out", {}, cwd, notebook_kernel)
    assert str(caught.value) == (
        "01_end.ipynb: the notebook's Python process (its kernel) stopped while it ran: a cell "
        "ended it or it ran out of memory (run the notebook in JupyterLab to see which cell)"
    )
    executed = execute_notebook(after, tmp_path / "out", {"value": 3}, cwd, notebook_kernel)
    assert printed(executed)[-1] == "after 3\n"


def test_a_kernel_that_cannot_start_is_one_error(tmp_path: Path, monkeypatch) -> None:
    """E.g. a .venv made without `make install`, where the python3 kernel is missing."""
    from jupyter_client import manager

    class Missing(manager.AsyncKernelManager):
        def __init__(self, **kwargs) -> None:
            super().__init__(**{**kwargs, "kernel_name": "no_such_kernel"})

    monkeypatch.setattr(manager, "AsyncKernelManager", Missing)
    sockets = set(Path(tempfile.gettempdir()).glob("plan-analysis-kernel-*"))  # other kernels'
    with pytest.raises(PlanAnalysisError) as caught:
        Kernel(tmp_path)
    assert str(caught.value) == (
        "the notebook kernel (python3) did not start: NoSuchKernel: No such kernel named "
        "no_such_kernel (`make install` installs it into .venv)"
    )
    assert set(Path(tempfile.gettempdir()).glob("plan-analysis-kernel-*")) == sockets

"""A Jupyter kernel that runs notebooks one after another, each in a fresh namespace.

Starting a kernel and importing pandas, matplotlib and this package in it costs about as
much as running one of our notebooks; the report runs seven. A `Kernel` is started once
(per worker thread of `notebooks.run_notebooks`, or per test worker), imports the package
(while the report draws its figures), and before each notebook is made as a new kernel would be (`fresh_namespace`):
an empty user namespace with the execution count back at 1, no open figure, matplotlib's
and pandas' default settings, the warning filters of its start and its working folder. Only
the imported modules are kept, which is the point: a notebook still has to import what it
uses, as it would in JupyterLab.

The kernel talks to its client over Unix sockets (ZeroMQ IPC) in a private temporary folder
where ZeroMQ has them (not on Windows: TCP on loopback there), and its own log is quiet
(`KERNEL_ARGUMENTS`). A kernel belongs to the thread that started it (its asyncio loop).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..errors import PlanAnalysisError

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager
    from traitlets.config import Config

#: The kernel's own log (its stderr) shows only critical messages. jupyter_client interrupts
#: the kernel (SIGINT) before every shutdown request; when the signal lands inside a message
#: handler, ipykernel logs "KeyboardInterrupt caught in kernel." at ERROR on a run that went
#: well. An error in a cell is not logged there: it comes back as the cell's output, and
#: papermill raises it (`notebooks.execute_notebook`).
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL",)

#: Run in a new kernel while it waits for its first notebook: the modules every notebook's
#: setup cell imports (`fresh_namespace` then empties the namespace again).
WARM_UP = "import plan_analysis.report, plan_analysis.measures, plan_analysis.years"

#: Seconds a kernel may take to start and to run the warm-up or a reset.
STARTUP_TIMEOUT = 60

#: The warning filters of the kernel as it started (set by the first `fresh_namespace`).
_START_FILTERS: list | None = None


def kernel_config(socket_dir: Path) -> Config:
    """The kernel manager's configuration: transport IPC with the sockets in `socket_dir` (a
    folder only this user can enter; absolute, as the kernel runs in the notebooks' folder),
    where ZeroMQ supports it (not on Windows; else TCP)."""
    import zmq
    from traitlets.config import Config

    if not zmq.has("ipc"):
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(socket_dir.absolute() / "k")}})


def fresh_namespace(cwd: str) -> None:
    """Inside a kernel, before its next notebook: as a new kernel would be, but for the
    modules already imported (see the module's docstring)."""
    global _START_FILTERS
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    if _START_FILTERS is None:
        _START_FILTERS = list(warnings.filters)
    plt.close("all")
    get_ipython().reset(new_session=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns about its deprecated options
        mpl.rcdefaults()
        pd.reset_option("all")
    warnings.filters[:] = _START_FILTERS
    os.chdir(cwd)


class Kernel:
    """A started python3 kernel working in `cwd`, for notebooks run one after another
    (`notebooks.execute_notebook(..., kernel=)`); a context manager that shuts it down."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.blocking.client import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.cwd = Path(cwd).absolute()
        self._sockets = tempfile.TemporaryDirectory(prefix="plan-analysis-kernel-")
        config = kernel_config(Path(self._sockets.name))
        self.manager: AsyncKernelManager = AsyncKernelManager(kernel_name="python3", config=config)
        self._control = BlockingKernelClient()
        try:
            run_sync(self.manager.start_kernel)(
                extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(self.cwd)
            )
            self._control.load_connection_file(self.manager.connection_file)
            self._control.start_channels()
            self._control.wait_for_ready(timeout=STARTUP_TIMEOUT)
            self._run(WARM_UP)
        except BaseException as exc:
            self.close()  # no kernel process or sockets' folder left behind
            if isinstance(exc, (PlanAnalysisError, KeyboardInterrupt)):
                raise
            raise PlanAnalysisError(
                f"the notebook kernel (python3) did not start: {type(exc).__name__}: {exc} "
                "(`make install` installs it into .venv)"
            ) from None

    def _run(self, code: str) -> None:
        """Run `code` silently in the kernel; a failure is the package's error."""
        reply = self._control.execute_interactive(
            code, silent=True, store_history=False, timeout=STARTUP_TIMEOUT
        )
        content = reply["content"]
        if content["status"] != "ok":
            raise PlanAnalysisError(
                f"the notebook kernel could not run {code!r}: "
                f"{content.get('ename')}: {content.get('evalue')}"
            )

    def reset(self) -> None:
        """Make the kernel as a new one would be (`fresh_namespace`), for the next notebook;
        a kernel that stopped (a cell ended its process) is started again first."""
        from jupyter_core.utils import run_sync

        if not run_sync(self.manager.is_alive)():
            run_sync(self.manager.restart_kernel)(now=True)
            self._control.wait_for_ready(timeout=STARTUP_TIMEOUT)
            self._run(WARM_UP)
        self._run(
            "from plan_analysis.report.kernels import fresh_namespace\n"
            f"fresh_namespace({str(self.cwd)!r})"
        )

    def close(self) -> None:
        """Shut the kernel down and remove its sockets' folder."""
        from jupyter_core.utils import run_sync

        self._control.stop_channels()
        if self.manager.has_kernel and run_sync(self.manager.is_alive)():
            run_sync(self.manager.shutdown_kernel)(now=False)
        self._sockets.cleanup()

    def __enter__(self) -> Kernel:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

"""A Jupyter kernel that runs notebooks one after another, each in a fresh namespace.

Starting a kernel and importing pandas, matplotlib and this package in it costs about as
much as running one of our notebooks; the report runs seven. A `Kernel` is started once
(per worker thread of `notebooks.run_notebooks`, or per test worker), imports the package
(`warm_up`, while the report draws its figures), and before each notebook is made as a new
kernel would be (`fresh_namespace`): an empty user namespace with the execution count back
at 1, no open figure, matplotlib's and pandas' default settings, the warning filters and
environment variables of its start, the package's settings as they were imported (a cell
that sets `config.COOCCURRENCE_TOP = 80` changes its own notebook only) and its working
folder. Only the imported modules are kept, which is the point: a notebook still has to
import what it uses, as it would in JupyterLab.

The kernel talks to its client over Unix sockets (ZeroMQ IPC) in a private temporary folder
where ZeroMQ has them (not on Windows: TCP on loopback there), and its own log is quiet
(`KERNEL_ARGUMENTS`). A kernel belongs to the thread that started it (its asyncio loop).
"""

from __future__ import annotations

import copy
import importlib
import os
import pkgutil
import sys
import tempfile
import warnings
from pathlib import Path
from types import ModuleType, TracebackType
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

#: Run in a new kernel while it waits for its first notebook (`warm_up`).
WARM_UP = "from plan_analysis.report.kernels import warm_up\nwarm_up()"

#: Seconds a kernel may take to start and to run the warm-up or a reset.
STARTUP_TIMEOUT = 60

#: The warning filters and environment variables of the kernel as it started, and the
#: package's settings as imported (every UPPER_CASE name of its modules: the object it named
#: and a deep copy of what it held): set by `warm_up`.
_START_FILTERS: list | None = None
_START_ENVIRONMENT: dict[str, str] = {}
_SETTINGS: dict[tuple[ModuleType, str], tuple[object, object]] = {}


def kernel_config(socket_dir: Path) -> Config:
    """The kernel manager's configuration: transport IPC with the sockets in `socket_dir` (a
    folder only this user can enter; absolute, as the kernel runs in the notebooks' folder),
    where ZeroMQ supports it (not on Windows; else TCP)."""
    import zmq
    from traitlets.config import Config

    if not zmq.has("ipc"):
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(socket_dir.absolute() / "k")}})


def warm_up() -> None:
    """Inside a new kernel: import every module of the package (1.3 s, the notebooks' own
    imports then cost nothing; scipy is left for the analyses that need it) and keep the
    kernel's warning filters, its environment variables and the package's settings as they
    are now."""
    global _START_FILTERS
    package = importlib.import_module(__name__.partition(".")[0])
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    _START_FILTERS = list(warnings.filters)
    _START_ENVIRONMENT.clear()
    _START_ENVIRONMENT.update(os.environ)
    _SETTINGS.clear()
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] == package.__name__:
            for setting, value in vars(module).items():
                if setting.isupper() and not setting.startswith("_"):
                    _SETTINGS[module, setting] = (value, _copied(value))


def _copied(value: object) -> object:
    """A deep copy of a setting, or the value itself where it has none (a module)."""
    try:
        return copy.deepcopy(value)
    except (TypeError, copy.Error):
        return value


def _restore_settings() -> None:
    """Every setting of `_SETTINGS` as imported: the name bound to its object again, and a
    dict, list or set holding what it held (in place: other modules imported the object)."""
    for (module, setting), (value, held) in _SETTINGS.items():
        setattr(module, setting, value)
        if isinstance(value, (dict, list, set)) and value != held:
            restored = copy.deepcopy(held)
            if isinstance(value, list):
                value[:] = restored
            else:
                value.clear()
                value.update(restored)


def fresh_namespace(cwd: str) -> None:
    """Inside a kernel, before its next notebook: as a new kernel would be, but for the
    modules already imported (see the module's docstring)."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    if _START_FILTERS is None:
        warm_up()
    plt.close("all")
    get_ipython().reset(new_session=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns about its deprecated options
        mpl.rcdefaults()
        pd.reset_option("all")
    warnings.filters[:] = _START_FILTERS
    if os.environ != _START_ENVIRONMENT:  # e.g. a cell that set PLAN_ANALYSIS_ROOT
        os.environ.clear()
        os.environ.update(_START_ENVIRONMENT)
    _restore_settings()
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
            self._ready()
        except BaseException as exc:
            self.close()  # no kernel process or sockets' folder left behind
            if isinstance(exc, (PlanAnalysisError, KeyboardInterrupt)):
                raise
            raise PlanAnalysisError(
                f"the notebook kernel (python3) did not start: {type(exc).__name__}: {exc} "
                "(`make install` installs it into .venv)"
            ) from None

    def _ready(self) -> None:
        """Wait for the kernel just started, then warm it up."""
        self._control.wait_for_ready(timeout=STARTUP_TIMEOUT)
        self._run(WARM_UP)

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
            self._ready()
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

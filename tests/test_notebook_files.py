"""The committed notebooks are saved as JupyterLab saves them, so opening one in JupyterLab
does not mark it modified: JupyterLab writes the kernel's full `language_info` and the
kernelspec's display name into the metadata as soon as the kernel starts, and a notebook
whose metadata differ shows as changed (seen in headless Chromium: the tab of a notebook with
`language_info: {name: python}` turns dirty on opening; with the kernel's own it stays
clean). Run `python tests/test_notebook_files.py` to save every notebook so."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def language_info() -> dict[str, object]:
    """What ipykernel reports of its language (JupyterLab stores it as it is)."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def file_text(nb: nbformat.NotebookNode) -> str:
    """The notebook's file text as JupyterLab (jupyter_server) writes it: nbformat's JSON,
    1-space indent, sorted keys, a final newline."""
    return nbformat.writes(nb) + "\n"


def _paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", _paths(), ids=lambda p: p.stem)
def test_saved_as_jupyterlab_saves_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    shown = {k: v for k, v in nb.metadata["language_info"].items() if k != "version"}
    kernel = {k: v for k, v in language_info().items() if k != "version"}
    assert shown == kernel  # the Python version is the saving machine's: left out
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert all(cell.get("id") for cell in nb.cells)
    assert text == file_text(nb), f"{path.name}: run python {__file__}"


@pytest.mark.parametrize("path", _paths(), ids=lambda p: p.stem)
def test_tables_are_shown_for_reading(path: Path) -> None:
    """Every table a notebook shows goes through `report.table` / `report.kwic_table` (no
    row index, labels, blanks): none is shown as a bare `labels.to_display` frame."""
    nb = nbformat.read(path, as_version=4)
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    assert not any("to_display(" in source for source in sources)


if __name__ == "__main__":
    for path in _paths():
        nb = nbformat.read(path, as_version=4)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nb.metadata["language_info"] = language_info()
        path.write_text(file_text(nb), encoding="utf-8")
        print("saved", path.name, file=sys.stderr)

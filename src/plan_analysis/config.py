"""Paths and settings in one place.

The project root is where the analyst runs the command: the nearest folder at or above the
current directory holding `data/raw` (or `pyproject.toml`), overridable with the
PLAN_ANALYSIS_ROOT environment variable. Every public function takes explicit paths; these
are only the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def find_project_root(start: Path | None = None) -> Path:
    """The folder at or above `start` (default: cwd) that holds `data/raw` or `pyproject.toml`."""
    env = os.environ.get("PLAN_ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw").is_dir() or (folder / "pyproject.toml").is_file():
            return folder
    return here


@dataclass(frozen=True)
class Paths:
    """The folders of a project: raw input, editable reference data, outputs."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def cache(self) -> Path:
        return self.processed / "cache"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"


def default_paths() -> Paths:
    """Paths of the project the current directory belongs to."""
    return Paths(find_project_root())


#: File endings the loader reads from a raw folder.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".tsv", ".csv", ".xlsx")

#: Two items of one year are one item listed twice (a repost without the (再掲) mark) when
#: their normalised names score at least this (rapidfuzz ratio, 0–100) … In the R3 seed the
#: two real pairs score 95.8 and 94.1, the closest distinct pair 81.2.
REPOST_NAME_SIMILARITY = 85.0
#: … and their 内容 cells at least this (the two real pairs: 95.7 and 100).
REPOST_CONTENT_SIMILARITY = 70.0
#: An item marked (再掲) points at the earlier item whose name is closest, if at least this.
REPOST_MARKED_NAME_SIMILARITY = 70.0

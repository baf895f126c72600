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

#: Spelling variants folded in names and texts before comparing two years (regex →
#: replacement, applied in order after the loader's NFKC and wave-dash folding). Each group
#: folds to its shortest form so that okurigana variants meet: 取組/取組み/取り組み → 取組.
#: Whitespace is removed last: layout is no change.
YEAR_FOLDS: tuple[tuple[str, str], ...] = (
    (r"障がい|障碍", "障害"),
    (r"こども|子供", "子ども"),
    (r"取り?組み?", "取組"),
    (r"\s+", ""),
)
#: Two items of consecutive years are the same item when their folded names score at least
#: this (rapidfuzz ratio / 100) — whatever their 内容. In the R3 seed the closest two distinct
#: items score 0.812 (社会福祉協議会への地区担当コミュニティソーシャルワーカーの配置 / …と連携した
#: 地域づくり); a light rename such as サロンの開催場所の増設 → サロン開催場所の増設 scores 0.952.
YEAR_NAME_SIMILARITY = 0.85
#: … or, for a heavier rename, names scoring at least YEAR_NAME_FLOOR with 内容 scoring at
#: least YEAR_CONTENT_SIMILARITY. 内容 alone never decides: three distinct R3 items
#: (ボランティア活動に関する情報提供や環境の整備 / ボランティアコーディネーター人材の育成 /
#: ボランティア活動の支援) share the same 内容 word for word, their names scoring 0.34–0.55.
YEAR_NAME_FLOOR = 0.60
#: Among distinct R3 items whose names reach the floor, 内容 scores at most 0.727
#: (社会福祉法人と地区社会福祉協議会活動との連携推進 / 社会福祉法人と市社会福祉協議会との定期協議).
YEAR_CONTENT_SIMILARITY = 0.80
#: Added to a pair's score when both items sit in the same goal/area, so that of two equally
#: good candidates (an item and its repost) the one that did not move wins. Small: a tie-break.
YEAR_SAME_AREA_BONUS = 0.1

#: plan_past_similarity (Jaccard of content-word base forms, 0–1) from which an item is listed
#: as "the plan nearly repeats the past" (12 of the 75 R3 items; e.g. 団塊の世代 0.89).
PLAN_REPEATS_PAST = 0.4

#: Input limits: the loader refuses a file beyond them before reading it, so that a wrong or
#: hostile file ends in a message, not in a frozen machine. A progress table is tens of KB
#: (the R3 seed: 60 KB as text); the limits leave room for a decade of tables in one file.
#: Largest text/CSV file read, in bytes.
MAX_TEXT_BYTES = 50 * 1024 * 1024
#: Largest .xlsx file read (compressed, as on disk), in bytes.
MAX_XLSX_BYTES = 50 * 1024 * 1024
#: Largest total uncompressed size of the members of an .xlsx (a zip), in bytes …
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
#: … of any one member (a sheet's XML), in bytes …
MAX_XLSX_MEMBER = 100 * 1024 * 1024
#: … the highest compression ratio (uncompressed / compressed) of a member larger than
#: XLSX_RATIO_FROM bytes uncompressed (a real sheet compresses 5–20 times; a small member
#: such as styles.xml may compress better and is harmless) …
MAX_XLSX_RATIO = 100
XLSX_RATIO_FROM = 1024 * 1024
#: … and the most members (a workbook with a few sheets has 10–30).
MAX_XLSX_MEMBERS = 1000
#: Input text quoted in an error or warning is cut to this many characters (then "…").
QUOTE_LIMIT = 200

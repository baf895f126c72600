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


#: PDFs: read as tables (load/pdf.py), from their text layer.
PDF_SUFFIXES: tuple[str, ...] = (".pdf",)
#: File endings the loader reads from a raw folder.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".tsv", ".csv", ".xlsx", *PDF_SUFFIXES)
#: Endings of files an analyst keeps beside the tables in data/raw/: a folder's file with
#: one of them is skipped with a line saying what it is (a file named on the command line
#: is still an error). Any other ending is skipped too, as an unknown file type.
#: Workbooks the loader does not open: save them as .xlsx.
OTHER_WORKBOOK_SUFFIXES: tuple[str, ...] = (".xls", ".xlsm", ".xlsb", ".ods")
WORD_SUFFIXES: tuple[str, ...] = (".doc", ".docx", ".docm", ".rtf", ".odt")
IMAGE_SUFFIXES: tuple[str, ...] = (
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp",
)  # fmt: skip
#: A text file of a folder with no header row is a note (skipped), not a broken table, only
#: while fewer than this many of its rows have 3 or more filled cells (tab- or, in a CSV,
#: comma-separated): a progress table's item rows have 5.
NOTE_MAX_MULTI_CELL_ROWS = 2

#: How a table writes "no value" in a number column (目標値 ‐): a missing value, no warning.
MISSING_VALUE_MARKS: frozenset[str] = frozenset(
    {"", "-", "‐", "‑", "−", "–", "—", "―", "ー", "－", "なし", "未定", "*"}
)

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
#: Among the items the assignment left unmatched, a heavy rename with its 内容 kept (名称だけ
#: が大きく変わった事業) is linked when the two 内容 score at least YEAR_KEPT_CONTENT, each is
#: the other's best, and no other left-over item comes within YEAR_KEPT_MARGIN (the three
#: R3 ボランティア items of identical 内容 are never told apart by 内容 alone).
YEAR_KEPT_CONTENT = 0.90
YEAR_KEPT_MARGIN = 0.05
#: Added to a pair's score when both items sit in the same goal/area, so that of two equally
#: good candidates (an item and its repost) the one that did not move wins. Small: a tie-break.
YEAR_SAME_AREA_BONUS = 0.1

#: A section name in body text counts only as a whole name: the character before it must be
#: no kanji (社会福祉課 does not hold 福祉課) unless it is one of these (木更津市福祉課), and the
#: character after it no kanji (地域福祉課題 holds no 地域福祉課) unless one of these (課長, 課内).
NAME_BEFORE_OK = "市町村区県都府道"
NAME_AFTER_OK = "長内等間"

#: Split and merged items, found after the one-to-one assignment among the items it left
#: unmatched, by containment of character bigrams of the name and the three texts (folded):
#: a successor of a
#: split is a *part* of its predecessor when at least PART_CONTAINMENT of its bigrams occur in
#: the predecessor, and it *adds* at least PART_GAIN of the predecessor's bigrams that no other
#: part holds (a near copy beside a one-to-one successor adds nothing). A split needs two
#: parts or more; a merge is the same the other way round. Calibrated in tests/third_year.py.
PART_CONTAINMENT = 0.6
PART_GAIN = 0.15
#: … or, when its predecessors were much alike (two items of nearly one text merged), a part
#: that lies at least PART_WHOLLY inside the whole adds little and is a part all the same.
PART_WHOLLY = 0.95

#: Two policy areas (施策) of consecutive years are one area when their folded titles score at
#: least AREA_TITLE_SIMILARITY, or when most of their linked items go from one to the other
#: (AREA_ITEM_SHARE of the old area's and of the new area's linked items). An area left over
#: whose linked items mostly come from (or go to) one matched area, AREA_PART_ITEMS of them
#: at least, is a split (merge) of it; one item alone is a moved item, not a split.
AREA_TITLE_SIMILARITY = 0.75
AREA_ITEM_SHARE = 0.5
AREA_PART_ITEMS = 2

#: plan_past_similarity (Jaccard of content-word base forms, 0–1) from which an item is listed
#: as "the plan nearly repeats the past" (12 of the 75 R3 items; e.g. 団塊の世代 0.89).
PLAN_REPEATS_PAST = 0.4

#: Share of a plan's nouns that no other cell of the item uses, from which a plan without a
#: type marker is queued for review (it may be a new action stated without 新たに): on the
#: five labelled tables (seed, FY2022 ×2, FY2023, FY2024) 28 of 78 unmarked plans, holding
#: 8 of the 11 wrong defaults.
PLAN_NOVEL_NOUNS = 0.5

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
#: Largest PDF read, in bytes (a progress table printed from Excel: 0.2–2 MB) …
MAX_PDF_BYTES = 50 * 1024 * 1024
#: … and the most pages (a progress table has 10–30; pdfplumber reads 5–20 pages a second).
MAX_PDF_PAGES = 500
#: A PDF of which at least this share of characters are glyphs without a Unicode mapping
#: (pdfminer's `(cid:NNNN)`: a Japanese font embedded without a ToUnicode table) has no
#: usable text layer: an error. Fewer such characters are kept, with a warning.
PDF_MAX_CID_SHARE = 0.1
#: Input text quoted in an error or warning is cut to this many characters (then "…").
QUOTE_LIMIT = 200

#: The co-occurrence network (report.figures.word_cooccurrence_network; notebook 06 exposes
#: each as a parameter): words of these parts of speech (content words) …
COOCCURRENCE_POS: tuple[str, ...] = ("名詞", "動詞", "形容詞")
#: … occurring at least this often (below 5 the seed's network fills with words of a single
#: sentence) …
COOCCURRENCE_MIN_FREQ = 5
#: … the most frequent this many of them …
COOCCURRENCE_WORDS = 40
#: … linked when they share a unit (sentence, cell or item: text.textstats.UNITS) …
COOCCURRENCE_UNIT = "sentence"
#: … with a Jaccard coefficient of at least this (0: any shared unit) …
COOCCURRENCE_MIN_JACCARD = 0.0
#: … drawing this many edges: the maximum spanning tree, which keeps the words in one
#: network, then the strongest other links (KH Coder's default is 60 edges) …
COOCCURRENCE_TOP = 60
#: … or only the tree (KH Coder's 最小スパニング・ツリーだけを描画).
COOCCURRENCE_TREE_ONLY = False

#: Characteristic words (text.textstats.characteristic_words) are computed only for groups
#: of at least this many items (a division of one item has its every word "characteristic":
#: 件 and ない at χ² 113.9 in the seed) …
CHARACTERISTIC_MIN_GROUP_ITEMS = 3
#: … and only for words occurring at least this often in all groups together.
CHARACTERISTIC_MIN_FREQ = 3

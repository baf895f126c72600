"""Property: over every reader (text, CSV, .xlsx built here with openpyxl), arbitrary cell
text — `=` formulas, NUL and other control characters, very long text, Japanese — either
loads keeping every cell's text (less the control characters the readers remove, with a
warning) or raises PlanAnalysisError. Nothing else escapes, nothing is lost silently."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import warnings
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table

from .conftest import ref

TITLE = "令和4年度第3期木更津市地域福祉計画 進行管理表"
HEADER = ["事業名", "所管課", "内容", "これまでの取り組み", "今後の予定"]
GOAL = "基本目標1 住みよいまちづくりの土壌を創ろう"
AREA = "(1)対象者横断のワンストップ一括相談・支援体制の構築"
NAME, OWNER = "地区懇談会の開催", "社会福祉課"
COLUMNS = ("content_raw", "past_efforts_raw", "plans_raw")

#: What the readers remove from every cell (documented in load/readers.py): C0 controls but
#: tab and line breaks, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Characters an .xlsx cannot hold at all (XML 1.0 forbids them; openpyxl refuses them).
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

SPECIAL = st.sampled_from(
    ["=", "==", "=SUM(A1:A3)", "\x00", "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9f",
     "\t", "\n", "\r", "\r\n", '"', ",", " ", "\u3000", "○", "<p>", "(社会福祉課)", "①", "髙",
     "ｱ", "～", "\ufeff", "#N/A", "TRUE", "0.25", "2022/4/1", "基本目標2", "(3)", "事業名"]
)  # fmt: skip
CHARACTER = st.one_of(SPECIAL, st.characters(codec="utf-8"), st.sampled_from("業務の見直し計画"))
SHORT = st.lists(CHARACTER, max_size=30).map("".join)
LONG = st.tuples(SHORT, st.integers(min_value=1000, max_value=40_000)).map(
    lambda t: (t[0] or "長") * (t[1] // max(len(t[0]), 1))
)
CELL = st.one_of(SHORT, SHORT, SHORT, LONG)


def write_text(path: Path, cells: list[str]) -> list[str]:
    """Tab-separated text: a cell cannot hold a tab or a line break (they are the format)."""
    cells = [re.sub(r"[\t\r\n]", " ", c) for c in cells]
    rows = [[TITLE], [], HEADER, [GOAL], [AREA], [NAME, OWNER, *cells]]
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return cells


def write_csv(path: Path, cells: list[str]) -> list[str]:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(
        [[TITLE], HEADER, [GOAL], [AREA], [NAME, OWNER, *cells]]
    )
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return cells


def write_xlsx(path: Path, cells: list[str]) -> list[str]:
    """A workbook; XML turns CR and CRLF into LF, and cannot hold C0 controls; a cell holds
    at most 32,767 characters (Excel's limit: openpyxl cuts a longer text when writing)."""
    cells = [NOT_IN_XML.sub("", c)[:32767] for c in cells]
    wb = openpyxl.Workbook()
    for row in ([TITLE], [], HEADER, [GOAL], [AREA], [NAME, OWNER, *cells]):
        wb.active.append(row)
    wb.save(path)
    return [re.sub(r"\r\n?", "\n", c) for c in cells]


WRITERS = {"r4.txt": write_text, "r4.csv": write_csv, "r4.xlsx": write_xlsx}


def expected(cell: str) -> str:
    return CONTROL.sub("", cell).strip()


def outcome(folder: Path, name: str, cells: list[str]) -> str:
    """Write `cells` as the item's three text cells in format `name`, load, and check.

    Returns "error" (PlanAnalysisError naming the file), "warned" (loaded, text kept, a
    warning issued) or "clean" (loaded, text kept); fails on lost or changed text. Any
    other exception propagates: that is the failure this property looks for.
    """
    path = folder / name
    written = WRITERS[name](path, cells)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PlanAnalysisWarning)
            tables = load_table(path, ref().load)
    except PlanAnalysisError as exc:
        assert str(exc).startswith(name), str(exc)
        return "error"
    items = tables.items
    assert items["name"].tolist() == [NAME]
    got = [items[col].iat[0].strip() for col in COLUMNS]
    assert got == [expected(c) for c in written]
    removed = any(CONTROL.search(c) for c in written)
    if removed:
        assert any("control character(s) removed" in w for w in tables.warnings)
    return "warned" if tables.warnings else "clean"


EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(sorted(WRITERS)), cells=st.lists(CELL, min_size=3, max_size=3))
def test_any_cell_text_loads_kept_or_fails_clearly(name, cells):
    with tempfile.TemporaryDirectory() as folder:
        outcome(Path(folder), name, cells)


def test_each_reader_keeps_a_hostile_row():
    """One hand-made row through every reader: a formula, NUL, C1, Japanese, 10,000 chars."""
    cells = ["=1+1", "見合わせ\x00た\x85。", "長" * 10_000]
    with tempfile.TemporaryDirectory() as folder:
        assert [outcome(Path(folder), name, cells) for name in sorted(WRITERS)] == [
            "warned",  # csv: the control characters
            "warned",  # txt: the control characters
            "warned",  # xlsx: the formula without a saved result, the C1 control
        ]

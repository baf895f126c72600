"""The same table as CP932 CSV, .xlsx and with mixed line ends loads to the seed's tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from plan_analysis.schema import TEXT_COLUMNS

from .conftest import SEED, quiet_load, write_cp932_csv, write_xlsx

COMPARED = [
    "seq",
    "goal_no",
    "area_no",
    "name",
    "owner_raw",
    *TEXT_COLUMNS,
    "is_repost",
    "repost_of",
]


def _comparable(items: pd.DataFrame) -> pd.DataFrame:
    """Items with white space folded: the spreadsheets put paragraphs on lines of their own."""
    out = items[COMPARED].copy()
    for col in ["owner_raw", *TEXT_COLUMNS]:
        out[col] = out[col].map(lambda s: re.sub(r"\s+", " ", re.sub(r"</?p>", " ", s)).strip())
    return out.reset_index(drop=True)


@pytest.fixture(params=["cp932_csv", "xlsx"])
def spreadsheet(request, tmp_path):
    if request.param == "cp932_csv":
        return write_cp932_csv(tmp_path / "r3_progress.csv")
    return write_xlsx(tmp_path / "令和3年度_進行管理表.xlsx")


def test_spreadsheet_loads_like_seed(seed, spreadsheet):
    loaded = quiet_load(spreadsheet)
    assert loaded.warnings == []
    pd.testing.assert_frame_equal(_comparable(loaded.items), _comparable(seed.items))
    assert loaded.sections.equals(seed.sections)
    pd.testing.assert_frame_equal(
        loaded.item_departments.drop(columns="fiscal_year"),
        seed.item_departments.drop(columns="fiscal_year"),
    )
    keys = ["item_id", "column", "seg_no", "department", "text"]
    pd.testing.assert_frame_equal(loaded.segments[keys], seed.segments[keys])


def test_csv_document_row(tmp_path):
    doc = quiet_load(write_cp932_csv(tmp_path / "r3_progress.csv")).documents.iloc[0]
    assert (doc["source_format"], doc["encoding"], doc["fiscal_year"]) == ("csv", "cp932", 2021)
    lines = quiet_load(tmp_path / "r3_progress.csv").source_lines
    # Quoted cells spanning several physical lines are accounted for as continuation lines
    assert lines["kind"].value_counts()["item"] == 75
    assert lines["line"].tolist() == list(range(1, len(lines) + 1))


def test_xlsx_positions_name_sheet_and_row(tmp_path):
    loaded = quiet_load(write_xlsx(tmp_path / "r3.xlsx"))
    first = loaded.items.iloc[0]
    assert (first["source_sheet"], first["source_line"]) == ("進行管理表", 6)
    assert loaded.documents["source_format"].iat[0] == "xlsx"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "euc_jp", "cp932"])
def test_encodings_detected(tmp_path, seed, encoding):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "r3_table.txt"
    path.write_bytes(text.encode(encoding))
    loaded = quiet_load(path)
    assert loaded.documents["encoding"].iat[0] == {"euc_jp": "euc_jp"}.get(encoding, encoding)
    assert loaded.items["content"].tolist() == seed.items["content"].tolist()


def test_mixed_line_ends_load_the_same(tmp_path, seed):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    text = "".join(ln + ("\r\n" if i % 2 else "\n") for i, ln in enumerate(lines))
    path = tmp_path / "r3_mixed.txt"
    path.write_text(text, encoding="utf-8", newline="")
    loaded = quiet_load(path)
    pd.testing.assert_frame_equal(
        loaded.items.drop(columns="source_file"), seed.items.drop(columns="source_file")
    )


def test_cell_wrapped_onto_next_lines(tmp_path, seed):
    """A PDF copy that broke a long cell over lines rejoins into the same item."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    # line 8 (the first item): break its 4th cell after 「ように、」 and its 5th after 「困窮者を」
    broken = lines[7].replace("ように、", "ように、\n").replace("困窮者を", "困窮者を\n")
    lines[7] = broken
    path = tmp_path / "r3_wrapped.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    loaded = quiet_load(path)
    assert loaded.warnings == []
    first = loaded.items.iloc[0]
    assert first["past_efforts"] == seed.items.iloc[0]["past_efforts"].replace(
        "ように、", "ように、\n"
    )
    assert first["plans"] == seed.items.iloc[0]["plans"].replace("困窮者を", "困窮者を\n")
    assert len(loaded.items) == 75
    kinds = loaded.source_lines["kind"].value_counts()
    assert kinds["continuation"] == 2 and kinds["item"] == 75
    assert loaded.items.iloc[1]["source_line"] == 11

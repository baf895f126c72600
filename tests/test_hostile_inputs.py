"""Hostile and broken inputs, each built here in a few lines or bytes: every one ends in the
package's error saying what is wrong, or loads with a warning that keeps the text. Nothing
is lost silently, nothing from outside the input is shown. Expected messages are written by
hand from the rules of the readers (see load/readers.py, load/encoding.py, config.py)."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning, quoted
from plan_analysis.load import load_table, load_tables, raw_files

from .conftest import quiet_load, ref

HEADER = ["事業名", "所管課", "内容", "これまでの取り組み", "今後の予定"]
TITLE = "令和4年度第3期木更津市地域福祉計画 進行管理表"
GOAL = "基本目標1 住みよいまちづくりの土壌を創ろう"
AREA = "(1)対象者横断のワンストップ一括相談・支援体制の構築"
ITEM = ["地区懇談会の開催", "社会福祉課", "地区懇談会を開催する。", "開催は見合わせた。", "必要に応じて開催していく。"]  # fmt: skip
MB = 1024 * 1024


def text_table(*items: list[str]) -> str:
    """Title, blank, header, goal, area, then the item rows (lines 6, 7, …)."""
    rows = [[TITLE], [], HEADER, [GOAL], [AREA], *items]
    return "\n".join("\t".join(r) for r in rows) + "\n"


def write(tmp_path: Path, data: str | bytes, name: str = "r4_table.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error_of(path, loader=None) -> str:
    with pytest.raises(PlanAnalysisError) as info:
        (loader or (lambda p: load_table(p, ref().load)))(path)
    return str(info.value)


def load_warned(path):
    """(tables, warnings issued) of a file that loads."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = load_table(path, ref().load)
    issued = [str(w.message) for w in caught if w.category is PlanAnalysisWarning]
    assert issued == tables.warnings  # what is issued is what Tables keeps
    return tables, issued


def workbook(*items: list[object], sheet: str = "進行管理表") -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in ([TITLE], [], HEADER, [GOAL], [AREA], *items):
        ws.append(row)
    return wb


def save(wb: openpyxl.Workbook, tmp_path: Path, name: str = "r4.xlsx") -> Path:
    wb.save(tmp_path / name)
    return tmp_path / name


# --- 1. only regular files, within the size limit ----------------------------------------


def test_fifo_is_refused(tmp_path):
    os.mkfifo(tmp_path / "r4.txt")
    assert error_of(tmp_path / "r4.txt") == (
        "r4.txt: is a named pipe (FIFO), not a regular file: only files are read"
    )


def test_device_is_refused():
    assert error_of(Path("/dev/zero")) == (
        "zero: is a character device, not a regular file: only files are read"
    )


def test_link_named_like_a_table_to_a_device_is_refused(tmp_path):
    (tmp_path / "r4.csv").symlink_to("/dev/zero")
    assert error_of(tmp_path / "r4.csv") == (
        "r4.csv: is a character device, not a regular file: only files are read"
    )


def test_directory_named_as_a_file(tmp_path):
    (tmp_path / "r4.txt").mkdir()
    assert error_of(tmp_path / "r4.txt") == (
        "r4.txt: is a directory, not a regular file: only files are read"
    )


def test_directory_named_as_a_table_inside_an_input_folder(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "r4.xlsx").mkdir()
    assert error_of(tmp_path / "raw", raw_files) == (
        "r4.xlsx: is a directory, not a regular file: only files are read"
    )


def test_fifo_inside_an_input_folder(tmp_path):
    (tmp_path / "raw").mkdir()
    os.mkfifo(tmp_path / "raw" / "r4.csv")
    assert error_of(tmp_path / "raw", lambda p: load_tables([p], ref().load)) == (
        "r4.csv: is a named pipe (FIFO), not a regular file: only files are read"
    )


def test_symlink_out_of_the_input_folder_is_refused_unread(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(text_table(["秘密の事業", "秘書課", "外に出してはいけない", "", ""]))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r4_link.txt").symlink_to(secret)
    msg = error_of(raw, lambda p: load_tables([p], ref().load))
    assert msg == (
        "r4_link.txt: is a symbolic link to a file outside the input folder: not followed; "
        "copy the file into the folder to load it"
    )
    assert "秘密" not in msg and "secret" not in msg


def test_symlink_within_the_input_folder_is_followed(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    write(raw / "sub", text_table(ITEM), "r4_real.txt")
    (raw / "r4_link.txt").symlink_to(raw / "sub" / "r4_real.txt")
    assert raw_files(raw) == [raw / "r4_link.txt"]


def test_file_above_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "r4_big.txt"
    with path.open("wb") as f:  # sparse: takes no disk space
        f.truncate(50 * MB + 1)
    assert error_of(path) == (
        "r4_big.txt: the file is 50.0 MB, more than the 50 MB a table file may have "
        "(MAX_TEXT_BYTES in config.py): not read"
    )


def test_xlsx_above_the_size_limit(tmp_path):
    path = tmp_path / "r4_big.xlsx"
    with path.open("wb") as f:
        f.truncate(60 * MB)
    assert error_of(path) == (
        "r4_big.xlsx: the file is 60.0 MB, more than the 50 MB a table file may have "
        "(MAX_XLSX_BYTES in config.py): not read"
    )


def test_missing_file(tmp_path):
    # the path as given, so that a typo in the folder shows
    assert error_of(tmp_path / "r4_none.txt") == (
        f"{tmp_path / 'r4_none.txt'}: cannot read the file (No such file or directory)"
    )


# --- 2. quoted input is capped -------------------------------------------------------------


def test_quoted_caps_text():
    assert quoted("あ" * 5, 3) == "あああ…(+2 characters)"
    assert quoted("short", 200) == "short"
    assert quoted("x" * 200) == "x" * 200
    assert quoted("x" * 201) == "x" * 200 + "…(+1 characters)"


def test_one_line_file_is_not_printed_whole(tmp_path):
    path = write(tmp_path, "長" * 1_000_000)
    msg = error_of(path)
    assert msg.startswith("r4_table.txt: no header row found (first non-blank row: " + "長" * 200)
    assert "長…(+999800 characters)); expected a row naming the columns" in msg
    assert len(msg) < 600


def test_long_not_understood_line_warns_capped_and_keeps_the_text(tmp_path):
    note = "※" + "注" * 5000
    tables, issued = load_warned(write(tmp_path, text_table(ITEM, [], [note])))
    assert issued == [
        "r4_table.txt, line 8: row with text in the first cell only that is no goal or area; "
        f"text kept in the reconciliation: {'※' + '注' * 199}…(+4801 characters)"
    ]
    lines = tables.source_lines
    assert lines.loc[lines["kind"] == "not_understood", "text"].tolist() == [note]


def test_long_six_cell_row_error_is_capped(tmp_path):
    msg = error_of(write(tmp_path, text_table([*ITEM, *(["余分" * 30] * 50)])))
    assert msg.startswith("r4_table.txt, line 6: item row has 55 cells, the header has 5: ")
    assert msg.endswith("characters)")
    assert len(msg) < 400


def test_long_unknown_owner_is_capped(tmp_path):
    owner = "地域" * 300 + "課"
    tables, issued = load_warned(write(tmp_path, text_table([ITEM[0], owner, *ITEM[2:]])))
    assert issued == [
        f"r4_table.txt: owner '{'地域' * 100}…(+401 characters)' is not in "
        "data/reference/departments.csv: kept with an empty division"
    ]
    assert tables.items["owner_raw"].tolist() == [owner]


# --- 3. .xlsx zip bombs and corrupt workbooks ---------------------------------------------


def zip_bytes(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def declared_sizes(data: bytes, compressed: int, uncompressed: int) -> bytes:
    """The zip with every central-directory entry claiming these sizes (what a crafted
    bomb claims; the reader must refuse it on the claim, before decompressing)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<II", out, at + 20, compressed, uncompressed)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_bomb_by_ratio(tmp_path):
    data = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * (2 * MB)})
    msg = error_of(write(tmp_path, data, "r4.xlsx"))
    assert msg.startswith("r4.xlsx: the workbook's part 'xl/worksheets/sheet1.xml' unpacks ")
    assert msg.endswith(
        " times its packed size, more than the 100 times a real sheet does "
        "(MAX_XLSX_RATIO in config.py): a zip bomb, not read"
    )


def test_bomb_by_member_size(tmp_path):
    data = declared_sizes(zip_bytes({"xl/worksheets/sheet1.xml": b"<a/>"}), 2 * MB, 150 * MB)
    assert error_of(write(tmp_path, data, "r4.xlsx")) == (
        "r4.xlsx: the workbook's part 'xl/worksheets/sheet1.xml' unpacks to 150.0 MB, more "
        "than the 100 MB a part may have (MAX_XLSX_MEMBER in config.py): not read"
    )


def test_bomb_by_total_size(tmp_path):
    members = {f"xl/worksheets/sheet{i}.xml": b"<a/>" for i in (1, 2, 3)}
    data = declared_sizes(zip_bytes(members), 1 * MB, 80 * MB)
    assert error_of(write(tmp_path, data, "r4.xlsx")) == (
        "r4.xlsx: the workbook unpacks to 240.0 MB, more than the 200 MB a workbook may "
        "have (MAX_XLSX_UNCOMPRESSED in config.py): not read"
    )


def test_bomb_by_member_count(tmp_path):
    data = zip_bytes({f"m{i}": b"" for i in range(1001)}, zipfile.ZIP_STORED)
    assert error_of(write(tmp_path, data, "r4.xlsx")) == (
        "r4.xlsx: the workbook has 1001 parts, more than the 1000 a workbook may have "
        "(MAX_XLSX_MEMBERS in config.py): not read"
    )


def rezip(path: Path, change) -> bytes:
    """The workbook at `path` with each member's bytes passed through change(name, data)."""
    with zipfile.ZipFile(path) as z:
        members = {i.filename: change(i.filename, z.read(i)) for i in z.infolist()}
    return zip_bytes({k: v for k, v in members.items() if v is not None})


NOT_READABLE = "r4.xlsx: not a readable .xlsx workbook ("


def test_truncated_sheet_xml(tmp_path):
    path = save(workbook(ITEM), tmp_path, "ok.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    data = rezip(path, lambda name, b: b[: len(b) // 2] if name == sheet else b)
    msg = error_of(write(tmp_path, data, "r4.xlsx"))
    assert msg.startswith(NOT_READABLE + "ParseError: ")


def test_missing_workbook_part(tmp_path):
    path = save(workbook(ITEM), tmp_path, "ok.xlsx")
    data = rezip(path, lambda name, b: None if name == "xl/workbook.xml" else b)
    assert error_of(write(tmp_path, data, "r4.xlsx")).startswith(NOT_READABLE)


def test_corrupt_deflate_stream(tmp_path):
    path = save(workbook(*[ITEM] * 30), tmp_path, "ok.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 5, start + info.compress_size - 5):
        data[k] ^= 0x55  # the member's compressed bytes, garbled
    msg = error_of(write(tmp_path, bytes(data), "r4.xlsx"))
    assert msg.startswith(NOT_READABLE)
    assert any(kind in msg for kind in ("error: Error -3", "BadZipFile: Bad CRC-32"))


def test_truncated_zip(tmp_path):
    data = save(workbook(ITEM), tmp_path, "ok.xlsx").read_bytes()
    msg = error_of(write(tmp_path, data[: len(data) // 2], "r4.xlsx"))
    assert msg == NOT_READABLE + "BadZipFile: File is not a zip file)"


# --- 4. workbook cells: formulas, shown text, hidden sheets --------------------------------


def test_formula_without_cached_value_keeps_its_text(tmp_path):
    path = save(workbook([*ITEM[:2], '=CONCAT("地区","懇談会")', *ITEM[3:]]), tmp_path)
    tables, issued = load_warned(path)
    assert tables.items["content_raw"].tolist() == ['=CONCAT("地区","懇談会")']
    assert issued == [
        "r4.xlsx, sheet '進行管理表', row 6: cell C6 holds a formula without a saved result: "
        'the formula is kept as its text \'=CONCAT("地区","懇談会")\' (open the file in '
        "Excel and save it again to keep the result)"
    ]


def test_dates_percentages_booleans_as_excel_shows_them(tmp_path):
    wb = workbook([*ITEM[:2], dt.datetime(2022, 4, 1), 0.25, True])
    ws = wb.active
    ws["C6"].number_format = "yyyy/m/d"
    ws["D6"].number_format = "0%"
    wb.active.append(["市民講座", "社会福祉課", dt.datetime(2022, 4, 1), 1234.5, False])
    ws["C7"].number_format = '[$-ja-JP]ggge"年"m"月"d"日"'
    ws["D7"].number_format = "#,##0"
    tables = quiet_load(save(wb, tmp_path))
    items = tables.items
    assert items["content_raw"].tolist() == ["2022/4/1", "令和4年4月1日"]
    assert items["past_efforts_raw"].tolist() == ["25%", "1,235"]
    assert items["plans_raw"].tolist() == ["TRUE", "FALSE"]


def test_hidden_sheets_are_skipped_with_a_warning(tmp_path):
    wb = workbook(ITEM)
    old = wb.create_sheet("旧表")
    old.append(["昨年度の表"])
    old.append(["別の事業", "社会福祉課"])
    old.sheet_state = "hidden"
    wb.create_sheet("リスト").sheet_state = "veryHidden"
    tables, issued = load_warned(save(wb, tmp_path))
    assert issued == [
        "r4.xlsx: sheet '旧表' is hidden: skipped, its 2 row(s) with text are not loaded "
        "(unhide the sheet in Excel to load it)",
        "r4.xlsx: sheet 'リスト' is veryHidden: skipped, its 0 row(s) with text are not "
        "loaded (unhide the sheet in Excel to load it)",
    ]
    assert tables.items["name"].tolist() == ["地区懇談会の開催"]
    assert set(tables.source_lines["sheet"]) == {"進行管理表"}


# --- 5. control characters --------------------------------------------------------------


def test_nul_in_a_text_cell_is_removed_with_a_warning(tmp_path):
    item = [ITEM[0], ITEM[1], "地区懇談会を\x00開催する。", ITEM[3], ITEM[4] + "\x07\x1b"]
    tables, issued = load_warned(write(tmp_path, text_table(item)))
    assert tables.items["content_raw"].tolist() == ["地区懇談会を開催する。"]
    assert tables.items["plans_raw"].tolist() == ["必要に応じて開催していく。"]
    assert issued == [
        "r4_table.txt, line 6: control character(s) removed: U+0000 (cell 3), U+0007 U+001B "
        "(cell 5); the text is kept: '地区懇談会の開催 | 社会福祉課 | 地区懇談会を開催する。 | "
        "開催は見合わせた。 | 必要に応じて開催していく。'"
    ]


def test_control_characters_in_csv_cells(tmp_path):
    rows = [
        [TITLE],
        HEADER,
        [GOAL],
        [AREA],
        [ITEM[0], ITEM[1], "二行の\n\x0c内容", "\x85", ITEM[4]],
    ]
    text = "\r\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\r\n"
    tables, issued = load_warned(write(tmp_path, text, "r4.csv"))
    assert tables.items["content_raw"].tolist() == ["二行の\n内容"]
    assert tables.items["past_efforts_raw"].tolist() == [""]
    assert issued == [
        "r4.csv, line 5–6: control character(s) removed: U+000C (cell 3), U+0085 (cell 4); "
        "the text is kept: '地区懇談会の開催 | 社会福祉課 | 二行の\\n内容 | 必要に応じて開催していく。'"
    ]


def test_c1_control_in_a_workbook_cell(tmp_path):
    tables, issued = load_warned(save(workbook([*ITEM[:3], "見合わせ\x9fた。", ITEM[4]]), tmp_path))
    assert tables.items["past_efforts_raw"].tolist() == ["見合わせた。"]
    assert issued[0].startswith(
        "r4.xlsx, sheet '進行管理表', row 6: control character(s) removed: U+009F (cell 4); "
    )


# --- 6. encodings -------------------------------------------------------------------------


def test_utf16_surrogate_error_names_its_line(tmp_path):
    lines = "一行目\n二行目\n".encode("utf-16-le")  # 8 characters: bytes 2-17 after the BOM
    data = b"\xff\xfe" + lines + b"\x00\xd8" + "三行目\n".encode("utf-16-le")
    assert error_of(write(tmp_path, data)) == (
        "r4_table.txt, line 3: starts with a utf-16 byte-order mark but byte 18 is not valid "
        "utf-16 (illegal UTF-16 surrogate); save the table again as UTF-8 or CP932"
    )


def test_utf16_without_bom_surrogate_error_names_its_line(tmp_path):
    # "\n" is 0a 00 and 上 (U+4E0A) is 0a 4e: counting 0x0a bytes would say line 3, not 2
    data = "上\nab\n".encode("utf-16-le") + b"\x00\xdc" + "c\n".encode("utf-16-le")
    assert error_of(write(tmp_path, data)) == (
        "r4_table.txt, line 3: looks like UTF-16-LE text without a byte-order mark but byte 10 "
        "is not valid utf-16-le (illegal encoding); save the table again as UTF-8 or CP932"
    )


def test_utf8_error_after_cr_only_lines(tmp_path):
    data = "一\r二\r".encode() + b"\xff\xfe\xfd\xfc"
    assert error_of(write(tmp_path, data)).startswith(
        "r4_table.txt, line 3: cannot be decoded as UTF-8, UTF-16, CP932 (Shift_JIS) or EUC-JP "
        "text (first bad byte at offset 8)"
    )


def test_utf8_read_as_latin1_and_saved_again(tmp_path):
    mojibake = "業務の見直し\n".encode().decode("latin-1").encode("utf-8")
    assert error_of(write(tmp_path, mojibake)) == (
        "r4_table.txt, line 1: the text is mojibake: UTF-8 Japanese that was opened as "
        "Latin-1/Windows-1252 and saved again as utf-8 ('æ¥\\xadå\\x8b\\x99ã\\x81®è¦\\x8b"
        "ç\\x9b´ã\\x81\\x97' reads as '業務の見直し'); load the original file instead, or open "
        "this one in Excel with データ > テキストまたはCSVから, choosing the encoding UTF-8, "
        "and save it as CSV UTF-8 or CSV (CP932)"
    )


def test_cp932_read_as_windows1252_and_saved_again(tmp_path):
    cp1252 = "事業名\n".encode("cp932").decode("cp1252").encode("utf-8")  # 8e 96 8b c6 96 bc
    assert error_of(write(tmp_path, cp1252, "r4.csv")) == (
        "r4.csv, line 1: the text is mojibake: CP932 (Shift_JIS) Japanese that was opened as "
        "Latin-1/Windows-1252 and saved again as utf-8 ('Ž–‹Æ–¼' reads as '事業名'); load "
        "the original file instead, or open this one in Excel with データ > テキストまたはCSVから, "
        "choosing the encoding CP932 (Shift_JIS), and save it as CSV UTF-8 or CSV (CP932)"
    )


def test_text_that_decodes_only_as_latin1(tmp_path):
    data = "Programme\ncafé crème\n".encode("latin-1")
    assert error_of(write(tmp_path, data)) == (
        "r4_table.txt, line 2: cannot be decoded as UTF-8, UTF-16, CP932 (Shift_JIS) or EUC-JP "
        "text (first bad byte at offset 13); it decodes only as Latin-1/Windows-1252 (Western "
        "European), giving 'café crème': not Japanese text, or Japanese saved with the wrong "
        "encoding; save the table again as UTF-8 or CP932"
    )


def test_binary_that_decodes_as_utf8(tmp_path):
    assert error_of(write(tmp_path, b"ab\n\x00\x01\x02\x03")) == (
        "r4_table.txt, line 2: decodes as utf-8 but 57% of its characters are control, "
        "private-use or half-width katakana characters (the first is U+0000): this is not a "
        "text table (a binary file saved as .txt/.csv?); save the table again as UTF-8 or "
        "CP932 text"
    )


def test_western_text_that_is_not_mojibake_loads(tmp_path):
    item = [ITEM[0], ITEM[1], "café と naïve の講座", ITEM[3], ITEM[4]]
    tables = quiet_load(write(tmp_path, text_table(item)))
    assert tables.items["content_raw"].tolist() == ["café と naïve の講座"]


# --- CSV quoting ---------------------------------------------------------------------------


def test_csv_unclosed_quote(tmp_path):
    text = "\n".join(
        [TITLE, ",".join(HEADER), GOAL, AREA, '地区懇談会,社会福祉課,"開催する。', "次の行"]
    )
    assert error_of(write(tmp_path, text + "\n", "r4.csv")) == (
        "r4.csv, line 5: malformed CSV: unexpected end of data: a quoted cell opened here is "
        'never closed (an unmatched ")'
    )


def test_csv_cell_longer_than_the_csv_module_default(tmp_path):
    long = "長" * 200_000  # the csv module refuses fields over 131072 characters by default
    rows = [[TITLE], HEADER, [GOAL], [AREA], [ITEM[0], ITEM[1], long, ITEM[3], ITEM[4]]]
    text = "\n".join(",".join(r) for r in rows) + "\n"
    tables = quiet_load(write(tmp_path, text, "r4.csv"))
    assert tables.items["content_raw"].tolist() == [long]


def test_item_without_any_text(tmp_path):
    """An item whose three text cells are all empty loads, with no segments."""
    tables = quiet_load(write(tmp_path, text_table([ITEM[0], ITEM[1], "", "", ""])))
    assert tables.items["content_raw"].tolist() == [""]
    assert tables.segments.empty and "department" in tables.segments.columns

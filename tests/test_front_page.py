"""The front page, reports/index.html: plan, years, key figures with their sources, links.

Expected figures are read by hand: the seed's 75 items (2 reposts, lines 102 and 115, no
effect of COVID), the hand labels of tests/fixtures/hand_labels_r3.csv, and the planted
changes of the FY2022 table (tests/second_year.py).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from plan_analysis.labels import NO_YEARS_TO_COMPARE
from plan_analysis.outputs import write_tables
from plan_analysis.report import key_figures, write_front_page
from plan_analysis.report.front_page import figure_sentence, front_page_html

from .conftest import FIXTURES
from .second_year import ADDED, REMOVED
from .test_inert_outputs import renamed

#: The seed's reposts (名前が(再掲)で終わる line 115; line 102 repeats item 2021-001).
REPOSTS = ("2021-062", "2021-070")
REPORTS = [("01_load_and_check.html", "01 読み込みと確認"), ("02_covid.html", "02 コロナの影響")]


def text_of(page: str) -> str:
    """The page as a reader sees it: tags out, entities decoded, blanks folded."""
    body = page.split("<body>", 1)[1]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def hand_covid_counts() -> dict[str, int]:
    labels = pd.read_csv(FIXTURES / "hand_labels_r3.csv", comment="#")
    counted = labels[~labels["item_id"].isin(REPOSTS)]
    return counted["covid_effect"].value_counts().to_dict()


def test_figure_sentences() -> None:
    assert figure_sentence("中止・見合わせ", 9, 12) == "中止・見合わせ 9件（前年度 12件）"
    assert figure_sentence("事業数", 75, pd.NA) == "事業数 75件"
    assert figure_sentence("事業数", 75, None) == "事業数 75件"


def test_one_year_key_figures_are_the_seeds(frames) -> None:
    hand = hand_covid_counts()
    assert hand == {"none": 59, "suspended": 9, "partial": 3, "adapted": 2}
    groups = {g.heading: g for g in key_figures(frames)}
    assert list(groups)[:3] == ["事業数", "コロナの影響", "今後の予定の種類"]
    items = groups["事業数"].rows
    assert items["n"].tolist() == [75] and items["n_before"].isna().all()
    covid = groups["コロナの影響"].rows
    assert covid["name"].tolist() == [
        "中止・見合わせ",
        "一部中止・縮小",
        "方法を変えて実施",
        "影響の記載なし",
    ]
    assert covid["n"].tolist() == [hand[c] for c in ("suspended", "partial", "adapted", "none")]
    plans = groups["今後の予定の種類"].rows
    assert plans["name"].tolist() == ["継続", "拡充", "新規", "条件付き・検討"]
    assert plans["n"].sum() == 73  # every item but the 2 reposts
    (divisions,) = [g for h, g in groups.items() if h.startswith("部別の事業数")]
    assert divisions.rows["name"].iloc[0] == "福祉部" and len(divisions.rows) == 5
    assert not any(h.startswith("前年度の事業との対応") for h in groups)


def test_every_figure_is_in_the_table_it_cites(two_years, tmp_path) -> None:
    write_tables(two_years, tmp_path)
    for group in key_figures(two_years):
        cited = pd.read_csv(tmp_path / f"{group.source}.csv", encoding="utf-8-sig")
        year_column = "fiscal_year_to" if "fiscal_year_to" in cited else "fiscal_year"
        of_year = cited[cited[year_column] == 2022]
        numbers = set(of_year.select_dtypes("number").to_numpy().ravel().tolist())
        assert set(group.rows["n"]) <= numbers, group.heading
        if year_column == "fiscal_year":
            before = cited[cited["fiscal_year"] == 2021].select_dtypes("number")
            assert set(group.rows["n_before"].dropna()) <= set(before.to_numpy().ravel()), (
                group.heading
            )


def test_one_year_page_says_there_is_nothing_to_compare(frames) -> None:
    page = front_page_html(frames, REPORTS, ["summary.xlsx", "figures/"], "../data/processed")
    text = text_of(page)
    assert "<title>令和3年度第3期木更津市地域福祉計画 進行管理表 分析レポート</title>" in page
    assert "読み込んだ年度: 令和3年度（2021年度）" in text
    assert NO_YEARS_TO_COMPARE in text
    assert "前年度 " not in text  # no figure of a year before
    assert "事業数 75件" in text and "中止・見合わせ 9件" in text
    assert "出典: documents.csv" in text and "出典: covid_trend.csv" in text
    assert '<a href="../data/processed/covid_trend.csv">' in page
    assert '<a href="02_covid.html">02 コロナの影響</a>' in page
    assert '<a href="summary.xlsx">' in page and '<a href="figures/">' in page
    assert "council_booklet.pdf" not in page


def test_two_years_give_the_year_before_and_the_links(two_years) -> None:
    text = text_of(front_page_html(two_years, REPORTS, [], "../data/processed"))
    assert "対象年度: 令和4年度（2022年度）（前年度: 令和3年度（2021年度））" in text
    assert "事業数 75件（前年度 75件）" in text  # 2 items removed, 2 added
    # 地区懇談会の開催 (suspended by hand) was held in FY2022; nothing else suspended changed
    assert "中止・見合わせ 8件（前年度 9件）" in text
    assert "前年度の事業との対応（2021→2022）" in text
    links = "同一 68件 名称変更 2件 移動 1件 分割 0件 統合 0件 新規 2件 廃止・削除 2件"
    assert links in text
    new = "、".join(cells[0] for _, cells in ADDED)
    assert f"新規の事業（2件）: {new}" in text
    assert f"廃止・削除の事業（2件）: {'、'.join(REMOVED)}" in text
    assert NO_YEARS_TO_COMPARE not in text


def test_hostile_plan_title_and_division_stay_text(frames) -> None:
    tables = renamed(frames, {"福祉部": '<img src=x onerror="alert(1)">'})
    tables["documents"] = tables["documents"].assign(plan_title="<script>alert(2)</script>計画")
    page = front_page_html(tables, [("x.html", "<b>題</b>")], [], "../data/processed")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;計画" in page
    assert "<li>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; " in page  # a division
    assert "&lt;b&gt;題&lt;/b&gt;" in page


@pytest.mark.parametrize("booklet", [False, True])
def test_the_booklet_is_linked_only_when_it_is_there(frames, tmp_path: Path, booklet) -> None:
    (tmp_path / "summary.xlsx").write_bytes(b"")
    (tmp_path / "figures").mkdir()
    if booklet:
        (tmp_path / "council_booklet.pdf").write_bytes(b"%PDF-1.4")
    path = write_front_page(frames, tmp_path, REPORTS, "../data/processed")
    page = path.read_text(encoding="utf-8")
    assert path == tmp_path / "index.html"
    assert ('<a href="council_booklet.pdf">' in page) == booklet
    assert '<a href="summary.xlsx">' in page and '<a href="figures/">' in page
    assert (
        write_front_page(frames, tmp_path, REPORTS, "../data/processed").read_text(encoding="utf-8")
        == page
    )  # a rerun writes the same page

"""The council figures plot the processed tables of the seed, in Japanese, and save reproducibly.

Frames are built once from the real R3 seed (and, for the trends, a FY2022 table built from
it by tests/second_year.py). Hand-read expectations: 社会福祉課 owns 23 items; goal 1 has 54
non-repost items, 6 of them suspended by COVID; 社会福祉課 has 15 / 4 / 4 items in goals 1–3;
75 items of which 2 are reposts. Every other check compares a chart with the table it draws.
Rendering to PNG is what raises a missing-glyph warning, which pyproject makes an error.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import matplotlib.image
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from plan_analysis.config import COOCCURRENCE_TOP, COOCCURRENCE_WORDS
from plan_analysis.errors import PlanAnalysisError
from plan_analysis.labels import FIGURE_TITLES
from plan_analysis.measures.workload import department_goal_matrix
from plan_analysis.report import figures
from plan_analysis.text import textstats

from .chart_helpers import overlapping, placed_labels

TRENDS = {"covid_effect_trend", "plan_type_trend", "items_per_division_trend", "year_link_counts"}
#: Figures of a column the seed has not: 評価 (tests/test_extra_columns.py draws it).
EXTRA = {"grade_by_goal"}
#: Figures saved a second time where a test needs the same bytes again: a bar chart and the
#: two networks (their layout is the one random step).
AGAIN = ("covid_effect_by_goal", "co_ownership_network", "word_cooccurrence_network")
PLAN_TITLE = "令和3年度第3期木更津市地域福祉計画 進行管理表"
#: The seed's goal titles (基本目標1 住みよいまちづくりの土壌を創ろう, …; ！ folded to !) as
#: the goal axes show them, wrapped to 12 em in lines of about equal length: 16 em → two lines
#: of at most 9 em; 13.5 em → at most 7.75 em; 16.5 em → at most 9.25 em.
GOAL_TITLES = [
    "住みよいまちづくり\nの土壌を創ろう",
    "風とおしのよい\nまちを創ろう!",
    "「これから」を支え\nる人を育てよう!",
]


def render(fig: Figure) -> Axes:
    """Draw `fig` as a PNG would be (a missing glyph raises here); return its axes."""
    fig.savefig(io.BytesIO(), format="png")
    return fig.axes[0]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def bar_widths(ax: Axes) -> list[float]:
    return [p.get_width() for p in ax.patches]


# --- what each chart plots ------------------------------------------------------------------


def test_items_per_department_bars_equal_the_workload_table(frames) -> None:
    ax = render(figures.items_per_department(frames, 2021))
    table = frames["workload_departments"]
    assert ticks(ax.get_yticklabels())[0] == "社会福祉課"
    assert bar_widths(ax)[0] == 23
    assert bar_widths(ax) == table["n_items"].tolist()
    # a division-level owner is marked as such, sections keep their names
    assert "福祉部内各課（部単位）" in ticks(ax.get_yticklabels())
    assert ax.get_title(loc="left") == "所管課別の事業数"


def test_fractional_bars_sum_to_the_non_repost_items(frames) -> None:
    ax = render(figures.items_per_department_fractional(frames, 2021))
    assert sorted(bar_widths(ax), reverse=True) == pytest.approx(bar_widths(ax))
    assert sum(bar_widths(ax)) == pytest.approx(75 - 2)


def test_items_per_division_bars_equal_the_table(frames) -> None:
    ax = render(figures.items_per_division(frames, 2021))
    table = frames["workload_divisions"]
    assert ticks(ax.get_yticklabels()) == table["division"].tolist()
    assert bar_widths(ax) == table["n_items"].tolist()


def test_covid_shares_per_goal_equal_measure_counts(frames) -> None:
    ax = render(figures.draw("covid_effect_by_goal", frames, 2021))
    assert ticks(ax.get_yticklabels()) == [
        "基本目標1（54事業）\n" + GOAL_TITLES[0],
        "基本目標2（11事業）\n" + GOAL_TITLES[1],
        "基本目標3（8事業）\n" + GOAL_TITLES[2],
    ]
    # patches come category by category (suspended for goals 1–3, then partial, …)
    assert bar_widths(ax)[0] == pytest.approx(6 / 54 * 100)
    expected = goal_shares(frames, "covid_effect", ["suspended", "partial", "adapted", "none"])
    assert bar_widths(ax) == pytest.approx(expected, abs=0.01)
    legend = ticks(ax.get_legend().get_texts())
    assert legend == ["中止・見合わせ", "一部中止・縮小", "方法を変えて実施", "影響の記載なし"]


def goal_shares(frames, measure: str, categories: list[str]) -> list[float]:
    """measure_counts' shares per goal in %, category by category (the order bars are drawn)."""
    counts = frames["measure_counts"]
    by_goal = counts[(counts["measure"] == measure) & (counts["group_by"] == "goal_no")]
    shares = by_goal.pivot(index="group", columns="category", values="share")[categories]
    return (shares.T.to_numpy().ravel() * 100).tolist()


def test_covid_per_division_rows_are_the_divisions_with_their_items(frames) -> None:
    ax = render(figures.draw("covid_effect_by_division", frames, 2021))
    divisions = frames["workload_divisions"]
    assert ticks(ax.get_yticklabels()) == [
        f"{d}（{n}事業）" for d, n in zip(divisions["division"], divisions["n_items"], strict=True)
    ]


def test_covid_counts_add_up_to_the_non_repost_items(frames) -> None:
    ax = render(figures.draw("covid_effect_counts", frames, 2021))
    trend = frames["covid_trend"]
    assert bar_widths(ax) == trend["n_items"].tolist()
    assert sum(bar_widths(ax)) == 75 - 2
    assert ticks(ax.get_yticklabels())[0] == "中止・見合わせ"


def test_plan_type_shares_per_goal_sum_to_100(frames) -> None:
    ax = render(figures.draw("plan_type_by_goal", frames, 2021))
    expected = goal_shares(frames, "plan_type", ["continue", "expand", "new", "conditional"])
    assert bar_widths(ax) == pytest.approx(expected, abs=0.01)
    assert ticks(ax.get_legend().get_texts()) == ["継続", "拡充", "新規", "条件付き・検討"]


def test_text_volume_bars_end_at_the_characters_per_owner(frames) -> None:
    ax = render(figures.text_volume_per_owner(frames, 2021))
    volume = frames["text_volume"]
    n = len(volume)
    ends = np.array(bar_widths(ax)).reshape(3, n).sum(axis=0)
    assert ends.tolist() == volume["chars_total"].tolist()
    assert ticks(ax.get_yticklabels()) == volume["owner"].tolist()
    assert [t.get_text() for t in ax.texts] == [f"{v:,}" for v in volume["chars_total"]]


def test_heatmap_cells_equal_department_goal(frames) -> None:
    ax = render(figures.department_goal_heatmap(frames, 2021))
    matrix = department_goal_matrix(frames["department_goal"], 2021)
    assert np.array_equal(ax.images[0].get_array(), matrix.to_numpy())
    assert ticks(ax.get_xticklabels()) == [
        f"基本目標{n}\n{t}" for n, t in enumerate(GOAL_TITLES, 1)
    ]
    row = ticks(ax.get_yticklabels()).index("社会福祉課")
    assert ax.images[0].get_array()[row].tolist() == [15, 4, 4]


def test_co_ownership_network_draws_every_section_and_shared_pair(frames) -> None:
    fig = figures.co_ownership_network(frames, 2021)
    ax = render(fig)
    (layer,) = placed_labels(fig)
    sections = set(frames["workload_departments"]["department"])
    names = [t.get_text() for t in layer.texts[: len(sections)]]
    assert set(names) == sections
    # each shared pair's number of shared items written on its edge
    values = sorted(int(t.get_text()) for t in layer.texts[len(sections) :])
    assert values == sorted(frames["co_ownership"]["n_items"])
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges.get_segments()) == len(frames["co_ownership"])
    assert [lg.get_title().get_text() for lg in fig.legends] == [
        "色：結びつきの強いまとまり", "円の大きさ", "線の太さ",
    ]  # fmt: skip
    # 社会福祉課 owns 23 items (the seed), the largest circle of the size legend
    assert fig.legends[1].get_texts()[-1].get_text() == "23事業"


@pytest.mark.parametrize("name", ["co_ownership_network", "word_cooccurrence_network"])
def test_network_labels_never_overlap(frames, name) -> None:
    fig = figures.draw(name, frames, 2021)
    assert overlapping(fig) == [], name


def test_similarity_classes_count_each_item_once() -> None:
    values = pd.Series([0.0, 0.05, 0.1, 0.39, 0.4, 1.0], name="plan_past_similarity")
    classes = figures.similarity_classes(values)
    assert classes.tolist() == [2, 1, 0, 1, 1, 0, 0, 0, 0, 1]
    assert classes.index[0] == "0.0–0.1" and classes.index[-1] == "0.9–1.0"


def test_plan_past_similarity_bars_count_the_non_repost_items(frames) -> None:
    ax = render(figures.plan_past_similarity(frames, 2021))
    heights = [p.get_height() for p in ax.patches]
    measures = frames["item_measures"]
    similarity = measures.loc[~measures["is_repost"], "plan_past_similarity"]
    assert heights == np.histogram(similarity, bins=np.linspace(0, 1, 11))[0].tolist()
    assert sum(heights) == 75 - 2
    assert any("0.4以上" in t.get_text() for t in ax.texts)


def test_word_frequency_shows_the_top_nouns(frames) -> None:
    ax = render(figures.word_frequency_nouns(frames, 2021))
    tokens = figures.counted_tokens(frames, 2021)
    top = textstats.word_frequency(tokens, pos1=["名詞"]).head(figures.WORD_TOP_N)
    assert ticks(ax.get_yticklabels()) == top["base"].tolist()
    assert bar_widths(ax) == top["freq"].tolist()
    assert ax.get_title(loc="left") == f"よく使われる名詞（上位{figures.WORD_TOP_N}語）"


def test_counted_tokens_leave_out_the_reposts(frames) -> None:
    tokens = figures.counted_tokens(frames, 2021)
    reposts = frames["items"].loc[frames["items"]["is_repost"], "item_id"]
    assert len(reposts) == 2 and not tokens["item_id"].isin(reposts).any()


def test_cooccurrence_network_draws_the_linked_words(frames) -> None:
    fig = figures.word_cooccurrence_network(frames, 2021)
    render(fig)
    edges, nodes = figures.cooccurrence_edges(frames, 2021)
    (layer,) = placed_labels(fig)
    assert {t.get_text() for t in layer.texts} == set(nodes["word"])
    # the 40 most frequent words, one network (no islands), 60 edges as KH Coder draws
    assert len(nodes) == COOCCURRENCE_WORDS == 40 and len(edges) == COOCCURRENCE_TOP == 60
    graph = nx.Graph(list(zip(edges["word_a"], edges["word_b"], strict=True)))
    assert nx.is_connected(graph) and graph.number_of_nodes() == 40
    assert len(fig.legends) == 3


def test_cooccurrence_settings(frames) -> None:
    tree, nodes = figures.cooccurrence_edges(frames, 2021, tree_only=True)
    assert len(tree) == len(nodes) - 1  # a spanning tree
    few, few_nodes = figures.cooccurrence_edges(frames, 2021, words=10, top=12, min_freq=20)
    assert len(few_nodes) <= 10 and len(few) <= 12 and (few_nodes["freq"] >= 20).all()
    strong, _ = figures.cooccurrence_edges(frames, 2021, min_jaccard=0.3)
    assert (strong["jaccard"] >= 0.3).all()
    items, _ = figures.cooccurrence_edges(frames, 2021, unit="item")
    assert not items.equals(figures.cooccurrence_edges(frames, 2021)[0])
    fig = figures.word_cooccurrence_network(frames, 2021, tree_only=True, words=20)
    assert len(placed_labels(fig)[0].texts) <= 20


def test_every_chart_has_its_japanese_title_and_the_footnote(frames) -> None:
    for name, draw in figures.figure_functions().items():
        fig = draw(frames, 2021)
        if name in TRENDS | EXTRA:
            assert fig is None, name
            continue
        ax = render(fig)
        assert ax.get_title(loc="left").startswith(figures.figure_title(name).split("{")[0]), name
        footnote = fig.get_supxlabel().replace("\n", "")
        assert PLAN_TITLE in footnote and "令和3年度（2021年度）" in footnote, name


# --- trends -------------------------------------------------------------------------------


def test_trends_need_two_years(frames, two_years) -> None:
    for name in TRENDS:
        assert figures.draw(name, frames, 2021) is None
        assert figures.draw(name, two_years, 2021) is None  # nothing before FY2021
        assert figures.draw(name, two_years, 2022) is not None


def test_covid_trend_lines_equal_the_trend_table(two_years) -> None:
    fig = figures.draw("covid_effect_trend", two_years, 2022)
    ax = render(fig)
    trend = two_years["covid_trend"]
    suspended = trend[trend["covid_effect"] == "suspended"]["n_items"].tolist()
    assert ax.lines[0].get_ydata().tolist() == suspended
    # every point carries its value, no two values overprinting
    (layer,) = placed_labels(fig)
    assert sorted(int(t.get_text()) for t in layer.texts) == sorted(trend["n_items"])
    assert overlapping(fig) == []
    assert ticks(ax.get_xticklabels()) == ["令和3年度", "令和4年度"]
    footnote = ax.figure.get_supxlabel().replace("\n", "")
    assert (
        "第3期木更津市地域福祉計画 進行管理表" in footnote
        and "令和3年度〜令和4年度（2021〜2022年度）" in footnote
    )


def test_year_link_counts_bars_equal_the_link_counts(two_years) -> None:
    ax = render(figures.year_link_counts(two_years, 2022))
    counts = two_years["link_counts"]
    assert bar_widths(ax) == counts["n_links"].tolist()
    assert ticks(ax.get_yticklabels()) == [
        "同一",
        "名称変更",
        "移動",
        "分割",
        "統合",
        "新規",
        "廃止・削除",
    ]
    assert "令和3年度→令和4年度" in ax.get_title(loc="left")


# --- the registry and the files -----------------------------------------------------------


def test_registry_names_and_titles() -> None:
    assert all(figures.figure_title(name) for name in figures.figure_functions())
    assert set(FIGURE_TITLES) <= set(figures.figure_functions())
    assert {"covid_effect_by_goal", "items_per_department"} <= set(figures.figure_functions())


def test_fiscal_year_defaults_to_the_latest_loaded(frames, two_years) -> None:
    assert figures.chosen_fiscal_year(frames) == 2021
    assert figures.chosen_fiscal_year(two_years) == 2022
    assert figures.chosen_fiscal_year(two_years, 2021) == 2021
    with pytest.raises(PlanAnalysisError, match="2030 is not loaded"):
        figures.chosen_fiscal_year(frames, 2030)


def png_size(path: Path) -> tuple[int, int]:
    height, width = matplotlib.image.imread(path).shape[:2]
    return width, height


@pytest.fixture(scope="module")
def one_year_files(frames, tmp_path_factory) -> list[Path]:
    """`write_figures` of the seed, written once for the tests that read its files."""
    return figures.write_figures(frames, tmp_path_factory.mktemp("one_year"))


@pytest.fixture(scope="module")
def two_year_files(two_years, tmp_path_factory) -> list[Path]:
    """`write_figures` of the two years' trends (and one figure of every year), written once
    for the tests that read their files."""
    names = sorted({*TRENDS, "items_per_division"})
    return figures.write_figures(two_years, tmp_path_factory.mktemp("two_years"), names=names)


@pytest.fixture(scope="module")
def one_year_over_two(frames, two_year_files, tmp_path_factory) -> tuple[Path, list[Path]]:
    """A folder that held the two years' figures, then `write_figures` of the seed alone
    into it (a second run on the seed, after a run that drew the trends; of the other
    figures those of `AGAIN`): folder, paths."""
    folder = tmp_path_factory.mktemp("rerun") / "figures"
    shutil.copytree(two_year_files[0].parent, folder)
    assert (folder / "plan_type_trend.png").exists()
    return folder, figures.write_figures(frames, folder, names=[*AGAIN, *TRENDS, *EXTRA])


def test_write_figures_one_year_writes_png_and_svg_without_trends(frames, one_year_files) -> None:
    paths, folder = one_year_files, one_year_files[0].parent
    names = set(figures.figure_functions()) - TRENDS - EXTRA
    assert {p.name for p in paths} == {f"{n}.{ext}" for n in names for ext in ("png", "svg")}
    assert sorted(folder.iterdir()) == sorted(paths)
    # 8 × 4.2 in at 200 dpi: 1.8 in + 3 bars of 0.4 in + 0.2 in per extra line of their
    # labels (基本目標N（n事業） over its title in two lines)
    assert png_size(folder / "covid_effect_by_goal.png") == (1600, 840)
    for name in names:
        fig = figures.draw(name, frames, 2021)
        width, height = fig.get_size_inches() * 200
        assert png_size(folder / f"{name}.png") == (round(width), round(height)), name
        assert (folder / f"{name}.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_write_figures_is_byte_identical_on_rerun(one_year_files, one_year_over_two) -> None:
    first = [p for p in one_year_files if p.stem in AGAIN]
    second = one_year_over_two[1]
    assert len(first) == len(second) == 2 * len(AGAIN)
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name


def test_write_figures_of_figures_drawn_once(frames, one_year_files, tmp_path, monkeypatch) -> None:
    """The figures drawn for the booklet are saved as they are, the same bytes as drawn anew."""
    drawn = figures.draw_figures(frames, names=AGAIN)
    assert list(drawn) == list(AGAIN)
    monkeypatch.setattr(figures, "draw", lambda *a: pytest.fail("drawn twice"))
    again = figures.write_figures(frames, tmp_path / "a", drawn=drawn)
    monkeypatch.undo()
    fresh = [p for p in one_year_files if p.stem in AGAIN]  # drawn anew by write_figures
    assert [p.name for p in again] == [p.name for p in fresh]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in fresh]


def test_write_figures_two_years_adds_the_trends(two_years, two_year_files, tmp_path) -> None:
    drawn = figures.draw_figures(two_years)  # what `write_figures` of every figure saves
    assert {n for n, fig in drawn.items() if fig is not None} == set(drawn) - EXTRA
    assert {p.name for p in two_year_files} == {
        f"{n}.{ext}" for n in [*TRENDS, "items_per_division"] for ext in ("png", "svg")
    }
    only = figures.write_figures(two_years, tmp_path / "some", names=["plan_type_trend"])
    assert [p.name for p in only] == ["plan_type_trend.png", "plan_type_trend.svg"]


def test_trend_files_of_an_earlier_run_are_removed(one_year_over_two) -> None:
    folder, _ = one_year_over_two  # the trends were there (checked by the fixture)
    assert not any(folder.glob("*_trend.*")) and not (folder / "year_link_counts.png").exists()
    assert (folder / "covid_effect_by_goal.png").exists()

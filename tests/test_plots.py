"""Tests of the council charts: they plot the data given, in Japanese, and save reproducibly.

Data are tiny hand-written frames; expected values are written by hand. Every figure is
rendered to PNG (a figure not built through pyplot is only laid out and drawn on save),
which is when matplotlib warns about glyphs missing from the font.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib as mpl
import matplotlib.image
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

from plan_analysis.report import charts, style
from plan_analysis.report import network as network_charts

from .chart_helpers import label_boxes, overlapping, placed_labels

# pyproject's "error::UserWarning:matplotlib.*" does not catch this warning: matplotlib
# attributes it to the first caller outside matplotlib (here the test), so match the text.
pytestmark = pytest.mark.filterwarnings("error:Glyph .* missing from font:UserWarning")

SECTIONS = ["社会福祉課", "障がい福祉課", "高齢者福祉課"]
GOALS = ["基本目標1", "基本目標2", "基本目標3"]


@pytest.fixture(autouse=True)
def _plain_rcparams():
    """Each test starts from matplotlib's defaults (no house style, no fontja rc) and leaves
    the global rcParams as they were."""
    with mpl.rc_context():
        mpl.rcdefaults()
        yield


def render(fig: Figure) -> Axes:
    """Lay out and draw `fig` as a PNG would be (raises on a missing glyph, see pytestmark);
    return its (first) axes."""
    fig.savefig(io.BytesIO(), format="png")
    return fig.axes[0]


@pytest.fixture
def items_per_section() -> pd.Series:
    return pd.Series([12, 18, 15], index=pd.Index(SECTIONS, name="department"), name="n_items")


@pytest.fixture
def covid_per_goal() -> pd.DataFrame:
    df = pd.DataFrame(
        {"suspended": [1, 3], "partial": [1, 1], "none": [2, 0]},
        index=pd.Index(GOALS[:2], name="goal_no"),
    )
    df.columns.name = "covid_effect"
    return df


@pytest.fixture
def section_by_goal() -> pd.DataFrame:
    return pd.DataFrame(
        [[8, 6, 4], [2, 9, 0], [5, 7, 3]],
        index=pd.Index(SECTIONS, name="department"),
        columns=pd.Index(GOALS, name="goal_no"),
    )


@pytest.fixture
def network() -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes = pd.DataFrame(
        {"word": ["地域", "支援", "見守り", "新型コロナウイルス"], "freq": [40, 20, 10, 5]}
    )
    edges = pd.DataFrame(
        {
            "word_a": ["地域", "地域", "支援"],
            "word_b": ["支援", "見守り", "新型コロナウイルス"],
            "jaccard": [0.4, 0.2, 0.1],
        }
    )
    return edges, nodes


@pytest.fixture
def plan_type_trend() -> pd.DataFrame:
    df = pd.DataFrame(
        {"continue": [40, 42, 45], "new": [5, 4, 6]},
        index=pd.Index([2019, 2020, 2021], name="fiscal_year"),
    )
    df.columns.name = "plan_type"
    return df


def tick_texts(labels: list) -> list[str]:
    return [t.get_text() for t in labels]


# --- fonts and missing glyphs ---------------------------------------------------------


@pytest.mark.parametrize("char", ["\U0001f600", "\U00020bb7"], ids=["emoji", "cjk_ext_b"])
def test_a_glyph_missing_from_the_font_fails_the_test(char: str) -> None:
    fig = charts.bar_chart(pd.Series([1], index=[f"相談{char}"]), title="")
    with pytest.raises(UserWarning, match="missing from font"):
        render(fig)


def test_networkx_default_label_font_would_draw_boxes() -> None:
    """The trap network_chart avoids: without font_family, Japanese labels miss glyphs."""
    style.use_house_style()
    fig = Figure()
    ax = fig.add_subplot()
    nx.draw_networkx_labels(nx.Graph([("地域", "支援")]), {"地域": (0, 0), "支援": (1, 1)}, ax=ax)
    with pytest.raises(UserWarning, match="missing from font"):
        render(fig)


def test_house_font_is_ipaexgothic_from_matplotlib_fontja() -> None:
    path = findfont(FontProperties(family=style.FONT_FAMILY), fallback_to_default=False)
    assert Path(path).name == "ipaexg.ttf"
    assert "matplotlib_fontja" in Path(path).parts


def test_use_house_style_sets_font_and_style() -> None:
    style.use_house_style()
    assert mpl.rcParams["font.family"] == [style.FONT_FAMILY]
    assert mpl.rcParams["axes.titlelocation"] == "left"
    assert not mpl.rcParams["axes.spines.top"]
    assert not mpl.rcParams["axes.spines.right"]
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == "#0072B2"


# --- bar_chart --------------------------------------------------------------------------


def test_bar_chart_bars_equal_the_input_largest_at_top(items_per_section: pd.Series) -> None:
    ax = render(charts.bar_chart(items_per_section))
    assert tick_texts(ax.get_yticklabels()) == ["障がい福祉課", "高齢者福祉課", "社会福祉課"]
    assert [p.get_width() for p in ax.patches] == [18, 15, 12]
    assert ax.yaxis_inverted()  # first bar at the top
    assert [t.get_text() for t in ax.texts] == ["18", "15", "12"]
    # labels default to the Japanese names of the series and its index
    assert (ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()) == (
        "所管課別の事業数",
        "事業数",
        "所管課",
    )


def test_vertical_unsorted_bar_chart_keeps_order_and_shows_fractions() -> None:
    data = pd.Series([2.5, 1.0, 0.5], index=SECTIONS, name="按分事業数")
    ax = render(charts.bar_chart(data, title="按分", horizontal=False, sort=False, ylabel="事業数"))
    assert tick_texts(ax.get_xticklabels()) == SECTIONS
    assert [p.get_height() for p in ax.patches] == [2.5, 1.0, 0.5]
    assert [t.get_text() for t in ax.texts] == ["2.5", "1.0", "0.5"]
    assert ax.get_ylabel() == "事業数"


# --- stacked_bar_chart ------------------------------------------------------------------


def test_stacked_bars_equal_the_counts_with_labels_and_colours(
    covid_per_goal: pd.DataFrame,
) -> None:
    ax = render(charts.stacked_bar_chart(covid_per_goal, title="基本目標別のコロナの影響"))
    # patches come column by column: suspended (goal 1, 2), partial, none
    assert [p.get_width() for p in ax.patches] == [1, 3, 1, 1, 2, 0]
    assert [p.get_x() for p in ax.patches] == [0, 0, 1, 3, 2, 4]
    legend = ax.get_legend()
    assert tick_texts(legend.get_texts()) == ["中止・見合わせ", "一部中止・縮小", "影響の記載なし"]
    assert mpl.colors.to_hex(ax.patches[0].get_facecolor()) == "#d55e00"
    # numbers inside the segments (none in the empty one), then the totals at the bar ends
    assert [t.get_text() for t in ax.texts] == ["1", "3", "1", "1", "2", "", "4", "4"]


def test_stacked_shares_are_row_percentages(covid_per_goal: pd.DataFrame) -> None:
    ax = render(charts.stacked_bar_chart(covid_per_goal, normalize=True, legend_title="影響"))
    assert [p.get_width() for p in ax.patches] == [25, 75, 25, 25, 50, 0]
    assert ax.get_xlabel() == style.SHARE_LABEL
    assert ax.get_xlim() == (0, 100)
    assert "25%" in {t.get_text() for t in ax.texts}


# --- heatmap ----------------------------------------------------------------------------


def test_heatmap_annotations_equal_the_matrix(section_by_goal: pd.DataFrame) -> None:
    ax = render(charts.heatmap(section_by_goal))
    annotated = [[int(t.get_text()) for t in ax.texts[r * 3 : r * 3 + 3]] for r in range(3)]
    assert annotated == [[8, 6, 4], [2, 9, 0], [5, 7, 3]]
    assert np.array_equal(ax.images[0].get_array(), section_by_goal.to_numpy())
    assert tick_texts(ax.get_xticklabels()) == GOALS
    assert tick_texts(ax.get_yticklabels()) == SECTIONS
    assert ax.get_title(loc="left") == "所管課×基本目標"


# --- network_chart ----------------------------------------------------------------------


def network_parts(fig: Figure) -> tuple[PathCollection, LineCollection, dict[str, tuple]]:
    """Rendered nodes, edges and each label's node (its anchor: a label may sit beside it)."""
    ax = render(fig)
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    (layer,) = placed_labels(fig)
    anchors = {t.get_text(): tuple(xy) for t, xy in zip(layer.texts, layer.anchors, strict=True)}
    return nodes, edges, anchors


def test_network_nodes_and_edges_equal_the_input(network) -> None:
    edges, nodes = network
    fig = network_charts.network_chart(edges, nodes, title="共起ネットワーク")
    node_art, edge_art, labels = network_parts(fig)
    assert set(labels) == {"地域", "支援", "見守り", "新型コロナウイルス"}
    assert len(node_art.get_offsets()) == 4
    assert len(edge_art.get_segments()) == 3
    # node area ∝ frequency (each label sits on its node), edge width ∝ weight
    offsets = [tuple(xy) for xy in node_art.get_offsets()]
    by_name = {name: node_art.get_sizes()[offsets.index(xy)] for name, xy in labels.items()}
    assert by_name["地域"] == pytest.approx(2 * by_name["支援"])
    assert by_name["支援"] == pytest.approx(2 * by_name["見守り"])
    widths = sorted(edge_art.get_linewidths())
    assert widths[2] == pytest.approx(2 * widths[1])
    assert widths[1] == pytest.approx(2 * widths[0])


def test_network_layout_is_deterministic_and_ignores_row_order(network) -> None:
    edges, nodes = network
    first = network_parts(network_charts.network_chart(edges, nodes, title="t"))[2]
    again = network_parts(network_charts.network_chart(edges[::-1], nodes[::-1], title="t"))[2]
    assert first == again


def test_network_groups_are_laid_out_apart_not_crushed() -> None:
    """A disconnected graph (two groups and a lone node): every node keeps its distance."""
    nodes = pd.DataFrame(
        {"word": ["地域", "支援", "相談", "研修", "講座", "中止"], "freq": [1] * 6}
    )
    edges = pd.DataFrame(
        {
            "word_a": ["地域", "支援", "研修"],
            "word_b": ["支援", "相談", "講座"],
            "jaccard": [0.5] * 3,
        }
    )
    positions = np.array(
        list(network_parts(network_charts.network_chart(edges, nodes, title="t"))[2].values())
    )
    gaps = np.linalg.norm(positions[:, None] - positions[None, :], axis=-1)
    extent = np.ptp(positions, axis=0).max()
    assert gaps[np.triu_indices(6, k=1)].min() > 0.15 * extent


_SAVE_NETWORK = """
import sys, pandas as pd
from pathlib import Path
from plan_analysis.report import charts, style
from plan_analysis.report import network as network_charts
nodes = pd.DataFrame({"word": ["地域", "支援", "相談", "研修", "講座", "中止"], "freq": [6, 5, 4, 3, 2, 1]})
edges = pd.DataFrame({"word_a": ["地域", "支援", "研修"], "word_b": ["支援", "相談", "講座"],
                      "jaccard": [0.5, 0.3, 0.2]})
style.save_figure(network_charts.network_chart(edges, nodes, title="共起"), "network", Path(sys.argv[1]))
"""


def test_network_files_are_identical_across_processes(tmp_path: Path) -> None:
    """String hashing differs per process (set order!); the saved files must not."""
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", _SAVE_NETWORK, str(out)], check=True, env=env)
        outputs.append([(out / name).read_bytes() for name in ("network.png", "network.svg")])
    assert outputs[0] == outputs[1]


def test_network_takes_other_column_names() -> None:
    nodes = pd.DataFrame({"department": ["社会福祉課", "障がい福祉課"], "n_items": [18, 12]})
    edges = pd.DataFrame({"a": ["社会福祉課"], "b": ["障がい福祉課"], "n_shared": [4]})
    fig = network_charts.network_chart(
        edges, nodes, title="共管", weight="n_shared", source="a", target="b",
        node="department", size="n_items",
    )  # fmt: skip
    assert set(network_parts(fig)[2]) == {"社会福祉課", "障がい福祉課"}


def test_network_rejects_unknown_nodes_and_missing_columns(network) -> None:
    edges, nodes = network
    with pytest.raises(ValueError, match="見守り"):
        network_charts.network_chart(edges, nodes[nodes["word"] != "見守り"], title="t")
    with pytest.raises(ValueError, match="jaccard"):
        network_charts.network_chart(edges.drop(columns="jaccard"), nodes, title="t")


def test_network_legends_name_the_colours_sizes_and_widths(network) -> None:
    fig = network_charts.network_chart(*network, title="共起ネットワーク")
    render(fig)
    colours, sizes, widths = fig.legends
    assert colours.get_title().get_text() == "色：結びつきの強いまとまり"
    groups = network_charts.communities(network_charts._graph(
        network[0], network[1], source="word_a", target="word_b", weight="jaccard",
        node="word", size="freq",
    ))  # fmt: skip
    assert tick_texts(colours.get_texts()) == [network_charts.group_name(g) for g in groups]
    # every word in one group's legend entry, the largest first in each
    assert sorted(w for g in groups for w in g) == sorted(network[1]["word"])
    size_texts = tick_texts(sizes.get_texts())
    assert size_texts[0] == "出現5回" and size_texts[-1] == "出現40回"
    width_texts = tick_texts(widths.get_texts())
    assert width_texts[0] == "Jaccard 0.10" and width_texts[-1] == "Jaccard 0.40"


def test_group_names_show_three_members() -> None:
    assert network_charts.group_name(["社会福祉課", "自立支援課"]) == "社会福祉課・自立支援課"
    assert network_charts.group_name(list("ABCDE")) == "A・B・C ほか2"


def test_strongest_connected_keeps_the_spanning_tree_then_the_strongest() -> None:
    """a–b .9, b–c .8, a–c .7, c–d .1 and a separate e–f .5: the maximum spanning forest is
    a–b, b–c, c–d, e–f (a–c would close a cycle); 5 edges add a–c, 3 keep the whole tree."""
    edges = pd.DataFrame(
        {
            "word_a": ["a", "b", "a", "e", "c"],
            "word_b": ["b", "c", "c", "f", "d"],
            "jaccard": [0.9, 0.8, 0.7, 0.5, 0.1],
        }
    )
    pairs = lambda df: list(zip(df["word_a"], df["word_b"], strict=True))  # noqa: E731
    tree = [("a", "b"), ("b", "c"), ("e", "f"), ("c", "d")]
    assert pairs(network_charts.strongest_connected(edges, top=4)) == tree
    assert pairs(network_charts.strongest_connected(edges, top=3)) == tree
    assert pairs(network_charts.strongest_connected(edges, top=5)) == pairs(edges)
    assert pairs(network_charts.strongest_connected(edges, top=5, tree_only=True)) == tree


def test_placed_labels_never_overlap_even_in_a_crowd() -> None:
    """30 labels anchored at one point: each finds a free spot inside the axes."""
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    texts = [ax.text(0.5, 0.5, f"ラベル{i}", fontfamily=style.FONT_FAMILY) for i in range(30)]
    ax.add_artist(
        style.PlacedLabels(texts, np.full((30, 2), 0.5), np.full(30, 3.0), on_anchor=True)
    )
    assert overlapping(fig) == []
    inside = ax.get_window_extent()
    assert all(
        inside.contains(*box.min) and inside.contains(*box.max) for _, box in label_boxes(fig)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 13.5 em → two lines of about 6.75 em (greedy at 12 em would leave "う!" alone)
        ("風とおしのよいまちを創ろう!", "風とおしのよい\nまちを創ろう!"),
        ("住みよいまちづくり", "住みよいまちづくり"),  # 9 em fits on one line
    ],
)
def test_wrap_text_makes_lines_of_about_equal_length(text: str, expected: str) -> None:
    assert style.wrap_text(text, 12) == expected


# --- line_chart -------------------------------------------------------------------------


def test_line_chart_plots_each_column_over_era_years(plan_type_trend: pd.DataFrame) -> None:
    ax = render(charts.line_chart(plan_type_trend, legend_title="今後の予定"))
    assert tick_texts(ax.get_xticklabels()) == ["令和元年度", "令和2年度", "令和3年度"]
    assert [list(line.get_ydata()) for line in ax.lines] == [[40, 42, 45], [5, 4, 6]]
    assert tick_texts(ax.get_legend().get_texts()) == ["継続", "新規"]
    assert ax.get_xlabel() == "年度"


def test_line_chart_writes_each_value_at_its_point(plan_type_trend: pd.DataFrame) -> None:
    fig = charts.line_chart(plan_type_trend)
    (layer,) = placed_labels(fig)
    labelled = {(t.get_text(), tuple(xy)) for t, xy in zip(layer.texts, layer.anchors, strict=True)}
    assert labelled == {
        ("40", (2019, 40)), ("42", (2020, 42)), ("45", (2021, 45)),
        ("5", (2019, 5)), ("4", (2020, 4)), ("6", (2021, 6)),
    }  # fmt: skip
    assert overlapping(fig) == []


def test_values_of_lines_that_meet_do_not_overprint() -> None:
    """Three lines through the same points: their labels stack beside one another."""
    df = pd.DataFrame(
        {"a": [3, 3], "b": [3, 3], "c": [3, 4]}, index=pd.Index([2020, 2021], name="fiscal_year")
    )
    fig = charts.line_chart(df)
    assert len(label_boxes(fig)) == 6
    assert overlapping(fig) == []


def test_long_titles_wrap_inside_the_figure(items_per_section: pd.Series) -> None:
    """8-inch figure, 13-pt title: 0.8 × 8 × 72 / 13 ≈ 35.4 em per line."""
    long = charts.bar_chart(items_per_section, title="あ" * 60)
    assert long.axes[0].get_title(loc="left") == "あ" * 35 + "\n" + "あ" * 25
    comma = charts.bar_chart(items_per_section, title="あ" * 35 + "、" + "い" * 5)
    assert comma.axes[0].get_title(loc="left") == "あ" * 35 + "、\n" + "い" * 5


# --- footnote and fiscal years ------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (2019, "令和元年度（2019年度）"),
        (2021, "令和3年度（2021年度）"),
        (2018, "平成30年度（2018年度）"),
        ([2021, 2019, 2020], "令和元年度〜令和3年度（2019〜2021年度）"),
    ],
)
def test_fiscal_year_text(years, expected: str) -> None:
    assert style.fiscal_year_text(years) == expected


def test_footnote_names_source_and_fiscal_year(items_per_section: pd.Series) -> None:
    fig = charts.bar_chart(items_per_section)
    style.add_footnote(fig, "木更津市 地域福祉計画 進行管理表", 2021)
    render(fig)
    assert fig.get_supxlabel() == (
        "出典：木更津市 地域福祉計画 進行管理表　対象年度：令和3年度（2021年度）"
    )


# --- every chart type renders in Japanese, house style or not -----------------------------


def test_every_chart_renders_japanese_without_missing_glyphs(
    items_per_section, covid_per_goal, section_by_goal, network, plan_type_trend
) -> None:
    """Starts from rcdefaults (DejaVu Sans): the charts must bring their own font."""
    edges, nodes = network
    drawn = [
        charts.bar_chart(items_per_section, title="所管課別の事業数"),
        charts.stacked_bar_chart(covid_per_goal, title="コロナの影響", legend_title="影響"),
        charts.heatmap(section_by_goal, title="所管課×基本目標"),
        network_charts.network_chart(edges, nodes, title="共起ネットワーク"),
        charts.line_chart(plan_type_trend, title="今後の予定の推移"),
    ]
    for fig in drawn:
        style.add_footnote(fig, "進行管理表", 2021)
        assert render(fig).get_title(loc="left")


# --- save_figure --------------------------------------------------------------------------


def test_save_figure_writes_png_of_the_expected_size_and_svg(
    tmp_path: Path, items_per_section: pd.Series
) -> None:
    fig = charts.bar_chart(items_per_section, figsize=(8, 4))
    png, svg = style.save_figure(fig, "items_per_section", tmp_path)
    assert (png, svg) == (tmp_path / "items_per_section.png", tmp_path / "items_per_section.svg")
    assert matplotlib.image.imread(png).shape[:2] == (4 * 200, 8 * 200)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text
    assert "<dc:date>" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [png.name, svg.name]  # no temp left


def test_save_figure_is_byte_identical_on_rerun(tmp_path: Path, network) -> None:
    edges, nodes = network

    def build_and_save() -> list[bytes]:
        fig = network_charts.network_chart(edges, nodes, title="共起ネットワーク")
        style.add_footnote(fig, "進行管理表", 2021)
        return [p.read_bytes() for p in style.save_figure(fig, "cooccurrence", tmp_path)]

    first = build_and_save()
    assert all(first)
    assert build_and_save() == first


def test_save_figure_leaves_the_figure_usable(tmp_path: Path, items_per_section) -> None:
    fig = charts.bar_chart(items_per_section)
    first = [p.read_bytes() for p in style.save_figure(fig, "a", tmp_path)]
    second = [p.read_bytes() for p in style.save_figure(fig, "a", tmp_path)]
    assert first == second


@pytest.mark.parametrize(
    "name", ["", "Items", "items-per-section", "items per section", "事業数", "../items",
             "items.png", "_items", "items__x"],
)  # fmt: skip
def test_save_figure_rejects_names_that_are_not_snake_case(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="snake_case"):
        style.save_figure(Figure(), name, tmp_path)
    assert not any(tmp_path.iterdir())


def test_save_figure_rejects_low_dpi(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dpi"):
        style.save_figure(Figure(), "low", tmp_path, dpi=100)


def test_a_failed_save_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    fig = Figure()

    def fail(target, **kwargs) -> None:
        target.write(b"half a chart")  # savefig writes into the open temporary file
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", fail)
    with pytest.raises(OSError, match="disk full"):
        style.save_figure(fig, "broken", tmp_path)
    assert not any(tmp_path.iterdir())

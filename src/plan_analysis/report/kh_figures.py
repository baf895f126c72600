"""KH Coder's maps for notebook 07: correspondence analysis, dendrogram, MDS, coding × goal,
the network of codes — from the processed tables, in the house style of `style`.

Each analysis (`goal_correspondence`, `word_tree`, …) computes from the processed tables, a
fiscal year and the counting unit (`textstats.UNITS`); each chart function draws its result.
`draw` and `write_figures` join the two by figure name (`KH_FIGURE_TITLES`), so a notebook
shows the same chart it exports. Labels of words never overlap: `place_labels` moves them
apart and leaves out, least frequent first, any it cannot place (the point stays). Reposts
are left out, as in every figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import LogLocator, NullFormatter, StrMethodFormatter
from matplotlib.transforms import Bbox
from pandas.io.formats.style import Styler

from ..labels import (
    CA_AXIS,
    DENDROGRAM_AXIS,
    KH_FIGURE_TITLES,
    MDS_AXIS,
    NO_YEARS_TO_COMPARE,
    RESIDUAL_LEGEND,
    SAME_PLACE,
    UNIT_NAMES,
    label,
)
from ..load import counted_keys
from ..load.fiscal_year import era_label
from ..measures import analyst_codes, items_with_measures
from ..schema import ITEM_KEYS
from ..text.multivariate import (
    Correspondence,
    WordClusters,
    WordMap,
    code_cooccurrence,
    code_residuals,
    correspondence_analysis,
    word_clusters,
    word_mds,
)
from ..text.textstats import Unit, attach
from . import network, style
from .figures import (
    Frames,
    add_source_note,
    counted_tokens,
    goal_name,
    goal_titles,
    with_goal_titles,
)
from .tables import table

#: Parts of speech of the maps: content words, as the co-occurrence network has them.
MAP_POS: tuple[str, ...] = ("名詞", "動詞", "形容詞")
#: The fewest occurrences of a word on a map, and how many words a map shows at most.
MAP_MIN_FREQ = 5
MAP_WORDS = 50
#: Words of the dendrogram (a page's height of leaves).
TREE_WORDS = 40
#: Adjusted residuals beyond this are drawn in the strongest colour.
RESIDUAL_LIMIT = 3.0
#: Label placement: rounds of pushing overlapping labels apart, and a gap between two labels
#: (pixels at the figure's own dpi).
_PUSH_ROUNDS = 200
_LABEL_GAP = 1.0


def all_years_tokens(frames: Frames, up_to: int | None = None) -> pd.DataFrame:
    """The tokens of every loaded year (up to the fiscal year `up_to`, if given) without
    those of reposts."""
    keys = counted_keys(frames["items"])
    if up_to is not None:
        keys = keys[keys["fiscal_year"] <= up_to]
    return frames["tokens"].merge(keys, on=list(ITEM_KEYS), validate="m:1")


def unit_name(unit: Unit) -> str:
    """文, 段落, 欄 or 事業: the counting unit as the notebooks name it."""
    return UNIT_NAMES[unit]


# --- the analyses --------------------------------------------------------------------------


def goal_correspondence(frames: Frames, fiscal_year: int, unit: Unit) -> Correspondence:
    """対応分析 of the year's words × 基本目標 (units containing each word, per goal)."""
    tokens = attach(counted_tokens(frames, fiscal_year), frames["items"], "goal_no")
    return correspondence_analysis(
        tokens, "goal_no", unit=unit, pos1=MAP_POS, min_freq=MAP_MIN_FREQ, n_words=MAP_WORDS
    )


def year_correspondence(frames: Frames, fiscal_year: int, unit: Unit) -> Correspondence | None:
    """対応分析 of the words × fiscal year, over the loaded years up to `fiscal_year`; None
    with one year."""
    tokens = all_years_tokens(frames, fiscal_year)
    if tokens["fiscal_year"].nunique() < 2:
        return None
    return _by_year(tokens, unit)


def _by_year(tokens: pd.DataFrame, unit: Unit) -> Correspondence:
    return correspondence_analysis(
        tokens, "fiscal_year", unit=unit, pos1=MAP_POS, min_freq=MAP_MIN_FREQ, n_words=MAP_WORDS
    )


def year_map_words(tokens: pd.DataFrame, unit: Unit) -> pd.DataFrame:
    """The words of the correspondence analysis × fiscal year of `tokens` (for a table
    beside the map)."""
    return _by_year(tokens, unit).words


def word_tree(frames: Frames, fiscal_year: int, unit: Unit) -> WordClusters:
    """階層的クラスター分析 (Ward, Jaccard) of the year's most frequent content words."""
    return word_clusters(
        counted_tokens(frames, fiscal_year),
        unit=unit,
        pos1=MAP_POS,
        min_freq=MAP_MIN_FREQ,
        n_words=TREE_WORDS,
    )


def word_map(frames: Frames, fiscal_year: int, unit: Unit) -> WordMap:
    """多次元尺度構成法 (classical, Jaccard) of the year's most frequent content words."""
    return word_mds(
        counted_tokens(frames, fiscal_year),
        unit=unit,
        pos1=MAP_POS,
        min_freq=MAP_MIN_FREQ,
        n_words=MAP_WORDS,
    )


def coded_items(frames: Frames, fiscal_year: int) -> tuple[pd.DataFrame, list[str]]:
    """The year's items (not reposts) with goal_no and one boolean column per code of the
    analyst's coding rules (as `process` coded them, per item), and the code names."""
    codes = analyst_codes(frames["item_measures"])
    items = counted_keys(frames["items"][frames["items"]["fiscal_year"] == fiscal_year])
    items = frames["items"].merge(items, on=list(ITEM_KEYS))
    coded = items_with_measures(items, frames["item_measures"], ["goal_no"], list(codes))
    return coded.rename(columns=codes), list(codes.values())


def code_goal_residuals(frames: Frames, fiscal_year: int) -> pd.DataFrame:
    """コーディング×基本目標: items coded per goal and their adjusted residuals."""
    coded, codes = coded_items(frames, fiscal_year)
    return code_residuals(coded, "goal_no", codes)


def code_network_tables(frames: Frames, fiscal_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges, nodes) of the codes found together in the year's items."""
    coded, codes = coded_items(frames, fiscal_year)
    return code_cooccurrence(coded, codes)


# --- labels that never overlap ---------------------------------------------------------------


def _boxes(texts: Sequence[Text], renderer) -> np.ndarray:
    """x0, y0, x1, y1 of each text in display pixels, with its box if it has one (as last
    drawn)."""
    extents = [
        Bbox.union([t.get_window_extent(renderer), t.get_bbox_patch().get_window_extent()])
        if t.get_bbox_patch() is not None
        else t.get_window_extent(renderer)
        for t in texts
    ]
    return np.array([e.extents for e in extents]).reshape(-1, 4)


def _overlaps(boxes: np.ndarray, gap: float) -> np.ndarray:
    """n × n: whether boxes i and j overlap (with `gap` between them), i ≠ j."""
    x0, y0, x1, y1 = (boxes[:, k] for k in range(4))
    hit = (
        (x0[:, None] < x1[None, :] + gap)
        & (x0[None, :] < x1[:, None] + gap)
        & (y0[:, None] < y1[None, :] + gap)
        & (y0[None, :] < y1[:, None] + gap)
    )
    np.fill_diagonal(hit, False)
    return hit


def place_labels(ax: Axes, texts: Sequence[Text], priority: Sequence[float]) -> list[Text]:
    """Move overlapping labels apart, then hide those still overlapping a label of higher
    `priority` (or leaving the axes); return the labels shown.

    Each round pushes every pair of overlapping labels apart vertically (horizontally when
    they are side by side) by half their overlap, at most a label's height from where it
    started. The figure is drawn once first so that the layout has settled; the labels take
    no part in the layout (`set_in_layout(False)`), so they do not move it."""
    fig = ax.get_figure(root=True)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    for text in texts:
        text.set_in_layout(False)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _boxes(texts, renderer)
    start = boxes.copy()
    height = (boxes[:, 3] - boxes[:, 1]).max(initial=0.0)
    for _ in range(_PUSH_ROUNDS):
        hit = np.triu(_overlaps(boxes, _LABEL_GAP))
        if not hit.any():
            break
        centre = np.c_[boxes[:, [0, 2]].mean(axis=1), boxes[:, [1, 3]].mean(axis=1)]
        i, j = np.nonzero(hit)
        dx = np.minimum(boxes[i, 2], boxes[j, 2]) - np.maximum(boxes[i, 0], boxes[j, 0])
        dy = np.minimum(boxes[i, 3], boxes[j, 3]) - np.maximum(boxes[i, 1], boxes[j, 1])
        vertical = dy <= dx
        sign = np.where(vertical, centre[i, 1] >= centre[j, 1], centre[i, 0] >= centre[j, 0])
        step = (np.where(vertical, dy, dx) + _LABEL_GAP) / 2 * np.where(sign, 1.0, -1.0)
        move = np.zeros((len(texts), 2))
        axis = np.where(vertical, 1, 0)
        np.add.at(move, (i, axis), step)
        np.add.at(move, (j, axis), -step)
        shift = boxes[:, :2] + move - start[:, :2]
        shift[:, 1] = np.clip(shift[:, 1], -height, height)
        shift[:, 0] = np.clip(shift[:, 0], -2 * height, 2 * height)
        boxes = start + np.c_[shift, shift]
    to_data = ax.transData.inverted()
    for text, box, first in zip(texts, boxes, start, strict=True):
        x, y = text.get_position()
        anchor = ax.transData.transform((x, y)) + box[:2] - first[:2]
        text.set_position(to_data.transform(anchor))
    fig.canvas.draw()  # the boxes of the labels follow them when drawn
    inside = ax.get_window_extent(renderer).extents
    boxes = _boxes(texts, renderer)
    overlapping = _overlaps(boxes, _LABEL_GAP)
    shown: list[int] = []
    for k in np.argsort(-np.asarray(priority, dtype=float), kind="stable"):
        within = (boxes[k, :2] >= inside[:2]).all() and (boxes[k, 2:] <= inside[2:]).all()
        if within and not overlapping[k, shown].any():
            shown.append(int(k))
        else:
            texts[k].set_visible(False)
    return [texts[k] for k in sorted(shown)]


# --- the charts --------------------------------------------------------------------------------


def _sizes(freq: pd.Series, largest: float = 900.0, smallest: float = 30.0) -> np.ndarray:
    """Marker areas proportional to the frequencies (the largest → `largest` points²)."""
    values = freq.to_numpy(dtype=float)
    return np.maximum(smallest, largest * values / max(values.max(initial=0.0), 1.0))


def _word_texts(
    ax: Axes, x: np.ndarray, y: np.ndarray, words: pd.Series, priority: pd.Series
) -> tuple[list[Text], list[float]]:
    """The words' labels and their priorities (`priority` of the words). Words at one place — found in
    exactly the same units, as 新型コロナウイルス感染症 and 拡大 in 「新型コロナウイルス感染症の
    感染拡大」 — share one label, a word a line, highest priority first, with the sum of
    their priorities: two labels there would hide each other."""
    at = pd.DataFrame({"x": x, "y": y, "word": words.to_numpy(), "freq": priority.to_numpy()})
    at = at.sort_values("freq", ascending=False, kind="stable")
    places = at.groupby([at["x"].round(9), at["y"].round(9)], sort=False)
    shared = places.agg(x=("x", "first"), y=("y", "first"), word=("word", SAME_PLACE.join),
                        freq=("freq", "sum"))  # fmt: skip
    texts = [
        ax.text(a, b, w, ha="center", va="center", fontsize=9, clip_on=True)
        for a, b, w in zip(shared["x"], shared["y"], shared["word"], strict=True)
    ]
    return texts, shared["freq"].astype(float).tolist()


def _origin_lines(ax: Axes) -> None:
    ax.axhline(0, color="0.6", linewidth=0.8, linestyle="--", zorder=0)
    ax.axvline(0, color="0.6", linewidth=0.8, linestyle="--", zorder=0)


def category_text(category: object, by: str) -> str:
    """A category's display text: 基本目標1 for a goal, 令和3年度 for a year."""
    if by == "goal_no":
        return goal_name(category)
    if by == "fiscal_year":
        return era_label(int(category))
    return style.display_text(category, by)


@style.styled
def correspondence_map(ca: Correspondence, by: str, *, title: str) -> Figure:
    """Words (circles, area ∝ occurrences) and categories (labels on a coloured box) on the
    first two axes;
    with one axis only (two categories) words lie along it, at the height of their
    frequency (log scale). Category labels always show; word labels where they fit."""
    colors = style.house_colors()
    fig, ax = style.new_axes((9.0, 8.0))
    words, categories = ca.words, ca.categories
    two = "dim2" in words.columns
    x, cx = words["dim1"].to_numpy(), categories["dim1"].to_numpy()
    if two:
        y, cy = words["dim2"].to_numpy(), categories["dim2"].to_numpy()
    else:
        y = words["freq"].to_numpy(dtype=float)
        cy = np.full(len(categories), y.max() * 1.6)
        ax.set_yscale("log")
        # plain numbers: the log axis' default labels are mathtext, drawn here as source
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.scatter(x, y, s=_sizes(words["freq"]), color=colors[0], alpha=0.35, edgecolor=colors[0])
    if two:
        _origin_lines(ax)
    else:
        ax.axvline(0, color="0.6", linewidth=0.8, linestyle="--", zorder=0)
    ax.scatter(cx, cy, s=12, marker="s", color=colors[1])  # holds the labels in the limits
    box = {"boxstyle": "square,pad=0.25", "facecolor": colors[1], "edgecolor": "none"}
    category_labels = [
        ax.text(
            a,
            b,
            category_text(c, by),
            ha="center",
            va="center",
            fontsize=11,
            color="white",
            bbox=box,
            clip_on=True,
            zorder=4,
        )
        for a, b, c in zip(cx, cy, categories["category"], strict=True)
    ]
    # where labels collide, those of the words that shape the axes most (their contribution
    # to the inertia shown) stay: the frequent words near the origin say least
    shaping = words.filter(regex=r"^ctr[12]$").sum(axis=1)
    word_labels, word_priority = _word_texts(ax, x, y, words["base"], shaping)
    texts = [*category_labels, *word_labels]
    ax.margins(0.12)
    shares = ca.inertia["share"].tolist()
    set_axes = [CA_AXIS.format(dim=k + 1, share=s) for k, s in enumerate(shares[:2])]
    style.set_labels(ax, title, set_axes[0], set_axes[1] if two else label("freq"))
    place_labels(ax, texts, [np.inf] * len(category_labels) + word_priority)
    return fig


@style.styled
def dendrogram_chart(tree: WordClusters, *, title: str) -> Figure:
    """The words' dendrogram, leaves left to right as `tree.clusters` numbers them, read top
    to bottom; the links and labels of each cluster in one colour, links above the cut grey."""
    from scipy.cluster import hierarchy

    colors = style.house_colors()
    n = len(tree.labels)
    cluster = tree.clusters.set_index("base")["cluster"].reindex(tree.labels).to_numpy()
    node_cluster = np.r_[cluster, np.zeros(n - 1, dtype=cluster.dtype)]
    for k, (a, b) in enumerate(tree.linkage[:, :2].astype(int)):  # merges, in order
        node_cluster[n + k] = node_cluster[a] if node_cluster[a] == node_cluster[b] else 0

    def color(node: int) -> str:
        found = node_cluster[node]
        return colors[(found - 1) % len(colors)] if found else "0.6"

    freq = tree.clusters.set_index("base")["freq"]
    fig, ax = style.new_axes((8.0, max(4.0, 1.5 + 0.24 * n)))
    hierarchy.dendrogram(
        tree.linkage,
        labels=[f"{w}（{freq[w]}）" for w in tree.labels],
        orientation="right",
        ax=ax,
        link_color_func=color,
        leaf_font_size=9,
    )
    ax.invert_yaxis()  # the first cluster at the top
    for tick in ax.get_yticklabels():
        word = tick.get_text().rsplit("（", 1)[0]
        tick.set_color(color(tree.labels.index(word)))
    ax.grid(False)
    style.set_labels(ax, title, DENDROGRAM_AXIS, "")
    return fig


@style.styled
def mds_map(found: WordMap, *, title: str) -> Figure:
    """Words on the two MDS dimensions: near words share units; circle area ∝ occurrences."""
    colors = style.house_colors()
    fig, ax = style.new_axes((9.0, 8.0))
    words = found.words
    x, y = words["dim1"].to_numpy(), words["dim2"].to_numpy()
    ax.scatter(x, y, s=_sizes(words["freq"]), color=colors[2], alpha=0.35, edgecolor=colors[2])
    texts, priority = _word_texts(ax, x, y, words["base"], words["freq"])
    ax.margins(0.12)
    style.set_labels(ax, title, MDS_AXIS.format(dim=1), MDS_AXIS.format(dim=2))
    place_labels(ax, texts, priority)
    return fig


@style.styled
def residual_bubbles(
    residuals: pd.DataFrame, by: str, *, title: str, titles: Mapping[str, str] | None = None
) -> Figure:
    """Codes (rows) × categories (columns): circle area ∝ share of units coded, colour the
    adjusted residual (red: more than chance, blue: fewer), the share written beside;
    `titles` (category name → title, e.g. `figures.goal_titles`) are written under the
    categories' names."""
    codes = list(dict.fromkeys(residuals["code"]))
    categories = list(dict.fromkeys(residuals[by]))
    x = residuals[by].map({c: k for k, c in enumerate(categories)}).to_numpy()
    y = residuals["code"].map({c: k for k, c in enumerate(codes)}).to_numpy()
    fig, ax = style.new_axes((2.5 + 1.3 * len(categories), 1.6 + 0.7 * len(codes)))
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-RESIDUAL_LIMIT, vmax=RESIDUAL_LIMIT)
    share = residuals["share"].to_numpy(dtype=float)
    points = ax.scatter(
        x,
        y,
        s=60 + 1400 * share,
        c=np.clip(residuals["residual"].fillna(0).to_numpy(), -RESIDUAL_LIMIT, RESIDUAL_LIMIT),
        cmap="RdBu_r",
        norm=norm,
        edgecolor="0.3",
        linewidth=0.6,
    )
    for a, b, s in zip(x, y, share, strict=True):
        ax.annotate(
            f"{s:.0%}",
            (a, b),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            color="0.25",
        )
    names = [category_text(c, by) for c in categories]
    ax.set_xticks(range(len(categories)), with_goal_titles(names, names, titles or {}))
    ax.set_yticks(range(len(codes)), codes)
    ax.set_xlim(-0.6, len(categories) - 0.4)
    ax.set_ylim(len(codes) - 0.4, -0.6)
    ax.grid(False)
    fig.colorbar(points, ax=ax, label=RESIDUAL_LEGEND, shrink=0.8)
    style.set_labels(ax, title, label(by), "")
    return fig


def code_network_chart(edges: pd.DataFrame, nodes: pd.DataFrame, *, title: str) -> Figure:
    """Codes linked when items have both (Jaccard), circle area ∝ items coded."""
    return network.network_chart(
        edges,
        nodes,
        title=title,
        source="code_a",
        target="code_b",
        node="code",
        size="n_units",
        figsize=(8.0, 6.5),
    )


# --- by name ----------------------------------------------------------------------------------

KhFigure = Callable[[Frames, int, Unit], Figure | None]


def _titled(name: str, unit: Unit) -> str:
    return KH_FIGURE_TITLES[name].format(unit=unit_name(unit))


def _goal_map(frames: Frames, fiscal_year: int, unit: Unit) -> Figure:
    ca = goal_correspondence(frames, fiscal_year, unit)
    return correspondence_map(ca, "goal_no", title=_titled("kh_correspondence_goal", unit))


def _year_map(frames: Frames, fiscal_year: int, unit: Unit) -> Figure | None:
    ca = year_correspondence(frames, fiscal_year, unit)
    if ca is None:
        return None
    return correspondence_map(ca, "fiscal_year", title=_titled("kh_correspondence_year", unit))


def _tree(frames: Frames, fiscal_year: int, unit: Unit) -> Figure:
    return dendrogram_chart(
        word_tree(frames, fiscal_year, unit), title=_titled("kh_word_dendrogram", unit)
    )


def _mds(frames: Frames, fiscal_year: int, unit: Unit) -> Figure:
    return mds_map(word_map(frames, fiscal_year, unit), title=_titled("kh_word_mds", unit))


def _bubbles(frames: Frames, fiscal_year: int, unit: Unit) -> Figure | None:
    residuals = code_goal_residuals(frames, fiscal_year)
    if residuals.empty:
        return None
    return residual_bubbles(
        residuals,
        "goal_no",
        title=_titled("kh_code_goal_bubbles", unit),
        titles=goal_titles(frames, fiscal_year),
    )


def _code_network(frames: Frames, fiscal_year: int, unit: Unit) -> Figure | None:
    edges, nodes = code_network_tables(frames, fiscal_year)
    if edges.empty:
        return None
    return code_network_chart(edges, nodes, title=_titled("kh_code_network", unit))


#: Figure name → (builder, whether its footnote spans every loaded year).
KH_FIGURES: dict[str, tuple[KhFigure, bool]] = {
    "kh_correspondence_goal": (_goal_map, False),
    "kh_word_dendrogram": (_tree, False),
    "kh_word_mds": (_mds, False),
    "kh_code_goal_bubbles": (_bubbles, False),
    "kh_code_network": (_code_network, False),
    "kh_correspondence_year": (_year_map, True),
}


def draw(name: str, frames: Frames, fiscal_year: int, unit: Unit = "sentence") -> Figure | None:
    """The figure `name` of `KH_FIGURES` with its footnote (the year, or the loaded years up
    to it for an across-years figure); None when there is nothing to draw (one year loaded)."""
    build, spans = KH_FIGURES[name]
    fig = build(frames, fiscal_year, unit)
    if fig is None:
        return None
    years = [int(y) for y in frames["documents"]["fiscal_year"].unique()]
    return add_source_note(
        fig, frames, [y for y in years if y <= fiscal_year] if spans else [fiscal_year]
    )


def write_figures(
    frames: Frames,
    out_dir: Path,
    fiscal_year: int,
    unit: Unit = "sentence",
    names: Iterable[str] | None = None,
) -> list[Path]:
    """Save the figures of `KH_FIGURES` (or those of `names`) as PNG and SVG in `out_dir`;
    a figure with nothing to draw is not written. Returns the paths written."""
    written: list[Path] = []
    for name in KH_FIGURES if names is None else names:
        fig = draw(name, frames, fiscal_year, unit)
        if fig is not None:
            written += style.save_figure(fig, name, out_dir)
    return written


def across_years(
    frames: Frames, fiscal_year: int, analysis: Callable[..., pd.DataFrame], **options: object
) -> Styler | None:
    """An across-years analysis (`text.terms.rising_falling`, …) of the tokens of the loaded
    years up to `fiscal_year`, as the notebooks show tables (`tables.table`); with one
    year only, prints that there is nothing to compare and returns None (a notebook cell then
    shows the message alone)."""
    tokens = all_years_tokens(frames, fiscal_year)
    if tokens["fiscal_year"].nunique() < 2:
        print(NO_YEARS_TO_COMPARE)
        return None
    return table(analysis(tokens, **options))

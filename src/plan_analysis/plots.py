"""Council-ready charts in the house style: Japanese labels, colour-blind-safe colours.

Each chart function takes a tidy pandas object and returns a matplotlib `Figure`. The
figure is built inside the house style (the style sheet `plan_analysis.mplstyle` plus the
IPAexGothic font of matplotlib-fontja), so a chart is right even where `use_house_style()`
was not called. Figures are made with `Figure()`, not pyplot: they hold no global state,
need no closing, and a notebook shows a returned figure once. Only `save_figure` writes.

Titles and axis labels default to `labels.label()` of the pandas names (index name,
series name, column codes); callers pass Japanese text where they want something else.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from numbers import Integral
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.style
import matplotlib_fontja  # noqa: F401  (on import: registers IPAexGothic with the font manager)
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from .fiscal_year import era_label
from .labels import label
from .outputs import write_atomic

#: The Japanese font family (IPAexGothic, shipped by matplotlib-fontja: nothing to install).
FONT_FAMILY = "IPAexGothic"

#: Axis and footnote words that are not column names (hence not in `labels`).
COUNT_LABEL = "件数"
SHARE_LABEL = "割合（%）"
SOURCE_LABEL = "出典"
FISCAL_YEAR_LABEL = "対象年度"

#: Resolution of saved PNGs (the council prints them).
SAVE_DPI = 200

#: Metadata that would differ between runs or versions, removed from saved files.
_STABLE_METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}

_FIGURE_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")

#: Characters that may not start a line in Japanese (禁則): kept on the line before.
_NO_LINE_START = "、。，．）」』】〕・ー：！？"

#: Stacked segments thinner than this share of the longest bar get no number (no room).
_MIN_LABELLED_SHARE = 0.03

#: Heat maps with more columns slant their column labels so that neighbours do not collide.
_MAX_UPRIGHT_COLUMNS = 6

#: Fixed colours of categorical codes, so a category looks the same in every chart
#: (Okabe–Ito; "nothing to report" categories in grey, the alarming ones in vermillion).
CATEGORY_COLORS: dict[str, str] = {
    "suspended": "#D55E00",
    "partial": "#E69F00",
    "adapted": "#56B4E9",
    "none": "#BBBBBB",
    "continue": "#0072B2",
    "expand": "#009E73",
    "new": "#CC79A7",
    "conditional": "#BBBBBB",
}

#: Space between the separate groups of a network, in units of one node's square.
_COMPONENT_GAP = 0.6

#: Network labels sit on a translucent white box, readable over edges and other nodes.
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def _style_file_params() -> dict[str, Any]:
    """The rcParams of the packaged style sheet (read once)."""
    sheet = resources.files("plan_analysis") / "plan_analysis.mplstyle"
    with resources.as_file(sheet) as path:
        return dict(mpl.rc_params_from_file(path, use_default_template=False))


def _house_params() -> dict[str, Any]:
    """Style sheet plus the Japanese font: set explicitly, as any style or rcdefaults()
    applied after matplotlib-fontja's import would have reset its font choice."""
    return {**_style_file_params(), "font.family": [FONT_FAMILY]}


def use_house_style() -> None:
    """Apply the house style and Japanese font to every later figure (e.g. in a notebook,
    so that ad-hoc pandas plots match the council charts)."""
    mpl.style.use(_house_params())


def _styled(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` inside the house style, whatever the caller's rcParams are."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.style.context(_house_params()):
            return func(*args, **kwargs)

    return wrapper


def fiscal_year_text(fiscal_year: int | Iterable[int]) -> str:
    """Era label with the Western year: 令和3年度 (FY2021); several years as a span,
    令和2年度〜令和4年度 (FY2020–2022)."""
    years = sorted({int(fiscal_year)} if isinstance(fiscal_year, Integral) else set(fiscal_year))
    if not years:
        raise ValueError("no fiscal year given")
    first, last = years[0], years[-1]
    if first == last:
        return f"{era_label(first)} (FY{first})"
    return f"{era_label(first)}〜{era_label(last)} (FY{first}–{last})"


@_styled
def add_footnote(fig: Figure, source: str, fiscal_year: int | Iterable[int]) -> None:
    """Put the source and fiscal year at the bottom left, so a chart shown alone stays traceable.

    Uses the figure's `supxlabel` slot, which constrained layout keeps clear of the axes.
    """
    text = f"{SOURCE_LABEL}：{source}　{FISCAL_YEAR_LABEL}：{fiscal_year_text(fiscal_year)}"
    footnote = fig.supxlabel(text, x=0.01, ha="left", fontsize=8, color="0.35")
    _fit_width(footnote, share=0.95)


def _fit_width(artist: Text, share: float) -> None:
    """Break the artist's text into lines no wider than `share` of the figure: matplotlib
    wraps only at spaces, which Japanese does not have, and clips what overflows."""
    max_em = share * artist.get_figure(root=True).get_figwidth() * 72 / artist.get_fontsize()
    artist.set_text("\n".join(_wrap_line(line, max_em) for line in artist.get_text().split("\n")))


def _wrap_line(line: str, max_em: float) -> str:
    """Greedy wrap counting full-width characters as 1 em and others as ½; punctuation that
    may not start a Japanese line (、。）」) stays on the line before."""
    lines, current, width = [], "", 0.0
    for char in line:
        char_em = 1.0 if unicodedata.east_asian_width(char) in "FWA" else 0.5
        if width + char_em > max_em and current and char not in _NO_LINE_START:
            lines.append(current)
            current, width = "", 0.0
        current += char
        width += char_em
    return "\n".join([*lines, current])


def _text(value: object) -> str:
    """Display text of a name or code: its Japanese label, a number as is, None as ''."""
    if value is None:
        return ""
    return label(value) if isinstance(value, str) else str(value)


def _new_axes(figsize: tuple[float, float] | None) -> tuple[Figure, Axes]:
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _set_labels(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    _fit_width(ax.set_title(title), share=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def _palette(colors: Sequence[str] | None, codes: Iterable[object] = ()) -> Iterator[str]:
    """The caller's colours, else the fixed colours of `codes` if all have one, else the
    house cycle (Okabe–Ito); repeated as needed."""
    codes = list(codes)
    if colors is None and codes and all(code in CATEGORY_COLORS for code in codes):
        colors = [CATEGORY_COLORS[str(code)] for code in codes]
    return itertools.cycle(colors or mpl.rcParams["axes.prop_cycle"].by_key()["color"])


def _text_color(background: Any) -> str:
    """Black or white, whichever reads better on `background`."""
    red, green, blue, _ = to_rgba(background)
    return "black" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5 else "white"


def _number_format(values: np.ndarray) -> str:
    """Counts as 12 (with thousands commas), fractional values (1/n counts) as 3.5."""
    finite = values[np.isfinite(values)]
    return "{:,.0f}" if np.allclose(finite, np.round(finite)) else "{:,.1f}"


def _value_axis(ax: Axes, values: np.ndarray, horizontal: bool) -> None:
    """Grid along the value axis only; whole-number ticks when the values are counts."""
    ax.grid(False)
    ax.grid(True, axis="x" if horizontal else "y")
    if _number_format(values) == "{:,.0f}":
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))


def _category_axis(ax: Axes, labels: list[str], horizontal: bool) -> None:
    """One tick per bar; horizontal bars read from the top down in the data's order."""
    positions = np.arange(len(labels))
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels)
    ax.tick_params(axis="y" if horizontal else "x", length=0)


def _bar_figure(
    frame: pd.DataFrame,
    *,
    horizontal: bool,
    colors: Sequence[str] | None,
    number_format: str,
    segment_labels: bool,
    total_labels: bool,
    figsize: tuple[float, float] | None,
    labels: tuple[str, str, str],
) -> tuple[Figure, Axes]:
    """One bar per row of `frame`, its columns stacked in order, numbered inside (segments)
    and/or at the end (totals); `labels` are title, x and y label."""
    fig, ax = _new_axes(figsize or _bars_figsize(len(frame), horizontal))
    draw = ax.barh if horizontal else ax.bar
    positions = np.arange(len(frame))
    ends = np.zeros(len(frame))
    min_labelled = _MIN_LABELLED_SHARE * frame.sum(axis=1).max()
    bars = None
    for column, color in zip(frame.columns, _palette(colors, frame.columns), strict=False):
        values = frame[column].to_numpy(float)
        bars = draw(positions, values, 0.7, ends, color=color, label=_text(column))
        ends = ends + values
        if segment_labels:
            texts = [number_format.format(v) if v >= min_labelled else "" for v in values]
            ax.bar_label(bars, texts, label_type="center", color=_text_color(color), fontsize=9)
    if total_labels and bars is not None:
        ax.bar_label(bars, [number_format.format(v) for v in ends], padding=3)
    _category_axis(ax, [_text(i) for i in frame.index], horizontal)
    _value_axis(ax, frame.to_numpy(float), horizontal)
    _set_labels(ax, *labels)
    return fig, ax


def _bar_labels(
    frame: pd.DataFrame,
    *,
    value: str,
    what: str,
    horizontal: bool,
    title: str | None,
    xlabel: str | None,
    ylabel: str | None,
) -> tuple[str, str, str]:
    """Title, x and y labels: the caller's, else 「<categories>別の<what>」 and the index name
    (categories) and `value` on the axes the orientation gives them."""
    category = _text(frame.index.name)
    x, y = (value, category) if horizontal else (category, value)
    default_title = f"{category}別の{what}" if category and what else what
    return (
        default_title if title is None else title,
        x if xlabel is None else xlabel,
        y if ylabel is None else ylabel,
    )


def _bars_figsize(n_bars: int, horizontal: bool) -> tuple[float, float] | None:
    """Horizontal bars get 0.4 inch each, so long lists of sections stay legible."""
    return (8.0, max(3.0, 1.8 + 0.4 * n_bars)) if horizontal else None


def _legend(ax: Axes, title: str, reverse: bool = False) -> None:
    """Legend right of the plot, outside the data."""
    ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), reverse=reverse)


@_styled
def bar_chart(
    data: pd.Series,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    horizontal: bool = True,
    value_labels: bool = True,
    sort: bool = True,
    color: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Bars of one value per category (e.g. items per section), largest first when sorted,
    with the value written at each bar's end."""
    values = data.sort_values(ascending=False, kind="stable") if sort else data
    fig, _ = _bar_figure(
        values.to_frame(),
        horizontal=horizontal,
        colors=[color] if color else None,
        number_format=_number_format(values.to_numpy(float)),
        segment_labels=False,
        total_labels=value_labels,
        figsize=figsize,
        labels=_bar_labels(
            values,
            value=_text(data.name),
            what=_text(data.name),
            horizontal=horizontal,
            title=title,
            xlabel=xlabel,
            ylabel=ylabel,
        ),
    )
    return fig


@_styled
def stacked_bar_chart(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend_title: str | None = None,
    normalize: bool = False,
    horizontal: bool = True,
    value_labels: bool = True,
    colors: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Stacked bars: rows are groups (e.g. goals), columns categories (e.g. COVID effect codes,
    shown by their Japanese labels), as counts with totals or as row shares in %."""
    frame = df.div(df.sum(axis=1), axis=0).fillna(0) * 100 if normalize else df
    what = _text(df.columns.name)
    fig, ax = _bar_figure(
        frame,
        horizontal=horizontal,
        colors=colors,
        number_format="{:.0f}%" if normalize else _number_format(frame.to_numpy(float)),
        segment_labels=value_labels,
        total_labels=value_labels and not normalize,
        figsize=figsize,
        labels=_bar_labels(
            frame,
            value=SHARE_LABEL if normalize else COUNT_LABEL,
            what=what,
            horizontal=horizontal,
            title=title,
            xlabel=xlabel,
            ylabel=ylabel,
        ),
    )
    if normalize:
        (ax.set_xlim if horizontal else ax.set_ylim)(0, 100)
    _legend(ax, what if legend_title is None else legend_title, reverse=not horizontal)
    return fig


@_styled
def heatmap(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    cmap: str = "Blues",
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Matrix of numbers (e.g. items per section × goal) as shaded cells, each cell annotated
    with its number, so the council reads exact values and sees the pattern."""
    values = df.to_numpy(float)
    n_rows, n_cols = values.shape
    fig, ax = _new_axes(figsize or (min(12.0, 3.0 + 1.0 * n_cols), max(3.0, 1.6 + 0.45 * n_rows)))
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=min(0.0, np.nanmin(values)))
    number_format = _number_format(values)
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            color = _text_color(image.cmap(image.norm(value)))
            ax.text(col, row, number_format.format(value), ha="center", va="center", color=color)
    slant = {"rotation": 45, "ha": "right", "rotation_mode": "anchor"}
    column_labels = [_text(c) for c in df.columns]
    ax.set_xticks(
        np.arange(n_cols), column_labels, **(slant if n_cols > _MAX_UPRIGHT_COLUMNS else {})
    )
    ax.set_yticks(np.arange(n_rows), [_text(i) for i in df.index])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    rows, cols = _text(df.index.name), _text(df.columns.name)
    default_title = f"{rows}×{cols}" if rows and cols else ""
    _set_labels(
        ax,
        default_title if title is None else title,
        cols if xlabel is None else xlabel,
        rows if ylabel is None else ylabel,
    )
    return fig


def _require_columns(df: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks column(s) {missing}; it has {list(df.columns)}")


def _graph(
    edges: pd.DataFrame,
    nodes: pd.DataFrame,
    *,
    source: str,
    target: str,
    weight: str,
    node: str,
    size: str,
) -> nx.Graph:
    """Graph of the two tables, built in sorted order so the layout ignores row order."""
    _require_columns(edges, [source, target, weight], "edges")
    _require_columns(nodes, [node, size], "nodes")
    unknown = (set(edges[source]) | set(edges[target])) - set(nodes[node])
    if unknown:
        raise ValueError(f"edges name nodes missing from the nodes table: {sorted(unknown)}")
    graph = nx.Graph()
    for name, value in sorted(zip(nodes[node], nodes[size], strict=True)):
        graph.add_node(name, size=float(value))
    for a, b, w in sorted(zip(edges[source], edges[target], edges[weight], strict=True)):
        graph.add_edge(a, b, weight=float(w))
    return graph


def _proportional(values: np.ndarray, largest: float, smallest: float) -> np.ndarray:
    """Sizes proportional to `values` (largest value → `largest`), never below `smallest`."""
    top = values.max() if len(values) else 0.0
    if top <= 0:
        return np.full(len(values), largest)
    return np.maximum(smallest, largest * values / top)


def _community_colors(graph: nx.Graph) -> dict[Any, str]:
    """Colour per node by modularity community (groups of closely linked nodes)."""
    communities = nx.community.greedy_modularity_communities(graph, weight="weight")
    return {
        name: color
        for members, color in zip(communities, _palette(None), strict=False)
        for name in members
    }


def _components(graph: nx.Graph) -> list[nx.Graph]:
    """Connected components, largest first, each in the parent's node and edge order (a
    subgraph view iterates a set, whose order changes from run to run)."""
    groups = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
    components = []
    for group in groups:
        component = nx.Graph()
        component.add_nodes_from(n for n in graph if n in group)
        component.add_edges_from((u, v) for u, v in graph.edges if u in group)
        components.append(component)
    return components


def _layout(graph: nx.Graph, seed: int) -> dict[Any, np.ndarray]:
    """Layout of each component in its own square, squares packed in rows: one layout of a
    disconnected graph pushes the groups apart and crushes each. The side grows almost in
    proportion to the nodes (n^0.85; √n for one or two), so that a large, densely linked
    group gets the room its labels need.

    Unweighted, so edges have even lengths that leave room for labels (width shows weight).
    Kamada–Kawai for three nodes or more: a spring layout draws a densely linked group (the
    sections sharing many items) as a knot of overlapping labels with its loose ends far out,
    Kamada–Kawai keeps links about equally long. A pair by spring layout with the seed, which
    sets it at a slant rather than flat across its square.
    """
    components = _components(graph)
    sides = [len(c) ** 0.85 if len(c) > 2 else np.sqrt(len(c)) for c in components]
    row_width = max([*sides, 1.3 * np.sqrt(sum(side**2 for side in sides))])
    pos: dict[Any, np.ndarray] = {}
    x = y = row_height = 0.0
    for component, side in zip(components, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height - _COMPONENT_GAP, 0.0
        center = (x + side / 2, y - side / 2)
        if len(component) == 1:
            pos.update({name: np.array(center) for name in component})
        elif len(component) == 2:
            pos.update(
                nx.spring_layout(
                    component, seed=seed, weight=None, iterations=500, scale=side / 2, center=center
                )
            )
        else:
            pos.update(
                nx.kamada_kawai_layout(component, weight=None, scale=side / 2, center=center)
            )
        x += side + _COMPONENT_GAP
        row_height = max(row_height, side)
    return pos


@_styled
def network_chart(
    edges: pd.DataFrame,
    nodes: pd.DataFrame,
    *,
    title: str,
    weight: str = "jaccard",
    source: str = "word_a",
    target: str = "word_b",
    node: str = "word",
    size: str = "freq",
    seed: int = 0,
    figsize: tuple[float, float] | None = (8.0, 7.0),
) -> Figure:
    """Co-occurrence or co-ownership network: node area ∝ frequency, edge width ∝ weight,
    colours mark communities. Spring layout (per connected group) with a fixed seed over a
    graph built in sorted order, so reruns draw the same picture whatever the row order.
    `edges` holds one row per pair; every node it names must be in `nodes`."""
    graph = _graph(edges, nodes, source=source, target=target, weight=weight, node=node, size=size)
    fig, ax = _new_axes(figsize)
    pos = _layout(graph, seed)
    edge_list = list(graph.edges)
    widths = np.array([graph.edges[e]["weight"] for e in edge_list])
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        edgelist=edge_list,
        width=_proportional(widths, 6.0, 0.5),
        edge_color="0.6",
    )
    node_list = list(graph.nodes)
    sizes = np.array([graph.nodes[n]["size"] for n in node_list])
    colors = _community_colors(graph)
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        nodelist=node_list,
        node_size=_proportional(sizes, 2500.0, 150.0),
        node_color=[to_rgba(colors[n], 0.35) for n in node_list],
        edgecolors=[colors[n] for n in node_list],
        linewidths=1.5,
    )
    # networkx labels default to font_family="sans-serif" (boxes for Japanese): pass ours.
    nx.draw_networkx_labels(
        graph, pos, ax=ax, font_family=FONT_FAMILY, font_size=10, bbox=_LABEL_BOX
    )
    ax.margins(0.08)
    ax.set_axis_off()
    _set_labels(ax, title, "", "")
    return fig


@_styled
def line_chart(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str = COUNT_LABEL,
    legend_title: str | None = None,
    colors: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Trends by fiscal year: index = fiscal year (int, shown as 令和N年度), one line per column
    (e.g. `df.pivot_table(index="fiscal_year", columns="plan_type", aggfunc="size")`)."""
    years = [int(year) for year in df.index]
    fig, ax = _new_axes(figsize)
    for column, color in zip(df.columns, _palette(colors, df.columns), strict=False):
        ax.plot(years, df[column].to_numpy(float), marker="o", color=color, label=_text(column))
    ax.set_xticks(years, [era_label(year) for year in years])
    ax.margins(x=0.1)
    ax.set_ylim(bottom=0)
    _value_axis(ax, df.to_numpy(float), horizontal=False)
    what = _text(df.columns.name)
    default_title = f"{what}の推移" if what else ""
    _set_labels(
        ax,
        default_title if title is None else title,
        _text(df.index.name) if xlabel is None else xlabel,
        ylabel,
    )
    if df.shape[1] > 1:
        _legend(ax, what if legend_title is None else legend_title)
    return fig


def save_figure(fig: Figure, name: str, out_dir: Path, *, dpi: int = SAVE_DPI) -> list[Path]:
    """Write `fig` as `<name>.png` and `<name>.svg` in `out_dir`; return the two paths.

    `name` is a stable, descriptive ASCII snake_case name (e.g. `items_per_section`), so
    reruns replace the same files. Each file is written to a temporary file in `out_dir` and
    moved into place (no half-written chart), without dates or version stamps and with a
    fixed SVG id salt, so unchanged data gives byte-identical files. The figure is left
    open and unchanged: the caller may keep showing or saving it.
    """
    if not _FIGURE_NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r} is not ASCII snake_case (e.g. items_per_section)")
    if dpi < SAVE_DPI:
        raise ValueError(f"dpi {dpi} is below the {SAVE_DPI} dpi the council's prints need")
    out_dir.mkdir(parents=True, exist_ok=True)
    with mpl.rc_context({"svg.hashsalt": name}):
        return [_save_atomically(fig, out_dir / f"{name}.{fmt}", dpi) for fmt in _STABLE_METADATA]


def _save_atomically(fig: Figure, path: Path, dpi: int) -> Path:
    fmt = path.suffix.removeprefix(".")
    return write_atomic(
        path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
    )

"""Network charts (co-ownership of items, co-occurrence of words): each connected group laid
out in its own square, communities coloured, labels on boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..labels import (
    COOCCURRENCE_SIZE,
    COOCCURRENCE_WEIGHT,
    NETWORK_COLOR_LEGEND,
    NETWORK_GROUP_MORE,
    NETWORK_SIZE_LEGEND,
    NETWORK_WIDTH_LEGEND,
)
from .style import (
    FONT_FAMILY,
    PlacedLabels,
    new_axes,
    palette,
    set_labels,
    styled,
    wrap_text,
)

#: Space between the separate groups of a network, in units of one node's square.
_COMPONENT_GAP = 0.6


#: Room of a densely linked group by its number of links (see `_layout`).
_DENSE_ROOM = 0.8


#: Network labels sit on a translucent white box, readable over edges and other nodes.
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}
#: … and an edge's value on a smaller, opaque one (it sits on the line).
_EDGE_BOX = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"}
#: Width of a group's name in the colour legend (full-width characters).
_LEGEND_EM = 14


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


def communities(graph: nx.Graph) -> list[list[Any]]:
    """Groups of closely linked nodes (greedy modularity, weighted), largest first, each
    listed largest node first; ties by name, so the order does not depend on set order."""
    found = nx.community.greedy_modularity_communities(graph, weight="weight")
    groups = [sorted(c, key=lambda n: (-graph.nodes[n]["size"], str(n))) for c in found]
    return sorted(groups, key=lambda g: (-len(g), str(g[0])))


def group_name(members: Sequence[Any], shown: int = 3) -> str:
    """A group named by its first (largest) members: 社会福祉課・生活支援課, or A・B・C ほか4."""
    names = "・".join(str(m) for m in members[:shown])
    if len(members) <= shown:
        return names
    return NETWORK_GROUP_MORE.format(names=names, n=len(members) - shown)


def strongest_connected(
    edges: pd.DataFrame,
    *,
    top: int,
    tree_only: bool = False,
    weight: str = "jaccard",
    source: str = "word_a",
    target: str = "word_b",
) -> pd.DataFrame:
    """The edges that keep each group of nodes in one piece: the maximum spanning tree by
    `weight` (of each connected group: its strongest links that join every node), then the
    strongest other edges until `top` edges in all (the tree is kept whole even if it has
    more); only the tree when `tree_only` (KH Coder's 最小スパニング・ツリーだけを描画).
    Drawing the `top` strongest edges alone breaks a text's network into many islands of
    two or three words (the seed: 20 islands of 60 edges). Rows keep their order."""
    graph = nx.Graph()
    for row, (a, b, w) in enumerate(zip(edges[source], edges[target], edges[weight], strict=True)):
        graph.add_edge(a, b, weight=float(w), row=row)
    tree = {d["row"] for *_, d in nx.maximum_spanning_edges(graph, data=True)}
    in_tree = np.isin(np.arange(len(edges)), sorted(tree))
    if tree_only:
        return edges[in_tree]
    extra = np.flatnonzero(~in_tree)[: max(0, top - len(tree))]
    return edges[in_tree | np.isin(np.arange(len(edges)), extra)]


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
    group gets the room its labels need, and a group of many links (sections that all share
    items with each other) more, by its links, for the numbers on them.

    Unweighted, so edges have even lengths that leave room for labels (width shows weight).
    Kamada–Kawai for three nodes or more: a spring layout draws a densely linked group (the
    sections sharing many items) as a knot of overlapping labels with its loose ends far out,
    Kamada–Kawai keeps links about equally long. A pair by spring layout with the seed, which
    sets it at a slant rather than flat across its square.
    """
    components = _components(graph)
    sides = [
        max(len(c) ** 0.85, _DENSE_ROOM * c.number_of_edges() ** 0.85)
        if len(c) > 2
        else np.sqrt(len(c))
        for c in components
    ]
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


def _largest_node(n_nodes: int) -> float:
    """Area (points²) of the largest circle: 2500 up to 15 nodes, less in a larger network,
    whose densely linked centre would otherwise pile circles on one another."""
    return 2500.0 * min(1.0, np.sqrt(15 / max(n_nodes, 1)))


def _legend_values(values: np.ndarray) -> list[float]:
    """Up to three values to explain a scale: the smallest, the middle and the largest."""
    return sorted({float(v) for v in np.quantile(values, [0.0, 0.5, 1.0], method="nearest")})


def _scale_handles(
    values: np.ndarray, scaled: np.ndarray, template: str, marker: bool
) -> tuple[list[Line2D], list[str]]:
    """Legend entries of a scale: circles of the node sizes (`marker`) or lines of the widths."""
    handles, names = [], []
    for value in _legend_values(values):
        shown = float(scaled[np.flatnonzero(values == value)[0]])
        if marker:
            handle = Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=np.sqrt(shown),
                markerfacecolor="0.85",
                markeredgecolor="0.4",
            )
        else:
            handle = Line2D([], [], color="0.6", linewidth=shown)
        handles.append(handle)
        names.append(template.format(n=int(value) if value.is_integer() else value))
    return handles, names


def _legends(
    fig: Figure,
    groups: list[list[Any]],
    colors: dict[Any, str],
    scales: list[tuple[np.ndarray, np.ndarray, str, bool]],
) -> None:
    """Right of the chart: what each colour is (the groups by their largest members), and
    what the sizes of circles and the widths of lines stand for."""
    group_handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=10,
            markeredgewidth=1.5,
            markerfacecolor=to_rgba(colors[g[0]], 0.35),
            markeredgecolor=colors[g[0]],
        )
        for g in groups
    ]
    names = [wrap_text(group_name(g), _LEGEND_EM) for g in groups]
    fig.legend(group_handles, names, loc="outside right upper", title=NETWORK_COLOR_LEGEND)
    for (values, scaled, template, marker), loc in zip(
        scales, ("outside right", "outside right lower"), strict=True
    ):
        handles, labels = _scale_handles(values, scaled, template, marker)
        # circles as large as the nodes need room around them (in font sizes)
        room = np.sqrt(scaled.max()) / mpl.rcParams["legend.fontsize"] if marker else 2.0
        title = NETWORK_SIZE_LEGEND if marker else NETWORK_WIDTH_LEGEND
        fig.legend(
            handles,
            labels,
            loc=loc,
            title=title,
            labelspacing=max(0.5, room * 0.6),
            handlelength=room,
            borderpad=0.8,
        )


def _value_text(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


@styled
def network_chart(
    edges: pd.DataFrame,
    nodes: pd.DataFrame,
    *,
    title: str,
    size_label: str = COOCCURRENCE_SIZE,
    weight_label: str = COOCCURRENCE_WEIGHT,
    weight: str = "jaccard",
    source: str = "word_a",
    target: str = "word_b",
    node: str = "word",
    size: str = "freq",
    edge_values: bool = False,
    seed: int = 0,
    figsize: tuple[float, float] | None = (8.0, 7.0),
) -> Figure:
    """Co-occurrence or co-ownership network: node area ∝ `size`, edge width ∝ `weight`
    (with its value written on the edge if `edge_values`), colours mark communities, named
    in a legend beside one for the sizes and widths (`size_label`, `weight_label`: templates
    of a value `{n}`). Labels never overlap (`style.PlacedLabels`). Laid out per connected
    group with a fixed seed over a graph built in sorted order, so reruns draw the same
    picture whatever the row order. `edges` holds one row per pair; every node it names must
    be in `nodes`."""
    graph = _graph(edges, nodes, source=source, target=target, weight=weight, node=node, size=size)
    fig, ax = new_axes(figsize)
    pos = _layout(graph, seed)
    edge_list = list(graph.edges)
    weights = np.array([graph.edges[e]["weight"] for e in edge_list])
    drawn = {"G": graph, "pos": pos, "ax": ax}
    widths = _proportional(weights, 6.0, 0.5)
    nx.draw_networkx_edges(**drawn, edgelist=edge_list, width=widths, edge_color="0.6")
    node_list = list(graph.nodes)
    sizes = np.array([graph.nodes[n]["size"] for n in node_list])
    areas = _proportional(sizes, _largest_node(len(node_list)), 150.0)
    groups = communities(graph)
    colors = {
        name: color
        for members, color in zip(groups, palette(None), strict=False)
        for name in members
    }
    nx.draw_networkx_nodes(
        **drawn,
        nodelist=node_list,
        node_size=areas,
        node_color=[to_rgba(colors[n], 0.35) for n in node_list],
        edgecolors=[colors[n] for n in node_list],
        linewidths=1.5,
    )
    _labels(ax, graph, pos, areas, weights if edge_values else None)
    ax.margins(0.08)
    ax.set_axis_off()
    set_labels(ax, title, "", "")
    _legends(
        fig,
        groups,
        colors,
        [(sizes, areas, size_label, True), (weights, widths, weight_label, False)],
    )
    return fig


def _labels(
    ax: Axes,
    graph: nx.Graph,
    pos: dict[Any, np.ndarray],
    areas: np.ndarray,
    weights: np.ndarray | None,
) -> None:
    """Node names (largest node first) on their nodes or beside them, and the edges' values
    (if given) on their edges, none overlapping another (`PlacedLabels`)."""
    order = np.argsort(-areas, kind="stable")
    node_list = list(graph.nodes)
    names = [node_list[i] for i in order]
    anchors = [pos[n] for n in names]
    # networkx labels default to font_family="sans-serif" (boxes for Japanese): set ours.
    texts = [
        ax.text(*pos[n], str(n), fontfamily=FONT_FAMILY, fontsize=10, bbox=_LABEL_BOX, zorder=5)
        for n in names
    ]
    clearance = list(np.sqrt(areas[order]) / 2)
    if weights is not None:
        for (a, b), w in zip(graph.edges, weights, strict=True):
            middle = (pos[a] + pos[b]) / 2
            texts.append(
                ax.text(
                    *middle,
                    _value_text(w),
                    fontfamily=FONT_FAMILY,
                    fontsize=8,
                    color="0.25",
                    bbox=_EDGE_BOX,
                    zorder=4,
                )
            )
            anchors.append(middle)
            clearance.append(0.0)
    ax.add_artist(
        PlacedLabels(
            texts,
            np.array(anchors),
            np.array(clearance),
            on_anchor=True,
            avoid=np.array([pos[n] for n in node_list]),
        )
    )

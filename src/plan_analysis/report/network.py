"""Network charts (co-ownership of items, co-occurrence of words): each connected group laid
out in its own square, communities coloured, labels on boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from .style import FONT_FAMILY, new_axes, palette, set_labels, styled

#: Space between the separate groups of a network, in units of one node's square.
_COMPONENT_GAP = 0.6


#: Network labels sit on a translucent white box, readable over edges and other nodes.
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}


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
        for members, color in zip(communities, palette(None), strict=False)
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


@styled
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
    fig, ax = new_axes(figsize)
    pos = _layout(graph, seed)
    edge_list = list(graph.edges)
    widths = np.array([graph.edges[e]["weight"] for e in edge_list])
    drawn = {"G": graph, "pos": pos, "ax": ax}
    width = _proportional(widths, 6.0, 0.5)
    nx.draw_networkx_edges(**drawn, edgelist=edge_list, width=width, edge_color="0.6")
    node_list = list(graph.nodes)
    sizes = np.array([graph.nodes[n]["size"] for n in node_list])
    colors = _community_colors(graph)
    nx.draw_networkx_nodes(
        **drawn,
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
    set_labels(ax, title, "", "")
    return fig

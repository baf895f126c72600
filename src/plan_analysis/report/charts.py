"""Bar, stacked-bar, heat-map and line charts in the house style (`style`).

Each chart function takes a tidy pandas object and returns a matplotlib `Figure`. Titles
and axis labels default to `labels.label()` of the pandas names (index name, series name,
column codes); callers pass Japanese text where they want something else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..load.fiscal_year import era_label
from .style import (
    COUNT_LABEL,
    SHARE_LABEL,
    PlacedLabels,
    display_text,
    legend,
    new_axes,
    palette,
    set_labels,
    styled,
)

#: Stacked segments thinner than this share of the longest bar get no number (no room).
_MIN_LABELLED_SHARE = 0.03


#: Where a point's value goes, in the order tried: above, below, right, left, then slanting.
_POINT_SIDES = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1))


#: A point's value sits on a translucent white box, readable where a line crosses it.
_POINT_BOX = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}


#: Heat maps with more columns slant their column labels so that neighbours do not collide.
_MAX_UPRIGHT_COLUMNS = 6


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
    tick_labels = [display_text(i, frame.index.name) for i in frame.index]
    lines = max((t.count("\n") + 1 for t in tick_labels), default=1)
    fig, ax = new_axes(figsize or _bars_figsize(len(frame), horizontal, lines))
    draw = ax.barh if horizontal else ax.bar
    positions = np.arange(len(frame))
    ends = np.zeros(len(frame))
    min_labelled = _MIN_LABELLED_SHARE * frame.sum(axis=1).max()
    bars = None
    for column, color in zip(frame.columns, palette(colors, frame.columns), strict=False):
        values = frame[column].to_numpy(float)
        bars = draw(
            positions,
            values,
            0.7,
            ends,
            color=color,
            label=display_text(column, frame.columns.name),
        )
        ends = ends + values
        if segment_labels:
            texts = [number_format.format(v) if v >= min_labelled else "" for v in values]
            ax.bar_label(bars, texts, label_type="center", color=_text_color(color), fontsize=9)
    if total_labels and bars is not None:
        ax.bar_label(bars, [number_format.format(v) for v in ends], padding=3)
    _category_axis(ax, tick_labels, horizontal)
    _value_axis(ax, frame.to_numpy(float), horizontal)
    set_labels(ax, *labels)
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
    category = display_text(frame.index.name)
    x, y = (value, category) if horizontal else (category, value)
    default_title = f"{category}別の{what}" if category and what else what
    return (
        default_title if title is None else title,
        x if xlabel is None else xlabel,
        y if ylabel is None else ylabel,
    )


def _bars_figsize(n_bars: int, horizontal: bool, lines: int = 1) -> tuple[float, float] | None:
    """Horizontal bars get 0.4 inch each, and 0.2 more per extra line of their labels (a
    goal's number over its wrapped title), so long lists of sections stay legible."""
    return (8.0, max(3.0, 1.8 + (0.4 + 0.2 * (lines - 1)) * n_bars)) if horizontal else None


@styled
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
            value=display_text(data.name),
            what=display_text(data.name),
            horizontal=horizontal,
            title=title,
            xlabel=xlabel,
            ylabel=ylabel,
        ),
    )
    return fig


@styled
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
    what = display_text(df.columns.name)
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
    legend(ax, what if legend_title is None else legend_title, reverse=not horizontal)
    return fig


@styled
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
    fig, ax = new_axes(figsize or (min(12.0, 3.0 + 1.0 * n_cols), max(3.0, 1.6 + 0.45 * n_rows)))
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=min(0.0, np.nanmin(values)))
    number_format = _number_format(values)
    for (row, col), value in np.ndenumerate(values):
        if np.isfinite(value):
            color = _text_color(image.cmap(image.norm(value)))
            ax.text(col, row, number_format.format(value), ha="center", va="center", color=color)
    slant = {"rotation": 45, "ha": "right", "rotation_mode": "anchor"}
    column_labels = [display_text(c, df.columns.name) for c in df.columns]
    ax.set_xticks(
        np.arange(n_cols), column_labels, **(slant if n_cols > _MAX_UPRIGHT_COLUMNS else {})
    )
    ax.set_yticks(np.arange(n_rows), [display_text(i, df.index.name) for i in df.index])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    rows, cols = display_text(df.index.name), display_text(df.columns.name)
    default_title = f"{rows}×{cols}" if rows and cols else ""
    set_labels(
        ax,
        default_title if title is None else title,
        cols if xlabel is None else xlabel,
        rows if ylabel is None else ylabel,
    )
    return fig


def _point_labels(ax: Axes, df: pd.DataFrame, years: list[int], colors: list[str]) -> None:
    """Each point's value beside it in its line's colour: above the marker where there is
    room, else below or to a side, never on another label or marker (`PlacedLabels`) — where
    lines meet, their labels stack instead of overprinting."""
    values = df.to_numpy(float)
    number_format = _number_format(values)
    rows, cols = np.nonzero(np.isfinite(values))
    # column by column, so that each line's labels fall on the same side where they can
    anchors = np.column_stack([np.asarray(years, float)[rows], values[rows, cols]])
    order = np.lexsort((rows, cols))
    texts = [
        ax.text(
            *anchors[i],
            number_format.format(anchors[i, 1]),
            color=colors[cols[i]],
            fontsize=8.5,
            zorder=5,
            bbox=_POINT_BOX,
        )
        for i in order
    ]
    radius = np.full(len(texts), mpl.rcParams["lines.markersize"] / 2 + 1.0)
    ax.add_artist(
        PlacedLabels(texts, anchors[order], radius, on_anchor=False, directions=_POINT_SIDES)
    )


@styled
def line_chart(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str = COUNT_LABEL,
    legend_title: str | None = None,
    colors: Sequence[str] | None = None,
    value_labels: bool = True,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Trends by fiscal year: index = fiscal year (int, shown as 令和N年度), one line per column
    (e.g. `df.pivot_table(index="fiscal_year", columns="plan_type", aggfunc="size")`), each
    point labelled with its value (`value_labels`)."""
    years = [int(year) for year in df.index]
    fig, ax = new_axes(figsize)
    line_colors = []
    for column, color in zip(df.columns, palette(colors, df.columns), strict=False):
        ax.plot(
            years,
            df[column].to_numpy(float),
            marker="o",
            color=color,
            label=display_text(column, df.columns.name),
        )
        line_colors.append(color)
    if value_labels:
        _point_labels(ax, df, years, line_colors)
    ax.set_xticks(years, [era_label(year) for year in years])
    ax.margins(x=0.1, y=0.12)  # room for the values above the highest points
    ax.set_ylim(bottom=0)
    _value_axis(ax, df.to_numpy(float), horizontal=False)
    what = display_text(df.columns.name)
    default_title = f"{what}の推移" if what else ""
    set_labels(
        ax,
        default_title if title is None else title,
        display_text(df.index.name) if xlabel is None else xlabel,
        ylabel,
    )
    if df.shape[1] > 1:
        legend(ax, what if legend_title is None else legend_title)
    return fig

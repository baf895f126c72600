"""The house style of the council charts: style sheet, Japanese font and line wrapping,
footnotes, fixed colours per code, and saving.

Figures are built inside the house style (the style sheet `plan_analysis.mplstyle` plus the
IPAexGothic font of matplotlib-fontja), so a chart is right even where `use_house_style()`
was not called. Figures are made with `Figure()`, not pyplot: they hold no global state,
need no closing, and a notebook shows a returned figure once. Only `save_figure` writes.
"""

from __future__ import annotations

import contextlib
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
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..labels import FISCAL_YEAR_SPAN, FISCAL_YEAR_WITH_WESTERN, label, value_label
from ..load.fiscal_year import era_label
from ..outputs import write_atomic
from ..schema import code_colors

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
_NO_LINE_START = "、。，．）」』】〕・ー：！？!?),."


P = ParamSpec("P")


R = TypeVar("R")


@functools.cache
def _style_file_params() -> dict[str, Any]:
    """The rcParams of the packaged style sheet (read once)."""
    sheet = resources.files("plan_analysis.report") / "plan_analysis.mplstyle"
    with resources.as_file(sheet) as path:
        return dict(mpl.rc_params_from_file(path, use_default_template=False))


def _house_params() -> dict[str, Any]:
    """Style sheet plus the Japanese font: set explicitly, as any style or rcdefaults()
    applied after matplotlib-fontja's import would have reset its font choice.

    `text.parse_math` is off: text from the tables (a section named `$x^2$課`, an owner
    `$\\frac$`) is drawn literally, never as mathtext, in every text the charts make (titles,
    tick labels, legends, bar labels, network labels, footnotes; a Text reads the setting
    when it is created, inside the house style) and in a notebook's own plots."""
    return {**_style_file_params(), "font.family": [FONT_FAMILY], "text.parse_math": False}


def house_colors() -> list[str]:
    """The colour cycle of the house style (Okabe–Ito), whatever the caller's rcParams are."""
    return list(_style_file_params()["axes.prop_cycle"].by_key()["color"])


def use_house_style() -> None:
    """Apply the house style and Japanese font to every later figure (e.g. in a notebook,
    so that ad-hoc pandas plots match the council charts)."""
    mpl.style.use(_house_params())


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` inside the house style, whatever the caller's rcParams are."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.style.context(_house_params()):
            return func(*args, **kwargs)

    return wrapper


def fiscal_year_text(fiscal_year: int | Iterable[int]) -> str:
    """Era label with the Western year: 令和3年度（2021年度）; several years as a span,
    令和2年度〜令和4年度（2020〜2022年度）."""
    years = sorted({int(fiscal_year)} if isinstance(fiscal_year, Integral) else set(fiscal_year))
    if not years:
        raise ValueError("no fiscal year given")
    first, last = years[0], years[-1]
    if first == last:
        return FISCAL_YEAR_WITH_WESTERN.format(era=era_label(first), year=first)
    return FISCAL_YEAR_SPAN.format(
        first_era=era_label(first), last_era=era_label(last), first=first, last=last
    )


@styled
def add_footnote(fig: Figure, source: str, fiscal_year: int | Iterable[int]) -> None:
    """Put the source and fiscal year at the bottom left, so a chart shown alone stays traceable.

    Uses the figure's `supxlabel` slot, which constrained layout keeps clear of the axes.
    """
    text = f"{SOURCE_LABEL}：{source}　{FISCAL_YEAR_LABEL}：{fiscal_year_text(fiscal_year)}"
    footnote = fig.supxlabel(text, x=0.01, ha="left", fontsize=8, color="0.35")
    fit_width(footnote, share=0.95)


def fit_width(artist: Text, share: float) -> None:
    """Break the artist's text into lines no wider than `share` of the figure: matplotlib
    wraps only at spaces, which Japanese does not have, and clips what overflows."""
    max_em = share * artist.get_figure(root=True).get_figwidth() * 72 / artist.get_fontsize()
    artist.set_text("\n".join(_wrap_line(line, max_em) for line in artist.get_text().split("\n")))


def wrap_text(text: str, max_em: float) -> str:
    """`text` broken into lines of at most `max_em` full-width characters, all about equally
    long (a label: 風とおしのよい／まちを創ろう!, not 風とおしのよいまちを創ろ／う!), by the
    rules of `fit_width`."""
    return "\n".join(_wrap_line(line, _even_width(line, max_em)) for line in text.split("\n"))


def _em(char: str) -> float:
    """Width of a character: full-width 1 em, others ½."""
    return 1.0 if unicodedata.east_asian_width(char) in "FWA" else 0.5


def _even_width(line: str, max_em: float) -> float:
    """The width that splits `line` into as few lines as `max_em` allows, all about equal."""
    total = sum(_em(char) for char in line)
    n_lines = max(1, int(np.ceil(total / max_em)))
    return max_em if n_lines == 1 else min(max_em, total / n_lines + 1.0)


def _wrap_line(line: str, max_em: float) -> str:
    """Greedy wrap counting full-width characters as 1 em and others as ½; punctuation that
    may not start a Japanese line (、。）」!) stays on the line before."""
    lines, current, width = [], "", 0.0
    for char in line:
        char_em = _em(char)
        if width + char_em > max_em and current and char not in _NO_LINE_START:
            lines.append(current)
            current, width = "", 0.0
        current += char
        width += char_em
    return "\n".join([*lines, current])


def display_text(value: object, code_list: object = None) -> str:
    """Display text of a name or code: its label in `code_list` (the name of the axis that
    holds it, e.g. `plan_type`), else its Japanese label, a number as is, None as ''."""
    if value is None:
        return ""
    if isinstance(value, str) and isinstance(code_list, str):
        labelled = value_label(code_list, value)
        if labelled != value:
            return labelled
    return label(value) if isinstance(value, str) else str(value)


def new_axes(figsize: tuple[float, float] | None) -> tuple[Figure, Axes]:
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def set_labels(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    fit_width(ax.set_title(title), share=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


#: The grey of a category that is no answer (no grade written, 影響の記載なし …).
MISSING_COLOR = "#BBBBBB"


def palette(colors: Sequence[str] | None, codes: pd.Index | None = None) -> Iterator[str]:
    """The caller's colours, else the fixed colours of `codes` in the code list their index
    is named after (`schema.CODE_LISTS`: plan_type's `new` and the year links' `new` differ)
    if all have one, else the house cycle (Okabe–Ito); repeated as needed."""
    if colors is None and codes is not None:
        colors = code_colors(codes.name, codes)
    return itertools.cycle(colors or mpl.rcParams["axes.prop_cycle"].by_key()["color"])


def legend(ax: Axes, title: str, reverse: bool = False) -> None:
    """Legend right of the plot, outside the data."""
    ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), reverse=reverse)


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
        png = _save_atomically(fig, out_dir / f"{name}.png", dpi)
        with layout_kept(fig):
            return [png, _save_atomically(fig, out_dir / f"{name}.svg", dpi)]


@contextlib.contextmanager
def layout_kept(fig: Figure) -> Iterator[Figure]:
    """`fig` with the layout its last draw computed, not laid out again while the block saves
    it once more (e.g. the SVG after the PNG): a constrained layout costs a draw of its own on
    every save. Its layout engine is back afterwards, for a change that needs a new layout."""
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")
    try:
        yield fig
    finally:
        fig.set_layout_engine(engine)


def _save_atomically(fig: Figure, path: Path, dpi: int) -> Path:
    fmt = path.suffix.removeprefix(".")
    return write_atomic(
        path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
    )


#: Directions in which a placed label moves away from its anchor, in the order tried.
AROUND: tuple[tuple[float, float], ...] = (
    (0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1),
)  # fmt: skip


class PlacedLabels(Artist):
    """Labels that never overlap, placed when the figure is drawn (after the layout has fixed
    the axes, so any size, footnote or dpi gives a clean picture).

    Each text (in the order given: the caller puts the important first) goes to the first
    spot where it overlaps no label placed before it, stays inside the axes and covers no
    point of `avoid` but its own anchor (default: the anchors; a network passes its nodes):
    on its anchor if `on_anchor`, else beside it, `clearance` points away (a
    node's radius, a marker's), in each direction of `directions`, then ring after ring
    farther out, `gap` points apart at least. A label set off its anchor gets a thin grey leader line. Drawn below the
    other artists (zorder −1), so the texts, drawn later, are already in place.
    """

    def __init__(
        self,
        texts: Sequence[Text],
        anchors: np.ndarray,
        clearance: np.ndarray,
        *,
        on_anchor: bool,
        avoid: np.ndarray | None = None,
        directions: Sequence[tuple[float, float]] = AROUND,
        step: float = 3.0,
        rings: int = 40,
        gap: float = 1.5,
    ) -> None:
        super().__init__()
        self.texts = list(texts)
        self.anchors = np.asarray(anchors, dtype=float).reshape(-1, 2)
        self.clearance = np.asarray(clearance, dtype=float)
        self.avoid = self.anchors if avoid is None else np.asarray(avoid, float).reshape(-1, 2)
        self.on_anchor, self.step, self.rings, self.gap = on_anchor, step, rings, gap
        unit = np.asarray(directions, dtype=float)
        self.directions = unit / np.linalg.norm(unit, axis=1, keepdims=True)
        self.leaders = LineCollection([], colors="0.55", linewidths=0.6)
        self.set_zorder(-1)
        self.set_in_layout(False)
        for text in self.texts:
            text.set(ha="center", va="center", in_layout=False)

    def _candidates(
        self, anchor: np.ndarray, half: np.ndarray, clear: float, pt: float
    ) -> np.ndarray:
        """Centres to try for a label of half-size `half` (pixels) about `anchor`, nearest first."""
        rings = clear * pt + pt * self.step * np.arange(self.rings)
        # the label's edge, not its centre, keeps the distance: shift by its half-extent
        shift = self.directions * half
        spots = anchor + (rings[:, None, None] * self.directions + shift).reshape(-1, 2)
        return np.vstack([anchor[None], spots]) if self.on_anchor else spots

    def draw(self, renderer: RendererBase) -> None:
        ax = self.axes
        anchors = ax.transData.transform(self.anchors)
        avoid = ax.transData.transform(self.avoid)
        pt = renderer.points_to_pixels(1.0)
        area = ax.bbox
        placed: list[np.ndarray] = []
        segments = []
        for i, text in enumerate(self.texts):
            text.set_position(self.anchors[i])
            extent = text.get_window_extent(renderer)
            half = np.array([extent.width, extent.height]) / 2
            spots = self._candidates(anchors[i], half, self.clearance[i], pt)
            boxes = np.hstack([spots - half, spots + half])
            # two labels never touch (1 and 2 side by side would read 12)
            padded = boxes + np.array([-1, -1, 1, 1]) * self.gap * pt
            others = avoid[np.linalg.norm(avoid - anchors[i], axis=1) > 0.5]
            best = _best_spot(padded, np.array(placed).reshape(-1, 4), others, area)
            placed.append(padded[best])
            text.set_position(ax.transData.inverted().transform(spots[best]))
            segments += _leader(anchors[i], boxes[best], self.clearance[i] * pt)
        self.leaders.set_segments(segments)
        self.leaders.set_transform(mpl.transforms.IdentityTransform())
        self.leaders.set_figure(self.get_figure(root=False))
        self.leaders.draw(renderer)


def _best_spot(boxes: np.ndarray, placed: np.ndarray, others: np.ndarray, area: Any) -> int:
    """The first box overlapping no placed box, inside `area` and covering no other anchor;
    else the first overlapping none inside the area; else the one overlapping least."""
    overlap_w = np.minimum(boxes[:, None, 2], placed[None, :, 2]) - np.maximum(
        boxes[:, None, 0], placed[None, :, 0]
    )
    overlap_h = np.minimum(boxes[:, None, 3], placed[None, :, 3]) - np.maximum(
        boxes[:, None, 1], placed[None, :, 1]
    )
    overlap = (np.clip(overlap_w, 0, None) * np.clip(overlap_h, 0, None)).sum(axis=1)
    inside = (
        (boxes[:, 0] >= area.x0) & (boxes[:, 1] >= area.y0)
        & (boxes[:, 2] <= area.x1) & (boxes[:, 3] <= area.y1)
    )  # fmt: skip
    covers = (
        (others[None, :, 0] > boxes[:, None, 0]) & (others[None, :, 0] < boxes[:, None, 2])
        & (others[None, :, 1] > boxes[:, None, 1]) & (others[None, :, 1] < boxes[:, None, 3])
    ).any(axis=1)  # fmt: skip
    free = (overlap == 0) & inside
    for ok in (free & ~covers, free):
        if ok.any():
            return int(np.argmax(ok))
    return int(np.argmin(overlap + np.where(inside, 0, overlap.max() + 1)))


def _leader(anchor: np.ndarray, box: np.ndarray, clear: float) -> list[np.ndarray]:
    """A line from the edge of the anchor's marker to the nearest point of a label's box;
    none when the box touches the marker."""
    nearest = np.clip(anchor, box[:2], box[2:])
    gap = np.linalg.norm(nearest - anchor)
    if gap <= clear + 1.0:
        return []
    start = anchor + (nearest - anchor) * clear / gap
    return [np.array([start, nearest])]

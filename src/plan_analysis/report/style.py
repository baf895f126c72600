"""The house style of the council charts: style sheet, Japanese font and line wrapping,
footnotes, fixed colours per code, and saving.

Figures are built inside the house style (the style sheet `plan_analysis.mplstyle` plus the
IPAexGothic font of matplotlib-fontja), so a chart is right even where `use_house_style()`
was not called. Figures are made with `Figure()`, not pyplot: they hold no global state,
need no closing, and a notebook shows a returned figure once. Only `save_figure` writes.
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
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..labels import label, value_label
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
_NO_LINE_START = "、。，．）」』】〕・ー：！？"


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
    """Era label with the Western year: 令和3年度 (FY2021); several years as a span,
    令和2年度〜令和4年度 (FY2020–2022)."""
    years = sorted({int(fiscal_year)} if isinstance(fiscal_year, Integral) else set(fiscal_year))
    if not years:
        raise ValueError("no fiscal year given")
    first, last = years[0], years[-1]
    if first == last:
        return f"{era_label(first)} (FY{first})"
    return f"{era_label(first)}〜{era_label(last)} (FY{first}–{last})"


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
        return [_save_atomically(fig, out_dir / f"{name}.{fmt}", dpi) for fmt in _STABLE_METADATA]


def _save_atomically(fig: Figure, path: Path, dpi: int) -> Path:
    fmt = path.suffix.removeprefix(".")
    return write_atomic(
        path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
    )

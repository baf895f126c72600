"""The council booklet: every council figure in one PDF, to print or hand out.

A cover (the plan, the fiscal years, the figures it holds), then a page per figure: the
figure as `figures.write_figures` saves it, with two lines on how to read it
(`labels.FIGURE_CAPTIONS`), the source files and the fiscal year under it. The pages are the
figures already drawn for the PNG/SVG files (`figures.draw_figures`), not drawn again. Fonts
are embedded as TrueType (`pdf.fonttype` 42: the Japanese text stays text, searchable and
sharp), no date or version is stamped, and the file is written atomically, so unchanged
tables give a byte-identical booklet.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from ..labels import BOOKLET_CONTENTS, BOOKLET_HEADING, BOOKLET_SOURCE
from ..outputs import write_atomic
from .figures import Frames, chosen_fiscal_year, figure_caption, fiscal_years, plan_titles
from .style import fiscal_year_text, fit_width, styled

#: The file name of the booklet in reports/.
BOOKLET_NAME = "council_booklet.pdf"
#: The cover: an A4 page, portrait (inches).
COVER_SIZE = (8.27, 11.69)
#: PDF metadata: no creation date and no software versions (reruns give the same bytes).
_METADATA = {"CreationDate": None, "Creator": "plan-analysis", "Producer": None}


@styled
def cover_page(frames: Frames, years: list[int], titles: list[str]) -> Figure:
    """The cover: the plan's title, the fiscal years, and the figures' titles."""
    fig = Figure(figsize=COVER_SIZE)
    fig.text(0.08, 0.88, BOOKLET_HEADING, fontsize=14, color="0.3")
    heading = fig.text(0.08, 0.83, "、".join(plan_titles(frames, years)), fontsize=20, va="top")
    fit_width(heading, share=0.84)
    fig.text(0.08, 0.72, fiscal_year_text(years), fontsize=14)
    fig.text(0.08, 0.64, BOOKLET_CONTENTS, fontsize=12)
    contents = "\n".join(f"{page}. {title}" for page, title in enumerate(titles, start=2))
    listed = fig.text(0.1, 0.62, contents, fontsize=9, va="top", linespacing=1.6)
    fit_width(listed, share=0.8)
    return fig


@contextmanager
def _page_texts(fig: Figure, caption: str, source: str) -> Iterator[None]:
    """The figure with its footnote (出典, 対象年度) under the caption and the source files,
    while a page is saved; then as it was."""
    text = fig.get_supxlabel()
    footnote = next(t for t in fig.texts if t.get_text() == text)
    size, color = footnote.get_fontsize(), footnote.get_color()
    footnote.set(text=f"{caption}\n{text}\n{source}", fontsize=9, color="0.2")
    fit_width(footnote, share=0.95)
    try:
        yield
    finally:
        footnote.set(text=text, fontsize=size, color=color)


def write_booklet(
    frames: Frames,
    drawn: Mapping[str, Figure | None],
    path: Path,
    fiscal_year: int | None = None,
) -> Path:
    """Write the booklet of the `drawn` figures (`figures.draw_figures`; those with nothing to
    draw are left out) of `fiscal_year` (default: the latest loaded) to `path`: a cover and a
    page per figure, 1 + len(figures) pages."""
    year = chosen_fiscal_year(frames, fiscal_year)
    years = [y for y in fiscal_years(frames) if y <= year]
    docs = frames["documents"]
    files = docs.loc[docs["fiscal_year"].isin(years), "source_file"].drop_duplicates()
    source = BOOKLET_SOURCE.format(files="、".join(files))
    pages = {name: fig for name, fig in drawn.items() if fig is not None}
    titles = [fig.axes[0].get_title(loc="left").replace("\n", "") for fig in pages.values()]

    def write(fh) -> None:
        with mpl.rc_context({"pdf.fonttype": 42}), PdfPages(fh, metadata=_METADATA) as pdf:
            pdf.savefig(cover_page(frames, years, titles))
            for name, fig in pages.items():
                with _page_texts(fig, figure_caption(name), source):
                    pdf.savefig(fig)

    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, write)

"""The council booklet: a cover and a page per figure, fonts embedded, the same bytes on a rerun.

The seed (one year) draws 13 figures: of the 18 in the registry, the three trends, the year
comparison and the 評価 chart need a second year or a column the seed has not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plan_analysis.labels import FIGURE_CAPTIONS
from plan_analysis.report import booklet, figures

SEED_FIGURES = 13


@pytest.fixture(scope="module")
def drawn(frames):
    """Every figure of the seed, drawn once: the booklet below is made of them."""
    return figures.draw_figures(frames)


@pytest.fixture(scope="module")
def pdf(frames, drawn, tmp_path_factory) -> Path:
    """The booklet of freshly drawn figures (a figure saved twice in one process may differ
    in its second drawing: a rerun draws anew)."""
    path = tmp_path_factory.mktemp("b") / booklet.BOOKLET_NAME
    return booklet.write_booklet(frames, drawn, path)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def test_a_cover_and_a_page_per_figure(drawn, pdf) -> None:
    assert sum(fig is not None for fig in drawn.values()) == SEED_FIGURES
    assert page_count(pdf.read_bytes()) == 1 + SEED_FIGURES


def test_fonts_are_embedded_as_truetype(pdf) -> None:
    data = pdf.read_bytes()
    assert b"/FontFile2" in data and b"IPAexGothic" in data
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows and all("TrueType" in r and " yes yes " in r for r in rows), fonts.stdout


def test_rerun_gives_the_same_bytes(frames, pdf, tmp_path) -> None:
    again = booklet.write_booklet(frames, figures.draw_figures(frames), tmp_path / "again.pdf")
    assert again.read_bytes() == pdf.read_bytes()
    assert b"CreationDate" not in again.read_bytes()
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically, nothing left behind


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_pages_hold_title_caption_source_and_year(pdf) -> None:
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    pages = [p.replace("\n", "") for p in text.split("\f")]
    assert (
        "第3期木更津市地域福祉計画 進行管理表" in pages[0] and "令和3年度（2021年度）" in pages[0]
    )
    first = pages[1]  # covid_effect_counts
    assert "コロナの影響別の事業数" in first
    assert "当てはまる事業の数を示します" in first
    assert (
        "元データ：r3_kisarazu_welfare_plan_progress.txt" in first
        and "集計：plan-analysis" in first
    )
    assert "対象年度：令和3年度（2021年度）" in first


def test_the_figures_are_left_as_they_were(frames, tmp_path) -> None:
    """A page adds the caption and the source to the footnote only while it is saved."""
    fig = figures.draw("items_per_division", frames, 2021)
    before = fig.get_supxlabel()
    booklet.write_booklet(frames, {"items_per_division": fig}, tmp_path / "one.pdf")
    assert fig.get_supxlabel() == before
    assert page_count((tmp_path / "one.pdf").read_bytes()) == 2


def test_every_figure_has_a_caption_of_two_lines() -> None:
    for name in figures.figure_functions():
        assert figures.figure_caption(name).count("\n") == 1, name
    assert set(FIGURE_CAPTIONS) <= set(figures.figure_functions())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_a_plan_title_stays_literal(frames, tmp_path) -> None:
    """A title such as `$x^2$` is text, not mathtext (x with a superscript 2)."""
    hostile = dict(frames)
    hostile["documents"] = frames["documents"].assign(plan_title="$x^2$計画")
    cover = booklet.cover_page(hostile, [2021], ["$\\frac{a}{b}$"])
    assert not any(t.get_parse_math() for t in cover.texts)
    path = booklet.write_booklet(hostile, {}, tmp_path / "hostile.pdf")
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "$x^2$計画" in text

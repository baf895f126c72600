"""The front page of the reports (`reports/index.html`): what a reader opens first.

It names the plan and the fiscal years loaded, gives the key figures of the latest year as
short Japanese sentences — with the year before beside each when there are two years — and
says for each group of figures which processed table (CSV in data/processed/) holds them;
then it links every HTML report by its title and the files of the set that exist
(summary.xlsx, figures/, council_booklet.pdf). Every text from the tables is escaped.
The measures and codes come from `schema.MEASURES` and `schema.CODE_LISTS`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from .. import labels as L
from ..labels import value_label
from ..outputs import write_atomic
from ..schema import CODE_LISTS, MEASURES
from .figures import chosen_fiscal_year, fiscal_years
from .notebooks import FONT_STACK
from .style import fiscal_year_text

Frames = Mapping[str, pd.DataFrame]

#: How many divisions the front page lists, and how many new or dropped items it names.
TOP_DIVISIONS = 5
NAMED_ITEMS = 10
#: The files of the report set the front page links when they exist, in this order.
LINKED_FILES = tuple(L.FRONT_PAGE_FILE_NOTES)
#: The matches whose items are named (the items themselves, not only their number).
NAMED_MATCHES = ("new", "dropped")


@dataclass(frozen=True)
class KeyFigures:
    """A group of key figures: a heading, a note on how they are counted, the processed
    table that holds them (`source`, the table's name), and rows of name, n (the year
    shown) and n_before (the year before; NA without one)."""

    heading: str
    note: str
    source: str
    rows: pd.DataFrame


def year_before(frames: Frames, fiscal_year: int) -> int | None:
    """The latest loaded year before `fiscal_year`, if any."""
    earlier = [y for y in fiscal_years(frames) if y < fiscal_year]
    return max(earlier) if earlier else None


def _counts(
    df: pd.DataFrame, key: str, value: str, fiscal_year: int, before: int | None
) -> pd.DataFrame:
    """Rows name, n, n_before: `value` per `key` of the year, and of the year before."""
    now = df[df["fiscal_year"] == fiscal_year].set_index(key)[value]
    earlier = df[df["fiscal_year"] == before].set_index(key)[value]
    return pd.DataFrame(
        {
            "name": now.index.astype(str),
            "n": now.to_numpy(dtype="int64"),
            "n_before": earlier.reindex(now.index).astype("Int64").to_numpy(),
        }
    )


def _measure_figures(frames: Frames, fiscal_year: int, before: int | None) -> list[KeyFigures]:
    """Items per category of each measure (its trend table: reposts left out), in the
    order of its code list, named by the labels."""
    out = []
    for measure in MEASURES.values():
        rows = _counts(frames[measure.trend_table], measure.name, "n_items", fiscal_year, before)
        codes = CODE_LISTS[measure.name]
        rows = rows.set_index("name").reindex([c for c in codes.order if c in set(rows["name"])])
        rows = rows.rename(index=codes.labels).rename_axis("name").reset_index()
        out.append(KeyFigures(measure.label, L.FRONT_PAGE_MEASURE_NOTE, measure.trend_table, rows))
    return out


def _link_figures(frames: Frames, fiscal_year: int, before: int) -> KeyFigures:
    """Items of the year before per kind of link to the year shown (link_counts)."""
    counts = frames["link_counts"]
    counts = counts[
        (counts["fiscal_year_from"] == before) & (counts["fiscal_year_to"] == fiscal_year)
    ]
    n = counts.set_index("match")["n_links"].reindex(CODE_LISTS["match"].order).dropna()
    rows = pd.DataFrame(
        {
            "name": [value_label("match", code) for code in n.index],
            "n": n.to_numpy(dtype="int64"),
            "n_before": pd.array([pd.NA] * len(n), dtype="Int64"),
        }
    )
    pair = L.YEAR_PAIR.format(year_from=before, year_to=fiscal_year)
    return KeyFigures(
        L.FRONT_PAGE_LINKS.format(pair=pair), L.FRONT_PAGE_LINKS_NOTE, "link_counts", rows
    )


def key_figures(frames: Frames, fiscal_year: int | None = None) -> list[KeyFigures]:
    """The front page's figures of `fiscal_year` (default: the latest loaded): items, each
    measure's categories, the divisions with most items, and with a year before, the links
    between the two years."""
    year = chosen_fiscal_year(frames, fiscal_year)
    before = year_before(frames, year)
    documents = frames["documents"].assign(key=L.FRONT_PAGE_ITEMS)
    items = KeyFigures(
        L.FRONT_PAGE_ITEMS,
        L.FRONT_PAGE_ITEMS_NOTE,
        "documents",
        _counts(documents, "key", "n_items", year, before),
    )
    divisions = _counts(frames["division_trend"], "division", "n_items", year, before)
    divisions = divisions.sort_values("n", ascending=False, kind="stable").head(TOP_DIVISIONS)
    figures = [
        items,
        *_measure_figures(frames, year, before),
        KeyFigures(
            L.FRONT_PAGE_DIVISIONS.format(n=len(divisions)),
            L.FRONT_PAGE_DIVISIONS_NOTE,
            "division_trend",
            divisions.reset_index(drop=True),
        ),
    ]
    if before is not None:
        figures.append(_link_figures(frames, year, before))
    return figures


def named_items(frames: Frames, fiscal_year: int) -> dict[str, list[str]]:
    """The names of the new and the dropped items of `fiscal_year` (year_links; reposts
    left out), by the match's label."""
    links = frames["year_links"]
    links = links[(links["fiscal_year_to"] == fiscal_year) & ~links["is_repost"].astype(bool)]
    names = {}
    for match in NAMED_MATCHES:
        rows = links[links["match"] == match]
        column = "name_from" if match == "dropped" else "name_to"
        names[value_label("match", match)] = rows[column].astype(str).tolist()
    return names


def figure_sentence(name: str, n: int, n_before: object) -> str:
    """「中止・見合わせ 9件（前年度 12件）」, or without the year before 「… 9件」."""
    text = L.FRONT_PAGE_FIGURE.format(name=name, n=int(n))
    if n_before is not None and not pd.isna(n_before):
        text += L.FRONT_PAGE_FIGURE_BEFORE.format(n=int(n_before))
    return text


def _e(text: object) -> str:
    return html.escape(str(text))


def _href(path: str) -> str:
    return _e(quote(path, safe="/.-_~"))


def _source(table: str, processed_href: str) -> str:
    csv = f"{table}.csv"
    link = f'<a href="{_href(f"{processed_href}/{csv}")}">{_e(csv)}</a>'
    return f'<p class="source">{_e(L.FRONT_PAGE_SOURCE)}: {link}</p>'


def _figures_html(group: KeyFigures, processed_href: str) -> str:
    rows = "".join(
        f"<li>{_e(figure_sentence(r.name, r.n, r.n_before))}</li>"
        for r in group.rows.itertuples(index=False)
    )
    return (
        f'<section><h3>{_e(group.heading)}</h3><p class="note">{_e(group.note)}</p>'
        f"<ul>{rows}</ul>{_source(group.source, processed_href)}</section>"
    )


def _names_html(names: Mapping[str, list[str]], processed_href: str) -> str:
    parts = []
    for match, listed in names.items():
        shown = "、".join(_e(n) for n in listed[:NAMED_ITEMS]) or _e(L.FRONT_PAGE_NONE)
        if len(listed) > NAMED_ITEMS:
            shown += "、" + _e(L.FRONT_PAGE_MORE_ITEMS.format(n=len(listed) - NAMED_ITEMS))
        heading = L.FRONT_PAGE_NAMED_ITEMS.format(match=match)
        parts.append(f"<li>{_e(heading)}（{len(listed)}件）: {shown}</li>")
    return f"<ul>{''.join(parts)}</ul>{_source('year_links', processed_href)}"


PAGE_CSS = f"""
body {{ font-family: {FONT_STACK}; max-width: 60em; margin: 2em auto; padding: 0 1em;
  line-height: 1.6; color: #222; }}
h1 {{ font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; }}
h2 {{ font-size: 1.25em; margin-top: 1.6em; border-left: 5px solid #0072B2; padding-left: 0.4em; }}
h3 {{ font-size: 1.05em; margin-bottom: 0.2em; }}
.note, .source {{ color: #555; font-size: 0.85em; margin: 0.1em 0; }}
.figures {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr));
  gap: 0 2em; }}
ul {{ margin: 0.3em 0; padding-left: 1.3em; }}
"""


def front_page_html(
    frames: Frames,
    reports: Sequence[tuple[str, str]],
    files: Sequence[str],
    processed_href: str,
) -> str:
    """The page: plan and years, the key figures with their sources, the reports
    (`reports`: file name and title each) and the set's `files` that exist (names of
    LINKED_FILES); sources link to the CSVs under `processed_href`."""
    year = chosen_fiscal_year(frames, None)
    before = year_before(frames, year)
    documents = frames["documents"]
    titles = documents.loc[documents["fiscal_year"] == year, "plan_title"].astype(str)
    plan_title = next((t for t in titles if t), L.FRONT_PAGE_NO_TITLE)
    years = "、".join(fiscal_year_text(y) for y in fiscal_years(frames))
    if before is None:
        shown = L.FRONT_PAGE_ONE_YEAR.format(year=fiscal_year_text(year))
        comparison = f"<p>{_e(L.NO_YEARS_TO_COMPARE)}</p>"
    else:
        shown = L.FRONT_PAGE_YEAR_SHOWN.format(
            year=fiscal_year_text(year), year_before=fiscal_year_text(before)
        )
        comparison = _names_html(named_items(frames, year), processed_href)
    figures = "".join(_figures_html(g, processed_href) for g in key_figures(frames, year))
    report_links = "".join(
        f'<li><a href="{_href(name)}">{_e(title)}</a></li>' for name, title in reports
    )
    file_links = "".join(
        f'<li><a href="{_href(name)}">{_e(name)}</a> — {_e(L.FRONT_PAGE_FILE_NOTES[name])}</li>'
        for name in LINKED_FILES
        if name in files
    )
    file_links += (
        f'<li><a href="{_href(processed_href + "/")}">{_e(processed_href)}/</a> — '
        f"{_e(L.FRONT_PAGE_PROCESSED)}</li>"
    )
    title = L.FRONT_PAGE_TITLE.format(plan_title=plan_title)
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{_e(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n<p>{_e(L.FRONT_PAGE_YEARS.format(years=years))}<br>"
        f"{_e(shown)}</p>\n"
        f"<h2>{_e(L.FRONT_PAGE_KEY_FIGURES.format(year=fiscal_year_text(year)))}</h2>\n"
        f'<div class="figures">{figures}</div>\n{comparison}\n'
        f"<h2>{_e(L.FRONT_PAGE_REPORTS)}</h2>\n<ul>{report_links}</ul>\n"
        f"<h2>{_e(L.FRONT_PAGE_FILES)}</h2>\n<ul>{file_links}</ul>\n</body>\n</html>\n"
    )


def relative_href(target: Path, start: Path) -> str:
    """`target` as a link from a page in `start`: a relative path (../data/processed), or
    the file URI where no relative path exists (another drive on Windows)."""
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_uri()


def write_front_page(
    frames: Frames,
    folder: Path,
    reports: Sequence[tuple[str, str]],
    processed_href: str,
) -> Path:
    """Write `folder/index.html` (atomically), linking the files of LINKED_FILES that are in
    `folder` now: write it last, when the set is complete."""
    present = [name for name in LINKED_FILES if (folder / name.rstrip("/")).exists()]
    data = front_page_html(frames, reports, present, processed_href).encode("utf-8")
    return write_atomic(folder / "index.html", lambda fh: fh.write(data))

"""The held-out tables of the measure tests, built from the seed: its spreadsheet rows
(`conftest.spreadsheet_rows`) under another title, with some cells rewritten by hand."""

from __future__ import annotations

from collections.abc import Mapping

from .conftest import spreadsheet_rows

#: Columns of an item row: これまでの取り組み and 今後の予定.
PAST, PLANS = 3, 4
#: The (再掲) row and the item it repeats: the repost gets the item's rewritten texts.
REPOST = ("児童・生徒・市民への福祉学習の推進(再掲)", "児童・生徒・住民への福祉学習の推進")

#: item name → (これまでの取り組み, 今後の予定); None keeps the seed's text.
Rewrites = Mapping[str, tuple[str | None, str | None]]


def item_row(rows: list[list[str]], name: str) -> int:
    """Index of the one item row named `name`."""
    hits = [i for i, cells in enumerate(rows) if len(cells) == 5 and cells[0] == name]
    assert len(hits) == 1, (name, hits)
    return hits[0]


def rewritten_rows(title: str, rewrites: Rewrites) -> list[list[str]]:
    """The seed's rows titled `title`, each rewritten cell replaced (a rewrite that leaves
    the text as it was is a mistake in the fixture), the (再掲) row given its item's texts."""
    rows = [list(cells) for cells in spreadsheet_rows()]
    assert rows[0][0].startswith("令和3年度")
    rows[0] = [title]
    for name, (past, plans) in rewrites.items():
        cells = rows[item_row(rows, name)]
        for col, text in ((PAST, past), (PLANS, plans)):
            if text is not None:
                assert text != cells[col], (name, col)
                cells[col] = text
    repost, original = REPOST
    src, dst = rows[item_row(rows, original)], rows[item_row(rows, repost)]
    dst[PAST], dst[PLANS] = src[PAST], src[PLANS]
    return rows

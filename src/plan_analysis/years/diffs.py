"""Readable character-level diffs of a cell between two years, for notebooks.

Japanese has no spaces to split words at, so the diff is by character (difflib). A raw
character diff of a rewritten sentence is a confetti of one-character matches (の, を, 、);
an unchanged run shorter than DIFF_MIN_EQUAL between two changes is folded into them so
that whole phrases read as replaced.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

#: Unchanged runs shorter than this between two changes are shown as part of the change.
DIFF_MIN_EQUAL = 3


@dataclass(frozen=True)
class Chunk:
    """A run of the diff: unchanged text (old == new, equal) or old replaced by new."""

    old: str
    new: str
    equal: bool


def _raw_chunks(old: str, new: str) -> list[Chunk]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        Chunk(old[i1:i2], new[j1:j2], tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def diff_chunks(old: str, new: str) -> list[Chunk]:
    """The diff of `old` → `new` as alternating unchanged and changed runs."""
    raw = _raw_chunks(old, new)
    out: list[Chunk] = []
    for k, chunk in enumerate(raw):
        inner = 0 < k < len(raw) - 1
        equal = chunk.equal and not (inner and len(chunk.old) < DIFF_MIN_EQUAL)
        if out and not equal and not out[-1].equal:
            out[-1] = Chunk(out[-1].old + chunk.old, out[-1].new + chunk.new, False)
        else:
            out.append(Chunk(chunk.old, chunk.new, equal))
    return out


def text_diff(old: str, new: str) -> str:
    """`old` → `new` with inline markup: `[-removed-]{+added+}`; '' when both are equal."""
    if old == new:
        return ""
    parts = []
    for c in diff_chunks(old, new):
        if c.equal:
            parts.append(c.old)
        else:
            parts.append((f"[-{c.old}-]" if c.old else "") + (f"{{+{c.new}+}}" if c.new else ""))
    return "".join(parts)


def html_diff(old: str, new: str) -> str:
    """`old` → `new` as HTML (`<del>` red, `<ins>` green), e.g. for IPython.display.HTML.

    Both texts are HTML-escaped (`<b>` shows as written, never as markup), and the block is
    marked for MathJax to leave alone (`$x^2$` is not typeset as TeX in Jupyter)."""
    parts = []
    for c in diff_chunks(old, new):
        if c.equal:
            parts.append(html.escape(c.old))
            continue
        if c.old:
            parts.append(f'<del style="background:#fdd">{html.escape(c.old)}</del>')
        if c.new:
            parts.append(
                f'<ins style="background:#dfd;text-decoration:none">{html.escape(c.new)}</ins>'
            )
    return f'<div class="tex2jax_ignore" style="white-space:pre-wrap">{"".join(parts)}</div>'


def column_diffs(year_links: pd.DataFrame, items: pd.DataFrame, column: str) -> pd.DataFrame:
    """The linked pairs whose `column` (content, past_efforts, plans or owner) changed, with
    the old and new text (as normalised by the loader) and their `text_diff`."""
    source = "owner_raw" if column == "owner" else column
    changed = year_links[year_links[f"{column}_changed"].fillna(False).astype(bool)]
    keys = ["fiscal_year_from", "item_id_from", "fiscal_year_to", "item_id_to", "name_to"]
    out = changed[keys]
    for side, name in (("from", "old_text"), ("to", "new_text")):
        texts = items[["fiscal_year", "item_id", source]].set_axis(
            [f"fiscal_year_{side}", f"item_id_{side}", name], axis=1
        )
        out = out.merge(texts, how="left", validate="m:1")
    out["diff"] = [text_diff(a, b) for a, b in zip(out["old_text"], out["new_text"], strict=True)]
    return out.reset_index(drop=True)

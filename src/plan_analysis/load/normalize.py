"""Cell text: raw → normalised text, and cells → segments (paragraphs with their owner).

Normalised text is NFKC (full/half-width folded), HTML tags and entities removed, the
wave dash folded, spaces tidied. NFKC turns ① into 1, so numbering and raw text are kept
beside it, never replaced. A cell shared by several sections holds one paragraph per
section ending in `(…課)`; ○ bullets and `<p>` blocks also start paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_BREAK_TAG = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_WAVE = str.maketrans({"\u301c": "~", "\uff5e": "~"})
_REPOST = re.compile(r"[(（]\s*再\s*掲\s*[)）]")
#: A paragraph-final owner tag: `(社会福祉課)` followed by a space, a line break or the end.
_OWNER_TAG = re.compile(r"[(（]([^()（）\s]{1,25}?)[)）](?=[\s\u3000]|$)")
_BULLET = re.compile(r"(?:^|(?<=\s))[○◯〇●◆■]\s*")


def strip_html(text: str) -> str:
    """Remove HTML tags (a paragraph or line-break tag becomes a line break) and entities."""
    return html.unescape(_TAG.sub("", _BREAK_TAG.sub("\n", text)))


def normalize_text(text: str) -> str:
    """NFKC, HTML removed, wave dash folded, runs of spaces to one, empty lines dropped."""
    text = unicodedata.normalize("NFKC", strip_html(text)).translate(_WAVE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def strip_repost_mark(name: str) -> tuple[str, bool]:
    """(name without the (再掲) mark, whether it had one)."""
    stripped = _REPOST.sub("", name)
    return stripped.strip(), stripped != name


@dataclass(frozen=True)
class Segment:
    """One paragraph of a cell: the owner named by its tag ('' if none) and its text."""

    department: str
    text: str
    text_raw: str


def _bullets(text_raw: str) -> list[str]:
    parts = [p.strip() for p in _BULLET.split(text_raw)]
    return [p for p in parts if p]


def split_segments(cell_raw: str, is_owner: Callable[[str], bool]) -> list[Segment]:
    """Split a raw cell into paragraphs at owner tags, `<p>` blocks and ○ bullets.

    `is_owner` says whether a parenthesised name (NFKC) is an owner (a section or division),
    so that `(コミュニティソーシャルワーク事業)` stays inside its sentence.
    """
    segments: list[Segment] = []
    for block in strip_html(cell_raw).split("\n"):
        start = 0
        pieces: list[tuple[str, str]] = []
        for m in _OWNER_TAG.finditer(block):
            name = unicodedata.normalize("NFKC", m.group(1))
            if is_owner(name):
                pieces.append((name, block[start : m.start()]))
                start = m.end()
        pieces.append(("", block[start:]))
        for department, piece in pieces:
            for part in _bullets(piece):
                text = normalize_text(part)
                if text:
                    segments.append(Segment(department, text, part))
    return segments

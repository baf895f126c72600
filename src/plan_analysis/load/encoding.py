"""Decode raw bytes among the encodings Japanese offices produce.

UTF-8 (with or without BOM), UTF-16 (with BOM), CP932 and EUC-JP. `cp932`, never
`shift_jis`: the latter fails on ①, ㈱, 髙, Ⅱ. Undecodable input is an error naming the
line, never mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from ..errors import PlanAnalysisError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Tried in this order after the BOM check; the first that decodes into plausible text wins.
_CANDIDATES: tuple[str, ...] = ("utf-8", "cp932", "euc_jp")

#: Share of characters that must look like Japanese prose (kana, kanji, ASCII, punctuation).
_MIN_PLAUSIBLE = 0.97


def _plausible_share(text: str) -> float:
    """Share of characters that ordinary Japanese office text is made of."""
    if not text:
        return 1.0
    bad = 0
    for ch in text:
        if ch in "\t\r\n":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or "\uff61" <= ch <= "\uff9f":
            bad += 1
    return 1 - bad / len(text)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_utf16(data: bytes) -> bool:
    """BOM-less UTF-16: many NUL bytes on one side of the byte pairs."""
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def decode_bytes(data: bytes, file: str | Path) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding name). Raises PlanAnalysisError if none fits."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise PlanAnalysisError(
                    f"starts with a {name} byte-order mark but byte {exc.start} is not valid {name}",
                    file=file,
                    position=f"line {_line_of(data, exc.start)}",
                ) from exc
            return text.lstrip("\ufeff"), name
    if _looks_like_utf16(data):
        for name in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if _plausible_share(text) >= _MIN_PLAUSIBLE:
                return text, name
    first_error: tuple[str, int] | None = None
    for name in _CANDIDATES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            if name == "utf-8" and exc.reason == "unexpected end of data":
                raise PlanAnalysisError(
                    "the file ends in the middle of a UTF-8 character: it looks truncated",
                    file=file,
                    position=f"line {_line_of(data, exc.start)}",
                ) from exc
            if first_error is None:
                first_error = (name, exc.start)
            continue
        if _plausible_share(text) >= _MIN_PLAUSIBLE:
            return text, name
    offset = first_error[1] if first_error else 0
    raise PlanAnalysisError(
        "cannot be decoded as UTF-8, UTF-16, CP932 (Shift_JIS) or EUC-JP text "
        f"(first bad byte at offset {offset}); save the table again as UTF-8 or CP932",
        file=file,
        position=f"line {_line_of(data, offset)}",
    )

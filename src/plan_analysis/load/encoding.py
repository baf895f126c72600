"""Decode raw bytes among the encodings Japanese offices produce.

UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when NUL bytes show it), CP932
and EUC-JP. `cp932`, never `shift_jis`: the latter fails on ①, ㈱, 髙, Ⅱ. Undecodable input
is an error naming the line, never mojibake; text that *is* mojibake (Japanese opened with
the wrong encoding and saved again) is an error saying so and how to repair it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..errors import PlanAnalysisError, quoted

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Tried in this order after the BOM check; the first that decodes into plausible text wins.
_CANDIDATES: tuple[str, ...] = ("utf-8", "cp932", "euc_jp")

#: Share of characters that must look like Japanese prose (kana, kanji, ASCII, punctuation).
_MIN_PLAUSIBLE = 0.97

#: Line breaks as the readers count lines (CRLF, CR or LF each end one line).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: Kana, kanji and full-width forms: what Japanese text is made of.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
#: Characters that mojibake of Japanese (UTF-8 or CP932 bytes read as Latin-1/Windows-1252)
#: consists of besides ASCII: Latin-1 supplement and Windows-1252's extra letters.
_LATIN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def _bad_char(ch: str) -> bool:
    if ch in "\t\r\n":
        return False
    return unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or "\uff61" <= ch <= "\uff9f"


def _plausible_share(text: str) -> float:
    """Share of characters that ordinary Japanese office text is made of (each distinct
    character is judged once: a table repeats a few thousand characters)."""
    if not text:
        return 1.0
    return 1 - sum(n for ch, n in Counter(text).items() if _bad_char(ch)) / len(text)


def line_at(text: str, index: int) -> int:
    """1-based line of character `index` of `text`, counting lines as the readers do."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """1-based line of byte `offset` of `data` read as `encoding` (the bytes before an
    undecodable one decode; a UTF-16 line break is two bytes, so bytes are not counted)."""
    prefix = data[:offset].decode(encoding, errors="replace")
    return line_at(prefix, len(prefix))


def _looks_like_utf16(data: bytes) -> bool:
    """BOM-less UTF-16: many NUL bytes on one side of the byte pairs."""
    sample = data[:4000]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def _utf16_order(data: bytes) -> str:
    """utf-16-le when the NUL bytes sit mostly at odd offsets (ASCII 'a' is 61 00), else -be."""
    sample = data[:4000]
    odd = sample[1::2].count(0)
    return "utf-16-le" if odd >= sample[0::2].count(0) else "utf-16-be"


def _latin_bytes(text: str) -> bytes | None:
    """The bytes `text` came from if it was read as Windows-1252 (or Latin-1 where 1252
    has a gap), or None if it holds a character neither can give."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def _mojibake(text: str) -> tuple[str, str, str] | None:
    """(what happened, real encoding, repaired text) when `text` is Japanese that was read
    as Latin-1/Windows-1252 and saved again; None for text that is what it says."""
    if _JAPANESE.search(text) or len(_LATIN.findall(text)) < 2:
        return None
    raw = _latin_bytes(text)
    if raw is None:
        return None
    for encoding, label in (("utf-8", "UTF-8"), ("cp932", "CP932 (Shift_JIS)")):
        try:
            repaired = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _JAPANESE.search(repaired):
            return label, encoding, repaired
    return None


def _mojibake_error(text: str, file: str | Path, encoding: str) -> PlanAnalysisError | None:
    found = _mojibake(text)
    if found is None:
        return None
    label, _, _ = found
    first = _LATIN.search(text)
    assert first is not None
    line = line_at(text, first.start())
    sample = _LINE_BREAK.split(text)[line - 1].strip()
    repaired = _mojibake(sample)
    reads = f" reads as {quoted(repaired[2], 40)!r}" if repaired else ""
    return PlanAnalysisError(
        f"the text is mojibake: {label} Japanese that was opened as Latin-1/Windows-1252 "
        f"and saved again as {encoding} ({quoted(sample, 40)!r}{reads}); load the original "
        "file instead, or open this one in Excel with データ > テキストまたはCSVから, "
        f"choosing the encoding {label}, and save it as CSV UTF-8 or CSV (CP932)",
        file=file,
        position=f"line {line}",
    )


def _latin_hint(data: bytes) -> str:
    """For bytes no Japanese encoding reads: what they give as Western European text."""
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_share(text) >= _MIN_PLAUSIBLE:
            first = _LATIN.search(text)
            line = _LINE_BREAK.split(text)[line_at(text, first.start()) - 1] if first else ""
            return (
                "; it decodes only as Latin-1/Windows-1252 (Western European), giving "
                f"{quoted(line.strip(), 40)!r}: not Japanese text, or Japanese saved with the "
                "wrong encoding"
            )
    return ""


def _implausible_error(text: str, name: str, file: str | Path) -> PlanAnalysisError:
    index = next(i for i, ch in enumerate(text) if _bad_char(ch))
    share = 1 - _plausible_share(text)
    return PlanAnalysisError(
        f"decodes as {name} but {share:.0%} of its characters are control, private-use or "
        f"half-width katakana characters (the first is U+{ord(text[index]):04X}): this is not "
        "a text table (a binary file saved as .txt/.csv?); save the table again as UTF-8 or "
        "CP932 text",
        file=file,
        position=f"line {line_at(text, index)}",
    )


def decode_bytes(data: bytes, file: str | Path) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding name). Raises PlanAnalysisError if none fits."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise PlanAnalysisError(
                    f"starts with a {name} byte-order mark but byte {exc.start} is not valid "
                    f"{name} ({exc.reason}); save the table again as UTF-8 or CP932",
                    file=file,
                    position=f"line {_line_of(data, exc.start, name)}",
                ) from exc
            text = text.lstrip("\ufeff")
            error = _mojibake_error(text, file, name)
            if error is not None:
                raise error
            return text, name
    if _looks_like_utf16(data):
        name = _utf16_order(data)
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            if _plausible_share(data[: exc.start].decode(name, errors="replace")) >= _MIN_PLAUSIBLE:
                raise PlanAnalysisError(
                    f"looks like {name.upper()} text without a byte-order mark but byte "
                    f"{exc.start} is not valid {name} ({exc.reason}); save the table again as "
                    "UTF-8 or CP932",
                    file=file,
                    position=f"line {_line_of(data, exc.start, name)}",
                ) from exc
        else:
            if _plausible_share(text) >= _MIN_PLAUSIBLE:
                return text, name
    first_error: tuple[str, int] | None = None
    implausible: tuple[str, str] | None = None
    for name in _CANDIDATES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            if name == "utf-8" and exc.reason == "unexpected end of data":
                raise PlanAnalysisError(
                    "the file ends in the middle of a UTF-8 character: it looks truncated",
                    file=file,
                    position=f"line {_line_of(data, exc.start, name)}",
                ) from exc
            if first_error is None:
                first_error = (name, exc.start)
            continue
        error = _mojibake_error(text, file, name) if name == "utf-8" else None
        if error is not None:
            raise error
        if _plausible_share(text) >= _MIN_PLAUSIBLE:
            return text, name
        if implausible is None:
            implausible = (name, text)
    if implausible is not None and (first_error is None or implausible[0] == "utf-8"):
        raise _implausible_error(implausible[1], implausible[0], file)
    name, offset = first_error or ("utf-8", 0)
    raise PlanAnalysisError(
        "cannot be decoded as UTF-8, UTF-16, CP932 (Shift_JIS) or EUC-JP text "
        f"(first bad byte at offset {offset}){_latin_hint(data)}; save the table again as "
        "UTF-8 or CP932",
        file=file,
        position=f"line {_line_of(data, offset, name)}",
    )

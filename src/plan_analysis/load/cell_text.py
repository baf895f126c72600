"""Excel cell values → the text Excel shows, by the cell's number format.

A date cell formatted `yyyy/m/d` reads 2022/4/1, not 2022-04-01T00:00:00; a `0%` cell with
0.25 reads 25%; TRUE reads TRUE. Sections (positive;negative;zero;text), quoted literals,
\\-escapes, [$-411]/[Red]/[DBNum1] brackets and _/* padding are honoured; date tokens
include the Japanese era (g, gg, ggg, e, ee) and weekday (aaa, aaaa).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

# Excel number formats → the text Excel shows. Sections (positive;negative;zero;text),
# quoted literals, \-escapes, [$-411]/[Red]/[DBNum1] brackets and _/* padding are honoured;
# date tokens include the Japanese era (g, gg, ggg, e, ee) and weekday (aaa, aaaa).

#: Formats Excel writes by id and shows by locale: in Japanese Excel, id 14 and 22 are these.
_LOCALE_FORMATS = {"mm-dd-yy": "yyyy/m/d", "m/d/yy h:mm": "yyyy/m/d h:mm"}

_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|AM/PM|A/P|yyyy|yy|ee?|g{1,3}|m{1,5}|d{1,4}|a{3,4}'
    r"|h{1,2}|s{1,2}|\.0+|.",
    re.IGNORECASE | re.DOTALL,
)

#: Japanese eras: first day, and the era as g / gg / ggg show it.
_ERAS: tuple[tuple[dt.date, str, str, str], ...] = (
    (dt.date(2019, 5, 1), "R", "令", "令和"),
    (dt.date(1989, 1, 8), "H", "平", "平成"),
    (dt.date(1926, 12, 25), "S", "昭", "昭和"),
    (dt.date(1912, 7, 30), "T", "大", "大正"),
    (dt.date(1868, 1, 1), "M", "明", "明治"),
)
_WEEKDAYS_JA = "月火水木金土日"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _sections(fmt: str) -> list[str]:
    """The ;-separated sections of a format (a ; inside quotes or brackets is literal)."""
    parts = re.findall(r'(?:"[^"]*"|\\.|\[[^\]]*\]|[^;"\\\[])+|(?<=;)(?=;|$)|^(?=;)', fmt)
    return parts or [fmt]


def _literal(token: str) -> str | None:
    """The text a non-placeholder token shows, or None if it is a placeholder."""
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    if token.startswith("_"):
        return " "
    if token.startswith("*"):
        return ""
    if token.startswith("["):
        currency = re.match(r"\[\$([^-\]]*)", token)
        return currency.group(1) if currency else ""
    return None


def _elapsed(token: str) -> bool:
    """An elapsed-time bracket: [h], [mm], [ss] (hours, minutes, seconds in total)."""
    return re.fullmatch(r"\[(h+|m+|s+)\]", token, re.IGNORECASE) is not None


def _era(day: dt.date) -> tuple[tuple[dt.date, str, str, str], int]:
    era = next((e for e in _ERAS if day >= e[0]), _ERAS[-1])
    return era, day.year - era[0].year + 1


def _format_date(value: dt.datetime | dt.date | dt.time | dt.timedelta, fmt: str) -> str:
    """A date/time value as Excel shows it under `fmt`."""
    fmt = _LOCALE_FORMATS.get(fmt, fmt)
    if isinstance(value, dt.timedelta):
        elapsed: dt.timedelta | None = value
        moment = dt.datetime(1899, 12, 31) + value
    else:
        elapsed = None
        if isinstance(value, dt.time):
            moment = dt.datetime.combine(dt.date(1899, 12, 31), value)
        elif isinstance(value, dt.datetime):
            moment = value
        else:
            moment = dt.datetime.combine(value, dt.time())
    tokens = _DATE_TOKEN.findall(_sections(fmt)[0])
    kinds = [t.lower() if _literal(t) is None or _elapsed(t) else "" for t in tokens]
    twelve = any(k in ("am/pm", "a/p") for k in kinds)
    placeholders = [i for i, k in enumerate(kinds) if k and k[0] in "ymdhsaeg.["]
    out: list[str] = []
    for i, token in enumerate(tokens):
        text = _literal(token)
        if _elapsed(token):
            seconds = int((elapsed or (moment - dt.datetime(1899, 12, 31))).total_seconds())
            unit = {"h": 3600, "m": 60, "s": 1}[token[1].lower()]
            out.append(f"{seconds // unit:0{len(token) - 2}d}")
            continue
        if text is not None:
            out.append(text)
            continue
        kind = kinds[i]
        at = placeholders.index(i) if i in placeholders else -1
        before = kinds[placeholders[at - 1]].strip("[]") if at > 0 else ""
        after = kinds[placeholders[at + 1]].strip("[]") if 0 <= at < len(placeholders) - 1 else ""
        if kind in ("yyyy", "yy"):
            out.append(f"{moment.year:04d}" if kind == "yyyy" else f"{moment.year % 100:02d}")
        elif kind in ("m", "mm") and (before.startswith("h") or after.startswith("s")):
            out.append(f"{moment.minute:0{len(kind)}d}")
        elif kind.startswith("m"):
            month = moment.month
            out.append(
                {1: str(month), 2: f"{month:02d}", 3: _MONTHS[month - 1][:3]}.get(
                    len(kind), _MONTHS[month - 1] if len(kind) == 4 else _MONTHS[month - 1][0]
                )
            )
        elif kind.startswith("d"):
            day = moment.day
            weekday = _DAYS[moment.weekday()]
            out.append({1: str(day), 2: f"{day:02d}", 3: weekday[:3]}.get(len(kind), weekday))
        elif kind in ("aaa", "aaaa"):
            out.append(_WEEKDAYS_JA[moment.weekday()] + ("曜日" if kind == "aaaa" else ""))
        elif kind.startswith("g"):
            out.append(_era(moment.date())[0][len(kind)])
        elif kind.startswith("e"):
            year = _era(moment.date())[1]
            out.append(f"{year:0{len(kind)}d}")
        elif kind.startswith("h"):
            hour = moment.hour % 12 or 12 if twelve else moment.hour
            out.append(f"{hour:0{len(kind)}d}")
        elif kind.startswith("s"):
            out.append(f"{moment.second:0{len(kind)}d}")
        elif kind.startswith("."):
            digits = len(kind) - 1
            out.append("." + f"{moment.microsecond:06d}"[:digits])
        elif kind == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif kind == "a/p":
            out.append(
                ("A" if moment.hour < 12 else "P") if token[0] == "A" else "ap"[moment.hour >= 12]
            )
        else:
            out.append(token)
    return "".join(out)


def _general(value: float) -> str:
    """A number as Excel's General format shows it (15 significant digits)."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return f"{value:.15g}"


_NUMBER_TOKEN = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+|.')


def _format_number(value: float, fmt: str) -> str:
    """A number as Excel shows it under `fmt`: General, digits (0, #, ?, thousands
    commas, decimals), percent, and literal text around them; other formats (fractions,
    scientific) fall back to General."""
    if fmt in ("General", "@", "") or re.search(r"[Ee][+-]|/", re.sub(r'"[^"]*"', "", fmt)):
        return _general(value)
    sections = _sections(fmt)
    section = sections[0]
    sign = "-" if value < 0 else ""
    if value < 0 and len(sections) > 1:
        section, sign, value = sections[1], "", -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    value = abs(value)
    tokens = _NUMBER_TOKEN.findall(section)
    placeholders = sum(1 for t in tokens if t[0] in "0#?" or t[:2] in (".0", ".#", ".?"))
    if placeholders == 0:  # a section of text only, such as "ゼロ" or "-"
        return "".join(t if _literal(t) is None else str(_literal(t)) for t in tokens)
    if placeholders > 1:
        return _general(value * 100) + "%" if "%" in section else sign + _general(value)
    if any(t == "%" for t in tokens):
        value *= 100
    out: list[str] = []
    for token in tokens:
        text = _literal(token)
        if text is not None:
            out.append(text)
        elif token[0] in "0#?" or token[0] == ".":
            integer, _, decimals = token.partition(".")
            places = len(decimals)
            rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
            digits = f"{rounded:{',' if ',' in integer else ''}.{places}f}"  # Excel: half up
            if not integer.strip(",").count("0") and digits.startswith("0") and places:
                digits = digits[1:]  # "#.00" shows .50, not 0.50
            out.append(digits)
        else:
            out.append(token)
    return sign + "".join(out)


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell's value as the text Excel shows (its number format applied)."""
    fmt = number_format or "General"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        try:
            return _format_date(value, fmt)
        except (ValueError, IndexError, OverflowError):
            return value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
    if isinstance(value, int | float):
        try:
            return _format_number(value, fmt)
        except (ValueError, IndexError, OverflowError):
            return _general(value)
    text = getattr(value, "text", None)  # an array or data-table formula
    return str(text if isinstance(text, str) else value)

"""Fiscal years from Japanese era dates: 令和3年度 → 2021, 平成31年度 = 令和元年度 = 2019."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import PlanAnalysisError

#: First Western year of each era (元年).
ERA_START: dict[str, int] = {"令和": 2019, "平成": 1989}
_ERA_LETTER: dict[str, str] = {"R": "令和", "H": "平成"}

_TITLE_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年度?|(20\d{2}|19\d{2})\s*年度")
_FILE_YEAR = re.compile(
    r"(?<![A-Za-z])(令和|平成|[RrHh])\s*_?(元|\d{1,2})(?!\d)|(?<!\d)(20\d{2})(?!\d)"
)


def era_to_year(era: str, number: str) -> int:
    """Western year of `number` (digits or 元) in `era` (令和/平成/R/H)."""
    era = _ERA_LETTER.get(era.upper(), era)
    n = 1 if number == "元" else int(number)
    return ERA_START[era] + n - 1


def year_from_title(title: str) -> int | None:
    """The fiscal year a title names (令和3年度…, full- or half-width digits), or None."""
    m = _TITLE_YEAR.search(unicodedata.normalize("NFKC", title))
    if not m:
        return None
    return int(m.group(3)) if m.group(3) else era_to_year(m.group(1), m.group(2))


def year_from_filename(path: str | Path) -> int | None:
    """The fiscal year a file name names (r3_…, R4, 令和4, 2022), or None."""
    m = _FILE_YEAR.search(unicodedata.normalize("NFKC", Path(path).stem))
    if not m:
        return None
    return int(m.group(3)) if m.group(3) else era_to_year(m.group(1), m.group(2))


def era_label(year: int) -> str:
    """Japanese fiscal-year label: 2019 → 令和元年度, 2021 → 令和3年度, 2018 → 平成30年度."""
    era = "令和" if year >= ERA_START["令和"] else "平成"
    n = year - ERA_START[era] + 1
    return f"{era}{'元' if n == 1 else n}年度"


def resolve_fiscal_year(title: str | None, path: str | Path, explicit: int | None) -> int:
    """The table's fiscal year: explicit option, else the title, else the file name."""
    if explicit is not None:
        return explicit
    for found in (year_from_title(title or ""), year_from_filename(path)):
        if found is not None:
            return found
    raise PlanAnalysisError(
        f"no fiscal year found: the title {title!r} names no 令和/平成 N年度 and the file name "
        "names none (e.g. r4_…, 令和4…, 2022…); pass --fiscal-year",
        file=path,
    )

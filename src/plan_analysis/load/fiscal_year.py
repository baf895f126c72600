"""Fiscal years from Japanese era dates: 令和3年度 → 2021, 平成31年度 = 令和元年度 = 2019."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import PlanAnalysisError, quoted, warning_text

#: First Western year of each era (元年).
ERA_START: dict[str, int] = {"令和": 2019, "平成": 1989}
_ERA_LETTER: dict[str, str] = {"R": "令和", "H": "平成"}

_TITLE_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年度?|(20\d{2}|19\d{2})\s*年度")
_FILE_YEAR = re.compile(
    r"(?<![A-Za-z])(令和|平成|[RrHh])\s*_?(元|\d{1,2})(?!\d)|(?<!\d)(20\d{2})(?!\d)"
)


#: Fiscal years accepted as plausible: from 平成元年度 (1989) to 2100.
MIN_FISCAL_YEAR, MAX_FISCAL_YEAR = 1989, 2100


def era_to_year(era: str, number: str) -> int:
    """Western year of `number` (digits or 元) in `era` (令和/平成/R/H); an era has no year 0
    (its first year is 元年), so 令和0 is the package's error."""
    era = _ERA_LETTER.get(era.upper(), era)
    n = 1 if number == "元" else int(number)
    if n < 1:
        raise PlanAnalysisError(
            f"{era}{number}年度, a year that does not exist (an era's first year is 元年 = 1)"
        )
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


def check_fiscal_year(year: int, source: str, *, file: str | Path | None = None) -> int:
    """`year` if it is a plausible fiscal year (MIN_FISCAL_YEAR–MAX_FISCAL_YEAR), else the
    package's error; `source` says where the year came from (the option '--fiscal-year', or
    'the title …' / 'the file name …')."""
    if MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        return year
    hint = ""
    if 1 <= year <= 99:
        hint = f" ({era_label(ERA_START['令和'] + year - 1)} is {ERA_START['令和'] + year - 1})"
    given = (
        f"{source} {year}"
        if source.startswith("--")
        else f"{source} names fiscal year {year}, which"
    )
    raise PlanAnalysisError(
        f"{given} is not a plausible fiscal year: expected a Western year from "
        f"{MIN_FISCAL_YEAR} to {MAX_FISCAL_YEAR}{hint}",
        file=file,
    )


def _named_year(title: str | None, path: str | Path) -> tuple[str, int] | None:
    """(source, year) of the first of title and file name that names a fiscal year, else
    None; a year that does not exist there (令和0年度) is the package's error."""
    sources = (
        (f"the title {quoted(title or '')!r}", lambda: year_from_title(title or "")),
        (f"the file name {quoted(Path(path).name)!r}", lambda: year_from_filename(path)),
    )
    for source, find in sources:
        try:
            found = find()
        except PlanAnalysisError as exc:
            raise PlanAnalysisError(
                f"{source} names {exc.problem}; correct it or pass --fiscal-year", file=path
            ) from exc
        if found is not None:
            return source, found
    return None


def resolve_fiscal_year(
    title: str | None,
    path: str | Path,
    explicit: int | None,
    *,
    warnings: list[str] | None = None,
) -> int:
    """The table's fiscal year: explicit option, else the title, else the file name. A year
    0 of an era (令和0年度), an option of 0 or below, or a year outside 1989–2100 is an error.

    An explicit year that differs from the one the title names (or, when the title names
    none, the file name) is used, with a warning naming both appended to `warnings`; a title
    or file name whose year does not exist (令和0年度) is then not compared — the option is
    how it is corrected."""
    if explicit is not None:
        year = check_fiscal_year(explicit, "--fiscal-year", file=path)
        try:
            named = _named_year(title, path)
        except PlanAnalysisError:
            named = None
        if named is not None and named[1] != year and warnings is not None:
            source, found = named
            warnings.append(
                warning_text(
                    f"--fiscal-year {year} disagrees with {source} ({found}); "
                    f"using {year} from --fiscal-year",
                    file=path,
                )
            )
        return year
    named = _named_year(title, path)
    if named is not None:
        source, found = named
        return check_fiscal_year(found, source, file=path)
    if title is None:
        title = ""
    raise PlanAnalysisError(
        f"no fiscal year found: the title {quoted(title)!r} names no 令和/平成 N年度 and the file name "
        "names none (e.g. r4_…, 令和4…, 2022…); pass --fiscal-year",
        file=path,
    )

"""Year over year: match the items of consecutive fiscal years into `year_links`.

Names and texts are folded first (`fold`: spelling variants, spaces), then scored with
rapidfuzz `ratio` — it splits no Japanese words, so whole folded strings are compared. Each
pair of consecutive loaded years is assigned one-to-one by
`scipy.optimize.linear_sum_assignment` over name + 内容 scores (not greedy first-match);
a pair below the thresholds of `config` is never linked, its items are new/dropped unless
`data/reference/item_links.csv` decides. Every link carries a `lineage_id`: the item_id
of the year the item first appeared.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from ..analyst_files import read_reference_csv, reject_rows
from ..config import (
    YEAR_CONTENT_SIMILARITY,
    YEAR_FOLDS,
    YEAR_NAME_FLOOR,
    YEAR_NAME_SIMILARITY,
    YEAR_SAME_AREA_BONUS,
)
from ..errors import PlanAnalysisError
from ..labels import NO_YEARS_TO_COMPARE, YEARS_COMPARED
from ..load import Tables
from ..load.departments import split_owners
from ..load.normalize import normalize_text, strip_repost_mark
from ..schema import ITEM_KEYS, TABLES, TEXT_COLUMNS
from .aliases import current_name, no_aliases
from .trends import link_counts, owner_trend

LINK_FILE_COLUMNS: tuple[str, ...] = ("from_year", "from_name", "to_year", "to_name", "note")
#: The columns compared in a linked pair: the three texts and the owners (所管課).
COMPARED_COLUMNS: tuple[str, ...] = (*TEXT_COLUMNS, "owner")

_DTYPES: dict[str, str] = {c.name: c.dtype for c in TABLES["year_links"].columns}
#: The columns of `year_links`, in order.
YEAR_LINK_COLUMNS: list[str] = list(_DTYPES)

_FOLDS = [(re.compile(pattern), repl) for pattern, repl in YEAR_FOLDS]


def fold(text: str) -> str:
    """`text` (already normalised by the loader) with spelling variants and spaces folded."""
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio of two folded strings on a 0–1 scale, rounded to 4 places."""
    return round(fuzz.ratio(a, b) / 100, 4)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return round(len(a & b) / len(a | b), 4) if a | b else 1.0


def _linkable(name: np.ndarray, content: np.ndarray) -> np.ndarray:
    """Whether pairs are similar enough to be one item: the rule stated in `config`."""
    by_name = name >= YEAR_NAME_SIMILARITY
    return by_name | ((name >= YEAR_NAME_FLOOR) & (content >= YEAR_CONTENT_SIMILARITY))


def _prepare(items: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """One year's items with folded keys, location and current owner names, in content order.

    Sorting by content (not by row order or item_id first) makes the assignment independent
    of the order of the rows.
    """
    keys = {f"{col}_key": items[col].map(fold) for col in ("name", *TEXT_COLUMNS)}
    owners = [
        frozenset(current_name(n, int(year), aliases) for n in split_owners(raw))
        for raw, year in zip(items["owner_raw"], items["fiscal_year"], strict=True)
    ]
    location = items["goal_no"].astype(str) + "/" + items["area_no"].astype(str)
    df = items.assign(**keys, owners=owners, location=location)
    order = [*keys, "item_id"]
    return df.sort_values(order, kind="stable").reset_index(drop=True)


def _assign(a: pd.DataFrame, b: pd.DataFrame) -> list[tuple[str, str]]:
    """One-to-one links (item_id_from, item_id_to) maximising name + 内容 similarity."""
    if a.empty or b.empty:
        return []
    name, content = (
        process.cdist(a[key], b[key], scorer=fuzz.ratio, dtype=np.float64) / 100
        for key in ("name_key", "content_key")
    )
    same_area = a["location"].to_numpy()[:, None] == b["location"].to_numpy()[None, :]
    ok = _linkable(name, content)
    score = np.where(ok, name + content + YEAR_SAME_AREA_BONUS * same_area, 0.0)
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [
        (a["item_id"].iat[i], b["item_id"].iat[j])
        for i, j in zip(rows, cols, strict=True)
        if ok[i, j]
    ]


def _linked_row(a: dict, b: dict, decided_by: str) -> dict:
    """A link between item `a` and item `b`: match type and per-column comparison.

    A pair in another goal/area is `moved` (renamed or not: see name_changed), else a pair
    with another folded name is `renamed`, else `same`.
    """
    name_changed = a["name_key"] != b["name_key"]
    location_changed = a["location"] != b["location"]
    match = "moved" if location_changed else "renamed" if name_changed else "same"
    row = _side_row(a, b, match, decided_by)
    row["name_similarity"] = similarity(a["name_key"], b["name_key"])
    row["name_changed"] = name_changed
    row["location_changed"] = location_changed
    for col in TEXT_COLUMNS:
        row[f"{col}_changed"] = a[f"{col}_key"] != b[f"{col}_key"]
        row[f"{col}_similarity"] = similarity(a[f"{col}_key"], b[f"{col}_key"])
    row["owner_changed"] = a["owners"] != b["owners"]
    row["owner_similarity"] = _jaccard(a["owners"], b["owners"])
    return row


def _side_row(a: dict | None, b: dict | None, match: str, decided_by: str) -> dict:
    """The columns of a link known from its items alone; one side is None for new/dropped."""
    return {
        "item_id_from": a["item_id"] if a else None,
        "item_id_to": b["item_id"] if b else None,
        "match": match,
        "decided_by": decided_by,
        "name_from": a["name"] if a else None,
        "name_to": b["name"] if b else None,
        "is_repost": bool((a and a["is_repost"]) or (b and b["is_repost"])),
    }


@dataclass(frozen=True)
class Decisions:
    """What `item_links.csv` decides for one pair of years (item_ids)."""

    links: tuple[tuple[str, str], ...]
    new: frozenset[str]
    dropped: frozenset[str]


def _resolve(name: str, year: int, prepared: pd.DataFrame) -> str:
    """item_id of the item `name` denotes in `year`: its item_id, or its name (folded)."""
    key = fold(strip_repost_mark(normalize_text(name))[0])
    hits = prepared.loc[(prepared["item_id"] == name) | (prepared["name_key"] == key), "item_id"]
    if len(hits) != 1:
        found = "no item" if hits.empty else f"{len(hits)} items ({', '.join(sorted(hits))})"
        raise PlanAnalysisError(
            f"{name!r} names {found} of fiscal year {year}; "
            "write the item's name as in that year's table, or its item_id",
        )
    return str(hits.iat[0])


def _decisions(forced: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> Decisions:
    """Resolve the `item_links.csv` rows of one pair of years; an item decided twice is an error."""
    links, new, dropped = [], [], []
    for row in forced.itertuples():
        if row.from_name and row.to_name:
            links.append(
                (_resolve(row.from_name, row.from_year, a), _resolve(row.to_name, row.to_year, b))
            )
        elif row.from_name:
            dropped.append(_resolve(row.from_name, row.from_year, a))
        else:
            new.append(_resolve(row.to_name, row.to_year, b))
    for ids in ([f for f, _ in links] + dropped, [t for _, t in links] + new):
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise PlanAnalysisError(f"item(s) {repeated} are decided twice")
    return Decisions(tuple(links), frozenset(new), frozenset(dropped))


def _link_pair(a: pd.DataFrame, b: pd.DataFrame, decisions: Decisions) -> list[dict]:
    """Links of two prepared years: forced decisions first, then the assignment on the rest."""
    forced_from = {f for f, _ in decisions.links} | decisions.dropped
    forced_to = {t for _, t in decisions.links} | decisions.new
    auto = _assign(a[~a["item_id"].isin(forced_from)], b[~b["item_id"].isin(forced_to)])
    pairs = [(f, t, "mapping") for f, t in decisions.links] + [(f, t, "score") for f, t in auto]
    by_id_a = {r["item_id"]: r for r in a.to_dict("records")}
    by_id_b = {r["item_id"]: r for r in b.to_dict("records")}
    rows = [_linked_row(by_id_a[f], by_id_b[t], how) for f, t, how in pairs]
    linked_a, linked_b = {f for f, _, _ in pairs}, {t for _, t, _ in pairs}
    rows += [
        _side_row(r, None, "dropped", "mapping" if i in decisions.dropped else "score")
        for i, r in by_id_a.items()
        if i not in linked_a
    ]
    rows += [
        _side_row(None, r, "new", "mapping" if i in decisions.new else "score")
        for i, r in by_id_b.items()
        if i not in linked_b
    ]
    return rows


def _with_lineage(links: pd.DataFrame) -> pd.Series:
    """lineage_id per link: the item_id_from's lineage (its own id in the first year), or
    item_id_to for a new item. `links` must be in fiscal-year order."""
    lineage: dict[str, str] = {}
    out = []
    for frm, to in zip(links["item_id_from"], links["item_id_to"], strict=True):
        line = lineage.get(frm, frm) if isinstance(frm, str) else to
        if isinstance(to, str):
            lineage[to] = line
        out.append(line)
    return pd.Series(out, index=links.index, dtype="str")


def empty_links() -> pd.DataFrame:
    """A `year_links` table without rows (fewer than two years loaded)."""
    return pd.DataFrame(columns=YEAR_LINK_COLUMNS).astype(_DTYPES)


def compared_years(items: pd.DataFrame) -> list[tuple[int, int]]:
    """The pairs of consecutive loaded fiscal years, oldest first."""
    years = sorted(int(y) for y in items["fiscal_year"].unique())
    return list(itertools.pairwise(years))


def comparison_note(items: pd.DataFrame) -> str:
    """A plain sentence for notebooks: which years are compared, or that none can be."""
    pairs = compared_years(items)
    if not pairs:
        return NO_YEARS_TO_COMPARE
    return YEARS_COMPARED.format(pairs="、".join(f"{a}→{b}" for a, b in pairs))


def _forced_rows(forced: pd.DataFrame, pairs: list[tuple[int, int]]) -> pd.DataFrame:
    """The `item_links.csv` rows that apply to the loaded years; a row linking two loaded
    years that are not consecutive is an error."""
    loaded = {y for pair in pairs for y in pair}
    both = forced["from_year"].isin(loaded) & forced["to_year"].isin(loaded)
    pair_ok = [(f, t) in pairs for f, t in zip(forced["from_year"], forced["to_year"], strict=True)]
    wrong = forced[both & ~np.array(pair_ok, dtype=bool)]
    if len(wrong):
        row = wrong.iloc[0]
        raise PlanAnalysisError(
            f"row {row['from_year']} {row['from_name']!r} → {row['to_year']} {row['to_name']!r}: "
            f"the years compared are {pairs}"
        )
    return forced[both]


def link_years(
    items: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    forced: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`year_links` of stacked `items`: one row per linked pair, new item or dropped item.

    `aliases` (`load_aliases`) makes renamed sections compare equal in `owner_changed`;
    `forced` (`load_item_links`; errors in it name its file) overrides the scores. One year
    gives an empty table.
    """
    aliases = no_aliases() if aliases is None else aliases
    pairs = compared_years(items)
    if not pairs:
        return empty_links()
    forced = no_item_links() if forced is None else forced
    forced_file = forced.attrs.get("source")
    try:
        forced = _forced_rows(forced, pairs)
        rows = []
        for year_from, year_to in pairs:
            a, b = (
                _prepare(items[items["fiscal_year"] == y], aliases) for y in (year_from, year_to)
            )
            pair = forced[(forced["from_year"] == year_from) & (forced["to_year"] == year_to)]
            for row in _link_pair(a, b, _decisions(pair, a, b)):
                rows.append({"fiscal_year_from": year_from, "fiscal_year_to": year_to, **row})
    except PlanAnalysisError as exc:
        raise PlanAnalysisError(exc.problem, file=forced_file, position=exc.position) from exc
    links = pd.DataFrame(rows, columns=YEAR_LINK_COLUMNS).sort_values(
        ["fiscal_year_from", "item_id_from", "item_id_to"], na_position="last", kind="stable"
    )
    links["lineage_id"] = _with_lineage(links)
    return links[YEAR_LINK_COLUMNS].astype(_DTYPES).reset_index(drop=True)


def item_lineage(items: pd.DataFrame, year_links: pd.DataFrame) -> pd.DataFrame:
    """fiscal_year, item_id, lineage_id for every item (its own id when never linked back)."""
    sides = [
        year_links[[f"fiscal_year_{s}", f"item_id_{s}", "lineage_id"]]
        .set_axis(["fiscal_year", "item_id", "lineage_id"], axis=1)
        .dropna(subset=["item_id"])
        for s in ("from", "to")
    ]
    known = pd.concat(sides).drop_duplicates(list(ITEM_KEYS))
    out = items[list(ITEM_KEYS)].merge(known, how="left", validate="1:1")
    out["lineage_id"] = out["lineage_id"].fillna(out["item_id"]).astype("str")
    return out


def no_item_links() -> pd.DataFrame:
    """An `item_links.csv` table without rows."""
    return pd.DataFrame(columns=list(LINK_FILE_COLUMNS)).astype(
        {"from_year": "int64", "to_year": "int64"}
    )


def load_item_links(path: Path) -> pd.DataFrame:
    """The forced decisions of `item_links.csv` (years as int; empty names stay '')."""
    df = read_reference_csv(path, LINK_FILE_COLUMNS)
    years_ok = df["from_year"].str.fullmatch(r"\d{4}") & df["to_year"].str.fullmatch(r"\d{4}")
    named = (df["from_name"] != "") | (df["to_name"] != "")
    problem = "needs from_year and to_year (four digits) and at least one of from_name, to_name"
    reject_rows(df, ~(years_ok & named), path, problem)
    out = df[list(LINK_FILE_COLUMNS)].astype({"from_year": "int64", "to_year": "int64"})
    out.attrs["source"] = str(path)  # errors found when the rows are applied name the file
    return out


@dataclass(frozen=True)
class YearReference:
    """What the comparison of years takes from the reference folder: the reorganisations
    (`load_aliases`) and the forced links (`load_item_links`)."""

    aliases: pd.DataFrame
    item_links: pd.DataFrame


def year_tables(tables: Tables, reference: YearReference) -> dict[str, pd.DataFrame]:
    """The year-over-year outputs of the main job: links, lineage and chart-ready trends."""
    aliases = reference.aliases
    links = link_years(tables.items, aliases=aliases, forced=reference.item_links)
    return {
        "year_links": links,
        "item_lineage": item_lineage(tables.items, links),
        "link_counts": link_counts(links),
        "department_trend": owner_trend(
            tables.items, tables.item_departments, level="department", aliases=aliases
        ),
        "division_trend": owner_trend(
            tables.items, tables.item_departments, level="division", aliases=aliases
        ),
    }

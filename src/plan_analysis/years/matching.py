"""Year over year: match the items of consecutive fiscal years into `year_links`.

For each pair of consecutive loaded years (`keys.prepare` makes the two sides comparable,
once per year: a year serves both pairs it belongs to unless a reorganisation between them
makes its names compared otherwise, and only the two years of the pair in hand are held):

1. `item_links.csv` decides first (`decisions`): links, splits and merges by hand, new and
   dropped items;
2. the rest is assigned one-to-one by `scipy.optimize.linear_sum_assignment` over name +
   内容 scores (not greedy first-match); a pair below the thresholds of `config` is never
   linked, except a heavy rename whose 内容 is kept, among the items left over;
3. the areas are linked (`areas`: by title and by where the items went), and the items
   assigned again with the tie-break for staying in an area that continues their own;
4. a second pass over the items left unmatched finds splits and merges (`parts`).

A linked item is `moved` only when its new area does not continue its old one (a renumbered
area is no move). Lineage (`lineage`) follows every link through renames, moves, splits and
merges.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..analyst_files import read_reference_csv, reject_rows
from ..config import (
    YEAR_CONTENT_SIMILARITY,
    YEAR_KEPT_CONTENT,
    YEAR_KEPT_MARGIN,
    YEAR_NAME_FLOOR,
    YEAR_NAME_SIMILARITY,
    YEAR_SAME_AREA_BONUS,
)
from ..errors import PlanAnalysisError
from ..labels import NO_YEARS_TO_COMPARE, YEARS_COMPARED
from ..load import Tables
from ..load.departments import split_owners
from ..load.normalize import normalize_text, strip_repost_mark
from ..load.reorganisations import Reorganisations, SideNames
from ..measures import area_key
from ..schema import TABLES, TEXT_COLUMNS
from .areas import area_links_frame, areas, link_areas
from .columns import Block, Columns, as_array, stack
from .keys import ITEM_COLUMNS, fold, jaccard, prepare, ratios, similarities
from .lineage import item_lineage, with_lineage
from .parts import side, split_and_merged
from .trends import link_counts, owner_trend

LINK_FILE_COLUMNS: tuple[str, ...] = ("from_year", "from_name", "to_year", "to_name", "note")

_DTYPES: dict[str, str] = {c.name: c.dtype for c in TABLES["year_links"].columns}
#: The columns of `year_links`, in order.
YEAR_LINK_COLUMNS: list[str] = list(_DTYPES)

Successors = dict[str, frozenset[str]]


def _linkable(name: np.ndarray, content: np.ndarray) -> np.ndarray:
    """Whether pairs are similar enough to be one item: the rule stated in `config`."""
    by_name = name >= YEAR_NAME_SIMILARITY
    return by_name | ((name >= YEAR_NAME_FLOOR) & (content >= YEAR_CONTENT_SIMILARITY))


def _continues(area_a: str, area_b: str, successors: Successors | None) -> bool:
    """Whether area `area_b` continues `area_a` (without area links: the same key)."""
    return area_a == area_b if successors is None else area_b in successors.get(area_a, ())


def _stays(
    a_areas: np.ndarray, b_areas: np.ndarray, successors: Successors | None, *, pairwise: bool
) -> np.ndarray:
    """`_continues` of every old area (rows) with every new one, or with `pairwise` of each
    old area with the new area at its place; decided once per distinct pair of keys."""
    old, at_old = np.unique(a_areas, return_inverse=True)
    new, at_new = np.unique(b_areas, return_inverse=True)
    small = np.array([[_continues(x, y, successors) for y in new] for x in old], dtype=bool)
    small = small.reshape(len(old), len(new))
    return small[at_old, at_new] if pairwise else small[np.ix_(at_old, at_new)]


Scores = tuple[np.ndarray, np.ndarray]


def _scores(a: Columns, b: Columns) -> Scores:
    """Name and 内容 similarity of every pair of items (rows: older), 0–1, computed once for
    both assignments of a pair of years. 内容 is scored only where the names reach
    YEAR_NAME_FLOOR: below it no pair is linkable, whatever its 内容 (see `_linkable`)."""
    name = process.cdist(a["name_key"], b["name_key"], scorer=fuzz.ratio, dtype=np.float64) / 100
    rows, cols = np.nonzero(name >= YEAR_NAME_FLOOR)
    content = np.zeros_like(name)
    content[rows, cols] = ratios(a["content_key"][rows], b["content_key"][cols])
    return name, content


def _assign(
    a: Columns, b: Columns, scores: Scores, successors: Successors | None
) -> list[tuple[str, str]]:
    """One-to-one links (item_id_from, item_id_to) maximising name + 内容 similarity
    (`scores` of `a` × `b`), with a small bonus for staying in an area that continues the
    old one."""
    if not (len(a) and len(b)):
        return []
    name, content = scores
    stays = _stays(a["area"], b["area"], successors, pairwise=False)
    ok = _linkable(name, content)
    score = np.where(ok, name + content + YEAR_SAME_AREA_BONUS * stays, 0.0)
    from scipy.optimize import linear_sum_assignment  # deferred: 0.7 s, for two years on

    rows, cols = linear_sum_assignment(score, maximize=True)
    kept = ok[rows, cols]
    return list(zip(a["item_id"][rows[kept]], b["item_id"][cols[kept]], strict=True))


def _kept_content(a: Columns, b: Columns, linked: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Links among the items `linked` left over: a heavy rename with its 内容 kept (see
    YEAR_KEPT_CONTENT) — each the other's clear best by 内容 (no other item of its row or
    column within YEAR_KEPT_MARGIN)."""
    a = a.without([f for f, _ in linked])
    b = b.without([t for _, t in linked])
    if not (len(a) and len(b)):
        return []
    content = process.cdist(a["content_key"], b["content_key"], scorer=fuzz.ratio) / 100
    rows, cols = np.arange(len(a)), content.argmax(axis=1)
    best = content[rows, cols]
    others = content.copy()
    others[rows, cols] = -np.inf
    ranked = np.sort(content, axis=0)  # per column, ascending: its best and its second
    top = ranked[-1][cols]
    second = ranked[-2][cols] if len(a) > 1 else np.full(len(a), -np.inf, content.dtype)
    rival = np.maximum(others.max(axis=1), np.where(best < top, top, second))
    clear = (best >= YEAR_KEPT_CONTENT) & ~(rival > best - YEAR_KEPT_MARGIN)
    return list(zip(a["item_id"][clear], b["item_id"][cols[clear]], strict=True))


def _linked(
    a: Columns,
    b: Columns,
    pairs: list[tuple[str, str, str, str | None]],
    successors: Successors,
) -> Block:
    """Links (item_id_from, item_id_to, decided_by, split|merged|None) of two prepared years:
    match type and per-column comparison.

    Unless the link says (split, merged), a pair whose new area does not continue the old
    one is `moved` (renamed or not: see name_changed), else a pair with another folded name
    is `renamed`, else `same`.
    """
    old, new = a.rows([p[0] for p in pairs]), b.rows([p[1] for p in pairs])
    name_changed = old["name_key"] != new["name_key"]
    location_changed = ~_stays(old["area"], new["area"], successors, pairwise=True)
    scored = np.where(location_changed, "moved", np.where(name_changed, "renamed", "same"))
    out = {
        "item_id_from": old["item_id"],
        "item_id_to": new["item_id"],
        "match": as_array([p[3] or m for p, m in zip(pairs, scored.tolist(), strict=True)]),
        "decided_by": as_array([p[2] for p in pairs]),
        "name_from": old["name"],
        "name_to": new["name"],
        "is_repost": old["is_repost"] | new["is_repost"],
        "name_similarity": np.array(similarities(old["name_key"], new["name_key"])),
        "name_changed": name_changed,
        "location_changed": location_changed,
    }
    for col in TEXT_COLUMNS:
        was, now = old[f"{col}_key"], new[f"{col}_key"]
        out[f"{col}_changed"] = was != now
        out[f"{col}_similarity"] = np.array(similarities(was, now))
    out["owner_changed"] = old["owners"] != new["owners"]
    owners = zip(old["owners"], new["owners"], strict=True)
    out["owner_similarity"] = np.array([jaccard(x, y) for x, y in owners])
    return out


def _unlinked(items: Columns, linked: set[str], decided: frozenset[str], match: str) -> Block:
    """The items no link holds, as `dropped` (older year) or `new` (newer year) rows."""
    rest = items.without(linked)
    end = "from" if match == "dropped" else "to"
    return {
        f"item_id_{end}": rest["item_id"],
        "match": np.full(len(rest), match, dtype=object),
        "decided_by": np.where(rest.among(decided), "mapping", "score"),
        f"name_{end}": rest["name"],
        "is_repost": rest["is_repost"],
    }


@dataclass(frozen=True)
class Decisions:
    """What `item_links.csv` decides for one pair of years (item_ids): links (an item_id on
    one side in several links is a split or a merge), new and dropped items."""

    links: tuple[tuple[str, str], ...] = ()
    new: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()

    def kind(self, frm: str, to: str) -> str | None:
        """split / merged for a link of a hand-declared split or merge, else None."""
        if sum(f == frm for f, _ in self.links) > 1:
            return "split"
        if sum(t == to for _, t in self.links) > 1:
            return "merged"
        return None


def _resolve(name: str, year: int, prepared: Columns) -> str:
    """item_id of the item `name` denotes in `year`: its item_id, or its name (folded)."""
    key = fold(strip_repost_mark(normalize_text(name))[0])
    ids = prepared["item_id"]
    hits = ids[(ids == name) | (prepared["name_key"] == key)]
    if len(hits) != 1:
        found = f"{len(hits)} items ({', '.join(sorted(hits))})" if len(hits) else "no item"
        raise PlanAnalysisError(
            f"{name!r} names {found} of fiscal year {year}; "
            "write the item's name as in that year's table, or its item_id",
        )
    return str(hits[0])


def _decisions(forced: pd.DataFrame, a: Columns, b: Columns) -> Decisions:
    """Resolve the `item_links.csv` rows of one pair of years. An item both linked and
    declared new or dropped, the same link twice, or an item in a split that is also merged
    is an error."""
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
    froms = [f for f, _ in links]
    tos = [t for _, t in links]
    repeated = sorted(
        (set(froms) & set(dropped))
        | (set(tos) & set(new))
        | {i for i in dropped if dropped.count(i) > 1}
        | {i for i in new if new.count(i) > 1}
        | {f"{f} → {t}" for f, t in links if links.count((f, t)) > 1}
        | {f"{f} → {t}" for f, t in links if froms.count(f) > 1 and tos.count(t) > 1}
    )
    if repeated:
        raise PlanAnalysisError(
            f"item(s) {repeated} are decided twice (a split lists one from_name with several "
            "to_names, a merge several from_names with one to_name; not both at once)"
        )
    return Decisions(tuple(links), frozenset(new), frozenset(dropped))


@dataclass(frozen=True)
class _Year:
    """One fiscal year made ready for a neighbour: its items (`keys.prepare`, with `names`,
    its side of the pair) and its areas. A year whose two pairs compare its names alike is
    prepared once; only the two years of the pair in hand are held."""

    names: SideNames
    items: Columns
    areas: Columns


def _link_pair(a: _Year, b: _Year, decisions: Decisions) -> tuple[list[Block], list[Block]]:
    """Links and area links of two prepared years, as blocks of rows (see the module's
    steps)."""
    forced_from = {f for f, _ in decisions.links} | decisions.dropped
    forced_to = {t for _, t in decisions.links} | decisions.new
    rest_a, rest_b = a.items.without(forced_from), b.items.without(forced_to)
    scores = _scores(rest_a, rest_b)
    first = list(decisions.links) + _assign(rest_a, rest_b, scores, None)
    old, new = a.items.rows([f for f, _ in first]), b.items.rows([t for _, t in first])
    counted = ~(old["is_repost"] | new["is_repost"])
    flows = (old["area"][counted], new["area"][counted])
    area_rows, successors = link_areas(a.areas, b.areas, flows)
    auto = _assign(rest_a, rest_b, scores, successors)
    auto += _kept_content(rest_a, rest_b, auto)
    one_to_one = list(decisions.links) + auto
    parts = split_and_merged(
        side(a.items, [f for f, _ in one_to_one], forced_from),
        side(b.items, [t for _, t in one_to_one], forced_to),
        auto,
    )
    kinds = {(f, t): k for f, t, k in parts}
    pairs = [(f, t, "mapping", decisions.kind(f, t)) for f, t in decisions.links]
    pairs += [(f, t, "score", kinds.pop((f, t), None)) for f, t in auto]
    pairs += [(f, t, "score", k) for (f, t), k in kinds.items()]
    links = [
        _linked(a.items, b.items, pairs, successors),
        _unlinked(a.items, {p[0] for p in pairs}, decisions.dropped, "dropped"),
        _unlinked(b.items, {p[1] for p in pairs}, decisions.new, "new"),
    ]
    return links, area_rows


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


def _known_names(items: pd.DataFrame, directory: pd.DataFrame | None) -> set[str]:
    """Every section name of the directory and of the 所管課 cells (for whole-name matching)."""
    known = {n for raw in items["owner_raw"].unique() for n in split_owners(raw)}
    return known | (set() if directory is None else set(directory["department"]))


def compare_years(
    items: pd.DataFrame,
    sections: pd.DataFrame | None = None,
    *,
    reorganisations: Reorganisations | None = None,
    forced: pd.DataFrame | None = None,
    directory: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(`year_links`, `area_links`) of stacked `items` and their `sections`.

    `reorganisations` (`load_reorganisations`) makes declared renames no change, in owners,
    tags and body text; `forced` (`load_item_links`; errors in it name its file) overrides
    the scores; `directory` adds its names to those matched whole in texts. One year gives
    empty tables; without `sections` the areas are known by their numbers only.
    """
    reorganisations = reorganisations or Reorganisations()
    pairs = compared_years(items)
    if sections is None:
        sections = _sections_of(items)
    forced = no_item_links() if forced is None else forced
    forced_file = forced.attrs.get("source")
    known = _known_names(items, directory)
    read = items[list(ITEM_COLUMNS)].assign(area=area_key(items["goal_no"], items["area_no"]))
    item_rows = items.groupby("fiscal_year").indices
    section_rows = sections.groupby("fiscal_year").indices
    every_area = areas(sections)

    def year(fiscal_year: int, names: SideNames, near: _Year | None) -> _Year:
        """`fiscal_year` prepared with `names` (`near`, the year next to it, lends bigrams)."""
        lends = None if near is None else near.items
        prepared = prepare(read.iloc[item_rows[fiscal_year]], names, lends)
        own_areas = every_area.take(section_rows.get(fiscal_year, np.array([], dtype=int)))
        return _Year(names, prepared, own_areas)

    links: list[Block] = []
    area_links: list[Block] = []
    newer: _Year | None = None
    try:
        forced = _forced_rows(forced, pairs)
        forced_rows = forced.groupby(["from_year", "to_year"]).indices
        for year_from, year_to in pairs:
            names = reorganisations.pair(year_from, year_to, known)
            older = names.side(older=True)
            # the newer year of the pair before, unless its names are compared otherwise now
            same = newer is not None and newer.names == older
            a = newer if same else year(year_from, older, newer)
            b = newer = year(year_to, names.side(older=False), a)
            hand = forced_rows.get((year_from, year_to))
            decided = (
                Decisions() if hand is None else _decisions(forced.iloc[hand], a.items, b.items)
            )
            pair_links, pair_areas = _link_pair(a, b, decided)
            links += [_dated(block, year_from, year_to) for block in pair_links]
            area_links += [_dated(block, year_from, year_to) for block in pair_areas]
    except PlanAnalysisError as exc:
        raise PlanAnalysisError(exc.problem, file=forced_file, position=exc.position) from exc
    if not links:
        return empty_links(), area_links_frame([])
    out = stack(links, YEAR_LINK_COLUMNS).sort_values(
        ["fiscal_year_from", "item_id_from", "item_id_to"], na_position="last", kind="stable"
    )
    out["lineage_id"] = with_lineage(out)
    out = out[YEAR_LINK_COLUMNS].astype(_DTYPES).reset_index(drop=True)
    return out, area_links_frame(area_links)


def _dated(block: Block, year_from: int, year_to: int) -> Block:
    """`block` of rows with the two fiscal years of its pair."""
    n = len(next(iter(block.values())))
    return block | {
        "fiscal_year_from": np.full(n, year_from),
        "fiscal_year_to": np.full(n, year_to),
    }


def link_years(items: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """`year_links` alone (see `compare_years`, which takes the same arguments)."""
    return compare_years(items, *args, **kwargs)[0]


def _sections_of(items: pd.DataFrame) -> pd.DataFrame:
    """Stand-in `sections` from the items' own numbers (areas without titles)."""
    df = items[["fiscal_year", "goal_no", "area_no"]].drop_duplicates()
    return df.assign(goal_title="", area_title="").reset_index(drop=True)


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
    (`load_reorganisations`), the forced links (`load_item_links`) and the directory."""

    reorganisations: Reorganisations
    item_links: pd.DataFrame
    directory: pd.DataFrame


def year_tables(tables: Tables, reference: YearReference) -> dict[str, pd.DataFrame]:
    """The year-over-year outputs of the main job: links, area links, lineage and trends."""
    reorganisations = reference.reorganisations
    links, area_links = compare_years(
        tables.items,
        tables.sections,
        reorganisations=reorganisations,
        forced=reference.item_links,
        directory=reference.directory,
    )
    trend = {"reorganisations": reorganisations, "directory": reference.directory}
    return {
        "year_links": links,
        "area_links": area_links,
        "item_lineage": item_lineage(tables.items, links),
        "link_counts": link_counts(links),
        "department_trend": owner_trend(
            tables.items, tables.item_departments, level="department", **trend
        ),
        "division_trend": owner_trend(
            tables.items, tables.item_departments, level="division", **trend
        ),
    }

"""Year over year: match the items of consecutive fiscal years into `year_links`.

For each pair of consecutive loaded years (`keys.prepare` makes the two sides comparable):

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
from scipy.optimize import linear_sum_assignment

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
from ..load.reorganisations import Reorganisations
from ..schema import TABLES, TEXT_COLUMNS
from .areas import area_links_frame, link_areas
from .keys import fold, jaccard, prepare, similarity
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


def _stays(a_areas: np.ndarray, b_areas: np.ndarray, successors: Successors | None) -> np.ndarray:
    """Matrix of `_continues` over two years' items (rows: older), one pass per old area."""
    stays = np.zeros((len(a_areas), len(b_areas)))
    for area in np.unique(a_areas):
        kept = [area] if successors is None else list(successors.get(area, ()))
        stays[a_areas == area] = np.isin(b_areas, kept)
    return stays


def _assign(
    a: pd.DataFrame, b: pd.DataFrame, successors: Successors | None
) -> list[tuple[str, str]]:
    """One-to-one links (item_id_from, item_id_to) maximising name + 内容 similarity, with a
    small bonus for staying in an area that continues the old one."""
    if a.empty or b.empty:
        return []
    name, content = (
        process.cdist(a[key], b[key], scorer=fuzz.ratio, dtype=np.float64) / 100
        for key in ("name_key", "content_key")
    )
    stays = _stays(a["area"].to_numpy(), b["area"].to_numpy(), successors)
    ok = _linkable(name, content)
    score = np.where(ok, name + content + YEAR_SAME_AREA_BONUS * stays, 0.0)
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [
        (a["item_id"].iat[i], b["item_id"].iat[j])
        for i, j in zip(rows, cols, strict=True)
        if ok[i, j]
    ]


def _kept_content(
    a: pd.DataFrame, b: pd.DataFrame, linked: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Links among the items `linked` left over: a heavy rename with its 内容 kept (see
    YEAR_KEPT_CONTENT) — each the other's clear best by 内容."""
    a = a[~a["item_id"].isin({f for f, _ in linked})]
    b = b[~b["item_id"].isin({t for _, t in linked})]
    if a.empty or b.empty:
        return []
    content = process.cdist(a["content_key"], b["content_key"], scorer=fuzz.ratio) / 100
    out = []
    for i, j in enumerate(content.argmax(axis=1)):
        best = content[i, j]
        rivals = np.concatenate([np.delete(content[i], j), np.delete(content[:, j], i)])
        if best >= YEAR_KEPT_CONTENT and not (rivals > best - YEAR_KEPT_MARGIN).any():
            out.append((a["item_id"].iat[i], b["item_id"].iat[j]))
    return out


def _linked_row(
    a: dict, b: dict, decided_by: str, match: str | None, successors: Successors
) -> dict:
    """A link between item `a` and item `b`: match type and per-column comparison.

    Unless `match` says (split, merged), a pair whose new area does not continue the old one
    is `moved` (renamed or not: see name_changed), else a pair with another folded name is
    `renamed`, else `same`.
    """
    name_changed = a["name_key"] != b["name_key"]
    location_changed = not _continues(a["area"], b["area"], successors)
    if match is None:
        match = "moved" if location_changed else "renamed" if name_changed else "same"
    row = _side_row(a, b, match, decided_by)
    row["name_similarity"] = similarity(a["name_key"], b["name_key"])
    row["name_changed"] = name_changed
    row["location_changed"] = location_changed
    for col in TEXT_COLUMNS:
        row[f"{col}_changed"] = a[f"{col}_key"] != b[f"{col}_key"]
        row[f"{col}_similarity"] = similarity(a[f"{col}_key"], b[f"{col}_key"])
    row["owner_changed"] = a["owners"] != b["owners"]
    row["owner_similarity"] = jaccard(a["owners"], b["owners"])
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


def _link_pair(
    a: pd.DataFrame,
    b: pd.DataFrame,
    sections: tuple[pd.DataFrame, pd.DataFrame],
    decisions: Decisions,
) -> tuple[list[dict], pd.DataFrame]:
    """Links and area links of two prepared years (see the module's steps)."""
    forced_from = {f for f, _ in decisions.links} | decisions.dropped
    forced_to = {t for _, t in decisions.links} | decisions.new
    rest_a, rest_b = a[~a["item_id"].isin(forced_from)], b[~b["item_id"].isin(forced_to)]
    first = list(decisions.links) + _assign(rest_a, rest_b, None)
    area = dict(zip(a["item_id"], a["area"], strict=True)) | dict(
        zip(b["item_id"], b["area"], strict=True)
    )
    reposts = set(a.loc[a["is_repost"], "item_id"]) | set(b.loc[b["is_repost"], "item_id"])
    flows = [(area[f], area[t]) for f, t in first if f not in reposts and t not in reposts]
    areas, successors = link_areas(*sections, flows)
    auto = _assign(rest_a, rest_b, successors)
    auto += _kept_content(rest_a, rest_b, auto)
    one_to_one = list(decisions.links) + auto
    parts = split_and_merged(
        side(a, [f for f, _ in one_to_one], forced_from),
        side(b, [t for _, t in one_to_one], forced_to),
        auto,
    )
    kinds = {(f, t): k for f, t, k in parts}
    pairs = [(f, t, "mapping", decisions.kind(f, t)) for f, t in decisions.links]
    pairs += [(f, t, "score", kinds.pop((f, t), None)) for f, t in auto]
    pairs += [(f, t, "score", k) for (f, t), k in kinds.items()]
    by_id_a = {r["item_id"]: r for r in a.to_dict("records")}
    by_id_b = {r["item_id"]: r for r in b.to_dict("records")}
    rows = [_linked_row(by_id_a[f], by_id_b[t], how, k, successors) for f, t, how, k in pairs]
    linked_a, linked_b = {p[0] for p in pairs}, {p[1] for p in pairs}
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
    return rows, areas


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
    known = {n for raw in items["owner_raw"] for n in split_owners(raw)}
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
    rows: list[dict] = []
    area_rows: list[dict] = []
    try:
        forced = _forced_rows(forced, pairs)
        for year_from, year_to in pairs:
            names = reorganisations.pair(year_from, year_to, known)
            a = prepare(items[items["fiscal_year"] == year_from], names, older=True)
            b = prepare(items[items["fiscal_year"] == year_to], names, older=False)
            pair = forced[(forced["from_year"] == year_from) & (forced["to_year"] == year_to)]
            years = {"fiscal_year_from": year_from, "fiscal_year_to": year_to}
            links, areas = _link_pair(
                a,
                b,
                tuple(sections[sections["fiscal_year"] == y] for y in (year_from, year_to)),
                _decisions(pair, a, b),
            )
            rows += [{**years, **row} for row in links]
            area_rows += [{**years, **row} for row in areas.to_dict("records")]
    except PlanAnalysisError as exc:
        raise PlanAnalysisError(exc.problem, file=forced_file, position=exc.position) from exc
    if not rows:
        return empty_links(), area_links_frame([])
    links = pd.DataFrame(rows, columns=YEAR_LINK_COLUMNS).sort_values(
        ["fiscal_year_from", "item_id_from", "item_id_to"], na_position="last", kind="stable"
    )
    links["lineage_id"] = with_lineage(links)
    out = links[YEAR_LINK_COLUMNS].astype(_DTYPES).reset_index(drop=True)
    return out, area_links_frame(area_rows)


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

"""The council figures: one small function per chart, from the processed tables to a Figure.

Each function takes the processed tables (name → DataFrame, as `pipeline.read_frames` gives
them) and a fiscal year, and returns a matplotlib `Figure` drawn with `charts` and `network`
in the house style of `style` (house style,
Japanese title, axes and legend from `labels`, source and fiscal year in the footnote) — or
None when the tables hold nothing to draw, e.g. a trend with only one year loaded. Notebooks
show these figures (`draw`) and `write_figures` saves them under their names
(`figure_functions`), so a notebook
and the exported PNG are the same chart. Reposts are left out everywhere, as in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..config import (
    COOCCURRENCE_MIN_FREQ,
    COOCCURRENCE_MIN_JACCARD,
    COOCCURRENCE_POS,
    COOCCURRENCE_TOP,
    COOCCURRENCE_TREE_ONLY,
    COOCCURRENCE_UNIT,
    COOCCURRENCE_WORDS,
    PLAN_REPEATS_PAST,
)
from ..errors import PlanAnalysisError
from ..labels import (
    AREA_NAME,
    CO_OWNERSHIP_SIZE,
    CO_OWNERSHIP_WEIGHT,
    DIVISION_LEVEL_OWNER,
    FIGURE_CAPTIONS,
    FIGURE_TITLES,
    GOAL_NAME,
    GOAL_WITH_TITLE,
    GROUP_WITH_COUNT,
    MEASURE_FIGURE_CAPTIONS,
    MEASURE_FIGURE_TITLES,
    NO_DIVISION,
    NO_GRADE,
    REPEATS_PAST_MARK,
    REPOSTS_EXCLUDED,
    SHARE_COLUMN,
    TOTAL_COLUMN,
    YEAR_PAIR,
    label,
    to_display,
)
from ..load import counted_keys
from ..load.fiscal_year import era_label
from ..measures import area_key, department_goal_matrix
from ..schema import ITEM_KEYS, MEASURES, Measure, code_order
from ..text import textstats
from . import charts, network, style

Frames = Mapping[str, pd.DataFrame]
#: A council figure: (processed tables, fiscal year) → Figure, or None if nothing to draw.
FigureFunction = Callable[[Frames, int], Figure | None]

#: How many words the word-frequency chart shows.
WORD_TOP_N = 20
#: Width of the section × goal heat map: the footnote needs a page's width (inches).
HEATMAP_WIDTH = 8.0
#: Width of a goal's title on a chart's axis, in full-width characters (then it wraps).
GOAL_TITLE_EM = 12
#: Width of the classes of the plan-vs-past similarity chart (0–1).
SIMILARITY_STEP = 0.1

#: The fiscal year in a plan title (令和3年度), left out when several years share a footnote.
_ERA_YEAR = re.compile(r"(令和|平成)\s*(元|\d+)\s*年度")


def fiscal_years(frames: Frames) -> list[int]:
    """The loaded fiscal years, oldest first."""
    return sorted(int(year) for year in frames["documents"]["fiscal_year"].unique())


def chosen_fiscal_year(frames: Frames, fiscal_year: int | None = None) -> int:
    """`fiscal_year` if it is loaded, the latest loaded year if None."""
    if "documents" not in frames:
        raise PlanAnalysisError(
            "no processed tables (documents.parquet is missing): run `plan-analysis process`"
        )
    years = fiscal_years(frames)
    if not years:
        raise PlanAnalysisError("no table is loaded (the documents table is empty)")
    if fiscal_year is None:
        return years[-1]
    if int(fiscal_year) not in years:
        raise PlanAnalysisError(f"fiscal year {fiscal_year} is not loaded; loaded: {years}")
    return int(fiscal_year)


def _of_year(df: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
    return df[df["fiscal_year"] == fiscal_year]


def _counted_ids(frames: Frames, fiscal_year: int) -> pd.DataFrame:
    """fiscal_year, item_id of the year's items that count (not reposts)."""
    return counted_keys(_of_year(frames["items"], fiscal_year))


def counted_tokens(frames: Frames, fiscal_year: int) -> pd.DataFrame:
    """The year's tokens without those of reposts (a repost's text would count twice)."""
    keys = _counted_ids(frames, fiscal_year)
    return frames["tokens"].merge(keys, on=list(ITEM_KEYS), validate="m:1")


def plan_titles(frames: Frames, years: Iterable[int]) -> list[str]:
    """The plan titles of `years`, once each; of several years, without their 令和N年度
    (the span of years beside them gives it)."""
    docs = frames["documents"].sort_values("fiscal_year")
    titles = list(dict.fromkeys(docs.loc[docs["fiscal_year"].isin(list(years)), "plan_title"]))
    if len(titles) > 1:
        titles = list(dict.fromkeys(_ERA_YEAR.sub("", t).strip() for t in titles))
    return titles


def add_source_note(fig: Figure, frames: Frames, years: Iterable[int]) -> Figure:
    """Source (the plan titles) and fiscal year(s) under the chart."""
    years = sorted(set(years))
    style.add_footnote(fig, "、".join(plan_titles(frames, years)) + REPOSTS_EXCLUDED, years)
    return fig


def goal_name(goal_no: object) -> str:
    """基本目標1 for goal 1."""
    return GOAL_NAME.format(goal_no=goal_no)


def goal_titles(frames: Frames, fiscal_year: int) -> dict[str, str]:
    """Each goal's name (基本目標1) → its title, wrapped to GOAL_TITLE_EM characters."""
    goals = _of_year(frames["sections"], fiscal_year).drop_duplicates("goal_no")
    return {
        goal_name(g): style.wrap_text(str(t), GOAL_TITLE_EM)
        for g, t in zip(goals["goal_no"], goals["goal_title"], strict=True)
    }


def _goal_axis(
    shown: Iterable[str], goals: Iterable[str], frames: Frames, fiscal_year: int
) -> list[str]:
    """The names on a chart's goal axis, each over its goal's title: a bare 基本目標1 says
    nothing to a reader of the chart alone. `goals` are the goal names (基本目標1) of `shown`."""
    return with_goal_titles(shown, goals, goal_titles(frames, fiscal_year))


def with_goal_titles(
    shown: Iterable[str], goals: Iterable[str], titles: Mapping[str, str]
) -> list[str]:
    """Each name of `shown` over the title (`titles`, by goal name) of its goal in `goals`."""
    return [
        GOAL_WITH_TITLE.format(goal=name, goal_title=titles[g]) if g in titles else name
        for name, g in zip(shown, goals, strict=True)
    ]


def _numbered_groups(frames: Frames, group_by: str, fiscal_year: int) -> dict[str, str]:
    """Goals and areas as `measure_counts` names them (`1`, `1-3`) → display name (基本目標1,
    1-(3) 施策名), in the order of their numbers."""
    sections = _of_year(frames["sections"], fiscal_year).dropna(subset=["area_no"])
    if group_by == "goal_no":
        goals = sorted(_of_year(frames["items"], fiscal_year)["goal_no"].unique())
        return {str(g): goal_name(g) for g in goals}
    sections = sections.sort_values(["goal_no", "area_no"])
    keys = area_key(sections["goal_no"], sections["area_no"])
    names = [
        AREA_NAME.format(goal_no=s.goal_no, area_no=s.area_no, area_title=s.area_title)
        for s in sections.itertuples()
    ]
    return dict(zip(keys, names, strict=True))


def _named_groups(
    frames: Frames, group_by: str, matrix: pd.DataFrame, fiscal_year: int
) -> pd.DataFrame:
    """The rows of a group × category matrix in display order with display names: goals and
    areas by number, sections and divisions by their number of items (largest first)."""
    if group_by in ("goal_no", "area_no"):
        names = _numbered_groups(frames, group_by, fiscal_year)
        order = [g for g in names if g in matrix.index]
        matrix = matrix.loc[order + sorted(set(matrix.index) - set(order))]
        shown = [names.get(g, g) for g in matrix.index]
        return matrix.set_axis(pd.Index(shown, name=group_by))
    totals = matrix.sum(axis=1)
    matrix = matrix.loc[sorted(matrix.index, key=lambda g: (-totals[g], g))]
    return matrix.set_axis(pd.Index([g or NO_DIVISION for g in matrix.index], name=group_by))


def measure_matrix(
    frames: Frames, measure: str, group_by: str, fiscal_year: int, *, shares: bool = False
) -> pd.DataFrame:
    """Items per group (rows, display names) × category (columns, codes) of a measure
    (`covid_effect`, `plan_type`) grouped by goal_no, area_no, department or division;
    `shares=True` gives each row's shares (0–1) instead of counts."""
    counts = _of_year(frames["measure_counts"], fiscal_year)
    rows = counts[(counts["measure"] == measure) & (counts["group_by"] == group_by)]
    matrix = rows.pivot(index="group", columns="category", values="n")
    known = code_order(measure)
    matrix = matrix[[c for c in known if c in matrix] + sorted(set(matrix) - set(known))]
    matrix = _named_groups(frames, group_by, matrix, fiscal_year)
    if shares:
        matrix = matrix.div(matrix.sum(axis=1), axis=0).fillna(0.0)
    matrix.columns.name = measure
    return matrix


def measure_table(
    frames: Frames, measure: str, group_by: str, fiscal_year: int, *, shares: bool = False
) -> pd.DataFrame:
    """`measure_matrix` for reading in a notebook or Excel: Japanese headers, and a total
    column (counts) or shares in % rounded to 0.1."""
    matrix = measure_matrix(frames, measure, group_by, fiscal_year, shares=shares)
    if shares:
        matrix = (matrix * 100).round(1).rename(columns=lambda c: SHARE_COLUMN.format(label(c)))
    else:
        matrix[TOTAL_COLUMN] = matrix.sum(axis=1)
    return to_display(matrix.rename_axis(columns=None).reset_index())


def measure_shares(
    frames: Frames, fiscal_year: int, measure: Measure, group_by: str, title: str
) -> Figure:
    """Stacked shares of a measure's categories per group, each group named with its size."""
    matrix = measure_matrix(frames, measure.name, group_by, fiscal_year)
    named = [
        GROUP_WITH_COUNT.format(group=g, n=int(n))
        for g, n in zip(matrix.index, matrix.sum(axis=1), strict=True)
    ]
    if group_by == "goal_no":
        named = _goal_axis(named, matrix.index, frames, fiscal_year)
    matrix.index = pd.Index(named, name=group_by)
    fig = charts.stacked_bar_chart(matrix, normalize=True, title=title, ylabel="")
    return add_source_note(fig, frames, [fiscal_year])


def ordered_matrix(frames: Frames, column: str, fiscal_year: int) -> pd.DataFrame:
    """Items per goal (rows, 基本目標N) × grade of an ordered extra column (columns: the
    grades found, best first, then (記入なし・対象外)); reposts left out. Empty when the
    year's table has no such column."""
    values = _of_year(frames["item_values"], fiscal_year)
    values = values[(values["extra_column"] == column) & (values["value_kind"] == "ordered")]
    if values.empty:
        return pd.DataFrame()
    keys = _counted_ids(frames, fiscal_year)
    goals = _of_year(frames["items"], fiscal_year)[[*ITEM_KEYS, "goal_no"]]
    rows = values.merge(keys, on=list(ITEM_KEYS)).merge(goals, on=list(ITEM_KEYS))
    grade = rows["category"].where(rows["category"] != "", NO_GRADE)
    graded = rows.dropna(subset=["rank"]).sort_values("rank", kind="stable")
    order = list(dict.fromkeys(graded["category"])) + (
        [NO_GRADE] if (grade == NO_GRADE).any() else []
    )
    matrix = pd.crosstab(rows["goal_no"].map(goal_name), grade).reindex(columns=order, fill_value=0)
    return matrix.rename_axis(index="goal_no", columns=column)


def ordered_by_goal(frames: Frames, fiscal_year: int, column: str = "grade") -> Figure | None:
    """Stacked shares of an ordered extra column's grades (評価 A/B/C …) per goal, each goal
    named with its number of items; None when the year's table has no such column."""
    matrix = ordered_matrix(frames, column, fiscal_year)
    if matrix.empty:
        return None
    named = [
        GROUP_WITH_COUNT.format(group=g, n=int(n))
        for g, n in zip(matrix.index, matrix.sum(axis=1), strict=True)
    ]
    matrix.index = pd.Index(_goal_axis(named, matrix.index, frames, fiscal_year), name="goal_no")
    title = FIGURE_TITLES["grade_by_goal"].format(column=label(column))
    house = style.palette(style.house_colors())
    colors = [style.MISSING_COLOR if g == NO_GRADE else next(house) for g in matrix.columns]
    fig = charts.stacked_bar_chart(matrix, normalize=True, title=title, ylabel="", colors=colors)
    return add_source_note(fig, frames, [fiscal_year])


def _bars(
    frames: Frames, years: list[int], values: pd.Series, title: str, **options: object
) -> Figure:
    """A bar chart of `values` (index: categories, name: the value column) with footnote;
    horizontal bars need no axis label for their categories (the title names them)."""
    if options.get("horizontal", True):
        options.setdefault("ylabel", "")
    return add_source_note(charts.bar_chart(values, title=title, **options), frames, years)


def measure_counts_chart(frames: Frames, fiscal_year: int, measure: Measure, title: str) -> Figure:
    """Items per category of a measure in code-list order (e.g. suspended, partial, adapted,
    none): the numbers behind the notebook's lists."""
    trend = _of_year(frames[measure.trend_table], fiscal_year)
    values = trend.set_index(measure.name)["n_items"]
    return _bars(frames, [fiscal_year], values, title, sort=False)


def _owner_names(rows: pd.DataFrame) -> pd.Index:
    """Sections by name; a division-level owner (福祉部内各課) marked as such."""
    names = [
        DIVISION_LEVEL_OWNER.format(department=d) if level == "division" else d
        for d, level in zip(rows["department"], rows["owner_level"], strict=True)
    ]
    return pd.Index(names, name="department")


def _department_bars(frames: Frames, fiscal_year: int, column: str, name: str) -> Figure:
    rows = _of_year(frames["workload_departments"], fiscal_year)
    values = pd.Series(rows[column].to_numpy(), index=_owner_names(rows), name=column)
    return _bars(frames, [fiscal_year], values, FIGURE_TITLES[name])


def items_per_department(frames: Frames, fiscal_year: int) -> Figure:
    """Items per listed owner (課), each owner of a shared item counted once."""
    return _department_bars(frames, fiscal_year, "n_items", "items_per_department")


def items_per_department_fractional(frames: Frames, fiscal_year: int) -> Figure:
    """Items per listed owner, a shared item split 1/n over its n owners."""
    return _department_bars(
        frames, fiscal_year, "n_items_fractional", "items_per_department_fractional"
    )


def items_per_division(frames: Frames, fiscal_year: int) -> Figure:
    """Items per division (部), an item counted once per division."""
    rows = _of_year(frames["workload_divisions"], fiscal_year)
    values = rows.set_index("division")["n_items"]
    return _bars(frames, [fiscal_year], values, FIGURE_TITLES["items_per_division"])


def text_volume_per_owner(frames: Frames, fiscal_year: int) -> Figure:
    """Characters written per owner, stacked by column (内容, これまでの取り組み, 今後の予定)."""
    rows = _of_year(frames["text_volume"], fiscal_year).set_index("owner")
    columns = ["content", "past_efforts", "plans"]
    volume = rows[[f"chars_{c}" for c in columns]].set_axis(
        pd.Index(columns, name="column"), axis=1
    )
    fig = charts.stacked_bar_chart(
        volume,
        title=FIGURE_TITLES["text_volume_per_owner"],
        xlabel=label("chars_total"),
        ylabel="",
        value_labels=False,
    )
    _total_labels(fig, volume.sum(axis=1))
    return add_source_note(fig, frames, [fiscal_year])


def _total_labels(fig: Figure, totals: pd.Series) -> None:
    """Totals at the ends of stacked bars whose segments are too narrow for numbers, with
    room for them before the legend."""
    ax = fig.axes[0]
    texts = [f"{v:,.0f}" for v in totals]
    ax.bar_label(ax.containers[-1], texts, padding=3, fontfamily=style.FONT_FAMILY)
    ax.set_xlim(right=totals.max() * 1.12)


def co_ownership_network(frames: Frames, fiscal_year: int) -> Figure | None:
    """Sections (circles sized by their items) joined by the items they share (line width,
    and the number on the line); None when no item has two owners."""
    edges = _of_year(frames["co_ownership"], fiscal_year)
    if edges.empty:
        return None
    nodes = _of_year(frames["workload_departments"], fiscal_year)
    fig = network.network_chart(
        edges,
        nodes,
        title=FIGURE_TITLES["co_ownership_network"],
        size_label=CO_OWNERSHIP_SIZE,
        weight_label=CO_OWNERSHIP_WEIGHT,
        weight="n_items",
        source="department_a",
        target="department_b",
        node="department",
        size="n_items",
        edge_values=True,
        figsize=(10.0, 8.0),
    )
    return add_source_note(fig, frames, [fiscal_year])


def department_goal_heatmap(frames: Frames, fiscal_year: int) -> Figure:
    """Items per section × basic goal, sections with most items first."""
    matrix = department_goal_matrix(frames["department_goal"], fiscal_year)
    names = [goal_name(g) for g in matrix.columns]
    matrix.columns = pd.Index(_goal_axis(names, names, frames, fiscal_year), name="goal_no")
    fig = charts.heatmap(
        matrix,
        title=FIGURE_TITLES["department_goal_heatmap"],
        xlabel="",
        ylabel="",
        figsize=(HEATMAP_WIDTH, max(3.0, 1.6 + 0.45 * len(matrix))),
    )
    return add_source_note(fig, frames, [fiscal_year])


def similarity_classes(similarity: pd.Series) -> pd.Series:
    """Items per class of plan-vs-past similarity (0.0–0.1, …, 0.9–1.0), empty classes kept."""
    n_classes = round(1 / SIMILARITY_STEP)
    classes = np.minimum(np.floor(similarity.to_numpy(float) / SIMILARITY_STEP), n_classes - 1)
    counts = np.bincount(classes.astype(int), minlength=n_classes)
    names = [f"{k * SIMILARITY_STEP:.1f}–{(k + 1) * SIMILARITY_STEP:.1f}" for k in range(n_classes)]
    return pd.Series(counts, index=pd.Index(names, name=similarity.name), name="n_items")


def plan_past_similarity(frames: Frames, fiscal_year: int) -> Figure:
    """Distribution of how much each item's plan repeats its past efforts (0–1), with the
    threshold from which an item is listed as repeating."""
    measures = frames["item_measures"].merge(
        _counted_ids(frames, fiscal_year), on=list(ITEM_KEYS), validate="1:1"
    )
    values = similarity_classes(measures["plan_past_similarity"])
    title = FIGURE_TITLES["plan_past_similarity"]
    fig = _bars(frames, [fiscal_year], values, title, horizontal=False, sort=False)
    ax = fig.axes[0]
    at = PLAN_REPEATS_PAST / SIMILARITY_STEP - 0.5
    ax.axvline(at, color="0.3", linestyle="--", linewidth=1.2)
    ax.text(
        at + 0.1,
        0.97,
        REPEATS_PAST_MARK.format(threshold=PLAN_REPEATS_PAST),
        transform=ax.get_xaxis_transform(),
        va="top",
        fontfamily=style.FONT_FAMILY,
        fontsize=9,
        color="0.3",
    )
    return fig


def word_frequency_nouns(frames: Frames, fiscal_year: int) -> Figure:
    """The WORD_TOP_N most frequent nouns (base forms, stop words left out)."""
    counts = textstats.word_frequency(counted_tokens(frames, fiscal_year), pos1=["名詞"])
    top = counts.head(WORD_TOP_N)
    values = pd.Series(
        top["freq"].to_numpy(), index=pd.Index(top["base"], name="word"), name="freq"
    )
    title = FIGURE_TITLES["word_frequency_nouns"].format(n=WORD_TOP_N)
    return _bars(frames, [fiscal_year], values, title)


def cooccurrence_edges(
    frames: Frames,
    fiscal_year: int,
    *,
    words: int = COOCCURRENCE_WORDS,
    top: int = COOCCURRENCE_TOP,
    min_freq: int = COOCCURRENCE_MIN_FREQ,
    min_jaccard: float = COOCCURRENCE_MIN_JACCARD,
    unit: textstats.Unit = COOCCURRENCE_UNIT,
    tree_only: bool = COOCCURRENCE_TREE_ONLY,
    pos1: Iterable[str] = COOCCURRENCE_POS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges, nodes) the co-occurrence network draws: the `words` most frequent content
    words of at least `min_freq` occurrences, linked by Jaccard (≥ `min_jaccard`) over
    `unit`s; of those links the maximum spanning tree and the strongest others up to `top`
    (`network.strongest_connected`; the tree alone if `tree_only`). Defaults: config."""
    edges, nodes = textstats.cooccurrence(
        counted_tokens(frames, fiscal_year), unit=unit, pos1=pos1, min_freq=min_freq, top=None
    )
    chosen = nodes["word"].head(words)
    edges = edges[
        edges["word_a"].isin(chosen)
        & edges["word_b"].isin(chosen)
        & (edges["jaccard"] >= min_jaccard)
    ]
    edges = network.strongest_connected(edges, top=top, tree_only=tree_only)
    linked = nodes["word"].isin(pd.concat([edges["word_a"], edges["word_b"]]))
    return edges.reset_index(drop=True), nodes[linked].reset_index(drop=True)


def word_cooccurrence_network(
    frames: Frames, fiscal_year: int, **settings: object
) -> Figure | None:
    """Content words linked when they share sentences, as KH Coder draws them: circles sized
    by occurrences, lines by Jaccard, colours by community; `settings` are those of
    `cooccurrence_edges`. None when no two words co-occur."""
    edges, nodes = cooccurrence_edges(frames, fiscal_year, **settings)  # type: ignore[arg-type]
    if edges.empty:
        return None
    fig = network.network_chart(
        edges,
        nodes,
        title=FIGURE_TITLES["word_cooccurrence_network"],
        figsize=(12.0, 9.0),
    )
    return add_source_note(fig, frames, [fiscal_year])


def _trend(frames: Frames, fiscal_year: int, table: str, column: str, title: str) -> Figure | None:
    """Items per category of `column` over the loaded years up to `fiscal_year`, one line
    each; None with fewer than two years."""
    years = [y for y in fiscal_years(frames) if y <= fiscal_year]
    if len(years) < 2:
        return None
    rows = frames[table][frames[table]["fiscal_year"].isin(years)]
    df = rows.pivot(index="fiscal_year", columns=column, values="n_items")
    df = df[list(pd.unique(rows[column]))]
    fig = charts.line_chart(df, title=title, ylabel=label("n_items"))
    return add_source_note(fig, frames, years)


def measure_trend_chart(
    frames: Frames, fiscal_year: int, measure: Measure, title: str
) -> Figure | None:
    """Items per category of a measure, year by year; None with one year."""
    return _trend(frames, fiscal_year, measure.trend_table, measure.name, title)


def items_per_division_trend(frames: Frames, fiscal_year: int) -> Figure | None:
    """Items per division, year by year (renamed sections under their current names)."""
    title = FIGURE_TITLES["items_per_division_trend"]
    return _trend(frames, fiscal_year, "division_trend", "division", title)


def year_link_counts(frames: Frames, fiscal_year: int) -> Figure | None:
    """How the items of `fiscal_year` relate to the year before (same, renamed, moved, new,
    dropped); None when no earlier year is loaded."""
    counts = frames["link_counts"]
    rows = counts[counts["fiscal_year_to"] == fiscal_year]
    if rows.empty:
        return None
    year_from = int(rows["fiscal_year_from"].iat[0])
    values = rows.set_index("match")["n_links"]
    pair = YEAR_PAIR.format(year_from=era_label(year_from), year_to=era_label(fiscal_year))
    title = FIGURE_TITLES["year_link_counts"].format(pair=pair)
    return _bars(frames, [year_from, fiscal_year], values, title, sort=False)


def _measure_figure(measure: Measure, kind: str) -> FigureFunction:
    """The figure `kind` (counts, by_goal, by_division, trend) of a measure."""
    title = MEASURE_FIGURE_TITLES[kind].format(measure=measure.label)
    if kind == "counts":
        return lambda frames, year: measure_counts_chart(frames, year, measure, title)
    if kind == "trend":
        return lambda frames, year: measure_trend_chart(frames, year, measure, title)
    group_by = {"by_goal": "goal_no", "by_division": "division"}[kind]
    return lambda frames, year: measure_shares(frames, year, measure, group_by, title)


def _measure_figures(kinds: Iterable[str]) -> dict[str, FigureFunction]:
    return {
        f"{m.name}_{kind}": _measure_figure(m, kind)
        for m in MEASURES.values()
        for kind in m.figures
        if kind in kinds
    }


def figure_functions() -> dict[str, FigureFunction]:
    """Every council figure by its file name (ASCII snake_case), in the order of the
    notebooks: the figures of each measure of `schema.MEASURES` (`Measure.figures`), the
    workload figures, the plan-vs-past similarity, the year comparison and trends, words."""
    return {
        **_measure_figures(("counts", "by_goal", "by_division")),
        "items_per_department": items_per_department,
        "items_per_department_fractional": items_per_department_fractional,
        "items_per_division": items_per_division,
        "text_volume_per_owner": text_volume_per_owner,
        "co_ownership_network": co_ownership_network,
        "department_goal_heatmap": department_goal_heatmap,
        "plan_past_similarity": plan_past_similarity,
        "grade_by_goal": ordered_by_goal,
        "year_link_counts": year_link_counts,
        **_measure_figures(("trend",)),
        "items_per_division_trend": items_per_division_trend,
        "word_frequency_nouns": word_frequency_nouns,
        "word_cooccurrence_network": word_cooccurrence_network,
    }


def _measure_kind(name: str) -> tuple[Measure, str] | None:
    """(measure, kind) of a measure's figure `<measure>_<kind>`, else None."""
    for measure in MEASURES.values():
        for kind in measure.figures:
            if name == f"{measure.name}_{kind}":
                return measure, kind
    return None


def figure_title(name: str) -> str:
    """The Japanese title of the figure `name` (a template where the figure fills in a number
    or the years)."""
    found = _measure_kind(name)
    if found:
        return MEASURE_FIGURE_TITLES[found[1]].format(measure=found[0].label)
    return FIGURE_TITLES[name]


def figure_caption(name: str) -> str:
    """How to read the figure `name`, in two lines (the council booklet prints it)."""
    found = _measure_kind(name)
    if found:
        return MEASURE_FIGURE_CAPTIONS[found[1]].format(measure=found[0].label)
    return FIGURE_CAPTIONS[name]


def draw(name: str, frames: Frames, fiscal_year: int) -> Figure | None:
    """The council figure `name` of `fiscal_year` (None when there is nothing to draw)."""
    functions = figure_functions()
    if name not in functions:
        raise PlanAnalysisError(f"no figure named {name!r}; figures: {', '.join(functions)}")
    return functions[name](frames, fiscal_year)


def draw_figures(
    frames: Frames, fiscal_year: int | None = None, names: Iterable[str] | None = None
) -> dict[str, Figure | None]:
    """Every figure (or those `names`) of `fiscal_year` (default: the latest loaded) by name,
    None where there is nothing to draw: drawn once for the PNG/SVG files and the booklet."""
    year = chosen_fiscal_year(frames, fiscal_year)
    chosen = figure_functions() if names is None else names
    return {name: draw(name, frames, year) for name in chosen}


def write_figures(
    frames: Frames,
    out_dir: Path,
    fiscal_year: int | None = None,
    names: Iterable[str] | None = None,
    *,
    drawn: Mapping[str, Figure | None] | None = None,
) -> list[Path]:
    """Save every figure (or those `names`) of `fiscal_year` (default: the latest loaded) as
    PNG and SVG in `out_dir`; a figure with nothing to draw is skipped, and its files from an
    earlier run (e.g. a trend when now only one year is loaded) are removed. `drawn`: the
    figures of `draw_figures`, if already drawn (then `fiscal_year` and `names` are theirs).
    Returns the paths."""
    if drawn is None:
        drawn = draw_figures(frames, fiscal_year, names)
    paths: list[Path] = []
    for name, fig in drawn.items():
        if fig is not None:
            paths += style.save_figure(fig, name, out_dir)
        else:
            for stale in (out_dir / f"{name}.png", out_dir / f"{name}.svg"):
                stale.unlink(missing_ok=True)
    return paths

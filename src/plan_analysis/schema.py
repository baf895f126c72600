"""The data model, declared once: processed tables, their keys, code lists and measures.

Everything else reads this module: the loader and the measures produce tables that
`conform` checks against `TABLES`; labels, colours, roll-ups, trends, the summary workbook
and the figures iterate over `CODE_LISTS` and `MEASURES`. Adding a categorical measure is
one `Measure` and one `CodeList` passed to `register_measure` (or written into the two
dicts below): no other module names the measures one by one.

Identifiers and codes are English snake_case; the Japanese a person reads is the `label` of
a code or measure here (column headers are in `labels.COLUMN_LABELS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

#: Keys of the tables (tuples: never edited in place; `list(...)` where pandas wants a list).
YEAR_KEY: tuple[str, ...] = ("fiscal_year",)
ITEM_KEYS: tuple[str, ...] = ("fiscal_year", "item_id")
SEGMENT_KEYS: tuple[str, ...] = (*ITEM_KEYS, "column", "seg_no")
SENTENCE_KEYS: tuple[str, ...] = (*ITEM_KEYS, "column", "sent_no")
TOKEN_KEYS: tuple[str, ...] = (*SENTENCE_KEYS, "tok_no")
LINK_KEYS: tuple[str, ...] = ("fiscal_year_from", "fiscal_year_to")

#: The text columns of a plan item, in table order.
TEXT_COLUMNS: tuple[str, ...] = ("content", "past_efforts", "plans")


# --- tables -----------------------------------------------------------------------------


#: What a `<…>` in a column name stands for: a text column, any analyst's code, or an extra
#: column declared in header_aliases.csv (its cells as written, by its declared name).
_PLACEHOLDERS: dict[str, str] = {
    "<column>": "(?:" + "|".join(TEXT_COLUMNS) + ")",
    "<code>": ".+",
    "<extra>": "[a-z][a-z0-9_]*",
}


@dataclass(frozen=True)
class Column:
    """A column of a processed table. A `name` holding `<…>` stands for a family of
    columns, one per code (e.g. `theme_<code>` per analyst code, `chars_<column>`)."""

    name: str
    dtype: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The column names this entry stands for."""
        parts = re.split(r"(<[^>]+>)", self.name)
        return re.compile("".join(_PLACEHOLDERS.get(p, re.escape(p)) for p in parts))


@dataclass(frozen=True)
class Table:
    """A processed table: what one row is, its key, its columns in order."""

    name: str
    row: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    parquet_only: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(spec: str) -> tuple[Column, ...]:
    """Columns from `name:dtype` pairs separated by spaces (`str`, `int64`, `Int64`, …)."""
    return tuple(Column(*pair.split(":")) for pair in spec.split())


_YEAR_LINK_CHANGES = " ".join(f"{c}_changed:boolean {c}_similarity:float64" for c in TEXT_COLUMNS)

# fmt: off
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("documents", "loaded file", YEAR_KEY, _cols(
            "fiscal_year:int64 plan_title:str source_file:str source_format:str encoding:str "
            "sha256:str n_items:int64 n_goals:int64 n_areas:int64 n_lines:int64 n_warnings:int64"
        )),
        Table("sections", "policy area (施策)", (*YEAR_KEY, "goal_no", "area_no"), _cols(
            "fiscal_year:int64 goal_no:int64 goal_title:str area_no:Int64 area_title:str"
        )),
        Table("items", "plan item (事業)", ITEM_KEYS, _cols(
            "fiscal_year:int64 item_id:str seq:int64 goal_no:int64 area_no:Int64 name:str "
            "owner_raw:str content:str past_efforts:str plans:str name_raw:str content_raw:str "
            "past_efforts_raw:str plans_raw:str source_file:str source_sheet:str "
            "source_line:int64 is_repost:bool repost_of:str <extra>:str"
        )),
        Table("item_values", "item × typed extra column", (*ITEM_KEYS, "extra_column"), _cols(
            "fiscal_year:int64 item_id:str extra_column:str value_kind:str text:str category:str "
            "rank:Int64 value:float64 unit:str value_year:Int64"
        )),
        Table("item_departments", "item × listed owner", (*ITEM_KEYS, "owner_no"), _cols(
            "fiscal_year:int64 item_id:str owner_no:int64 department:str division:str "
            "owner_level:str in_directory:bool"
        )),
        Table("segments", "paragraph of a cell", SEGMENT_KEYS, _cols(
            "fiscal_year:int64 item_id:str column:str seg_no:int64 department:str division:str "
            "text:str text_raw:str"
        )),
        Table("source_lines", "raw line or sheet row", ("source_file", "sheet", "line"), _cols(
            "fiscal_year:int64 source_file:str sheet:str line:int64 kind:str text:str"
        )),
        Table("load_warnings", "warning", (), _cols("message:str")),
        Table("sentences", "sentence of a segment", SENTENCE_KEYS, _cols(
            "fiscal_year:int64 item_id:str column:str seg_no:int64 sent_no:int64 department:str "
            "text:str"
        )),
        Table("tokens", "word", TOKEN_KEYS, _cols(
            "fiscal_year:int64 item_id:str column:str seg_no:int64 sent_no:int64 tok_no:int64 "
            "surface:str lemma:str base:str pos1:str pos2:str is_stop:bool"
        ), parquet_only=True),
        # item_measures: the measures' own columns come from MEASURES (see `measure_columns`).
        Table("item_measures", "item", ITEM_KEYS, _cols(
            "fiscal_year:int64 item_id:str is_repost:bool <measures>:object theme_<code>:bool"
        )),
        Table("measure_counts", "year × measure × group × category",
              (*YEAR_KEY, "measure", "group_by", "group", "category"), _cols(
            "fiscal_year:int64 measure:str group_by:str group:str category:str n:int64 "
            "n_items:int64 share:float64"
        )),
        Table("workload_departments", "year × listed owner", (*YEAR_KEY, "department"), _cols(
            "fiscal_year:int64 department:str division:str owner_level:str n_items:int64 "
            "n_items_fractional:float64"
        )),
        Table("workload_divisions", "year × division", (*YEAR_KEY, "division"), _cols(
            "fiscal_year:int64 division:str n_items:int64 n_items_fractional:float64"
        )),
        Table("text_volume", "year × owner", (*YEAR_KEY, "owner", "owner_division"), _cols(
            "fiscal_year:int64 owner:str owner_division:str chars_<column>:int64 "
            "chars_total:int64 n_segments:int64"
        )),
        Table("co_ownership", "year × pair of owners",
              (*YEAR_KEY, "department_a", "department_b"), _cols(
            "fiscal_year:int64 department_a:str department_b:str n_items:int64"
        )),
        Table("department_goal", "year × owner × goal", (*YEAR_KEY, "department", "goal_no"),
              _cols("fiscal_year:int64 department:str goal_no:int64 n_items:int64")),
        Table("year_links", "pair of items of consecutive years (or a new / dropped item)",
              (*LINK_KEYS, "item_id_from", "item_id_to"), _cols(
            "fiscal_year_from:int64 item_id_from:str fiscal_year_to:int64 item_id_to:str "
            "match:str decided_by:str lineage_id:str name_from:str name_to:str is_repost:bool "
            "name_similarity:float64 name_changed:boolean location_changed:boolean "
            f"{_YEAR_LINK_CHANGES} owner_changed:boolean owner_similarity:float64"
        )),
        Table("item_lineage", "item × lineage it continues", (*ITEM_KEYS, "lineage_id"), _cols(
            "fiscal_year:int64 item_id:str lineage_id:str"
        )),
        Table("area_links", "pair of areas of consecutive years (or a new / dropped area)",
              (*LINK_KEYS, "goal_no_from", "area_no_from", "goal_no_to", "area_no_to"), _cols(
            "fiscal_year_from:int64 goal_no_from:Int64 area_no_from:Int64 area_title_from:str "
            "fiscal_year_to:int64 goal_no_to:Int64 area_no_to:Int64 area_title_to:str "
            "area_match:str title_similarity:float64 n_items:int64"
        )),
        Table("link_counts", "pair of years × match type", (*LINK_KEYS, "match"), _cols(
            "fiscal_year_from:int64 fiscal_year_to:int64 match:str n_links:int64 share:float64"
        )),
        Table("department_trend", "year × section (current names)", (*YEAR_KEY, "department"),
              _cols("fiscal_year:int64 department:str n_items:int64 n_items_fractional:float64")),
        Table("division_trend", "year × division (current names)", (*YEAR_KEY, "division"),
              _cols("fiscal_year:int64 division:str n_items:int64 n_items_fractional:float64")),
        # the trend tables of the measures (`Measure.trend_table`) are added by register_measure
    )
}
# fmt: on


# --- code lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One code of a code list: its Japanese label, what it means, its chart colour."""

    code: str
    label: str
    description: str = ""
    color: str | None = None


@dataclass(frozen=True)
class CodeList:
    """The codes a column may hold, in display order."""

    name: str
    codes: tuple[Code, ...]

    @property
    def order(self) -> list[str]:
        return [c.code for c in self.codes]

    @property
    def labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.codes}

    @property
    def colors(self) -> dict[str, str]:
        return {c.code: c.color for c in self.codes if c.color is not None}


def _code_lists(table: str) -> dict[str, CodeList]:
    """Code lists from rows `list | code | 表示名 | description | colour` (colour optional),
    the codes of a list in display order."""
    lists: dict[str, list[Code]] = {}
    for line in table.strip().splitlines():
        name, code, text, description, *color = (cell.strip() for cell in line.split("|"))
        lists.setdefault(name, []).append(Code(code, text, description, *(c for c in color if c)))
    return {name: CodeList(name, tuple(codes)) for name, codes in lists.items()}


#: Okabe–Ito colours: "nothing to report" categories in grey, the alarming ones in vermillion.
CODE_LISTS: dict[str, CodeList] = _code_lists("""
column       | name           | 事業名             | the item's name
column       | owner          | 所管課             | the owning sections as written
column       | content        | 内容               | what the item is
column       | past_efforts   | これまでの取り組み | what was done
column       | plans          | 今後の予定         | what comes next
kind         | title          | 表題               | the table's title line
kind         | header         | 見出し行           | a header row (repeated on every page of a PDF copy)
kind         | goal           | 基本目標           | a basic goal (基本目標) row
kind         | area           | 施策               | a policy area (施策) row
kind         | item           | 事業               | a plan item's row
kind         | continuation   | 前行の続き         | cell text continued from the row before
kind         | blank          | 空行               | an empty line or row
kind         | not_understood | 解釈できない行     | a line the loader could not place (kept, with a warning)
owner_level  | section        | 課                 | a section (課, 室, 館)
owner_level  | division       | 部                 | a whole division named as owner (福祉部内各課)
covid_effect | suspended      | 中止・見合わせ     | the activity was suspended               | #D55E00
covid_effect | partial        | 一部中止・縮小     | part was cut, or one owner suspended     | #E69F00
covid_effect | adapted        | 方法を変えて実施   | held in another way (online, by booking) | #56B4E9
covid_effect | none           | 影響の記載なし     | no effect is reported                    | #BBBBBB
plan_type    | continue       | 継続               | continues (引き続き; or no marker word)  | #0072B2
plan_type    | expand         | 拡充               | is strengthened or widened (強化, 充実)  | #009E73
plan_type    | new            | 新規               | something new (新たに, 構築, 体制づくり) | #CC79A7
plan_type    | conditional    | 条件付き・検討     | depends (検討, 必要に応じて)             | #BBBBBB
match        | same           | 同一               | same name, its area or a successor of it
match        | renamed        | 名称変更           | other name, its area or a successor of it
match        | moved          | 移動               | to an area that does not continue its own
match        | split          | 分割               | one item of the year before became several
match        | merged         | 統合               | several items of the year before became one
match        | new            | 新規               | no item of the year before
match        | dropped        | 廃止・削除         | no item of the year after
area_match   | same           | 同一               | same title and number
area_match   | renamed        | 名称変更           | other title (number kept or not)
area_match   | renumbered     | 番号変更           | same title, other number
area_match   | split          | 分割               | one area of the year before became several
area_match   | merged         | 統合               | several areas of the year before became one
area_match   | new            | 新設               | no area of the year before
area_match   | dropped        | 廃止               | no area of the year after
value_kind   | ordered        | 段階評価           | a grade from a stated order (the column types file)
value_kind   | number         | 数値               | a value with unit and year
measure_decided_by | rule     | ルール             | a word rule decided
measure_decided_by | default  | 既定値             | no rule word: the measure's default
measure_decided_by | analyst  | 担当者の判断       | the analyst decided (the overrides file)
measure_decided_by | carried  | 前年度の判断を継続 | the analyst's decision of the year before, text unchanged
decided_by   | score          | 類似度             | the similarity scores
decided_by   | mapping        | 対応表             | a forced link of the reference folder
source_format | text          | テキスト           | text copied out of the PDF (tab-separated)
source_format | csv           | CSV                | a CSV or TSV saved from Excel
source_format | xlsx          | Excel              | an Excel workbook
source_format | pdf           | PDF                | the PDF itself (its text layer)
""")


# --- measures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A categorical measure per item, decided from one text column.

    `name` is both its column in `item_measures` and its code list. `decider` names the
    function of `measures.themes.DECIDERS` that computes it; `columns` are the columns it
    adds to `item_measures` (with their Japanese headers and dtypes); `rule_codes` are the
    codes its decider reads from its rules (`rules_file` in the reference folder, or the
    theme rules when None). `precedence` is the decision order when several categories are
    present (and the order of its rows in `measure_counts`); `default` the category of an
    item no rule decides. It is counted per `roll_ups` group into `measure_counts`, year by
    year into `trend_table`, and drawn in the figures `figures` (suffixes of `<name>_…`).
    """

    name: str
    source_column: str
    decider: str
    columns: Mapping[str, tuple[str, str]]
    trend_table: str
    rule_codes: tuple[str, ...] = ()
    rules_file: str | None = None
    precedence: tuple[str, ...] = ()
    default: str = ""
    roll_ups: tuple[str, ...] = ("goal_no", "area_no", "department", "division")
    figures: tuple[str, ...] = ("counts", "by_goal", "by_division", "trend")
    evidence: str = ""
    #: The column saying who decided (rule, default, analyst, carried), if the measure has one.
    decided_by: str = ""
    #: The columns (needs_review, review_reason) of the review queue, if the measure has them.
    review: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.columns[self.name][0]

    @property
    def count_order(self) -> list[str]:
        """Category order of `measure_counts` rows: the precedence, else the code list's."""
        return list(self.precedence) or CODE_LISTS[self.name].order


def _labelled(spec: str) -> dict[str, tuple[str, str]]:
    """Measure columns from `name:dtype:見出し` triples separated by spaces."""
    return {name: (text, dtype) for name, dtype, text in (t.split(":") for t in spec.split())}


# fmt: off
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "covid_effect", source_column="past_efforts", decider="covid_effect",
            columns=_labelled(
                "covid_mentioned:bool:コロナへの言及 covid_effect:str:コロナの影響 "
                "covid_evidence:str:コロナの影響の根拠 covid_decided_by:str:コロナの影響の判定方法 "
                "covid_resumed:bool:再開の記載 covid_needs_review:bool:コロナの影響_要確認 "
                "covid_review_reason:str:コロナの影響_確認の理由"
            ),
            trend_table="covid_trend",
            rule_codes=(
                "covid", "suspend", "partial", "adapt", "other_cause", "resume", "contrast",
                "not_suspended", "stopped_before", "carried_on", "held",
            ),
            default="none", evidence="covid_evidence", decided_by="covid_decided_by",
            review=("covid_needs_review", "covid_review_reason"),
        ),
        Measure(
            "plan_type", source_column="plans", decider="plan_type", trend_table="plan_trend",
            columns=_labelled(
                "plan_type:str:今後の予定の種類 plan_types_all:str:今後の予定の種類(すべて) "
                "plan_evidence:str:今後の予定の根拠 plan_decided_by:str:今後の予定の判定方法 "
                "plan_past_similarity:float64:予定と取り組みの類似度 "
                "plan_needs_review:bool:今後の予定_要確認 plan_review_reason:str:今後の予定_確認の理由"
            ),
            rule_codes=(
                *(f"plan_{c}" for c in ("conditional", "consider", "continue", "expand", "new")),
                "negation", "plan_hint", "plan_new_thing",
            ),
            precedence=("conditional", "continue", "expand", "new"), default="continue",
            figures=("by_goal", "trend"), evidence="plan_evidence", decided_by="plan_decided_by",
            review=("plan_needs_review", "plan_review_reason"),
        ),
    )
}
# fmt: on


def _decided_by_list(measure: Measure) -> dict[str, CodeList]:
    """The code list of the measure's decided_by column: the codes of `measure_decided_by`."""
    if not measure.decided_by:
        return {}
    return {
        measure.decided_by: CodeList(measure.decided_by, CODE_LISTS["measure_decided_by"].codes)
    }


for _measure in MEASURES.values():
    CODE_LISTS |= _decided_by_list(_measure)


def _trend_table(measure: Measure) -> Table:
    return Table(
        measure.trend_table,
        "year × category",
        (*YEAR_KEY, measure.name),
        (
            Column("fiscal_year", "int64"),
            Column(measure.name, "str"),
            Column("n_items", "int64"),
            Column("share", "float64"),
        ),
    )


TABLES |= {m.trend_table: _trend_table(m) for m in MEASURES.values()}


def register_measure(measure: Measure, code_list: CodeList) -> None:
    """Add a measure (and its code list, named as the measure) to the data model."""
    if code_list.name != measure.name:
        raise ValueError(f"code list {code_list.name!r} must be named as the measure")
    CODE_LISTS[code_list.name] = code_list
    CODE_LISTS.update(_decided_by_list(measure))
    MEASURES[measure.name] = measure
    TABLES[measure.trend_table] = _trend_table(measure)


def measure_columns() -> dict[str, str]:
    """Column → dtype of every measure's columns in `item_measures`, in registry order."""
    return {col: dtype for m in MEASURES.values() for col, (_, dtype) in m.columns.items()}


def code_order(column: str) -> list[str]:
    """The codes of the code list of `column` in display order (none if it has no list)."""
    return CODE_LISTS[column].order if column in CODE_LISTS else []


def code_colors(column: object, codes: Iterable[object]) -> list[str] | None:
    """The fixed colours of `codes` in the code list of `column`, if every code has one."""
    colors = CODE_LISTS[column].colors if column in CODE_LISTS else {}
    codes = list(codes)
    if codes and all(code in colors for code in codes):
        return [colors[str(code)] for code in codes]
    return None


# --- conformance ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """How a frame differs from its declared table."""

    table: str
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.problems)


def _expected(table: Table) -> list[Column]:
    """The table's columns, with the measures' columns in place of `<measures>`."""
    out: list[Column] = []
    for column in table.columns:
        if column.name == "<measures>":
            out += [Column(name, dtype) for name, dtype in measure_columns().items()]
        else:
            out.append(column)
    return out


def mismatch(name: str, df: pd.DataFrame) -> Mismatch:
    """What differs between `df` and the declared table `name`: columns, order, dtypes."""
    problems: list[str] = []
    expected = _expected(TABLES[name])
    actual = [(str(c), str(t)) for c, t in df.dtypes.items()]
    i = 0
    for column in expected:
        matched = 0
        while i < len(actual) and column.pattern.fullmatch(actual[i][0]):
            if actual[i][1] != column.dtype:
                problems.append(f"{actual[i][0]} is {actual[i][1]}, declared {column.dtype}")
            i, matched = i + 1, matched + 1
        if not matched and "<" not in column.name:
            problems.append(f"column {column.name} missing or out of order")
    problems += [f"undeclared column {c}" for c, _ in actual[i:]]
    return Mismatch(name, problems)

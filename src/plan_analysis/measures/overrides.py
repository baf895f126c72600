"""The analyst's decisions that stick: measure overrides, carried forward through lineage.

`data/reference/measure_overrides.csv` (fiscal_year, item_id, measure, value, note) sets a
measure of one item; the override wins (`<measure>_decided_by` = analyst). Next year the
decision goes to the item that continues it (`year_links`: same, renamed, moved, split,
merged) when the cell the measure is decided from (its source column) reads the same —
then `carried` — and on, year after year, while it does. When that text changed, the rule
decides again and the item is put in the review queue saying whose decision no longer
applies.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analyst_files import read_reference_csv, reject_rows
from ..errors import PlanAnalysisError
from ..labels import value_label
from ..schema import CODE_LISTS, MEASURES
from ..schema import ITEM_KEYS as _ITEM_KEYS

ITEM_KEYS = list(_ITEM_KEYS)

OVERRIDE_COLUMNS: tuple[str, ...] = ("fiscal_year", "item_id", "measure", "value", "note")
#: Review reason of an item whose analyst decision of an earlier year no longer applies.
TEXT_CHANGED = "{year}年度の担当者の判断（{item_id}: {value}）の後に文章が変わった"


def no_overrides() -> pd.DataFrame:
    """An overrides table without rows."""
    return pd.DataFrame(columns=list(OVERRIDE_COLUMNS)).astype({"fiscal_year": "int64"})


def load_overrides(path: Path) -> pd.DataFrame:
    """The rows of `measure_overrides.csv`: a four-digit year, an item_id, a measure of the
    registry with a decider of its own (covid_effect, plan_type …) and one of its codes."""
    df = read_reference_csv(path, OVERRIDE_COLUMNS[:4])
    if "note" not in df.columns:
        df["note"] = ""
    measures = [m.name for m in MEASURES.values() if m.decided_by]
    reject_rows(
        df,
        ~df["fiscal_year"].str.fullmatch(r"\d{4}") | (df["item_id"] == ""),
        path,
        "an override needs a four-digit fiscal_year and an item_id (e.g. 2022,2022-014,…)",
    )
    reject_rows(df, ~df["measure"].isin(measures), path, f"measure must be one of {measures}")
    for name in measures:
        codes = CODE_LISTS[name].order
        bad = (df["measure"] == name) & ~df["value"].isin(codes)
        reject_rows(df, bad, path, f"a value of {name} is one of {', '.join(codes)}")
    reject_rows(
        df,
        df.duplicated(["fiscal_year", "item_id", "measure"], keep=False),
        path,
        "the same item and measure are decided twice",
    )
    out = df[list(OVERRIDE_COLUMNS)].astype({"fiscal_year": "int64"})
    out.attrs["source"] = str(path)
    return out


def _successors(year_links: pd.DataFrame) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """(year, item_id) → the items of the next compared year that continue it."""
    linked = year_links.dropna(subset=["item_id_from", "item_id_to"])
    out: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for a, f, b, t in zip(
        linked["fiscal_year_from"], linked["item_id_from"], linked["fiscal_year_to"],
        linked["item_id_to"], strict=True,
    ):  # fmt: skip
        out.setdefault((int(a), f), []).append((int(b), t))
    return out


def decisions(
    overrides: pd.DataFrame, items: pd.DataFrame, year_links: pd.DataFrame
) -> pd.DataFrame:
    """Every (fiscal_year, item_id, measure) the analyst decided, directly or carried:
    value, decided_by (analyst, carried) or, where the text changed, the review reason."""
    loaded = overrides[overrides["fiscal_year"].isin(set(items["fiscal_year"]))]
    text = items.set_index(ITEM_KEYS)
    missing = loaded[~pd.MultiIndex.from_frame(loaded[ITEM_KEYS]).isin(text.index)]
    if len(missing):
        row = missing.iloc[0]
        raise PlanAnalysisError(
            f"row {row['fiscal_year']},{row['item_id']},{row['measure']}: no item "
            f"{row['item_id']} in the table of fiscal year {row['fiscal_year']}",
            file=overrides.attrs.get("source"),
        )
    after = _successors(year_links)
    rows = []
    for year, item_id, measure, value in zip(
        loaded["fiscal_year"], loaded["item_id"], loaded["measure"], loaded["value"], strict=True
    ):
        source = MEASURES[measure].source_column
        rows.append((year, item_id, measure, value, "analyst", ""))
        frontier = [(int(year), item_id, text.at[(year, item_id), source])]
        while frontier:
            y, i, decided_text = frontier.pop()
            for nxt in after.get((y, i), []):
                now = text.at[nxt, source]
                if now == decided_text:
                    rows.append((*nxt, measure, value, "carried", ""))
                    frontier.append((*nxt, decided_text))
                else:
                    shown = value_label(measure, value)
                    reason = TEXT_CHANGED.format(year=year, item_id=item_id, value=shown)
                    rows.append((*nxt, measure, "", "", reason))
    out = pd.DataFrame(rows, columns=[*ITEM_KEYS, "measure", "value", "decided_by", "reason"])
    # a direct decision of a later year wins over one carried to it
    out["direct"] = out["decided_by"] == "analyst"
    out = out.sort_values([*ITEM_KEYS, "measure", "direct"], ascending=[True, True, True, False])
    return out.drop_duplicates([*ITEM_KEYS, "measure"]).drop(columns="direct")


def apply_overrides(
    item_measures: pd.DataFrame,
    overrides: pd.DataFrame,
    items: pd.DataFrame,
    year_links: pd.DataFrame,
) -> pd.DataFrame:
    """`item_measures` with the analyst's decisions in place: value and decided_by set, the
    evidence kept (what the rule read), and the review flag cleared — or, where a carried
    decision met a changed text, the rule's result kept and flagged with the reason."""
    out = item_measures.copy()
    if overrides.empty:
        return out
    decided = decisions(overrides, items, year_links)
    index = pd.MultiIndex.from_frame(out[ITEM_KEYS])
    for measure, rows in decided.groupby("measure"):
        spec = MEASURES[measure]
        needs, reason = spec.review
        keys = pd.MultiIndex.from_frame(rows[ITEM_KEYS])
        at = index.get_indexer(keys)
        set_value = (rows["decided_by"] != "").to_numpy()
        out.loc[out.index[at[set_value]], measure] = rows.loc[set_value, "value"].to_numpy()
        out.loc[out.index[at[set_value]], spec.decided_by] = rows.loc[
            set_value, "decided_by"
        ].to_numpy()
        out.loc[out.index[at[set_value]], needs] = False
        out.loc[out.index[at[set_value]], reason] = ""
        changed = at[~set_value]
        out.loc[out.index[changed], needs] = True
        previous = out.loc[out.index[changed], reason]
        added = rows.loc[~set_value, "reason"].to_numpy()
        out.loc[out.index[changed], reason] = [
            f"{p}; {a}" if p else a for p, a in zip(previous, added, strict=True)
        ]
    return out

"""The themes the council is shown, per item, each traceable to the sentence that decided it.

- covid_mentioned / covid_effect (suspended, partial, adapted, none) from これまでの取り組み;
- plan_type (conditional, continue, expand, new) and all types present, from 今後の予定;
- plan_past_similarity: how much the plan repeats the past efforts;
- one boolean column per analyst code of `coding_rules.txt` (prefixed `theme_`).

Decisions go through the editable codes of `data/reference/theme_rules.txt` (its header
states the decision order), evaluated per sentence on tokens, never on raw strings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .coding import ITEM_KEYS, Rule, code_sentences, load_rules, roll_up
from .config import PLAN_REPEATS_PAST, default_paths
from .errors import PlanAnalysisError
from .text import SENTENCE_KEYS
from .trends import tally

THEME_RULES_FILE = "theme_rules.txt"
THEME_CODES: tuple[str, ...] = (
    "covid",
    "suspend",
    "partial",
    "adapt",
    "plan_conditional",
    "plan_consider",
    "plan_continue",
    "plan_expand",
    "plan_new",
)
#: plan types in the order of precedence used for the dominant type
PLAN_TYPES: tuple[str, ...] = ("conditional", "continue", "expand", "new")
COVID_EFFECT_CATEGORIES: tuple[str, ...] = ("suspended", "partial", "adapted", "none")
#: parts of speech whose base forms make up a text's vocabulary for plan_past_similarity
CONTENT_POS: frozenset[str] = frozenset({"名詞", "動詞", "形容詞"})


def load_theme_rules(reference_dir: Path | None = None) -> list[Rule]:
    """The theme codes; every code the measures read must be defined."""
    path = (reference_dir or default_paths().reference) / THEME_RULES_FILE
    rules = load_rules(path)
    missing = sorted(set(THEME_CODES) - {r.name for r in rules})
    if missing:
        raise PlanAnalysisError(f"theme rules lack the code(s) {missing}", file=path)
    return rules


def _coded_with_text(
    tokens: pd.DataFrame, sentences: pd.DataFrame, rules: list[Rule]
) -> pd.DataFrame:
    coded = code_sentences(tokens, rules)
    text = sentences[[*SENTENCE_KEYS, "seg_no", "department", "text"]]
    return text.merge(coded, on=SENTENCE_KEYS, how="left", validate="1:1").fillna(
        {code: False for code in THEME_CODES}
    )


def _first_text(rows: pd.DataFrame) -> str:
    return str(rows["text"].iat[0]) if len(rows) else ""


def _covid_effect(past: pd.DataFrame) -> tuple[str, str]:
    """(effect, evidence sentence) of one item's これまでの取り組み sentences."""
    in_context = past[past.groupby("seg_no")["covid"].transform("any")]
    if in_context["partial"].any():
        return "partial", _first_text(in_context[in_context["partial"]])
    suspended = in_context[in_context["suspend"]]
    if len(suspended):
        owners = past.groupby("department")["suspend"].any()
        effect = "partial" if owners.any() and not owners.all() and len(owners) > 1 else "suspended"
        return effect, _first_text(suspended)
    if in_context["adapt"].any():
        return "adapted", _first_text(in_context[in_context["adapt"]])
    return "none", ""


def covid_measures(coded: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """covid_mentioned, covid_effect and covid_evidence per item."""
    rows = []
    for (year, item_id), group in coded.groupby(ITEM_KEYS, sort=True):
        effect, evidence = _covid_effect(group[group["column"] == "past_efforts"])
        rows.append((year, item_id, bool(group["covid"].any()), effect, evidence))
    df = pd.DataFrame(
        rows, columns=[*ITEM_KEYS, "covid_mentioned", "covid_effect", "covid_evidence"]
    )
    return _complete(
        items, df, {"covid_mentioned": False, "covid_effect": "none", "covid_evidence": ""}
    )


def _plan_flags(plans: pd.DataFrame) -> pd.DataFrame:
    """Per sentence: which plan types it expresses."""
    return pd.DataFrame(
        {
            "conditional": plans["plan_conditional"]
            | (plans["plan_consider"] & ~plans["plan_continue"]),
            "continue": plans["plan_continue"],
            "expand": plans["plan_expand"],
            "new": plans["plan_new"],
        }
    )


def _plan_type(plans: pd.DataFrame) -> tuple[str, str, str, str]:
    """(dominant type, all types, evidence sentence, decided_by) of one item's plans.

    A plan without any marker word is `continue` (decided_by "default"): a progress table
    states what is new (新たに, 構築, 体制づくり …), while routine work goes unmarked. On the
    R3 seed plan_past_similarity could not tell the unmarked new plans (0.17–0.36) from the
    unmarked routine ones (0.07–0.41), so it does not decide.
    """
    flags = _plan_flags(plans)
    present = [t for t in PLAN_TYPES if flags[t].any()]
    if present:
        dominant = present[0]
        return dominant, ",".join(present), _first_text(plans[flags[dominant].to_numpy()]), "rule"
    return "continue", "continue", _first_text(plans), "default"


def content_vocabulary(tokens: pd.DataFrame) -> pd.Series:
    """Set of content-word base forms per item × column (stop words left out)."""
    words = tokens[tokens["pos1"].isin(CONTENT_POS) & ~tokens["is_stop"]]
    return words.groupby([*ITEM_KEYS, "column"])["base"].agg(frozenset)


def plan_past_similarity(tokens: pd.DataFrame, items: pd.DataFrame) -> pd.Series:
    """Jaccard of the content words of 今後の予定 and これまでの取り組み, per item (0–1).

    Jaccard over base forms ignores word order and inflection (行った/行う), so a plan that
    restates the past in other grammar still scores high, while character ratios would be
    dominated by shared kana endings. An item with an empty cell scores 0.
    """
    vocab = content_vocabulary(tokens)
    scores = []
    for year, item_id in items[ITEM_KEYS].itertuples(index=False):
        plans = vocab.get((year, item_id, "plans"), frozenset())
        past = vocab.get((year, item_id, "past_efforts"), frozenset())
        union = plans | past
        scores.append(len(plans & past) / len(union) if union else 0.0)
    return pd.Series(
        scores, index=pd.MultiIndex.from_frame(items[ITEM_KEYS]), name="plan_past_similarity"
    )


def plan_measures(coded: pd.DataFrame, items: pd.DataFrame, similarity: pd.Series) -> pd.DataFrame:
    """plan_type, plan_types_all, plan_evidence, plan_decided_by, plan_past_similarity."""
    plans = coded[coded["column"] == "plans"]
    grouped = dict(iter(plans.groupby(ITEM_KEYS, sort=True)))
    rows = []
    for year, item_id in items[ITEM_KEYS].itertuples(index=False):
        group = grouped.get((year, item_id), plans.iloc[0:0])
        rows.append((year, item_id, *_plan_type(group), float(similarity.loc[(year, item_id)])))
    columns = [*ITEM_KEYS, "plan_type", "plan_types_all", "plan_evidence", "plan_decided_by"]
    return pd.DataFrame(rows, columns=[*columns, "plan_past_similarity"])


def _complete(items: pd.DataFrame, df: pd.DataFrame, defaults: dict[str, object]) -> pd.DataFrame:
    """`df` with a row for every item (items without sentences get `defaults`), in item order."""
    out = items[ITEM_KEYS].merge(df, on=ITEM_KEYS, how="left", validate="1:1")
    return out.fillna(defaults).astype({k: type(v) for k, v in defaults.items()})


def theme_flags(tokens: pd.DataFrame, items: pd.DataFrame, rules: list[Rule]) -> pd.DataFrame:
    """One boolean column `theme_<code>` per analyst code: any sentence of the item has it."""
    coded = roll_up(code_sentences(tokens, rules), universe=items)
    codes = [r.name for r in rules]
    return coded.rename(columns={c: f"theme_{c}" for c in codes})


def item_measures(
    items: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    theme_rules: list[Rule],
    coding_rules: list[Rule],
) -> pd.DataFrame:
    """The `item_measures` table of DESIGN.md §3, one row per item in table order."""
    coded = _coded_with_text(tokens, sentences, theme_rules)
    out = items[[*ITEM_KEYS, "is_repost"]]
    out = out.merge(covid_measures(coded, items), on=ITEM_KEYS, validate="1:1")
    similarity = plan_past_similarity(tokens, items)
    out = out.merge(plan_measures(coded, items, similarity), on=ITEM_KEYS, validate="1:1")
    return out.merge(theme_flags(tokens, items, coding_rules), on=ITEM_KEYS, validate="1:1")


def measure_counts(
    measures: pd.DataFrame, groups: pd.DataFrame, by: str, column: str, categories: tuple[str, ...]
) -> pd.DataFrame:
    """Items per fiscal year × group × category of `column`, with shares; reposts left out.

    `groups` maps items to the grouping (`items` for goal_no/area_no, `item_departments` for
    department/division — an item then counts once in each of its owners' groups).
    """
    keep = measures.loc[~measures["is_repost"], [*ITEM_KEYS, column]]
    grouped = groups[[*ITEM_KEYS, by]].drop_duplicates().merge(keep, on=ITEM_KEYS, validate="m:1")
    out = tally(grouped, ["fiscal_year", by], column, categories, "n")
    out["n_items"] = out.groupby(["fiscal_year", by])["n"].transform("sum")
    return out


def repeating_plans(measures: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Items whose 今後の予定 nearly repeats これまでの取り組み, most similar first."""
    cols = [*ITEM_KEYS, "name", "past_efforts", "plans"]
    out = measures.loc[measures["plan_past_similarity"] >= PLAN_REPEATS_PAST].merge(
        items[cols], on=ITEM_KEYS, validate="1:1"
    )
    out = out[~out["is_repost"]]
    keep = [*cols, "plan_past_similarity", "plan_type"]
    return (
        out[keep]
        .sort_values(["fiscal_year", "plan_past_similarity"], ascending=[True, False])
        .reset_index(drop=True)
    )

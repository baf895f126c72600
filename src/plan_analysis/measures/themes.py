"""The themes the council is shown, per item, each traceable to the sentence that decided it.

- covid_mentioned / covid_effect (suspended, partial, adapted, none) from これまでの取り組み;
- plan_type (conditional, continue, expand, new) and all types present, from 今後の予定;
- plan_past_similarity: how much the plan repeats the past efforts;
- one boolean column per analyst code of `coding_rules.txt` (prefixed `theme_`).

Decisions go through the editable codes of `data/reference/theme_rules.txt` (its header
states the decision order), evaluated per sentence on tokens, never on raw strings. Which
measures exist is `schema.MEASURES`; each names its decider in `DECIDERS` below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import PLAN_REPEATS_PAST
from ..errors import PlanAnalysisError
from ..load import counted
from ..schema import ITEM_KEYS as _ITEM_KEYS
from ..schema import MEASURES, Measure
from ..text import SENTENCE_KEYS, Rule, code_sentences, roll_up
from .overrides import no_overrides

ITEM_KEYS = list(_ITEM_KEYS)
#: parts of speech whose base forms make up a text's vocabulary for plan_past_similarity
CONTENT_POS: frozenset[str] = frozenset({"名詞", "動詞", "形容詞"})
#: Prefix of the item_measures column of each analyst code of `coding_rules.txt`.
THEME_PREFIX = "theme_"


@dataclass(frozen=True)
class MeasureRules:
    """The rules the measures read: the theme rules (`theme_rules.txt`), the analyst's
    coding rules (`coding_rules.txt`), the rules of measures with a file of their own
    (`Measure.rules_file`), by measure name, and the analyst's decisions per item."""

    theme: Sequence[Rule]
    coding: Sequence[Rule] = ()
    own: Mapping[str, Sequence[Rule]] = field(default_factory=dict)
    #: The analyst's decisions (`overrides.load_overrides`), applied after the rules.
    overrides: pd.DataFrame = field(default_factory=no_overrides)

    def combined(self) -> list[Rule]:
        """Every rule under one name space, so that sentences are coded in one pass: theme
        codes as they are, a measure's own codes as `<measure>:<code>`, the analyst's codes
        as `theme_<code>`."""
        own = [
            dataclasses.replace(rule, name=f"{measure}:{rule.name}")
            for measure, rules in self.own.items()
            for rule in rules
        ]
        coding = [dataclasses.replace(r, name=f"{THEME_PREFIX}{r.name}") for r in self.coding]
        return [*self.theme, *own, *coding]


def check_rule_codes(measure: Measure, rules: Sequence[Rule], path: Path) -> None:
    """Every code the measure's decider reads must be defined in its rules file."""
    missing = sorted(set(measure.rule_codes) - {r.name for r in rules})
    if missing:
        which = "theme rules" if measure.rules_file is None else f"the rules of {measure.name}"
        raise PlanAnalysisError(f"{which} lack the code(s) {missing}", file=path)


def _with_text(coded: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every sentence with its paragraph, owner and text, and its codes (sentences without
    tokens have none)."""
    text = sentences[[*SENTENCE_KEYS, "seg_no", "department", "text"]]
    codes = [c for c in coded.columns if c not in SENTENCE_KEYS]
    return text.merge(coded, on=SENTENCE_KEYS, how="left", validate="1:1").fillna(
        {code: False for code in codes}
    )


def _first_text(rows: pd.DataFrame) -> str:
    return str(rows["text"].iat[0]) if len(rows) else ""


#: Why a decision is put in the review queue (`*_review_reason`, joined by "; ").
REVIEW_REASONS: dict[str, str] = {
    "no_effect_word": "COVID is mentioned without an effect word",
    "far": "the effect word is in another sentence than the COVID mention",
    "contrast": "a contrast (ものの, 一方 …) in the deciding sentence",
    "other_cause": "a cancellation put down to another cause than the pandemic",
    "no_marker": "no marker word: the default type",
    "several": "sentences of several types",
    "negation": "a negation in the deciding sentence",
}


@dataclass(frozen=True)
class Decision:
    """One item's decision of a measure: the category, its evidence sentence, who decided
    (rule or default) and why it should be looked at (review reason codes)."""

    value: str
    evidence: str = ""
    decided_by: str = "default"
    review: tuple[str, ...] = ()


def _covid_effect(past: pd.DataFrame) -> Decision:
    """The covid_effect of one item's これまでの取り組み sentences (see theme_rules.txt).

    Only sentences of paragraphs that mention the pandemic count, and a suspension whose
    sentence names another cause (台風, 改修, 担い手不足 …) and not the pandemic is none."""
    in_context = past[past.groupby("seg_no")["covid"].transform("any")]
    other = in_context["suspend"] & in_context["other_cause"] & ~in_context["covid"]
    review = ("other_cause",) if other.any() else ()
    before = in_context["stopped_before"] & in_context["resume"]
    denied = in_context["not_suspended"] | before
    in_context = in_context.assign(
        suspend=in_context["suspend"] & ~other & ~denied,
        partial=in_context["partial"] & ~denied,
    )
    for effect, flag in (("partial", "partial"), ("suspended", "suspend"), ("adapted", "adapt")):
        hits = in_context[in_context[flag]]
        if hits.empty:
            continue
        if effect == "suspended":
            owners = past.groupby("department")["suspend"].any()
            some_owners = owners.any() and not owners.all() and len(owners) > 1
            held_too = bool(in_context["resume"].any() or hits["contrast"].any())
            if some_owners or held_too:
                effect = "partial"
        first = hits.iloc[0]
        review += ("far",) if not first["covid"] else ()
        review += ("contrast",) if first["contrast"] else ()
        return Decision(effect, str(first["text"]), "rule", review)
    if len(in_context):
        review += ("no_effect_word",)
    return Decision("none", "", "default", review)


def _review_columns(review: tuple[str, ...]) -> tuple[bool, str]:
    return bool(review), "; ".join(REVIEW_REASONS[r] for r in review)


def covid_measures(
    coded: pd.DataFrame, items: pd.DataFrame, tokens: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """covid_mentioned, covid_effect, its evidence, decided_by, covid_resumed (a resumption
    reported, not put down to another cause) and the review columns, per item."""
    rows = []
    for (year, item_id), group in coded.groupby(ITEM_KEYS, sort=True):
        past = group[group["column"] == measure.source_column]
        decision = _covid_effect(past)
        mentioned = bool(group["covid"].any())
        resumed = bool((past["resume"] & ~past["other_cause"]).any())
        rows.append(
            (year, item_id, mentioned, decision.value, decision.evidence, decision.decided_by,
             resumed, *_review_columns(decision.review))
        )  # fmt: skip
    columns = [*ITEM_KEYS, *measure.columns]
    defaults = {
        "covid_mentioned": False,
        "covid_effect": "none",
        "covid_evidence": "",
        "covid_decided_by": "default",
        "covid_resumed": False,
        "covid_needs_review": False,
        "covid_review_reason": "",
    }
    return _complete(items, pd.DataFrame(rows, columns=columns), defaults)


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


def _plan_type(plans: pd.DataFrame, measure: Measure) -> tuple[str, str, Decision]:
    """(dominant type, all types, decision) of one item's plans.

    A plan without any marker word is `continue` (decided_by "default"): a progress table
    states what is new (新たに, 構築, 体制づくり …), while routine work goes unmarked. On the
    R3 seed plan_past_similarity could not tell the unmarked new plans (0.17–0.36) from the
    unmarked routine ones (0.07–0.41), so it does not decide.
    """
    flags = _plan_flags(plans)
    present = [t for t in measure.precedence if flags[t].any()]
    if present:
        dominant = present[0]
        deciding = plans[flags[dominant].to_numpy()]
        review = ("several",) if len(present) > 1 else ()
        review += ("negation",) if bool(deciding["negation"].iat[0]) else ()
        evidence = _first_text(deciding)
        return dominant, ",".join(present), Decision(dominant, evidence, "rule", review)
    return (
        measure.default,
        measure.default,
        Decision(measure.default, _first_text(plans), "default", ("no_marker",)),
    )


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


def plan_measures(
    coded: pd.DataFrame, items: pd.DataFrame, tokens: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """plan_type, plan_types_all, plan_evidence, plan_decided_by, plan_past_similarity."""
    similarity = plan_past_similarity(tokens, items)
    plans = coded[coded["column"] == measure.source_column]
    grouped = dict(iter(plans.groupby(ITEM_KEYS, sort=True)))
    rows = []
    for year, item_id in items[ITEM_KEYS].itertuples(index=False):
        group = grouped.get((year, item_id), plans.iloc[0:0])
        dominant, present, decision = _plan_type(group, measure)
        rows.append(
            (year, item_id, dominant, present, decision.evidence, decision.decided_by,
             float(similarity.loc[(year, item_id)]), *_review_columns(decision.review))
        )  # fmt: skip
    return pd.DataFrame(rows, columns=[*ITEM_KEYS, *measure.columns])


def _complete(items: pd.DataFrame, df: pd.DataFrame, defaults: dict[str, object]) -> pd.DataFrame:
    """`df` with a row for every item (items without sentences get `defaults`), in item order."""
    out = items[ITEM_KEYS].merge(df, on=ITEM_KEYS, how="left", validate="1:1")
    return out.fillna(defaults).astype({k: type(v) for k, v in defaults.items()})


def first_match(
    coded: pd.DataFrame, items: pd.DataFrame, tokens: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """A measure decided by its own rules file: the first category (in precedence, else
    code-list order) whose code `<category>` matches a sentence of the source column; its
    first such sentence is the evidence. An item no code matches gets `measure.default`."""
    rows = coded[coded["column"] == measure.source_column]
    decided = items[ITEM_KEYS].assign(**{measure.name: measure.default, measure.evidence: ""})
    for category in reversed(measure.count_order):
        code = f"{measure.name}:{category}"
        if code not in rows.columns:
            continue
        first = rows.loc[rows[code].astype(bool), [*ITEM_KEYS, "text"]].drop_duplicates(ITEM_KEYS)
        evidence = decided[ITEM_KEYS].merge(first, on=ITEM_KEYS, how="left", validate="1:1")
        hit = evidence["text"].notna().to_numpy()
        decided.loc[hit, measure.name] = category
        decided.loc[hit, measure.evidence] = evidence.loc[hit, "text"].to_numpy()
    return decided


#: How each measure is decided (`Measure.decider`): (sentences with codes and text, items,
#: tokens, the measure) → one row per item with the measure's columns.
Decider = Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame, Measure], pd.DataFrame]
DECIDERS: dict[str, Decider] = {
    "covid_effect": covid_measures,
    "plan_type": plan_measures,
    "first_match": first_match,
}


def theme_flags(coded: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The `theme_<code>` columns of `coded`, true for an item when any of its sentences has
    the analyst's code (items without sentences: false)."""
    themes = [c for c in coded.columns if c.startswith(THEME_PREFIX)]
    return roll_up(coded[[*SENTENCE_KEYS, *themes]], universe=items)


def item_measures(
    items: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, rules: MeasureRules
) -> pd.DataFrame:
    """The `item_measures` table: every measure of `schema.MEASURES` and the analyst's codes,
    one row per item in table order. Sentences are coded once for all rules."""
    coded = code_sentences(tokens, rules.combined())
    with_text = _with_text(coded, sentences)
    out = items[[*ITEM_KEYS, "is_repost"]]
    for measure in MEASURES.values():
        decided = DECIDERS[measure.decider](with_text, items, tokens, measure)
        columns = [*ITEM_KEYS, *measure.columns]
        out = out.merge(decided[columns], on=ITEM_KEYS, how="left", validate="1:1")
    return out.merge(theme_flags(coded, items), on=ITEM_KEYS, validate="1:1")


def repeating_plans(measures: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Items whose 今後の予定 nearly repeats これまでの取り組み, most similar first."""
    cols = [*ITEM_KEYS, "name", "past_efforts", "plans"]
    repeating = counted(measures.loc[measures["plan_past_similarity"] >= PLAN_REPEATS_PAST])
    out = repeating.merge(items[cols], on=ITEM_KEYS, validate="1:1")
    keep = [*cols, "plan_past_similarity", "plan_type"]
    return (
        out[keep]
        .sort_values(["fiscal_year", "plan_past_similarity"], ascending=[True, False])
        .reset_index(drop=True)
    )


def analyst_codes(item_measures: pd.DataFrame) -> dict[str, str]:
    """The `theme_<code>` columns of `item_measures` → the analyst's code names."""
    return {
        c: c.removeprefix(THEME_PREFIX) for c in item_measures.columns if c.startswith(THEME_PREFIX)
    }


def items_with_measures(
    items: pd.DataFrame,
    item_measures: pd.DataFrame,
    item_columns: Sequence[str],
    measure_columns: Sequence[str],
) -> pd.DataFrame:
    """The chosen columns of items joined with chosen measure columns, one row per item of
    `item_measures` (already filtered as wanted), in the order of `items`."""
    keep = items[[*ITEM_KEYS, *item_columns]]
    return keep.merge(item_measures[[*ITEM_KEYS, *measure_columns]], on=ITEM_KEYS, validate="1:1")

"""The themes the council is shown, per item, each traceable to the sentence that decided it.

- covid_mentioned / covid_effect (suspended, partial, adapted, none) from これまでの取り組み;
- plan_type (conditional, continue, expand, new) and all types present, from 今後の予定;
- plan_past_similarity: how much the plan repeats the past efforts;
- one boolean column per analyst code of `coding_rules.txt` (prefixed `theme_`).

Decisions go through the editable codes of `data/reference/theme_rules.txt` (its header
states the decision order), evaluated per sentence and per clause (`text.clauses`) on
tokens, never on raw strings; the evidence shown is the deciding clause. Which measures
exist is `schema.MEASURES`; each names its decider in `DECIDERS` below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import PLAN_NOVEL_NOUNS, PLAN_REPEATS_PAST
from ..errors import PlanAnalysisError
from ..load import counted
from ..schema import ITEM_KEYS as _ITEM_KEYS
from ..schema import MEASURES, Measure
from ..text import SENTENCE_KEYS, Rule, roll_up
from ..text.clauses import CLAUSE_KEYS, clause_numbers, clause_texts
from ..text.coding import code_units
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


@dataclass(frozen=True)
class CodedText:
    """A table's text with the theme codes: `sentences` (`_with_text`) and `clauses` (one
    row per clause: keys, seg_no, text, is_purpose, is_past_reference and the codes)."""

    sentences: pd.DataFrame
    clauses: pd.DataFrame


def code_text(tokens: pd.DataFrame, sentences: pd.DataFrame, rules: Sequence[Rule]) -> CodedText:
    """Sentences and clauses coded with `rules` (the theme codes and any others)."""
    numbered = clause_numbers(tokens)
    coded, by_clause = code_units(numbered, rules, [SENTENCE_KEYS, CLAUSE_KEYS])
    clauses = clause_texts(numbered).merge(by_clause, on=CLAUSE_KEYS, validate="1:1")
    return CodedText(_with_text(coded, sentences), clauses)


#: Why a decision is put in the review queue (`*_review_reason`, joined by "; "): the code
#: the rules set → the reason as the analyst reads it.
REVIEW_REASONS: dict[str, str] = {
    "no_effect_word": "コロナに触れているが、影響の語も再開の語もない",
    "far": "影響の語が、コロナに触れた文とは別の文にある",
    "contrast": "判定した文に逆接（ものの・一方 など）がある",
    "other_cause": "コロナ以外の理由（台風・改修・担い手不足 など）による中止がある",
    "held": "中止と判定したが、別の文に実施・開催の記載がある（一部中止かもしれない）",
    "past_mention": "コロナが以前の取り組みを指す節（「流行期に始めた」など）にしかない",
    "no_mention": "縮小・書面などの語があるが、コロナの名がない（原因は推測になる）",
    "no_marker": "種類の目印の語がないが、来年度・目指す・判断などの語や、ほかの欄にない語が多い"
    "（「新たに」のない新規かもしれない）",
    "tie": "種類の違う節が同数で、決めた順番で判定した",
    "mixed_clause": "判定した節に複数の種類の語がある（「引き続き…強化」など）",
    "negation": "判定した節に否定がある",
    "new_thing": "「新たな」が物を説明しているだけかもしれない（新しい取り組みとは限らない）",
}


def review_columns(flags: Mapping[str, pd.Series]) -> tuple[pd.Series, pd.Series]:
    """(needs_review, review_reason) from one boolean Series per reason code of
    `REVIEW_REASONS` (aligned rows): the reasons that hold, joined by "; "."""
    index = next(iter(flags.values())).index
    reason = pd.Series("", index=index)
    for code, hit in flags.items():
        reason += np.where(hit, "; " + REVIEW_REASONS[code], "")
    reason = reason.str.removeprefix("; ")
    return reason != "", reason


#: The effects in the order they are looked for, with the code that shows each.
_EFFECTS = (("partial", "partial"), ("suspended", "suspend"), ("adapted", "adapt"))


def _covid_sentences(past: pd.DataFrame) -> pd.DataFrame:
    """The これまでの取り組み sentences with the flags that decide (see theme_rules.txt): only
    sentences of paragraphs that mention the pandemic count (`in_context`); a suspension
    whose sentence names another cause and not the pandemic, a denied one (中止とはせず) and
    a stop of before with a resumption (中止していた…を再開) are no suspension."""
    in_context = past.groupby([*ITEM_KEYS, "seg_no"])["covid"].transform("any")
    other = past["suspend"] & past["other_cause"] & ~past["covid"]
    before = past["stopped_before"] & past["resume"]
    denied = past["not_suspended"] | before
    suspend = past["suspend"] & ~other & ~denied
    return past.assign(
        in_context=in_context,
        other=other & in_context,
        partial_hit=past["partial"] & ~denied & in_context,
        suspend_hit=suspend & in_context,
        adapt_hit=past["adapt"] & ~before & in_context,
        carried=past["carried_on"] & ~suspend & in_context,
        resume_ctx=past["resume"] & in_context,
        covid_resume=past["covid"] & past["resume"] & in_context,
        contrast_hit=past["contrast"] & suspend & in_context,
        held_other=past["held"] & ~past["suspend"],
        raw_effect=past["partial"] | past["adapt"],
        resumed=past["resume"] & ~past["other_cause"],
    )


def _some_owners_suspended(past: pd.DataFrame) -> pd.Series:
    """Per item: some owners' paragraphs report a suspension and others do not."""
    owners = past.groupby([*ITEM_KEYS, "department"])["suspend"].any()
    per_item = owners.groupby(level=list(range(len(ITEM_KEYS))))
    return per_item.any() & ~per_item.all() & (per_item.size() > 1)


def _pick(frame: pd.DataFrame, choice: pd.Series, columns: Mapping[str, str]) -> np.ndarray:
    """Per row, the value of the column `columns[choice]` (False where none applies)."""
    picked = np.select([choice == key for key in columns], [frame[c] for c in columns.values()])
    return picked.astype(bool)


def _evidence_clauses(first: pd.DataFrame, clauses: pd.DataFrame) -> np.ndarray:
    """Per deciding sentence of `first` (keys, sent_no, flag, text): its first clause that
    has the deciding code, else the whole sentence."""
    pairs = first[[*ITEM_KEYS, "sent_no", "flag"]].merge(clauses, on=[*ITEM_KEYS, "sent_no"])
    has = _pick(pairs, pairs["flag"], {flag: flag for _, flag in _EFFECTS})
    chosen = pairs[has].drop_duplicates(ITEM_KEYS)[[*ITEM_KEYS, "text"]]
    found = first[ITEM_KEYS].merge(chosen, on=ITEM_KEYS, how="left", validate="1:1")["text"]
    return found.fillna(first["text"].reset_index(drop=True)).to_numpy()


def covid_measures(
    coded: CodedText, items: pd.DataFrame, tokens: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """covid_mentioned, covid_effect, its evidence clause, decided_by, covid_resumed (a
    resumption reported, not put down to another cause) and the review columns, per item.

    The effect is partial if a counted sentence has *partial; else suspended if one has
    *suspend — partial when some owners suspended and others not, or beside a resumption, a
    contrast or another part carried on; else adapted if one has *adapt; else none."""
    every = coded.sentences
    past = _covid_sentences(every[every["column"] == measure.source_column])
    hit_of = {flag: f"{flag}_hit" for _, flag in _EFFECTS}
    per_item = ["in_context", "other", "carried", "resume_ctx", "covid_resume", "contrast_hit",
                "held_other", "raw_effect", "resumed", *hit_of.values()]  # fmt: skip
    out = every.groupby(ITEM_KEYS, sort=True)["covid"].any().rename("covid_mentioned").to_frame()
    out = out.join(past.groupby(ITEM_KEYS)[per_item].any()).fillna(False).astype(bool)
    out["some_owners"] = _some_owners_suspended(past).reindex(out.index, fill_value=False)
    found = [out[hit] for hit in hit_of.values()]
    out["flag"] = np.select(found, list(hit_of), "")
    effect = np.select(found, [effect for effect, _ in _EFFECTS], measure.default)
    split = out[["some_owners", "resume_ctx", "contrast_hit", "carried"]].any(axis=1)
    out["covid_effect"] = np.where((effect == "suspended") & split, "partial", effect)
    out = out.reset_index()
    decided = (out["covid_effect"] != measure.default).to_numpy()
    # the evidence: the first counted sentence with the deciding code, and its clause
    hits = past.merge(out.loc[decided, [*ITEM_KEYS, "flag"]], on=ITEM_KEYS)
    first = hits[_pick(hits, hits["flag"], hit_of)].drop_duplicates(ITEM_KEYS)
    first = first.assign(covid_evidence=_evidence_clauses(first, coded.clauses))
    first = first[[*ITEM_KEYS, "covid_evidence", "covid", "contrast"]]
    out = out.merge(first.rename(columns={"covid": "first_covid", "contrast": "first_contrast"}),
                    on=ITEM_KEYS, how="left", validate="1:1")  # fmt: skip
    clauses = coded.clauses
    mention = clauses[(clauses["column"] == measure.source_column) & clauses["covid"]]
    past_only = mention.groupby(ITEM_KEYS)["is_past_reference"].all()
    past_only = out.set_index(ITEM_KEYS).index.map(past_only).fillna(False).to_numpy(bool)
    none = ~decided
    reasons = {
        "no_effect_word": none & out["in_context"] & ~out["covid_resume"],
        "far": decided & ~out["first_covid"].fillna(True).astype(bool),
        "contrast": decided & out["first_contrast"].fillna(False).astype(bool),
        "other_cause": out["other"],
        "held": (out["covid_effect"] == "suspended") & out["held_other"],
        "past_mention": decided & past_only,
        "no_mention": none & ~out["in_context"] & out["raw_effect"],
    }
    out["covid_needs_review"], out["covid_review_reason"] = review_columns(reasons)
    out["covid_decided_by"] = np.where(decided, "rule", "default")
    out = out.rename(columns={"resumed": "covid_resumed"})
    defaults = {
        "covid_mentioned": False,
        "covid_effect": "none",
        "covid_evidence": "",
        "covid_decided_by": "default",
        "covid_resumed": False,
        "covid_needs_review": False,
        "covid_review_reason": "",
    }
    return _complete(items, out[[*ITEM_KEYS, *measure.columns]], defaults)


def _clause_types(clauses: pd.DataFrame, precedence: Sequence[str]) -> pd.DataFrame:
    """The one plan `type` of each clause (None: no marker or a purpose clause; a reference
    to earlier work is neither new nor expand) and `mixed_clause` (it has markers of several
    types). 検討 is conditional unless its sentence says it continues (引き続き検討)."""
    continuing = clauses.groupby(SENTENCE_KEYS, sort=False)["plan_continue"].transform("any")
    flags = {
        "conditional": clauses["plan_conditional"] | (clauses["plan_consider"] & ~continuing),
        "continue": clauses["plan_continue"],
        "expand": clauses["plan_expand"],
        "new": clauses["plan_new"],
    }
    # a reference to earlier work (新たに作成した計画を活用し) says nothing new or more of the
    # plan, but 引き続き at its start still governs the sentence's plan
    counted = ~clauses["is_purpose"]
    news = counted & ~clauses["is_past_reference"]
    counts = {"conditional": counted, "continue": counted, "expand": news, "new": news}
    chosen = np.select([flags[t] & counts[t] for t in precedence], list(precedence), "")
    n_types = sum(flags[t].astype(int) for t in precedence)
    kind = pd.Series(chosen, index=clauses.index).replace("", None)
    return pd.DataFrame({"type": kind, "mixed_clause": news & (n_types > 1)})


def _majority(votes: pd.DataFrame, by: list[str], rank: Mapping[str, int]) -> pd.DataFrame:
    """Per group of `by`: the type most `votes` rows carry (ties: the best `rank`), whether
    the top was tied, and its margin over the next type."""
    counts = votes.groupby([*by, "type"], sort=False).size().rename("n").reset_index()
    counts["rank"] = counts["type"].map(rank)
    counts = counts.sort_values([*by, "n", "rank"], ascending=[True] * len(by) + [False, True])
    place = counts.groupby(by, sort=False).cumcount()
    second = counts.loc[place == 1, [*by, "n"]].rename(columns={"n": "n_second"})
    first = counts[place == 0].merge(second, on=by, how="left")
    margin = first["n"] - first["n_second"].fillna(0)
    return first.assign(tied=margin == 0, margin=margin)[[*by, "type", "tied", "margin"]]


def _plan_decisions(clauses: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """One row per item with a typed clause: plan_type, plan_types_all, plan_evidence (the
    first clause of the chosen type), and the review reason codes.

    Each owner paragraph (`seg_no`, one per (…課)) takes the type most of its clauses carry;
    a paragraph without a marker counts as continue (routine work goes unmarked); the item
    takes the type most paragraphs carry. Ties go by `measure.precedence`.
    """
    rank = {t: i for i, t in enumerate(measure.precedence)}
    typed = pd.concat([clauses, _clause_types(clauses, measure.precedence)], axis=1)
    voting = typed.dropna(subset=["type"])
    paragraphs = _majority(voting, [*ITEM_KEYS, "seg_no"], rank)
    every = typed[[*ITEM_KEYS, "seg_no"]].drop_duplicates()
    every = every.merge(voting[ITEM_KEYS].drop_duplicates(), on=ITEM_KEYS)  # items with a type
    votes = every.merge(paragraphs, on=[*ITEM_KEYS, "seg_no"], how="left")
    votes = votes.fillna({"type": measure.default, "tied": False}).drop(columns="margin")
    decided = _majority(votes, ITEM_KEYS, rank).rename(columns={"type": "plan_type"})
    # a tie within a paragraph that chose the item's type is the item's tie when that
    # paragraph's vote is the item's whole margin
    close = votes.merge(decided, on=ITEM_KEYS, suffixes=("", "_item"))
    close = close[(close["type"] == close["plan_type"]) & close["tied"] & (close["margin"] <= 1)]
    decided["tied"] |= decided.set_index(ITEM_KEYS).index.isin(close.set_index(ITEM_KEYS).index)
    decided = decided.drop(columns="margin")
    present = voting.assign(rank=voting["type"].map(rank)).sort_values([*ITEM_KEYS, "rank"])
    all_types = (
        present.drop_duplicates([*ITEM_KEYS, "type"]).groupby(ITEM_KEYS)["type"].agg(",".join)
    )
    deciding = voting.merge(
        decided, left_on=[*ITEM_KEYS, "type"], right_on=[*ITEM_KEYS, "plan_type"]
    )
    first = deciding.drop_duplicates(ITEM_KEYS)[
        [*ITEM_KEYS, "text", "negation", "mixed_clause", "plan_new_thing"]
    ]
    out = decided.merge(all_types.rename("plan_types_all").reset_index(), on=ITEM_KEYS)
    out = out.merge(first.rename(columns={"text": "plan_evidence"}), on=ITEM_KEYS)
    out["new_thing"] = (out["plan_type"] == "new") & out.pop("plan_new_thing")
    return out.rename(columns={"tied": "tie"})


def _distinct_words(tokens: pd.DataFrame, kept: pd.Series, column: str) -> pd.DataFrame:
    """The distinct base forms of the tokens `kept` of `column`, per item."""
    words = tokens.loc[kept & (tokens["column"] == column), [*ITEM_KEYS, "base"]]
    return words.drop_duplicates()


def plan_past_similarity(tokens: pd.DataFrame, items: pd.DataFrame) -> pd.Series:
    """Jaccard of the content words of 今後の予定 and これまでの取り組み, per item (0–1).

    Jaccard over base forms ignores word order and inflection (行った/行う), so a plan that
    restates the past in other grammar still scores high, while character ratios would be
    dominated by shared kana endings. An item with an empty cell scores 0.
    """
    content = tokens["pos1"].isin(CONTENT_POS) & ~tokens["is_stop"]
    plans = _distinct_words(tokens, content, "plans")
    past = _distinct_words(tokens, content, "past_efforts")
    index = pd.MultiIndex.from_frame(items[ITEM_KEYS])
    sizes = [w.groupby(ITEM_KEYS).size().reindex(index, fill_value=0) for w in (plans, past)]
    shared = plans.merge(past, on=[*ITEM_KEYS, "base"]).groupby(ITEM_KEYS).size()
    shared = shared.reindex(index, fill_value=0)
    union = sizes[0] + sizes[1] - shared
    score = (shared / union.where(union > 0)).fillna(0.0).astype(float)
    return score.rename("plan_past_similarity")


def novel_noun_share(tokens: pd.DataFrame, items: pd.DataFrame, column: str) -> np.ndarray:
    """Per item of `items`: the share of the distinct nouns of `column` that no other cell
    of the item uses (0 for an empty cell)."""
    nouns = (tokens["pos1"] == "名詞") & ~tokens["is_stop"]
    own = _distinct_words(tokens, nouns, column)
    elsewhere = tokens.loc[nouns & (tokens["column"] != column), [*ITEM_KEYS, "base"]]
    marked = own.merge(elsewhere.drop_duplicates(), how="left", indicator=True)
    share = (marked["_merge"] == "left_only").groupby([marked[k] for k in ITEM_KEYS]).mean()
    index = pd.MultiIndex.from_frame(items[ITEM_KEYS])
    return share.reindex(index, fill_value=0.0).to_numpy()


def plan_measures(
    coded: CodedText, items: pd.DataFrame, tokens: pd.DataFrame, measure: Measure
) -> pd.DataFrame:
    """plan_type, plan_types_all, plan_evidence (the deciding clause), plan_decided_by,
    plan_past_similarity and the review columns, per item.

    A plan without any marker word is `continue` (decided_by "default"): a progress table
    states what is new (新たに, 構築, 体制づくり …), while routine work goes unmarked. On the
    R3 seed plan_past_similarity could not tell the unmarked new plans (0.17–0.36) from the
    unmarked routine ones (0.07–0.41), so it does not decide.
    """
    plans = coded.clauses[coded.clauses["column"] == measure.source_column]
    decided = _plan_decisions(plans, measure).assign(plan_decided_by="rule")
    sentences = coded.sentences[coded.sentences["column"] == measure.source_column]
    first_plan = sentences.drop_duplicates(ITEM_KEYS)[[*ITEM_KEYS, "text"]]
    out = items[ITEM_KEYS].merge(decided, on=ITEM_KEYS, how="left", validate="1:1")
    out = out.merge(first_plan, on=ITEM_KEYS, how="left", validate="1:1")
    hinted = plans.groupby(ITEM_KEYS)["plan_hint"].any()
    hinted = out.set_index(ITEM_KEYS).index.map(hinted).fillna(False).to_numpy(bool)
    novel = novel_noun_share(tokens, items, measure.source_column) >= PLAN_NOVEL_NOUNS
    out["no_marker"] = out["plan_type"].isna() & (hinted | novel)
    out = out.fillna({"plan_type": measure.default, "plan_types_all": measure.default,
                      "plan_decided_by": "default", "tie": False, "mixed_clause": False,
                      "negation": False, "new_thing": False})  # fmt: skip
    out["plan_evidence"] = out["plan_evidence"].fillna(out["text"]).fillna("")
    out["plan_past_similarity"] = plan_past_similarity(tokens, items).to_numpy()
    reasons = ("no_marker", "tie", "mixed_clause", "negation", "new_thing")
    flags = {code: out[code].astype(bool) for code in reasons}
    out["plan_needs_review"], out["plan_review_reason"] = review_columns(flags)
    return out[[*ITEM_KEYS, *measure.columns]]


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
    rows = coded.sentences[coded.sentences["column"] == measure.source_column]
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


#: How each measure is decided (`Measure.decider`): (sentences and clauses with codes and
#: text, items, tokens, the measure) → one row per item with the measure's columns.
Decider = Callable[[CodedText, pd.DataFrame, pd.DataFrame, Measure], pd.DataFrame]
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
    one row per item in table order. Sentences and clauses are coded once for all rules."""
    coded = code_text(tokens, sentences, rules.combined())
    out = items[[*ITEM_KEYS, "is_repost"]]
    for measure in MEASURES.values():
        decided = DECIDERS[measure.decider](coded, items, tokens, measure)
        columns = [*ITEM_KEYS, *measure.columns]
        out = out.merge(decided[columns], on=ITEM_KEYS, how="left", validate="1:1")
    return out.merge(theme_flags(coded.sentences, items), on=ITEM_KEYS, validate="1:1")


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

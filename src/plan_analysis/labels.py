"""Japanese labels for everything a person reads: the one mapping from English codes.

Code, tables and files use English snake_case identifiers and codes; charts, Excel sheets
and the HTML report show the Japanese label from here. Add a label here, never inline.
"""

from __future__ import annotations

import pandas as pd

#: Column names of the tidy tables → Japanese headers.
COLUMN_LABELS: dict[str, str] = {
    "fiscal_year": "年度",
    "plan_title": "計画名",
    "source_file": "元ファイル",
    "source_format": "形式",
    "encoding": "文字コード",
    "sha256": "SHA-256",
    "n_items": "事業数",
    "n_lines": "行数",
    "goal_no": "基本目標",
    "goal_title": "基本目標名",
    "area_no": "施策",
    "area_title": "施策名",
    "item_id": "事業ID",
    "seq": "通し番号",
    "name": "事業名",
    "name_raw": "事業名(原文)",
    "owner_raw": "所管課(原文)",
    "content": "内容",
    "past_efforts": "これまでの取り組み",
    "plans": "今後の予定",
    "content_raw": "内容(原文)",
    "past_efforts_raw": "これまでの取り組み(原文)",
    "plans_raw": "今後の予定(原文)",
    "is_repost": "再掲",
    "repost_of": "再掲元",
    "source_line": "行番号",
    "department": "所管課",
    "division": "部",
    "owner_level": "所管の単位",
    "column": "欄",
    "seg_no": "段落番号",
    "sent_no": "文番号",
    "tok_no": "語番号",
    "text": "本文",
    "text_raw": "本文(原文)",
    "surface": "表層形",
    "lemma": "見出し語",
    "base": "基本形",
    "pos1": "品詞",
    "pos2": "品詞細分類",
    "kind": "行の種類",
    "line": "行",
    "problem": "問題",
    "covid_mentioned": "コロナへの言及",
    "covid_effect": "コロナの影響",
    "covid_evidence": "コロナの影響の根拠",
    "plan_type": "今後の予定の種類",
    "plan_types_all": "今後の予定の種類(すべて)",
    "plan_evidence": "今後の予定の根拠",
    "plan_past_similarity": "予定と取り組みの類似度",
    "n_items_fractional": "事業数(按分)",
    "owner": "所管",
    "owner_division": "所管の部",
    "chars_total": "文字数",
    "n_segments": "段落数",
    "department_a": "所管課A",
    "department_b": "所管課B",
}

#: The text columns of a progress table.
TEXT_COLUMN_LABELS: dict[str, str] = {
    "name": "事業名",
    "owner": "所管課",
    "content": "内容",
    "past_efforts": "これまでの取り組み",
    "plans": "今後の予定",
}

#: Kinds of raw line in the reconciliation of `plan-analysis check`.
LINE_KIND_LABELS: dict[str, str] = {
    "title": "表題",
    "header": "見出し行",
    "goal": "基本目標",
    "area": "施策",
    "item": "事業",
    "continuation": "前行の続き",
    "blank": "空行",
    "not_understood": "解釈できない行",
}

OWNER_LEVEL_LABELS: dict[str, str] = {
    "section": "課",
    "division": "部",
}

COVID_EFFECT_LABELS: dict[str, str] = {
    "suspended": "中止・見合わせ",
    "partial": "一部中止・縮小",
    "adapted": "方法を変えて実施",
    "none": "影響の記載なし",
}

PLAN_TYPE_LABELS: dict[str, str] = {
    "continue": "継続",
    "expand": "拡充",
    "new": "新規",
    "conditional": "条件付き・検討",
}

YEAR_MATCH_LABELS: dict[str, str] = {
    "same": "同一",
    "renamed": "名称変更",
    "moved": "移動",
    "new": "新規",
    "dropped": "廃止・削除",
}

#: Every code → label mapping, by the column that holds the codes.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "column": TEXT_COLUMN_LABELS,
    "kind": LINE_KIND_LABELS,
    "owner_level": OWNER_LEVEL_LABELS,
    "covid_effect": COVID_EFFECT_LABELS,
    "plan_type": PLAN_TYPE_LABELS,
    "match": YEAR_MATCH_LABELS,
}


def label(code: str) -> str:
    """Japanese label of a column name or a categorical code (the code itself if unknown)."""
    if code in COLUMN_LABELS:
        return COLUMN_LABELS[code]
    for mapping in VALUE_LABELS.values():
        if code in mapping:
            return mapping[code]
    return code


def to_display(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with Japanese headers and categorical codes replaced by labels."""
    out = df.copy()
    for col, mapping in VALUE_LABELS.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns={c: label(c) for c in out.columns})

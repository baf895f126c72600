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
    "fiscal_year_from": "比較元年度",
    "item_id_from": "比較元事業ID",
    "fiscal_year_to": "比較先年度",
    "item_id_to": "比較先事業ID",
    "match": "前年度との対応",
    "decided_by": "判定方法",
    "lineage_id": "系列ID",
    "name_from": "事業名(比較元)",
    "name_to": "事業名(比較先)",
    "name_similarity": "事業名の類似度",
    "name_changed": "事業名の変更",
    "location_changed": "施策の変更",
    "content_changed": "内容の変更",
    "content_similarity": "内容の類似度",
    "past_efforts_changed": "これまでの取り組みの変更",
    "past_efforts_similarity": "これまでの取り組みの類似度",
    "plans_changed": "今後の予定の変更",
    "plans_similarity": "今後の予定の類似度",
    "owner_changed": "所管課の変更",
    "owner_similarity": "所管課の一致度",
    "n_links": "件数",
    "share": "割合",
    "old_text": "変更前",
    "new_text": "変更後",
    "diff": "差分",
    "is_stop": "除外語",
    "freq": "出現数",
    "n_units": "単位数",
    "word": "語",
    "word_a": "語1",
    "word_b": "語2",
    "n_a": "語1を含む単位数",
    "n_b": "語2を含む単位数",
    "n_both": "共起単位数",
    "jaccard": "Jaccard係数",
    "left": "左文脈",
    "keyword": "キーワード",
    "right": "右文脈",
    "n_group": "群内出現数",
    "n_rest": "群外出現数",
    "share_group": "群内比率",
    "share_rest": "群外比率",
    "log_odds": "対数オッズ比",
    "z": "zスコア",
    "chi2": "カイ二乗値",
    "p": "p値",
    "dof": "自由度",
    "code": "コード",
    "n_coded": "該当数",
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

#: How a year_links row was decided: by the similarity scores or by item_links.csv.
DECIDED_BY_LABELS: dict[str, str] = {
    "score": "類似度",
    "mapping": "対応表",
}

#: What notebooks say about the comparison between years.
NO_YEARS_TO_COMPARE = "比較できる年度がありません（1年度分のみ）"
YEARS_COMPARED = "比較する年度: {pairs}"

#: Every code → label mapping, by the column that holds the codes.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "column": TEXT_COLUMN_LABELS,
    "kind": LINE_KIND_LABELS,
    "owner_level": OWNER_LEVEL_LABELS,
    "covid_effect": COVID_EFFECT_LABELS,
    "plan_type": PLAN_TYPE_LABELS,
    "match": YEAR_MATCH_LABELS,
    "decided_by": DECIDED_BY_LABELS,
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

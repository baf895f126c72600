"""Japanese labels for everything a person reads: the one mapping from English codes.

Code, tables and files use English snake_case identifiers and codes; charts, Excel sheets
and the HTML report show the Japanese label from here. Column headers are listed below;
the labels of codes and of the measures' columns are declared with them in `schema`.
Add a label there or here, never inline.
"""

from __future__ import annotations

import pandas as pd

from .schema import CODE_LISTS, MEASURES

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
    "grade": "評価",
    "achievement": "達成度",
    "target_value": "目標値",
    "actual_value": "実績値",
    "baseline_value": "初期値",
    "issues": "課題",
    "notes": "備考",
    "item_no": "事業番号",
    "item_type": "区分",
    "bureau": "部局名",
    "extra_column": "追加の列",
    "value_kind": "列の種類",
    "rank": "順位",
    "value": "値",
    "unit": "単位",
    "value_year": "値の年度",
    "goal_no_from": "基本目標(比較元)",
    "area_no_from": "施策(比較元)",
    "area_title_from": "施策名(比較元)",
    "goal_no_to": "基本目標(比較先)",
    "area_no_to": "施策(比較先)",
    "area_title_to": "施策名(比較先)",
    "area_match": "施策の対応",
    "title_similarity": "施策名の類似度",
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
    "n": "件数",
    "measure": "指標",
    "group_by": "集計単位",
    "group": "集計区分",
    "category": "分類",
    "n_goals": "基本目標数",
    "n_areas": "施策数",
    "n_warnings": "警告数",
    "message": "警告",
    "sheet": "シート",
    "source_sheet": "元シート",
    "owner_no": "所管の順番",
    "in_directory": "所管課一覧にある",
    "chars_content": "文字数(内容)",
    "chars_past_efforts": "文字数(これまでの取り組み)",
    "chars_plans": "文字数(今後の予定)",
    "repost_of_name": "再掲元の事業名",
}

#: What notebooks say about the comparison between years.
NO_YEARS_TO_COMPARE = "比較できる年度がありません（1年度分のみ）"
YEARS_COMPARED = "比較する年度: {pairs}"


def column_labels() -> dict[str, str]:
    """Column name → Japanese header: the columns above and every measure's columns."""
    measured = {c: text for m in MEASURES.values() for c, (text, _) in m.columns.items()}
    return COLUMN_LABELS | measured


def value_labels() -> dict[str, dict[str, str]]:
    """Code → label mapping of every code list, by the column that holds the codes."""
    return {name: codes.labels for name, codes in CODE_LISTS.items()}


def label(code: str) -> str:
    """Japanese label of a column name or a categorical code (the code itself if unknown)."""
    columns = column_labels()
    if code in columns:
        return columns[code]
    for mapping in value_labels().values():
        if code in mapping:
            return mapping[code]
    return code


def value_label(column: str, code: str) -> str:
    """Japanese label of `code` in the code list of `column` (the code itself if unknown)."""
    return value_labels().get(column, {}).get(code, code)


def to_display(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with Japanese headers and categorical codes replaced by labels."""
    out = df.copy()
    for col, mapping in value_labels().items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns={c: label(c) for c in out.columns})


#: Titles of the council figures (plan_analysis.figures), by figure name.
FIGURE_TITLES: dict[str, str] = {
    "items_per_department": "所管課別の事業数",
    "items_per_department_fractional": "所管課別の事業数（複数課の事業は課の数で按分）",
    "items_per_division": "部別の事業数",
    "text_volume_per_owner": "所管別の記述量（文字数）",
    "co_ownership_network": "所管課の共管関係（円の大きさ＝事業数、線の太さ＝共管する事業数）",
    "department_goal_heatmap": "所管課×基本目標の事業数",
    "plan_past_similarity": "今後の予定とこれまでの取り組みの類似度（事業数の分布）",
    "word_frequency_nouns": "よく使われる名詞（上位{n}語）",
    "word_cooccurrence_network": "語の共起ネットワーク（同じ文によく一緒に現れる語を線で結ぶ）",
    "items_per_division_trend": "部別の事業数の推移",
    "year_link_counts": "前年度の事業との対応（{pair}）",
    "grade_by_goal": "基本目標別の{column}（事業の割合）",
}

#: How to read each council figure, in two lines: a caption under the figure in the council
#: booklet (report/booklet.py), by figure name (the measures' figures: MEASURE_FIGURE_CAPTIONS).
FIGURE_CAPTIONS: dict[str, str] = {
    "items_per_department": "所管課ごとの事業数です。複数の課が所管する事業は、それぞれの課で1件と数えます。\n"
    "再掲の事業は数えていません。",
    "items_per_department_fractional": "所管課ごとの事業数です。複数の課が所管する事業は課の数で割って"
    "数えます（2課なら0.5件ずつ）。\n合計は再掲を除く事業数と一致します。",
    "items_per_division": "部ごとの事業数です。複数の部が所管する事業は、それぞれの部で1件と数えます。\n"
    "部は、所管課がどの部に属するかの名簿（参照データ）から割り当てています。",
    "text_volume_per_owner": "所管ごとに、内容・これまでの取り組み・今後の予定に書かれた文字数を積み上げて"
    "示します。\n文字数は記述の詳しさの目安で、取り組みの量そのものではありません。",
    "co_ownership_network": "円は所管課（大きさは事業数）、線は同じ事業を共に所管する課どうし（太さと数字は"
    "共管する事業数）です。\n色は互いによく結びついた課のまとまりで、凡例に主な課の名前を示します。",
    "department_goal_heatmap": "所管課（行）と基本目標（列）ごとの事業数です。色が濃いほど事業が多くなります。\n"
    "課がどの目標に力を注いでいるかを読み取れます。",
    "plan_past_similarity": "各事業の「今後の予定」が「これまでの取り組み」とどれだけ同じ語を使っているか"
    "（0〜1）の分布です。\n破線より右の事業は、予定が取り組みをほぼ繰り返しています。",
    "word_frequency_nouns": "文章によく出る名詞と、その出現回数です（再掲の事業を除く）。\n"
    "複合語（社会福祉協議会など）は一語として数え、意味の薄い語（こと、市など）は除いています。",
    "word_cooccurrence_network": "同じ文によく一緒に現れる語を線で結びます。円の大きさは出現数、"
    "線の太さは Jaccard 係数です。\n色は結びつきの強い語のまとまりで、凡例に主な語を示します。",
    "items_per_division_trend": "年度ごとの部別の事業数です。点の数字は事業数です。\n"
    "課の名称が変わった場合は、現在の名称でまとめています。",
    "year_link_counts": "今年度の事業が前年度のどの事業に当たるか（同じ・名称変更・移動・新規・廃止など）を"
    "数えます。\n対応は事業名と内容の近さから自動で判定しています。",
    "grade_by_goal": "基本目標ごとに、評価の各段階が事業に占める割合を示します。\n"
    "(記入なし・対象外) は評価が書かれていない事業です。",
}

#: … the captions of the figures every measure has, by figure kind (`{measure}`: its label).
MEASURE_FIGURE_CAPTIONS: dict[str, str] = {
    "counts": "{measure}の区分ごとに、当てはまる事業の数を示します。\n"
    "区分は各事業の記述から自動で判定しています。個々の判定は notebook の一覧で確かめられます。",
    "by_goal": "基本目標ごとに、{measure}の各区分が事業に占める割合を示します。\n"
    "括弧内は事業数です。事業の少ない目標では、1件で割合が大きく動きます。",
    "by_division": "部ごとに、{measure}の各区分が事業に占める割合を示します。\n"
    "括弧内は事業数です。事業の少ない部では、1件で割合が大きく動きます。",
    "trend": "年度ごとに、{measure}の各区分に当たる事業の数を線で結びます。点の数字は事業数です。\n"
    "年度によって事業の総数も変わるため、割合の図とあわせて読んでください。",
}

#: The council booklet (report/booklet.py): cover and page footers.
BOOKLET_HEADING = "委員会資料　図表集"
BOOKLET_CONTENTS = "収録している図"
BOOKLET_SOURCE = "元データ：{files}　集計：plan-analysis"

#: Legends of the network charts: the colours (groups of closely linked nodes, each named by
#: its largest members), the sizes of circles and the widths of lines.
NETWORK_COLOR_LEGEND = "色：結びつきの強いまとまり"
NETWORK_SIZE_LEGEND = "円の大きさ"
NETWORK_WIDTH_LEGEND = "線の太さ"
NETWORK_GROUP_MORE = "{names} ほか{n}"
CO_OWNERSHIP_SIZE = "{n}事業"
CO_OWNERSHIP_WEIGHT = "共管{n}事業"
COOCCURRENCE_SIZE = "出現{n}回"
COOCCURRENCE_WEIGHT = "Jaccard {n:.2f}"

#: Characteristic words (text.textstats.left_out_note): the groups too small to compare.
CHARACTERISTIC_LEFT_OUT = "事業が{n}件未満のため特徴語を出さなかったグループ：{groups}"

#: Titles of the figures every measure has (`schema.Measure.figures`), by figure kind; the
#: figure's name is `<measure>_<kind>`, `{measure}` its Japanese label.
MEASURE_FIGURE_TITLES: dict[str, str] = {
    "counts": "{measure}別の事業数",
    "by_goal": "基本目標別の{measure}（事業の割合）",
    "by_division": "部別の{measure}（事業の割合）",
    "trend": "{measure}別の事業数の推移",
}

#: Names and notes shown in the council figures.
GOAL_NAME = "基本目標{goal_no}"
#: A goal on a chart's axis: its name (with its number of items) over its title, wrapped.
GOAL_WITH_TITLE = "{goal}\n{goal_title}"
AREA_NAME = "{goal_no}-({area_no}) {area_title}"
GROUP_WITH_COUNT = "{group}（{n}事業）"
DIVISION_LEVEL_OWNER = "{department}（部単位）"
NO_DIVISION = "(部未登録)"
#: An item whose cell of an ordered column is empty, or holds no grade of the order.
NO_GRADE = "(記入なし・対象外)"
YEAR_PAIR = "{year_from}→{year_to}"
REPOSTS_EXCLUDED = "（再掲事業を除いて集計）"
REPEATS_PAST_MARK = "{threshold}以上：予定が取り組みをほぼ繰り返す"
TOTAL_COLUMN = "計"
SHARE_COLUMN = "{}(%)"

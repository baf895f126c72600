"""Japanese labels for everything a person reads: the one mapping from English codes.

Code, tables and files use English snake_case identifiers and codes; charts, Excel sheets
and the HTML report show the Japanese label from here. Column headers are listed below;
the labels of codes and of the measures' columns are declared with them in `schema`.
Add a label there or here, never inline.
"""

from __future__ import annotations

import re

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


# --- tables as a person reads them (summary.xlsx; the HTML tables may build on it) ----

#: Columns whose values name a column or a measure (`measure_counts.measure` and
#: `group_by`, `item_values.extra_column`): shown as that column's header.
NAMING_COLUMNS: tuple[str, ...] = ("measure", "group_by", "extra_column")
#: Columns holding codes of the code list that another column of the same row names:
#: `measure_counts.category` holds codes of the measure in `measure`.
CODES_NAMED_BY: dict[str, str] = {"category": "measure"}
#: Columns holding several codes of one code list joined by ",": column → code list.
JOINED_CODES: dict[str, str] = {"plan_types_all": "plan_type"}
#: How joined codes are shown, and how a true boolean is (false is a blank cell).
LIST_SEPARATOR = "、"
TRUE_MARK = "○"


def _relabel_row_coded(df: pd.DataFrame, column: str, named_by: str) -> pd.Series:
    """Labels of `df[column]`, each code looked up in the code list named in `named_by`."""
    lists = value_labels()
    pairs = pd.Series(list(zip(df[named_by], df[column], strict=True)), index=df.index)
    return pairs.map(lambda p: lists.get(p[0], {}).get(p[1], p[1]))


def _relabel_joined(values: pd.Series, code_list: str) -> pd.Series:
    """`a,b` codes of `code_list` as `ラベルa、ラベルb`."""
    mapping = value_labels().get(code_list, {})

    def relabel(joined: str) -> str:
        return LIST_SEPARATOR.join(mapping.get(code, code) for code in joined.split(","))

    return values.map(relabel, na_action="ignore")


def _is_boolean(values: pd.Series) -> bool:
    """A bool or nullable boolean column, or an object column of booleans and gaps."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return True
    present = values.dropna()
    return values.dtype == object and len(present) > 0 and present.map(type).eq(bool).all()


def to_readable(df: pd.DataFrame) -> pd.DataFrame:
    """`to_display` for a person, with every cell readable: codes in code columns, in
    joined lists (`継続、拡充`) and in columns coded by another column (`category` by
    `measure`) as labels; values naming a column or measure as its header (`goal_no` →
    基本目標); true as ○; false, missing and empty text as None (a blank cell). Numbers
    stay numbers."""
    out = df.copy()
    for column, named_by in CODES_NAMED_BY.items():
        if {column, named_by} <= set(out.columns):
            out[column] = _relabel_row_coded(out, column, named_by)
    for column, code_list in JOINED_CODES.items():
        if column in out.columns:
            out[column] = _relabel_joined(out[column], code_list)
    for column in NAMING_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: label(v) if isinstance(v, str) else v)
    out = to_display(out)
    for column, values in out.items():
        if _is_boolean(values):
            true = values.astype("boolean").fillna(False).astype(bool)
            out[column] = pd.Series(TRUE_MARK, index=out.index, dtype=object).where(true, None)
        elif not pd.api.types.is_numeric_dtype(values.dtype):
            out[column] = values.astype(object).where(values.notna() & values.ne(""), None)
    return out


#: What kind of number a column holds, by its name (the first pattern matching it whole):
#: shares (0–1) are shown as %, similarities with two decimals, fractional counts with one
#: decimal, counts as whole numbers; counts and fractional counts are what a total sums.
NUMBER_KINDS: tuple[tuple[str, str], ...] = (
    (r"share(_\w+)?", "share"),
    (r"\w+_similarity|jaccard", "similarity"),
    (r"n_items_fractional", "fraction"),
    (r"n|n_\w+|chars_\w+|freq", "count"),
)


def number_kind(column: str) -> str | None:
    """The kind of number of `column` (share, similarity, fraction, count), if it has one."""
    return next((kind for p, kind in NUMBER_KINDS if re.fullmatch(p, column)), None)


#: The sheets of summary.xlsx by table: (sheet name, what it holds — one sentence of 目次).
SUMMARY_SHEET_TITLES: dict[str, tuple[str, str]] = {
    "documents": (
        "読み込み状況",
        "読み込んだ進行管理表のファイルごとの年度、計画名、形式、事業数、行数と警告の数です。",
    ),
    "items": (
        "事業一覧",
        "すべての事業（再掲を含む）の基本目標・施策・所管課と、コロナの影響や今後の予定の種類"
        "などの判定結果です。",
    ),
    "covid_items": (
        "コロナの影響",
        "これまでの取り組みにコロナの影響の記載がある事業と、判定の根拠になった文です。",
    ),
    "plans": (
        "今後の予定",
        "事業ごとの今後の予定の種類（文中に現れたすべての種類を含む）と、判定の根拠になった文、"
        "予定とこれまでの取り組みの類似度です。",
    ),
    "measure_counts": (
        "集計",
        "コロナの影響と今後の予定の種類ごとの事業数を、基本目標・施策・所管課・部の区分ごとに"
        "数えたもので、割合は区分の事業数に対する比率です（再掲を除く）。",
    ),
    "workload_departments": (
        "所管課別事業数",
        "所管課ごとの事業数です（再掲を除く）。複数の課の事業は各課で1件と数えるため合計は"
        "延べ数になり、事業数(按分)は課の数で割って数えるため合計が事業の数になります。",
    ),
    "workload_divisions": (
        "部別事業数",
        "部ごとの事業数です（再掲を除く）。事業数は部ごとに1件と数えた数、事業数(按分)は"
        "所管課の数で割って数えた数で、その合計が事業の数になります。",
    ),
    "text_volume": (
        "所管別文字数",
        "所管ごとに書かれた内容・これまでの取り組み・今後の予定の文字数と段落数です（再掲を除く）。",
    ),
    "co_ownership": (
        "共同所管",
        "同じ事業を一緒に所管する所管課の組み合わせごとの事業数です（再掲を除く）。",
    ),
    "year_links": (
        "年度比較",
        "前年度の事業との対応（同一、名称変更、新規など）と、欄ごとの変更の有無と類似度です。",
    ),
    "area_links": (
        "施策の対応",
        "前年度の施策との対応（同一、名称変更、番号変更など）と、施策ごとの事業数です。",
    ),
    "item_values": (
        "評価・数値の列",
        "評価や目標値・実績値など、種類を決めた追加の列を事業ごとに読み取った値です。",
    ),
}

#: The first sheet of summary.xlsx, its columns, and the row that sums a table's counts.
CONTENTS_SHEET = "目次"
CONTENTS_COLUMNS: tuple[str, str, str] = ("シート", "内容", "行数")
TOTAL_ROW = "合計"
#: A fiscal year with its Western year, as 目次 names the years loaded.
FISCAL_YEAR_WITH_WESTERN = "{era}（{year}年度）"
FISCAL_YEAR_SPAN = "{first_era}〜{last_era}（{first}〜{last}年度）"
#: Notebook 05 with one year: what follows it, and what to do.
NEXT_YEAR_TO_COMPARE = (
    "以下の表は空になり、図は表示されません。次の年度の表を data/raw/ に置いて "
    "plan-analysis run を実行してください。"
)

#: The front page of the reports (reports/index.html, `report.front_page`).
FRONT_PAGE_TITLE = "{plan_title} 分析レポート"
FRONT_PAGE_NO_TITLE = "地域福祉計画 進行管理表"
FRONT_PAGE_YEARS = "読み込んだ年度: {years}"
FRONT_PAGE_YEAR_SHOWN = "対象年度: {year}（前年度: {year_before}）"
FRONT_PAGE_ONE_YEAR = "対象年度: {year}"
FRONT_PAGE_KEY_FIGURES = "主な数字（{year}）"
FRONT_PAGE_ITEMS = "事業数"
FRONT_PAGE_ITEMS_NOTE = "表に載っている事業の数（再掲を含む）"
FRONT_PAGE_MEASURE_NOTE = "再掲事業を除いて集計"
FRONT_PAGE_DIVISIONS = "部別の事業数（上位{n}部）"
FRONT_PAGE_DIVISIONS_NOTE = "複数の部が所管する事業はそれぞれの部で1件。部の名前は組織改編後の名前"
FRONT_PAGE_LINKS = "前年度の事業との対応（{pair}）"
FRONT_PAGE_LINKS_NOTE = "再掲事業を除く"
FRONT_PAGE_NAMED_ITEMS = "{match}の事業"
FRONT_PAGE_MORE_ITEMS = "ほか{n}件"
FRONT_PAGE_NONE = "なし"
FRONT_PAGE_FIGURE = "{name} {n}件"
FRONT_PAGE_FIGURE_BEFORE = "（前年度 {n}件）"
FRONT_PAGE_SOURCE = "出典"
FRONT_PAGE_REPORTS = "レポート"
FRONT_PAGE_FILES = "ファイル"
FRONT_PAGE_FILE_NOTES: dict[str, str] = {
    "summary.xlsx": "主な表（日本語の見出し、1表1シート）",
    "words.xlsx": "抽出語リストと文書×抽出語の表（KH Coder と同じ形）",
    "figures/": "委員会資料用の図（PNG 200 dpi と SVG）",
    "council_booklet.pdf": "委員会資料（PDF）",
}
FRONT_PAGE_PROCESSED = "処理済みの表（CSV）のフォルダ"

#: Headers of the KH Coder-style analyses (text.multivariate, text.terms) and words.xlsx.
COLUMN_LABELS.update(
    {
        "dim1": "次元1",
        "dim2": "次元2",
        "ctr1": "寄与(次元1)",
        "ctr2": "寄与(次元2)",
        "quality": "表示の質",
        "dim": "次元",
        "eigenvalue": "固有値(慣性)",
        "cumulative": "累積割合",
        "cluster": "クラスター",
        "n_units_with": "クエリと共起する単位数",
        "p_given_query": "条件付き確率",
        "p_overall": "全体での確率",
        "lift": "リフト値",
        "term": "複合語の候補",
        "tokens": "構成語",
        "score": "FLRスコア",
        "n_from": "語を含む単位数(比較元)",
        "n_to": "語を含む単位数(比較先)",
        "units_from": "単位数(比較元)",
        "units_to": "単位数(比較先)",
        "share_from": "語を含む割合(比較元)",
        "share_to": "語を含む割合(比較先)",
        "change": "割合の増減",
        "g2": "対数尤度比G²",
        "code_a": "コード1",
        "code_b": "コード2",
        "residual": "調整済み残差",
        "n_documents": "文書数",
        "document": "文書",
    }
)

#: Titles of the KH Coder-style figures (report.kh_figures), by figure name.
KH_FIGURE_TITLES: dict[str, str] = {
    "kh_correspondence_goal": "対応分析：抽出語×基本目標（{unit}単位）",
    "kh_correspondence_year": "対応分析：抽出語×年度（{unit}単位）",
    "kh_word_dendrogram": "階層的クラスター分析：抽出語（Ward法・Jaccard距離、{unit}単位）",
    "kh_word_mds": "多次元尺度構成法：抽出語（古典的MDS・Jaccard距離、{unit}単位）",
    "kh_code_goal_bubbles": "コーディング×基本目標（円＝事業の割合、色＝調整済み残差）",
    "kh_code_network": "コードの共起ネットワーク（同じ事業に現れるコードを線で結ぶ）",
}

#: The counting units of the text analyses (text.textstats.UNITS), as the notebooks name them.
UNIT_NAMES: dict[str, str] = {
    "sentence": "文",
    "paragraph": "段落",
    "cell": "欄",
    "item": "事業",
}

#: Axis and legend words of the KH Coder-style figures.
CA_AXIS = "成分{dim}（慣性の{share:.1%}）"
MDS_AXIS = "次元{dim}"
DENDROGRAM_AXIS = "併合の距離（Ward）"
RESIDUAL_LEGEND = "調整済み残差"
#: What `plan-analysis terms` prints: a header, then per candidate a comment line with its
#: counts and the term alone on the next line, so that lines can be pasted into the file
#: as they are (the file has no comments after a term).
TERMS_HEADER = (
    "# 複合語の候補（{file} にまだない名詞の連なり、FLRスコアの高い順）。"
    "登録する語の行を貼り付けてください（# の行は注釈です）"
)
TERMS_NOTE = "# 出現{freq}回・{n_items}事業・FLRスコア{score:.2f}（{tokens}）"
NO_TERM_CANDIDATES = (
    "# 複合語の候補はありません（出現{min_freq}回以上の名詞の連なりはすべて登録済みです）"
)

#: The sheets of words.xlsx, named as KH Coder names its two exports, and what they hold
#: (one sentence each, for its 目次).
WORD_LIST_SHEET = "抽出語リスト"
DOCUMENT_WORD_SHEET = "文書×抽出語"
WORD_SHEET_NOTES: dict[str, str] = {
    WORD_LIST_SHEET: "数えた語（除外語と再掲を除く）ごとの品詞、出現数と、その語を含む文書（事業）の数です。",
    DOCUMENT_WORD_SHEET: "事業ごとの行に、5回以上現れた語（多い順に最大1,000語）の出現数を並べた表です。",
}

#: Words at one place of a map (found in exactly the same units) share a label, a word a line.
SAME_PLACE = "\n"

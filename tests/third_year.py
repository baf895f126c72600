"""A third year (FY2023, 令和5年度) built from the FY2022 table of tests/second_year.py, saved
as a CSV from Excel (CP932), with planted changes. Every item not named below stays word for
word, so year-over-year matching must find exactly these changes:

- item split in two: 健診受診率の向上に向けた取組みの強化 (goal 1 area 6) becomes
  健診の個別受診勧奨 and 受けやすい健診の環境づくり, each with its half of the texts;
- two items merged: サロン等において、高齢者と子どもたちと二世世代交流の促進 and
  福祉施設での子どもたちと施設利用者の交流の促進 (goal 1 area 7) become 世代間交流の促進;
- area split: goal 1 area 4 福祉サービスを支える仕組みの充実 (7 items) becomes area 4
  福祉サービスの質の向上 (its first 3 items) and area 5 権利擁護の推進 (its last 4), so
  that goal 1's areas 5–8 are renumbered 6–9 with their titles kept;
- reorganisation, declared in department_aliases.csv (REORGANISATIONS):
  - 危機管理課 is renamed 防災危機管理課 — a name holding the old one — in 所管課 cells,
    in body text (危機管理課からの依頼を受け…) and in (…) tags;
  - 介護保険課 moves from 福祉部 to 健康こども部 (same name);
  - 子育て支援課 is split: its items 妊娠から出産… and DV、児童虐待… go to the new
    こども家庭課 (所管課 and tags), the others stay with 子育て支援課;
- headers: 事業名 → 取組名, 内容 → 事業内容, 今後の予定 → 今後の方向性;
- ordinary edits: one これまでの取り組み (自主防災組織や自治会・町内会などへの名簿提供) and one
  今後の予定 (地域子育て支援センターを中心に、子育て支援事業を充実).

In FY2022→FY2023 the links are then: 2 split, 2 merged, every other item same (none moved,
renamed, new or dropped); past_efforts changed for one item and plans for one, owners for
none; areas: 1-4 split into 1-4 and 1-5, 1-5…1-8 renumbered 1-6…1-9, the rest same.
"""

from __future__ import annotations

import re

from .second_year import second_year_rows

SPLIT = (
    "健診受診率の向上に向けた取組みの強化",
    [
        "健診の個別受診勧奨",
        "健康推進課",
        "個別受診勧奨や広報などで受診を促す。",
        "若年期健診は全数、がん検診は受診歴、年齢により個別受診勧奨通知を実施。",
        "受診勧奨通知を継続する。",
    ],
    [
        "受けやすい健診の環境づくり",
        "健康推進課",
        "複数の検・健診を同時実施するなど受けやすい環境づくりを行う。",
        "特定健康診査とがん検診のコラボ健診やレディースがん検診を実施。"
        "感染対策および希望者が全員受診できるようにするため、全てのがん検診および若年期健診を申込制とした。",
        "希望者が感染症対策がとられた環境でスムーズに受診できるよう今後も検(健)診の申込制を継続する。",
    ],
)
MERGED = (
    (
        "サロン等において、高齢者と子どもたちと二世世代交流の促進",
        "福祉施設での子どもたちと施設利用者の交流の促進",
    ),
    [
        "世代間交流の促進",
        "社会福祉課",
        "社会福祉協議会において児童から高齢者まで、地域住民がともに暮らしていくための世代間交流を推進する。"
        "また、木更津市民総合福祉会館にて各種イベントを行うことにより、世代を越えた交流を行う。",
        "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせ、福祉まつり、福祉バザーは中止とした。",
        "今後の新型コロナウイルス感染症の拡大状況や国、県の動向を見ながら、世代間の交流の場を設けられるか検討する。",
    ],
)
#: The area split: goal 1 area 4 → area 4 (first AREA_SPLIT_AT items) and a new area 5.
AREA_SPLIT = ("福祉サービスを支える仕組みの充実", "福祉サービスの質の向上", "権利擁護の推進")
AREA_SPLIT_AT = 3
#: department_aliases.csv rows (old_name, new_name, from_year, division, note).
REORGANISATIONS = (
    ("危機管理課", "防災危機管理課", "2023", "総務部", "組織改編（令和5年4月）"),
    ("介護保険課", "介護保険課", "2023", "健康こども部", "健康こども部へ移管（令和5年4月）"),
    ("子育て支援課", "子育て支援課", "2023", "", "こども家庭課の新設（令和5年4月）"),
    ("子育て支援課", "こども家庭課", "2023", "健康こども部", "こども家庭課の新設（令和5年4月）"),
)
RENAME = ("危機管理課", "防災危機管理課")
#: Items of 子育て支援課 that go to the new こども家庭課.
TO_NEW_SECTION = (
    "妊娠から出産、子育てまで切れ目のない支援の充実",
    "DV、児童虐待などの防止に向けた支援の推進",
)
HEADERS = {"事業名": "取組名", "内容": "事業内容", "今後の予定": "今後の方向性"}
PAST_EFFORTS_EDIT = (
    "自主防災組織や自治会・町内会などへの名簿提供",
    "今年度末に更新を行い、公民館等への配付を予定している。",
    "令和4年度末に更新を行い、公民館等へ配付した。",
)
PLANS_EDIT = (
    "地域子育て支援センターを中心に、子育て支援事業を充実",
    "子育て支援センター会議の開催（年間3回）",
    "子育て支援センター会議の開催（年間4回）",
)

_AREA = re.compile(r"^\((\d+)\)\s*(.*)$")


def _items(rows: list[list[str]]) -> list[int]:
    return [i for i, cells in enumerate(rows) if len(cells) == 5 and i > 1]


def _at(rows: list[list[str]], name: str) -> int:
    hits = [i for i in _items(rows) if rows[i][0] == name]
    assert len(hits) == 1, (name, hits)
    return hits[0]


def _goal_rows(rows: list[list[str]], goal: int) -> range:
    starts = [i for i, c in enumerate(rows) if len(c) == 1 and c[0].startswith("基本目標")]
    end = starts[goal] if goal < len(starts) else len(rows)
    return range(starts[goal - 1] + 1, end)


def _split_area(rows: list[list[str]]) -> None:
    """Renumber goal 1's areas after AREA_SPLIT and insert the new area row."""
    at = None
    for i in _goal_rows(rows, 1):
        m = _AREA.match(rows[i][0]) if len(rows[i]) == 1 else None
        if not m:
            continue
        no, title = int(m.group(1)), m.group(2)
        if title == AREA_SPLIT[0]:
            rows[i] = [f"({no}){AREA_SPLIT[1]}"]
            at = i
        elif at is not None:
            rows[i] = [f"({no + 1}){title}"]
    assert at is not None
    first_items = [i for i in _items(rows) if i > at][:AREA_SPLIT_AT]
    rows.insert(first_items[-1] + 1, [f"(5){AREA_SPLIT[2]}"])


def third_year_rows() -> list[list[str]]:
    """The FY2023 table as spreadsheet rows."""
    rows = [list(cells) for cells in second_year_rows()]
    rows[0][0] = rows[0][0].replace("令和4年度", "令和5年度")
    rows[1] = [HEADERS.get(h, h) for h in rows[1]]
    for name in TO_NEW_SECTION:
        cells = rows[_at(rows, name)]
        cells[:] = [c.replace("子育て支援課", "こども家庭課") for c in cells]
    old, new = RENAME
    for i in _items(rows):
        rows[i] = [re.sub(f"(?<!防災){old}", new, c) for c in rows[i]]
    for name, col, before, after in (
        (PAST_EFFORTS_EDIT[0], 3, *PAST_EFFORTS_EDIT[1:]),
        (PLANS_EDIT[0], 4, *PLANS_EDIT[1:]),
    ):
        cells = rows[_at(rows, name)]
        assert before in cells[col], (name, before)
        cells[col] = cells[col].replace(before, after)
    whole = _at(rows, SPLIT[0])
    rows[whole : whole + 1] = [list(SPLIT[1]), list(SPLIT[2])]
    first, second = (_at(rows, n) for n in MERGED[0])
    rows[first] = list(MERGED[1])
    rows.pop(second)
    _split_area(rows)
    return rows

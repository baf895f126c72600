"""A second year (FY2022, 令和4年度) built from the R3 seed, with planted changes.

The R3 table is copied as a spreadsheet would hold it, and exactly the changes below are
made; every other item stays word for word, so year-over-year matching must find these
changes and nothing else:

- reorganisation: 自立支援課 is called 生活支援課 from FY2022 (所管課 cells; 10 items);
- header: 所管課 is headed 担当課;
- spelling only: 障害者差別解消法の普及啓発 → 障がい者…: folds to the same name (same);
- one これまでの取り組み edited (地区懇談会の開催) and one 今後の予定 (市民後見人育成);
- renamed: a light rename (name alone decides) and a heavier one with the 内容 unchanged;
- moved: 公民館での健康を支援しあえる仲間づくり from goal 1 area 6 to goal 2 area 1;
- added: two new items; removed: two items.
"""

from __future__ import annotations

from .conftest import spreadsheet_rows
from .rewritten_tables import item_row

SECTION_RENAME = ("自立支援課", "生活支援課")
SPELLING_ONLY = ("障害者差別解消法の普及啓発", "障がい者差別解消法の普及啓発")
PAST_EFFORTS_EDIT = (
    "地区懇談会の開催",
    "新型コロナウイルス感染症拡大防止の観点から、懇談会の開催は見合わせた。",
    "感染症対策を講じたうえで、市内3地区で懇談会を開催した。",
)
PLANS_EDIT = (
    "市民後見人育成",
    "地域の支え合いである、市民後見人の養成を推進する。",
    "地域の支え合いである、市民後見人の養成を推進し、養成講座修了者の活動を支援する。",
)
#: name in R3 → name in R4. Light: names score 0.952. Heavier: names score 0.690, 内容 kept.
LIGHT_RENAME = ("サロンの開催場所の増設", "サロン開催場所の増設")
HEAVY_RENAME = ("市民向け各種講座・講習の開催", "市民向け福祉講座・研修会の開催")
#: The moved item and the item it now follows (goal 2, area 1).
MOVED = ("公民館での健康を支援しあえる仲間づくり", "民生委員・児童委員、主任児童委員との連携推進")
REMOVED = (
    "母子・父子家庭の連絡組織の設立の検討",
    "社会福祉法人の社会福祉充実計画承認(広域市町村圏)",
)
#: New items, each with the item it follows.
ADDED = (
    (
        "対象者横断の相談・支援窓口の設置と住民への周知",
        [
            "重層的支援体制整備事業の実施",
            "生活支援課 社会福祉課",
            "属性を問わない相談支援、参加支援及び地域づくりに向けた支援を一体的に実施する。",
            "移行準備事業として、関係機関による支援会議を開催した。",
            "本格実施に向けて、関係機関との連携体制を整備する。",
        ],
    ),
    (
        "DV、児童虐待などの防止に向けた支援の推進",
        [
            "ヤングケアラーへの支援",
            "子育て支援課",
            "家族の世話や介護を担う子どもを早期に把握し、必要な支援につなげる。",
            "学校や関係機関向けに研修を行い、ヤングケアラーの実態把握に努めた。",
            "相談窓口の周知を図り、関係機関と連携して支援を行う。",
        ],
    ),
)


def _edit(rows: list[list[str]], name: str, col: int, old: str, new: str) -> None:
    cells = rows[item_row(rows, name)]
    assert old in cells[col], (name, old)
    cells[col] = cells[col].replace(old, new)


def second_year_rows() -> list[list[str]]:
    """The FY2022 table as spreadsheet rows (title, header, sections, items)."""
    rows = [list(cells) for cells in spreadsheet_rows()]
    rows[0][0] = rows[0][0].replace("令和3年度", "令和4年度")
    rows[1][1] = "担当課"
    for cells in rows[2:]:
        if len(cells) == 5:
            cells[1] = cells[1].replace(*SECTION_RENAME)
    _edit(rows, SPELLING_ONLY[0], 0, *SPELLING_ONLY)
    _edit(rows, PAST_EFFORTS_EDIT[0], 3, *PAST_EFFORTS_EDIT[1:])
    _edit(rows, PLANS_EDIT[0], 4, *PLANS_EDIT[1:])
    for old, new in (LIGHT_RENAME, HEAVY_RENAME):
        _edit(rows, old, 0, old, new)
    moved = rows.pop(item_row(rows, MOVED[0]))
    rows.insert(item_row(rows, MOVED[1]) + 1, moved)
    for name in REMOVED:
        rows.pop(item_row(rows, name))
    for after, cells in ADDED:
        rows.insert(item_row(rows, after) + 1, list(cells))
    return rows

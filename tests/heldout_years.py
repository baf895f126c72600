"""A held-out three-year chain of Kisarazu progress tables (FY2021 → FY2022 → FY2023).

FY2021 is the real seed (tests/fixtures/r3_kisarazu_welfare_plan_progress.txt) as is.
FY2022 (令和4年度, written as .xlsx) and FY2023 (令和5年度, written as CP932 .csv) are derived
from it by hand-planned edits, the way a city's next tables drift. The expected links are
hand labels in tests/fixtures/heldout_year_labels.csv (items), heldout_area_labels.csv (areas)
and heldout_reorganisations.csv (declared section renames); they were written from this plan,
not from any run of the year matcher. Numbers below in [brackets] are the seed's item order
(1..75, as `seq`), used only in this docstring.

Planted changes, FY2021 → FY2022
--------------------------------
Headers: 所管課 → 担当課, 内容 → 事業内容, これまでの取り組み → 取組状況, 今後の予定 → 今後の方向性
(all accepted by defaults/header_aliases.csv). Title 令和4年度第3期木更津市地域福祉計画 進行管理表.

Reorganisation:
- 危機管理課 → 防災安全課 (plain rename, same division 総務部): replaced in 所管課 cells [50-53],
  in the (…課) tags [51, 53] and in body text mentions [49 ×3, 51].
- 中央公民館 moves from 教育部 to 市民部 (same name) [37, 45, 56: cells unchanged].

Areas:
- Goal 1 area (6) 健康づくり、介護予防、生きがいづくりへの支援 is SPLIT into
  (6) 健康づくり・介護予防への支援 [30-35, 37] and (7) 生きがいづくり・社会参加への支援
  [36, 38, 39]; the items follow their successor area (same, not moved).
- hence Goal 1 (7) 地域における子育ての支援 → (8), (8) 避難行動要支援者への支援体制づくり → (9)
  (renumbered, same titles).
- Goal 2 area (2) 地域の助け合い活動の推進 → 地域の支え合い・助け合い活動の推進 (renamed).

Items:
- split into three: [53] 高齢者・障害者・乳幼児などの要配慮者に配慮した避難所運営及び福祉避難所の
  体制整備 (6 owners) → 要配慮者に配慮した避難所運営マニュアルの整備 (防災安全課: the 危機管理課
  paragraphs on shelter manuals), 福祉避難所の体制整備 (障がい福祉課 高齢者福祉課 介護保険課 防災安全課:
  the 福祉避難所 sentences and the 介護保険課 / 障がい福祉課 paragraphs), 避難所における健康管理と
  母子福祉避難所の確保 (健康推進課 子育て支援課: the 健康推進課 / 子育て支援課 paragraphs, plus one new
  子育て支援課 content sentence). The three sit where [53] was.
- merge: [46] サロン等において、高齢者と子どもたちと二世世代交流の促進 + [47] 福祉施設での子どもたちと
  施設利用者の交流の促進 → サロンや福祉施設での世代間交流の促進 (texts joined, lightly rewritten).
- merge: [73] 社会福祉法人と地区社会福祉協議会活動との連携推進 + [75] 社会福祉法人と市社会福祉協議会
  との定期協議 → 社会福祉法人と社会福祉協議会との連携推進及び定期協議 (texts joined and rewritten).
- renamed (light, start of a chain): [6] 地域包括支援センター、障害者相談支援事務所、などの活動の周知 →
  地域包括支援センター、障害者相談支援事業所などの活動の周知 (事務所 → 事業所, stray 、 dropped;
  センターランチ typo → センターブランチ in plans).
- renamed (light, typo fix): [64] 市社会福祉協議会を通じたの地区社会福祉協議会活動の助け合い活動の推進 →
  市社会福祉協議会を通じた地区社会福祉協議会の助け合い活動の推進 (same typo fixed in content).
- renamed (heavy, content kept word for word): [72] 現役を退いた「団塊の世代」が地域活動に参加できる
  ような環境づくり → シニア世代の地域活動への参加促進.
- moved: [28] 母子・父子家庭の連絡組織の設立の検討 from Goal 1 (5) 当事者組織への支援 to the end of
  Goal 1 (8) 地域における子育ての支援 (texts edited lightly: past efforts).
- new: 重層的支援体制整備事業の実施に向けた検討 (社会福祉課), end of Goal 1 (1).
- new, DECOY: ヤングケアラーの早期発見と支援 (子育て支援課), right after [43] DV、児童虐待などの防止に
  向けた支援の推進 in the same area and with the same owner; shares 関係機関と連携 / 早期発見 /
  周知を図る with [43] but is not a split of it ([43] stays word for word).
- dropped: [62] 対象者横断の相談・支援窓口の設置と住民への周知設置 (the seed's unmarked near-duplicate
  of [1] in Goal 2 (1)); [74] 社会福祉法人の社会福祉充実計画承認(広域市町村圏).
- reordered within Goal 1 (4): [24] 日常生活自立支援事業や成年後見制度の啓発 now right after [21].
- spelling-variant name only (expected SAME): [38] 障害者や高齢者の社会参加促進 →
  障がい者や高齢者の社会参加促進.
- ordinary text edits (expected SAME): [3] 令和3年4月 appointments appended; [4] こどもまつり COVID
  sentence rewritten; [10] 3地区 → 4地区 and plans rewritten; [14] [15] [36] [58] COVID sentences
  rewritten; [23] 令和3年度 course added; [34] past efforts rewritten; [40] 令和3年4月 吾妻保育園 →
  令和4年4月 中郷・久津間保育園 in past, plans rewritten; [49] R4年1月 list added; [57] 令和3年度 count
  added; [69] 令和2年度 online sentence → 令和3年度.

Planted changes, FY2022 → FY2023
--------------------------------
Headers: 事業名 → 施策・事業名, 担当課 → 所管課名, 事業内容 → 内容, 取組状況 → 令和4年度の取組,
今後の方向性 → 今後の取組. Title 令和5年度第3期木更津市地域福祉計画 進行管理表.

Reorganisation:
- 自立支援課 → 生活自立支援課 (new name CONTAINS the old; same division 福祉部): 所管課 cells
  [1, 10-13, 21-24]; one body mention added ([8] past efforts: 生活自立支援課を中心に…).
  Body text such as 日常生活自立支援事業 / 地域自立支援協議会 is not a section name.
- 子育て支援課 splits into こども家庭課 ([4] (cell and tags), [28], [42], [43], the decoy ヤングケアラー
  item, the 母子福祉避難所 successor of [53]) and こども政策課 ([44], [48]); one body mention added
  ([43] plans: こども家庭課を中心に…).

Areas:
- Goal 3 gains a NEW area (2) 福祉を支える専門人材の育成・確保, so (2) 中高年パワーの活用 → (3) and
  (3) 社会福祉法人と連携した小地域活動の推進 → (4) (renumbered, same titles).
- Goal 1 (5) 高齢者や障害のある人など当事者組織への支援 → 高齢者や障がいのある人など当事者組織への支援:
  a spelling variant only (expected SAME, not listed in the area labels).

Items:
- split into two, end of the chain: 地域包括支援センター、障害者相談支援事業所などの活動の周知 (renamed in
  FY2022) → 地域包括支援センターの活動の周知 (高齢者福祉課 paragraphs) and 障害者相談支援事業所の活動の
  周知 (障がい福祉課 paragraphs), tags dropped (single owners).
- merge: [67] ボランティア活動に関する情報提供や環境の整備 + [69] ボランティア活動の支援 (identical
  content cells) → ボランティア活動に関する情報提供と活動の支援 (past efforts and plans joined).
- renamed (end of the merge chain): 社会福祉法人と社会福祉協議会との連携推進及び定期協議 (merged in
  FY2022) → 社会福祉法人との連携による地域における公益的な取組の推進 (content kept, past efforts
  rewritten), now in Goal 3 (4).
- renamed: [22] 成年後見の市長申し立て → 成年後見制度における市長申立ての実施 (texts kept).
- moved: [17] 支援を必要としている人とサービスを提供する人との調整を図る人材の育成 from Goal 1 (3)
  to the new Goal 3 (2) 福祉を支える専門人材の育成・確保 (texts kept).
- new: 介護人材の確保・定着に向けた支援 (介護保険課), Goal 3 (2).
- new (second decoy-like): 孤独・孤立対策の推進 (社会福祉課), end of Goal 2 (1); shares 関係機関と
  連携 / 周知を図る with items such as [1] but succeeds none.
- dropped: [57] 空き家・空き店舗等を活用した福祉活動拠点の確保.
- reordered within Goal 1 (2): [11] and [12] swapped.
- spelling/spacing-variant names only (expected SAME): [10] 生活困窮世帯の子どもの学習支援 →
  生活困窮世帯のこどもの学習支援; [42] 妊娠から出産、子育てまで切れ目のない支援の充実 → with an
  ideographic space before 切れ目.
- ordinary text edits (expected SAME): [14] [39] COVID sentences rewritten; [26] 4団体 → 3団体; [40]
  past / plans; [49] R5年1月 added; the FY2022 new item 重層的支援体制整備事業… past / plans updated.

Every other item stays word for word (apart from the owner-cell / tag renames above).

Counts (by hand from the plan)
------------------------------
FY2021: 75 items, 13 areas (G1 54, G2 12, G3 9).
FY2022: 75 items, 14 areas (G1 57 = 8+6+4+7+4+7+3+10+8, G2 11 = 7+4, G3 7 = 4+2+1).
FY2023: 76 items, 15 areas (G1 57 = 9+6+3+7+4+7+3+10+8, G2 11 = 7+4, G3 8 = 3+2+2+1).
"""

from __future__ import annotations

import copy
import re
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import SEED, ref, spreadsheet_rows, write_cp932_csv, write_xlsx

NAME, OWNER, CONTENT, PAST, PLANS = range(5)

TITLE = "令和{n}年度第3期木更津市地域福祉計画 進行管理表"
HEADERS = {
    2022: ["事業名", "担当課", "事業内容", "取組状況", "今後の方向性"],
    2023: ["施策・事業名", "所管課名", "内容", "令和4年度の取組", "今後の取組"],
}
FILE_NAMES = {
    2021: "r3_kisarazu_welfare_plan_progress.txt",
    2022: "r4_kisarazu_welfare_plan_progress.xlsx",
    2023: "r5_kisarazu_welfare_plan_progress.csv",
}

#: Items per (goal_no, area_no), by hand from the plan in the docstring.
EXPECTED_PER_AREA = {
    2021: {
        (1, 1): 7, (1, 2): 6, (1, 3): 4, (1, 4): 7, (1, 5): 5, (1, 6): 10, (1, 7): 9, (1, 8): 6,
        (2, 1): 8, (2, 2): 4,
        (3, 1): 4, (3, 2): 2, (3, 3): 3,
    },
    2022: {
        (1, 1): 8, (1, 2): 6, (1, 3): 4, (1, 4): 7, (1, 5): 4, (1, 6): 7, (1, 7): 3, (1, 8): 10,
        (1, 9): 8,
        (2, 1): 7, (2, 2): 4,
        (3, 1): 4, (3, 2): 2, (3, 3): 1,
    },
    2023: {
        (1, 1): 9, (1, 2): 6, (1, 3): 3, (1, 4): 7, (1, 5): 4, (1, 6): 7, (1, 7): 3, (1, 8): 10,
        (1, 9): 8,
        (2, 1): 7, (2, 2): 4,
        (3, 1): 3, (3, 2): 2, (3, 3): 2, (3, 4): 1,
    },
}  # fmt: skip
EXPECTED_ITEMS = {2021: 75, 2022: 75, 2023: 76}
EXPECTED_AREAS = {2021: 13, 2022: 14, 2023: 15}


# --- a table as goals → areas → item rows -------------------------------------------------


@dataclass
class Area:
    text: str  # the area row as written, e.g. "(1)対象者横断の…"
    items: list[list[str]] = field(default_factory=list)


@dataclass
class Goal:
    text: str  # e.g. "基本目標1 住みよいまちづくりの土壌を創ろう"
    areas: list[Area] = field(default_factory=list)


@dataclass
class Table:
    title: str
    header: list[str]
    goals: list[Goal]

    def items(self) -> list[list[str]]:
        return [row for g in self.goals for a in g.areas for row in a.items]

    def rows(self) -> list[list[str]]:
        """Spreadsheet rows (title, one header, goal / area rows of one cell, item rows)."""
        out = [[self.title], list(self.header)]
        for g in self.goals:
            out.append([g.text])
            for a in g.areas:
                out.append([a.text])
                out.extend(list(r) for r in a.items)
        return out


def seed_table() -> Table:
    """The seed's spreadsheet rows as a Table."""
    rows = spreadsheet_rows()
    title, header, goals = rows[0][0], rows[1], []
    for cells in rows[2:]:
        if len(cells) == 1:
            if cells[0].startswith("基本目標"):
                goals.append(Goal(cells[0]))
            else:
                goals[-1].areas.append(Area(cells[0]))
        else:
            goals[-1].areas[-1].items.append(cells + [""] * (5 - len(cells)))
    return Table(title, header, goals)


class _Pool:
    """The previous year's items by name; every one must be taken or declared gone."""

    def __init__(self, table: Table):
        self.rows = {r[NAME]: r for r in table.items()}
        assert len(self.rows) == len(table.items()), "duplicate item names"
        self.used: set[str] = set()

    def take(self, name: str) -> list[str]:
        assert name in self.rows, name
        assert name not in self.used, name
        self.used.add(name)
        return copy.deepcopy(self.rows[name])

    def gone(self, *names: str) -> None:
        for n in names:
            self.take(n)

    def check_all_used(self) -> None:
        left = set(self.rows) - self.used
        assert not left, left


def _sub(row: list[str], col: int, old: str, new: str) -> list[str]:
    assert row[col].count(old) == 1, (row[NAME], col, old)
    row[col] = row[col].replace(old, new)
    return row


def _set(row: list[str], col: int, old: str, new: str) -> list[str]:
    """Replace a whole cell, checking what it held."""
    assert row[col] == old, (row[NAME], col, row[col])
    row[col] = new
    return row


def _rename_everywhere(table: Table, old: str, new: str) -> int:
    """A section rename in every cell (owner cells, (…) tags, body text); the count."""
    n = 0
    for g in table.goals:
        for a in g.areas:
            for row in a.items:
                for i, cell in enumerate(row):
                    n += cell.count(old)
                    row[i] = cell.replace(old, new)
    return n


def _area_text(number: int, title: str, space: bool = False) -> str:
    return f"({number}){' ' if space else ''}{title}"


# --- FY2022 ---------------------------------------------------------------------------------


def fy2022_table(prev: Table) -> Table:
    prev = copy.deepcopy(prev)
    assert _rename_everywhere(prev, "危機管理課", "防災安全課") == 15
    p = _Pool(prev)
    g1, g2, g3 = prev.goals

    # Goal 1 (1): [6] renamed, a new item at the end.
    a11 = [
        p.take("対象者横断の相談・支援窓口の設置と住民への周知"),
        p.take("社会福祉協議会への地区担当コミュニティソーシャルワーカーの配置"),
        _sub(
            p.take("民生委員・児童委員活動への支援"),
            PAST,
            "令和2年4月に1名の民生委員協力員",
            "令和2年4月に1名、令和3年4月に2名の民生委員協力員",
        ),
        _sub(
            p.take("民生委員・児童委員、主任児童委員及び家庭相談員の活動の周知"),
            PAST,
            "新型コロナウイルス感染拡大防止の観点からこどもまつりの参加を見合わせたものの、"
            "乳児家庭全戸訪問での周知は継続的に実施した。",
            "こどもまつりは規模を縮小して開催され、主任児童委員の活動を紹介したほか、"
            "乳児家庭全戸訪問での周知を継続的に実施した。",
        ),
        p.take("市社会福祉協議会・地区社会福祉協議会への支援"),
    ]
    r6 = p.take("地域包括支援センター、障害者相談支援事務所、などの活動の周知")
    r6[NAME] = "地域包括支援センター、障害者相談支援事業所などの活動の周知"
    _sub(
        r6, PLANS, "昨年開設した中部地域包括支援センターランチ", "中部地域包括支援センターブランチ"
    )
    a11 += [
        r6,
        p.take("「広報きさらづ」やホームページ、コミュニティ放送を活用した情報提供の一層の充実"),
        [
            "重層的支援体制整備事業の実施に向けた検討",
            "社会福祉課",
            "社会福祉法の改正を踏まえ、属性や世代を問わない相談支援、参加支援、地域づくりに向けた"
            "支援を一体的に実施する重層的支援体制整備事業の実施に向けた検討を行う。",
            "庁内関係課による検討会議を立ち上げ、先行自治体の取組状況の調査を行った。",
            "令和5年度の移行準備事業の実施に向け、社会福祉協議会を含めた関係機関との協議を進める。",
        ],
    ]

    # Goal 1 (2): text edits only.
    r10 = p.take("生活困窮世帯の子どもの学習支援")
    _sub(r10, PAST, "3地区の地区社会福祉協議会", "4地区の地区社会福祉協議会")
    _set(
        r10,
        PLANS,
        "現在3箇所で実施しているが、事業を広げていけるよう、どこの地区で事業を実施するのが効果的か"
        "検討していく。",
        "令和3年度に1地区を追加し、現在4箇所で実施している。引き続き、事業を広げていけるよう、"
        "どこの地区で事業を実施するのが効果的か検討していく。",
    )
    a12 = [
        p.take("対象者横断の相談・支援窓口と連携した支援"),
        p.take("社会福祉協議会への地区担当コミュニティソーシャルワーカーと連携した地域づくり"),
        r10,
        p.take("ハローワーク・地域若者サポートステーションと連携した支援"),
        p.take("商工会議所等と連携した職場体験などの協力事業者の開拓"),
        p.take("市社会福祉協議会・地区社会福祉協議会の生活福祉資金貸し付けとの連携"),
    ]

    # Goal 1 (3): COVID sentences rewritten.
    a13 = [
        _set(
            p.take("地区懇談会の開催"),
            PAST,
            "新型コロナウイルス感染症拡大防止の観点から、懇談会の開催は見合わせた。",
            "新型コロナウイルス感染症の感染状況を踏まえ、令和3年度も懇談会の開催は見合わせた。",
        ),
        _set(
            _set(
                p.take("サロンの開催場所の増設"),
                PAST,
                "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせた。",
                "新型コロナウイルス感染症の感染状況を踏まえ、感染対策を講じたうえで一部のサロンの"
                "開催を再開した。",
            ),
            PLANS,
            "今後の新型コロナウイルス感染症の拡大状況や国、県の動向を見ながら、支援の実施を検討する。",
            "感染対策を講じながら、サロンの再開及び開催場所の増設に向けた支援を行う。",
        ),
        p.take(
            "認知症等高齢者見守り事業などの実施により、支援を必要とする世帯を把握するとともに"
            "そのニーズを把握"
        ),
        p.take("支援を必要としている人とサービスを提供する人との調整を図る人材の育成"),
    ]

    # Goal 1 (4): [24] moved up after [21]; [23] text edit.
    a14 = [
        p.take("市の相談窓口でのサービス利用の苦情の受付"),
        p.take("福祉サービス利用者サポートセンター(千葉県運営適正化委員会)の活用"),
        p.take("福祉サービス事業者の第三者評価受審の促進"),
        p.take("市社会福祉協議会の成年後見支援センター事業の推進"),
        p.take("日常生活自立支援事業や成年後見制度の啓発"),
        p.take("成年後見の市長申し立て"),
        _sub(
            p.take("市民後見人育成"),
            PAST,
            "平成27年度から3年ごとに養成講座を開講している。",
            "平成27年度から3年ごとに養成講座を開講しており、令和3年度に第3期の養成講座を開講した。",
        ),
    ]

    # Goal 1 (5): [28] moves to the child-rearing area.
    a15 = [
        p.take("当事者組織についての情報を提供"),
        p.take("当事者組織の運営や活動を支援"),
        p.take("当事者組織との定期的意見交換の実施"),
        p.take("当事者の各種会議への参加(意見等発言の機会の提供)"),
    ]
    r28 = _set(
        p.take("母子・父子家庭の連絡組織の設立の検討"),
        PAST,
        "母子・父子家庭支援のための制度やサービスに関するパンフレットを新規に作成し、ひとり親家庭に"
        "配布することで、経済的課題の解決の支援強化を図った。",
        "ひとり親家庭のためのサポートパンフレットを改訂して配布するとともに、母子父子家庭からの"
        "相談に応じ、経済的課題の解決の支援強化を図った。",
    )

    # Goal 1 (6) split into (6) and (7).
    a16 = [
        p.take("妊婦、乳幼児期から高齢期へと生涯にわたる健康づくりの推進"),
        p.take("予防可能な生活習慣病の発症予防及び重症化予防のための支援"),
        p.take("健康づくりのための情報提供"),
        p.take("健診受診率の向上に向けた取組みの強化"),
        _set(
            p.take("健康増進センター等による運動の機会の充実"),
            PAST,
            "プール棟の大規模改修を実施し、段差の解消、プール槽の底上げなどにより施設の利便性の"
            "向上について取り組みを行った。",
            "大規模改修後のプール棟において、指定管理者の自主事業として水中運動教室等を実施し、"
            "利用者数の回復に取り組んだ。",
        ),
        p.take("保健・医療・福祉やNPO、ボランティア団体とのネットワークを形成"),
        p.take("公民館での健康を支援しあえる仲間づくり"),
    ]
    r38 = p.take("障害者や高齢者の社会参加促進")
    r38[NAME] = "障がい者や高齢者の社会参加促進"
    a17 = [
        _set(
            p.take("市民向け各種講座・講習の開催"),
            PAST,
            "新型コロナウイルス感染症拡大防止の観点から実施していない。",
            "新型コロナウイルス感染症の感染状況を踏まえ、オンラインを活用した出前講座を一部"
            "実施した。",
        ),
        r38,
        p.take("サロンの場での生きがいづくり"),
    ]

    # Goal 1 (8) (was 7): decoy new item after [43]; [46]+[47] merged; [28] moved in.
    r40 = p.take("保育士の処遇改善、保育所等の拡充、整備の推進")
    _sub(
        r40,
        PAST,
        "また、令和3年4月からの吾妻保育園民営化に係る取り組みを実施した。",
        "また、令和4年4月からの中郷保育園及び久津間保育園の民営化に係る移管準備を実施した。",
    )
    _sub(
        r40,
        PLANS,
        "また、令和4年4月に民営化予定である、中郷保育園及び久津間保育園の移管準備を実施していく。",
        "また、民営化した中郷保育園及び久津間保育園の運営状況を確認するとともに、引き続き"
        "公立保育園のあり方を検討していく。",
    )
    p.gone(
        "サロン等において、高齢者と子どもたちと二世世代交流の促進",
        "福祉施設での子どもたちと施設利用者の交流の促進",
    )
    a18 = [
        r40,
        p.take("家庭・地域と連携した学校教育の推進"),
        p.take("妊娠から出産、子育てまで切れ目のない支援の充実"),
        p.take("DV、児童虐待などの防止に向けた支援の推進"),
        [
            "ヤングケアラーの早期発見と支援",
            "子育て支援課",
            "本来大人が担うと想定されている家事や家族の世話などを日常的に行っているヤングケアラー"
            "について、関係機関と連携し、早期発見と必要な支援につなげるとともに、ヤングケアラーに"
            "ついての周知を図る。",
            "国の実態調査の結果を踏まえ、学校や要保護児童対策地域協議会の関係機関と情報共有を"
            "行った。",
            "市内小中学校の児童生徒を対象とした実態調査を実施するとともに、市民向けのリーフレットを"
            "作成し、周知を図る。",
        ],
        p.take("地域子育て支援センターを中心に、子育て支援事業を充実"),
        p.take("公民館での子育て世代の学びと交流の場づくり"),
        [
            "サロンや福祉施設での世代間交流の促進",
            "社会福祉課",
            "社会福祉協議会において児童から高齢者まで、地域住民がともに暮らしていくための世代間交流"
            "を推進する。また、木更津市民総合福祉会館にて各種イベントを行うことにより、世代を越えた"
            "交流を行う。",
            "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせ、福祉まつり、"
            "福祉バザーは中止とした。",
            "今後の新型コロナウイルス感染症の拡大状況や国、県の動向を見ながら、世代間の交流の場を"
            "設けられるか検討する。",
        ],
        p.take("母子保健計画・子ども子育て支援事業計画の推進"),
        r28,
    ]

    # Goal 1 (9) (was 8): [53] split in three; [49] text edit.
    r49 = _sub(
        p.take("避難行動要支援者名簿の作成"),
        PAST,
        "R2年7月、R3年1月に名簿を作成",
        "R2年7月、R3年1月、R4年1月に名簿を作成",
    )
    r53 = p.take("高齢者・障害者・乳幼児などの要配慮者に配慮した避難所運営及び福祉避難所の体制整備")
    c = r53[CONTENT].split("\n")
    pe = r53[PAST].split("\n")
    pl = r53[PLANS].split("\n")
    assert [len(c), len(pe), len(pl)] == [4, 5, 5]
    assert c[0].endswith("(防災安全課)") and pl[0].endswith("(防災安全課)")
    c0a, c0b = c[0].split("また、福祉避難所については、")
    pl0a, pl0b = pl[0].split("また、福祉避難所においては、")
    untag = "(防災安全課)"
    shelter_manual = [
        "要配慮者に配慮した避難所運営マニュアルの整備",
        "防災安全課",
        c0a.removeprefix("○"),
        pe[0].removeprefix("○").removesuffix(untag),
        pl0a,
    ]
    welfare_shelter = [
        "福祉避難所の体制整備",
        "障がい福祉課 高齢者福祉課 介護保険課 防災安全課",
        "\n".join(["○福祉避難所については、" + c0b, c[1], c[3]]),
        "\n".join([pe[1], pe[3]]),
        "\n".join(["○福祉避難所においては、" + pl0b, pl[1], pl[3]]),
    ]
    health_shelter = [
        "避難所における健康管理と母子福祉避難所の確保",
        "健康推進課 子育て支援課",
        "\n".join(
            [
                c[2],
                "○乳幼児をもつ家庭や妊産婦が安心して避難できるよう、母子福祉避難所の確保を図る。"
                "(子育て支援課)",
            ]
        ),
        "\n".join([pe[2], pe[4]]),
        "\n".join([pl[2], pl[4]]),
    ]
    a19 = [
        r49,
        p.take("自主防災組織や自治会・町内会などへの名簿提供"),
        p.take("地域包括支援センター等専門機関と連携した災害時避難体制の検討"),
        p.take("高齢者・障害者などを対象とする避難訓練の実施"),
        shelter_manual,
        welfare_shelter,
        health_shelter,
        p.take("市社会福祉協議会が災害時に設置する災害ボランティアセンターとの連携"),
    ]

    # Goal 2 (1): [62] dropped; text edits.
    p.gone("対象者横断の相談・支援窓口の設置と住民への周知設置")
    a21 = [
        p.take("住民による地域組織への支援"),
        p.take("公民館をはじめとする公共施設の有効活用"),
        _sub(
            p.take("空き家・空き店舗等を活用した福祉活動拠点の確保"),
            PAST,
            "令和2年度は3件の店舗への補助実績",
            "令和2年度は3件、令和3年度は2件の店舗への補助実績",
        ),
        _set(
            p.take("サロンでの傾聴ボランティアと連携したコミュニティソーシャルワーカーによる支援"),
            PAST,
            "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせた。",
            "新型コロナウイルス感染症の感染状況を踏まえ、傾聴ボランティアの活動は電話による"
            "見守りに切り替えて実施した。",
        ),
        p.take("サービス提供事業者間での援助を求めている人の情報共有体制整備"),
        p.take("認知症等高齢者見守り事業などの推進"),
        p.take("民生委員・児童委員、主任児童委員との連携推進"),
    ]

    # Goal 2 (2) renamed; [64] renamed (typo fix).
    r64 = p.take("市社会福祉協議会を通じたの地区社会福祉協議会活動の助け合い活動の推進")
    r64[NAME] = "市社会福祉協議会を通じた地区社会福祉協議会の助け合い活動の推進"
    _sub(r64, CONTENT, "通じたの", "通じた")
    a22 = [
        p.take("転入者に対する自治会・町内会などについての情報提供"),
        r64,
        p.take("障害者差別解消法の普及啓発"),
        p.take("児童・生徒・住民への福祉学習の推進"),
    ]

    # Goal 3.
    a31 = [
        p.take("ボランティア活動に関する情報提供や環境の整備"),
        p.take("ボランティアコーディネーター人材の育成"),
        _sub(
            p.take("ボランティア活動の支援"),
            PAST,
            "令和2年度については、新型コロナウイルス感染症の拡大防止の観点から、オンラインにて"
            "実施した。",
            "令和3年度については、オンラインと対面を併用して実施した。",
        ),
        p.take("児童・生徒・市民への福祉学習の推進(再掲)"),
    ]
    r72 = p.take("現役を退いた「団塊の世代」が地域活動に参加できるような環境づくり")
    r72[NAME] = "シニア世代の地域活動への参加促進"
    a32 = [p.take("高齢者の生きがい対策や就労支援のため、シルバー人材センターの活用"), r72]
    p.gone(
        "社会福祉法人と地区社会福祉協議会活動との連携推進",
        "社会福祉法人と市社会福祉協議会との定期協議",
        "社会福祉法人の社会福祉充実計画承認(広域市町村圏)",
    )
    a33 = [
        [
            "社会福祉法人と社会福祉協議会との連携推進及び定期協議",
            "社会福祉課",
            "市内の社会福祉法人に声をかけて合同会議を開催し、法人の意向を調査したうえで、地区社協"
            "会議にて法人から協力をもらいたい事項を検討し、連携を推進するとともに、市社会福祉協議会"
            "との定期協議を実施する。",
            "新型コロナウイルス感染症拡大防止の観点から、合同会議及び定期協議の実施はできていない。"
            " 生活支援体制整備事業において買い物支援を実施するため、地域の介護事業所から空いている"
            "時間での車の貸出等の協力を得ることができた。",
            "社会福祉法人の合同会議を開催し、法人からの提案を受け、地区社協会議にて連携ができるか"
            "模索するとともに、定期協議の開催を図っていく。",
        ]
    ]
    p.check_all_used()

    a = [x.text for x in g1.areas] + [x.text for x in g2.areas] + [x.text for x in g3.areas]
    assert a[6] == "(7) 地域における子育ての支援" and a[7].startswith("(8)避難行動")
    goals = [
        Goal(
            g1.text,
            [
                Area(a[0], a11),
                Area(a[1], a12),
                Area(a[2], a13),
                Area(a[3], a14),
                Area(a[4], a15),
                Area(_area_text(6, "健康づくり・介護予防への支援"), a16),
                Area(_area_text(7, "生きがいづくり・社会参加への支援"), a17),
                Area(_area_text(8, "地域における子育ての支援", space=True), a18),
                Area(_area_text(9, "避難行動要支援者への支援体制づくり"), a19),
            ],
        ),
        Goal(
            g2.text,
            [Area(a[8], a21), Area(_area_text(2, "地域の支え合い・助け合い活動の推進"), a22)],
        ),
        Goal(g3.text, [Area(a[10], a31), Area(a[11], a32), Area(a[12], a33)]),
    ]
    return Table(TITLE.format(n=4), HEADERS[2022], goals)


# --- FY2023 ---------------------------------------------------------------------------------

#: 子育て支援課 splits in FY2023: which successor each of its items goes to.
_KOSODATE_SPLIT = {
    "民生委員・児童委員、主任児童委員及び家庭相談員の活動の周知": "こども家庭課",
    "妊娠から出産、子育てまで切れ目のない支援の充実": "こども家庭課",
    "DV、児童虐待などの防止に向けた支援の推進": "こども家庭課",
    "ヤングケアラーの早期発見と支援": "こども家庭課",
    "地域子育て支援センターを中心に、子育て支援事業を充実": "こども政策課",
    "母子保健計画・子ども子育て支援事業計画の推進": "こども政策課",
    "母子・父子家庭の連絡組織の設立の検討": "こども家庭課",
    "避難所における健康管理と母子福祉避難所の確保": "こども家庭課",
}


def fy2023_table(prev: Table) -> Table:
    prev = copy.deepcopy(prev)
    assert _rename_everywhere(prev, "自立支援課", "生活自立支援課") == 9
    for row in prev.items():
        if "子育て支援課" in "".join(row):
            new = _KOSODATE_SPLIT[row[NAME]]
            for i, cell in enumerate(row):
                row[i] = cell.replace("子育て支援課", new)
    assert not any("子育て支援課" in c for r in prev.items() for c in r)
    p = _Pool(prev)
    g1, g2, g3 = prev.goals

    # Goal 1 (1): the FY2022-renamed [6] splits in two; new FY2022 item's texts updated.
    r6 = p.take("地域包括支援センター、障害者相談支援事業所などの活動の周知")
    parts = [r6[col].split("(障がい福祉課) ") for col in (CONTENT, PAST, PLANS)]
    assert all(len(x) == 2 and x[1].endswith("(高齢者福祉課)") for x in parts)
    elderly = ["地域包括支援センターの活動の周知", "高齢者福祉課"] + [
        x[1].removesuffix("(高齢者福祉課)") for x in parts
    ]
    elderly[2] += "を図る。"
    disability = ["障害者相談支援事業所の活動の周知", "障がい福祉課"] + [x[0] for x in parts]
    r_jyuso = p.take("重層的支援体制整備事業の実施に向けた検討")
    _set(
        r_jyuso,
        PAST,
        "庁内関係課による検討会議を立ち上げ、先行自治体の取組状況の調査を行った。",
        "重層的支援体制整備事業への移行準備事業を実施し、社会福祉協議会と多機関協働の仕組みに"
        "ついて協議を行った。",
    )
    _set(
        r_jyuso,
        PLANS,
        "令和5年度の移行準備事業の実施に向け、社会福祉協議会を含めた関係機関との協議を進める。",
        "令和6年度からの本格実施に向け、支援会議の設置等の体制整備を進める。",
    )
    a11 = [
        p.take("対象者横断の相談・支援窓口の設置と住民への周知"),
        p.take("社会福祉協議会への地区担当コミュニティソーシャルワーカーの配置"),
        p.take("民生委員・児童委員活動への支援"),
        p.take("民生委員・児童委員、主任児童委員及び家庭相談員の活動の周知"),
        p.take("市社会福祉協議会・地区社会福祉協議会への支援"),
        elderly,
        disability,
        p.take("「広報きさらづ」やホームページ、コミュニティ放送を活用した情報提供の一層の充実"),
        r_jyuso,
    ]

    # Goal 1 (2): [11] and [12] swapped; body mention of the renamed section in [8].
    r10 = p.take("生活困窮世帯の子どもの学習支援")
    r10[NAME] = "生活困窮世帯のこどもの学習支援"
    a12 = [
        _set(
            p.take("対象者横断の相談・支援窓口と連携した支援"),
            PAST,
            "福祉部内の相談・窓口で連携し、対象者の状況に応じた支援を実施した。",
            "生活自立支援課を中心に、福祉部内の相談・窓口で連携し、対象者の状況に応じた支援を"
            "実施した。",
        ),
        p.take("社会福祉協議会への地区担当コミュニティソーシャルワーカーと連携した地域づくり"),
        r10,
        p.take("商工会議所等と連携した職場体験などの協力事業者の開拓"),
        p.take("ハローワーク・地域若者サポートステーションと連携した支援"),
        p.take("市社会福祉協議会・地区社会福祉協議会の生活福祉資金貸し付けとの連携"),
    ]

    # Goal 1 (3): [17] moves to the new Goal 3 (2).
    a13 = [
        _set(
            _set(
                p.take("地区懇談会の開催"),
                PAST,
                "新型コロナウイルス感染症の感染状況を踏まえ、令和3年度も懇談会の開催は見合わせた。",
                "感染対策を講じたうえで、2地区において懇談会を開催し、地域課題の把握を行った。",
            ),
            PLANS,
            "必要に応じて開催していく。",
            "開催地区を広げ、地域課題の把握に努める。",
        ),
        p.take("サロンの開催場所の増設"),
        p.take(
            "認知症等高齢者見守り事業などの実施により、支援を必要とする世帯を把握するとともに"
            "そのニーズを把握"
        ),
    ]
    r17 = p.take("支援を必要としている人とサービスを提供する人との調整を図る人材の育成")

    # Goal 1 (4): [22] renamed.
    r22 = p.take("成年後見の市長申し立て")
    r22[NAME] = "成年後見制度における市長申立ての実施"
    a14 = [
        p.take("市の相談窓口でのサービス利用の苦情の受付"),
        p.take("福祉サービス利用者サポートセンター(千葉県運営適正化委員会)の活用"),
        p.take("福祉サービス事業者の第三者評価受審の促進"),
        p.take("市社会福祉協議会の成年後見支援センター事業の推進"),
        p.take("日常生活自立支援事業や成年後見制度の啓発"),
        r22,
        p.take("市民後見人育成"),
    ]

    # Goal 1 (5): title spelling variant only; [26] text edit.
    a15 = [
        p.take("当事者組織についての情報を提供"),
        _sub(p.take("当事者組織の運営や活動を支援"), PAST, "市内4団体", "市内3団体"),
        p.take("当事者組織との定期的意見交換の実施"),
        p.take("当事者の各種会議への参加(意見等発言の機会の提供)"),
    ]

    a16 = [
        p.take("妊婦、乳幼児期から高齢期へと生涯にわたる健康づくりの推進"),
        p.take("予防可能な生活習慣病の発症予防及び重症化予防のための支援"),
        p.take("健康づくりのための情報提供"),
        p.take("健診受診率の向上に向けた取組みの強化"),
        p.take("健康増進センター等による運動の機会の充実"),
        p.take("保健・医療・福祉やNPO、ボランティア団体とのネットワークを形成"),
        p.take("公民館での健康を支援しあえる仲間づくり"),
    ]
    a17 = [
        p.take("市民向け各種講座・講習の開催"),
        p.take("障がい者や高齢者の社会参加促進"),
        _set(
            _set(
                p.take("サロンの場での生きがいづくり"),
                PAST,
                "新型コロナウイルス感染症拡大防止の観点から、サロンの開催は見合わせた。",
                "感染対策を講じたうえで、一部のサロンにおいて開催を再開した。",
            ),
            PLANS,
            "今後の新型コロナウイルス感染症の拡大状況や国、県の動向を見ながら、支援の実施を検討する。",
            "サロンの開催を通じて、高齢者の生きがいづくりを支援する。",
        ),
    ]

    r40 = p.take("保育士の処遇改善、保育所等の拡充、整備の推進")
    _sub(
        r40,
        PAST,
        "また、令和4年4月からの中郷保育園及び久津間保育園の民営化に係る移管準備を実施した。",
        "また、令和4年4月に中郷保育園及び久津間保育園の民営化を実施した。",
    )
    _sub(
        r40,
        PLANS,
        "また、民営化した中郷保育園及び久津間保育園の運営状況を確認するとともに、引き続き"
        "公立保育園のあり方を検討していく。",
        "また、公立保育園のあり方について、令和5年度中に方針を取りまとめる。",
    )
    r42 = p.take("妊娠から出産、子育てまで切れ目のない支援の充実")
    r42[NAME] = "妊娠から出産、子育てまで\u3000切れ目のない支援の充実"
    a18 = [
        r40,
        p.take("家庭・地域と連携した学校教育の推進"),
        r42,
        _sub(
            p.take("DV、児童虐待などの防止に向けた支援の推進"),
            PLANS,
            "また、虐待の再発防止に向けて、関係機関と緊密に連携し、",
            "また、虐待の再発防止に向けて、こども家庭課を中心に関係機関と緊密に連携し、",
        ),
        p.take("ヤングケアラーの早期発見と支援"),
        p.take("地域子育て支援センターを中心に、子育て支援事業を充実"),
        p.take("公民館での子育て世代の学びと交流の場づくり"),
        p.take("サロンや福祉施設での世代間交流の促進"),
        p.take("母子保健計画・子ども子育て支援事業計画の推進"),
        p.take("母子・父子家庭の連絡組織の設立の検討"),
    ]
    a19 = [
        _sub(
            p.take("避難行動要支援者名簿の作成"),
            PAST,
            "R3年1月、R4年1月に名簿を作成",
            "R3年1月、R4年1月、R5年1月に名簿を作成",
        ),
        p.take("自主防災組織や自治会・町内会などへの名簿提供"),
        p.take("地域包括支援センター等専門機関と連携した災害時避難体制の検討"),
        p.take("高齢者・障害者などを対象とする避難訓練の実施"),
        p.take("要配慮者に配慮した避難所運営マニュアルの整備"),
        p.take("福祉避難所の体制整備"),
        p.take("避難所における健康管理と母子福祉避難所の確保"),
        p.take("市社会福祉協議会が災害時に設置する災害ボランティアセンターとの連携"),
    ]

    # Goal 2 (1): [57] dropped; a new item at the end.
    p.gone("空き家・空き店舗等を活用した福祉活動拠点の確保")
    a21 = [
        p.take("住民による地域組織への支援"),
        p.take("公民館をはじめとする公共施設の有効活用"),
        p.take("サロンでの傾聴ボランティアと連携したコミュニティソーシャルワーカーによる支援"),
        p.take("サービス提供事業者間での援助を求めている人の情報共有体制整備"),
        p.take("認知症等高齢者見守り事業などの推進"),
        p.take("民生委員・児童委員、主任児童委員との連携推進"),
        [
            "孤独・孤立対策の推進",
            "社会福祉課",
            "社会的な孤独・孤立の問題を抱える人が必要な支援につながるよう、関係機関と連携し、"
            "相談窓口の周知を図る。",
            "孤独・孤立対策推進法の成立を受け、庁内関係課及び社会福祉協議会と情報共有を行った。",
            "関係機関と連携した見守り・相談体制の構築に向けて検討するとともに、相談窓口の一覧を"
            "作成し、周知を図る。",
        ],
    ]
    a22 = [
        p.take("転入者に対する自治会・町内会などについての情報提供"),
        p.take("市社会福祉協議会を通じた地区社会福祉協議会の助け合い活動の推進"),
        p.take("障害者差別解消法の普及啓発"),
        p.take("児童・生徒・住民への福祉学習の推進"),
    ]

    # Goal 3 (1): [67] + [69] merged.
    r67 = p.take("ボランティア活動に関する情報提供や環境の整備")
    r69 = p.take("ボランティア活動の支援")
    assert r67[CONTENT] == r69[CONTENT]
    a31 = [
        [
            "ボランティア活動に関する情報提供と活動の支援",
            "市民活動支援課",
            r67[CONTENT],
            "市民活動支援センターにて、市民活動団体の団体登録を受付し、どのようなボランティアが"
            "必要かを調査したうえで、HPやFB等を活用して、各団体の情報発信を行っている。また、"
            "ボランティア活動の相談や団体設立等の相談を行うとともに、各団体間の連携を促進し、"
            "市民活動団体同士が活発な活動を継続的に実施できるよう、交流会等を実施している。",
            "SNSや広報等を活用し、各世代に適した情報発信方法を検討するとともに、指定管理者と連携"
            "しながら、ボランティア従事者が市民活動に参加しやすい環境整備を行い、ボランティア"
            "従事者の増加を図っていく。",
        ],
        p.take("ボランティアコーディネーター人材の育成"),
        p.take("児童・生徒・市民への福祉学習の推進(再掲)"),
    ]
    # Goal 3 (2) NEW: [17] moved in, a new item.
    a32 = [
        r17,
        [
            "介護人材の確保・定着に向けた支援",
            "介護保険課",
            "介護サービス事業所における人材の確保及び定着を図るため、介護職員の資格取得や研修受講"
            "に係る費用の一部を助成する。",
            "介護職員初任者研修等の受講費用の助成制度を創設し、事業所への周知を行った。",
            "関係機関と連携し、介護の仕事の魅力を発信するとともに、助成制度の活用を促進する。",
        ],
    ]
    a33 = [
        p.take("高齢者の生きがい対策や就労支援のため、シルバー人材センターの活用"),
        p.take("シニア世代の地域活動への参加促進"),
    ]
    # Goal 3 (4) (was 3): the FY2022 merge renamed.
    r_hojin = p.take("社会福祉法人と社会福祉協議会との連携推進及び定期協議")
    r_hojin[NAME] = "社会福祉法人との連携による地域における公益的な取組の推進"
    r_hojin[PAST] = (
        "感染対策を講じたうえで社会福祉法人の合同会議を開催し、地域における公益的な取組に"
        "ついて意見交換を行った。"
    )
    a34 = [r_hojin]
    p.check_all_used()

    a = [x.text for x in g1.areas] + [x.text for x in g2.areas] + [x.text for x in g3.areas]
    assert a[4] == "(5)高齢者や障害のある人など当事者組織への支援", a[4]
    assert a[12] == "(2) 中高年パワーの活用" and a[13].startswith("(3) 社会福祉法人"), a[12:]
    goals = [
        Goal(
            g1.text,
            [
                Area(a[0], a11),
                Area(a[1], a12),
                Area(a[2], a13),
                Area(a[3], a14),
                Area("(5)高齢者や障がいのある人など当事者組織への支援", a15),
                Area(a[5], a16),
                Area(a[6], a17),
                Area(a[7], a18),
                Area(a[8], a19),
            ],
        ),
        Goal(g2.text, [Area(a[9], a21), Area(a[10], a22)]),
        Goal(
            g3.text,
            [
                Area(a[11], a31),
                Area(_area_text(2, "福祉を支える専門人材の育成・確保"), a32),
                Area(re.sub(r"^\(2\)", "(3)", a[12]), a33),
                Area(re.sub(r"^\(3\)", "(4)", a[13]), a34),
            ],
        ),
    ]
    return Table(TITLE.format(n=5), HEADERS[2023], goals)


# --- the chain, written -----------------------------------------------------------------------


def tables() -> dict[int, Table]:
    t21 = seed_table()
    t22 = fy2022_table(t21)
    t23 = fy2023_table(t22)
    for t in (t22, t23):
        names = [r[NAME] for r in t.items()]
        assert len(names) == len(set(names)), "an item name twice in a table"
    return {2021: t21, 2022: t22, 2023: t23}


def write_years(folder: Path) -> dict[int, Path]:
    """FY2021 (the seed .txt, copied), FY2022 (.xlsx), FY2023 (CP932 .csv) in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    t = tables()
    paths = {y: folder / FILE_NAMES[y] for y in FILE_NAMES}
    shutil.copyfile(SEED, paths[2021])
    write_xlsx(paths[2022], t[2022].rows())
    write_cp932_csv(paths[2023], t[2023].rows())
    return paths


def check_written(folder: Path) -> dict[int, tuple[int, int]]:
    """Load each written file and check the hand-counted items and areas; (items, areas)."""
    from plan_analysis.load import load_table

    folder = Path(folder)
    out = {}
    for year, name in FILE_NAMES.items():
        path = folder / name
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # renamed sections are not in departments.csv
            loaded = load_table(path, ref().load)
        doc = loaded.documents.iloc[0]
        assert doc["fiscal_year"] == year, (name, doc["fiscal_year"])
        assert len(loaded.items) == EXPECTED_ITEMS[year], (name, len(loaded.items))
        assert len(loaded.sections) == EXPECTED_AREAS[year], (name, len(loaded.sections))
        per_area = loaded.items.groupby(["goal_no", "area_no"]).size().to_dict()
        assert per_area == EXPECTED_PER_AREA[year], (name, per_area)
        assert sum(EXPECTED_PER_AREA[year].values()) == EXPECTED_ITEMS[year]
        out[year] = (len(loaded.items), len(loaded.sections))
    return out

"""The real R3 Kisarazu table, loaded: counts, named items, owners, segments, reposts."""

from __future__ import annotations

import re

import pytest

from plan_analysis.load.normalize import normalize_text
from plan_analysis.schema import TEXT_COLUMNS

from .conftest import SEED


def item(seed, name_start: str):
    rows = seed.items[seed.items["name"].str.startswith(name_start)]
    assert len(rows) == 1, name_start
    return rows.iloc[0]


def test_document(seed):
    doc = seed.documents.iloc[0]
    assert doc["fiscal_year"] == 2021
    assert doc["plan_title"] == "令和3年度第3期木更津市地域福祉計画 進行管理表"
    assert (doc["source_format"], doc["encoding"]) == ("text", "utf-8")
    assert (doc["n_items"], doc["n_goals"], doc["n_areas"], doc["n_lines"]) == (75, 3, 13, 124)
    assert doc["sha256"] == __import__("hashlib").sha256(SEED.read_bytes()).hexdigest()


def test_reconciliation_counts(seed):
    kinds = seed.source_lines["kind"].value_counts().to_dict()
    assert kinds == {"item": 75, "blank": 17, "header": 15, "area": 13, "goal": 3, "title": 1}
    assert seed.source_lines["line"].tolist() == list(range(1, 125))


def test_items_per_goal_and_area(seed):
    per_goal = seed.items.groupby("goal_no").size().to_dict()
    assert per_goal == {1: 54, 2: 12, 3: 9}
    per_area = seed.items.groupby(["goal_no", "area_no"]).size().to_dict()
    assert per_area == {
        (1, 1): 7, (1, 2): 6, (1, 3): 4, (1, 4): 7, (1, 5): 5, (1, 6): 10, (1, 7): 9, (1, 8): 6,
        (2, 1): 8, (2, 2): 4,
        (3, 1): 4, (3, 2): 2, (3, 3): 3,
    }  # fmt: skip
    assert seed.items["item_id"].is_unique
    assert seed.items["seq"].tolist() == list(range(1, 76))


def test_sections(seed):
    s = seed.sections
    assert len(s) == 13
    goals = s.drop_duplicates("goal_no").set_index("goal_no")["goal_title"].to_dict()
    assert goals == {
        1: "住みよいまちづくりの土壌を創ろう",
        2: "風とおしのよいまちを創ろう!",  # NFKC: ！ → !
        3: "「これから」を支える人を育てよう!",
    }
    titles = s.set_index(["goal_no", "area_no"])["area_title"]
    assert titles[(1, 7)] == "地域における子育ての支援"  # written "(7) 地域…" with a space
    assert titles[(3, 3)] == "社会福祉法人と連携した小地域活動の推進"
    assert s["area_no"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 1, 2, 3]


def test_first_item(seed):
    first = seed.items.iloc[0]
    assert first["item_id"] == "2021-001"
    assert first["name"] == "対象者横断の相談・支援窓口の設置と住民への周知"
    assert first["owner_raw"] == "自立支援課"
    assert first["plans"].startswith("支援を受けることができていない生活困窮者を")
    assert first["source_line"] == 8


def test_evacuation_item_has_six_owners(seed):
    shelter = item(seed, "高齢者・障害者・乳幼児などの要配慮者に配慮した避難所運営")
    assert shelter["source_line"] == 87
    assert "<p>" not in shelter["name"] and "<p>" in shelter["name_raw"]
    owners = seed.item_departments[seed.item_departments["item_id"] == shelter["item_id"]]
    assert owners["department"].tolist() == [
        "障がい福祉課", "高齢者福祉課", "介護保険課", "子育て支援課", "健康推進課", "危機管理課"
    ]  # fmt: skip
    assert owners["division"].tolist() == ["福祉部"] * 3 + ["健康こども部"] * 2 + ["総務部"]
    segs = seed.segments[seed.segments["item_id"] == shelter["item_id"]]
    by_col = segs.groupby("column")["department"].apply(list).to_dict()
    assert by_col["content"] == ["危機管理課", "介護保険課", "健康推進課", "障がい福祉課"]
    assert by_col["past_efforts"] == [
        "危機管理課", "介護保険課", "健康推進課", "障がい福祉課", "子育て支援課"
    ]  # fmt: skip
    assert by_col["plans"] == by_col["past_efforts"]
    plan = segs[(segs["column"] == "plans") & (segs["department"] == "子育て支援課")]
    assert plan["text"].tolist() == [
        "母子福祉避難所の運営にあたり、場所の確保や助産師会との協定を進めていく"
    ]


def test_tagged_paragraphs(seed):
    welfare = item(seed, "民生委員・児童委員、主任児童委員及び家庭相談員の活動の周知")
    segs = seed.segments[
        (seed.segments["item_id"] == welfare["item_id"])
        & (seed.segments["column"] == "past_efforts")
    ]
    assert segs["department"].tolist() == ["社会福祉課", "子育て支援課"]
    assert segs["text"].iloc[1] == (
        "新型コロナウイルス感染拡大防止の観点からこどもまつりの参加を見合わせたものの、"
        "乳児家庭全戸訪問での周知は継続的に実施した。"
    )


def test_division_owners_and_tags_not_listed(seed):
    complaints = item(seed, "市の相談窓口でのサービス利用の苦情の受付")
    owners = seed.item_departments[seed.item_departments["item_id"] == complaints["item_id"]]
    assert owners[["department", "division", "owner_level"]].values.tolist() == [
        ["福祉部内各課", "福祉部", "division"],
        ["市民活動支援課", "市民部", "section"],
    ]
    segs = seed.segments[seed.segments["item_id"] == complaints["item_id"]]
    assert segs["department"].tolist() == ["介護保険課", "市民部"] * 3
    assert segs["division"].tolist() == ["福祉部", "市民部"] * 3


def test_parenthesised_non_owner_stays_in_text(seed):
    network = item(seed, "保健・医療・福祉やNPO、ボランティア団体とのネットワークを形成")
    segs = seed.segments[
        (seed.segments["item_id"] == network["item_id"]) & (seed.segments["column"] == "content")
    ]
    assert segs["department"].tolist() == [""]
    assert segs["text"].iloc[0].endswith("(コミュニティソーシャルワーク事業)。")


def test_bullets_split_paragraphs(seed):
    birth = item(seed, "妊娠から出産、子育てまで切れ目のない支援の充実")
    segs = seed.segments[
        (seed.segments["item_id"] == birth["item_id"]) & (seed.segments["column"] == "plans")
    ]
    assert len(segs) == 3
    assert segs["text"].iloc[2] == "子育てしやすい環境の整備を目的とした子育て応援事業の実施。"


def test_reposts(seed):
    reposts = seed.items[seed.items["is_repost"]]
    assert reposts[["item_id", "name", "repost_of"]].values.tolist() == [
        ["2021-062", "対象者横断の相談・支援窓口の設置と住民への周知設置", "2021-001"],
        ["2021-070", "児童・生徒・市民への福祉学習の推進", "2021-066"],
    ]
    assert seed.items.loc[seed.items["item_id"] == "2021-070", "name_raw"].iat[0].endswith("(再掲)")
    # Same-looking but different items are not reposts
    watch = seed.items[seed.items["name"].str.startswith("認知症等高齢者見守り事業など")]
    assert watch["is_repost"].tolist() == [False, False]


def test_owner_counts(seed):
    counts = seed.item_departments["department"].value_counts().to_dict()
    assert counts["社会福祉課"] == 23
    assert counts["自立支援課"] == 10
    assert counts["福祉部内各課"] == 6
    assert len(seed.item_departments) == 94
    assert seed.item_departments["in_directory"].all()


def _squash(text: str) -> str:
    return re.sub(r"[\s○]", "", text)


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_no_cell_text_lost_in_segments(seed, column):
    """Every character of every cell is in its segments (tags included), in order."""
    segs = seed.segments[seed.segments["column"] == column]
    for it in seed.items.itertuples():
        parts = segs[segs["item_id"] == it.item_id]
        rebuilt = "".join(
            t + (f"({d})" if d else "")
            for t, d in zip(parts["text"], parts["department"], strict=True)
        )
        assert _squash(rebuilt) == _squash(normalize_text(getattr(it, f"{column}_raw"))), it.item_id


def test_normalised_text_is_nfkc_and_raw_kept(seed):
    support = item(seed, "地域子育て支援センターを中心に")
    assert support["plans_raw"] == "子育て支援センター会議の開催（年間3回）"
    assert support["plans"] == "子育て支援センター会議の開催(年間3回)"

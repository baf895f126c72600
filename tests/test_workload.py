"""Workload figures on the real seed, counted by hand from the table."""

from __future__ import annotations

import pytest

from plan_analysis.measures import workload as w


@pytest.fixture(scope="module")
def per_department(seed):
    return w.items_per_department(seed.items, seed.item_departments).set_index("department")


def test_whole_counts_exclude_reposts(per_department):
    # 社会福祉課 is listed on 23 items; 自立支援課 on 10 and 学校教育課 on 3, one of which is
    # a repost each (対象者横断…周知設置, 児童・生徒・市民への福祉学習の推進(再掲)).
    assert per_department.loc["社会福祉課", "n_items"] == 23
    assert per_department.loc["自立支援課", "n_items"] == 9
    assert per_department.loc["学校教育課", "n_items"] == 2
    assert per_department.loc["介護保険課", "n_items"] == 2  # 避難行動要支援者名簿, 避難所運営


def test_fractional_counts(per_department):
    # 社会福祉課 shares two items with one other section: 21 + 2 × 1/2
    assert per_department.loc["社会福祉課", "n_items_fractional"] == pytest.approx(22.0)
    # 介護保険課: 1/2 (名簿, with 障がい福祉課) + 1/6 (避難所運営, six owners)
    assert per_department.loc["介護保険課", "n_items_fractional"] == pytest.approx(2 / 3)
    assert per_department["n_items_fractional"].sum() == pytest.approx(73)  # 75 items − 2 reposts


def test_division_level_owner_kept_apart(per_department):
    row = per_department.loc["福祉部内各課"]
    assert (row["owner_level"], row["division"], row["n_items"]) == ("division", "福祉部", 6)


def test_items_per_division(seed):
    div = w.items_per_division(seed.items, seed.item_departments).set_index("division")
    assert div.loc["教育部", "n_items"] == 5  # 中央公民館 3 + 学校教育課 2
    assert div.loc["経済部", "n_items"] == 1  # 空き家・空き店舗等を活用した福祉活動拠点の確保
    assert div["n_items_fractional"].sum() == pytest.approx(73)


def test_text_volume_attribution(seed):
    segs = w.attribute_segments(seed.items, seed.item_departments, seed.segments)
    # untagged text of a shared item belongs to no single owner
    shared = segs[segs["owner"] == w.UNATTRIBUTED]
    assert set(shared["attributed_by"]) == {"none"}
    assert "空き店舗活用支援事業補助金" in shared["text"].tolist()
    # a tagged paragraph goes to its tag, even when the tag names a division
    assert segs.loc[segs["text"].str.startswith("市政要望については"), "owner"].tolist() == [
        "市民部"
    ]
    volume = w.text_volume(seed.items, seed.item_departments, seed.segments).set_index("owner")
    assert volume.loc["市民部", "n_segments"] == 3
    total = segs["n_chars"].sum()
    assert volume["chars_total"].sum() == total


def test_co_ownership(seed):
    pairs = w.co_ownership(seed.items, seed.item_departments)
    top = pairs.iloc[0]
    # 障がい福祉課 and 高齢者福祉課 share 7 items (地域包括支援センター…周知, 当事者組織 ×3,
    # 当事者の各種会議, 社会参加促進, 避難所運営)
    assert (top["department_a"], top["department_b"], top["n_items"]) == (
        "障がい福祉課",
        "高齢者福祉課",
        7,
    )


def test_department_goal_matrix(seed):
    counts = w.department_goal_counts(seed.items, seed.item_departments)
    assert counts["n_items"].sum() == 94 - 2  # owner rows of the 73 non-repost items
    m = w.department_goal_matrix(counts, 2021)
    assert m.loc["市民活動支援課"].tolist() == [1, 2, 3]
    assert m.loc["社会福祉課"].tolist() == [15, 4, 4]
    assert m.index[0] == "社会福祉課"

"""Year over year on the real seed and a second year built from it (tests/second_year.py).

Every planted change must be found and nothing else: the expected numbers below are the
planted ones, not read off a run of the code.
"""

from __future__ import annotations

import random
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_tables
from plan_analysis.load.reorganisations import Change, Reorganisations, load_reorganisations
from plan_analysis.years.diffs import column_diffs, html_diff, text_diff
from plan_analysis.years.keys import fold, similarity
from plan_analysis.years.lineage import item_lineage
from plan_analysis.years.matching import (
    YEAR_LINK_COLUMNS,
    comparison_note,
    link_years,
    load_item_links,
    year_tables,
)
from plan_analysis.years.trends import in_current_names, measure_trend, owner_trend

from .conftest import REFERENCE, SEED, ref, write_cp932_csv, write_xlsx
from .second_year import (
    ADDED,
    HEAVY_RENAME,
    LIGHT_RENAME,
    MOVED,
    PAST_EFFORTS_EDIT,
    PLANS_EDIT,
    REMOVED,
    SECTION_RENAME,
    SPELLING_ONLY,
    second_year_rows,
)
from .year_labels import reference_with_rows

CHANGED = [f"{c}_changed" for c in ("content", "past_efforts", "plans", "owner")]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The project's reference data plus the FY2022 reorganisation, as an analyst adds it."""
    old, new = SECTION_RENAME
    return reference_with_rows(
        tmp_path_factory.mktemp("reference"),
        departments=(f"{new},福祉部,section,organisation",),
        aliases=(f"{old},{new},2022,,組織改編(テスト)",),
    )


@pytest.fixture(scope="module")
def second_year(tmp_path_factory) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("raw") / "r4_progress.xlsx", second_year_rows())


@pytest.fixture(scope="module")
def two_years(second_year, reference):
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlanAnalysisWarning)  # the FY2022 table loads cleanly
        return load_tables([second_year, SEED], ref(reference).load)


@pytest.fixture(scope="module")
def outputs(two_years, reference) -> dict[str, pd.DataFrame]:
    return year_tables(two_years, ref(reference).years)


@pytest.fixture(scope="module")
def links(outputs) -> pd.DataFrame:
    return outputs["year_links"]


def _names(links: pd.DataFrame, match: str) -> set[tuple[str, str]]:
    rows = links[links["match"] == match]
    return set(zip(rows["name_from"].fillna(""), rows["name_to"].fillna(""), strict=True))


def _link(links: pd.DataFrame, name_from: str) -> pd.Series:
    rows = links[links["name_from"] == name_from]
    assert len(rows) == 1
    return rows.iloc[0]


# --- every planted change, and nothing else ---------------------------------------------


def test_exactly_the_planted_numbers_of_each_match(links):
    assert links["match"].value_counts().to_dict() == {
        "same": 70,  # 75 - 2 removed - 2 renamed - 1 moved
        "renamed": 2,
        "moved": 1,
        "new": 2,
        "dropped": 2,
    }
    assert set(links["decided_by"]) == {"score"}
    assert (links["fiscal_year_from"] == 2021).all() and (links["fiscal_year_to"] == 2022).all()


def test_the_planted_items_are_new_dropped_renamed_and_moved(links, two_years):
    assert _names(links, "new") == {("", cells[0]) for _, cells in ADDED}
    assert _names(links, "dropped") == {(name, "") for name in REMOVED}
    assert _names(links, "renamed") == {LIGHT_RENAME, HEAVY_RENAME}
    assert _names(links, "moved") == {(MOVED[0], MOVED[0])}
    moved_to = two_years.items.set_index("item_id").loc[_link(links, MOVED[0])["item_id_to"]]
    assert (moved_to["goal_no"], moved_to["area_no"]) == (2, 1)


def test_only_the_planted_columns_changed(links):
    linked = links[links["item_id_from"].notna() & links["item_id_to"].notna()]
    changed = {
        (name, col) for col in CHANGED for name in linked.loc[linked[col].astype(bool), "name_from"]
    }
    assert changed == {
        (PAST_EFFORTS_EDIT[0], "past_efforts_changed"),
        (PLANS_EDIT[0], "plans_changed"),
    }
    assert set(linked.loc[linked["name_changed"].astype(bool), "match"]) == {"renamed"}
    assert set(linked.loc[linked["location_changed"].astype(bool), "match"]) == {"moved"}
    unlinked = links[links["match"].isin(["new", "dropped"])]
    assert unlinked[["name_similarity", *CHANGED]].isna().all().all()


def test_scores_of_the_planted_pairs(links):
    light, heavy = (_link(links, old) for old, _ in (LIGHT_RENAME, HEAVY_RENAME))
    assert light["name_similarity"] == pytest.approx(0.952, abs=1e-3)  # name alone decides
    assert heavy["name_similarity"] == pytest.approx(0.690, abs=1e-3)  # confirmed by 内容:
    assert heavy["content_similarity"] == 1.0
    past = _link(links, PAST_EFFORTS_EDIT[0])
    assert 0 < past["past_efforts_similarity"] < 1
    unchanged = ["content_similarity", "plans_similarity", "owner_similarity"]
    assert past[unchanged].tolist() == [1.0] * 3


def test_a_spelling_variant_in_the_name_is_no_rename(links):
    row = _link(links, SPELLING_ONLY[0])
    assert (row["name_to"], row["match"], row["name_similarity"]) == (SPELLING_ONLY[1], "same", 1)


def test_the_section_rename_is_no_owner_change_with_the_alias(links, two_years, seed):
    assert not links["owner_changed"].fillna(False).any()
    bare = link_years(two_years.items)  # without department_aliases.csv
    renamed_owner = seed.items.loc[seed.items["owner_raw"].str.contains(SECTION_RENAME[0]), "name"]
    assert len(renamed_owner) == 10
    assert set(bare.loc[bare["owner_changed"].fillna(False).astype(bool), "name_from"]) == set(
        renamed_owner
    )


def test_reposts_are_matched_and_flagged(links):
    reposts = links[links["is_repost"]]
    assert set(reposts["name_from"]) == {
        "対象者横断の相談・支援窓口の設置と住民への周知設置",
        "児童・生徒・市民への福祉学習の推進",
    }
    assert set(reposts["match"]) == {"same"}
    assert (reposts["name_from"] == reposts["name_to"]).all()


def _listed_in_reverse(items: pd.DataFrame, year: int) -> pd.DataFrame:
    """`items` as the table of `year`, listed in the reverse order (item_ids swapped)."""
    later = _as_year(items, year)
    return later.assign(item_id=later["item_id"].iloc[::-1].to_numpy())


def test_a_repost_named_like_its_original_keeps_its_own_area(seed):
    # 児童・生徒・住民への福祉学習の推進 (goal 2) and its repost 児童・生徒・市民への… (goal 3)
    # have the same three texts; given the same name, only the area tells them apart.
    pair = seed.items[seed.items["name"].str.startswith("児童・生徒・")]
    one_name = pair.assign(name="児童・生徒・住民への福祉学習の推進")
    links = link_years(pd.concat([one_name, _listed_in_reverse(one_name, 2022)]))
    assert links["match"].tolist() == ["same", "same"]


def test_ties_are_broken_by_the_texts_not_by_row_order(seed):
    # Two items of one name, 内容 and area, told apart by これまでの取り組み only.
    meeting = _item(seed.items, "地区懇談会の開催")
    twin = meeting.assign(
        item_id="2021-900",
        past_efforts=_item(seed.items, "サロンの開催場所の増設")["past_efforts"].iat[0],
    )
    first = pd.concat([meeting, twin])
    links = link_years(pd.concat([first, _listed_in_reverse(first, 2022)]))
    assert links["match"].tolist() == ["same", "same"]
    assert not links["past_efforts_changed"].any()


# --- lineage ------------------------------------------------------------------------------


def _as_year(items: pd.DataFrame, year: int) -> pd.DataFrame:
    """`items` re-dated as the table of `year`, unchanged otherwise."""
    return items.assign(
        fiscal_year=year, item_id=items["item_id"].str.replace(r"^\d{4}", str(year), regex=True)
    )


def test_lineage_is_the_id_of_the_first_year(links, two_years):
    continued = links[links["item_id_from"].notna()]
    assert (continued["lineage_id"] == continued["item_id_from"]).all()
    new = links[links["match"] == "new"]
    assert (new["lineage_id"] == new["item_id_to"]).all()
    third = _as_year(two_years.items[two_years.items["fiscal_year"] == 2022], 2023)
    items = pd.concat([two_years.items, third], ignore_index=True)
    three = link_years(items)
    later = three[three["fiscal_year_from"] == 2022]
    assert set(later["match"]) == {"same"}
    lineage = item_lineage(items, three).set_index("item_id")["lineage_id"]
    moved = _link(links, MOVED[0])
    assert lineage[moved["item_id_to"].replace("2022", "2023")] == moved["item_id_from"]
    added = links.loc[links["match"] == "new", "item_id_to"]
    assert [lineage[i.replace("2022", "2023")] for i in added] == added.tolist()


# --- order, duplicates, a single year -----------------------------------------------------


@pytest.mark.parametrize("seed_no", [0, 1, 2])
def test_shuffled_rows_give_identical_links(two_years, reference, links, seed_no):
    shuffled = two_years.items.sample(frac=1, random_state=seed_no)
    again = link_years(
        shuffled,
        two_years.sections,
        reorganisations=load_reorganisations(reference / "department_aliases.csv"),
        forced=load_item_links(reference / "item_links.csv"),
        directory=ref(reference).load.directory,
    )
    pd.testing.assert_frame_equal(again, links)


def _shuffled_within_areas(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Item rows shuffled inside each goal/area block (the table keeps its structure)."""
    out: list[list[str]] = []
    block: list[list[str]] = []
    for cells in [*rows, []]:
        if len(cells) == 5:
            block.append(cells)
            continue
        rng.shuffle(block)
        out += [*block, cells] if cells else block
        block = []
    return out


def test_shuffled_table_rows_give_the_same_links(tmp_path, reference, links):
    rows = _shuffled_within_areas(second_year_rows(), random.Random(7))
    assert rows != second_year_rows()
    path = write_cp932_csv(tmp_path / "r4_shuffled.csv", rows)
    tables = load_tables([SEED, path], ref(reference).load)
    again = year_tables(tables, ref(reference).years)["year_links"]
    by_name = ["name_from", "name_to", "match", "is_repost", *CHANGED]
    sort = ["name_from", "name_to"]
    pd.testing.assert_frame_equal(
        again[by_name].sort_values(sort).reset_index(drop=True),
        links[by_name].sort_values(sort).reset_index(drop=True),
    )


def test_two_tables_of_one_year_fail_naming_both(tmp_path):
    copy = write_cp932_csv(tmp_path / "r3_copy.csv")
    with pytest.raises(PlanAnalysisError) as err:
        load_tables([SEED, copy], ref(REFERENCE).load)
    message = str(err.value)
    assert "two tables for fiscal year 2021" in message
    assert SEED.name in message and copy.name in message


def test_a_single_year_has_nothing_to_compare(seed):
    links = link_years(seed.items)
    assert links.empty and list(links.columns) == YEAR_LINK_COLUMNS
    assert comparison_note(seed.items) == "比較できる年度がありません（1年度分のみ）"
    out = year_tables(seed, ref().years)
    assert out["link_counts"].empty
    assert (out["item_lineage"]["lineage_id"] == seed.items["item_id"]).all()
    assert set(out["department_trend"]["fiscal_year"]) == {2021}


def test_two_years_are_named(two_years):
    assert comparison_note(two_years.items) == "比較する年度: 2021→2022"


# --- thresholds: the closest pairs of the seed on either side of the cutoff --------------


def _item(items: pd.DataFrame, name: str) -> pd.DataFrame:
    row = items[items["name"] == name]
    assert len(row) == 1, name
    return row


def _one_pair(items: pd.DataFrame, name: str, new_name: str, content_of: str) -> pd.DataFrame:
    """Item `name` in FY2021 and, in FY2022, renamed `new_name` with the 内容 of `content_of`."""
    old = _item(items, name)
    new = _as_year(old, 2022).assign(content=_item(items, content_of)["content"].iat[0])
    return pd.concat([old, new.assign(name=new_name)], ignore_index=True)


COMMUNITY_SW = "社会福祉協議会への地区担当コミュニティソーシャルワーカーの配置"
COMMUNITY_SW_2 = "社会福祉協議会への地区担当コミュニティソーシャルワーカーと連携した地域づくり"
VOLUNTEER = "ボランティア活動に関する情報提供や環境の整備"
CORPORATIONS = (
    "社会福祉法人と地区社会福祉協議会活動との連携推進",
    "社会福祉法人と市社会福祉協議会との定期協議",
)
HEALTH_INFO = ("健康づくりのための情報提供", "健康づくりのための情報発信")


@pytest.mark.parametrize(
    ("name", "new_name", "content_of", "name_score", "linked"),
    [
        # names 0.812 < 0.85, 内容 0.556: two distinct items of the seed stay apart
        (COMMUNITY_SW, COMMUNITY_SW_2, COMMUNITY_SW_2, 0.812, False),
        # names 0.545 < floor 0.60 but 内容 kept word for word, and no other item left over
        # has that 内容: a heavy rename (YEAR_KEPT_CONTENT)
        (VOLUNTEER, "ボランティア活動の支援", VOLUNTEER, 0.545, True),
        # names 0.711 ≥ floor but 内容 0.727 < 0.80
        (*CORPORATIONS, CORPORATIONS[1], 0.711, False),
        # names 0.846 just below 0.85: linked only when 内容 confirms …
        (*HEALTH_INFO, HEALTH_INFO[0], 0.846, True),
        (*HEALTH_INFO, "地区懇談会の開催", 0.846, False),
        # names 0.952: linked whatever the 内容
        (*LIGHT_RENAME, "地区懇談会の開催", 0.952, True),
    ],
    ids=[
        "closest-names",
        "kept-content-names-below-floor",
        "floor-but-content-below",
        "names-below-but-content-confirms",
        "names-below-content-differs",
        "names-alone",
    ],
)
def test_cutoff_on_borderline_pairs(seed, name, new_name, content_of, name_score, linked):
    assert similarity(fold(name), fold(new_name)) == pytest.approx(name_score, abs=1e-3)
    links = link_years(_one_pair(seed.items, name, new_name, content_of))
    expected = ["renamed"] if linked else ["dropped", "new"]
    assert links["match"].tolist() == expected


def test_kept_content_does_not_link_when_two_items_share_it(seed):
    # The seed's ボランティア items share one 内容 word for word; both renamed heavily, the
    # 内容 cannot tell which became which: two dropped and two new, never a guess.
    old = seed.items[seed.items["name"].isin([VOLUNTEER, "ボランティアコーディネーター人材の育成"])]
    new = _as_year(old, 2022).assign(name=["市民活動の情報発信", "地域の担い手の養成"])
    links = link_years(pd.concat([old, new], ignore_index=True))
    assert sorted(links["match"]) == ["dropped", "dropped", "new", "new"]


def _links_file(folder: Path, *rows: str) -> Path:
    shutil.copy(REFERENCE / "item_links.csv", folder / "item_links.csv")
    with (folder / "item_links.csv").open("a", encoding="utf-8") as fh:
        fh.writelines(f"{row}\n" for row in rows)
    return folder


def test_the_mapping_file_decides_below_the_cutoff(seed, tmp_path):
    items = _one_pair(seed.items, VOLUNTEER, "ボランティア活動の支援", VOLUNTEER)
    ref = _links_file(tmp_path, f"2021,{VOLUNTEER},2022,ボランティア活動の支援,担当課に確認")
    links = link_years(items, forced=load_item_links(ref / "item_links.csv"))
    assert links[["match", "decided_by"]].values.tolist() == [["renamed", "mapping"]]
    assert links["name_similarity"].iat[0] == pytest.approx(0.545, abs=1e-3)


def test_the_mapping_file_can_force_new_and_dropped(seed, tmp_path):
    items = _one_pair(seed.items, *LIGHT_RENAME, LIGHT_RENAME[0])
    ref = _links_file(tmp_path, f"2021,{LIGHT_RENAME[0]},2022,,", f"2021,,2022,{LIGHT_RENAME[1]},")
    links = link_years(items, forced=load_item_links(ref / "item_links.csv"))
    assert links[["match", "decided_by"]].values.tolist() == [
        ["dropped", "mapping"],
        ["new", "mapping"],
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2021,存在しない事業,2022,,", "names no item of fiscal year 2021"),
        ("2020,地区懇談会の開催,2022,地区懇談会の開催,", None),  # FY2020 not loaded: ignored
        ("2021,地区懇談会の開催,2023,地区懇談会の開催,", "the years compared are"),
        ("令和3,地区懇談会の開催,2022,,", "four digits"),
    ],
)
def test_mapping_file_errors_name_the_problem(two_years, tmp_path, row, message):
    items = pd.concat([two_years.items, _as_year(two_years.items.iloc[:3], 2023)])
    ref = _links_file(tmp_path, row)
    if message is None:
        assert len(link_years(items, forced=load_item_links(ref / "item_links.csv"))) > 0
        return
    with pytest.raises(PlanAnalysisError, match=message) as err:
        link_years(items, forced=load_item_links(ref / "item_links.csv"))
    assert "item_links.csv" in str(err.value)


def test_an_item_decided_twice_is_an_error(two_years, tmp_path):
    rows = [f"2021,{LIGHT_RENAME[0]},2022,{LIGHT_RENAME[1]},", f"2021,{LIGHT_RENAME[0]},2022,,"]
    with pytest.raises(PlanAnalysisError, match="decided twice"):
        link_years(
            two_years.items, forced=load_item_links(_links_file(tmp_path, *rows) / "item_links.csv")
        )


def test_a_repost_can_be_named_by_item_id(two_years, tmp_path):
    ref = _links_file(tmp_path, "2021,2021-062,2022,,")
    links = link_years(two_years.items, forced=load_item_links(ref / "item_links.csv"))
    row = links[links["item_id_from"] == "2021-062"].iloc[0]
    assert (row["match"], row["decided_by"]) == ("dropped", "mapping")
    assert _link(links, "対象者横断の相談・支援窓口の設置と住民への周知")["match"] == "same"


# --- reorganisations ----------------------------------------------------------------------


def test_aliases_follow_chains_and_renames_back():
    reorganisations = Reorganisations(
        (
            Change("自立支援課", "生活支援課", 2022),
            Change("福祉部", "福祉保健部", 2023),
            Change("生活支援課", "自立支援課", 2024),
        )
    )
    current = reorganisations.current_name
    assert current("自立支援課", 2021) == "自立支援課"  # renamed, then back
    assert current("生活支援課", 2022) == "自立支援課"
    assert current("自立支援課", 2024) == "自立支援課"
    owners = pd.DataFrame(
        {
            "fiscal_year": [2021, 2023],
            "department": ["社会福祉課", "生活支援課"],
            "division": "福祉部",
            "owner_level": "section",
        }
    )
    directory = pd.DataFrame({"department": ["社会福祉課"], "division": ["福祉部"]})
    out = in_current_names(owners, reorganisations, directory)
    assert out["department"].tolist() == ["社会福祉課", "自立支援課"]
    # 福祉部 (社会福祉課's division in the directory) is 福祉保健部 from FY2023 on
    assert out["division"].tolist() == ["福祉保健部", "福祉部"]


def test_a_bad_alias_year_is_an_error(tmp_path):
    shutil.copy(REFERENCE / "department_aliases.csv", tmp_path / "department_aliases.csv")
    with (tmp_path / "department_aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("自立支援課,生活支援課,令和4年度,\n")
    with pytest.raises(PlanAnalysisError, match="four-digit from_year") as err:
        load_reorganisations(tmp_path / "department_aliases.csv")
    assert "department_aliases.csv" in str(err.value)


# --- diffs --------------------------------------------------------------------------------


def test_text_diff_marks_the_planted_edits():
    assert text_diff(*PLANS_EDIT[1:]) == (
        "地域の支え合いである、市民後見人の養成を推進{+し、養成講座修了者の活動を支援+}する。"
    )
    assert text_diff("同じ", "同じ") == ""
    assert "<del" in html_diff("a<b", "a>b") and "&lt;" in html_diff("a<b", "a>b")


@given(
    st.text(alphabet="あいうアイ、。<>", max_size=30),
    st.text(alphabet="あいうアイ、。<>", max_size=30),
)
def test_text_diff_keeps_both_texts(old, new):
    marked = text_diff(old, new) or old
    assert (
        re.sub(r"\{\+(.*?)\+\}", "", marked, flags=re.S).replace("[-", "").replace("-]", "") == old
    )
    assert re.sub(r"\[-(.*?)-\]", "", marked, flags=re.S).replace("{+", "").replace("+}", "") == new


def test_column_diffs_list_the_changed_cells(links, two_years):
    plans = column_diffs(links, two_years.items, "plans")
    assert plans["name_to"].tolist() == [PLANS_EDIT[0]]
    assert plans["diff"].iat[0] == text_diff(*PLANS_EDIT[1:])
    past = column_diffs(links, two_years.items, "past_efforts")
    assert past["name_to"].tolist() == [PAST_EFFORTS_EDIT[0]]
    assert past["old_text"].iat[0] == PAST_EFFORTS_EDIT[1]
    assert column_diffs(links, two_years.items, "content").empty


# --- trends -------------------------------------------------------------------------------


def test_link_counts_leave_reposts_out(outputs):
    counts = outputs["link_counts"].set_index("match")
    assert counts["n_links"].to_dict() == {
        "same": 68,  # 70 minus the two reposts
        "renamed": 2,
        "moved": 1,
        "split": 0,
        "merged": 0,
        "new": 2,
        "dropped": 2,
    }
    assert counts["share"].sum() == pytest.approx(1, abs=1e-3)


def test_owner_trend_uses_the_current_section_names(outputs, two_years):
    trend = outputs["department_trend"].set_index(["fiscal_year", "department"])["n_items"]
    # 自立支援課 owns 9 non-repost R3 items; in R4 the added 重層的支援体制整備事業 makes 10.
    assert (trend[(2021, "生活支援課")], trend[(2022, "生活支援課")]) == (9, 10)
    assert "自立支援課" not in trend.index.get_level_values("department")
    bare = owner_trend(two_years.items, two_years.item_departments)
    bare = bare.set_index(["fiscal_year", "department"])["n_items"]
    assert bare[(2022, "自立支援課")] == 0 and bare[(2021, "生活支援課")] == 0  # zeros kept
    division = outputs["division_trend"].set_index(["fiscal_year", "division"])["n_items"]
    assert division[(2021, "福祉部")] == 50


def test_measure_trend_counts_and_shares_per_year():
    measures = pd.DataFrame(
        {
            "fiscal_year": [2021, 2021, 2021, 2021, 2022, 2022],
            "item_id": ["2021-001", "2021-002", "2021-003", "2021-062", "2022-001", "2022-002"],
            "covid_effect": ["suspended", "suspended", "none", "suspended", "none", "adapted"],
        }
    )
    items = measures[["fiscal_year", "item_id"]].assign(is_repost=measures["item_id"] == "2021-062")
    trend = measure_trend(measures, "covid_effect", items=items)
    got = trend.set_index(["fiscal_year", "covid_effect"])
    assert got.loc[2021, "n_items"].to_dict() == {
        "suspended": 2,
        "partial": 0,
        "adapted": 0,
        "none": 1,
    }
    assert got.loc[(2021, "suspended"), "share"] == pytest.approx(2 / 3, abs=1e-4)
    assert got.loc[2022, "n_items"].to_dict() == {
        "suspended": 0,
        "partial": 0,
        "adapted": 1,
        "none": 1,
    }
    assert measure_trend(measures, "covid_effect").loc[0, "n_items"] == 3  # reposts kept


def test_main_job_tables_for_two_years(second_year, reference, tmp_path):
    """`build_frames` (what `make run` writes) over two years: links and trends of both."""
    from plan_analysis.pipeline import build_frames

    _, frames = build_frames([SEED, second_year], ref(reference), cache_dir=tmp_path)
    assert frames["year_links"]["match"].value_counts().to_dict() == {
        "same": 70,
        "renamed": 2,
        "moved": 1,
        "new": 2,
        "dropped": 2,
    }
    covid = frames["covid_trend"].set_index(["fiscal_year", "covid_effect"])["n_items"]
    # 地区懇談会 was held in FY2022 (planted edit): 9 suspended items become 8
    assert (covid[(2021, "suspended")], covid[(2022, "suspended")]) == (9, 8)
    measures = frames["item_measures"].merge(frames["items"][["fiscal_year", "item_id", "name"]])
    talk = measures[measures["name"] == "地区懇談会の開催"].set_index("fiscal_year")
    # FY2022: 感染症対策を講じたうえで、市内3地区で懇談会を開催した — held, by a changed
    # method (with infection control) and without cancellation: adapted (DESIGN.md §4)
    assert talk["covid_effect"].to_dict() == {2021: "suspended", 2022: "adapted"}
    divisions = frames["division_trend"]
    assert set(divisions["fiscal_year"]) == {2021, 2022}

"""Three years in three formats: splits, merges, area splits and reorganisations.

FY2021 is the seed (.txt), FY2022 the table of tests/second_year.py (.xlsx), FY2023 the
table of tests/third_year.py (CP932 .csv): every planted change of FY2022→FY2023 must be
found as its type and nothing else. Two evaluation chains built apart from the rules
(tests/heldout_years.py, tests/heldout2_years.py, labelled by hand in tests/fixtures/) must
come out exactly as labelled. Expected values are the planted ones, written by hand.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.load.reorganisations import (
    Change,
    Reorganisations,
    load_reorganisations,
)
from plan_analysis.years import in_current_names, item_lineage, lineage_history
from plan_analysis.years.diffs import column_diffs

from . import heldout2_years, heldout_years
from .conftest import FIXTURES, REFERENCE, SEED, ref, write_cp932_csv, write_xlsx
from .second_year import SECTION_RENAME, second_year_rows
from .test_years import _shuffled_within_areas
from .third_year import (
    MERGED,
    PAST_EFFORTS_EDIT,
    PLANS_EDIT,
    REORGANISATIONS,
    SPLIT,
    TO_NEW_SECTION,
    third_year_rows,
)
from .year_labels import (
    area_labels,
    compared,
    found_areas,
    found_items,
    item_labels,
    key,
    reference_with,
    reference_with_rows,
)


def _reference(folder: Path) -> Path:
    """The shipped reference plus the reorganisations of FY2022 and FY2023."""
    old, new = SECTION_RENAME
    return reference_with_rows(
        folder,
        departments=(f"{new},福祉部,section,organisation",),
        aliases=(f"{old},{new},2022,,組織改編(テスト)", *map(",".join, REORGANISATIONS)),
    )


def _raw(folder: Path, third: list[list[str]]) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    write_xlsx(folder / "r4_progress.xlsx", second_year_rows())
    write_cp932_csv(folder / "r5_progress.csv", third)
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    return _reference(tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def chain(tmp_path_factory, reference):
    return compared(_raw(tmp_path_factory.mktemp("raw"), third_year_rows()), reference)


def _later(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["fiscal_year_from"] == 2022]


# --- FY2022 → FY2023: the planted changes, and nothing else --------------------------------


def test_the_planted_splits_and_merges_and_nothing_else(chain):
    _, links, _ = chain
    planted = [
        (SPLIT[0], SPLIT[1][0], "split"),
        (SPLIT[0], SPLIT[2][0], "split"),
        (MERGED[0][0], MERGED[1][0], "merged"),
        (MERGED[0][1], MERGED[1][0], "merged"),
    ]
    assert found_items(_later(links)) == {(2022, key(a), 2023, key(b), m) for a, b, m in planted}
    assert (_later(links)["match"] == "same").sum() == 72  # 75 items − 1 split − 2 merged


def test_the_area_split_renumbers_the_later_areas(chain):
    _, _, areas = chain
    assert found_areas(_later(areas)) == {
        ((2022, 1, 4), (2023, 1, 4), "split"),
        ((2022, 1, 4), (2023, 1, 5), "split"),
        ((2022, 1, 5), (2023, 1, 6), "renumbered"),
        ((2022, 1, 6), (2023, 1, 7), "renumbered"),
        ((2022, 1, 7), (2023, 1, 8), "renumbered"),
        ((2022, 1, 8), (2023, 1, 9), "renumbered"),
    }
    split = _later(areas)[_later(areas)["area_match"] == "split"]
    assert split["n_items"].tolist() == [3, 4]  # 福祉サービスの質の向上, 権利擁護の推進


def test_an_item_of_a_renumbered_area_is_same_not_moved(chain):
    _, links, _ = chain
    row = _later(links)[_later(links)["name_from"] == "避難行動要支援者名簿の作成"].iloc[0]
    assert (row["match"], bool(row["location_changed"])) == ("same", False)
    assert not _later(links)["location_changed"].fillna(False).any()


def test_only_the_planted_cells_changed(chain):
    tables, links, _ = chain
    same = _later(links)[_later(links)["match"] == "same"]
    changed = {
        col: column_diffs(same, tables.items, col)["name_to"].tolist()
        for col in ("content", "past_efforts", "plans", "owner")
    }
    assert changed == {
        "content": [],
        "past_efforts": [PAST_EFFORTS_EDIT[0]],
        "plans": [PLANS_EDIT[0]],
        "owner": [],
    }


def test_without_the_declared_reorganisation_the_names_are_changes(tmp_path):
    # The same tables compared without department_aliases.csv: the owners renamed or split
    # and the texts naming 危機管理課 (所管課, body text, tags) are changes again.
    reference = reference_with(tmp_path / "ref", REFERENCE / "department_aliases.csv")
    tables, links, _ = compared(_raw(tmp_path / "raw", third_year_rows()), reference)
    later = _later(links)
    owners = set(later.loc[later["owner_changed"].fillna(False).astype(bool), "name_to"])
    assert owners == {
        "自主防災組織や自治会・町内会などへの名簿提供",
        "地域包括支援センター等専門機関と連携した災害時避難体制の検討",
        "高齢者・障害者などを対象とする避難訓練の実施",
        "高齢者・障害者・乳幼児などの要配慮者に配慮した避難所運営及び福祉避難所の体制整備",
        *TO_NEW_SECTION,
    }
    body = column_diffs(later[later["match"] == "same"], tables.items, "content")
    assert "避難行動要支援者名簿の作成" in set(body["name_to"])  # 危機管理課からの依頼を受け…


def test_shuffled_rows_give_the_same_links(tmp_path, reference, chain):
    rows = _shuffled_within_areas(third_year_rows(), random.Random(11))
    assert rows != third_year_rows()
    _, links, areas = compared(_raw(tmp_path, rows), reference)
    assert found_items(links) == found_items(chain[1])
    assert found_areas(areas) == found_areas(chain[2])
    assert len(links) == len(chain[1])


# --- reorganisations: renames, moves and splits of sections ------------------------------


def test_a_moved_section_is_in_its_new_division_from_its_year(chain):
    tables, _, _ = chain
    owners = tables.item_departments
    care = owners[owners["department"] == "介護保険課"].groupby("fiscal_year")["division"]
    assert care.unique().map(list).to_dict() == {
        2021: ["福祉部"],
        2022: ["福祉部"],
        2023: ["健康こども部"],
    }


def test_trends_count_every_year_under_todays_organisation(chain, reference):
    tables, _, _ = chain
    years = ref(reference).years
    now = in_current_names(tables.item_departments, years.reorganisations, years.directory)
    care = now[now["department"] == "介護保険課"]
    assert set(care["division"]) == {"健康こども部"}
    assert set(now.loc[now["fiscal_year"] == 2021, "department"]) >= {
        "生活支援課",
        "防災危機管理課",
    }
    assert "自立支援課" not in set(now["department"])
    # 子育て支援課 was split in FY2023: its earlier items keep the old name
    assert set(now.loc[now["fiscal_year"] == 2023, "department"]) >= {
        "子育て支援課",
        "こども家庭課",
    }
    assert "こども家庭課" not in set(now.loc[now["fiscal_year"] == 2022, "department"])


def test_a_new_name_with_a_division_in_the_alias_file_is_in_the_directory(chain):
    tables, _, _ = chain
    owners = tables.item_departments
    new = owners[owners["department"].isin(["防災危機管理課", "こども家庭課"])]
    assert new["in_directory"].all()
    assert dict(zip(new["department"], new["division"], strict=True)) == {
        "防災危機管理課": "総務部",
        "こども家庭課": "健康こども部",
    }


def test_whole_names_only():
    names = Reorganisations(
        (Change("福祉課", "障害福祉課", 2023), Change("危機管理課", "防災危機管理課", 2023))
    ).pair(2022, 2023, {"社会福祉課", "福祉課", "危機管理課"})
    older = [
        ("福祉課と連携する", "障害福祉課と連携する"),
        ("社会福祉課と連携する", "社会福祉課と連携する"),  # a longer known name
        ("地域福祉課題の解決", "地域福祉課題の解決"),  # 課題: the name runs on into kanji
        ("高齢福祉課", "高齢福祉課"),  # kanji before: part of an unknown longer name
        ("木更津市福祉課", "木更津市障害福祉課"),
        ("福祉課長が出席", "障害福祉課長が出席"),
        ("(危機管理課)名簿を作成", "(防災危機管理課)名簿を作成"),
    ]
    assert [names.text(a, older=True) for a, _ in older] == [b for _, b in older]
    # the newer year's names are as written, the new name holding the old one included
    assert names.text("防災危機管理課からの依頼", older=False) == "防災危機管理課からの依頼"
    assert names.owner("危機管理課", older=True) == "防災危機管理課"


def test_renames_chain_within_a_pair_and_splits_join_their_successors():
    reorganisations = Reorganisations(
        (
            Change("自立支援課", "生活支援課", 2022),
            Change("生活支援課", "生活福祉課", 2023),
            Change("子育て支援課", "子育て支援課", 2023),
            Change("子育て支援課", "こども家庭課", 2023),
        )
    )
    names = reorganisations.pair(2021, 2023, set())
    assert names.owner("自立支援課", older=True) == "生活福祉課"
    split = "子育て支援課／こども家庭課"
    assert names.owner("子育て支援課", older=True) == split
    assert names.owner("こども家庭課", older=False) == split
    assert names.owner("子育て支援課", older=False) == split
    assert reorganisations.current_name("自立支援課", 2021) == "生活福祉課"
    assert reorganisations.current_name("子育て支援課", 2022) == "子育て支援課"


def test_an_alias_file_without_the_division_column_still_loads(tmp_path):
    path = tmp_path / "department_aliases.csv"
    path.write_text("old_name,new_name,from_year,note\n自立支援課,生活支援課,2022,\n", "utf-8")
    assert load_reorganisations(path).changes == (Change("自立支援課", "生活支援課", 2022),)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("自立支援課,自立支援課,2022,,", "new_name is old_name and no division is given"),
        # a note written one column early (a file of the older 4-column layout, copied)
        (
            "自立支援課,生活支援課,2022,組織改編,",
            "the division is no division of the department directory",
        ),
        ("自立支援課,生活支援課,R4,,", "four-digit from_year"),
        (",生活支援課,2022,,", "needs an old_name"),
    ],
)
def test_alias_rows_that_say_nothing_are_errors(tmp_path, row, message):
    path = tmp_path / "department_aliases.csv"
    path.write_text(f"old_name,new_name,from_year,division,note\n{row}\n", "utf-8")
    with pytest.raises(PlanAnalysisError, match=message) as err:
        load_reorganisations(path, {"福祉部", "健康こども部"})
    assert "department_aliases.csv" in str(err.value) and row in str(err.value)


# --- lineage through three years ----------------------------------------------------------


def test_lineage_follows_renames_moves_splits_and_merges(chain):
    tables, links, _ = chain
    lineage = item_lineage(tables.items, links)
    by_name = lineage.merge(tables.items[["fiscal_year", "item_id", "name"]])

    def lines(name: str, year: int) -> list[str]:
        rows = by_name[(by_name["name"] == name) & (by_name["fiscal_year"] == year)]
        return sorted(rows["lineage_id"])

    assert lines(SPLIT[1][0], 2023) == lines(SPLIT[2][0], 2023) == ["2021-033"]
    assert lines(MERGED[1][0], 2023) == ["2021-046", "2021-047"]
    assert lines("公民館での健康を支援しあえる仲間づくり", 2023) == ["2021-037"]  # moved in FY2022
    assert lines("市民向け福祉講座・研修会の開催", 2023) == ["2021-036"]  # renamed in FY2022
    assert lines("ヤングケアラーへの支援", 2023) == lines("ヤングケアラーへの支援", 2022)
    history = lineage_history(lineage, tables.items, links)
    merged = history[history["lineage_id"] == "2021-046"]
    assert merged["fiscal_year"].tolist() == [2021, 2022, 2023]
    assert merged["match"].fillna("").tolist() == ["", "same", "merged"]  # 2021: nothing before


def test_a_split_by_hand_in_item_links(tmp_path):
    # item_links.csv: one from_name with two to_names is a split decided by hand.
    reference = _reference(tmp_path / "ref")
    with (reference / "item_links.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"2022,{SPLIT[0]},2023,{SPLIT[1][0]},所管課に確認\n")
        fh.write(f"2022,{SPLIT[0]},2023,{SPLIT[2][0]},所管課に確認\n")
    _, links, _ = compared(_raw(tmp_path / "raw", third_year_rows()), reference)
    split = _later(links)[_later(links)["match"] == "split"]
    assert split["decided_by"].tolist() == ["mapping", "mapping"]
    assert set(split["name_to"]) == {SPLIT[1][0], SPLIT[2][0]}


# --- evaluation chains built and labelled apart from the rules ----------------------------


@pytest.mark.parametrize(
    ("module", "prefix"), [(heldout_years, "heldout"), (heldout2_years, "heldout2")]
)
def test_the_labelled_chains_come_out_as_labelled(tmp_path, module, prefix):
    reference = reference_with(tmp_path / "ref", FIXTURES / f"{prefix}_reorganisations.csv")
    raw = tmp_path / "raw"
    raw.mkdir()
    module.write_years(raw)
    _, links, areas = compared(raw, reference)
    assert found_items(links) == item_labels(f"{prefix}_year_labels.csv")
    assert found_areas(areas) == area_labels(f"{prefix}_area_labels.csv")

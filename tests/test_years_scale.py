"""Many consecutive years: each year is prepared once for both pairs it belongs to (a second
time only when a declared reorganisation makes its names compared otherwise in its next
pair), and a run over many years links each pair as a run over that pair alone does."""

from __future__ import annotations

import pandas as pd
import pytest

from plan_analysis.load.reorganisations import Change, Reorganisations
from plan_analysis.years import matching
from plan_analysis.years.matching import link_years

#: 自立支援課 is 生活支援課 from FY2023 on (owners and texts of the later tables renamed).
RENAME = Change("自立支援課", "生活支援課", 2023)
REORGANISATIONS = Reorganisations((RENAME,))
TEXTS = ["owner_raw", "content", "past_efforts", "plans"]


def _years(items: pd.DataFrame, years: range) -> pd.DataFrame:
    """`items` as the table of each of `years`, the section renamed from RENAME's year on."""
    out = []
    for year in years:
        table = items.assign(
            fiscal_year=year, item_id=items["item_id"].str.replace(r"^\d{4}", str(year), regex=True)
        )
        if year >= RENAME.from_year:
            table[TEXTS] = table[TEXTS].apply(
                lambda c: c.str.replace(RENAME.old_name, RENAME.new_name)
            )
        out.append(table)
    return pd.concat(out, ignore_index=True)


@pytest.fixture
def prepared(monkeypatch) -> list[int]:
    """The fiscal years `matching.prepare` is called for, in order."""
    years: list[int] = []
    real = matching.prepare

    def counted(items, names, near=None):
        years.append(int(items["item_id"].iat[0][:4]))
        return real(items, names, near)

    monkeypatch.setattr(matching, "prepare", counted)
    return years


def test_each_year_is_prepared_once(seed, prepared):
    links = link_years(_years(seed.items, range(2019, 2023)))
    assert prepared == [2019, 2020, 2021, 2022]
    assert set(links["match"]) == {"same"}


def test_a_reorganisation_prepares_the_year_before_it_again(seed, prepared):
    # FY2022 is compared under 自立支援課 with FY2021, under 生活支援課 with FY2023
    links = link_years(_years(seed.items, range(2021, 2025)), reorganisations=REORGANISATIONS)
    assert prepared == [2021, 2022, 2022, 2023, 2024]
    assert set(links["match"]) == {"same"}
    assert not links.filter(like="_changed").fillna(False).to_numpy().any()


def test_many_years_link_each_pair_as_that_pair_alone(seed):
    items = _years(seed.items, range(2021, 2025))
    items = items[~items["name"].str.startswith("地区懇談会") | (items["fiscal_year"] != 2022)]
    many = link_years(items, reorganisations=REORGANISATIONS).drop(columns="lineage_id")
    pairs = [
        link_years(
            items[items["fiscal_year"].isin([year, year + 1])],
            reorganisations=REORGANISATIONS,
        ).drop(columns="lineage_id")
        for year in range(2021, 2024)
    ]
    pd.testing.assert_frame_equal(many, pd.concat(pairs, ignore_index=True))

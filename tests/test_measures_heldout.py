"""The measures on held-out years: FY2022 and FY2023 tables whose texts were rewritten in
the wording of those years and labelled by hand (tests/heldout_measures_r4.py, _r5.py and
tests/fixtures/heldout_measures_r*_labels.csv) by people who had not seen the rules, before
the rules ran on them.

Prints, per year, agreement per measure (all labels, and the sure ones), the confusion
matrices, the disagreements, and what the review queue catches: the share of the rules'
errors among the flagged items, and the share of items flagged. Floors are the figures
reached (the seed, in-sample, is tests/test_measures_agreement.py); a rule edit that loses
agreement fails here.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.load import load_table
from plan_analysis.measures import item_measures
from plan_analysis.text import tokenize_segments

from . import heldout_measures_r4, heldout_measures_r5
from .conftest import FIXTURES, ref

YEARS = {2022: (heldout_measures_r4, "heldout_measures_r4_labels.csv"),
         2023: (heldout_measures_r5, "heldout_measures_r5_labels.csv")}  # fmt: skip
#: Agreement floors on the sure labels, per year and measure: the figures reached after the
#: rule changes of issue 13 (first run, before them: FY2022 covid_effect 80.6 %, plan_type
#: 90.3 %, covid_resumed 96.8 %; FY2023 86.9 %, 93.4 %, 95.1 %).
FLOORS: dict[tuple[int, str], float] = {
    (2022, "covid_effect"): 0.96, (2022, "plan_type"): 0.90, (2022, "covid_resumed"): 0.96,
    (2023, "covid_effect"): 0.96, (2023, "plan_type"): 0.93, (2023, "covid_resumed"): 0.98,
}  # fmt: skip
#: The review queue, per year and measure: at least this share of the rules' errors flagged,
#: at most this share of the items flagged — the figures reached (the aim, 90 % of the errors
#: in at most 25 % of the items, is not reached yet).
REVIEW_FLOORS: dict[tuple[int, str], tuple[float, float]] = {
    (2022, "covid_effect"): (0.25, 0.21), (2022, "plan_type"): (0.70, 0.44),
    (2023, "covid_effect"): (0.66, 0.23), (2023, "plan_type"): (0.87, 0.33),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(YEARS))
def year(request, tmp_path_factory):
    module, labels = YEARS[request.param]
    folder = tmp_path_factory.mktemp(f"heldout_{request.param}")
    module.write(folder)
    path = next(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    r = ref()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        tables = load_table(path, r.load)
    sentences, tokens = tokenize_segments(tables.segments, r.dictionaries, folder / "cache")
    measures = item_measures(tables.items, sentences, tokens, r.rules)
    hand = pd.read_csv(FIXTURES / labels, dtype=str, keep_default_na=False)
    named = measures.merge(tables.items[["item_id", "name"]], on="item_id")
    joined = named.merge(hand, on="name", suffixes=("", "_hand"), validate="1:1")
    assert len(joined) == len(hand)
    return request.param, joined


def _report(year: int, joined: pd.DataFrame, measure: str) -> float:
    hand, rule = joined[f"{measure}_hand"], joined[measure].astype(str).str.lower()
    hand = hand.str.lower()
    sure = joined["sure"].str.lower() == "true"
    agree = (hand == rule).mean()
    agree_sure = (hand[sure] == rule[sure]).mean()
    print(f"\nFY{year} {measure}: {int((hand == rule).sum())}/{len(hand)} agree ({agree:.1%}); "
          f"sure labels {int((hand[sure] == rule[sure]).sum())}/{int(sure.sum())} ({agree_sure:.1%})")  # fmt: skip
    print(pd.crosstab(hand.rename("hand"), rule.rename("rules")).to_string())
    wrong = joined.loc[hand != rule, ["item_id", "name", f"{measure}_hand", measure, "reason"]]
    if len(wrong):
        print(wrong.to_string(index=False, max_colwidth=50))
    return agree_sure


@pytest.mark.parametrize("measure", ["covid_effect", "covid_resumed", "plan_type"])
def test_agreement_on_held_out_years(year, measure, capsys, record_property):
    fiscal_year, joined = year
    with capsys.disabled():
        agree = _report(fiscal_year, joined, measure)
    record_property(f"fy{fiscal_year}_{measure}_sure_agreement", round(agree, 4))
    assert agree >= FLOORS.get((fiscal_year, measure), 0.0)


def test_the_review_queue_holds_the_errors(year, capsys, record_property):
    fiscal_year, joined = year
    lines = []
    for measure, needs in (
        ("covid_effect", "covid_needs_review"),
        ("plan_type", "plan_needs_review"),
    ):
        wrong = joined[measure].astype(str) != joined[f"{measure}_hand"]
        flagged = joined[needs]
        caught = (wrong & flagged).sum() / wrong.sum() if wrong.any() else 1.0
        share = flagged.mean()
        lines.append(f"FY{fiscal_year} {measure}: {int(wrong.sum())} errors, "
                     f"{int((wrong & flagged).sum())} of them flagged ({caught:.0%}); "
                     f"{int(flagged.sum())}/{len(joined)} items flagged ({share:.0%})")  # fmt: skip
        record_property(f"fy{fiscal_year}_{measure}_errors_flagged", round(float(caught), 4))
        floor = REVIEW_FLOORS.get((fiscal_year, measure))
        if floor:
            assert caught >= floor[0] and share <= floor[1], lines[-1]
    with capsys.disabled():
        print("\n" + "\n".join(lines))

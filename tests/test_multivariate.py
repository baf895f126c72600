"""Correspondence analysis, word clusters and MDS.

Small tables are written out here with their results worked by hand. The seed's expectations
were read off the seed file: which items name the pandemic (grep 新型コロナ / 拡大 / 防止 /
見合わせ), under which goal (基本目標1 runs to line 90, 2 to line 109, 3 to the end).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.text import textstats
from plan_analysis.text.multivariate import correspondence_analysis, word_clusters, word_mds

from .text_helpers import tokens


def by_goal(frame: pd.DataFrame, goals: dict[str, int]) -> pd.DataFrame:
    """`frame` with the goal_no of each item joined as a run joins it."""
    items = pd.DataFrame(
        {"fiscal_year": 2021, "item_id": list(goals), "goal_no": list(goals.values())}
    )
    return textstats.attach(frame, items, "goal_no")


# --- correspondence analysis ----------------------------------------------------------------

# Items containing each word (A 地域, B 支援, C 連携), per goal:
#        goal 1  goal 2
#   A      2       0
#   B      1       2
#   C      0       1        n = 6, row masses 2/6, 3/6, 1/6, column masses 1/2, 1/2
GOALS = by_goal(
    tokens(
        ("2021-001", 1, "地域 支援"),
        ("2021-002", 1, "地域"),
        ("2021-003", 1, "支援"),
        ("2021-004", 1, "支援 連携"),
    ),
    {"2021-001": 1, "2021-002": 1, "2021-003": 2, "2021-004": 2},
)


def test_correspondence_analysis_of_a_table_worked_by_hand() -> None:
    ca = correspondence_analysis(GOALS, "goal_no", min_freq=1)
    # expected counts: A (1, 1), B (1.5, 1.5), C (0.5, 0.5);
    # χ² = 1 + 1 + 0.25/1.5 + 0.25/1.5 + 0.25/0.5 + 0.25/0.5 = 10/3, χ²/n = 5/9
    assert ca.total_inertia == pytest.approx(5 / 9)
    assert ca.inertia["dim"].tolist() == [1]
    assert ca.inertia[["share", "cumulative"]].values.tolist() == [pytest.approx([1, 1])]
    assert "dim2" not in ca.words.columns  # two categories: one dimension only
    words = ca.words.set_index("base")
    assert words[["pos1", "freq", "n_units"]].values.tolist() == [
        ["名詞", 3, 3],  # 支援 first: most frequent
        ["名詞", 2, 2],
        ["名詞", 1, 1],
    ]
    # with two columns a row lies at (share in goal 1 − 1/2) / √(1/2 · 1/2) = ±2 (a − 1/2):
    # A (a = 1) at ±1, B (a = 1/3) at ∓1/3, C (a = 0) at ∓1
    a, b, c = (words.at[w, "dim1"] for w in ("地域", "支援", "連携"))
    assert abs(a) == pytest.approx(1)
    assert (b, c) == pytest.approx((-a / 3, -a))
    # contribution r f² / λ: A (1/3)(1)(9/5) = 3/5, B (1/2)(1/9)(9/5) = 1/10, C (1/6)(9/5) = 3/10
    assert [words.at[w, "ctr1"] for w in ("地域", "支援", "連携")] == pytest.approx([0.6, 0.1, 0.3])
    assert words["quality"].tolist() == pytest.approx([1, 1, 1])
    # goal 1's profile over (A, B, C) is (2, 1, 0)/3 against the row masses (2, 3, 1)/6:
    # squared χ² distance (1/3)²·3 + (1/6)²·2 + (1/6)²·6 = 5/9 from the centre, each goal
    goals = ca.categories.set_index("category")
    assert goals["n_units"].tolist() == [2, 2]
    g1, g2 = goals.at[1, "dim1"], goals.at[2, "dim1"]
    assert (abs(g1), g2) == pytest.approx((math.sqrt(5 / 9), -g1))
    assert np.sign(g1) == np.sign(a)  # A is goal 1's word


def test_correspondence_analysis_drops_small_and_unknown_categories() -> None:
    extra = by_goal(tokens(("2021-005", 1, "地域 連携")), {"2021-005": 3})
    unknown = tokens(("2021-006", 1, "地域 地域 地域"))  # no goal: left out
    frame = pd.concat([GOALS, extra, unknown], ignore_index=True)
    three = correspondence_analysis(frame, "goal_no", min_freq=1)
    assert three.categories["category"].tolist() == [1, 2, 3]
    assert three.words.set_index("base").at["地域", "freq"] == 3  # not 6
    two = correspondence_analysis(frame, "goal_no", min_freq=1, min_group=2)
    assert two.total_inertia == pytest.approx(5 / 9)  # goal 3 (one item) left out: as above


def test_correspondence_analysis_errors() -> None:
    with pytest.raises(PlanAnalysisError) as one_goal:
        correspondence_analysis(GOALS.assign(goal_no=1), "goal_no", min_freq=1)
    assert str(one_goal.value) == (
        "correspondence analysis needs at least two categories of 'goal_no', found 1"
    )
    with pytest.raises(PlanAnalysisError) as few:
        correspondence_analysis(GOALS, "goal_no", min_freq=3)
    assert str(few.value) == (
        "correspondence analysis needs at least 2 words of freq ≥ 3, found 1"  # 支援 only
    )
    with pytest.raises(PlanAnalysisError) as no_column:
        correspondence_analysis(GOALS, "division")
    assert str(no_column.value) == (
        "the tokens have no column 'division': join it first with textstats.attach"
    )


PANDEMIC = ["新型コロナウイルス感染症", "拡大", "防止"]


@pytest.mark.parametrize("n_words", [60, None])
def test_seed_correspondence_by_goal_sides_the_pandemic_with_goal_3(
    seed, seed_text, n_words
) -> None:
    """Items naming each word, per goal (1 / 2 / 3), read off the seed:
    新型コロナウイルス感染症 8 / 1 / 3 (014 015 036 039 042 046 047 048 / 058 / 069 073 075),
    拡大 9 / 1 / 3 (those and 004), 防止 10 / 1 / 3 (and 043), 見合わせる 5 / 1 / 0 (lines 11
    27 28 63 75 96: 004 014 015 039 046 / 058). Goal 3 has 3 of its 9 items suspended, goal 1
    9 of 54, goal 2 1 of 12.

    A word's principal coordinate is f = Σ_j (p_j − c_j) γ_j (p its profile over the goals, c
    the goal masses, γ the goals' standard coordinates); with Σ c_j γ_j = 0 that is
        f = (p_2 − p_1 c_2/c_1) γ_2 + (p_3 − p_1 c_3/c_1) γ_3.
    The masses follow the goals' text: 35261, 5734 and 5167 characters (awk over the seed's
    three text columns) give c_2/c_1 ≈ 0.16, c_3/c_1 ≈ 0.15, and the distinct item × word pairs
    give 0.19 and 0.18. Either way the pandemic words weigh γ_2 negatively (1/12 − 8/12 · 0.19
    < 0 …) and γ_3 positively (3/12 − 8/12 · 0.18 > 0 …): on an axis where goals 2 and 3 lie on
    opposite sides, both terms put them on goal 3's side. 見合わせる, never said of goal 3,
    weighs γ_3 negatively (−5/6 · 0.18) and γ_2 by about 0 (1/6 − 5/6 · 0.19): the other side.
    The standard coordinates of three goals are centred and uncorrelated, so goals 2 and 3
    cannot share a side on both axes.
    """
    _, seed_tokens = seed_text
    ca = correspondence_analysis(
        textstats.attach(seed_tokens, seed.items, "goal_no"), "goal_no", n_words=n_words
    )
    goals = ca.categories.set_index("category")
    words = ca.words.set_index("base")
    assert goals["n_units"].tolist() == [54, 12, 9]
    apart = [d for d in ("dim1", "dim2") if np.sign(goals.at[2, d]) != np.sign(goals.at[3, d])]
    assert apart
    for dim in apart:
        side = np.sign(goals.at[3, dim])
        assert (np.sign(words.loc[PANDEMIC, dim]) == side).all()
        if n_words is None:  # 見合わせる (6 occurrences) is not among the 60 most frequent
            assert np.sign(words.at["見合わせる", dim]) == -side
    shares = ca.inertia["share"]
    assert len(shares) == 2 and shares.sum() <= 1 + 1e-12
    assert shares.is_monotonic_decreasing


@st.composite
def contingency(draw) -> np.ndarray:
    rows, columns = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    cells = st.lists(st.integers(0, 4), min_size=columns, max_size=columns)
    table = np.array(draw(st.lists(cells, min_size=rows, max_size=rows)))
    return table


def tokens_of(table: np.ndarray) -> pd.DataFrame:
    """A tokens table whose items give `table` (word × goal): cell (i, j) becomes that many
    items of goal j, each holding word i once."""
    sentences, goals = [], {}
    for (i, j), count in np.ndenumerate(table):
        for k in range(count):
            item = f"2021-{i}{j}{k}"
            sentences.append((item, 1, f"語{i}"))
            goals[item] = j + 1
    return by_goal(tokens(*sentences), goals)


@settings(max_examples=60, deadline=None)
@given(contingency())
def test_correspondence_coordinates_are_centred_on_the_masses(table: np.ndarray) -> None:
    assume(table.sum(axis=0).all() and table.sum(axis=1).all())
    ca = correspondence_analysis(tokens_of(table), "goal_no", min_freq=1, n_words=None)
    words = ca.words.sort_values("base")
    goals = ca.categories.sort_values("category")
    row_mass = words["n_units"].to_numpy() / table.sum()
    column_mass = goals["n_units"].to_numpy() / table.sum()
    for dim in [c for c in words.columns if c.startswith("dim")]:
        assert row_mass @ words[dim].to_numpy() == pytest.approx(0, abs=1e-9)
        assert column_mass @ goals[dim].to_numpy() == pytest.approx(0, abs=1e-9)
    chi2 = stats.chi2_contingency(table, correction=False).statistic
    assert ca.total_inertia == pytest.approx(chi2 / table.sum(), abs=1e-12)


# --- clusters -------------------------------------------------------------------------------

PAIRS = tokens(
    ("2021-001", 1, "地域 支援"),
    ("2021-001", 2, "地域 支援"),
    ("2021-002", 1, "連携 協力"),
    ("2021-002", 2, "連携 協力"),
)


def test_words_that_always_cooccur_form_the_clusters() -> None:
    found = word_clusters(PAIRS, min_freq=1)  # 4 words: √4 = 2 clusters
    groups = found.clusters.groupby("cluster")["base"].agg(frozenset)
    assert set(groups) == {frozenset({"地域", "支援"}), frozenset({"連携", "協力"})}
    assert found.labels == ["協力", "地域", "支援", "連携"]  # all twice, in two sentences
    # Jaccard distance 0 within the pairs, 1 across; Ward (ward.D2) merges two pairs of
    # points 1 apart at √(2 · 2·2/(2+2)) · 1 = √2
    assert found.linkage[:, 2].tolist() == pytest.approx([0, 0, math.sqrt(2)])
    assert set(word_clusters(PAIRS, min_freq=1, n_clusters=1).clusters["cluster"]) == {1}
    with pytest.raises(PlanAnalysisError) as too_many:
        word_clusters(PAIRS, min_freq=1, n_clusters=5)
    assert str(too_many.value) == "n_clusters must be between 1 and the 4 words, found 5"


# 地域 in sentences {1, 2}, 支援 in {1, 3}, 連携 in {3}
CHAIN = tokens(("2021-001", 1, "地域 支援"), ("2021-001", 2, "地域"), ("2021-001", 3, "支援 連携"))


def test_cosine_and_euclidean_distances() -> None:
    # cosine 1 − n_ab/√(n_a n_b): 支援–連携 1 − 1/√2, 地域–支援 1 − 1/2, 地域–連携 1
    cosine = word_clusters(CHAIN, min_freq=1, metric="cosine", method="average")
    assert cosine.labels == ["地域", "支援", "連携"]
    # average linkage: 地域 joins {支援, 連携} at (1/2 + 1)/2
    assert cosine.linkage[:, 2].tolist() == pytest.approx([1 - 1 / math.sqrt(2), 0.75])
    # euclidean between standardized vectors: 地域 (1, 1, 0), 支援 (1, 0, 1) over 3 sentences
    # have mean 2/3, sd 1/√3 (n − 1), z = √3 (1/3, 1/3, −2/3) and √3 (1/3, −2/3, 1/3):
    # difference √3 (0, 1, −1), distance √6
    pair = word_clusters(CHAIN, min_freq=2, metric="euclidean")
    assert pair.linkage[:, 2].tolist() == pytest.approx([math.sqrt(6)])
    everywhere = tokens(("2021-001", 1, "地域 支援"), ("2021-001", 2, "地域"))
    with pytest.raises(PlanAnalysisError, match="a word in every unit cannot be standardized"):
        word_clusters(everywhere, min_freq=1, metric="euclidean")
    with pytest.raises(PlanAnalysisError) as unknown:
        word_clusters(CHAIN, min_freq=1, metric="dice")
    assert str(unknown.value) == (
        "unknown metric 'dice': expected one of jaccard, cosine, euclidean"
    )


def test_seed_clusters_hold_the_pandemic_words_together(seed_text) -> None:
    """Sentences of each word, read off the seed: 新型コロナウイルス感染症 18 (every pandemic
    sentence but 2021-004's, which has 新型コロナウイルス), 拡大 18 (all but 2021-042's first,
    …縮小もしくは、中止…感染防止), 17 in both: Jaccard 17/19, distance 0.11; 防止 17 sentences, 14
    of them pandemic ones (13 with 感染症): distance 1 − 14/21 to 拡大, 1 − 13/22 to 感染症.
    No other word shares more than 11 (観点) of those sentences, so 感染症 and 拡大 are each
    other's nearest words and merge with each other; 防止 joins them at Ward height about 0.43,
    far below the 8 clusters' cut."""
    _, seed_tokens = seed_text
    found = word_clusters(seed_tokens)
    assert len(found.labels) == 60 and found.clusters["cluster"].nunique() == 8
    leaves = sorted(found.labels.index(w) for w in PANDEMIC[:2])
    assert leaves in [sorted(pair) for pair in found.linkage[:, :2].astype(int).tolist()]
    cluster = found.clusters.set_index("base")["cluster"]
    assert cluster[PANDEMIC].nunique() == 1


# --- MDS ------------------------------------------------------------------------------------


def test_mds_recovers_words_on_a_line() -> None:
    # 地域 in {1}, 支援 in {1, 2, 3}, 連携 in {2, 3}: Jaccard distances 地域–支援 1 − 1/3,
    # 支援–連携 1 − 2/3, 地域–連携 1 = 2/3 + 1/3, a line: 地域 at 0, 支援 at 2/3, 連携 at 1;
    # centred on 5/9, signed so that 地域 (farthest out) is positive
    line = tokens(
        ("2021-001", 1, "地域 支援"), ("2021-001", 2, "支援 連携"), ("2021-001", 3, "支援 連携")
    )
    found = word_mds(line, min_freq=1)
    assert found.words["base"].tolist() == ["支援", "連携", "地域"]
    assert found.words["dim1"].tolist() == pytest.approx([-1 / 9, -4 / 9, 5 / 9])
    assert found.words["dim2"].tolist() == pytest.approx([0, 0, 0], abs=1e-7)
    assert (found.stress, found.explained) == pytest.approx((0, 1), abs=1e-7)


def test_mds_of_a_triangle_keeps_its_sides() -> None:
    # each pair of words shares one of the other's two sentences: Jaccard distance 2/3 all round
    triangle = tokens(
        ("2021-001", 1, "地域 連携"), ("2021-001", 2, "地域 支援"), ("2021-001", 3, "支援 連携")
    )
    found = word_mds(triangle, min_freq=1)
    points = found.words[["dim1", "dim2"]].to_numpy()
    sides = [np.linalg.norm(points[i] - points[j]) for i, j in ((0, 1), (0, 2), (1, 2))]
    assert sides == pytest.approx([2 / 3] * 3)
    assert points.mean(axis=0) == pytest.approx([0, 0], abs=1e-12)
    assert (found.stress, found.explained) == pytest.approx((0, 1), abs=1e-7)
    with pytest.raises(PlanAnalysisError) as few:
        word_mds(triangle, min_freq=1, n_dims=3)
    assert str(few.value) == "word MDS in 3 dimensions needs at least 4 words of freq ≥ 1, found 3"


def test_seed_mds_is_centred(seed_text) -> None:
    _, seed_tokens = seed_text
    found = word_mds(seed_tokens)
    assert len(found.words) == 60
    assert found.words[["dim1", "dim2"]].mean().tolist() == pytest.approx([0, 0], abs=1e-12)
    assert 0 < found.explained < 1 and found.stress > 0

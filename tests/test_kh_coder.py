"""Notebook 07's toolkit beyond the analyses of test_multivariate / test_terms: codes × a
variable, the network of codes, KWIC sorted and across years, the word workbook, the maps'
labels, `plan-analysis terms`, and the across-years analyses on two and three years.

Small tables are worked by hand here; the seed's counts were read off the seed file (grep
見合わせ: lines 11 27 28 63 75 96, i.e. items 2021-004 014 015 039 046 058, none a repost)
and off the planted changes of tests/second_year.py (2021-014's 見合わせた edited away) and
tests/third_year.py (2021-046 and 047 merged into 世代間交流の促進, whose text keeps
…サロンの開催は見合わせ、…中止とした).
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import openpyxl
import pandas as pd
import pytest

from plan_analysis.cli import main
from plan_analysis.labels import NO_YEARS_TO_COMPARE
from plan_analysis.outputs import write_tables
from plan_analysis.report import kh_figures, word_workbook
from plan_analysis.text import (
    code_cooccurrence,
    code_residuals,
    correspondence_analysis,
    terms,
    textstats,
)

from .conftest import REFERENCE
from .processed import three_year_frames
from .test_multivariate import tokens_of
from .text_helpers import tokens

# --- correspondence analysis against a plain computation --------------------------------------


def test_a_diagonal_table_has_two_whole_axes() -> None:
    # each word in one goal only: every profile is a vertex, χ²/n = (rows − 1) = 2, and both
    # principal inertias are 1 (perfect association)
    ca = correspondence_analysis(tokens_of(np.eye(3, dtype=int) * 2), "goal_no", min_freq=1)
    assert ca.total_inertia == pytest.approx(2)
    assert ca.inertia["eigenvalue"].tolist() == pytest.approx([1, 1])


def test_coordinates_satisfy_the_transition_formula() -> None:
    """Word × goal table [[3, 1, 0], [1, 2, 1], [0, 1, 3]]: a word's principal coordinates are
    the average of the goals' standard coordinates weighted by its profile (Greenacre's
    transition formula, f = D_r⁻¹ P γ), and the goals' likewise from the words'."""
    table = np.array([[3, 1, 0], [1, 2, 1], [0, 1, 3]])
    ca = correspondence_analysis(tokens_of(table), "goal_no", min_freq=1, n_words=None)
    words = ca.words.sort_values("base")
    goals = ca.categories.sort_values("category")
    sigma = np.sqrt(ca.inertia["eigenvalue"].to_numpy())
    f = words[["dim1", "dim2"]].to_numpy()
    g = goals[["dim1", "dim2"]].to_numpy()
    profiles = table / table.sum(axis=1, keepdims=True)
    assert profiles @ (g / sigma) == pytest.approx(f)
    assert (table / table.sum(axis=0)).T @ (f / sigma) == pytest.approx(g)
    # symmetric table: rows and columns share their coordinates; the middle word and goal
    # (profile 1 : 2 : 1) lie at 0 on the first axis
    assert f == pytest.approx(g)
    assert f[1, 0] == pytest.approx(0, abs=1e-12)


# --- codes × a variable, the network of codes -----------------------------------------------


CODED = pd.DataFrame(
    {
        "goal_no": [1, 1, 1, 1, 2, 2, 2, 2],
        "a": [True, True, True, False, True, False, False, False],
        "b": [True, True, False, False, False, False, False, False],
    }
)


def test_adjusted_residuals_worked_by_hand() -> None:
    found = code_residuals(CODED, "goal_no", ["a", "b"])
    # a: 4 of 8 coded, 3 in goal 1: E = 4 · 4/8 = 2, residual (3 − 2) / √(2 · ½ · ½) = √2;
    # b: 2 of 8, both in goal 1: E = 1, (2 − 1) / √(1 · ¾ · ½) = √(8/3)
    assert found[["code", "goal_no", "n_units", "n_coded"]].values.tolist() == [
        ["a", 1, 4, 3],
        ["a", 2, 4, 1],
        ["b", 1, 4, 2],
        ["b", 2, 4, 0],
    ]
    assert found["share"].tolist() == pytest.approx([0.75, 0.25, 0.5, 0])
    root = math.sqrt(8 / 3)
    assert found["residual"].tolist() == pytest.approx([math.sqrt(2), -math.sqrt(2), root, -root])


def test_codes_found_together() -> None:
    edges, nodes = code_cooccurrence(CODED, ["a", "b"])
    # a in 4 units, b in 2, both in 2: Jaccard 2 / (4 + 2 − 2)
    assert edges.values.tolist() == [["a", "b", 4, 2, 2, 0.5]]
    assert nodes.values.tolist() == [["a", 4], ["b", 2]]


# --- KWIC ----------------------------------------------------------------------------------

LINES = tokens(
    ("2021-001", 1, "地域 の/助詞 連携"),
    ("2021-002", 1, "市 と/助詞 連携 強化"),
    ("2021-003", 1, "連携 推進"),
)
ITEMS = pd.DataFrame(
    {
        "fiscal_year": 2021,
        "item_id": ["2021-001", "2021-002", "2021-003"],
        "name": ["甲", "乙", "丙"],
        "owner_raw": ["A課", "B課", "C課"],
    }
)


def test_kwic_sorted_by_either_context() -> None:
    assert textstats.kwic(LINES, "連携")["left"].tolist() == ["地域の", "市と", ""]
    # left contexts read from the keyword outwards: "" < "と市" < "の域地"
    by_left = textstats.kwic(LINES, "連携", sort="left")
    assert by_left["item_id"].tolist() == ["2021-003", "2021-002", "2021-001"]
    by_right = textstats.kwic(LINES, "連携", sort="right")  # "" < "強化" < "推進"
    assert by_right["right"].tolist() == ["", "強化", "推進"]


def test_kwic_shows_the_item_and_its_owner() -> None:
    found = textstats.kwic(LINES, "連携", items=ITEMS)
    assert found.columns[:4].tolist() == ["fiscal_year", "item_id", "name", "owner"]
    assert found[["name", "owner"]].values.tolist() == [["甲", "A課"], ["乙", "B課"], ["丙", "C課"]]


def test_kwic_across_years_follows_the_lineage() -> None:
    later = tokens(("2022-007", 1, "地域 と/助詞 連携"), ("2022-008", 1, "推進")).assign(
        fiscal_year=2022
    )
    both = pd.concat([LINES, later], ignore_index=True)
    lineage = pd.DataFrame(
        {
            "fiscal_year": [2021, 2021, 2021, 2022, 2022],
            "item_id": ["2021-001", "2021-002", "2021-003", "2022-007", "2022-008"],
            "lineage_id": ["2021-001", "2021-002", "2021-003", "2021-001", "2021-003"],
        }
    )
    items = pd.concat(
        [
            ITEMS,
            pd.DataFrame(
                {
                    "fiscal_year": 2022,
                    "item_id": ["2022-007", "2022-008"],
                    "name": ["甲'", "丙"],
                    "owner_raw": "A課",
                }
            ),
        ],
        ignore_index=True,
    )
    found = terms.kwic_across_years(both, "連携", lineage, items)
    assert found.columns.tolist() == ["lineage_id", "name", 2021, 2022]
    assert found.values.tolist() == [
        ["2021-001", "甲'", "地域の【連携】", "地域と【連携】"],
        ["2021-002", "乙", "市と【連携】強化", ""],  # no item of this lineage in 2022
        ["2021-003", "丙", "【連携】推進", ""],  # its 2022 item no longer uses the word
    ]


# --- the maps' labels ------------------------------------------------------------------------


def test_map_labels_never_overlap(frames) -> None:
    fig = kh_figures.draw("kh_correspondence_goal", frames, 2021, "sentence")
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    shown = [t for t in ax.texts if t.get_visible()]
    boxes = [t.get_window_extent(renderer) for t in shown]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert {"基本目標1", "基本目標2", "基本目標3"} <= {t.get_text() for t in shown}
    assert len(shown) >= 30  # of 50 words and 3 goals, most keep their label


# --- words.xlsx ---------------------------------------------------------------------------


def test_word_list_and_document_word_table() -> None:
    # 連携 3 times in 3 items, 推進 once, 地域 once, 市 once, 強化 once; particles are stop words
    listed = word_workbook.word_list(LINES)
    assert listed.iloc[0].tolist() == ["連携", "名詞", 3, 3]
    assert listed["word"].tolist()[1:] == ["地域", "市", "強化", "推進"]  # ties by word
    table = word_workbook.document_word_table(LINES, ITEMS, min_freq=1)
    assert table.columns.tolist() == ["fiscal_year", "item_id", "name", *listed["word"]]
    assert table.loc[1, ["連携", "市", "強化", "推進"]].tolist() == [1, 1, 1, 0]
    assert word_workbook.document_word_table(LINES, ITEMS).columns[3:].tolist() == []


def test_the_word_workbook_has_its_two_sheets(frames, tmp_path) -> None:
    path = word_workbook.write_word_workbook(frames, tmp_path / "words.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["目次", "抽出語リスト", "文書×抽出語"]
    contents = [row for row in book["目次"].iter_rows(values_only=True) if any(row)]
    assert any(row[0] == "抽出語リスト" and "品詞" in row[1] for row in contents)
    assert any(row[0] == "文書×抽出語" and "5回以上" in row[1] for row in contents)
    header = next(book["抽出語リスト"].iter_rows(values_only=True))
    assert header == ("語", "品詞", "出現数", "文書数")
    first = next(book["文書×抽出語"].iter_rows(values_only=True))
    assert first[:3] == ("年度", "事業ID", "事業名")
    assert book["文書×抽出語"].max_column <= 3 + word_workbook.DOCUMENT_WORD_MAX_WORDS
    again = word_workbook.write_word_workbook(frames, tmp_path / "again.xlsx")
    assert path.read_bytes() == again.read_bytes()


# --- plan-analysis terms ---------------------------------------------------------------------


def test_terms_lists_candidates_to_paste(frames, tmp_path, capsys) -> None:
    """情報提供 (情報 / 提供, 4 times in 3 items: test_terms) is a candidate of the seed;
    once the analyst lists it, it is not."""
    processed = tmp_path / "processed"
    write_tables(frames, processed)
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE, reference)
    assert (
        main(["terms", "--out", str(processed), "--reference", str(reference), "--top", "200"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("# 複合語の候補（compound_terms.txt にまだない")
    at = lines.index("情報提供")
    assert lines[at - 1] == "# 出現4回・3事業・FLRスコア" + lines[at - 1].split("スコア")[1]
    assert all(line.startswith("# ") for line in lines[1::2])  # note, term, note, term …
    with (reference / "compound_terms.txt").open("a", encoding="utf-8") as fh:
        fh.write("情報提供\n")
    main(["terms", "--out", str(processed), "--reference", str(reference), "--top", "200"])
    assert "情報提供" not in capsys.readouterr().out.splitlines()
    main(["terms", "--out", str(processed), "--reference", str(reference), "--top", "3"])
    assert len(capsys.readouterr().out.splitlines()) == 1 + 2 * 3


# --- across years ----------------------------------------------------------------------------


def _suspended(found: pd.DataFrame) -> list[list]:
    rows = found[found["base"] == "見合わせる"]
    return rows[["fiscal_year_from", "fiscal_year_to", "n_from", "n_to"]].values.tolist()


def test_rising_falling_on_two_years(two_years) -> None:
    found = terms.rising_falling(kh_figures.all_years_tokens(two_years))
    assert _suspended(found) == [[2021, 2022, 6, 5]]  # 2021-014's sentence edited away
    row = found[found["base"] == "見合わせる"].iloc[0]
    a, b, c, d = 6, row["units_from"] - 6, 5, row["units_to"] - 5
    n = a + b + c + d
    expected = [
        (a + b) * (a + c) / n,
        (a + b) * (b + d) / n,
        (c + d) * (a + c) / n,
        (c + d) * (b + d) / n,
    ]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip((a, b, c, d), expected, strict=True))
    assert row["g2"] == pytest.approx(g2)
    assert row["change"] == pytest.approx(5 / row["units_to"] - 6 / row["units_from"])


@pytest.fixture(scope="module")
def three_years(tmp_path_factory, processed_cache) -> dict:
    return three_year_frames(tmp_path_factory.mktemp("raw_3y"), processed_cache)


def test_rising_falling_on_three_years(three_years) -> None:
    found = terms.rising_falling(kh_figures.all_years_tokens(three_years))
    # FY2023: 2021-046 and 047 merged into one item that keeps 見合わせ: 5 items still
    assert _suspended(found) == [[2021, 2022, 6, 5], [2022, 2023, 5, 5]]
    by_year = terms.year_characteristic_words(kh_figures.all_years_tokens(three_years))
    assert set(by_year["fiscal_year"]) <= {2021, 2022, 2023}
    assert kh_figures.year_correspondence(three_years, 2023, "item").inertia["dim"].tolist() == [
        1,
        2,
    ]


def test_one_year_says_there_is_nothing_to_compare(frames, capsys) -> None:
    assert kh_figures.across_years(frames, 2021, terms.rising_falling) is None
    assert capsys.readouterr().out == NO_YEARS_TO_COMPARE + "\n"
    assert kh_figures.year_correspondence(frames, 2021, "sentence") is None
    assert kh_figures.draw("kh_correspondence_year", frames, 2021) is None


def test_two_years_are_compared(two_years, capsys) -> None:
    shown = kh_figures.across_years(two_years, 2022, terms.rising_falling)
    assert capsys.readouterr().out == ""
    assert shown.data.columns[:2].tolist() == ["比較元年度", "比較先年度"]
    # and up to FY2021 there is one year only
    assert kh_figures.across_years(two_years, 2021, terms.rising_falling) is None
    # two years are one dimension of the map of the years (a table of two columns), drawn
    # along one axis (the notebook runs on three years: tests/test_notebooks_years.py)
    assert kh_figures.year_correspondence(two_years, 2022, "item").inertia["dim"].tolist() == [1]
    fig = kh_figures.draw("kh_correspondence_year", two_years, 2022)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "令和3年度" in labels and "令和4年度" in labels


@pytest.mark.parametrize("unit", ["paragraph", "item"])
def test_every_map_draws_at_every_unit(frames, unit) -> None:
    drawn = {name: kh_figures.draw(name, frames, 2021, unit) for name in kh_figures.KH_FIGURES}
    assert [name for name, fig in drawn.items() if fig is None] == ["kh_correspondence_year"]
    axes = drawn["kh_word_dendrogram"].axes[0]
    title = "".join(axes.get_title(loc) for loc in ("left", "center", "right"))
    assert f"{'段落' if unit == 'paragraph' else '事業'}単位" in title


def test_the_code_bubbles_name_each_goal_with_its_title(frames) -> None:
    fig = kh_figures.draw("kh_code_goal_bubbles", frames, 2021)
    ticks = [t.get_text().replace("\n", "") for t in fig.axes[0].get_xticklabels()]
    # the seed's goal rows: 基本目標1 住みよいまちづくりの土壌を創ろう, 基本目標3 「これから」を支える人を育てよう！
    assert ticks[0].startswith("基本目標1") and ticks[0].endswith(
        "住みよいまちづくりの土壌を創ろう"
    )
    assert ticks[2].endswith("「これから」を支える人を育てよう!")


def test_words_at_one_place_share_a_label(frames) -> None:
    # 拡大 and 新型コロナウイルス感染症 come together in every sentence of the seed that has
    # either (「新型コロナウイルス感染症の感染拡大防止のため」…): one point of the map, one label
    fig = kh_figures.draw("kh_correspondence_goal", frames, 2021)
    texts = fig.axes[0].texts
    joined = [t.get_text() for t in texts if "新型コロナウイルス感染症" in t.get_text()]
    assert len(joined) == 1 and sorted(joined[0].split("\n")) == [
        "拡大",
        "新型コロナウイルス感染症",
    ]

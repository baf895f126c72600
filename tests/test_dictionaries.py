"""The analyst dictionaries: formats, clear errors, and the digest the cache relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_analysis.errors import PlanAnalysisError
from plan_analysis.reference import COMPOUND_TERMS_FILE, SPELLING_VARIANTS_FILE, STOP_WORDS_FILE
from plan_analysis.text.dictionaries import Dictionaries

from .conftest import REFERENCE, dictionaries_in


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def test_missing_files_are_empty_dictionaries(tmp_path) -> None:
    assert dictionaries_in(tmp_path / "nowhere") == Dictionaries()
    assert dictionaries_in(tmp_path) == Dictionaries()


def test_formats_comments_and_normalisation(tmp_path) -> None:
    write(tmp_path, COMPOUND_TERMS_FILE, "# 見出し\n\n社会福祉協議会\n  ＮＰＯ 法人 \n")
    write(
        tmp_path,
        SPELLING_VARIANTS_FILE,
        "\ufeff# コメント\nvariant,canonical\n障害,障がい\nＨＰ,ホームページ\n",
    )
    write(tmp_path, STOP_WORDS_FILE, "# stop\nこと\npos: 助詞\npos:名詞 - 数詞\n")
    assert dictionaries_in(tmp_path) == Dictionaries(
        compound_terms=frozenset({"社会福祉協議会", "NPO法人"}),
        variants={"障害": "障がい", "HP": "ホームページ"},
        stop_words=frozenset({"こと"}),
        stop_pos=frozenset({"助詞", "名詞-数詞"}),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            SPELLING_VARIANTS_FILE,
            "# x\nfrom,to\n",
            "spelling_variants.csv, line 2: expected the header row 'variant,canonical', "
            "found 'from,to'",
        ),
        (
            SPELLING_VARIANTS_FILE,
            "variant,canonical\n障害\n",
            "spelling_variants.csv, line 2: expected two non-empty cells "
            "'variant,canonical', found ['障害']",
        ),
        (
            SPELLING_VARIANTS_FILE,
            "variant,canonical\n障害,障害\n",
            "spelling_variants.csv, line 2: variant '障害' is the same as its canonical form",
        ),
        (
            SPELLING_VARIANTS_FILE,
            "variant,canonical\n子供,子ども\n子供,こども\n",
            "spelling_variants.csv, line 3: variant '子供' already folds to '子ども'",
        ),
        (
            SPELLING_VARIANTS_FILE,
            "variant,canonical\n子供,子ども\n子ども,こども\n",
            "spelling_variants.csv: '子ども' is both a variant and a canonical form; "
            "fold it in one step",
        ),
        (
            STOP_WORDS_FILE,
            "こと\npos: 名詞-数詞-一般\n",
            "stop_words.txt, line 2: expected 'pos: 品詞' or 'pos: 品詞-細分類', "
            "found 'pos: 名詞-数詞-一般'",
        ),
    ],
)
def test_errors_name_file_line_and_problem(tmp_path, name: str, content: str, message: str) -> None:
    write(tmp_path, name, content)
    with pytest.raises(PlanAnalysisError) as caught:
        dictionaries_in(tmp_path)
    assert str(caught.value) == message


def test_not_utf8_is_an_error(tmp_path) -> None:
    (tmp_path / COMPOUND_TERMS_FILE).write_bytes("社会福祉協議会\n".encode("cp932"))
    with pytest.raises(PlanAnalysisError, match=r"compound_terms.txt: not UTF-8 text"):
        dictionaries_in(tmp_path)


def test_digest_follows_content_not_comments_or_order(tmp_path) -> None:
    write(tmp_path, COMPOUND_TERMS_FILE, "社会福祉協議会\n民生委員\n")
    before = dictionaries_in(tmp_path).digest
    write(tmp_path, COMPOUND_TERMS_FILE, "# 並べ替えた\n民生委員\n社会福祉協議会\n")
    assert dictionaries_in(tmp_path).digest == before
    write(tmp_path, COMPOUND_TERMS_FILE, "民生委員\n社会福祉協議会\n成年後見制度\n")
    assert dictionaries_in(tmp_path).digest != before
    assert len(before) == 64


def test_project_reference_files_load() -> None:
    dictionaries = dictionaries_in(REFERENCE)
    assert {
        "社会福祉協議会",
        "地域包括支援センター",
        "民生委員・児童委員",
    } <= dictionaries.compound_terms
    assert dictionaries.variants["障害"] == "障がい"
    assert dictionaries.variants["新型コロナ感染症"] == "新型コロナウイルス感染症"
    assert {"助詞", "助動詞", "補助記号", "名詞-数詞"} <= dictionaries.stop_pos
    assert "こと" in dictionaries.stop_words

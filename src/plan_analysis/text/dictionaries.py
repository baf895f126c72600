"""The analyst's dictionaries in `data/reference/`: compound terms, spelling variants, stop words.

Every file is optional (a missing one is an empty dictionary) and documented in its own
comment header. All are applied in one place, `text.tokenize_sentences`; `Dictionaries.digest`
hashes their parsed content so that the token cache knows when an edit changes the results
(an edit to a comment does not). The coding rules file lives beside them but is parsed by
`coding.parse_rules`, since codes do not change tokens.
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..analyst_files import read_reference_lines
from ..errors import PlanAnalysisError

#: Prefix of a stop-words line that excludes a part of speech instead of a word.
POS_PREFIX = "pos:"
_VARIANTS_HEADER = ["variant", "canonical"]


@dataclass(frozen=True)
class Dictionaries:
    """What the tokenizer applies: terms to keep whole, forms to fold, words to leave uncounted.

    `variants` maps a variant spelling to its canonical form; `stop_pos` holds parts of
    speech as `pos1` (助詞) or `pos1-pos2` (名詞-数詞).
    """

    compound_terms: frozenset[str] = frozenset()
    variants: Mapping[str, str] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    stop_pos: frozenset[str] = frozenset()

    @property
    def digest(self) -> str:
        """SHA-256 of the content (sorted, so order and comments do not matter)."""
        content = [
            sorted(self.compound_terms),
            sorted(self.variants.items()),
            sorted(self.stop_words),
            sorted(self.stop_pos),
        ]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def normalize_entry(text: str) -> str:
    """An entry as the tokenizer sees text: NFKC, without spaces (MeCab drops them)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def load_compound_terms(path: Path) -> frozenset[str]:
    """Compound terms, one per line."""
    return frozenset(normalize_entry(line) for _, line in read_reference_lines(path))


def load_variants(path: Path) -> dict[str, str]:
    """variant → canonical from a two-column CSV with header `variant,canonical`."""
    lines = read_reference_lines(path)
    if not lines:
        return {}
    rows = [(no, next(csv.reader([line]))) for no, line in lines]
    first_no, header = rows[0]
    if [c.strip() for c in header] != _VARIANTS_HEADER:
        raise PlanAnalysisError(
            f"expected the header row 'variant,canonical', found {','.join(header)!r}",
            file=path,
            position=f"line {first_no}",
        )
    variants: dict[str, str] = {}
    for no, row in rows[1:]:
        cells = [normalize_entry(c) for c in row]
        if len(cells) != 2 or not all(cells):
            problem = f"expected two non-empty cells 'variant,canonical', found {row}"
        elif cells[0] == cells[1]:
            problem = f"variant {cells[0]!r} is the same as its canonical form"
        elif variants.get(cells[0], cells[1]) != cells[1]:
            problem = f"variant {cells[0]!r} already folds to {variants[cells[0]]!r}"
        else:
            variants[cells[0]] = cells[1]
            continue
        raise PlanAnalysisError(problem, file=path, position=f"line {no}")
    chained = sorted(set(variants) & set(variants.values()))
    if chained:
        raise PlanAnalysisError(
            f"{chained[0]!r} is both a variant and a canonical form; fold it in one step",
            file=path,
        )
    return variants


def load_stop_words(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(stop words, parts of speech to exclude) from one word or one `pos: …` line each."""
    words: set[str] = set()
    pos: set[str] = set()
    for no, line in read_reference_lines(path):
        if not line.startswith(POS_PREFIX):
            words.add(normalize_entry(line))
            continue
        parts = [p.strip() for p in line.removeprefix(POS_PREFIX).split("-")]
        if not 1 <= len(parts) <= 2 or not all(parts):
            raise PlanAnalysisError(
                f"expected 'pos: 品詞' or 'pos: 品詞-細分類', found {line!r}",
                file=path,
                position=f"line {no}",
            )
        pos.add("-".join(parts))
    return frozenset(words), frozenset(pos)


def load_dictionaries(compound_terms: Path, variants: Path, stop_words: Path) -> Dictionaries:
    """The dictionaries of the three files (`reference` names them in the reference folder)."""
    stop_words, stop_pos = load_stop_words(stop_words)
    return Dictionaries(
        compound_terms=load_compound_terms(compound_terms),
        variants=load_variants(variants),
        stop_words=stop_words,
        stop_pos=stop_pos,
    )

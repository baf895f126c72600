"""Coding rules (KH Coder's コーディング): codes defined as boolean expressions over words,
evaluated per sentence, rolled up to items, cross-tabulated against a variable.

The rules file format is documented at the top of `data/reference/coding_rules.txt`:
`*name` lines start a code; the lines after it hold its expression of words, "phrases",
and / or / not (also & | !) and parentheses, with not binding tightest, then and, then or.
A word matches a token whose base form or surface is the word, or consecutive tokens whose
surfaces spell it; a phrase "w1 w2 …" matches consecutive runs matching w1, w2, … in order.
Everything is evaluated within one sentence: `A and not B` is a sentence with A and without B.
Parsing is a small recursive descent (never `eval`); every problem is a `PlanAnalysisError`
naming the file, line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..analyst_files import read_reference_text
from ..errors import PlanAnalysisError
from ..schema import ITEM_KEYS as _ITEM_KEYS
from .tokenize import SENTENCE_KEYS, TOKEN_COLUMNS

ITEM_KEYS = list(_ITEM_KEYS)
_RESERVED = frozenset(TOKEN_COLUMNS)
_MAX_DEPTH = 50
_KEYWORDS = {"and": "&", "or": "|", "not": "!"}
_LEXEME = re.compile(r'\s+|(?P<op>[()&|!])|"(?P<phrase>[^"]*)"|(?P<word>[^\s()&|!"]+)|(?P<open>")')


@dataclass(frozen=True)
class Term:
    """Consecutive token runs matching each word in turn (one word: a single word)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    """Sentences that do not match the operand."""

    operand: Expr


@dataclass(frozen=True)
class And:
    """Sentences that match every operand."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """Sentences that match any operand."""

    operands: tuple[Expr, ...]


Expr = Term | Not | And | Or


@dataclass(frozen=True)
class Rule:
    """A code: its name, expression, and the line of the file that names it."""

    name: str
    expression: Expr
    line: int


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "op" (one of ( ) & | !), "term"
    value: str | tuple[str, ...]
    line: int
    column: int


def _lex(text: str, line: int, file: Path | None) -> list[_Lexeme]:
    """The lexemes of one expression line (already NFKC)."""
    lexemes: list[_Lexeme] = []
    position = 0
    while position < len(text):
        m = _LEXEME.match(text, position)
        assert m is not None  # the pattern matches any character
        column = position + 1
        position = m.end()
        if m["open"] is not None:
            raise _error('unterminated quote: a phrase is written "word word"', file, line, column)
        if m["op"] is not None:
            lexemes.append(_Lexeme("op", m["op"], line, column))
        elif m["phrase"] is not None:
            words = tuple(m["phrase"].split())
            if not words:
                raise _error('empty phrase ""', file, line, column)
            lexemes.append(_Lexeme("term", words, line, column))
        elif m["word"] is not None:
            keyword = _KEYWORDS.get(m["word"].lower())
            kind, value = ("op", keyword) if keyword else ("term", (m["word"],))
            lexemes.append(_Lexeme(kind, value, line, column))
    return lexemes


def _error(
    problem: str, file: Path | None, line: int, column: int | None = None
) -> PlanAnalysisError:
    where = f"line {line}" if column is None else f"line {line}, column {column}"
    return PlanAnalysisError(problem, file=file, position=where)


class _Parser:
    """Recursive descent over the lexemes of one code's expression."""

    def __init__(self, lexemes: list[_Lexeme], name: str, line: int, file: Path | None) -> None:
        self.lexemes, self.name, self.line, self.file = lexemes, name, line, file
        self.position = 0

    def parse(self) -> Expr:
        if not self.lexemes:
            raise _error(f"code {self.name!r} has no expression", self.file, self.line)
        expression = self._or(0)
        if self.position < len(self.lexemes):
            found = self.lexemes[self.position]
            problem = f"expected and / or / ) between terms, found {_show(found)}"
            raise _error(problem, self.file, found.line, found.column)
        return expression

    def _peek_op(self, op: str) -> bool:
        if self.position < len(self.lexemes):
            lexeme = self.lexemes[self.position]
            return lexeme.kind == "op" and lexeme.value == op
        return False

    def _binary(self, op: str, depth: int) -> list[Expr]:
        operand = self._not if op == "&" else self._and
        operands = [operand(depth)]
        while self._peek_op(op):
            self.position += 1
            operands.append(operand(depth))
        return operands

    def _or(self, depth: int) -> Expr:
        operands = self._binary("|", depth)
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and(self, depth: int) -> Expr:
        operands = self._binary("&", depth)
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _not(self, depth: int) -> Expr:
        if depth > _MAX_DEPTH:
            lexeme = self.lexemes[self.position]
            problem = f"expression nested deeper than {_MAX_DEPTH} levels"
            raise _error(problem, self.file, lexeme.line, lexeme.column)
        if self._peek_op("!"):
            self.position += 1
            return Not(self._not(depth + 1))
        return self._atom(depth)

    def _atom(self, depth: int) -> Expr:
        if self.position >= len(self.lexemes):
            last = self.lexemes[-1]
            problem = f"expression ends after {_show(last)}: expected a word, a phrase or ("
            raise _error(problem, self.file, last.line, last.column)
        lexeme = self.lexemes[self.position]
        self.position += 1
        if lexeme.kind == "term":
            assert isinstance(lexeme.value, tuple)
            return Term(lexeme.value)
        if lexeme.value == "(":
            inner = self._or(depth + 1)
            if not self._peek_op(")"):
                raise _error("'(' is never closed", self.file, lexeme.line, lexeme.column)
            self.position += 1
            return inner
        problem = f"expected a word, a phrase or (, found {_show(lexeme)}"
        raise _error(problem, self.file, lexeme.line, lexeme.column)


def _show(lexeme: _Lexeme) -> str:
    if lexeme.kind == "op":
        return f"'{lexeme.value}'"
    return '"' + " ".join(lexeme.value) + '"'


def parse_rules(text: str, file: Path | None = None) -> list[Rule]:
    """The codes of a rules file's text, in file order."""
    codes: list[tuple[str, int, list[_Lexeme]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        normalized = unicodedata.normalize("NFKC", raw)
        line = normalized.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("*"):
            if not codes:
                raise _error(
                    "an expression before any code: start a code with '*名前'", file, number
                )
            codes[-1][2].extend(_lex(normalized, number, file))
            continue
        name = line[1:].strip()
        if not name:
            raise _error("a code line '*' needs a name: '*名前'", file, number)
        if name in _RESERVED:
            raise _error(f"code name {name!r} is a column name of the tokens table", file, number)
        if any(name == seen for seen, _, _ in codes):
            raise _error(f"code {name!r} is defined twice", file, number)
        codes.append((name, number, []))
    return [
        Rule(name, _Parser(lexemes, name, line, file).parse(), line)
        for name, line, lexemes in codes
    ]


def load_rules(path: Path) -> list[Rule]:
    """The codes of a rules file (e.g. `coding_rules.txt`); none if the file is missing."""
    path = Path(path)
    return parse_rules(read_reference_text(path), path)


class _Sentences:
    """The tokens regrouped by sentence, or by another unit of `keys` such as clauses
    (numbered 0…, in key order), for matching terms.

    A token's position counts the tokens given before it in its unit, so adjacency is
    among the tokens passed in.
    """

    def __init__(self, tokens: pd.DataFrame, keys: Sequence[str] = SENTENCE_KEYS) -> None:
        keys = list(keys)
        ordered = tokens.sort_values([*keys, "tok_no"], kind="stable")
        sentence = ordered.groupby(keys, sort=False).ngroup().to_numpy()
        self.keys = ordered.loc[:, keys].drop_duplicates().reset_index(drop=True)
        self.size = len(self.keys)
        self.sentence = sentence
        self.position = ordered.groupby(sentence, sort=False).cumcount().to_numpy()
        self.base = ordered["base"].to_numpy()
        self.surfaces = ordered.groupby(sentence, sort=True)["surface"].agg(list).tolist()
        self.text = pd.Series(["".join(s) for s in self.surfaces])

    def runs(self, word: str) -> set[tuple[int, int, int]]:
        """(sentence, start, stop) token ranges matching `word`: one token by base form, or
        tokens whose surfaces spell it."""
        by_base = self.base == word
        found = set(
            zip(
                self.sentence[by_base].tolist(),
                self.position[by_base].tolist(),
                (self.position[by_base] + 1).tolist(),
                strict=True,
            )
        )
        for s in np.flatnonzero(self.text.str.contains(word, regex=False)).tolist():
            found |= _spelled(self.surfaces[s], self.text[s], word, s)
        return found

    def matching(self, term: Term) -> np.ndarray:
        """Whether each sentence has consecutive runs matching the term's words in order."""
        runs = self.runs(term.words[0])
        for word in term.words[1:]:
            following: dict[tuple[int, int], list[int]] = {}
            for s, start, stop in self.runs(word):
                following.setdefault((s, start), []).append(stop)
            runs = {
                (s, start, end) for s, start, stop in runs for end in following.get((s, stop), [])
            }
        hit = np.zeros(self.size, dtype=bool)
        hit[[s for s, _, _ in runs]] = True
        return hit


def _spelled(
    surfaces: Sequence[str], text: str, word: str, sentence: int
) -> set[tuple[int, int, int]]:
    """Token ranges of one sentence whose surfaces spell `word` exactly."""
    starts, ends = {}, {}
    offset = 0
    for position, surface in enumerate(surfaces):
        starts[offset] = position
        offset += len(surface)
        ends[offset] = position + 1
    found = set()
    at = text.find(word)
    while at >= 0:
        if at in starts and at + len(word) in ends:
            found.add((sentence, starts[at], ends[at + len(word)]))
        at = text.find(word, at + 1)
    return found


def _evaluate(expression: Expr, sentences: _Sentences, memo: dict[Term, np.ndarray]) -> np.ndarray:
    if isinstance(expression, Term):
        if expression not in memo:
            memo[expression] = sentences.matching(expression)
        return memo[expression]
    if isinstance(expression, Not):
        return ~_evaluate(expression.operand, sentences, memo)
    values = [_evaluate(e, sentences, memo) for e in expression.operands]
    combine = np.logical_and if isinstance(expression, And) else np.logical_or
    return combine.reduce(values)


def code_sentences(
    tokens: pd.DataFrame, rules: Sequence[Rule], keys: Sequence[str] = SENTENCE_KEYS
) -> pd.DataFrame:
    """One row per sentence of `tokens` (keys fiscal_year, item_id, column, sent_no) and one
    boolean column per code: whether the sentence matches the code's expression. With
    `keys` = `clauses.CLAUSE_KEYS` (tokens numbered by `clauses.clause_numbers`), clauses.

    All tokens count here, stop words included (a negation needs ない).
    """
    sentences = _Sentences(tokens, keys)
    memo: dict[Term, np.ndarray] = {}
    coded = sentences.keys.copy()
    for rule in rules:
        coded[rule.name] = _evaluate(rule.expression, sentences, memo)
    return coded


def roll_up(
    coded: pd.DataFrame, keys: Sequence[str] = ITEM_KEYS, universe: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Codes per unit of `keys` (default: item): true when any of its sentences has the code.

    `universe` (a frame holding `keys`, e.g. the items table) adds the units without any
    sentence, with every code false.
    """
    codes = [c for c in coded.columns if c not in SENTENCE_KEYS]
    out = coded.groupby(list(keys), sort=True)[codes].any().reset_index()
    if universe is not None:
        units = universe.loc[:, list(keys)].drop_duplicates()
        out = units.merge(out, on=list(keys), how="left", sort=True, validate="1:1")
        out[codes] = out[codes].fillna(False).astype(bool)
    return out.reset_index(drop=True)


def matching_sentences(coded: pd.DataFrame, sentences: pd.DataFrame, code: str) -> pd.DataFrame:
    """The sentences (with their text) that match `code`: the evidence for a coding result."""
    keys = coded.loc[coded[code], SENTENCE_KEYS]
    return sentences.merge(keys, on=SENTENCE_KEYS, how="inner", validate="1:1").reset_index(
        drop=True
    )


def code_crosstab(coded: pd.DataFrame, by: str, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Code × variable: per code and value of `by`, units (`n_units`), coded units (`n_coded`)
    and their `share`, with the chi-square test of independence of the code and `by`
    (scipy's chi2_contingency on the coded / not coded × values table; Yates' correction
    for 2×2; chi2 and p are NaN when a code is present in all units or in none).

    `coded` holds one row per unit (sentences from `code_sentences`, or items from
    `roll_up`) and the column `by` (join it with `textstats.attach` or a merge).
    """
    if codes is None:
        codes = [c for c in coded.columns if c != by and coded[c].dtype == bool]
    rows = []
    for name in codes:
        table = coded.groupby(by, sort=True)[name].agg(n_units="size", n_coded="sum")
        contingency = np.stack([table["n_coded"], table["n_units"] - table["n_coded"]])
        if contingency.sum(axis=1).all() and len(table) > 1:
            chi2, p, dof, _ = stats.chi2_contingency(contingency)
        else:
            chi2, p, dof = np.nan, np.nan, len(table) - 1
        rows.append(
            table.reset_index().assign(
                code=name,
                share=table["n_coded"].to_numpy() / table["n_units"].to_numpy(),
                chi2=chi2,
                dof=int(dof),
                p=p,
            )
        )
    columns = ["code", by, "n_units", "n_coded", "share", "chi2", "dof", "p"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True)[columns].astype(
        {"n_units": "int64", "n_coded": "int64"}
    )

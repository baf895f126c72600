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


#: Between sentences in the joined text of `_Tokens`: no word of a rule holds it (words are
#: split at white space), so no spelled match crosses a sentence.
_SENTENCE_BREAK = "\n"


class _Tokens:
    """The tokens in sentence order, for matching terms once and reading the matches per
    unit (sentences, clauses …).

    A match is a run of consecutive tokens, [start, stop) as indices into the ordered
    tokens; tokens are consecutive when adjacent among the tokens passed in, in one sentence.
    """

    def __init__(self, tokens: pd.DataFrame) -> None:
        self.ordered = tokens.sort_values([*SENTENCE_KEYS, "tok_no"], kind="stable").reset_index(
            drop=True
        )
        self.sentence = self.ordered.groupby(SENTENCE_KEYS, sort=False).ngroup().to_numpy()
        codes, uniques = pd.factorize(self.ordered["base"], sort=False)
        self._base_code = {word: i for i, word in enumerate(uniques)}
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        self._by_base = (order, bounds)
        surfaces = self.ordered["surface"].to_numpy(dtype=object)
        breaks = np.r_[self.sentence[1:] != self.sentence[:-1], False][: len(surfaces)]
        lengths = np.fromiter(map(len, surfaces), dtype=np.int64, count=len(surfaces))
        self.start_char = np.cumsum(np.r_[0, lengths + breaks])[: len(surfaces)]
        self.end_char = self.start_char + lengths
        pieces = np.where(breaks, surfaces + _SENTENCE_BREAK, surfaces)
        self.chars = _code_points("".join(pieces.tolist()))
        # the first token starting at each character a token starts at, and that character
        first = np.ones(len(surfaces), dtype=bool)
        first[1:] = self.start_char[1:] != self.start_char[:-1]
        heads = np.flatnonzero(first & (self.start_char < len(self.chars)))
        self._heads, self._head_chars = heads, self.chars[self.start_char[heads]]

    def runs(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Token runs [start, stop) matching `word`: one token by base form, or tokens whose
        surfaces spell it exactly (from the first character of a token to the last of one);
        each run once, as two arrays (starts, stops)."""
        order, bounds = self._by_base
        code = self._base_code.get(word)
        by_base = order[bounds[code] : bounds[code + 1]] if code is not None else order[:0]
        letters = _code_points(word)
        first = self._heads[self._head_chars == letters[0]]
        at = self.start_char[first]
        fits = at + len(letters) <= len(self.chars)
        first, at = first[fits], at[fits]
        for offset, char in enumerate(letters[1:], start=1):
            same = self.chars[at + offset] == char
            first, at = first[same], at[same]
        last = np.searchsorted(self.end_char, at + len(word))
        inside = last < len(self.end_char)
        first, last, at = first[inside], last[inside], at[inside]
        spelled = self.end_char[last] == at + len(word)
        return _distinct(np.r_[by_base, first[spelled]], np.r_[by_base + 1, last[spelled] + 1])

    def matches(self, term: Term) -> np.ndarray:
        """Start tokens of the runs matching the term's words in order, in one sentence."""
        starts, stops = self.runs(term.words[0])
        for word in term.words[1:]:
            next_starts, next_stops = self.runs(word)
            order = np.argsort(next_starts, kind="stable")
            next_starts, next_stops = next_starts[order], next_stops[order]
            # every run followed by every run that starts where it stops
            low = np.searchsorted(next_starts, stops, side="left")
            counts = np.searchsorted(next_starts, stops, side="right") - low
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            starts = np.repeat(starts, counts)
            stops = next_stops[np.repeat(low, counts) + offsets]
            starts, stops = _distinct(starts, stops)
        return starts[self.sentence[starts] == self.sentence[stops - 1]]


def _code_points(text: str) -> np.ndarray:
    """The characters of `text` as an array of code points (compared many at a time)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _distinct(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (start, stop) pairs of two arrays of token indices."""
    width = int(stops.max(initial=0)) + 1
    pairs = np.unique(starts.astype(np.int64) * width + stops)
    return pairs // width, pairs % width


def _evaluate(
    expression: Expr, unit: np.ndarray, n_units: int, tokens: _Tokens, memo: dict[Term, np.ndarray]
) -> np.ndarray:
    """Whether each unit (`unit`: the unit number of every ordered token) matches."""
    if isinstance(expression, Term):
        if expression not in memo:
            memo[expression] = tokens.matches(expression)
        hit = np.zeros(n_units, dtype=bool)
        hit[unit[memo[expression]]] = True
        return hit
    if isinstance(expression, Not):
        return ~_evaluate(expression.operand, unit, n_units, tokens, memo)
    values = [_evaluate(e, unit, n_units, tokens, memo) for e in expression.operands]
    combine = np.logical_and if isinstance(expression, And) else np.logical_or
    return combine.reduce(values)


def code_units(
    tokens: pd.DataFrame, rules: Sequence[Rule], units: Sequence[Sequence[str]]
) -> list[pd.DataFrame]:
    """For each unit of `units` (key columns, e.g. `SENTENCE_KEYS` or `clauses.CLAUSE_KEYS`
    for tokens numbered by `clauses.clause_numbers`): one row per unit, in key order, and
    one boolean column per code — whether the unit matches the code's expression. Terms
    are matched once over all the tokens and read per unit; a phrase belongs to the unit of
    its first token."""
    matcher = _Tokens(tokens)
    memo: dict[Term, np.ndarray] = {}
    out = []
    for keys in units:
        keys = list(keys)
        unit = matcher.ordered.groupby(keys, sort=False).ngroup().to_numpy()
        firsts = np.unique(unit, return_index=True)[1]
        coded = matcher.ordered.loc[firsts, keys].reset_index(drop=True)
        columns = {
            rule.name: _evaluate(rule.expression, unit, len(firsts), matcher, memo)
            for rule in rules
        }
        out.append(pd.concat([coded, pd.DataFrame(columns, index=coded.index)], axis=1))
    return out


def code_sentences(
    tokens: pd.DataFrame, rules: Sequence[Rule], keys: Sequence[str] = SENTENCE_KEYS
) -> pd.DataFrame:
    """One row per sentence of `tokens` (keys fiscal_year, item_id, column, sent_no) and one
    boolean column per code: whether the sentence matches the code's expression (or per
    other units, see `code_units`).

    All tokens count here, stop words included (a negation needs ない).
    """
    return code_units(tokens, rules, [keys])[0]


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
    from scipy import stats  # deferred: heavy, and only this test needs it

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

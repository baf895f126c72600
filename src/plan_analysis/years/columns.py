"""Numpy columns: a year's items or areas as arrays, for the many small steps of a pair.

A pandas operation costs tens of microseconds however few its rows, and comparing a pair of
years takes hundreds of selections of a few dozen rows. `Columns` holds a table as numpy
arrays (strings and sets as Python objects) so that those selections cost next to nothing;
`stack` makes one DataFrame of the blocks of rows of every pair, once, at the end.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

#: Rows of a table as columns of one length, by column name (see `stack`).
Block = dict[str, np.ndarray]


def as_array(values: Sequence | np.ndarray) -> np.ndarray:
    """`values` as a numpy array; a sequence as an array of Python objects (sets stay whole)."""
    if isinstance(values, np.ndarray):
        return values
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@dataclass(frozen=True)
class Columns:
    """Rows as numpy columns, found by the values of their `key` column."""

    data: dict[str, np.ndarray]
    key: str

    def __getitem__(self, column: str) -> np.ndarray:
        return self.data[column]

    def __len__(self) -> int:
        return len(self.data[self.key])

    def take(self, rows: np.ndarray) -> Columns:
        """The rows at `rows` (positions or a boolean mask)."""
        return Columns({c: v[rows] for c, v in self.data.items()}, self.key)

    def among(self, keys: Collection) -> np.ndarray:
        """Whether the key of each row is one of `keys` (a hash lookup, not a sort)."""
        return pd.Index(self[self.key], dtype=object).isin(list(keys))

    def without(self, keys: Collection) -> Columns:
        """The rows whose key is not among `keys`."""
        return self.take(~self.among(keys)) if keys else self

    def rows(self, keys: Sequence) -> Columns:
        """The rows of these keys (all present), in that order."""
        return self.take(self.positions(keys))

    def positions(self, keys: Sequence) -> np.ndarray:
        """The row of each of `keys` (the last row of a repeated key), -1 for a key not here."""
        wanted = as_array(keys)
        ranked = self[self.key][self._order]
        at = np.searchsorted(ranked, wanted, side="right") - 1
        hit = at >= 0
        hit[hit] = ranked[at[hit]] == wanted[hit]
        out = np.full(len(wanted), -1)
        out[hit] = self._order[at[hit]]
        return out

    @cached_property
    def _order(self) -> np.ndarray:
        """The rows in order of their keys (a repeated key's rows in their order)."""
        return np.argsort(self[self.key], kind="stable")


def stack(blocks: Sequence[Block], columns: list[str]) -> pd.DataFrame:
    """One DataFrame of `columns` from blocks of rows, in order (a column that a block lacks
    is None in its rows)."""
    sizes = [len(next(iter(block.values()))) for block in blocks]
    return pd.DataFrame(
        {
            c: np.concatenate(
                [
                    as_array(block[c]) if c in block else np.full(n, None, dtype=object)
                    for block, n in zip(blocks, sizes, strict=True)
                ]
            )
            for c in columns
        }
    )

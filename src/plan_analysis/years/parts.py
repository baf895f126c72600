"""Split and merged items: the second pass over what the one-to-one assignment left.

A split item's successors each hold a part of its text; a merged item holds the texts of
its predecessors. Texts are compared as sets of character bigrams of the folded name and the three texts
(`keys.bigrams`, taken once per year; Japanese has no spaces to split words at, and a bigram
set survives reordered sentences; a split usually divides これまでの取り組み and 今後の予定
too, a merge joins them).
A *part* is an item with at least `PART_CONTAINMENT` of its bigrams in the *whole*, that
adds at least `PART_GAIN` of the whole's bigrams no other part holds (or lies wholly in
it, `PART_WHOLLY`: two near-identical items merged); the whole's own
one-to-one successor (or predecessor) counts as a part when it is contained too. Two parts
or more make a split (merge). Reposts and items decided in `item_links.csv` take no part.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..config import PART_CONTAINMENT, PART_GAIN, PART_WHOLLY
from .columns import Columns


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of `part`'s bigrams found in `whole` (0–1)."""
    return len(part & whole) / len(part) if part else 0.0


@dataclass(frozen=True)
class Side:
    """One year's items as the second pass sees them: bigrams per item_id and the items
    free to be parts (not linked one-to-one, no repost, not decided by hand)."""

    grams: dict[str, frozenset[str]]
    free: tuple[str, ...]
    eligible: frozenset[str]


def side(prepared: Columns, linked: Iterable[str], decided: Collection[str]) -> Side:
    """The `Side` of one prepared year (see `keys.prepare`, which made the bigrams)."""
    ok = prepared.take(~prepared["is_repost"]).without(decided)
    grams = dict(zip(ok["item_id"], ok["grams"], strict=True))
    linked = set(linked)
    return Side(grams, tuple(i for i in grams if i not in linked), frozenset(grams))


def _wholes(parts: Side, wholes: Side) -> dict[str, list[tuple[float, str]]]:
    """Whole → its candidate parts (containment, item_id), best first: each free item of
    `parts` goes to the one whole that contains it best, if it reaches PART_CONTAINMENT."""
    out: dict[str, list[tuple[float, str]]] = {}
    for p in parts.free:
        scored = sorted((-containment(parts.grams[p], g), w) for w, g in wholes.grams.items())
        if not scored:
            continue
        best, whole = -scored[0][0], scored[0][1]  # ties: the lowest item_id
        if best >= PART_CONTAINMENT:
            out.setdefault(whole, []).append((best, p))
    return {w: sorted(c, key=lambda s: (-s[0], s[1])) for w, c in out.items()}


def find_parts(
    parts: Side, wholes: Side, partner: dict[str, str], used: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """Whole item_id → its parts (item_ids, the one-to-one partner first when it is one).

    `partner` is each whole's one-to-one link; `used` items (already in a split or merge)
    take no part."""
    out: dict[str, list[str]] = {}
    for whole, candidates in sorted(_wholes(parts, wholes).items()):
        if whole in used:
            continue
        whole_grams = wholes.grams[whole]
        chosen: list[str] = []
        mate = partner.get(whole)
        if mate is not None:
            if mate not in parts.eligible or mate in used:
                continue  # a repost or a hand-decided successor: no split of it
            if containment(parts.grams[mate], whole_grams) < PART_CONTAINMENT:
                continue  # the whole goes on as something else: not split
            chosen.append(mate)
        held: frozenset[str] = frozenset().union(*(parts.grams[c] for c in chosen))
        for inside, p in candidates:
            if p in used:
                continue
            gain = len((parts.grams[p] & whole_grams) - held) / len(whole_grams)
            if gain >= PART_GAIN or inside >= PART_WHOLLY:
                chosen.append(p)
                held |= parts.grams[p]
        if len(chosen) >= 2:
            out[whole] = chosen
    return out


def split_and_merged(a: Side, b: Side, links: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(item_id_from, item_id_to, split|merged) for every part found; the one-to-one links
    of the wholes are among them (and then no longer one-to-one)."""
    forward = dict(links)
    backward = {t: f for f, t in links}
    splits = find_parts(b, a, forward)
    used = frozenset(splits) | {p for ps in splits.values() for p in ps}
    merges = find_parts(a, b, backward, used)
    out = [(whole, p, "split") for whole, ps in splits.items() for p in ps]
    out += [(p, whole, "merged") for whole, ps in merges.items() for p in ps]
    return out

"""Repost marking scores all pairs at once: it must decide as the rule reads, item by item
in table order against the earlier originals, one pair at a time."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from plan_analysis.config import (
    REPOST_CONTENT_SIMILARITY,
    REPOST_MARKED_NAME_SIMILARITY,
    REPOST_NAME_SIMILARITY,
)
from plan_analysis.load.reposts import mark_reposts


def one_by_one(names: list[str], contents: list[str], marked: list[bool]) -> list[str]:
    """repost_of as the rule reads: the earlier original with the highest name score that
    passes (the first of equals), its 内容 checked for an unmarked item."""
    found, originals = [], []
    for i, (name, content) in enumerate(zip(names, contents, strict=True)):
        cutoff = REPOST_MARKED_NAME_SIMILARITY if marked[i] else REPOST_NAME_SIMILARITY
        best, best_score = "", 0.0
        for j in originals:
            score = fuzz.ratio(name, names[j])
            if score < cutoff or score <= best_score:
                continue
            if marked[i] or fuzz.ratio(content, contents[j]) >= REPOST_CONTENT_SIMILARITY:
                best, best_score = f"id{j}", score
        found.append(best)
        if not (marked[i] or best):
            originals.append(i)
    return found


#: Few letters, so that names and contents often nearly repeat.
TEXT = st.text(alphabet="地域福祉課の支援事業", max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, st.booleans()), min_size=1, max_size=25))
def test_marks_as_one_pair_at_a_time(rows):
    names, contents, marked = (list(col) for col in zip(*rows, strict=True))
    items = pd.DataFrame(
        {"item_id": [f"id{i}" for i in range(len(rows))], "name": names, "content": contents}
    )
    out = mark_reposts(items, pd.Series(marked))
    expected = one_by_one(names, contents, marked)
    assert out["repost_of"].tolist() == expected
    assert out["is_repost"].tolist() == [
        m or bool(e) for m, e in zip(marked, expected, strict=True)
    ]

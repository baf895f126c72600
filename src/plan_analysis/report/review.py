"""The review queue of the measures, for notebooks 02 and 04 and the report.

An item is queued when its decision is in doubt (`<measure>_needs_review`, with the
reasons); the queue shows the cell the measure reads with the deciding clause marked, so
that the analyst can confirm or correct it in `data/reference/measure_overrides.csv`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from ..labels import label, to_display, value_label
from ..schema import ITEM_KEYS, MEASURES

Frames = Mapping[str, pd.DataFrame]


def review_queue(frames: Frames, measure: str, fiscal_year: int) -> pd.DataFrame:
    """The year's items whose `measure` needs review (reposts left out): item_id, name, the
    decision, who decided, why it is queued, the deciding clause and the cell read."""
    spec = MEASURES[measure]
    needs, reason = spec.review
    measures = frames["item_measures"]
    rows = measures[
        (measures["fiscal_year"] == fiscal_year) & measures[needs] & ~measures["is_repost"]
    ]
    items = frames["items"][[*ITEM_KEYS, "name", spec.source_column]]
    out = rows[[*ITEM_KEYS, measure, spec.decided_by, reason, spec.evidence]].merge(
        items, on=list(ITEM_KEYS), validate="1:1"
    )
    return out[
        [*ITEM_KEYS, "name", measure, spec.decided_by, reason, spec.evidence, spec.source_column]
    ]


def highlighted(text: str, evidence: str) -> str:
    """`text` as HTML with the deciding clause marked (both escaped: table text is never
    markup)."""
    shown = html.escape(text)
    if evidence and evidence in text:
        mark = html.escape(evidence)
        shown = shown.replace(mark, f'<mark style="background:#ffe08a">{mark}</mark>', 1)
    return f'<div class="tex2jax_ignore" style="white-space:pre-wrap">{shown}</div>'


def review_html(queue: pd.DataFrame, measure: str) -> str:
    """The queue as HTML blocks: item, decision and reason, then the cell with the deciding
    sentence marked."""
    spec = MEASURES[measure]
    _, reason = spec.review
    blocks = [
        f"<h4>{html.escape(r['item_id'])} {html.escape(r['name'])}</h4>"
        f"<p>{html.escape(label(measure))}: {html.escape(value_label(measure, r[measure]))}"
        f"（{html.escape(value_label(spec.decided_by, r[spec.decided_by]))}） — "
        f"{html.escape(r[reason])}</p>" + highlighted(r[spec.source_column], r[spec.evidence])
        for r in queue.to_dict("records")
    ]
    return "".join(blocks)


def decided_by_counts(frames: Frames, fiscal_year: int) -> pd.DataFrame:
    """How many of the year's decisions (reposts left out) each kind of decider made, per
    measure, with the size of the review queue: for the report and the notebooks."""
    measures = frames["item_measures"]
    year = measures[(measures["fiscal_year"] == fiscal_year) & ~measures["is_repost"]]
    rows = []
    for spec in MEASURES.values():
        if not spec.decided_by:
            continue
        counts = year[spec.decided_by].value_counts()
        rows.append(
            {
                "measure": label(spec.name),
                **{
                    value_label(spec.decided_by, k): int(counts.get(k, 0))
                    for k in ("rule", "default", "analyst", "carried")
                },
                label(spec.review[0]): int(year[spec.review[0]].sum()),
            }
        )
    return to_display(pd.DataFrame(rows))

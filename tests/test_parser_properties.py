"""Property tests: mutated seed text never raises anything but the package's error, and
whenever it loads, every character of the input is accounted for and no cell text is lost."""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plan_analysis.errors import PlanAnalysisError, PlanAnalysisWarning
from plan_analysis.load import load_table
from plan_analysis.schema import TEXT_COLUMNS

from .conftest import REFERENCE, SEED, ref

LINES = SEED.read_text(encoding="utf-8").split("\n")
NOISE = st.sampled_from(
    ["\t", "", " ", "○", "基本目標9", "(9)", "<p>", "</p>", "事業名", "\r", "ｱ", "①"]
)

mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "drop_tab", "add_tab", "insert", "split"]),
    st.integers(min_value=0, max_value=len(LINES) - 1),
    st.integers(min_value=0, max_value=2000),
    NOISE,
)


def mutate(lines: list[str], ops) -> list[str]:
    lines = list(lines)
    for op, i, pos, noise in ops:
        i %= len(lines)
        line = lines[i]
        pos %= len(line) + 1
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "drop_tab" and "\t" in line:
            k = line.index("\t", min(pos, line.rindex("\t")))
            lines[i] = line[:k] + line[k + 1 :]
        elif op == "add_tab":
            lines[i] = line[:pos] + "\t" + line[pos:]
        elif op == "insert":
            lines[i] = line[:pos] + noise + line[pos:]
        elif op == "split":
            lines[i : i + 1] = [line[:pos], line[pos:]]
    return lines


def chars(texts) -> Counter:
    return Counter(re.sub(r"\s", "", "".join(texts)))


#: Raise with HYPOTHESIS_EXAMPLES=1000 for a deeper local search; CI keeps it quick.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_seed(tmp_path, ops):
    path = tmp_path / "r3_mutated.txt"
    text = "\n".join(mutate(LINES, ops))
    path.write_text(text, encoding="utf-8")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PlanAnalysisWarning)
            tables = load_table(path, ref(REFERENCE).load)
    except PlanAnalysisError as exc:
        assert "r3_mutated.txt" in str(exc)
        return
    # every character of the file sits in exactly one classified line
    assert chars(tables.source_lines["text"]) == chars([text.replace("\t", "")])
    # and every character of item and continuation lines is in the items' raw cells
    item_lines = tables.source_lines[tables.source_lines["kind"].isin(["item", "continuation"])]
    cells = tables.items[["name_raw", "owner_raw", *(f"{c}_raw" for c in TEXT_COLUMNS)]]
    assert chars(item_lines["text"]) == chars(cells.to_numpy().ravel())

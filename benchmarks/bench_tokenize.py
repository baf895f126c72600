"""Tokenizing cost: our pipeline against bare fugashi, and a cached rerun against a cold run.

Loads the seed table, then times, best of N in CPU seconds of this process (runs
interleaved; CPU time, not wall time, because on a shared machine the wall time of a 10 ms
run swings several fold with the neighbours' load while its CPU time holds):
- bare: `fugashi.Tagger().parse` on every segment text;
- ours: `text.sentences_table` + `text.tokenize_sentences` on the same segments with the
  project's dictionaries (sentence splitting, tagging, compound merging, variant folding,
  stop words, the tokens DataFrame), no cache;
- cold / cached: `text.tokenize_segments` with an empty cache folder, then with the filled one.

Prints the ratios ours/bare (target ≤ 1.5) and cached/cold. Usage:
    python benchmarks/bench_tokenize.py [--repeat N] [path/to/table]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import fugashi

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.load import load_table
from plan_analysis.reference import default_reference
from plan_analysis.text import tokenize as text

SEED = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "fixtures"
    / "r3_kisarazu_welfare_plan_progress.txt"
)


def best_of(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best CPU time in seconds of each run, the runs interleaved `repeat` times."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    reference = default_reference()  # the shipped dictionaries: the same on every machine
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlanAnalysisWarning)
        segments = load_table(args.table, reference.load).segments
    dictionaries = reference.dictionaries
    texts = segments["text"].tolist()
    bare = fugashi.Tagger()
    text.tagger()  # both taggers exist before timing

    with tempfile.TemporaryDirectory() as tmp:
        cold_dirs = iter(Path(tmp, f"cold{i}") for i in range(args.repeat))
        warm_dir = Path(tmp, "warm")
        text.tokenize_segments(segments, dictionaries, warm_dir)
        times = best_of(
            args.repeat,
            {
                "bare": lambda: [bare.parse(t) for t in texts],
                "ours": lambda: text.tokenize_sentences(
                    text.sentences_table(segments), dictionaries
                ),
                "cold": lambda: text.tokenize_segments(segments, dictionaries, next(cold_dirs)),
                "cached": lambda: text.tokenize_segments(segments, dictionaries, warm_dir),
            },
        )
    n_tokens = len(text.tokenize_sentences(text.sentences_table(segments), dictionaries))
    print(f"{len(texts)} segments, {sum(map(len, texts))} characters, {n_tokens} tokens")
    print(f"best of {args.repeat}: " + ", ".join(f"{k} {v * 1e3:.2f} ms" for k, v in times.items()))
    print(f"ours/bare = {times['ours'] / times['bare']:.2f} (target <= 1.5)")
    print(f"cached/cold = {times['cached'] / times['cold']:.2f}")


if __name__ == "__main__":
    main()

"""Speed at scale, as ratios against baselines measured in the same run.

Builds N copies of the seed table under distinct fiscal years (令和3年度, 令和4年度, …) in a
temporary folder and times whole commands, each run in a fresh process, the runs of the
compared commands interleaved so that machine load hits both sides alike (median of R):

- floor: a script that does the least the job must — import pandas, fugashi and pyarrow,
  read every file, parse every cell with fugashi and write one Parquet file of the tokens;
- process cold: `plan-analysis process` into a new folder (no cache);
- process rerun: the same command again with nothing changed;
- process, one table changed: the first table edited, the rest from the cache;
- peak memory of `process` cold (the largest process, as the OS reports it);
- with --run: `make run`'s two steps on the seed in a copy of the project, cold and rerun,
  against `process` cold on the seed.

Prints the ratios of the goals (issue 14): process/floor at N tables, rerun/cold, run
cold/process cold. Usage:
    python benchmarks/bench_scale.py [--tables 40 110] [--repeat 3] [--run]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "r3_kisarazu_welfare_plan_progress.txt"
DEFAULTS = ROOT / "src" / "plan_analysis" / "defaults"
CLI = [sys.executable, "-m", "plan_analysis.cli"]

FLOOR = r"""
import sys
from pathlib import Path
import fugashi, pandas as pd, pyarrow as pa, pyarrow.parquet as pq
tagger = fugashi.Tagger()
rows = []
for path in sorted(Path(sys.argv[1]).iterdir()):
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        for cell_no, cell in enumerate(line.split("\t")):
            for tok_no, word in enumerate(tagger(cell)):
                rows.append((path.name, line_no, cell_no, tok_no, word.surface, word.feature.lemma))
frame = pd.DataFrame(rows, columns=["file", "line", "cell", "tok", "surface", "lemma"])
pq.write_table(pa.Table.from_pandas(frame), Path(sys.argv[2]) / "tokens.parquet")
"""


def era_title(year: int) -> str:
    """令和N年度 / 平成N年度 of a fiscal year."""
    return f"令和{year - 2018}年度" if year >= 2019 else f"平成{year - 1988}年度"


def tables(folder: Path, n: int) -> Path:
    """`n` copies of the seed under distinct fiscal years: 2021 onwards, or, for more years
    than fit before 2100 (the last year the loader accepts), ending in 2100 (at most 112)."""
    first = min(2021, 2101 - n)
    if first < 1989:
        raise SystemExit(f"at most {2101 - 1989} distinct fiscal years (1989–2100)")
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for year in range(first, first + n):
        (folder / f"fy{year}_table.txt").write_text(
            text.replace("令和3年度", era_title(year), 1), encoding="utf-8"
        )
    return folder


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(wall seconds, peak memory in MB of the largest process) of one run of `command`."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {child.stderr.read().decode()[-2000:]}")
    child.stderr.close()
    return wall, usage.ru_maxrss // 1024  # KiB on Linux


def interleaved(repeat: int, runs: dict[str, Callable[[], tuple[float, int]]]) -> dict:
    """Median wall time and peak memory of each run, the runs interleaved `repeat` times."""
    seen: dict[str, list[tuple[float, int]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            seen[name].append(run())
    return {
        name: (statistics.median(w for w, _ in got), max(m for _, m in got))
        for name, got in seen.items()
    }


def process_figures(n: int, repeat: int, work: Path) -> dict[str, float]:
    raw = tables(work / f"raw{n}", n)
    out = work / f"out{n}"

    def floor():
        target = Path(tempfile.mkdtemp(dir=work))
        return timed([sys.executable, "-c", FLOOR, str(raw), str(target)])

    def cold():
        shutil.rmtree(out, ignore_errors=True)
        return timed([*CLI, "process", str(raw), "--out", str(out), "--reference", str(DEFAULTS)])

    def rerun():
        return timed([*CLI, "process", str(raw), "--out", str(out), "--reference", str(DEFAULTS)])

    def one_changed():
        first = sorted(raw.iterdir())[0]
        first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return rerun()

    got = interleaved(repeat, {"floor": floor, "cold": cold, "rerun": rerun,
                               "one table changed": one_changed})  # fmt: skip
    (floor_s, _), (cold_s, peak), (rerun_s, _), (changed_s, _) = got.values()
    print(f"\n{n} tables: floor {floor_s:.1f} s, process cold {cold_s:.1f} s "
          f"(peak {peak} MB), rerun {rerun_s:.1f} s, one table changed {changed_s:.1f} s")  # fmt: skip
    print(f"  process cold / floor      {cold_s / floor_s:5.2f}")
    print(f"  rerun / cold              {rerun_s / cold_s:5.2f}")
    print(f"  one table changed / cold  {changed_s / cold_s:5.2f}")
    return {"cold": cold_s}


def run_figures(repeat: int, work: Path) -> None:
    """`plan-analysis run` (what `make run` runs) on the seed in a copy of the project."""
    project = work / "project"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    tables(project / "data" / "raw", 1)
    env_cli = [*CLI, "run"]

    def run_cold():
        for folder in ("data/processed", "reports", "data/reference"):
            shutil.rmtree(project / folder, ignore_errors=True)
        return timed(env_cli, cwd=project)

    def run_again():
        return timed(env_cli, cwd=project)

    def process_cold():
        out = work / "seed_out"
        shutil.rmtree(out, ignore_errors=True)
        seed = project / "data" / "raw"
        return timed([*CLI, "process", str(seed), "--out", str(out), "--reference", str(DEFAULTS)])

    got = interleaved(repeat, {"run": run_cold, "again": run_again, "process": process_cold})
    (run_s, _), (again_s, _), (process_s, _) = got.values()
    print(
        f"\nseed, make run: cold {run_s:.1f} s, rerun {again_s:.1f} s; process cold {process_s:.1f} s"
    )
    print(f"  run cold / process cold   {run_s / process_s:5.2f}")
    print(f"  run rerun / run cold      {again_s / run_s:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, nargs="+", default=[40])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--run", action="store_true", help="also time make run on the seed")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for n in args.tables:
            process_figures(n, args.repeat, Path(tmp))
        if args.run:
            run_figures(args.repeat, Path(tmp))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""CPU-time throughput of the artifacts step (and the other cheap steps of the default preset)
on the benchmark corpus, each timed on the text the default pipeline hands it.

    .venv/bin/python benchmarks/bench_artifacts.py [--size-mb 3] [--repeat 5] [--steps artifacts,simplified]

The corpus is benchmarks/corpus.py ``build_corpus(size_mb)``. The default pipeline is run once
to collect each step's input; then each step is timed alone over its inputs, best CPU time
(``time.process_time``) of ``--repeat`` interleaved passes, so other jobs on the machine
barely skew it. Also reports each step on the clean-prose sample (nothing to do) and on the
raw corpus documents (the step's input if it ran first).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CLEAN_PROSE, build_corpus

DEFAULT_STEPS = "artifacts,simplified,width,numbering"


def _once(fn, docs: list[str]) -> float:
    t = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--steps", default=DEFAULT_STEPS, help=f"comma-separated (default {DEFAULT_STEPS})")
    args = ap.parse_args(argv)

    import zhclean

    corpus = build_corpus(args.size_mb, 0)
    pipeline = zhclean.Pipeline.from_preset("default")
    rewriting = [c for c in pipeline.cleaners if c.rewrites]
    wanted = args.steps.split(",")
    inputs: dict[str, list[str]] = {name: [] for name in wanted}
    for doc in corpus.docs:
        text = doc
        for cleaner in rewriting:
            if cleaner.name in inputs:
                inputs[cleaner.name].append(text)
            text = cleaner(text)
    clean = [CLEAN_PROSE * 20] * 200
    sets = {"pipeline": inputs, "raw": dict.fromkeys(wanted, corpus.docs), "clean": dict.fromkeys(wanted, clean)}
    cleaners = {c.name: c for c in rewriting if c.name in wanted}
    best = {(s, k): float("inf") for s in wanted for k in sets}
    for _ in range(args.repeat):
        for name in wanted:
            for kind, per_step in sets.items():
                best[name, kind] = min(best[name, kind], _once(cleaners[name], per_step[name]))
    print(f"corpus: {corpus.describe()}")
    print(f"{'step':12} " + " ".join(f"{k + ' MB/s':>15}" for k in sets))
    for name in wanted:
        row = []
        for kind, per_step in sets.items():
            mb = sum(len(d.encode("utf-8")) for d in per_step[name]) / 1e6
            row.append(f"{mb / max(best[name, kind], 1e-9):15.1f}")
        print(f"{name:12} " + " ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())

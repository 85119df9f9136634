"""Where ``zhclean.clean`` spends its time: per-step share inside the default pipeline, and
the top cProfile hotspots of each step.

    .venv/bin/python benchmarks/profile_clean.py --size-mb 5 [--top 6] [--dump /tmp/clean.prof]

1. Each rewriting step of the default preset is timed *in pipeline context* (on the text the
   earlier steps produced, as ``zhclean.clean`` runs it), summed over the corpus.
2. Each step is then profiled with cProfile on that same input, and its top functions by
   own time (``tottime``) are printed, so a slow step shows which function and which builtin
   (``re.sub``, ``str.translate``, OpenCC ``convert``, ftfy) it pays for.
3. A whole-pipeline cProfile, top functions by own time (``--dump`` saves it for snakeviz or
   ``python -m pstats``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus


def top(profile: cProfile.Profile, n: int) -> str:
    buf = io.StringIO()
    stats = pstats.Stats(profile, stream=buf)
    stats.strip_dirs().sort_stats("tottime").print_stats(n)
    lines = buf.getvalue().splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return "\n".join(ln for ln in lines[start:] if ln.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=6, help="hotspots per step (default 6)")
    ap.add_argument("--dump", type=Path, help="save the whole-pipeline profile here")
    args = ap.parse_args(argv)

    import zhclean

    corpus = build_corpus(args.size_mb, args.seed)
    mb = corpus.nbytes / 1e6
    pipeline = zhclean.Pipeline.from_preset("default")
    steps = [c for c in pipeline.cleaners if c.rewrites]
    for doc in corpus.docs[:20]:  # warm-up: lazy resources
        pipeline(doc)

    # 1. per-step time in pipeline context; keep each step's input for step 2
    inputs: dict[str, list[str]] = {c.name: [] for c in steps}
    spent = dict.fromkeys(inputs, 0.0)
    for doc in corpus.docs:
        text = doc
        for cleaner in steps:
            inputs[cleaner.name].append(text)
            t = time.perf_counter()
            text = cleaner(text)
            spent[cleaner.name] += time.perf_counter() - t
    total = sum(spent.values())
    print(f"corpus: {corpus.describe()}")
    print(f"zhclean.clean, steps in pipeline context: {total:.2f} s total, {mb / total:.1f} MB/s\n")
    print(f"{'step':14} {'seconds':>8} {'share':>6} {'MB/s':>9}")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:14} {s:8.3f} {s / total:6.1%} {mb / s if s else float('inf'):9.1f}")

    # 2. hotspots per step, slowest first
    for name, _ in sorted(spent.items(), key=lambda kv: -kv[1]):
        cleaner = next(c for c in steps if c.name == name)
        prof = cProfile.Profile()
        prof.enable()
        for text in inputs[name]:
            cleaner(text)
        prof.disable()
        print(f"\n== step {name}: top {args.top} by own time ==")
        print(top(prof, args.top))

    # 3. the whole pipeline
    prof = cProfile.Profile()
    prof.enable()
    for doc in corpus.docs:
        zhclean.clean(doc)
    prof.disable()
    print(f"\n== zhclean.clean (whole pipeline): top {2 * args.top} by own time ==")
    print(top(prof, 2 * args.top))
    if args.dump:
        prof.dump_stats(str(args.dump))
        print(f"wrote {args.dump}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Throughput of find_placeholders and the two placeholder steps (issue 7 asks >= 100 MB/s).

    python benchmarks/bench_placeholders.py [--size-mb 10] [--repeat 5] [--min MBPS]

Corpora (MB are 10**6 bytes of UTF-8 input, documents as a pipeline would pass them):
  benchmark  the project's benchmark corpus (benchmarks/corpus.py: seed pages, forum pages,
             traditional conversions, mojibake, extra boilerplate), --size-mb of it;
  prose      the same documents with every candidate character removed: the fast path,
             what most Chinese text costs;
  template   the two template seed pages (003, 004: 20xx年, XX市, xx36人次 on every line),
             repeated: the slowest realistic case, for reference.
Times are CPU times (time.process_time), best of --repeat, so other users of the machine
disturb them less. With --min, exits 1 if find_placeholders is slower than MBPS on the
benchmark corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED, best_mbps, build_corpus

from zhclean.cleaners.placeholders import (
    CANDIDATE_CHARS,
    PlaceholderDetector,
    PlaceholderMasker,
    find_placeholders,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--min", type=float, default=None, help="fail below this MB/s on the benchmark corpus")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)

    bench = build_corpus(args.size_mb, seed=0).docs
    strip = str.maketrans("", "", CANDIDATE_CHARS)
    prose = [d.translate(strip) for d in bench]
    seeds = SHARED / "seeds"
    template_pages = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("00[34]_*.txt"))]
    per = sum(len(p.encode("utf-8")) for p in template_pages)
    template = template_pages * max(1, int(args.size_mb * 1e6 / 4 / per))

    detector, masker = PlaceholderDetector(), PlaceholderMasker()
    results: dict[str, dict[str, float]] = {}
    for name, docs in (("benchmark", bench), ("prose", prose), ("template", template)):
        results[name] = {
            "find_placeholders": best_mbps(find_placeholders, docs, args.repeat),
            "placeholders.explain": best_mbps(detector.explain, docs, args.repeat),
            "mask-placeholders": best_mbps(masker, docs, args.repeat),
            "MB": sum(len(d.encode("utf-8")) for d in docs) / 1e6,
        }
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(f"{'corpus':<10} {'MB':>6} {'find':>8} {'explain':>8} {'mask':>8}   (MB/s, CPU time)")
        for name, r in results.items():
            print(
                f"{name:<10} {r['MB']:6.1f} {r['find_placeholders']:8.1f} {r['placeholders.explain']:8.1f}"
                f" {r['mask-placeholders']:8.1f}"
            )
    if args.min is not None and results["benchmark"]["find_placeholders"] < args.min:
        print(f"find_placeholders below {args.min} MB/s on the benchmark corpus", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

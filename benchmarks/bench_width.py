#!/usr/bin/env python3
"""Throughput of the width and numbering steps (issue 6 asks for >= 100 MB/s each).

    python benchmarks/bench_width.py [--repeat N] [--min MBPS]

Corpora (MB are UTF-8 megabytes of input):
  real     the five seed documents and the 22 forum pages of ../shared/corpus, joined: real
           scraped Chinese with half-width commas between Han (about one every 30 characters),
           full-width parentheses, ①②, and a few full-width symbols;
  clean    clean simplified prose with CJK punctuation (no candidate: the fast path);
  dense    width-heavy text: full-width digits and letters, U+3000, ①⑴Ⅳ in every sentence.
Each corpus is repeated to about 8 MB and cleaned as documents of about 20 KB (the size of a
web page), as a pipeline would call it. Reports the best of ``--repeat`` runs, timed in CPU
seconds of this process (the figure per core; robust to other load on the machine). With --min,
exits 1 if a step is slower than MBPS on the real corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CLEAN_PROSE, best_mbps

from zhclean.cleaners.numbering import NumberingNormalizer
from zhclean.cleaners.width import WidthNormalizer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

DENSE = (
    "　　２０２１年第１２０期Ｗｉｎｄｏｗｓ　ＸＰ系统升级，①加强领导②落实责任，⑴总则⑵范围，"
    "第Ⅳ部分共１，２００台，会议于１２：３０开始,地点:三楼会议室(东侧)。\n"
)


def real_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))]
    forum = CORPUS / "magichtml-forum" / "forum.jsonl"
    if forum.exists():
        for line in forum.read_text(encoding="utf-8").splitlines():
            parts.append("\n".join(x["text"] for x in json.loads(line)["lines"]))
    return "\n".join(parts)


def documents(text: str, target_mb: float = 8.0, doc_chars: int = 7000) -> list[str]:
    size = len(text.encode("utf-8"))
    text = text * max(1, int(target_mb * 1e6 / max(1, size)))
    return [text[i:i + doc_chars] for i in range(0, len(text), doc_chars)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--min", type=float, default=None, help="fail below this MB/s on the real corpus")
    args = ap.parse_args()
    corpora = {"clean": CLEAN_PROSE, "dense": DENSE}
    if (CORPUS / "seeds").is_dir():
        corpora = {"real": real_text(), **corpora}
    width, numbering = WidthNormalizer(), NumberingNormalizer()
    width("warm up"), numbering("warm up")
    steps = {
        "width": width,
        "width(keep)": WidthNormalizer(punctuation="keep"),
        "numbering": numbering,
        "width.explain": width.explain,
        "numbering.explain": numbering.explain,
    }
    results: dict[str, dict[str, float]] = {}
    for cname, text in corpora.items():
        docs = documents(text)
        results[cname] = {s: round(best_mbps(fn, docs, args.repeat), 1) for s, fn in steps.items()}
    print(f"{'corpus':8s} " + " ".join(f"{s:>18s}" for s in steps) + "   (MB/s of UTF-8 input)")
    for cname, row in results.items():
        print(f"{cname:8s} " + " ".join(f"{row[s]:18.1f}" for s in steps))
    if args.min is not None and "real" in results:
        slow = [s for s in ("width", "numbering") if results["real"][s] < args.min]
        if slow:
            print(f"below {args.min} MB/s on the real corpus: {', '.join(slow)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

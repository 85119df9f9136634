"""Speed check for zhclean's ``simplified`` step against OpenCC alone.

    .venv/bin/python benchmarks/bench_script.py [--repeat 5]

Text: the real simplified lines in tests/cases/script_lines.txt, joined into documents of
about 8 KB (the size of a scraped page) and into one large text; the traditional texts are
the same documents through OpenCC s2t, s2tw and s2hk. Reports MB/s of UTF-8 input for
``to_simplified`` (auto) and for the OpenCC converter ``auto`` ended up using, on the same
input, best CPU time of ``--repeat`` interleaved runs (other jobs on the machine
skew wall time). Converters and tables are built before timing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LINES = os.path.join(HERE, "..", "tests", "cases", "script_lines.txt")


def _docs(lines: list[str], size: int = 8000) -> list[str]:
    docs, cur, n = [], [], 0
    for line in lines:
        cur.append(line)
        n += len(line.encode("utf-8")) + 1
        if n >= size:
            docs.append("\n".join(cur))
            cur, n = [], 0
    if cur:
        docs.append("\n".join(cur))
    return docs


def _once(fn, docs: list[str]) -> float:
    t = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t


def _best_pair(ours, theirs, docs: list[str], repeat: int) -> tuple[float, float]:
    """Best CPU time of each, runs interleaved so machine load hits both alike."""
    a = b = float("inf")
    for _ in range(repeat):
        a = min(a, _once(ours, docs))
        b = min(b, _once(theirs, docs))
    return a, b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    import opencc

    from zhclean.cleaners.script import Simplifier, to_simplified

    with open(LINES, encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if not ln.startswith("#")]
    t2s = opencc.OpenCC("t2s")
    simplified = [ln for ln in lines if t2s.convert(ln) == ln]
    sets = {"simplified": simplified}
    for cfg in ("s2t", "s2tw", "s2hk"):
        cv = opencc.OpenCC(cfg)
        sets[cfg] = [cv.convert(ln) for ln in simplified]
    to_simplified("預熱")  # build converters and tables outside the timing
    rows = []
    for name, data in sets.items():
        for shape, docs in (("8KB docs", _docs(data)), ("one text", ["\n".join(data)])):
            mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
            variant = Simplifier().explain(docs[0]).signals.get("variant", "t2s")
            cv = opencc.OpenCC(variant)
            ours, theirs = _best_pair(to_simplified, cv.convert, docs, args.repeat)
            rows.append((name, shape, mb, variant, mb / ours, mb / theirs, ours / theirs))
    print(f"{'text':<11} {'shape':<9} {'MB':>5} {'variant':<7} {'auto MB/s':>10} {'OpenCC MB/s':>12} {'ratio':>6}")
    for name, shape, mb, variant, a, b, r in rows:
        print(f"{name:<11} {shape:<9} {mb:5.2f} {variant:<7} {a:10.1f} {b:12.1f} {r:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

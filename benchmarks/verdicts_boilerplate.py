#!/usr/bin/env python3
"""Record or compare strip_boilerplate verdicts (output text and explain rule ids per line).

    python benchmarks/verdicts_boilerplate.py record /tmp/bp_verdicts.json [--size-mb 3]
    python benchmarks/verdicts_boilerplate.py check  /tmp/bp_verdicts.json [--size-mb 3]

A guard for speed work on the boilerplate engine: every optimisation must leave every
verdict unchanged. Inputs: the seed pages, the forum pages, tests/cases/boilerplate.json
and the benchmark corpus (benchmarks/corpus.py, deterministic).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from corpus import SHARED, build_corpus

from zhclean.cleaners.boilerplate import BoilerplateStripper, strip_boilerplate

ROOT = Path(__file__).resolve().parents[1]


def inputs(size_mb: float) -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "seeds").glob("*_*.txt"))]
    forum = SHARED / "magichtml-forum" / "forum.jsonl"
    for i, rec in enumerate(map(json.loads, forum.read_text(encoding="utf-8").splitlines())):
        out.append((f"forum{i}", "\n".join(x["text"] for x in rec["lines"])))
    cases = json.loads((ROOT / "tests" / "cases" / "boilerplate.json").read_text(encoding="utf-8"))["cases"]
    out += [(f"case:{c['name']}", c["in"]) for c in cases]
    out += [(f"corpus{i}", d) for i, d in enumerate(build_corpus(size_mb, 0).docs)]
    return out


def verdict(text: str) -> dict:
    r = BoilerplateStripper().explain(text)
    out = strip_boilerplate(text)
    return {
        "out": hashlib.sha1(out.encode("utf-8", "surrogatepass")).hexdigest(),
        "same": out == r.text,
        "changes": [[c.line, c.rule] for c in r.changes],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("path")
    ap.add_argument("--size-mb", type=float, default=3)
    args = ap.parse_args(argv)
    got = {name: verdict(text) for name, text in inputs(args.size_mb)}
    if args.mode == "record":
        Path(args.path).write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(got)} documents")
        return 0
    want = json.loads(Path(args.path).read_text(encoding="utf-8"))
    bad = [k for k in want if want[k] != got.get(k)]
    print(f"checked {len(want)} documents: {len(bad)} differ {bad[:10]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

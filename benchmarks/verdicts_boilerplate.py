#!/usr/bin/env python3
"""Record or compare strip_boilerplate verdicts (output text and explain rule ids per line).

    python benchmarks/verdicts_boilerplate.py record /tmp/bp_verdicts.json [--size-mb 3]
    python benchmarks/verdicts_boilerplate.py check  /tmp/bp_verdicts.json [--size-mb 3]

A guard for speed work on the boilerplate engine: every optimisation must leave every
verdict unchanged. Inputs: the seed pages, the forum pages, tests/cases/boilerplate.json
and the benchmark corpus (benchmarks/corpus.py, deterministic); with ``--traditional``
also the seed, forum and case texts converted by OpenCC s2t and s2tw (the matching-key
path: traditional characters mapped before the rules read a line).

Verdicts are computed twice per input, with the cross-call line memo empty and warm, and
must agree (a remembered line must be judged as a fresh one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from corpus import SHARED, build_corpus

from zhclean.cleaners._boilerplate_engine import compile_ruleset
from zhclean.cleaners.boilerplate import BoilerplateStripper, strip_boilerplate

ROOT = Path(__file__).resolve().parents[1]


def inputs(size_mb: float, traditional: bool = False) -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "seeds").glob("*_*.txt"))]
    forum = SHARED / "magichtml-forum" / "forum.jsonl"
    for i, rec in enumerate(map(json.loads, forum.read_text(encoding="utf-8").splitlines())):
        out.append((f"forum{i}", "\n".join(x["text"] for x in rec["lines"])))
    cases = json.loads((ROOT / "tests" / "cases" / "boilerplate.json").read_text(encoding="utf-8"))["cases"]
    out += [(f"case:{c['name']}", c["in"]) for c in cases]
    if traditional:
        import opencc

        for config in ("s2t", "s2tw"):
            convert = opencc.OpenCC(config).convert
            out += [(f"{config}:{name}", convert(text)) for name, text in out if ":" not in name or "case:" in name]
    out += [(f"corpus{i}", d) for i, d in enumerate(build_corpus(size_mb, 0).docs)]
    return out


def verdict(text: str) -> dict:
    r = BoilerplateStripper().explain(text)
    out = strip_boilerplate(text)
    got = {
        "out": hashlib.sha1(out.encode("utf-8", "surrogatepass")).hexdigest(),
        "same": out == r.text,
        "changes": [[c.line, c.rule] for c in r.changes],
    }
    memos = getattr(compile_ruleset(()), "_memos", None)
    if memos is not None:  # the same verdict from an empty memo
        memos.clear()
        cold = BoilerplateStripper().explain(text)
        got["same"] = got["same"] and [[c.line, c.rule] for c in cold.changes] == got["changes"]
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("path")
    ap.add_argument("--size-mb", type=float, default=3)
    ap.add_argument("--traditional", action="store_true", help="add s2t and s2tw conversions of the texts")
    args = ap.parse_args(argv)
    got = {name: verdict(text) for name, text in inputs(args.size_mb, args.traditional)}
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

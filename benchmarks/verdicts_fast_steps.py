#!/usr/bin/env python3
"""Record or compare the outputs of the fast steps (artifacts, simplified, width, numbering).

    python benchmarks/verdicts_fast_steps.py record /tmp/fast_verdicts.pkl [--size-mb 3]
    python benchmarks/verdicts_fast_steps.py check  /tmp/fast_verdicts.pkl

A guard for speed work on those steps: every optimisation must leave every output, every
explain change (rule, offsets, before/after) and every signal unchanged. Inputs: the seed pages
and the forum pages (raw and converted to traditional with OpenCC s2t), the inputs of
tests/cases/*.json, tests/cases/script_lines.txt, and the benchmark corpus (benchmarks/corpus.py,
deterministic), each both raw and as it arrives at each step inside the default pipeline.

The inputs are stored in the record file, so ``check`` does not depend on the other steps of
the pipeline (which may change meanwhile).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

from corpus import SHARED, build_corpus

import zhclean
from zhclean.cleaners import get_cleaner

ROOT = Path(__file__).resolve().parents[1]
STEPS = {
    "artifacts": [{}],
    "simplified": [{}],
    "width": [{}, {"punctuation": "keep"}],
    "numbering": [{}, {"style": "ascii"}],
}


def raw_inputs(size_mb: float) -> list[tuple[str, str]]:
    import opencc

    s2t = opencc.OpenCC("s2t")
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((SHARED / "seeds").glob("*_*.txt"))]
    forum = SHARED / "magichtml-forum" / "forum.jsonl"
    for i, rec in enumerate(map(json.loads, forum.read_text(encoding="utf-8").splitlines())):
        out.append((f"forum{i}", "\n".join(x["text"] for x in rec["lines"])))
    out += [(f"s2t:{name}", s2t.convert(text)) for name, text in list(out)]
    for name in ("artifacts", "boilerplate", "encoding", "width"):
        data = json.loads((ROOT / "tests" / "cases" / f"{name}.json").read_text(encoding="utf-8"))
        cases = data["cases"] if isinstance(data, dict) else data
        out += [(f"case:{name}:{i}", c["in"]) for i, c in enumerate(cases)]
    data = json.loads((ROOT / "tests" / "cases" / "opencc_testcases.json").read_text(encoding="utf-8"))
    out += [(f"case:opencc:{i}", c["input"]) for i, c in enumerate(data["cases"])]
    lines = (ROOT / "tests" / "cases" / "script_lines.txt").read_text(encoding="utf-8").split("\n")
    out += [(f"script_lines:{i}", ln) for i, ln in enumerate(lines) if ln and not ln.startswith("#")]
    out += [(f"corpus{i}", d) for i, d in enumerate(build_corpus(size_mb, 0).docs)]
    return out


def pipeline_inputs(raw: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Each step's input: every raw text, plus the text as the default pipeline hands it over."""
    steps = [c for c in zhclean.Pipeline.from_preset("default").cleaners if c.rewrites]
    got: dict[str, list[tuple[str, str]]] = {name: list(raw) for name in STEPS}
    for name, text in raw:
        for cleaner in steps:
            if cleaner.name in got:
                got[cleaner.name].append((f"pipe:{name}", text))
            text = cleaner(text)
    return got


def digest(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()


def verdicts(inputs: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    got: dict[str, str] = {}
    for step, option_sets in STEPS.items():
        for opts in option_sets:
            cleaner = get_cleaner(step, **opts)
            label = step + "".join(f",{k}={v}" for k, v in opts.items())
            t = time.process_time()
            for name, text in inputs[step]:
                out = cleaner(text)
                r = cleaner.explain(text)
                changes = [(c.rule, c.start, c.end, c.line, c.before, c.after, c.note) for c in r.changes]
                blob = json.dumps([out, r.text == out, changes, r.signals], ensure_ascii=False, sort_keys=True)
                got[f"{label}|{name}"] = digest(blob)
            print(f"  {label}: {len(inputs[step])} inputs, {time.process_time() - t:.1f} s CPU", file=sys.stderr)
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("path")
    ap.add_argument("--size-mb", type=float, default=3)
    args = ap.parse_args(argv)
    if args.mode == "record":
        inputs = pipeline_inputs(raw_inputs(args.size_mb))
        got = verdicts(inputs)
        with open(args.path, "wb") as f:
            pickle.dump({"inputs": inputs, "verdicts": got}, f)
        print(f"recorded {len(got)} verdicts")
        return 0
    with open(args.path, "rb") as f:
        saved = pickle.load(f)
    got = verdicts(saved["inputs"])
    want = saved["verdicts"]
    bad = [k for k in want if want[k] != got.get(k)]
    print(f"checked {len(want)} verdicts: {len(bad)} differ {bad[:10]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

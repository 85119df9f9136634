#!/usr/bin/env python3
"""Record or compare the outputs of the fast steps (artifacts, simplified, width, numbering,
placeholders, mask-placeholders).

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
    "placeholders": [{}],
    "mask-placeholders": [{}],
}
# detectors and the masker see the text as the default pipeline's rewriting steps leave it
AFTER_PIPELINE = ("placeholders", "mask-placeholders")


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
    import re

    for row in (ROOT / "tests" / "cases" / "placeholders_cases.tsv").read_text(encoding="utf-8").split("\n"):
        cols = row.split("\t")
        if len(cols) == 4 and not row.startswith("#") and cols[0] != "id":
            out.append((f"case:placeholders:{cols[0]}", re.sub(r"⟦([^|⟧]*)\|[^⟧]*⟧", r"\1", cols[3])))
    out += [(f"corpus{i}", d) for i, d in enumerate(build_corpus(size_mb, 0).docs)]
    out += [(f"splice{i}", t) for i, t in enumerate(synthetic_splices())]
    return out


def synthetic_splices(n: int = 3000) -> list[str]:
    """Site-name tokens spliced into four-character idioms, some on pages whose boilerplate
    lines carry the token (brand splices), with packaged and user suffixes (``USER_RULES``)."""
    import random

    from zhclean.cleaners._artifacts_data import words

    rng = random.Random(1)
    idioms = sorted(w for w in words() if len(w) == 4)[:3000]
    heads = ["科学", "医学考研", "中华", "卫生健康", "百花", "新闻"]
    suffixes = ["频道", "之窗", "资讯网", "网", "之家", "网网", "窗"]
    texts = []
    for _ in range(n):
        idiom, k = rng.choice(idioms), rng.randint(1, 3)
        token = rng.choice(heads) + rng.choice(suffixes)
        body = idiom[:k] + token + idiom[k:]
        if rng.random() < 0.5:
            body = f"{rng.choice(['本站', '', '首页 > '])}{token}\n正文{body}。\n{token}版权所有"
        if rng.random() < 0.3:
            body = body.replace("\n", "\n\n") + "\n" + idiom[:2] + "\n" + token + idiom
        texts.append(body)
    return texts


# User suffix files for the artifacts step: one whose suffixes overlap the packaged ones
# (资讯网 holds 网: the step scans every hit) and one whose suffixes do not.
USER_RULES = {
    "overlap": "id\tkind\tvalue\tnote\nu.zx\tsuffix\t资讯网\tx\nu.pd\tsuffix\t频道\tx\nu.t\tteaching\t念法\tx\n",
    "free": "id\tkind\tvalue\tnote\nu.pd\tsuffix\t频道\tx\nu.zj\tsuffix\t之窗\tx\n",
}


def pipeline_inputs(raw: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Each step's input: every raw text, plus the text as the default pipeline hands it over."""
    steps = [c for c in zhclean.Pipeline.from_preset("default").cleaners if c.rewrites]
    got: dict[str, list[tuple[str, str]]] = {name: list(raw) for name in STEPS}
    for name, text in raw:
        for cleaner in steps:
            if cleaner.name in got:
                got[cleaner.name].append((f"pipe:{name}", text))
            text = cleaner(text)
        for name_ in AFTER_PIPELINE:
            got[name_].append((f"pipe:{name}", text))
    return got


def digest(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()


def verdicts(inputs: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    import tempfile

    got: dict[str, str] = {}
    tmp = tempfile.mkdtemp(prefix="verdicts_rules_")
    steps = {name: list(opts) for name, opts in STEPS.items()}
    for label, body in USER_RULES.items():
        path = Path(tmp) / f"{label}.tsv"
        path.write_text(body, encoding="utf-8")
        steps["artifacts"].append({"rules": str(path)})
    for step, option_sets in steps.items():
        for opts in option_sets:
            cleaner = get_cleaner(step, **opts)
            label = step + "".join(f",{k}={Path(v).stem if k == 'rules' else v}" for k, v in opts.items())
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

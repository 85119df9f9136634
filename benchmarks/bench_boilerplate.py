#!/usr/bin/env python3
"""Throughput of strip_boilerplate (issue 5 asks for >= 50 MB/s), a small standalone check.

    python benchmarks/bench_boilerplate.py [--repeat N] [--min MBPS]

Corpora (MB are UTF-8 megabytes of input, CPU time of this process):
  seeds   the five seed documents of ../shared/corpus, one call per document: scraped
          template/report pages, mostly long prose lines with menus and footers around them;
  forum   the 22 forum pages of ../shared/corpus/magichtml-forum, one call per page: almost
          every line is short (menus, usernames, counters), the worst case for a line cleaner;
  prose   clean simplified prose (no boilerplate: the common case of a large corpus);
  seed000 the 48-item bulleted menu page alone;
  corpus  the benchmark corpus of benchmarks/corpus.py (--corpus-mb, seed 0), as run.py uses.
Reports the best of ``--repeat`` runs. Short lines' features, and long lines a rule dropped
or kept (footers, ICP lines, notices), are remembered across calls (per rule set), so
repeated passes measure a warm process, as on a long crawl where menus and footers recur
(the corpus repeats 27 source pages, so it is warmer than a real crawl); ``--cold`` empties
that memo before every call (every line seen for the first time).
With --min, exits 1 if the seeds corpus is slower.

On a shared machine the load of other processes moves single figures by several percent;
``--against FILE`` compares this engine with another copy of _boilerplate_engine.py (e.g.
``git show HEAD~1:src/zhclean/cleaners/_boilerplate_engine.py > /tmp/old.py``) in one
process, the two timed in turns (best of ``--repeat``), which shows differences of 2%;
with ``--cold`` both start every document from an empty line memo.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CLEAN_PROSE, build_corpus

from zhclean.cleaners._boilerplate_engine import compile_ruleset
from zhclean.cleaners.boilerplate import strip_boilerplate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

def corpora(corpus_mb: float = 0.0) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"prose": [CLEAN_PROSE * 60] * 20}
    seeds = sorted((CORPUS / "seeds").glob("*_*.txt"))
    if seeds:
        out["seeds"] = [p.read_text(encoding="utf-8") for p in seeds]
    forum = CORPUS / "magichtml-forum" / "forum.jsonl"
    if forum.is_file():
        out["forum"] = [
            "\n".join(x["text"] for x in rec["lines"])
            for rec in map(json.loads, forum.read_text(encoding="utf-8").splitlines())
        ]
    if seeds:
        out["seed000"] = [seeds[0].read_text(encoding="utf-8")]
    if corpus_mb > 0:
        out["corpus"] = build_corpus(corpus_mb, 0).docs
    return out


def measure(docs: list[str], repeat: int, cold: bool = False) -> float:
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    for d in docs:  # warm up: rule tables are compiled once per process
        strip_boilerplate(d)
    memos = compile_ruleset(())._memos  # the rule set strip_boilerplate uses
    best = float("inf")
    for _ in range(repeat):
        spent = 0.0
        for d in docs:
            if cold:
                memos.clear()
            t = time.process_time()
            strip_boilerplate(d)
            spent += time.process_time() - t
        best = min(best, spent)
    return nbytes / 1e6 / max(best, 1e-9)


def against(path: str, docs: list[str], repeat: int, cold: bool = False) -> dict[str, float]:
    """MB/s of ``decide`` (no explain) of this engine and of the engine in ``path``, timed in
    turns; ``cold`` empties each engine's line memo before every document."""
    import importlib.util

    from zhclean.cleaners import _boilerplate_engine as this

    spec = importlib.util.spec_from_file_location("zhclean.cleaners._boilerplate_engine_other", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    other = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = other
    spec.loader.exec_module(other)
    engines = {"this": this, "other": other}
    rulesets = {k: m.compile_ruleset(()) for k, m in engines.items()}
    for k, m in engines.items():
        for d in docs:  # warm up
            m.decide(d, rulesets[k], False)
    best = {k: float("inf") for k in engines}
    for _ in range(repeat):
        for k, m in engines.items():
            rs, decide = rulesets[k], m.decide
            spent = 0.0
            for d in docs:
                if cold:
                    rs._memos.clear()
                t = time.process_time()
                decide(d, rs, False)
                spent += time.process_time() - t
            best[k] = min(best[k], spent)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    return {k: nbytes / 1e6 / max(v, 1e-9) for k, v in best.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--min", type=float, default=None, help="fail if seeds are slower (MB/s)")
    ap.add_argument("--cold", action="store_true", help="empty the cross-call line memo before every call")
    ap.add_argument("--corpus-mb", type=float, default=5.0, help="size of the benchmark corpus (0: skip it)")
    ap.add_argument("--against", metavar="FILE", help="compare with this copy of _boilerplate_engine.py (each corpus)")
    args = ap.parse_args(argv)
    if args.against:
        for corpus, docs in corpora(args.corpus_mb or 3.0).items():
            got = against(args.against, docs, args.repeat, args.cold)
            print(f"{corpus:8}" + "".join(f"  {name} {mbps:6.1f} MB/s" for name, mbps in got.items()))
        return 0
    results = {name: measure(docs, args.repeat, args.cold) for name, docs in corpora(args.corpus_mb).items()}
    for name, mbps in results.items():
        print(f"{name:6} {mbps:8.1f} MB/s")
    if args.min is not None and results.get("seeds", 0.0) < args.min:
        print(f"seeds slower than {args.min} MB/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

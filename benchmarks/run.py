"""Throughput of zhclean against its peers, on a realistic generated corpus (MB/s, medians).

    .venv/bin/python benchmarks/run.py                 # 20 MB corpus, table on stdout
    .venv/bin/python benchmarks/run.py --size-mb 5 --json /tmp/bench.json

What is timed, each over the whole corpus (one call per document), in ONE process:
- ``zhclean.clean`` (the default preset's fast path) and ``zhclean.explain`` (every step's
  explain, what ``--explain``/``--signals`` pay);
- every registered step alone (``zhclean.REGISTRY``), on the raw corpus; detectors are
  timed through ``explain``, since their ``__call__`` returns the text untouched;
- ``ftfy.fix_text`` with its defaults, and OpenCC ``t2s`` alone.

Runs alternate (round 1 in order, round 2 reversed, ...) so drift (thermal, other users of
the machine) spreads over all contenders; each figure is the median of the rounds. Every
callable runs once on a few documents first, untimed, so lazily built converters and
tables are not billed to the first round. MB means 10**6 bytes of UTF-8 input.

A pass over the corpus stops early once it has taken --max-pass-s seconds (default 8): a
slow contender is then measured on a prefix of the corpus (the documents are in seeded
random order, so a prefix has the same mix), and the run stays under 5 minutes whatever the
speed of the code under test. The table shows the MB each pass covered.

Wall-clock MB/s are the headline figures; MB/s per CPU second of this process is shown beside
them, since on a shared machine other processes stretch wall time but not CPU time (every
contender is single-threaded). The verdict uses wall time.

The corpus is built by benchmarks/corpus.py (seeds + forum pages, traditional, mojibake,
boilerplate); the same --size-mb and --seed give the same corpus. Rounds are capped so the
whole run stays within --budget-s (default 240 s).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus

ROOT = Path(__file__).resolve().parents[1]


def machine() -> dict[str, Any]:
    """Where the numbers came from."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("zhclean", "ftfy", "opencc"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "src"], check=False)
        if commit and dirty.returncode == 1:
            commit += "+uncommitted src changes"
    except OSError:
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
    }


def contenders(include_explain: bool = True) -> list[tuple[str, Callable[[str], object]]]:
    import ftfy
    import opencc

    import zhclean
    from zhclean.cleaners._encoding_repair import clear_memo

    def clean_cold(text: str) -> str:
        # the corpus repeats its 27 source pages, so the mojibake step's per-line memo would
        # hit on content lines, which real crawls do not repeat: this figure forgets it
        clear_memo()
        return zhclean.clean(text)

    out: list[tuple[str, Callable[[str], object]]] = [
        ("zhclean.clean", zhclean.clean),
        ("zhclean.clean (cold memo)", clean_cold),
    ]
    if include_explain:
        out.append(("zhclean.explain", zhclean.explain))
    for name in zhclean.REGISTRY:
        cleaner = zhclean.get_cleaner(name)
        if cleaner.rewrites:
            out.append((f"step {name}", cleaner))
            if name == "mojibake":
                out.append(("step mojibake (cold memo)", lambda text, c=cleaner: (clear_memo(), c(text))[1]))
        else:
            out.append((f"step {name} (explain)", cleaner.explain))
    out.append(("ftfy.fix_text", ftfy.fix_text))
    t2s = opencc.OpenCC("t2s")
    out.append(("opencc t2s", t2s.convert))
    return out


def time_pass(
    fn: Callable[[str], object], docs: list[str], sizes: list[int], cap_s: float
) -> tuple[int, float, float]:
    """One pass over ``docs`` in order, stopped once ``cap_s`` s are spent: (bytes done, wall s, CPU s)."""
    gc.collect()
    done = 0
    clock = time.perf_counter
    cpu0 = time.process_time()
    start = clock()
    for doc, size in zip(docs, sizes):
        fn(doc)
        done += size
        if clock() - start > cap_s:
            break
    return done, clock() - start, time.process_time() - cpu0


def run(
    size_mb: float, seed: int, rounds: int, budget_s: float, cap_s: float, include_explain: bool = True
) -> dict[str, Any]:
    t0 = time.perf_counter()
    corpus = build_corpus(size_mb, seed)
    docs = corpus.docs
    sizes = [len(d.encode("utf-8")) for d in docs]
    mb = sum(sizes) / 1e6
    build_s = time.perf_counter() - t0
    fns = contenders(include_explain)
    for _, fn in fns:  # warm-up: lazy converters, compiled tables, import-time costs
        for doc in docs[:20]:
            fn(doc)
    passes: dict[str, list[tuple[int, float, float]]] = {label: [] for label, _ in fns}
    start = time.perf_counter()
    done = 0
    for r in range(rounds):
        order = fns if r % 2 == 0 else list(reversed(fns))
        for label, fn in order:
            passes[label].append(time_pass(fn, docs, sizes, cap_s))
        done += 1
        spent = time.perf_counter() - start
        if done < rounds and spent / done * (done + 1) > budget_s:
            break
    results = []
    for label, _ in fns:
        rates = [done / 1e6 / secs for done, secs, _ in passes[label]]
        cpu_rates = [done / 1e6 / cpu for done, _, cpu in passes[label] if cpu > 0]
        results.append(
            {
                "name": label,
                "mb_per_s": statistics.median(rates),
                "min_mb_per_s": min(rates),
                "max_mb_per_s": max(rates),
                "cpu_mb_per_s": statistics.median(cpu_rates) if cpu_rates else None,
                "mb_per_pass": statistics.median(done / 1e6 for done, _, _ in passes[label]),
                "s_per_pass": statistics.median(secs for _, secs, _ in passes[label]),
                "runs": len(rates),
            }
        )
    by = {r["name"]: r["mb_per_s"] for r in results}
    cpu = {r["name"]: r["cpu_mb_per_s"] for r in results}
    ratios, cpu_ratios = {}, {}
    for key, name in (("clean", "zhclean.clean"), ("clean_cold", "zhclean.clean (cold memo)")):
        for rates, out in ((by, ratios), (cpu, cpu_ratios)):
            out[f"{key}_vs_ftfy"] = rates[name] / rates["ftfy.fix_text"]
            out[f"{key}_vs_opencc_t2s"] = rates[name] / rates["opencc t2s"]
    return {
        "machine": machine(),
        "corpus": {
            "size_mb": mb,
            "docs": len(docs),
            "seed": seed,
            "counts": corpus.counts,
            "description": corpus.describe(),
            "build_s": build_s,
        },
        "rounds": done,
        "pass_cap_s": cap_s,
        "results": results,
        "ratios": ratios,
        "cpu_ratios": cpu_ratios,
        "targets": {
            "clean_vs_ftfy": 10.0,
            "clean_vs_opencc_t2s": 0.5,
            "clean_cold_vs_ftfy": 10.0,
            "clean_cold_vs_opencc_t2s": 0.5,
        },
        "elapsed_s": time.perf_counter() - t0,
    }


def table(report: dict[str, Any]) -> str:
    m = report["machine"]
    c = report["corpus"]
    ftfy_rate = next(r["mb_per_s"] for r in report["results"] if r["name"] == "ftfy.fix_text")
    t2s_rate = next(r["mb_per_s"] for r in report["results"] if r["name"] == "opencc t2s")
    lines = [
        f"machine: {m['cpu']}, nproc={m['nproc']}, Python {m['python']} ({m['implementation']}), "
        f"zhclean {m['versions']['zhclean']} @ {m['commit'] or '?'}, ftfy {m['versions']['ftfy']}, "
        f"opencc {m['versions']['opencc']}",
        f"corpus: {c['description']} (seed {c['seed']})",
        f"rounds: {report['rounds']} alternating, figures are medians; a pass stops after "
        f"{report['pass_cap_s']:g} s (MB/pass < corpus MB: a capped pass)",
        "",
        f"{'contender':30} {'MB/s':>9} {'min':>8} {'max':>8} {'CPU MB/s':>9} {'MB/pass':>8} {'s/pass':>7} "
        f"{'x ftfy':>8} {'x t2s':>7}",
        "-" * 104,
    ]
    for r in report["results"]:
        lines.append(
            f"{r['name']:30} {r['mb_per_s']:9.2f} {r['min_mb_per_s']:8.2f} {r['max_mb_per_s']:8.2f} "
            f"{r['cpu_mb_per_s'] or 0:9.2f} {r['mb_per_pass']:8.1f} {r['s_per_pass']:7.2f} "
            f"{r['mb_per_s'] / ftfy_rate:8.2f} {r['mb_per_s'] / t2s_rate:7.2f}"
        )
    lines.append("")
    for key, value in report["ratios"].items():
        target = report["targets"][key]
        verdict = "ok" if value >= target else "BELOW TARGET"
        cpu_value = report["cpu_ratios"][key]
        lines.append(f"{key}: {value:.2f}x wall, {cpu_value:.2f}x CPU time (target >= {target}x) {verdict}")
    lines.append(f"elapsed: {report['elapsed_s']:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=20, help="corpus size in MB of UTF-8 (default 20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds, at most (default 5)")
    ap.add_argument("--budget-s", type=float, default=240, help="stop adding rounds past this (default 240)")
    ap.add_argument("--max-pass-s", type=float, default=8, help="stop a pass after this many s (default 8)")
    ap.add_argument("--no-explain", action="store_true", help="do not time zhclean.explain")
    ap.add_argument("--json", type=Path, help="also write the full report as JSON here")
    args = ap.parse_args(argv)
    report = run(
        args.size_mb, args.seed, args.rounds, args.budget_s, args.max_pass_s, include_explain=not args.no_explain
    )
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

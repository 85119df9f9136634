"""How the CLI scales: ``-j 1`` vs ``-j 2`` wall time, and peak memory of a streaming run vs input size.

    .venv/bin/python benchmarks/cli_scaling.py                     # 40 MB speed file, RSS at 40/160 MB
    .venv/bin/python benchmarks/cli_scaling.py --rss-sizes 40,200,1000 --json /tmp/scaling.json

1. Speed: ``python -m zhclean --jsonl -q -j N FILE > /dev/null`` on a generated JSONL file
   (benchmarks/corpus.py; or ``--input``), N = 1 and 2 alternating, ``--rounds`` times each;
   medians. The issue's target on a 2-core machine: ``-j 2`` at least 1.7x faster than ``-j 1``.
   The CLI runs with its bytecode cached, as an installed package has it (a run that compiles
   every module from source first spends ~0.1 s more on start-up): when the environment sets
   PYTHONDONTWRITEBYTECODE, the runs write and read bytecode under the work directory
   (PYTHONPYCACHEPREFIX) instead; ``--no-bytecode-cache`` keeps the environment as it is.
2. Memory: the same command with ``-j 2`` (``--rss-jobs``) on files of growing size, made by
   concatenating copies of the generated file (cheap, and every record is still realistic).
   Every 20 ms the process tree (the CLI and its workers) is sampled from /proc: the peak of
   the largest single process's RSS, the peak of the summed RSS (counts shared pages once per
   process, so it overstates), and the peak of the summed PSS (shared pages split between
   the processes sharing them: the tree's real footprint). Streaming holds if these stay flat
   as the input grows; the target is a 1 GB JSONL file in < 200 MB.

Linux only (reads /proc). No dependencies beyond zhclean's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_jsonl
from run import machine


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return out


class TreeSampler(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.stop = threading.Event()
        self.max_rss_kb = 0
        self.sum_rss_kb = 0
        self.sum_pss_kb = 0
        self.max_procs = 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            rss = [_status_kb(p, "VmRSS") for p in pids]
            self.max_procs = max(self.max_procs, len(pids))
            self.max_rss_kb = max(self.max_rss_kb, max(rss, default=0))
            self.sum_rss_kb = max(self.sum_rss_kb, sum(rss))
            self.sum_pss_kb = max(self.sum_pss_kb, sum(_pss_kb(p) for p in pids))
            self.stop.wait(self.interval)


#: the environment of the CLI runs (see main: bytecode cached unless --no-bytecode-cache)
CLI_ENV: dict[str, str] | None = None


def run_cli(path: Path, jobs: int, extra: list[str], sample: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "zhclean", "--jsonl", "-q", "-j", str(jobs), *extra, str(path)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CLI_ENV)
    sampler = TreeSampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if sampler:
        sampler.stop.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out: dict[str, Any] = {"jobs": jobs, "wall_s": wall, "cpu_s": cpu, "load1_before": load}
    out["mb"] = path.stat().st_size / 1e6
    out["mb_per_s"] = out["mb"] / wall
    if sampler:
        out.update(
            peak_single_rss_mb=sampler.max_rss_kb / 1024,
            peak_sum_rss_mb=sampler.sum_rss_kb / 1024,
            peak_sum_pss_mb=sampler.sum_pss_kb / 1024,
            max_processes=sampler.max_procs,
        )
    return out


def grow(base: Path, target_mb: float, dest: Path) -> Path:
    """Concatenate copies of ``base`` until ``dest`` is at least ``target_mb`` MB."""
    size = base.stat().st_size
    copies = max(1, int(-(-target_mb * 1e6 // size)))
    with dest.open("wb") as out:
        for _ in range(copies):
            with base.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=40, help="speed-test JSONL size (default 40)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each -j (default 3)")
    ap.add_argument("--rss-sizes", default="40,160", help="comma-separated MB sizes for the memory runs")
    ap.add_argument("--rss-jobs", type=int, default=2, help="-j for the memory runs (default 2)")
    ap.add_argument("--cli-args", default="", help="extra CLI arguments, e.g. '--signals'")
    ap.add_argument("--skip-speed", action="store_true", help="only the memory runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--input", type=Path, help="time this JSONL file instead of a generated one")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="run the CLI in this environment as it is (PYTHONDONTWRITEBYTECODE included)")
    ap.add_argument("--workdir", type=Path, help="where to write the generated files (default: a temp dir)")
    ap.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = ap.parse_args(argv)
    extra = args.cli_args.split()
    rss_sizes = [float(s) for s in args.rss_sizes.split(",") if s.strip()]

    work = args.workdir or Path(tempfile.mkdtemp(prefix="zhclean-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": machine(), "cli_args": extra}
    global CLI_ENV
    if not args.no_bytecode_cache and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        CLI_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        CLI_ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    report["bytecode_cache"] = "environment" if CLI_ENV is None else "PYTHONPYCACHEPREFIX under the work directory"
    try:
        if args.input is not None:
            base = args.input
        else:
            base = work / "base.jsonl"
            write_jsonl(base, args.size_mb, args.seed)
        mb = base.stat().st_size / 1e6
        print(f"speed file: {base} ({mb:.1f} MB); machine: {report['machine']['cpu']}, nproc={os.cpu_count()}")
        print(f"bytecode: {report['bytecode_cache']}")
        if not args.skip_speed:
            run_cli(base, 1, extra)  # warm the page cache and the interpreter's bytecode cache
            times: dict[int, list[float]] = {1: [], 2: []}
            cpus: dict[int, list[float]] = {1: [], 2: []}
            loads: list[float] = []
            for r in range(args.rounds):
                for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                    res = run_cli(base, jobs, extra)
                    times[jobs].append(res["wall_s"])
                    cpus[jobs].append(res["cpu_s"])
                    loads.append(res["load1_before"])
            med = {j: statistics.median(ts) for j, ts in times.items()}
            med_cpu = {j: statistics.median(ts) for j, ts in cpus.items()}
            speedup = med[1] / med[2]
            report["speed"] = {
                "file_mb": mb,
                "rounds": args.rounds,
                "median_s": {f"j{j}": t for j, t in med.items()},
                "mb_per_s": {f"j{j}": mb / t for j, t in med.items()},
                "all_s": {f"j{j}": ts for j, ts in times.items()},
                "median_cpu_s": {f"j{j}": t for j, t in med_cpu.items()},
                "load1_before_runs": loads,
                "speedup_j2_vs_j1": speedup,
                "target": 1.7,
            }
            print(f"\n{'-j':>3} {'median s':>9} {'MB/s':>8} {'CPU s':>8}   (rounds: {args.rounds})")
            for j in (1, 2):
                print(f"{j:>3} {med[j]:9.2f} {mb / med[j]:8.2f} {med_cpu[j]:8.2f}")
            shown = ", ".join(f"{x:.1f}" for x in loads)
            print(f"1-min load average before the runs: {shown} (a busy machine caps -j 2)")
            verdict = "ok" if speedup >= 1.7 else "BELOW TARGET"
            print(f"speedup -j 2 vs -j 1: {speedup:.2f}x (target >= 1.7x) {verdict}")

        print(f"\nmemory, -j {args.rss_jobs}, sampled every 20 ms over the CLI and its workers:")
        head = ("input MB", "wall s", "MB/s", "max 1 proc RSS", "sum RSS", "sum PSS", "procs")
        print("{:>9} {:>8} {:>7} {:>15} {:>9} {:>9} {:>6}".format(*head))
        rows = []
        for size in rss_sizes:
            path = base if abs(size - mb) < 0.5 else grow(base, size, work / f"grown-{int(size)}.jsonl")
            row = run_cli(path, args.rss_jobs, extra, sample=True)
            rows.append(row)
            print(
                f"{row['mb']:9.0f} {row['wall_s']:8.1f} {row['mb_per_s']:7.2f} {row['peak_single_rss_mb']:13.0f}MB "
                f"{row['peak_sum_rss_mb']:7.0f}MB {row['peak_sum_pss_mb']:7.0f}MB {row['max_processes']:6d}"
            )
            if path != base:
                path.unlink()
        report["memory"] = {"jobs": args.rss_jobs, "runs": rows, "target_mb": 200}
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

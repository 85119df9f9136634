#!/usr/bin/env python3
"""Speed of the ``mojibake`` step on the benchmark corpus (CPU time), and an output snapshot
to compare two versions of the repair on many inputs.

    .venv/bin/python benchmarks/encoding_regress.py speed [--size-mb 3]
    .venv/bin/python benchmarks/encoding_regress.py snapshot -o /tmp/before.json [--size-mb 3]
    .venv/bin/python benchmarks/encoding_regress.py diff /tmp/before.json /tmp/after.json
    .venv/bin/python benchmarks/encoding_regress.py startup [--repeat 5]

``speed`` prints the step's MB per CPU second over the corpus of ``benchmarks/corpus.py``
(``iter_documents``), split by document kind (plain, traditional, with mojibake lines).
The corpus repeats its 27 source pages, so the per-line memo of the repair sees most lines
again; ``--cold`` clears it before each document (only repeats inside a page count).
``snapshot`` records repair_mojibake's output on the corpus documents, every seed and forum
line, and every corruption chain of ``bench_encoding.py`` over the Chinese lines; ``diff``
lists the inputs whose output changed. ``startup`` runs a fresh interpreter that imports
zhclean and repairs one line touching every family (what the CLI's warm-up pays before it
forks workers) and prints its CPU time (user + system, best of ``--repeat``), and that of
``import zhclean`` alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import iter_documents


def _kind(kinds: str) -> str:
    if "mojibake" in kinds:
        return "mojibake"
    if "s2t" in kinds:
        return "traditional"
    return "plain"


def speed(size_mb: float, repeat: int, cold: bool = False) -> None:
    from zhclean import repair_mojibake

    try:
        from zhclean.cleaners._encoding_repair import clear_memo
    except ImportError:  # an older version without the per-line memo
        def clear_memo() -> None:
            pass

    docs = [(_kind(k), t) for k, t in iter_documents(size_mb)]
    for _, t in docs[:10]:
        repair_mojibake(t)
    # each document's best CPU time over the passes (robust against other work on the machine)
    best = [float("inf")] * len(docs)
    for _ in range(repeat):
        clear_memo()
        for i, (_, text) in enumerate(docs):
            if cold:
                clear_memo()  # no line seen in an earlier document
            t0 = time.process_time()
            repair_mojibake(text)
            best[i] = min(best[i], time.process_time() - t0)
    per: dict[str, list[float]] = {}
    for (kind, text), dt in zip(docs, best):
        a = per.setdefault(kind, [0.0, 0.0])
        a[0] += dt
        a[1] += len(text.encode("utf-8"))
    total_t = sum(best)
    nbytes = sum(v[1] for v in per.values())
    print(f"{'cold (per-line memo cleared per document)' if cold else 'warm'}")
    print(f"mojibake step: {nbytes / 1e6:.2f} MB, {total_t:.3f} CPU s, {nbytes / 1e6 / total_t:.1f} MB/s")
    for kind, (dt, nb) in sorted(per.items()):
        print(f"  {kind:12} {nb / 1e6:6.2f} MB {dt:7.3f} s {nb / 1e6 / max(dt, 1e-9):8.1f} MB/s")


def _inputs(size_mb: float) -> list[str]:
    import bench_encoding as be

    out = [t for _, t in iter_documents(size_mb)]
    lines = be.lines()
    out.extend(lines)
    zh = [x for x in lines if be.han(x) >= 6]
    for chains in (be.LOSSLESS, be.LOSSY):
        for chain in chains.values():
            for s in zh:
                try:
                    out.append(chain(s))
                except UnicodeError:
                    pass
    return out


def snapshot(path: Path, size_mb: float) -> None:
    from zhclean import repair_mojibake

    rec = {}
    for x in _inputs(size_mb):
        key = hashlib.sha1(x.encode("utf-8", "surrogatepass")).hexdigest()
        rec[key] = [x[:300], repair_mojibake(x)]
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rec)} inputs -> {path}")


def diff(a: Path, b: Path) -> None:
    ra = json.loads(a.read_text(encoding="utf-8"))
    rb = json.loads(b.read_text(encoding="utf-8"))
    n = 0
    for k, (inp, out) in ra.items():
        if k in rb and rb[k][1] != out:
            n += 1
            print(f"IN : {inp[:160]!r}\nOLD: {out[:160]!r}\nNEW: {rb[k][1][:160]!r}\n")
    print(f"{n} of {len(ra)} outputs differ")


STARTUP_SAMPLE = "鍙戠敓閿欒 ÖÐÎÄ æ–‡ 當?shù)氐牡捅"


def _child_cpu(code: str) -> float:
    """CPU seconds (user + system) of a fresh interpreter running ``code``."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(repeat: int) -> None:
    bare = min(_child_cpu("import zhclean") for _ in range(repeat))
    warm = min(
        _child_cpu(f"from zhclean import repair_mojibake; repair_mojibake({STARTUP_SAMPLE!r})") for _ in range(repeat)
    )
    print(f"import zhclean: {bare:.3f} CPU s; import + mojibake tables: {warm:.3f} CPU s (best of {repeat})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--size-mb", type=float, default=3)
    sp.add_argument("--repeat", type=int, default=3)
    sp.add_argument("--cold", action="store_true", help="clear the per-line memo before each document")
    ss = sub.add_parser("snapshot")
    ss.add_argument("-o", type=Path, required=True)
    ss.add_argument("--size-mb", type=float, default=3)
    sd = sub.add_parser("diff")
    sd.add_argument("a", type=Path)
    sd.add_argument("b", type=Path)
    su = sub.add_parser("startup")
    su.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.cmd == "speed":
        speed(args.size_mb, args.repeat, args.cold)
    elif args.cmd == "snapshot":
        snapshot(args.o, args.size_mb)
    elif args.cmd == "startup":
        startup(args.repeat)
    else:
        diff(args.a, args.b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Encoding figures for issue 3: repair accuracy on corrupted real lines, and speeds.

Corpus: every line of the seed documents and every line of the magichtml-forum dev set
(../shared/corpus), deduplicated. Lines with at least 6 Han characters are corrupted through
each chain; all lines serve as the clean set (repair must leave them untouched, except the
seed lines that hold real mojibake, which are listed).

    .venv/bin/python benchmarks/bench_encoding.py [--quick]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import time
from pathlib import Path

from zhclean import decode_bytes, repair_mojibake

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def cp1252_browser(data: bytes) -> str:
    out = (data[i : i + 1].decode("cp1252", "replace").replace("\ufffd", chr(data[i])) for i in range(len(data)))
    return "".join(out)


LOSSLESS = {
    "utf8-as-gbk": lambda s: s.encode("utf-8").decode("gb18030"),
    "utf8-as-big5": lambda s: s.encode("utf-8").decode("big5hkscs"),
    "gbk-as-latin1": lambda s: s.encode("gbk").decode("latin-1"),
    "gbk-as-cp1252": lambda s: cp1252_browser(s.encode("gbk")),
    "gbk-as-cp1250": lambda s: s.encode("gbk").decode("cp1250"),
    "gbk-as-macroman": lambda s: s.encode("gbk").decode("mac_roman"),
    "gbk-as-iso8859-5": lambda s: s.encode("gbk").decode("iso8859_5"),
    "gbk-as-big5": lambda s: s.encode("gbk").decode("big5hkscs"),
    "big5-as-gbk": lambda s: s.encode("big5hkscs").decode("gb18030"),
    "utf8-as-latin1": lambda s: s.encode("utf-8").decode("latin-1"),
    "utf8-as-cp1252": lambda s: cp1252_browser(s.encode("utf-8")),
    "double-utf8-latin1": lambda s: s.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1"),
}
LOSSY = {
    # Python's gbk codec with errors="replace": one U+FFFD per undecodable byte
    "utf8-as-gbk-replace": lambda s: s.encode("utf-8").decode("gbk", "replace"),
    # the same, shown as '?' (decoders and databases that print '?' for what they cannot read)
    "utf8-as-gbk-question": lambda s: s.encode("utf-8").decode("gbk", "replace").replace("\ufffd", "?"),
    # bytes silently dropped (errors="ignore"): the rest of the run shifts
    # the last bytes before ASCII silently dropped (errors="ignore")
    "utf8-as-gbk-ignore": lambda s: s.encode("utf-8").decode("gbk", "ignore"),
}


# chains measured on mixed lines (clean text and a garble in one line)
MIXED = ("gbk-as-big5", "big5-as-gbk", "utf8-as-cp1252")


def lines() -> list[str]:
    out: list[str] = []
    for f in sorted((CORPUS / "seeds").glob("*_*.txt")):
        out.extend(f.read_text(encoding="utf-8").split("\n"))
    for rec in map(json.loads, (CORPUS / "magichtml-forum" / "forum.jsonl").read_text(encoding="utf-8").splitlines()):
        out.extend(x["text"] for x in rec["lines"])
        out.extend(rec["gold"].split("\n"))
    seen = set()
    uniq = []
    for line in out:
        line = line.strip("\r")
        if line.strip() and line not in seen:
            seen.add(line)
            uniq.append(line)
    return uniq


def documents() -> list[str]:
    """Whole documents (seed pages and forum gold texts): real corruption hits whole files."""
    docs = [f.read_text(encoding="utf-8") for f in sorted((CORPUS / "seeds").glob("*_*.txt"))]
    for rec in map(json.loads, (CORPUS / "magichtml-forum" / "forum.jsonl").read_text(encoding="utf-8").splitlines()):
        docs.append(rec["gold"])
    return docs


def han(s: str) -> int:
    return sum("\u4e00" <= c <= "\u9fff" for c in s)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="at most 300 lines per chain")
    args = ap.parse_args()
    all_lines = lines()
    # lines that hold real mojibake (seed 002) are not clean originals: the clean set lists them
    zh = [x for x in all_lines if han(x) >= 6 and repair_mojibake(x) == x]
    if args.quick:
        zh = zh[:300]
    report: dict[str, object] = {"lines": len(all_lines), "chinese_lines": len(zh)}

    changed = [x for x in all_lines if repair_mojibake(x) != x]
    report["clean_untouched"] = f"{len(all_lines) - len(changed)}/{len(all_lines)}"
    report["clean_changed_lines"] = [x[:80] for x in changed]

    for name, chain in LOSSLESS.items():
        ok = total = 0
        for s in zh:
            try:
                bad = chain(s)
            except UnicodeError:
                continue
            if bad == s:
                continue
            total += 1
            ok += repair_mojibake(bad) == s
        report[f"lossless {name}"] = f"{ok}/{total} = {100 * ok / max(1, total):.1f}%"
    # the same chains over whole documents: the document's profile decides its short runs
    docs = [d for d in documents() if repair_mojibake(d) == d]
    for name, chain in LOSSLESS.items():
        ok = total = 0
        for d in docs:
            try:
                bad = chain(d)
            except UnicodeError:
                continue
            out = repair_mojibake(bad).split("\n")
            want = d.split("\n")
            if len(out) != len(want):
                total += len(want)
                continue
            for a, b in zip(want, out):
                if han(a) >= 1:
                    total += 1
                    ok += a == b
        report[f"lossless {name} (whole documents, lines)"] = f"{ok}/{total} = {100 * ok / max(1, total):.1f}%"
    for name, chain in LOSSY.items():
        got = want = exact = total = 0
        for s in zh:
            bad = chain(s)
            if bad == s or (bad.encode("gb18030", "replace") == s.encode("utf-8")):
                continue
            total += 1
            out = repair_mojibake(bad)
            exact += out == s
            sm = difflib.SequenceMatcher(None, s, out, autojunk=False)
            got += sum(b.size for b in sm.get_matching_blocks())
            want += len(s)
        report[f"lossy {name}"] = f"chars {100 * got / max(1, want):.1f}%, lines exact {exact}/{total}"

    # mixed lines: a clean line and a garbled one joined by a space (a template filled with
    # misread data): the clean part must survive, the garble should be repaired
    rng = random.Random(1)
    short = [x for x in zh if len(x) < 60]
    for name in MIXED:
        chain = LOSSLESS[name]
        kept = fixed = total = 0
        for _ in range(300):
            clean, other = rng.choice(short), rng.choice(short)
            try:
                bad = chain(other)
            except UnicodeError:
                continue
            if bad == other:
                continue
            for line in (clean + " " + bad, bad + " " + clean):
                out = repair_mojibake(line)
                total += 1
                kept += clean in out
                fixed += other in out
        report[f"mixed lines {name}"] = f"clean part kept {kept}/{total}, garble repaired {fixed}/{total}"

    # speeds
    from zhclean.cleaners._encoding_model import model

    text = "\n".join(x for x in all_lines if repair_mojibake(x) == x)
    prose = "\n".join(x for x in zh if model().suspect_re.search(x) is None)
    report["clean prose lines (no suspicious character)"] = f"{prose.count(chr(10)) + 1}/{len(zh)}"
    from zhclean.cleaners._encoding_repair import clear_memo

    # CPU time, best of three; the per-line memo is cleared before each pass (cold: a text
    # made of copies of one sample would otherwise be read once and found in the memo after)
    for label, sample in (("clean Chinese prose", prose), ("whole real corpus (forum pages, mixed)", text)):
        big = (sample + "\n") * max(1, 4_000_000 // len(sample.encode("utf-8")))
        if label.startswith("whole"):
            big = sample  # one copy: every line is read
        nbytes = len(big.encode("utf-8"))
        repair_mojibake(big[:1000])
        dt = float("inf")
        for _ in range(3):
            clear_memo()
            t = time.process_time()
            repair_mojibake(big)
            dt = min(dt, time.process_time() - t)
        report[f"repair_mojibake MB/s on {label}"] = round(nbytes / dt / 1e6, 1)
    data = big.encode("utf-8")
    t = time.perf_counter()
    decode_bytes(data)
    report["decode_bytes utf-8 MB/s"] = round(len(data) / (time.perf_counter() - t) / 1e6, 1)
    gbk = "\n".join(x for x in text.split("\n") if _gbk_ok(x)).encode("gbk")[:300_000]
    t = time.perf_counter()
    d = decode_bytes(gbk)
    t_ours = time.perf_counter() - t
    import chardet

    t = time.perf_counter()
    guess = chardet.detect(gbk)
    t_chardet = time.perf_counter() - t
    report["decode_bytes gbk"] = f"{d.encoding}/{d.method}, {len(gbk) / t_ours / 1e6:.1f} MB/s"
    report["chardet.detect gbk"] = f"{guess.get('encoding')}, {len(gbk) / t_chardet / 1e6:.2f} MB/s"
    report["gbk speed ratio vs chardet"] = round(t_chardet / t_ours, 1)
    for k, v in report.items():
        print(f"{k}: {v}")
    return 0


def _gbk_ok(s: str) -> bool:
    try:
        s.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


if __name__ == "__main__":
    sys.exit(main())

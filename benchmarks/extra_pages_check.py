#!/usr/bin/env python3
"""More held-out real Chinese pages with a gold main text: how much ``strip_boilerplate`` keeps and removes.

Source: the test fixtures of newspaper4k 0.9.6 (MIT licence), fetched from PyPI into a cache
directory at run time (nothing of it is committed here). Its sdist carries three Chinese news
pages, each with the article text newspaper4k is expected to extract (``tests/data/txt``):

- ``chinese_article``: BBC 中文网 (a 2012 Hong Kong politics story, simplified script);
- ``chinese_article_001``: 中国日报网 (chinadaily.com.cn, 2023);
- ``chinese_article_002``: 新华网 (a 2023 Xinhua wire story).

A search of other content-extraction packages on PyPI and npm (unfluff, defuddle, @postlight/parser,
@extractus/article-extractor, readability ports, boilerpy3, justext, inscriptis, html-text,
readabilipy, webmainbench, mineru-webkit, mineru-html, gelid, gerapy-auto-extractor wheels, ...)
found no other Chinese page shipped with a gold text (unfluff's ``test_bbc_chinese`` is the
same BBC page with a truncated gold, so it is left out).

Each page's HTML becomes one line per block element with ``news_pages_check.page_lines`` (a
naive keep-everything scraper), and each line is labelled with ``news_pages_check._label``
against the gold: a whole gold line or a long piece of one is content, a line not in the gold is
furniture, a short line found only inside a longer gold line is not scored. The gold is a
tool's output (newspaper4k's), not a person's: it leaves out the headline, the dateline and
the photo captions (but keeps chinadaily's 责任编辑 lines), so a kept headline or caption counts
as "furniture kept"; read the lists.

    .venv/bin/python benchmarks/extra_pages_check.py [--cache DIR] [--verbose]

``--verbose`` lists every content line removed (with the rule id that removed it) and every
furniture line kept. The first run needs PyPI (``pip download``); later runs use the cache.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from zhclean import decode_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_pages_check import page_lines, score_page
from sdist_cache import unpacked_sdist

PACKAGE, VERSION = "newspaper4k", "0.9.6"
PAGES = ("chinese_article", "chinese_article_001", "chinese_article_002")
_WIDTH = 70  # characters of a listed line shown
# The BBC page writes its curly quotes as cp1252 character references (&#0147; &#0148;): the
# gold text holds them as the C1 controls U+0093/U+0094, html.parser decodes them as the quotes
# they mean. The gold gets the quotes too, so a quoted sentence is still found in it.
_CP1252_QUOTES = str.maketrans({0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d"})


def fetch(cache: Path) -> Path:
    """The unpacked sdist (the Chinese pages and their gold texts only), downloaded once."""
    wanted = {f"tests/data/html/{p}.html" for p in PAGES} | {f"tests/data/txt/{p}.txt" for p in PAGES}
    return unpacked_sdist(
        PACKAGE, VERSION, cache, f"tests/data/txt/{PAGES[-1]}.txt",
        keep=lambda n: n.split("/", 1)[-1] in wanted,
    )


def load_pages(root: Path) -> dict[str, tuple[list[str], str]]:
    """{page name: (the page's lines as a naive scraper saves them, gold text)}."""
    out = {}
    for name in PAGES:
        html = decode_bytes((root / "tests" / "data" / "html" / f"{name}.html").read_bytes()).text
        gold = (root / "tests" / "data" / "txt" / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = (page_lines(html), gold)
    return out


def _ratios(tot: Counter) -> tuple[float, float]:
    kept = tot["keep_kept"] / max(1, tot["keep"])
    removed = 1 - tot["drop_kept"] / max(1, tot["drop"])
    return kept, removed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "zhclean-bench")
    ap.add_argument("--verbose", action="store_true", help="list content lines removed and furniture lines kept")
    args = ap.parse_args(argv)
    pages = load_pages(fetch(args.cache))
    print(f"{PACKAGE} {VERSION} Chinese test pages with a gold text: {len(pages)}")
    total: Counter = Counter()
    for name, (lines, gold) in pages.items():
        tot = score_page(name, lines, gold.translate(_CP1252_QUOTES), args.verbose)
        total += tot
        kept, removed = _ratios(tot)
        print(f"  {name}: {len(lines)} lines, content kept {kept:.4f} ({tot['keep']} chars), "
              f"furniture removed {removed:.4f} ({tot['drop']} chars)")
    kept, removed = _ratios(total)
    print(f"  all pages: content kept {kept:.4f} ({total['keep']} chars), "
          f"furniture removed {removed:.4f} ({total['drop']} chars)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

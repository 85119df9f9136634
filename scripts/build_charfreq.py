#!/usr/bin/env python3
"""Build ``src/zhclean/rules/charfreq.txt.gz``: the character-frequency model of Chinese that
mojibake repair and ``decode_bytes`` use to tell plausible Chinese from garbage.

Source: jieba 0.42.1's ``jieba/dict.txt`` (MIT licence, (c) Sun Junyi,
https://github.com/fxsjy/jieba), a word list of 349,046 words with corpus frequencies.
Every word's frequency is added to each of its characters (unigrams) and to each pair of
adjacent characters inside it (bigrams). Traditional characters get the counts of their
simplified form (single-character OpenCC t2s), and a ``T`` row maps them, so bigrams of
traditional text are scored through the simplified table.

Usage (jieba is a build-time input only, never a runtime dependency)::

    pip download jieba==0.42.1 --no-deps --no-binary :all: -d /tmp/jb
    tar xzf /tmp/jb/jieba-0.42.1.tar.gz -C /tmp/jb
    python scripts/build_charfreq.py /tmp/jb/jieba-0.42.1/jieba/dict.txt

The output is deterministic (sorted rows, gzip mtime 0).
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import os
import sys

MIN_BIGRAM = 4  # bigrams seen less often than this are dropped (keeps the file small)

HEADER = f"""\
# zhclean character-frequency model (format 1), built by scripts/build_charfreq.py
# source: jieba 0.42.1 jieba/dict.txt, MIT licence, (c) Sun Junyi, https://github.com/fxsjy/jieba
# rows (tab-separated):
#   N <total>              sum of all unigram counts
#   U <char> <count>       character count (word frequency summed over the words holding it)
#   B <count> <pairs>      adjacent pairs inside words, count >= {MIN_BIGRAM}, bucketed: every pair of
#                          the row (two characters each, concatenated) has about this count
#   T <trad> <simp>        traditional/variant character (OpenCC t2s, U+4E00-9FFF) and the simplified
#                          form whose counts it shares
"""


def build(dict_path: str) -> bytes:
    uni: collections.Counter[str] = collections.Counter()
    bi: collections.Counter[str] = collections.Counter()
    single: dict[str, int] = {}
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if len(word) == 1:
                single[word] = freq
                continue
            for ch in word:
                uni[ch] += freq
            for a, b in zip(word, word[1:]):
                bi[a + b] += freq
    # jieba's single-character rows hold mojibake that leaked into its training corpus
    # (涓 12958, 锛 12605, 銆 6982: UTF-8 read as GBK). Such a row is dropped when the
    # character's GBK bytes have the shape of a UTF-8 fragment and the character is rare
    # inside real words; other single-character rows (了, 和, 吗) are kept.
    for ch, freq in single.items():
        if not (is_utf8_fragment(ch) and freq > 8 * (uni[ch] + 1)):
            uni[ch] += freq
    uni = collections.Counter({c: n for c, n in uni.items() if ord(c) > 0x7F})
    bi = collections.Counter({p: n for p, n in bi.items() if ord(p[0]) > 0x7F and ord(p[1]) > 0x7F})
    trad = traditional_map(uni)
    out = io.StringIO()
    out.write(HEADER)
    out.write(f"N\t{sum(uni.values())}\n")
    for ch in sorted(uni):
        out.write(f"U\t{ch}\t{uni[ch]}\n")
    buckets: dict[int, list[str]] = collections.defaultdict(list)
    for pair, n in bi.items():
        if n >= MIN_BIGRAM:
            buckets[bucket(n)].append(pair)
    for count in sorted(buckets):
        out.write(f"B\t{count}\t{''.join(sorted(buckets[count]))}\n")
    for t in sorted(trad):
        out.write(f"T\t{t}\t{trad[t]}\n")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(out.getvalue().encode("utf-8"))
    return buf.getvalue()


def bucket(n: int) -> int:
    """Round a count to one of ~40 log-spaced values (2**(k/2)), enough for scoring."""
    import math

    k = round(2 * math.log2(n))
    return max(1, round(2 ** (k / 2)))


def is_utf8_fragment(ch: str) -> bool:
    """True when the GBK bytes of ``ch`` could be two bytes from the middle of UTF-8 text."""
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    if len(b) != 2:
        return False
    cont = range(0x80, 0xC0)
    lead = range(0xE3, 0xF0)
    return (b[0] in lead and b[1] in cont) or (b[0] in cont and (b[1] in cont or b[1] in lead))


def traditional_map(uni: collections.Counter[str]) -> dict[str, str]:
    """Traditional and variant characters whose OpenCC t2s form is a single known character."""
    import opencc

    conv = opencc.OpenCC("t2s")
    block = "".join(chr(o) for o in range(0x4E00, 0xA000))
    simp = conv.convert(block)
    out = {}
    if len(simp) == len(block):
        pairs = zip(block, simp)
    else:  # a multi-character conversion somewhere: fall back to one character at a time
        pairs = ((ch, conv.convert(ch)) for ch in block)
    for ch, s in pairs:
        if len(s) == 1 and s != ch and s in uni:
            out[ch] = s
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dict_txt", help="path to jieba's dict.txt")
    ap.add_argument(
        "-o",
        "--output",
        default=os.path.join(os.path.dirname(__file__), "..", "src", "zhclean", "rules", "charfreq.txt.gz"),
    )
    args = ap.parse_args(argv)
    data = build(args.dict_txt)
    with open(args.output, "wb") as fh:
        fh.write(data)
    print(f"wrote {args.output}: {len(data)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

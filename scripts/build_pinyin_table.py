#!/usr/bin/env python3
"""Build the data tables that ``zhclean.cleaners.artifacts`` reads (run by hand, output committed).

Outputs, all under ``src/zhclean/rules/``:

- ``pinyin_readings.tsv``: every toned pinyin syllable pypinyin knows, with the
  traditional-only characters that have that reading (``reading<TAB>chars``; chars may be
  empty: the row still says the syllable exists). Used to tell a pinyin gloss that fits its
  character (``醫(yī)``) from an ordinary parenthetical.
- ``pinyin_traditional.tsv``: traditional-only characters and their character-level
  simplified form (``trad<TAB>simp``), from OpenCC ``t2s``. A character is
  "traditional-only" when OpenCC changes it.
- ``artifacts_words.txt.gz``: simplified two-character words (jieba's dictionary, frequency
  >= 20) and four-character idioms (jieba's words tagged ``i``), used to see that an injected
  site name was spliced into the middle of a word (竭|醫學考研網|盡全力 -> 竭尽全力) and that a
  site suffix is part of a word (网站, 上网).

Sources and licences: pypinyin (MIT, https://pypi.org/project/pypinyin/, data derived from
pinyin-data, MIT), jieba (MIT, https://pypi.org/project/jieba/) and OpenCC (Apache-2.0).
Install the build-time dependencies into the venv first (the package does not need them at
run time): ``.venv/bin/pip install pypinyin jieba``.

Usage: ``.venv/bin/python scripts/build_pinyin_table.py``
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import jieba
import opencc
import pypinyin
from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parents[1] / "src" / "zhclean" / "rules"
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MIN_FREQ_2 = 20
TONE = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")


def is_han(cp: int) -> bool:
    return 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3134F or 0xF900 <= cp <= 0xFAFF


def main() -> None:
    t2s = opencc.OpenCC("t2s")
    version = pypinyin.__version__
    trad: dict[str, str] = {}
    for cp in sorted(pinyin_dict):
        ch = chr(cp)
        if not is_han(cp):
            continue
        simp = t2s.convert(ch)
        if simp != ch and len(simp) == 1:
            trad[ch] = simp

    by_reading: dict[str, list[str]] = {}
    for cp, readings in pinyin_dict.items():
        ch = chr(cp)
        for reading in readings.split(","):
            reading = reading.strip()
            if not reading or not re.fullmatch(r"[a-zü" + TONE.pattern[1:-1] + "]+", reading):
                continue
            bucket = by_reading.setdefault(reading, [])
            if ch in trad:
                bucket.append(ch)

    head = [
        "# zhclean pinyin reading table for the artifacts step (generated: scripts/build_pinyin_table.py)",
        f"# source: pypinyin {version} pinyin_dict (MIT; data from pinyin-data, MIT)",
        "# format: reading<TAB>chars; one row per pinyin syllable (toned, or toneless for the neutral",
        "# tone); chars = the traditional-only characters (see pinyin_traditional.tsv) with that",
        "# reading, possibly none. A gloss 醫(yī) 'fits' when yī is a reading of 醫.",
        "reading\tchars",
    ]
    rows = [f"{r}\t{''.join(sorted(cs))}" for r, cs in sorted(by_reading.items())]
    (OUT / "pinyin_readings.tsv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")

    head = [
        "# zhclean traditional-only characters (generated: scripts/build_pinyin_table.py)",
        f"# source: OpenCC {getattr(opencc, '__version__', '')} t2s applied to each character of pypinyin's",
        "# table (OpenCC: Apache-2.0); a character is traditional-only when t2s changes it.",
        "# format: trad<TAB>simp (character level)",
        "trad\tsimp",
    ]
    rows = [f"{t}\t{s}" for t, s in sorted(trad.items())]
    (OUT / "pinyin_traditional.tsv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")

    words = set()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if not HAN.match(word):
                continue
            if (len(word) == 2 and int(freq) >= MIN_FREQ_2) or (len(word) == 4 and tag == "i"):
                words.add(word)
    words = sorted(words)
    head = [
        "# zhclean word list for the artifacts step (generated: scripts/build_pinyin_table.py)",
        f"# source: jieba {jieba.__version__} dict.txt (MIT): two-character words with frequency >= {MIN_FREQ_2}",
        "# and four-character idioms (tag i)",
        "# format: one simplified word per line",
    ]
    data = "\n".join(head + words) + "\n"
    with gzip.GzipFile(OUT / "artifacts_words.txt.gz", "wb", mtime=0) as fh:
        fh.write(data.encode("utf-8"))
    print(f"{len(by_reading)} readings, {len(trad)} traditional-only characters, {len(words)} words")


if __name__ == "__main__":
    main()

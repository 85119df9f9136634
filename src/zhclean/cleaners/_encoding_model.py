"""The character-frequency model behind encoding decisions: how plausible is this Chinese?

Built once per process from ``rules/charfreq.txt.gz`` (see ``scripts/build_charfreq.py``
for its source and licence). Scores are natural-log probabilities per character; a
segment's score is the mean over its non-ASCII characters, with an interpolated bigram
bonus between adjacent Han characters. Characters that mojibake produces and real Chinese
rarely holds (U+FFFD, private use, C1 controls, Latin-1 letters, kana, box drawing) get a
heavy penalty, so the decoding that yields real Chinese wins by a wide margin.
"""

from __future__ import annotations

import gzip
import math
import operator
import re
import threading
from importlib import resources

from ._charclass import class_body

__all__ = ["Model", "model", "char_class"]

_LOCK = threading.Lock()
_MODEL: Model | None = None

# common punctuation and symbols of Chinese text: scored as ordinary, never suspicious
COMMON_SYMBOLS = (
    "，。、：；！？（）《》〈〉“”‘’「」『』【】〔〕…—～·．／－＋＝％＃＠＆＊"
    "×÷°±§№℃←→↑↓√∞≤≥≠■□▲△◆◇○●★☆※￥①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩\u3000"
    "\u2002\u2003\u2009\u200b–‐•‧∶∕"
)

# how many of the most frequent characters count as "common" (not suspicious)
COMMON_RANK = 4500

PENALTY_BAD = -25.0  # U+FFFD, private use, controls: bytes went wrong
PENALTY_ODD = -17.0  # Latin-1 letters, kana, hangul, box drawing, Greek/Cyrillic in Chinese
SCORE_PUNCT = -4.5
SCORE_SYMBOL = -9.0
LAMBDA = 0.5


def char_class(ch: str) -> str:
    """Coarse class of a non-ASCII character: 'han', 'punct', 'bad', 'odd' or 'symbol'."""
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF:
        return "han"
    if ch in COMMON_SYMBOLS_SET or 0xFF01 <= o <= 0xFF5E:
        return "punct"
    if o > 0xFF and ch in PINYIN_SET:
        return "symbol"
    if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o < 0x20 or 0x7F <= o <= 0x9F or 0xF0000 <= o:
        return "bad"
    if (
        0xA0 <= o <= 0x24F
        or 0x370 <= o <= 0x52F
        or 0x3040 <= o <= 0x30FF
        or 0x3100 <= o <= 0x312F
        or 0x2500 <= o <= 0x257F
        or 0xAC00 <= o <= 0xD7AF
        or 0x2E80 <= o <= 0x2FDF
        or 0x3190 <= o <= 0x31FF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF61 <= o <= 0xFFEF
    ):
        return "odd"
    return "symbol"


COMMON_SYMBOLS_SET = frozenset(COMMON_SYMBOLS)
# pinyin letters with tone marks (GBK row A8): glosses in Chinese text, not mojibake
PINYIN = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹɑɡê"
PINYIN_SET = frozenset(PINYIN)


class Model:
    """Unigram/bigram log-probabilities of Chinese characters, and the common-character set."""

    __slots__ = ("_other", "bigram", "common", "floor", "logp", "suspect_re", "t2s")

    def __init__(self, text: str) -> None:
        counts: dict[str, int] = {}
        bigram_rows: list[tuple[int, str]] = []  # (count, concatenated pairs), in file order
        t2s: dict[str, str] = {}
        total = 1
        for line in text.split("\n"):
            if not line or line[0] == "#":
                continue
            kind, key, *rest = line.split("\t")
            value = rest[0] if rest else ""
            if kind == "U":
                counts[key] = int(value)
            elif kind == "B":
                bigram_rows.append((int(key), value))
            elif kind == "T":
                t2s[key] = value
            elif kind == "N":
                total = int(key)
        log_total = math.log(total)
        self.floor = math.log(0.5) - log_total
        logp = {c: math.log(n + 0.5) - log_total for c, n in counts.items()}
        for trad, simp in t2s.items():
            if simp in logp:
                # a traditional form shares its simplified form's count, slightly discounted
                # so that a guess between the two prefers the simplified one
                logp[trad] = max(logp.get(trad, self.floor), logp[simp] - 0.5)
        self.logp = logp
        self.t2s = t2s
        self._other: dict[str, float] = {}  # char_logp of characters outside the table
        # log P(b|a) for pairs in the table
        self.bigram = _bigram_logp(bigram_rows, counts)
        ranked = sorted(counts, key=lambda c: (-counts[c], c))
        common = {c for c in ranked[:COMMON_RANK] if char_class(c) == "han"}
        common |= {t for t, s in t2s.items() if s in common}
        self.common = frozenset(common)
        # a character outside ASCII, the common Han set and common symbols is suspicious
        allowed = "".join(sorted(common)) + COMMON_SYMBOLS
        self.suspect_re = re.compile("[^\x00-\x7f" + _class_escape(allowed) + "\uff01-\uff5e\u2018-\u201d]")

    def char_logp(self, ch: str) -> float:
        """Log-probability of one non-ASCII character (a fixed score for non-Han)."""
        lp = self.logp.get(ch)
        if lp is not None:
            return lp
        cls = char_class(ch)
        if cls == "han":
            return self.floor
        if cls == "punct":
            return SCORE_PUNCT
        if cls == "bad":
            return PENALTY_BAD
        if cls == "odd":
            return PENALTY_ODD
        return SCORE_SYMBOL

    def pair_bonus(self, a: str, b: str) -> float:
        """Interpolated bigram bonus ln(λP(b|a) + (1-λ)P(b)) - ln P(b) for two Han characters."""
        a = self.t2s.get(a, a)
        b = self.t2s.get(b, b)
        lb = self.logp.get(b)
        if lb is None:
            return 0.0
        lab = self.bigram.get(a + b)
        if lab is None:
            return math.log(1 - LAMBDA)
        return math.log(LAMBDA * math.exp(lab - lb) + (1 - LAMBDA))

    def fill_bonus(self, a: str, b: str) -> float:
        """Evidence that ``b`` follows ``a``, for choosing among guesses for lost bytes: a pair
        seen inside a word gets a fixed bonus plus its pointwise mutual information."""
        a = self.t2s.get(a, a)
        b = self.t2s.get(b, b)
        lab = self.bigram.get(a + b)
        if lab is None:
            return 0.0
        lb = self.logp.get(b, self.floor)
        return 2.0 + max(0.0, lab - lb)

    def score(self, text: str) -> float:
        """Mean per-character plausibility of the non-ASCII characters of ``text`` (0.0 if none).

        Real Chinese scores around -7 to -9; mojibake scores below -12.
        """
        total = 0.0
        n = 0
        prev = ""
        logp = self.logp
        t2s = self.t2s
        bigram = self.bigram
        log = math.log
        exp = math.exp
        other = self._other  # fixed scores of characters outside the table, cached
        for ch in text:
            if ch < "\x80":
                prev = ""
                continue
            lp = logp.get(ch)
            if lp is None:
                lp = other.get(ch)
                if lp is None:
                    lp = other[ch] = self.char_logp(ch)
                prev = ""
            else:
                if prev:
                    # self.pair_bonus(prev, ch), inlined
                    a = t2s.get(prev, prev)
                    b = t2s.get(ch, ch)
                    lb = logp.get(b)
                    if lb is None:
                        bonus = 0.0
                    else:
                        lab = bigram.get(a + b)
                        bonus = log(1 - LAMBDA) if lab is None else log(LAMBDA * exp(lab - lb) + (1 - LAMBDA))
                    lp += bonus
                prev = ch
            total += lp
            n += 1
        return total / n if n else 0.0

    def is_common(self, ch: str) -> bool:
        return ch in self.common


def _bigram_logp(rows: list[tuple[int, str]], counts: dict[str, int]) -> dict[str, float]:
    """log P(b|a) = log(n / count(a)) for every pair ``ab`` of the ``B`` rows whose first
    character has a count, in the order the pairs first appear (a repeated pair keeps its
    first place and its last count, as a dict filled row by row does).

    About 160,000 pairs: a row whose first characters all have a count is computed with
    ``map`` and ``zip`` (the loop runs in C, the logarithms too), several times faster than one
    Python step per pair; the pairs and floats are the same."""
    bigram: dict[str, float] = {}
    log, count_of = math.log, counts.__getitem__
    for n, value in rows:
        firsts = value[0::2]
        if len(value) % 2 == 0:
            # log(n / count(a)) for every pair, all in C (a first character without a count,
            # or with a zero count, stops it: then the loop below)
            try:
                logs = list(map(log, map(n.__truediv__, map(count_of, firsts))))
            except (KeyError, ZeroDivisionError):
                logs = None
            if logs is not None:
                bigram.update(zip(map(operator.add, firsts, value[1::2]), logs))
                continue
        for i in range(0, len(value), 2):
            pair = value[i : i + 2]
            if counts.get(pair[0]):
                bigram[pair] = math.log(n / counts[pair[0]])
    return bigram


def _class_escape(chars: str) -> str:
    """A regex class body matching exactly ``chars`` (consecutive code points as ranges)."""
    return class_body(chars)


def model() -> Model:
    """The process-wide model, loaded on first use (about 0.2 s) and then shared."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                raw = resources.files("zhclean.rules").joinpath("charfreq.txt.gz").read_bytes()
                _MODEL = Model(gzip.decompress(raw).decode("utf-8"))
    return _MODEL

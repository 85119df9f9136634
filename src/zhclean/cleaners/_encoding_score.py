"""Whether a reading of a garbled run is a repair: the score of a candidate (mean
log-probability gain under the character model, with the shape rules that reject a
coincidence: rare characters in a short result, Russian or Japanese words read as garble),
the thresholds, and the :class:`Fix` record every family's candidate generator returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._encoding_model import COMMON_SYMBOLS_SET, PINYIN, PINYIN_SET, Model, char_class

GAIN_MIN = 3.0  # a repair must raise the mean log-probability per character by this much
ABS_MIN = -11.5  # and the repaired span must itself look like Chinese
GAIN_WEAK = 1.5  # weaker evidence is enough once the document's profile is confirmed
ABS_WEAK = -12.5
GAIN_DOMINANT = -3.0  # short runs of the document's dominant family: plausible is enough
READ_TIE = 0.3  # a second reading of a family (cp950 after Big5-HKSCS) must gain this much more


@dataclass(frozen=True)
class Fix:
    """One repair: replace ``text[start:end]`` with ``after``; ``family`` is the rule id."""

    start: int
    end: int
    after: str
    family: str
    note: str = ""
    gain: float = 0.0
    confident: bool = False
    weak_only: bool = False  # acceptable only once the document's profile confirms the family
    group: int = -1  # a piece of a line group (see _line_group_candidates): the group's start
    han_run: bool = False  # a short run of common Han read on the document's profile (see _select)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _han_count(s: str) -> int:
    return sum(1 for ch in s if char_class(ch) == "han") if not s.isascii() else 0


def _bad_count(s: str) -> int:
    return sum(
        1 for ch in s if ch >= "\x80" and char_class(ch) in ("bad", "odd") and ch not in PINYIN_SET and ch != "\xa0"
    )


def _thin(run: str) -> bool:
    """Too little evidence to repair on its own: two characters (a rare name, 珺珹), one
    character repeated (唉唉, 滂滂: reduplication is ordinary Chinese), or a few symbols and no
    Han (︶︿︶ in an emoticon). Such runs are repaired only where the document confirms the
    family elsewhere."""
    return len(run) <= 2 or len(set(run)) == 1 or (len(run) <= 4 and _HAN.search(run) is None)


def _weak(fix: Fix) -> Fix:
    return Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain, False, True)


def _encode_cached(encoded: dict, key: object, s: str, codec: str) -> bytes | None:
    """``s.encode(codec)``, or None where the codec cannot write it, remembered in ``encoded``
    under ``key`` (a run's encodings are shared by the families and stretches that read it)."""
    data = encoded.get(key, False)
    if data is False:
        try:
            data = s.encode(codec)
        except UnicodeEncodeError:
            data = None
        encoded[key] = data
    return data


def _latin_pair_to_common(m: Model, before: str, after: str) -> bool:
    """High Latin-1 characters only (all bytes >= 0xA1: GB2312 pairs) read back as one common
    Han character, or one with Chinese punctuation (ÈÕ¡£ for 日。): European text rarely has
    two such letters in a row that make one."""
    if len(before) != 2 * len(after) or not all("\u00a1" <= c <= "\u00ff" for c in before):
        return False
    han = 0
    for ch in after:
        if ch in m.common and char_class(ch) == "han":
            han += 1
        elif not (ch in COMMON_SYMBOLS_SET or "\uff01" <= ch <= "\uff5e"):
            return False
    return han == 1
_SCORES: dict[tuple[str, bool], float] = {}


# math and typographic symbols among the high bytes of code pages (MacRoman's √∞≤≥≠, Latin-1's
# ±÷°§): common enough in Chinese text to be scored as punctuation, but inside a run of a code
# page they are garble like the letters around them. The marks of Chinese prose (· … — “” ‘’
# ×) keep their punctuation score: ··· and —— must never read as a Han character.
_SYMBOLS_ODD = {ord(c): "\u00c0" for c in "√∞≤≥≠±÷°§•"}
_PINYIN_NEUTRAL = {ord(c): "-" for c in PINYIN + "\xa0"}


def _scored(
    m: Model,
    before: str,
    start: int,
    end: int,
    after: str,
    family: str,
    *,
    partial: bool = False,
    note: str = "",
    rare_ok: bool = False,
    code_page: bool = False,
) -> Fix:
    """Score reading ``before`` as ``after``. ``rare_ok``: rare characters do not make the
    result a coincidence (a strict UTF-8 decode of a Latin-range run: its bytes fit UTF-8's
    structure, which chance does not do); they still count in the score. ``code_page``:
    ``before`` is a run of a code page, whose math symbols (√∞≤≥±°, MacRoman's and Latin-1's
    share of the high bytes) are garble there, not punctuation."""
    key = (before, code_page)
    s_before = _SCORES.get(key)
    if s_before is None:
        # the same garbled run is scored for every family that reads it
        if len(_SCORES) >= 50_000:
            _SCORES.clear()
        s_before = _SCORES[key] = m.score(before.translate(_SYMBOLS_ODD) if code_page else before)
    s_after = m.score(after.translate(_PINYIN_NEUTRAL))  # pinyin glosses are legitimate text
    gain = s_after - s_before
    # one pass over the result with the cached classes of _kind: Han, rare Han, bad
    han = rare = bad = 0
    kinds = _KINDS
    for ch in after:
        k = kinds.get(ch)
        if k is None:
            k = _kind(m, ch)
        if k:
            if k == 3:
                bad += 1
            else:
                han += 1
                rare += k == 2
    if rare_ok and bad and han:
        # a strict UTF-8 decode writes Latin-1 and Latin Extended characters (© » · œ ő) on
        # purpose: they are text
        bad -= sum(1 for ch in after if "\u00a0" <= ch <= "\u024f" and _KINDS.get(ch) == 3)
    clean = bad == 0  # U+FFFD is of class 'bad'
    # repaired Chinese is made of common characters: a rare one in a short result, or many in
    # a long one, means the decoding is a coincidence
    # a Latin-range garble (no Han in it) decoding to Chinese is itself strong evidence: one
    # rare character in four is allowed there; a CJK garble decoding to CJK needs more
    latin_garble = _HAN.search(before) is None
    if latin_garble:
        ok_shape = clean and han >= 1 and (rare == 0 or (han >= 4 and rare * 4 <= han))
    else:
        ok_shape = clean and han >= 1 and rare * 10 <= han and (rare == 0 or han >= 10)
    confident = ok_shape and gain >= 4.0 and han >= 4 and s_after >= ABS_MIN and not partial
    if rare_ok and rare and clean and han >= 1:
        ok_shape = True  # but a confident repair still needs the common shape
    weak_only = False
    if (
        code_page
        and latin_garble
        and clean
        and rare
        and not ok_shape
        and han >= 2
        and rare * 2 <= han
        and all(ch >= "\u00a1" for ch in before)
    ):
        # a rare character among common ones in a run of non-ASCII code-page characters only
        # (ş®±ůŮý for 寒冰冽): plausible once the document confirmed the code page
        weak_only = True
    elif not clean or (rare and not ok_shape):
        gain = float("-inf")
    elif not ok_shape or (han < 2 and not _latin_pair_to_common(m, before, after)):
        weak_only = True  # punctuation or pinyin only, or one character: needs a confirmed profile
    if s_after < ABS_WEAK and han:
        gain = float("-inf")
    if _russian_word(before, 6 if family == "gbk-as-iso8859-5" else 3):  # see _scored_once
        gain = float("-inf")
    if _KANA_WORD.search(before) is not None:
        gain = float("-inf")
    elif confident or not weak_only:
        if family in _KANA_READERS and _japanese_shaped(m, before):
            confident, weak_only = False, True
    return Fix(start, end, after, family, note, gain, confident, weak_only)


def _scored_once(m: Model, seen: dict, run: str, start: int, end: int, out: str, family: str) -> Fix:
    """``_scored(m, run, start, end, out, family, code_page=True)``, computed once per line
    for the code pages that read the same run as the same characters (Latin-1, cp1252 and
    cp1254 agree on most letters): :func:`_scored` depends on the family only through the
    Russian-word rule, whose length differs for ISO-8859-5, and the kana rule, which reads
    Big5-as-GBK only, never a code page (keep the key in step with both)."""
    key = (start, end, out, family == "gbk-as-iso8859-5")
    fix = seen.get(key)
    if fix is None:
        fix = seen[key] = _scored(m, run, start, end, out, family, code_page=True)
        return fix
    return Fix(fix.start, fix.end, fix.after, family, fix.note, fix.gain, fix.confident, fix.weak_only)


# families that read kana as garble: GBK shows Big5's commonest characters (一 不 中 人 日 月
# at A4xx/A5xx) as its hiragana and katakana rows, so a Japanese name (苍井そら) read back
# through Big5 is common Chinese (紳凝公日)
_KANA_READERS = frozenset(("big5-as-gbk",))
_KANA = re.compile("[\u3041-\u30ff]")


def _japanese_shaped(m: Model, run: str) -> bool:
    """Kana among common Han and punctuation only: Japanese as a Chinese page quotes it
    (苍井そら, 魔が堕ちる夜, finderの标的), not a Big5-as-GBK garble, which holds rare Han,
    private-use characters or GBK's Greek, Cyrillic and box rows beside its kana. Such a run
    is never evidence for the family: weak, read only where other runs confirm it."""
    if _KANA.search(run) is None:
        return False
    kinds = _KINDS
    for ch in run:
        if ch <= "\x7f" or "\u3000" <= ch <= "\u30ff":
            continue  # ASCII, CJK punctuation, kana
        k = kinds.get(ch)
        if k is None:
            k = _kind(m, ch)
        if k != 1:
            return False
    return True


# a Russian word: lower case, or one capital then lower case. A CJK reading (Big5 read as
# GBK shows GBK's Cyrillic row A7, a shifted reading takes any bytes) of one is never a repair:
# Москва is not 妙抉扼抗志忘
_RUSSIAN_WORD = re.compile("[\u0410-\u042f\u0401]?[\u0430-\u044f\u0451]{2,}")


# Japanese: four kana in a row (ありがとう, カタカナ), or katakana with the long vowel mark
# (タワー, ゲーム). CJK readings put kana in Chinese text by chance only (Big5 or UTF-8 bytes
# read as GBK show its kana rows A4/A5): one run of four and no ー next to katakana in about
# 4,800 garbled benchmark lines
_KANA_WORD = re.compile("[\u3040-\u30ff]{4,}|[\u30a1-\u30fa]\u30fc|\u30fc[\u30a1-\u30fa]")
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")


def _russian_word(run: str, min_len: int) -> bool:
    """``run`` holds a word of ``min_len`` letters or more spelt like Russian (see
    :data:`_RUSSIAN_WORD`): real text, never repaired. GBK read as ISO-8859-5 spells that way
    only by chance, in words of two to five letters (none of six or more in 1,500 garbled runs
    of the benchmark lines), so that family needs six letters; CJK readings need three."""
    if "\u0400" > max(run):
        return False
    return any(
        len(w.group()) >= min_len and _RUSSIAN_WORD.fullmatch(w.group()) for w in _CYRILLIC_RUN.finditer(run)
    )
_NON_ASCII_SPAN = re.compile("[^\x00-\x7f]*")
_KINDS: dict[str, int] = {}  # character -> 0 other, 1 common Han, 2 rare Han, 3 bad (see _bad_count)


def _kind(m: Model, ch: str) -> int:
    """Classify ``ch`` for the rejection checks below (cached in ``_KINDS``)."""
    if ch >= "\x80" and char_class(ch) in ("bad", "odd") and ch not in PINYIN_SET and ch != "\xa0":
        k = 3
    elif ch >= "\u3400" and char_class(ch) == "han":
        k = 1 if ch in m.common else 2
    else:
        k = 0
    _KINDS[ch] = k
    return k


def _rejected(m: Model, out: str, ratio: int) -> bool:
    """True when ``out`` holds a bad character or U+FFFD, or rare Han characters the shape
    rule rejects: any among fewer than ``ratio`` Han, or more than one in ``ratio``."""
    counts = _han_rare(m, out)
    if counts is None:
        return True
    han, rare = counts
    return rare > 0 and (han < ratio or rare * ratio > han)


def _han_rare(m: Model, s: str) -> tuple[int, int] | None:
    """(Han characters, rare ones among them) of ``s`` by the cached classes of :func:`_kind`,
    or None when ``s`` holds a bad character or U+FFFD."""
    kinds = _KINDS
    han = rare = 0
    for ch in s:
        k = kinds.get(ch)
        if k is None:
            k = _kind(m, ch)
        if k == 3 or ch == "\ufffd":
            return None
        if k:
            han += 1
            rare += k == 2
    return han, rare


def _hopeless_latin(m: Model, out: str) -> bool:
    """True when :func:`_scored` would give a Latin-range garble read as ``out`` the gain
    -inf: a character :func:`_bad_count` counts or U+FFFD, or rare Han characters the shape
    rule rejects (any in fewer than four Han, or more than one in four)."""
    return _rejected(m, out, 4)
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff\uf900-\ufaff]")  # char_class 'han'


def _hopeless(m: Model, before: str, out: str) -> bool:
    """True when :func:`_scored` would give reading ``before`` as ``out`` the gain -inf (a
    bad character left, or rare Han characters its shape rules reject). Such candidates never
    count, so they are not scored (the pool and the selection are the same without them)."""
    if _HAN.search(before) is None:
        return _hopeless_latin(m, out)
    return _rejected(m, out, 10)

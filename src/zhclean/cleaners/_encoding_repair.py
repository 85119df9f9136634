"""Mojibake repair: find garbled spans, re-encode them the way they were misread, keep the
result only when it is clearly more plausible Chinese.

The work is ordered by cost. A single precompiled regex search looks for a character that
clean Chinese rarely holds (outside ASCII, the ~4,500 most frequent Han characters and common
punctuation); text without one is returned as it is. Only lines holding such a character are
examined, and in them only runs of non-ASCII characters (CJK families) or runs of Latin-range
characters (single-byte families and ftfy).
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass
from typing import Iterator

from ._charclass import class_body
from ._encoding_lossy import _best_path, _insert_holes, _neighbour_keys, _utf8_candidates
from ._encoding_model import (
    COMMON_SYMBOLS,
    COMMON_SYMBOLS_SET,
    PINYIN,
    PINYIN_SET,
    Model,
    _class_escape,
    char_class,
    model,
)

__all__ = ["Fix", "Unrecoverable", "families", "find_fixes", "find_unrecoverable", "repair_text"]

GAIN_MIN = 3.0  # a repair must raise the mean log-probability per character by this much
ABS_MIN = -11.5  # and the repaired span must itself look like Chinese
GAIN_WEAK = 1.5  # weaker evidence is enough once the document's profile is confirmed
ABS_WEAK = -12.5
GAIN_DOMINANT = -3.0  # short runs of the document's dominant family: plausible is enough
READ_TIE = 0.3  # a second reading of a family (cp950 after Big5-HKSCS) must gain this much more
MAX_RUN = 4000  # longer runs are examined in windows of this many characters
MAX_PASSES = 3  # double encodings need two passes; more than three never converges usefully


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


@dataclass(frozen=True)
class Unrecoverable:
    """A run whose bytes are gone (锟斤拷, 烫烫烫, 屯屯屯)."""

    start: int
    end: int
    family: str
    text: str


_FAMILIES: list[dict] | None = None
_LOCK = threading.Lock()


def families() -> list[dict]:
    """The rows of ``rules/encoding_families.tsv``, loaded once."""
    global _FAMILIES
    if _FAMILIES is None:
        with _LOCK:
            if _FAMILIES is None:
                from ..rules import load_rules

                _FAMILIES = load_rules(packaged="encoding_families.tsv", required=("kind", "read", "true"))
    return _FAMILIES


# ---------------------------------------------------------------------------------------------
# regexes, compiled once at import (they are small)

# '?' inside or at the end of a run may stand for lost bytes (decoders that print '?')
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s\u3000](?:[^\x00-\x7f\s\u3000]|\?)*")
# Latin-range run: chars U+0080-U+04FF and cp1252/MacRoman specials, with ASCII 0x40-0x7E allowed
# inside (GBK trail bytes), never spaces/digits/common ASCII punctuation at the ends
_LATIN_CHARS = "\u0080-\u04ff\u2013-\u2122\u02c6-\u02dd\u0192\u2202-\u25ca\ufb01\ufb02\uf8ff"
_LATIN_EDGE = "\u0080-\u009f\u00a1-\u04ff\u2013-\u2122\u02c6-\u02dd\u0192\u2202-\u25ca\ufb01\ufb02\uf8ff"
_LATIN_RUN = re.compile("[" + _LATIN_EDGE + "](?:[" + _LATIN_CHARS + "@-~]*[" + _LATIN_CHARS + "])?")
# a UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte: ftfy's territory
_UTF8_LATIN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u20ac\u2122\u2013\u2014\u2020\u2021\u2026\u2030]"
)
_CJK_CHAR = re.compile("[\u2e80-\u9fff\uac00-\ud7af\ue000-\uffff]")
_HAS_LATIN = re.compile("[\u0080-\u00ff\u0100-\u04ff]")
_UNRECOVERABLE = re.compile(r"(?:锟斤拷)+锟?|烫{3,}|屯{3,}|(?:烫屯|屯烫){2,}")
_UNRECOVERABLE_KIND = {"锟": "unrecoverable-fffd", "烫": "unrecoverable-cccc", "屯": "unrecoverable-cdcd"}
# a pinyin gloss whose "(" was eaten by the decoder: "?shù)" before a one-byte-shifted run
_GLOSS_BEFORE = re.compile(r"([\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)$|([\u3400-\u9fff])$")
_GLOSS_REMNANT = re.compile(r"\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)$")


def find_unrecoverable(text: str) -> list[Unrecoverable]:
    """锟斤拷 / 烫烫烫 / 屯屯屯 runs: garbage whose original bytes are lost."""
    if "锟" not in text and "烫" not in text and "屯" not in text:
        return []
    return [
        Unrecoverable(m.start(), m.end(), _UNRECOVERABLE_KIND[m.group()[0]], m.group())
        for m in _UNRECOVERABLE.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------
# byte helpers


def _encode_singlebyte(s: str, codec: str) -> bytes | None:
    """Encode with a single-byte code page; U+0080-U+009F pass through as their own byte
    (browsers decode cp1252's undefined bytes that way)."""
    try:
        return s.encode(codec)
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            o = ord(ch)
            if 0x80 <= o <= 0x9F:
                out.append(o)
            else:
                return None
    return bytes(out)


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


# ---------------------------------------------------------------------------------------------
# candidate generation per family


def _thin(run: str) -> bool:
    """Too little evidence to repair on its own: two characters (a rare name, 珺珹), one
    character repeated (唉唉, 滂滂: reduplication is ordinary Chinese), or a few symbols and no
    Han (︶︿︶ in an emoticon). Such runs are repaired only where the document confirms the
    family elsewhere."""
    return len(run) <= 2 or len(set(run)) == 1 or (len(run) <= 4 and _HAN.search(run) is None)


def _weak(fix: Fix) -> Fix:
    return Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain, False, True)


def _multibyte_candidates(
    m: Model, text: str, start: int, end: int, fams: list[dict], *, lossy: bool = True
) -> Iterator[Fix]:
    run = text[start:end]
    if _CJK_CHAR.search(run) is None:
        return  # GBK/Big5 garbles are made of CJK characters; Latin runs belong to code pages
    # the families share their readings (two read GB18030, two Big5): each encoding of the
    # run, or its failure, is computed once (stretches of _partial too: key (codec, lo, hi))
    encoded: dict = {}
    if len(run) < 2:
        # one character is never enough evidence alone: weak, for a confirmed profile only
        for fam in fams:
            for rd in fam["read"].split("|"):
                data = _encode_cached(encoded, rd, run, rd)
                if data is None:
                    continue
                out = _strict(data, fam["true"])
                if out is not None and out != run:
                    fix = _scored(m, run, start, end, out, fam["id"])
                    yield Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain, False, True)
        return
    suspects = None
    for fam in fams:
        read, true = fam["read"], fam["true"]
        if lossy and ("\ufffd" in run or true == "utf-8"):
            fix = _lossy_to_utf8(m, text, start, end, fam, encoded) if true == "utf-8" else None
            if fix is not None:
                yield fix
                continue
        done = False
        first_out = None
        for rd in read.split("|"):
            data = _encode_cached(encoded, rd, run, rd)
            if data is None:
                continue
            out = _strict(data, true)
            # four three-byte characters or more from a strict UTF-8 decode: twelve bytes in
            # UTF-8's lead/continuation pattern are no coincidence, so a rare character among
            # them (郴州市刘洪杰, 赝品) is text, as for a Latin-range run
            structural = out is not None and true == "utf-8" and sum(ch >= "\u0800" for ch in out) >= 4
            if out is not None and out != run and (structural or not _hopeless(m, run, out)):
                fix = _scored(m, run, start, end, out, fam["id"], rare_ok=structural)
                if done and out != first_out and fix.gain > float("-inf"):
                    # the first reading (Big5-HKSCS, as browsers decode Big5) wins a near tie
                    fix = Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain - READ_TIE,
                              fix.confident, fix.weak_only)
                yield fix
                if not done and fix.gain > float("-inf"):
                    first_out = out
                done = done or fix.gain > float("-inf")
        if not done:
            # a clean prefix or suffix in the same run: find the decodable stretch
            if suspects is None:
                # every stretch _partial tries holds all suspicious characters, a U+FFFD among
                # them, and no multibyte family decodes one: GB18030 writes it 84 31 A4 37,
                # which neither UTF-8 nor Big5 accepts, and Big5 cannot write it
                ok = len(run) <= 400 and "\ufffd" not in run
                suspects = [h.start() for h in m.suspect_re.finditer(run)] if ok else []
            if len(suspects) >= 2:
                yield from _partial(m, run, start, fam, suspects, encoded)


# combining marks: Big5-HKSCS writes some of them with the letter before as one character
_COMBINING = re.compile("[\u0300-\u036f]")


def _partial(
    m: Model, run: str, start: int, fam: dict, suspects: list[int] | None = None, encoded: dict | None = None
) -> Iterator[Fix]:
    """Repair the longest stretch of ``run`` whose bytes decode, when the whole run does not.
    ``suspects``: the offsets of the run's suspicious characters, if already known;
    ``encoded``: encodings already computed, ``(codec, lo, hi)`` -> bytes or None."""
    read, true = fam["read"].split("|")[0], fam["true"]
    n = len(run)
    if n > 400:
        return
    if suspects is None:
        suspects = [h.start() for h in m.suspect_re.finditer(run)]
    if len(suspects) < 2:
        return
    if encoded is None:
        encoded = {}
    # every stretch tried below holds run[suspects[0] : suspects[-1] + 1]: a character of it
    # that the codec cannot write (no combining mark around to join a letter, see _COMBINING)
    # makes every stretch fail to encode
    try:
        core = run[suspects[0] : suspects[-1] + 1].encode(read)
    except UnicodeEncodeError:
        if _COMBINING.search(run) is None:
            return
    else:
        if true == "utf-8" and core and not 0x80 <= core[0] <= 0xBF:
            # core starts with a lead or ASCII byte: in every stretch that decodes, the bytes
            # before it end a character, so core is read from its first byte on in every
            # stretch; an error inside it (not a sequence cut short by its end) fails them all
            try:
                core.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason != "unexpected end of data":
                    return
        elif true == "big5hkscs" and read == "gb18030" and _big5_core_hopeless(m, run, core, encoded):
            return
    best: Fix | None = None
    # the garble is the stretch around the suspicious characters: its edges are within a few
    # characters of the first and the last of them
    for lo in range(max(0, suspects[0] - 3), suspects[0] + 1):
        for hi in range(min(n, suspects[-1] + 4), suspects[-1], -1):
            if hi - lo < 2:
                break
            data = _encode_cached(encoded, (read, lo, hi), run[lo:hi], read)
            out = None if data is None else _strict(data, true)
            if out is not None and not _hopeless(m, run[lo:hi], out):
                fix = _scored(m, run[lo:hi], start + lo, start + hi, out, fam["id"], partial=True)
                if best is None or fix.gain > best.gain:
                    best = fix
    if best is not None:
        yield best


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


# a GB18030 four-byte sequence has a digit byte second and fourth; a two-byte one never does
_GB_DIGIT = re.compile(b"[0-9]")


def _big5_core_hopeless(m: Model, run: str, core: bytes, encoded: dict) -> bool:
    """True when no stretch :func:`_partial` tries can give a Big5 reading of GB18030 bytes
    that counts. Where every character of ``run`` is two bytes, Big5 reads each stretch pair
    by pair, so its reading is the reading of the stretch before the core, of the core, and
    of the stretch after it (three characters at most each side, one character per pair, or
    two non-Han ones): a core that does not decode, or whose reading :func:`_hopeless` rejects
    whatever six characters join it (a bad character, U+FFFD, too many rare Han characters
    even with six more common ones), rejects every stretch."""
    data = _encode_cached(encoded, "gb18030", run, "gb18030")
    if data is None or len(data) != 2 * len(run) or _GB_DIGIT.search(data) is not None:
        return False  # one-byte or four-byte characters: the pairs may shift
    try:
        out = core.decode("big5hkscs")
    except UnicodeDecodeError:
        return True
    counts = _han_rare(m, out)
    if counts is None:
        return True
    han, rare = counts
    # _rejected with ratio 4 (ratio 10, for a stretch with Han, rejects whatever 4 rejects)
    return rare > 0 and (han + 6 < 4 or rare * 4 > han + 6)


_HOLES = re.compile("([\ufffd?])")
# bytes that :func:`_utf8_candidates` rejects wherever they stand (it reads ASCII, 2-byte and
# 3-byte sequences only), however holes are inserted around them
_NOT_UTF8_BYTES = re.compile(b"[\xc0\xc1\xf0-\xff]")


def _lossy_to_utf8(m: Model, text: str, start: int, end: int, fam: dict, encoded: dict | None = None) -> Fix | None:
    """UTF-8 read as GBK/Big5 with bytes lost: U+FFFD holes, or a dangling lead at the end.
    ``encoded``: the run's encodings already made (codec -> bytes, None when it failed)."""
    run = text[start:end]
    read = fam["read"].split("|")[0]
    if encoded is not None and encoded.get(read, False) is None and "\ufffd" not in run:
        # a character the codec cannot write ('?' can be written): the reading below, one
        # character at a time, stops at it too
        return None
    tokens: list[int] = []
    holes = 0
    if read == "gb18030" and "\ufffd" not in run and "?" not in run:
        # one code point, one byte sequence: the run encodes as a whole
        data = _encode_cached({} if encoded is None else encoded, read, run, read)
        if data is None:
            return None
        if _strict(data, "utf-8") is not None:
            return None  # lossless: handled by the strict path
        if _NOT_UTF8_BYTES.search(data) is not None:
            return None  # a byte no UTF-8 reading here accepts (4-byte lead, C0/C1, F5-FF)
        tokens = list(data)
    else:
        known = bytearray()
        # GB18030 writes each code point on its own: the pieces between holes encode whole;
        # Big5-HKSCS writes some pairs of code points as one character: one at a time
        pieces = _HOLES.split(run) if read == "gb18030" else run
        for ch in pieces:
            if ch == "\ufffd" or ch == "?":
                tokens.append(-1)
                holes += 1
                continue
            try:
                b = ch.encode(read)
            except UnicodeEncodeError:
                return None
            tokens.extend(b)
            known += b
        # try exact first
        data = bytes(known)
        if holes == 0 and _strict(data, "utf-8") is not None:
            return None  # lossless: handled by the strict path
        if _NOT_UTF8_BYTES.search(data) is not None:
            return None
    cands = _utf8_candidates(tokens, m.logp)
    if cands is None and holes:
        # a U+FFFD may stand for two lost bytes (WHATWG decoders consume a non-ASCII trail)
        tokens2 = [x for t in tokens for x in ((-1, -1) if t == -1 else (t,))]
        cands = _utf8_candidates(tokens2, m.logp)
    if cands is None:
        # bytes deleted silently (errors="ignore"): put a hole where UTF-8 loses its structure
        filled = _insert_holes(tokens, 6)
        if filled is None:
            return None  # too many deletions to be one lossy garble
        cands = _utf8_candidates(filled, m.logp)
    if cands is None:
        return None
    guessed = sum(1 for c in cands if len(c) > 1)
    if guessed == 0 or guessed * 2 > len(cands):
        return None
    left = text[start - 1] if start > 0 else ""
    right = text[end] if end < len(text) else ""
    out = _best_path(m, cands, left, right)
    fix = _scored(m, run, start, end, out, fam["id"], note=f"lossy: {guessed} character(s) guessed")
    return fix


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
        # a strict UTF-8 decode writes Latin-1 characters (© » ·) on purpose: they are text
        bad -= sum(1 for ch in after if "\u00a0" <= ch <= "\u00ff" and _KINDS.get(ch) == 3)
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


def _singlebyte_candidates(m: Model, text: str, ls: int, le: int, fams: list[dict]) -> Iterator[Fix]:
    """Runs of double-byte characters read one byte per character by a code page.

    A run starts at a non-ASCII character and takes characters in pairs (lead byte >= 0x81,
    then any trail byte >= 0x40, ASCII letters included, as GBK allows); it ends where an
    ASCII byte stands at a lead position. Each run is decoded strictly with the true codec.

    Speed: the pairs of a run are matched by one precompiled regex per code page, and a
    decoding that :func:`_scored` would reject outright (a rare character in a short result,
    a Latin letter left over) is dropped before it is scored. Both are exact: the candidates
    that reach the pool are the ones the character-by-character loop produced.
    """
    as_bytes: dict = {}  # the line written as bytes per code page, and its good pairs
    if not _good_any(m, fams, text, ls, le, as_bytes):
        return  # no code page has a good pair in this line
    scored: dict[tuple, Fix] = {}  # code pages that read a run alike score it once
    high = _HIGH_CHAR.search
    for fam in fams:
        table, pairs, to_latin1 = _code_page(fam["read"])
        goods = _good_pairs(m, fam["read"], fam["true"], text, ls, le, as_bytes)  # the first and last
        if not goods:
            # every run of this line would decode to rare or non-Chinese characters only,
            # which _scored rejects outright (pinyin glosses, Latin words, emoji lines)
            continue
        first = text.find(goods[0], ls, le)
        last = text.rfind(goods[-1], ls, le) + 1  # no good pair starts after this
        # a run holds no good pair unless it reaches ``first``; an ASCII character below '@'
        # before it can be in no run and ends every foreign skip, so the scan restarts
        # after it exactly as it would have arrived there
        i = max(ls, text.rfind(" ", ls, first) + 1, text.rfind("(", ls, first) + 1, text.rfind(")", ls, first) + 1)
        get = table.get
        match = pairs.match
        true = fam["true"]
        while i < le:
            hit = high(text, i, le)
            if hit is None:
                break
            i = hit.start()
            if i > last:
                break  # runs from here on hold no good pair
            if text[i] == "\xa0" and (i + 1 >= le or text[i + 1] < "\x80"):
                i += 1
                continue
            start = i
            j = match(text, i, le).end()
            foreign = False
            if j + 1 < le:
                a = get(text[j])
                if a is None or get(text[j + 1]) is None:
                    # a character outside the code page: real text (CJK) ends the run; a
                    # Latin-range one means this is not the code page at all
                    bad = text[j] if a is None else text[j + 1]
                    foreign = "\u0080" <= bad <= "\u04ff" or "\u2000" <= bad <= "\u25ff"
            if j > start:
                run = text[start:j]
                out = _strict(run.translate(to_latin1).encode("latin-1"), true)
                # a run of non-ASCII characters only may hold rare characters (one in two Han):
                # weak, for a confirmed code page (see _scored); otherwise the usual shape
                if min(run) >= "\u00a1":
                    hopeless = out is not None and _rejected(m, out, 2)
                else:
                    hopeless = out is not None and _hopeless_latin(m, out)
                if out is not None and out != run and not hopeless:
                    fix = _scored_once(m, scored, run, start, j, out, fam["id"])
                    if (
                        fix.weak_only
                        and fix.gain > float("-inf")
                        and j - start == 2
                        and out in m.common
                        and _GLOSS_AFTER.match(text, j)
                    ):
                        # one common character right before a pinyin gloss, ×o(hù) for 護(hù): the
                        # gloss says a Han character stands there, so the pair is evidence enough
                        # even when it looks like a symbol and a letter (its trail byte is ASCII)
                        gain = max(fix.gain, GAIN_MIN)
                        fix = Fix(fix.start, fix.end, fix.after, fix.family, "before a pinyin gloss", gain)
                    elif (
                        fix.weak_only
                        and fix.gain >= GAIN_MIN
                        and all(ch in PINYIN_SET for ch in out)
                        and _GLOSS_OPEN.search(text, max(ls, start - 10), start)
                        and _GLOSS_CLOSE.match(text, j)
                    ):
                        # a tone letter inside a pinyin gloss, (gu¨¢n) for (guān): the gloss is
                        # the evidence (a Big5 reading of the same pair put 芋 in it)
                        fix = Fix(fix.start, fix.end, fix.after, fix.family, "pinyin gloss", fix.gain)
                    yield fix
            if foreign:
                # never restart inside a foreign run: the byte alignment would be lost
                j = _NON_ASCII_SPAN.match(text, j, le).end()
            i = max(j, i + 1)


# two letters of a code page glued to a Han character, with no third one around them: one
# garbled character in Chinese text (寒冰Ùý for 寒冰冽). European words in Chinese text stand
# apart from the Han characters, and have ASCII letters between their accented ones
# Latin-1 and Latin Extended-A letters (cp1250 writes 冽 Ůý), not Greek or Cyrillic words
_GLUED_LETTER = "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]"
_GLUED_PAIR = re.compile(
    "(?<=[\u4e00-\u9fff])" + _GLUED_LETTER + "{2}(?![\u0080-\u04ff])"
    "|(?<![\u0080-\u04ff])" + _GLUED_LETTER + "{2}(?=[\u4e00-\u9fff])"
)
# the pair alone, without the lookarounds tried at every position: a cheap necessary condition
_GLUED_ANY = re.compile(_GLUED_LETTER + _GLUED_LETTER)


def _glued_candidates(m: Model, text: str, ls: int, le: int, fams: list[dict]) -> Iterator[Fix]:
    """Readings of letter pairs glued to Han characters (see :data:`_GLUED_PAIR`) as one Han
    character the model knows, rare ones included (a username, 冽): being glued to Chinese is
    the evidence a short garble otherwise lacks. It must gain GAIN_MIN, and read as plausible
    Chinese with its Han neighbours (the bigram bonus: 冰冽)."""
    for hit in _GLUED_PAIR.finditer(text, ls, le):
        run = hit.group()
        for fam in fams:
            table = _code_page(fam["read"])[0]
            if run[0] not in table or run[1] not in table:
                continue
            out = _strict(bytes((table[run[0]], table[run[1]])), fam["true"])
            if out is None or len(out) != 1 or out not in m.logp or char_class(out) != "han":
                continue
            # scored with the Han neighbours, which a lone character cannot do without
            a, b = hit.start(), hit.end()
            left = text[a - 1] if a > ls and "\u4e00" <= text[a - 1] <= "\u9fff" else ""
            right = text[b] if b < le and "\u4e00" <= text[b] <= "\u9fff" else ""
            gain = m.score(out) - m.score(run.translate(_SYMBOLS_ODD))
            if gain >= GAIN_MIN and m.score(left + out + right) >= ABS_WEAK:
                yield Fix(a, b, out, fam["id"], "glued to Chinese", gain)


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


_STRONG: dict[tuple, tuple[re.Pattern, re.Pattern]] = {}


def _strong_pairs(fams: list[dict]) -> tuple[re.Pattern, re.Pattern]:
    """A necessary condition for a code-page run that can be accepted on its own evidence.

    :func:`_scored` marks a Latin-range garble weak (acceptable only for a family the document
    confirmed) unless it decodes to two Han characters or more, or it is two Latin-1 letters
    (both >= U+00A1) read as one common character. A run of two Han or more holds two adjacent
    lead/trail pairs, each lead a byte >= 0x81 (a non-ASCII character) and each trail a byte
    >= 0x40: four characters lead, trail, lead, trail. Pinyin glosses (``xué``, ``(yī)``),
    Latin words and symbols almost never have that shape, so their lines are read only when
    the document has confirmed a code-page family (exact: the same candidates are accepted).

    Returned with a prefilter, the first two characters any match starts with (two character
    classes: scanned for without trying the alternatives at each position)."""
    key = tuple(f["read"] for f in fams)
    pat = _STRONG.get(key)
    if pat is None:
        lead: set[str] = set()
        trail: set[str] = set()
        for f in fams:
            for c, b in _byte_table(f["read"]).items():
                if b >= 0x81:
                    lead.add(c)
                if b >= 0x40 and b != 0x7F:
                    trail.add(c)
        h = "[" + _esc("".join(sorted(lead))) + "]"
        t = "[" + _esc("".join(sorted(trail))) + "]"
        full = re.compile(h + t + h + t + "|[\u00a1-\u00ff]{2}|" + h + t + _GLOSS_AFTER.pattern)
        pre = re.compile(h[:-1] + "\u00a1-\u00ff]" + t[:-1] + "\u00a1-\u00ff]")
        pat = _STRONG[key] = (pre, full)
    return pat


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


_TABLES: dict[str, dict[str, int]] = {}
# where a code-page run can start: Latin-range and code-page symbol characters, not CJK
_HIGH_CHAR = re.compile("[\u0080-\u04ff\u2013-\u2122\u02c6-\u02dd\u0192\u2202-\u25ca\ufb01\ufb02\uf8ff]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff\uf900-\ufaff]")  # char_class 'han'


def _hopeless(m: Model, before: str, out: str) -> bool:
    """True when :func:`_scored` would give reading ``before`` as ``out`` the gain -inf (a
    bad character left, or rare Han characters its shape rules reject). Such candidates never
    count, so they are not scored (the pool and the selection are the same without them)."""
    if _HAN.search(before) is None:
        return _hopeless_latin(m, out)
    return _rejected(m, out, 10)


_PAGES: dict[str, tuple[dict[str, int], re.Pattern, dict[int, str]]] = {}


def _code_page(codec: str) -> tuple[dict[str, int], re.Pattern, dict[int, str]]:
    """The byte table of a code page, a regex matching its lead/trail pairs (lead byte >= 0x81,
    trail byte >= 0x40 and not 0x7F), and a str.translate table character -> its byte as a
    Latin-1 character. Built once per code page."""
    page = _PAGES.get(codec)
    if page is None:
        table = _byte_table(codec)
        lead = "".join(sorted(c for c, b in table.items() if b >= 0x81))
        trail = "".join(sorted(c for c, b in table.items() if b >= 0x40 and b != 0x7F))
        pairs = re.compile("(?:[" + _esc(lead) + "][" + _esc(trail) + "])*")
        page = (table, pairs, {ord(c): chr(b) for c, b in table.items()})
        _PAGES[codec] = page
    return page


_GOOD: dict[str, re.Pattern] = {}
_AS_BYTES: dict[str, dict[int, str] | None] = {}


def _as_bytes(codec: str) -> dict[int, str] | None:
    """A str.translate table that writes each character of code page ``codec`` as its byte
    (a character U+0000-U+00FF, see :func:`_byte_table`) and every other character of
    U+0080-U+00FF as U+0000; characters above U+00FF that are not in the code page stay as
    they are. None for Latin-1, whose table is the identity. In the translated text a pair
    of characters is a lead/trail pair of the code page exactly when the original pair is."""
    if codec not in _AS_BYTES:
        table = _byte_table(codec)
        trans: dict[int, str] = {o: "\x00" for o in range(0x80, 0x100) if chr(o) not in table}
        trans.update((ord(c), chr(b)) for c, b in table.items() if c >= "\x80")
        identity = all(v == chr(k) for k, v in trans.items())
        _AS_BYTES[codec] = None if identity else trans
    return _AS_BYTES[codec]


def _good_byte_pairs(m: Model, true: str) -> re.Pattern:
    """A regex over bytes written as characters U+0000-U+00FF (see :func:`_as_bytes`)
    matching a lead byte >= 0x81 and a trail byte >= 0x40 (not 0x7F) that decode with ``true``
    to a character that may stand in a repair (common Han, punctuation, a symbol). One per
    true codec, shared by the code pages that misread it; its classes are byte ranges, so it
    compiles in a fraction of the time a class of each code page's characters takes."""
    pat = _GOOD.get(true)
    if pat is None:
        good = _good_bytes(m, true)
        branches = []
        for a in range(0x81, 0x100):
            ts = "".join(chr(b) for b in range(0x40, 0x100) if b != 0x7F and good[a << 8 | b])
            if ts:
                branches.append(_esc(chr(a)) + "[" + _esc(ts) + "]")
        pat = _GOOD[true] = re.compile("|".join(branches) or "(?!)")
    return pat


def _good_pairs(m: Model, read: str, true: str, text: str, ls: int, le: int, seen: dict | None = None) -> list[str]:
    """The first and the last of the good pairs that ``findall`` finds in ``text[ls:le]``
    (two characters of code page ``read`` whose bytes decode with ``true`` to a character
    that may stand in a repair: common Han, punctuation, a symbol), as they stand in
    ``text``; empty when there is none.

    Runs are made of such lead/trail pairs, each decoded on its own (double-byte codecs), and
    a run none of whose pairs is good decodes to rare Han or to characters :func:`_scored`
    rejects; so a line without one good pair anywhere has no candidate worth scoring. The
    line is searched as bytes (see :func:`_as_bytes`): one character per character, so the
    matches stand at the same offsets. ``seen``: the line's byte forms and their good pairs
    already found, shared by the code pages of one line (most write a line alike)."""
    if seen is None:
        seen = {}
    line = _line_as_bytes(text, ls, le, read, seen)
    got = seen.get((line, true))
    if got is None:
        first = last = None
        for hit in _good_byte_pairs(m, true).finditer(line):
            if first is None:
                first = hit.start()
            last = hit.start()
        got = seen[(line, true)] = (first, last)
    first, last = got
    if first is None:
        return []
    return [text[ls + first : ls + first + 2], text[ls + last : ls + last + 2]]


def _line_as_bytes(text: str, ls: int, le: int, read: str, seen: dict) -> str:
    """``text[ls:le]`` written as bytes of code page ``read`` (see :func:`_as_bytes`), kept
    in ``seen`` for the line."""
    line = seen.get(read)
    if line is None:
        trans = _as_bytes(read)
        line = seen[read] = text[ls:le] if trans is None else text[ls:le].translate(trans)
    return line


def _good_any(m: Model, fams: list[dict], text: str, ls: int, le: int, seen: dict | None = None) -> bool:
    """Whether some code page of ``fams`` has a good pair (see :func:`_good_pairs`) in
    ``text[ls:le]``."""
    if seen is None:
        seen = {}
    for f in fams:
        line = _line_as_bytes(text, ls, le, f["read"], seen)
        if _good_byte_pairs(m, f["true"]).search(line) is not None:
            return True
    return False


_GOOD_BYTES: dict[str, bytes] = {}


def _good_bytes(m: Model, codec: str) -> bytes:
    """Which byte pairs decode with ``codec`` to a character that may stand in a repair:
    ``good[a << 8 | b]`` is 1 for the pair ``a b``. A flat table of bytes, which garbage
    collections do not traverse (a set of 20,000 tuples costs every full collection)."""
    good = _GOOD_BYTES.get(codec)
    if good is None:
        flags = bytearray(0x10000)
        kinds = _KINDS
        for a in range(0x81, 0x100):
            for b in range(0x40, 0x100):
                try:
                    ch = bytes((a, b)).decode(codec)  # _strict, inlined
                except UnicodeDecodeError:
                    continue
                if len(ch) == 1:
                    # _hopeless_latin of one character, inlined: a bad character, U+FFFD, or
                    # a rare Han character (one Han only, fewer than four)
                    k = kinds.get(ch)
                    if k is None:
                        k = _kind(m, ch)
                    if k == 3 or k == 2 or ch == "\ufffd":
                        continue
                elif not ch or _hopeless_latin(m, ch):
                    continue
                flags[a << 8 | b] = 1
        good = _GOOD_BYTES[codec] = bytes(flags)
    return good


def _esc(chars: str) -> str:
    """A regex class body (or a single escaped character) matching exactly ``chars``."""
    return class_body(chars)


def _byte_table(codec: str) -> dict[str, int]:
    """Character -> byte for a single-byte code page (C1 controls pass through as themselves)."""
    table = _TABLES.get(codec)
    if table is None:
        table = {chr(b): b for b in range(0x80)}
        for b in range(0x80, 0x100):
            try:
                table.setdefault(bytes((b,)).decode(codec), b)
            except UnicodeDecodeError:
                table.setdefault(chr(b), b)
        for b in range(0x80, 0xA0):
            table.setdefault(chr(b), b)
        _TABLES[codec] = table
    return table


def _utf8_latin_candidate(m: Model, text: str, start: int, end: int) -> Fix | None:
    """UTF-8 read as cp1252/Latin-1, decoded directly when the whole run is valid UTF-8
    (ftfy declines runs as short as one character; a strict decode is strong evidence)."""
    run = text[start:end]
    for codec in ("cp1252", "latin-1"):
        data = _encode_singlebyte(run, codec)
        if data is None:
            continue
        out = _strict(data, "utf-8")
        if out is not None and out != run:
            fix = _scored(m, run, start, end, out, "utf8-as-latin1", rare_ok=True)
            inner = _inner_layer_ok(out) if fix.gain == float("-inf") else None
            if inner:
                # the outer layer of a double encoding: the next pass decodes the inner one
                return Fix(start, end, out, fix.family, f"outer layer of a double encoding ({inner} inside)", GAIN_MIN)
            if fix.weak_only and fix.gain >= GAIN_MIN and _han_count(out) >= 1 and len(run) >= 3:
                # three Latin characters that form one valid 3-byte UTF-8 CJK character are
                # no coincidence: strong evidence even alone
                fix = Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain, False, False)
            elif (
                fix.weak_only
                and fix.gain >= GAIN_MIN
                and all(ch in PINYIN_SET for ch in out)
                and _GLOSS_OPEN.search(text, max(0, start - 10), start)
                and _GLOSS_CLOSE.match(text, end)
            ):
                # a tone letter inside a pinyin gloss, "(yÄ«)": the gloss is the evidence (a
                # GBK reading of the same two letters would put a Han character in it)
                fix = Fix(fix.start, fix.end, fix.after, fix.family, "pinyin gloss", fix.gain, False, False)
            elif (
                not fix.weak_only
                and fix.gain >= 4.0
                and _han_count(out) >= 2
                and m.score(out) >= ABS_MIN
            ):
                # two Han characters or more from a strict UTF-8 decode, clearly more plausible:
                # confirms the family for the document (names 林依晨 / 贺军翔 in a list)
                fix = Fix(fix.start, fix.end, fix.after, fix.family, fix.note, fix.gain, True, False)
            if fix.gain < GAIN_WEAK and _structural_utf8(run, out):
                # the multibyte structure is the evidence, not frequency: a rare or unknown Han
                # character (诶, 丨, 陜), ・ ╮ ▽, an emoji or an icon-font character (private use)
                # decoded from three or four Latin characters; weak, for a confirmed family
                return Fix(fix.start, fix.end, out, fix.family, "strict UTF-8, rare characters", GAIN_WEAK, False, True)
            return fix if fix.gain > float("-inf") else None
    return None


def _structural_utf8(run: str, out: str) -> bool:
    """``out`` (a strict UTF-8 decode of the Latin-range ``run``) holds a character of three
    or four bytes beyond the Latin, Greek, Cyrillic and punctuation blocks (CJK, kana, box
    drawing, symbols, emoji, private use), and otherwise only ASCII, Latin-1 and general
    punctuation: no control character, no U+FFFD, no letters of other scripts (a first layer
    of a double encoding keeps those)."""
    if len(run) < 3:
        return False
    wide = False
    for ch in out:
        if ch < "" or " " <= ch <= "ÿ" or " " <= ch <= "⁯":
            continue
        if ch >= "─" and ch != "�":
            wide = True
            continue
        return False
    return wide


# a pinyin gloss right after a run: "(hù)", its tone letters possibly garbled the same way
# (GBK row A8 read by the code page: "(h¨´)")
_GLOSS_AFTER = re.compile("\\((?:[a-z" + PINYIN + "]|[\u0080-\u04ff\u2013-\u2122]{2}){1,6}\\)")
# a pinyin gloss around a run: "(" and letters before it, letters and ")" after it (its other
# tone letters may be garbled too)
_GLOSS_OPEN = re.compile("\\([a-z\u00c0-\u024f\u0080-\u00bf]{0,8}$")
_GLOSS_CLOSE = re.compile("[a-z\u00c0-\u024f\u0080-\u00bf]{0,8}\\)")


def _inner_layer_ok(out: str) -> str | None:
    """The result of peeling one layer is itself UTF-8 read as cp1252/Latin-1, or UTF-8 read
    as GBK, decoding strictly: only then is it an outer layer of a double encoding."""
    for codec in ("cp1252", "latin-1"):
        data = _encode_singlebyte(out, codec)
        if data is not None and _strict(data, "utf-8") is not None:
            return "latin"
    if _HAS_LATIN.search(out) is not None:
        return None
    # CJK mojibake (UTF-8 read as GBK, possibly with U+FFFD): dense with suspicious characters
    m = model()
    non_ascii = sum(1 for ch in out if ch >= "\x80")
    return "cjk" if non_ascii >= 4 and len(m.suspect_re.findall(out)) * 2 >= non_ascii else None


def _ftfy_candidate(m: Model, text: str, start: int, end: int) -> Fix | None:
    import ftfy

    seg = text[start:end]
    fixed = ftfy.fix_encoding(seg, _ftfy_config())
    if fixed == seg:
        return None
    # trim the common prefix/suffix so the span is the repaired part only
    p = 0
    while p < min(len(seg), len(fixed)) and seg[p] == fixed[p]:
        p += 1
    q = 0
    while q < min(len(seg), len(fixed)) - p and seg[-1 - q] == fixed[-1 - q]:
        q += 1
    before = seg[p : len(seg) - q]
    after = fixed[p : len(fixed) - q]
    fix = _scored(m, before, start + p, start + p + len(before), after, "utf8-as-latin1", note="via ftfy")
    inner = _inner_layer_ok(after) if fix.gain == float("-inf") else None
    if inner:
        # a first layer of a double encoding: the result is mojibake that the next pass repairs
        note = f"via ftfy; outer layer of a double encoding ({inner} inside)"
        fix = Fix(fix.start, fix.end, after, fix.family, note, GAIN_MIN)
    return fix


_FTFY_CONFIG = None


def _ftfy_config():
    """ftfy settings that never touch Chinese text outside the encoding fix.

    Width fixing turns ，：（） into ASCII, quote uncurling flattens “”, ligature fixing and
    NFC change compatibility characters (NFC maps CJK compatibility ideographs U+F900-FAFF),
    line-break fixing and control removal belong to other steps. Only ``fix_encoding`` (with
    its C1 and byte-0xA0 restoration) is kept.
    """
    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        from ftfy import TextFixerConfig

        _FTFY_CONFIG = TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_encoding=True,
            restore_byte_a0=True,
            replace_lossy_sequences=False,
            decode_inconsistent_utf8=True,
            fix_c1_controls=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=False,
            remove_control_chars=False,
            normalization=None,
            explain=False,
        )
    return _FTFY_CONFIG


# ---------------------------------------------------------------------------------------------
# one-byte misalignment (gbk-shift)

_TRAILS = [t for t in range(0x40, 0xFF) if t != 0x7F]
_LEADS = list(range(0x81, 0xFF))
_ASCII_TO_FULL = {";": "；", ",": "，", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


def _gb_char(b: bytes) -> str | None:
    ch = _strict(b, "gb18030")
    if ch is None or len(ch) != 1:
        return None
    return ch


def _shift_candidate(m: Model, text: str, start: int, end: int) -> Fix | None:
    """GBK bytes read one byte off: the run's bytes shifted by one, the lost lead byte in front
    and the lost trail byte at the end filled in by the frequency model (seed 002)."""
    # the shift is born where ASCII bytes were inserted into the GBK stream, so the run starts
    # right after an ASCII character: never at a line start or after other Chinese (常昊)
    if start == 0 or not "!" <= text[start - 1] <= "~":
        return None
    run_start = start
    # an ASCII punctuation mark that was a full-width one (；normalised to ;) starts the run
    prefix = ""
    if run_start > 0 and text[run_start - 1] in _ASCII_TO_FULL:
        cand = _ASCII_TO_FULL[text[run_start - 1]]
        if run_start >= 2 and text[run_start - 2] >= "\u4e00":  # the character before the mark
            prefix = cand
            run_start -= 1
    # the garble is the start of the run, up to its last suspicious character within 12
    last = None
    for i in range(start, min(end, start + 12)):
        if m.suspect_re.match(text[i]):
            last = i
    if last is None:
        return None
    end = last + 1
    run = prefix + text[start:end]
    has_remnant = start > 0 and text[start - 1] == ")" and _GLOSS_REMNANT.search(text, max(0, start - 8), start)
    if len(run) < 2 and not has_remnant:
        return None
    try:
        data = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if len(data) != 2 * len(run):
        return None
    # interior: bytes 1 .. -1 regrouped one byte later
    inner = data[1:-1]
    mid = _strict(inner, "gb18030")
    if mid is None or len(mid) * 2 != len(inner) or _shift_hopeless(m, run, mid):
        return None
    left = text[run_start - 1] if run_start > 0 else ""
    remnant = _GLOSS_REMNANT.search(text, max(0, run_start - 8), run_start)
    leads = _LEADS
    if remnant is not None and remnant.end() == run_start:
        span_start = remnant.start()
        left = text[span_start - 1] if span_start > 0 else ""
        # the gloss was inserted after the bytes of a traditional character that straddled the
        # previous character's trail byte and the lost byte: that constrains the lost byte
        gloss = _GLOSS_BEFORE.search(text, max(0, span_start - 10), span_start)
        prev = (gloss.group(1) or gloss.group(2)) if gloss is not None else ""
        if prev:
            left = prev
            try:
                trail = prev.encode("gb18030")[-1]
            except UnicodeEncodeError:
                trail = None
            if trail is not None:
                leads = _traditional_leads(m, trail)
    else:
        span_start = run_start
    right = text[end] if end < len(text) else ""
    first = _best_fill(m, left, _fill_options(m, leads, data[0], None), mid[:1] or right)
    last = _best_fill(m, mid[-1:] if mid else first, _fill_options(m, None, None, data[-1]), right)
    if first is None or last is None:
        return None
    after = first + mid + last
    before = text[span_start:end]
    fix = _scored(m, run, span_start, end, after, "gbk-shift", note="lossy: first and last byte guessed")
    if fix.gain < GAIN_MIN + 1.0 or _han_count(after) < 2:
        return None
    return Fix(fix.start, fix.end, fix.after, fix.family, fix.note + f"; was {before!r}", fix.gain, False)


def _shift_hopeless(m: Model, run: str, mid: str) -> bool:
    """True when every completion ``first + mid + last`` of a shifted run is rejected by
    :func:`_scored` whatever the two guessed characters are (both are Han): a bad character
    in ``mid``, or rare Han characters there that the shape rule rejects even with two more
    Han characters around them. The usual case on clean text (a shifted reading of real GBK
    is a jumble of rare characters), decided before the lost bytes are guessed."""
    counts = _han_rare(m, mid)
    if counts is None:
        return True
    han, rare = counts
    if not rare:
        return False
    han += 2
    ratio = 4 if _han_count(run) == 0 else 10
    return han < ratio or rare * ratio > han


_FILLS: dict[tuple, list[tuple[str, float, str, float]]] = {}
_TRAD_LEADS: dict[int, list[int]] = {}


def _traditional_leads(m: Model, trail: int) -> list[int]:
    """Lead bytes ``x`` for which ``trail`` + ``x`` is a traditional character (all leads if
    none is); cached per byte."""
    leads = _TRAD_LEADS.get(trail)
    if leads is None:
        allowed = [x for x in _LEADS if (c := _gb_char(bytes((trail, x)))) is not None and c in m.t2s]
        leads = _TRAD_LEADS[trail] = allowed or _LEADS
    return leads


def _fill_options(
    m: Model, leads: list[int] | None, trail: int | None, lead: int | None
) -> list[tuple[str, float, str, float]]:
    """The Han characters a lost byte can complete (each with its log-probability, its
    simplified form and that form's log-probability, for the bigram bonus), in byte
    order: ``leads`` before a known ``trail``, or any trail byte after a known ``lead``.
    Cached per byte (the guesses depend on the byte only, the context is scored per call)."""
    key = (tuple(leads) if leads is not None else None, trail, lead)
    opts = _FILLS.get(key)
    if opts is None:
        pairs = [(x, trail) for x in leads] if leads is not None else [(lead, y) for y in _TRAILS]
        opts = []
        for a, b in pairs:
            ch = _gb_char(bytes((a, b)))
            if ch is not None and char_class(ch) == "han":
                simp = m.t2s.get(ch, ch)
                opts.append((ch, m.char_logp(ch), simp, m.logp.get(simp, m.floor)))
        _FILLS[key] = opts
    return opts


def _best_fill(m: Model, left: str, options: list[tuple[str, float, str, float]], right: str) -> str | None:
    """The option with the best log-probability plus :meth:`Model.fill_bonus` with its
    neighbours (inlined: this runs over a hundred options per lost byte)."""
    if len(options) > 16:
        return _best_fill_indexed(m, left, options, right)
    best = None
    t2s = m.t2s
    bigram = m.bigram
    logp = m.logp
    floor = m.floor
    use_left = bool(left) and left >= "\u3400"
    use_right = bool(right) and right >= "\u3400"
    a_left = t2s.get(left, left)
    b_right = t2s.get(right, right)
    lb_right = logp.get(b_right, floor)
    for ch, s, simp, lb in options:
        if use_left:
            lab = bigram.get(a_left + simp)
            if lab is not None:
                s += 2.0 + max(0.0, lab - lb)
        if use_right:
            lab = bigram.get(simp + b_right)
            if lab is not None:
                s += 2.0 + max(0.0, lab - lb_right)
        if best is None or s > best[0]:
            best = (s, ch)
    return best[1] if best else None


_FILL_INDEX: dict[int, tuple] = {}


def _best_fill_indexed(m: Model, left: str, options: list[tuple[str, float, str, float]], right: str) -> str | None:
    """:func:`_best_fill` over a long option list (cached lists: see :func:`_fill_options`),
    with the same result. The bonuses are positive and given only to pairs in the bigram
    table, so the winner (the first option with the highest score) is the first option of
    highest log-probability or an option the table pairs with a neighbour; those are found by
    intersecting the list's index of simplified forms with the neighbours' pairs, and only
    they are scored, in list order."""
    idx = _FILL_INDEX.get(id(options))
    if idx is None or idx[0] is not options:
        by_simp: dict[str, list[int]] = {}
        for i, opt in enumerate(options):
            by_simp.setdefault(opt[2], []).append(i)
        best_i = max(range(len(options)), key=lambda i: (options[i][1], -i)) if options else -1
        if len(_FILL_INDEX) >= 2000:
            _FILL_INDEX.clear()
        idx = _FILL_INDEX[id(options)] = (options, {k: tuple(v) for k, v in by_simp.items()}, best_i)
    _, by_simp, best_i = idx
    if best_i < 0:
        return None
    t2s = m.t2s
    bigram = m.bigram
    use_left = bool(left) and left >= "\u3400"
    use_right = bool(right) and right >= "\u3400"
    a_left = t2s.get(left, left)
    b_right = t2s.get(right, right)
    lb_right = m.logp.get(b_right, m.floor)
    chosen = {best_i}
    if use_left:
        for b in by_simp.keys() & _neighbour_keys(m, 0, a_left).keys():
            chosen.update(by_simp[b])
    if use_right:
        for a in by_simp.keys() & _neighbour_keys(m, 1, b_right).keys():
            chosen.update(by_simp[a])
    best = None
    for i in sorted(chosen):
        ch, s, simp, lb = options[i]
        if use_left:
            lab = bigram.get(a_left + simp)
            if lab is not None:
                s += 2.0 + max(0.0, lab - lb)
        if use_right:
            lab = bigram.get(simp + b_right)
            if lab is not None:
                s += 2.0 + max(0.0, lab - lb_right)
        if best is None or s > best[0]:
            best = (s, ch)
    return best[1]


# ---------------------------------------------------------------------------------------------
# driver


def _lines_with_suspects(m: Model, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line that holds a suspicious character."""
    pos = 0
    search = m.suspect_re.search
    while True:
        hit = search(text, pos)
        if hit is None:
            return
        ls = text.rfind("\n", 0, hit.start()) + 1
        le = text.find("\n", hit.start())
        if le == -1:
            le = len(text)
        yield ls, le
        pos = le + 1


def find_fixes(text: str) -> list[Fix]:
    """Candidate repairs over ``text`` that pass the plausibility bar, non-overlapping, in order.

    All candidates of all lines go into one pool. Families with a confident repair (a long run,
    a large gain) make up the document's corruption profile; short runs of a confirmed family
    are then accepted on weaker evidence, and preferred over other families' readings.
    """
    m = model()
    if m.suspect_re.search(text) is None:
        return []
    fams = families()
    multi = [f for f in fams if f["kind"] == "multibyte"]
    single = [f for f in fams if f["kind"] == "singlebyte"]
    pool: list[Fix] = []
    short_lines: list[tuple[int, int]] = []  # lines whose short non-dense runs are read later
    weak_latin: list[tuple[int, int]] = []  # Latin lines that can only hold weak code-page runs
    memo = _LINE_MEMO
    strong = _strong_pairs(single)  # once per document, not per line
    for ls, le in _lines_with_suspects(m, text):
        line = text[ls:le]
        hit = memo.get(line)
        if hit is None:
            found: list[Fix] = []
            weak = _line_candidates(m, text, ls, le, found, multi, single, strong)
            if le - ls <= MEMO_MAX_LINE:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[line] = (tuple(_moved(f, -ls) for f in found), weak)
        else:
            found = [_moved(f, ls) for f in hit[0]]
            weak = hit[1]
        pool.extend(found)
        if weak:
            weak_latin.append((ls, le))
        short_lines.append((ls, le))
    # short runs with one rare character: evidence only for a confirmed profile, so they are
    # read only with the families the rest of the document confirmed
    confirmed = {f.family for f in pool if f.confident and f.gain > float("-inf")}
    fams_c = [f for f in multi if f["id"] in confirmed]
    single_c = [f for f in single if f["id"] in confirmed]
    for ls, le in weak_latin if single_c else ():
        pool.extend(_singlebyte_candidates(m, text, ls, le, single_c))
    for ls, le in short_lines if fams_c else ():
        for r in _NON_ASCII_RUN.finditer(text, ls, le):
            s, e = r.start(), r.end()
            if e - s <= 4 and not _dense(m, text, s, e):
                han_run = _HAN.search(text, s, e) is not None
                # Han that are all common: words as they stand (苹果), not a garble's rare ones
                common_han = han_run and all(_kind(m, ch) != 2 for ch in text[s:e])
                pool.extend(
                    Fix(c.start, c.end, c.after, c.family, c.note, c.gain, False, True, han_run=common_han)
                    for c in _multibyte_candidates(m, text, s, e, fams_c, lossy=False)
                    # between GBK and Big5, Han read as symbols only (篇 as ⑩) is a reading of
                    # clean text, not a repair (a pinyin gloss letter, 坓 for ā, is one; UTF-8
                    # read as GBK does turn symbols into Han: 路 for ·)
                    if not han_run
                    or c.family not in _DOUBLE_BYTE
                    or _HAN.search(c.after) is not None
                    or any(ch in PINYIN_SET for ch in c.after)
                )
    return _select(pool)



# Phase one of :func:`find_fixes` reads each line on its own (its candidates depend on the
# line's text only: context never crosses a line break), so the candidates of a line are kept
# per process, offsets relative to the line: scraped pages repeat lines (navigation, footers,
# icon-font labels) within a page and across the pages of a site. Bounded: cleared when full.
MEMO_SIZE = 20_000
MEMO_MAX_LINE = 500  # so a full memo holds at most 10M characters (~20-40 MB) per process
_LINE_MEMO: dict[str, tuple[tuple[Fix, ...], bool]] = {}


def clear_memo() -> None:
    """Forget the per-line candidates kept across calls (for measurements of cold speed)."""
    _LINE_MEMO.clear()


def _moved(f: Fix, delta: int) -> Fix:
    group = f.group + delta if f.group >= 0 else -1
    return Fix(f.start + delta, f.end + delta, f.after, f.family, f.note, f.gain, f.confident, f.weak_only, group)


def _line_candidates(
    m: Model,
    text: str,
    ls: int,
    le: int,
    found: list[Fix],
    multi: list[dict],
    single: list[dict],
    strong: tuple[re.Pattern, re.Pattern] | None = None,
) -> bool:
    """Phase one for the line ``text[ls:le]``: append its candidates to ``found``; True when
    the line can hold only weak code-page runs (read later if the document confirms a family).
    ``strong``: :func:`_strong_pairs` of ``single``, if the caller has it."""
    weak = False
    shift_starts = _shift_start_re(m).finditer
    if _HAS_LATIN.search(text, ls, le):
        if _UTF8_LATIN.search(text, ls, le):
            for r in _LATIN_RUN.finditer(text, ls, le):
                if _UTF8_LATIN.search(r.group()):
                    fx = _utf8_latin_candidate(m, text, r.start(), r.end())
                    if fx is None:
                        fx = _ftfy_candidate(m, text, r.start(), r.end())
                    if fx is not None:
                        found.append(fx)
        # (no match starts before the prefilter's first hit)
        strong_pre, strong_full = strong or _strong_pairs(single)
        hit = strong_pre.search(text, ls, le)
        if hit is not None and strong_full.search(text, hit.start(), le) is not None:
            found.extend(_singlebyte_candidates(m, text, ls, le, single))
        else:
            weak = True
        if _GLUED_ANY.search(text, ls, le) is not None and _GLUED_PAIR.search(text, ls, le) is not None:
            found.extend(_glued_candidates(m, text, ls, le, single))
    if not _dense(m, text, ls, le):
        # no dense run in the line (the usual case: a rare name, pinyin, an emoji): only
        # runs right after ASCII punctuation can be a one-byte-shifted garble
        for h in shift_starts(text, ls, le):
            s = h.end()
            if _inside_run(text, ls, s):
                continue
            sh = _shift_candidate(m, text, s, _NON_ASCII_RUN.match(text, s, le).end())
            if sh is not None:
                found.append(sh)
        return weak
    dense_in = _dense_re(m).search  # _dense, inlined
    for s, e in _runs_to_read(m, text, ls, le):
        if dense_in(text, s, e) is None:
            if s > 0 and (text[s - 1] == ")" or text[s - 1] in _ASCII_TO_FULL) and m.suspect_re.match(text, s):
                sh = _shift_candidate(m, text, s, e)
                if sh is not None:
                    found.append(sh)
            continue
        for ws in range(s, e, MAX_RUN):
            we = min(e, ws + MAX_RUN)
            cands = [
                _weak(c) if _thin(text[c.start : c.end]) else c
                for c in _multibyte_candidates(m, text, ws, we, multi)
                if c.gain > float("-inf")
            ]
            if not cands or max(c.gain for c in cands) < GAIN_MIN:
                sh = _shift_candidate(m, text, ws, we)
                if sh is not None:
                    cands.append(sh)
            found.extend(cands)
    # a line group only extends a family's reading of some run of the line: reading every
    # dense line's runs with both double-byte families costs a third of the step's time on
    # clean text (rare names, icon fonts), for the rare line whose runs are all too short to
    # be read alone (one line of the benchmark)
    have = {f.family for f in found if f.gain > float("-inf")}
    group_fams = [f for f in multi if f["id"] in have]
    if group_fams:
        alone = {(f.start, f.end, f.after) for f in found if not f.weak_only and f.gain >= GAIN_MIN}
        found.extend(_line_group_candidates(m, text, ls, le, group_fams, alone))
    return weak


_DOUBLE_BYTE = frozenset(("gbk-as-big5", "big5-as-gbk"))  # families between two legacy CJK codecs
# a Latin-range piece glued to an ASCII letter is part of a word (café), never a garble piece
_LATIN_PIECE = re.compile("[\u0080-\u052f]+")
_ASCII_LETTER = re.compile("[A-Za-z]")


def _line_group_candidates(
    m: Model, text: str, ls: int, le: int, fams: list[dict], alone: set[tuple[int, int, str]] = frozenset()
) -> Iterator[Fix]:
    """The non-ASCII runs of one line read together by a double-byte family (GBK read as Big5,
    Big5 read as GBK).

    A line misread this way is misread as a whole: ASCII (digits, spaces, Latin words) splits
    its garble into runs, and the short ones (年 between digits, 篇 before a number, a
    three-character name, 《 before a title) are too short to decide alone. Read together with
    the rest of the line they are one garble, scored as one: consecutive runs that decode
    strictly to non-bad characters form a group, and a group of two runs or more is a
    candidate whose gain and confidence are the group's. A run joins only if it holds a
    suspicious character, or its reading is at least as plausible as itself, or it is a few
    symbols with no Han (⑩ ▲ ◎ read back as 篇 《 》); a run of clean Chinese breaks the group.
    Rare Han characters are allowed one in four (a name: 寒冰冽 回复了此帖) but then only as a
    weak reading, which needs the family confirmed (by a confident repair, possibly the line's
    own main run). ``alone``: (start, end, reading) of the runs read on their own evidence,
    which join as they are."""
    runs = [(r.start(), r.end()) for r in _NON_ASCII_RUN.finditer(text, ls, le)]
    if len(runs) < 2 or len(runs) > 400:
        return
    suspect = m.suspect_re.search
    for fam in fams:
        true = fam["true"]
        if true == "utf-8":
            continue  # UTF-8's structure is evidence enough run by run
        best: tuple | None = None
        for k, rd in enumerate(fam["read"].split("|")):
            pieces: list[tuple[int, int, str] | None] = []
            for s, e in runs:
                run = text[s:e]
                try:
                    out = run.encode(rd).decode(true)
                except (UnicodeEncodeError, UnicodeDecodeError):
                    pieces.append(None)
                    continue
                if out == run or _han_rare(m, out) is None:
                    verdict = -1
                elif (s, e, out) in alone:
                    verdict = 1
                else:
                    verdict = _group_piece(m, text, s, e, run, out, suspect)
                if verdict < 0:
                    pieces.append(None)
                elif verdict:
                    pieces.append((s, e, out))
            pieces.append(None)
            group: list[tuple[int, int, str]] = []
            found: list[Fix] = []
            for piece in pieces:
                if piece is not None:
                    group.append(piece)
                    continue
                if len(group) >= 2:
                    fix = _group_fix(m, text, group, fam["id"])
                    if fix is not None and fix.weak_only and not any((s, e, out) in alone for s, e, out in group):
                        # weak evidence is taken from the line itself: a group of short runs in a
                        # line with no run read alone (an emoticon ╭ o(︶︿︶)o) is not a garble
                        # just because the document confirms the family elsewhere
                        fix = None
                    if fix is not None:
                        note = "read with the other runs of its line"
                        found.extend(
                            Fix(s, e, out, fix.family, note, fix.gain, fix.confident, fix.weak_only, fix.start)
                            for s, e, out in group
                        )
                group = []
            if found:
                # one reading per family: the one covering more of the line, then the larger
                # gain, the first reading (Big5-HKSCS, as browsers decode Big5) preferred on a
                # near tie
                key = (sum(f.end - f.start for f in found), max(f.gain for f in found) - READ_TIE * (k > 0))
                if best is None or key > best[0]:
                    best = (key, found)
        if best is not None:
            yield from best[1]


def _group_piece(m: Model, text: str, s: int, e: int, run: str, out: str, suspect) -> int:
    """Whether a run joins a line group (1), is left to the run-by-run reading (0), or breaks
    the group (-1; see :func:`_line_group_candidates`).

    A run joins when its reading is a garble's: a run holding a bad or odd character (private
    use, kana, bopomofo, IPA) read without one; a run of suspicious Han read as more plausible
    Han, no rarer and no fewer; a few symbols, no Chinese prose punctuation among them, read as
    Han or punctuation (⑩ ▲ ◎ ﹝ for 篇 《 》 。); one or two common characters read as far more
    common ones (瘍 for 号, 4 nats). Any other run of common characters, or one whose
    reading is no better, may be clean text next to a garble (猫猫, 醫, 《): it stays out of the
    group without breaking it. A Latin word, or letters glued to one, breaks it."""
    latin = _LATIN_PIECE.fullmatch(run) is not None
    if latin and (
        len(run) > 2
        or (s > 0 and _ASCII_LETTER.match(text[s - 1]))
        or (e < len(text) and _ASCII_LETTER.match(text[e]))
    ):
        return -1  # a Latin word, or letters glued to one
    if _HAN.search(run) is None:
        # a few symbols (⑩ ▲ ◎ ﹝) read back as Han or Chinese punctuation
        if len(run) <= 3 and not any(ch in _PROSE_PUNCT for ch in run):
            return int(all(char_class(ch) in ("han", "punct") for ch in out))
        return 0
    if suspect(run) is None:
        # common characters read as far more common ones (瘍 for 号 after a number)
        return int(len(run) <= 2 and m.score(out) - m.score(run) >= 4.0)
    before = _han_rare(m, run)
    if before is None:
        return 1  # a bad or odd character read without one
    after = _han_rare(m, out)
    if after is None or after[0] < before[0] or after[1] > before[1]:
        return 0
    return int(m.score(out) > m.score(run))


# the punctuation of Chinese prose: never the garble of a line group's symbol-only run
_PROSE_PUNCT = frozenset("，。、：；！？（）《》〈〉“”‘’「」『』【】〔〕…—～·")


def _group_fix(m: Model, text: str, group: list[tuple[int, int, str]], family: str) -> Fix | None:
    """Score a line group as one garble (offsets: the group's span; after: its runs' readings)."""
    gs, ge = group[0][0], group[-1][1]
    # the group's runs only (runs left out of the group are not scored with it), one space
    # between them as the ASCII between them (no bigram across)
    before = " ".join(text[s:e] for s, e, _ in group)
    after = " ".join(out for _, _, out in group)
    counts = _han_rare(m, after)
    if counts is None:
        return None
    han, rare = counts
    if han < 2 or _CJK_CHAR.search(before) is None:
        return None
    s_after = m.score(after)
    gain = s_after - m.score(before)
    if gain < GAIN_WEAK or s_after < ABS_WEAK:
        return None
    common_shape = rare * 10 <= han and (rare == 0 or han >= 10)
    if not common_shape and not (han >= 4 and rare * 4 <= han):
        return None
    if _russian_word(before, 3) or _KANA_WORD.search(before) is not None:
        return None
    # confirming the family takes four different Han characters: runs repeated in a line
    # (a garbled word three times) are one piece of evidence
    confident = common_shape and gain >= 4.0 and len(set(_HAN.findall(after))) >= 4 and s_after >= ABS_MIN
    # a group of a few short runs (one character repeated: 鍙 鍙 鍙) is no more evidence than
    # one thin run: it needs a confirmed family
    garble = "".join(text[s:e] for s, e, _ in group)
    weak_only = not common_shape or gain < GAIN_MIN or han < 4 or _thin(garble)
    if family in _KANA_READERS and _japanese_shaped(m, garble):
        weak_only = True  # Japanese quoted in the line, not a garble of it
    return Fix(gs, ge, after, family, "", gain, confident and not weak_only, weak_only)


# ASCII punctuation followed by a run character: where a one-byte-shifted run may start
_SHIFT_START = re.compile(r"[;,:!?()](?=[^\x00-\x7f\s\u3000])")


_SHIFT_RE: list[re.Pattern] = []


def _shift_start_re(m: Model) -> re.Pattern:
    """:data:`_SHIFT_START` followed by a suspicious character, as one regex (built once)."""
    if not _SHIFT_RE:
        _SHIFT_RE.append(re.compile(r"[;,:!?()](?=(?![\s\u3000])" + m.suspect_re.pattern + ")"))
    return _SHIFT_RE[0]


# characters that end a non-ASCII run (see _NON_ASCII_RUN): ASCII but '?', and spaces
_LAST_SEP = re.compile("(?s:.*)[\\x00-\\x3e\\x40-\\x7f\\s\u3000]")
_QMARKS = re.compile(r"\?*")
_RUN_CHAR = re.compile("[^\\x00-\\x7f\\s\u3000]")


def _runs_to_read(m: Model, text: str, ls: int, le: int) -> list[tuple[int, int]]:
    """The non-ASCII runs of ``text[ls:le]``, (start, end) as ``_NON_ASCII_RUN.finditer``
    gives them and in order, that the run loop of :func:`_line_candidates` can act on: every
    dense run, and every run right after ASCII punctuation that starts with a suspicious
    character (one-byte-shifted candidates); a few others may come too (the loop checks).

    A dense line of glosses or short phrases holds a hundred runs and a handful of dense ones:
    the dense regex is searched over the line instead, each hit naming the run it starts in
    (a run whose hit spans into the next run is not always dense: the loop decides), and the
    search resumes after that run, so no dense run is passed over."""
    dense = _dense_re(m).search
    runs: list[tuple[int, int]] = []
    lower = pos = ls
    while True:
        hit = dense(text, pos, le)
        if hit is None:
            break
        p = hit.start()
        if _RUN_CHAR.match(text, p) is None:
            pos = p + 1  # a dense match starting on a space or a control character
            continue
        sep = _LAST_SEP.match(text, lower, p)
        start = _QMARKS.match(text, sep.end() if sep is not None else lower).end()
        end = _NON_ASCII_RUN.match(text, start, le).end()
        runs.append((start, end))
        lower = pos = end
    for hit in _shift_start_re(m).finditer(text, max(ls - 1, 0), le):
        start = hit.end()
        if not _inside_run(text, ls, start):
            runs.append((start, _NON_ASCII_RUN.match(text, start, le).end()))
    return sorted(set(runs))


def _inside_run(text: str, ls: int, p: int) -> bool:
    """Whether position ``p`` (after a '?') continues a non-ASCII run ('?' may stand inside
    one for a lost byte) rather than starting one."""
    q = p - 1
    while q >= ls and text[q] == "?":
        q -= 1
    return q < p - 1 and q >= ls and _NON_ASCII_RUN.match(text, q, q + 1) is not None


def _select(pool: list[Fix]) -> list[Fix]:
    weight: dict[str, int] = {}
    for f in pool:
        if f.confident and f.gain > float("-inf"):
            weight[f.family] = weight.get(f.family, 0) + (f.end - f.start)
    confirmed = set(weight)
    dominant = max(weight, key=lambda k: (weight[k], k)) if weight else None

    def acceptable(f: Fix) -> bool:
        if f.gain == float("-inf"):
            return False
        if not f.weak_only and f.gain >= GAIN_MIN:
            return True
        if f.family in confirmed and f.gain >= GAIN_WEAK:
            return True
        # the dominant family's reading of a short run whose garble looks like punctuation
        # (‘™ for 元 in MacRoman): common Chinese is enough (a short run of common Han only
        # next to another repair of the family, see below)
        return f.family == dominant and f.gain >= GAIN_DOMINANT and not f.han_run

    ok = [f for f in pool if acceptable(f)]
    if dominant is not None:
        ok.extend(_beside_repairs(pool, ok, dominant))
    # evidence of each family among the acceptable repairs that stand on their own: where no
    # family is confirmed, the reading that explains more of the text wins an overlap (a
    # line's 来自客户端楼 in Latin-1 over one 双 in MacRoman)
    support: dict[str, int] = {}
    for f in ok:
        if not f.weak_only:
            support[f.family] = support.get(f.family, 0) + (f.end - f.start)
    # the document's dominant family first, then confident repairs, then the better supported
    # family, then the larger gain
    # a strict UTF-8 decode of Latin-range text is rarely a coincidence (any byte pair is GBK)
    ok.sort(
        key=lambda f: (
            f.family == "utf8-as-latin1" and "cjk inside" not in f.note and "ftfy" not in f.note,
            weight.get(f.family, 0),
            f.confident,
            support.get(f.family, 0),
            f.gain,
        ),
        reverse=True,
    )
    taken = _take(ok)
    if any(f.group >= 0 for f in ok):
        # a line group is one garble: where another reading wins one of its runs, none of its
        # runs is read that way (a GBK-read-as-Big5 group of the short leftovers of a UTF-8
        # garble is a coincidence)
        for _ in range(4):
            broken = set()
            starts = [t.start for t in taken]
            for f in ok:
                if f.group < 0:
                    continue
                j = bisect.bisect_left(starts, f.end) - 1
                while j >= 0 and taken[j].end > f.start and taken[j].family != f.family:
                    j -= 1
                if j < 0 or taken[j].end <= f.start:
                    broken.add((f.family, f.group))
            if not broken:
                break
            ok = [f for f in ok if (f.family, f.group) not in broken]
            taken = _take(ok)
    return taken


NEAR = 8  # characters between a short run of common Han and a repair it continues


def _beside_repairs(pool: list[Fix], ok: list[Fix], dominant: str) -> list[Fix]:
    """Short runs of common Han read by the document's dominant family, taken only where a
    repair of that family ends or starts within ``NEAR`` characters: inside a garbled stretch
    (カ洛(y坧)媚 between pinyin glosses) they are garble too, while a clean word elsewhere in
    the line (苹果 beside a Japanese name, a clean sentence joined to a garbled one) stays."""
    spans = sorted((f.start, f.end) for f in ok if f.family == dominant)
    if not spans:
        return []
    starts = [a for a, _ in spans]
    out = []
    for f in pool:
        if not f.han_run or f.family != dominant or f.gain < GAIN_DOMINANT or f.gain == float("-inf"):
            continue
        j = bisect.bisect_right(starts, f.start) - 1
        near = (j >= 0 and 0 <= f.start - spans[j][1] <= NEAR) or (
            j + 1 < len(spans) and 0 <= spans[j + 1][0] - f.end <= NEAR
        )
        if near:
            out.append(f)
    return out


def _take(ok: list[Fix]) -> list[Fix]:
    """Greedy selection of non-overlapping fixes, in the order of ``ok``."""
    # taken spans kept sorted (they never overlap, so their ends are sorted too): a span
    # overlaps one of them exactly when the last one starting before its end ends after its start
    taken: list[Fix] = []
    starts: list[int] = []
    has_empty = False
    for f in ok:
        if f.start == f.end or has_empty:
            # an empty span breaks the sorted ends: the plain check
            if any(f.start < t.end and t.start < f.end for t in taken):
                continue
        else:
            k = bisect.bisect_left(starts, f.end)
            if k and taken[k - 1].end > f.start:
                continue
        k = bisect.bisect_right(starts, f.start)
        taken.insert(k, f)
        starts.insert(k, f.start)
        has_empty = has_empty or f.start == f.end
    return taken


DENSE_LOGP = -11.0  # characters rarer than this (about 1 in 60,000) count as mojibake-like


def _dense(m: Model, text: str, s: int, e: int) -> bool:
    """Two rare characters within four positions, or a U+FFFD/private-use character:
    mojibake runs are dense with them, clean text with a rare name is not.

    One search with a regex built once from the model (see :func:`_dense_re`)."""
    return _dense_re(m).search(text, s, e) is not None


_DENSE_RE: list[re.Pattern] = []

_HAN_RANGES = "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff\uf900-\ufaff"
_BAD_RANGES = "\x00-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff"
_ODD_RANGES = (
    "\u00a0-\u024f\u0370-\u052f\u3040-\u30ff\u3100-\u312f\u2500-\u257f\uac00-\ud7af"
    "\u2e80-\u2fdf\u3190-\u31ff\ufe30-\ufe4f\uff61-\uffef"
)


def _dense_re(m: Model) -> re.Pattern:
    """A bad character (class 'bad', not in the model), or two counted characters at most
    three positions apart. Counted: in the model with a log-probability below DENSE_LOGP, or
    not in the model and of class 'han' or 'odd' (emoji, symbols and punctuation are not).

    Both sets are written as plain character classes (the ranges with the model's characters
    and the punctuation cut out, built once), and the pattern starts with their union: the
    regex engine then scans for a starting character in one step per position, where an
    alternation (with a negative lookahead before each class) was tried at every position.
    The two sets are disjoint (the bad ranges meet neither the Han nor the odd ones; the
    rare characters are in the model), so a bad start is a match of its own (the lookbehind)
    and a counted one needs a second within three positions: the same matches as
    ``bad|counted.{0,2}counted``."""
    if not _DENSE_RE:
        excluded = {ord(c) for c in m.logp}
        excluded.update(ord(c) for c in COMMON_SYMBOLS + "".join(c for c in PINYIN if c > "\xff"))
        excluded.update(range(0xFF01, 0xFF5F))
        low = sorted(ord(c) for c, lp in m.logp.items() if lp < DENSE_LOGP)
        bad = _ranges_minus(_BAD_RANGES, excluded)
        counted = _ranges_minus(_HAN_RANGES + _ODD_RANGES, excluded) + _class_escape("".join(map(chr, low)))
        pat = "[" + bad + counted + "](?:(?<=[" + bad + "])|.{0,2}[" + counted + "])"
        _DENSE_RE.append(re.compile(pat, re.S))
    return _DENSE_RE[0]


def _ranges_minus(ranges: str, excluded: set[int]) -> str:
    """The body of a character class: ``ranges`` (as written in a class, ``a-z`` or single
    characters) without the code points in ``excluded``."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            spans.append((ord(ranges[i]), ord(ranges[i + 2])))
            i += 3
        else:
            spans.append((ord(ranges[i]), ord(ranges[i])))
            i += 1
    cut = sorted(excluded)
    parts: list[str] = []
    for lo, hi in spans:
        k = bisect.bisect_left(cut, lo)
        cur = lo
        while k < len(cut) and cut[k] <= hi:
            if cut[k] > cur:
                parts.append(re.escape(chr(cur)) + "-" + re.escape(chr(cut[k] - 1)))  # = _class_escape of one
            cur = cut[k] + 1
            k += 1
        if cur <= hi:
            parts.append(re.escape(chr(cur)) + "-" + re.escape(chr(hi)))
    return "".join(parts)


def _pick(cands: list[Fix]) -> Fix | None:
    cands = [c for c in cands if c.gain > float("-inf")]
    if not cands:
        return None
    return max(cands, key=lambda c: c.gain)


def _apply(text: str, fixes: list[Fix]) -> str:
    parts = []
    pos = 0
    for f in fixes:
        parts.append(text[pos : f.start])
        parts.append(f.after)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def repair_text(text: str, *, remove_unrecoverable: bool = False) -> tuple[str, list[Fix]]:
    """Repair to a fixed point; return the text and the fixes, offsets into the input text.

    A repair pass runs again on its own output (double encodings peel one layer per pass). If
    no fixed point is reached within ``MAX_PASSES`` the input is returned unchanged, so the
    function is idempotent by construction.
    """
    fixes = find_fixes(text)
    if remove_unrecoverable:
        junk = [Fix(u.start, u.end, "", u.family, "unrecoverable run removed") for u in find_unrecoverable(text)]
        fixes = _merge(fixes, junk)
    if not fixes:
        return text, []
    current = _apply(text, fixes)
    all_fixes = list(fixes)
    for _ in range(MAX_PASSES):
        more = find_fixes(current)
        if remove_unrecoverable:
            more = _merge(more, [Fix(u.start, u.end, "", u.family) for u in find_unrecoverable(current)])
        if not more:
            return current, all_fixes
        all_fixes = _compose(text, all_fixes, current, more)
        current = _apply(current, more)
    return text, []


def _merge(a: list[Fix], b: list[Fix]) -> list[Fix]:
    out: list[Fix] = []
    for f in sorted(a + b, key=lambda f: f.start):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def _compose(original: str, first: list[Fix], middle: str, second: list[Fix]) -> list[Fix]:
    """Express fixes made on ``middle`` (the output of ``first``) as fixes on ``original``."""
    # map each position of middle to original offsets
    spans: list[tuple[int, int, int, int, Fix | None]] = []  # (mid_s, mid_e, orig_s, orig_e, fix)
    pos_o = 0
    pos_m = 0
    for f in first:
        if f.start > pos_o:
            spans.append((pos_m, pos_m + f.start - pos_o, pos_o, f.start, None))
            pos_m += f.start - pos_o
        spans.append((pos_m, pos_m + len(f.after), f.start, f.end, f))
        pos_m += len(f.after)
        pos_o = f.end
    spans.append((pos_m, len(middle), pos_o, len(original), None))

    starts = [sp[0] for sp in spans]

    def to_orig(p: int, is_end: bool) -> int:
        k = max(0, bisect.bisect_right(starts, p) - 2)
        for ms, me, os_, oe, fx in spans[k : k + 3]:
            if ms <= p <= me and (ms < me or fx is not None):
                if fx is None:
                    return os_ + (p - ms)
                return oe if is_end else os_
        return len(original)

    # every fix as (original start, original end, length change), both passes
    edits = [(f.start, f.end, len(f.after) - (f.end - f.start), f.family) for f in first]
    edits += [
        (to_orig(g.start, False), to_orig(g.end, True), len(g.after) - (g.end - g.start), g.family) for g in second
    ]
    edits.sort()
    groups: list[list] = []  # [start, end, families, length change]
    for s, e, delta, fam in edits:
        if groups and s < groups[-1][1]:
            grp = groups[-1]
            grp[1] = max(grp[1], e)
            if fam not in grp[2]:
                grp[2].append(fam)
            grp[3] += delta
        else:
            groups.append([s, e, [fam], delta])
    final = _apply(middle, second)
    result: list[Fix] = []
    pos_o = 0
    pos_f = 0
    for s, e, fam, delta in groups:
        pos_f += s - pos_o
        rep_len = (e - s) + delta
        note = "double encoding: " + " then ".join(fam) if len(fam) > 1 else ""
        result.append(Fix(s, e, final[pos_f : pos_f + rep_len], "+".join(fam), note))
        pos_f += rep_len
        pos_o = e
    return result

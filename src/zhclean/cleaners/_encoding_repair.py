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

from ._encoding_codepages import (
    _ASCII_LETTER,
    _GLUED_ANY,
    _GLUED_PAIR,
    _HAS_LATIN,
    LATIN_TEXT_NOTE,
    _ftfy_candidate,
    _glued_candidates,
    _singlebyte_candidates,
    _strong_pairs,
    _utf8_latin_candidate,
    latin_text_fixes,
)
from ._encoding_lossy import _best_path, _insert_holes, _utf8_candidates
from ._encoding_model import (
    COMMON_SYMBOLS,
    PINYIN,
    PINYIN_SET,
    Model,
    _class_escape,
    char_class,
    model,
)
from ._encoding_score import (
    _HAN,
    _KANA_READERS,
    _KANA_WORD,
    ABS_MIN,
    ABS_WEAK,
    GAIN_DOMINANT,
    GAIN_MIN,
    GAIN_WEAK,
    READ_TIE,
    Fix,
    _encode_cached,
    _han_rare,
    _hopeless,
    _japanese_shaped,
    _kind,
    _russian_word,
    _scored,
    _strict,
    _thin,
    _weak,
)
from ._encoding_shift import _ASCII_TO_FULL, _shift_candidate

__all__ = ["Fix", "Unrecoverable", "families", "find_fixes", "find_unrecoverable", "repair_text"]

MAX_RUN = 4000  # longer runs are examined in windows of this many characters
MAX_PASSES = 3  # double encodings need two passes; more than three never converges usefully


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

# '?' inside or at the end of a run may stand for lost bytes (decoders that print '?'). The
# rest of the run is one character class (a run character or '?': ASCII but 0x3F excluded),
# not (?:[^...]|\?)*, which the regex engine runs as a general repeat of an alternation,
# several times slower per character; the same set, so the same runs
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s\u3000][^\x00-\x3e\x40-\x7f\s\u3000]*")
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
_UNRECOVERABLE = re.compile(r"(?:锟斤拷)+锟?|烫{3,}|屯{3,}|(?:烫屯|屯烫){2,}")
_UNRECOVERABLE_KIND = {"锟": "unrecoverable-fffd", "烫": "unrecoverable-cccc", "屯": "unrecoverable-cdcd"}


def find_unrecoverable(text: str) -> list[Unrecoverable]:
    """锟斤拷 / 烫烫烫 / 屯屯屯 runs: garbage whose original bytes are lost."""
    if "锟" not in text and "烫" not in text and "屯" not in text:
        return []
    return [
        Unrecoverable(m.start(), m.end(), _UNRECOVERABLE_KIND[m.group()[0]], m.group())
        for m in _UNRECOVERABLE.finditer(text)
    ]


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
    global _MEMO_CHARS
    m = model()
    if m.suspect_re.search(text) is None:
        return []
    multi, single, strong = _split_families()
    pool: list[Fix] = []
    short_lines: list[tuple[int, int]] = []  # lines whose short non-dense runs are read later
    weak_latin: list[tuple[int, int]] = []  # Latin lines that can only hold weak code-page runs
    memo = _LINE_MEMO
    for ls, le in _lines_with_suspects(m, text):
        line = text[ls:le]
        hit = memo.get(line)
        if hit is None:
            found: list[Fix] = []
            weak = _line_candidates(m, text, ls, le, found, multi, single, strong)
            if le - ls <= MEMO_MAX_LINE:
                if len(memo) >= MEMO_SIZE or _MEMO_CHARS + (le - ls) > MEMO_CHARS:
                    memo.clear()
                    _MEMO_CHARS = 0
                memo[line] = (tuple(_moved(f, -ls) for f in found), weak)
                _MEMO_CHARS += le - ls
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
# icon-font labels, a reposted paragraph) within a page and across the pages of a site.
# Bounded by lines and by characters: cleared when either bound is reached. Long lines are
# kept too (the bound is on characters, not on the length of one line): a long garbled or
# glossed paragraph costs milliseconds to read again, a short one microseconds.
MEMO_SIZE = 20_000
MEMO_CHARS = 10_000_000  # a full memo holds at most 10M characters (~20-40 MB) per process
MEMO_MAX_LINE = 20_000
_LINE_MEMO: dict[str, tuple[tuple[Fix, ...], bool]] = {}
_MEMO_CHARS = 0  # characters of the lines in _LINE_MEMO


def clear_memo() -> None:
    """Forget the per-line candidates kept across calls (for measurements of cold speed)."""
    global _MEMO_CHARS
    _LINE_MEMO.clear()
    _MEMO_CHARS = 0


_SPLIT: list[tuple[list[dict], list[dict], tuple[re.Pattern, re.Pattern]]] = []


def _split_families() -> tuple[list[dict], list[dict], tuple[re.Pattern, re.Pattern]]:
    """The multibyte and the single-byte families of :func:`families`, and
    :func:`_strong_pairs` of the single-byte ones: worked out once per process, not per call."""
    if not _SPLIT:
        fams = families()
        single = [f for f in fams if f["kind"] == "singlebyte"]
        _SPLIT.append(([f for f in fams if f["kind"] == "multibyte"], single, _strong_pairs(single)))
    return _SPLIT[0]


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
            runs = list(_LATIN_RUN.finditer(text, ls, le))
            # Latin-script text ('cafÃ©'): preferred over other readings of its runs unless
            # the document is another family's garble (see _select)
            found.extend(latin_text_fixes(text, ls, le, runs))
            for r in runs:
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
    # a strict UTF-8 decode of Latin-range text is rarely a coincidence (any byte pair is GBK),
    # and Latin-script text ('café') is read as UTF-8 unless another family is the document's
    # garble (GBK read as Latin-1 writes 没 as 'Ã»', which also decodes as UTF-8 'û')
    latin_text_first = dominant in (None, "utf8-as-latin1")
    ok.sort(
        key=lambda f: (
            f.family == "utf8-as-latin1"
            and "cjk inside" not in f.note
            and "ftfy" not in f.note
            and (latin_text_first or f.note != LATIN_TEXT_NOTE),
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

"""Single-byte families: GBK or UTF-8 bytes read by a code page (Latin-1, cp1252, cp1250,
MacRoman, ISO-8859-5 ...). Runs of Latin-range characters are re-encoded with the code page
and decoded with the true codec; exact pre-filters (the good byte pairs of each code page,
compiled once) skip lines no reading can repair. UTF-8 read as Latin-1/cp1252 also goes
through ftfy with a CJK-safe configuration.
"""

from __future__ import annotations

import operator
import re
from typing import Iterator

from ._charclass import class_body
from ._encoding_model import PINYIN, PINYIN_SET, Model, char_class, model
from ._encoding_score import (
    _KINDS,
    _NON_ASCII_SPAN,
    _SYMBOLS_ODD,
    ABS_MIN,
    ABS_WEAK,
    GAIN_MIN,
    GAIN_WEAK,
    Fix,
    _han_count,
    _hopeless_latin,
    _kind,
    _rejected,
    _scored,
    _scored_once,
    _strict,
)

_HAS_LATIN = re.compile("[\u0080-\u00ff\u0100-\u04ff]")
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
_TABLES: dict[str, dict[str, int]] = {}


# where a code-page run can start: Latin-range and code-page symbol characters, not CJK
_HIGH_CHAR = re.compile("[\u0080-\u04ff\u2013-\u2122\u02c6-\u02dd\u0192\u2202-\u25ca\ufb01\ufb02\uf8ff]")
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
        # every pair decoded in C with errors="replace": a pair the strict decode rejects
        # comes back holding U+FFFD, one it accepts comes back as the strict decode gives it
        # (no error, so no replacement); a reading holding U+FFFD is never good (below), so
        # skipping those is the strict decode's verdict, about three times faster
        if not _PAIRS:
            _PAIRS.extend(bytes((a, b)) for a in range(0x81, 0x100) for b in range(0x40, 0x100))
        common = m.common
        for pair, ch in zip(_PAIRS, map(operator.methodcaller("decode", codec, "replace"), _PAIRS)):
            if "\ufffd" in ch:
                continue
            if len(ch) == 1:
                # _hopeless_latin of one character, inlined: a bad character, U+FFFD, or
                # a rare Han character (one Han only, fewer than four)
                if "\u4e00" <= ch <= "\u9fff":  # Han (_kind 1 if common, else 2), most pairs
                    if ch in common:
                        flags[pair[0] << 8 | pair[1]] = 1
                    continue
                k = kinds.get(ch)
                if k is None:
                    k = _kind(m, ch)
                if k == 3 or k == 2:
                    continue
            elif not ch or _hopeless_latin(m, ch):
                continue
            flags[pair[0] << 8 | pair[1]] = 1
        good = _GOOD_BYTES[codec] = bytes(flags)
    return good


_PAIRS: list[bytes] = []  # every lead byte >= 0x81 with every trail byte >= 0x40, in order


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


# --------------------------------------------------------------------------- Latin text
# Characters a UTF-8-read-as-Latin-1 repair may write in Latin-script text: Latin-1 and Latin
# Extended letters and symbols, Greek, Cyrillic, general punctuation, € and ™ (no CJK, no
# controls, no U+FFFD: those are other families' business or not text at all).
_LATIN_TEXT = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2010-\u2027\u2030-\u205e\u20ac\u2122]*"
)
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
# the Greek and the Russian alphabets (other Cyrillic letters, such as һ, are what GBK's
# common characters read as UTF-8 become: 一 is D2 BB, read as Latin-1 and then UTF-8 һ)
_SCRIPT_LETTERS = (re.compile("[\u0386-\u03ce]"), re.compile("[\u0401\u0410-\u044f\u0451]"))
_WIDE_PUNCT = re.compile("[\u2010-\u2027\u2030-\u205e\u20ac\u2122]")
_LATIN1_SYMBOL = re.compile("[\u00a1-\u00bf]")
_TWO_HIGH = re.compile("[\u0080-\u04ff\u2013-\u2122]{2}")
_ASCII_LETTER = re.compile("[A-Za-z]")
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
LATIN_TEXT_NOTE = "Latin-script text"


def _utf8_of_latin(run: str) -> str | None:
    """``run`` re-encoded with cp1252 (or Latin-1) and decoded as strict UTF-8, or None."""
    for codec in ("cp1252", "latin-1"):
        data = _encode_singlebyte(run, codec)
        if data is not None:
            out = _strict(data, "utf-8")
            if out is not None:
                return out
    return None


def latin_text_fixes(text: str, ls: int, le: int, runs: list[re.Match]) -> list[Fix]:
    """UTF-8 read as cp1252/Latin-1 in Latin-script text, the kind ftfy repairs: ``cafÃ©`` →
    ``café``, ``â€œhelloâ€\\x9d`` → ``“hello”``, ``ÐŸÑ€Ð¸Ð²ÐµÑ‚`` → ``Привет``.

    The plausibility model is a Chinese one, so it cannot prefer ``é`` to a Big5 reading of the
    same two bytes (``矇``); the evidence here is the shape of the text instead, and each run
    needs one of: a letter decoded next to an ASCII letter (a word: ``caf|é``), a three-byte
    punctuation mark (``“ ” – …``, ``€``, ``™``: three Latin characters that form one UTF-8
    character by chance are rare), three letters of the Greek or of the Russian alphabet
    and nothing else, or a Latin-1 symbol (``©``) glued to ASCII letters or digits. A line where a run
    of two or more high characters does not decode as UTF-8 at all is another family's garble
    (``ÖÐÎÄ``: GBK read as Latin-1), and nothing of it is claimed. ``runs`` are the line's
    Latin-range runs (``_LATIN_RUN`` matches inside ``text[ls:le]``)."""
    fixes: list[Fix] = []
    for r in runs:
        run = r.group()
        out = _utf8_of_latin(run)
        if out is None:
            if _TWO_HIGH.search(run):
                return []
            continue
        if out == run or _LATIN_TEXT.fullmatch(out) is None:
            continue
        s, e = r.start(), r.end()
        before = text[s - 1] if s > ls else ""
        after = text[e] if e < le else ""
        glued = bool(_ASCII_LETTER.match(before) or _ASCII_LETTER.match(after) or _ASCII_LETTER.search(run))
        high = [ch for ch in out if ch > "\x7f"]
        letters = [ch for ch in high if _LATIN_LETTER.match(ch)]
        scripts = [sum(1 for ch in high if rx.match(ch)) for rx in _SCRIPT_LETTERS]
        evidence = (
            (glued and letters and len(letters) == len(high))
            or _WIDE_PUNCT.search(out) is not None
            or any(n >= 3 and n == len(high) for n in scripts)
            or (
                _LATIN1_SYMBOL.search(out) is not None
                and len(high) == 1
                and bool(_ASCII_ALNUM.match(before) or _ASCII_ALNUM.match(after))
            )
        )
        if evidence:
            fixes.append(Fix(s, e, out, "utf8-as-latin1", LATIN_TEXT_NOTE, GAIN_MIN * 3, False, False))
    return fixes


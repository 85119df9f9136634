"""One-byte misalignment (``gbk-shift``): a site inserted text into GBK *bytes* without
respecting character boundaries, so the run after it is read one byte off (seed 002's
當?shù)氐牡捅 for 當地的低保戶). The run is realigned by one byte; the byte lost at the split
is filled by the frequency model, constrained by the inserted pinyin gloss.
"""

from __future__ import annotations

import re
from typing import Iterable

from ._encoding_lossy import _neighbour_keys
from ._encoding_model import Model, char_class
from ._encoding_score import GAIN_MIN, Fix, _han_count, _han_rare, _scored, _strict

# a pinyin gloss whose "(" was eaten by the decoder: "?shù)" before a one-byte-shifted run
_GLOSS_BEFORE = re.compile(r"([\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)$|([\u3400-\u9fff])$")
_GLOSS_REMNANT = re.compile(r"\?[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}\)$")
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
    return _first_best(m, left, options, right)


def _first_best(m: Model, left: str, options: Iterable[tuple[str, float, str, float]], right: str) -> str | None:
    """The first of ``options`` (in order) with the highest log-probability plus the bonus of
    each neighbour the bigram table pairs it with."""
    best = None
    bigram = m.bigram
    use_left = bool(left) and left >= "\u3400"
    use_right = bool(right) and right >= "\u3400"
    a_left = m.t2s.get(left, left)
    b_right = m.t2s.get(right, right)
    lb_right = m.logp.get(b_right, m.floor)
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
    chosen = {best_i}
    if left and left >= "\u3400":
        for b in by_simp.keys() & _neighbour_keys(m, 0, m.t2s.get(left, left)).keys():
            chosen.update(by_simp[b])
    if right and right >= "\u3400":
        for a in by_simp.keys() & _neighbour_keys(m, 1, m.t2s.get(right, right)).keys():
            chosen.update(by_simp[a])
    return _first_best(m, left, (options[i] for i in sorted(chosen)), right)

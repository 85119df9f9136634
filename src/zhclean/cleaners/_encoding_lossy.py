"""Lost bytes of UTF-8 read as GBK or Big5: the candidate characters each position allows,
and the Viterbi search over them with the bigram model (:func:`_best_path`).

Positions with lost bytes have dozens to thousands of candidates; the search keeps a step
linear in their number by reading only the predecessors the bigram table pairs with a
candidate (neighbour tables built lazily per model).
"""

from __future__ import annotations

from ._encoding_model import COMMON_SYMBOLS_SET, Model

_CONT = list(range(0x80, 0xC0))
_CJK_LEADS = [0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF]


def _utf8_candidates(tokens: list[int], plausible: dict | None = None) -> list[list[str]] | None:
    """Parse UTF-8 where -1 is an unknown byte (-2: see :func:`_insert_holes`); return the
    candidate characters per position.

    Only 3-byte (CJK) sequences may contain unknown bytes; a dangling lead at the end counts as
    a character whose continuation bytes were lost. None when the known bytes cannot be UTF-8.
    The candidates of one 3-byte sequence depend on its bytes only and are cached (shared
    lists: callers must not change them).
    """
    out: list[list[str]] = []
    i = 0
    n = len(tokens)
    cache = _SEQ_CANDS if plausible is not None else _SEQ_CANDS_ALL
    while i < n:
        b = tokens[i]
        if b != -1 and b < 0x80:
            out.append([chr(b)])
            i += 1
            continue
        if b != -1 and 0xC2 <= b <= 0xDF:
            if i + 1 < n and tokens[i + 1] != -1 and 0x80 <= tokens[i + 1] <= 0xBF:
                out.append([bytes((b, tokens[i + 1])).decode("utf-8")])
                i += 2
                continue
            return None
        if b != -1 and not (0xE0 <= b <= 0xEF):
            return None
        key = (b, tokens[i + 1] if i + 1 < n else -1, tokens[i + 2] if i + 2 < n else -1)
        cands = cache.get(key, _MISSING)
        if cands is _MISSING:
            cands = cache[key] = _seq_candidates(key, plausible)
        if cands is None:
            return None
        out.append(cands)
        i += 3
    return out


_MISSING: list[str] = []
_SEQ_CANDS: dict[tuple[int, int, int], list[str] | None] = {}  # filtered by the model
_SEQ_CANDS_ALL: dict[tuple[int, int, int], list[str] | None] = {}


def _seq_candidates(key: tuple[int, int, int], plausible: dict | None) -> list[str] | None:
    """The characters a 3-byte UTF-8 sequence with unknown bytes (-1) can stand for; among
    several, only those Chinese text uses (``plausible``, common symbols, full-width forms)."""
    b, s0, s1 = key
    if s1 == -2:
        # one continuation byte lost, before or after the known one s0
        first = _seq_candidates((b, -1, s0), plausible) or []
        second = _seq_candidates((b, s0, -1), plausible) or []
        both = list(dict.fromkeys(first + second))
        return both or None
    if any(x != -1 and not (0x80 <= x <= 0xBF) for x in (s0, s1)):
        return None
    unknown = (b == -1) + (s0 == -1) + (s1 == -1)
    if unknown > 2:
        return None
    leads = _CJK_LEADS if b == -1 else [b]
    cands: list[str] = []
    c2s = _CONT if s1 == -1 else [s1]
    for lead in leads:
        base = (lead & 0x0F) << 12
        c1s = _CONT if s0 == -1 else [s0]
        if lead == 0xE0:
            c1s = [c for c in c1s if c >= 0xA0]  # overlong
        elif lead == 0xED:
            c1s = [c for c in c1s if c < 0xA0]  # surrogates
        for c1 in c1s:
            hi = base | ((c1 & 0x3F) << 6)
            cands.extend(chr(hi | (c2 & 0x3F)) for c2 in c2s)
    if len(cands) > 1 and plausible is not None:
        # a guess is only worth making among characters Chinese text uses
        cands = [ch for ch in cands if ch in plausible or ch in COMMON_SYMBOLS_SET or "\uff01" <= ch <= "\uff5e"]
    return cands or None


def _insert_holes(tokens: list[int], max_share: int = 0) -> list[int] | None:
    """Insert unknown bytes (-1) where single bytes were deleted from a UTF-8 stream: a lead
    followed by too few continuation bytes, or continuation bytes with no lead. UTF-8
    resynchronises at every lead byte, so one pass finds each deletion. A 3-byte lead left
    with one known continuation byte gets -2 after it: the lost byte was the first or the
    second continuation byte, and :func:`_seq_candidates` guesses both.

    With ``max_share``, None as soon as more than one hole per ``max_share`` bytes has been
    inserted (bytes that are not UTF-8 at all, such as real GBK text, stop at once)."""
    out: list[int] = []
    i = 0
    n = len(tokens)
    while i < n:
        if max_share and (len(out) - i) * max_share > n:
            return None
        b = tokens[i]
        if b == -1 or b < 0x80:
            out.append(b)
            i += 1
            continue
        if 0xE0 <= b <= 0xEF or 0xC2 <= b <= 0xDF:
            need = 2 if b >= 0xE0 else 1
            out.append(b)
            i += 1
            got = 0
            while got < need and i < n and (tokens[i] == -1 or 0x80 <= tokens[i] <= 0xBF):
                out.append(tokens[i])
                i += 1
                got += 1
            if need == 2 and got == 1 and out[-1] != -1:
                # one of two continuation bytes lost: the first or the second (-2, see
                # _seq_candidates; "、" E3 80 81 that lost 80 reads E3 81)
                out.append(-2)
            else:
                out.extend([-1] * (need - got))
            continue
        if 0x80 <= b <= 0xBF:
            conts = []
            while len(conts) < 2 and i < n and tokens[i] != -1 and 0x80 <= tokens[i] <= 0xBF:
                conts.append(tokens[i])
                i += 1
            out.append(-1)
            out.extend(conts)
            out.extend([-1] * (2 - len(conts)))
            continue
        out.append(b)
        i += 1
    if max_share and (len(out) - n) * max_share > n:
        return None
    return out


_CHAR_INFO: dict[str, tuple[bool, float, str, float]] = {}


def _char_info(m: Model, ch: str) -> tuple[bool, float, str, float]:
    """(non-ASCII, log-probability, simplified form, its log-probability) of a candidate
    character, cached for :func:`_best_path`."""
    high = ch >= "\x80"
    simp = m.t2s.get(ch, ch)
    ci = _CHAR_INFO[ch] = (high, m.char_logp(ch) if high else 0.0, simp, m.logp.get(simp, m.floor))
    return ci


def _best_path(m: Model, cands: list[list[str]], left: str, right: str) -> str:
    """Viterbi over candidate characters with the bigram model and the fixed context.

    The bonus between neighbours is :meth:`Model.fill_bonus` (inlined). It is positive and
    given only to pairs the bigram table holds, so for each candidate only two kinds of
    predecessor can win: the best-scoring one (the first of them, as in a plain scan), and
    those the table pairs it with, found through :func:`_predecessors` or by probing the
    table, whichever is shorter. Positions with lost bytes have dozens to thousands of
    candidates; this keeps a step linear in their number instead of quadratic."""
    t2s = m.t2s
    bigram = m.bigram
    logp = m.logp
    floor = m.floor
    info = _CHAR_INFO
    preds = _predecessors(m)
    # entries in order: (character, simplified form, score, previous entry)
    prev: list[tuple] = [(left, t2s.get(left, left), 0.0, None)]
    last = len(cands) - 1
    wide = None  # (index, scores) when prev came from _wide_step
    for pos, options in enumerate(cands):
        if wide is not None:
            prev = _after_wide(m, prev, wide, options)
            wide = None
            continue
        if pos == last and len(prev) == 1 and len(options) > 32:
            # many guesses for the last character (its lead byte alone is known): only the
            # likeliest one and those paired with a neighbour in the bigram table can win
            return _best_last(m, prev[0], options, right)
        if len(options) == 1 and len(prev) == 1:
            # a known character after a single path (the usual step): no choice to make
            e = prev[0]
            ch = options[0]
            ci = info.get(ch)
            if ci is None:
                ci = _char_info(m, ch)
            high, lp, simp, lb = ci
            sc = e[2] + lp
            if high and e[0] >= "\x80":
                lab = bigram.get(e[1] + simp)
                if lab is not None:
                    sc = sc + (2.0 + max(0.0, lab - lb))
            prev = [(ch, simp, sc, e)]
            continue
        if len(prev) == 1 and len(options) > 32:
            step = _wide_step(m, prev[0], options)
            if step is not None:
                prev, wide = step
                continue
        # the best predecessor without a bonus: the first one with the highest score
        top = prev[0]
        if len(prev) > 1:
            for e in prev:
                if e[2] > top[2]:
                    top = e
        t_score = top[2]
        t_key = top[1] if top[0] >= "\x80" else None
        by_simp: dict[str, list[tuple[int, tuple]]] = {}
        if len(prev) > 1:
            for k, e in enumerate(prev):
                if e[0] >= "\x80" and e is not top:
                    by_simp.setdefault(e[1], []).append((k, e))
            top_k = prev.index(top)
        nxt: dict[str, tuple] = {}
        for ch in options:
            ci = info.get(ch)
            if ci is None:
                ci = _char_info(m, ch)
            high, lp, simp, lb = ci
            best_e = top
            best_s = t_score + lp
            if high:
                if t_key is not None:
                    lab = bigram.get(t_key + simp)
                    if lab is not None:
                        best_s = best_s + (2.0 + max(0.0, lab - lb))
                if by_simp:
                    best_k = top_k
                    pl = preds.get(simp, ())
                    for ps in by_simp if len(by_simp) <= len(pl) else pl:
                        group = by_simp.get(ps)
                        if group is None:
                            continue
                        lab = bigram.get(ps + simp)
                        if lab is None:
                            continue
                        bonus = 2.0 + max(0.0, lab - lb)
                        for k, e in group:
                            sc = e[2] + lp + bonus
                            if sc > best_s or (sc == best_s and k < best_k):
                                best_s, best_k, best_e = sc, k, e
            nxt[ch] = (ch, simp, best_s, best_e)  # a repeated candidate keeps its first place
        prev = list(nxt.values())
    total = None
    use_right = bool(right) and right >= "\x80"
    r_simp = t2s.get(right, right)
    lb_right = logp.get(r_simp, floor)
    for e in prev:
        bonus = 0.0
        if use_right and e[0] >= "\x80":
            lab = bigram.get(e[1] + r_simp)
            if lab is not None:
                bonus = 2.0 + max(0.0, lab - lb_right)
        sc = e[2] + bonus
        if total is None or sc > total[0]:
            total = (sc, e)
    if total is None:
        return ""
    out = []
    e = total[1]
    while e[3] is not None:
        out.append(e[0])
        e = e[3]
    return "".join(reversed(out))


_WIDE: dict[int, tuple] = {}


def _wide_index(m: Model, options: list[str]) -> tuple:
    """(options, log-probabilities, simplified forms, their log-probabilities, the indexes of
    the non-ASCII options per simplified form, whether the options are distinct) of a long
    candidate list, built once per list (the lists are cached: see :func:`_utf8_candidates`)."""
    idx = _WIDE.get(id(options))
    if idx is None or idx[0] is not options:
        info = _CHAR_INFO
        infos = [info.get(ch) or _char_info(m, ch) for ch in options]
        by_simp: dict[str, list[int]] = {}
        for i, ci in enumerate(infos):
            if ci[0]:
                by_simp.setdefault(ci[2], []).append(i)
        if len(_WIDE) >= 2000:
            _WIDE.clear()
        idx = _WIDE[id(options)] = (
            options,
            tuple(ci[1] for ci in infos),
            tuple(ci[2] for ci in infos),
            tuple(ci[3] for ci in infos),
            {k: tuple(v) for k, v in by_simp.items()},
            len(set(options)) == len(options),
        )
    return idx


def _wide_step(m: Model, e: tuple, options: list[str]) -> tuple[list[tuple], tuple] | None:
    """The step of :func:`_best_path` from a single path ``e`` to many distinct candidates
    (dozens to thousands, where bytes were lost), computed from the list's index: the same
    entries in the same order, each candidate's bonus after ``e`` found by intersecting the
    bigram table's successors of ``e`` with the candidates (in C) instead of one probe per
    candidate. Returns an empty entry list and what :func:`_after_wide` needs to make the
    entries it keeps, or None when the list holds a repeated candidate (the general step
    handles that)."""
    idx = _wide_index(m, options)
    opts, lps, simps, lbs, by_simp, distinct = idx
    if not distinct:
        return None
    scores = list(map(e[2].__add__, lps))  # e[2] + lp for each option, in C
    if e[0] >= "\x80":
        t_key = e[1]
        bigram = m.bigram
        for b in by_simp.keys() & _neighbour_keys(m, 0, t_key).keys():
            lab = bigram[t_key + b]
            for i in by_simp[b]:
                scores[i] = scores[i] + (2.0 + max(0.0, lab - lbs[i]))
    # the entries themselves, (option, simplified form, score, e), are made only for the few
    # that :func:`_after_wide` (always the next step: a wide step is never the last) keeps
    return [], (by_simp, scores, opts, simps, e)


def _after_wide(m: Model, prev: list[tuple], wide: tuple, options: list[str]) -> list[tuple]:
    """The general step of :func:`_best_path` after :func:`_wide_step`, with the same result:
    the best predecessor without a bonus (the first one with the highest score), and for each
    candidate the predecessors the bigram table pairs it with, found by intersecting the
    index of the previous candidates with the table's predecessors (ties: the first one)."""
    by_simp, scores, opts, simps, e = wide
    bigram = m.bigram
    info = _CHAR_INFO
    t_score = max(scores)
    top_k = scores.index(t_score)
    top = (opts[top_k], simps[top_k], t_score, e)
    t_key = top[1] if top[0] >= "\x80" else None
    nxt: dict[str, tuple] = {}
    for ch in options:
        ci = info.get(ch)
        if ci is None:
            ci = _char_info(m, ch)
        high, lp, simp, lb = ci
        best_k = top_k
        best_s = t_score + lp
        if high:
            if t_key is not None:
                lab = bigram.get(t_key + simp)
                if lab is not None:
                    best_s = best_s + (2.0 + max(0.0, lab - lb))
            for ps in by_simp.keys() & _neighbour_keys(m, 1, simp).keys():
                lab = bigram[ps + simp]
                bonus = 2.0 + max(0.0, lab - lb)
                for k in by_simp[ps]:
                    if k == top_k:
                        continue
                    sc = scores[k] + lp + bonus
                    if sc > best_s or (sc == best_s and k < best_k):
                        best_s, best_k = sc, k
        pe = top if best_k == top_k else (opts[best_k], simps[best_k], scores[best_k], e)
        nxt[ch] = (ch, simp, best_s, pe)  # a repeated candidate keeps its first place
    return list(nxt.values())


_OPTION_INDEX: dict[int, tuple] = {}


def _best_last(m: Model, top: tuple, options: list[str], right: str) -> str:
    """The end of :func:`_best_path` when one path leads to a last position with many
    candidates: the same choice as scoring every candidate with both bonuses, first best
    kept. A candidate without a bonus cannot beat the first one of highest log-probability,
    so only that one and the candidates the bigram table pairs with the left or the right
    neighbour are scored (each candidate list is indexed once: the lists are cached)."""
    idx = _OPTION_INDEX.get(id(options))
    if idx is None or idx[0] is not options:
        info = _CHAR_INFO
        infos = [info.get(ch) or _char_info(m, ch) for ch in options]
        by_simp: dict[str, list[int]] = {}
        for i, ci in enumerate(infos):
            by_simp.setdefault(ci[2], []).append(i)
        best_i = max(range(len(infos)), key=lambda i: (infos[i][1], -i))
        idx = _OPTION_INDEX[id(options)] = (options, infos, by_simp, best_i)
    _, infos, by_simp, best_i = idx
    bigram = m.bigram
    t2s = m.t2s
    t_score = top[2]
    t_key = top[1] if top[0] >= "\x80" else None
    use_right = bool(right) and right >= "\x80"
    r_simp = t2s.get(right, right)
    lb_right = m.logp.get(r_simp, m.floor)
    chosen = {best_i}
    if t_key is not None:
        succ = _successors(m).get(t_key, ())
        if len(succ) < len(by_simp):
            hits = [b for b in succ if b in by_simp]
        else:
            hits = [b for b in by_simp if t_key + b in bigram]
        for b in hits:
            chosen.update(by_simp[b])
    if use_right:
        pl = _predecessors(m).get(r_simp, ())
        if len(pl) < len(by_simp):
            hits = [a for a in pl if a in by_simp]
        else:
            hits = [a for a in by_simp if a + r_simp in bigram]
        for a in hits:
            chosen.update(by_simp[a])
    total = None
    for i in sorted(chosen):
        high, lp, simp, lb = infos[i]
        sc = t_score + lp
        if high and t_key is not None:
            lab = bigram.get(t_key + simp)
            if lab is not None:
                sc = sc + (2.0 + max(0.0, lab - lb))
        bonus = 0.0
        if use_right and high:
            lab = bigram.get(simp + r_simp)
            if lab is not None:
                bonus = 2.0 + max(0.0, lab - lb_right)
        sc = sc + bonus
        if total is None or sc > total[0]:
            total = (sc, i)
    out = [options[total[1]]]  # type: ignore[index]
    e = top
    while e[3] is not None:
        out.append(e[0])
        e = e[3]
    return "".join(reversed(out))


_NEIGHBOURS: dict[int, _Neighbours] = {}


class _Neighbours:
    """For each character, the characters the bigram table pairs with it on one side, in table
    order, as one string; read with ``get(ch, default)`` like a dict (characters with none
    give ``default``).

    Strings, not lists: the table holds all 160,000 pairs, and a table of lists is traversed
    by every full garbage collection (about 30 ms each here); strings are not. Built lazily:
    the first characters asked for are found by scanning the pairs (tens of microseconds
    each), and the whole table (about 0.07 s per side) is built only once many characters
    have been asked for, so start-up and documents with few lost bytes never pay for it."""

    __slots__ = ("_bigram", "_full", "_keys", "_side", "_table", "_vals")
    FULL_AFTER = 256  # characters looked up one by one before the whole table is built

    def __init__(self, m: Model, side: int) -> None:
        self._side = side
        self._bigram = m.bigram
        self._table: dict[str, str] = {}
        self._full = False
        joined = "".join(m.bigram)
        self._keys = joined[side::2]
        self._vals = joined[1 - side :: 2]
        if len(joined) != 2 * len(m.bigram):
            self._build()  # a key that is not a pair: the plain loop

    def _build(self) -> None:
        lists: dict[str, list[str]] = {}
        side = self._side
        for pair in self._bigram:
            lists.setdefault(pair[side], []).append(pair[1 - side])
        self._table = {ch: "".join(v) for ch, v in lists.items()}
        self._full = True

    def get(self, ch: str, default=None):
        if self._full:
            return self._table.get(ch, default)
        got = self._table.get(ch)
        if got is None:
            if len(ch) != 1:
                return default
            if len(self._table) >= self.FULL_AFTER:
                self._build()
                return self._table.get(ch, default)
            keys, vals = self._keys, self._vals
            found = []
            i = keys.find(ch)
            while i >= 0:
                found.append(vals[i])
                i = keys.find(ch, i + 1)
            got = self._table[ch] = "".join(found)
        return got if got else default


def _neighbours(m: Model, side: int) -> _Neighbours:
    """For each character, the characters the bigram table pairs with it (see
    :class:`_Neighbours`): side 0 maps a first character to its seconds, side 1 a second to
    its firsts."""
    table = _NEIGHBOURS.get(side)
    if table is None:
        table = _NEIGHBOURS[side] = _Neighbours(m, side)
    return table


_NEIGHBOUR_KEYS: tuple[dict[str, dict[str, None]], dict[str, dict[str, None]]] = ({}, {})


def _neighbour_keys(m: Model, side: int, ch: str) -> dict[str, None]:
    """The neighbours of ``ch`` on ``side`` (see :func:`_neighbours`) as the keys of a dict,
    built per character on first use: intersecting two dicts' keys runs over the smaller
    one in C. (A dict of str keys and None values is not traversed by garbage collections.)"""
    cache = _NEIGHBOUR_KEYS[side]
    got = cache.get(ch)
    if got is None:
        # keys shared through _CANON: one str object per character, however many dicts hold it
        chars = _neighbours(m, side).get(ch, "")
        got = cache[ch] = dict.fromkeys(map(_CANON.setdefault, chars, chars))
    return got


_CANON: dict[str, str] = {}


def _successors(m: Model) -> _Neighbours:
    """For each character, the characters the bigram table pairs after it."""
    return _neighbours(m, 0)


def _predecessors(m: Model) -> _Neighbours:
    """For each character, the characters the bigram table pairs before it."""
    return _neighbours(m, 1)

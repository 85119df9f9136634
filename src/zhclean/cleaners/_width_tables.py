"""Width rules: load ``rules/width.tsv``, validate it, compile it once, and apply it.

The rule file says *what* maps to what and in which named context (``when``); this module
says what each context means. Everything is compiled once per process and rule file (a
cached factory), never per call. :mod:`zhclean.cleaners.width` is the public face.

The rules run in three passes, each a precompiled regex:

1. **narrow**: full-width letters, digits and symbols to ASCII (one for one);
2. **widen** (option ``punctuation="between-han"``): half-width ``, : ; ! ? ( )`` between
   Han to full-width (one for one);
3. **space**: a run of U+3000 between Latin letters or digits to one ASCII space.

Passes 1 and 2 keep every offset, so every change's ``start``/``end`` points into the text
as it entered the step. Every context class is closed under the edits (a character is a digit
or Han before and after narrowing), and no context reads a character that a later rule of the
same run could still change (in pass 2 parentheses go first, and an ASCII mark beside an ASCII
parenthesis is never widened), so one run reaches a fixed point (idempotence).

Speed: a character-class scan over ``str`` runs at a few hundred MB/s, a literal-prefix scan
at several GB/s. So every "anything to do?" check is a substring test, a literal-prefix regex,
or a literal-prefix bytes regex over the UTF-16-BE encoding (:class:`CharProbe`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from .._core import Change
from ..errors import RuleFileError
from ..rules import load_rules, packaged_path

__all__ = ["WidthTables", "width_tables", "PUNCTUATION_MODES", "HAN", "CONTEXTS", "CharProbe"]

PUNCTUATION_MODES = ("between-han", "keep")

# CJK ideographs (URO, Ext A, compatibility, Ext B-H) and 〇, as a regex class body.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
# Letters and digits, ASCII and full-width, as regex class bodies. Enumerated characters that
# the numbering step writes as digits (⒈ -> 1.) or letters (Ⅳ -> IV) count as letters/digits
# in the positive contexts, so that width after numbering finds nothing new (the default
# preset stays idempotent).
_ALNUM_CLASS = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2488-\u249b\u2160-\u217f"
_DIGIT_CLASS = "0-9\uff10-\uff19"
# CJK quotes and brackets that no width rule produces: safe context for the widening rules.
_CLOSE = "”’》」』】〉〕"
_OPEN = "“‘《「『【〈〔"
# Enclosed list markers (①⑴⒜Ⓐ❶㈠㊀...) open a Chinese clause ("教育:①医生" -> "教育：①医生");
# numbering writes them starting with a bracket, which no rule here looks at.
_OPEN_ENUM = "\u2460-\u2487\u249c-\u24ff\u2776-\u2793\u3220-\u3229\u3251-\u325f\u3280-\u3289\u32b1-\u32bf"
# Beside a ( ) pair, these mark the Chinese side. （ ） are left out because pass 2 can produce
# them; ，：；！？ beside an ASCII parenthesis are never produced (a mark is widened only after
# Han, a CJK quote or ）, and only before Han, a CJK quote, （ or a line end), so they are
# stable context.
_CJK_SIDE = f"[{HAN}{_CLOSE}{_OPEN}。、…—·，：；！？]"
# Lines that look like program code (braces, =, $, backslash, backtick, or a call such as
# print( ), and URLs: the widening rules never touch them. Markup is not code: the text of
# <p>你好,世界</p> is prose, and breadcrumbs use < and >. Every check is a substring test or
# a literal-prefix regex: the regex engine scans for a literal far faster than for a class.
_CODE_CHARS = "{}`=\\$｛｝｀＼＄"
_CODE_CALL = re.compile(r"\((?<=[A-Za-z_]\()")
_URL_TAILS = (("://", re.compile(r"://\S*")), ("www.", re.compile(r"www\.\S*")))
# A ( ) pair on one line, not nested, with Han inside, no letter/digit/_ on either side, and
# Han or CJK punctuation on at least one side. All checked inside the regex engine, so pairs
# in Latin text cost no Python call; the content is group 1 or group 2.
_PAIR_BODY = (
    f"(?<![{_ALNUM_CLASS}_]\\()(?=[^()（）\\n]{{0,99}}?[{HAN}])([^()（）\\n]{{1,100}})\\)(?![{_ALNUM_CLASS}_])"
)
_PAREN_PAIR = re.compile(f"\\((?:(?<={_CJK_SIDE}\\(){_PAIR_BODY}|{_PAIR_BODY}(?={_CJK_SIDE}))")

NARROW_CONTEXTS = (
    "always", "after-digit", "thousands", "between-digits", "digits-no-unit", "between-alnum", "url-scheme",
    "after-marker",
)
CONTEXTS = (*NARROW_CONTEXTS, "between-latin", "between-han", "han-paren-pair", "keep")


def _class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


_DIGIT_X_CLASS = _DIGIT_CLASS + "\u2488-\u249b"


def _context_regex(contexts: tuple[str, ...], chars: str) -> re.Pattern[str]:
    """A regex matching one of ``chars`` where one of the narrowing ``contexts`` holds.

    The candidate comes first (a literal prefix when the row has one character, which the
    regex engine scans for quickly), and the contexts are lookarounds, so matches never
    consume their neighbours.
    """
    x = f"[{_class(chars)}]"
    d, dx, a = f"[{_DIGIT_CLASS}]", f"[{_DIGIT_X_CLASS}]", f"[{_ALNUM_CLASS}]"
    # (Roman numeral characters count as letters in url-scheme: numbering writes them so)
    looks = {
        "always": "",
        "after-digit": f"(?<={d}{x})",
        "between-digits": f"(?<={dx}{x})(?={dx})",
        # (a time or a ratio, 12:30, 6:00AM or 1:2; not a label colon before a quantity, 11：64GB)
        "digits-no-unit": (
            f"(?<={dx}{x})(?={dx}+(?!{dx}|(?![AaPpＡａＰｐ][MmＭｍ])[A-Za-z\uff21-\uff3a\uff41-\uff5a]))"
        ),
        "between-alnum": f"(?<={a}{x})(?={a})",
        "thousands": f"(?<={d}{x})(?={d}{{3}}(?!{d}))",
        "url-scheme": f"(?<=[A-Za-z\uff21-\uff3a\uff41-\uff5a\u2160-\u217f]{x})(?=[/／]{{2}})",
        # a list marker: one letter or Roman numeral at a line's start or after a space, then
        # the text ('A．北京  B．上海', 'Ⅳ．结论'; not 维生素A．, which ends a sentence)
        "after-marker": (
            f"(?<=[A-Za-z\uff21-\uff3a\uff41-\uff5a\u2160-\u217f]{x})"
            f"(?<![^\\s\u3000][A-Za-z\uff21-\uff3a\uff41-\uff5a\u2160-\u217f]{x})(?=[^\\s\u3000])"
        ),
    }
    if "always" in contexts:
        return re.compile(x)
    return re.compile(x + "(?:" + "|".join(looks[c] for c in contexts) + ")")


@dataclass(frozen=True)
class _Row:
    id: str
    when: tuple[str, ...]
    pairs: dict[str, str]
    note: str
    line: int


def _cell_chars(cell: str) -> str:
    cell = cell.strip()
    if cell.startswith("U+"):
        return "".join(chr(int(part[2:], 16)) for part in cell.split())
    return cell


def _pass_of(context: str) -> str:
    if context in ("between-han", "han-paren-pair"):
        return "widen"
    if context == "between-latin":
        return "space"
    return "keep" if context == "keep" else "narrow"


def _parse_rows(rows: list[dict], label: str) -> list[_Row]:
    out: list[_Row] = []
    owner: dict[str, str] = {}
    for raw in rows:
        line = raw["_line"]
        when = tuple(w.strip() for w in raw["when"].split("|"))
        bad = [w for w in when if w not in CONTEXTS]
        if bad:
            raise RuleFileError(label, line, f"unknown context {bad[0]!r} (use one of {', '.join(CONTEXTS)})")
        try:
            src = _cell_chars(raw["from"])
            dst = src if raw["to"].strip() == "=" else _cell_chars(raw["to"])
        except ValueError:
            raise RuleFileError(label, line, "bad U+XXXX code point") from None
        if not src or len(src) != len(dst):
            raise RuleFileError(
                label, line, f"from and to must be equally long and non-empty ({len(src)} vs {len(dst)})"
            )
        if "keep" in when and len(when) > 1:
            raise RuleFileError(label, line, "'keep' cannot be combined with another context")
        passes = {_pass_of(w) for w in when}
        if len(passes) > 1:
            raise RuleFileError(label, line, "a row mixes contexts of different passes")
        family = passes.pop()
        if family == "widen" and not all(c.isascii() for c in src):
            raise RuleFileError(label, line, "widening rows map ASCII punctuation to full-width")
        if "han-paren-pair" in when and src != "()":
            raise RuleFileError(label, line, "han-paren-pair rows must have from '()'")
        if family == "narrow" and any(c.isascii() for c in src):
            raise RuleFileError(label, line, "narrowing rows map non-ASCII characters")
        if family != "keep":
            for c in src:
                if c in owner:
                    raise RuleFileError(label, line, f"character {c!r} is already mapped by {owner[c]!r}")
                owner[c] = raw["id"]
        out.append(_Row(raw["id"], when, dict(zip(src, dst)), raw.get("note", ""), line))
    return out


class WidthTables:
    """The compiled width rules of one rule file (build with :func:`width_tables`)."""

    def __init__(self, rows: list[dict], label: str) -> None:
        self.label = label
        self.rows = _parse_rows(rows, label)
        narrow = [r for r in self.rows if r.when[0] in NARROW_CONTEXTS]
        self.always: dict[int, str] = {}
        self.rule_of: dict[str, str] = {}
        # (rule id, characters, mapping, regex) per contextual row, applied in file order
        self.ctx_pats: list[tuple[str, str, dict[int, str], re.Pattern[str]]] = []
        ctx_chars = ""
        for r in narrow:
            for a in r.pairs:
                self.rule_of[a] = r.id
            if r.when == ("always",):
                self.always.update({ord(a): b for a, b in r.pairs.items()})
                continue
            chars = "".join(r.pairs)
            ctx_chars += chars
            table = {ord(a): b for a, b in r.pairs.items()}
            self.ctx_pats.append((r.id, chars, table, _context_regex(r.when, chars)))
        always_chars = "".join(chr(c) for c in self.always)
        # Pass 1 has narrowed the full-width code characters (＝ -> =) before pass 2 looks.
        self.code_chars = "".join(c for c in _CODE_CHARS if ord(c) not in self.always)
        # X X* rather than X+: the regex engine scans for the first character of a pattern
        # that starts with a class (about 2.5x faster than trying a repeat at every position)
        always_class = f"[{_class(always_chars)}]"
        self.always_re = re.compile(f"{always_class}{always_class}*") if always_chars else None
        self.always_probe = CharProbe(always_chars)
        # every narrowing context needs a letter or digit right before the character
        self.ctx_probe = _utf16_probe(ctx_chars, after=_UTF16_ALNUM)

        self.punct: list[tuple[str, str, str, re.Pattern[str]]] = []  # (rule, from, to, regex)
        self.punct_kept: dict[str, re.Pattern[str]] = {}
        self.paren: Optional[_Row] = None
        for r in self.rows:
            if r.when[0] == "between-han":
                for a, b in r.pairs.items():
                    e = re.escape(a)
                    pat = re.compile(f"{e}(?<=[{HAN}{_CLOSE}）]{e})(?=[{HAN}{_OPEN}{_OPEN_ENUM}（]|\\r?\\n|\\Z)")
                    self.punct.append((r.id, a, b, pat))
                    # the occurrences of the mark that ``pat`` leaves alone (see _widen_mark)
                    self.punct_kept[a] = re.compile(
                        f"{e}(?:(?<![{HAN}{_CLOSE}）]{e})|(?![{HAN}{_OPEN}{_OPEN_ENUM}（]|\\r?\\n|\\Z))"
                    )
            elif r.when[0] == "han-paren-pair":
                self.paren = r
                self._paren_plain = _pair_writer(r.pairs["("], r.pairs[")"])
        self.space: list[tuple[str, str, str, re.Pattern[str]]] = []
        for r in self.rows:
            if r.when[0] == "between-latin":
                for a, b in r.pairs.items():
                    e = re.escape(a)
                    pat = re.compile(f"{e}(?<=[{_ALNUM_CLASS}]{e}){e}*(?=[{_ALNUM_CLASS}])")
                    self.space.append((r.id, a, b, pat))

    # -- pass 1 -----------------------------------------------------------------------------
    def narrow(self, text: str, changes: Optional[list[Change]], step: str) -> str:
        # The hot checks. In UTF-16-BE a full-width form is the byte FF then its low byte, so
        # "is there a candidate?" is a literal-prefix bytes scan, several times faster than a
        # character-class scan over str (a hit at an odd offset is the low byte of some
        # U+xxFF and does not count).
        data = text.encode("utf-16-be", "surrogatepass")
        has_always = self.always_re is not None and self.always_probe(text, data)
        has_ctx = bool(self.ctx_pats) and (_probe(self.ctx_probe, data) if self.ctx_probe else True)
        if has_always:
            table = self.always
            if changes is None:
                text = self.always_re.sub(lambda m: m.group().translate(table), text)
            else:
                text = self.always_re.sub(lambda m: self._record_run(m, changes, step), text)
        for rule, chars, table, pat in self.ctx_pats if has_ctx else ():
            if not any(c in text for c in chars):  # a substring test beats even a literal scan
                continue
            if changes is None:
                text = pat.sub(lambda m, t=table: m.group().translate(t), text)
            else:
                text = pat.sub(_recorder(rule, table, None, changes, step), text)
        return text

    def _record_run(self, m: re.Match[str], changes: list[Change], step: str) -> str:
        """Translate a run of always-narrowed characters, one Change per stretch of one rule."""
        run, start = m.group(), m.start()
        out = run.translate(self.always)
        k = 0
        while k < len(run):
            rule = self.rule_of[run[k]]
            j = k + 1
            while j < len(run) and self.rule_of[run[j]] == rule:
                j += 1
            changes.append(Change(step, rule, run[k:j], out[k:j], start + k, start + j))
            k = j
        return out

    # -- pass 2 -----------------------------------------------------------------------------
    def widen(self, text: str, changes: Optional[list[Change]], step: str) -> str:
        present = [p for p in self.punct if p[1] in text]
        paren = self.paren is not None and "(" in text
        if not present and not paren:
            return text
        guard = _Guard(text, self.code_chars)  # code lines and URLs, found only when needed
        # Parentheses first: a widened pair is context for the marks beside it ("儿童）,自").
        # The pair rule reads only neighbours that the marks' rule can never change (an ASCII
        # mark beside an ASCII parenthesis is never widened), so one run is a fixed point.
        if paren and _PAREN_PAIR.search(text) is not None:
            if changes is None and not guard.present():  # nothing blocks: a plain callback
                text = _PAREN_PAIR.sub(self._paren_plain, text)
            else:
                text = _PAREN_PAIR.sub(self._paren_fn(guard, changes, step), text)
        if not present:
            return text
        if changes is None:
            # Substitute everywhere, then copy back the original characters inside code lines
            # and URLs (every replacement is one character for one, so offsets line up).
            new, count = text, 0
            for _, a, b, pat in present:
                new, k = self._widen_mark(new, a, b, pat)
                count += k
            if count and guard.present():
                if count <= _FEW_EDITS:  # check the lines of the few edits, not the whole text
                    return _restore_positions(new, text, guard, present)
                blocked = guard.spans()
                if blocked is not None:
                    new = _restore(new, text, blocked)
            return new
        blocked = guard.spans()
        for rule, _, b, pat in present:
            text = pat.sub(_recorder(rule, b, blocked, changes, step), text)
        return text

    def _widen_mark(self, text: str, a: str, b: str, pat: re.Pattern[str]) -> tuple[str, int]:
        """``pat.subn(b, text)``. A page typed with ASCII commas between Han has thousands of
        them, nearly all widened: then replacing every one (``str.replace``) and putting
        back the few that ``pat`` leaves alone is cheaper than a match object per comma."""
        total = text.count(a)
        if total < _MANY_MARKS:
            return pat.subn(b, text)
        kept = [m.start() for m in self.punct_kept[a].finditer(text)]
        if 2 * len(kept) > total:
            return pat.subn(b, text)
        new = text.replace(a, b)
        if not kept:
            return new, total
        pieces: list[str] = []
        prev = 0
        for i in kept:
            pieces.append(new[prev:i])
            pieces.append(a)
            prev = i + 1
        pieces.append(new[prev:])
        return "".join(pieces), total - len(kept)

    def _paren_fn(self, guard: _Guard, changes: Optional[list[Change]], step: str) -> Callable[[re.Match[str]], str]:
        row = self.paren
        assert row is not None
        lo, hi = row.pairs["("], row.pairs[")"]

        def fn(m: re.Match[str]) -> str:
            a, b = m.start(), m.end()
            if guard.blocks(a, b):  # (the regex checked everything else)
                return m.group()
            inner = m.group(1)
            out = lo + (inner if inner is not None else m.group(2)) + hi
            if changes is not None:
                changes.append(Change(step, row.id, "(", lo, a, a + 1))
                changes.append(Change(step, row.id, ")", hi, b - 1, b))
            return out

        return fn

    # -- pass 3 -----------------------------------------------------------------------------
    def spaces(self, text: str, changes: Optional[list[Change]], step: str) -> str:
        for rule, a, b, pat in self.space:
            if a in text:
                if changes is None:
                    text = pat.sub(b, text)
                else:
                    text = pat.sub(_recorder(rule, b, None, changes, step), text)
        return text

    def apply(self, text: str, punctuation: str, changes: Optional[list[Change]], step: str) -> str:
        """Run the passes; append a :class:`Change` per edit to ``changes`` unless it is None.

        Each pass first checks cheaply whether it has anything to do (a single-class regex
        search or a substring test), so text without candidates costs a few fast scans.
        """
        text = self.narrow(text, changes, step)
        if punctuation == "between-han":
            text = self.widen(text, changes, step)
        if self.space:
            text = self.spaces(text, changes, step)
        return text


def _pair_writer(lo: str, hi: str) -> Callable[[re.Match[str]], str]:
    """A ``_PAREN_PAIR`` callback for text where nothing blocks widening (no guard call)."""
    return lambda m: lo + m.group()[1:-1] + hi


def _recorder(
    rule: str,
    repl: str | dict[int, str],
    blocked: Optional[tuple[list[int], list[int]]],
    changes: Optional[list[Change]],
    step: str,
) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback that skips blocked positions and records each replacement;
    ``repl`` is the replacement string or a ``str.translate`` table."""

    def fn(m: re.Match[str]) -> str:
        if _is_blocked(blocked, m.start()):
            return m.group()
        after = repl if isinstance(repl, str) else m.group().translate(repl)
        if changes is not None:
            changes.append(Change(step, rule, m.group(), after, m.start(), m.end()))
        return after

    return fn


_FEW_EDITS = 64
_MANY_MARKS = 64


class _Guard:
    """Where widening is off in one text (code-like lines, URLs), worked out on first use:
    either all blocked spans, or line by line for a few positions.

    Widening changes only ASCII marks and parentheses not preceded by a letter, so the
    answer is the same before and after it."""

    __slots__ = ("_text", "_codes", "_present", "_done", "_spans", "_lines")

    def __init__(self, text: str, codes: str = _CODE_CHARS) -> None:
        self._text = text
        self._codes = codes
        self._present: Optional[bool] = None
        self._done = False
        self._spans: Optional[tuple[list[int], list[int]]] = None
        self._lines: dict[int, tuple[bool, list[tuple[int, int]]]] = {}

    def present(self) -> bool:
        """Does the text hold anything that blocks widening? (substring tests only)"""
        if self._present is None:
            t = self._text
            self._present = (
                any(c in t for c in self._codes)
                or ("(" in t and _CODE_CALL.search(t) is not None)
                or any(literal in t for literal, _ in _URL_TAILS)
            )
        return self._present

    def spans(self) -> Optional[tuple[list[int], list[int]]]:
        if not self._done:
            self._done = True
            self._spans = _blocked_spans(self._text, self._codes) if self.present() else None
        return self._spans

    def blocks(self, pos: int, end: int = 0) -> bool:
        """Does ``[pos, max(end, pos + 1))`` (within one line) meet a code-like line or a URL?
        The same answer as the spans, worked out for this line only."""
        if not self.present():
            return False
        end = max(end, pos + 1)
        t = self._text
        a = t.rfind("\n", 0, pos) + 1
        info = self._lines.get(a)
        if info is None:
            b = t.find("\n", pos)
            b = len(t) if b < 0 else b
            line = t[a:b]
            code = any(c in line for c in self._codes) or ("(" in line and _CODE_CALL.search(t, a, b) is not None)
            urls = [] if code else [m.span() for lit, rx in _URL_TAILS if lit in line for m in rx.finditer(t, a, b)]
            info = self._lines[a] = (code, urls)
        return info[0] or any(x < end and pos < y for x, y in info[1])


def _restore_positions(new: str, old: str, guard: _Guard, present: list) -> str:
    """Undo the edits of ``present`` (the mark rules) that fall on blocked positions."""
    undo = [m.start() for _, _, _, pat in present for m in pat.finditer(old) if guard.blocks(m.start())]
    if not undo:
        return new
    chars = list(new) if len(undo) > 8 else None
    if chars is None:
        for i in sorted(undo):
            new = new[:i] + old[i] + new[i + 1:]
        return new
    for i in undo:
        chars[i] = old[i]
    return "".join(chars)


def _restore(new: str, old: str, blocked: tuple[list[int], list[int]]) -> str:
    """``new`` with the blocked spans copied back from ``old`` (same length, one-for-one)."""
    out: list[str] = []
    pos = 0
    for a, b in zip(*blocked):
        out.append(new[pos:a])
        out.append(old[a:b])
        pos = b
    out.append(new[pos:])
    return "".join(out)


# The characters of _ALNUM_CLASS as UTF-16-BE byte pairs (one alternative per high byte).
_UTF16_ALNUM = r"\x00[0-9A-Za-z]|\xff[\x10-\x19\x21-\x3a\x41-\x5a]|\x24[\x88-\x9b]|\x21[\x60-\x7f]"


def _utf16_probe(chars: str, after: str = "") -> Optional[re.Pattern[bytes]]:
    """A bytes regex finding ``chars`` in UTF-16-BE text when they share one high byte (and,
    with ``after``, only right after a character matching that byte-pair pattern)."""
    if not chars or any(ord(c) > 0xFFFF for c in chars) or len({ord(c) >> 8 for c in chars}) != 1:
        return None
    high = ord(chars[0]) >> 8
    lows = "".join(f"\\x{ord(c) & 0xFF:02x}" for c in sorted(chars))
    body = f"\\x{high:02x}[{lows}]"
    if after:
        body += f"(?<=(?:{after})..)"
    return re.compile(body.encode("ascii"), re.DOTALL)


def _probe(rx: re.Pattern[bytes], data: bytes) -> bool:
    """Is there a hit at an even offset (a whole UTF-16 code unit)? A hit at an odd offset
    is the low byte of one character plus the high byte of the next; search on from the
    next byte, so such a hit never hides an aligned one."""
    m = rx.search(data)
    while m is not None:
        if not m.start() & 1:
            return True
        m = rx.search(data, m.start() + 1)
    return False


class CharProbe:
    """Fast "does this text hold any of these characters?" for a fixed character set.

    A character-class scan over ``str`` runs at a few hundred MB/s; a literal-prefix scan is
    many times faster. So the text is encoded once to UTF-16-BE and, per high byte shared by
    the characters, a bytes regex ``\\xHH[lows]`` (literal prefix) is searched; a hit at an
    even offset is a real character. Characters outside the BMP fall back to a class scan.
    """

    def __init__(self, chars: str) -> None:
        bmp = sorted({c for c in chars if ord(c) <= 0xFFFF})
        astral = "".join(sorted({c for c in chars if ord(c) > 0xFFFF}))
        by_high: dict[int, list[str]] = {}
        for c in bmp:
            by_high.setdefault(ord(c) >> 8, []).append(c)
        self.probes = [_utf16_probe("".join(cs)) for _, cs in sorted(by_high.items())]
        self.astral = re.compile(f"[{_class(astral)}]") if astral else None

    def __call__(self, text: str, data: Optional[bytes] = None) -> bool:
        if self.astral is not None and self.astral.search(text) is not None:
            return True
        if not self.probes:
            return False
        if data is None:
            data = text.encode("utf-16-be", "surrogatepass")
        return any(_probe(p, data) for p in self.probes)


def _code_lines(text: str, find: Callable[[int], int], spans: list[tuple[int, int]]) -> None:
    """Add the line of every hit of ``find(pos) -> index or -1``; each line is scanned once."""
    i = find(0)
    while i >= 0:
        a = text.rfind("\n", 0, i) + 1
        b = text.find("\n", i)
        b = len(text) if b < 0 else b + 1  # the newline too, so adjacent code lines merge
        spans.append((a, b))
        i = find(b) if b < len(text) else -1


def _regex_at(rx: re.Pattern[str], text: str) -> Callable[[int], int]:
    def find(pos: int) -> int:
        m = rx.search(text, pos)
        return -1 if m is None else m.start()

    return find


def _blocked_spans(text: str, code_chars: str = _CODE_CHARS) -> Optional[tuple[list[int], list[int]]]:
    """Sorted, disjoint ``(starts, ends)`` of code-like lines and URLs, where widening is off;
    None when the text has neither (each check a substring test or literal-prefix scan)."""
    codes = [c for c in code_chars if c in text]
    call = "(" in text and _CODE_CALL.search(text) is not None
    urls = [tail for literal, tail in _URL_TAILS if literal in text]
    if not codes and not call and not urls:
        return None
    spans: list[tuple[int, int]] = []
    for c in codes:
        _code_lines(text, lambda pos, c=c: text.find(c, pos), spans)
    if call:
        _code_lines(text, _regex_at(_CODE_CALL, text), spans)
    for tail in urls:  # from :// or www. on; a scheme before :// has no Han
        spans.extend(m.span() for m in tail.finditer(text))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if starts and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _is_blocked(blocked: Optional[tuple[list[int], list[int]]], pos: int) -> bool:
    if blocked is None:
        return False
    starts, ends = blocked
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


@lru_cache(maxsize=16)
def width_tables(source: Optional[str] = None) -> WidthTables:
    """The compiled tables of ``source`` (a rule file path) or of the packaged ``width.tsv``.

    Built once per process and path; a malformed file raises RuleFileError at load.
    """
    required = ("id", "when", "from", "to", "note")
    if source is None:
        return WidthTables(load_rules(packaged="width.tsv", required=required), packaged_path("width.tsv"))
    return WidthTables(load_rules(source, required=required), source)

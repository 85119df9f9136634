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
or Han before and after narrowing), and no context looks at a character that an edit can
produce, so the passes commute and one run reaches a fixed point (idempotence).
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

__all__ = ["WidthTables", "width_tables", "PUNCTUATION_MODES", "HAN", "CONTEXTS"]

PUNCTUATION_MODES = ("between-han", "keep")

# CJK ideographs (URO, Ext A, compatibility, Ext B-H) and 〇, as a regex class body.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
_DIGITS = "0123456789" + "".join(chr(c) for c in range(0xFF10, 0xFF1A))
_LATIN = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B))
)
# Enumerated characters that the numbering step writes as digits (⒈ -> 1.) or letters
# (Ⅳ -> IV) count as digits/letters in the positive contexts below, so that running width
# again after numbering finds nothing new (the default preset stays idempotent).
_ENUM_DIGIT = "".join(chr(c) for c in range(0x2488, 0x249C))  # ⒈..⒛
_ENUM_LATIN = "".join(chr(c) for c in range(0x2160, 0x2180))  # Ⅰ..ⅿ
DIGIT = frozenset(_DIGITS)
DIGIT_X = frozenset(_DIGITS + _ENUM_DIGIT)
ALNUM = frozenset(_DIGITS + _LATIN + _ENUM_DIGIT + _ENUM_LATIN)
_ALNUM_CLASS = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2488-\u249b\u2160-\u217f"
_DIGIT_CLASS = "0-9\uff10-\uff19"
# CJK quotes and brackets that no width rule produces: safe context for the widening rules.
_CLOSE = "”’》」』】〉〕"
_OPEN = "“‘《「『【〈〔"
# Beside a ( ) pair, these mark the Chinese side. （ ） are left out because pass 2 can produce
# them; ，：；！？ beside an ASCII parenthesis can never have been produced (their own rule
# needs Han on both sides), so they are stable context.
_CJK_SIDE = re.compile(f"[{HAN}{_CLOSE}{_OPEN}。、…—·，：；！？]")
_HAS_HAN = re.compile(f"[{HAN}]")
# Lines that look like code or markup, and URLs: the widening rules never touch them.
_GUARD = re.compile(r"[{}`=\\$<>＝｛｝｀＼＄＜＞]|://|www\.")
_CODE_CHARS = re.compile(r"[{}`=\\$<>＝｛｝｀＼＄＜＞]")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+|www\.\S+")
_THOUSANDS_TAIL = re.compile(f"[{_DIGIT_CLASS}]{{3}}(?![{_DIGIT_CLASS}])")
_PAREN_PAIR = re.compile(r"\(([^()（）\n]{1,100})\)")

NARROW_CONTEXTS = ("always", "after-digit", "thousands", "between-digits", "between-alnum")
CONTEXTS = (*NARROW_CONTEXTS, "between-latin", "between-han", "han-paren-pair", "keep")


def _ctx_ok(context: str, s: str, i: int) -> bool:
    """Does narrowing context ``context`` hold for the character at ``s[i]``?"""
    if context == "always":
        return True
    prev = s[i - 1] if i else ""
    nxt = s[i + 1] if i + 1 < len(s) else ""
    if context == "after-digit":
        return prev in DIGIT and prev != ""
    if context == "between-digits":
        return prev != "" and nxt != "" and prev in DIGIT_X and nxt in DIGIT_X
    if context == "between-alnum":
        return prev != "" and nxt != "" and prev in ALNUM and nxt in ALNUM
    if context == "thousands":
        return prev != "" and prev in DIGIT and _THOUSANDS_TAIL.match(s, i + 1) is not None
    return False  # pragma: no cover - contexts are validated at load


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


def _class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


class WidthTables:
    """The compiled width rules of one rule file (build with :func:`width_tables`)."""

    def __init__(self, rows: list[dict], label: str) -> None:
        self.label = label
        self.rows = _parse_rows(rows, label)
        narrow = [r for r in self.rows if r.when[0] in NARROW_CONTEXTS]
        self.always: dict[int, str] = {}
        self.ctx: dict[str, _Row] = {}
        self.rule_of: dict[str, str] = {}
        for r in narrow:
            for a, b in r.pairs.items():
                self.rule_of[a] = r.id
                if r.when == ("always",):
                    self.always[ord(a)] = b
                else:
                    self.ctx[a] = r
        narrow_chars = "".join(self.rule_of)
        self.narrow_re = re.compile(f"[{_class(narrow_chars)}]+") if narrow_chars else None
        self.ctx_re = re.compile(f"[{_class(''.join(self.ctx))}]") if self.ctx else None

        self.punct: list[tuple[str, str, str, re.Pattern[str]]] = []  # (rule, from, to, regex)
        self.paren: Optional[_Row] = None
        for r in self.rows:
            if r.when[0] == "between-han":
                for a, b in r.pairs.items():
                    pat = re.compile(f"{re.escape(a)}(?<=[{HAN}{_CLOSE}]{re.escape(a)})(?=[{HAN}{_OPEN}])")
                    self.punct.append((r.id, a, b, pat))
            elif r.when[0] == "han-paren-pair":
                self.paren = r
        self.space: list[tuple[str, str, str, re.Pattern[str]]] = []
        for r in self.rows:
            if r.when[0] == "between-latin":
                for a, b in r.pairs.items():
                    e = re.escape(a)
                    pat = re.compile(f"{e}(?<=[{_ALNUM_CLASS}]{e}){e}*(?=[{_ALNUM_CLASS}])")
                    self.space.append((r.id, a, b, pat))
        cand = narrow_chars + "".join(a for _, a, _, _ in self.space)
        self.cand_narrow = re.compile(f"[{_class(cand)}]") if cand else None
        widen = "".join(a for _, a, _, _ in self.punct) + ("(" if self.paren else "")
        self.cand_all = re.compile(f"[{_class(cand + widen)}]") if cand + widen else None

    # -- pass 1 -----------------------------------------------------------------------------
    def _narrow_char(self, s: str, i: int) -> str:
        c = s[i]
        code = self.always.get(ord(c))
        if code is not None:
            return code
        row = self.ctx[c]
        if any(_ctx_ok(w, s, i) for w in row.when):
            return row.pairs[c]
        return c

    def narrow(self, text: str, changes: Optional[list[Change]], step: str) -> str:
        if self.narrow_re is None:
            return text
        ctx_re = self.ctx_re

        def fast(m: re.Match[str]) -> str:
            run = m.group()
            if ctx_re is None or ctx_re.search(run) is None:
                return run.translate(self.always)
            s, a = m.string, m.start()
            return "".join(self._narrow_char(s, a + k) for k in range(len(run)))

        def slow(m: re.Match[str]) -> str:
            s, a = m.string, m.start()
            out = []
            seg_rule, seg_start, seg_before, seg_after = "", a, [], []
            for k in range(len(m.group())):
                i = a + k
                c = s[i]
                d = self._narrow_char(s, i)
                out.append(d)
                rule = self.rule_of[c] if d != c else ""
                if rule != seg_rule or (rule and seg_start + len(seg_before) != i):
                    if seg_rule:
                        changes.append(Change(step, seg_rule, "".join(seg_before), "".join(seg_after), seg_start,
                                              seg_start + len(seg_before)))
                    seg_rule, seg_start, seg_before, seg_after = rule, i, [], []
                if rule:
                    seg_before.append(c)
                    seg_after.append(d)
            if seg_rule:
                changes.append(Change(step, seg_rule, "".join(seg_before), "".join(seg_after), seg_start,
                                      seg_start + len(seg_before)))
            return "".join(out)

        return self.narrow_re.sub(fast if changes is None else slow, text)

    # -- pass 2 -----------------------------------------------------------------------------
    def widen(self, text: str, changes: Optional[list[Change]], step: str) -> str:
        blocked = _blocked_spans(text) if _GUARD.search(text) else None
        if changes is None and blocked is None:
            for _, a, b, pat in self.punct:
                if a in text:
                    text = pat.sub(b, text)
        else:
            for rule, a, b, pat in self.punct:
                if a in text:
                    text = pat.sub(_recorder(rule, b, blocked, changes, step), text)
        if self.paren is not None and "(" in text:
            text = _PAREN_PAIR.sub(self._paren_fn(blocked, changes, step), text)
        return text

    def _paren_fn(
        self, blocked: Optional[tuple[list[int], list[int]]], changes: Optional[list[Change]], step: str
    ) -> Callable[[re.Match[str]], str]:
        row = self.paren
        assert row is not None
        lo, hi = row.pairs["("], row.pairs[")"]

        def fn(m: re.Match[str]) -> str:
            s, a, b = m.string, m.start(), m.end()
            prev = s[a - 1] if a else ""
            nxt = s[b] if b < len(s) else ""
            if (prev and prev in ALNUM) or (nxt and nxt in ALNUM) or prev == "_" or nxt == "_":
                return m.group()
            if not ((prev and _CJK_SIDE.match(prev)) or (nxt and _CJK_SIDE.match(nxt))):
                return m.group()
            if _HAS_HAN.search(m.group(1)) is None or _overlaps(blocked, a, b):
                return m.group()
            out = lo + m.group(1) + hi
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
        """Run the passes; append a :class:`Change` per edit to ``changes`` unless it is None."""
        cand = self.cand_all if punctuation == "between-han" else self.cand_narrow
        if cand is None or cand.search(text) is None:
            return text
        if self.narrow_re is not None and self.narrow_re.search(text) is not None:
            text = self.narrow(text, changes, step)
        if punctuation == "between-han":
            text = self.widen(text, changes, step)
        if self.space:
            text = self.spaces(text, changes, step)
        return text


def _recorder(
    rule: str, repl: str, blocked: Optional[tuple[list[int], list[int]]], changes: Optional[list[Change]], step: str
) -> Callable[[re.Match[str]], str]:
    def fn(m: re.Match[str]) -> str:
        if _is_blocked(blocked, m.start()):
            return m.group()
        if changes is not None:
            changes.append(Change(step, rule, m.group(), repl, m.start(), m.end()))
        return repl

    return fn


def _blocked_spans(text: str) -> tuple[list[int], list[int]]:
    """Sorted, disjoint ``(starts, ends)`` of code-like lines and URLs, where widening is off."""
    spans: list[tuple[int, int]] = []
    for m in _CODE_CHARS.finditer(text):
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.start())
        spans.append((a, len(text) if b < 0 else b))
    spans.extend(m.span() for m in _URL.finditer(text))
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


def _overlaps(blocked: Optional[tuple[list[int], list[int]]], a: int, b: int) -> bool:
    """Does ``[a, b)`` meet a blocked span?"""
    if blocked is None:
        return False
    starts, ends = blocked
    k = bisect.bisect_left(starts, b) - 1
    return k >= 0 and ends[k] > a


@lru_cache(maxsize=16)
def width_tables(source: Optional[str] = None) -> WidthTables:
    """The compiled tables of ``source`` (a rule file path) or of the packaged ``width.tsv``.

    Built once per process and path; a malformed file raises RuleFileError at load.
    """
    required = ("id", "when", "from", "to", "note")
    if source is None:
        return WidthTables(load_rules(packaged="width.tsv", required=required), packaged_path("width.tsv"))
    return WidthTables(load_rules(source, required=required), source)

"""The machinery behind :func:`zhclean.strip_boilerplate`: rule tables, line features, context.

Three kinds of evidence decide each line (see docs/boilerplate.md):

1. **phrase and shape rules** (``rules/boilerplate.tsv``): one regular expression per row,
   matched against a normalized copy of the line (stripped, bullet removed, traditional
   characters mapped to simplified, pinyin glosses and zero-width characters removed);
2. **line shape**: every line gets a class — blank, prose (sentence punctuation or long),
   protected (numbered heading, title-like, addressee, closing date, signature), short
   menu-like, or other;
3. **context rules** (``rules/boilerplate_context.tsv``): runs of short lines at the head or
   tail of the document, clusters between posts, related-link blocks, numbered site
   notices and site-generated teasers.

Context rules are evaluated to a fixed point on the surviving lines, which makes the
cleaner idempotent by construction: the last round found nothing to remove in exactly the
lines it returns, and a second call starts from those lines.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, Union

from ..errors import RuleFileError
from ..rules import load_rules, packaged_path
from ._artifacts_data import TONE_MARKS

__all__ = ["RuleSet", "Rule", "compile_ruleset", "decide"]

PathLike = Union[str, "os.PathLike[str]"]

PACKAGED_PHRASES = "boilerplate.tsv"
PACKAGED_CONTEXT = "boilerplate_context.tsv"

# line classes
BLANK, PROSE, SHORT, PROTECTED, OTHER, DROP, KEEP = range(7)

# characters stripped from both ends of a line before it is judged
_STRIP = (
    " \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
# characters that make a document need the (slower) normalized matching key
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TONES = TONE_MARKS  # the pinyin tone-marked letters, one table with the artifacts step
_PINYIN = re.compile(r"\((?=[a-zü]{0,6}[" + _TONES + r"])[a-zü" + _TONES + r"]{1,7}\)")
_HAS_TONE = re.compile("[" + _TONES + "]")
# characters the matching key deletes or replaces besides Han (see _key_tables)
_ODD_CHARS = re.compile("[" + _ZERO_WIDTH + "\ue000-\uf8ff" + _TONES + "]")
_BULLET = re.compile(r"(?:[•●◆◇■□▪▫►▶▸‣⁃★☆◎※·・]+\s*|[-*+]\s+)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE = re.compile(r"[。！？；，、…!?;,]")
_ENTITY = re.compile(r"&#?\w{2,8};")
_NUMBERED = re.compile(
    r"(?:第[一二三四五六七八九十百零〇\d]{1,4}[章节節条條篇部回卷讲講课課]|"
    r"[一二三四五六七八九十百]{1,3}\s*[、.．]|"
    r"[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
    r"\d{1,3}\s*[、.．)）]|[①-⑳⑴-⒇⒈-⒛❶-❿]|#{1,6}\s|[A-Za-z]\s*[、.．)]|篇\s*\d{1,3}|[IVX]{1,4}\s*[、.．])"
)
_LIST_MARK = re.compile(r"(?:(\d{1,3})\s*[、.．)）]|[(（]\s*(\d{1,3})\s*[)）])")
_DIGITS_OPEN = frozenset("0123456789(（")
_NUMBERED_HAN = re.compile(
    r"(?:第[一二三四五六七八九十百零〇\d]{1,4}[章节節条條篇部回卷讲講课課]|[一二三四五六七八九十百]{1,3}\s*[、.．]|"
    r"[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,3}\s*[、.．)）])\s*[\u3400-\u9fff]"
)
_LIST_ITEM = re.compile(r"(?:\d{1,3}\s*[、.．)）]|[(（]\s*\d{1,3}\s*[)）])\s*[\u3400-\u9fff].{2,}[，,、：:]")
_HEADING_TAIL = re.compile(r"篇\s*\d{1,3}$")
_CLOSING_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日"
)
# sentence particles, pronouns and the commonest function words (是 不 也 没 很): a short
# line holding one reads as a reply or a sentence fragment ("试过不行呢", "随缘吧",
# "主要是不赚钱", "软件的也会有"), not as a menu label or a username
_SPEECH = re.compile(r"[了呢吧吗啊呀哦嘛啥么我你他她是不也没很！？!?。，,]")
_ADDRESSEE = re.compile(r".{2,30}[:：]")
_BOOK_TITLE = re.compile(r"《[^《》]{1,40}》")
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9_.@+-]{1,16}(?:\s[A-Za-z0-9_.@+-]{1,12})?")

_PROSE_LEN = 32
# families of lines that sit between a title and its text (not site chrome)
_ARTICLE_FURNITURE = frozenset({"meta", "widget", "more"})
# rules whose lines are post date stamps: the short line after one is the post's text
_STAMP_RULES = frozenset(
    {"meta.stamp", "meta.posted", "meta.pipe-time", "meta.user-time", "shape.datetime",
     "shape.relative-time", "shape.isodate"}
)
# a metadata key with a colon: a stamp line holding one is an article's dateline
_DATELINE_KEY = re.compile(r"(?:时间|日期|来源|作者|编辑|出处|稿源|時間|來源|編輯)\s*[:：]")
# rules without a max_len still skip lines longer than this (no boilerplate line is that long)
_UNBOUNDED_LIMIT = 2000
_TEASER_KEY = 20
_INTRO = re.compile(r"(?:[:：]|如下[。，,.:：]?|以下[。，,.:：]?)\s*$")
# classes of the lines a short line's echo is looked for in (content, never short lines)
_ECHO_CLASSES = frozenset({PROSE, PROTECTED, OTHER, KEEP})


def _prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal strings one of which every match of ``pattern`` starts with, or None.

    Used as cheap pre-checks (``str.startswith`` for whole-line rules, ``in`` over the
    document for search rules), so a rule is only run where it can match. Derived from
    the parsed pattern; any construct it does not understand gives None (no pre-check).
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as sp  # type: ignore[attr-defined]

        tree = list(sp.parse(pattern))
    except (ImportError, re.error, RecursionError):  # no parser API: no pre-check, same results
        return None

    def seq(items: list) -> set[str] | None:
        if not items:
            return None
        op, av = items[0]
        if op is c.LITERAL:
            run = ""
            for op2, av2 in items:
                if op2 is not c.LITERAL:
                    break
                run += chr(av2)
            return {run}
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                got = seq(list(branch))
                if got is None:
                    return None
                out |= got
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            inner = seq(list(av[2]))
            if av[0] >= 1 or inner is None:
                return inner
            rest = seq(items[1:])  # optional: the match starts with it or with what follows
            return None if rest is None else inner | rest
        if op is c.IN and all(o is c.LITERAL for o, _ in av) and len(av) <= 16:
            return {chr(v) for _, v in av}
        return None

    found = seq(tree)
    if not found or "" in found:
        return None
    return tuple(sorted(found))


def _required(pattern: str) -> tuple[str, ...] | None:
    """Literal strings one of which occurs in every match of ``pattern`` (anywhere), or None.

    Picks, along the top-level sequence, the required element whose literals are longest.
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as sp  # type: ignore[attr-defined]

        tree = list(sp.parse(pattern))
    except (ImportError, re.error, RecursionError):  # no parser API: no pre-check, same results
        return None

    def node(op: object, av: object) -> set[str] | None:
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))  # type: ignore[index]
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:  # type: ignore[index]
                got = seq(list(branch))
                if got is None:
                    return None
                out |= got
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            return seq(list(av[2]))  # type: ignore[index]
        if op is c.IN and all(o is c.LITERAL for o, _ in av) and len(av) <= 16:  # type: ignore[union-attr]
            return {chr(v) for _, v in av}  # type: ignore[union-attr]
        return None

    def seq(items: list) -> set[str] | None:
        best: set[str] | None = None
        run = ""
        candidates: list[set[str]] = []
        for op, av in [*items, (None, None)]:
            if op is c.LITERAL:
                run += chr(av)
                continue
            if run:
                candidates.append({run})
                run = ""
            if op is None:
                break
            got = node(op, av)
            if got:
                candidates.append(got)
        for cand in candidates:
            if "" in cand:
                continue
            if best is None or min(map(len, cand)) > min(map(len, best)):
                best = cand
        return best

    found = seq(tree)
    return tuple(sorted(found)) if found else None


def _first_chars(pattern: str) -> re.Pattern[str] | None:
    """A one-character regex every match of ``pattern`` starts with, or None.

    The fallback gate of whole-line rules without literals (numbers, dates, symbol rows):
    the first character of a line decides whether they can match, and the decision is
    remembered per character. Derived from the parsed pattern; a construct it does not
    understand, or a pattern that may match a first character of any kind, gives None.
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as sp  # type: ignore[attr-defined]

        tree = list(sp.parse(pattern))
    except (ImportError, re.error, RecursionError):  # no parser API: no gate, same results
        return None
    cats = {
        c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
        c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W",
    }

    def klass(items: list) -> str | None:
        out = ""
        for op, av in items:
            if op is c.LITERAL:
                out += re.escape(chr(av))
            elif op is c.RANGE:
                out += re.escape(chr(av[0])) + "-" + re.escape(chr(av[1]))
            elif op is c.CATEGORY and av in cats:
                out += cats[av]
            elif op is c.NEGATE:
                out += "^"
            else:
                return None
        return "[" + out + "]"

    def seq(items: list) -> list[str] | None:
        for pos, (op, av) in enumerate(items):
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # consumes nothing: the first character comes from what follows
            if op is c.LITERAL:
                return [re.escape(chr(av))]
            if op is c.IN:
                k = klass(list(av))
                return None if k is None else [k]
            if op is c.SUBPATTERN:
                return seq(list(av[-1]) + items[pos + 1 :])
            if op is c.BRANCH:
                out: list[str] = []
                for branch in av[1]:
                    got = seq(list(branch) + items[pos + 1 :])
                    if got is None:
                        return None
                    out += got
                return out
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                inner = seq(list(av[2]))
                if inner is None:
                    return None
                if av[0] >= 1:
                    return inner
                rest = seq(items[pos + 1 :])
                return None if rest is None else inner + rest
            return None
        return None  # the pattern may match the empty string

    if tree and tree[0][0] is c.SUBPATTERN and tree[0][1][1]:
        return None  # local flags (case folding) change what a first character may be
    found = seq(tree)
    if getattr(getattr(sp.parse(pattern), "state", None), "flags", 0) & re.IGNORECASE or not found:
        return None
    return re.compile("|".join(dict.fromkeys(found)))


def _gate(pattern: str, anchored: bool) -> tuple[tuple[str, ...] | None, re.Pattern[str] | None, tuple[str, ...]]:
    """A cheap pre-check for a rule: ``(prefixes, literal_regex, literals)``. Anchored rules
    get the literal prefixes every match starts with (``str.startswith``), others a small
    regex of literals one of which every match contains; ``literals`` is what either uses."""
    if anchored:
        pre = _prefixes(pattern)
        if pre is not None:
            return pre, None, pre
    req = _required(pattern)
    if req is None:
        return None, None, ()
    return None, re.compile("|".join(re.escape(x) for x in sorted(req, key=len, reverse=True))), req


@dataclass(frozen=True)
class Rule:
    """One phrase or shape rule: a row of a rule file, compiled."""

    id: str
    family: str
    match: str
    max_len: int
    then: str
    action: str
    pattern: str
    source: str
    line: int
    prose: bool = True


@dataclass(frozen=True)
class Context:
    """One context rule's id and settings."""

    id: str
    enabled: bool
    params: dict


class _Tier:
    """The rules one kind of line can meet (a length tier, sentence or not), gated for speed.

    Every rule in it is tried only where its cheap pre-check passes:

    - anchored rules (``full``/``start`` with literal prefixes): one ``match`` of the
      alternation of all prefixes (longest first) at the line's start; ``start_map`` maps the
      prefix found to the rules whose prefix it begins with (a longer prefix found hides a
      shorter one at the same place, never a rule);
    - other rules with required literals: ``search`` of the alternation of all literals
      (longest first), resumed one character after each hit, finds the longest literal
      starting at every position that has one; ``lit_map`` maps it to the rules needing it
      or a literal inside it;
    - rules without any literal (a few whole-line shape rules: numbers, dates, symbol rows)
      are tried when the line's first character may start them (``_first_chars``, decided
      once per character and remembered in ``by_first``), or always if that is unknown.

    A line no literal of the tier reaches (most prose) costs two C calls and a dict lookup.
    """

    __slots__ = ("entries", "start_rx", "start_map", "lit_rx", "lit_map", "always", "firsts", "by_first", "calls")

    def __init__(self, entries: list) -> None:
        # entries: (order, rule, compiled, method, prefixes, literals, first_chars), in rule order
        self.entries = entries
        starts: dict[str, set[int]] = {}
        needs: dict[str, set[int]] = {}
        always: list[int] = []
        firsts: list[tuple[int, re.Pattern[str]]] = []
        for ei, (_, _, _, method, pre, lits, first) in enumerate(entries):
            if pre is not None:
                for p in pre:
                    starts.setdefault(p, set()).add(ei)
            elif lits:
                for lit in lits:
                    needs.setdefault(lit, set()).add(ei)
            elif first is not None and method is not re.Pattern.search:
                firsts.append((ei, first))
            else:
                always.append(ei)
        # candidate sets are bit masks (bit i = entry i), so unions are one integer 'or'
        self.always = _mask(always)
        self.firsts = firsts
        self.by_first: dict[str, int] = {}
        self.start_map = {p: _mask(i for q, idx in starts.items() if p.startswith(q) for i in idx) for p in starts}
        self.lit_map = {lit: _mask(i for q, idx in needs.items() if q in lit for i in idx) for lit in needs}
        self.start_rx = _alternation(starts) if starts else None
        self.lit_rx = _alternation(needs) if needs else None
        self.calls = [(rule, rx, method) for _, rule, rx, method, _, _, _ in entries]

    def first(self, key: str) -> Rule | None:
        """The first rule (rule order) whose pattern matches ``key``, or None."""
        cand = self.always
        if self.firsts:
            got = self.by_first.get(key[0])
            if got is None:
                got = _mask(ei for ei, rx in self.firsts if rx.match(key[0])) | cand
                if len(self.by_first) < 8192:
                    self.by_first[key[0]] = got
            cand = got
        if self.start_rx is not None:
            m = self.start_rx.match(key)
            if m is not None:
                cand |= self.start_map[m.group()]
        if self.lit_rx is not None:
            search = self.lit_rx.search
            m = search(key)
            if m is not None:
                lit_map = self.lit_map
                while m is not None:  # overlapping: every literal at every position
                    cand |= lit_map[m.group()]
                    m = search(key, m.start() + 1)
        calls = self.calls
        while cand:  # lowest bit first: rule order
            low = cand & -cand
            rule, rx, method = calls[low.bit_length() - 1]
            if method(rx, key) is not None:
                return rule
            cand ^= low
        return None


def _mask(indices: Iterable[int]) -> int:
    return sum(1 << i for i in set(indices))


def _alternation(literals: Iterable[str]) -> re.Pattern[str]:
    """A regex matching, at a place, the longest of ``literals`` that starts there.

    Built as a trie (``猜你(?:喜欢|想看)``, a longer continuation tried before stopping),
    not as a flat longest-first alternation: the regex engine then reads each character once
    per place instead of once per literal, which made the gates five times cheaper. The
    match is the same: the branches of a trie node begin with distinct characters, so at
    most one can go on, and a greedy optional part prefers the longer literal.
    """
    trie: dict = {}
    for word in literals:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a literal

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return re.compile(emit(trie))


_METHODS = {"full": re.Pattern.fullmatch, "start": re.Pattern.match, "search": re.Pattern.search}


class _Matcher:
    """All phrase and shape rules of one action, in the order a line tries them: whole-line
    rules, then start rules, then search rules, each in file order; the first match decides.

    Rules are grouped per length tier (a rule only reads lines its ``max_len`` admits) and
    per sentence flag (a line holding a finished sentence meets only rules marked
    ``prose``); each group is a :class:`_Tier` built lazily, on the first line needing it.
    """

    __slots__ = ("entries", "thresholds", "tiers", "by_len")

    def __init__(self, rules: list[Rule]) -> None:
        ordered = sorted(rules, key=lambda r: _MODES.index(r.match))  # stable: file order within a mode
        self.entries = []
        for order, r in enumerate(ordered):
            pre, _, lits = _gate(r.pattern, r.match != "search")
            first = _first_chars(r.pattern) if not lits else None
            self.entries.append((order, r, re.compile(r.pattern), _METHODS[r.match], pre, lits, first))
        self.thresholds = sorted({r.max_len for r in rules if r.max_len})
        self.tiers: dict[tuple[int, bool, bool], _Tier] = {}
        self.by_len: dict[int, _Tier | None] = {}  # 2 * length + sentence -> its tier

    def first(self, key: str, n: int, sentence: bool) -> Rule | None:
        """The rule deciding ``key`` (its length ``n``), or None."""
        slot = n + n + sentence
        t = self.by_len.get(slot, False)
        if t is False:
            t = self._tier(n, sentence)
            if n <= _UNBOUNDED_LIMIT:
                self.by_len[slot] = t
        return None if t is None else t.first(key)

    def _tier(self, n: int, sentence: bool) -> _Tier | None:
        """The tier of lines of length ``n`` (None when no rule reads them)."""
        tier = bisect.bisect_left(self.thresholds, n)
        if tier == len(self.thresholds) and n > _UNBOUNDED_LIMIT:
            return None
        huge = n > _UNBOUNDED_LIMIT  # search rules never read such a line, whatever their bound
        t = self.tiers.get((tier, sentence, huge))
        if t is None:
            bound = self.thresholds[tier] if tier < len(self.thresholds) else None
            t = self.tiers[(tier, sentence, huge)] = _Tier(
                [
                    e
                    for e in self.entries
                    if (e[1].max_len == 0 or (bound is not None and e[1].max_len >= bound))
                    and (e[1].prose or not sentence)
                    and not (huge and e[3] is re.Pattern.search)
                ]
            )
        return t if t.entries else None


class RuleSet:
    """Compiled phrase/shape rules plus context settings; built once per rule-file tuple."""

    def __init__(self, rules: list[Rule], context: dict[str, Context]) -> None:
        self.rules = rules
        self.context = context
        active = [r for r in rules if r.action != "off"]
        self.keep = _Matcher([r for r in active if r.action == "keep"])
        self.drop = _Matcher([r for r in active if r.action == "drop"])
        self.has_keep = any(r.action == "keep" for r in active)
        self._memos: dict[tuple[bool, int, int], dict[str, tuple | None]] = {}
        # the longest line a rule may read whose verdict can depend on traditional vs
        # simplified characters (a pattern naming Han characters or non-ASCII escapes)
        self.han_limit = max(
            [0, *(r.max_len or _UNBOUNDED_LIMIT for r in active if _NON_ASCII.search(r.pattern))]
        )

    def line_memo(self, fold: bool, menu_len: int, title_han: int) -> dict:
        """The per-process memo of short-line features for one combination of switches."""
        key = (fold, menu_len, title_han)
        memo = self._memos.get(key)
        if memo is None:
            memo = self._memos[key] = {}
        return memo

    def param(self, rule_id: str, key: str, default: float) -> float:
        ctx = self.context.get(rule_id)
        if ctx is None:
            return default
        return float(ctx.params.get(key, default))

    def enabled(self, rule_id: str) -> bool:
        ctx = self.context.get(rule_id)
        return ctx is not None and ctx.enabled


_MODES = ("full", "start", "search")
_NON_ASCII = re.compile(r"[^\x00-\x7f]|\\[uUxN]")
_ACTIONS = ("drop", "keep", "off")
_NESTED = re.compile(r"\(\?P[<=]|\\[1-9]")


def _rows_to_rules(rows: list[dict], label: str) -> tuple[list[Rule], dict[str, Context]]:
    rules: list[Rule] = []
    context: dict[str, Context] = {}
    for row in rows:
        line = row["_line"]
        rid = row["id"]
        if "params" in row and "pattern" not in row:
            params: dict[str, str] = {}
            for item in filter(None, (p.strip() for p in row["params"].split(";"))):
                key, sep, value = item.partition("=")
                if not sep:
                    raise RuleFileError(label, line, f"context parameter {item!r} is not key=value")
                try:
                    float(value)
                except ValueError:
                    raise RuleFileError(label, line, f"context parameter {key}={value!r} is not a number") from None
                params[key.strip()] = value.strip()
            enabled = params.pop("enabled", "1") not in ("0", "0.0")
            context[rid] = Context(rid, enabled, params)
            continue
        pattern = row.get("pattern", "")
        match = row.get("match", "full") or "full"
        action = row.get("action", "drop") or "drop"
        then = row.get("then", "-") or "-"
        if match not in _MODES:
            raise RuleFileError(label, line, f"match must be one of {', '.join(_MODES)}, got {match!r}")
        if action not in _ACTIONS:
            raise RuleFileError(label, line, f"action must be one of {', '.join(_ACTIONS)}, got {action!r}")
        if then not in ("-", "block"):
            raise RuleFileError(label, line, f"then must be '-' or 'block', got {then!r}")
        try:
            max_len = int(row.get("max_len", "0") or 0)
        except ValueError:
            raise RuleFileError(label, line, f"max_len must be an integer, got {row.get('max_len')!r}") from None
        if max_len < 0:
            raise RuleFileError(label, line, "max_len must be >= 0")
        if not pattern:
            raise RuleFileError(label, line, "empty pattern")
        if match == "search" and max_len == 0 and action != "off":
            raise RuleFileError(label, line, "search rules need a max_len (long lines are prose, not furniture)")
        if _NESTED.search(pattern):
            raise RuleFileError(label, line, "named groups and backreferences are not allowed in patterns")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RuleFileError(label, line, f"bad regular expression: {exc}") from None
        if re.compile(pattern).fullmatch(""):
            raise RuleFileError(label, line, "pattern matches the empty line (it would match everything)")
        prose = row.get("prose", "yes") or "yes"
        if prose not in ("yes", "no"):
            raise RuleFileError(label, line, f"prose must be 'yes' or 'no', got {prose!r}")
        rules.append(
            Rule(
                rid, row.get("family", "user") or "user", match, max_len, then, action, pattern, label, line,
                prose == "yes",
            )
        )
    return rules, context


def _load(path: PathLike | None, packaged: str | None) -> tuple[list[Rule], dict[str, Context]]:
    if packaged is not None:
        rows = load_rules(packaged=packaged)
        return _rows_to_rules(rows, packaged_path(packaged))
    rows = load_rules(path)
    return _rows_to_rules(rows, os.fspath(path))  # type: ignore[arg-type]


def compile_ruleset(extra: tuple[str, ...] = (), packaged: bool = True) -> RuleSet:
    """Return (built once per process and rule-file list) the rule set: packaged files, then ``extra``.

    A row of a later file whose id equals an earlier id replaces it, so a user file can
    retune, switch off (``action`` ``off`` or ``enabled=0``) or override a packaged rule.
    """
    return _compile_ruleset(tuple(extra), bool(packaged))


@functools.lru_cache(maxsize=32)
def _compile_ruleset(extra: tuple[str, ...], packaged: bool) -> RuleSet:
    # positional, normalized arguments: one cache entry however the caller spelled them
    by_id: dict[str, Rule] = {}
    context: dict[str, Context] = {}
    sources: list[tuple[list[Rule], dict[str, Context]]] = []
    if packaged:
        sources.append(_load(None, PACKAGED_PHRASES))
        sources.append(_load(None, PACKAGED_CONTEXT))
    for path in extra:
        sources.append(_load(path, None))
    for rules, ctx in sources:
        for rule in rules:
            by_id.pop(rule.id, None)
            by_id[rule.id] = rule
        context.update(ctx)
    return RuleSet(list(by_id.values()), context)


def normalize_paths(rules: PathLike | Iterable[PathLike] | None) -> tuple[str, ...]:
    """Turn the ``rules=`` option into a hashable tuple of paths."""
    if rules is None:
        return ()
    if isinstance(rules, (str, os.PathLike)):
        return (os.fspath(rules),)
    return tuple(os.fspath(p) for p in rules)


# --------------------------------------------------------------------------- key normalization


@functools.lru_cache(maxsize=1)
def _key_tables() -> tuple[tuple[str | None, ...], re.Pattern[str]]:
    """The matching-key translation table (traditional -> simplified, zero-width and
    private-use icon characters deleted) and a regex that finds characters needing it.

    The table is a tuple indexed by code point over the Basic Multilingual Plane (identity
    where nothing changes; characters beyond it raise IndexError, which ``str.translate``
    reads as "unchanged"): about four times faster than a dict table on Han text."""
    import opencc

    chars = [chr(c) for c in range(0x4E00, 0xA000)] + [chr(c) for c in range(0x3400, 0x4DC0)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table: dict[int, str | None] = {}
    if len(converted) == len(chars):
        for a, b in zip(chars, converted):
            if a != b and len(b) == 1:
                table[ord(a)] = b
    trad = "".join(chr(c) for c in table)
    for ch in _ZERO_WIDTH:
        table[ord(ch)] = " "  # a separator in menus such as '赞同 161\u200b29 条评论'
    for c in range(0xE000, 0xF900):
        table[c] = None
    needs = re.compile("[" + re.escape(trad) + _ZERO_WIDTH + "\ue000-\uf8ff" + _TONES + "]")
    dense: list[str | None] = [chr(c) for c in range(0x10000)]
    for c, to in table.items():
        dense[c] = to
    return tuple(dense), needs


# Characters the later steps of the default preset rewrite (width: full-width forms and
# ASCII punctuation between Han; numbering: ①⑴⒈Ⅳ㈠...). Keys of lines holding them are
# folded with those steps, so a line is judged the same before and after them and the
# preset stays idempotent.
_FOLD_CANDIDATE = re.compile(
    r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＂＃＄％＆＇＊＋－／＜＝＞＠［＼］＾＿｀｛｜｝．"
    r"\u2460-\u24ff\u2776-\u2793\u2160-\u2188\u3220-\u3229\u3280-\u3289]"
)
# (ASCII , : ; ! ? ( ) between Han, which width turns into ，：；！？（）, are not folded: every
# class test and rule treats both forms alike)


def _fold(key: str) -> str:
    from .numbering import normalize_numbering
    from .width import normalize_width

    return normalize_numbering(normalize_width(key))


def _needs_key(text: str) -> bool:
    return _key_tables()[1].search(text) is not None


# --------------------------------------------------------------------------- per-line analysis


class Lines:
    """Per-line features of a document (parallel lists, for speed)."""

    __slots__ = (
        "raw", "stripped", "cls", "rule", "bullet", "nlen", "listno", "closing", "heading", "han",
        "any_closing", "any_listno", "any_block",
    )

    def __init__(self, raw: list[str]) -> None:
        self.raw = raw
        n = len(raw)
        self.stripped: list[str] = [""] * n
        self.cls = [BLANK] * n
        self.rule: list[Rule | None] = [None] * n
        self.bullet = [False] * n
        self.nlen = [0] * n
        self.listno: list[int] = [-1] * n
        self.closing = [False] * n
        self.heading = [False] * n
        self.han = [0] * n
        # whether any line of the document can feed the signature, notice-list and
        # related-block context rules (each round skips a rule with nothing to read)
        self.any_closing = self.any_listno = self.any_block = False


def analyze(text: str, raw: list[str], rs: RuleSet, use_key: bool, menu_len: int, title_han: int) -> Lines:
    """Classify every line (phrase/shape rules and line shape); no context yet.

    A line's features depend on the line alone (the document-level switches only skip work
    that would change nothing), so a short line repeated in the document ('回复', '举报',
    a username) is analysed once per call.
    """
    info = Lines(raw)
    fold = _FOLD_CANDIDATE.search(text) is not None
    feature = _line_analyzer(text, rs, use_key, menu_len, title_han, fold)
    # short lines are remembered across calls too (per rule set, bounded): a site's menus,
    # buttons and footers recur on every page of a crawl. The only document-level switch a
    # feature could depend on is whether the document holds fold candidates, so each value
    # of it has its own memo (use_key changes no verdict: see _line_analyzer).
    memo = rs.line_memo(fold, menu_len, title_han)
    if len(memo) > _MEMO_MAX:
        memo.clear()
    get = memo.get
    blank = _BLANK_FEATURES
    stripped = [line.strip(_STRIP) for line in raw]
    feats: list[tuple] = []
    add = feats.append
    for s in stripped:
        if not s:
            add(blank)
            continue
        if len(s) <= _MEMO_LEN:
            f = get(s, False)
            if f is False:
                f = memo[s] = feature(s)
        else:
            f = feature(s)
        add(f or blank)  # None: only zero-width or icon characters, a blank line
    info.stripped = stripped
    if feats:
        (info.bullet, info.nlen, info.rule, info.cls, info.listno, info.closing, info.heading, info.han) = map(
            list, zip(*feats)
        )
    info.any_closing = any(info.closing)
    info.any_listno = max(info.listno) >= 0
    info.any_block = any(r is not None and r.then == "block" for r in info.rule)
    return info


# lines up to this length are remembered within one call (menus, buttons and usernames
# repeat; prose lines rarely do)
_MEMO_LEN = 48
_BLANK_FEATURES = (False, 0, None, BLANK, -1, False, False, 0)
# at most this many remembered lines per rule set and switch (a few tens of MB at worst)
_MEMO_MAX = 100_000


def _line_analyzer(
    text: str, rs: RuleSet, use_key: bool, menu_len: int, title_han: int, fold: bool | None = None
) -> Callable[[str], tuple | None]:
    """The per-line analysis for one document: ``feature(stripped_line)`` gives
    ``(bullet, nlen, rule, cls, listno, closing, heading, han)``, or None for a line that
    holds only zero-width or icon characters (treated as blank)."""
    table, needs_rx = _key_tables() if use_key else (None, None)
    needs = needs_rx.search if needs_rx is not None else None
    # a line longer than every rule reading Han (and without zero-width, icon or tone
    # characters, so its length is its key's) keeps its characters: mapping it to simplified
    # (a table lookup per character, the slowest step on traditional text) changes no verdict
    key_limit = rs.han_limit
    odd = _ODD_CHARS.search
    if fold is None:
        fold = _FOLD_CANDIDATE.search(text) is not None
    strip = _STRIP
    bullet_match = _BULLET.match
    keep_first = rs.keep.first if rs.has_keep else None
    drop_first = rs.drop.first

    def feature(s: str) -> tuple | None:
        if (
            table is not None
            and len(s) <= _UNBOUNDED_LIMIT
            and (len(s) <= key_limit or odd(s) is not None)
            and needs(s) is not None  # else the key is the line itself (a search is cheaper than a translate)
        ):
            k = s.translate(table)
            if _HAS_TONE.search(k):
                k = _PINYIN.sub("", k)
            k = k.strip(strip)
        else:
            k = s
        if fold and len(k) <= _UNBOUNDED_LIMIT and _FOLD_CANDIDATE.search(k):
            k = _fold(k).strip(strip)
        if not k:
            return None  # only zero-width or icon characters: treat as blank
        b = bullet_match(k)
        bullet = False
        if b is not None and b.end() < len(k):
            k = k[b.end() :]
            bullet = True
        n = len(k)
        if n == 1 and len(s) == 1:
            # a one-character line ('0', '8', '新', ':') carries no evidence either way, and
            # such characters occur inside content: leave it (it is also never "short menu")
            return bullet, n, None, OTHER, -1, False, False, 0
        # a line holding a finished sentence (Han text and a full stop; the ';' of an HTML
        # entity such as '&gt;' is not one) is not page furniture: only rules marked
        # prose=yes may remove it
        sentence = ("。" in k or "；" in k or (";" in k and ";" in _ENTITY.sub("", k))) and _HAN.search(k) is not None
        if not sentence and (_NUMBERED_HAN.match(k) or (k[0] in _DIGITS_OPEN and _LIST_ITEM.match(k))):
            # a numbered heading ('七、联系我们') or a numbered item with a clause
            # ('6.微信扫码登录，无需…') is body text: only prose=yes rules may remove it
            sentence = True
        if keep_first is not None:
            hit = keep_first(k, n, sentence)
            if hit is not None:
                return bullet, n, hit, KEEP, -1, False, False, 0
        hit = drop_first(k, n, sentence)
        listno = -1
        if k[0] in _DIGITS_OPEN:
            lm = _LIST_MARK.match(k)
            if lm is not None:
                listno = int(lm.group(1) or lm.group(2))
        if hit is not None:
            return bullet, n, hit, DROP, listno, False, False, 0
        if n >= _PROSE_LEN:
            return bullet, n, None, PROSE, listno, False, False, 0
        han = len(_HAN.findall(k))
        closing = heading = False
        if han >= 4 and _SENTENCE.search(k):
            c = PROSE
        elif _CLOSING_DATE.fullmatch(k):
            c = PROTECTED
            closing = True
        elif _NUMBERED.match(k) or _HEADING_TAIL.search(k):
            c = PROTECTED
            heading = True
        elif _BOOK_TITLE.fullmatch(k):
            c = SHORT  # a bare 《title》 link, as in menus of courses or documents
        elif han >= title_han or (han >= 2 and _ADDRESSEE.fullmatch(k)):
            c = PROTECTED
        elif _SPEECH.search(k):
            c = OTHER
        elif n <= menu_len or _ASCII_TOKEN.fullmatch(k):
            c = SHORT
        else:
            c = OTHER
        return bullet, n, None, c, listno, closing, heading, han

    return feature


# --------------------------------------------------------------------------- context rules


def _context_round(
    info: Lines, seq: list[int], rs: RuleSet, reasons: dict[int, str], echo: dict[str, object] | None = None
) -> set[int]:
    """One round of the context rules over the surviving non-blank lines ``seq``.

    ``echo`` remembers, across the rounds of one document, which short lines recur inside
    its content lines (key ``""`` holds the content text the answers were found in).

    Returns the indices to remove (besides lines of class DROP, which are removed by the
    caller); records the rule id of each in ``reasons``.
    """
    cls = info.cls
    rules = info.rule
    stripped = info.stripped
    heading = info.heading
    nlen = info.nlen
    listno = info.listno
    out: set[int] = set()
    if echo is None:
        echo = {}

    # signatures: the short line right before a closing date is protected
    protected: set[int] = set()
    closing = info.closing
    if info.any_closing:
        prev = -1
        for j in seq:
            if cls[j] == DROP:
                continue
            if closing[j] and prev >= 0 and cls[prev] in (SHORT, OTHER):
                protected.add(prev)
            prev = j

    # related-links blocks
    if rs.enabled("context.related-block"):
        max_lines = int(rs.param("context.related-block", "max_lines", 40))
        stop_len = int(rs.param("context.related-block", "stop_len", 50))
        starts = (
            [pos for pos, j in enumerate(seq) if cls[j] == DROP and rules[j].then == "block"]  # type: ignore[union-attr]
            if info.any_block
            else []
        )
        for pos in starts:
            taken = 0
            for q in seq[pos + 1 :]:
                if taken >= max_lines:
                    break
                c = cls[q]
                if c == DROP:
                    if rules[q] is not None and rules[q].then == "block":  # type: ignore[union-attr]
                        break
                    continue
                if c == KEEP or heading[q] or q in protected:
                    break
                if nlen[q] <= 1:
                    continue
                if c == PROSE and (nlen[q] >= stop_len or stripped[q][-1:] == "。"):
                    break
                out.add(q)
                reasons[q] = "context.related-block"
                taken += 1

    # site-generated teaser near the top: strings together the starts of later lines
    if rs.enabled("context.teaser"):
        head_lines = int(rs.param("context.teaser", "head_lines", 12))
        window = int(rs.param("context.teaser", "window", 12))
        min_hits = int(rs.param("context.teaser", "min_hits", 2))
        min_len = int(rs.param("context.teaser", "min_len", 60))
        # only the first head_lines + window surviving lines are ever read
        alive = (j for j in seq if cls[j] != DROP and j not in out)
        live = list(itertools.islice(alive, head_lines + window) if head_lines >= 0 and window >= 0 else alive)
        for pos, j in enumerate(live[:head_lines]):
            s = stripped[j]
            if len(s) < min_len or cls[j] == KEEP:
                continue
            # distinct later lines whose beginnings occur in this line, in order
            hits = 0
            at = 0
            seen: set[str] = set()
            for q in live[pos + 1 : pos + 1 + window]:
                t = stripped[q]
                if len(t) < _TEASER_KEY or t == s or t in seen:
                    continue
                found = s.find(t[:_TEASER_KEY], at + 1)
                if found > 0:
                    hits += 1
                    at = found
                    seen.add(t)
            if hits >= min_hits:
                out.add(j)
                reasons[j] = "context.teaser"

    # numbered lists whose items are mostly site notices
    if rs.enabled("context.notice-list") and info.any_listno:
        share = rs.param("context.notice-list", "min_share", 0.5)
        run: list[int] = []
        for j in [*seq, -1]:
            if j >= 0 and listno[j] >= 0 and (not run or listno[j] == listno[run[-1]] + 1):
                run.append(j)
                continue
            if len(run) >= 3:
                notices = sum(
                    1 for q in run if cls[q] == DROP and rules[q].family in ("disclaimer", "promo")  # type: ignore[union-attr]
                )
                if notices >= share * len(run):
                    for q in run:
                        if cls[q] not in (DROP, KEEP):
                            out.add(q)
                            reasons[q] = "context.notice-list"
            run = [j] if j >= 0 and listno[j] == 1 else []

    # gaps between prose lines
    live = [j for j in seq if j not in out] if out else seq
    # prose lines and long title-like lines anchor the gaps: neither is a menu
    anchor_han = int(rs.param("context.head-menu", "anchor_han", 10))
    han = info.han
    prose_pos = [
        p for p, j in enumerate(live) if cls[j] == PROSE or (cls[j] == PROTECTED and han[j] >= anchor_han)
    ]
    bounds: list[tuple[int, int, str]] = []
    if prose_pos:
        bounds.append((0, prose_pos[0], "head"))
        for a, b in zip(prose_pos, prose_pos[1:]):
            if b > a + 1:
                bounds.append((a + 1, b, "middle"))
        bounds.append((prose_pos[-1] + 1, len(live), "tail"))
    else:
        bounds.append((0, len(live), "none"))
    heading_han = int(rs.param("context.cluster", "heading_han", 3))
    # a short line whose text recurs inside a content line of the document (a name the
    # replies mention, a tag or heading the text uses) is on-topic, not a site menu label
    # (the content lines of this round are searched; past echo_max characters of them, a
    # document is no web page and the check is skipped: its cost grows with the text)
    echo_min = int(rs.param("context.cluster", "echo_min", 0))
    echo_max = int(rs.param("context.cluster", "echo_max", 200_000))
    echo_src: list[str] = []

    def echoed(s: str) -> bool:
        if not echo_src:
            src = "\n".join(stripped[j] for j in live if cls[j] in _ECHO_CLASSES)
            if echo.get("") != src:
                echo.clear()
                echo[""] = src
            echo_src.append(src if len(src) <= echo_max else "")
        got = echo.get(s)
        if got is None:
            got = echo[s] = s in echo_src[0]
        return got

    verse_min = int(rs.param("context.cluster", "verse_min", 0))
    lead_len = int(rs.param("context.cluster", "lead_len", 0))
    intro = int(rs.param("context.cluster", "intro", 0))
    guard = bool(verse_min or lead_len or intro)
    bullet = info.bullet
    for start, stop, where in bounds:
        if stop - start < 1:
            continue
        gap = live[start:stop]
        gcls = [cls[j] for j in gap]
        if SHORT not in gcls:
            continue  # no short line: nothing for the gap rules to remove (protection is per gap)
        if stop < len(live) and heading_han:
            # the line right before a prose line is a heading introducing it, unless it is
            # a bulleted menu item or too short to be a heading
            # (article furniture such as '时间:… 来源:…' or share buttons may sit between a
            # title and its text; site chrome such as menus and breadcrumbs does not)
            # (a line followed by a post's date stamp is a byline, not a title)
            last = gap[-1]
            byline = False
            for j in reversed(gap):
                last = j
                rule = rules[j]
                if cls[j] != DROP or rule is None or rule.family not in _ARTICLE_FURNITURE:
                    break
                # (an article's dateline '时间:… 来源:…' is furniture under a title, not a post stamp)
                byline = byline or (rule.id in _STAMP_RULES and _DATELINE_KEY.search(stripped[j]) is None)
            if (
                cls[last] == SHORT
                and not byline
                and not bullet[last]
                and len(_HAN.findall(stripped[last])) >= heading_han
            ):
                protected.add(last)
        removed = gcls.count(DROP)
        # a short line right after a post's date stamp is the post itself ('元旦快乐'),
        # while usernames and badges come before the stamp
        if removed:
            for a, b in zip(gap, gap[1:]):
                rule = rules[a]
                if cls[b] == SHORT and cls[a] == DROP and rule is not None and rule.id in _STAMP_RULES:
                    protected.add(b)
        shorts = [j for j in gap if cls[j] == SHORT and j not in protected]
        if not shorts:
            continue
        bullets = sum(1 for j in shorts if bullet[j])
        if where == "middle" or where == "none":
            rid = "context.cluster"
            if not rs.enabled(rid):
                continue
            need = rs.param(rid, "min_removed", 2)
            if removed < need:
                continue
        else:
            rid = "context.head-menu" if where == "head" else "context.tail-menu"
            if not rs.enabled(rid):
                continue
            if len(shorts) + removed < rs.param(rid, "min_lines", 3):
                continue
            if removed < 1 and bullets < rs.param(rid, "min_lines", 3):
                continue
        # content guards, read only for a gap the rule is about to clear
        if guard or echo_min:
            kept = _post_blocks(gap, start, live, info, verse_min, lead_len, intro) if guard else ()
            shorts = [
                j for j in shorts
                if j not in kept and not (echo_min and nlen[j] >= echo_min and not bullet[j] and echoed(stripped[j]))
            ]
        for j in shorts:
            out.add(j)
            reasons[j] = rid
    return out


def _post_blocks(
    gap: list[int], start: int, live: list[int], info: Lines, verse_min: int, lead_len: int, intro: int
) -> set[int]:
    """The short lines of a gap that form a block of the post itself (see docs/boilerplate.md,
    content guards): verse, a step heading above its code line, the items of an announced list."""
    cls = info.cls
    nlen = info.nlen
    han = info.han
    kept: set[int] = set()
    if verse_min and sum(1 for j in gap if han[j] in (5, 7) and nlen[j] == han[j]) >= verse_min:
        # verse_min+ lines of five or seven Han characters (五言/七言) with no removed line
        # among them are a poem quoted in the post, not a menu: the run they stand in stays
        run: list[int] = []
        verses = 0
        for j in [*gap, -1]:
            if j >= 0 and cls[j] != DROP:
                run.append(j)
                verses += han[j] in (5, 7) and nlen[j] == han[j]
                continue
            if verses >= verse_min:
                kept.update(q for q in run if cls[q] == SHORT)
            run = []
            verses = 0
    if intro and start > 0 and _INTRO.search(info.stripped[live[start - 1]]):
        # the lines right after '…如下：', up to the first removed line, are the list it announces
        for j in gap:
            if cls[j] == DROP:
                break
            kept.add(j)
    if lead_len:
        # a short line right above a code or text line is its heading ('安装' over 'composer …')
        kept.update(a for a, b in zip(gap, gap[1:]) if cls[b] == OTHER and nlen[b] >= lead_len and cls[a] == SHORT)
    return kept


def decide(text: str, rs: RuleSet) -> tuple[list[str], list[bool], dict[int, str], Lines]:
    """Split ``text`` into lines and decide which to keep.

    Returns the lines, a keep flag per line, the rule id of each removed line, and the
    per-line features.
    """
    raw = text.split("\n")
    menu_len = int(rs.param("context.head-menu", "menu_len", 8))
    title_han = int(rs.param("context.head-menu", "title_han", 8))
    info = analyze(text, raw, rs, _needs_key(text), menu_len, title_han)
    keep = [True] * len(raw)
    reasons: dict[int, str] = {}
    cls = info.cls
    seq = [i for i in range(len(raw)) if cls[i] != BLANK]
    for i in seq:
        if cls[i] == DROP:
            reasons[i] = info.rule[i].id  # type: ignore[union-attr]
    echo: dict[str, object] = {}
    while True:
        out = _context_round(info, seq, rs, reasons, echo)
        if not out and not any(cls[i] == DROP for i in seq):
            break
        for i in out:
            keep[i] = False
        nxt = []
        for i in seq:
            if cls[i] == DROP:
                keep[i] = False
            elif keep[i]:
                nxt.append(i)
        seq = nxt
    return raw, keep, reasons, info


def rule_note(rs: RuleSet, rule_id: str) -> str:
    """A one-line note for explain: the family and where the rule comes from."""
    for r in rs.rules:
        if r.id == rule_id:
            return f"{r.family} ({r.source}:{r.line})"
    return "context rule (zhclean/rules/boilerplate_context.tsv)"


def lines_of(text: str) -> Sequence[str]:
    return text.split("\n")

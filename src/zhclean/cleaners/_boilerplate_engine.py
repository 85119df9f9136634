"""The machinery behind :func:`zhclean.strip_boilerplate`: rule tables, line features, context.

Three kinds of evidence decide each line (see docs/boilerplate.md):

1. **phrase and shape rules** (``rules/boilerplate.tsv``): one regular expression per row,
   matched against a normalized copy of the line (stripped, bullet removed, traditional
   characters mapped to simplified, pinyin glosses and zero-width characters removed);
2. **line shape**: every line gets a class — blank, prose (sentence punctuation or long),
   protected (numbered heading, title-like, addressee, closing date, signature), short
   menu-like, or other;
3. **context rules** (``rules/boilerplate_context.tsv``): runs of short lines at the head or
   tail of the document, clusters between posts, related-link blocks, headline lists below
   an article's closing line, numbered site notices and site-generated teasers.

Context rules are evaluated to a fixed point on the surviving lines, which makes the
cleaner idempotent by construction: the last round found nothing to remove in exactly the
lines it returns, and a second call starts from those lines.

Speed (every shortcut leaves every verdict unchanged; benchmarks/verdicts_boilerplate.py
is the guard): a line's features are a tuple ending in a one-letter class, remembered
across calls for short lines and for long lines a rule decided (per rule set, bounded);
the context rounds read the document's class letters as a bytearray (gaps found by one
linear regex, removals by ``bytes.translate``) and rounds after the first skip the rules
that need a rule-dropped line, or are not run at all when what is left cannot fire
(``_quiet``); keep and drop rules are one matcher (one lookup per line) and each rule is
tried only where its literal, prefix, first character and digit pre-checks pass.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
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
    r"\d{1,3}\s*[、.．)）]|[①-⑳⑴-⒇⒈-⒛❶-❿]|#{1,6}\s|[A-Za-z]\s*[、.．)]|篇\s*\d{1,3}|[IVX]{1,4}\s*[、.．]|"
    # essay sites' part markers: '【篇一】', '篇二：', '[第三篇]'
    r"[【\[]?\s*(?:篇\s*[一二三四五六七八九十\d]{1,3}|第\s*[一二三四五六七八九十\d]{1,3}\s*篇)\s*(?:[】\]:：]|$))"
)
_LIST_MARK = re.compile(r"(?:(\d{1,3})\s*[、.．)）]|[(（]\s*(\d{1,3})\s*[)）])")
_DIGITS_OPEN = frozenset("0123456789(（")
_NUMBERED_HAN = re.compile(
    r"(?:第[一二三四五六七八九十百零〇\d]{1,4}[章节節条條篇部回卷讲講课課]|[一二三四五六七八九十百]{1,3}\s*[、.．]|"
    r"[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,3}\s*[、.．)）])\s*[\u3400-\u9fff]"
)
_LIST_ITEM = re.compile(r"(?:\d{1,3}\s*[、.．)）]|[(（]\s*\d{1,3}\s*[)）])\s*[\u3400-\u9fff].{2,}[，,、：:]")
_HEADING_TAIL = re.compile(r"篇\s*\d{1,3}$")
# (a template's date is a closing date too: '20XX年X月X日', '2023年×月×日')
_CLOSING_DATE = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4}|\d{2}[Xx×]{2}|[Xx×]{4})\s*年\s*(?:[\d一二三四五六七八九十]{1,3}|[Xx×]{1,2})\s*月"
    r"\s*(?:[\d一二三四五六七八九十]{1,3}|[Xx×]{1,2})\s*日"
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
# below a head menu's last removed line, a short line holding one of these reads as text
# ('故事的小黄花', '从出生那年就飘着'); other particles and pronouns make a line no short one
# anywhere (_SPEECH), these only there: '草莓酱的面团儿' is a username between forum posts
_TEXT_MARK = re.compile(r"[的着过]")
_LAST_MENU = re.compile(rb"[DMENZQ][^DMENZQ]*\Z")  # a head gap's last removed line or bullet
# a 'key: value' line (a short key of letters first), and the letters of a kept neighbour
_KV = re.compile(r"[^\W\d_][^:：]{0,7}\s*[:：]\s*[^\s:：]")
_KV_AFTER = re.compile(rb"[PATCcOK][Bx]*S")  # a short line right after a kept one
_KV_BEFORE = re.compile(rb"S[Bx]*[PATCcOK]")  # ... and right before one
_INTRO = re.compile(r"(?:[:：]|如下[。，,.:：]?|以下[。，,.:：]?)\s*$")


def _reads_as_text(line: str) -> bool:
    """A short line holding 的, 着 or 过 after a '我的' a menu label may start with."""
    s = line.strip(_STRIP)
    return _TEXT_MARK.search(s, 2 if s.startswith("我的") else 0) is not None


def _sre_modules() -> tuple:
    """CPython's regex parser and its constants (``re._parser`` from 3.11, ``sre_parse``
    before), which the pre-checks below read patterns with; ImportError where neither exists
    (then no pre-check: the same results, slower)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as sp  # type: ignore[attr-defined]
    except ImportError:
        import sre_constants as c  # Python 3.9 and 3.10
        import sre_parse as sp
    return sp, c


def _prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal strings one of which every match of ``pattern`` starts with, or None.

    Used as cheap pre-checks (``str.startswith`` for whole-line rules, ``in`` over the
    document for search rules), so a rule is only run where it can match. Derived from
    the parsed pattern; any construct it does not understand gives None (no pre-check).
    """
    try:
        sp, c = _sre_modules()

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
        sp, c = _sre_modules()

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
        # the longest shortest literal wins; between equally long ones, the smaller set (fewer
        # literals: fewer lines hold one; '以上|本文|文章|内容|…' vs '仅供')
        for cand in candidates:
            if "" in cand:
                continue
            if best is None or (min(map(len, cand)), -len(cand)) > (min(map(len, best)), -len(best)):
                best = cand
        return best

    found = seq(tree)
    return tuple(sorted(found)) if found else None


@functools.lru_cache(maxsize=4096)
def _requires_digit(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a digit (``\\d``: a date, a count, a floor).

    A second, cheap pre-check besides the literal gate: such a rule is not tried on a line
    without a digit. Derived from the parsed pattern along its top-level sequence (a group
    counts if every branch of it holds a digit); anything it does not understand counts
    as no digit required (the rule is tried, same results).
    """
    try:
        sp, c = _sre_modules()

        tree = list(sp.parse(pattern))
    except (ImportError, re.error, RecursionError):
        return False

    def digit_class(items: list) -> bool:
        for op, av in items:
            if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
                continue
            if op is c.LITERAL and _ONE_DIGIT.match(chr(av)):
                continue
            if op is c.RANGE and av[1] - av[0] < 64 and all(_ONE_DIGIT.match(chr(x)) for x in range(av[0], av[1] + 1)):
                continue
            return False
        return bool(items)

    def node(op: object, av: object) -> bool:
        if op is c.IN:
            return digit_class(list(av))  # type: ignore[call-overload]
        if op is c.LITERAL:
            return _ONE_DIGIT.match(chr(av)) is not None  # type: ignore[call-overload]
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))  # type: ignore[index]
        if op is c.BRANCH:
            return all(seq(list(b)) for b in av[1])  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
            return seq(list(av[2]))  # type: ignore[index]
        return False

    def seq(items: list) -> bool:
        return any(node(op, av) for op, av in items)

    return seq(tree)


_ONE_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=4096)
def _min_counts(pattern: str) -> tuple[tuple[tuple[str, int], ...], ...] | None:
    r"""How often a character recurs in every match of ``pattern``, as alternatives: every
    match holds, for at least one alternative, each of its characters at least that many
    times (``A | B | C`` menus: two '|'; '关于 - 联系 - 地图 - 帮助': three ' - '). None when
    nothing useful is known (some alternative asks for no character at least twice).

    A third pre-check besides the literal gate and the digit test, for shape rules whose
    literal ('-', '|', '/') is common in prose and code: such a rule is not tried on a line
    holding its separator once or twice. Derived from the parsed pattern (a sequence adds
    its parts' counts, a repeat of at least k multiplies them by k, a branch is one
    alternative per branch); anything it does not understand counts as no character.

    >>> _min_counts(r"(?:[^|]{1,9}\|){2,}.*|(?:\w+ - ){3,}")
    ((('|', 2),), ((' ', 6), ('-', 3)))
    >>> _min_counts(r"a|b") is None
    True
    """
    try:
        sp, c = _sre_modules()

        parsed = sp.parse(pattern)
    except (ImportError, re.error, RecursionError):
        return None
    if getattr(getattr(parsed, "state", None), "flags", 0) & re.IGNORECASE:
        return None
    none: list[dict[str, int]] = [{}]  # no character known
    cap = 16

    def node(op: object, av: object) -> list[dict[str, int]] | None:
        if op is c.LITERAL:
            return [{chr(av): 1}]  # type: ignore[call-overload]
        if op is c.IN:
            items = list(av)  # type: ignore[call-overload]
            if items and len(items) <= cap and all(o is c.LITERAL for o, _ in items):
                return [{chr(v): 1} for _, v in items]
            return none
        if op is c.SUBPATTERN:
            if av[1] or av[2]:  # type: ignore[index]
                return None  # local flags (case folding) change which characters match
            return seq(list(av[-1]))  # type: ignore[index]
        if op is c.BRANCH:
            out: list[dict[str, int]] = []
            for branch in av[1]:  # type: ignore[index]
                got = seq(list(branch))
                if got is None:
                    return None
                out += got
            return out if len(out) <= cap else none
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low = av[0]  # type: ignore[index]
            if low < 1:
                return none
            inner = seq(list(av[2]))  # type: ignore[index]
            if inner is None:
                return None
            if len(inner) == 1:  # (with alternatives, the repeats may take different ones)
                return [{ch: k * min(low, 1000) for ch, k in inner[0].items()}]
            return inner
        return none  # lookarounds, classes, anchors, references: no character known

    def seq(items: list) -> list[dict[str, int]] | None:
        acc: list[dict[str, int]] = [{}]
        for op, av in items:
            got = node(op, av)
            if got is None:
                return None
            if got == none:
                continue
            if len(acc) * len(got) > cap:
                continue  # (leaving a part out only weakens what is known)
            acc = [{ch: a.get(ch, 0) + b.get(ch, 0) for ch in {*a, *b}} for a in acc for b in got]
        return acc

    found = seq(list(parsed))
    if not found or any(not m or max(m.values()) < 2 for m in found):
        return None
    return tuple(dict.fromkeys(tuple(sorted(m.items())) for m in found))


def _first_chars(pattern: str) -> re.Pattern[str] | None:
    """A one-character regex every match of ``pattern`` starts with, or None.

    The fallback gate of whole-line rules without literals (numbers, dates, symbol rows):
    the first character of a line decides whether they can match, and the decision is
    remembered per character. Derived from the parsed pattern; a construct it does not
    understand, or a pattern that may match a first character of any kind, gives None.
    """
    try:
        sp, c = _sre_modules()

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
    - other rules with required literals: one ``findall`` of the alternation of all
      literals (longest first, matches not overlapping); ``lit_map`` maps a literal found to
      the rules needing it, a literal inside it, or a literal that may begin inside it and
      run past its end. Every literal occurring in the line is then accounted for: where it
      begins, either the scan found a literal beginning there (which begins with it) or the
      place lies inside a literal found;
    - rules without any literal (a few whole-line shape rules: numbers, dates, symbol rows)
      are tried when the line's first character may start them (``_first_chars``, decided
      once per character and remembered in ``by_first``), or always if that is unknown.

    A line no literal of the tier reaches (most prose) costs two C calls and a dict lookup.
    """

    __slots__ = (
        "entries", "start_rx", "start_map", "start_len", "lit_rx", "lit_map", "stable", "always", "firsts",
        "by_first", "calls", "digits", "counts", "counted",
    )

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
                    needs.setdefault(_gate_string(lit), set()).add(ei)
            elif first is not None and method is not re.Pattern.search:
                firsts.append((ei, first))
            else:
                always.append(ei)
        # candidate sets are bit masks (bit i = entry i), so unions are one integer 'or'
        self.always = _mask(always)
        self.firsts = firsts
        self.by_first: dict[str, int] = {}
        # (the rules whose prefix the found prefix begins with: its own prefixes that are listed)
        self.start_map = {p: _mask(i for j in range(1, len(p) + 1) for i in starts.get(p[:j], ())) for p in starts}
        # a literal found maps to the rules needing it or any literal inside it, and to the
        # rules needing a literal that may begin inside it and go on past its end (the scan
        # of ``first`` does not overlap matches, so such a literal is not seen by itself)
        self.lit_map = _literal_map(needs)
        self.start_rx = _alternation(starts) if starts else None
        self.lit_rx = _alternation(needs) if needs else None
        self.calls = [(rule, rx, method) for _, rule, rx, method, _, _, _ in entries]
        # rules needing a digit, not tried on a line without one
        self.digits = _mask(ei for ei, e in enumerate(entries) if _requires_digit(e[1].pattern))
        # rules needing a character several times (separators of menus), not tried on a line
        # holding it fewer times (see _min_counts)
        self.counts = {ei: got for ei, e in enumerate(entries) if (got := _min_counts(e[1].pattern)) is not None}
        self.counted = _mask(self.counts)
        self.start_len = max(map(len, starts), default=0)
        self.stable: re.Pattern[str] | bool | None = False  # built on first use (_stable_gate)

    def _firsts(self, ch: str) -> int:
        """The mask of the rules a line starting with ``ch`` may meet for its first character."""
        got = self.by_first.get(ch)
        if got is None:
            got = _mask(ei for ei, rx in self.firsts if rx.match(ch)) | self.always
            if len(self.by_first) < 8192:
                self.by_first[ch] = got
        return got

    def _stable_gate(self) -> re.Pattern[str] | None:
        """A regex finding, in a line before its traditional characters are mapped, every
        spelling of every literal of the tier that the mapping turns into the literal (so it
        finds one exactly where the mapped line holds a literal); None if a literal has too
        many spellings."""
        if self.stable is False:
            spellings: list[str] = []
            for lit in self.lit_map:
                options = [_preimages(ch) for ch in lit]
                count = 1
                for o in options:
                    count *= len(o)
                if count > 64:
                    spellings = []
                    self.stable = None
                    break
                spellings.extend(map("".join, itertools.product(*options)))
            else:
                # (no spelling at all: no literal can occur in a mapped line)
                self.stable = _alternation(spellings) if spellings else re.compile("(?!)")
        return self.stable  # type: ignore[return-value]

    def misses_untranslated(self, key: str, table: Sequence[str | None]) -> bool:
        """True if no rule of the tier can match ``key.translate(table)``, told without the
        translation (for a line without zero-width, icon or tone characters, whose mapping
        replaces Han characters one for one); False if it may match or that cannot be told.
        """
        if self.always:
            return False
        if self.firsts and self._firsts(key[0].translate(table)):
            return False
        if self.start_rx is not None and self.start_rx.match(key[: self.start_len].translate(table)) is not None:
            return False
        if self.lit_rx is not None:
            gate = self._stable_gate()
            if gate is None or gate.search(key) is not None:
                return False
        return True

    def first(self, key: str) -> Rule | None:
        """The first rule (rule order) whose pattern matches ``key``, or None."""
        cand = self.always
        if self.firsts:
            cand = self.by_first.get(key[0], -1)  # (inline: the common hit; 0 is a known "none")
            if cand < 0:
                cand = self._firsts(key[0])
        if self.start_rx is not None:
            m = self.start_rx.match(key)
            if m is not None:
                cand |= self.start_map[m.group()]
        if self.lit_rx is not None:
            found = self.lit_rx.findall(key)
            if found:
                lit_map = self.lit_map
                for lit in set(found):
                    cand |= lit_map[lit]
        if cand & self.digits and _ONE_DIGIT.search(key) is None:
            cand &= ~self.digits
        counted = cand & self.counted
        while counted:
            low = counted & -counted
            for alt in self.counts[low.bit_length() - 1]:
                for ch, k in alt:
                    if key.count(ch) < k:
                        break
                else:
                    break  # the line holds this alternative's characters often enough
            else:
                cand ^= low
            counted ^= low
        calls = self.calls
        while cand:  # lowest bit first: rule order
            low = cand & -cand
            rule, rx, method = calls[low.bit_length() - 1]
            if method(rx, key) is not None:
                return rule
            cand ^= low
        return None


_ENGLISH_ORDER = "etaoinsrhldcumfpgwybvkxjqz"  # commonest first


def _gate_string(lit: str) -> str:
    """The part of a required literal the gate looks for: an ASCII literal's tail from its
    rarest letter ('copyright' is looked for as 'yright', 'cookie' as 'kie').

    Any part of a literal occurs wherever the literal does, so the gate still lets through
    every line the rule may match. The gate regex pays at every place where one of its
    literals' first characters occurs, and the commonest letters of URLs and English
    (c, a, t, p, r, o...) begin most English literals; capitals count as rare, and digits
    and punctuation as commonest. Han literals are kept whole.
    """
    if len(lit) < 3 or not lit.isascii():
        return lit

    def common(i: int) -> int:
        ch = lit[i]
        if ch.isupper():
            return 0
        r = _ENGLISH_ORDER.find(ch)
        return 100 - r if r >= 0 else 200

    return lit[min(range(len(lit) - 1), key=lambda i: (common(i), i)) :]


def _literal_map(needs: dict[str, set[int]]) -> dict[str, int]:
    """For each literal a gate may find: the mask of the rules needing a literal inside it, or
    one that may begin inside it (after its first character) and run past its end."""
    runs_on: dict[str, set[int]] = {}  # a proper prefix of a literal -> the rules needing that literal
    for q, idx in needs.items():
        for j in range(1, len(q)):
            runs_on.setdefault(q[:j], set()).update(idx)
    out = {}
    for lit in needs:
        found: set[int] = set()
        for a in range(len(lit)):
            for b in range(a + 1, len(lit) + 1):
                got = needs.get(lit[a:b])
                if got:
                    found |= got
            if a:
                found |= runs_on.get(lit[a:], set())
        out[lit] = _mask(found)
    return out


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
    """Phrase and shape rules in the order a line tries them: whole-line rules, then start
    rules, then search rules, each in file order; the first match decides. ``after`` rules
    (the drop rules, behind the keep rules) come after all of ``rules``, so one lookup tells
    whether a keep rule protects a line or which drop rule removes it.

    Rules are grouped per length tier (a rule only reads lines its ``max_len`` admits) and
    per sentence flag (a line holding a finished sentence meets only rules marked
    ``prose``); each group is a :class:`_Tier` built lazily, on the first line needing it.
    """

    __slots__ = ("entries", "thresholds", "tiers", "by_len")

    def __init__(self, rules: list[Rule], after: Sequence[Rule] = ()) -> None:
        # stable: file order within a mode; ``after`` (drop rules behind keep rules) come last
        mode = lambda r: _MODES.index(r.match)  # noqa: E731
        ordered = sorted(rules, key=mode) + sorted(after, key=mode)
        self.entries = []
        for order, r in enumerate(ordered):
            pre, _, lits = _gate(r.pattern, r.match != "search")
            first = _first_chars(r.pattern) if not lits else None
            self.entries.append((order, r, re.compile(r.pattern), _METHODS[r.match], pre, lits, first))
        self.thresholds = sorted({r.max_len for r in ordered if r.max_len})
        self.tiers: dict[tuple[int, bool, bool], _Tier] = {}
        self.by_len: dict[int, _Tier | None] = {}  # 2 * length + sentence -> its tier

    def first(self, key: str, n: int, sentence: bool) -> Rule | None:
        """The rule deciding ``key`` (its length ``n``), or None."""
        t = self.tier(n, sentence)
        return None if t is None else t.first(key)

    def tier(self, n: int, sentence: bool) -> _Tier | None:
        """The rules a line of (key) length ``n`` meets (None: no rule reads it)."""
        slot = n + n + sentence
        t = self.by_len.get(slot, False)
        if t is False:
            t = self._tier(n, sentence)
            if n <= _UNBOUNDED_LIMIT:
                self.by_len[slot] = t
        return t

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
        self.has_keep = any(r.action == "keep" for r in active)
        # keep rules, then drop rules: one lookup per line (the first match decides: a keep
        # rule protects the line, else a drop rule removes it)
        self.any = _Matcher([r for r in active if r.action == "keep"], [r for r in active if r.action == "drop"])
        self._memos: dict[tuple[int, int, int], dict[str, tuple]] = {}
        # the longest line a rule may read whose verdict can depend on traditional vs
        # simplified characters (a pattern naming Han characters or non-ASCII escapes)
        self.han_limit = max(
            [0, *(r.max_len or _UNBOUNDED_LIMIT for r in active if _NON_ASCII.search(r.pattern))]
        )
        self.settings = _Settings(self)

    @functools.cached_property
    def notes(self) -> dict[str, str]:
        """Rule id -> 'family (file:line)', for explain (the first rule of an id)."""
        notes: dict[str, str] = {}
        for r in self.rules:
            notes.setdefault(r.id, f"{r.family} ({r.source}:{r.line})")
        return notes

    @functools.cached_property
    def keep(self) -> _Matcher:
        """The keep rules alone (the engine reads :attr:`any`; built on first use)."""
        return _Matcher([r for r in self.rules if r.action == "keep"])

    @functools.cached_property
    def drop(self) -> _Matcher:
        """The drop rules alone (the engine reads :attr:`any`; built on first use)."""
        return _Matcher([r for r in self.rules if r.action == "drop"])

    def line_memo(self, fold: bool, menu_len: int, title_han: int, anchor_han: int = 10) -> dict:
        """The per-process memo of line features for one combination of parameters.

        ``fold`` (whether the document holds characters the width and numbering steps
        rewrite) selects nothing: a line is folded when it holds such a character itself,
        which no document without one has, so a line's features are the same either way."""
        key = (menu_len, title_han, anchor_han)
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
# 'block': the heading of a related-links block ('list': one whose numbered titles go too);
# 'end': an article's closing line; 'comments': a comment section's heading
_THENS = ("-", "block", "list", "end", "comments")
_BLOCK_THENS = ("block", "list")  # headings of a related-links block (letter E)
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
        if then not in _THENS:
            raise RuleFileError(label, line, f"then must be one of {', '.join(_THENS)}, got {then!r}")
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


@functools.lru_cache(maxsize=1)
def _key_info() -> tuple[dict[str, list[str]], frozenset[str]]:
    """``(spellings, leaves_han)``: for each character the matching key maps a Han character
    to, the Han characters mapped to it; and the Han characters it maps outside the Han
    blocks that ``_HAN`` reads."""
    table = _key_tables()[0]
    spellings: dict[str, list[str]] = {}
    leaves = set()
    for c in itertools.chain(range(0x3400, 0x4DC0), range(0x4E00, 0xA000)):
        to = table[c]
        if to != chr(c):
            if to:
                spellings.setdefault(to, []).append(chr(c))
            if not (to and _HAN.match(to)):
                leaves.add(chr(c))
    return spellings, frozenset(leaves)


def _preimages(ch: str) -> list[str]:
    """The characters of a line (without zero-width, icon or tone characters) that the
    matching key turns into ``ch``: ``ch`` itself unless the key maps it, and the
    traditional characters it maps to ``ch``."""
    table = _key_tables()[0]
    own = [ch] if ord(ch) >= len(table) or table[ord(ch)] == ch else []
    return own + _key_info()[0].get(ch, [])


def _needs_key(text: str) -> bool:
    return _key_tables()[1].search(text) is not None


@functools.lru_cache(maxsize=1)
def _switch_rx() -> re.Pattern[str]:
    """One character class: the characters needing the matching key or a fold."""
    return re.compile(_key_tables()[1].pattern[:-1] + _FOLD_CANDIDATE.pattern[1:])


def _switches(text: str) -> tuple[bool, bool]:
    """``(_needs_key(text), holds a fold candidate)`` with one scan of a text holding neither."""
    m = _switch_rx().search(text)
    if m is None:
        return False, False
    at = m.start()
    return _key_tables()[1].search(text, at) is not None, _FOLD_CANDIDATE.search(text, at) is not None


# --------------------------------------------------------------------------- per-line analysis

# A line's features are a tuple (index names below). The last one is the line's class as
# one ASCII letter, so a document's classes form a string and the context rules find runs
# and neighbours with regular expressions and bytes methods (C speed), not a loop per line:
#   B blank   P prose   A protected, enough Han to anchor a gap   T other protected
#   C protected closing date ('2023年5月1日')   c the same, anchoring a gap
#   S short   Q short with a bullet   O other   K kept by a rule
#   D dropped by a rule   M by a post date-stamp rule   E by a 'block' rule
#   N by a disclaimer or promo rule (what the notice-list rule counts)
#   Z by an 'end' rule (an article's closing line: what the article-end rule looks for)
# During the context rounds a removed line becomes 'x' (like B, no rule reads it).
F_BULLET, F_NLEN, F_RULE, F_CLS, F_LISTNO, F_CLOSING, F_HEADING, F_HAN, F_CODE = range(9)
_BLANK_FEATURES = (False, 0, None, BLANK, -1, False, False, 0, "B")
_NOTICE_FAMILIES = ("disclaimer", "promo")


class _Settings:
    """The context rules' switches and parameters, read once per rule set."""

    def __init__(self, rs: RuleSet) -> None:
        p, on = rs.param, rs.enabled
        self.menu_len = int(p("context.head-menu", "menu_len", 8))
        self.title_han = int(p("context.head-menu", "title_han", 8))
        self.anchor_han = int(p("context.head-menu", "anchor_han", 10))
        self.related = on("context.related-block")
        self.max_lines = int(p("context.related-block", "max_lines", 40))
        self.stop_len = int(p("context.related-block", "stop_len", 50))
        self.article_end = on("context.article-end") and any(r.then == "end" for r in rs.rules)
        # whether a closing line can be kept (a keep rule marked then=end: '责任编辑：…')
        self.end_kept = any(r.then == "end" and r.action == "keep" for r in rs.rules)
        self.end_prose = int(p("context.article-end", "min_prose", 200))
        self.end_run = int(p("context.article-end", "min_run", 2))
        self.end_len = int(p("context.article-end", "max_len", 40))
        self.end_han = int(p("context.article-end", "title_han", 6))
        self.end_filler = int(p("context.article-end", "filler_len", 10))
        # a readers' comment section below the closing line: read by the same scan
        self.comments = on("context.comments") and any(r.then == "comments" for r in rs.rules)
        self.teaser = on("context.teaser")
        self.head_lines = int(p("context.teaser", "head_lines", 12))
        self.window = int(p("context.teaser", "window", 12))
        self.min_hits = int(p("context.teaser", "min_hits", 2))
        self.min_len = int(p("context.teaser", "min_len", 60))
        self.notice = on("context.notice-list")
        self.share = p("context.notice-list", "min_share", 0.5)
        # whether a closing ('end') rule can be a notice too (disclaimer.opinion)
        self.notice_z = any(r.family in _NOTICE_FAMILIES and r.then == "end" for r in rs.rules)
        # whether a block or stamp rule (letters E, M) can be a notice too (not in the packaged rules)
        self.notice_em = any(
            r.family in _NOTICE_FAMILIES and (r.then in _BLOCK_THENS or r.id in _STAMP_RULES) for r in rs.rules
        )
        self.cluster = on("context.cluster")
        self.need = p("context.cluster", "min_removed", 2)
        self.heading_han = int(p("context.cluster", "heading_han", 3))
        self.head = on("context.head-menu")
        self.head_min = p("context.head-menu", "min_lines", 3)
        self.tail = on("context.tail-menu")
        self.tail_min = p("context.tail-menu", "min_lines", 3)
        # content guards of the gap rules (0 switches one off; see docs/boilerplate.md)
        self.echo_min = int(p("context.cluster", "echo_min", 0))
        self.echo_max = int(p("context.cluster", "echo_max", 200_000))
        self.verse_min = int(p("context.cluster", "verse_min", 0))
        self.lead_len = int(p("context.cluster", "lead_len", 0))
        self.intro = bool(p("context.cluster", "intro", 0))
        self.guard = bool(self.verse_min or self.lead_len or self.intro)


class Lines:
    """Per-line features of a document: ``feats[i]`` is line i's feature tuple and ``codes``
    the class letters of all lines (one string)."""

    __slots__ = ("raw", "feats", "codes", "long", "_numbered")

    def __init__(self, raw: list[str], feats: list[tuple], codes: str, long: list[int] | None = None) -> None:
        self.raw = raw
        self.feats = feats
        self.codes = codes
        self.long = long  # the lines longer than _MEMO_LEN once stripped, in order (None: unknown)
        self._numbered: list[int] | None = None

    def stripped(self, i: int) -> str:
        """Line ``i`` without surrounding whitespace (what the features were computed from)."""
        return self.raw[i].strip(_STRIP)

    def numbered(self) -> list[int]:
        """The lines with a list number ('1、', '(2)'), in order."""
        if self._numbered is None:
            self._numbered = list(
                itertools.compress(
                    range(len(self.feats)), map((-1).__lt__, map(operator.itemgetter(F_LISTNO), self.feats))
                )
            )
        return self._numbered


def analyze(
    text: str,
    raw: list[str],
    rs: RuleSet,
    use_key: bool,
    menu_len: int,
    title_han: int,
    anchor_han: int = 10,
    fold: bool | None = None,
) -> Lines:
    """Classify every line (phrase/shape rules and line shape); no context yet.

    A line's features depend on the line alone (the document-level switches only skip work
    that would change nothing), so a short line repeated in the document ('回复', '举报',
    a username) is analysed once per call.
    """
    if fold is None:
        fold = _FOLD_CANDIDATE.search(text) is not None
    feature = _line_analyzer(text, rs, use_key, menu_len, title_han, fold, anchor_han)
    # short lines are remembered across calls too (per rule set, bounded): a site's menus,
    # buttons and footers recur on every page of a crawl. A line's features depend on the
    # line alone (the document-level switches use_key and fold only skip searches that would
    # find nothing in it), so one memo serves every document. It is keyed by the raw line
    # (a hit needs no strip).
    memo = rs.line_memo(fold, menu_len, title_han, anchor_han)
    if len(memo) > _MEMO_MAX:
        memo.clear()
    get = memo.get
    # one C-level pass for every remembered line (blank and short lines of a warm process);
    # the misses (None: long lines, first sightings) are then found with list.index
    feats = list(map(get, raw))
    try:
        i = feats.index(None)
    except ValueError:
        i = -1
    blank = _BLANK_FEATURES
    long: list[int] = []
    while i >= 0:
        line = raw[i]
        f = get(line)  # (stored since the first pass: the line occurred earlier in the text)
        if f is None:
            s = line.strip(_STRIP)
            f = feature(s) or blank  # None: only zero-width or icon characters
            if len(s) <= _MEMO_LEN:
                if len(line) <= _MEMO_RAW:
                    memo[line] = f
            elif f[F_CLS] >= DROP and len(line) <= _MEMO_RULED:
                memo[line] = f  # a long line a rule decided: a footer or notice recurring on a site
            else:
                long.append(i)  # (stored lines are short or dropped/kept: never teasers)
        feats[i] = f
        try:
            i = feats.index(None, i + 1)
        except ValueError:
            break
    return Lines(raw, feats, "".join(map(_CODE_OF, feats)), long)


_CODE_OF = operator.itemgetter(F_CODE)
# lines up to this length are remembered (menus, buttons and usernames repeat; prose lines
# rarely do), if the line with its surrounding whitespace is not much longer
_MEMO_LEN = 48
_MEMO_RAW = 2 * _MEMO_LEN
# long lines a rule dropped or kept are remembered up to this length (site footers, ICP and
# copyright lines, notices: they recur on every page of a site; prose lines rarely do)
_MEMO_RULED = 200
# at most this many remembered lines per rule set and switch: a few tens of MB on web text,
# about 50 MB if every one were a 200-character ruled line (the memo is then emptied), so a
# CLI worker stays inside its streaming memory budget whatever the input
_MEMO_MAX = 100_000


def _line_analyzer(
    text: str,
    rs: RuleSet,
    use_key: bool,
    menu_len: int,
    title_han: int,
    fold: bool | None = None,
    anchor_han: int = 10,
) -> Callable[[str], tuple | None]:
    """The per-line analysis for one document: ``feature(stripped_line)`` gives the feature
    tuple ``(bullet, nlen, rule, cls, listno, closing, heading, han, code)``, or None for a
    line that holds only zero-width or icon characters (treated as blank)."""
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
    rule_tier = rs.any.tier
    tier_of = rs.any.by_len.get

    def drop_code(rule: Rule) -> str:
        if rule.then in _BLOCK_THENS:
            return "E"
        if rule.id in _STAMP_RULES:
            return "M"
        if rule.then == "end":
            return "Z"
        return "N" if rule.family in _NOTICE_FAMILIES else "D"

    leaves_han = _key_info()[1] if table is not None else frozenset()

    def prose_untranslated(s: str) -> tuple | None:
        """The features of a long traditional line holding a finished sentence that no rule
        can match, told without mapping it to simplified (the slowest step on such text):
        the mapping replaces Han characters one for one, so length, bullet, sentence, list
        number and the rules' tiers are the line's own. None if that cannot be told."""
        if odd(s) is not None or (fold and _FOLD_CANDIDATE.search(s)):
            return None
        b = bullet_match(s)
        bullet = b is not None and b.end() < len(s)
        k = s[b.end() :] if bullet else s  # type: ignore[union-attr]
        n = len(k)
        if n < _PROSE_LEN or not ("。" in k or "；" in k or ";" in k):
            return None
        h = _HAN.search(k)
        if h is None or h.group() in leaves_han:
            return None  # (not a sentence, or the key's Han character may be elsewhere)
        t = rule_tier(n, True)  # (keep and drop rules: one gate)
        if t is not None and not t.misses_untranslated(k, table):  # type: ignore[arg-type]
            return None
        listno = -1
        if k[0] in _DIGITS_OPEN:
            lm = _LIST_MARK.match(k)
            if lm is not None:
                listno = int(lm.group(1) or lm.group(2))
        return bullet, n, None, PROSE, listno, False, False, 0, "P"

    def feature(s: str) -> tuple | None:
        if (
            table is not None
            and len(s) <= _UNBOUNDED_LIMIT
            and (len(s) <= key_limit or odd(s) is not None)
            and needs(s) is not None  # else the key is the line itself (a search is cheaper than a translate)
        ):
            if len(s) > _MEMO_LEN:
                got = prose_untranslated(s)
                if got is not None:
                    return got
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
            return bullet, n, None, OTHER, -1, False, False, 0, "O"
        # a line holding a finished sentence (Han text and a full stop; the ';' of an HTML
        # entity such as '&gt;' is not one) is not page furniture: only rules marked
        # prose=yes may remove it
        sentence = ("。" in k or "；" in k or (";" in k and ";" in _ENTITY.sub("", k))) and _HAN.search(k) is not None
        if not sentence and (_NUMBERED_HAN.match(k) or (k[0] in _DIGITS_OPEN and _LIST_ITEM.match(k))):
            # a numbered heading ('七、联系我们') or a numbered item with a clause
            # ('6.微信扫码登录，无需…') is body text: only prose=yes rules may remove it
            sentence = True
        t = tier_of(n + n + sentence, False)  # (inline: _Matcher.first through its tier table)
        if t is False:
            t = rule_tier(n, sentence)
        hit = None if t is None else t.first(k)
        if hit is not None and hit.action == "keep":
            return bullet, n, hit, KEEP, -1, False, False, 0, "K"
        listno = -1
        if k[0] in _DIGITS_OPEN:
            lm = _LIST_MARK.match(k)
            if lm is not None:
                listno = int(lm.group(1) or lm.group(2))
        if hit is not None:
            return bullet, n, hit, DROP, listno, False, False, 0, drop_code(hit)
        if n >= _PROSE_LEN:
            return bullet, n, None, PROSE, listno, False, False, 0, "P"
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
        elif _SPEECH.search(k, 2 if k.startswith("我的") else 0):  # ('我的订单' is a menu label)
            c = OTHER
        elif n <= menu_len or _ASCII_TOKEN.fullmatch(k):
            c = SHORT
        else:
            c = OTHER
        if c == PROSE:
            code = "P"
        elif c == PROTECTED:
            # prose and long title-like lines anchor the gaps
            if closing:
                code = "c" if han >= anchor_han else "C"
            else:
                code = "A" if han >= anchor_han else "T"
        elif c == SHORT:
            code = "Q" if bullet else "S"
        else:
            code = "O"
        return bullet, n, None, c, listno, closing, heading, han, code

    return feature


# --------------------------------------------------------------------------- context rules

# class letters (see F_CODE) as the byte values the rounds compare with
_P, _S, _Q, _K, _E, _X, _O, _T = b"PSQKExOT"
_GONE = b"Bx"  # not a line of the round (blank, or removed in an earlier round)
_DROPS = b"DMENZ"
_SKIP_BACK = b"BxDMENZ"  # the signature rule's "previous line" skips these
_SHORTS = b"SQ"
_LIVE = re.compile(rb"[^Bx]")  # a line of the round
_LIVE_KEPT = re.compile(rb"[^BxDMENZ]")  # a line of the round no rule dropped
_CLOSING = re.compile(rb"[Cc]")
_RULE_DROPPED = re.compile(rb"[DMENZ]")
# a gap (a maximal run of lines between anchors: P, A, c) holding a short line; the
# lookbehind lets only a run's first position start a match, so the scan is linear
_GAP = re.compile(rb"(?<![^PAc])[^PAcSQ]*[SQ][^PAc]*")
_STAMP_NEXT = re.compile(rb"[ME][Bx]*[SQ]")  # a dropped stamp line and the next line, when short
_ROUND_END = bytes.maketrans(b"DMENZ", b"xxxxx")  # rule-dropped lines leave after the first round
_SHORT_GONE = bytes.maketrans(b"SQ", b"xx")
_KEPT = bytes(0 if c == _X else 1 for c in range(256))  # letters -> keep flags
_START = re.Match.start


def _context_round(
    info: Lines, cur: bytearray, rs: RuleSet, reasons: dict[int, str] | None, state: dict | None = None
) -> bytearray:
    """One round of the context rules over the lines of ``cur`` (class letters; ``B`` and
    ``x`` are not read).

    Returns the letters after the round: lines removed by a context rule become ``x``
    (rule-dropped lines keep their letter: the caller removes them). Records the rule id of
    each removal in ``reasons`` when it is a dict. ``state`` carries what one round can tell
    the next (the teaser rule's last input) within one document.
    """
    cfg: _Settings = rs.settings
    feats = info.feats
    raw = info.raw
    nxt = bytearray(cur)
    has_drop = b"D" in cur or b"N" in cur or b"M" in cur or b"E" in cur or b"Z" in cur

    # signatures: the short line right before a closing date is protected
    protected: set[int] = set()
    for m in _CLOSING.finditer(cur):
        p = m.start() - 1
        while p >= 0 and cur[p] in _SKIP_BACK:
            p -= 1
        if p >= 0 and cur[p] in b"SQO":
            protected.add(p)

    # related-links blocks
    if has_drop and cfg.related and b"E" in cur:
        max_lines, stop_len = cfg.max_lines, cfg.stop_len
        start = cur.find(b"E")
        n = len(cur)
        while start >= 0:
            taken = 0
            # (a 'list' heading names the page's title: '某书读后感相关文章：' over numbered titles)
            numbered_too = feats[start][F_RULE].then == "list"
            for q in range(start + 1, n):
                c = cur[q]
                if c in _GONE:
                    continue
                if taken >= max_lines:
                    break
                if c in _DROPS:
                    if c == _E or feats[q][F_RULE].family == "breadcrumb":
                        break  # (another block, or the trail above the page's own article)
                    continue
                f = feats[q]
                if c == _K or (f[F_HEADING] and not numbered_too) or q in protected:
                    break
                if f[F_NLEN] <= 1:
                    continue
                if c == _P and (f[F_NLEN] >= stop_len or raw[q].strip(_STRIP)[-1:] == "。"):
                    break
                nxt[q] = _X
                if reasons is not None:
                    reasons[q] = "context.related-block"
                taken += 1
            start = cur.find(b"E", start + 1)

    # headline lists below the article's closing line ('责任编辑：…')
    if has_drop and (cfg.article_end or cfg.comments) and (b"Z" in cur or (cfg.end_kept and b"K" in cur)):
        _article_end(info, cur, nxt, cfg, protected, reasons)

    # site-generated teaser near the top: strings together the starts of later lines
    if cfg.teaser and _teaser_may_fire(info, nxt, cfg, state):
        head_lines, window = cfg.head_lines, cfg.window
        # only the first head_lines + window surviving lines are ever read
        alive = map(_START, _LIVE_KEPT.finditer(nxt))
        live = list(itertools.islice(alive, head_lines + window) if head_lines >= 0 and window >= 0 else alive)
        _teaser(info, cur, nxt, live, cfg, reasons)
        if state is not None:
            state["teaser"] = live

    # numbered lists whose items are mostly site notices
    if cfg.notice:
        share = cfg.share
        if (
            share <= 0
            or b"N" in cur
            or (cfg.notice_z and b"Z" in cur)
            or (cfg.notice_em and (b"E" in cur or b"M" in cur))
        ):
            _notice_list(info, cur, nxt, share, reasons)

    # gaps between anchors (prose lines and long title-like lines: neither is a menu)
    _gaps(info, nxt, cfg, protected, reasons, has_drop, state)
    return nxt


def _article_end(
    info: Lines, cur: bytearray, nxt: bytearray, cfg: _Settings, protected: set[int], reasons: dict | None
) -> None:
    """Headline lists after an article's closing line.

    A news article ends with its desk editor ('责任编辑：…', a rule marked ``then=end``); what
    follows on the page is the site's: lists of other articles' headlines, with their
    sources, times and counters between them. After the first such line that follows
    ``min_prose`` characters of prose, every run of at least ``min_run`` headline-shaped
    lines (title_han+ Han characters, at most max_len characters, no full stop, at most two
    commas, not a numbered heading) is removed with the short lines between its headlines.
    Prose, long lines and kept or protected lines end a run, so readers' comments and a
    second article's text stay. A post's floor or date stamp ('2楼', '发表于 …') ends the
    scan: below it is a thread, whose short replies are headline-shaped too (a forum post
    that quotes a news article with its editor line).

    Below the closing line, a comment section's heading (a rule marked ``then=comments``:
    '全部评论 59条', '热门跟贴') starts the readers' comments, which are the site's too on a
    news page: ``context.comments`` removes every later line but kept and protected ones, up
    to the document's end or a thread's start. Only a heading counts, not a button or a bare
    counter ('评论', '评论(3)'), which also stand under each post of a page listing several.

    The rules run in the first round only, the one that sees rule-dropped lines (stamps,
    dropped closing lines): a second call sees none, so it removes nothing more
    (idempotence), even where the closing line itself stays ('责任编辑：…', like a signature).
    """
    feats = info.feats
    raw = info.raw
    n = len(cur)
    start = -1
    for m in _END_LINE.finditer(cur):
        q = m.start()
        if cur[q] == _K and feats[q][F_RULE].then != "end":
            continue
        if sum(feats[p.start()][F_NLEN] for p in _PROSE_LINE.finditer(cur, 0, q)) >= cfg.end_prose:
            start = q
            break
    if start < 0:
        return
    heads: list[int] = []  # the headlines of the current run
    fillers: list[int] = []  # the short lines (sources, times, counters) among them
    comments = False  # below a comment section's heading
    for q in range(start + 1, n + 1):
        last_run = q == n  # (the document's end, or a thread's start, closes the last run)
        if not last_run:
            c = cur[q]
            if c in _GONE:
                continue
            if c in _DROPS:
                rule = feats[q][F_RULE]
                if rule.id not in _THREAD_RULES:
                    if not (rule.then == "comments" and cfg.comments and not comments):
                        continue
                    comments = True  # (and the headline run above the heading is judged now)
                else:
                    last_run = True  # a post's floor or stamp: a thread starts here
            elif comments:
                if c != _K and q not in protected:
                    nxt[q] = _X
                    if reasons is not None:
                        reasons[q] = "context.comments"
                continue
            elif c != _K and q not in protected:
                f = feats[q]
                if c in _SHORTS or (c == _O and f[F_NLEN] <= cfg.end_filler):
                    fillers.append(q)
                    continue
                if not f[F_HEADING] and not f[F_CLOSING] and _is_headline(raw[q].strip(_STRIP), cfg):
                    heads.append(q)
                    continue
        if len(heads) >= cfg.end_run and cfg.article_end:
            first, last = heads[0], heads[-1]
            for p in itertools.chain(heads, (p for p in fillers if first < p < last)):
                nxt[p] = _X
                if reasons is not None:
                    reasons[p] = "context.article-end"
        if last_run:
            break
        heads = []
        fillers = []


# rules whose lines start a thread's post: the article-end scan stops at them
_THREAD_RULES = frozenset({"meta.floor", "meta.posted"})
_PROSE_LINE = re.compile(rb"P")
_END_LINE = re.compile(rb"[ZK]")  # a closing line: dropped (Z) or kept (K, when its rule says then=end)
_FULL_STOPS = re.compile(r"[。；;]")


def _is_headline(s: str, cfg: _Settings) -> bool:
    """A line shaped like a linked headline: enough Han, short, no sentence end."""
    return (
        len(s) <= cfg.end_len
        and _FULL_STOPS.search(s) is None
        and s.count("，") + s.count(",") <= 2
        and len(_HAN.findall(s)) >= cfg.end_han
        and _NUMBERED.match(s) is None
    )


def _teaser_may_fire(info: Lines, nxt: bytearray, cfg: _Settings, state: dict | None) -> bool:
    """False when the teaser rule cannot remove a line this round: no long line among the
    first head_lines surviving lines, or the same lines it read last round (it removed
    none of them: a removed line would be gone)."""
    if state is not None:
        last = state.get("teaser")
        if last and _X not in bytes(nxt[j] for j in last):
            return False
    if info.long is None or cfg.min_len <= _MEMO_LEN or cfg.head_lines < 0:
        return True  # (long lines are the analysed ones longer than _MEMO_LEN)
    for j in info.long:
        if nxt[j] not in b"BxDMENZK":
            # the first long line that may be a teaser: how many surviving lines come first?
            return len(nxt[:j].translate(None, b"BxDMENZ")) < cfg.head_lines
    return False


def _teaser(info: Lines, cur: bytearray, nxt: bytearray, live: list[int], cfg: _Settings, reasons: dict | None) -> None:
    raw = info.raw
    min_len = cfg.min_len
    window = cfg.window
    lines = [raw[q].strip(_STRIP) for q in live]
    # the beginning each later line offers ('\n' for a line too short: no line holds it)
    starts = [t[:_TEASER_KEY] if len(t) >= _TEASER_KEY else "\n" for t in lines]
    for pos, j in enumerate(live[: cfg.head_lines]):
        s = lines[pos]
        if len(s) < min_len or cur[j] == _K:
            continue
        # (at most as many hits as later beginnings occurring anywhere in the line)
        if sum(map(s.__contains__, starts[pos + 1 : pos + 1 + window])) < cfg.min_hits:
            continue
        # distinct later lines whose beginnings occur in this line, in order
        hits = 0
        at = 0
        seen: set[str] = set()
        for t in lines[pos + 1 : pos + 1 + window]:
            if len(t) < _TEASER_KEY or t == s or t in seen:
                continue
            found = s.find(t[:_TEASER_KEY], at + 1)
            if found > 0:
                hits += 1
                at = found
                seen.add(t)
        if hits >= cfg.min_hits:
            nxt[j] = _X
            if reasons is not None:
                reasons[j] = "context.teaser"


def _notice_list(info: Lines, cur: bytearray, nxt: bytearray, share: float, reasons: dict | None) -> None:
    feats = info.feats

    def judge(run: list[int]) -> None:
        if len(run) < 3:
            return
        notices = sum(1 for q in run if cur[q] in _DROPS and feats[q][F_RULE].family in _NOTICE_FAMILIES)
        if notices >= share * len(run):
            for q in run:
                if cur[q] not in _DROPS and cur[q] != _K:
                    nxt[q] = _X
                    if reasons is not None:
                        reasons[q] = "context.notice-list"

    # runs of consecutive lines of the round numbered 1, 2, 3, ... (a run starts anywhere,
    # a break starts a new run only at number 1); only numbered lines are visited, and a
    # line of the round between two of them ends the run
    run: list[int] = []
    for j in info.numbered():
        if cur[j] in _GONE:
            continue
        if run and _LIVE.search(cur, run[-1] + 1, j) is not None:
            judge(run)  # an unnumbered line ends the run
            run = []
        if not run or feats[j][F_LISTNO] == feats[run[-1]][F_LISTNO] + 1:
            run.append(j)
            continue
        judge(run)
        run = [j] if feats[j][F_LISTNO] == 1 else []
    judge(run)


def _gaps(
    info: Lines,
    nxt: bytearray,
    cfg: _Settings,
    protected: set[int],
    reasons: dict[int, str] | None,
    has_drop: bool,
    state: dict | None = None,
) -> None:
    """The gap rules (cluster, head-menu, tail-menu) on the round's lines ``nxt``, in place."""
    cluster_on, need = cfg.cluster, cfg.need
    n = len(nxt)
    if not has_drop and (not cluster_on or need > 0):
        # no line of the round was dropped by a rule (every round after the first): a gap
        # counts 0 removed lines, so no cluster can fire, and a head or tail menu needs
        # min_lines bulleted short lines: only the first and the last gap are read
        bullets = nxt.count(b"Q")
        if (not cfg.head or bullets < cfg.head_min) and (not cfg.tail or bullets < cfg.tail_min):
            return
        last = max(nxt.rfind(b"P"), nxt.rfind(b"A"), nxt.rfind(b"c"))
        if last < 0:
            return  # no anchor: the one gap is a cluster's
        spans = [m.span() for m in (_GAP.match(nxt), _GAP.match(nxt, last + 1)) if m is not None]
        spans = [(s, e) for s, e in spans if s == 0 or e == n]
    else:
        spans = [m.span() for m in _GAP.finditer(nxt)]
    feats = info.feats
    raw = info.raw
    heading_han = cfg.heading_han
    hans: bytes | None = None  # Han counts of the lines (built on first need, kept for the document)
    echo: tuple | None = None  # the echo check's content text and answers (built on first need, once a round)
    if state is None:
        state = {}
    for s, e in spans:
        gap = nxt[s:e]
        removed = len(gap) - len(gap.translate(None, _DROPS))
        # can the gap's rule fire at all (before protections, which only take lines away)?
        if (s > 0 and e < n) or (s == 0 and e == n):  # between two anchors, or no anchor at all
            rid = "context.cluster"
            if not cluster_on or removed < need:
                continue  # (most gaps: told before counting their short lines)
            n_q = gap.count(b"Q")
            n_short = gap.count(b"S") + n_q
            min_lines = 0.0
        else:
            if s == 0:
                rid, on, min_lines = "context.head-menu", cfg.head, cfg.head_min
            else:
                rid, on, min_lines = "context.tail-menu", cfg.tail, cfg.tail_min
            n_q = gap.count(b"Q")
            n_short = gap.count(b"S") + n_q
            if not on or n_short + removed < min_lines or (removed < 1 and n_q < min_lines):
                continue
        kept: list[int] = []  # protected short lines of this gap
        if e < n and heading_han and b"S" in gap:
            # the line right before a prose line is a heading introducing it, unless it is
            # a bulleted menu item or too short to be a heading
            # (article furniture such as '时间:… 来源:…' or share buttons may sit between a
            # title and its text; site chrome such as menus and breadcrumbs does not)
            # (a line followed by a post's date stamp is a byline, not a title)
            p = e - 1
            last = -1
            byline = False
            while p >= s:
                c = nxt[p]
                if c in _GONE:
                    p -= 1
                    continue
                last = p
                if c not in _DROPS:
                    break
                rule = feats[p][F_RULE]
                if rule.family not in _ARTICLE_FURNITURE:
                    break
                # (an article's dateline '时间:… 来源:…' is furniture under a title, not a post stamp)
                byline = byline or (
                    rule.id in _STAMP_RULES and _DATELINE_KEY.search(raw[p].strip(_STRIP)) is None
                )
                p -= 1
            if (
                last >= 0
                and nxt[last] == _S
                and not byline
                and len(_HAN.findall(raw[last].strip(_STRIP))) >= heading_han
            ):
                kept.append(last)
            if last >= 0 and (nxt[last] == _T or last in kept) and raw[last].rstrip(_STRIP)[-1:] in _LABEL_ENDS:
                # a label introducing the text ('岗位职责：') may sit under its section's
                # heading ('职位描述'): the short line right above it is a heading too
                q = last - 1
                while q >= s and nxt[q] in _GONE:
                    q -= 1
                if q >= s and nxt[q] == _S and len(_HAN.findall(raw[q].strip(_STRIP))) >= heading_han:
                    kept.append(q)
        # a short line right after a post's date stamp is the post itself ('元旦快乐'),
        # while usernames and badges come before the stamp
        if b"M" in gap or b"E" in gap:
            for m in _STAMP_NEXT.finditer(gap):
                if feats[s + m.start()][F_RULE].id in _STAMP_RULES:
                    kept.append(s + m.end() - 1)
        if protected:
            kept.extend(p for p in protected if s <= p < e and nxt[p] in _SHORTS)
        if s == 0 and e < n:
            # below a head menu's last removed line or bullet, a short line that reads as
            # text is the page's own (a song's lines above its first long one)
            m = _LAST_MENU.search(gap)
            if m is not None:
                kept.extend(p for p in range(s + m.start() + 1, e) if nxt[p] == _S and _reads_as_text(raw[p]))
        if kept:
            kept = list(set(kept))
            n_q -= bytes(nxt[p] for p in kept).count(b"Q")
            n_short -= len(kept)
        if not n_short:
            continue
        if rid != "context.cluster" and (n_short + removed < min_lines or (removed < 1 and n_q < min_lines)):
            continue
        # content guards, read only for a gap the rule is about to clear; each guard's cheap
        # necessary condition is tested first
        if cfg.guard or cfg.echo_min:
            guarded: set[int] = set()
            if cfg.guard:
                verse_on = False
                if cfg.verse_min:
                    if hans is None:
                        hans = _han_counts(info, state)
                    # (verse lines of the gap, live or not, have five or seven Han characters;
                    # where enough do, the document's verse lines are marked once and counted)
                    verse_on = hans.count(5, s, e) + hans.count(7, s, e) >= cfg.verse_min
                    if verse_on:
                        verse_on = _verse_flags(info, hans, state).count(1, s, e) >= cfg.verse_min
                intro_on = False
                if cfg.intro:
                    before = s - 1
                    while before >= 0 and nxt[before] in _GONE:
                        before -= 1
                    # (a match ends the stripped line and is at most three characters long)
                    intro_on = before >= 0 and _INTRO.search(raw[before].rstrip(_STRIP)[-3:]) is not None
                lead_on = False
                if cfg.lead_len:
                    # (the gap holds a live O line of lead_len characters)
                    q = gap.find(_O)
                    while q >= 0:
                        if feats[s + q][F_NLEN] >= cfg.lead_len:
                            lead_on = True
                            break
                        q = gap.find(_O, q + 1)
                if verse_on or intro_on or lead_on:
                    guarded = _post_blocks(info, nxt, s, e, cfg, verse_on, intro_on, lead_on)
            if _S in gap:
                # a short 'key: value' line next to a kept one is a row of an infobox (the
                # short lines with a kept neighbour are found at C speed: few per gap)
                lo = max(s - 1, 0)
                window = nxt[lo : e + 1]
                rows: list[int] = []
                for rx in _KV_AFTER, _KV_BEFORE:
                    for m in rx.finditer(window):
                        p = lo + (m.end() - 1 if rx is _KV_AFTER else m.start())
                        r = lo + (m.start() if rx is _KV_AFTER else m.end() - 1)
                        if (
                            p not in guarded
                            and _KV.match(raw[p].strip(_STRIP)) is not None
                            and _KV.match(raw[r].strip(_STRIP)) is not None
                        ):
                            guarded.add(p)
                            rows.append(p)
                # the infobox goes on through the short 'key: value' lines next to such a row
                # ('综合指数：80%', '幸运颜色：红色', … above '今日概述：…')
                for p in rows:
                    for step in (-1, 1):
                        q = p + step
                        while s <= q < e:
                            c = nxt[q]
                            if c in _GONE:
                                q += step
                                continue
                            if c != _S or q in guarded or _KV.match(raw[q].strip(_STRIP)) is None:
                                break
                            guarded.add(q)
                            q += step
            if cfg.echo_min and _S in gap:
                # a short line whose text recurs in the content lines (see _echo; the content
                # letters are the same all through the gap loop, so it is built on first need)
                if echo is None:
                    echo = _echo(info, nxt, cfg, state)
                if echo:
                    echo_min = cfg.echo_min
                    src, memo = echo
                    known = memo.get
                    # (a line kept already needs no answer: its text is not looked for)
                    stays = guarded.union(kept) if kept or guarded else _NONE_KEPT
                    q = gap.find(_S)
                    while q >= 0:
                        p = s + q
                        if feats[p][F_NLEN] >= echo_min and p not in stays:
                            line = raw[p]  # (answers are keyed by the unstripped line)
                            got = known(line)
                            if got is None:
                                got = memo[line] = line.strip(_STRIP) in src
                            if got:
                                guarded.add(p)
                        q = gap.find(_S, q + 1)
            if guarded:
                kept = list(set(kept) | guarded)
        if reasons is not None:
            for p in range(s, e):
                if nxt[p] in _SHORTS and p not in kept:
                    reasons[p] = rid
        nxt[s:e] = gap.translate(_SHORT_GONE)
        for p in kept:
            nxt[p] = gap[p - s]


_LABEL_ENDS = ("：", ":")

# the letters of content lines, where a short line's echo is looked for (never short lines)
_ECHO_MASK = bytes(c in b"PATCcOK" for c in range(256))  # content letters -> 1, others -> 0
_VERSE_HAN = (5, 7)
_NONE_KEPT: frozenset[int] = frozenset()
_HAN_OF = operator.itemgetter(F_HAN)


def _han_counts(info: Lines, state: dict) -> bytes:
    """The Han count of every line as one byte each (counts are only taken on lines shorter
    than _PROSE_LEN), once per document: a gap holds verse only where it holds lines of
    five or seven Han characters."""
    hans = state.get("hans")
    if hans is None:
        try:
            hans = bytes(map(_HAN_OF, info.feats))
        except ValueError:
            hans = bytes(min(f[F_HAN], 255) for f in info.feats)
        state["hans"] = hans
    return hans


def _verse_flags(info: Lines, hans: bytes, state: dict) -> bytearray:
    """1 for each verse line of the document (five or seven Han characters and nothing else),
    once per document."""
    flags = state.get("verse")
    if flags is None:
        feats = info.feats
        flags = state["verse"] = bytearray(len(hans))
        for m in _VERSE_COUNT.finditer(hans):
            p = m.start()
            if feats[p][F_NLEN] == hans[p]:
                flags[p] = 1
    return flags


_VERSE_COUNT = re.compile(rb"[\x05\x07]")


def _echo(info: Lines, nxt: bytearray, cfg: _Settings, state: dict) -> tuple:
    """The echo check's state for this round: ``(content text, answers)``, or ``()`` when the
    check is off. A short line whose text recurs inside the document's content lines (a name
    the replies mention, a tag or heading the text uses) is on-topic, not a site menu label.
    The answers are kept across the rounds of one document while its content lines stay the
    same; past ``echo_max`` characters of content the check is off (its cost grows with the
    text, and a document that long is no web page)."""
    raw = info.raw
    sig = nxt.translate(_ECHO_MASK)
    memo = state.get("echo")
    if memo is None or state.get("echo_sig") != sig:
        # (unstripped lines: a stripped short line is found in a line iff in its stripped text)
        src = "\n".join(itertools.compress(raw, sig))
        if memo is None or state.get("echo_src") != src:
            memo = state["echo"] = {}
            state["echo_src"] = src
        state["echo_sig"] = sig
    src = state["echo_src"]
    if len(src) > cfg.echo_max:
        return ()
    return src, memo


def _verse_streak(run: list[int], verse: Callable[[int], bool]) -> int:
    """The longest stretch of consecutive verse lines in ``run``."""
    best = cur = 0
    for p in run:
        cur = cur + 1 if verse(p) else 0
        best = max(best, cur)
    return best


def _post_blocks(
    info: Lines, nxt: bytearray, s: int, e: int, cfg: _Settings, verse_on: bool, intro_on: bool, lead_on: bool
) -> set[int]:
    """The lines of the gap ``nxt[s:e]`` that form a block of the post itself: verse, a step
    heading above its code line, the items of an announced list (docs/boilerplate.md).
    ``verse_on``: the gap holds verse_min verse lines (live or not); ``intro_on``: the line
    before the gap announces a list; ``lead_on``: the gap holds a long O line (live or not)."""
    feats = info.feats
    kept: set[int] = set()
    verse_min = cfg.verse_min
    live = [p for p in range(s, e) if nxt[p] not in _GONE]

    def verse(p: int) -> bool:
        f = feats[p]
        return f[F_HAN] in _VERSE_HAN and f[F_NLEN] == f[F_HAN]

    if verse_on and sum(map(verse, live)) >= verse_min:
        # verse_min+ lines of five or seven Han characters (五言/七言) in a row, making two
        # thirds of a run with no removed line in it, are a poem quoted in the post, not
        # a menu: the run stays (a portal menu holds five-character items too, '一卡通充值',
        # '网易白金卡', but among many two- and four-character ones)
        run: list[int] = []
        for p in [*live, -1]:
            if p >= 0 and nxt[p] not in _DROPS:
                run.append(p)
                continue
            n_verse = sum(map(verse, run))
            if n_verse >= verse_min and 3 * n_verse >= 2 * len(run) and _verse_streak(run, verse) >= verse_min:
                kept.update(q for q in run if nxt[q] in _SHORTS)
            run = []
    if intro_on:
        # the lines right after '…如下：', up to the first removed line, are the list it announces
        for p in live:
            if nxt[p] in _DROPS:
                break
            kept.add(p)
    if lead_on:
        # a short line right above a code or text line is its heading ('安装' over 'composer …')
        kept.update(
            a
            for a, b in zip(live, live[1:])
            if nxt[b] == _O and feats[b][F_NLEN] >= cfg.lead_len and nxt[a] in _SHORTS
        )
    return kept


def decide(text: str, rs: RuleSet, explain: bool = True) -> tuple[list[str], bytes, dict[int, str] | None]:
    """Split ``text`` into lines and decide which to keep.

    Returns the lines, a keep flag per line (a ``bytes`` of 0 and 1) and, when ``explain``,
    the rule id of each removed line (else None).
    """
    raw = text.split("\n")
    cfg: _Settings = rs.settings
    use_key, fold = _switches(text)
    info = analyze(text, raw, rs, use_key, cfg.menu_len, cfg.title_han, cfg.anchor_han, fold)
    cur = bytearray(info.codes, "ascii")
    reasons: dict[int, str] | None = None
    if explain:
        feats = info.feats
        reasons = {m.start(): feats[m.start()][F_RULE].id for m in _RULE_DROPPED.finditer(cur)}
    state: dict = {}
    while True:
        nxt = _context_round(info, cur, rs, reasons, state).translate(_ROUND_END)
        if nxt == cur:
            break
        cur = nxt
        if _quiet(info, cur, cfg, state):
            break  # (the next round would remove nothing: the fixed point is reached)
    return raw, cur.translate(_KEPT), reasons


def _quiet(info: Lines, cur: bytearray, cfg: _Settings, state: dict) -> bool:
    """True when a round on ``cur`` (after the first: no rule-dropped line left) can remove
    no line, told without running it. Such a round reads only what rule-dropped lines do not
    switch off: no related block (it needs a block heading), no notice list (it needs
    notices, unless ``min_share`` is 0), no cluster (it needs rule-dropped lines, unless
    ``min_removed`` is 0); a head or tail menu needs ``min_lines`` bulleted short lines,
    and the teaser rule its own check (:func:`_teaser_may_fire`). Most documents stop here
    after one round instead of running a second that removes nothing."""
    if cfg.notice and cfg.share <= 0:
        return False
    if cfg.cluster and cfg.need <= 0:
        return False
    bullets = cur.count(b"Q")
    if (cfg.head and bullets >= cfg.head_min) or (cfg.tail and bullets >= cfg.tail_min):
        return False
    return not (cfg.teaser and _teaser_may_fire(info, cur, cfg, state))


def rule_note(rs: RuleSet, rule_id: str) -> str:
    """A one-line note for explain: the family and where the rule comes from (a dict built
    once per rule set: explain asks for every removed line)."""
    return rs.notes.get(rule_id, "context rule (zhclean/rules/boilerplate_context.tsv)")


def lines_of(text: str) -> Sequence[str]:
    return text.split("\n")

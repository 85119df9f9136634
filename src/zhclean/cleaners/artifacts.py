"""Remove inline noise from content lines: injected pinyin glosses and spliced-in site names.

Some sites convert their pages to traditional characters and glue a pinyin gloss after every
character that changed (``醫(yī)學(xué)``), and splice site names and keywords into the prose
(``改(工作总结之家:;卫生资讯网:;卫生健康网:)革``, ``竭醫學考研網盡全力``). A scraper keeps all
of it. This step takes it out, and only it: a pinyin lesson (``学(xué)习``), a Chinese
parenthetical (``王榮(醫教科長)``) and the brackets of ``縣(區(qū))`` stay.

Evidence, weighed over the whole text it is given (a document, or one line):

- a gloss is a pinyin syllable in ``( )``/``（ ）`` right after a Han character; it is
  *injected* when it sits on a traditional-only character and fits that character's reading
  (table built from pypinyin, ``rules/pinyin_readings.tsv``). Glosses are removed only when
  the text's glosses sit on traditional-only characters: glosses on characters that are the
  same in both scripts (what a lesson annotates), or teaching words such as 拼音 with few
  glosses, mark the text as teaching and nothing is removed;
- a site name is a token of Han characters ending in a site suffix (网, 之家, 在线 ...,
  ``rules/artifacts.tsv``); it is removed when it is a bracketed list of empty ``name:``
  fields, when taking it out rejoins a four-character idiom it cut in two (jieba's idioms),
  or when it is the site's own name, read off the document's short header, breadcrumb or
  copyright lines, and splits a word; a bracketed ``【domain - channel】`` watermark goes too,
  and so do source clauses, domains and promotion tails spliced into a sentence
  (``_artifacts_watermarks``);
- on a page with injected glosses, a short keyword (no clause characters, no informal marks)
  tacked on after a paragraph's last full stop is injected too.

See docs/artifacts.md for the families, the thresholds and what was measured.

Every removal names its rule id (``explain``); the rules and tables are data in
``zhclean/rules/``.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar, Iterable

from .._core import Change, Cleaner, StepResult, require_text
from ._artifacts_data import HAN, TONE_MARKS, Tables, cut_rights, site_scan, tables, words
from ._artifacts_watermarks import watermark_spans

__all__ = ["strip_artifacts", "ArtifactStripper"]

Span = tuple  # (start, end, rule id, note)

_TONED = frozenset(TONE_MARKS)
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_END = re.compile(f"[{HAN}]+\\Z")  # ('$' would also match before a final newline)
# ( name: ; name: ; ... ) with empty values: a CMS's list of site fields spliced into prose.
_LIST_PAREN = re.compile(r"[(（]((?:[^()（）:：;；\n]{1,20}[:：][;；])+[^()（）:：;；\n]{1,20}[:：][;；]?)[)）]")
# the same, one literal-prefix regex per opening bracket (a match holds no other bracket, so
# the two find the same matches as the one)
_LIST_PAREN_SPLIT = tuple((b, re.compile(re.escape(b) + _LIST_PAREN.pattern[len("[(（]") :])) for b in "(（")
_LIST_SEP = re.compile(r"[;；]")
# 【www.example.com - 工作总结】: a content farm's watermark (domain, dash, channel name).
_DOMAIN_BRACKET = re.compile(
    r"【[ \t]*(?:https?://)?(?:www\.)?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,3}"
    r"\.(?i:com|cn|net|org|cc|top|info|la|me)[ \t]*[-－—|｜]{1,2}[ \t]*[^【】\n]{1,20}】[ \t]*"
)
# An empty field of _LIST_PAREN ("name:;"): no such pair, no list (literal-prefix scans).
_LIST_SEPS = tuple((sep, re.compile(f"{sep}(?<=[:：]{sep})")) for sep in ";；")
# A short unpunctuated keyword after the last full stop of a line (one stop, not 。。).
# (the stop comes first, a literal the regex engine skips ahead to; the keyword is group 1)
_TAIL = re.compile(rf"。(?<=[^。！？!?.]。)([{HAN}]{{2,6}})(?=[ \t\u3000]*$)", re.M)
# Marks of informal text, where an unpunctuated last sentence is common.
_INFORMAL = re.compile(r"[！？!?~～]|。。")
# Lines that carry the site's own name: short lines, breadcrumbs, copyright/ICP footers.
_BOILER_MARKS = (">", "版权", "版權", "Copyright", "copyright", "COPYRIGHT", "©", "ICP", "位置")
_BOILER_MARK_RE = re.compile("|".join(map(re.escape, _BOILER_MARKS)))
_BOILER_MAX_LEN = 40

#: Glosses on shared characters tolerated per injected gloss (converter differences).
_SHARED_SHARE = 5
#: With a teaching word present, this many injected glosses still count as injection.
_TEACHING_MAX = 10
#: Injected glosses needed before an off-table syllable is removed too.
_MIN_OFFTABLE = 3
_MAX_PASSES = 4
#: Site-suffix hits examined per call (bounds the work on a page that is one long list of 网).
_MAX_SITE_HITS = 20_000
#: Injected glosses that make a page SEO-scrambled: then a keyword tacked on after a
#: paragraph's last stop goes too (tail-keyword).
_MIN_INJECTED_PAGE = 5
_MIN_TAIL_PREFIX = 20


def strip_artifacts(text: str, *, rules: str | os.PathLike[str] | None = None) -> str:
    """Remove injected pinyin glosses and spliced-in site names; keep everything else.

    ``rules`` is an optional rule file of your own (the format of ``rules/artifacts.tsv``)
    adding site-name suffixes (kind ``suffix``) or teaching words (kind ``teaching``); a
    malformed file raises :class:`~zhclean.errors.RuleFileError` naming its line.

    >>> strip_artifacts("醫(yī)學(xué)是一門科學")
    '醫學是一門科學'
    >>> strip_artifacts("縣(區(qū))衛(wèi)生局")
    '縣(區)衛生局'
    >>> strip_artifacts("扎实推进基层卫生体制改(工作总结之家:;卫生资讯网:;卫生健康网:)革。")
    '扎实推进基层卫生体制改革。'
    >>> strip_artifacts("拼音:学(xué)习(xí)")  # a lesson: glosses on simplified characters stay
    '拼音:学(xué)习(xí)'
    >>> strip_artifacts("王榮(醫教科長)")
    '王榮(醫教科長)'
    """
    text = require_text(text, "strip_artifacts")
    tb = tables(None if rules is None else os.fspath(rules))
    if not _may_hold_artifacts(text, tb):
        return text
    for _ in range(_MAX_PASSES):
        out, stable = _fast_pass(text, tb)
        if stable or out == text:
            return out
        text = out
    return text


@dataclass(frozen=True)
class ArtifactStripper(Cleaner):
    """Remove inline noise: pinyin glued after characters, injected site names.

    >>> ArtifactStripper()("開(kāi)展活動(dòng)")
    '開展活動'
    >>> [c.rule for c in ArtifactStripper().explain("開(kāi)展").changes]
    ['pinyin.gloss']
    """

    name: ClassVar[str] = "artifacts"
    summary: ClassVar[str] = "remove inline noise: pinyin glued after characters, injected site names"

    #: path of a user rule file adding site-name suffixes or teaching words (see strip_artifacts)
    rules: str | None = None

    def __call__(self, text: str) -> str:
        return strip_artifacts(text, rules=self.rules)

    def explain(self, text: str) -> StepResult:
        text = require_text(text, "ArtifactStripper.explain")
        tb = tables(self.rules)
        if not _may_hold_artifacts(text, tb):
            return StepResult(text)
        original = text
        found: list[Span] = []
        maps: list[_Map] = []
        for _ in range(_MAX_PASSES):
            spans = _analyze(text, tb)
            if not spans:
                break
            for s, e, rule, note in spans:
                for m in reversed(maps):
                    s, e = m.span(s, e)
                found.append((s, e, rule, note))
            maps.append(_Map(spans))
            text = _remove(text, spans)
        if not found:
            return StepResult(text)
        spans = []
        reach = -1
        for span in sorted(found, key=lambda f: (f[0], -f[1])):
            if span[1] <= reach:  # inside a span of a later pass, which reports it
                continue
            spans.append(span)
            reach = span[1]
        changes = tuple(
            Change(step=self.name, rule=rule, before=original[s:e], after="", start=s, end=e, note=note)
            for s, e, rule, note in spans
        )
        counts: dict[str, int] = {}
        for c in changes:
            counts[c.rule] = counts.get(c.rule, 0) + 1
        return StepResult(text, changes, {"removed": counts})


# --------------------------------------------------------------------------- the engine


def _may_hold_artifacts(text: str, tb: Tables) -> bool:
    """Whether any rule can fire: a bracket (glosses, lists, watermarks), a web address, or a
    site-name suffix; most text has none of them and is returned as it is."""
    return (
        "(" in text
        or "（" in text
        or "【" in text
        or "www." in text
        or "http" in text
        or tb.suffix_re.search(text) is not None
    )


def _fast_pass(text: str, tb: Tables) -> tuple[str, bool]:
    """One pass without bookkeeping: glosses out (one ``re.sub``), then site spans.

    Also says whether the result is surely stable (another pass would change nothing): true
    when no site span was removed and no gloss was directly followed by another bracket."""
    view, injected = text, 0
    if "(" in text or "（" in text:
        remove, injected, every = _gloss_plan(text, tb)
        if every:
            view = _gloss_pattern(text, tb).sub("", text)
        elif remove:
            view = _gloss_pattern(text, tb).sub(lambda m: "" if m.group(2) + m.group(0) in remove else m.group(0), text)
    site = _site_spans(view, tb, injected)
    if site:
        return _remove(view, site), False
    return view, view is text or not any(b in text and rx.search(text) for b, rx in tb.gloss_then_bracket_split)


def _analyze(text: str, tb: Tables) -> list[Span]:
    """All removals of one pass, sorted and non-overlapping, in ``text`` offsets (for explain)."""
    glosses: list[Span] = []
    injected = 0
    if "(" in text or "（" in text:
        remove, injected, _ = _gloss_plan(text, tb)
        if remove:
            for m in tb.gloss_re.finditer(text):
                if m.group(2) + m.group(0) in remove:
                    char, syllable = m.group(2, 3)
                    rule = _gloss_rule(char, syllable, tb)
                    note = f"{syllable} is a reading of {char}" if rule == "pinyin.gloss" else (
                        f"{syllable} after {char}, on a page with {injected} fitting glosses"
                    )
                    glosses.append((m.start(), m.end(), rule, note))
    view = _remove(text, glosses) if glosses else text
    site = _site_spans(view, tb, injected)
    if not site:
        return glosses
    vmap = _Map(glosses)
    gloss_at = {s: e for s, e, _, _ in glosses}
    mapped = []
    for s, e, rule, note in site:
        s, e = vmap.span(s, e)
        while e in gloss_at:  # take the gloss of the span's last character along
            e = gloss_at[e]
        mapped.append((s, e, rule, note))
    out: list[Span] = []
    i = 0
    for g in glosses:  # drop the glosses inside a site span: the site span reports them
        while i < len(mapped) and mapped[i][1] <= g[0]:
            i += 1
        if i < len(mapped) and mapped[i][0] <= g[0] < mapped[i][1]:
            continue
        out.append(g)
    return sorted(out + mapped)


def _gloss_plan(text: str, tb: Tables) -> tuple[dict[str, str], int, bool]:
    """The glosses to remove, as ``{"醫(yī)": "醫"}`` (character + gloss -> the character); how
    many fitting injected glosses the text has (the page-level evidence); and whether every
    match of the gloss pattern is to be removed (then one constant ``re.sub`` does it)."""
    fitting: dict[str, str] = {}
    offtable: dict[str, str] = {}
    n = shared = n_offtable = 0
    readings, t2s = tb.readings, tb.t2s
    found = Counter(_gloss_findall(text, tb))
    for (left, char, syllable, right), count in found.items():
        chars = readings.get(syllable)
        if chars is None:  # not a pinyin syllable
            continue
        if ord(char) in t2s:
            if char in chars:
                n += count
                fitting[char + left + syllable + right] = char
            elif not _TONED.isdisjoint(syllable):
                n_offtable += count
                offtable[char + left + syllable + right] = char
        elif not _TONED.isdisjoint(syllable):
            shared += count
    if not n or shared * _SHARED_SHARE > n:
        return {}, 0, False
    if n < _TEACHING_MAX and tb.teaching_re.search(text):
        return {}, 0, False
    listed = sum(1 for g in _findall(tb.listed_gloss_split, text) if g[1] + g[0] + g[2] + g[3] in fitting)
    if listed >= 2 and listed * 2 >= n:  # a vocabulary list (醫(yī)、學(xué)、衛(wèi)), not glued prose
        return {}, 0, False
    removed = n
    if n >= _MIN_OFFTABLE:
        fitting.update(offtable)
        removed += n_offtable
    return fitting, n, removed == sum(found.values())


def _gloss_findall(text: str, tb: Tables) -> list[tuple[str, str, str, str]]:
    """``tb.gloss_re.findall(text)`` up to order: one literal-prefix scan per bracket present
    (glosses cannot overlap, so the two scans find the same glosses as one class scan)."""
    return _findall(tb.gloss_split, text)


def _gloss_pattern(text: str, tb: Tables) -> re.Pattern[str]:
    """``tb.gloss_re``, or its literal-prefix half when ``text`` holds one kind of opening
    bracket only (the same matches, found faster)."""
    (a, ascii_re), (w, wide_re) = tb.gloss_split
    if w not in text:
        return ascii_re
    return wide_re if a not in text else tb.gloss_re


def _findall(split: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> list:
    """The matches of the patterns of ``split`` whose bracket ``text`` holds."""
    found: list = []
    for bracket, rx in split:
        if bracket in text:
            found += rx.findall(text)
    return found


def _gloss_rule(char: str, syllable: str, tb: Tables) -> str:
    return "pinyin.gloss" if char in tb.readings.get(syllable, ()) else "pinyin.gloss-offtable"


def _site_spans(view: str, tb: Tables, injected: int) -> list[Span]:
    spans: list[Span] = []
    if ("(" in view or "（" in view) and any(sep in view and rx.search(view) for sep, rx in _LIST_SEPS):
        for m in (m for b, rx in _LIST_PAREN_SPLIT if b in view for m in rx.finditer(view)):
            items = [i.rstrip(":：").strip() for i in _LIST_SEP.split(m.group(1)) if i.strip()]
            if len(items) >= 2 and any(i.endswith(tb.suffixes) for i in items):
                spans.append((m.start(), m.end(), "site.list-paren", "a list of empty site-name fields"))
    if "【" in view:
        for m in _DOMAIN_BRACKET.finditer(view):
            spans.append((m.start(), m.end(), "site.domain-bracket", "a site's domain watermark"))
    spans += watermark_spans(view, tb)
    site = site_scan(tb)
    if site is not None and (len(view) <= _MAX_SITE_HITS or _hit_count(view, tb) <= _MAX_SITE_HITS):
        spans += _site_scan_spans(view, tb, site)
    elif tb.suffix_re.search(view):
        spans += _splices(view, tb)
        spans += _brand_splices(view, tb, _brands(view, tb))
    if injected >= _MIN_INJECTED_PAGE:
        for m in _TAIL.finditer(view):
            start, end = m.span(1)
            line_start = view.rfind("\n", 0, start) + 1
            tail = m.group(1)
            if (
                start - line_start >= _MIN_TAIL_PREFIX
                and tb.clause_chars.isdisjoint(tail)
                and len(set(tail)) == len(tail)  # 呵呵, 八错八错: reduplication is chat
                and _INFORMAL.search(view, line_start, start) is None
            ):
                spans.append((start, end, "injected.tail-keyword", f"{injected} injected glosses on the page"))
    if not spans:
        return spans
    spans.sort()
    out = [spans[0]]
    for span in spans[1:]:
        if span[0] >= out[-1][1]:
            out.append(span)
    return out


def _han_before(view: str, pos: int, limit: int) -> int:
    """How many Han characters (at most ``limit``) end at ``pos``."""
    m = _HAN_END.search(view, max(0, pos - limit), pos)
    return pos - m.start() if m else 0


def _han_after(view: str, pos: int, limit: int) -> int:
    """How many Han characters (at most ``limit``) start at ``pos``."""
    m = _HAN_RUN.match(view, pos, pos + limit)
    return m.end() - pos if m else 0


def _joins_word(left: str, right: str, lengths: Iterable[int], w: frozenset[str]) -> str:
    """The word that the end of ``left`` and the start of ``right`` (simplified) form, or ''.

    A split between two words (移动|时代) does not count: the cut must fall inside a word."""
    for total in lengths:
        for k in range(1, total):
            m = total - k
            if k > len(left) or m > len(right):
                continue
            lw, rw = left[len(left) - k :], right[:m]
            if lw + rw in w and not (lw in w and rw in w):
                return lw + rw
    return ""


def _splices(view: str, tb: Tables) -> list[Span]:
    """Site-name shaped tokens that cut a four-character idiom in two.

    Two-character joins are too weak: on People's Daily 1998-01 with simulated injected
    glosses they rejoined 以及, 国人, 谢谢 ... in 97 of 2939 lines with a site suffix."""
    w = words()
    rights = cut_rights()
    spans = []
    last = 0
    for count, m in enumerate(tb.suffix_re.finditer(view)):
        if count >= _MAX_SITE_HITS:
            break
        a, e = m.start(), m.end()
        if a < last:
            continue
        span = _splice_at(view, a, e, tb, w, rights)
        if span is not None:
            spans.append(span)
            last = e
    return spans


def _splice_at(view: str, a: int, e: int, tb: Tables, w: frozenset[str], rights: frozenset[str]) -> Span | None:
    """The splice span of the suffix hit ``view[a:e]``, or None.

    ``rights`` are the right parts of idioms cut inside a word (:func:`cut_rights`, the keys of
    ``word_cuts``); a left part ``L`` fits ``R`` when ``L + R`` is an idiom and not both are words."""
    m = _HAN_RUN.match(view, e, e + 3)  # (_han_after and _han_before, inlined: a hot path)
    if m is None:
        return None
    t2s = tb.t2s
    right = m.group().translate(t2s)
    heads = [(4 - len(r), r) for r in (right[:1], right[:2], right[:3])[: m.end() - e] if r in rights]
    if not heads or view[e - 1].translate(t2s) + right[0] in w:  # 网络, 网站: part of a word
        return None
    m = _HAN_END.search(view, a - 11 if a > 11 else 0, a)
    n_left = a - m.start() if m else 0
    if n_left < 2:
        return None
    left = view[a - n_left : a].translate(t2s)  # the word's left part plus the token's head
    for plen in range(1, min(8, n_left - 1) + 1):
        cut = n_left - plen  # left[:cut] stays, left[cut:] + suffix is the token
        if left[cut - 1 : cut + 1] in w:  # the token would start inside a word
            continue
        # the idioms are four characters long: only a left part of 4 - len(r) can fit
        for k, r in heads:
            if k <= cut:
                lw = left[cut - k : cut]
                if lw + r in w and not (lw in w and r in w):
                    return (a - plen, e, "site.splice-word", f"taking it out rejoins {lw + r}")
    return None


def _brands(view: str, tb: Tables) -> set[str]:
    """Site names carried by the document's own boilerplate lines (whole tokens)."""
    brands: set[str] = set()
    done = -1
    for hit in tb.suffix_re.finditer(view):
        if hit.start() < done:
            continue
        start = view.rfind("\n", 0, hit.start()) + 1
        end = view.find("\n", hit.end())
        done = end = len(view) if end == -1 else end
        line = view[start:end].strip()
        if len(line) <= _BOILER_MAX_LEN or any(k in line for k in _BOILER_MARKS):
            brands.update(t for t in tb.brand_re.findall(line) if len(t) >= 3)
    return brands


def _hit_count(view: str, tb: Tables) -> int:
    """How many suffix hits ``view`` holds (the suffixes of a site scan cannot overlap);
    first a bound, the count of their first characters (one-character counts are fast)."""
    bound = sum(view.count(c) for c in {s[0] for s in tb.suffixes})
    return bound if bound <= _MAX_SITE_HITS else sum(view.count(s) for s in tb.suffixes)


def _site_scan_spans(view: str, tb: Tables, site: tuple[tuple[str, re.Pattern[str]], ...]) -> list[Span]:
    """``_splices`` plus ``_brand_splices`` in one regex pass per suffix head (``site_scan``):
    the passes yield only the hits either rule can use (in any order: each hit is judged on
    its own, and the spans are sorted later), and the brand tokens are read off the hits
    that end a Han run instead of a ``brand_re`` scan per boilerplate line.

    A brand token is a whole Han run of 1-10 characters plus a suffix (``brand_re``), at
    least 3 long, on a line that is short or carries a boilerplate mark (``_brands``)."""
    spans: list[Span] = []
    brands: set[str] = set()
    want_brands = "\n" in view
    lines: dict[int, bool] = {}  # line start -> is a boilerplate line
    whole: dict[str, int] = {}  # token -> how often it stands as a whole Han run
    w = rights = None
    han_end = _HAN_END.search
    for first, rx in site:
        if first not in view:
            continue
        for m in rx.finditer(view):
            a, e = m.span()
            if m.lastindex is not None:  # a splice candidate
                if w is None:
                    w, rights = words(), cut_rights()
                span = _splice_at(view, a, e, tb, w, rights)
                if span is not None:
                    spans.append(span)
            elif want_brands:  # a suffix that ends a Han run: the end of a brand token?
                token = view[han_end(view, a - 11 if a > 11 else 0, a).start() : e]  # 1-10 + suffix (site_scan)
                whole[token] = whole.get(token, 0) + 1
                if token in brands:
                    continue
                start = view.rfind("\n", 0, a) + 1
                boiler = lines.get(start)
                if boiler is None:
                    end = view.find("\n", e)
                    end = len(view) if end == -1 else end
                    boiler = lines[start] = len(view[start:end].strip()) <= _BOILER_MAX_LEN or (
                        _BOILER_MARK_RE.search(view, start, end) is not None
                    )
                if boiler:
                    brands.add(token)
    if brands:
        spans += _brand_splices(view, tb, brands, whole)
    return spans


def _brand_splices(view: str, tb: Tables, brands: set[str], whole: dict[str, int] | None = None) -> list[Span]:
    """The site's own name (one of ``brands``) spliced between two characters that form a
    word without it.

    ``whole`` may say how often each brand stands as a whole Han run (no Han character on
    either side): a brand found no more often than that is never spliced into a word, and
    one ``str.count`` says so. (The search below finds every such occurrence: one that
    overlapped an earlier match would share a non-Han neighbour with it, and a brand is all
    Han.)"""
    if "\n" not in view:
        return []
    spans = []
    for brand in brands:
        if whole is not None and view.count(brand) <= whole.get(brand, 0):
            continue
        if brand.endswith(tb.common):  # 互联网 in a footer is a word, not the site's name
            continue
        start = view.find(brand)
        seen = 0
        while start != -1 and seen < _MAX_SITE_HITS:
            seen += 1
            end = start + len(brand)
            n_right = _han_after(view, end, 3)
            n_left = _han_before(view, start, 3) if n_right else 0
            joined = ""
            if n_left and n_right:
                w = words()
                left = view[start - n_left : start].translate(tb.t2s)
                right = view[end : end + n_right].translate(tb.t2s)
                head, tail = brand[0].translate(tb.t2s), brand[-1].translate(tb.t2s)
                # the name must stand as a whole: 读者称赞本报|网|络版 is 网络, not a splice
                if left[-1] + head not in w and tail + right[0] not in w:
                    # a two-character join of function words (来|…|看, 以|…|及) is chance
                    pair = tb.clause_chars.isdisjoint(left[-1] + right[0])
                    joined = _joins_word(left, right, (2, 4) if pair else (4,), w)
            if joined:
                note = f"site name from the page's boilerplate; rejoins {joined}"
                spans.append((start, end, "site.brand-splice", note))
            start = view.find(brand, end)
    return spans


def _remove(text: str, spans: list[Span]) -> str:
    out = []
    pos = 0
    for s, e, _, _ in spans:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)


class _Map:
    """Maps offsets in a text with ``spans`` removed back to offsets in the text."""

    __slots__ = ("_view_starts", "_orig_starts")

    def __init__(self, spans: list[Span]) -> None:
        self._view_starts = [0]
        self._orig_starts = [0]
        removed = 0
        for s, e, _, _ in spans:
            removed += e - s
            self._view_starts.append(e - removed)
            self._orig_starts.append(e)

    def pos(self, v: int) -> int:
        i = bisect_right(self._view_starts, v) - 1
        return self._orig_starts[i] + v - self._view_starts[i]

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.pos(s), self.pos(e - 1) + 1 if e > s else self.pos(s)

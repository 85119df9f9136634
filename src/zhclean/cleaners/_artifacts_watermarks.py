"""Site watermarks spliced into a content line: a source clause, a domain, a promotion tail.

Template sites stamp their name or domain into the articles they copy, inside a sentence,
where no line rule can reach it:

- ``site.source-clause``: ``加强组织领导，文章来源于达达文档网，明确工作责任。`` and
  ``…，本文由范文先生网整理，…``: a clause naming the source, with its subject (本文, 文章) or
  its verb (整理, 收集), set between two commas of one sentence;
- ``site.domain-clause``: ``部署，第一范文网www.diyifanwen.com，扎实推进`` and
  ``实施，http://www.gz85.com 加快``: a clause made of a domain (after a site name, or
  alone), between a comma and the rest of the sentence, with no verb pointing at it (访问,
  登录, 网址 …) and not in a list of sites (``人民网，www.people.com.cn，新华网``);
- ``site.promo-tail``: ``…调查研究。更多精彩内容请访问：www.xuexila.com`` at a line's end;
- ``site.name-bracket``: ``认真学习党的二十大精神【学习啦在线学习网】，切实…``: a bracketed site
  name glued to the sentence before a comma (``据【人民网】报道`` stays: a word follows it);
- ``site.domain-paren``: ``全面提升服务水平(www.dadawenku.com)，努力…``: a domain in brackets
  after a word that is not a site's name (``中国政府网(www.gov.cn)`` stays).

A credit standing on its own (``本文来源：新京报``, ``（来源：梨视频）``) is not a splice: the
boilerplate step keeps it (``keep.credit``). Each family is a regex built once per rule set
from the site-name suffixes (``rules/artifacts.tsv``), starting with a literal the regex
engine skips ahead to: a text pays about a dozen such scans (~15 ms per 3 MB).
"""

from __future__ import annotations

import re

from ._artifacts_data import Tables

__all__ = ["watermark_spans"]

# A character of Chinese text, not punctuation (U+3040 on, less the CJK punctuation and
# full-width forms), and the same or an ASCII letter or digit: negated classes of a few small
# ranges, which compile in well under a millisecond, where the Han ranges written out take
# about 5 ms per pattern (the regex compiler visits every code point of a range).
_CJK = r"[^\x00-\u303f\uff00-\uffef]"
_NAME_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\u303f\uff00-\uffef]"
_DOMAIN = (
    r"(?:https?://(?:www\.)?|www\.)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,3}"
    r"\.(?i:com|cn|net|org|cc|top|info|la|me)(?:/[\w./?=&%#-]{0,80})?"
)
# words before a comma that point at the domain after it: the domain is the sentence's object
_POINTED = re.compile(r"(?:访问|登录|登陆|网址|网站|官网|详见|参见|关注|搜索|打开|浏览|链接|地址|如下)[ \t]*[，,]")
# a word before a bracketed domain that names the site it belongs to
_NAMED = re.compile(r"(?:网|網|站|平台|公司|官网|中心)$")
# where a domain starts (two literal-prefixed scans: an alternation has no prefix to skip to)
_WEB = (re.compile(r"https?://"), re.compile(r"www\."))
# a source clause's subjects: each regex starts with one, a literal the regex engine skips
# ahead to, and checks the comma before it with a look-behind (此文, 本篇 are rare: not read)
_SUBJECTS = ("本文", "文章")
_NOTES = {
    "site.source-clause": "a source clause spliced into a sentence",
    "site.domain-clause": "a domain spliced into a sentence",
    "site.promo-tail": "a site's promotion after the last sentence",
    "site.name-bracket": "a bracketed site name spliced into a sentence",
    "site.domain-paren": "a bracketed domain after a word",
}


def _patterns(tb: Tables) -> dict[str, re.Pattern[str]]:
    """The families' regexes for ``tb``'s suffixes. Each starts with a literal (本文, 由, 更多,
    【) so the regex engine skips ahead to candidates at C speed, and checks what stands
    before it with a look-behind after that; the domain families are anchored at each
    ``www.``/``http`` instead."""
    got = tb.lazy.get("watermarks")
    if got is None:
        site = rf"{_NAME_CHAR}{{1,12}}?(?:{tb.suffix_re.pattern})"
        end = rf"(?:[ \t]*{_DOMAIN})?[ \t]*[，,](?={_CJK})"
        edited = rf"[ \t]*{site}[ \t]*(?:整理|收集|搜集|编辑|发布|提供)"
        clause = rf"(?:(?:来源于|来源自|来源|来自|转自|转载自|摘自)[:：]?[ \t]*{site}|由{edited})"
        got = {
            f"source:{subject}": re.compile(rf"{subject}(?<={_CJK}[，,]{subject}){clause}{end}")
            for subject in _SUBJECTS
        }
        got["edited"] = re.compile(rf"由(?<={_CJK}[，,]由){edited}{end}")
        # before a domain: a comma after Han, then a site name or nothing (searched on the few
        # characters before the domain)
        got["clause-head"] = re.compile(rf"{_CJK}[，,][ \t]*(?:{site})?[ \t]*\Z")
        got["clause-tail"] = re.compile(rf"{_DOMAIN}(?:[ \t]*[，,](?={_CJK})|[ \t]+(?={_CJK}))")
        got["paren-head"] = re.compile(rf"{_CJK}[(（][ \t]*\Z")
        got["paren-tail"] = re.compile(rf"{_DOMAIN}[ \t]*[)）](?=[，,。；;、])")
        got["promo"] = re.compile(
            rf"更多(?<=[。！？!?]更多)[^。！？\n]{{0,12}}?"
            rf"(?:请访问|请关注|请登录|尽在|欢迎访问|请到|请进入)[:：]?[ \t]*"
            rf"(?:{site}[ \t]*(?:{_DOMAIN})?|{_DOMAIN})[ \t]*[。!！]?[ \t]*$",
            re.M,
        )
        got["bracket"] = re.compile(rf"【(?<={_CJK}【){site}】(?=[，,。；;、])")
        tb.lazy["watermarks"] = got
    return got


def watermark_spans(view: str, tb: Tables) -> list[tuple[int, int, str, str]]:
    """The watermark spans of ``view`` as ``(start, end, rule id, note)``, possibly overlapping.

    About a dozen literal scans of the text in all (each regex skips ahead to its literal):
    a gate before each would cost as much as the scan it saves."""
    rx = _patterns(tb)
    spans: list[tuple[int, int, str, str]] = []

    def add(s: int, e: int, rule: str) -> None:
        spans.append((s, e, rule, _NOTES[rule]))

    for key in ("source:本文", "source:文章", "edited"):
        for m in rx[key].finditer(view):
            add(m.start(), m.end(), "site.source-clause")
    if "【" in view:
        for m in rx["bracket"].finditer(view):
            add(m.start(), m.end(), "site.name-bracket")
    for m in rx["promo"].finditer(view):
        add(m.start(), m.end(), "site.promo-tail")
    for a in sorted({hit.start() for web_rx in _WEB for hit in web_rx.finditer(view)}):
        if view.startswith("//", a - 2):
            continue  # (the www. of an http:// hit)
        lo = max(0, a - 20)
        h = rx["clause-head"].search(view, lo, a)
        t = rx["clause-tail"].match(view, a) if h is not None else None
        if t is not None:
            s = h.start() + 2  # after the Han character and the comma
            listed = tb.suffix_re.search(view, max(0, s - 3), s - 1) is not None  # 人民网，www.…
            if not listed and _POINTED.search(view, max(0, s - 8), s) is None:
                add(s, t.end(), "site.domain-clause")
            continue
        h = rx["paren-head"].search(view, max(0, a - 6), a)
        t = rx["paren-tail"].match(view, a) if h is not None else None
        if t is not None and _NAMED.search(view, max(0, h.start() - 3), h.start() + 1) is None:
            add(h.start() + 1, t.end(), "site.domain-paren")
    return spans

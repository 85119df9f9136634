"""Lazily loaded tables for the artifacts step (built once per process, never pickled).

The tables live in ``zhclean/rules/`` and are made by ``scripts/build_pinyin_table.py``
from pypinyin (MIT) and OpenCC (Apache-2.0); ``artifacts.tsv`` holds the rule ids, the
site-name suffixes and the teaching words. Everything here is a cached factory: the cleaner
objects themselves hold only configuration, so they pickle.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..errors import RuleFileError
from ..rules import load_rules, read_packaged
from ._charclass import class_body

__all__ = [
    "HAN", "TONE_MARKS", "USER_KINDS", "Tables", "cut_rights", "site_scan", "tables", "word_cuts", "words",
    "word_tables", "seed_word_tables",
]

#: Han characters: CJK Unified Ideographs, extension A, compatibility, and the astral planes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: Vowels (and the syllabic n/m) that carry a pinyin tone mark.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"


@dataclass(frozen=True)
class Tables:
    """The data the artifacts step reads; see the header of each file for its source."""

    rule_notes: dict[str, str]  # rule id -> what it removes
    suffixes: tuple[str, ...]  # site-name suffixes (网, 之家, ...)
    teaching: tuple[str, ...]  # words of pinyin teaching text
    clause_chars: frozenset[str]  # characters that make a tail a clause, not a keyword
    readings: dict[str, frozenset[str]]  # syllable -> traditional-only chars with that reading
    t2s: dict[int, str]  # traditional-only char -> simplified char (a str.translate table)
    gloss_re: re.Pattern[str]  # ( syllable ) after a Han character (groups: bracket, char, syllable, bracket)
    suffix_re: re.Pattern[str]  # any site-name suffix
    brand_re: re.Pattern[str]  # a whole site-name shaped token (not inside a Han run)
    gloss_then_bracket_re: re.Pattern[str]  # a gloss followed by another bracket: 醫(yī)(yī)
    listed_gloss_re: re.Pattern[str]  # a glossed character standing alone in a list: 、醫(yī)、
    # The same three patterns split by their opening bracket, as (bracket, regex) pairs: each
    # then starts with a literal, which the regex engine scans for several times faster than
    # for a character class. Glosses cannot overlap, so the matches of the pair are those of
    # the one pattern (same groups).
    gloss_split: tuple[tuple[str, re.Pattern[str]], ...]
    gloss_then_bracket_split: tuple[tuple[str, re.Pattern[str]], ...]
    listed_gloss_split: tuple[tuple[str, re.Pattern[str]], ...]
    teaching_re: re.Pattern[str]  # any teaching word (one scan instead of a substring test per word)
    common: tuple[str, ...]  # words ending in a site suffix that name a thing, not a site (互联网)
    # the site scan of the splice and brand rules (see site_scan), built on first use
    lazy: dict = field(default_factory=dict, compare=False, repr=False)


def _data_rows(name: str) -> list[list[str]]:
    rows = []
    header_seen = False
    for line in read_packaged(name).split("\n"):
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append(line.split("\t"))
    return rows


#: Row kinds a user's rule file may add (removal rules themselves are code plus an id).
USER_KINDS = ("suffix", "teaching", "clause", "common")


@lru_cache(maxsize=8)
def tables(extra: str | None = None) -> Tables:
    """Load and compile the tables (once per process and rule file).

    ``extra`` is the path of a user's rule file in the format of ``artifacts.tsv`` that adds
    rows of kind ``suffix`` (site-name suffixes) or ``teaching`` (teaching words)."""
    rules = load_rules(packaged="artifacts.tsv", required=("kind", "value", "note"))
    if extra is not None:
        seen = {r["id"] for r in rules}
        for row in load_rules(extra, required=("kind", "value")):
            if row["kind"] not in USER_KINDS:
                raise RuleFileError(extra, row["_line"], f"kind must be one of {', '.join(USER_KINDS)}")
            if row["id"] in seen:
                raise RuleFileError(extra, row["_line"], f"rule id {row['id']!r} is already packaged")
            if not row["value"].strip():
                raise RuleFileError(extra, row["_line"], "empty value")
            rules.append(row)
    rule_notes = {r["id"]: r.get("note", "") for r in rules if r["kind"] == "rule"}
    suffixes = tuple(sorted({r["value"] for r in rules if r["kind"] == "suffix"}, key=len, reverse=True))
    teaching = tuple(r["value"] for r in rules if r["kind"] == "teaching")
    clause_chars = frozenset("".join(r["value"] for r in rules if r["kind"] == "clause"))
    common = tuple(sorted({w for r in rules if r["kind"] == "common" for w in r["value"].split()}))
    readings = {row[0]: frozenset(row[1]) for row in _data_rows("pinyin_readings.tsv")}
    t2s = {ord(row[0]): row[1] for row in _data_rows("pinyin_traditional.tsv")}
    # the bracket comes first so the regex engine skips ahead to brackets; the character
    # before it is captured by a look-behind (group 2), so group 0 is the bracketed syllable
    gloss = rf"([(（])(?<=([{HAN}]).)([a-zü{TONE_MARKS}]{{1,7}})([)）])"
    gloss_re = re.compile(gloss)
    suffix_re = re.compile("|".join(re.escape(s) for s in suffixes))
    brand_re = re.compile(rf"(?<![{HAN}])[{HAN}]{{1,10}}?(?:{suffix_re.pattern})(?![{HAN}])")
    gloss_then_bracket_re = re.compile(gloss + "[(（]")
    sep = r"\s、，,：:；;。"
    listed = rf"([(（])(?<![^{sep}][{HAN}].)(?<=([{HAN}]).)([a-zü{TONE_MARKS}]{{1,7}})([)）])(?=[、，,；; \t\u3000])"
    listed_gloss_re = re.compile(listed)

    def split(pattern: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        assert pattern.startswith("([(（])")
        return tuple((b, re.compile(f"({re.escape(b)})" + pattern[len("([(（])") :])) for b in "(（")

    teaching_re = re.compile("|".join(map(re.escape, teaching)) if teaching else "(?!)")
    return Tables(
        rule_notes, suffixes, teaching, clause_chars, readings, t2s, gloss_re, suffix_re, brand_re,
        gloss_then_bracket_re, listed_gloss_re, split(gloss), split(gloss + "[(（]"), split(listed), teaching_re,
        common,
    )


#: words() and cut_rights(), once built (or handed over by another process: seed_word_tables)
_WORDS: dict[str, frozenset[str]] = {}


def words() -> frozenset[str]:
    """Two-character words and four-character idioms (jieba's dictionary), loaded on first need."""
    got = _WORDS.get("words")
    if got is None:
        raw = resources.files("zhclean.rules").joinpath("artifacts_words.txt.gz").read_bytes()
        text = gzip.decompress(raw).decode("utf-8")
        got = _WORDS["words"] = frozenset(w for w in text.split("\n") if w and not w.startswith("#"))
    return got


def word_tables() -> dict[str, frozenset[str]]:
    """:func:`words` and :func:`cut_rights`: plain sets built from packaged data only, which a
    process may hand to another (:func:`seed_word_tables`) instead of both building them."""
    return {"words": words(), "cut_rights": cut_rights()}


def seed_word_tables(tables: dict[str, frozenset[str]]) -> None:
    """Take the :func:`word_tables` another process of this installation built."""
    for key in ("words", "cut_rights"):
        if key in tables:
            _WORDS.setdefault(key, frozenset(tables[key]))


@lru_cache(maxsize=1)
def word_cuts() -> dict[str, frozenset[str]]:
    """For each right part ``R`` (1-3 characters) of a four-character idiom, the left parts
    ``L`` with ``L + R`` the idiom. A cut between two words (国家|赔偿) is left out: removing a
    token there rejoins nothing that was broken.

    The step itself needs only the keys (:func:`cut_rights`): ``L`` is in ``word_cuts()[R]``
    exactly when ``L + R`` is a four-character word and not both ``L`` and ``R`` are words."""
    w = words()
    cuts: dict[str, set[str]] = {}
    for word in w:
        if len(word) != 4:
            continue
        for k in range(1, len(word)):
            left, right = word[:k], word[k:]
            if left in w and right in w:
                continue
            cuts.setdefault(right, set()).add(left)
    return {r: frozenset(ls) for r, ls in cuts.items()}


def cut_rights() -> frozenset[str]:
    """The keys of :func:`word_cuts`, without its sets of left parts (a fifth of the time to
    build): the right parts ``R`` of four-character idioms cut where a token can fall."""
    got = _WORDS.get("cut_rights")
    if got is not None:
        return got
    w = words()
    four = [word for word in w if len(word) == 4]
    rights: set[str] = set()
    for k in (1, 2, 3):
        rights.update(word[k:] for word in four if not (word[:k] in w and word[k:] in w))
    got = _WORDS["cut_rights"] = frozenset(rights)
    return got


def _overlap_free(suffixes: tuple[str, ...]) -> bool:
    """No two occurrences of the suffixes can overlap in any text: none contains another and
    no proper end of one is a start of one (itself included). Then a regex that scans for the
    suffixes with extra look-around conditions finds exactly the hits of ``suffix_re`` that
    meet the conditions."""
    for a in suffixes:
        for b in suffixes:
            if a != b and a in b:
                return False
            if any(b.startswith(a[i:]) for i in range(1, len(a))):
                return False
    return True


def site_scan(tb: Tables) -> Optional[tuple[tuple[str, re.Pattern[str]], ...]]:
    """Regexes that find the suffix hits the splice and brand rules can use, one per first
    character of the suffixes, as ``(first character, regex)``; or None when the suffixes
    do not allow it (then the step scans every hit, as it always may). One regex per first
    character starts with a literal, which the engine scans for several times faster than for
    the class of all first characters, and a first character the text lacks costs one
    substring test.

    A match with a group set (``m.lastindex``) is a *splice candidate* (``_splices``): a suffix with at least two Han
    characters before it (or Han and a newline: ``_han_before`` counts that newline), a Han
    character after it, and no word formed by the suffix's last character and the next one
    (网站, 网络: part of a word), and that next character can start the right part of an idiom
    (``word_cuts``). A hit with no group set is a *brand end*: a suffix followed by a non-Han
    character, after a run of 1-10 Han characters, 3 or more with the suffix: where a brand
    token (``brand_re``) of 3 or more characters may end. Every other hit is of no
    use to either rule, so the engine skips it without a Python call. Exact only for Han
    suffixes that cannot overlap (see ``_overlap_free``: then at most one suffix matches at a
    position, and the hits of all the regexes are those of one), and only for one-character
    t2s values; the packaged suffixes are such."""
    if "site" in tb.lazy:
        return tb.lazy["site"]
    han = re.compile(f"[{HAN}]+")
    ok = (
        tb.suffixes
        and all(han.fullmatch(s) for s in tb.suffixes)
        and _overlap_free(tb.suffixes)
        and all(len(v) == 1 for v in tb.t2s.values())
    )
    scans = None
    if ok:
        w, t2s = words(), tb.t2s
        trad = {chr(k) for k in t2s}
        candidates = {word[1] for word in w if len(word) == 2} | trad
        by_simple: dict[str, list[str]] = {}  # a candidate's simplified form -> the candidates
        for c in candidates:
            by_simple.setdefault(c.translate(t2s), []).append(c)
        # a splice needs a head: the next 1-3 characters (simplified) a right part of an idiom
        heads = {r[0] for r in cut_rights()}
        head_chars = class_body(sorted(heads | {c for c in trad if c.translate(t2s) in heads}))
        branches: dict[str, list[str]] = {}
        for s in tb.suffixes:  # longest first, as in suffix_re
            last = s[-1].translate(t2s)
            # the characters that make a word with the suffix's last one (网站, 网络)
            joins = sorted(c for simple, cs in by_simple.items() if last + simple in w for c in cs)
            exclude = f"(?![{class_body(joins)}])" if joins else ""
            e = re.escape(s)
            # a brand token: 1-10 Han characters before the suffix (a whole run), 3 or more in all
            before = f"(?<=[{HAN}]{{{max(1, 3 - len(s))}}}{e})(?<![{HAN}]{{11}}{e})"
            branches.setdefault(s[0], []).append(
                f"{e}(?:(?<=[{HAN}][{HAN}\\n]{e}){exclude}(?=([{head_chars}]))|(?![{HAN}]){before})"
            )
        scans = tuple((first, re.compile("|".join(group))) for first, group in branches.items())
    tb.lazy["site"] = scans
    return scans

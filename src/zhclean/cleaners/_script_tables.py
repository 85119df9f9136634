"""Lazily built, per-process tables behind :mod:`zhclean.cleaners.script`.

Nothing here runs at import time. Each factory is cached, so a process builds each OpenCC
converter and each character table once, on first use; the cleaners that use them hold no
reference to them and therefore pickle (OpenCC converter objects cannot be pickled).

The character sets come from the *installed* OpenCC: every Han code point is sent through a
converter once (one call, one character per line, about 30 ms), so the fast path and the
detector agree with the OpenCC version in use. The packaged ``script_chars.tsv`` adds what a
one-character probe cannot see (characters valid in both scripts; characters that change only
inside a phrase), and ``script_regions.tsv`` lists the region evidence.
"""

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass
from functools import cache
from typing import Dict, FrozenSet, Pattern, Tuple

from ..rules import load_rules
from ._charclass import class_body

__all__ = [
    "VARIANTS", "han_chars", "converter", "trigger_re", "convertible_re", "sticky_outputs",
    "evidence", "regions", "Evidence", "Regions", "probed", "seed_probes", "keep_bmp_re",
]

#: The OpenCC configurations ``to_simplified`` accepts, in the order they are documented.
VARIANTS: Tuple[str, ...] = ("t2s", "tw2s", "tw2sp", "hk2s")

# Code point ranges probed: CJK radicals .. CJK unified (incl. ext A and symbols), CJK
# compatibility ideographs, CJK compatibility forms, half/full-width forms, and the
# supplementary ideographic planes (ext B .. ext H, compatibility supplement).
_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x323AF))


def han_chars() -> list[str]:
    """Every code point in the probed ranges, as one-character strings."""
    return [ch for lo, hi in _RANGES for ch in map(chr, range(lo, hi + 1))]


@cache
def converter(variant: str):  # -> opencc.OpenCC
    """The OpenCC converter for ``variant``, built once per process."""
    import opencc

    return opencc.OpenCC(variant)


_PROBED: Dict[str, FrozenSet[str]] = {}


def _probe(config: str) -> FrozenSet[str]:
    """Characters that ``config`` changes when they stand alone (probed once per process)."""
    got = _PROBED.get(config)
    if got is None:
        got = _PROBED[config] = _probe_opencc(config)
    return got


def _probe_opencc(config: str) -> FrozenSet[str]:
    chars = han_chars()
    out = converter(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a converter that joined or split lines: probe one by one
        cv = converter(config)
        return frozenset(c for c in chars if cv.convert(c) != c)
    return frozenset(itertools.compress(chars, map(operator.ne, chars, out)))


def probed(configs: Tuple[str, ...]) -> Dict[str, FrozenSet[str]]:
    """The probe results of ``configs``: plain sets, which another process built from the same
    OpenCC can hand to this one (:func:`seed_probes`) instead of loading the converters."""
    return {config: _probe(config) for config in configs}


def seed_probes(probes: Dict[str, FrozenSet[str]]) -> None:
    """Take probe results that another process of this installation computed (``probed``)."""
    for config, chars in probes.items():
        _PROBED.setdefault(config, frozenset(chars))


@cache
def _char_rows() -> Dict[str, str]:
    return {row["id"]: row["chars"] for row in load_rules(packaged="script_chars.tsv", required=("chars",))}


# One range standing for every supplementary-plane ideograph: a character class that lists
# supplementary code points one by one makes ``re`` fall back to a slow linear scan, so the
# trigger class over-approximates them (a rare ideograph costs one OpenCC call, never a
# wrong result) and the evidence classes leave them out.
_SUPPLEMENTARY = "\U00020000-\U000323af"


def _char_class(chars: FrozenSet[str] | set[str], *, supplementary: bool = False) -> str:
    """A fast regex character class for the BMP members of ``chars`` (ranges merged), plus
    the whole supplementary ideograph range when ``supplementary`` is true."""
    body = class_body(c for c in chars if ord(c) <= 0xFFFF) + (_SUPPLEMENTARY if supplementary else "")
    return "[" + body + "]" if body else "(?!)"


@cache
def trigger_re(variant: str) -> Pattern[str]:
    """Matches any character that can make ``variant`` change a text.

    Text with no match is returned by OpenCC unchanged, so the caller may skip OpenCC.
    """
    chars = set(_probe(variant)) | set(_char_rows().get(f"trigger.{variant}", ""))
    return re.compile(_char_class(chars, supplementary=any(ord(c) > 0xFFFF for c in chars)))


@cache
def keep_simplified_chars() -> FrozenSet[str]:
    """The keep.simplified characters: valid simplified, kept in a line already simplified
    although t2s changes them alone (the 乾 of 萧乾, the 塚 of 三塚博)."""
    return frozenset(_char_rows().get("keep.simplified", ""))


@cache
def keep_bmp_re() -> Pattern[str]:
    """One keep.bmp character: a Basic Multilingual Plane character that a converter maps,
    alone, to a supplementary-plane one (暐 -> 𬀩); ``auto`` keeps it."""
    return re.compile(_char_class(frozenset(_char_rows().get("keep.bmp", ""))))


@cache
def keep_simplified_re() -> Pattern[str]:
    """One character of :func:`keep_simplified_chars`."""
    chars = "".join(sorted(keep_simplified_chars()))
    return re.compile("[" + re.escape(chars) + "]" if chars else "(?!)")


@cache
def convertible_re() -> Pattern[str]:
    """Matches any character t2s changes when it stands alone (traditional-only characters
    and ones valid in both scripts, such as 於 and 乾, that t2s still converts by default)."""
    chars = _probe("t2s")
    return re.compile(_char_class(chars, supplementary=any(ord(c) > 0xFFFF for c in chars)))


@cache
def sticky_outputs() -> Tuple[str, ...]:
    """OpenCC outputs that a second t2s pass would change again (see script_chars.tsv)."""
    return tuple(_char_rows().get("sticky.outputs", "").split())


@dataclass(frozen=True)
class Evidence:
    """Compiled script evidence: traditional-only and simplified-only characters."""

    traditional: Pattern[str]
    simplified: Pattern[str]
    n_traditional: int
    n_simplified: int


@cache
def evidence() -> Evidence:
    """Characters that only traditional (t2s changes them, and no simplified text keeps them)
    or only simplified text uses (s2t changes them, and no traditional standard keeps them)."""
    rows = _char_rows()
    trad, simp = set(_probe("t2s")), set(_probe("s2t"))
    compat = {c for c in trad | simp if 0xF900 <= ord(c) <= 0xFAFF or 0x2F800 <= ord(c) <= 0x2FA1F}
    t_only = trad - simp - compat - set(rows.get("ambiguous.traditional", ""))
    s_only = simp - trad - compat - set(rows.get("ambiguous.simplified", ""))
    return Evidence(re.compile(_char_class(t_only)), re.compile(_char_class(s_only)), len(t_only), len(s_only))


@dataclass(frozen=True)
class Regions:
    """Region evidence: one regex over every form, and each form's region and rule id."""

    pattern: Pattern[str]
    region: Dict[str, str]
    rule: Dict[str, str]


@cache
def regions() -> Regions:
    """The packaged Taiwan / Hong Kong evidence, longest forms first, plus the phrase-quirk
    characters of t2s (region ``"quirk"``), so one regex pass finds both."""
    region: dict[str, str] = {}
    rule: dict[str, str] = {}
    for row in load_rules(packaged="script_regions.tsv", required=("region", "form")):
        form = row["form"]
        if form and form not in region:
            region[form], rule[form] = row["region"], row["id"]
    for ch in _char_rows().get("trigger.t2s", ""):
        region.setdefault(ch, "quirk")
        rule.setdefault(ch, "trigger.t2s")
    # literal branches only: ``re`` then pre-checks the first character of all branches at
    # once (300+ MB/s); one character-class branch among them would disable that (20 MB/s)
    forms = sorted(region, key=lambda f: (-len(f), f))
    pattern = re.compile("|".join(re.escape(f) for f in forms) if forms else "(?!)")
    return Regions(pattern, region, rule)

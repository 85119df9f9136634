"""Traditional to simplified Chinese with OpenCC, converting only where the text is traditional.

Why a wrapper around OpenCC at all:

- OpenCC must be told the region. ``t2s`` leaves Taiwan's 著, 軟體 and 滑鼠 alone, where
  ``tw2sp`` gives 着, 软件 and 鼠标; but ``tw2sp`` also rewrites mainland phrasing, so it must
  never run on text that is already simplified.
- Corpora mix simplified pages with traditional ones (Hong Kong and Taiwan sites, mainland
  sites serving a "traditional version"), and nobody detects the script first.
- OpenCC converter objects cannot be pickled, which breaks multiprocessing; here they are
  built lazily, once per process, and the cleaner holds only its options.
- Most text is simplified already: a cheap character check skips OpenCC for it.

``variant="auto"`` (the default) converts only lines that hold traditional characters,
uses a regional converter only for lines that are traditional throughout and only when the
text shows that region's vocabulary or character forms (``rules/script_regions.tsv``), and
otherwise uses ``t2s``. It never changes text that has no traditional-only character, so on
simplified text it does at most what ``t2s`` does (see docs/simplified.md for the one OpenCC
quirk where it deliberately does less).
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, ClassVar, Dict, List, Match, Optional, Pattern, Tuple

from .._core import Change, Cleaner, StepResult, require_text
from ._script_tables import (
    VARIANTS,
    converter,
    convertible_re,
    evidence,
    keep_bmp_re,
    keep_simplified_chars,
    keep_simplified_re,
    regions,
    sticky_outputs,
    trigger_re,
)

__all__ = ["to_simplified", "detect_script", "ScriptReport", "Simplifier", "VARIANTS"]

#: A text is *traditional* when at least this share of its script evidence is traditional,
#: *simplified* when at most ``SIMPLIFIED_AT_MOST`` is, and *mixed* in between.
TRADITIONAL_AT_LEAST = 0.9
SIMPLIFIED_AT_MOST = 0.1

_REGION_VARIANT = {"tw": "tw2sp", "hk": "hk2s"}


@dataclass(frozen=True)
class ScriptReport:
    """What :func:`detect_script` found.

    ``label`` is ``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"none"`` (no character
    that tells the scripts apart: no Han at all, or only characters both scripts share).
    ``ratio`` is the share of traditional evidence, ``traditional / (traditional +
    simplified)`` (0.0 for ``"none"``), and the two counts are the evidence behind it.
    """

    label: str
    ratio: float
    traditional: int
    simplified: int

    def as_dict(self) -> Dict[str, Any]:
        """A JSON-ready dict."""
        return {"script": self.label, "ratio": self.ratio, "traditional": self.traditional,
                "simplified": self.simplified}


def _label(trad: int, simp: int) -> ScriptReport:
    total = trad + simp
    if not total:
        return ScriptReport("none", 0.0, 0, 0)
    ratio = trad / total
    if ratio >= TRADITIONAL_AT_LEAST:
        label = "traditional"
    elif ratio <= SIMPLIFIED_AT_MOST:
        label = "simplified"
    else:
        label = "mixed"
    return ScriptReport(label, round(ratio, 4), trad, simp)


def detect_script(text: str) -> ScriptReport:
    """Say whether ``text`` is simplified, traditional, mixed or neither, and why.

    Evidence is counted per character: a *traditional* character is one OpenCC's t2s changes
    and simplified text never keeps (們, 說, 體); a *simplified* one is one s2t changes and no
    traditional standard keeps (们, 说, 体). Characters both scripts use (中, 国 is not one:
    國 is) count for neither, nor do ones valid in both (后, 里, 台, 乾, 於).

    >>> detect_script("我们说中文。")
    ScriptReport(label='simplified', ratio=0.0, traditional=0, simplified=2)
    >>> detect_script("我們說中文。").label
    'traditional'
    >>> detect_script("我們说中文。").label
    'mixed'
    >>> detect_script("Hello, 中文").label
    'none'
    """
    require_text(text, "detect_script")
    ev = evidence()
    return _label(len(ev.traditional.findall(text)), len(ev.simplified.findall(text)))


def _check_variant(variant: object, where: str) -> str:
    if variant == "auto" or variant in VARIANTS:
        return variant  # type: ignore[return-value]
    raise ValueError(f"{where}: unknown variant {variant!r}; use 'auto' or one of {', '.join(VARIANTS)}")


def to_simplified(text: str, *, variant: str = "auto") -> str:
    """Convert traditional Chinese in ``text`` to simplified with OpenCC.

    ``variant`` names the OpenCC configuration: ``"t2s"`` (OpenCC standard traditional),
    ``"tw2s"`` (Taiwan characters), ``"tw2sp"`` (Taiwan characters and vocabulary, 軟體 ->
    软件), ``"hk2s"`` (Hong Kong characters). A given variant gives exactly OpenCC's output.
    ``"auto"`` converts only lines with traditional characters, picks ``tw2sp`` or ``hk2s``
    for fully traditional lines only on regional evidence, and ``t2s`` otherwise; text
    without traditional characters comes back unchanged, without calling OpenCC. It never
    turns a character into one beyond the Basic Multilingual Plane (暐 stays, not 𬀩).

    >>> to_simplified("醫學全在線")
    '医学全在线'
    >>> to_simplified("這個軟體要用滑鼠操作")
    '这个软件要用鼠标操作'
    >>> to_simplified("這個軟體", variant="t2s")
    '这个软体'
    >>> to_simplified("滑鼠是台湾的说法")  # simplified already: untouched
    '滑鼠是台湾的说法'
    """
    require_text(text, "to_simplified")
    _check_variant(variant, "to_simplified")
    if variant != "auto":
        return _exact(text, variant)
    return _auto(text)[0]


def _exact(text: str, variant: str) -> str:
    return _convert_lines(text, variant)


#: A text with more lines than this holding a trigger character goes to OpenCC whole.
_SPARSE_LINES = 16


def _convert_lines(text: str, variant: str, first: Optional[Match[str]] = None) -> str:
    """``converter(variant).convert(text)``, sending OpenCC only the lines that hold a
    character that can make ``variant`` change a text (``trigger_re``) when there are few.

    Exact: OpenCC's dictionaries hold no newline, so its conversion of a text is the
    conversion of each line, and a line without a trigger character comes back unchanged.
    A mostly simplified page with a traditional name or two then costs a few short calls
    instead of a pass over the whole page. ``first`` is the first trigger match, when the
    caller has searched already."""
    trigger = trigger_re(variant)
    m = trigger.search(text) if first is None else first
    if m is None:
        return text
    spans: List[Tuple[int, int]] = []
    n = len(text)
    covered = 0
    while m is not None:
        if len(spans) == _SPARSE_LINES or (len(spans) >= 3 and 2 * covered > spans[-1][1]):
            return converter(variant).convert(text)  # traditional text: every line changes
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            spans.append((start, n))
            break
        spans.append((start, end))
        covered += end - start
        m = trigger.search(text, end + 1)
    if len(spans) == 1 and spans[0] == (0, n):
        return converter(variant).convert(text)
    lines = converter(variant).convert("\n".join([text[a:b] for a, b in spans])).split("\n")
    if len(lines) != len(spans):  # never seen: OpenCC keeps newlines
        return converter(variant).convert(text)
    pieces: List[str] = []
    prev = 0
    for (a, b), line in zip(spans, lines):
        pieces.append(text[prev:a])
        pieces.append(line)
        prev = b
    pieces.append(text[prev:])
    return "".join(pieces)


# A block is (start offset, input text, output text, variant) for one run of converted lines.
_Block = Tuple[int, str, str, str]


def _region(text: str) -> Tuple[Optional[str], List[str], List[int]]:
    """The region whose evidence dominates ``text`` (more than twice the other's), if any,
    the rule ids of that evidence (at most 20), and the offsets of t2s phrase-quirk
    characters (打坏 -> 打坯): one regex pass finds all three."""
    reg = regions()
    hits: Dict[str, int] = {"tw": 0, "hk": 0}
    found: Dict[str, int] = {}
    quirks: List[int] = []
    for m in reg.pattern.finditer(text):  # one pass; cheaper than findall plus a second scan
        form = m.group()
        where = reg.region[form]
        if where == "quirk":
            quirks.append(m.start())
        else:
            hits[where] = hits.get(where, 0) + 1
            found[form] = 1
    for region, other in (("tw", "hk"), ("hk", "tw")):
        if hits[region] and hits[region] >= 2 * hits[other] + 1:
            ids = sorted({reg.rule[f] for f in found if reg.region[f] == region})
            return region, ids[:20], quirks
    return None, [], quirks


def _convert(block: str, variant: str, first: Optional[Match[str]] = None) -> str:
    out = _convert_lines(block, variant, first)
    # OpenCC is not idempotent on a couple of phrase outputs (不可貲計 -> 不可赀計, whose 計 a
    # second pass changes); one more t2s pass over those keeps the step idempotent.
    for sticky in sticky_outputs():
        if sticky in out:
            out = converter("t2s").convert(out)
            break
    return _keep_bmp(block, out)


def _keep_bmp(before: str, after: str) -> str:
    """``after`` with the keep.bmp characters of ``before`` put back where the converter
    made them supplementary-plane characters (黄琨暐 stays, not 黄琨𬀩): simplified pages
    write the common form, and GBK, most fonts and tokenizers lack the other. A
    length-changing conversion is left as it is."""
    if after is before or len(before) != len(after):
        return after
    back = [m for m in keep_bmp_re().finditer(before) if ord(after[m.start()]) > 0xFFFF]
    if not back:
        return after
    chars = list(after)
    for m in back:
        chars[m.start()] = m.group()
    return "".join(chars)


def _line_of(text: str, pos: int) -> Tuple[int, int]:
    """``(start, end)`` of the line holding offset ``pos`` (end excludes the newline)."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, (len(text) if end < 0 else end)


def _special_lines(text: str, pattern: Pattern[str]) -> List[Tuple[int, int]]:
    """``(start, end)`` of every line holding a match of ``pattern``, in order; one regex
    search per such line."""
    spans: List[Tuple[int, int]] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        spans.append(_line_of(text, m.start()))
        pos = spans[-1][1] + 1


def _lines_at(text: str, offsets: List[int]) -> List[Tuple[int, int]]:
    """``(start, end)`` of the lines holding the (sorted) ``offsets``, each line once."""
    spans: List[Tuple[int, int]] = []
    for pos in offsets:
        if not spans or pos > spans[-1][1]:
            spans.append(_line_of(text, pos))
    return spans


# the exception "t2s, keeping the keep.simplified characters" of a simplified line
_T2S_KEEP = "t2s+keep"


def _has_kept(text: str) -> bool:
    """Whether ``text`` holds a keep.simplified character: one substring test per character
    (a handful), several times faster than a character-class scan of the whole text."""
    return any(c in text for c in keep_simplified_chars())


def _restore_kept(before: str, after: str) -> str:
    """``after`` with the keep.simplified characters of ``before`` put back (a length-changing
    conversion, never seen on such lines, is left as it is)."""
    if len(before) != len(after):
        return after
    if not _has_kept(before):
        return after
    chars = list(after)
    for m in keep_simplified_re().finditer(before):
        chars[m.start()] = m.group()
    return "".join(chars)


def _auto(text: str) -> Tuple[str, List[_Block], Optional[str], List[str]]:
    """Convert ``text`` the ``auto`` way; also return the converted blocks, the regional
    variant chosen (or None) and the region evidence ids.

    Cheapest check first, one regex search: no character t2s changes on its own ->
    unchanged (only phrase quirks such as 打坏 could change, and no text is converted for
    those alone). Then one regex pass for region evidence and quirk characters. The chosen
    converter (regional, or t2s) runs over the text in one call (over its few lines that can
    change when there are few, see ``_convert_lines``), except on *special* lines, looked at one by
    one: with a region, lines holding a simplified-only character (they get t2s when they
    hold traditional characters too, and are left alone otherwise); without one, lines
    holding a quirk character, a simplified-only character and no character t2s changes
    (left alone: 打坏 stays, while a 深沈 line in traditional text becomes 深沉).
    """
    convertible = convertible_re()
    if not convertible.search(text):  # (what t2s converts alone is a subset of its triggers)
        return text, [], None, []
    ev = evidence()
    region, ids, quirks = _region(text)
    default = _REGION_VARIANT[region] if region else "t2s"
    if region:
        special = _special_lines(text, ev.simplified)
    else:
        special = _lines_at(text, quirks)
        if _has_kept(text):
            special = sorted(set(special) | set(_special_lines(text, keep_simplified_re())))
    # lines that must not get the default converter, with what they get instead (None: kept)
    exceptions: List[Tuple[int, int, Optional[str]]] = []
    for start, end in special:
        line = text[start:end]
        if not convertible.search(line):
            if region or ev.simplified.search(line):  # a simplified line: keep it as it is
                exceptions.append((start, end, None))
        elif not region:
            if ev.simplified.search(line) and not any(
                m.group() not in keep_simplified_chars() for m in ev.traditional.finditer(line)
            ):
                # a simplified line: t2s, but its 乾 of a name (萧乾, 三塚博) stays
                # (keep.simplified; 塚 and 榘 count as traditional evidence elsewhere)
                exceptions.append((start, end, _T2S_KEEP))
        elif region:
            t = len(ev.traditional.findall(line))
            if not t or t < TRADITIONAL_AT_LEAST * (t + len(ev.simplified.findall(line))):
                exceptions.append((start, end, "t2s"))
    if not exceptions:
        out = _convert(text, default)
        if out == text:
            return text, [], None, ids
        return out, [(0, text, out, default)], (default if region else None), ids
    pieces: List[str] = []
    blocks: List[_Block] = []
    used_regional = False

    def emit(start: int, chunk: str, variant: Optional[str]) -> None:
        nonlocal used_regional
        keep = variant == _T2S_KEEP
        if keep:
            variant = "t2s"
        first = None if variant is None else trigger_re(variant).search(chunk)
        if first is None:
            pieces.append(chunk)
            return
        out = _convert(chunk, variant, first)
        if keep:
            out = _restore_kept(chunk, out)
        pieces.append(out)
        if out != chunk:
            blocks.append((start, chunk, out, variant))
            used_regional = used_regional or (variant == default and region is not None)

    prev = 0
    for start, end, variant in exceptions:
        if start > prev:
            emit(prev, text[prev:start], default)
        emit(start, text[start:end], variant)
        prev = end
    if prev < len(text):
        emit(prev, text[prev:], default)
    return "".join(pieces), blocks, (default if used_regional else None), ids


def _changed_runs(b: str, a: str) -> List[Tuple[int, int]]:
    """``(start, end)`` of each run of positions where two strings of one length differ (the
    differing positions are found at C speed; only they are looped over)."""
    runs: List[Tuple[int, int]] = []
    for i in itertools.compress(range(len(b)), map(operator.ne, b, a)):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _changes(step: str, blocks: List[_Block]) -> List[Change]:
    """One Change per run of changed characters, with offsets into the step's input."""
    changes: List[Change] = []
    for start, before, after, variant in blocks:
        rule = f"opencc.{variant}"
        b_lines, a_lines = before.split("\n"), after.split("\n")
        if len(b_lines) != len(a_lines):  # never seen: OpenCC keeps newlines; fall back to one span
            b_lines, a_lines = [before], [after]
        pos = start
        for b, a in zip(b_lines, a_lines):
            if b != a:
                if len(b) == len(a):
                    for k, m in _changed_runs(b, a):
                        changes.append(Change(step, rule, b[k:m], a[k:m], start=pos + k, end=pos + m))
                else:
                    ops = SequenceMatcher(None, b, a, autojunk=False).get_opcodes()
                    for tag, i1, i2, j1, j2 in ops:
                        if tag != "equal":
                            changes.append(Change(step, rule, b[i1:i2], a[j1:j2], start=pos + i1, end=pos + i2))
            pos += len(b) + 1
    return changes


@dataclass(frozen=True)
class Simplifier(Cleaner):
    """Convert traditional Chinese to simplified (OpenCC), only where the text is traditional.

    Holds only its options, so it pickles before and after use; the OpenCC converters live
    in a per-process cache. ``explain`` names each changed span with the rule
    ``opencc.<variant>`` and reports the detected script, its ratio, the variant chosen and
    how many characters changed as signals.

    >>> s = Simplifier()
    >>> s("我們的軟體")
    '我们的软件'
    >>> r = s.explain("我們的軟體")
    >>> [(c.rule, c.before, c.after, c.start) for c in r.changes]
    [('opencc.tw2sp', '們', '们', 1), ('opencc.tw2sp', '軟體', '软件', 3)]
    >>> r.signals["script"], r.signals["variant"], r.signals["changed_chars"]
    ('traditional', 'tw2sp', 3)
    """

    name: ClassVar[str] = "simplified"
    summary: ClassVar[str] = "convert traditional Chinese to simplified (OpenCC), only where the text is traditional"

    variant: str = "auto"

    def __post_init__(self) -> None:
        _check_variant(self.variant, "Simplifier")

    def __call__(self, text: str) -> str:
        return to_simplified(text, variant=self.variant)

    def explain(self, text: str) -> StepResult:
        require_text(text, "Simplifier.explain")
        report = detect_script(text)
        if self.variant == "auto":
            out, blocks, regional, ids = _auto(text)
        else:
            out = _exact(text, self.variant)
            blocks = [(0, text, out, self.variant)] if out != text else []
            regional, ids = None, []
        changes = _changes(self.name, blocks)
        used = sorted({b[3] for b in blocks})
        signals: Dict[str, Any] = {"script": report.label, "ratio": report.ratio}
        if blocks:
            signals["variant"] = regional or (self.variant if self.variant != "auto" else "t2s")
            signals["variants_used"] = used
            signals["changed_chars"] = sum(len(c.before) for c in changes)
            if ids:
                signals["region_evidence"] = ids
        return StepResult(out, tuple(changes), signals)

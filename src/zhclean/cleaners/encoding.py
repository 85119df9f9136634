"""Bytes to text, and repair of the mojibake ftfy cannot fix (GBK/Big5/UTF-8 confusions).

Scraped Chinese text arrives as GB18030, GBK, Big5 or UTF-8 and is often decoded wrongly
once or twice before it reaches a corpus. :func:`decode_bytes` decodes bytes the right way
in the first place; :func:`repair_mojibake` undoes the damage when only the garbled text is
left. Both decide with a character-frequency model of Chinese (``rules/charfreq.txt.gz``,
built by ``scripts/build_charfreq.py`` from jieba's MIT-licensed dictionary), and a repair is
applied only when its result is clearly more plausible Chinese than its input.

See docs/encoding.md for the families, what can and cannot be recovered, and why ftfy is
run with a CJK-safe configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .._core import Change, Cleaner, StepResult, require_text
from ._encoding_decode import AlreadyTextError, Decoded, decode_bytes, normalize_charset
from ._encoding_repair import Fix, find_unrecoverable, repair_text

__all__ = [
    "Decoded",
    "decode_bytes",
    "repair_mojibake",
    "mojibake_score",
    "find_unrecoverable",
    "MojibakeRepairer",
    "AlreadyTextError",
    "normalize_charset",
]


def repair_mojibake(text: str, *, remove_unrecoverable: bool = False) -> str:
    """Repair Latin and CJK mojibake; leave clean text exactly as it is.

    Families: UTF-8 read as GBK/GB18030/Big5, GBK read as Latin-1/cp1252 (and cp1250,
    iso-8859-16, MacRoman, cp1254, iso-8859-5), GBK read as Big5 and back, UTF-8 read as
    Latin-1 (through ftfy, CJK-safe), double encodings, GBK bytes read one byte off. Lost bytes
    (U+FFFD holes, a truncated last character) are guessed with the frequency model.
    锟斤拷/烫烫烫/屯屯屯 runs cannot be recovered; they are removed only with
    ``remove_unrecoverable=True`` (the ``explain`` of :class:`MojibakeRepairer` reports them).

    Text that quotes mojibake on purpose (an article about 锟斤拷) will be repaired too where
    the quote is repairable: a known risk of any automatic repair.

    >>> repair_mojibake("涓\ue15f枃缃戠珯")  # UTF-8 read as GBK
    '中文网站'
    >>> repair_mojibake("ÖÐÎÄÍøÕ¾")
    '中文网站'
    >>> repair_mojibake("清洁的中文，不会改变。")
    '清洁的中文，不会改变。'
    """
    require_text(text, "repair_mojibake")
    return repair_text(text, remove_unrecoverable=remove_unrecoverable)[0]


def mojibake_score(text: str) -> float:
    """Share of suspicious characters among the non-ASCII characters of ``text`` (0.0-1.0).

    Suspicious means outside the common Han characters and punctuation: mojibake scores
    near 1, clean Chinese near 0. A pipeline can drop documents that stay high after repair.

    >>> mojibake_score("中文网站")
    0.0
    >>> mojibake_score("ÖÐÎÄÍøÕ¾")
    1.0
    """
    require_text(text, "mojibake_score")
    from ._encoding_model import model

    non_ascii = len(text) - len(text.encode("ascii", "ignore")) if not text.isascii() else 0
    if not non_ascii:
        return 0.0
    bad = len(model().suspect_re.findall(text))
    return round(bad / non_ascii, 4)


@dataclass(frozen=True)
class MojibakeRepairer(Cleaner):
    """Repairs Latin and CJK mojibake (see :func:`repair_mojibake`).

    ``remove_unrecoverable`` drops 锟斤拷/烫烫烫/屯屯屯 runs; by default they are only
    reported (signal ``unrecoverable``). Signals: ``mojibake_score`` of the input and of the
    output, the repaired families, and the unrecoverable runs.

    >>> r = MojibakeRepairer()
    >>> r("涓\ue15f枃缃戠珯")
    '中文网站'
    >>> [c.rule for c in r.explain("涓\ue15f枃缃戠珯").changes]
    ['utf8-as-gbk']
    """

    name: ClassVar[str] = "mojibake"
    summary: ClassVar[str] = "repair mojibake: Latin (via ftfy, CJK-safe) and GBK/Big5/UTF-8 confusions"

    remove_unrecoverable: bool = False

    def __call__(self, text: str) -> str:
        require_text(text, "mojibake")
        return repair_text(text, remove_unrecoverable=self.remove_unrecoverable)[0]

    def explain(self, text: str) -> StepResult:
        require_text(text, "mojibake")
        out, fixes = repair_text(text, remove_unrecoverable=self.remove_unrecoverable)
        changes = tuple(_change(text, f) for f in fixes)
        signals: dict[str, Any] = {}
        before = mojibake_score(text)
        if before:
            signals["mojibake_score"] = before
            signals["mojibake_score_after"] = mojibake_score(out) if out != text else before
        junk = find_unrecoverable(out)
        if junk:
            signals["unrecoverable"] = [
                {"start": u.start, "end": u.end, "family": u.family, "text": u.text} for u in junk
            ]
        if fixes:
            signals["families"] = sorted({f.family for f in fixes})
        return StepResult(out, changes, signals)


def _change(text: str, f: Fix) -> Change:
    note = f.note
    return Change(
        step="mojibake",
        rule=f.family,
        before=text[f.start : f.end],
        after=f.after,
        start=f.start,
        end=f.end,
        note=note,
    )

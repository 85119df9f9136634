"""Enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form.

Scraped Chinese documents number their lists with a zoo of single code points: circled
①②③, parenthesized ⑴⑵, full-stop ⒈⒉, ideographic ㈠㈡, Roman Ⅰ Ⅳ, plus markers typed
with full-width digits (（１） １．). Search and tokenizers see these as rare symbols, and
the usual fix, NFKC, destroys them: ①②⑩ becomes "1210" and ① becomes a bare "1" glued to
the text. This step writes every one as a marker that still reads as a marker, in one style:

========================  =================  ===============
input                     style="chinese"    style="ascii"
========================  =================  ===============
① ⑴ ❶ ⓵ （１）          （1）              (1)
⒜ Ⓐ （ａ）               （a） （A）        (a) (A)
㈠ ㊀                     （一）             (一)
（1） （一）               unchanged          (1) (一)
⒈ １．                   1.                 1.
１、                      1、                1、
Ⅳ ⅳ                     IV iv              IV iv
========================  =================  ===============

``"chinese"`` (the default) uses the full-width brackets of GB/T 9704, so no Chinese
punctuation is narrowed; ``"ascii"`` uses ASCII brackets. A space is put in only where two
values would otherwise merge (``3⒈`` -> ``3 1.``, ``ⅠⅡ`` -> ``I II``); Roman numeral
characters that spell one number stay together (``路易ⅩⅣ`` -> ``路易XIV``). The tables are data
(``zhclean/rules/numbering*.tsv``); docs/width.md lists every character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from .._core import Change, Cleaner, StepResult, require_text, rule_counts
from ._width_numbering import numbering_tables

__all__ = ["normalize_numbering", "NumberingNormalizer"]


def _check_style(style: str, rules: Optional[str] = None) -> None:
    styles = numbering_tables(rules).styles
    if style not in styles:
        raise ValueError(f"style must be one of {', '.join(map(repr, sorted(styles)))}, got {style!r}")


def normalize_numbering(text: str, *, style: str = "chinese") -> str:
    """Rewrite enumerated characters and full-width list markers as one consistent marker form.

    >>> normalize_numbering("①加强领导②落实责任")
    '（1）加强领导（2）落实责任'
    >>> normalize_numbering("①②⑩")
    '（1）（2）（10）'
    >>> normalize_numbering("第Ⅳ部分，⑴总则，㈠要求")
    '第IV部分，（1）总则，（一）要求'
    >>> normalize_numbering("⒈概述 １．范围 （１）目的", style="ascii")
    '1.概述 1.范围 (1)目的'
    >>> normalize_numbering("（一）总体要求")
    '（一）总体要求'
    """
    require_text(text, "normalize_numbering")
    _check_style(style)
    return numbering_tables().apply(text, style, None, NumberingNormalizer.name)


@dataclass(frozen=True)
class NumberingNormalizer(Cleaner):
    """Enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form.

    ``style``: ``"chinese"`` (default) or ``"ascii"``, see :func:`normalize_numbering`.
    ``rules``: path of a file in the format of ``zhclean/rules/numbering.tsv`` to use in
    place of the packaged character table.

    >>> NumberingNormalizer()("⑴加强⑵落实")
    '（1）加强（2）落实'
    >>> NumberingNormalizer().explain("ⅠⅡ").signals
    {'rule_counts': {'numbering.roman-upper': 2}}
    """

    name: ClassVar[str] = "numbering"
    summary: ClassVar[str] = "enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form"

    style: str = "chinese"
    rules: Optional[str] = None

    def __post_init__(self) -> None:
        _check_style(self.style, self.rules)

    def __call__(self, text: str) -> str:
        require_text(text, "NumberingNormalizer")
        return numbering_tables(self.rules).apply(text, self.style, None, self.name)

    def explain(self, text: str) -> StepResult:
        require_text(text, "NumberingNormalizer.explain")
        changes: list[Change] = []
        out = numbering_tables(self.rules).apply(text, self.style, changes, self.name)
        signals: dict[str, Any] = {"rule_counts": rule_counts(changes)} if changes else {}
        return StepResult(out, tuple(changes), signals)

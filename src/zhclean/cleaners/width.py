"""Full-width digits and letters to ASCII, keeping CJK punctuation full-width.

Scraped Chinese pages mix full-width digits and letters (２０２１年, Ｗｉｎｄｏｗｓ) into
text that search, dedup and tokenizers then treat as different strings. The usual fixes do
damage: NFKC and ftfy's width fix also turn ，：（） into ASCII, and NFKC flattens ①②⑩ into
"1210". This step narrows only the full-width *ASCII* forms, keeps Chinese punctuation and the
U+3000 paragraph indent, and (by default) widens half-width ``, : ; ! ? ( )`` typed between
Han characters, the commonest punctuation error in scraped Chinese text.

The mapping is data: ``zhclean/rules/width.tsv`` (one row per kind of change, with the
context it applies in); docs/width.md lists every character, generated from that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from .._core import Change, Cleaner, StepResult, require_text, rule_counts
from ._width_tables import PUNCTUATION_MODES, width_tables

__all__ = ["normalize_width", "WidthNormalizer", "PUNCTUATION_MODES"]


def _check_mode(punctuation: str) -> None:
    if punctuation not in PUNCTUATION_MODES:
        raise ValueError(
            f"punctuation must be one of {', '.join(map(repr, PUNCTUATION_MODES))}, got {punctuation!r}"
        )


def normalize_width(text: str, *, punctuation: str = "between-han") -> str:
    """Narrow full-width ASCII forms to ASCII, keeping Chinese punctuation full-width.

    - full-width digits, letters and symbols become ASCII (``１２３`` -> ``123``);
    - ，：．～ are narrowed only inside numbers and words (``１，２００`` -> ``1,200``,
      ``１２：３０`` -> ``12:30``, ``ｈｔｔｐ：／／`` -> ``http://``); elsewhere they, and
      ！（）；？, stay full-width;
    - U+3000 stays, except that a run of it between Latin letters or digits becomes a space;
    - ``punctuation="between-han"`` (the default) also widens a half-width ``, : ; ! ?``
      between Han characters (or after Han at a line end), and a ``( )`` pair around Han
      text in Han context; it never touches numbers (``1,200``, ``12:30``), Latin text,
      URLs, or lines that look like program code. ``punctuation="keep"`` turns that off.

    It is on by default because the mark must sit right after Han (or a CJK quote/bracket):
    in the seed pages and the forum dev set every one of the ~1,800 marks and ~110 pairs it
    widens is Chinese punctuation typed narrow, and text already written with Chinese
    punctuation is left byte for byte.

    >>> normalize_width("第１２０期")
    '第120期'
    >>> normalize_width("Ｗｉｎｄｏｗｓ　ＸＰ系统，共１，２００台")
    'Windows XP系统，共1,200台'
    >>> normalize_width("　　段落（一）你好，世界！")
    '　　段落（一）你好，世界！'
    >>> normalize_width("工作,现将总结如下:会议于12:30开始(见附件)。")
    '工作，现将总结如下：会议于12:30开始（见附件）。'
    >>> normalize_width("工作,现将", punctuation="keep")
    '工作,现将'
    """
    require_text(text, "normalize_width")
    _check_mode(punctuation)
    return width_tables().apply(text, punctuation, None, WidthNormalizer.name)


@dataclass(frozen=True)
class WidthNormalizer(Cleaner):
    """Full-width digits and letters to ASCII, keeping CJK punctuation full-width.

    ``punctuation``: ``"between-han"`` (default) or ``"keep"``, see :func:`normalize_width`.
    ``rules``: path of a rule file in the format of ``zhclean/rules/width.tsv`` to use
    instead of the packaged one (validated when first used).

    >>> WidthNormalizer()("２０２１年")
    '2021年'
    >>> [c.rule for c in WidthNormalizer().explain("ＡＢ１２").changes]
    ['width.latin', 'width.digit']
    """

    name: ClassVar[str] = "width"
    summary: ClassVar[str] = "full-width digits and letters to ASCII, keeping CJK punctuation full-width"

    punctuation: str = "between-han"
    rules: Optional[str] = None

    def __post_init__(self) -> None:
        _check_mode(self.punctuation)

    def __call__(self, text: str) -> str:
        require_text(text, "WidthNormalizer")
        return width_tables(self.rules).apply(text, self.punctuation, None, self.name)

    def explain(self, text: str) -> StepResult:
        require_text(text, "WidthNormalizer.explain")
        changes: list[Change] = []
        out = width_tables(self.rules).apply(text, self.punctuation, changes, self.name)
        changes.sort(key=lambda c: (c.start or 0))
        signals: dict[str, Any] = {"rule_counts": rule_counts(changes)} if changes else {}
        return StepResult(out, tuple(changes), signals)

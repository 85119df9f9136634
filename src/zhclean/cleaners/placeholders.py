"""Placeholder detection in template documents: 20xx年, XX市, xx36人次, ××公司, 20__年, 投诉电话().

Template sites (范文 and document-sharing sites) publish documents whose specifics are
masked. In a training corpus they teach a model to write "XX市", so pipelines want to find,
count, mask or drop them. The hard part is precision: real text is full of look-alikes
(X光, XX染色体, XXL, x86, Windows XP, iPhone X, 3×4, 1600×720, 4×100米, 3.0X, markdown
``**bold**``, 王某某, 138****1234, 二○○八年), so a mask only counts in Chinese context and,
mostly, before a suffix that says what was masked (年, 市, 公司, 同志, 人次...).

Every shape is a row of ``rules/placeholders.tsv`` with a stable id (macros in
``rules/placeholders_macros.tsv``); each finding names its rule. Rules look at one line only.
Text holding none of :data:`CANDIDATE_CHARS` is skipped by one cheap regex scan.

>>> [(p.text, p.kind) for p in find_placeholders("20xx年上半年，XX市新生儿听力筛查xx36人次。")]
[('20xx', 'year'), ('XX', 'place'), ('xx', 'number')]
>>> find_placeholders("X光机、XX染色体、iPhone X、1600×720、王某某、138****1234")
()
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from .._core import Change, Cleaner, StepResult, require_text
from ._placeholders_rules import CANDIDATE_CHARS, KINDS, Table, candidates, get_table

__all__ = [
    "Placeholder",
    "find_placeholders",
    "template_score",
    "PlaceholderDetector",
    "PlaceholderMasker",
    "KINDS",
    "CANDIDATE_CHARS",
    "TOKENS",
]


@dataclass(frozen=True)
class Placeholder:
    """A masked specific in a template: ``text[start:end]`` is the mask itself.

    ``kind`` is one of :data:`KINDS`; ``rule`` is the id of the rule in
    ``rules/placeholders.tsv`` that found it.
    """

    start: int
    end: int
    kind: str
    text: str
    rule: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the five fields."""
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text, "rule": self.rule}


_X_RUN = re.compile(r"[Xx]+")
_SAME_RUN = re.compile(r"(.)\1*", re.S)
#: Runs longer than this are separators or decoration lines, never tried as masks.
MAX_RUN = 200
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz")  # no X, x


def _scan(text: str, table: Table) -> tuple[Placeholder, ...]:
    """All findings in text order.

    Work happens only at candidate positions (:func:`candidates`). Every rule's match starts
    at a mask character, an empty bracket, or at most three digits before a mask character
    (20xx, 201x), so the rules are tried at those few positions only, on the candidate's line
    (rules never look past it). An x glued to an ASCII word (next, box, Excel) is skipped
    before any regex runs: no rule starts inside a word.
    """
    todo = candidates(text, table.triggers, table.in_runs)
    if not todo:
        return ()
    by_start = table.by_start
    triggers = table.triggers + "(（"
    guards = table.guards
    ids, kinds, masks, index = table.ids, table.kinds, table.mask_groups, table.group_index
    n = len(text)
    found: list[Placeholder] = []
    line_found: list[Placeholder] = []
    active: list[Any] | None = None  # the guards this text can need, computed on first use
    start = end = -1
    done = 0  # no match may start before this (matches do not overlap)
    for p in todo:
        if p < done:
            continue
        if p > end:  # a new line: settle the previous one
            if line_found:
                if active is None:
                    active = _active_guards(text, guards)
                found.extend(_unguarded(text, line_found, active, start, end) if active else line_found)
                line_found = []
            start = text.rfind("\n", 0, p) + 1
            end = text.find("\n", p)
            if end < 0:
                end = n
            done = start
        if text[p] in "Xx":
            if p > start and text[p - 1] in _ASCII_LETTERS:
                continue
            j = _X_RUN.match(text, p, end).end()  # type: ignore[union-attr]
            if j < end and text[j] in _ASCII_LETTERS:
                done = j  # the whole run is glued to a word on its right (XXL, Xbox, xiāng)
                continue
        else:
            j = _SAME_RUN.match(text, p, end).end()  # type: ignore[union-attr]
        if j - p > MAX_RUN:
            done = j  # a separator or decoration line, not a mask
            continue
        hit = None
        for q in range(max(done, p - 3), p + 1):
            ch = text[q]
            if q < p and ch in triggers:
                continue  # a candidate of its own, tried already
            rules = by_start.get(ch)
            if rules is None:
                continue
            hit = rules.match(text, q, end)
            if hit is not None:
                i = index[hit.lastgroup]  # type: ignore[index]
                s, e = hit.span(masks[i] or hit.lastgroup)
                if e > s:
                    line_found.append(Placeholder(s, e, kinds[i], text[s:e], ids[i]))
                done = max(hit.end(), q + 1)
                break
        if hit is None:
            done = max(done, j)  # no rule starts inside a run of one mask character
    if line_found:
        if active is None:
            active = _active_guards(text, guards)
        found.extend(_unguarded(text, line_found, active, start, end) if active else line_found)
    return tuple(found)


def _unguarded(text: str, line_found: list[Placeholder], guards: Any, start: int, end: int) -> list[Placeholder]:
    """Drop the findings that overlap a guard's match on their line (markdown, code, URLs,
    e-mail addresses, genetics)."""
    shielded: list[tuple[int, int]] = []
    for guard in guards:
        shielded.extend(g.span() for g in guard.finditer(text, start, end))
    if not shielded:
        return line_found
    return [ph for ph in line_found if not any(a < ph.end and ph.start < b for a, b in shielded)]


def _active_guards(text: str, guards: Any) -> list[Any]:
    """The guards that can match somewhere in ``text``: those whose needed substrings occur
    (decided once per text, and only for a text with findings)."""
    return [guard for needs, guard in guards if not needs or any(n in text for n in needs)]


def find_placeholders(text: str, *, rules: str | None = None, macros: str | None = None) -> tuple[Placeholder, ...]:
    """Find the masked specifics of a template document, in text order.

    Each :class:`Placeholder` spans the mask itself: the "XX" of "XX市", the "xx" of
    "xx36人次", the "20xx" of "20xx年", the "()" of "投诉电话()". ``rules`` and ``macros``
    are paths to your own rule files in the format of the packaged ones (which they replace).

    >>> [(p.start, p.end, p.kind, p.text, p.rule) for p in find_placeholders("设立投诉电话()，畅通举报途径")]
    [(6, 8, 'blank', '()', 'blank.paren-label')]
    >>> [p.kind for p in find_placeholders("于X月X日前报XX公司，联系人：XXX")]
    ['date', 'date', 'org', 'person']
    >>> find_placeholders("**2024年4月**，Windows XP、x86、3.0X 倍速、4×100米接力")
    ()
    """
    require_text(text, "find_placeholders")
    return _scan(text, get_table(rules, macros))


#: Weight of one finding of each kind in :func:`template_score`: blanks and unnamed masks
#: also occur in exercises and forms, so they say less about a template than a masked year.
KIND_WEIGHTS = {
    "year": 1.0,
    "date": 0.8,
    "place": 1.0,
    "org": 1.0,
    "person": 1.0,
    "number": 1.0,
    "blank": 0.5,
    "other": 0.6,
}

#: How many characters one finding is "worth" before the score saturates.
SCORE_SCALE = 2000


def _score(text: str, found: tuple[Placeholder, ...]) -> float:
    if not found:
        return 0.0
    weight = sum(KIND_WEIGHTS.get(p.kind, 0.5) for p in found)
    return round(1.0 - math.exp(-weight / (1.0 + len(text) / SCORE_SCALE)), 4)


def template_score(text: str, *, rules: str | None = None, macros: str | None = None) -> float:
    """A document-level score in [0, 1]: how much this looks like a masked template.

    ``1 - exp(-W / (1 + len(text) / 2000))`` where ``W`` sums the findings weighted by kind
    (:data:`KIND_WEIGHTS`). No finding gives 0.0; one masked year in a short line gives about
    0.6; a page with a dozen masks gives almost 1. Use it as a filter signal (the CLI's
    ``--drop-templates`` compares it with a threshold).

    >>> template_score("市卫生健康局今年上半年工作总结")
    0.0
    >>> template_score("市卫生健康局20xx年上半年工作总结") > 0.5
    True
    """
    require_text(text, "template_score")
    return _score(text, _scan(text, get_table(rules, macros)))


def _signals(text: str, found: tuple[Placeholder, ...]) -> dict[str, Any]:
    by_kind: dict[str, int] = {}
    for p in found:
        by_kind[p.kind] = by_kind.get(p.kind, 0) + 1
    return {
        "count": len(found),
        "template_score": _score(text, found),
        "kinds": by_kind,
        "findings": [p.as_dict() for p in found],
    }


@dataclass(frozen=True)
class PlaceholderDetector(Cleaner):
    """Finds placeholders; never edits text.

    ``explain(text).signals`` is JSON-ready: ``count``, ``template_score``, ``kinds`` (count
    per kind) and ``findings`` (``start``, ``end``, ``kind``, ``text``, ``rule`` each).

    >>> d = PlaceholderDetector()
    >>> d("XX市卫生局")
    'XX市卫生局'
    >>> d.explain("XX市卫生局").signals["findings"]
    [{'start': 0, 'end': 2, 'kind': 'place', 'text': 'XX', 'rule': 'place.suffix'}]
    """

    name: ClassVar[str] = "placeholders"
    summary: ClassVar[str] = "detect template placeholders (20xx年, XX市, ××, ____); reports, never edits"
    rewrites: ClassVar[bool] = False

    rules: str | None = None
    macros: str | None = None

    def __call__(self, text: str) -> str:
        return require_text(text, "placeholders")

    def explain(self, text: str) -> StepResult:
        require_text(text, "placeholders")
        found = _scan(text, get_table(self.rules, self.macros))
        return StepResult(text, (), _signals(text, found))


#: Canonical tokens of :class:`PlaceholderMasker`, per style and kind. The ``cjk`` tokens hold
#: no mask character, no ASCII and no bracket other cleaners narrow, so masking is idempotent
#: and survives a second run of the other steps.
TOKENS = {
    "cjk": {
        "year": "〔年份〕",
        "date": "〔日期〕",
        "place": "〔地名〕",
        "org": "〔机构〕",
        "person": "〔人名〕",
        "number": "〔数字〕",
        "blank": "〔空白〕",
        "other": "〔占位〕",
    },
    "ascii": {
        "year": "<YEAR>",
        "date": "<DATE>",
        "place": "<PLACE>",
        "org": "<ORG>",
        "person": "<PERSON>",
        "number": "<NUMBER>",
        "blank": "<BLANK>",
        "other": "<MASK>",
    },
}


@dataclass(frozen=True)
class PlaceholderMasker(Cleaner):
    """Replaces each placeholder with one canonical token per kind (off by default).

    ``style="cjk"`` (default) writes 〔年份〕〔日期〕〔地名〕〔机构〕〔人名〕〔数字〕〔空白〕〔占位〕;
    ``style="ascii"`` writes ``<YEAR>`` ... ``<MASK>`` (see :data:`TOKENS`). Masking twice
    changes nothing more.

    >>> PlaceholderMasker()("20xx年XX市新生儿听力筛查xx36人次")
    '〔年份〕年〔地名〕市新生儿听力筛查〔数字〕36人次'
    >>> PlaceholderMasker(style="ascii")("XX公司")
    '<ORG>公司'
    """

    name: ClassVar[str] = "mask-placeholders"
    summary: ClassVar[str] = "replace placeholders with one canonical token per kind (not in the default preset)"

    style: str = "cjk"
    rules: str | None = None
    macros: str | None = None

    def __post_init__(self) -> None:
        if self.style not in TOKENS:
            raise ValueError(f"style must be one of {', '.join(TOKENS)}, got {self.style!r}")

    def _mask(self, text: str, found: tuple[Placeholder, ...]) -> str:
        tokens = TOKENS[self.style]
        parts: list[str] = []
        last = 0
        for p in found:
            parts.append(text[last : p.start])
            parts.append(tokens[p.kind])
            last = p.end
        parts.append(text[last:])
        return "".join(parts)

    def __call__(self, text: str) -> str:
        require_text(text, "mask-placeholders")
        found = _scan(text, get_table(self.rules, self.macros))
        return self._mask(text, found) if found else text

    def explain(self, text: str) -> StepResult:
        require_text(text, "mask-placeholders")
        found = _scan(text, get_table(self.rules, self.macros))
        if not found:
            return StepResult(text)
        tokens = TOKENS[self.style]
        changes = tuple(
            Change(self.name, p.rule, p.text, tokens[p.kind], start=p.start, end=p.end, note=p.kind) for p in found
        )
        return StepResult(self._mask(text, found), changes, {"count": len(found)})

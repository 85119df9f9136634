"""Numbering rules: load ``rules/numbering*.tsv``, validate, compile once, and apply.

Three packaged files, all data:

- ``numbering.tsv``: the enumerated characters (①⑴⒈⒜Ⓐ㈠㊀Ⅳ...) with the value each stands
  for and the *form* it is written back in;
- ``numbering_markers.tsv``: list markers written with full-width forms (（１） １． １、), as
  regexes with one capturing group (the value);
- ``numbering_styles.tsv``: per style, the template of each form (``（{}）``, ``{}.``, ...).

Matches of every rule are collected on the input text (each regex is searched on its own,
so a scan over text without candidates runs at C speed), merged left to right, and written
back in one pass; offsets in every :class:`Change` point into the input. Where a value would
touch a neighbour and change meaning (``3⒈`` -> ``31.``, ``ⅠⅡ`` -> ``III``) a space is put
between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .._core import Change
from ..errors import RuleFileError
from ..rules import load_rules, packaged_path
from ._width_tables import CharProbe

__all__ = ["NumberingTables", "numbering_tables", "FORMS"]

FORMS = ("enclosed", "stop", "dunhao", "roman")
_FW_DIGITS = "".join(chr(c) for c in range(0xFF10, 0xFF1A))
_DIGIT = frozenset("0123456789" + _FW_DIGITS)
_LETTER = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
    + "".join(chr(c) for c in range(0xFF41, 0xFF5B))
)
_NARROW = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_STOPS = frozenset(".．")
# A well-formed Roman numeral, and the one-character units that never combine with each other.
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_UNITS = frozenset("I II III IV V VI VII VIII IX".split())


def _roman_joins(numeral: str, value: str) -> bool:
    """Do two adjacent Roman numeral characters spell one number (ⅩⅣ = XIV, ⅩⅩ = XX), or
    are they two numerals that happen to touch (ⅠⅡ is I and II, not III; ⅤⅠ is V and I)?
    They join when the result is a well-formed numeral, the case matches, and a units
    character does not follow another units character."""
    if numeral.isupper() != value.isupper():
        return False
    if _ROMAN.fullmatch((numeral + value).upper()) is None:
        return False
    return not (value.upper() in _UNITS and numeral[-1].upper() in "IV")


@dataclass(frozen=True)
class _Marker:
    id: str
    regex: re.Pattern[str]
    form: str


def _class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


class NumberingTables:
    """Compiled numbering rules (build with :func:`numbering_tables`)."""

    def __init__(self, chars: list[dict], markers: list[dict], styles: list[dict], labels: tuple[str, str, str]):
        self.families: list[tuple[str, str, tuple[str, ...], str, str]] = []  # id, chars, values, form, note
        self.char: dict[str, tuple[str, str, str]] = {}  # char -> (rule id, value, form)
        for row in chars:
            line, cs, vals, form = row["_line"], row["chars"].strip(), tuple(row["values"].split()), row["form"].strip()
            if form not in FORMS:
                raise RuleFileError(labels[0], line, f"unknown form {form!r} (use one of {', '.join(FORMS)})")
            if not cs or len(cs) != len(vals):
                raise RuleFileError(labels[0], line, f"{len(cs)} character(s) but {len(vals)} value(s)")
            for c, v in zip(cs, vals):
                if c in self.char:
                    raise RuleFileError(labels[0], line, f"character {c!r} is already mapped by {self.char[c][0]!r}")
                self.char[c] = (row["id"], v, form)
            self.families.append((row["id"], cs, vals, form, row.get("note", "")))
        # a run of enumerated characters, written X X* rather than X+: a pattern that starts
        # with a repeat gets no first-character scan from the regex engine (it tries a match
        # at every position, about 2.5x slower on text without any)
        enum_class = f"[{_class(''.join(self.char))}]"
        self.run_re = re.compile(f"{enum_class}{enum_class}*") if self.char else None

        self.markers: list[_Marker] = []
        self.marker_rows: list[tuple[str, str, str, str]] = []
        for row in markers:
            line, form = row["_line"], row["form"].strip()
            if form not in FORMS:
                raise RuleFileError(labels[1], line, f"unknown form {form!r} (use one of {', '.join(FORMS)})")
            try:
                rx = re.compile(row["pattern"])
            except re.error as exc:
                raise RuleFileError(labels[1], line, f"bad regex: {exc}") from None
            if rx.groups != 1:
                raise RuleFileError(labels[1], line, "the pattern needs exactly one capturing group (the value)")
            if rx.match("") is not None:
                raise RuleFileError(labels[1], line, "the pattern matches the empty string")
            self.markers.append(_Marker(row["id"], rx, form))
            self.marker_rows.append((row["id"], row["pattern"], form, row.get("note", "")))

        self.styles: dict[str, dict[str, str]] = {}
        self.style_rows = styles
        for row in styles:
            line, style, form, tpl = row["_line"], row["style"].strip(), row["form"].strip(), row["template"]
            if form not in FORMS:
                raise RuleFileError(labels[2], line, f"unknown form {form!r} (use one of {', '.join(FORMS)})")
            if tpl.count("{}") != 1 or tpl.replace("{}", "").strip("（）()[]【】.、 ") != "":
                raise RuleFileError(labels[2], line, "a template holds one {} and only brackets, '.' or '、'")
            self.styles.setdefault(style, {})[form] = tpl
        for style, forms in self.styles.items():
            missing = [f for f in FORMS if f not in forms]
            if missing:
                raise RuleFileError(labels[2], 0, f"style {style!r} lacks form(s) {', '.join(missing)}")
        # Quick reject: no character any rule could start a match with or change (a fast
        # bytes scan, see CharProbe).
        fw = _FW_DIGITS + "".join(chr(c) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)))
        self.enum_probe = CharProbe("".join(self.char))
        self.fw_probe = CharProbe(fw)  # full-width markers can only hold these
        self.fw_paren_probe = CharProbe(fw + "（")  # ascii-bracket styles also rewrite （1） （一）
        # One scan first: no character of either probe (the usual text) means nothing to do,
        # found by one character-class scan of the str instead of a UTF-16 encoding and five
        # bytes scans (one per high byte of the enumerated characters, one for full-width).
        enum = "".join(self.char)
        self.quick = {paren: re.compile(f"[{_class(fw + enum + ('（' if paren else ''))}]") for paren in (False, True)}
        # Enclosed values need no context: their rendering per style is a table lookup.
        self.fixed = {
            style: {c: forms[form].replace("{}", v) for c, (_, v, form) in self.char.items() if form == "enclosed"}
            for style, forms in self.styles.items()
        }

    def apply(self, text: str, style: str, changes: Optional[list[Change]], step: str) -> str:
        """Rewrite every marker in ``style``; append a Change per edit unless ``changes`` is None."""
        tpl = self.styles[style]
        paren = not tpl["enclosed"].startswith("（")
        if self.quick[paren].search(text) is None:
            return text  # neither probe below can hit
        data = text.encode("utf-16-be", "surrogatepass")
        fw_probe = self.fw_paren_probe if paren else self.fw_probe
        has_fw = fw_probe(text, data)
        if not has_fw:
            if not self.enum_probe(text, data) or self.run_re is None:
                return text
            # Only enumerated characters (the usual case after the width step): one pass.
            fixed = self.fixed[style]

            def one(m: re.Match[str]) -> str:
                if changes is None:
                    run = m.group()
                    piece = fixed.get(run)
                    if piece is not None:
                        return piece
                    if all(c in fixed for c in run):
                        return "".join(fixed[c] for c in run)
                s, a, b = m.string, m.start(), m.end()
                return self._render_run(m, tpl, s[a - 1] if a else "", s[b] if b < len(s) else "", changes, step)

            return self.run_re.sub(one, text)
        found: list[tuple[int, int, int, re.Match[str]]] = []  # start, order, end, match
        if self.run_re is not None:
            found.extend((m.start(), 0, m.end(), m) for m in self.run_re.finditer(text))
        for k, mk in enumerate(self.markers, 1):
            found.extend((m.start(), k, m.end(), m) for m in mk.regex.finditer(text))
        if not found:
            return text
        found.sort(key=lambda f: (f[0], f[1]))
        out: list[str] = []
        last = 0
        last_char = ""  # the last character written by an accepted match
        for start, order, end, m in found:
            if start < last:
                continue  # overlaps an accepted match
            if start == last and out:
                prev = last_char
            else:
                prev = text[start - 1] if start else ""
            nxt = text[end] if end < len(text) else ""
            if order == 0:
                piece = self._render_run(m, tpl, prev, nxt, changes, step)
            else:
                mk = self.markers[order - 1]
                value = m.group(1)
                if mk.form in ("stop", "dunhao") and prev and (prev in _DIGIT or prev in _STOPS):
                    continue  # "3１．" or "1.２、": part of a number, not a marker
                piece = tpl[mk.form].replace("{}", value.translate(_NARROW))
                if piece == m.group():
                    continue
                if changes is not None:
                    changes.append(Change(step, mk.id, m.group(), piece, start, end))
            out.append(text[last:start])
            out.append(piece)
            last = end
            last_char = piece[-1:]
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def _render_run(
        self, m: re.Match[str], tpl: dict[str, str], prev: str, nxt: str, changes: Optional[list[Change]], step: str
    ) -> str:
        parts: list[str] = []
        start = m.start()
        numeral = ""  # the Roman numeral being spelled by the previous characters of the run
        for k, c in enumerate(m.group()):
            rule, value, form = self.char[c]
            piece = tpl[form].replace("{}", value)
            if form == "stop" and prev and (prev in _DIGIT or prev in _STOPS):
                piece = " " + piece
            elif form == "roman":
                if numeral and _roman_joins(numeral, value):
                    numeral += value  # ⅩⅣ -> XIV: one number written with two characters
                else:
                    if prev and prev in _LETTER:
                        piece = " " + piece
                    numeral = value
            if form != "roman":
                numeral = ""
            if k == len(m.group()) - 1 and nxt:
                if (form == "stop" and nxt in _DIGIT) or (form == "roman" and nxt in _LETTER):
                    piece += " "
            if changes is not None:
                changes.append(Change(step, rule, c, piece, start + k, start + k + 1))
            parts.append(piece)
            prev = piece[-1]
        return "".join(parts)


@lru_cache(maxsize=16)
def numbering_tables(source: Optional[str] = None) -> NumberingTables:
    """The compiled tables: packaged files, or ``source`` (a file in the numbering.tsv format)
    in place of the packaged ``numbering.tsv``. Built once per process and path."""
    names = ("numbering.tsv", "numbering_markers.tsv", "numbering_styles.tsv")
    req = (
        ("id", "chars", "values", "form", "note"),
        ("id", "pattern", "form", "note"),
        ("id", "style", "form", "template"),
    )
    if source is None:
        chars = load_rules(packaged=names[0], required=req[0])
        label0 = packaged_path(names[0])
    else:
        chars, label0 = load_rules(source, required=req[0]), source
    markers = load_rules(packaged=names[1], required=req[1])
    styles = load_rules(packaged=names[2], required=req[2])
    return NumberingTables(chars, markers, styles, (label0, packaged_path(names[1]), packaged_path(names[2])))

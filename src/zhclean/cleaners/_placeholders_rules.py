"""Loading and compiling the placeholder rule tables (private to :mod:`.placeholders`).

The shapes live in ``rules/placeholders.tsv`` (rules and guards) and
``rules/placeholders_macros.tsv`` (named regex fragments the rules use as ``{name}``). They
are compiled once per process and per rule-file pair into:

- one alternation of every rule, each wrapped in a named group ``r<i>`` so a match names its
  rule (file order is priority at one position; the leftmost match wins across positions),
  each also behind a look-ahead on its start characters (``starts``): matched at a position,
  it tries exactly the rules that can start with the character there, in file order. One
  regex serves every start character: compiling one per character (rules that start with
  X, x and × thrice) cost three times as much at start-up;
- one alternation of every guard, whose matches are regions no finding may overlap.

Each rule's regex is compiled once, inside that alternation; only when the alternation does
not compile are the rules compiled one by one, to name the line of the bad one.

A compiled table is cached by the file paths; the cleaners hold only the paths, so they
pickle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..errors import RuleFileError
from ..rules import load_rules, packaged_path

__all__ = ["KINDS", "CANDIDATE_CHARS", "MASK_CHARS", "EMPTY_BRACKETS", "Table", "candidates", "get_table"]

#: The kinds a finding can have.
KINDS = ("year", "date", "place", "org", "person", "number", "blank", "other")

#: Every rule's mask contains one of these characters (X x × ＊ * _ 某 ○ plus the full-width
#: Ｘ ｘ ＿, the 〇 ideographic zero and the brackets of an empty ``()``). Text without any of
#: them has no findings: that is the fast path, and a tested law.
CANDIDATE_CHARS = "Xx×＊*_某○〇Ｘｘ＿()（）"

#: Mask characters proper; the brackets only count when they open an empty pair.
MASK_CHARS = "Xx×＊*_某○〇Ｘｘ＿"
_BRACKET_NEXT = frozenset(")） \t\u3000\xa0")
EMPTY_BRACKETS = re.compile(r"[(（][ \t\u3000\xa0]*[)）]")


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz")  # ASCII letters but x


def candidates(text: str, triggers: str = MASK_CHARS, in_runs: str = "") -> list[int]:
    """Sorted positions of every trigger character (the mask characters, for the packaged
    rules) and of every bracket opening an empty pair. A character of ``in_runs`` counts only
    where a run of two or more of it starts.

    Text without any (most text) costs one ``str.find`` per character: C-speed scans with no
    regex machinery, the fast path.
    """
    found: list[int] = []
    find = text.find
    for ch in triggers:
        i = find(ch)
        if ch in "Xx":
            # ASCII x is common in words and pinyin; an x glued to an ASCII letter on its
            # left (next, Excel, xiāng's neighbours) can start no rule
            while i >= 0:
                if (i == 0 or text[i - 1] not in _WORD) and text[i + 1 : i + 2] not in _WORD:
                    found.append(i)
                i = find(ch, i + 1)
            continue
        if ch in in_runs:
            while i >= 0:
                if text[i + 1 : i + 2] == ch and (i == 0 or text[i - 1] != ch):
                    found.append(i)
                i = find(ch, i + 1)
            continue
        while i >= 0:
            found.append(i)
            i = find(ch, i + 1)
    for opener in "(（":
        i = find(opener)
        while i >= 0:
            if text[i + 1 : i + 2] in _BRACKET_NEXT and EMPTY_BRACKETS.match(text, i):
                found.append(i)
            i = find(opener, i + 1)
    if len(found) > 1:
        found.sort()
    return found


_MACRO_REF = re.compile(r"\{([a-z][a-z0-9._-]*)\}")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
_FORMS = ("regex", "words", "behind")

PACKAGED_RULES = "placeholders.tsv"
PACKAGED_MACROS = "placeholders_macros.tsv"


@dataclass(frozen=True)
class Table:
    """A compiled rule table: the rule alternation, the guard alternation, and per rule its
    id, kind and (optional) mask group name."""

    guards: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]  # (needed substrings, guard)
    ids: tuple[str, ...]
    kinds: tuple[str, ...]
    mask_groups: tuple[str | None, ...]
    group_index: dict[str, int]
    triggers: str  # characters whose positions are candidates (start characters, digits excepted)
    in_runs: str  # triggers that only count at the start of a run of two or more
    by_start: dict[str, re.Pattern[str]]  # a character -> a regex trying the rules that can start with it
    examples: tuple[tuple[str, str, str], ...]  # (id, kind, example)
    source: str = field(default="", repr=False)  # the plain alternation of every rule (for ``rules``)

    @cached_property
    def rules(self) -> re.Pattern[str]:
        """Every rule in one alternation, without the start look-aheads (the reference scan
        of the tests); compiled on first use."""
        return re.compile(self.source, re.M)


def _expand(label: str, line: int, pattern: str, macros: dict[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleFileError(label, line, f"unknown macro {{{name}}} (define it in the macros file first)")
        return macros[name]

    return _MACRO_REF.sub(sub, pattern)


def _compile_macros(label: str, rows: list[dict]) -> dict[str, str]:
    macros: dict[str, str] = {}
    for row in rows:
        form, value, line = row["form"], row["value"], row["_line"]
        if form not in _FORMS:
            raise RuleFileError(label, line, f"form must be one of {', '.join(_FORMS)}, got {form!r}")
        if form == "regex":
            frag = "(?:" + _expand(label, line, value, macros) + ")"
        else:
            words = [w for w in value.split("|") if w]
            if not words:
                raise RuleFileError(label, line, "a words/behind macro needs at least one word")
            if form == "words":
                frag = "(?:" + "|".join(_expand(label, line, w, macros) for w in words) + ")"
            else:
                frag = "(?:" + "|".join(f"(?<={re.escape(w)})" for w in words) + ")"
        try:
            re.compile(frag)
        except re.error as exc:
            raise RuleFileError(label, line, f"macro {row['id']!r} is not a valid regex: {exc}") from None
        macros[row["id"]] = frag
    return macros


def _first_bad_rule(pending: list[tuple[str, int, str, str]]) -> None:
    """Compile the rules not yet compiled one by one, in file order, and raise for the first
    that is not a valid regex (the checks of a later row must not come first)."""
    for label, line, rule_id, pattern in pending:
        try:
            re.compile(pattern, re.M)
        except re.error as exc:
            raise RuleFileError(label, line, f"rule {rule_id!r} is not a valid regex: {exc}") from None
    pending.clear()


def _start_class(starts: str) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(set(starts))) + "]"


def _build(rules_path: str | None, macros_path: str | None) -> Table:
    if macros_path is None:
        mlabel = packaged_path(PACKAGED_MACROS)
        mrows = load_rules(packaged=PACKAGED_MACROS, required=("id", "form", "value"))
    else:
        mlabel = macros_path
        mrows = load_rules(macros_path, required=("id", "form", "value"))
    macros = _compile_macros(mlabel, mrows)

    if rules_path is None:
        label = packaged_path(PACKAGED_RULES)
        rows = load_rules(packaged=PACKAGED_RULES, required=("id", "kind", "starts", "pattern"))
    else:
        label = rules_path
        rows = load_rules(rules_path, required=("id", "kind", "starts", "pattern"))
    starts_of: dict[str, None] = {}  # every start character, in order of first use
    alone: set[str] = set()  # characters some rule takes alone (not only in runs of two)

    branches: list[str] = []
    gated: list[str] = []  # the branches behind a look-ahead on their start characters
    pending: list[tuple[str, int, str, str]] = []  # rules whose regex is not compiled yet
    guards: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
    ids: list[str] = []
    kinds: list[str] = []
    masks: list[str | None] = []
    examples: list[tuple[str, str, str]] = []
    try:
        for row in rows:
            kind, line = row["kind"], row["_line"]
            if kind not in KINDS and kind != "guard":
                raise RuleFileError(label, line, f"kind must be one of {', '.join(KINDS)} or guard, got {kind!r}")
            pattern = _expand(label, line, row["pattern"], macros)
            row_index = len(examples)
            examples.append((row["id"], kind, row.get("example", "")))
            if kind == "guard":
                try:
                    compiled = re.compile(pattern, re.M)
                except re.error as exc:
                    _first_bad_rule(pending)
                    raise RuleFileError(label, line, f"rule {row['id']!r} is not a valid regex: {exc}") from None
                needs = row.get("starts", "-")
                guards.append((() if needs in ("", "-") else tuple(needs.split("|")), compiled))
                continue
            pending.append((label, line, row["id"], pattern))
            # named groups get the row's number: every rule's (?P<m>...) is its own group
            named = _NAMED_GROUP.findall(pattern)
            if named:
                pattern = _NAMED_GROUP.sub(lambda m, i=row_index: f"(?P<{m.group(1)}_{i}>", pattern)
            index = len(branches)
            mask = f"m_{row_index}" if "m" in named else None
            starts = row.get("starts", "")
            if not starts or starts == "-":
                _first_bad_rule(pending)
                raise RuleFileError(label, line, "a rule needs its start characters in column starts")
            branches.append(f"(?P<r{index}>{pattern})")
            gated.append(f"(?={_start_class(starts)}){branches[-1]}")
            j = 0
            while j < len(starts):
                ch = starts[j]
                if starts[j + 1 : j + 2] == ch:
                    j += 2
                else:
                    alone.add(ch)
                    j += 1
                starts_of[ch] = None
            ids.append(row["id"])
            kinds.append(kind)
            masks.append(mask)
        if not branches:
            raise RuleFileError(label, 0, "no placeholder rules (every row is a guard)")
        try:
            scan = re.compile("|".join(gated), re.M)
        except re.error:
            _first_bad_rule(pending)
            raise
    except RuleFileError:
        _first_bad_rule(pending)
        raise
    return Table(
        guards=tuple(guards),
        ids=tuple(ids),
        kinds=tuple(kinds),
        mask_groups=tuple(masks),
        group_index={f"r{i}": i for i in range(len(ids))},
        triggers="".join(ch for ch in starts_of if ch not in _DIGITS and ch not in "(（"),
        in_runs="".join(ch for ch in starts_of if ch not in alone),
        by_start=dict.fromkeys(starts_of, scan),
        examples=tuple(examples),
        source="|".join(branches),
    )


@lru_cache(maxsize=8)
def get_table(rules_path: str | None = None, macros_path: str | None = None) -> Table:
    """The compiled table for a pair of rule files (``None`` = the packaged one), built once
    per process."""
    return _build(rules_path, macros_path)

"""Tests of the numbering step (normalize_numbering / NumberingNormalizer); the shared case
table is run by tests/test_width.py. Laws are one per test, stated in the docstring."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhclean import RuleFileError, normalize_numbering
from zhclean.cleaners._width_numbering import numbering_tables
from zhclean.cleaners.numbering import NumberingNormalizer

from strategies import ENUMERATED, mixed_text, text_without_width_forms, width_text

STYLES = st.sampled_from(["chinese", "ascii"])
# marker-dense text: enumerated characters, full-width and ASCII digits, stops and brackets
DENSE = st.text(st.sampled_from(ENUMERATED + "０１２３９０．、（）0129.()（）一二十ａＡa加强 "), max_size=40)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]")
FW = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
TABLE = numbering_tables().char  # char -> (rule id, value, form)
ROMAN = "".join(c for c, (_, _, form) in TABLE.items() if form == "roman")
LIST_MARKER_CHARS = "".join(c for c, (_, _, form) in TABLE.items() if form != "roman")
DIGIT_VALUED = "".join(c for c, (_, value, _) in TABLE.items() if value.isdigit())
LETTER_VALUED = "".join(c for c, (_, value, form) in TABLE.items() if value.isalpha() and value.isascii()
                        and form != "roman")

# List markers as they are written after normalization (either style), and full-width list
# markers before it, spelled out independently of the rule files.
_HAN_NUM = "[一二三四五六七八九十]{1,3}"
MARKER = re.compile(
    rf"（[0-9]{{1,3}}）|\([0-9]{{1,3}}\)|（{_HAN_NUM}）|\({_HAN_NUM}\)|（[A-Za-z]）|\([A-Za-z]\)"
    r"|(?<![0-9.])[0-9]{1,3}\.(?![0-9])|(?<![0-9])[0-9]{1,3}、"
)
FW_MARKER = re.compile(
    r"（(?=[0-9]*[０-９])[０-９0-9]{1,3}）|（[Ａ-Ｚａ-ｚ]）|(?<![0-9０-９．.])[０-９]{1,3}[．、](?![0-9０-９])"
)


def _markers(text: str) -> int:
    return len(MARKER.findall(text))


@given(text=st.one_of(width_text(), mixed_text(), DENSE), style=STYLES)
def test_idempotent(text: str, style: str) -> None:
    """Idempotence: numbering normalized text changes nothing, in both styles."""
    once = normalize_numbering(text, style=style)
    assert normalize_numbering(once, style=style) == once


@given(text=text_without_width_forms(), style=STYLES)
def test_identity_without_enumerated_or_fullwidth(text: str, style: str) -> None:
    """Identity: text with no enumerated character and no full-width form is unchanged."""
    assert normalize_numbering(text, style=style) == text


@given(text=st.one_of(width_text(), mixed_text()), style=STYLES)
def test_digits_and_han_never_lost(text: str, style: str) -> None:
    """Digits and Han are never lost: the Han characters and the decimal digits of the input
    (full-width ones narrowed) are a subsequence of those of the output; values only add."""
    out = normalize_numbering(text, style=style)

    def subsequence(small: list[str], big: list[str]) -> bool:
        it = iter(big)
        return all(x in it for x in small)

    assert subsequence(HAN.findall(text), HAN.findall(out))
    digits = lambda s: re.findall(r"[0-9]", s.translate(FW))  # noqa: E731
    assert subsequence(digits(text), digits(out))


@given(text=st.one_of(width_text(), mixed_text(), DENSE), style=STYLES)
def test_number_of_list_markers_preserved(text: str, style: str) -> None:
    """The number of list markers is preserved: every enumerated list character and every
    full-width list marker of the input becomes exactly one marker of the output, and the
    markers already there stay (so output markers = old markers + converted ones)."""
    out = normalize_numbering(text, style=style)
    converted = sum(text.count(c) for c in LIST_MARKER_CHARS) + len(FW_MARKER.findall(text))
    already = _markers(text)
    assert _markers(out) == already + converted


@given(text=st.one_of(width_text(), mixed_text(), DENSE), style=STYLES)
def test_values_never_glued(text: str, style: str) -> None:
    """Values never merge with their neighbours: ①②⑩ never becomes 1210, ⒈⒉ never 1.2.,
    ⅠⅡ never III. Each digit-valued enumerated character adds its own run of digits, each
    letter-valued marker its own run of letters, and a run of Roman numeral characters never
    merges with a Latin word beside it."""
    out = normalize_numbering(text, style=style)
    fw = text.translate(FW)
    digit_runs = lambda s: len(re.findall(r"[0-9]+", s))  # noqa: E731
    assert digit_runs(out.translate(FW)) == digit_runs(fw) + sum(text.count(c) for c in DIGIT_VALUED)
    # a run of Roman numeral characters is one number (ⅩⅣ -> XIV) or several (ⅠⅡ -> I II)
    roman_runs = re.findall(f"[{ROMAN}]+", fw)
    base = len(re.findall(f"[A-Za-z]+|[{ROMAN}]+", fw)) + sum(text.count(c) for c in LETTER_VALUED)
    got = len(re.findall(r"[A-Za-z]+", out.translate(FW)))
    assert base <= got <= base + sum(len(r) - 1 for r in roman_runs)


@given(text=st.one_of(width_text(), mixed_text()), style=STYLES)
def test_explain_matches_call_and_counts(text: str, style: str) -> None:
    """explain(x).text == call(x); each change names its rule and points into the input; the
    signals count changes per rule."""
    n = NumberingNormalizer(style=style)
    result = n.explain(text)
    assert result.text == n(text)
    for c in result.changes:
        assert text[c.start:c.end] == c.before
    if result.changes:
        assert sum(result.signals["rule_counts"].values()) == len(result.changes)
    else:
        assert result.signals == {}


@given(text=st.text(st.sampled_from(ENUMERATED + "加强领导落实0123"), max_size=30), style=STYLES)
def test_no_enumerated_character_survives(text: str, style: str) -> None:
    """Partner law: every enumerated character in the tables is rewritten."""
    out = normalize_numbering(text, style=style)
    assert not any(c in TABLE for c in out)


def test_issue_examples() -> None:
    """The issue's examples: items stay apart, ①②⑩ is not 1210, Ⅳ reads IV."""
    out = normalize_numbering("①加强领导②落实责任")
    assert out == "（1）加强领导（2）落实责任"
    assert "IV" in normalize_numbering("第Ⅳ部分")
    assert "1210" not in normalize_numbering("①②⑩")
    assert normalize_numbering("（一）总体要求") == "（一）总体要求"


def test_every_table_row_is_rendered_in_both_styles() -> None:
    """Every enumerated character maps to its value in each style's template."""
    t = numbering_tables()
    for c, (_, value, form) in t.char.items():
        for style, forms in t.styles.items():
            assert normalize_numbering(c, style=style) == forms[form].replace("{}", value)


def test_style_is_validated() -> None:
    """An unknown style is a ValueError naming the styles, at construction."""
    with pytest.raises(ValueError, match="chinese"):
        NumberingNormalizer(style="roman")
    with pytest.raises(ValueError, match="ascii"):
        normalize_numbering("①", style="")


def test_user_rule_file(tmp_path: Path) -> None:
    """A user's character table replaces the packaged one; a bad row names file and line."""
    good = tmp_path / "n.tsv"
    good.write_text("id\tchars\tvalues\tform\tnote\nmy.circled\t①②\t1 2\tstop\tmine\n", encoding="utf-8")
    assert NumberingNormalizer(rules=str(good))("①a②b⑶") == "1.a2.b⑶"
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tchars\tvalues\tform\tnote\nx\t①②\t1\tstop\tn\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"bad\.tsv:2: 2 character\(s\) but 1 value"):
        NumberingNormalizer(rules=str(bad))


def test_pickles_after_use() -> None:
    """A used cleaner pickles and gives the same output."""
    n = NumberingNormalizer(style="ascii")
    out = n("⑴①")
    copy = pickle.loads(pickle.dumps(n))
    assert copy == n and copy("⑴①") == out


def test_amounts_enumerated_with_dunhao_are_not_list_markers() -> None:
    # People's Daily 1998-01: only '１、' followed by text starts a list item
    text = "元旦开始使用的新币有５、１０、５０、１００和５００卢布５种纸币"
    assert normalize_numbering(text) == text
    assert normalize_numbering("１、服务很差。\n２、房间过小。") == "1、服务很差。\n2、房间过小。"

"""Tests of the width step (normalize_width / WidthNormalizer) and the shared width/numbering
case table; laws are one per test, stated in the docstring."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhclean import Pipeline, RuleFileError, get_cleaner, normalize_width
from zhclean.cleaners.numbering import NumberingNormalizer
from zhclean.cleaners.width import WidthNormalizer

from strategies import clean_document, mixed_text, text_without_width_forms, width_text

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads((ROOT / "tests" / "cases" / "width.json").read_text(encoding="utf-8"))["cases"]
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f]")
FW_DIGIT = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}


def _build(case: dict) -> Pipeline:
    options = case.get("options", {})
    steps = []
    for name in case["steps"]:
        cleaner = get_cleaner(name)
        fields = {f.name for f in dataclasses.fields(cleaner)}
        steps.append(dataclasses.replace(cleaner, **{k: v for k, v in options.items() if k in fields}))
    return Pipeline(*steps)


def _case_id(case: dict) -> str:
    return "+".join(case["steps"]) + ":" + case["in"][:16]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["xfail"])) if c.get("xfail") else c
        for c in CASES
    ],
    ids=_case_id,
)
def test_case_table(case: dict) -> None:
    """The curated cases of tests/cases/width.json (real text first) give the recorded output,
    and explain agrees with the fast path on each."""
    pipeline = _build(case)
    got = pipeline(case["in"])
    if "out" in case:
        assert got == case["out"]
    if "contains" in case:
        assert case["contains"] in got
    assert pipeline.explain(case["in"]).text == got


def test_issue_examples() -> None:
    """The examples the issue names, spelled out."""
    assert normalize_width("１２３") == "123"
    assert normalize_width("第１２０期") == "第120期"
    assert normalize_width("Ｗｉｎｄｏｗｓ　ＸＰ系统") == "Windows XP系统"
    for text in ("你好，世界！", "　　段落", "（一）总体要求"):
        assert normalize_width(text) == text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("１２：３０", "12:30"),
        ("比分３：２", "比分3:2"),
        ("１２：３０：４５", "12:30:45"),
        ("iPhone 11：64GB", "iPhone 11：64GB"),
        ("iPhone 11：64ＧＢ", "iPhone 11：64GB"),
        ("时间：10：30开始", "时间：10:30开始"),
        ("发车：6：00AM—10：00AM", "发车：6:00AM—10:00AM"),
        ("3dmark06：27XX分", "3dmark06：27XX分"),
    ],
)
def test_a_colon_between_digits_narrows_in_a_time_or_ratio_only(text: str, want: str) -> None:
    # a label colon before a quantity with a unit is Chinese punctuation
    assert normalize_width(text) == want


def test_explain_names_each_kind_of_change_with_counts() -> None:
    """explain lists every change with its rule id and offsets into the input, and the signals
    count the changes per rule."""
    text = "Ｗｉｎｄｏｗｓ　ＸＰ共１，２００台,价格５０％(含税)。"
    result = WidthNormalizer().explain(text)
    assert result.text == normalize_width(text)
    rules = [c.rule for c in result.changes]
    for rule in ("width.latin", "width.ideographic-space", "width.digit", "width.number-comma",
                 "width.symbol", "width.punct-between-han", "width.paren-between-han"):
        assert rule in rules
    for c in result.changes:
        assert c.step == "width"
        assert text[c.start:c.end] == c.before
    counts = result.signals["rule_counts"]
    assert sum(counts.values()) == len(result.changes)
    assert counts["width.paren-between-han"] == 2
    assert WidthNormalizer().explain("没有变化。").signals == {}


def test_options_are_validated() -> None:
    """A bad option is a ValueError at construction, not a silent no-op."""
    with pytest.raises(ValueError, match="punctuation"):
        WidthNormalizer(punctuation="yes")
    with pytest.raises(ValueError, match="punctuation"):
        normalize_width("x", punctuation="on")


def test_user_rule_file(tmp_path: Path) -> None:
    """A user's rule file replaces the packaged one; a malformed one raises RuleFileError with
    the file and line."""
    good = tmp_path / "w.tsv"
    good.write_text("# only digits\nid\twhen\tfrom\tto\tnote\nmy.digit\talways\t０１\t01\tdigits\n", encoding="utf-8")
    assert WidthNormalizer(rules=str(good))("０１ＡＢ") == "01ＡＢ"
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\twhen\tfrom\tto\tnote\nx.y\tsometimes\t０\t0\tn\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"bad\.tsv:2: unknown context"):
        WidthNormalizer(rules=str(bad))("０")
    bad.write_text("id\twhen\tfrom\tto\tnote\nx.y\talways\t０１\t0\tn\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="equally long"):
        WidthNormalizer(rules=str(bad))("０")


def test_pickles_after_use() -> None:
    """A used cleaner pickles (the compiled tables live outside the dataclass)."""
    w = WidthNormalizer(punctuation="keep")
    w("２０２１")
    assert pickle.loads(pickle.dumps(w)) == w


@given(text=st.one_of(width_text(), mixed_text()), punctuation=st.sampled_from(["between-han", "keep"]))
def test_idempotent(text: str, punctuation: str) -> None:
    """Idempotence: normalizing normalized text changes nothing, in both punctuation modes."""
    once = normalize_width(text, punctuation=punctuation)
    assert normalize_width(once, punctuation=punctuation) == once


@given(text=st.one_of(width_text(), mixed_text()), style=st.sampled_from(["chinese", "ascii"]))
def test_width_then_numbering_idempotent(text: str, style: str) -> None:
    """Idempotence of the two steps as the default preset runs them (width, then numbering):
    neither step finds new work in the other's output."""
    p = Pipeline(WidthNormalizer(), NumberingNormalizer(style=style))
    once = p(text)
    assert p(once) == once


@given(text=text_without_width_forms())
def test_identity_without_fullwidth_forms(text: str) -> None:
    """Identity: text with no full-width form, U+3000 or enumerated character is unchanged
    when punctuation widening is off."""
    assert normalize_width(text, punctuation="keep") == text


@given(text=clean_document())
def test_identity_on_clean_simplified_text(text: str) -> None:
    """Identity: clean simplified prose (CJK punctuation, U+3000 indents, ASCII tokens) is
    unchanged with the default options, widening included."""
    assert normalize_width(text) == text


@given(text=st.one_of(width_text(), mixed_text()))
def test_digits_and_han_never_lost(text: str) -> None:
    """Digits and Han are never lost: the Han characters come out in the same order, and the
    decimal digits (full-width ones narrowed) too."""
    out = normalize_width(text)
    assert HAN.findall(out) == HAN.findall(text)
    digits = lambda s: re.findall(r"[0-9]", s.translate(FW_DIGIT))  # noqa: E731
    assert digits(out) == digits(text)


@given(text=st.one_of(width_text(), mixed_text()))
def test_no_fullwidth_alnum_left_and_cjk_punct_kept(text: str) -> None:
    """Partner law: no full-width letter or digit survives, and ！；？（） (CJK punctuation)
    are never narrowed: their count can only grow (by widening)."""
    out = normalize_width(text)
    assert not re.search("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", out)
    for ch in "！；？（）":
        assert out.count(ch) >= text.count(ch)


@given(text=st.one_of(width_text(), mixed_text()), punctuation=st.sampled_from(["between-han", "keep"]))
def test_explain_matches_call_and_offsets_point_into_input(text: str, punctuation: str) -> None:
    """explain(x).text == call(x), and every change's span holds its `before` in the input."""
    w = WidthNormalizer(punctuation=punctuation)
    result = w.explain(text)
    assert result.text == w(text)
    for c in result.changes:
        assert text[c.start:c.end] == c.before


@given(text=width_text())
def test_widening_never_touches_numbers_or_latin(text: str) -> None:
    """A half-width , : ; ! ? that has an ASCII letter or digit beside it is never widened."""
    out = normalize_width(normalize_width(text, punctuation="keep"), punctuation="between-han")
    narrow = normalize_width(text, punctuation="keep")
    assert len(out) == len(narrow)
    for i, (a, b) in enumerate(zip(narrow, out)):
        if a != b:
            near = narrow[max(0, i - 1):i] + narrow[i + 1:i + 2]
            if a in ",:;!?":
                assert not re.search("[A-Za-z0-9]", near)


def test_committed_doc_equals_generator_output() -> None:
    """docs/width.md is generated from the code's own tables by scripts/gen_width_doc.py, and
    the committed file is exactly what the generator writes today."""
    script = ROOT / "scripts" / "gen_width_doc.py"
    out = subprocess.run([sys.executable, str(script), "--stdout"], capture_output=True, text=True, encoding="utf-8",
                         check=True).stdout
    assert (ROOT / "docs" / "width.md").read_text(encoding="utf-8") == out, (
        "docs/width.md is stale: run python scripts/gen_width_doc.py"
    )


@given(
    text=st.text(st.sampled_from("仿两中ÿ\uff10\uff21\u2460\u2424\u24ff\uffffa0,（\U00020000\ud800"), max_size=30),
    chars=st.text(st.sampled_from("\uff10\uff21\u2460\u24ff\u4eff\U00020000（"), min_size=1, max_size=4),
)
def test_char_probe_agrees_with_a_plain_search(text: str, chars: str) -> None:
    """The fast UTF-16 probe answers exactly "is one of these characters in the text?",
    whatever the neighbouring bytes (U+xxFF before a candidate, surrogates, astral)."""
    from zhclean.cleaners._width_tables import CharProbe

    assert CharProbe(chars)(text) == any(c in text for c in chars)


@given(
    lines=st.lists(
        st.sampled_from(
            [
                "中文,中文;中文", "x=1时,中文", "见http://a.cn/北京,上海,中国", "print(中,文)",
                "（中,文）", "www.a.cn/中,文 中,文", "中(文),文",
            ]
        ),
        min_size=1,
        max_size=60,
    )
)
def test_guard_paths_agree(lines: list[str]) -> None:
    """Code lines and URLs are skipped the same way whether a text has few edits (checked
    line by line) or many (all blocked spans), and explain agrees with the fast path."""
    text = "\n".join(lines)
    w = WidthNormalizer()
    out = w(text)
    assert out == w.explain(text).text
    for src, got in zip(lines, out.split("\n")):
        if "=" in src or "print(" in src:
            assert got == src
        if "http://" in src:
            assert got.startswith("见http://a.cn/北京,上海,中国")

"""Tests of the ``simplified`` step: to_simplified, detect_script and Simplifier (issue 4).

Real data first: OpenCC's own test cases (tests/cases/opencc_testcases.json), 3,493 real
simplified lines (tests/cases/script_lines.txt), seed 002 (a mainland page's "traditional
version"), and the forum pages when ../shared is beside the checkout.
"""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhclean import NotTextError, Pipeline
from zhclean.cleaners import _script_tables
from zhclean.cleaners.script import Simplifier, detect_script, to_simplified

from strategies import clean_document, mixed_text, traditional_text

CASES = Path(__file__).parent / "cases"
VARIANTS = ("t2s", "tw2s", "tw2sp", "hk2s")


def _lines() -> list[str]:
    with open(CASES / "script_lines.txt", encoding="utf-8") as fh:
        return [ln.rstrip("\n") for ln in fh if not ln.startswith("#")]


LINES = _lines()
T2S = opencc.OpenCC("t2s")
CONV = {name: opencc.OpenCC(name) for name in ("s2t", "s2tw", "s2hk")}


def _trad_only(text: str) -> int:
    return len(_script_tables.evidence().traditional.findall(text))


# --- OpenCC's own cases -------------------------------------------------------------------

def _opencc_cases() -> list:
    data = json.loads((CASES / "opencc_testcases.json").read_text(encoding="utf-8"))
    return [
        pytest.param(case["input"], variant, expected, id=f"{case['id']}-{variant}")
        for case in data["cases"]
        for variant, expected in case["expected"].items()
    ]


@pytest.mark.parametrize(("text", "variant", "expected"), _opencc_cases())
def test_opencc_testcases_agree_when_variant_given(text: str, variant: str, expected: str) -> None:
    """OpenCC's test cases (t2s, tw2s, tw2sp, hk2s) agree 100% when the variant is given."""
    assert to_simplified(text, variant=variant) == expected
    assert Simplifier(variant=variant)(text) == expected
    assert Simplifier(variant=variant).explain(text).text == expected


def test_opencc_testcases_cover_all_four_variants() -> None:
    counts = {v: 0 for v in VARIANTS}
    for param in _opencc_cases():
        counts[param.values[1]] += 1
    assert all(n >= 20 for n in counts.values()), counts


# --- real simplified text -----------------------------------------------------------------

KEEP_SIMPLIFIED = "乾塚昇榘藉"  # rules/script_chars.tsv keep.simplified


def _t2s_but_kept(line: str, out: str) -> bool:
    """``out`` is t2s's output, except that keep.simplified characters stayed, and characters
    t2s writes beyond the Basic Multilingual Plane (keep.bmp)."""
    expected = T2S.convert(line)
    if out == expected:
        return True
    return len(out) == len(expected) == len(line) and all(
        o == e or (o == c and (c in KEEP_SIMPLIFIED or ord(e) > 0xFFFF)) for c, o, e in zip(line, out, expected)
    )


def test_simplified_lines_equal_opencc_t2s() -> None:
    """On >= 3,000 real simplified lines, auto's output equals OpenCC t2s's output (由於 ->
    由于, 什麽 -> 什么), line by line and as one document (which goes through the per-line path:
    it mixes scripts), except that a simplified line keeps the 乾 of a name (萧乾)."""
    assert len(LINES) >= 3000
    changed_by_t2s = 0
    for line in LINES:
        changed_by_t2s += T2S.convert(line) != line
        assert _t2s_but_kept(line, to_simplified(line)), line
    assert 0 < changed_by_t2s < len(LINES) // 20  # a few reviews hold traditional characters
    doc = "\n".join(LINES)
    out = to_simplified(doc).split("\n")
    assert all(_t2s_but_kept(a, b) for a, b in zip(LINES, out))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人大常委会副委员长王丙乾等参加了会见。", "人大常委会副委员长王丙乾等参加了会见。"),
        ("去阅读著名作家萧乾在1946年写的文章", "去阅读著名作家萧乾在1946年写的文章"),
        ("学的层面上分析，藉以窥知周恩来的思想", "学的层面上分析，藉以窥知周恩来的思想"),
        ("中午自助餐可能由於没什么生意", "中午自助餐可能由于没什么生意"),
        ("承认自己负有责任的日本大藏大臣三塚博", "承认自己负有责任的日本大藏大臣三塚博"),
        ("委员有朱文榘、伍廷宪等人参加会议", "委员有朱文榘、伍廷宪等人参加会议"),
        ("训练集群Atlas900，昇腾910加持", "训练集群Atlas900，昇腾910加持"),
        ("這是乾燥的天氣", "这是干燥的天气"),
        ("這是繁體字，乾燥。\n副委员长王丙乾参加了会见。", "这是繁体字，干燥。\n副委员长王丙乾参加了会见。"),
    ],
)
def test_a_simplified_line_keeps_the_qian_of_a_name(text: str, expected: str) -> None:
    assert to_simplified(text) == expected
    assert Simplifier().explain(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("港铁公司车务营运总监黄琨暐表示，港铁启动疏散程序。", "港铁公司车务营运总监黄琨暐表示，港铁启动疏散程序。"),
        ("港鐵公司車務營運總監黃琨暐表示", "港铁公司车务营运总监黄琨暐表示"),
        ("陳煇先生說", "陈煇先生说"),
    ],
)
def test_auto_keeps_a_character_whose_simplified_form_is_beyond_the_bmp(text: str, expected: str) -> None:
    # t2s writes 暐 as 𬀩 (U+2C029): simplified pages write 暐, as GBK, fonts and tokenizers have it
    assert any(ord(c) > 0xFFFF for c in T2S.convert(text))
    assert to_simplified(text) == expected
    assert Simplifier().explain(text).text == expected
    assert to_simplified(text, variant="t2s") == T2S.convert(text)  # a named variant is OpenCC's


def test_simplified_lines_never_get_a_regional_converter() -> None:
    """tw2sp rewrites mainland phrasing; auto must not, even with Taiwan words around."""
    tw2sp = opencc.OpenCC("tw2sp")
    rewritten = [ln for ln in LINES if T2S.convert(ln) == ln and tw2sp.convert(ln) != ln]
    assert rewritten  # tw2sp would change some of these lines
    for line in rewritten:
        assert to_simplified(line) == line
        assert to_simplified(line + "\n我的軟體要用滑鼠，網路很慢。").split("\n")[0] == line


def test_forum_and_seed_simplified_lines_unchanged(seeds_dir: Path) -> None:
    """The kept lines of the simplified seeds and of the forum pages come out as t2s gives
    them (a few menu items such as 正體中文 and a user name are traditional), except that a
    simplified line keeps its 乾."""
    lines = []
    for n in ("000", "001", "003", "004"):
        text = next(seeds_dir.glob(f"{n}_*.txt")).read_text(encoding="utf-8").split("\n")
        with open(seeds_dir / f"{n}.lines.tsv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["label"] == "keep":
                    lines.append(text[int(row["line"]) - 1])
    forum = seeds_dir.parent / "magichtml-forum" / "forum.jsonl"
    if forum.is_file():
        for raw in forum.read_text(encoding="utf-8").splitlines():
            lines += [ln["text"] for ln in json.loads(raw)["lines"]]
    assert len(lines) > 300
    for line in lines:
        assert _t2s_but_kept(line, to_simplified(line)), line  # (the user name 乾乾 stays)
    assert sum(T2S.convert(line) != line for line in lines) <= 10


# --- seed 002 -----------------------------------------------------------------------------

def _seed_002_without_artifacts(seeds_dir: Path) -> list[str]:
    """Seed 002's kept lines with the gold inline spans removed (pinyin, injected text) and
    mojibake spans replaced by their gold original, as the artifacts step should leave them."""
    text = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8").split("\n")
    spans: dict[int, list[tuple[int, int, str]]] = {}
    with open(seeds_dir / "002.inline.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            repl = row["original"] if row["kind"] == "mojibake" else ""
            spans.setdefault(int(row["line"]), []).append((int(row["start"]), int(row["end"]), repl))
    out = []
    with open(seeds_dir / "002.lines.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["label"] != "keep":
                continue
            number = int(row["line"])
            line = text[number - 1]
            mask = [True] * len(line)
            inserts: dict[int, str] = {}
            for start, end, repl in spans.get(number, []):
                for k in range(start, end):
                    mask[k] = False
                if repl:
                    inserts[start] = repl
            out.append("".join(inserts.get(k, "") + (ch if mask[k] else "") for k, ch in enumerate(line)))
    return out


def test_seed_002_has_no_traditional_characters_left(seeds_dir: Path) -> None:
    """Seed 002 (a mainland site's traditional version) comes out with no traditional
    character left once its inline artifacts are removed."""
    lines = _seed_002_without_artifacts(seeds_dir)
    doc = "\n".join(lines)
    assert detect_script(doc).label == "traditional"
    out = to_simplified(doc)
    assert _trad_only(out) == 0
    assert T2S.convert(out) == out  # nothing t2s would still change
    assert detect_script(out).label == "simplified"
    assert "大同市有关开展" in out


# --- detect_script ------------------------------------------------------------------------

def _opencc_evidence(before: str, after: str) -> int:
    """How many characters OpenCC s2t changes between a simplified text and its conversion:
    the detector-independent measure of how much script evidence a text carries."""
    return sum(a != b for a, b in zip(before, after)) if len(before) == len(after) else 1


def _detect_set() -> list[tuple[str, str]]:
    """(text, expected label): real simplified lines that carry script evidence, the same
    lines through s2t, s2tw and s2hk, and mixes of a simplified line with the traditional
    version of the next one where each part carries at least a quarter of the evidence."""
    simp = [ln for ln in LINES if T2S.convert(ln) == ln and CONV["s2t"].convert(ln) != ln]
    out = [(ln, "simplified") for ln in simp]
    for cv in CONV.values():
        out += [(cv.convert(ln), "traditional") for ln in simp]
    names = list(CONV)
    for i, (a, b) in enumerate(zip(simp, simp[1:])):
        trad_b = CONV[names[i % 3]].convert(b)
        ea = _opencc_evidence(a, CONV["s2t"].convert(a))
        eb = _opencc_evidence(b, trad_b)
        if min(ea, eb) >= 0.25 * (ea + eb):
            out.append((a + trad_b if i % 2 else trad_b + a, "mixed"))
    return out


def test_detect_script_accuracy_on_real_lines() -> None:
    """detect_script is >= 99% accurate on real simplified lines, the same lines through
    OpenCC s2t/s2tw/s2hk, and mixes of both (each label class on its own too)."""
    data = _detect_set()
    per: dict[str, list[int]] = {}
    for text, expected in data:
        ok = detect_script(text).label == expected
        per.setdefault(expected, [0, 0])
        per[expected][0] += ok
        per[expected][1] += 1
    assert per["simplified"][1] >= 3000 and per["mixed"][1] >= 1000
    total = sum(v[0] for v in per.values()) / sum(v[1] for v in per.values())
    assert total >= 0.99, per
    for label, (ok, n) in per.items():
        assert ok / n >= 0.99, (label, ok, n)


def test_detect_script_report() -> None:
    r = detect_script("我們說中文，我们说中文")
    assert (r.label, r.traditional, r.simplified, r.ratio) == ("mixed", 2, 2, 0.5)
    assert detect_script("").label == "none"
    assert detect_script("abc 123").as_dict() == {"script": "none", "ratio": 0.0, "traditional": 0, "simplified": 0}
    # characters valid in both scripts are no evidence
    assert detect_script("在公里外的台上").label == "none"
    assert detect_script("乾隆於是").label == "none"


# --- auto: regions, segments, quirks ------------------------------------------------------

def test_auto_picks_taiwan_only_on_evidence() -> None:
    tw = "我的軟體壞了，滑鼠也不能用，網路很慢。"
    assert to_simplified(tw) == "我的软件坏了，鼠标也不能用，网络很慢。"
    assert Simplifier().explain(tw).signals["variant"] == "tw2sp"
    plain = "我們說著話，看著書。"  # no regional vocabulary: t2s
    assert to_simplified(plain) == T2S.convert(plain)
    assert Simplifier().explain(plain).signals["variant"] == "t2s"


def test_auto_picks_hong_kong_on_evidence() -> None:
    hk = "佢哋話呢條綫路唔得，衞生署嘅人嚟咗。"
    assert to_simplified(hk) == opencc.OpenCC("hk2s").convert(hk)
    assert "卫生" in to_simplified(hk)
    assert Simplifier().explain(hk).signals["variant"] == "hk2s"


def test_auto_converts_only_traditional_and_mixed_lines() -> None:
    simplified_line = "我的滑鼠坏了，打坏了两个。"  # tw2sp would give 鼠标; t2s would give 打坯
    doc = "\n".join([simplified_line, "這個軟體要用滑鼠操作。", "我們说中文。"])
    out = to_simplified(doc).split("\n")
    assert out[0] == simplified_line
    assert out[1] == "这个软件要用鼠标操作。"
    assert out[2] == "我们说中文。"


def test_opencc_phrase_quirk_left_alone_in_simplified_text() -> None:
    """t2s turns simplified 打坏 into 打坯 (a TSPhrases entry meant for the traditional 坏
    = 坯); auto leaves text without traditional characters alone."""
    assert T2S.convert("打坏了") == "打坯了"
    assert to_simplified("打坏了") == "打坏了"
    assert to_simplified("打坏了", variant="t2s") == "打坯了"  # a given variant is OpenCC's output


def test_fast_path_never_calls_opencc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text without a character t2s could change never reaches OpenCC."""
    to_simplified("預熱")

    def boom(variant: str):
        raise AssertionError(f"OpenCC called for {variant}")

    monkeypatch.setattr("zhclean.cleaners.script.converter", boom)
    for line in LINES[:500]:
        if T2S.convert(line) == line:
            assert to_simplified(line) == line
    assert to_simplified("ascii only") == "ascii only"


def test_explain_reports_variant_spans_and_counts() -> None:
    text = "前言\n我們的軟體\n结束"
    result = Simplifier().explain(text)
    assert result.text == "前言\n我们的软件\n结束"
    assert [(c.rule, c.before, c.after, c.start, c.end) for c in result.changes] == [
        ("opencc.tw2sp", "們", "们", 4, 5),
        ("opencc.tw2sp", "軟體", "软件", 6, 8),
    ]
    for c in result.changes:
        assert text[c.start : c.end] == c.before
    sig = result.signals
    assert sig["script"] == "mixed" and sig["variant"] == "tw2sp" and sig["changed_chars"] == 3
    assert sig["region_evidence"] == ["tw.word.001"]
    json.dumps(sig)
    assert Simplifier().explain("中文").signals == {"script": "none", "ratio": 0.0}


def test_explain_spans_when_length_changes() -> None:
    text = "唐氏症的SQL隱碼攻擊"
    result = Simplifier(variant="tw2sp").explain(text)
    assert result.text == opencc.OpenCC("tw2sp").convert(text)
    rebuilt, pos = [], 0
    for c in result.changes:
        assert text[c.start : c.end] == c.before
        rebuilt.append(text[pos : c.start] + c.after)
        pos = c.end
    assert "".join(rebuilt) + text[pos:] == result.text


# --- contract -----------------------------------------------------------------------------

def test_bad_input() -> None:
    with pytest.raises(NotTextError):
        to_simplified(b"\xe4\xb8\xad")  # type: ignore[arg-type]
    with pytest.raises(NotTextError):
        detect_script(b"abc")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="s2t"):
        to_simplified("中文", variant="s2t")
    with pytest.raises(ValueError, match="auto"):
        Simplifier(variant="tw")


def test_pickles_after_use_for_every_variant() -> None:
    for variant in ("auto", *VARIANTS):
        s = Simplifier(variant=variant)
        assert s("我們") == "我们"
        copy = pickle.loads(pickle.dumps(s))
        assert copy == s and copy("我們") == "我们"
    assert "variant='tw2sp'" in repr(Simplifier(variant="tw2sp"))


@given(text=st.one_of(traditional_text(), mixed_text(), clean_document()))
def test_idempotent_and_no_traditional_left(text: str) -> None:
    """Idempotence, and the partner law: after the step no traditional-only character is
    left, and explain gives the same text with spans that point into the input."""
    once = to_simplified(text)
    assert to_simplified(once) == once
    assert _trad_only(once) == 0
    result = Simplifier().explain(text)
    assert result.text == once
    for c in result.changes:
        assert text[c.start : c.end] == c.before


@given(text=clean_document())
def test_identity_on_simplified(text: str) -> None:
    """Identity: clean simplified text passes through unchanged, in a pipeline too."""
    assert to_simplified(text) == text
    assert Pipeline(Simplifier())(text) == text


@pytest.mark.parametrize(
    "doc",
    [
        "這個軟體要用滑鼠，網路很慢。\n我的滑鼠坏了，打坏了两个。\n我們说中文，網路也慢。",
        "佢哋話呢條綫路唔得。\n我们说中文。\n衞生署嘅人嚟咗，我們說",
        "深沈的夜\n我們說著話\n回覆：好的",
    ],
)
def test_idempotent_on_region_and_quirk_documents(doc: str) -> None:
    """Idempotence where auto mixes converters: regional lines, t2s lines, kept lines."""
    once = to_simplified(doc)
    assert to_simplified(once) == once
    assert _trad_only(once) == 0
    assert Simplifier().explain(doc).text == once


def test_all_real_lines_as_documents_are_idempotent() -> None:
    """The real lines (simplified, and through s2t/s2tw/s2hk) in 8-line documents."""
    for cv in (None, *CONV.values()):
        lines = LINES if cv is None else [cv.convert(ln) for ln in LINES[:800]]
        for i in range(0, len(lines), 8):
            doc = "\n".join(lines[i : i + 8])
            once = to_simplified(doc)
            assert to_simplified(once) == once
            assert _trad_only(once) == 0

"""strip_artifacts / ArtifactStripper: cases, seed labels, laws, explain, speed guards.

Identity on clean simplified text, totality, idempotence on mixed text, composition and
pickling are the registry-wide laws in tests/property (run with ``-k artifacts``).
"""

from __future__ import annotations

import collections
import json
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhclean import NotTextError
from zhclean.cleaners._artifacts_data import tables
from zhclean.cleaners.artifacts import ArtifactStripper, strip_artifacts
from zhclean.errors import RuleFileError
from zhclean.rules import load_rules

from strategies import LESSON_GLOSSES, TRAD_GLOSSES, glossed_document, mixed_text, pinyin_lesson

CASES = json.loads((Path(__file__).parent / "cases" / "artifacts.json").read_text(encoding="utf-8"))["cases"]
RULE_IDS = {r["id"] for r in load_rules(packaged="artifacts.tsv", required=("kind", "value")) if r["kind"] == "rule"}


def _case_params() -> list:
    out = []
    for c in CASES:
        marks = [pytest.mark.xfail(reason=c["xfail"], strict=True)] if "xfail" in c else []
        out.append(pytest.param(c, id=c["name"][:60], marks=marks))
    return out


@pytest.mark.parametrize("case", _case_params())
def test_curated_case(case: dict) -> None:
    """Each curated case gives its expected output, and explain names the expected rules."""
    assert strip_artifacts(case["in"]) == case["out"]
    if "rules" in case:
        assert [c.rule for c in ArtifactStripper().explain(case["in"]).changes] == case["rules"]


def _seed_lines(seeds_dir: Path, stem: str):
    text = next(seeds_dir.glob(f"{stem}_*.txt")).read_text(encoding="utf-8").split("\n")
    rows = (seeds_dir / f"{stem}.inline.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    spans = collections.defaultdict(list)
    for row in rows[1:]:
        r = dict(zip(head, row.split("\t")))
        if r["kind"] in ("pinyin", "injected"):
            spans[int(r["line"])].append((int(r["start"]), int(r["end"])))
    for number, line_spans in sorted(spans.items()):
        line = text[number - 1]
        mask = [False] * len(line)
        for a, b in line_spans:
            mask[a:b] = [True] * (b - a)
        yield number, line, "".join(ch for ch, m in zip(line, mask) if not m)


@pytest.mark.parametrize("stem", ["001", "002"])
def test_seed_lines_match_gold_exactly(seeds_dir: Path, stem: str) -> None:
    """On every labelled seed line, one line at a time (as score_seeds.py calls it), the output
    is the line with exactly the labelled pinyin and injected spans removed."""
    for number, line, want in _seed_lines(seeds_dir, stem):
        assert strip_artifacts(line) == want, f"{stem}:{number}"


def test_seed_documents_whole(seeds_dir: Path) -> None:
    """Given whole documents, the labelled lines come out as gold, and documents without
    inline labels come out unchanged (000, 003, 004 are simplified pages with 网 in them)."""
    for stem in ("000", "003", "004"):
        text = next(seeds_dir.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")
        assert strip_artifacts(text) == text, stem
    for stem in ("001", "002"):
        text = next(seeds_dir.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")
        out = strip_artifacts(text).split("\n")
        for number, _, want in _seed_lines(seeds_dir, stem):
            assert out[number - 1] == want, f"{stem}:{number}"


def test_explain_offsets_and_rules(seeds_dir: Path) -> None:
    """explain: every change names a rule id of artifacts.tsv; offsets point into the input
    (input[start:end] == before); changes do not overlap; removing them gives the output."""
    text = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    result = ArtifactStripper().explain(text)
    assert result.text == strip_artifacts(text)
    pos = 0
    rebuilt = []
    for c in result.changes:
        assert c.step == "artifacts" and c.rule in RULE_IDS and c.after == ""
        assert text[c.start : c.end] == c.before and c.start >= pos
        rebuilt.append(text[pos : c.start])
        pos = c.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text
    assert result.signals["removed"]["pinyin.gloss"] > 400
    json.dumps(result.signals)


def test_gloss_tables_fit() -> None:
    """The strategies' glosses fit the packaged reading table, and lesson characters are not
    traditional-only (otherwise the laws below would test nothing)."""
    tb = tables()
    for char, reading in TRAD_GLOSSES:
        assert ord(char) in tb.t2s and char in tb.readings[reading], char
    for char, _ in LESSON_GLOSSES:
        assert ord(char) not in tb.t2s, char


@given(pair=glossed_document())
def test_partner_injected_glosses_are_removed(pair: tuple[str, str]) -> None:
    """Partner law: glosses injected after traditional characters are removed, and nothing
    else changes."""
    injected, expected = pair
    assume(not any(w in injected for w in tables().teaching))
    assert strip_artifacts(injected) == expected


@given(text=pinyin_lesson())
def test_pinyin_lesson_survives(text: str) -> None:
    """Teaching text: glosses on simplified characters (学(xué)习) are content."""
    assert strip_artifacts(text) == text


@given(pair=glossed_document())
def test_idempotent_on_glossed(pair: tuple[str, str]) -> None:
    """Idempotence on glossed documents; explain gives the same text as the call."""
    once = strip_artifacts(pair[0])
    assert strip_artifacts(once) == once
    assert ArtifactStripper().explain(pair[0]).text == once


@given(text=mixed_text())
def test_explain_before_matches_input(text: str) -> None:
    """On any text, every change's before is the input slice at its offsets."""
    result = ArtifactStripper().explain(text)
    for c in result.changes:
        assert text[c.start : c.end] == c.before


def test_bytes_raise() -> None:
    with pytest.raises(NotTextError):
        strip_artifacts(b"\xe4\xb8\xad")  # type: ignore[arg-type]


def test_pickles_after_use() -> None:
    step = ArtifactStripper()
    assert step("醫(yī)") == "醫"
    assert pickle.loads(pickle.dumps(step))("醫(yī)") == "醫"


@pytest.mark.parametrize(
    "piece",
    [
        "(a:;", "(工作网:;", "醫(yī)", "网", "竭医学考研网", "((((", "。住院醫(yī)師\n", "(" + "x" * 7, "之家之家",
        "【www.a", "【a.com - ", "，www.a", "字，http://www.a.b", "，文章来源于网", "。更多请访问：", "字(www.a.com",
        "字【学习网", "本文由a",
    ],
)
def test_long_lines_are_linear(piece: str) -> None:
    """No catastrophic backtracking: a ~1 MB line of a pathological piece is handled fast."""
    text = piece * (1_000_000 // len(piece))
    start = time.perf_counter()
    strip_artifacts(text)
    ArtifactStripper().explain(text[:200_000])
    assert time.perf_counter() - start < 20


def test_user_rule_file_adds_suffixes(tmp_path: Path) -> None:
    """A user's rule file adds site-name suffixes; the step with that file removes a splice
    that the packaged rules do not know, and still pickles."""
    text = "各单位要竭范文大全尽全力做好工作。"
    assert strip_artifacts(text) == text
    path = tmp_path / "mine.tsv"
    path.write_text("# my sites\nid\tkind\tvalue\tnote\nmy.daquan\tsuffix\t大全\tseen on my crawl\n", encoding="utf-8")
    assert strip_artifacts(text, rules=path) == "各单位要竭尽全力做好工作。"
    step = ArtifactStripper(rules=str(path))
    assert [c.rule for c in step.explain(text).changes] == ["site.splice-word"]
    assert pickle.loads(pickle.dumps(step))(text) == "各单位要竭尽全力做好工作。"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("x.bad\trule\t\tno", "kind must be"),
        ("suffix.wang-s\tsuffix\t网\t", "already packaged"),
        ("x.e\tsuffix\t \t", "empty"),
    ],
)
def test_user_rule_file_errors(tmp_path: Path, row: str, reason: str) -> None:
    """A malformed user rule file raises RuleFileError naming the file and line."""
    path = tmp_path / "bad.tsv"
    path.write_text("id\tkind\tvalue\tnote\n" + row + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=reason) as info:
        strip_artifacts("醫(yī)", rules=str(path))
    assert info.value.line == 2


# Pieces of every family the step knows, to shake out interactions between its passes.
_PIECES = (
    "醫(yī)", "學(xué)", "(yī)", "（xué）", "網(wǎng)", "网", "之家", "在线", "竭", "尽全力", "盡全力",
    "改", "革", "(", "（", ")", "）", ":;", "工作总结之家:;", "卫生资讯网:", "。", "、", "，",
    "\n", "医学考研网", "住院醫(yī)師", "学(xué)", "拼音", "【www.a.com - 工作】", "【", "】", " ",
    "大", "家", "医", "们(men)", "顒(dòng)", "?shù)", "醫學全在線\n", "版权所有",
)


@given(text=st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_passes_compose_cleanly(text: str) -> None:
    """Across all families: the call is idempotent, explain gives the same text, its changes
    are ordered, do not overlap, slice the input exactly, and removing them gives the output."""
    out = strip_artifacts(text)
    assert strip_artifacts(out) == out
    result = ArtifactStripper().explain(text)
    assert result.text == out
    pos, kept = 0, []
    for c in result.changes:
        assert c.start >= pos and text[c.start : c.end] == c.before
        kept.append(text[pos : c.start])
        pos = c.end
    kept.append(text[pos:])
    assert "".join(kept) == out


def test_rule_ids_in_code_and_data_agree() -> None:
    """Every rule id the code can name is a `rule` row of artifacts.tsv, and every such row is
    used: explain never names an undocumented rule."""
    import re

    import zhclean.cleaners._artifacts_watermarks as watermarks
    import zhclean.cleaners.artifacts as module

    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (module, watermarks))
    in_code = set(re.findall(r'"((?:pinyin|site|injected)\.[a-z-]+)"', source))
    assert in_code == RULE_IDS


def test_a_splice_never_spans_a_line_break() -> None:
    # '$' in the look-back also matched before a final newline: '\n网' was taken out as a
    # token that cut 一心一意, and two lines became one
    text = "他们一心一\n网意地工作"
    assert strip_artifacts(text) == text

"""Laws of find_placeholders and its two cleaners (issue 7), one law per test."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhclean.cleaners.placeholders import (
    CANDIDATE_CHARS,
    PlaceholderDetector,
    PlaceholderMasker,
    find_placeholders,
    template_score,
)

from strategies import (
    any_text,
    clean_document,
    mixed_text,
    sentence_with_placeholder,
    text_with_lookalikes,
)

ANY = st.one_of(any_text(), mixed_text(), text_with_lookalikes(), sentence_with_placeholder().map(lambda t: t[0]))


@given(text=ANY)
def test_spans_lie_within_the_text_and_match(text: str) -> None:
    """Spans: 0 <= start < end <= len(text), text[start:end] == .text, in text order and not
    overlapping, each with a known kind and a rule id."""
    last = 0
    for p in find_placeholders(text):
        assert 0 <= last <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == p.text
        assert p.kind in {"year", "date", "place", "org", "person", "number", "blank", "other"} and p.rule
        last = p.end


@given(line=st.one_of(mixed_text(), sentence_with_placeholder().map(lambda t: t[0])),
       before=clean_document(max_lines=3), after=clean_document(max_lines=3))
def test_a_line_keeps_its_findings_inside_a_document(line: str, before: str, after: str) -> None:
    """Embedding: every placeholder found in a line is found, at the shifted offsets, when
    the line sits between other lines of a document."""
    alone = find_placeholders(line)
    doc = before + "\n" + line + "\n" + after
    offset = len(before) + 1
    inside = {(p.start - offset, p.end - offset, p.kind, p.rule) for p in find_placeholders(doc)}
    for p in alone:
        assert (p.start, p.end, p.kind, p.rule) in inside


@given(text=st.one_of(any_text(), mixed_text(), clean_document()))
def test_no_candidate_character_no_finding(text: str) -> None:
    """Text holding none of X x × ＊ * _ 某 ○ (nor the full-width Ｘ ｘ ＿, the ideographic zero
    〇, or a bracket of an empty pair) gets no finding and a score of 0."""
    for ch in CANDIDATE_CHARS:
        text = text.replace(ch, "")
    assert find_placeholders(text) == ()
    assert template_score(text) == 0.0


@given(pair=sentence_with_placeholder())
def test_injected_placeholders_are_found(pair: tuple[str, tuple[int, int]]) -> None:
    """Partner law: a template placeholder injected at a clause start is found."""
    text, (start, end) = pair
    assert any(p.start < end and start < p.end for p in find_placeholders(text)), text


@given(text=text_with_lookalikes())
def test_lookalikes_are_left_alone(text: str) -> None:
    """Partner law: sentences made of look-alikes (X光, x86, 3×4, 王某某 ...) have no finding."""
    assert find_placeholders(text) == ()


@given(text=ANY)
def test_detector_is_the_identity(text: str) -> None:
    """Detect, never edit: the detector returns its input, and explain says so."""
    d = PlaceholderDetector()
    assert d(text) == text
    result = d.explain(text)
    assert result.text == text and result.changes == ()
    assert result.signals["count"] == len(result.signals["findings"])
    assert 0.0 <= result.signals["template_score"] <= 1.0


@given(text=ANY)
def test_masker_is_idempotent(text: str) -> None:
    """Masking masked text changes nothing, and explain gives the same text as the call."""
    m = PlaceholderMasker()
    once = m(text)
    assert m(once) == once
    assert m.explain(text).text == once

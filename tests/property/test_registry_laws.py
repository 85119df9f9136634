"""Laws every registered cleaner and every preset keeps (DESIGN.md, "Promises").

They are parametrized over the registry, so a cleaner added later is covered without new
test code. Each test states its law in its docstring.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import PRESETS, REGISTRY, NotTextError, Pipeline, get_cleaner

from strategies import any_text, clean_document, mixed_text

STEPS = sorted(REGISTRY)
PIPELINES = [pytest.param(Pipeline.from_names([n]), id=n) for n in STEPS] + [
    pytest.param(Pipeline.from_preset(p), id=f"preset:{p}") for p in sorted(PRESETS)
]


@pytest.mark.parametrize("pipeline", PIPELINES)
@given(text=st.one_of(any_text(), mixed_text()))
def test_total_on_any_str(pipeline: Pipeline, text: str) -> None:
    """Totality: every cleaner and preset maps any str to a str without raising."""
    assert isinstance(pipeline(text), str)


@pytest.mark.parametrize("pipeline", PIPELINES)
@given(text=st.one_of(mixed_text(), clean_document()))
def test_idempotent(pipeline: Pipeline, text: str) -> None:
    """Idempotence: cleaning cleaned text changes nothing."""
    once = pipeline(text)
    assert pipeline(once) == once


@pytest.mark.parametrize("pipeline", PIPELINES)
@given(text=clean_document())
def test_identity_on_clean_simplified_text(pipeline: Pipeline, text: str) -> None:
    """Identity: clean simplified prose passes through byte for byte."""
    assert pipeline(text) == text


@pytest.mark.parametrize("pipeline", PIPELINES)
@given(text=st.one_of(mixed_text(), clean_document()))
def test_explain_text_matches_call(pipeline: Pipeline, text: str) -> None:
    """Explanation matches output: explain(x).text == pipeline(x), and only steps that
    changed something are recorded."""
    result = pipeline.explain(text)
    assert result.text == pipeline(text)
    for step in result.steps:
        assert step.step in pipeline.names


@pytest.mark.parametrize("first", STEPS)
@pytest.mark.parametrize("second", STEPS)
@settings(max_examples=25)
@given(text=mixed_text(60))
def test_composition(first: str, second: str, text: str) -> None:
    """Composition: Pipeline(a, b)(x) == b(a(x))."""
    a, b = get_cleaner(first), get_cleaner(second)
    expected = b(a(text)) if b.rewrites else a(text)
    expected = expected if a.rewrites else (b(text) if b.rewrites else text)
    assert Pipeline(a, b)(text) == expected


@pytest.mark.parametrize("pipeline", PIPELINES)
@given(text=mixed_text())
def test_pickle_round_trip_after_use(pipeline: Pipeline, text: str) -> None:
    """Pickling: a pipeline that has been used (lazy resources built) pickles, and the copy
    gives the same output."""
    out = pipeline(text)
    copy = pickle.loads(pickle.dumps(pipeline))
    assert copy(text) == out
    assert copy.names == pipeline.names


@pytest.mark.parametrize("pipeline", PIPELINES)
@pytest.mark.parametrize("value", [b"\xe4\xb8\xad\xe6\x96\x87", bytearray(b"abc"), 42, None])
def test_non_str_raises_typed_error(pipeline: Pipeline, value: object) -> None:
    """Bytes at the edge: a text cleaner given bytes (or anything not str) raises
    NotTextError, which says to call decode_bytes."""
    with pytest.raises(NotTextError, match=r"decode_bytes|pass a str"):
        pipeline(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", STEPS)
def test_registry_names_are_one_name_everywhere(name: str) -> None:
    """One name: the registry key, the cleaner's name and the step in an explanation agree."""
    cleaner = get_cleaner(name)
    assert cleaner.name == name
    assert cleaner.summary and "\n" not in cleaner.summary

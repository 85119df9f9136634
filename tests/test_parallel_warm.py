"""warm(helper=True): a forked helper builds plain-data tables while the parent builds the rest."""

from __future__ import annotations

import os

import pytest

from zhclean import Pipeline
from zhclean._records import _PROBED, RecordOptions, _helper_result, _start_helper, _state, install, warm
from zhclean.cleaners._artifacts_data import word_tables
from zhclean.cleaners._script_tables import probed

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is a forked process")


def test_the_helper_hands_over_the_tables_this_process_builds() -> None:
    child = _start_helper(["probes", "words"])
    assert child is not None
    got = _helper_result(*child)
    assert got["words"] == word_tables()
    assert got["probes"] == probed(_PROBED)


def test_a_failing_helper_hands_over_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import zhclean._records as records

    def fail(kinds: list[str]) -> dict:
        raise RuntimeError("no tables")

    monkeypatch.setattr(records, "_helper_tables", fail)
    child = _start_helper(["words"])
    assert child is not None
    assert _helper_result(*child) == {}


def test_warm_with_a_helper_leaves_the_output_alone() -> None:
    text = "這是繁體字，醫(yī)學(xué)。\n首页 > 新闻\n正文：今天天气很好，我们去公园散步。\n"
    pipeline = Pipeline.from_preset("default")
    expected = pipeline(text)
    install(pipeline, RecordOptions())
    try:
        warm(helper=True)
        assert pipeline(text) == expected
    finally:
        _state.clear()

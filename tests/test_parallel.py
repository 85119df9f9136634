"""The CLI's ordered, bounded parallel map: order kept, and tables built once in the parent."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from zhclean._parallel import ordered_map
from zhclean._records import RecordOptions, _state, install, warm

_WARMED: list[int] = []


def _warm_here() -> None:
    _WARMED.append(os.getpid())


def _double_and_inherited(x: int) -> tuple[int, bool, int]:
    return 2 * x, bool(_WARMED), os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_input_order(jobs: int) -> None:
    out = list(ordered_map(_double_and_inherited, range(40), jobs=jobs, depth=2))
    assert [r[0] for r in out] == [2 * x for x in range(40)]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers inherit state only when forked")
def test_warm_runs_once_in_the_parent_and_workers_inherit_it() -> None:
    _WARMED.clear()
    out = list(ordered_map(_double_and_inherited, range(8), jobs=2, warm=_warm_here))
    assert _WARMED == [os.getpid()]
    assert all(inherited for _, inherited, _ in out)
    assert {pid for _, _, pid in out} - {os.getpid()}, "the items ran in worker processes"
    _WARMED.clear()


def test_warm_runs_the_installed_pipeline_and_template_detector() -> None:
    from zhclean import Pipeline

    install(Pipeline.from_names(["simplified", "width"]), RecordOptions(drop_templates=0.5))
    try:
        warm()
        assert _state["detector"] is not None
    finally:
        _state.clear()

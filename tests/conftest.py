"""Hypothesis profiles: ``dev`` (quick, the default) and ``ci`` (thorough, derandomized).

CI selects ``ci`` with ``HYPOTHESIS_PROFILE=ci`` (see .ci/run); a developer can do the same.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed documents and their gold labels; tests that need them skip when absent."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside this checkout")
    return path

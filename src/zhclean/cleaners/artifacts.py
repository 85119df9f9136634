"""remove inline noise: pinyin glued after characters, injected site names (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["strip_artifacts", "ArtifactStripper"]


def strip_artifacts(text: str) -> str:
    """Identity for now."""
    return require_text(text, "strip_artifacts")


@dataclass(frozen=True)
class ArtifactStripper(Cleaner):
    """Remove inline noise: pinyin glued after characters, injected site names."""

    name: ClassVar[str] = "artifacts"
    summary: ClassVar[str] = "remove inline noise: pinyin glued after characters, injected site names"

    def explain(self, text: str) -> StepResult:
        return StepResult(strip_artifacts(text))

"""convert traditional Chinese to simplified (OpenCC), only where the text is traditional (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["to_simplified", "Simplifier"]


def to_simplified(text: str) -> str:
    """Identity for now."""
    return require_text(text, "to_simplified")


@dataclass(frozen=True)
class Simplifier(Cleaner):
    """Convert traditional Chinese to simplified (OpenCC), only where the text is traditional."""

    name: ClassVar[str] = "simplified"
    summary: ClassVar[str] = "convert traditional Chinese to simplified (OpenCC), only where the text is traditional"

    def explain(self, text: str) -> StepResult:
        return StepResult(to_simplified(text))

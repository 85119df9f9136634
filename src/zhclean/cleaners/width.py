"""full-width digits and letters to ASCII, keeping CJK punctuation full-width (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["normalize_width", "WidthNormalizer"]


def normalize_width(text: str) -> str:
    """Identity for now."""
    return require_text(text, "normalize_width")


@dataclass(frozen=True)
class WidthNormalizer(Cleaner):
    """Full-width digits and letters to ASCII, keeping CJK punctuation full-width."""

    name: ClassVar[str] = "width"
    summary: ClassVar[str] = "full-width digits and letters to ASCII, keeping CJK punctuation full-width"

    def explain(self, text: str) -> StepResult:
        return StepResult(normalize_width(text))

"""enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["normalize_numbering", "NumberingNormalizer"]


def normalize_numbering(text: str) -> str:
    """Identity for now."""
    return require_text(text, "normalize_numbering")


@dataclass(frozen=True)
class NumberingNormalizer(Cleaner):
    """Enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form."""

    name: ClassVar[str] = "numbering"
    summary: ClassVar[str] = "enumerated characters (①⑴⒈Ⅳ㈠, １．) to one consistent list-marker form"

    def explain(self, text: str) -> StepResult:
        return StepResult(normalize_numbering(text))

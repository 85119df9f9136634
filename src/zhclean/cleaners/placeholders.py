"""Placeholder detection in template documents (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["Placeholder", "find_placeholders", "template_score", "PlaceholderDetector", "PlaceholderMasker"]


@dataclass(frozen=True)
class Placeholder:
    """A masked specific in a template: ``text[start:end]`` is the mask itself."""

    start: int
    end: int
    kind: str
    text: str
    rule: str = ""


def find_placeholders(text: str) -> tuple[Placeholder, ...]:
    """Nothing found for now."""
    require_text(text, "find_placeholders")
    return ()


def template_score(text: str) -> float:
    """0.0 for now."""
    require_text(text, "template_score")
    return 0.0


@dataclass(frozen=True)
class PlaceholderDetector(Cleaner):
    """Finds placeholders; never edits text."""

    name: ClassVar[str] = "placeholders"
    summary: ClassVar[str] = "detect template placeholders (20xx年, XX市, ××, ____); reports, never edits"
    rewrites: ClassVar[bool] = False

    def __call__(self, text: str) -> str:
        return require_text(text, "placeholders")

    def explain(self, text: str) -> StepResult:
        found = find_placeholders(text)
        return StepResult(text, (), {"count": len(found), "template_score": template_score(text)})


@dataclass(frozen=True)
class PlaceholderMasker(Cleaner):
    """Replaces each placeholder with a canonical token per kind (off by default)."""

    name: ClassVar[str] = "mask-placeholders"
    summary: ClassVar[str] = "replace placeholders with one canonical token per kind (not in the default preset)"

    def explain(self, text: str) -> StepResult:
        return StepResult(require_text(text, "mask-placeholders"))

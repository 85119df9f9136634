"""remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["strip_boilerplate", "BoilerplateStripper"]


def strip_boilerplate(text: str) -> str:
    """Identity for now."""
    return require_text(text, "strip_boilerplate")


@dataclass(frozen=True)
class BoilerplateStripper(Cleaner):
    """Remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers."""

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = "remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers"

    def explain(self, text: str) -> StepResult:
        return StepResult(strip_boilerplate(text))

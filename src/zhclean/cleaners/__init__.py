"""The registry: one name per cleaner, used by the API, the CLI and explanations; and presets.

A preset is a tuple of step names in the order they run. The default preset's order is a
design decision (see docs/pipelines.md): mojibake repair first, because the bytes it needs
live in characters later steps would drop or narrow; inline artifacts before the conversion
to simplified, because pinyin glosses hang on traditional characters; boilerplate rules then
see simplified text; width and numbering normalize what is left; detectors run last so their
spans point into the text the user gets.
"""

from __future__ import annotations

from .._core import Cleaner
from ..errors import UnknownStepError
from .artifacts import ArtifactStripper
from .boilerplate import BoilerplateStripper
from .encoding import MojibakeRepairer
from .numbering import NumberingNormalizer
from .placeholders import PlaceholderDetector, PlaceholderMasker
from .script import Simplifier
from .width import WidthNormalizer

__all__ = ["PRESETS", "REGISTRY", "USER_RULES", "get_cleaner", "preset_names", "step_table"]

REGISTRY: dict[str, type[Cleaner]] = {
    cls.name: cls
    for cls in (
        MojibakeRepairer,
        ArtifactStripper,
        Simplifier,
        BoilerplateStripper,
        WidthNormalizer,
        NumberingNormalizer,
        PlaceholderDetector,
        PlaceholderMasker,
    )
}

PRESETS: dict[str, tuple[str, ...]] = {
    # every rewriting step in order, with the placeholder detector reporting signals
    "default": (
        "mojibake",
        "artifacts",
        "simplified",
        "boilerplate",
        "width",
        "numbering",
        "placeholders",
    ),
    # repairs and normalizes characters but never removes a line or an inline span
    "conservative": ("mojibake", "simplified", "width"),
    # the default, then placeholders replaced by canonical tokens
    "masked": (
        "mojibake",
        "artifacts",
        "simplified",
        "boilerplate",
        "width",
        "numbering",
        "mask-placeholders",
    ),
}


# The option through which each rule-driven step takes a user's rule file(s), and whether it
# takes several; the CLI's ``--rules STEP=PATH`` goes through this table.
USER_RULES: dict[str, tuple[str, bool]] = {
    "boilerplate": ("extra_rules", True),
    "artifacts": ("rules", False),
    "width": ("rules", False),
    "numbering": ("rules", False),
    "placeholders": ("rules", False),
    "mask-placeholders": ("rules", False),
}


def get_cleaner(name: str, **options: object) -> Cleaner:
    """Return the cleaner registered as ``name``, built with ``options`` (defaults otherwise)."""
    try:
        cls = REGISTRY[name]
    except KeyError:
        raise UnknownStepError(name, tuple(REGISTRY)) from None
    return cls(**options)


def preset_names(preset: str) -> tuple[str, ...]:
    """Return the step names of a preset."""
    try:
        return PRESETS[preset]
    except KeyError:
        raise UnknownStepError(preset, tuple(PRESETS), what="preset") from None


def step_table() -> list[tuple[str, str, str]]:
    """``(name, 'rewrite' | 'detect', summary)`` for every registered step, in registry order."""
    return [
        (name, "rewrite" if cls.rewrites else "detect", cls.summary) for name, cls in REGISTRY.items()
    ]

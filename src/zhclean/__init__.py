"""zhclean: composable cleaners for Chinese text scraped from the web.

>>> import zhclean
>>> zhclean.clean("２０２１年工作总结")
'2021年工作总结'
"""

from __future__ import annotations

from ._core import Change, Cleaner, Explanation, Pipeline, StepExplanation, StepResult
from .cleaners import PRESETS, REGISTRY, get_cleaner
from .cleaners.artifacts import strip_artifacts
from .cleaners.boilerplate import strip_boilerplate
from .cleaners.encoding import Decoded, decode_bytes, mojibake_score, repair_mojibake
from .cleaners.numbering import normalize_numbering
from .cleaners.placeholders import Placeholder, find_placeholders, template_score
from .cleaners.script import ScriptReport, detect_script, to_simplified
from .cleaners.width import normalize_width
from .errors import (
    AlreadyTextError,
    DecodeError,
    NotTextError,
    RuleFileError,
    UnknownStepError,
    ZhcleanError,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "clean",
    "explain",
    "decode_bytes",
    "Decoded",
    "repair_mojibake",
    "mojibake_score",
    "to_simplified",
    "detect_script",
    "ScriptReport",
    "strip_boilerplate",
    "strip_artifacts",
    "normalize_width",
    "normalize_numbering",
    "find_placeholders",
    "template_score",
    "Placeholder",
    "Pipeline",
    "Cleaner",
    "Change",
    "StepResult",
    "StepExplanation",
    "Explanation",
    "REGISTRY",
    "PRESETS",
    "get_cleaner",
    "ZhcleanError",
    "NotTextError",
    "AlreadyTextError",
    "DecodeError",
    "RuleFileError",
    "UnknownStepError",
]

_default_pipeline: Pipeline | None = None


def _default() -> Pipeline:
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline.from_preset("default")
    return _default_pipeline


def clean(text: str) -> str:
    """Clean ``text`` with the default preset (see ``zhclean.PRESETS['default']``)."""
    return _default()(text)


def explain(text: str) -> Explanation:
    """Explain what the default preset does to ``text``: the output and every change."""
    return _default().explain(text)

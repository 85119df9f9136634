"""The cleaner contract, explanation records and :class:`Pipeline`. No cleaning logic lives here.

A *cleaner* is a small object with a registry ``name``, a one-line ``summary``, a
``rewrites`` flag, a fast ``__call__(text) -> str`` and an ``explain(text) -> StepResult``
that also says what changed and why. Rewriters return new text; detectors (``rewrites =
False``) return the text unchanged and report findings as ``signals``.

``Pipeline.__call__`` is the fast path (no bookkeeping, detectors skipped);
``Pipeline.explain`` runs every step's ``explain`` and records only the steps that changed
something, plus every step's signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Mapping, Sequence

from .errors import NotTextError

__all__ = [
    "Change",
    "StepResult",
    "StepExplanation",
    "Explanation",
    "Cleaner",
    "Pipeline",
    "require_text",
    "rule_counts",
]


def require_text(text: object, where: str) -> str:
    """Return ``text`` if it is a ``str``; raise :class:`NotTextError` otherwise.

    Bytes are the usual mistake, and the error says to call ``decode_bytes`` first.
    """
    if isinstance(text, str):
        return text
    raise NotTextError(where, text)


def rule_counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes each rule made, sorted by rule id (a JSON-ready signal)."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.rule] = counts.get(change.rule, 0) + 1
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Change:
    """One edit made by one rule of one step.

    ``start``/``end`` are code-point offsets into the text *as it entered the step*;
    ``line`` is the 1-based line number in that text, when the rule works on lines.
    ``before``/``after`` are the replaced and the replacing text (``after`` is ``""`` for a
    removal).
    """

    step: str
    rule: str
    before: str
    after: str
    start: int | None = None
    end: int | None = None
    line: int | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``None`` fields and an empty note are left out."""
        out: dict[str, Any] = {"step": self.step, "rule": self.rule}
        for key in ("line", "start", "end"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["before"] = self.before
        out["after"] = self.after
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class StepResult:
    """What one cleaner's ``explain`` returns: the new text, its changes and its signals."""

    text: str
    changes: tuple[Change, ...] = ()
    signals: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepExplanation:
    """A step that changed the text, with its changes in order."""

    step: str
    changes: tuple[Change, ...]

    def rule_counts(self) -> dict[str, int]:
        """How many changes each rule made in this step."""
        return rule_counts(self.changes)


@dataclass(frozen=True)
class Explanation:
    """The result of :meth:`Pipeline.explain`.

    ``text`` equals what ``Pipeline.__call__`` returns for the same input. ``steps`` holds
    only the steps that changed something, in pipeline order. ``signals`` maps a step name to
    what it reported (findings, scores, the script detected), for every step that reported.
    """

    text: str
    steps: tuple[StepExplanation, ...]
    signals: Mapping[str, Mapping[str, Any]]

    @property
    def changed(self) -> bool:
        """True when some step changed the text."""
        return bool(self.steps)

    @property
    def changes(self) -> tuple[Change, ...]:
        """All changes of all steps, in order."""
        return tuple(c for s in self.steps for c in s.changes)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the steps that changed something, their changes, the signals."""
        return {
            "steps": [
                {"step": s.step, "changes": [c.as_dict() for c in s.changes]} for s in self.steps
            ],
            "signals": {k: dict(v) for k, v in self.signals.items()},
        }

    def report(self) -> str:
        """A readable report: one block per step, one line per change, naming the rule."""
        if not self.steps:
            lines = ["no changes"]
        else:
            lines = []
            for step in self.steps:
                lines.append(f"[{step.step}] {len(step.changes)} change(s)")
                for c in step.changes:
                    where = f"line {c.line}" if c.line is not None else ""
                    if c.start is not None:
                        where += (" " if where else "") + f"@{c.start}-{c.end}"
                    after = "(removed)" if c.after == "" else repr(c.after)
                    text = f"  {c.rule}: {where + ': ' if where else ''}{_clip(c.before)!r} -> "
                    lines.append(text + (after if c.after == "" else repr(_clip(c.after))))
                    if c.note:
                        lines.append(f"    {c.note}")
        for name, sig in self.signals.items():
            if sig:
                lines.append(f"[{name}] signals: {_brief(sig)}")
        return "\n".join(lines) + "\n"


def _clip(s: str, width: int = 80) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


def _brief(signals: Mapping[str, Any]) -> str:
    parts = []
    for key, value in signals.items():
        if isinstance(value, (list, tuple)):
            parts.append(f"{key}={len(value)} item(s)")
        else:
            parts.append(f"{key}={value}")
    return ", ".join(parts)


class Cleaner:
    """Base class of every cleaner; subclasses set the class attributes and override methods.

    Subclasses are normally frozen dataclasses holding only configuration, so they pickle;
    heavy resources (an OpenCC converter, a compiled rule set) are built lazily on first use
    and kept out of the pickle.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    rewrites: ClassVar[bool] = True

    def __call__(self, text: str) -> str:
        """Return the cleaned text (detectors return ``text`` unchanged)."""
        return self.explain(text).text

    def explain(self, text: str) -> StepResult:
        """Return the cleaned text together with what changed and any signals."""
        raise NotImplementedError


class Pipeline:
    """Cleaners run in order; callable, explainable and picklable.

    >>> from zhclean import Pipeline
    >>> p = Pipeline.from_names(["width"])
    >>> p("２０２１年")
    '2021年'
    """

    __slots__ = ("cleaners", "_rewriters")

    def __init__(self, *cleaners: Cleaner) -> None:
        for c in cleaners:
            if not callable(c) or not hasattr(c, "explain"):
                raise TypeError(
                    f"Pipeline takes cleaners (objects with __call__ and explain), got {c!r}; "
                    "use Pipeline.from_names([...]) to build one from step names"
                )
        self.cleaners: tuple[Cleaner, ...] = tuple(cleaners)
        self._rewriters = tuple(c for c in self.cleaners if getattr(c, "rewrites", True))

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Pipeline:
        """Build a pipeline from registry names (the CLI's ``--steps`` tokens)."""
        from .cleaners import get_cleaner

        return cls(*(get_cleaner(n) for n in names))

    @classmethod
    def from_preset(cls, preset: str = "default") -> Pipeline:
        """Build the pipeline of a named preset (see ``zhclean.PRESETS``)."""
        from .cleaners import preset_names

        return cls.from_names(preset_names(preset))

    @property
    def names(self) -> tuple[str, ...]:
        """The step names, in order."""
        return tuple(c.name for c in self.cleaners)

    def __call__(self, text: str) -> str:
        require_text(text, "Pipeline")
        for cleaner in self._rewriters:
            text = cleaner(text)
        return text

    def explain(self, text: str) -> Explanation:
        """Run every step, recording the changes of the steps that changed something."""
        require_text(text, "Pipeline.explain")
        steps: list[StepExplanation] = []
        signals: dict[str, Mapping[str, Any]] = {}
        for cleaner in self.cleaners:
            result = cleaner.explain(text)
            if result.signals:
                signals[cleaner.name] = result.signals
            if cleaner.rewrites and result.text != text:
                steps.append(StepExplanation(cleaner.name, tuple(result.changes)))
                text = result.text
        return Explanation(text, tuple(steps), signals)

    def __repr__(self) -> str:
        return f"Pipeline.from_names({list(self.names)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.cleaners == other.cleaners

    def __hash__(self) -> int:
        return hash(self.cleaners)

    def __getstate__(self) -> tuple[Cleaner, ...]:
        return self.cleaners

    def __setstate__(self, state: Sequence[Cleaner]) -> None:
        self.__init__(*state)  # type: ignore[misc]

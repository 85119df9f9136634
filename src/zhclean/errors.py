"""The exceptions zhclean raises, all under :class:`ZhcleanError`.

Each message says what went wrong and what to do next, so the CLI can print it as it is.
"""

from __future__ import annotations

__all__ = [
    "ZhcleanError",
    "NotTextError",
    "AlreadyTextError",
    "DecodeError",
    "RuleFileError",
    "UnknownStepError",
]


class ZhcleanError(Exception):
    """Base class of every error zhclean raises on purpose."""


class NotTextError(ZhcleanError, TypeError):
    """A text cleaner was given something that is not ``str`` (usually ``bytes``)."""

    def __init__(self, where: str, value: object) -> None:
        kind = type(value).__name__
        if isinstance(value, (bytes, bytearray, memoryview)):
            hint = "decode it first with zhclean.decode_bytes(data).text"
        else:
            hint = "pass a str"
        super().__init__(f"{where} takes str, got {kind}: {hint}")
        self.where = where
        self.kind = kind


class AlreadyTextError(ZhcleanError, TypeError):
    """``decode_bytes`` was given a ``str``: it is already text."""

    def __init__(self, kind: str) -> None:
        super().__init__(
            f"decode_bytes takes bytes, got {kind}: it is already text, so pass it to "
            "zhclean.repair_mojibake() or zhclean.clean() directly (call .encode(...) first "
            "only if you really hold the original bytes)"
        )


class DecodeError(ZhcleanError, ValueError):
    """Bytes could not be decoded strictly; ``offsets`` lists the failing byte offsets."""

    def __init__(self, encoding: str, offsets: tuple[int, ...]) -> None:
        shown = ", ".join(str(o) for o in offsets[:10])
        more = f" (+{len(offsets) - 10} more)" if len(offsets) > 10 else ""
        super().__init__(
            f"cannot decode {len(offsets)} byte(s) as {encoding} at offset(s) {shown}{more}; "
            "use errors='replace' to get U+FFFD in their place"
        )
        self.encoding = encoding
        self.offsets = offsets


class RuleFileError(ZhcleanError, ValueError):
    """A rule file is malformed; names the file, the line and the reason."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class UnknownStepError(ZhcleanError, KeyError):
    """A step or preset name is not in the registry."""

    def __init__(self, name: str, known: tuple[str, ...], what: str = "step") -> None:
        super().__init__(f"unknown {what} {name!r}; known {what}s: {', '.join(known)}")
        self.name = name
        self.known = known

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])

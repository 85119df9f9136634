"""Regex character classes built from large character sets.

A class written as thousands of single characters is slow to compile (the parser reads it one
character at a time: about 1 s for the mojibake step's tables) and slower to scan; runs of
consecutive code points written as ranges match the same set.
"""

from __future__ import annotations

import re
from typing import Iterable

__all__ = ["class_body"]


def class_body(chars: Iterable[str]) -> str:
    """The body of a regex class (without brackets) matching exactly ``chars``.

    >>> class_body("cab-]")
    '\\\\-\\\\]a-c'
    """
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(points[i])), re.escape(chr(points[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)

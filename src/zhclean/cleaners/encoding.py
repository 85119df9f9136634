"""Bytes to text, and mojibake repair (placeholder until the encoding issue lands)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import ClassVar

from .._core import Cleaner, StepResult, require_text

__all__ = ["Decoded", "decode_bytes", "repair_mojibake", "MojibakeRepairer"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding used, how it was chosen, and how many bytes were lost."""

    text: str
    encoding: str
    method: str
    replaced_bytes: int = 0


def decode_bytes(data: bytes) -> Decoded:
    """Decode bytes: BOM, strict UTF-8, then strict GB18030 / Big5-HKSCS, else replace."""
    if isinstance(data, str):
        raise TypeError("decode_bytes takes bytes; a str is already decoded")
    data = bytes(data)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, "replace"), label, "bom")
    for codec, method in (("utf-8", "utf-8"), ("gb18030", "strict"), ("big5hkscs", "strict")):
        try:
            return Decoded(data.decode(codec), codec, method)
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", "replace")
    return Decoded(text, "utf-8", "replace", text.count("\ufffd"))


def repair_mojibake(text: str) -> str:
    """Repair mojibake (identity for now)."""
    return require_text(text, "repair_mojibake")


@dataclass(frozen=True)
class MojibakeRepairer(Cleaner):
    """Repairs Latin and CJK mojibake."""

    name: ClassVar[str] = "mojibake"
    summary: ClassVar[str] = "repair mojibake: Latin (via ftfy, CJK-safe) and GBK/Big5/UTF-8 confusions"

    def explain(self, text: str) -> StepResult:
        return StepResult(repair_mojibake(text))

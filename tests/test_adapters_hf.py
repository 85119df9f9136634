"""The HF ``datasets`` batched-map helper: same output as the pipeline, picklable, multi-process safe.

``datasets`` is not a dependency: the helper is tested on plain ``dict[str, list]`` batches,
and against a real ``Dataset.map(..., num_proc=2)`` only where datasets is installed.
"""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import NotTextError, Pipeline, UnknownStepError
from zhclean.adapters.hf import BatchCleaner

from strategies import clean_document, mixed_text

PAGE = "首页 > 新闻 > 正文\n醫(yī)學(xué)考研\n２０２１年工作总结\n　　今年我们完成了①项任务。"


@settings(max_examples=40)  # a structural law: few examples suffice, and the full preset is not free
@given(texts=st.lists(st.one_of(mixed_text(), clean_document()), max_size=5))
def test_batch_equals_pipeline_per_row(texts: list[str]) -> None:
    """Batch law: cleaning a column equals cleaning each cell with the same pipeline."""
    cleaner = BatchCleaner()
    assert cleaner({"text": texts}) == {"text": [Pipeline.from_preset("default")(t) for t in texts]}


def test_only_written_columns_are_returned_and_nulls_kept() -> None:
    """The helper returns only what it writes (map merges it); a None cell stays None."""
    out = BatchCleaner(output_field="clean")({"text": [PAGE, None], "id": [1, 2]})
    assert set(out) == {"clean"}
    assert out["clean"][1] is None
    assert out["clean"][0] == Pipeline.from_preset("default")(PAGE)


def test_single_example_mode() -> None:
    """With batched=False the cell is one string, and so is the result."""
    assert BatchCleaner(steps=["width"])({"text": PAGE}) == {"text": Pipeline.from_names(["width"])(PAGE)}


def test_signals_column_is_json_strings() -> None:
    """signals_field holds one JSON string per row: {step: signals}, the explain() signals."""
    out = BatchCleaner(signals_field="zhclean")({"text": [PAGE, None]})
    assert out["zhclean"][1] is None
    signals = json.loads(out["zhclean"][0])
    explanation = Pipeline.from_preset("default").explain(PAGE)
    assert signals == json.loads(json.dumps({k: dict(v) for k, v in explanation.signals.items()}))
    assert "placeholders" in signals and "template_score" in signals["placeholders"]
    assert out["text"] == [explanation.text, None]


def test_errors_say_what_to_do() -> None:
    """A missing column names the columns; bytes raise NotTextError; a bad step fails at once."""
    with pytest.raises(KeyError, match="field="):
        BatchCleaner(field="content")({"text": ["x"]})
    with pytest.raises(NotTextError, match="decode_bytes"):
        BatchCleaner()({"text": [b"\xe4\xb8\xad"]})
    with pytest.raises(UnknownStepError):
        BatchCleaner(steps=["no-such-step"])
    with pytest.raises(ValueError, match="not both"):
        BatchCleaner(steps=["width"], pipeline=Pipeline.from_names(["width"]))


def test_pickles_after_use_and_keeps_equality() -> None:
    """Pickle law: the helper pickles after use, and the copy is equal and gives the same output."""
    cleaner = BatchCleaner(signals_field="s")
    first = cleaner({"text": [PAGE]})
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy == cleaner and hash(copy) == hash(cleaner)
    assert copy({"text": [PAGE]}) == first
    assert "BatchCleaner(" in repr(cleaner)


def test_two_processes_give_the_serial_result() -> None:
    """Worker law: the helper shipped to 2 processes gives, batch by batch, the serial result."""
    batches = [{"text": [PAGE, f"第{i}条：２０２{i}年"]} for i in range(6)]
    cleaner = BatchCleaner()
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = list(pool.map(cleaner, batches))
    assert parallel == [cleaner(b) for b in batches]


def test_datasets_map_with_num_proc(tmp_path) -> None:
    """Dataset.map(batched=True, num_proc=2) with the helper equals the pipeline per row."""
    datasets = pytest.importorskip("datasets", reason="datasets is optional; the helper is duck-typed")
    texts = [PAGE, "繁體中文的網頁", "２０２１年", "干净的文本。"] * 4
    ds = datasets.Dataset.from_dict({"text": texts, "id": list(range(len(texts)))})
    out = ds.map(BatchCleaner(signals_field="zhclean"), batched=True, batch_size=3, num_proc=2,
                 cache_file_name=str(tmp_path / "cache.arrow"))
    pipeline = Pipeline.from_preset("default")
    assert out["text"] == [pipeline(t) for t in texts]
    assert out["id"] == list(range(len(texts)))
    assert all("placeholders" in json.loads(s) for s in out["zhclean"])


def test_datasets_fingerprint_is_stable_across_use() -> None:
    """Cache law: datasets hashes the helper the same before and after it built its converters."""
    pytest.importorskip("datasets", reason="datasets is optional; the helper is duck-typed")
    from datasets.fingerprint import Hasher

    cleaner = BatchCleaner()
    before = Hasher.hash(cleaner)
    cleaner({"text": [PAGE]})
    assert Hasher.hash(cleaner) == before

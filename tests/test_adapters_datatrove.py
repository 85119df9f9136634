"""The datatrove steps: JSONL in, zhclean formatter (+ template filter), JSONL out, on real executors.

Skipped where datatrove (and the orjson its JSONL reader/writer need) is not installed; CI
installs them through the ``test`` extra. The Ray test also needs ``ray`` and skips, with
Ray's own reason, only where a local Ray instance cannot start.
"""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="datatrove is a test extra: pip install -e '.[test]'")
pytest.importorskip("orjson", reason="datatrove's JSONL reader/writer need orjson (test extra)")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from zhclean import Pipeline, template_score
from zhclean.adapters.datatrove import ZhcleanFormatter, ZhcleanTemplateFilter

THRESHOLD = 0.5

DOCS = [
    # a scraped page: breadcrumb, metadata line, full-width digits, circled numbers
    "首页 > 工作总结 > 正文\n时间:2021-11-08 来源:文档网\n２０２１年卫生下乡工作总结\n　　今年完成了①项任务，②项检查。",
    # traditional with glued pinyin, as on med126-style pages
    "大同市有關開展醫(yī)學(xué)活動的實施方案\n　　為了進一步提高醫療服務水平，特制定本方案。",
    # GBK bytes read as latin-1 on one line
    "正常的一行文字。\n" + "这是一段乱码文字".encode("gbk").decode("latin-1") + "\n最后一行。",
    # clean simplified text: must come through byte for byte
    "　　这是一段干净的简体中文，没有任何需要清理的内容。\n第二段也一样。",
    # a template document: every specific masked
    "20xx年XX市XX区XX局工作总结\n　　20xx年，在XX市委、XX市政府的领导下，我局XX工作取得了XX成效。"
    "全年共完成XX项任务，XX月XX日召开了XX会议，XX同志出席。\n"
    "　　20xx年XX月XX日，XX局组织XX名干部赴XX县开展调研，形成XX份报告。",
]


def write_inputs(folder: Path) -> dict[str, str]:
    """Two JSONL files (one per task), each record with an id, a text and a url kept as metadata."""
    folder.mkdir()
    records = {f"doc-{i}": text for i, text in enumerate(DOCS * 2)}
    items = list(records.items())
    for part in range(2):
        with (folder / f"part-{part}.jsonl").open("w", encoding="utf-8") as f:
            for doc_id, text in items[part::2]:
                f.write(json.dumps({"id": doc_id, "text": text, "url": f"https://example.org/{doc_id}"}) + "\n")
    return records


def read_outputs(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def pipeline_steps(src: Path, dst: Path) -> list:
    return [
        JsonlReader(str(src)),
        ZhcleanFormatter(signals_key="zhclean"),
        ZhcleanTemplateFilter(threshold=THRESHOLD, score_key="template_score"),
        JsonlWriter(str(dst)),
    ]


def check_outputs(records: dict[str, str], out: dict[str, dict]) -> None:
    default = Pipeline.from_preset("default")
    expected_kept = {i for i, t in records.items() if template_score(default(t)) < THRESHOLD}
    assert set(out) == expected_kept
    for doc_id, rec in out.items():
        assert rec["text"] == default(records[doc_id])
        meta = rec["metadata"]
        assert meta["url"] == f"https://example.org/{doc_id}"  # reader's extra fields are kept
        assert "template_score" in meta["zhclean"]["placeholders"]
        assert meta["template_score"] == meta["zhclean"]["placeholders"]["template_score"]
        assert isinstance(meta["zhclean"]["changed_steps"], list)


def test_local_executor_two_workers_jsonl_in_and_out(tmp_path: Path) -> None:
    """LocalPipelineExecutor, 2 tasks on 2 workers: every kept record is exactly zhclean's default
    preset output, metadata survives, signals are attached, and template documents are dropped."""
    records = write_inputs(tmp_path / "in")
    LocalPipelineExecutor(
        pipeline=pipeline_steps(tmp_path / "in", tmp_path / "out"),
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    out = read_outputs(tmp_path / "out")
    assert len(list((tmp_path / "out").glob("*.jsonl.gz"))) == 2  # one output file per task
    check_outputs(records, out)
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    names = [step["name"] for step in stats]
    assert any("zhclean" in n for n in names)


def test_template_document_is_dropped_and_clean_one_kept() -> None:
    """Partner law: the filter drops the masked template and keeps real pages (real detector)."""
    filt = ZhcleanTemplateFilter(threshold=THRESHOLD, signals_key=None)
    assert filt.filter(Document(text=DOCS[3], id="clean")) is True
    verdict = filt.filter(Document(text=DOCS[4], id="template"))
    assert verdict == (False, "zhclean_template")


def test_filter_reads_stored_signals_first() -> None:
    """The filter uses a score stored by the formatter instead of recomputing it."""
    filt = ZhcleanTemplateFilter(threshold=0.5)
    stored = Document(text=DOCS[3], id="a", metadata={"zhclean": {"placeholders": {"template_score": 0.9}}})
    assert filt.filter(stored) == (False, "zhclean_template")
    assert filt.filter(Document(text=DOCS[3], id="b")) is True


def test_formatter_fast_path_matches_pipeline_and_pickles() -> None:
    """The formatter equals the pipeline on each text, keeps metadata, and pickles after use."""
    fmt = ZhcleanFormatter(steps=["width", "numbering"])
    docs = [Document(text=t, id=str(i), metadata={"k": i}) for i, t in enumerate(DOCS)]
    out = list(fmt.run(iter(docs)))
    step = Pipeline.from_names(["width", "numbering"])
    assert [d.text for d in out] == [step(t) for t in DOCS]
    assert [d.metadata for d in out] == [{"k": i} for i in range(len(DOCS))]
    copy = pickle.loads(pickle.dumps(fmt))
    assert copy.pipeline == fmt.pipeline
    with pytest.raises(ValueError, match="not both"):
        ZhcleanFormatter(steps=["width"], pipeline=step)


@pytest.mark.slow
def test_ray_executor_local_instance(tmp_path: Path) -> None:
    """RayPipelineExecutor on a local Ray instance (2 CPUs): same records as the local executor."""
    ray = pytest.importorskip("ray", reason="ray is a test extra: pip install -e '.[test]'")
    from datatrove.executor import RayPipelineExecutor

    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    except Exception as exc:  # Ray raises many types when it cannot start (no /dev/shm, ports, ...)
        pytest.skip(f"a local Ray instance cannot start here: {type(exc).__name__}: {exc}")
    try:
        records = write_inputs(tmp_path / "in")
        RayPipelineExecutor(
            pipeline=pipeline_steps(tmp_path / "in", tmp_path / "out"),
            tasks=2,
            workers=2,
            logging_dir=str(tmp_path / "logs"),
            mem_per_cpu_gb=0.5,
        ).run()
        check_outputs(records, read_outputs(tmp_path / "out"))
    finally:
        ray.shutdown()

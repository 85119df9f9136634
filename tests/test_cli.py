"""The ``zhclean`` command, tested in-process through ``main(argv)``, plus one subprocess smoke test."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhclean import Pipeline, clean
from zhclean.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def test_text_file_is_cleaned_like_the_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "page.txt"
    text = "第１２０期　工作总结。\n正文内容，继续写下去。"
    src.write_text(text, encoding="utf-8")
    code, out, _ = run([str(src)], capsys)
    assert code == 0
    assert out == clean(text) + "\n"


def test_stdin_bytes_in_another_encoding_are_decoded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, "中文内容，用于测试编码。".encode("gb18030"))
    code, out, _ = run(["--steps", "width"], capsys)
    assert code == 0
    assert out == "中文内容，用于测试编码。\n"


def test_seed_file_prints_text(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = next(seeds_dir.glob("000_*.txt"))
    code, out, _ = run([str(seed)], capsys)
    assert code == 0
    assert "卫生下乡" in out


def test_output_file_and_refusal_to_overwrite_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.txt"
    src.write_text("内容。", encoding="utf-8")
    code, _, err = run([str(src), "-o", str(src)], capsys)
    assert code == 2
    assert "refusing to write over the input file" in err
    assert src.read_text(encoding="utf-8") == "内容。"
    dest = tmp_path / "out.txt"
    assert run([str(src), "-o", str(dest)], capsys)[0] == 0
    assert dest.read_text(encoding="utf-8") == clean("内容。") + "\n"


def test_jsonl_keeps_every_other_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"id": 1, "text": "２０２１年总结", "meta": {"url": "http://a/b", "n": [1, 2.5, None]}, "ok": True},
        {"text": "普通的句子。", "id": "two"},
    ]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    code, out, _ = run(["--jsonl", str(src)], capsys)
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert len(got) == 2
    for before, after in zip(rows, got):
        assert list(after) == list(before)
        assert after["text"] == clean(before["text"])
        assert {k: v for k, v in after.items() if k != "text"} == {k: v for k, v in before.items() if k != "text"}


def test_jsonl_other_field_and_signals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"content": "２０２１年", "text": "２"}])
    code, out, _ = run(["--jsonl", "--field", "content", "--signals", str(src)], capsys)
    assert code == 0
    record = json.loads(out)
    assert record["text"] == "２"
    assert record["content"] == clean("２０２１年")
    meta = record["zhclean"]
    assert set(meta) == {"changed", "signals"}
    assert "placeholders" in meta["signals"]


def test_malformed_line_stops_after_earlier_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "一"}, {"text": "二"}, "{not json", {"text": "四"}])
    code, out, err = run(["--jsonl", str(src)], capsys)
    assert code == 1
    assert [json.loads(x)["text"] for x in out.splitlines()] == ["一", "二"]
    assert f"{src}:3:" in err and "zhclean: error:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_skip_bad_counts_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "一"}, "[1, 2]", {"id": 3}, {"text": "四"}])
    code, out, err = run(["--jsonl", "--skip-bad", "-j", jobs, str(src)], capsys)
    assert code == 0
    assert [json.loads(x)["text"] for x in out.splitlines()] == ["一", "四"]
    assert "skipped 2 malformed line(s)" in err
    assert ":2: not a JSON object" in err and ":3: field 'text' is missing" in err


def test_parallel_output_keeps_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"i": i, "text": f"第{i}条内容，２０２１年。"} for i in range(1500)]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    code, out, _ = run(["--jsonl", "-j", "2", str(src)], capsys)
    assert code == 0
    assert [json.loads(x)["i"] for x in out.splitlines()] == list(range(1500))


def test_explain_text_names_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text("２０２１年", encoding="utf-8")
    code, out, _ = run(["--explain", "--steps", "width", str(src)], capsys)
    assert code == 0
    assert "[width]" in out


def test_explain_jsonl_is_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "２０２１年"}])
    code, out, _ = run(["--jsonl", "--explain", "--steps", "width", str(src)], capsys)
    assert code == 0
    steps = json.loads(out)["zhclean"]["explain"]
    assert steps and steps[0]["step"] == "width"
    assert all("rule" in c and "before" in c for c in steps[0]["changes"])


def test_stats_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "２０２１年"}, {"text": "好"}])
    code, out, err = run(["--jsonl", "--stats", "--steps", "width", str(src)], capsys)
    assert code == 0
    assert "zhclean: records: 2" in err
    assert "width" in err
    assert "zhclean:" not in out


def test_list_steps_names_every_registered_step(capsys: pytest.CaptureFixture[str]) -> None:
    from zhclean import REGISTRY

    code, out, _ = run(["--list-steps"], capsys)
    assert code == 0
    for name in REGISTRY:
        assert f"  {name} " in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--steps", "nope"], "unknown step 'nope'"),
        (["--steps", ","], "at least one step"),
        (["-j", "0"], "at least 1"),
        (["--signals"], "--jsonl only"),
        (["--jsonl", "--drop-templates", "3"], "between 0 and 1"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert message in err and "zhclean: error:" in err


def test_missing_input_file_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / "absent.txt")], capsys)
    assert code == 1
    assert "absent.txt" in err and "Traceback" not in err


def test_console_script_smoke(tmp_path: Path) -> None:
    """The installed ``zhclean`` script runs as a real process and reads stdin."""
    script = Path(sys.executable).with_name("zhclean")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "zhclean"]
    proc = subprocess.run(
        [*command, "--steps", "width"],
        input="２０２１年，你好。".encode(),
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == Pipeline.from_names(["width"])("２０２１年，你好。") + "\n"


def test_user_rule_file_is_passed_to_its_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "mine.tsv"
    rules.write_text(
        "# my site's slogan\nid\tfamily\tmatch\tmax_len\taction\tpattern\tseen\n"
        "mine.slogan\tpromo\tfull\t40\tdrop\t好好学习天天向上\ttest\n",
        encoding="utf-8",
    )
    src = tmp_path / "page.txt"
    src.write_text("正文第一段，内容完整而且很长。\n好好学习天天向上\n正文第二段，继续写下去。", encoding="utf-8")
    code, out, _ = run(["--steps", "boilerplate", "--rules", f"boilerplate={rules}", str(src)], capsys)
    assert code == 0
    assert "好好学习天天向上" not in out and "正文第二段" in out
    code, out, _ = run(["--steps", "boilerplate", str(src)], capsys)
    assert "好好学习天天向上" in out


@pytest.mark.parametrize(
    "spec, message",
    [
        ("boilerplate", "STEP=PATH"),
        ("simplified=x.tsv", "takes no rule files"),
        ("artifacts=x.tsv", "not in this pipeline"),
    ],
)
def test_bad_rules_flag_is_a_usage_error(spec: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--steps", "boilerplate", "--rules", spec], capsys)
    assert code == 2 and message in err


def test_malformed_user_rule_file_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "bad.tsv"
    rules.write_text("id\tpattern\nmine.a\n", encoding="utf-8")
    src = tmp_path / "page.txt"
    src.write_text("内容。", encoding="utf-8")
    code, _, err = run(["--steps", "boilerplate", "--rules", f"boilerplate={rules}", str(src)], capsys)
    assert code == 1
    assert f"{rules}:2:" in err and "Traceback" not in err


def test_set_passes_options_to_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text("①加强领导②落实责任", encoding="utf-8")
    _, chinese, _ = run(["--steps", "numbering", str(src)], capsys)
    code, ascii_, _ = run(["--steps", "numbering", "--set", "numbering.style=ascii", str(src)], capsys)
    assert code == 0
    assert chinese != ascii_
    from zhclean.cleaners.numbering import NumberingNormalizer

    assert ascii_ == NumberingNormalizer(style="ascii")("①加强领导②落实责任") + "\n"


@pytest.mark.parametrize(
    "spec, message",
    [
        ("numbering", "STEP.OPTION=VALUE"),
        ("width.nope=1", "has no option 'nope'"),
        ("numbering.style=roman", "--set:"),
        ("mojibake.remove_unrecoverable=maybe", "takes true or false"),
        ("simplified.variant=t2s", "not in this pipeline"),
    ],
)
def test_bad_set_is_a_usage_error(spec: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--steps", "mojibake,width,numbering", "--set", spec], capsys)
    assert code == 2 and message in err


def test_declared_encoding_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "gbk.txt"
    src.write_bytes("中文测试内容，编码声明。".encode("gbk"))
    code, out, _ = run(["--steps", "width", "--encoding", "gbk", str(src)], capsys)
    assert code == 0 and out == "中文测试内容，编码声明。\n"
    code, _, err = run(["--encoding", "nope", str(src)], capsys)
    assert code == 2 and "unknown encoding 'nope'" in err


def test_undecodable_bytes_are_reported_not_hidden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "broken.txt"
    src.write_bytes("正文内容。".encode() + b"\xff")
    code, out, err = run(["--steps", "width", str(src)], capsys)
    assert code == 0
    assert "\ufffd" in out
    assert "undecodable byte(s) became U+FFFD" in err


def test_jsonl_named_file_without_flag_gets_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "records.jsonl"
    src.write_text('{"text": "１２３"}\n', encoding="utf-8")
    code, out, err = run([str(src)], capsys)
    assert code == 0 and "１２３" not in out
    assert "pass --jsonl" in err
    code, _, err = run(["--jsonl", str(src)], capsys)
    assert code == 0 and "pass --jsonl" not in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_blocks_cut_after_newlines_keep_records_and_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """Input is read in blocks of whole lines (a line longer than a block is read whole): every
    record comes out once, in order, and a bad line is reported with its number in the file."""
    import zhclean.cli as cli

    monkeypatch.setattr(cli, "BATCH_BYTES", 40)
    rows: list[object] = [{"i": i, "text": "第１条内容，" * (i % 7 + 1)} for i in range(60)]
    rows[37] = "{not json"
    rows[52] = ""  # a blank line: skipped, but counted
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                   encoding="utf-8")  # no final newline
    code, out, err = run(["--jsonl", "--skip-bad", "-j", jobs, str(src)], capsys)
    assert code == 0
    got = [json.loads(x) for x in out.splitlines()]
    want = [r for r in rows if isinstance(r, dict)]
    assert [g["i"] for g in got] == [w["i"] for w in want]
    assert all(g["text"] == clean(w["text"]) for g, w in zip(got, want))
    assert f"{src}:38: not valid JSON" in err and "skipped 1 malformed line(s)" in err


def test_jsonl_lone_surrogate_is_written_as_its_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON may hold a lone surrogate ("\\ud800"), which UTF-8 cannot encode: the record is
    written with the escape again (it used to stop the run with a traceback)."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "前\\ud800后。"}\n{"text": "二"}\n', encoding="utf-8")
    code, out, err = run(["--jsonl", "--steps", "width", str(src)], capsys)
    assert code == 0, err
    assert [json.loads(x)["text"] for x in out.splitlines()] == ["前\ud800后。", "二"]


def test_reader_going_away_exits_141_quietly(tmp_path: Path) -> None:
    """``zhclean --jsonl big.jsonl | head``: the closed pipe ends the run with 141 and no error
    message (a BrokenPipeError is an OSError, and was reported as an input error, exit 1)."""
    src = write_jsonl(tmp_path / "in.jsonl", [{"i": i, "text": "内容，" * 40} for i in range(3000)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhclean", "--jsonl", "--steps", "width", str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert b"error" not in err

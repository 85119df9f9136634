"""Furniture of site kinds beyond news and Q&A (reading sites that carry novels, Discuz-style
forums, review, job, court-document, software-download and blog sites), one phrase per row, and sentences about the
same things that must stay. The whole pages are in test_boilerplate_page_shapes.py."""

from __future__ import annotations

import pytest

from test_boilerplate_news import _removed_by
from zhclean import strip_boilerplate


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("天才一秒记住本站地址：www.biquge.com，最快更新！无广告！", "promo.reader-site"),
        ("一秒记住【笔趣阁 www.biquge.com】，精彩小说无弹窗免费阅读！", "promo.reader-site"),
        ("请记住本书首发域名：biquge.com。笔趣阁手机版阅读网址：m.biquge.com", "promo.reader-site"),
        ("喜欢斗破苍穹请大家收藏：（www.biquge.com）斗破苍穹笔趣阁更新速度最快。", "promo.reader-site"),
        ("本章未完，点击下一页继续阅读", "promo.reader-site"),
        ("小说网友请提示：长时间阅读请注意眼睛的休息。", "promo.reader-site"),
        ("章节错误,点此报送(免注册)", "promo.reader-site"),
        ("加入书签 投推荐票 返回书页", "widget.book-actions"),
        ("章节目录 | 加入书架", "widget.book-actions"),
        ("GMT+8, 2024-5-6 12:34 , Processed in 0.052184 second(s), 27 queries .", "footer.page-stats"),
        ("页面执行时间 0.052 秒", "footer.page-stats"),
        ("电梯直达", "widget.forum-tools"),
        ("倒序浏览", "widget.forum-tools"),
        ("回帖后跳转到最后一页", "widget.forum-tools"),
        ("切换到窄版", "widget.forum-tools"),
        ("没有帐号？立即注册", "widget.login-prompt"),
        ("1234 有用 12 没用", "widget.vote-row"),
        ("56 回应", "meta.answers-count"),
        ("> 更多影评 1234 篇", "nav.more"),
        ("举报该职位", "widget.report"),
        ("看过该职位的人还看了", "related.heading"),
        ("相似职位", "related.heading"),
        ("吧内搜索", "nav.site-tools"),
        ("推荐使用迅雷下载", "disclaimer.download-help"),
        ("软件无法下载或下载后无法使用，请点击报错，谢谢！", "disclaimer.download-help"),
        ("下载帮助", "disclaimer.download-help"),
        ("联通下载", "widget.download-links"),
        ("高速下载 普通下载", "widget.download-links"),
        ("最佳答案", "meta.best-answer"),
        ("本回答被提问者采纳", "meta.best-answer"),
        ("转载▼", "widget.share"),
        ("字数 1234阅读 5678", "meta.counter-pairs"),
        ("120 人赞同了该文章", "meta.answers-count"),
    ],
)
def test_site_furniture_is_removed_by_its_rule(line: str, rule: str) -> None:
    assert _removed_by(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "请记住这个日子，它改变了我们的一生。",
        "记住我们的约定，明年夏天再来看海。",
        "在所有浏览器里，Chrome的更新速度最快。",
        "阅读模式下可以把字体调大一些，晚上看书不累眼睛。",
        "页面执行时间过长，通常是数据库查询太多造成的。",
        "GMT+8就是北京时间，比格林尼治时间早八个小时。",
        "他没有回应。",
        "他举报该公司偷税漏税，最后拿到了奖励。",
        "相似问题的解决办法如下：",
        "“进吧。”",
        "这本书的章节目录写得很清楚，每章都有小结。",
        "我一般推荐使用迅雷下载大文件，速度快很多。",
        "本地下载的文件都放在D盘里，找起来很方便。",
        "最佳答案是第三个，因为只有它满足所有条件。",
        "这篇文章的字数是1234，阅读量已经过万。",
    ],
)
def test_sentences_about_the_same_things_stay(line: str) -> None:
    assert _removed_by(line) is None


JUDGMENT_END = [
    "被告李四于本判决生效之日起十日内偿还原告张三借款本金十万元。",
    "如不服本判决，可在判决书送达之日起十五日内向本院递交上诉状，上诉于北京市第一中级人民法院。",
    "审判长　王五",
    "人民陪审员　钱七",
    "二〇二〇年五月二十日",
    "法官助理　孙八",
    "书记员　赵六",
]


def test_a_judgments_signatures_stay_above_and_below_its_date() -> None:
    text = "\n".join([*JUDGMENT_END, "打印", "下载", "关闭", "©2020 最高人民法院 版权所有"])
    assert strip_boilerplate(text).split("\n") == JUDGMENT_END


def test_a_section_heading_above_a_label_stays_but_the_menu_above_it_goes() -> None:
    lines = ["首页", "职位", "公司", "校园", "登录/注册", "立即沟通", "感兴趣", "职位描述", "岗位职责：",
             "1. 负责数据平台后端服务的设计与开发；", "2. 参与系统架构设计，保障服务稳定性；"]
    out = strip_boilerplate("\n".join(lines)).split("\n")
    assert out == lines[7:]

"""Furniture of site kinds beyond news and Q&A (reading sites that carry novels, Discuz-style
forums, review, job, court-document, software-download and blog sites, document-sharing, essay,
question-bank, government, how-to, stock-forum and travel sites), one phrase per row, and
sentences about the same things that must stay. The whole pages are in test_boilerplate_page_shapes.py."""

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
        ("2、本文档内容版权归属内容提供方，所产生的收益全部归内容提供方所有。", "disclaimer.paid"),
        (
            "3、本文档由用户上传，本站不保证质量和数量令人满意，可能有诸多瑕疵，付费之前，请仔细先通过免费阅读内容等"
            "途径辨别内容交易风险。",
            "disclaimer.paid",
        ),
        ("本文档由用户上传，仅供学习交流", "disclaimer.paid"),
        ("收藏人数：3", "disclaimer.doc-meta"),
        ("文档热度：", "disclaimer.doc-meta"),
        ("顶 /踩数：0 /0", "disclaimer.doc-meta"),
        ("推荐访问：读后感 平凡的世界", "related.hotwords"),
        ("链接地址：https://www.example.com/duhougan/123456.html", "meta.permalink"),
        ("《平凡的世界》读后感800字相关文章：", "related.title-heading"),
        ("相关解读", "related.heading"),
        ("相关作文", "related.heading"),
        ("上一篇作文：难忘的一天", "related.prev-next"),
        ("主办：某市人民政府办公室 承办：某市政务服务数据管理局", "footer.site-owner"),
        ("网站标识码：4403000001", "footer.site-owner"),
        ("电话：010-12345678 技术支持：某某网络科技有限公司", "footer.site-owner"),
        ("索引号：11440300007542135L/2023-00123", "meta.gov-index"),
        ("发文字号：X府办〔2023〕5号", "meta.gov-index"),
        ("时效性：有效", "meta.gov-index"),
        ("组卷：10　真题：2　难度：0.65", "meta.exam-stats"),
        ("答题：老师A　2015/3/8", "meta.exam-stats"),
        ("试题难度：0.65", "meta.exam-stats"),
        ("转藏到我的图书馆", "widget.share"),
        ("2021-07-05 健康小屋 阅2.3万 转156", "meta.counter-pairs"),
        ("来自： 健康小屋 > 养生", "breadcrumb.position"),
        ("百度经验 > 生活/家居 > 家居", "breadcrumb.chevrons"),
        ("股吧首页 > 贵州茅台吧", "breadcrumb.site-trail"),
        ("天涯社区 > 天涯杂谈", "breadcrumb.site-trail"),
        ("分步阅读", "widget.load-more"),
        (
            "郑重声明：用户在社区发表的所有资料、言论等仅代表个人观点，与本网站立场无关，不对您构成任何投资建议。",
            "disclaimer.advice",
        ),
        (
            "经验内容仅供参考，如果您需解决具体问题(尤其法律、医学等领域)，建议您详细咨询相关领域专业人士。",
            "disclaimer.advice",
        ),
        ("海量资讯、精准解读，尽在新浪财经APP", "widget.app"),
        ("请遵守言论规则，不得违反国家法律法规", "widget.guidelines"),
        ("回复(Ctrl+Enter)", "widget.comment-box"),
        ("放大字体", "widget.font-size"),
        ("本游记著作权归马蜂窝作者所有，任何形式转载请联系作者。", "footer.copyright-notice"),
        ("相关成语", "related.heading"),
        ("上一则：老婆的逻辑", "related.prev-next"),
        ("成语词典 > 一帆风顺", "breadcrumb.site-trail"),
        ("立即播放", "widget.video-play"),
        ("播放地址一", "widget.video-play"),
        ("线路2", "widget.video-play"),
        ("以上内容对您有帮助吗？", "widget.feedback"),
        ("没帮助", "widget.feedback"),
        ("相关试卷", "related.heading"),
        ("共 128 条评论", "widget.comment-count"),
        ("共12个回答", "widget.comment-count"),
        ("说点什么...", "widget.comment-box"),
        ("我也要提问", "widget.comment-box"),
        ("更多点评", "nav.more"),
        ("查看全部1234条点评", "nav.more"),
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
        "这份文档由用户小王整理，内容很全面。",
        "x > 0",
        "当 x > 0 时，函数单调递增。",
        "本题难度：中等",
        "这道题难度较大，建议先做基础题。",
        "请遵守交通规则，注意安全。",
        "请把字体放大一点，老人看不清。",
        "主办单位为市教育局，承办单位为第一中学。",
        "联系人：张三 电话：010-12345678",
        "发布机构调整后，新的政策将于下月实施。",
        "（二）相关文档",
        "二、相关文档",
        "他的文章写得很好，同类文章里数第一。",
        "来自：北京",
        "这本书的著作权归出版社所有。",
        "分步阅读这本书会更容易理解。",
        "数据来自新浪财经APP",
        "声明：本人与该公司无任何利益关系，以上仅代表个人观点。",
        "声明：证券时报力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议，据此操作风险自担。",
        "他立即播放了那段录音。",
        "这条公交线路2020年才开通。",
        "这本书对我很有帮助。",
        "共有12个回答的问题是什么？",
        "说点什么好呢？",
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


PROSE = [
    "合上《平凡的世界》，我的心久久不能平静。孙少平和孙少安兄弟俩在艰难的生活中奋斗不息的精神深深打动了我。",
    "路遥用朴实的语言，描绘了上世纪七八十年代中国农村的变迁，也写出了普通人身上不平凡的光芒。",
]


def test_a_heading_naming_the_page_takes_its_numbered_titles() -> None:
    """Under '《某书》读后感800字相关文章：' (then=list) the numbered titles are the site's related
    list and go; under a plain '相关资料：' a numbered list is the document's own (legal bases,
    references) and stays."""
    related = ["《平凡的世界》读后感800字相关文章：", "1.《平凡的世界》读后感1000字", "2.《平凡的世界》读后感500字",
               "3.平凡的世界读书心得"]
    assert strip_boilerplate("\n".join([*PROSE, *related])).split("\n") == PROSE
    references = ["相关资料：", "1.《中华人民共和国安全生产法》", "2.《建设工程安全生产管理条例》"]
    out = strip_boilerplate("\n".join([*PROSE, *references])).split("\n")
    assert out[-2:] == references[1:]


def test_a_compiled_reports_sources_stay_below_its_closing_line() -> None:
    """'（综合整理自…）' credits the article, like '（本文来自…）': it stays below the closing line,
    where the page's prompts go (on GNE's page it had gone as the first of a run of two
    headline-shaped lines, with the tag line under it)."""
    article = [
        "据媒体报道，阿里巴巴在云栖大会上发布了首款云端AI推理芯片含光800，峰值性能达到每秒7.8万张图片，"
        "在业界标准的ResNet-50测试中，其推理性能和能效比均处于领先水平。",
        "这款芯片已经在阿里巴巴集团内多个场景大规模应用，其他企业可以通过阿里云获得相应的算力服务，"
        "业内人士认为，这标志着国内云计算企业在自研芯片方面又迈出了重要一步。",
        "平头哥半导体公司用七个月完成了前端设计，之后用三个月就成功流片，研发团队表示，"
        "接下来还将继续推出面向端侧和边缘计算的产品，形成端云一体的完整产品系列。",
        "责任编辑：张三",
    ]
    credit = "(综合整理自澎湃新闻、智东西、雷锋网等)"
    tail = ["阅读全文，请先 登录", "处理器与DSP 人工智能 芯片 产业前沿"]  # (GNE 0.4.3's ednchina page)
    out = strip_boilerplate("\n".join([*article, credit, *tail])).split("\n")
    assert out[: len(article) + 1] == [*article, credit]
    assert "阅读全文，请先 登录" not in out

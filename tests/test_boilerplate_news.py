"""News-portal furniture (seen on the GNE test pages, benchmarks/news_pages_check.py): share
pop-ups, comment boxes, vote rows, opinion disclaimers, and portal menus whose items happen to
have five Han characters. Each test fails on the rules before they were added."""

from __future__ import annotations

import pytest

from zhclean import strip_boilerplate
from zhclean.cleaners import get_cleaner

ARTICLE = (
    "新京报讯2019年篮球世界杯排位赛，中国男篮以77比73战胜韩国队，保住了进军东京奥运会的希望。\n"
    "比赛中一个镜头引起了大家的注意，周琦在一次暂停后准备上场时，姚明拉住他在耳边叮嘱了几句。"
)


def _removed_by(line: str) -> str | None:
    text = ARTICLE + "\n" + line + "\n" + ARTICLE
    for change in get_cleaner("boilerplate").explain(text).changes:
        if change.before.strip() == line:
            return change.rule
    return None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("用微信扫码二维码", "widget.share-to"),
        ("分享至好友和朋友圈", "widget.share-to"),
        ("新浪微博微信QQ空间", "widget.share-targets"),
        ("微信 / 微博 / QQ空间", "widget.share-targets"),
        ("回复 踩0 赞1 收藏", "widget.vote-row"),
        ("查看回复 1 举报", "widget.vote-row"),
        ("目前没有跟贴，欢迎你发表观点", "widget.comment-box"),
        ("查看更多跟贴", "widget.comment-box"),
        ("网友评论仅供其表达个人看法，并不表明网易立场。", "disclaimer.opinion"),
        ("本文仅代表作者个人观点，不代表腾讯网的观点和立场。", "disclaimer.opinion"),
        ("进入新闻频道", "nav.channel"),
        ("不感兴趣", "widget.share"),
        ("阅读下一篇", "related.prev-next-bare"),
        ("全部评论 59条", "widget.comments-heading"),
        ("最热评论 刷新", "widget.comments-heading"),
        ("今天08:23举报查看对话赞188回复", "widget.vote-row"),
        ("查看剩余3条回复", "nav.more"),
        ("查看全部51条评论 >", "nav.more"),
        ("更多+", "nav.more"),
        ("收藏本文", "widget.share"),
        ("已收藏!", "widget.share"),
        ("我要反馈", "widget.share"),
        ("你可能会喜欢", "related.heading"),
        ("新闻排行榜", "related.heading"),
        ("文章关键词：", "related.heading"),
        ("by Taboolaby Taboola", "widget.ad"),
        ("Sponsored LinksSponsored Links", "widget.ad"),
        ("提 交还可输入500字", "widget.char-count"),
        ("微信号 qichegc", "widget.wechat-ui"),
        ("往期推荐", "related.heading"),
        ("点击“阅读原文”了解更多", "nav.more"),
        ("播报", "widget.share"),
        ("编辑次数：567次历史版本", "meta.counters"),
        ("点赞数 12", "meta.counters"),
        ("扫一扫在手机打开当前页", "widget.share-to"),
        ("热门 / 最新 / 好友", "widget.comment-sort"),
        ("有用 12345", "widget.vote-row"),
        ("更多精彩内容，就在简书APP", "widget.app"),
        ("“小礼物走一走，来简书关注我”", "widget.reward"),
        ("赞赏支持", "widget.reward"),
        ("总资产12共写了3.4W字获得156个赞共89个粉丝", "meta.author-stats"),
        ("被以下专题收入，发现更多相似内容", "widget.column"),
        ("推荐阅读更多精彩内容", "related.heading"),
        ("2020-05-06 张三 阅 1234 转 56", "meta.counter-row"),
        ("来自： 张三 > 《园艺》", "meta.source"),
        ("，轻点两下取消在看", "widget.wechat-ui"),
        ("浏览次数：", "meta.counters"),
        ("Produced By 大汉网络 大汉版通发布系统", "footer.copyright"),
        ("记住我", "nav.login"),
        ("找回密码", "nav.login"),
        ("关注我们", "widget.share"),
        ("zhangsan · 2 小时 12 分钟前 · 1234 次点击", "meta.user-time"),
        ("zhaoliu 1 小时 58 分钟前 via Android", "meta.user-time"),
        ("现在注册", "nav.login"),
        ("回复 ⋅ 254条回复 8421", "widget.vote-row"),
        ("一键登录", "nav.login"),
        ("新华社 ⋅ 114评论 ⋅ 刚刚", "meta.feed-row"),
        ("新浪微博、博客、邮箱帐号，请直接登录", "widget.login-prompt"),
        ("点击手机上的确认即可登录", "widget.login-prompt"),
        ("使用QQ登录", "widget.login-prompt"),
        ("汽车教育时尚女性星座健康", "nav.channel-run"),
        ("佛学游戏旅游邮箱导航", "nav.channel-run"),
        ("我知道了!", "widget.wechat-ui"),
        ("视频信息 复制视频页面地址 复制当前时间的页面地址 复制调试信息 3.4.4", "widget.video-player"),
        ("腾讯视频 v.qq.com 网络链接似乎出现问题， 你可以 刷新 或 使用兼容模式播放 试试", "widget.video-player"),
        ("分类专栏： Python 文章标签： python 装饰器", "meta.blog-category"),
        (
            "版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。",
            "footer.copyright-notice",
        ),
        ("Python 专栏收录该内容", "widget.column"),
        ("12 篇文章", "widget.column"),
        ("订阅专栏", "widget.column"),
        ("文章知识点与官方知识档案匹配，可进一步学习相关知识", "widget.skill-tree"),
        ("123456 人正在系统学习中", "widget.skill-tree"),
        ("打赏作者", "widget.reward"),
        ("¥1 ¥2 ¥4 ¥6 ¥10 ¥20", "widget.reward"),
        ("扫码支付：¥1", "widget.reward"),
        ("您的余额不足，请更换扫码支付或充值", "widget.reward"),
        ("1.余额是钱包充值的虚拟货币，按照1:1的比例进行支付金额的抵扣。", "widget.reward"),
        ("跟贴51520", "widget.comment-count"),
        ("57人参与11评论", "widget.comment-count"),
        ("最热 最早 最新", "widget.comment-sort"),
        ("表情加粗发表", "widget.editor-toolbar"),
        ("0/2000字", "widget.char-count"),
        ("正在阅读：儿歌一分钱被改成一元钱 原作者女儿：改成这样不觉得拗口吗？", "widget.reading-now"),
        ("12图", "shape.photo-count"),
        ("扬子晚报记者 张楠", "meta.reporter"),
        ("新华社记者 李四 摄", "meta.reporter"),
        ("驻南非记者温宪", "meta.reporter"),
        ("采写：南都见习记者 林子沛", "meta.editor"),
        ("请自觉遵守互联网相关的政策法规，共同营造“阳光、理性、平和、友善”的网络环境。", "widget.guidelines"),
        ("返回搜狐，查看更多", "nav.back-to-site"),
        ("【纠错】", "widget.brackets"),
        ("1164次阅读|", "meta.counters"),
        ("来源CSDN|", "meta.source"),
        ("0 条评论|", "widget.comment-count"),
        ("推荐阅读相关主题：", "related.heading"),
        ("微信号：CSDNnews", "widget.wechat-ui"),
        ("CSDN官方微信", "widget.wechat-ui"),
        ("作者最新文章", "related.heading"),
        ("12-2718:40", "shape.datetime"),
        ("来源：", "meta.source"),
        ("【详细】", "widget.brackets"),
        ("记住登录状态", "widget.login-prompt"),
        ("浏览协助", "nav.site-tools"),
        ("繁體版", "nav.site-tools"),
        ("站内搜索", "nav.site-tools"),
        ("与内文相关的链接", "related.heading"),
        ("阅读下一篇：", "related.prev-next-bare"),
        ("地方频道：", "nav.channel"),
        ("互联网新闻信息服务许可证10120170006", "footer.icp"),
        ("如欲取得最佳浏览效果，请使用最新的浏览器，如Chrome、Firefox、Safari等。", "widget.browser-hint"),
        ("010030090900000000000000011105701129981476", "shape.tracking-id"),
        ("字体：", "widget.font-size"),
        ("在看", "widget.wechat-ui"),
        ("已同步到看一看写下你的想法", "widget.wechat-ui"),
        ("在“设置”-“通用”-“发现页管理”打开“看一看”入口", "widget.wechat-ui"),
        ("最多200字，当前共字", "widget.wechat-ui"),
        ("受苹果公司新规定影响，微信 iOS 版的赞赏功能被关闭，可通过二维码转账支持公众号。", "widget.wechat-ui"),
        ("阅读 10万+", "widget.wechat-ui"),
        ("昨天", "shape.relative-time"),
    ],
)
def test_news_furniture_is_removed_by_its_rule(line: str, rule: str) -> None:
    assert _removed_by(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "他对此没有评论，只说会尽快给出答复。",
        "我把这篇文章分享给好友了。",
        "他表示，这只代表他个人的观点，希望大家理性看待。",
        "微信和微博都是常用的社交软件，用户数以亿计。",
        "没有评论的文章往往传播得更慢，这是编辑部的共识。",
        "记者从市教育局获悉，今年全市共有12万名考生报名。",
        "这篇文章共有59条评论，大多数读者表示支持。",
        "他在图书馆找到了12张图，都是当年的老照片。",
        "昨天下午，我在看一本关于微信公众号运营的书。",
        "阅读是一种习惯，发送消息之前要想清楚。",
        "1.阅读",
        "记者节快乐",
        "通讯员培训会",
        "实习生招聘",
        "建议使用Chrome浏览器访问该系统，其他浏览器可能显示不全。",
        "简体中文和繁体中文的差别主要在字形上。",
        "来源广泛",
        "作者简介",
        "（三）违法窃取、泄露调查工作信息，或者泄露举报事项、举报受理情况以及举报人信息的；",
        "关键词：机器学习；深度学习",
        "今天08:23我们在会议室讨论了赞助商的回复。",
        "我收藏了这篇文章，准备明天再看。",
        "往期的经验告诉我们，要提前准备。",
        "新闻播报员是一份辛苦的工作。",
        "微信号码和手机号码不一定相同。",
        "这篇文章被收录在专栏中，欢迎大家订阅。",
        "我的钱包余额不多了，下个月要省着花。",
        "原价¥199 现价¥99",
        "他在文章分类上花了很多心思。",
        "这款播放器支持画中画和倍速播放，使用起来很方便。",
        "新华社记者报道，这篇评论引起了广泛关注。",
        "实验扫描成功后，我们得到了完整的数据。",
        "历史文化教育",
        "新闻历史文化教育基地",
        "这个账号一共写了三万字，获得了很多读者的喜欢。",
        "更多精彩内容请关注我们的后续报道。",
        "图片均来自网络",
        "信息来源于网络",
        "（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）",
    ],
)
def test_sentences_about_the_same_things_stay(line: str) -> None:
    text = ARTICLE + "\n" + line + "\n" + ARTICLE
    assert strip_boilerplate(text) == text


def test_portal_menu_with_five_character_items_is_not_a_poem() -> None:
    menu = ["网易首页", "应用", "网易新闻", "网易公开课", "网易红彩", "网易严选", "邮箱大师", "网易云课堂",
            "网易考拉", "咕噜短视频", "快速导航", "新闻", "国内", "国际", "图片", "一卡通充值", "一卡通购买",
            "网易白金卡", "网易智造", "电商", "严选"]
    text = "\n".join(menu) + "\n" + ARTICLE
    assert strip_boilerplate(text) == ARTICLE


def test_a_quoted_poem_between_posts_still_stays() -> None:
    poem = ["静夜思", "床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    text = "\n".join(
        ["楼主你好，这首诗我很喜欢，分享给大家看看。", "张三", "发表于 2024-5-6 12:47", *poem, "回复", "举报",
         "李四", "发表于 2024-5-6 13:00", "写得真好，我也很喜欢这首诗。"]
    )
    out = strip_boilerplate(text).split("\n")
    assert all(line in out for line in poem[1:])


@pytest.mark.parametrize(
    "heading", ["点击排行", "跟贴排行", "新闻推荐", "为您推荐", "最新视频", "作者最近文章", "APP精彩推荐"]
)
def test_ranking_and_recommendation_headings_take_their_list(heading: str) -> None:
    titles = ["北京发布高温蓝色预警", "纽约著名地标华尔街铜牛被砸 引来更多游客合照", "毕业生考研被在校生指责"]
    text = ARTICLE + "\n" + heading + "\n" + "\n".join(titles)
    assert strip_boilerplate(text) == ARTICLE


# an article, its closing editor line and what a news portal puts below it
BODY = "\n".join(
    [ARTICLE, ARTICLE.replace("新京报讯", "据悉，"), "赛后，主教练表示球队会认真总结，在接下来的比赛中继续全力以赴。"]
)
RELATED = [
    "俄苏34混编机队演练公路起降 野战自动化加油抢镜",
    "军事",
    "参考消息网",
    "13小时前",
    "4名男子2次索要漂亮女孩微信 被拒后怒砸对方汽车",
    "新京报",
    "大学生独游嵩山失联11天 父亲:没发现他有什么异样",
]


def test_headline_list_after_the_closing_editor_line_is_removed() -> None:
    text = BODY + "\n责任编辑：杨倩_NF4425\n" + "\n".join(RELATED)
    assert strip_boilerplate(text) == BODY + "\n责任编辑：杨倩_NF4425"
    assert "context.article-end" in {c.rule for c in get_cleaner("boilerplate").explain(text).changes}


@pytest.mark.parametrize("closing", ["（完）", "返回搜狐，查看更多"])
def test_headline_list_after_an_end_mark_or_a_back_link_is_removed(closing: str) -> None:
    text = BODY + "\n" + closing + "\n" + "\n".join(RELATED)
    kept = BODY + "\n（完）" if closing == "（完）" else BODY
    assert strip_boilerplate(text) == kept


def test_headline_list_after_a_dropped_closing_line_is_removed() -> None:
    # an opinion disclaimer closes an article and goes itself
    text = BODY + "\n本文仅代表作者个人观点，不代表本站立场。\n" + "\n".join(RELATED)
    assert strip_boilerplate(text) == BODY


@pytest.mark.parametrize(
    "line",
    [
        "免责声明：本文来自新闻客户端自媒体，不代表本网的观点和立场。",
        "免责声明：自媒体综合提供的内容均源自自媒体，版权归原作者所有，转载请联系原作者并获许可。文章观点仅代表作者本人。",
        "声明：本文仅代表作者个人观点，不代表本站立场。",
        "声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
    ],
)
def test_a_disclaimer_about_the_article_stays_and_ends_it(line: str) -> None:
    # part of the article in news pages' gold, like its credits; the headline list after it goes
    text = BODY + "\n" + line + "\n" + "\n".join(RELATED)
    assert strip_boilerplate(text) == BODY + "\n" + line


@pytest.mark.parametrize(
    "line",
    [
        "免责声明：本站资源均来自网络，如有侵权请联系删除。",
        "网友评论仅供其表达个人看法，并不表明本网立场。",
        "本站仅提供信息存储空间服务。",
        "声明：本站所有文章资源内容，如无特殊说明或标注，均为采集网络资源。",
    ],
)
def test_site_wide_disclaimers_still_go(line: str) -> None:
    assert strip_boilerplate(BODY + "\n" + line) == BODY


@pytest.mark.parametrize(
    "line",
    [
        "责任编辑：史建磊_NBJ11331",
        "责任编辑:",
        "[责任编辑：韩保林 PK155]",
        "图片来源：摄图网",
        "本文来源：新京报",
        "（来源：梨视频）",
    ],
)
def test_credits_closing_an_article_stay(line: str) -> None:
    # editor and source credits are part of the article in news pages' gold, like a
    # signature; the dateline above the article ('时间:… 来源:…') is not
    text = ARTICLE + "\n" + line + "\n" + ARTICLE
    assert strip_boilerplate(text) == text


def test_article_end_keeps_prose_and_a_lone_headline_after_the_editor_line() -> None:
    # a second article below the first: its title stands alone above its text
    second = ["另一条新闻的标题在这里出现", "据新华社报道，今年夏粮再获丰收，总产量比上年增加了二十多亿斤。"]
    text = BODY + "\n责任编辑：张申\n" + "\n".join(second)
    assert strip_boilerplate(text) == BODY + "\n责任编辑：张申\n" + "\n".join(second)


def test_article_end_stops_where_a_thread_starts() -> None:
    # a forum post quoting a news article with its editor line: the short replies below,
    # between floor marks and stamps, are the thread, not a headline list
    replies = ["沙发", "支持楼主的观点，说得很有道理", "2楼", "发表于 2024-5-6 12:47", "这个消息我昨天也看到了", "3楼",
               "发表于 2024-5-6 13:02", "希望以后能有更多这样的好新闻"]
    text = BODY + "\n责任编辑：张申\n" + "\n".join(replies)
    out = strip_boilerplate(text).split("\n")
    for reply in ("支持楼主的观点，说得很有道理", "这个消息我昨天也看到了", "希望以后能有更多这样的好新闻"):
        assert reply in out


def test_article_end_needs_the_article_before_the_editor_line() -> None:
    # an editor line at the top (too little prose before it) is no article's end: two
    # section titles in a row below it stay
    text = "编辑：李四\n第一部分的小标题在这里\n关于本次调整的详细说明如下\n" + BODY
    assert strip_boilerplate(text) == text


def test_article_end_is_idempotent_and_can_be_switched_off(tmp_path) -> None:
    text = BODY + "\n责任编辑：杨倩_NF4425\n" + "\n".join(RELATED)
    once = strip_boilerplate(text)
    assert strip_boilerplate(once) == once
    off = tmp_path / "off.tsv"
    off.write_text("id\tparams\twhat\ncontext.article-end\tenabled=0\toff\n", encoding="utf-8")
    kept = strip_boilerplate(text, rules=off)
    assert "俄苏34混编机队演练公路起降 野战自动化加油抢镜" in kept


# a readers' comment section below an article: usernames, comments (prose too), stamps, buttons
COMMENTS = [
    "紫衣青剑",
    "其实我觉得产业升级后，大量农民工应该回乡务农。国家也应该大力扶持农业精细化、高端化。",
    "13小时前",
    "回复 踩0 赞104",
    "行者无疆",
    "只能背水一战，无路可退！狭路相逢勇者胜。",
    "12小时前",
]


@pytest.mark.parametrize("heading", ["热门评论 7条", "全部评论 70条", "网友评论", "最新跟贴", "评论区"])
def test_comment_section_below_the_closing_line_is_removed(heading: str) -> None:
    text = BODY + "\n责任编辑：张申\n" + heading + "\n" + "\n".join(COMMENTS)
    assert strip_boilerplate(text) == BODY + "\n责任编辑：张申"
    rules = {c.rule for c in get_cleaner("boilerplate").explain(text).changes}
    assert "context.comments" in rules and "widget.comments-heading" in rules


def test_comment_section_needs_an_article_end_above_it() -> None:
    # a thread or a blog post with no closing editor line: what follows a comment heading
    # is the page's content as far as this rule knows
    text = BODY + "\n全部评论 70条\n" + "\n".join(COMMENTS)
    out = strip_boilerplate(text).split("\n")
    assert COMMENTS[1] in out and COMMENTS[5] in out


@pytest.mark.parametrize("counter", ["评论(3)", "4 条评论", "评论"])
def test_a_bare_comment_counter_is_no_comment_section(counter: str) -> None:
    # '评论(3)', '4 条评论' stand under every post or answer of a page listing several: the next one stays
    second = ["另一条新闻的标题在这里出现", "据新华社报道，今年夏粮再获丰收，总产量比上年增加了二十多亿斤。"]
    text = BODY + "\n责任编辑：张申\n" + counter + "\n" + "\n".join(second)
    out = strip_boilerplate(text).split("\n")
    assert second[1] in out


def test_comment_section_stops_where_a_thread_starts_and_can_be_switched_off(tmp_path) -> None:
    replies = ["2楼", "发表于 2024-5-6 12:47", "这个消息我昨天也看到了，希望以后能有更多这样的好新闻。"]
    text = BODY + "\n责任编辑：张申\n热门评论 7条\n" + "\n".join(COMMENTS + replies)
    once = strip_boilerplate(text)
    assert replies[2] in once.split("\n") and COMMENTS[1] not in once
    assert strip_boilerplate(once) == once
    off = tmp_path / "off.tsv"
    off.write_text("id\tparams\twhat\ncontext.comments\tenabled=0\toff\n", encoding="utf-8")
    assert COMMENTS[1] in strip_boilerplate(text, rules=off).split("\n")


def test_a_related_block_at_the_top_stops_at_the_breadcrumb() -> None:
    # a hot-search list above the page's own trail: the trail starts the page's article,
    # whose title and subtitle stay
    head = ["热门搜索：", "转型", "综改", "招商引资", "旅游", "首页", "> 要闻", "> 山西要闻"]
    title = ["山西品牌丝路行（南美站）正式启动", "成功举办中国（山西）－巴西双向经贸投资推介会"]
    text = "\n".join(head + title) + "\n" + ARTICLE
    assert strip_boilerplate(text) == "\n".join(title) + "\n" + ARTICLE


def test_a_more_link_with_a_chevron_is_no_breadcrumb() -> None:
    # ('> 查看更多' under a product list would end a related block as a trail does)
    assert _removed_by("> 查看更多") == "nav.more"
    assert _removed_by("> 无分类") == "breadcrumb.start-chevron"


def test_a_short_infobox_row_among_kept_rows_stays() -> None:
    # a film's or an entry's infobox: '语言: 英语' is as short as a menu item, but its
    # neighbours are 'key: value' rows of the same box; the stamp and counters around it go
    box = ["导演: 弗兰克·德拉邦特", "类型: 剧情 / 犯罪", "制片国家/地区: 美国", "语言: 英语",
           "上映日期: 1994-09-10 / 1994-10-14", "片长: 142分钟", "豆瓣评分", "9.7", "想看", "看过"]
    out = strip_boilerplate(ARTICLE + "\n" + "\n".join(box) + "\n" + ARTICLE).split("\n")
    assert "语言: 英语" in out and "制片国家/地区: 美国" in out and "想看" not in out


def test_a_song_below_the_head_menu_keeps_its_short_lines() -> None:
    # the head menu ends with its last removed line ('登录'); below it, short lines that read
    # as text (的 着 过) are the page's own, though no prose line has come yet
    menu = ["首页", "歌手", "歌词", "排行榜", "登录"]
    song = ["故事的小黄花", "从出生那年就飘着", "童年的荡秋千", "随记忆一直晃到现在", "刮风这天我试过握着你手",
            "但偏偏雨渐渐大到我看你不见", "还要多久我才能在你身边", "等到放晴的那天也许我会比较好一点"]
    out = strip_boilerplate("\n".join(menu + song)).split("\n")
    assert out == song


def test_my_account_menu_items_are_menu_labels_but_a_reply_stays() -> None:
    # '我的订单' holds a pronoun, but as a menu label ('我的' and a noun) it is short like
    # '登录'; a post '我的天' right after its date stamp is still the post
    menu = ["首页", "新闻", "登录", "我的订单", "我的收藏", "我的提问", "我的任务"]
    posts = ["张三", "发表于 2024-5-6 12:47", "我的天", "李四", "发表于 2024-5-6 12:50", "我的妈呀"]
    out = strip_boilerplate("\n".join(menu) + "\n" + ARTICLE + "\n" + "\n".join(posts) + "\n" + ARTICLE).split("\n")
    assert "我的订单" not in out and "我的提问" not in out  # ('我的任务' stays: a heading right above prose)
    assert "我的天" in out and "我的妈呀" in out

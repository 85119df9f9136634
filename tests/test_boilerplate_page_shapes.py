"""Whole pages of kinds the labelled sets do not hold (a blog post, a WeChat article, an
encyclopedia entry, a Q&A thread, a government notice, a lyrics page), written the way a
scraper that keeps every block's text sees them. Each test names the page's content lines,
which must all stay in order, and the furniture lines that must go; lines named in neither
list are left to the rules' judgement (titles, a lone '赞')."""

from __future__ import annotations

import pytest

from zhclean import strip_boilerplate

PAGES = {
    "blog post": (
        ["CSDN", "博客", "下载", "社区", "登录", "会员中心", "消息", "创作中心", "发布"],
        "Python中的装饰器详解",
        ["张三 于 2023-05-06 12:47:42 发布", "阅读量1.2w", "收藏 56", "点赞数 12",
         "分类专栏： Python 文章标签： python 装饰器",
         "版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。",
         "本文链接：https://blog.csdn.net/zhangsan/article/details/123456", "Python 专栏收录该内容", "12 篇文章",
         "0 订阅", "订阅专栏"],
        ["装饰器是Python中一个非常强大的特性，它允许我们在不修改原函数代码的情况下，为函数添加额外的功能。",
         "下面是一个简单的例子：", "def timer(func):", "    def wrapper(*args, **kwargs):",
         "        return func(*args, **kwargs)", "    return wrapper",
         "运行上面的代码，可以看到函数的执行时间被打印出来了。", "总结", "装饰器本质上是一个返回函数的高阶函数。"],
        ["文章知识点与官方知识档案匹配，可进一步学习相关知识", "Python入门技能树首页概览", "123456 人正在系统学习中",
         "打赏作者", "你的鼓励将是我创作的最大动力", "¥1 ¥2 ¥4 ¥6 ¥10 ¥20", "扫码支付：¥1", "获取中",
         "您的余额不足，请更换扫码支付或充值", "使用余额支付", "钱包余额 0", "抵扣说明：",
         "1.余额是钱包充值的虚拟货币，按照1:1的比例进行支付金额的抵扣。", "余额充值"],
    ),
    "WeChat article": (
        [],
        "一文读懂大模型的训练流程",
        ["原创 张三 AI前线 2023-05-06 12:00 发表于北京", "收录于合集 #大模型 12个"],
        ["大模型的训练通常分为预训练、监督微调和人类反馈强化学习三个阶段。",
         "预训练阶段使用海量的无标注文本，让模型学习语言的统计规律。",
         "监督微调阶段则使用人工标注的高质量问答数据，让模型学会遵循指令。"],
        ["预览时标签不可点", "微信扫一扫", "关注该公众号", "继续滑动看下一个", "轻触阅读原文", "向上滑动看下一个",
         "知道了", "使用小程序", "允许", "，轻点两下取消赞", "在看", "，轻点两下取消在看", "分享", "留言", "收藏"],
    ),
    "encyclopedia entry": (
        ["网页", "新闻", "知道", "网盘", "图片", "视频", "地图", "文库", "百科", "登录", "注册", "首页", "秒懂百科",
         "特色百科", "下载百科APP", "个人中心"],
        "大熊猫",
        ["播报", "收藏", "查看我的收藏"],
        ["大熊猫（学名：Ailuropoda melanoleuca）：属于食肉目、熊科、大熊猫亚科和大熊猫属唯一的哺乳动物，仅有二个亚种。",
         "雄性个体稍大于雌性。体型肥硕似熊、丰腴富态，头圆尾短，头躯长1.2-1.8米，尾长10-12厘米。",
         "中文名", "大熊猫", "拉丁学名", "Ailuropoda melanoleuca", "别    名", "猫熊、竹熊、银狗",
         "大熊猫是中国特有物种，现存的主要栖息地是中国四川、陕西和甘肃的山区。"],
        ["浏览次数：2345678次", "编辑次数：567次历史版本",
         "©2024 Baidu 使用百度前必读 | 百科协议 | 隐私政策 | 百度百科合作平台 | 京ICP证030173号"],
    ),
    "Q&A thread": (
        ["首页", "发现", "等你来答", "登录/注册"],
        "为什么天空是蓝色的？",
        ["关注者", "1,024", "被浏览", "356,789", "关注问题", "写回答", "添加评论", "分享", "32 个回答"],
        ["这是因为瑞利散射。太阳光进入大气层后，波长较短的蓝光被空气分子散射得更强烈，所以我们看到的天空呈现蓝色。",
         "至于为什么不是紫色，一方面是太阳光中紫光本身较少，另一方面人眼对紫光不够敏感。"],
        ["编辑于 2023-08-01 10:20", "赞同 1234", "56 条评论", "分享", "收藏", "查看全部 32 个回答"],
    ),
    "government notice": (
        ["无障碍", "长者模式", "English", "繁体", "首页", "机构概况", "政务公开", "政务服务", "互动交流",
         "您当前的位置：首页 > 政务公开 > 通知公告"],
        "关于开展2024年度安全生产检查工作的通知",
        [
         "发布时间：2024-05-06 来源：市应急管理局 浏览次数：1234 字号：[ 大 中 小 ]"],
        ["各区县应急管理局，市直各有关单位：",
         "为深入贯彻落实安全生产工作部署，切实防范化解重大安全风险，经研究，决定开展2024年度安全生产检查工作。",
         "一、检查时间", "2024年5月10日至6月30日。", "二、检查内容", "（一）安全生产责任制落实情况；",
         "（二）隐患排查治理情况。", "附件：1.安全生产检查表.docx", "市应急管理局", "2024年5月6日"],
        ["【打印本页】【关闭窗口】", "扫一扫在手机打开当前页", "相关链接", "网站地图", "联系我们",
         "网站标识码：1234000001 备案号：皖ICP备12345678号-1 皖公网安备 34010202000001号"],
    ),
    "lyrics page": (
        ["首页", "歌手", "歌词", "排行榜", "登录"],
        None,
        [],
        ["故事的小黄花", "从出生那年就飘着", "童年的荡秋千", "随记忆一直晃到现在", "刮风这天我试过握着你手",
         "但偏偏雨渐渐大到我看你不见", "还要多久我才能在你身边", "等到放晴的那天也许我会比较好一点"],
        ["相关歌词", "分享到：", "微博", "微信"],
    ),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_page_keeps_its_content_and_loses_its_furniture(kind: str) -> None:
    head, title, header, content, tail = PAGES[kind]
    lines = head + ([title] if title else []) + header + content + tail
    out = strip_boilerplate("\n".join(lines)).split("\n")
    if title and out and out[0] == title:
        out = out[1:]  # (a title may stay or go: the gold of news and forum pages leaves it out)
    kept_content = [line for line in out if line in content]
    assert kept_content == content, f"content lost: {[c for c in content if c not in out]}"
    furniture = head + header + tail
    assert not [line for line in furniture if line in out and line not in content]

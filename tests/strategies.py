"""The one home of hypothesis strategies for zhclean's tests.

Add a strategy at the end of this file (append; never rewrite what others use), with a
docstring that says what it generates and why.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Common simplified characters that OpenCC t2s leaves alone and that carry no placeholder,
# mojibake or numbering look-alike: the building blocks of "clean simplified text".
COMMON_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从"
    "业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又"
    "么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位"
    "入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受"
    "联什认六共权收证改清美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华"
    "名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容"
    "儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号"
    "率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红"
    "细引听该铁价严"
)
CJK_PUNCT = "，。：；！？、"
ASCII_WORDS = ("Python", "CPU", "GDP", "2021", "3.14", "100", "A4", "iPhone", "ISO 9001")


def han_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Runs of common simplified Han characters, nothing else."""
    return st.text(alphabet=COMMON_HAN, min_size=min_size, max_size=max_size)


@st.composite
def clean_sentence(draw: st.DrawFn) -> str:
    """A plausible clean simplified sentence: Han clauses, CJK punctuation, an ASCII token
    now and then, ending with a full stop. At least 12 characters, so no cleaner mistakes it
    for a menu item or a heading."""
    clauses = draw(st.lists(han_text(4, 20), min_size=2, max_size=3))
    parts = []
    for i, clause in enumerate(clauses):
        if draw(st.booleans()) and i:
            clause = draw(st.sampled_from(ASCII_WORDS)) + clause
        parts.append(clause)
    seps = draw(st.lists(st.sampled_from("，，，；、"), min_size=len(parts) - 1, max_size=len(parts) - 1))
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out + draw(st.sampled_from("。。。！？"))


@st.composite
def clean_document(draw: st.DrawFn, min_lines: int = 1, max_lines: int = 5) -> str:
    """Lines of clean sentences, optionally indented with the U+3000 paragraph indent."""
    lines = []
    for _ in range(draw(st.integers(min_lines, max_lines))):
        sentences = draw(st.lists(clean_sentence(), min_size=1, max_size=2))
        indent = draw(st.sampled_from(["", "", "\u3000\u3000"]))
        lines.append(indent + "".join(sentences))
    return "\n".join(lines)


def any_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Any Unicode text at all, surrogates excluded (they cannot be encoded)."""
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=max_size)


def mixed_text(max_size: int = 120) -> st.SearchStrategy[str]:
    """Text biased towards what scraped Chinese pages contain: Han (simplified and
    traditional), CJK and ASCII punctuation, full-width forms, enumerated characters,
    Latin-1 mojibake letters, placeholder look-alikes, newlines and indents."""
    alphabet = st.one_of(
        st.sampled_from(COMMON_HAN),
        st.sampled_from("體醫學們說實施關與為從來會"),
        st.sampled_from(CJK_PUNCT + "（）《》“”‘’【】…—"),
        st.sampled_from(",.:;!?()[]-/|>_ *"),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.sampled_from("①②③⑩⑴⑵⒈⒉ⅠⅡⅣⅫ㈠㈡"),
        st.sampled_from("ÖÐÎÄÃ©Â鍙戠敓閿欒锟斤拷"),
        st.sampled_from("xX×＊某○"),
        st.sampled_from("\n\n\u3000 \t"),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    )
    return st.text(alphabet, max_size=max_size)


def encodable_text(codec: str, max_size: int = 80) -> st.SearchStrategy[str]:
    """Text that round-trips through ``codec`` (utf-8, gb18030, big5, ...)."""

    def ok(s: str) -> bool:
        try:
            return s.encode(codec).decode(codec) == s
        except (UnicodeEncodeError, UnicodeDecodeError):
            return False

    return st.text(
        st.one_of(
            st.sampled_from(COMMON_HAN + CJK_PUNCT),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        ),
        max_size=max_size,
    ).filter(ok)


# (traditional-only character, one of its readings), glossed as injecting sites write them.
TRAD_GLOSSES = (
    ("醫", "yī"), ("學", "xué"), ("衛", "wèi"), ("開", "kāi"), ("關", "guān"), ("實", "shí"),
    ("動", "dòng"), ("鄉", "xiāng"), ("區", "qū"), ("縣", "xiàn"), ("鎮", "zhèn"), ("療", "liáo"),
    ("統", "tǒng"), ("機", "jī"), ("構", "gòu"), ("級", "jí"), ("務", "wù"), ("們", "men"),
    ("體", "tǐ"), ("現", "xiàn"), ("場", "chǎng"), ("養", "yǎng"),
)
# (simplified or shared character, its reading): what a pinyin lesson annotates.
LESSON_GLOSSES = (
    ("学", "xué"), ("习", "xí"), ("大", "dà"), ("家", "jiā"), ("好", "hǎo"), ("中", "zhōng"),
    ("国", "guó"), ("人", "rén"), ("山", "shān"), ("水", "shuǐ"), ("我", "wǒ"), ("们", "men"),
)


@st.composite
def glossed_document(draw: st.DrawFn, min_glosses: int = 1, max_glosses: int = 12) -> tuple[str, str]:
    """``(injected, expected)``: a clean document into which traditional-only characters were
    inserted, each carrying its pinyin gloss in ASCII or full-width brackets (``醫(yī)``, as
    med126-style sites inject them), and the same document with the characters but no
    glosses. The artifacts step must turn the first into the second (its partner law)."""
    doc = draw(clean_document())
    pairs = draw(st.lists(st.sampled_from(TRAD_GLOSSES), min_size=min_glosses, max_size=max_glosses))
    brackets = draw(st.lists(st.sampled_from([("(", ")"), ("（", "）")]), min_size=len(pairs), max_size=len(pairs)))
    spots = sorted(draw(st.lists(st.integers(0, len(doc)), min_size=len(pairs), max_size=len(pairs))))
    injected, expected, pos = [], [], 0
    for spot, (char, reading), (left, right) in zip(spots, pairs, brackets):
        injected.append(doc[pos:spot] + char + left + reading + right)
        expected.append(doc[pos:spot] + char)
        pos = spot
    return "".join(injected) + doc[pos:], "".join(expected) + doc[pos:]


@st.composite
def pinyin_lesson(draw: st.DrawFn) -> str:
    """A clean simplified document with pinyin glosses on simplified characters
    (``学(xué)习(xí)``): teaching text, which the artifacts step must leave alone."""
    doc = draw(clean_document())
    pairs = draw(st.lists(st.sampled_from(LESSON_GLOSSES), min_size=1, max_size=8))
    spots = sorted(draw(st.lists(st.integers(0, len(doc)), min_size=len(pairs), max_size=len(pairs))))
    out, pos = [], 0
    for spot, (char, reading) in zip(spots, pairs):
        out.append(doc[pos:spot] + char + "(" + reading + ")")
        pos = spot
    return "".join(out) + doc[pos:]


# --- width and numbering (issue 6) -------------------------------------------------------

FULLWIDTH_FORMS = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
ENUMERATED = (
    "⓪①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑳㉑㊿⓿❶❿⓫⓴➀➉➊➓⓵⓾⑴⑵⑽⒇⒈⒉⒑⒛⒜⒵ⒶⓏⓐⓩ㈠㈡㈩㊀㊉"
    "ⅠⅡⅢⅣⅤⅫⅬⅭⅮⅯⅰⅱⅳⅻⅿ"
)


def width_text(max_size: int = 80) -> st.SearchStrategy[str]:
    """Text built to hit every width and numbering rule and their edges: Han, full-width
    forms, ASCII digits/letters/punctuation, enumerated characters, U+3000 and newlines, CJK
    quotes and brackets, and whole tokens such as 12:30, １，２００, (一), URLs and code."""
    alphabet = st.one_of(
        st.sampled_from(COMMON_HAN),
        st.sampled_from(FULLWIDTH_FORMS),
        st.sampled_from("０１２３ＡＢａｂ，：．～（）"),
        st.sampled_from("0123456789AZaz"),
        st.sampled_from(",:;!?()._-=<>{}`\\$/ "),
        st.sampled_from(ENUMERATED),
        st.sampled_from("\u3000\u3000\n"),
        st.sampled_from("“”‘’《》「」【】〔〕、。…—"),
    )
    tokens = st.sampled_from(
        [
            "12:30", "１，２００", "(一)", "（１）", "１．", "３．１４",
            "http://a.cn/中,文", "www.x.cn", "x=1;", "Ｗｉｎｄｏｗｓ　ＸＰ",
        ]
    )
    return st.lists(st.one_of(alphabet, tokens), max_size=max_size).map("".join)


def text_without_width_forms(max_size: int = 120) -> st.SearchStrategy[str]:
    """Text with no full-width form (U+FF01..U+FF5E), no U+3000 and no enumerated character,
    but with Han, CJK punctuation, ASCII letters, digits and punctuation: what width and
    numbering must leave byte for byte (width with punctuation="keep")."""
    return st.text(
        st.one_of(
            st.sampled_from(COMMON_HAN + CJK_PUNCT + "“”《》、。…—\n "),
            st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        ),
        max_size=max_size,
    )


# --- boilerplate (appended by the boilerplate step) ---------------------------------------

BOILERPLATE_LINES = (
    # real lines of scraped Chinese pages, one per phrase/shape family of rules/boilerplate.tsv
    "当前位置: 达达文档网 > 体裁范文 > 工作总结 > 正文",
    "时间:2021-11-08 23:14:22 来源:达达文档网 本文已影响 达达文档网手机站",
    "相关热词搜索: 下乡 卫生局 工作总结 卫生",
    "以下是小编为大家精心整理的工作总结范文，欢迎阅读与收藏。",
    "- 2、本站所有内容均由合作方或网友上传，本站不对文档的完整性、权威性及其观点立场正确性做任何保证或承诺！",
    "一键复制全文保存为WORD",
    "文档评论(0)",
    "查看更多",
    "上一篇：卫生局工作计划",
    "下一篇：卫生院工作总结",
    "版权所有 © 2006-2024 某某网 All Rights Reserved",
    "浙ICP備12017320號",
    "京公网安备 11010802020088号",
    "关于我们 - 联系我们 - 网站地图 - 帮助",
    "首页 | 新闻 | 图片 | 视频 | 论坛",
    "发表于 2024-5-6 12:47:42",
    "分享到：",
    "1 人赞同了该回答",
    "该楼层疑似违规已被系统折叠 隐藏此楼查看此楼",
    "返回顶部",
)


@st.composite
def document_with_boilerplate(draw: st.DrawFn) -> tuple[str, list[str], list[int]]:
    """A clean document with real boilerplate lines injected between (and around) its lines.

    Returns ``(text, content_lines, injected_positions)``: the partner law of
    strip_boilerplate is that the injected lines are removed and the content lines kept."""
    content = draw(clean_document(min_lines=1, max_lines=6)).split("\n")
    lines: list[str] = []
    injected: list[int] = []
    for line in content:
        for extra in draw(st.lists(st.sampled_from(BOILERPLATE_LINES), max_size=2)):
            injected.append(len(lines))
            lines.append(extra)
        lines.append(line)
    for extra in draw(st.lists(st.sampled_from(BOILERPLATE_LINES), max_size=3)):
        injected.append(len(lines))
        lines.append(extra)
    return "\n".join(lines), content, injected


def page_like_text(max_lines: int = 14) -> st.SearchStrategy[str]:
    """Lines mixing clean sentences, short menu words, headings, boilerplate lines, dates
    and blank lines, in any order: the inputs on which line-context rules must still be
    idempotent."""
    line = st.one_of(
        clean_sentence(),
        st.sampled_from(BOILERPLATE_LINES),
        st.sampled_from(["首页", "登录", "新闻", "• 工作总结", "• 心得体会", "一、活动目的", "卫生局:",
                         "大同市卫生局", "2014年3月20日", "Rache1", "1 月前", "#3", "相关问题", "", "0"]),
        han_text(2, 10),
    )
    return st.lists(line, max_size=max_lines).map("\n".join)


# --- placeholders (issue 7) -------------------------------------------------------------

#: (mask, what follows it) pairs shaped like template placeholders: the mask is what a
#: detector must find. Followed by "，" when injected, so the next clause cannot change them.
PLACEHOLDER_SHAPES = (
    ("20xx", "年上半年"), ("20XX", "年"), ("201x", "年"), ("20__", "年"), ("xx", "年"),
    ("XX", "市"), ("xx", "县"), ("××", "区"), ("＊＊", "镇"), ("○○", "乡"), ("X", "市"),
    ("XX", "公司"), ("××", "局"), ("xx", "学校"), ("XXX", "同志"), ("×××", "老师"),
    ("xx", "36人次"), ("xx", "万元"), ("XX", "个"), ("××", "人"), ("X", "月"), ("xx", "日"),
    ("________", ""), ("某某某", "同志"),
)

#: Real look-alikes of placeholders (issue 7): a detector must find nothing in them.
PLACEHOLDER_LOOKALIKES = (
    "X光机", "X射线", "XX染色体", "XXL码", "x86架构", "Windows XP系统", "Xbox手柄", "iPhone X手机",
    "3×4米", "1600×720分辨率", "4×100米接力", "3.0X倍速", "**加粗**", "王某某", "138****1234",
    "某种程度上", "20世纪", "X型腿", "__init__方法", "二○○八年", "snake_case", "2**31",
)


@st.composite
def sentence_with_placeholder(draw: st.DrawFn) -> tuple[str, tuple[int, int]]:
    """A clean sentence with one template placeholder injected at a clause start.

    Returns ``(text, (start, end))`` where ``text[start:end]`` is the mask: the partner law of
    find_placeholders is that a finding overlaps that span."""
    before = draw(st.sampled_from(["", "根据", "关于"])) + draw(han_text(2, 12))
    mask, follow = draw(st.sampled_from(PLACEHOLDER_SHAPES))
    after = draw(han_text(2, 12)) + draw(st.sampled_from("。！？"))
    head = before + "，"
    text = head + mask + follow + "，" + after
    return text, (len(head), len(head) + len(mask))


@st.composite
def text_with_lookalikes(draw: st.DrawFn) -> str:
    """Clean sentences with placeholder look-alikes (X光, x86, 3×4, 王某某, **bold** ...)
    spliced between clauses: a detector must report nothing."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(han_text(2, 10)))
        parts.append(draw(st.sampled_from(PLACEHOLDER_LOOKALIKES)))
        parts.append(draw(st.sampled_from("，。、；")))
    return "".join(parts)


# --- script (traditional -> simplified) -------------------------------------------------
# Common traditional-only characters (each one OpenCC t2s changes) and shared Han characters.
TRADITIONAL_HAN = (
    "們說體醫學實關與為從來會這個時國對發經過還進動機電開問題當種應數點無見聽讀書車門長東"
    "義現變處應該總覺幾雖網軟鐵說導領頭記錄讓認識議論樣區縣鄉衛業務計劃報導廣場價錢買賣"
)
SHARED_HAN = "中人大上下天日月山水火木土心手口一二三四五六七八九十年百千万主生文字工可以不的"


def traditional_text(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """Traditional Chinese: traditional-only characters mixed with characters both scripts
    share, CJK punctuation and newlines. Partner of the simplified step: after it, no
    traditional-only character is left."""
    return st.text(
        st.one_of(
            st.sampled_from(TRADITIONAL_HAN), st.sampled_from(SHARED_HAN), st.sampled_from(CJK_PUNCT + "\n")
        ),
        min_size=min_size,
        max_size=max_size,
    )

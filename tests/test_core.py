"""The core: Pipeline bookkeeping, explanation records, the registry, the rule loader, errors."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

import zhclean
from zhclean import (
    Change,
    Cleaner,
    NotTextError,
    Pipeline,
    RuleFileError,
    StepResult,
    UnknownStepError,
    get_cleaner,
)
from zhclean.rules import load_rules


@dataclass(frozen=True)
class Upper(Cleaner):
    """A toy rewriter: upper-cases ASCII letters, one change per letter."""

    name: ClassVar[str] = "upper"
    summary: ClassVar[str] = "upper-case ASCII"

    def __call__(self, text: str) -> str:
        return text.upper()

    def explain(self, text: str) -> StepResult:
        changes = tuple(
            Change(self.name, "toy.upper", ch, ch.upper(), start=i, end=i + 1)
            for i, ch in enumerate(text)
            if ch.islower()
        )
        return StepResult(text.upper(), changes)


@dataclass(frozen=True)
class CountA(Cleaner):
    """A toy detector: counts the letter A, never edits."""

    name: ClassVar[str] = "count-a"
    summary: ClassVar[str] = "count A"
    rewrites: ClassVar[bool] = False

    def __call__(self, text: str) -> str:
        return text

    def explain(self, text: str) -> StepResult:
        return StepResult(text, (), {"count": text.count("A")})


def test_explain_records_only_changing_steps_and_all_signals() -> None:
    pipe = Pipeline(CountA(), Upper(), CountA())
    result = pipe.explain("ab")
    assert result.text == pipe("ab") == "AB"
    assert [s.step for s in result.steps] == ["upper"]
    assert [c.before for c in result.changes] == ["a", "b"]
    # the detector's signals are those of its last run, on the final text
    assert result.signals == {"count-a": {"count": 1}}
    assert result.changed
    unchanged = pipe.explain("XYZ")
    assert not unchanged.changed and unchanged.steps == ()


def test_explanation_serializes_and_reports() -> None:
    result = Pipeline(Upper(), CountA()).explain("a")
    data = json.loads(json.dumps(result.as_dict()))
    assert data["steps"][0]["changes"][0] == {
        "step": "upper", "rule": "toy.upper", "start": 0, "end": 1, "before": "a", "after": "A"
    }
    report = result.report()
    assert "[upper] 1 change(s)" in report and "toy.upper" in report and "[count-a] signals: count=1" in report
    assert Pipeline(Upper()).explain("").report() == "no changes\n"


def test_removal_is_reported_as_removed() -> None:
    change = Change("s", "r", before="menu line", after="", line=3)
    text = zhclean.Explanation("x", (zhclean.StepExplanation("s", (change,)),), {}).report()
    assert "r: line 3: 'menu line' -> (removed)" in text


def test_rule_counts() -> None:
    step = zhclean.StepExplanation("s", (Change("s", "a", "", ""), Change("s", "b", "", ""), Change("s", "a", "", "")))
    assert step.rule_counts() == {"a": 2, "b": 1}


def test_pipeline_rejects_non_cleaners_with_a_hint() -> None:
    with pytest.raises(TypeError, match="from_names"):
        Pipeline("width")  # type: ignore[arg-type]


def test_pipeline_equality_repr_and_pickle() -> None:
    pipe = Pipeline.from_names(["width", "numbering"])
    assert pipe == Pipeline.from_names(["width", "numbering"])
    assert pipe != Pipeline.from_names(["numbering", "width"])
    assert repr(pipe) == "Pipeline.from_names(['width', 'numbering'])"
    assert pickle.loads(pickle.dumps(pipe)) == pipe


def test_unknown_step_and_preset_name_the_known_ones() -> None:
    with pytest.raises(UnknownStepError, match="known steps: mojibake"):
        get_cleaner("nope")
    with pytest.raises(UnknownStepError, match="unknown preset 'nope'"):
        Pipeline.from_preset("nope")


def test_default_preset_runs_every_rewriter_and_reports_detectors() -> None:
    rewriters = {n for n, cls in zhclean.REGISTRY.items() if cls.rewrites}
    default = set(zhclean.PRESETS["default"])
    assert rewriters - default == {"mask-placeholders"}
    assert "placeholders" in default
    assert zhclean.clean("一") == Pipeline.from_preset("default")("一")


def test_not_text_error_says_what_to_do() -> None:
    with pytest.raises(NotTextError, match=r"decode_bytes\(data\)\.text"):
        zhclean.clean(b"abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zhclean.clean(None)  # type: ignore[arg-type]


def test_public_names_are_exported() -> None:
    for name in zhclean.__all__:
        assert hasattr(zhclean, name), name


RULES = "# header\n# more\nid\tpattern\tnote\nbp.a\tfoo\tx\n\nbp.b\tbar\ty\n"


def test_rule_loader_parses_rows_with_line_numbers() -> None:
    rows = load_rules(text=RULES, required=["pattern"])
    assert [(r["id"], r["pattern"], r["_line"]) for r in rows] == [("bp.a", "foo", 4), ("bp.b", "bar", 6)]


@pytest.mark.parametrize(
    "content, line, reason",
    [
        ("id\tpattern\nbp.a\tfoo\textra\n", 2, "expected 2 tab-separated fields"),
        ("id\tpattern\nbp.a\tfoo\nbp.a\tbar\n", 3, "duplicate rule id 'bp.a' (first on line 2)"),
        ("id\tpattern\nBad Id\tfoo\n", 2, "bad rule id"),
        ("pattern\nfoo\n", 1, "header lacks column(s) id"),
        ("id\nbp.a\n", 1, "header lacks column(s) pattern"),
        ("# only comments\n", 0, "no header line"),
    ],
)
def test_rule_loader_names_file_line_and_reason(content: str, line: int, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(path, required=["pattern"])
    assert info.value.line == line
    assert reason in info.value.reason
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_rule_loader_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read rule file"):
        load_rules(tmp_path / "absent.tsv")
    bad = tmp_path / "gbk.tsv"
    bad.write_bytes("id\n规则\n".encode("gbk"))
    with pytest.raises(RuleFileError, match="UTF-8"):
        load_rules(bad)


def test_every_packaged_rule_file_loads() -> None:
    """Every packaged table whose header names an ``id`` column is a rule file and loads cleanly
    (data tables without ids, such as frequency or reading tables, are not rule files)."""
    from importlib import resources

    from zhclean.rules import read_packaged

    loaded = 0
    for path in resources.files("zhclean.rules").iterdir():
        if not path.name.endswith(".tsv"):
            continue
        header = next(x for x in read_packaged(path.name).split("\n") if x.strip() and not x.startswith("#"))
        if "id" in header.split("\t"):
            assert load_rules(packaged=path.name)
            loaded += 1
    assert loaded >= 1

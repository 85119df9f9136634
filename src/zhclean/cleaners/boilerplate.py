"""Remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers.

Scrapers that save every text block of a page keep the site around the article: category
menus, "当前位置: 首页 > 栏目 > 正文" breadcrumbs, "时间:… 来源:…" lines, "以下是小编为大家精心
整理的…" intros, numbered download-site notices, "相关热词搜索" lines, share buttons and ICP
footers. Line filters built for English (C4's) keep exactly these lines on Chinese pages
and drop the sentences, because Chinese sentences end in "。", not ".".

:func:`strip_boilerplate` removes whole lines only: the lines it keeps come out byte for
byte, in order. It decides each line from phrase and shape rules (data files in
``zhclean/rules``), the line's shape and its context, and leaves a line alone when in doubt
(precision first: a heading, a short list item, a signature or the date closing a letter
is content). See docs/boilerplate.md.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Union

from .._core import Change, Cleaner, StepResult, require_text
from ._boilerplate_engine import compile_ruleset, decide, normalize_paths, rule_note

__all__ = ["strip_boilerplate", "BoilerplateStripper"]

PathLike = Union[str, "os.PathLike[str]"]


def strip_boilerplate(text: str, *, rules: PathLike | Iterable[PathLike] | None = None) -> str:
    """Return ``text`` without its boilerplate lines; kept lines are unchanged and in order.

    ``rules`` names extra rule file(s) (same TSV format as ``zhclean/rules/boilerplate.tsv``)
    read after the packaged ones; a row reusing a packaged id replaces that rule.

    >>> page = "首页\\n登录\\n注册\\n卫生工作总结\\n今年我院开展了卫生下乡活动，效果很好。"
    >>> page += "\\n上一篇：工作计划\\n京ICP备12345678号"
    >>> print(strip_boilerplate(page))
    卫生工作总结
    今年我院开展了卫生下乡活动，效果很好。
    >>> strip_boilerplate("一、活动目的\\n开展活动是一项长期性的工作。")
    '一、活动目的\\n开展活动是一项长期性的工作。'
    """
    require_text(text, "strip_boilerplate")
    if not text:
        return text
    raw, keep, _ = decide(text, compile_ruleset(normalize_paths(rules)), explain=False)
    if 0 not in keep:
        return text
    return "\n".join(itertools.compress(raw, keep))


@dataclass(frozen=True)
class BoilerplateStripper(Cleaner):
    """Remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers.

    ``extra_rules`` are paths of user rule files read after the packaged ones;
    ``packaged=False`` uses only the user's files (the context rules are then off unless a
    user file names them).

    >>> BoilerplateStripper()("正文第一段，内容完整。\\n版权所有 © 2024 某某网")
    '正文第一段，内容完整。'
    >>> r = BoilerplateStripper().explain("正文第一段，内容完整。\\n版权所有 © 2024 某某网")
    >>> [(c.rule, c.line) for c in r.changes], r.signals["lines_dropped"]
    ([('footer.copyright', 2)], 1)
    """

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = "remove whole boilerplate lines: menus, breadcrumbs, metadata, SEO intros, footers"

    extra_rules: tuple[str, ...] = field(default=())
    packaged: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.extra_rules, (str, os.PathLike)):
            object.__setattr__(self, "extra_rules", (os.fspath(self.extra_rules),))
        else:
            object.__setattr__(self, "extra_rules", tuple(os.fspath(p) for p in self.extra_rules))

    def __call__(self, text: str) -> str:
        require_text(text, "BoilerplateStripper")
        if not text:
            return text
        raw, keep, _ = decide(text, compile_ruleset(self.extra_rules, self.packaged), explain=False)
        if 0 not in keep:
            return text
        return "\n".join(itertools.compress(raw, keep))

    def explain(self, text: str) -> StepResult:
        require_text(text, "BoilerplateStripper.explain")
        if not text:
            return StepResult(text, (), {"lines_total": 0, "lines_dropped": 0, "chars_dropped": 0})
        rs = compile_ruleset(self.extra_rules, self.packaged)
        raw, keep, reasons = decide(text, rs)
        assert reasons is not None
        changes = []
        by_rule: dict[str, int] = {}
        chars = 0
        if 0 in keep:
            # offsets of the line starts (C-level prefix sums); only removed lines are visited
            starts = [0, *itertools.accumulate(len(line) + 1 for line in raw)]
            for i in itertools.compress(range(len(raw)), (not k for k in keep)):
                line = raw[i]
                rule = reasons.get(i, "context")
                by_rule[rule] = by_rule.get(rule, 0) + 1
                chars += len(line)
                changes.append(
                    Change(
                        step=self.name,
                        rule=rule,
                        before=line,
                        after="",
                        start=starts[i],
                        end=starts[i] + len(line),
                        line=i + 1,
                        note=rule_note(rs, rule),
                    )
                )
        out = text if not changes else "\n".join(itertools.compress(raw, keep))
        signals = {
            "lines_total": len(raw) - sum(1 for line in raw if not line.strip()),
            "lines_dropped": len(changes),
            "chars_dropped": chars,
        }
        if by_rule:
            signals["rules"] = dict(sorted(by_rule.items()))
        return StepResult(out, tuple(changes), signals)

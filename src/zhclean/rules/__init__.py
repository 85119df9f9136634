"""Packaged rule files and the one loader they all go through.

Every rule that removes or rewrites text is a row in a tab-separated file here. The format:

- lines starting with ``#`` are the header (what the family is, where it was seen, the
  licence of any data) and are ignored by the loader, as are blank lines;
- the first other line names the columns; it must contain ``id``;
- every row has exactly as many tab-separated fields as the header; ids are unique.

A malformed file raises :class:`zhclean.errors.RuleFileError` naming the file and the line,
so a user's own rule file fails loudly at load time, not silently at run time.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from typing import Iterable, Union

from ..errors import RuleFileError

__all__ = ["Row", "load_rules", "packaged_path", "read_packaged"]

Row = dict
PathLike = Union[str, "os.PathLike[str]"]

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def packaged_path(name: str) -> str:
    """Return a readable path label for a packaged rule file (used in error messages)."""
    return f"zhclean/rules/{name}"


def read_packaged(name: str) -> str:
    """Return the text of a rule file shipped inside the package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_rules(
    source: PathLike | None = None,
    *,
    packaged: str | None = None,
    required: Iterable[str] = ("id",),
    text: str | None = None,
) -> list[Row]:
    """Parse a rule table into a list of dicts (one per row, keyed by column name).

    Give exactly one of ``source`` (a user's file path), ``packaged`` (a file name inside
    ``zhclean/rules``) or ``text`` (the file's content, for tests). ``required`` columns must
    appear in the header. Ids must match ``[a-z0-9][a-z0-9._-]*`` and be unique.
    """
    if sum(x is not None for x in (source, packaged, text)) != 1:
        raise TypeError("load_rules takes exactly one of source, packaged or text")
    if packaged is not None:
        label, content = packaged_path(packaged), read_packaged(packaged)
    elif source is not None:
        label = os.fspath(source)
        try:
            with open(label, encoding="utf-8") as fh:
                content = fh.read()
        except OSError as exc:
            raise RuleFileError(label, 0, f"cannot read rule file: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise RuleFileError(label, 0, "rule files must be UTF-8") from exc
    else:
        label, content = "<text>", text or ""
    return _parse(label, content, tuple(required))


def _parse(label: str, content: str, required: tuple[str, ...]) -> list[Row]:
    header: list[str] | None = None
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(content.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in dict.fromkeys(("id", *required)) if c not in header]
            if missing:
                raise RuleFileError(label, number, f"header lacks column(s) {', '.join(missing)}")
            continue
        if len(fields) != len(header):
            raise RuleFileError(
                label, number, f"expected {len(header)} tab-separated fields, got {len(fields)}"
            )
        row = dict(zip(header, fields))
        rule_id = row["id"]
        if not _ID.match(rule_id):
            raise RuleFileError(label, number, f"bad rule id {rule_id!r} (use a-z, 0-9, . _ -)")
        if rule_id in seen:
            raise RuleFileError(label, number, f"duplicate rule id {rule_id!r} (first on line {seen[rule_id]})")
        seen[rule_id] = number
        row["_line"] = number
        rows.append(row)
    if header is None:
        raise RuleFileError(label, 0, "no header line (a tab-separated line naming the columns)")
    return rows

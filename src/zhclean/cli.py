"""The ``zhclean`` command: a thin filter over :class:`zhclean.Pipeline`.

Reads files or stdin as bytes, decodes them (``decode_bytes``), cleans them and writes UTF-8.
Plain text: each input is one document. ``--jsonl``: one JSON object per line, the ``--field``
cleaned and every other field kept; streamed in batches, so memory does not grow with the
input, and with ``-j N`` in N processes with output in input order.

Errors print ``zhclean: error: ...`` and exit 1 (usage errors exit 2); never a traceback for a
user's mistake.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import stat
import sys
from collections import Counter
from contextlib import ExitStack
from typing import IO, Iterator, Sequence

from . import __version__
from ._core import Pipeline
from ._parallel import ordered_map
from ._records import RecordOptions, clean_document, clean_record_block, install, warm
from .cleaners import PRESETS, REGISTRY, USER_RULES, get_cleaner, preset_names, step_table
from .errors import UnknownStepError, ZhcleanError

__all__ = ["main"]

#: JSONL is read in blocks of about this many bytes, cut after a newline (a longer line is read
#: whole); at most 3 blocks per worker are in flight.
BATCH_BYTES = 1 << 20
#: with -j N, the end of a file is read in blocks of BATCH_BYTES // TAIL_DIVISOR (see _blocks)
TAIL_DIVISOR = 16
STDIN = "-"
#: what the parent builds before forking workers (with a helper process: see ``warm``)
_WARM = functools.partial(warm, helper=True)


class UsageError(Exception):
    """A mistake in the command line; exits 2."""


class InputError(Exception):
    """A malformed input record; exits 1 after the earlier records were written."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhclean",
        description="Clean Chinese text scraped from the web: repair encodings, convert traditional "
        "to simplified, drop boilerplate lines and inline noise, normalize width and numbering, "
        "and report placeholders.",
        epilog="Examples: zhclean page.txt > clean.txt;  zhclean --jsonl --signals -j 2 in.jsonl -o out.jsonl;  "
        "zhclean --explain page.txt",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: stdin; '-' is stdin)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout (never an input file)")
    chooser = parser.add_mutually_exclusive_group()
    chooser.add_argument("--steps", metavar="A,B,C", help="run these steps in this order (see --list-steps)")
    chooser.add_argument(
        "--preset", default="default", choices=sorted(PRESETS), help="a named set of steps (default: %(default)s)"
    )
    parser.add_argument("--list-steps", action="store_true", help="list the steps and presets, then exit")
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="STEP=PATH",
        help=f"add a rule file of your own to a step ({', '.join(USER_RULES)}); repeatable",
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="STEP.OPTION=VALUE",
        help="set a step's option, e.g. numbering.style=ascii, simplified.variant=tw2sp, width.punctuation=keep",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="text: the charset the input declares (e.g. from an HTTP header); verified, not trusted blindly",
    )
    parser.add_argument("--jsonl", action="store_true", help="input is JSON Lines; clean one field of each record")
    parser.add_argument("--field", default="text", help="the JSONL field to clean (default: %(default)s)")
    parser.add_argument(
        "--meta-key", default="zhclean", help="JSONL key under which --signals/--explain go (default: %(default)s)"
    )
    parser.add_argument(
        "--signals", action="store_true", help="JSONL: add per-record findings (changes, placeholders, script...)"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="text: print a report of every change and its rule instead of the text; JSONL: add it as JSON",
    )
    parser.add_argument(
        "--drop-templates",
        type=float,
        nargs="?",
        const=0.5,
        default=None,
        metavar="SCORE",
        help="JSONL: drop records whose template score is >= SCORE (default 0.5); the count goes to stderr",
    )
    parser.add_argument("--stats", action="store_true", help="print per step and rule counts on stderr at the end")
    parser.add_argument("--skip-bad", action="store_true", help="JSONL: skip malformed lines, count and report them")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr")
    parser.add_argument("--version", action="version", version=f"zhclean {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (the console script passes it to ``sys.exit``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        _error(str(exc))
        return 2
    except BrokenPipeError:
        # the reader went away (e.g. `zhclean big.txt | head`): stop quietly (before OSError,
        # of which it is a kind)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (InputError, ZhcleanError, OSError) as exc:
        _error(_describe(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def _error(message: str) -> None:
    print(f"zhclean: error: {message}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.list_steps:
        _list_steps(sys.stdout)
        return 0
    if args.jobs < 1:
        raise UsageError("-j/--jobs must be at least 1")
    if not args.jsonl:
        for flag, given in (("--signals", args.signals), ("--skip-bad", args.skip_bad),
                            ("--drop-templates", args.drop_templates is not None)):
            if given:
                raise UsageError(f"{flag} works with --jsonl only")
        if not args.quiet:
            for name in args.files:
                if name.lower().endswith((".jsonl", ".ndjson")):
                    print(f"zhclean: note: {name} is cleaned as one text document; "
                          "pass --jsonl to clean the text field of each record", file=sys.stderr)
    if args.encoding is not None:
        _check_encoding(args.encoding)
    if args.drop_templates is not None and not 0.0 <= args.drop_templates <= 1.0:
        raise UsageError("--drop-templates takes a score between 0 and 1")
    pipeline = _pipeline(args)
    files = args.files or [STDIN]
    _refuse_overwrite(files, args.output)
    options = RecordOptions(
        field=args.field,
        meta_key=args.meta_key,
        signals=args.signals,
        explain=args.explain,
        stats=args.stats,
        drop_templates=args.drop_templates,
        encoding=args.encoding,
    )
    with ExitStack() as stack:
        out = _open_output(args.output, stack)
        if args.jsonl:
            stats, bad = _run_jsonl(files, out, pipeline, options, args)
        else:
            stats, bad = _run_text(files, out, pipeline, options, args), 0
        out.flush()
    if args.stats:
        _print_stats(stats)
    elif not args.quiet and stats.get("records dropped as templates"):
        print(f"zhclean: dropped {stats['records dropped as templates']} template record(s)", file=sys.stderr)
    if bad and not args.quiet:
        print(f"zhclean: skipped {bad} malformed line(s)", file=sys.stderr)
    return 0


def _check_encoding(name: str) -> None:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding {name!r} (e.g. utf-8, gbk, gb18030, big5)") from None


def _pipeline(args: argparse.Namespace) -> Pipeline:
    if args.steps is None:
        names = list(preset_names(args.preset))
    else:
        names = [n.strip() for n in args.steps.split(",") if n.strip()]
        if not names:
            raise UsageError("--steps needs at least one step name (see --list-steps)")
    options = _rule_options(args.rules, names)
    for step, values in _step_settings(args.settings, names).items():
        options.setdefault(step, {}).update(values)
    try:
        return Pipeline(*(get_cleaner(name, **options.get(name, {})) for name in names))
    except UnknownStepError as exc:
        raise UsageError(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--set: {exc}") from None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _step_settings(specs: Sequence[str], names: Sequence[str]) -> dict[str, dict[str, object]]:
    """Turn ``--set STEP.OPTION=VALUE`` flags into constructor options, checked against the
    step's dataclass fields (booleans accept true/false, yes/no, 1/0)."""
    settings: dict[str, dict[str, object]] = {}
    for spec in specs:
        key, sep, value = spec.partition("=")
        step, dot, option = key.partition(".")
        if not sep or not dot or not option:
            raise UsageError(f"--set takes STEP.OPTION=VALUE, got {spec!r}")
        if step not in names:
            raise UsageError(f"--set names step {step!r}, which is not in this pipeline")
        known = {f.name: f for f in dataclasses.fields(REGISTRY[step])} if step in REGISTRY else {}
        if option not in known:
            choices = ", ".join(known) or "none"
            raise UsageError(f"--set: step {step!r} has no option {option!r} (options: {choices})")
        parsed: object = value
        if isinstance(known[option].default, bool):
            if value.lower() not in _TRUE | _FALSE:
                raise UsageError(f"--set {key} takes true or false, got {value!r}")
            parsed = value.lower() in _TRUE
        settings.setdefault(step, {})[option] = parsed
    return settings


def _rule_options(specs: Sequence[str], names: Sequence[str]) -> dict[str, dict[str, object]]:
    """Turn ``--rules STEP=PATH`` flags into constructor options, loading nothing yet."""
    paths: dict[str, list[str]] = {}
    for spec in specs:
        step, sep, path = spec.partition("=")
        if not sep or not path:
            raise UsageError(f"--rules takes STEP=PATH, got {spec!r}")
        if step not in USER_RULES:
            raise UsageError(f"--rules: step {step!r} takes no rule files; these do: {', '.join(USER_RULES)}")
        if step not in names:
            raise UsageError(f"--rules names step {step!r}, which is not in this pipeline")
        if not os.path.isfile(path):
            raise UsageError(f"--rules: no such file {path!r}")
        paths.setdefault(step, []).append(path)
    options: dict[str, dict[str, object]] = {}
    for step, files in paths.items():
        option, many = USER_RULES[step]
        if not many and len(files) > 1:
            raise UsageError(f"--rules: step {step!r} takes one rule file")
        options[step] = {option: tuple(files) if many else files[0]}
    return options


def _list_steps(out: IO[str]) -> None:
    rows = step_table()
    width = max(len(name) for name, _, _ in rows)
    print("steps:", file=out)
    for name, kind, summary in rows:
        print(f"  {name:<{width}}  {kind:<7}  {summary}", file=out)
    print("presets:", file=out)
    for name, steps in PRESETS.items():
        print(f"  {name:<{width}}  {','.join(steps)}", file=out)


def _refuse_overwrite(files: Sequence[str], output: str | None) -> None:
    if output is None or output == STDIN or not os.path.exists(output):
        return
    for name in files:
        if name != STDIN and os.path.exists(name) and os.path.samefile(name, output):
            raise UsageError(f"refusing to write over the input file {name!r}; choose another -o")


def _open_output(output: str | None, stack: ExitStack) -> IO[str]:
    if output is None or output == STDIN:
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
        return sys.stdout
    return stack.enter_context(open(output, "w", encoding="utf-8", newline="\n"))


def _progress(total: int | None, args: argparse.Namespace, unit: str = "B"):
    if args.quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, unit_scale=True, unit_divisor=1024, file=sys.stderr, desc="zhclean")


def _read_input(name: str) -> bytes:
    if name == STDIN:
        return sys.stdin.buffer.read()
    with open(name, "rb") as fh:
        return fh.read()


def _run_text(
    files: Sequence[str], out: IO[str], pipeline: Pipeline, options: RecordOptions, args: argparse.Namespace
) -> Counter:
    stats: Counter = Counter()
    bar = _progress(len(files), args, unit="file")
    documents = ((name, _read_input(name)) for name in files)
    many = len(files) > 1
    results = ordered_map(clean_document, documents, jobs=min(args.jobs, len(files)),
                          initializer=install, initargs=(pipeline, options), warm=_WARM)
    for name, text, counts in results:
        if many and options.explain:
            out.write(f"== {name} ==\n")
        out.write(text if text.endswith("\n") or not text else text + "\n")
        for key, n in counts.items():
            if key.startswith("undecodable bytes\t") and not args.quiet:
                print(f"zhclean: warning: {name}: {n} undecodable byte(s) became U+FFFD", file=sys.stderr)
        stats.update({k: v for k, v in counts.items() if not k.startswith("undecodable")})
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return stats


def _blocks(files: Sequence[str], bar, jobs: int = 1) -> Iterator[tuple[str, int, bytes]]:
    """``(label, number of the first line, bytes)`` blocks of whole lines of each input: read
    in large chunks and cut after a newline, so this process does no per-line work.

    With ``jobs > 1``, the last ``jobs`` blocks' worth of a file of known size is read in
    blocks a sixteenth the size (``TAIL_DIVISOR``): the workers then finish within a small block of each
    other, where one could be left alone with a whole block while the others wait."""
    for name in files:
        label = "<stdin>" if name == STDIN else name
        with ExitStack() as stack:
            fh = sys.stdin.buffer if name == STDIN else stack.enter_context(open(name, "rb"))
            left = _file_size(fh) if jobs > 1 else None  # bytes not yet read, if known
            lineno = 1
            while True:
                size = BATCH_BYTES
                if left is not None and left <= jobs * BATCH_BYTES:
                    size = max(1, BATCH_BYTES // TAIL_DIVISOR)
                block = fh.read(size)
                if not block:
                    break
                if not block.endswith(b"\n"):
                    block += fh.readline()  # the rest of the last line (empty at the end of input)
                if left is not None:
                    left -= len(block)
                if bar is not None:
                    bar.update(len(block))
                yield label, lineno, block
                lineno += block.count(b"\n")


def _file_size(fh) -> int | None:
    """The size of a regular file (None for a pipe, a terminal or a socket)."""
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _byte_writer(out: IO[str]):
    """A ``write(bytes)`` for ``out``: its binary buffer when it has one (stdout, a file),
    else the text decoded (a StringIO standing in for stdout)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        return lambda data: out.write(data.decode("utf-8"))
    out.flush()
    return buffer.write


def _run_jsonl(
    files: Sequence[str], out: IO[str], pipeline: Pipeline, options: RecordOptions, args: argparse.Namespace
) -> tuple[Counter, int]:
    total = sum(os.path.getsize(f) for f in files if f != STDIN and os.path.isfile(f)) or None
    bar = _progress(total if STDIN not in files else None, args)
    stats: Counter = Counter()
    bad = 0
    write = _byte_writer(out)
    try:
        results = ordered_map(clean_record_block, _blocks(files, bar, args.jobs), jobs=args.jobs,
                              initializer=install, initargs=(pipeline, options), warm=_WARM)
        for label, outcomes, counts in results:
            if counts:
                stats.update(counts)
            for outcome in outcomes:
                if outcome.error is not None:
                    message = f"{label}:{outcome.lineno}: {outcome.error}"
                    if not args.skip_bad:
                        raise InputError(message + " (use --skip-bad to skip such lines)")
                    bad += 1
                    if not args.quiet:
                        print(f"zhclean: skipped {message}", file=sys.stderr)
                elif outcome.line is not None:
                    write(outcome.line)
    finally:
        if bar is not None:
            bar.close()
        out.flush()
    return stats, bad


def _print_stats(stats: Counter) -> None:
    err = sys.stderr
    for key in ("records", "records changed", "records dropped as templates"):
        if key in stats:
            print(f"zhclean: {key}: {stats[key]}", file=err)
    rules = sorted((k, v) for k, v in stats.items() if "\t" in k)
    if not rules:
        print("zhclean: no changes", file=err)
    for key, count in rules:
        step, rule = key.split("\t")
        print(f"zhclean: {step:<12} {rule:<40} {count}", file=err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

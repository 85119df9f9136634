"""Build a realistic benchmark corpus of a given size from the dev data, deterministically.

Sources (read-only, beside the checkout in ../shared/corpus):
- the five scraped seed pages (seeds/*.txt): menus, breadcrumbs, "时间: 来源:" lines, SEO
  intros, a traditional page with glued pinyin, template text with 20xx年;
- the forum pages (magichtml-forum/forum.jsonl): each page's raw extracted lines, keep and
  drop alike, so navigation, login prompts and footers are all there.

Each generated document is one source page, then, by seeded chance:
- more boilerplate: a header and a footer of lines the gold labels mark ``drop`` (nav,
  footers, breadcrumbs) drawn from every source (60% of documents);
- converted to traditional with OpenCC ``s2t`` (20%) or ``s2tw`` (10%);
- mojibake on a few lines (6% of documents): UTF-8 bytes decoded as GBK, GBK bytes decoded
  as latin-1, or UTF-8 bytes decoded as cp1252.

The same ``seed`` and ``size_mb`` always give the same documents. Run as a script to write a
JSONL file: ``python benchmarks/corpus.py --size-mb 50 -o /tmp/bench.jsonl``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"

__all__ = ["Corpus", "build_corpus", "iter_documents", "load_sources"]


@dataclass
class Sources:
    pages: list[str]
    drop_lines: list[str]


@dataclass
class Corpus:
    docs: list[str]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def nbytes(self) -> int:
        return sum(len(d.encode("utf-8")) for d in self.docs)

    def describe(self) -> str:
        c = self.counts
        return (
            f"{len(self.docs)} docs, {self.nbytes / 1e6:.1f} MB UTF-8; "
            f"{c.get('s2t', 0) + c.get('s2tw', 0)} converted to traditional "
            f"(s2t {c.get('s2t', 0)}, s2tw {c.get('s2tw', 0)}), "
            f"{c.get('mojibake_docs', 0)} with mojibake ({c.get('mojibake_lines', 0)} lines), "
            f"{c.get('extra_boilerplate', 0)} with extra boilerplate header/footer"
        )


# A paragraph of clean simplified prose, for the per-step "nothing to do" figures.
CLEAN_PROSE = (
    "　　今年以来，我局认真贯彻落实上级工作部署，围绕中心、服务大局，各项工作取得了明显成效。"
    "一是加强组织领导，成立了工作小组；二是完善制度建设，明确了责任分工；三是强化督导检查，"
    "推动工作落到实处。全年共开展培训12期，参训人员达1500人次，群众满意度达到98%。\n"
)


def best_mbps(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    """MB (10^6 UTF-8 bytes) per CPU second of ``fn`` over ``docs``, best of ``repeat`` passes,
    after a warm-up call on the first documents so lazy tables are not billed."""
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    for d in docs[:5]:
        fn(d)
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for d in docs:
            fn(d)
        best = min(best, time.process_time() - t)
    return nbytes / 1e6 / max(best, 1e-9)


def load_sources(shared: Path = SHARED) -> Sources:
    """The raw pages and the pool of lines the gold labels call boilerplate."""
    seeds = shared / "seeds"
    forum = shared / "magichtml-forum" / "forum.jsonl"
    if not seeds.is_dir() or not forum.is_file():
        sys.exit(f"benchmark sources not found under {shared} (need seeds/ and magichtml-forum/forum.jsonl)")
    pages: list[str] = []
    drop: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pages.append(text)
        lines = text.split("\n")
        labels = seeds / f"{path.name[:3]}.lines.tsv"
        if labels.is_file():
            with labels.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                    if row["label"] == "drop":
                        drop.append(lines[int(row["line"]) - 1])
    with forum.open(encoding="utf-8") as f:
        for raw in f:
            rec = json.loads(raw)
            lines = rec["lines"]
            if isinstance(lines, str):  # tolerate a stringified list
                import ast

                lines = ast.literal_eval(lines)
            pages.append("\n".join(item["text"] for item in lines))
            drop.extend(item["text"] for item in lines if item["label"] == "drop" and item["text"].strip())
    return Sources(pages, drop)


def _mojibake(line: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:  # UTF-8 bytes read as GBK: 鍏徃 style
        return line.encode("utf-8").decode("gbk", errors="replace")
    if kind == 1:  # GBK bytes read as latin-1: ÎÒÊÇ style
        return line.encode("gbk", errors="replace").decode("latin-1")
    return line.encode("utf-8").decode("cp1252", errors="replace")  # æ–‡ style


def iter_documents(size_mb: float, seed: int = 0, sources: Sources | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(kind, text)`` until ``size_mb`` MB of UTF-8 has been produced."""
    import opencc

    src = sources or load_sources()
    rng = random.Random(seed)
    converters = {"s2t": opencc.OpenCC("s2t"), "s2tw": opencc.OpenCC("s2tw")}
    budget = int(size_mb * 1e6)
    produced = 0
    while produced < budget:
        text = rng.choice(src.pages)
        kinds = []
        if rng.random() < 0.6:
            head = rng.sample(src.drop_lines, rng.randint(5, 30))
            tail = rng.sample(src.drop_lines, rng.randint(3, 15))
            text = "\n".join([*head, text, *tail])
            kinds.append("extra_boilerplate")
        roll = rng.random()
        if roll < 0.2:
            text = converters["s2t"].convert(text)
            kinds.append("s2t")
        elif roll < 0.3:
            text = converters["s2tw"].convert(text)
            kinds.append("s2tw")
        if rng.random() < 0.06:
            lines = text.split("\n")
            candidates = [i for i, ln in enumerate(lines) if len(ln.strip()) >= 8]
            for i in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
                lines[i] = _mojibake(lines[i], rng)
                kinds.append("mojibake_line")
            text = "\n".join(lines)
            kinds.append("mojibake_docs")
        produced += len(text.encode("utf-8"))
        yield ",".join(kinds), text


def build_corpus(size_mb: float, seed: int = 0) -> Corpus:
    """The whole corpus in memory (the throughput benchmark times passes over it)."""
    docs: list[str] = []
    counts: dict[str, int] = {}
    for kinds, text in iter_documents(size_mb, seed):
        docs.append(text)
        for k in kinds.split(","):
            if k:
                key = "mojibake_lines" if k == "mojibake_line" else k
                counts[key] = counts.get(key, 0) + 1
    return Corpus(docs, counts)


def write_jsonl(path: Path, size_mb: float, seed: int = 0, field_name: str = "text") -> int:
    """Stream a JSONL corpus to ``path`` (constant memory); returns the byte size written."""
    src = load_sources()
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for i, (kinds, text) in enumerate(iter_documents(size_mb, seed, src)):
            out.write(json.dumps({"id": i, field_name: text, "kinds": kinds}, ensure_ascii=False) + "\n")
            n += 1
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    args = ap.parse_args(argv)
    size = write_jsonl(args.output, args.size_mb, args.seed)
    print(f"wrote {args.output} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput of `ghirbal.clean` on the text path, one process.

Prints a table: pages/s and MB/s (median of --repeats runs) for ghirbal and, side by side on the same
pages, two baselines: C4's line rules (a floor: a few string tests per line) and reading the text only
(split into lines, the cost of touching every line at all). ghirbal remembers the features of lines it
has seen (site chrome recurs from page to page); every repeat starts with empty caches, and a row with
the cache off shows what it brings. Run:

    python bench/bench_clean.py [--set ../shared/data/arabic-sites-dev] [--repeats 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import ghirbal
from ghirbal import config as _config
from ghirbal.eval import c4_lines
from ghirbal.extract import clear_caches


def load(set_dir: Path, limit: int) -> list[dict]:
    for name in ("docs.jsonl", "docs.jsonl.gz"):
        p = set_dir / name
        if p.exists():
            opener = gzip.open if name.endswith(".gz") else open
            with opener(p, "rt", encoding="utf-8") as fh:
                docs = [json.loads(line) for line in fh if line.strip()]
            return docs[:limit] if limit else docs
    sys.exit(f"no docs.jsonl[.gz] in {set_dir}")


def timed(fn, docs: list[dict], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        clear_caches()  # each repeat starts cold: only repetition between different pages may help
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(Path(__file__).resolve().parents[2] / "shared/data/arabic-sites-dev"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    docs = load(Path(args.set), args.limit)
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    for d in docs[:20]:  # warm caches (lexicon compile) outside the timing
        ghirbal.clean(d["text"], url=d.get("url"))
    no_cache = _config.load(overrides={"lines": {"cache_lines": 0}})
    rows = [
        ("read lines (floor)", lambda d: d["text"].split("\n")),
        ("C4 line rules", c4_lines),
        ("ghirbal, no line cache", lambda d: ghirbal.clean(d["text"], url=d.get("url"), config=no_cache)),
        ("ghirbal.clean", lambda d: ghirbal.clean(d["text"], url=d.get("url"))),
    ]
    print(f"{len(docs)} pages, {mb:.2f} MB, median of {args.repeats} runs, 1 process\n")
    print(f"{'extractor':22}{'pages/s':>10}{'MB/s':>9}{'ms/page':>9}{'vs ghirbal':>12}")
    results = {name: timed(fn, docs, args.repeats) for name, fn in rows}
    ours = results["ghirbal.clean"]
    for name, secs in results.items():
        print(f"{name:22}{len(docs) / secs:10.0f}{mb / secs:9.2f}{secs / len(docs) * 1000:9.3f}{ours / secs:11.1f}x")


if __name__ == "__main__":
    main()

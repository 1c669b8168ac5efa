"""Throughput of `ghirbal.clean` on the text path, one process.

Prints a table: pages/s and MB/s (median of --repeats runs) for ghirbal and, side by side on the same
pages, two baselines: C4's line rules (a floor: a few string tests per line) and reading the text only
(split into lines, the cost of touching every line at all). The "pure Python" row runs the numpy
reference of the compiled core (GHIRBAL_PURE=1 does the same for a whole run). ghirbal remembers the features of lines it
has seen (site chrome recurs from page to page); every repeat starts with empty caches, and a row with
the cache off shows what it brings. Run:

    python bench/bench_clean.py [--set ../shared/data/arabic-sites-dev] [--repeats 5]

On a busy machine, compare two versions by their ratio to C4's rules in CPU time, both at once (the
load hits them alike): `--cpu 8` prints the minimum CPU time of 8 passes of each and the ratio, e.g.

    python bench/bench_clean.py --cpu 8 & PYTHONPATH=<other checkout>/src python bench/bench_clean.py --cpu 8
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
try:
    from ghirbal.linemodel import compiled
except ImportError:  # an older checkout on PYTHONPATH (side-by-side runs): no compiled core
    compiled = None


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


def cpu_ratio(docs: list[dict], passes: int) -> None:
    """Minimum CPU time of `passes` passes of C4's rules and of ghirbal.clean, and their ratio."""
    best = {"C4 line rules": float("inf"), "ghirbal.clean": float("inf")}
    for _ in range(passes):
        for name, fn in (("C4 line rules", c4_lines), ("ghirbal.clean", lambda d: ghirbal.clean(d["text"], url=d.get("url")))):
            clear_caches()
            t0 = time.process_time()
            for d in docs:
                fn(d)
            best[name] = min(best[name], time.process_time() - t0)
    c4, ours = best["C4 line rules"], best["ghirbal.clean"]
    print(f"{ghirbal.__file__}: C4 {len(docs) / c4:.0f} pages/s, ghirbal {len(docs) / ours:.0f} pages/s (CPU time, "
          f"min of {passes}); ratio to C4 {c4 / ours:.4f}")


def stages(docs: list[dict], repeats: int) -> None:
    """Where a page's time goes: the text path's steps timed one by one (caches cold each repeat)."""
    from ghirbal.article import assemble
    from ghirbal.extract import _line_cache, read_page
    from ghirbal.features import measure_page
    from ghirbal.language import detect_language
    from ghirbal.lexicon import load
    from ghirbal.lines import classify, mark_dates
    from ghirbal.normalize import faithful_lines
    from ghirbal.sites.domain import site_label

    cfg = _config.default()
    lc = cfg["lines"]
    spent: dict[str, float] = {}

    def tick(name: str, t0: float) -> float:
        t1 = time.perf_counter()
        spent[name] = spent.get(name, 0.0) + t1 - t0
        return t1

    for _ in range(repeats):
        clear_caches()
        for d in docs:
            t = time.perf_counter()
            page = read_page(d["text"], lc["max_line_chars"])
            if isinstance(page, str):  # no page (empty, undecodable): read and done, as clean() is
                tick("decode + language", t)
                continue
            text, raw, _too_long = page
            lang = detect_language(text, lc["language"])
            lex = load(lang)
            t = tick("decode + language", t)
            lines = faithful_lines(text if raw is None else "\n".join(raw))
            t = tick("faithful text", t)
            feats = measure_page(lines, lex, _line_cache(lex, lc["cache_lines"]))
            t = tick("line features", t)
            mark_dates(feats, lc)
            t = tick("date coverage", t)
            verdicts, layout = classify(feats, lang, lc, lex, site_label(d.get("url")), d.get("url"))
            t = tick("classify", t)
            assemble(verdicts, feats, layout, lang, lc, lex, None)
            tick("fields (assemble)", t)
    total = sum(spent.values())
    print(f"\n{'step':22}{'ms/page':>9}{'share':>8}")
    for name, secs in spent.items():
        print(f"{name:22}{secs / len(docs) / repeats * 1000:9.3f}{100 * secs / total:7.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(Path(__file__).resolve().parents[2] / "shared/data/arabic-sites-dev"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--stages", action="store_true", help="also time the text path's steps one by one")
    ap.add_argument("--cpu", type=int, default=0, metavar="N", help="only the CPU-time ratio to C4's rules, min of N passes")
    args = ap.parse_args()
    docs = load(Path(args.set), args.limit)
    if args.cpu:
        for d in docs[:20]:
            ghirbal.clean(d["text"], url=d.get("url"))
        cpu_ratio(docs, args.cpu)
        return
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    for d in docs[:20]:  # warm caches (lexicon compile) outside the timing
        ghirbal.clean(d["text"], url=d.get("url"))
    no_cache = _config.load(overrides={"lines": {"cache_lines": 0}})
    built = compiled is not None and compiled.built()

    def clean_with(use_compiled: bool):
        def run(d: dict):
            if compiled is not None:
                compiled.set_active(use_compiled)  # the compiled core or its pure-Python reference
            return ghirbal.clean(d["text"], url=d.get("url"))
        return run

    rows = [
        ("read lines (floor)", lambda d: d["text"].split("\n")),
        ("C4 line rules", c4_lines),
        ("ghirbal, no line cache", lambda d: ghirbal.clean(d["text"], url=d.get("url"), config=no_cache)),
        ("ghirbal, pure Python", clean_with(False)),
        ("ghirbal.clean", clean_with(built)),
    ]
    print(f"{len(docs)} pages, {mb:.2f} MB, median of {args.repeats} runs, 1 process, "
          f"compiled core {'in use' if built else 'NOT built (pure Python)'}\n")
    print(f"{'extractor':22}{'pages/s':>10}{'MB/s':>9}{'ms/page':>9}{'vs ghirbal':>12}")
    results = {name: timed(fn, docs, args.repeats) for name, fn in rows}
    ours = results["ghirbal.clean"]
    for name, secs in results.items():
        print(f"{name:22}{len(docs) / secs:10.0f}{mb / secs:9.2f}{secs / len(docs) * 1000:9.3f}{ours / secs:11.1f}x")
    if args.stages:
        stages(docs, args.repeats)


if __name__ == "__main__":
    main()

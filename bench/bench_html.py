"""Throughput and body word-F1 of the HTML path (`ghirbal.html.clean`) against trafilatura, one process.

On the raw HTML of N wcxb-dev pages (sampled evenly over the set, so every page type is in), prints a
table: pages/s and MB/s of HTML (median of --repeats runs) and body word-F1 against the gold (mean
over the pages with a non-empty gold body; `ghirbal.eval.word_f1`). Both extractors get the same
input, the page's HTML bytes as a WARC record holds them. trafilatura runs with its default settings
(`favor_precision=False`, no metadata, nothing fetched); it is a benchmark-only dependency:

    .venv/bin/pip install -e '.[bench]'
    PYTHONPATH=src .venv/bin/python bench/bench_html.py [--set ../shared/data/wcxb-dev] [--pages 200] [--repeats 3]

The row "ghirbal.html.render" is the HTML part alone (decode, parse, hints, rendering to lines),
without the text path's line rules: `ghirbal.html.clean` = render + `ghirbal.extract.clean` on the text.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

import orjson

from ghirbal import html as ghtml
from ghirbal.eval import FIELDS, field_match, word_f1


def load(set_dir: Path, pages: int) -> list[dict]:
    path = set_dir / "docs.jsonl.gz"
    if not path.exists():
        sys.exit(f"no docs.jsonl.gz in {set_dir}")
    with gzip.open(path, "rb") as fh:
        docs = [orjson.loads(line) for line in fh if line.strip()]
    docs = [d for d in docs if d.get("html") and (set_dir / d["html"]).exists()]
    step = max(1, len(docs) // pages) if pages else 1
    docs = docs[::step][:pages] if pages else docs
    for d in docs:
        d["raw"] = gzip.decompress((set_dir / d["html"]).read_bytes())
    return docs


def timed(fn, docs: list[dict], repeats: int) -> tuple[float, list]:
    """Median seconds over the repeats, and the outputs of the first run."""
    runs, bodies = [], []
    for r in range(repeats):
        out = []
        t0 = time.perf_counter()
        for d in docs:
            out.append(fn(d))
        runs.append(time.perf_counter() - t0)
        if r == 0:
            bodies = out
    return statistics.median(runs), bodies


def mean_f1(docs: list[dict], bodies: list[str | None]) -> tuple[float, int]:
    scores = [word_f1(b or "", d["gold"]["body"])[2] for d, b in zip(docs, bodies) if (d.get("gold") or {}).get("body")]
    return (statistics.fmean(scores) if scores else float("nan")), len(scores)


def fields_table(docs: list[dict], articles: list) -> None:
    """Field accuracy of the HTML path against the text path on the set's own text rendering of the
    same pages: what the hints add (`ghirbal eval`'s field rules; published only where gold has one)."""
    from ghirbal.extract import clean as text_clean

    text_articles = [text_clean(d["text"], d.get("url")) for d in docs]
    print(f"\n| {'field accuracy':16} | {'text path':>9} | {'HTML path':>9} | {'pages':>5} |")
    print(f"|{'-' * 18}|{'-' * 10}:|{'-' * 10}:|{'-' * 6}:|")
    for name in FIELDS:
        if name == "dateline":
            continue  # WCXB has no datelines
        pairs = [(t, h, d["gold"]) for t, h, d in zip(text_articles, articles, docs)
                 if name in d["gold"] and (d["gold"][name] is not None or name != "published")]
        if not pairs:
            continue
        acc_t = statistics.fmean(field_match(name, getattr(t, name), g[name]) for t, _, g in pairs)
        acc_h = statistics.fmean(field_match(name, getattr(h, name), g[name]) for _, h, g in pairs)
        print(f"| {name:16} | {acc_t:9.3f} | {acc_h:9.3f} | {len(pairs):5d} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(Path(__file__).resolve().parents[2] / "shared/data/wcxb-dev"))
    ap.add_argument("--pages", type=int, default=200, help="pages, sampled evenly over the set (0: all)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    docs = load(Path(args.set), args.pages)
    mb = sum(len(d["raw"]) for d in docs) / 1e6

    try:
        import trafilatura
    except ImportError:
        trafilatura = None

    def traf(d: dict) -> str | None:
        return trafilatura.extract(d["raw"], url=d.get("url"), favor_precision=False)

    rows = [
        ("ghirbal.html.clean", lambda d: ghtml.clean(d["raw"], d.get("url"))),
        ("ghirbal.html.render (no line rules)", lambda d: ghtml.render(d["raw"])[0]),
    ]
    if trafilatura is not None:
        rows.append((f"trafilatura {getattr(trafilatura, '__version__', '?')} extract", traf))
    for _, fn in rows:  # warm caches (lexicons, compiled rules) outside the timing
        for d in docs[:5]:
            fn(d)

    print(f"{len(docs)} wcxb-dev pages, {mb:.1f} MB of HTML, median of {args.repeats} runs, 1 process\n")
    print(f"| {'extractor':40} | {'pages/s':>8} | {'MB/s':>6} | {'body F1':>7} |")
    print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 7}:|{'-' * 8}:|")
    results = {}
    articles = []
    for name, fn in rows:
        secs, bodies = timed(fn, docs, args.repeats)
        if name == "ghirbal.html.clean":
            articles, bodies = bodies, [a.text for a in bodies]
        f1, scored = mean_f1(docs, bodies)
        results[name] = secs
        f1_cell = f"{f1:.3f}" + ("*" if "render" in name else "")
        print(f"| {name:40} | {len(docs) / secs:8.1f} | {mb / secs:6.2f} | {f1_cell:>7} |")
    print(f"\nbody F1: mean word-F1 over the {scored} pages with a non-empty gold body "
          "(* render keeps every line: the floor of the text path)")
    fields_table(docs, articles)
    if trafilatura is None:
        print("\ntrafilatura is not importable (pip install -e '.[bench]'): ghirbal figures only.")
        return
    ratio = results[rows[-1][0]] / results["ghirbal.html.clean"]
    print()
    print(f"speed: ghirbal.html.clean is {ratio:.1f}x trafilatura's (the project's aim is >= 10x)")
    render_share = results["ghirbal.html.render (no line rules)"] / results["ghirbal.html.clean"]
    print(f"time split: the HTML part (render) is {render_share:.0%} of ghirbal.html.clean, the text path's line rules the rest")


if __name__ == "__main__":
    main()

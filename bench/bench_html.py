"""The HTML path (`ghirbal.html.clean`, every field) side by side with trafilatura and resiliparse, one process.

On the raw HTML of N wcxb-dev pages (sampled evenly over the set, so every page type is in), prints:
pages/s and MB/s of HTML (median of --repeats runs; the extractors take turns page by page, so
a change of the machine's load hits them alike), peak memory (RSS added while one extractor runs
over the pages, in a forked process of its own), body word-F1 against the gold (mean over the pages
with a non-empty gold body; `ghirbal.eval.word_f1`) per page type, and title / author / published
accuracy (`ghirbal eval`'s field rules) beside trafilatura's metadata. Every extractor gets the same
input, the page's HTML bytes as a WARC record holds them:

* ghirbal.html.clean: body, title, author, dates, site name, language, every line's verdict;
* trafilatura extract(): body only, default settings (favor_precision=False), nothing fetched;
* trafilatura bare_extraction(with_metadata=True): body and metadata;
* resiliparse extract_plain_text(main_content=True): body only.

trafilatura is a benchmark-only dependency: `.venv/bin/pip install -e '.[bench]'`.

    PYTHONPATH=src .venv/bin/python bench/bench_html.py [--set ../shared/data/wcxb-dev] [--pages 200] [--repeats 3]
        [--site-half 1]   # the held-out half only (`--pages 0`: all of its pages)

The pages of wcxb-dev were used to tune ghirbal's HTML path (half of its sites; see docs/html.md):
the F1 here is not a held-out figure.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from ghirbal import html as ghtml
from ghirbal.eval import field_match, word_f1
from ghirbal.eval import site_half as half_of


def load(set_dir: Path, pages: int, site_half: int | None = None) -> list[dict]:
    path = set_dir / "docs.jsonl.gz"
    if not path.exists():
        sys.exit(f"no docs.jsonl.gz in {set_dir}")
    with gzip.open(path, "rb") as fh:
        docs = [orjson.loads(line) for line in fh if line.strip()]
    docs = [d for d in docs if d.get("html") and (set_dir / d["html"]).exists()]
    if site_half is not None:  # the halves of `ghirbal eval --site-half`
        docs = [d for d in docs if half_of(d) == site_half]
    step = max(1, len(docs) // pages) if pages else 1
    docs = docs[::step][:pages] if pages else docs
    for d in docs:
        d["raw"] = gzip.decompress((set_dir / d["html"]).read_bytes())
    return docs


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _peak_child(fn: Callable, docs: list[dict], conn) -> None:
    base = _rss_kb()
    for d in docs:
        fn(d)
    conn.send(max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base))
    conn.close()


def peak_mb(fn: Callable, docs: list[dict]) -> float | None:
    """RSS added (MB) while `fn` runs over the pages once, in a forked child (Linux)."""
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return None
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_peak_child, args=(fn, docs, child))
    p.start()
    kb = parent.recv() if parent.poll(3600) else None
    p.join()
    return kb / 1024 if kb is not None else None


def timed(rows: list[tuple[str, Callable]], docs: list[dict], repeats: int) -> tuple[dict[str, float], dict[str, list]]:
    """Per extractor: median seconds over the repeats, and the outputs of the first run. The
    extractors take turns page by page (interleaved), so a machine whose load changes during the run
    slows them all alike: the ratios hold even when the absolute rates do not."""
    runs: dict[str, list[float]] = {name: [] for name, _ in rows}
    outs: dict[str, list] = {name: [] for name, _ in rows}
    for r in range(repeats):
        spent = dict.fromkeys(runs, 0.0)
        for d in docs:
            for name, fn in rows:
                t0 = time.perf_counter()
                out = fn(d)
                spent[name] += time.perf_counter() - t0
                if r == 0:
                    outs[name].append(out)
        for name in runs:
            runs[name].append(spent[name])
    return {name: statistics.median(v) for name, v in runs.items()}, outs


def f1s(docs: list[dict], bodies: list[str | None]) -> dict[str, list[float]]:
    by: dict[str, list[float]] = {"all": []}
    for d, b in zip(docs, bodies):
        gold = (d.get("gold") or {}).get("body")
        if gold:
            f = word_f1(b or "", gold)[2]
            by["all"].append(f)
            by.setdefault(d.get("page_type") or "?", []).append(f)
    return by


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(Path(__file__).resolve().parents[2] / "shared/data/wcxb-dev"))
    ap.add_argument("--pages", type=int, default=200, help="pages, sampled evenly over the set (0: all)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--site-half", type=int, choices=[0, 1],
                    help="only the pages of one half of the sites, as `ghirbal eval --site-half` (1: the held-out half)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory pass")
    ap.add_argument("--no-metadata-row", action="store_true", help="skip trafilatura bare_extraction (its slowest row)")
    args = ap.parse_args()
    docs = load(Path(args.set), args.pages, args.site_half)
    mb = sum(len(d["raw"]) for d in docs) / 1e6

    rows: list[tuple[str, Callable]] = [("ghirbal.html.clean (all fields)", lambda d: ghtml.clean(d["raw"], d.get("url")))]
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    if trafilatura is not None:
        v = getattr(trafilatura, "__version__", "?")
        rows.append((f"trafilatura {v} extract (body)", lambda d: trafilatura.extract(d["raw"], url=d.get("url"))))
        if not args.no_metadata_row:
            rows.append((f"trafilatura {v} bare_extraction (+meta)",
                         lambda d: trafilatura.bare_extraction(d["raw"], url=d.get("url"), with_metadata=True)))
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    except ImportError:
        extract_plain_text = None
    if extract_plain_text is not None:
        rows.append(("resiliparse main_content (body)",
                     lambda d: extract_plain_text(bytes_to_str(d["raw"], detect_encoding(d["raw"])), main_content=True)))
    for _, fn in rows:  # warm caches (lexicons, compiled rules) outside the timing
        for d in docs[:5]:
            fn(d)

    def body_of(out) -> str | None:
        if out is None or isinstance(out, str):
            return out
        if hasattr(out, "body") and isinstance(out.body, list):  # a ghirbal Article
            return "\n".join(out.body)
        return getattr(out, "text", None) if not isinstance(out, dict) else out.get("text")

    print(f"{len(docs)} wcxb-dev pages, {mb:.1f} MB of HTML, median of {args.repeats} run(s), 1 process\n")
    print(f"| {'extractor':42} | {'pages/s':>8} | {'MB/s':>6} | {'peak MB':>7} | {'body F1':>7} |")
    print(f"|{'-' * 44}|{'-' * 9}:|{'-' * 7}:|{'-' * 8}:|{'-' * 8}:|")
    speed: dict[str, float] = {}
    scores: dict[str, dict[str, list[float]]] = {}
    seconds, outputs = timed(rows, docs, args.repeats)
    for name, fn in rows:
        secs, outs = seconds[name], outputs[name]
        scores[name] = f1s(docs, [body_of(o) for o in outs])
        speed[name] = len(docs) / secs
        peak = None if args.no_memory else peak_mb(fn, docs)
        peak_cell = f"{peak:7.0f}" if peak is not None else "      -"
        print(f"| {name:42} | {speed[name]:8.1f} | {mb / secs:6.2f} | {peak_cell} | {statistics.fmean(scores[name]['all']):7.3f} |")

    types = sorted({t for s in scores.values() for t in s if t != "all"})
    short = [n.split(" (")[0].replace("trafilatura ", "traf ").replace("ghirbal.html.clean", "ghirbal") for n, _ in rows]
    print("\nbody F1 per page type (mean word-F1; pages with a gold body)\n")
    print(f"| {'page type':14} | {'pages':>5} | " + " | ".join(f"{s[:24]:>24}" for s in short) + " |")
    print(f"|{'-' * 16}|{'-' * 6}:|" + "|".join("-" * 25 + ":" for _ in short) + "|")
    for t in types + ["all"]:
        n = len(scores[rows[0][0]].get(t, []))
        cells = [f"{statistics.fmean(scores[name][t]):24.3f}" if scores[name].get(t) else " " * 24 for name, _ in rows]
        print(f"| {t:14} | {n:5d} | " + " | ".join(cells) + " |")

    # Fields: ghirbal against trafilatura's metadata (bare_extraction), `ghirbal eval`'s rules.
    meta_name = next((n for n, _ in rows if "bare_extraction" in n), None)
    print(f"\n| {'field accuracy':16} | {'ghirbal':>8} | {'trafilatura':>11} | {'pages':>5} |")
    print(f"|{'-' * 18}|{'-' * 9}:|{'-' * 12}:|{'-' * 6}:|")
    for field in ("title", "author", "published"):
        g_ok, t_ok = [], []
        for i, d in enumerate(docs):
            gold = d.get("gold") or {}
            if field not in gold or (gold[field] is None and field == "published"):
                continue
            g_ok.append(field_match(field, getattr(outputs[rows[0][0]][i], field), gold[field]))
            if meta_name:
                doc = outputs[meta_name][i]
                value = None
                if doc is not None:
                    value = doc.get("date" if field == "published" else field) if isinstance(doc, dict) else getattr(doc, "date" if field == "published" else field, None)
                t_ok.append(field_match(field, value, gold[field]))
        t_cell = f"{statistics.fmean(t_ok):11.3f}" if t_ok else "          -"
        print(f"| {field:16} | {statistics.fmean(g_ok):8.3f} | {t_cell} | {len(g_ok):5d} |")

    ghirbal_speed = speed[rows[0][0]]
    print()
    extract_name = next((n for n, _ in rows if "extract (body)" in n and "trafilatura" in n), None)
    if extract_name:
        print(f"speed: ghirbal (all fields) is {ghirbal_speed / speed[extract_name]:.1f}x trafilatura extract() (body only); aim >= 10x")
    if meta_name:
        print(f"speed: ghirbal is {ghirbal_speed / speed[meta_name]:.1f}x trafilatura bare_extraction with metadata")
    res_name = next((n for n, _ in rows if n.startswith("resiliparse")), None)
    if res_name:
        print(f"speed: resiliparse main_content is {speed[res_name] / ghirbal_speed:.1f}x ghirbal's pages/s; aim: within 2x")
    if trafilatura is None:
        print("\ntrafilatura is not importable (pip install -e '.[bench]'): no trafilatura rows.")


if __name__ == "__main__":
    main()

"""The per-site learning pass: pages/s and peak memory as the corpus grows.

Two measurements, printed as one table:
* real pages: the dev set's pages (repeated to --real pages, each copy a new page id) through the whole
  learning path (decode, features, template keys, DuckDB counting);
* synthetic keys: --points page counts (default 100k and 1M) of synthetic pages (150 keys each: 60
  site chrome keys shared by a site's pages, 90 page-unique keys; 1,000 sites) fed straight to the
  counting engine, which is what grows with the corpus.

Peak RSS is measured per point in a fresh child process (ru_maxrss of that child), so the points do not
hide one another. Run:

    python bench/bench_sites.py [--points 100000 1000000] [--real 2000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

SET = Path(__file__).resolve().parents[2] / "shared/data/arabic-sites-dev/docs.jsonl"


def _synthetic(pages: int, q) -> None:
    import tempfile

    from ghirbal.sites import SiteLearner

    learner = SiteLearner()
    t0 = time.perf_counter()
    for p in range(pages):
        site = p % 1000
        keys = {site * 1000 + k: "" for k in range(60)}
        keys.update({(1 << 40) + p * 100 + k: "" for k in range(90)})
        learner.add_keys(f"site{site}.com", keys)
    with tempfile.TemporaryDirectory() as out:
        models = learner.finish(out)
        n_sites = len(models)
    secs = time.perf_counter() - t0
    q.put({"pages": pages, "secs": secs, "sites": n_sites, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _real(pages: int, q) -> None:
    import tempfile

    from ghirbal.sites import SiteLearner

    docs = [json.loads(line) for line in open(SET, encoding="utf-8")]
    learner = SiteLearner()
    t0 = time.perf_counter()
    for p in range(pages):
        d = docs[p % len(docs)]
        learner.add(d["text"], url=d["url"], site=d["site"])
    with tempfile.TemporaryDirectory() as out:
        n_sites = len(learner.finish(out))
    secs = time.perf_counter() - t0
    q.put({"pages": pages, "secs": secs, "sites": n_sites, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(fn, pages: int) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=fn, args=(pages, q))
    proc.start()
    result = q.get()
    proc.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--real", type=int, default=2000, help="real dev pages through the full path (0 to skip)")
    args = ap.parse_args()
    rows = []
    if args.real and SET.exists():
        rows.append(("real pages (full path)", measure(_real, args.real)))
    for n in args.points:
        rows.append(("synthetic keys", measure(_synthetic, n)))
    print(f"{'input':26}{'pages':>10}{'sites':>7}{'seconds':>10}{'pages/s':>10}{'peak RSS MB':>13}")
    for name, r in rows:
        print(f"{name:26}{r['pages']:>10}{r['sites']:>7}{r['secs']:>10.1f}{r['pages'] / r['secs']:>10.0f}{r['rss_mb']:>13.0f}")
    synth = [r for name, r in rows if name == "synthetic keys"]
    if len(synth) >= 2:
        a, b = synth[0], synth[-1]
        print(f"\npeak RSS ratio {b['pages'] // a['pages']}x pages: {b['rss_mb'] / a['rss_mb']:.2f}x memory "
              f"(DuckDB memory_limit from sites.memory_limit; counting spills to disk beyond it)")


if __name__ == "__main__":
    main()

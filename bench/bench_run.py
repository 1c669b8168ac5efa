"""Throughput and memory of `ghirbal run` on a JSONL corpus built from the dev pages.

Builds corpora of the requested sizes (the 160 dev pages repeated with variations: every story line
numbered per copy, a new id and url per copy) under --work (default bench/out, gitignored; never commit
data), runs `ghirbal run` on each with each worker count, and prints pages/s, MB/s and the peak RSS of
the whole process tree (sampled from /proc every 0.2 s: parent + workers; RSS and PSS), plus the
largest single process (getrusage RUSAGE_CHILDREN). Peak RSS must not grow with corpus size. Run:

    python bench/bench_run.py                      # 100MB and 1GB, 1 and 2 workers (takes a while)
    python bench/bench_run.py --size 20MB --workers 1,2   # quick
    python bench/bench_run.py --executor local,ray --size 20MB --workers 1,2 --repeat 3
        # Ray against local, same worker counts, interleaved: Ray's overhead and 1 -> 2 worker scaling.
        # One local Ray instance (MAX_WORKERS CPUs, started by this script) serves every Ray run and is
        # stopped at the end; its start-up is timed and reported apart, not inside the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = Path(os.environ.get("GHIRBAL_DEV_SET", "/work/shared/data/arabic-sites-dev")) / "docs.jsonl"
PAGE = os.sysconf("SC_PAGE_SIZE")


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", text.upper())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {text!r} (e.g. 100MB, 1GB)")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)])


def build_corpus(path: Path, size: int, source: Path) -> int:
    """Write ~size bytes of JSONL; returns the page count. Reused when already built."""
    stamp = path.with_suffix(".done")
    if path.exists() and stamp.exists():
        return int(stamp.read_text())
    docs = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    written = n = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            d = docs[n % len(docs)]
            copy = n // len(docs)
            lines = d["text"].split("\n")
            text = "\n".join(f"{ln} ({copy})" if len(ln) > 80 else ln for ln in lines)
            rec = {"id": f"bench-{n}", "url": f"{d['url']}/{copy}", "text": text, "site": d["site"], "lang": d["lang"]}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    stamp.write_text(str(n))
    return n


def tree_rss(root: int) -> tuple[int, int]:
    """(RSS, PSS) bytes of `root` and all its descendants, now. RSS counts pages that forked workers
    share with the parent once per process (an upper bound); PSS splits them (the real footprint)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                rss += int(fh.read().split()[1]) * PAGE
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return rss, pss


def run_once(corpus: Path, workers: int, out: Path, sites: str = "none", extra: tuple[str, ...] = (),
             executor: str = "local") -> dict:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    cmd = [sys.executable, "-m", "ghirbal.cli", "run", str(corpus), "--out", str(out), "-j", str(workers), "--no-progress",
           "--sites", sites, *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            rss, pss = tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"ghirbal run failed ({proc.returncode}):\n{err}")
    ledger = json.loads((out / "ledger.json").read_text())
    stats = json.loads((out / "stats.json").read_text())
    run = stats.get("run", {})
    cpu = run.get("cpu_seconds") or 0
    totals = stats.get("totals", {})
    size = corpus.stat().st_size
    return {
        "size_mb": round(size / 1e6),
        "executor": executor,
        "workers": workers,
        "run_pages_per_s": run.get("pages_per_second"),  # the run's own clock: no interpreter start, no connect
        # the cleaning pass alone (the run's clock up to the dedup stage): what a worker count changes
        "clean_s": run.get("clean_pass_seconds"),
        "clean_mb_per_s": run.get("clean_pass_mb_per_second"),
        "pages": ledger["totals"]["read"],
        "kept": ledger["totals"]["written"],
        "wall_s": round(wall, 1),
        "pages_per_s": round(ledger["totals"]["read"] / wall, 1),
        "pages_per_cpu_s": round(ledger["totals"]["read"] / cpu, 1) if cpu else None,
        "mb_per_s": round(size / 1e6 / wall, 2),
        "peak_tree_rss_mb": round(peak[0] / 1e6),
        "peak_tree_pss_mb": round(peak[1] / 1e6),
        "max_process_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3),
        "cpu_s": round(cpu, 2),
        # the units' own CPU time (every worker's, summed): MB a worker cleans per CPU-second, the figure a
        # busy or shared machine disturbs least (wall-clock MB/s counts the waits for a core too)
        "unit_mb_per_cpu_s": round(size / 1e6 / cpu, 2) if cpu else None,
        "steps_s": round(sum(totals.get(f"step_seconds:{name}", 0) for name in ("langid", "quality")), 2),  # the steps off/on
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="100MB,1GB", help="corpus sizes, comma-separated (e.g. 20MB or 100MB,1GB)")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--work", type=Path, default=HERE / "out", help="where corpora and outputs go (gitignored)")
    ap.add_argument("--source", type=Path, default=DEV, help="dev pages (JSONL with text/url/site/lang)")
    ap.add_argument("--keep-output", action="store_true", help="keep the last run's output folder")
    ap.add_argument("--sites", choices=["none", "learn"], default="none",
                    help="per-site learning pass: none (cleaning only, the default) or learn (both passes)")
    ap.add_argument("--record-steps", action="store_true",
                    help="the cost of the record steps: each run without them (--quality none --langid none) and "
                         "with the defaults (langid tag, quality filter), interleaved, --repeat times; medians; and the "
                         "steps' own CPU time against the rest of the worker CPU of the runs with them")
    ap.add_argument("--repeat", type=int, default=3, help="runs per configuration with --record-steps or --executor")
    ap.add_argument("--executor", default=None,
                    help="compare executors, e.g. local,ray: interleaved runs, medians of --repeat, Ray's overhead "
                         "and the scaling from the smallest to the largest worker count")
    args = ap.parse_args()
    if args.record_steps:
        return compare_steps(args)
    if args.executor:
        return compare_executors(args)
    sizes = [parse_size(s) for s in args.size.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        corpus = args.work / f"corpus-{size // 10**6}MB.jsonl"
        pages = build_corpus(corpus, size, args.source)
        print(f"corpus {corpus} ({corpus.stat().st_size / 1e6:,.0f} MB, {pages:,} pages)", file=sys.stderr, flush=True)
        for w in workers:
            row = run_once(corpus, w, args.work / "run-out", args.sites)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    if not args.keep_output:
        shutil.rmtree(args.work / "run-out", ignore_errors=True)
    (args.work / "results.json").write_text(json.dumps(rows, indent=1))
    head = ("| corpus | workers | pages | wall s | pages/s | MB/s | cleaning pass MB/s (per worker) | MB per worker CPU-second "
            "| peak RSS, process tree | peak PSS, process tree | largest process |")
    print(head)
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        clean = r.get("clean_mb_per_s")
        clean_cell = f"{clean} ({clean / r['workers']:.2f})" if clean else "–"
        print(f"| {r['size_mb']:,} MB | {r['workers']} | {r['pages']:,} | {r['wall_s']:,} | {r['pages_per_s']:,} | "
              f"{r['mb_per_s']} | {clean_cell} | {r.get('unit_mb_per_cpu_s') or '–'} | {r['peak_tree_rss_mb']} MB | {r['peak_tree_pss_mb']} MB | {r['max_process_rss_mb']} MB |")
    for size in sorted({r["size_mb"] for r in rows}):
        by_w = {r["workers"]: r for r in rows if r["size_mb"] == size and r.get("clean_mb_per_s")}
        lo, hi = min(by_w, default=0), max(by_w, default=0)
        if hi > lo:
            print(f"scaling, {size:,} MB: {lo} -> {hi} workers, cleaning pass x{by_w[hi]['clean_mb_per_s'] / by_w[lo]['clean_mb_per_s']:.2f}, "
                  f"whole run (wall) x{by_w[hi]['pages_per_s'] / by_w[lo]['pages_per_s']:.2f}")


def start_ray(cpus: int) -> tuple[str, float]:
    """A local Ray instance, owned by this process, for the benchmark's Ray runs (each run's driver joins
    it with --address): (address, seconds it took to start). `ray.shutdown()` stops only what it started."""
    import ray

    t0 = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    return ray.get_runtime_context().gcs_address, time.perf_counter() - t0


def compare_executors(args) -> None:
    """Each executor at each worker count on the same corpus, interleaved, medians of --repeat runs."""
    import statistics

    executors = args.executor.split(",")
    workers = [int(w) for w in args.workers.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    address, startup = (start_ray(max(workers)) if "ray" in executors else (None, 0.0))
    results: dict[tuple[str, int, int], list[dict]] = {}
    try:
        for size in (parse_size(s) for s in args.size.split(",")):
            corpus = args.work / f"corpus-{size // 10**6}MB.jsonl"
            pages = build_corpus(corpus, size, args.source)
            print(f"corpus {corpus} ({corpus.stat().st_size / 1e6:,.0f} MB, {pages:,} pages)", file=sys.stderr, flush=True)
            for _ in range(args.repeat):
                for w in workers:
                    for ex in executors:
                        extra = ("--executor", "ray", "--address", address) if ex == "ray" else ()
                        row = run_once(corpus, w, args.work / "run-out", args.sites, extra, executor=ex)
                        results.setdefault((ex, w, size), []).append(row)
                        print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        if address:
            import ray

            ray.shutdown()
    shutil.rmtree(args.work / "run-out", ignore_errors=True)
    med = {k: {m: statistics.median(r[m] for r in rs) for m in ("pages_per_s", "run_pages_per_s", "wall_s", "peak_tree_rss_mb")}
           for k, rs in results.items()}
    print("| corpus | executor | workers | runs | pages | wall s | pages/s (wall) | pages/s (run's clock) | vs local, same workers | peak RSS, process tree |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (ex, w, size), m in med.items():
        base = med.get(("local", w, size))
        vs = f"{100 * (m['pages_per_s'] / base['pages_per_s'] - 1):+.1f}%" if base and ex != "local" else "–"
        rs = results[(ex, w, size)]
        print(f"| {rs[0]['size_mb']:,} MB | {ex} | {w} | {len(rs)} | {rs[0]['pages']:,} | {m['wall_s']:,.1f} | "
              f"{m['pages_per_s']:,.1f} | {m['run_pages_per_s']:,.1f} | {vs} | {m['peak_tree_rss_mb']:,.0f} MB |")
    lo, hi = min(workers), max(workers)
    for ex in executors:
        for size in sorted({k[2] for k in med}):
            a, b = med.get((ex, lo, size)), med.get((ex, hi, size))
            if a and b and hi != lo:
                print(f"scaling {ex}, {size // 10**6} MB: {lo} -> {hi} workers: x{b['pages_per_s'] / a['pages_per_s']:.2f} "
                      f"(wall clock pages/s)")
    if address:
        print("Peak RSS of a Ray run is its driver's process tree only: Ray's workers are children of the Ray "
              "instance, not of the run.")
        print(f"Ray start-up (a local instance of {max(workers)} CPUs, once, not inside the runs): {startup:.1f} s; "
              "each run's driver connects to it (inside the run's wall time)")


STEPS_OFF = ("--quality", "none", "--langid", "none")


def compare_steps(args) -> None:
    """Throughput without and with the record steps, measured side by side (interleaved runs)."""
    import statistics

    args.work.mkdir(parents=True, exist_ok=True)
    print("| corpus | workers | pages | pages/s, steps off | pages/s, langid + quality | change | pages per worker CPU-s, off / on | change "
          "| steps' CPU / the rest of the worker CPU, same runs |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (parse_size(s) for s in args.size.split(",")):
        corpus = args.work / f"corpus-{size // 10**6}MB.jsonl"
        pages = build_corpus(corpus, size, args.source)
        for w in (int(x) for x in args.workers.split(",")):
            off, on = [], []
            for _ in range(args.repeat):
                off.append(run_once(corpus, w, args.work / "run-out", args.sites, STEPS_OFF))
                on.append(run_once(corpus, w, args.work / "run-out", args.sites))
                print(f"off {off[-1]}\non {on[-1]}", file=sys.stderr, flush=True)
            a, b = (statistics.median(r["pages_per_s"] for r in rs) for rs in (off, on))
            ca, cb = (statistics.median(r["pages_per_cpu_s"] or 0 for r in rs) for rs in (off, on))
            # The steps' own CPU time (timed around each step inside the "on" runs) against the rest of the
            # same runs' worker CPU: the throughput the run loses to them, with no run-to-run drift of the
            # shared machine's load between the two figures, unlike the off/on comparison beside it.
            share = statistics.median(r["steps_s"] / (r["cpu_s"] - r["steps_s"]) for r in on if r["cpu_s"])
            print(f"| {corpus.stat().st_size / 1e6:,.0f} MB | {w} | {pages:,} | {a:,.1f} | {b:,.1f} | {100 * (b - a) / a:+.1f}% | "
                  f"{ca:,.1f} / {cb:,.1f} | {100 * (cb - ca) / ca:+.1f}% | {100 * share:.1f}% |")
    shutil.rmtree(args.work / "run-out", ignore_errors=True)


if __name__ == "__main__":
    main()

"""Corpus dedup: pair precision and recall against brute-force exact Jaccard, signature speed, and the
clustering stage's time and peak memory as the corpus grows.

Three measurements, printed as tables:
* quality: --articles articles (default 3,000) made from the dev set's real bodies (or generated text
  when ../shared is missing): each base story with copies truncated, extended, restyled, with its first
  sentence rewritten, with words replaced at random rates, and same-topic mixes of two stories, so pair
  Jaccards cover 0..1. Every pair's exact 5-gram Jaccard (inverted index, brute force) is the truth;
  ghirbal's signatures and clustering (the run's own functions) are judged against it: recall of pairs
  with J >= 0.5 (same cluster), verified pairs and same-cluster pairs below 0.4 (false merges).
* signatures: articles per CPU-second (one core: numpy and rensa run single-threaded; CPU time, so
  the other users of a shared machine do not count; wall rate beside it), median of 5 runs, for ~3 KB
  bodies signed in batches of 500 (a work unit): the exact key alone, ghirbal's near signature, and,
  side by side, `fold_words` alone and rensa over Python string shingles (the obvious way, baseline).
* scale: --points synthetic corpora (default 20k and 100k; add 1000000 3000000) of signature files
  (planted clusters of 2-5 near copies in a fifth of the articles), written by one child process, then
  through the clustering stage in a fresh child: wall time and peak RSS (ru_maxrss of that child,
  the interpreter and imports included; DuckDB's memory_limit, --memory-limit, caps the engine).

    python bench/bench_dedup.py [--articles 3000] [--sig-docs 2000] [--points 20000 100000 1000000]
                                [--memory-limit 256MB] [--seed 1] [--skip quality signatures scale]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT.parent / "shared/data/arabic-sites-dev/docs.jsonl"
if not SET.exists():
    SET = Path("/work/shared/data/arabic-sites-dev/docs.jsonl")
sys.path.insert(0, str(ROOT / "tests"))  # the generated-text fallback (tests/dedup_corpus.py)


def base_bodies() -> tuple[list[list[str]], str]:
    if SET.exists():
        docs = [json.loads(line) for line in open(SET, encoding="utf-8")]
        bodies = [d["gold"]["body"].split("\n") for d in docs if d["gold"].get("body")]
        return [b for b in bodies if sum(len(p.split()) for p in b) >= 60], "dev-set bodies"
    from dedup_corpus import story

    return [story(k, 8) for k in range(160)], "generated text"


def variants(bodies: list[list[str]], n: int, seed: int = 7) -> tuple[list[str], list[set[int]]]:
    """n articles: the bases and their copies of every kind (what syndication does to a story), and
    each article's stories of origin (two for a same-topic mix)."""
    rng = random.Random(seed)
    vocab = [w for b in bodies for p in b for w in p.split()]
    out = ["\n".join(b) for b in bodies]
    origin = [{i} for i in range(len(bodies))]

    def replace_words(paras: list[str], rate: float) -> list[str]:
        return [" ".join(rng.choice(vocab) if rng.random() < rate else w for w in p.split()) for p in paras]

    kinds = ["truncate", "extend", "restyle", "rewrite-first", "words", "mix", "drop-middle"]
    while len(out) < n:
        bi = rng.randrange(len(bodies))
        b = bodies[bi]
        kind = rng.choice(kinds)
        origin.append({bi})
        if kind == "truncate":
            v = b[: max(1, round(len(b) * rng.uniform(0.4, 0.9)))]
        elif kind == "extend":
            v = b + rng.choice(bodies)[: rng.randint(1, 2)]
        elif kind == "restyle":
            v = [p.replace("،", ",").replace(".", " .") for p in b]
        elif kind == "rewrite-first":
            first = " ".join(rng.choice(vocab) for _ in range(len(b[0].split()) // 2))
            v = [first + " " + " ".join(b[0].split()[len(b[0].split()) // 2:])] + b[1:]
        elif kind == "words":
            v = replace_words(b, rng.choice([0.02, 0.05, 0.1, 0.15, 0.2]))
        elif kind == "mix":  # same topic, another story: paragraphs of two stories
            oi = rng.randrange(len(bodies))
            o = bodies[oi]
            k = rng.randint(1, max(1, len(b) // 2))
            v = b[:k] + o[k:]
            origin[-1].add(oi)
        else:
            v = [p for i, p in enumerate(b) if i % 3 != 1]
        out.append("\n".join(v))
    return out[:n], origin[:n]


# --- quality ----------------------------------------------------------------------------------
def exact_pairs(texts: list[str], k: int) -> dict[tuple[int, int], float]:
    """Jaccard of every pair sharing at least one shingle (brute force over an inverted index)."""
    from ghirbal.normalize import fold_words

    sets = []
    for t in texts:
        w = fold_words(t)
        sets.append({" ".join(w[i:i + k]) for i in range(max(1, len(w) - k + 1))})
    index: dict[str, list[int]] = {}
    for d, s in enumerate(sets):
        for sh in s:
            index.setdefault(sh, []).append(d)
    inter: Counter[tuple[int, int]] = Counter()
    for docs in index.values():
        if len(docs) > 1:
            inter.update(combinations(docs, 2))
    return {(a, b): c / (len(sets[a]) + len(sets[b]) - c) for (a, b), c in inter.items()}


def quality(n: int, overrides: dict) -> None:
    import pyarrow.parquet as pq

    from ghirbal.dedup.cluster import cluster
    from ghirbal.dedup.files import sig_path
    from ghirbal.dedup.signature import DedupParams
    from ghirbal.dedup.sink import signature_table, write_table

    bodies, what = base_bodies()
    texts, origin = variants(bodies, n)
    p = DedupParams.from_config(**overrides)
    t0 = time.perf_counter()
    truth = exact_pairs(texts, p.shingle)
    brute = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as out:
        rows = [{"gid": i, "unit": f"00000-{i // 500:05d}", "offset": i, "id": f"d{i:06d}", "published": None, "site": "x"}
                for i in range(len(texts))]
        t0 = time.perf_counter()
        for u in range(0, len(texts), 500):
            write_table(signature_table(rows[u:u + 500], texts[u:u + 500], p), sig_path(out, f"00000-{u // 500:05d}"))
        t_sig = time.perf_counter() - t0
        edges_path = os.path.join(out, "edges.parquet")
        t0 = time.perf_counter()
        cluster(out, p, threads=1, edges_path=edges_path)
        t_cluster = time.perf_counter() - t0
        edges = pq.read_table(edges_path).to_pylist()
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        parent[find(e["a"])] = find(e["b"])
    members: dict[int, list[int]] = {}
    for d in range(len(texts)):
        members.setdefault(find(d), []).append(d)
    same = {pair for group in members.values() if len(group) > 1 for pair in combinations(sorted(group), 2)}
    verified = {(min(e["a"], e["b"]), max(e["a"], e["b"])) for e in edges}

    def j(pair):
        return truth.get(pair, 0.0)

    print(f"\nPair detection, {len(texts):,} articles from {len(bodies)} {what} "
          f"(shingle {p.shingle}, {p.num_perm} perms, {p.bands}x{p.rows} bands, threshold {p.threshold})")
    print(f"{'true Jaccard':<14}{'pairs':>9}{'same cluster':>14}{'recall':>9}{'verified pair':>15}")
    for lo, hi in ((0.9, 1.01), (0.7, 0.9), (0.6, 0.7), (0.5, 0.6), (0.45, 0.5), (0.4, 0.45), (0.3, 0.4), (0.2, 0.3), (0.0, 0.2)):
        ps = [pr for pr, v in truth.items() if lo <= v < hi]
        got = sum(pr in same for pr in ps)
        ver = sum(pr in verified for pr in ps)
        label = f"[{lo:.2f}, {min(hi, 1):.2f}{']' if hi > 1 else ')'}"
        print(f"{label:<14}{len(ps):>9,}{got:>14,}{(got / len(ps) if ps else 0):>9.3f}{ver:>15,}")
    high = [pr for pr, v in truth.items() if v >= 0.5]
    rec = sum(pr in same for pr in high) / len(high) if high else 1.0
    low_verified = sorted(j(pr) for pr in verified if j(pr) < 0.4)
    low_same = sum(1 for pr in same if j(pr) < 0.4)
    foreign = sum(1 for a, b in same if not origin[a] & origin[b])
    print(f"recall (J >= 0.5, same cluster): {rec:.4f}   verified pairs below J 0.4: {len(low_verified)}"
          f"{' (max J ' + format(low_verified[-1], '.3f') + ')' if low_verified else ''}   "
          f"same-cluster pairs below J 0.4 (copies joined through others): {low_same:,} of {len(same):,}; "
          f"same-cluster pairs of different stories: {foreign:,}")
    print(f"time: brute force {brute:.1f} s; signatures {t_sig:.2f} s; clustering {t_cluster:.2f} s")


# --- signature speed --------------------------------------------------------------------------
def _bodies_3kb(n: int) -> list[str]:
    bodies, _ = base_bodies()
    texts = ["\n".join(b) for b in bodies]
    out = []
    rng = random.Random(3)
    while len(out) < n:  # ~3 KB (UTF-8) bodies: paragraphs of the real bodies, shuffled together
        paras: list[str] = []
        size = 0
        while size < 3000:
            p = rng.choice(rng.choice(texts).split("\n"))
            paras.append(p)
            size += len(p.encode()) + 1
        out.append("\n".join(paras))
    return out


def signatures(n: int, repeat: int = 5) -> dict:
    """Articles/s of the signature paths on one core: CPU seconds of this process (numpy and rensa run
    single-threaded here), so other users of a shared machine do not count; wall time beside it."""
    import rensa

    from ghirbal.dedup.signature import DedupParams, exact_keys, fold_hash_words
    from ghirbal.dedup.sink import signature_table
    from ghirbal.normalize import _fold_units_table, fold_words

    texts = _bodies_3kb(n)
    p = DedupParams.from_config()
    rows = [{"gid": i, "unit": "u", "offset": i, "id": str(i), "published": None, "site": "x"} for i in range(n)]
    _fold_units_table()  # built once per process (a worker's first unit), not per batch

    def batches(fn):
        def run():
            for u in range(0, n, 500):  # a work unit's articles are signed in one batch
                fn(rows[u:u + 500], texts[u:u + 500])
        return run

    def naive():  # the obvious way: string shingles in Python, rensa's own hashing, one document at a time
        for t in texts:
            w = fold_words(t)
            m = rensa.RMinHash(p.num_perm, p.seed)
            m.update([" ".join(w[i:i + p.shingle]) for i in range(max(1, len(w) - p.shingle + 1))])
            m.digest()

    def fold_only():
        for t in texts:
            fold_words(t)

    paths = (("baseline: rensa.RMinHash over string shingles", naive),
             ("fold_words alone (the project's tokenizer, per text)", fold_only),
             ("ghirbal exact key (batch)", batches(lambda _r, ts: exact_keys(fold_hash_words(ts)))),
             ("ghirbal near: exact key + MinHash + LSH bands (batch)", batches(lambda r, ts: signature_table(r, ts, p))))
    kb = statistics.mean(len(t.encode()) for t in texts) / 1000
    print(f"\nSignatures, {n:,} bodies of {kb:.1f} KB (UTF-8), batches of 500, median of {repeat} runs")
    print(f"{'path':<56}{'articles/CPU-s':>15}{'vs baseline':>13}{'articles/s wall':>17}")
    res = {}
    for name, fn in paths:
        cpu, wall = [], []
        for _ in range(repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - t0)
        res[name] = (n / statistics.median(cpu), n / statistics.median(wall))
    base = res[paths[0][0]][0]
    for name, (rate, wall_rate) in res.items():
        print(f"{name:<56}{rate:>15,.0f}{rate / base:>12.2f}x{wall_rate:>17,.0f}")
    return res


# --- clustering at scale ----------------------------------------------------------------------
def _generate(n: int, out: str, q) -> None:
    """n synthetic articles' signature files in `out` (a child process: its memory is not measured)."""
    import numpy as np
    import pyarrow as pa

    from ghirbal.dedup.files import sig_path
    from ghirbal.dedup.signature import DedupParams, band_hashes
    from ghirbal.dedup.sink import signature_schema, write_table

    p = DedupParams.from_config()
    rng = np.random.default_rng(5)
    t0 = time.perf_counter()
    per = 5000
    planted = 0
    for u in range(0, n, per):
        m = min(per, n - u)
        sigs = rng.integers(0, 2**32, size=(m, p.num_perm), dtype=np.uint32)
        # A fifth of the articles are near copies (70-95% of values kept) of an article just before.
        i = 1
        while i < m:
            if rng.random() < 0.1:
                for c in range(rng.integers(1, 5)):
                    if i + c >= m:
                        break
                    keep = rng.random(p.num_perm) < rng.uniform(0.7, 0.95)
                    sigs[i + c] = np.where(keep, sigs[i - 1], sigs[i + c])
                    planted += 1
                i += 5
            else:
                i += 1
        bands = band_hashes(sigs, p)
        gids = np.arange(u, u + m, dtype=np.int64)
        table = pa.table({
            "gid": gids, "unit": [f"00000-{u // per:05d}"] * m, "offset": gids, "id": [f"d{g:09d}" for g in gids],
            "published": pa.nulls(m, pa.string()), "body_len": np.full(m, 3000, dtype=np.int64),
            "site": [f"site{g % 1000}.com" for g in gids], "exact": rng.integers(-2**63, 2**63 - 1, size=m, dtype=np.int64),
            "sig": pa.FixedSizeListArray.from_arrays(pa.array(sigs.ravel()), p.num_perm).cast(pa.list_(pa.uint32())),
            "bands": pa.FixedSizeListArray.from_arrays(pa.array(bands.ravel()), p.bands).cast(pa.list_(pa.int64())),
            "paras": pa.nulls(m, pa.list_(pa.int64())),
        }, schema=signature_schema(p))
        write_table(table, sig_path(out, f"00000-{u // per:05d}"))
    q.put({"gen": time.perf_counter() - t0, "planted": planted})


def _cluster_child(out: str, memory_limit: str | None, q) -> None:
    """The clustering stage over `out`, alone in a fresh process: its peak RSS is the stage's."""
    from ghirbal.dedup.cluster import cluster
    from ghirbal.dedup.signature import DedupParams

    p = DedupParams.from_config(**({"memory_limit": memory_limit} if memory_limit else {}))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the interpreter and imports
    t0 = time.perf_counter()
    summary = cluster(out, p, threads=1)
    q.put({"secs": time.perf_counter() - t0, "dropped": sum(summary["dropped"].values()),
           "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before": rss_before})


def _in_child(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, q))
    proc.start()
    r = q.get()
    proc.join()
    return r


def scale(points: list[int], memory_limit: str | None = None) -> list[dict]:
    from ghirbal.dedup.signature import DedupParams

    p = DedupParams.from_config(**({"memory_limit": memory_limit} if memory_limit else {}))
    print(f"\nClustering stage, synthetic signature files, one thread, DuckDB memory_limit {p.memory_limit}")
    print(f"{'articles':>10}{'planted copies':>16}{'dropped':>10}{'cluster s':>11}{'articles/s':>12}"
          f"{'RSS at start MB':>17}{'peak RSS MB':>13}")
    rows = []
    for n in points:
        with tempfile.TemporaryDirectory() as out:
            g = _in_child(_generate, n, out)
            r = {"n": n, **g, **_in_child(_cluster_child, out, memory_limit)}
        rows.append(r)
        print(f"{n:>10,}{r['planted']:>16,}{r['dropped']:>10,}{r['secs']:>11.1f}{n / r['secs']:>12,.0f}"
              f"{r['rss_before']:>17.0f}{r['rss_mb']:>13.0f}", flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--sig-docs", type=int, default=2000)
    ap.add_argument("--points", type=int, nargs="*", default=[20_000, 100_000])
    ap.add_argument("--threshold", type=float, help="override dedup.threshold (calibration)")
    ap.add_argument("--num-perm", type=int, help="override dedup.num_perm")
    ap.add_argument("--bands", type=int, help="override dedup.bands")
    ap.add_argument("--rows", type=int, help="override dedup.rows")
    ap.add_argument("--seed", type=int, help="override dedup.seed (the MinHash permutations)")
    ap.add_argument("--memory-limit", help="override dedup.memory_limit for the scale points (e.g. 512MB)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["quality", "signatures", "scale"])
    a = ap.parse_args()
    if "quality" not in a.skip:
        overrides = {k: v for k, v in (("threshold", a.threshold), ("num_perm", a.num_perm), ("bands", a.bands),
                                       ("rows", a.rows), ("seed", a.seed)) if v is not None}
        quality(a.articles, overrides)
    if "signatures" not in a.skip:
        signatures(a.sig_docs)
    if "scale" not in a.skip and a.points:
        scale(a.points, a.memory_limit)


if __name__ == "__main__":
    main()

"""Where a cleaning worker's CPU goes: `ghirbal run -j 1` in this process, each part of a unit's work
timed (CPU time) and given in ms per MB of input, after the first unit (whose one-off costs, building
lexicons and tables, are left out: a long run amortizes them).

    python bench/run_split.py CORPUS.jsonl [OUT_DIR] [-- extra ghirbal run flags]

The corpus is bench_run.py's kind (its build_corpus; e.g. 60 MB: a few minutes on a loaded host).
Parts: reading a record into a page (JSON parse, fields), clean, the stats of a page, the output record,
each record step, the JSONL writer, the dedup signatures (the sink's per-record part and its batch at
the unit's close), the unit's marker, the cycle collector; the rest of the unit's time is shown apart.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections import Counter

T: Counter[str] = Counter()
N: Counter[str] = Counter()
_in_unit = [False]
_gc_start = [0.0]
pt = time.process_time


def _timed(owner, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def timed(*a, **k):
        if not _in_unit[0]:
            return fn(*a, **k)
        t0 = pt()
        try:
            return fn(*a, **k)
        finally:
            T[label] += pt() - t0
            N[label] += 1

    setattr(owner, name, timed)


def _on_gc(phase: str, _info) -> None:
    if not _in_unit[0]:
        return
    if phase == "start":
        _gc_start[0] = pt()
    else:
        T["cycle collector (gc)"] += pt() - _gc_start[0]
        N["cycle collector (gc)"] += 1


def main() -> None:
    args = sys.argv[1:]
    extra = args[args.index("--") + 1:] if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    if not args:
        raise SystemExit(__doc__)
    corpus = args[0]
    out = args[1] if len(args) > 1 else tempfile.mkdtemp(prefix="run-split-")

    import ghirbal.steps as steps_mod
    from ghirbal.dedup import sink
    from ghirbal.io.shards import JsonlGzWriter
    from ghirbal.run import pipeline, stages
    from ghirbal.run.state import RunState
    from ghirbal.run.stats import Stats

    for owner, name, label in ((stages, "to_page", "to_page (JSON parse, fields)"), (stages, "clean_page", "clean"),
                               (stages, "article_record", "article_record"), (stages, "site_of", "site_of (stats)"),
                               (Stats, "add_article", "stats.add_article"), (JsonlGzWriter, "write", "jsonl.gz write"),
                               (JsonlGzWriter, "close", "jsonl.gz close"), (sink.SignatureSink, "add", "dedup sink add"),
                               (sink.SignatureSink, "close", "dedup signatures (close)"), (RunState, "mark_unit_done", "marker")):
        _timed(owner, name, label)
    build = steps_mod.build

    def timed_build(*a, **k):
        built = build(*a, **k)
        for step in built:
            _timed(step, "process", f"step {step.name}")
        return built

    steps_mod.build = timed_build
    unit_fn = stages.process_unit
    skipped = [0]

    def process_unit(unit, settings):
        if not skipped[0]:  # the first unit: its one-off costs are not the steady state
            skipped[0] = sum(r.size for r in unit.records)
            return unit_fn(unit, settings)
        t0 = pt()
        _in_unit[0] = True
        try:
            return unit_fn(unit, settings)
        finally:
            _in_unit[0] = False
            T["unit"] += pt() - t0
            N["unit"] += 1

    pipeline.process_unit = process_unit
    gc.callbacks.append(_on_gc)
    from ghirbal.cli import main as cli

    shutil.rmtree(out, ignore_errors=True)
    cli(["run", corpus, "--out", out, "-j", "1", "--no-progress", "--sites", "none", *extra])
    mb = (os.path.getsize(corpus) - skipped[0]) / 1e6
    unit = T.pop("unit")
    print(f"\n{mb:.1f} MB after the first unit; a unit's CPU {1000 * unit / mb:.1f} ms/MB ({mb / unit:.2f} MB per CPU-second)")
    print("| part | ms per MB | share of the unit | calls |\n|---|---:|---:|---:|")
    for label, sec in sorted(T.items(), key=lambda kv: -kv[1]):
        inside = " (inside the parts)" if label.startswith("cycle") else ""
        print(f"| {label}{inside} | {1000 * sec / mb:.1f} | {100 * sec / unit:.1f}% | {N[label]:,} |")
    parts = sum(v for k, v in T.items() if k != "cycle collector (gc)")  # (the collector runs inside the other parts)
    print(f"| the rest of the unit | {1000 * (unit - parts) / mb:.1f} | {100 * (unit - parts) / unit:.1f}% | |")
    if len(args) < 2:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

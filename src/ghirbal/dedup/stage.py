"""The dedup stages of a run, after the cleaning pass: cluster, then filter every unit with drops.

Each stage leaves a marker in DIR/_dedup (cluster.done, commits/UNIT.json, filter.done), so an
interrupted run resumes where it stopped. The filter stage goes through the run's executor: it only
calls `filter.filter_unit(unit_key, settings)`, a plain function over files; the clustering is one
job, `cluster_stage`, that the executor runs where it likes (here, or as one Ray task). The signatures
are written by the cleaning pass's units.
"""

from __future__ import annotations

import glob
import os
import shutil
from typing import Any

import orjson

from ghirbal.dedup import files
from ghirbal.dedup.cluster import cluster
from ghirbal.dedup.filter import apply, filter_unit
from ghirbal.dedup.sink import params_for
from ghirbal.run.state import atomic_write


def run_dedup(settings, executor) -> None:
    out = settings.out_dir
    if os.path.exists(files.filter_done(out)):
        return
    p = params_for(settings)
    for tmp in glob.glob(os.path.join(files.root(out), "**", "*.tmp"), recursive=True):
        os.remove(tmp)  # half-written files of a killed run: never valid
    if not os.path.exists(files.cluster_done(out)):
        threads = p.threads or executor.node_cpus
        executor.call(cluster_stage, threads, settings, cpus=threads)  # one job (DuckDB, its own threads)
        atomic_write(files.cluster_done(out), b"{}")
    commits = files.commits_dir(out)
    os.makedirs(commits, exist_ok=True)
    done = set()
    for name in sorted(os.listdir(commits)):  # committed before an interruption: finish them
        if name.endswith(".json"):
            with open(os.path.join(commits, name), "rb") as fh:
                commit = orjson.loads(fh.read())
            apply(out, commit)
            done.add(commit["unit"])
    keys = sorted({n[:-5] for n in os.listdir(files.drops_dir(out)) + os.listdir(files.paras_dir(out))
                   if n.endswith(".json")} - done)
    executor.run(filter_unit, keys, settings, lambda _commit: None)
    shutil.rmtree(files.staged_dir(out), ignore_errors=True)
    atomic_write(files.filter_done(out), b"{}")


def cluster_stage(threads: int, settings) -> None:
    cluster(settings.out_dir, params_for(settings), threads=threads)


def run_stage(settings, executor) -> tuple[bool, bool, str | None]:
    """`run_dedup` for the pipeline: (complete, interrupted, message)."""
    from ghirbal.run.local import WorkerDied

    try:
        run_dedup(settings, executor)
    except KeyboardInterrupt:
        return False, True, "interrupted while deduplicating; continue with --resume"
    except WorkerDied as exc:
        return False, False, f"{exc} while deduplicating; continue with --resume"
    except Exception as exc:
        if os.environ.get("GHIRBAL_DEBUG"):
            raise
        return False, False, f"deduplication failed ({type(exc).__name__}: {exc}); --resume continues"
    return True, False, None


def summary(out_dir: str) -> dict[str, Any] | None:
    """The clustering stage's summary (for stats.json), if it ran."""
    try:
        with open(files.summary_path(out_dir), "rb") as fh:
            return orjson.loads(fh.read())
    except (OSError, ValueError):
        return None

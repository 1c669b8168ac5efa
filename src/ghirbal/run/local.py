"""Local executor: runs work units in a pool of worker processes on this machine.

It knows nothing about what a unit does: it calls `fn(unit, settings)` and hands each result to
`on_done` (the Ray executor, `ray_executor.py`, has the same contract). Units are pulled from the caller's iterator lazily, a few per worker, so memory is bounded
whatever the corpus size. With one worker the units run in this process (same output, simpler traces).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ghirbal.run.schedule import run_bounded


class WorkerDied(RuntimeError):
    """A worker process died (killed, out of memory); its units are not done and a resume redoes them."""


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _init_worker(driver_pid: int) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what happens, workers must not
    # die half-way through a shard on their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_driver(driver_pid)


def _exit_with_driver(driver_pid: int, every: float = 0.5) -> None:
    """Workers end when the run's driver dies (kill -9 included): no orphans left computing. Workers
    are children of the forkserver, not of the driver, so the kernel's parent-death signal (Linux) only
    covers the forkserver's end; a watch thread that polls the driver's pid covers the driver's."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the watch thread alone
        pass

    def watch() -> None:
        while _alive(driver_pid):
            time.sleep(every)
        os._exit(1)  # the driver is gone: a resumed run removes this unit's temp shards

    threading.Thread(target=watch, name="ghirbal-driver-watch", daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean server process, never from this one, which runs threads
    # (the progress bar, the pool's own); the server imports ghirbal and builds its caches once
    # (`warm`), so the workers of every pass start warm.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["ghirbal", "ghirbal.run.stages", "ghirbal.run.warm"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not POSIX


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, someone else's
        return True
    try:  # a killed driver not yet reaped by its shell is a zombie: dead too
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


class LocalExecutor:
    def __init__(self, workers: int, in_flight_per_worker: int = 2):
        self.workers = max(1, workers)
        self.limit = self.workers * max(1, in_flight_per_worker)
        self.node_cpus = self.workers  # what a single job (`call`) may use: the run's share of this machine

    def run(self, fn: Callable[[Any, Any], Any], units: Iterable[Any], settings: Any, on_done: Callable[[Any], None]) -> None:
        if self.workers == 1:
            _run_here(fn, units, settings, on_done)
            return
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(), initializer=_init_worker,
                                   initargs=(os.getpid(),))
        def wait_some(pending: list[Future]) -> tuple[set[Future], list[Future]]:
            done, still_open = wait(pending, return_when=FIRST_COMPLETED)
            return done, list(still_open)

        try:
            run_bounded(units, self.limit, lambda unit: pool.submit(fn, unit, settings), wait_some,
                        lambda fut: on_done(fut.result()), [])
        except BrokenProcessPool:
            _kill(pool)
            raise WorkerDied("a worker process died (killed or out of memory?)") from None
        except BaseException:  # Ctrl-C, or an error in a unit: stop now, the open units roll back
            _kill(pool)
            raise
        pool.shutdown(wait=True)

    def call(self, fn: Callable[[Any, Any], Any], arg: Any, settings: Any, cpus: int = 1) -> Any:
        """One function, run here (a stage that is a single job, e.g. dedup's clustering: its own threads)."""
        return fn(arg, settings)


def _run_here(fn: Callable[[Any, Any], Any], units: Iterable[Any], settings: Any, on_done: Callable[[Any], None]) -> None:
    """The units one after the other in this process. What the first one builds (lexicons, tables, the
    line cache) lives as long as the run: it is then frozen out of the cycle collector's generations, as
    a pool's workers inherit it frozen from the forkserver (`warm`), so that the collector's full passes
    do not walk it again every few units. Unfrozen at the end: this process may live on after the run."""
    freeze = gc.get_freeze_count() == 0  # (a process that froze its own objects keeps them as they are)
    frozen = False
    try:
        for unit in units:
            on_done(fn(unit, settings))
            if freeze and not frozen:
                gc.freeze()
                frozen = True
    finally:
        if frozen:
            gc.unfreeze()


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (their open shards are temp files the caller removes)."""
    # The processes first: shutdown() forgets them (pool._processes = None), and workers left running
    # would finish units after the ledger was written, so the ledger would not count them.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.kill()
        except Exception:  # already gone
            pass
    for p in procs:
        p.join(timeout=5)

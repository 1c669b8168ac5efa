"""Ray executor: the local executor's contract (`run(fn, units, settings, on_done)`, `call`), with each
unit function run as a Ray task on a cluster.

Like the local executor it knows nothing of what a unit does: the pipeline hands both the same
functions (the learning pass's map and reduce, `process_unit`, the dedup stages), which write their
shards and markers to the run's folder (a filesystem every node sees) and return small results.
Units are submitted lazily, a few per worker, so the driver's memory stays bounded. A task whose worker
dies (killed, out of memory, node lost) is retried by Ray (`max_retries`): shards are written to temp
files and renamed, so a retried unit writes the same bytes again. A dead driver leaves done-markers;
`--resume` continues from them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

from ghirbal.run.local import WorkerDied
from ghirbal.run.nodes import NODE_ENV
from ghirbal.run.schedule import run_bounded

ENV_PREFIX = "GHIRBAL_"  # the driver's GHIRBAL_* variables reach the tasks (GHIRBAL_DEBUG, test hooks)


class RayUnavailable(RuntimeError):
    """Ray is not installed (`pip install ghirbal[ray]`) or the cluster cannot be reached."""


def _ray():
    try:
        import ray
    except ImportError:
        raise RayUnavailable("--executor ray needs Ray: pip install 'ghirbal[ray]'") from None
    return ray


def connect(address: str | None = None, num_cpus: int | None = None):
    """The `ray` module, connected: to the running instance when this process already has one (tests,
    notebooks), to `address` ("auto": the cluster this machine joined; "ray://host:10001": a remote
    one through Ray Client), or else to a new local instance of `num_cpus` CPUs."""
    ray = _ray()
    if ray.is_initialized():
        return ray
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address:
        kwargs["address"] = address
    elif num_cpus:
        kwargs["num_cpus"] = num_cpus
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise RayUnavailable(f"cannot connect to Ray{f' at {address}' if address else ''}: {exc}") from None
    return ray


def _call(fn: Callable[[Any, Any], Any], unit: Any, settings: Any) -> Any:
    """Runs in the task: names the node for the unit's marker, then calls the unit function."""
    if NODE_ENV not in os.environ:
        import ray

        os.environ[NODE_ENV] = f"{socket.gethostname()}/{ray.get_runtime_context().get_node_id()[:8]}"
    return fn(unit, settings)


class RayExecutor:
    def __init__(self, workers: int = 0, in_flight_per_worker: int = 2, *, address: str | None = None,
                 num_cpus: float = 1.0, memory: int = 0, max_retries: int = 3):
        """`workers`: tasks running at once (0: the cluster's CPUs / `num_cpus`). Per task: `num_cpus`
        CPUs and `memory` bytes reserved for scheduling (0: none), retried `max_retries` times when its
        worker dies."""
        self.ray = connect(address or None, workers or None)
        self.num_cpus, self.memory, self.max_retries = float(num_cpus), int(memory or 0), int(max_retries)
        cpus = self.ray.cluster_resources().get("CPU", 1.0)
        self.workers = max(1, workers or int(cpus // self.num_cpus))
        self.limit = self.workers * max(1, in_flight_per_worker)
        # The largest node's CPUs: a single job (`call`) cannot use more than one node has.
        self.node_cpus = max([int(n["Resources"].get("CPU", 0)) for n in self.ray.nodes() if n.get("Alive")] + [1])
        env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX) and k != NODE_ENV}
        self._runtime_env = {"env_vars": env} if env else None

    def _remote(self, cpus: float):
        options: dict[str, Any] = {"num_cpus": cpus, "max_retries": self.max_retries, "retry_exceptions": False}
        if self.memory:
            options["memory"] = self.memory
        if self._runtime_env:
            options["runtime_env"] = self._runtime_env
        return self.ray.remote(_call).options(**options)

    def run(self, fn: Callable[[Any, Any], Any], units: Iterable[Any], settings: Any, on_done: Callable[[Any], None]) -> None:
        ray = self.ray
        task = self._remote(self.num_cpus)
        settings_ref = ray.put(settings)  # shipped once, not with every unit
        pending: list = []  # kept current by run_bounded: what to cancel on an error
        try:
            run_bounded(units, self.limit, lambda unit: task.remote(fn, unit, settings_ref),
                        lambda refs: ray.wait(refs, num_returns=1), lambda ref: on_done(self._get(ref)), pending)
        except BaseException:  # Ctrl-C, an error in a unit, a worker lost for good: stop the open units now
            self._cancel(pending)
            raise

    def call(self, fn: Callable[[Any, Any], Any], arg: Any, settings: Any, cpus: int = 1) -> Any:
        """One function as one task (a stage that is a single job, e.g. dedup's clustering), on a node
        with `cpus` CPUs free."""
        ref = self._remote(float(max(1, min(cpus, self.node_cpus)))).remote(fn, arg, settings)
        try:
            return self._get(ref)
        except BaseException:
            self._cancel([ref])
            raise

    def _get(self, ref) -> Any:
        exceptions = self.ray.exceptions
        try:
            return self.ray.get(ref)
        except (exceptions.WorkerCrashedError, exceptions.NodeDiedError, exceptions.OutOfMemoryError,
                exceptions.ObjectLostError) as exc:
            raise WorkerDied(f"a Ray task failed {self.max_retries + 1} times ({type(exc).__name__}): "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
        except exceptions.RayTaskError as exc:  # the unit function raised: the caller sees its exception
            cause = exc.as_instanceof_cause()
            raise cause from None

    def _cancel(self, refs: list) -> None:
        """Force-stop open tasks and wait for them to end, so none renames a shard after the caller cleans up."""
        for ref in refs:
            try:
                self.ray.cancel(ref, force=True)
            except Exception:  # already finished
                pass
        if refs:
            try:
                self.ray.wait(refs, num_returns=len(refs), timeout=30)
            except Exception:
                pass

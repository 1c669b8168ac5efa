"""Which machine ran a unit, and throughput per machine (the report's per-node table).

A unit's done-marker names its node: the executor may set GHIRBAL_NODE in the worker (Ray: host name
and node id), else the host name. The driver adds the markers up per node, so a resumed run's figures
come from the same files as an uninterrupted one's.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

NODE_ENV = "GHIRBAL_NODE"


def node_name() -> str:
    return os.environ.get(NODE_ENV) or socket.gethostname()


def unit_timing(started_monotonic: float) -> dict[str, Any]:
    """The fields a done-marker gets about where and when its unit ran."""
    return {"node": node_name(), "pid": os.getpid(), "ended": round(time.time(), 3),
            "wall_seconds": round(time.monotonic() - started_monotonic, 3)}


class NodeTotals:
    """Per node: units, pages, busy seconds (the units' wall time added up), the span from its first
    unit's start to its last unit's end, and the worker processes seen."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}

    def add(self, marker: dict[str, Any]) -> None:
        name = marker.get("node")
        if not name:  # a marker of an older version
            return
        n = self.nodes.setdefault(name, {"units": 0, "pages": 0, "busy": 0.0, "cpu": 0.0, "first": None, "last": None,
                                         "pids": set()})
        wall = float(marker.get("wall_seconds") or 0.0)
        ended = float(marker.get("ended") or 0.0)
        n["units"] += 1
        n["pages"] += marker.get("read", 0)
        n["busy"] += wall
        n["cpu"] += float(marker.get("cpu_seconds") or 0.0)
        n["first"] = ended - wall if n["first"] is None else min(n["first"], ended - wall)
        n["last"] = ended if n["last"] is None else max(n["last"], ended)
        n["pids"].add(marker.get("pid"))

    def to_list(self) -> list[dict[str, Any]]:
        out = []
        for name, n in sorted(self.nodes.items()):
            span = max((n["last"] or 0.0) - (n["first"] or 0.0), 0.0)
            out.append({"node": name, "units": n["units"], "pages": n["pages"], "workers": len(n["pids"]),
                        "busy_seconds": round(n["busy"], 3), "cpu_seconds": round(n["cpu"], 3),
                        "span_seconds": round(span, 3),
                        "pages_per_second": round(n["pages"] / span, 2) if span > 0 else None})
        return out


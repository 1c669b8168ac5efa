"""The ledger: per input file, how many records were read and where each one went.

For every file read = written + rejected + errored, and errored = len(errors). It is built from the
units' done-markers, so a resumed run's ledger is the same as an uninterrupted one's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

COUNTS = ("read", "written", "rejected", "errored")


def build(files: list[str], markers: Iterable[dict[str, Any]], *, complete: bool) -> dict[str, Any]:
    entries = {path: {"path": path, **dict.fromkeys(COUNTS, 0), "errors": []} for path in files}
    for m in markers:
        e = entries.get(m["source"])
        if e is None:  # a marker of a file no longer in the inputs: cannot happen after a manifest check
            continue
        for c in COUNTS:
            e[c] += m[c]
        e["errors"].extend(m["errors"])
    for e in entries.values():
        e["errors"].sort(key=lambda err: err["offset"])
    totals = {c: sum(e[c] for e in entries.values()) for c in COUNTS}
    return {"complete": complete, "files": list(entries.values()), "totals": totals}


def problems(ledger: dict[str, Any]) -> list[str]:
    """Internal consistency of a ledger (the invariant); empty when all holds."""
    out = []
    for e in ledger["files"]:
        if e["read"] != e["written"] + e["rejected"] + e["errored"]:
            out.append(
                f"{e['path']}: read {e['read']} != written {e['written']} + rejected {e['rejected']} + errored {e['errored']}"
            )
        if e["errored"] != len(e["errors"]):
            out.append(f"{e['path']}: errored {e['errored']} but {len(e['errors'])} error entries")
    for c in COUNTS:
        total = sum(e[c] for e in ledger["files"])
        if ledger["totals"].get(c) != total:
            out.append(f"totals.{c} is {ledger['totals'].get(c)} but the files add up to {total}")
    return out

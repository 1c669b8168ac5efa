"""Check a run folder: every record in the shards is accounted for by the ledger, and the other way round."""

from __future__ import annotations

import glob
import os
from collections import Counter, defaultdict

import orjson

from ghirbal.io.shards import TMP_SUFFIX, read_shard
from ghirbal.run import ledger as ledger_mod
from ghirbal.run.state import RunState


class NotARun(Exception):
    """The folder has no ledger.json: not the output of `ghirbal run`."""


def verify(out_dir: str) -> tuple[list[str], str]:
    """Return (problems, one-line summary). No problems means the ledger matches the shards."""
    path = os.path.join(out_dir, "ledger.json")
    if not os.path.isfile(path):
        raise NotARun(f"{out_dir} has no ledger.json (is it the --out folder of a `ghirbal run`?)")
    try:
        with open(path, "rb") as fh:
            ledger = orjson.loads(fh.read())
    except (OSError, orjson.JSONDecodeError) as exc:
        return [f"ledger.json is unreadable: {exc}"], ""
    problems = list(ledger_mod.problems(ledger))
    # An interrupted run's ledger counts its finished units: those are checked like any others, and the
    # summary says the run is unfinished (it is not a mismatch).
    unfinished = not ledger.get("complete", False)

    articles = sorted(glob.glob(os.path.join(out_dir, "articles-*")))
    rejects = sorted(glob.glob(os.path.join(out_dir, "rejects-*")))
    for p in articles + rejects:
        if p.endswith(TMP_SUFFIX):
            problems.append(f"{os.path.basename(p)}: a half-written shard was left behind")
    articles = [p for p in articles if not p.endswith(TMP_SUFFIX)]
    rejects = [p for p in rejects if not p.endswith(TMP_SUFFIX)]
    problems += _check_markers(out_dir, articles + rejects)

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    error_offsets: dict[str, set[int]] = defaultdict(set)
    seen: set[tuple[str, int]] = set()
    dupes = 0
    for shard in articles + rejects:
        is_article = os.path.basename(shard).startswith("articles-")
        try:
            for rec in read_shard(shard):
                key = (rec.get("source"), rec.get("offset"))
                if key in seen:
                    dupes += 1
                seen.add(key)
                if is_article:
                    counts[rec["source"]]["written"] += 1
                    if not rec.get("body"):
                        problems.append(f"{os.path.basename(shard)}: article {rec.get('id')} has an empty body")
                elif rec.get("errored"):
                    counts[rec["source"]]["errored"] += 1
                    error_offsets[rec["source"]].add(rec["offset"])
                else:
                    counts[rec["source"]]["rejected"] += 1
                    if not rec.get("reason"):
                        problems.append(f"{os.path.basename(shard)}: reject {rec.get('id')} has no reason")
        except Exception as exc:  # a damaged shard is a finding, not a crash
            problems.append(f"{os.path.basename(shard)}: unreadable ({type(exc).__name__}: {exc})")
    if dupes:
        problems.append(f"{dupes} record(s) appear more than once (same source and offset)")

    in_ledger = {f["path"] for f in ledger.get("files", [])}
    for f in ledger.get("files", []):
        got = counts.get(f["path"], Counter())
        for c in ("written", "rejected", "errored"):
            if got[c] != f[c]:
                problems.append(f"{f['path']}: ledger says {c} {f[c]}, the shards hold {got[c]}")
        ledger_offsets = {e["offset"] for e in f.get("errors", [])}
        if ledger_offsets != error_offsets.get(f["path"], set()):
            problems.append(f"{f['path']}: error offsets in the ledger and in the rejects differ")
    for source in counts.keys() - in_ledger:
        problems.append(f"{source}: in the shards but not in the ledger")
    t = ledger.get("totals", {})
    summary = (
        f"{len(in_ledger)} input file(s), {t.get('read', 0):,} read = {t.get('written', 0):,} written + "
        f"{t.get('rejected', 0):,} rejected + {t.get('errored', 0):,} errored; {len(articles) + len(rejects)} shards"
    )
    if unfinished:
        summary += "; the run is unfinished (interrupted): its finished units check out, `ghirbal run … --resume` does the rest"
    return problems, summary


def _check_markers(out_dir: str, shards: list[str]) -> list[str]:
    """Every shard belongs to a finished unit, and every finished unit's shards exist."""
    state = RunState(out_dir)
    if not os.path.isdir(state.units_dir):
        return []  # shards copied without their state: the record counts above still check everything
    listed: set[str] = set()
    out = []
    for m in state.unit_markers():
        for name in m.get("shards", []):
            listed.add(name)
            if not os.path.exists(os.path.join(out_dir, name)):
                out.append(f"{name}: listed by unit {m['file_index']:05d}-{m['unit']:05d} but missing")
    for p in shards:
        if os.path.basename(p) not in listed:
            out.append(f"{os.path.basename(p)}: no finished unit wrote it (left over from an interrupted unit?)")
    return out

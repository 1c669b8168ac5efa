"""Stage 3: a unit's shards without its dropped duplicates, which move to its rejects.

Per unit with drops: the new shards and the unit's new done-marker (counts and stats moved from
written to rejected) are staged in DIR/_dedup/staged/UNIT/, then a commit file names them
(DIR/_dedup/commits/UNIT.json), then `apply` renames them into place. `apply` is idempotent, so after
a crash at any point a resume re-applies a committed unit, or redoes an uncommitted one from the
untouched shards. The cleaning pass's shards are read, never edited in place.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections import Counter
from typing import Any

import orjson

from ghirbal.dedup import files
from ghirbal.io.shards import JsonlGzWriter, read_shard
from ghirbal.run.state import RunState, atomic_write
from ghirbal.run.stats import char_bin


def _drops(out_dir: str, key: str) -> dict[int, dict[str, Any]]:
    with open(os.path.join(files.drops_dir(out_dir), f"{key}.json"), "rb") as fh:
        return {d["offset"]: d for d in orjson.loads(fh.read())}


def _marker(out_dir: str, key: str) -> dict[str, Any]:
    state = RunState(out_dir)
    with open(state._unit_path(key), "rb") as fh:
        return orjson.loads(fh.read())


def reject_record(article: dict[str, Any], drop: dict[str, Any]) -> dict[str, Any]:
    return {"id": article.get("id"), "url": article.get("url"), "source": article.get("source"), "offset": article.get("offset"),
            "reason": drop["reason"], "detail": f"duplicate of {drop['kept']} (similarity {drop['similarity']:.3f})",
            "errored": False, "kept": drop["kept"], "similarity": drop["similarity"]}


def _filter_jsonl(src: str, dst: str, drops: dict[int, dict[str, Any]], level: int) -> tuple[list[dict[str, Any]], int]:
    """Copy the kept lines of `src` as they are; return the dropped records and how many were kept."""
    dropped, kept = [], 0
    writer = JsonlGzWriter(dst, level=level, fsync=True)
    try:
        with gzip.open(src, "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = orjson.loads(line)
                if rec.get("offset") in drops:
                    dropped.append(rec)
                else:
                    writer.write_line(line)
                    kept += 1
    except BaseException:
        writer.abort()
        raise
    if kept:
        writer.close()
    else:
        writer.abort()
    return dropped, kept


def _filter_parquet(src: str, dst: str, drops: dict[int, dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(src)
    gone = pc.is_in(table.column("offset"), value_set=pa.array(sorted(drops), pa.int64()))
    dropped = [r for r in read_shard(src) if r.get("offset") in drops]
    kept_table = table.filter(pc.invert(gone))
    if kept_table.num_rows:
        tmp = dst + ".tmp"
        pq.write_table(kept_table, tmp, compression="zstd")
        os.replace(tmp, dst)
    return dropped, kept_table.num_rows


def _adjust_stats(stats: dict[str, Any], dropped: list[dict[str, Any]], drops: dict[int, dict[str, Any]]) -> None:
    """Move the dropped articles from written to rejected in a unit's stats (what the report draws)."""
    from ghirbal.sites.domain import site_of

    pages, rejects = Counter(stats.get("pages", {})), Counter(stats.get("rejects", {}))
    languages = Counter(stats.get("languages", {}))
    sites = stats.get("sites", {})
    hist = stats.get("hist", {})
    totals = Counter(stats.get("totals", {}))
    for rec in dropped:
        reason = drops[rec["offset"]]["reason"]
        pages["written"] -= 1
        pages["rejected"] += 1
        rejects[reason] += 1
        languages[rec.get("language") or "unknown"] -= 1
        site = sites.get(site_of(rec.get("url")))
        if site:
            site["kept"] -= 1
        n = len(rec.get("body") or "")
        if hist.get("chars_out"):
            hist["chars_out"][char_bin(n)] -= 1
        totals["chars_out"] -= n
    stats["pages"], stats["rejects"], stats["totals"] = dict(pages), dict(rejects), dict(totals)
    stats["languages"] = {k: v for k, v in languages.items() if v}


def filter_unit(key: str, settings) -> dict[str, Any]:
    """Stage and commit the unit's filtered shards and marker, then apply them. Returns the commit."""
    out_dir = settings.out_dir
    drops = _drops(out_dir, key)
    marker = _marker(out_dir, key)
    stage = os.path.join(files.staged_dir(out_dir), key)
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    articles = next((n for n in marker["shards"] if n.startswith("articles-")), None)
    rejects = next((n for n in marker["shards"] if n.startswith("rejects-")), None)
    dropped: list[dict[str, Any]] = []
    kept = 0
    if articles:
        src, dst = os.path.join(out_dir, articles), os.path.join(stage, articles)
        if articles.endswith(".parquet"):
            dropped, kept = _filter_parquet(src, dst, drops)
        else:
            dropped, kept = _filter_jsonl(src, dst, drops, settings.gzip_level)
    if len(dropped) != len(drops):  # the signatures came from these shards: a mismatch is a bug, say it
        raise RuntimeError(f"unit {key}: {len(drops)} duplicates listed, {len(dropped)} found in its article shard")
    rejects_name = rejects or f"rejects-{key}.jsonl.gz"
    writer = JsonlGzWriter(os.path.join(stage, rejects_name), level=settings.gzip_level, fsync=True)
    try:
        if rejects:
            with gzip.open(os.path.join(out_dir, rejects), "rb") as fh:
                for line in fh:
                    if line.strip():
                        writer.write_line(line)
        for rec in sorted(dropped, key=lambda r: r["offset"]):
            writer.write(reject_record(rec, drops[rec["offset"]]))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    shards = [n for n in ((articles if kept else None), rejects_name) if n]
    new = dict(marker, written=marker["written"] - len(dropped), rejected=marker["rejected"] + len(dropped), shards=shards)
    new["stats"] = dict(marker["stats"])
    _adjust_stats(new["stats"], dropped, drops)
    commit = {"unit": key, "shards": shards, "remove": [n for n in marker["shards"] if n not in shards], "marker": new}
    atomic_write(os.path.join(files.commits_dir(out_dir), f"{key}.json"), orjson.dumps(commit))
    apply(out_dir, commit)
    return commit


def apply(out_dir: str, commit: dict[str, Any]) -> None:
    """Put a committed unit's staged shards and marker in place (idempotent)."""
    key = commit["unit"]
    stage = os.path.join(files.staged_dir(out_dir), key)
    for name in commit["shards"]:
        staged = os.path.join(stage, name)
        if os.path.exists(staged):
            os.replace(staged, os.path.join(out_dir, name))
    for name in commit["remove"]:
        try:
            os.remove(os.path.join(out_dir, name))
        except FileNotFoundError:
            pass
    RunState(out_dir).mark_unit_done(key, commit["marker"])
    shutil.rmtree(stage, ignore_errors=True)

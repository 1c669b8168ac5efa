"""Stage 3: a unit's shards without its dropped duplicates (which move to its rejects) and, with
--dedup-paragraphs, without the paragraphs that recur across sites.

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
from collections.abc import Iterator
from typing import Any

import orjson

from ghirbal.dedup import files
from ghirbal.io.shards import JsonlGzWriter, ParquetWriter, read_shard
from ghirbal.run.state import RunState, atomic_write
from ghirbal.run.stats import char_bin

CORPUS_REPEAT = "corpus-repeat"  # line reason of a paragraph dropped by --dedup-paragraphs
NO_ARTICLE = "no-article"  # (ghirbal.run.stages) a body left empty


def _load(folder: str, key: str) -> dict[int, dict[str, Any]]:
    try:
        with open(os.path.join(folder, f"{key}.json"), "rb") as fh:
            return {d["offset"]: d for d in orjson.loads(fh.read())}
    except FileNotFoundError:
        return {}


def _marker(out_dir: str, key: str) -> dict[str, Any]:
    with open(RunState(out_dir)._unit_path(key), "rb") as fh:
        return orjson.loads(fh.read())


def reject_record(article: dict[str, Any], drop: dict[str, Any]) -> dict[str, Any]:
    return {"id": article.get("id"), "url": article.get("url"), "source": article.get("source"), "offset": article.get("offset"),
            "reason": drop["reason"], "detail": f"duplicate of {drop['kept']} (similarity {drop['similarity']:.3f})",
            "errored": False, "kept": drop["kept"], "similarity": drop["similarity"]}


def _emptied_record(article: dict[str, Any]) -> dict[str, Any]:
    return {"id": article.get("id"), "url": article.get("url"), "source": article.get("source"), "offset": article.get("offset"),
            "reason": NO_ARTICLE, "detail": f"{CORPUS_REPEAT}: every paragraph recurs on other sites", "errored": False}


def strip_paragraphs(rec: dict[str, Any], drop: list[list[int]]) -> int:
    """Remove the listed body paragraphs ([index, sites] pairs) from an article record, in place; mark
    them in `lines` when the record has them. Returns how many were removed."""
    gone = {i: sites for i, sites in drop}
    paras = (rec.get("body") or "").split("\n")
    rec["body"] = "\n".join(par for i, par in enumerate(paras) if i not in gone)
    body_lines = [ln for ln in rec.get("lines") or [] if ln.get("kept") and ln.get("role") == "body"]
    if len(body_lines) == len(paras):
        for i, ln in enumerate(body_lines):
            if i in gone:
                ln.update(kept=False, role=None, reason=CORPUS_REPEAT, detail=f"on {gone[i]} sites")
    return sum(1 for i in gone if i < len(paras))


def _records(path: str) -> Iterator[tuple[bytes | None, dict[str, Any]]]:
    """(raw line, record) of a shard; the raw line (JSONL) lets an unchanged record be copied as it is."""
    if path.endswith(".parquet"):
        for rec in read_shard(path):
            yield None, rec
        return
    with gzip.open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield line, orjson.loads(line)


class _Changes:
    """What the filter did to a unit: the records dropped or emptied, the paragraphs removed."""

    def __init__(self) -> None:
        self.rejects: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (reject record, the article it was)
        self.stripped: list[tuple[dict[str, Any], int, int]] = []  # (article after, paragraphs removed, old body length)


def _filter_articles(src: str, dst: str, drops, paras, settings) -> tuple[_Changes, int]:
    changes, kept = _Changes(), 0
    parquet = dst.endswith(".parquet")
    writer = (ParquetWriter(dst, with_lines=settings.annotate, fsync=True) if parquet
              else JsonlGzWriter(dst, level=settings.gzip_level, fsync=True))
    try:
        for raw, rec in _records(src):
            off = rec.get("offset")
            if off in drops:
                changes.rejects.append((reject_record(rec, drops[off]), rec))
                continue
            if off in paras:
                old_len = len(rec.get("body") or "")
                n = strip_paragraphs(rec, paras[off]["drop"])
                changes.stripped.append((rec, n, old_len))
                if not rec["body"].strip():
                    changes.rejects.append((_emptied_record(rec), rec))
                    continue
                writer.write(rec)
            elif raw is None:
                writer.write(rec)
            else:
                writer.write_line(raw)
            kept += 1
    except BaseException:
        writer.abort()
        raise
    if kept:
        writer.close()
    else:
        writer.abort()
    return changes, kept


def _adjust_stats(stats: dict[str, Any], changes: _Changes) -> None:
    """Move dropped articles from written to rejected, and removed paragraphs from kept to dropped
    lines, in a unit's stats (what the report draws)."""
    from ghirbal.sites.domain import site_of

    c = {k: Counter(stats.get(k, {})) for k in ("pages", "rejects", "languages", "totals", "lines_dropped", "lines_kept",
                                                 "empty_reasons")}
    hist = stats.get("hist", {})
    out_bins = hist.get("chars_out")
    for rec, n, old_len in changes.stripped:
        c["lines_dropped"][CORPUS_REPEAT] += n
        c["lines_kept"]["body"] -= n
        c["totals"]["chars_out"] -= old_len - len(rec["body"])
        if out_bins:
            out_bins[char_bin(old_len)] -= 1
            out_bins[char_bin(len(rec["body"]))] += 1
    for reject, rec in changes.rejects:
        c["pages"]["written"] -= 1
        c["pages"]["rejected"] += 1
        c["rejects"][reject["reason"]] += 1
        if reject["reason"] == NO_ARTICLE:
            c["empty_reasons"][CORPUS_REPEAT] += 1
        c["languages"][rec.get("language") or "unknown"] -= 1
        site = stats.get("sites", {}).get(site_of(rec.get("url")))
        if site:
            site["kept"] -= 1
        n = len(rec.get("body") or "")
        if out_bins:
            out_bins[char_bin(n)] -= 1
        c["totals"]["chars_out"] -= n
    for k, counts in c.items():
        stats[k] = {name: v for name, v in counts.items() if v or k in ("pages", "totals")}


def filter_unit(key: str, settings) -> dict[str, Any]:
    """Stage and commit the unit's filtered shards and marker, then apply them. Returns the commit."""
    out_dir = settings.out_dir
    drops = _load(files.drops_dir(out_dir), key)
    paras = _load(files.paras_dir(out_dir), key)
    marker = _marker(out_dir, key)
    stage = os.path.join(files.staged_dir(out_dir), key)
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    articles = next((n for n in marker["shards"] if n.startswith("articles-")), None)
    rejects = next((n for n in marker["shards"] if n.startswith("rejects-")), None)
    changes, kept = _Changes(), 0
    if articles:
        changes, kept = _filter_articles(os.path.join(out_dir, articles), os.path.join(stage, articles), drops, paras, settings)
    dropped = sum(1 for r, _ in changes.rejects if r["reason"] != NO_ARTICLE)
    if dropped != len(drops):  # the signatures came from these shards: a mismatch is a bug, say it
        raise RuntimeError(f"unit {key}: {len(drops)} duplicates listed, {dropped} found in its article shard")
    rejects_name = rejects or f"rejects-{key}.jsonl.gz"
    writer = JsonlGzWriter(os.path.join(stage, rejects_name), level=settings.gzip_level, fsync=True)
    try:
        if rejects:
            for raw, _ in _records(os.path.join(out_dir, rejects)):
                writer.write_line(raw)
        for reject, _ in sorted(changes.rejects, key=lambda r: r[0]["offset"]):
            writer.write(reject)
    except BaseException:
        writer.abort()
        raise
    if rejects or changes.rejects:
        writer.close()
    else:
        writer.abort()
    shards = [n for n in ((articles if kept else None), (rejects_name if rejects or changes.rejects else None)) if n]
    n = len(changes.rejects)
    new = dict(marker, written=marker["written"] - n, rejected=marker["rejected"] + n, shards=shards)
    new["stats"] = dict(marker["stats"])
    _adjust_stats(new["stats"], changes)
    commit = {"unit": key, "shards": shards, "remove": [s for s in marker["shards"] if s not in shards], "marker": new}
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

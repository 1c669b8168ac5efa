"""Runs whose --out is an object-store URL (`s3://bucket/prefix`): a work folder, then publication.

The run itself writes to a work folder on a filesystem (local, or shared by the nodes of a Ray cluster):
temp files and renames, DuckDB's files and `--resume` need one. When the run stops (finished,
interrupted or failed), `publish` uploads the folder to the URL in an order that keeps the store's
copy honest at every moment:

1. `ledger.json` is deleted first when anything changed: its presence says the output is whole;
2. data (shards, `sites/`, `_dedup/`'s working files) before the markers (`_state/`, `_dedup/`'s done
   and commit markers): a unit's done-marker after its shards;
3. `stats.json`, `report.html`, then `ledger.json` last.

Each object appears whole or not at all (a PUT is atomic), which is the rename's role on a filesystem.
Files already published unchanged (size and mtime recorded in the work folder) are not sent again, so
publishing after `--resume` sends only what is new. `restore` brings a run's folder back from the
store when the work folder is gone (another machine resumes it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass

import orjson

from ghirbal.io import remote
from ghirbal.io.shards import TMP_SUFFIX
from ghirbal.dedup.files import DEDUP_DIR
from ghirbal.run.state import STATE_DIR, atomic_write

RECORD = ".published.json"  # in the work folder, never uploaded: what the store holds already
LAST = ("stats.json", "report.html", "ledger.json")  # in this order; ledger.json says the output is whole
MANIFEST = f"{STATE_DIR}/manifest.json"
# Files that vouch for others (done-markers): published after every data file, in a batch of their own.
MARKERS = (f"{STATE_DIR}/", f"{DEDUP_DIR}/cluster.done", f"{DEDUP_DIR}/filter.done", f"{DEDUP_DIR}/commits/")


class PublishError(OSError):
    """The URL cannot take this run's output (it holds another run's, or resuming it needs what is gone)."""


@dataclass
class Published:
    uploaded: int = 0
    unchanged: int = 0
    removed: int = 0
    bytes: int = 0


def work_dir_for(url: str, work: str | None = None) -> str:
    """The run's work folder: `work` as given, else one per URL under the system's temp folder (the same
    folder for the same URL, so `--resume` on this machine finds it)."""
    if work:
        return os.path.abspath(work)
    digest = hashlib.sha1(url.rstrip("/").encode("utf-8")).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), "ghirbal-work", digest)


def prepare(url: str, work: str, resume: bool) -> bool:
    """Check that `url` can receive this run; with --resume and no work folder, restore it from the store.
    Returns whether a restore happened."""
    fs, root = remote.filesystem(url)
    root = root.rstrip("/")
    fs.invalidate_cache()  # fsspec keeps listings per instance: this process may have listed the URL before
    has_run = fs.exists(f"{root}/{MANIFEST}")
    local_run = os.path.exists(os.path.join(work, MANIFEST))
    if has_run and not resume:
        raise PublishError(f"{url} already holds a run: add --resume to continue it, or choose another --out")
    if not has_run and not resume and local_run:
        raise PublishError(f"the work folder {work} holds an unpublished run for {url}: add --resume to continue it, "
                           "or remove the folder")
    # Shards without a manifest: another run's, unless this work folder's own run published them (a first
    # publication that failed before its `_state/`: the resume finishes it).
    if not has_run and not (resume and local_run) and fs.exists(root) and any(
            os.path.basename(p.rstrip("/")).startswith(("articles-", "rejects-")) for p in fs.ls(root, detail=False)):
        raise PublishError(f"{url} holds shards of another run; choose an empty --out")
    if has_run and resume and not local_run:
        restore(url, work)
        return True
    return False


def restore(url: str, work: str) -> int:
    """Download the run at `url` into `work` (its files as they were published); the count of files.
    Fetched into a sibling folder and renamed into place whole: a restore cut short leaves no work
    folder that looks like a run (a manifest without its shards)."""
    if os.path.isdir(work) and os.listdir(work):
        raise PublishError(f"the work folder {work} is not empty and holds no run: remove it, or give another --work")
    part = work.rstrip(os.sep) + ".restoring"
    shutil.rmtree(part, ignore_errors=True)
    n = fetch(url, part, skip=())
    _save_record(part, _scan(part))  # what was fetched is what the store holds
    if os.path.isdir(work):
        os.rmdir(work)  # empty (checked above)
    os.replace(part, work)
    return n


def publish(work: str, url: str) -> Published:
    """Upload the work folder's changes to `url`, in the order the module's docstring gives."""
    fs, root = remote.filesystem(url)
    root = root.rstrip("/")
    record = _load_record(work)
    now = _scan(work)
    done = Published()
    changed = [rel for rel, sig in now.items() if record.get(rel) != sig]
    gone = [rel for rel in record if rel not in now]
    if not changed and not gone:
        done.unchanged = len(now)
        return done
    try:
        if "ledger.json" in record:  # the old ledger must not vouch for a half-published new output
            _remove(fs, f"{root}/ledger.json")
            record.pop("ledger.json")
            changed = [rel for rel, sig in now.items() if record.get(rel) != sig]
        done.unchanged = len(now) - len(changed)
        for rel in gone:
            _remove(fs, f"{root}/{rel}")
            record.pop(rel, None)
            done.removed += 1
        state = [r for r in changed if r.startswith(MARKERS)]
        data = [r for r in changed if r not in state and r not in LAST]
        last = [r for r in LAST if r in changed]
        for batch in (sorted(data), sorted(state), *([r] for r in last)):
            if not batch:
                continue
            fs.put([os.path.join(work, *r.split("/")) for r in batch], [f"{root}/{r}" for r in batch])
            for r in batch:
                record[r] = now[r]
                done.uploaded += 1
                done.bytes += now[r][0]
    finally:
        _save_record(work, record)
    return done


def fetch(url: str, dest: str, skip: tuple[str, ...] = ("_dedup/",)) -> int:
    """Download a published run (without `skip`'s folders) to `dest`; the count of files."""
    fs, root = remote.filesystem(url)
    root = root.rstrip("/")
    fs.invalidate_cache()
    n = 0
    for path in sorted(fs.find(root)):
        rel = path[len(root) + 1:]
        if not rel or rel.endswith(("/", TMP_SUFFIX)) or (skip and rel.startswith(skip)):
            continue
        local = os.path.join(dest, *rel.split("/"))
        os.makedirs(os.path.dirname(local), exist_ok=True)
        fs.get_file(path, local)
        n += 1
    return n


def _scan(work: str) -> dict[str, list[int]]:
    """Every file of the work folder but temp files and the record: relative path → [size, mtime_ns]."""
    out: dict[str, list[int]] = {}
    for base, dirs, files in os.walk(work):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(TMP_SUFFIX) or name == RECORD:
                continue
            path = os.path.join(base, name)
            st = os.stat(path)
            out[os.path.relpath(path, work).replace(os.sep, "/")] = [st.st_size, st.st_mtime_ns]
    return out


def _remove(fs, path: str) -> None:
    try:
        fs.rm(path)
    except FileNotFoundError:
        pass


def _load_record(work: str) -> dict[str, list[int]]:
    try:
        with open(os.path.join(work, RECORD), "rb") as fh:
            return orjson.loads(fh.read())
    except (OSError, ValueError):
        return {}


def _save_record(work: str, record: dict[str, list[int]]) -> None:
    os.makedirs(work, exist_ok=True)
    atomic_write(os.path.join(work, RECORD), orjson.dumps(record, option=orjson.OPT_SORT_KEYS))

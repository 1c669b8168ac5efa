"""The learning pass of a corpus run: per-site template counts over all inputs, before cleaning.

It reads the inputs with the same readers and record parsing as the cleaning pass (so both see the
same pages) and writes the model atomically: a resumed run that finds a finished model reuses it.
Records that cannot become a page are skipped here; the cleaning pass counts them in the ledger.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import xxhash

from ghirbal.io import remote
from ghirbal.io.discover import read_records
from ghirbal.run.progress import LearnProgress
from ghirbal.run.settings import RunSettings
from ghirbal.run.stages import Outcome, html_handler, to_page
from ghirbal.run.units import WorkUnit, cut_units
from ghirbal.sites.model import MODEL_FILES



@dataclass
class LearnSeen:
    """What the learning pass read: pages, pages per site, pages without a URL (no site), records that
    made no page (by reason) and read errors (file, offset, message), to report as `run` does."""

    pages: int = 0
    no_url: int = 0
    sites: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    errors: list[tuple[str, int, str]] = field(default_factory=list)

    def why_no_site(self, min_pages: int) -> str:
        """Why no site was learned, in words."""
        if not self.pages:
            return "no record made a page" + (f" ({_counts(self.skipped)})" if self.skipped else "")
        if self.no_url == self.pages:
            return (f"none of the {self.pages:,} pages has a URL, and a page's site comes from its URL "
                    "(a url field, --url-field, or WARC-Target-URI)")
        site, most = self.sites.most_common(1)[0]
        if most >= min_pages:
            return f"no line repeats on enough pages of any site (the largest, {site}, has {most:,} pages)"
        return f"no site has {min_pages} pages (sites.min_site_pages); the most is {most:,} ({site})"

    def merge(self, other: LearnSeen) -> None:
        self.pages += other.pages
        self.no_url += other.no_url
        self.sites.update(other.sites)
        self.skipped.update(other.skipped)
        self.errors.extend(other.errors)

    def report(self, prefix: str) -> list[str]:
        """Lines about records skipped and read errors (empty when there were none)."""
        out = []
        if self.skipped:
            out.append(f"{prefix}: {sum(self.skipped.values()):,} record(s) made no page: {_counts(self.skipped)}")
        for path, offset, message in self.errors[:5]:
            out.append(f"  error: {path} @ {offset}: {message}")
        if len(self.errors) > 5:
            out.append(f"  … {len(self.errors) - 5} more errors")
        return out


def _counts(c: Counter) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in c.most_common())


def iter_pages(files: list[str], settings: RunSettings, site_field: str | None = None, seen: LearnSeen | None = None,
               on_bytes: Callable[[int], None] | None = None) -> Iterator[tuple[str, str | None, str | None]]:
    """(text, url, site) of every record of `files` that makes a page, as the cleaning pass will see
    its lines: HTML (WARC responses, HTML files, or a field holding markup) is read into its blocks first.
    The site comes from `site_field` when the record has it, else None (the URL's registered domain is
    used). `seen` collects what was read (and skipped, and why); `on_bytes(n)` gets the bytes of input done."""
    seen = seen if seen is not None else LearnSeen()
    want_html = html_handler() is not None
    done = 0
    for path in files:
        pos = _Pos()
        for rec in read_records(path, max_bytes=settings.max_record_bytes, progress=pos, want_html=want_html):
            if on_bytes is not None:
                on_bytes(done + pos.raw_pos)
            page = page_of(rec, path, settings, seen, site_field)
            if page is not None:
                yield page
        done += remote.size(path)
        if on_bytes is not None:
            on_bytes(done)


def page_of(rec, path: str, settings: RunSettings, seen: LearnSeen,
            site_field: str | None = None) -> tuple[str, str | None, str | None] | None:
    """(text, url, site) of one record as the cleaning pass will see its lines, or None (counted in
    `seen`) when it makes no page."""
    from ghirbal import html
    from ghirbal.sites.domain import NO_URL, site_of

    try:
        page = to_page(rec, path, settings)
    except Outcome as out:
        seen.skipped[out.reason] += 1
        if out.status == "errored":
            seen.errors.append((path, rec.offset, f"{out.reason}: {out.detail}"))
        return None
    text = page.text
    if page.html or html.looks_like_html(text):
        text = html.page_text(text)  # the HTML path's lines (its blocks), as the cleaning pass reads them
    site = page.meta.get(site_field) if site_field else None
    site = str(site) if site else None
    seen.pages += 1
    named = site or site_of(page.url)
    if named == NO_URL:
        seen.no_url += 1
    else:
        seen.sites[named] += 1
    return text, page.url, site


class _Pos:
    raw_pos = 0



def model_ready(model_dir: str) -> bool:
    return all(os.path.exists(os.path.join(model_dir, f)) for f in MODEL_FILES)


def learn_sites(files: list[str], settings: RunSettings, model_dir: str, config: dict[str, Any], quiet: bool = False,
                executor=None, unit_records: int = 500, unit_bytes: int = 8_000_000) -> int:
    """Learn the model into `model_dir` unless it is already there; returns the pages read (0 if reused).

    Partitioned by site, through the run's executor (local processes or a Ray cluster alike): a map over
    the run's work units writes each page's template keys into the partition of its site
    (`learn_unit`), a reduce counts each partition on its own (`count_partition`), and the partitions'
    models are concatenated: every site's counts are complete in one partition, so the model is the one
    a single learner would write. Work files live beside the model (not in /tmp, and on the shared
    filesystem of a cluster); a run that died while learning leaves nothing there the next attempt keeps."""
    from ghirbal.run.local import LocalExecutor
    from ghirbal.sites.learn import concat_models

    if model_ready(model_dir):
        return 0
    if unit_records >= 1 << 20:
        raise ValueError(f"run.units.records is {unit_records:,}: the learning pass numbers pages within a unit in 20 bits")
    executor = executor or LocalExecutor(1)
    tmp, work = model_dir + ".tmp", model_dir + ".work"
    for leftover in (tmp, work):
        shutil.rmtree(leftover, ignore_errors=True)
    os.makedirs(work)
    partitions = max(1, executor.workers)
    seen = LearnSeen()
    t0 = time.monotonic()
    total = sum(remote.size(p) for p in files)
    bar = LearnProgress(total, enabled=not quiet)
    done = [0]

    def on_mapped(result: tuple[LearnSeen, int]) -> None:
        part, span = result
        seen.merge(part)
        done[0] += span
        bar.update(min(done[0], total))
        bar.pages(seen.pages)

    try:
        with bar:
            executor.run(learn_unit, _learn_tasks(files, settings, partitions, work, unit_records, unit_bytes),
                         settings, on_mapped)
            executor.run(count_partition, [PartitionTask(p, work) for p in range(partitions)], settings, lambda _: None)
        concat_models([_part_dir(work, p) for p in range(partitions)], tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(model_dir, ignore_errors=True)
    os.replace(tmp, model_dir)
    if not quiet:
        from ghirbal.sites import SiteModels

        n = len(SiteModels.open(model_dir, config))
        why = f": {seen.why_no_site(config['sites']['min_site_pages'])}" if not n else ""
        print(f"ghirbal run: learned templates of {n:,} sites from {seen.pages:,} pages "
              f"in {time.monotonic() - t0:.1f}s ({model_dir}){why}", file=sys.stderr)
    return seen.pages


@dataclass(slots=True)
class LearnTask:
    """A work unit of the learning pass: its records, the number of site partitions, the work folder."""

    unit: WorkUnit
    partitions: int
    work: str


@dataclass(slots=True)
class PartitionTask:
    """One site partition to count."""

    partition: int
    work: str


def _learn_tasks(files: list[str], settings: RunSettings, partitions: int, work: str,
                 unit_records: int, unit_bytes: int) -> Iterator[LearnTask]:
    """The cleaning pass's work units (same reader, same cut), for the map."""
    want_html = html_handler() is not None
    for i, path in enumerate(files):
        pos = _Pos()
        records = read_records(path, max_bytes=settings.max_record_bytes, progress=pos, want_html=want_html)
        for unit in cut_units(i, path, records, max_records=unit_records, max_bytes=unit_bytes, raw_pos=lambda: pos.raw_pos):
            yield LearnTask(unit, partitions, work)


def partition_of(site: str, partitions: int) -> int:
    return xxhash.xxh64_intdigest(site.encode("utf-8")) % partitions


def _part_dir(work: str, partition: int) -> str:
    return os.path.join(work, "parts", f"p{partition:04d}")


def learn_unit(task: LearnTask, settings: RunSettings) -> tuple[LearnSeen, int]:
    """Map: the unit's pages as (site, page, key, sample text) rows, one Parquet file per site partition
    (`work/map/UNIT-pNNNN.parquet`, written whole or not at all: a retried unit rewrites the same files).
    Returns what was read, and the unit's span of input bytes (progress)."""
    import pyarrow as pa

    from ghirbal.config import default
    from ghirbal.dedup.sink import write_table
    from ghirbal.sites.domain import NO_URL, site_of
    from ghirbal.sites.learn import SCHEMA, page_keys_of

    cfg = settings.clean_config or default()
    unit = task.unit
    seen = LearnSeen()
    # Page ids unique across all units: file (23 bits), unit (20), record in the unit (20 bits: units
    # close at run.units.records, 500 by default, far below 2**20).
    first_page = (unit.file_index << 40) | (unit.index << 20)
    columns: dict[int, dict[str, list]] = {}
    samples: set[tuple[str, int]] = set()
    for n, rec in enumerate(unit.records):
        page = page_of(rec, unit.source, settings, seen)
        if page is None:
            continue
        text, url, site = page
        site = site or site_of(url)
        keys = page_keys_of(text, cfg) if site != NO_URL else None
        if not keys:
            continue
        cols = columns.setdefault(partition_of(site, task.partitions), {"site": [], "page": [], "key": [], "text": []})
        for h, sample in keys.items():
            cols["site"].append(site)
            cols["page"].append(first_page + n)
            cols["key"].append(h)
            cols["text"].append(sample if (site, h) not in samples else None)
            samples.add((site, h))
    for p, cols in columns.items():
        write_table(pa.table(cols, schema=SCHEMA), os.path.join(task.work, "map", f"{unit.key}-p{p:04d}.parquet"))
    return seen, unit.raw_end - unit.raw_start


def count_partition(task: PartitionTask, settings: RunSettings) -> int:
    """Reduce: one partition's rows counted into a model of its sites (`work/parts/pNNNN/`)."""
    import glob

    from ghirbal.config import default
    from ghirbal.sites import SiteLearner

    paths = sorted(glob.glob(os.path.join(task.work, "map", f"*-p{task.partition:04d}.parquet")))
    learner = SiteLearner(settings.clean_config or default(), work_dir=task.work)
    try:
        learner.add_parquet(paths)
        learner.finish(_part_dir(task.work, task.partition), load=False)
    except BaseException:
        learner.close()
        raise
    return len(paths)

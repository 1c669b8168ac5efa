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

from ghirbal.io.discover import read_records
from ghirbal.run.progress import LearnProgress
from ghirbal.run.settings import RunSettings
from ghirbal.run.stages import Outcome, html_handler, to_page

MODEL_FILES = ("sites.parquet", "templates.parquet")


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
    from ghirbal import html
    from ghirbal.sites.domain import NO_URL, site_of

    seen = seen if seen is not None else LearnSeen()
    want_html = html_handler() is not None
    done = 0
    for path in files:
        pos = _Pos()
        for rec in read_records(path, max_bytes=settings.max_record_bytes, progress=pos, want_html=want_html):
            if on_bytes is not None:
                on_bytes(done + pos.raw_pos)
            try:
                page = to_page(rec, path, settings)
            except Outcome as out:
                seen.skipped[out.reason] += 1
                if out.status == "errored":
                    seen.errors.append((path, rec.offset, f"{out.reason}: {out.detail}"))
                continue
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
            yield text, page.url, site
        done += _size(path)
        if on_bytes is not None:
            on_bytes(done)


class _Pos:
    raw_pos = 0


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def model_ready(model_dir: str) -> bool:
    return all(os.path.exists(os.path.join(model_dir, f)) for f in MODEL_FILES)


def learn_sites(files: list[str], settings: RunSettings, model_dir: str, config: dict[str, Any], quiet: bool = False) -> int:
    """Learn the model into `model_dir` unless it is already there; returns the pages read (0 if reused).
    DuckDB's work files live beside the model (not in /tmp), and a run that died while learning leaves
    nothing there that the next attempt keeps."""
    from ghirbal.sites import SiteLearner

    if model_ready(model_dir):
        return 0
    tmp, work = model_dir + ".tmp", model_dir + ".work"
    for leftover in (tmp, work):
        shutil.rmtree(leftover, ignore_errors=True)
    os.makedirs(work)
    learner = SiteLearner(config, work_dir=work)
    seen = LearnSeen()
    t0 = time.monotonic()
    bar = LearnProgress(sum(_size(p) for p in files), enabled=not quiet)
    try:
        with bar:
            for text, url, _site in iter_pages(files, settings, seen=seen, on_bytes=bar.update):
                learner.add(text, url=url)
                bar.pages(seen.pages)
        models = learner.finish(tmp)
    except BaseException:
        learner.close()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(model_dir, ignore_errors=True)
    os.replace(tmp, model_dir)
    if not quiet:
        why = f": {seen.why_no_site(config['sites']['min_site_pages'])}" if not len(models) else ""
        print(f"ghirbal run: learned templates of {len(models):,} sites from {seen.pages:,} pages "
              f"in {time.monotonic() - t0:.1f}s ({model_dir}){why}", file=sys.stderr)
    return learner.pages

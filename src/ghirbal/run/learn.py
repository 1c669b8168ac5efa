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
from collections.abc import Iterator
from typing import Any

from ghirbal.io.discover import read_records
from ghirbal.run.settings import RunSettings
from ghirbal.run.stages import Outcome, html_handler, to_page

MODEL_FILES = ("sites.parquet", "templates.parquet")


def iter_pages(files: list[str], settings: RunSettings, site_field: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
    """(text, url, site) of every record of `files` that makes a page, as the cleaning pass will see
    its lines: HTML (WARC responses, HTML files, or a field holding markup) is read into its blocks first. The site comes
    from `site_field` when the record has it, else None (the URL's registered domain is used)."""
    from ghirbal import html

    want_html = html_handler() is not None
    for path in files:
        for rec in read_records(path, max_bytes=settings.max_record_bytes, want_html=want_html):
            try:
                page = to_page(rec, path, settings)
            except Outcome:
                continue
            text = page.text
            if (page.html or html.looks_like_html(text)) and hasattr(html, "page_text"):
                text = html.page_text(text)  # the HTML path's lines (its blocks), as the cleaning pass reads them
            site = page.meta.get(site_field) if site_field else None
            yield text, page.url, (str(site) if site else None)


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
    t0 = time.monotonic()
    try:
        reported = 0
        for text, url, _site in iter_pages(files, settings):
            learner.add(text, url=url)
            if not quiet and learner.pages >= reported + 10000:
                reported = learner.pages
                print(f"ghirbal run: learning site templates: {learner.pages:,} pages", file=sys.stderr)
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
        print(f"ghirbal run: learned templates of {len(models):,} sites from {learner.pages:,} pages "
              f"in {time.monotonic() - t0:.1f}s ({model_dir})", file=sys.stderr)
    return learner.pages

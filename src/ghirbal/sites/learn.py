"""The learning pass: per site, on how many pages each template key appears.

Counting happens in DuckDB, not in a Python dict of everything: each batch of pages becomes an Arrow
table of (site, page, key) rows appended to an on-disk database, and one GROUP BY at the end gives
the page counts. Memory stays bounded by the batch size and DuckDB's memory limit (it spills to its
temp directory), whatever the corpus size. For a cluster, partition pages by site (hash of the site
name): every site's counts are then complete within one partition and the partitions' models are
simply concatenated.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from ghirbal import config as _config
from ghirbal.sites.domain import NO_URL, site_of
from ghirbal.sites.keys import page_keys
from ghirbal.sites.model import SiteModels

SCHEMA = pa.schema([("site", pa.string()), ("page", pa.int64()), ("key", pa.int64()), ("text", pa.string())])


def page_keys_of(text: str | bytes, cfg: dict[str, Any]) -> dict[int, str] | None:
    """A page's distinct template keys (hash -> sample line), or None when the page has no lines."""
    from ghirbal.extract import (
        page_features,  # late import: extract imports this package's model
    )

    prepared = page_features(text, cfg)
    if prepared is None:
        return None
    feats, _lang, _lex = prepared
    return page_keys(feats, cfg["lines"]["date_stamp_share"])


def _sql_str(value: object) -> str:
    """A SQL string literal: DuckDB's SET and COPY take no parameters, and paths may hold quotes."""
    return "'" + str(value).replace("'", "''") + "'"


class SiteLearner:
    """Feed pages with `add(text, url=..., site=...)`, then `finish(out_dir)` writes the model."""

    def __init__(self, config: dict[str, Any] | None = None, work_dir: str | None = None):
        import duckdb

        self.cfg = (config or _config.default())
        self.scfg = self.cfg["sites"]
        self._tmp = tempfile.TemporaryDirectory(prefix="ghirbal-sites-", dir=work_dir)
        self.db = duckdb.connect(os.path.join(self._tmp.name, "learn.duckdb"))
        self.db.execute(f"SET memory_limit={_sql_str(self.scfg['memory_limit'])}")
        self.db.execute(f"SET temp_directory={_sql_str(os.path.join(self._tmp.name, 'spill'))}")
        self.db.execute("SET preserve_insertion_order=false")  # lets DuckDB stream and spill more
        self.db.execute("CREATE TABLE rows (site VARCHAR, page BIGINT, key BIGINT, text VARCHAR)")
        self._batch: dict[str, list] = {"site": [], "page": [], "key": [], "text": []}
        self._seen_text: set[tuple[str, int]] = set()  # sample text kept once per (site, key) per batch
        self._pages_in_batch = 0
        self.pages = 0

    def add(self, text: str | bytes, url: str | None = None, site: str | None = None) -> None:
        site = site or site_of(url)
        if site == NO_URL:  # no site to learn for: such pages get the single-page rules
            return
        keys = page_keys_of(text, self.cfg)
        if keys is not None:
            self.add_keys(site, keys)

    def add_keys(self, site: str, keys: dict[int, str]) -> None:
        """One page's distinct template keys (hash -> sample text); the benchmark feeds synthetic ones."""
        page = self.pages
        self.pages += 1
        b = self._batch
        for h, sample in keys.items():
            b["site"].append(site)
            b["page"].append(page)
            b["key"].append(h)
            first = (site, h) not in self._seen_text
            if first:
                self._seen_text.add((site, h))
            b["text"].append(sample if first else None)
        self._pages_in_batch += 1
        if self._pages_in_batch >= self.scfg["batch_pages"]:
            self._flush()

    def add_many(self, pages: Iterable[tuple[str, str | None, str | None]]) -> None:
        for text, url, site in pages:
            self.add(text, url=url, site=site)

    def add_parquet(self, paths: list[str]) -> None:
        """Rows counted elsewhere (one partition of a cluster's learning pass, `SCHEMA`), page ids
        already unique across the files."""
        self._flush()
        if paths:
            listed = ", ".join(_sql_str(p) for p in paths)
            self.db.execute(f"INSERT INTO rows SELECT site, page, key, text FROM read_parquet([{listed}])")

    def _flush(self) -> None:
        if self._batch["site"]:
            self.db.register("batch_rows", pa.table(self._batch, schema=SCHEMA))
            self.db.execute("INSERT INTO rows SELECT * FROM batch_rows")
            self.db.unregister("batch_rows")
        self._batch = {"site": [], "page": [], "key": [], "text": []}
        self._seen_text.clear()
        self._pages_in_batch = 0

    def finish(self, out_dir: str | Path, load: bool = True) -> SiteModels | None:
        """Count, keep the keys that can matter (on ≥ template_min_pages pages), write Parquet files;
        the model, read back, unless `load` is false."""
        self._flush()
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        min_pages = int(self.scfg["template_min_pages"])
        self.db.execute(f"""
            COPY (SELECT site, count(DISTINCT page) AS pages FROM rows GROUP BY site ORDER BY site)
            TO {_sql_str(out / 'sites.parquet')} (FORMAT PARQUET)""")
        self.db.execute(f"""
            COPY (
              SELECT site, key, count(DISTINCT page) AS pages, any_value(text) AS text
              FROM rows GROUP BY site, key HAVING count(DISTINCT page) >= {min_pages}
              ORDER BY site, pages DESC, key
            ) TO {_sql_str(out / 'templates.parquet')} (FORMAT PARQUET)""")
        self.close()
        return SiteModels.load(out, self.cfg) if load else None

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._tmp.cleanup()


def learn_from_docs(docs: Iterable[dict[str, Any]], config: dict[str, Any] | None = None, out_dir: str | None = None) -> SiteModels:
    """Learn over gold-set style records (`text`, `url`, optional `site`); used by `ghirbal eval --sites learn`."""
    learner = SiteLearner(config)
    for d in docs:
        learner.add(d["text"], url=d.get("url"), site=d.get("site") or None)
    if out_dir is not None:
        return learner.finish(out_dir)
    with tempfile.TemporaryDirectory(prefix="ghirbal-sites-model-") as tmp:
        return learner.finish(tmp)  # SiteModels.load reads it all into memory before the folder goes


def concat_models(parts: list[str], out_dir: str | Path) -> None:
    """One model from the models of site partitions (every site's counts complete in one partition):
    the rows put together, in the order one learner writes them (site, then pages, then key)."""
    import duckdb

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = duckdb.connect()
    try:
        for name, order in (("sites.parquet", "site"), ("templates.parquet", "site, pages DESC, key")):
            listed = ", ".join(_sql_str(os.path.join(p, name)) for p in parts)
            db.execute(f"COPY (SELECT * FROM read_parquet([{listed}]) ORDER BY {order}) "
                       f"TO {_sql_str(out / name)} (FORMAT PARQUET)")
    finally:
        db.close()

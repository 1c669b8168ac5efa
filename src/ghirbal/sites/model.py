"""A learned site model, loaded from its Parquet files, and how it marks a page's lines."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ghirbal import config as _config
from ghirbal.features import LineFeatures
from ghirbal.sites.keys import key_hash, template_key


@dataclass(slots=True)
class SiteModel:
    site: str
    pages: int
    counts: dict[int, int] = field(default_factory=dict)  # key hash -> pages showing the key
    texts: dict[int, str] = field(default_factory=dict)  # key hash -> a sample line
    template_share: float = 0.3
    floor_pages: int = 3
    date_share: float = 0.7

    def threshold(self) -> int:
        """Pages a line must appear on to be this site's chrome."""
        return max(self.floor_pages, math.ceil(self.template_share * self.pages))

    def mark(self, feats: list[LineFeatures]) -> int:
        """Set `template` (page count) on lines this site shows on at least the learned share of pages."""
        need, marked = self.threshold(), 0
        for f in feats:
            if f.key:
                c = self.counts.get(key_hash(template_key(f, self.date_share)), 0)
                # 1 = only this page (or unseen): what varies between a site's pages is the story.
                f.site_pages = max(c, 1)
                if c >= need:
                    f.template = c
                    marked += 1
        return marked

    def templates(self) -> list[tuple[int, str]]:
        """(pages, sample text) of the lines counted as this site's chrome, most frequent first."""
        need = self.threshold()
        rows = [(c, self.texts.get(h, "")) for h, c in self.counts.items() if c >= need]
        return sorted(rows, key=lambda r: (-r[0], r[1]))


class SiteModels:
    """All sites of a learned model directory (`sites.parquet`, `templates.parquet`).

    `load` reads every site into memory (evaluation, small corpora); `open` reads only the site list
    and fetches one site's templates when a page of that site comes (corpus runs: worker memory stays
    bounded by the cache, whatever the model's size)."""

    def __init__(self, models: dict[str, SiteModel], lazy: _LazySites | None = None):
        self.models = models
        self._lazy = lazy

    def __len__(self) -> int:
        return len(self._lazy.pages) if self._lazy else len(self.models)

    def sites(self) -> dict[str, int]:
        """Site -> pages, for the sites that have a model."""
        return dict(self._lazy.pages) if self._lazy else {k: m.pages for k, m in self.models.items()}

    def get(self, site: str | None) -> SiteModel | None:
        if self._lazy is not None:
            return self._lazy.get(site or "")
        return self.models.get(site or "")

    @classmethod
    def load(cls, path: str | Path, config: dict[str, Any] | None = None) -> SiteModels:
        cfg = config or _config.default()
        folder = Path(path)
        pages = _read_sites(folder, cfg)
        try:
            templates = _read_parquet(folder / "templates.parquet")
        except (OSError, ValueError) as exc:
            raise ValueError(f"not a ghirbal site model: {folder} ({exc})") from None
        models = {site: _new_model(site, n, cfg) for site, n in pages.items()}
        cols = templates.to_pydict()
        for site, key, n, text in zip(cols["site"], cols["key"], cols["pages"], cols["text"]):
            m = models.get(site)
            if m is not None:
                m.counts[int(key)] = int(n)
                if text:
                    m.texts[int(key)] = text
        return cls(models)

    @classmethod
    def open(cls, path: str | Path, config: dict[str, Any] | None = None, cache_sites: int = 256) -> SiteModels:
        cfg = config or _config.default()
        folder = Path(path)
        return cls({}, _LazySites(folder, _read_sites(folder, cfg), cfg, cache_sites))


MODEL_FILES = ("sites.parquet", "templates.parquet")


def model_identity(path: str | Path) -> tuple:
    """(path, size and mtime of each model file): changes whenever the model is learned again."""
    folder = Path(path)
    out: list = [str(folder.resolve())]
    for name in MODEL_FILES:
        try:
            st = (folder / name).stat()
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [None, None]
    return tuple(out)


# Read with ParquetFile, not pq.read_table: read_table goes through pyarrow.dataset, whose import
# (pandas with it) costs a second of CPU in every worker process that opens a model.


def _read_parquet(path: Path) -> pa.Table:
    return pq.ParquetFile(path).read()


def _site_rows(path: Path, site: str, columns: list[str]) -> pa.Table:
    """`columns` of the rows of one site. The file is sorted by site (sites/learn.py writes it so):
    the row groups' min/max statistics of the site column skip the groups that cannot hold it, and a
    binary search finds its run in the others (no pyarrow.compute: its scalars import pandas)."""
    with pq.ParquetFile(path) as pf:
        meta = pf.metadata
        at = pf.schema_arrow.get_field_index("site")
        groups = []
        for g in range(meta.num_row_groups):
            stats = meta.row_group(g).column(at).statistics
            if stats is None or not stats.has_min_max or stats.min <= site <= stats.max:
                groups.append(g)
        table = pf.read_row_groups(groups, columns=["site", *columns])
    sites = table.column("site")
    lo = bisect_left(range(len(sites)), site, key=lambda i: sites[i].as_py())
    hi = bisect_right(range(lo, len(sites)), site, key=lambda i: sites[i].as_py()) + lo
    return table.slice(lo, hi - lo).select(columns)


def _new_model(site: str, pages: int, cfg: dict[str, Any]) -> SiteModel:
    return SiteModel(site, pages, template_share=cfg["sites"]["template_share"],
                     floor_pages=cfg["sites"]["template_floor_pages"], date_share=cfg["lines"]["date_stamp_share"])


def _read_sites(folder: Path, cfg: dict[str, Any]) -> dict[str, int]:
    try:
        rows = _read_parquet(folder / "sites.parquet").to_pylist()
    except (OSError, ValueError) as exc:
        raise ValueError(f"not a ghirbal site model: {folder} ({exc})") from None
    return {r["site"]: int(r["pages"]) for r in rows if int(r["pages"]) >= cfg["sites"]["min_site_pages"]}


class _LazySites:
    """One site's templates at a time, read with a filtered Parquet scan (the file is sorted by site, so
    row-group statistics skip the rest), kept in a small LRU cache."""

    def __init__(self, folder: Path, pages: dict[str, int], cfg: dict[str, Any], cache_sites: int):
        self.folder, self.pages, self.cfg = folder, pages, cfg
        self.cache: OrderedDict[str, SiteModel] = OrderedDict()
        self.cache_sites = cache_sites

    def get(self, site: str) -> SiteModel | None:
        if site not in self.pages:
            return None
        m = self.cache.get(site)
        if m is not None:
            self.cache.move_to_end(site)
            return m
        m = _new_model(site, self.pages[site], self.cfg)
        table = _site_rows(self.folder / "templates.parquet", site, ["key", "pages"])
        for key, n in zip(table.column("key").to_pylist(), table.column("pages").to_pylist()):
            m.counts[int(key)] = int(n)
        self.cache[site] = m
        if len(self.cache) > self.cache_sites:
            self.cache.popitem(last=False)
        return m

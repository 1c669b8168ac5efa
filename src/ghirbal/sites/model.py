"""A learned site model, loaded from its Parquet files, and how it marks a page's lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    date_share: float = 0.7

    def threshold(self) -> int:
        # Never fewer than 3 pages: two pages sharing a line is a coincidence as often as a template.
        return max(3, int(self.template_share * self.pages + 0.999999))

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
    """All sites of a learned model directory (`sites.parquet`, `templates.parquet`)."""

    def __init__(self, models: dict[str, SiteModel]):
        self.models = models

    def __len__(self) -> int:
        return len(self.models)

    def get(self, site: str | None) -> SiteModel | None:
        return self.models.get(site or "")

    @classmethod
    def load(cls, path: str | Path, config: dict[str, Any] | None = None) -> SiteModels:
        scfg = (config or _config.default())["sites"]
        date_share = (config or _config.default())["lines"]["date_stamp_share"]
        folder = Path(path)
        try:
            sites = pq.read_table(folder / "sites.parquet").to_pylist()
            templates = pq.read_table(folder / "templates.parquet")
        except (OSError, ValueError) as exc:
            raise ValueError(f"not a ghirbal site model: {folder} ({exc})") from None
        models = {
            r["site"]: SiteModel(r["site"], int(r["pages"]), template_share=scfg["template_share"], date_share=date_share)
            for r in sites
            if int(r["pages"]) >= scfg["min_site_pages"]
        }
        cols = templates.to_pydict()
        for site, key, pages, text in zip(cols["site"], cols["key"], cols["pages"], cols["text"]):
            m = models.get(site)
            if m is not None:
                m.counts[int(key)] = int(pages)
                if text:
                    m.texts[int(key)] = text
        return cls(models)

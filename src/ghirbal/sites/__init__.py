"""Per-site boilerplate: learn which lines a site repeats across its pages, then drop them as chrome.

    site_of(url)            the site a page belongs to (registered domain, offline)
    SiteLearner             counts template keys per site with DuckDB (bounded memory, spills to disk)
    SiteModels.load(dir)    the learned model; .get(site) -> SiteModel | None
    SiteModel.mark(feats)   sets LineFeatures.template for the lines that are this site's chrome
"""

from ghirbal.sites.domain import site_of
from ghirbal.sites.learn import SiteLearner, learn_from_docs
from ghirbal.sites.model import SiteModel, SiteModels

__all__ = ["site_of", "SiteLearner", "SiteModel", "SiteModels", "learn_from_docs"]

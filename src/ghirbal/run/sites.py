"""Registered domain of a URL, from tldextract's bundled suffix list (never the network)."""

from __future__ import annotations

from functools import lru_cache

NO_URL = "(no url)"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped with the package, no fetch, no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def site_of(url: str | None) -> str:
    if not url:
        return NO_URL
    parts = _extractor()(url)
    return parts.top_domain_under_public_suffix or parts.ipv4 or parts.domain or NO_URL

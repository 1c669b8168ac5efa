"""The site of a page: its registered domain, from tldextract's bundled public-suffix snapshot."""

from __future__ import annotations

from functools import lru_cache

NO_URL = "(no url)"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped with the package; no fetch, no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def site_of(url: str | None) -> str:
    """'https://www.youm7.com/story/1' -> 'youm7.com'; 'https://news.bbc.co.uk/x' -> 'bbc.co.uk'."""
    if not url:
        return NO_URL
    parts = _extractor()(url)
    return parts.top_domain_under_public_suffix or parts.ipv4 or parts.domain or NO_URL

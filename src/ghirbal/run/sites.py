"""Registered domain of a URL, from tldextract's bundled suffix list (never the network)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

NO_URL = "(no url)"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped with the package, no fetch, no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str | None) -> str:
    if not url:
        return NO_URL
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a malformed URL (bad port, bad IPv6 literal) still belongs to the report
        host = None
    return _site_of_host(host or url)


@lru_cache(maxsize=8192)  # per host, not per URL: bounded memory on a corpus of unique URLs
def _site_of_host(host: str) -> str:
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or parts.ipv4 or parts.domain or NO_URL

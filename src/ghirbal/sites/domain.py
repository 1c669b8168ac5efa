"""The site of a page: its registered domain, from tldextract's bundled public-suffix snapshot."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

NO_URL = "(no url)"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped with the package; no fetch, no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str | None) -> str:
    """'https://www.youm7.com/story/1' -> 'youm7.com'; 'https://news.bbc.co.uk/x' -> 'bbc.co.uk'."""
    if not url:
        return NO_URL
    url = url.strip()
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname  # lower-cased: WWW.YOUM7.COM is youm7.com
    except ValueError:  # a malformed URL (bad port, bad IPv6 literal): no site to name
        return NO_URL
    return _site_of_host(host) if host else NO_URL


@lru_cache(maxsize=8192)  # per host, not per URL: bounded memory on a corpus of unique URLs
def _site_of_host(host: str) -> str:
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or parts.ipv4 or parts.domain or NO_URL

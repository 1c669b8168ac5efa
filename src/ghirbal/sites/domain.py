"""The site of a page: its registered domain (`site_of`) and its label (`site_label`), both from
tldextract's bundled public-suffix snapshot."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

NO_URL = "(no url)"


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped with the package; no fetch, no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4)  # the last few URLs: a page's is asked for by clean, the run's stats and its dedup signature
def _host(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    try:
        return urlsplit(url if "//" in url else "//" + url).hostname  # lower-cased
    except ValueError:  # a malformed URL (bad port, bad IPv6 literal): no host to name
        return None


def site_label(url: str | None) -> str:
    """The folded label a site repeats in its chrome: 'https://www.egypttoday.com/x' -> 'egypttoday',
    'https://news.bbc.co.uk/x' -> 'bbc', 'https://www.ahram.org.eg/' -> 'ahram'; '' without one."""
    host = _host(url)
    return _label_of_host(host) if host else ""


@lru_cache(maxsize=8192)
def _label_of_host(host: str) -> str:
    from ghirbal.normalize import match_key

    parts = _extractor()(host)
    if parts.ipv4:
        return ""
    if not parts.suffix:  # not a public suffix ("site.example", "intranet.local"): the label before the last
        labels = host.split(".")
        return match_key(labels[-2]) if len(labels) >= 2 else ""
    return match_key(parts.domain)


def site_of(url: str | None) -> str:
    """'https://www.youm7.com/story/1' -> 'youm7.com'; 'https://news.bbc.co.uk/x' -> 'bbc.co.uk'."""
    host = _host(url)  # lower-cased: WWW.YOUM7.COM is youm7.com
    return _site_of_host(host) if host else NO_URL


@lru_cache(maxsize=8192)  # per host, not per URL: bounded memory on a corpus of unique URLs
def _site_of_host(host: str) -> str:
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or parts.ipv4 or parts.domain or NO_URL

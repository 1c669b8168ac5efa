"""Template keys: a line's match key with its variable parts masked, hashed for counting."""

from __future__ import annotations

import xxhash

from ghirbal.features import LineFeatures

DATE_KEY = "<date>"


def template_key(f: LineFeatures, date_share: float) -> str:
    """Numbers are already masked in the match key; a line that is mostly a date/time (a clock, a
    stamp) has month and weekday names that vary too, so the whole line becomes one date key."""
    if f.date_share >= date_share:
        return DATE_KEY
    return f.key


def key_hash(key: str) -> int:
    # Signed 64-bit so the value fits Arrow int64 and DuckDB BIGINT everywhere.
    return xxhash.xxh3_64_intdigest(key.encode("utf-8")) - (1 << 63)


def page_keys(feats: list[LineFeatures], date_share: float) -> dict[int, str]:
    """Distinct template keys of one page (hash -> a sample text), blank lines left out."""
    out: dict[int, str] = {}
    for f in feats:
        if f.key:
            out.setdefault(key_hash(template_key(f, date_share)), f.text)
    return out

"""Validating single metadata values: a date, a piece of text, a person's name.

A value that does not parse cleanly gives None: a garbage metadata value never becomes a hint.
The functions other than `parse_iso_date` take `cfg`, the `[html]` section of the configuration.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import ghirbal.config
from ghirbal.dates import find_dates
from ghirbal.normalize import faithful, match_key

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.I,
)
_NOT_A_NAME = re.compile(r"https?:|www\.|@|/|\d|[<>{}\[\]|=_#]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_HANDLE = re.compile(r"^[^\W_][\w.\-]{1,38}$")


def parse_iso_date(value: Any, ref: datetime | None = None, *, config: dict[str, Any] | None = None) -> tuple[str, str] | None:
    """A metadata date as (iso, precision), or None unless it parses cleanly: ISO 8601 with a full
    date (the local date as written; no time-zone shifting), else a date written out with its
    month's name that is the whole value ("Feb 08, 2022", "Thu, 22 Dec 2022 10:00:00 GMT": CMSs
    fill `datePublished` and meta tags so; `written_date`); a real calendar day, not before 1994
    (`earliest_year`) and not after `ref` (the crawl time, else now) plus a day (`future_days`)."""
    return iso_date(value, ref, (config or ghirbal.config.default())["html"])


def iso_date(value: Any, ref: datetime | None, cfg: dict[str, Any]) -> tuple[str, str] | None:
    """`parse_iso_date` with the `[html]` settings at hand."""
    if not isinstance(value, str) or len(value) > cfg["date_max_chars"]:
        return None
    m = _ISO.match(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            day = date(y, mo, d)
        except ValueError:
            return None
        if m.group(4) is not None and not (int(m.group(4)) < 24 and int(m.group(5)) < 60):
            return None
        precision = "minute" if m.group(4) is not None else "day"
    else:
        written = written_date(value, cfg)
        if written is None:
            return None
        day, precision = date.fromisoformat(written[0]), written[1]
    now = ref or datetime.now(timezone.utc).replace(tzinfo=None)
    if day.year < cfg["earliest_year"] or day > (now + timedelta(days=cfg["future_days"])).date():
        return None
    return day.isoformat(), precision


# A full date as a URL's path writes it: /2023/02/02/, /2023-02-02-slug (year, month, day; the same
# separator twice).
_URL_DATE = re.compile(r"(?<![\w])((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])")


def url_date(url: str | None, ref: datetime | None, cfg: dict[str, Any]) -> str | None:
    """The day a page's URL path gives ("/2023/02/02/slug", "/news/2023-02-02-slug": CMSs file a story
    under its publication day), validated as a metadata date; None without one, or with two different."""
    if not url:
        return None
    path = urlsplit(url).path
    days = set()
    for m in _URL_DATE.finditer(path):
        found = iso_date(f"{m.group(1)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}", ref, cfg)
        if found:
            days.add(found[0])
    return days.pop() if len(days) == 1 else None


_MONTH_NAME = re.compile(r"[^\W\d_]{3}")


def written_date(value: str, cfg: dict[str, Any]) -> tuple[str, str] | None:
    """A metadata value that is one date written with its month's name ("Feb 08, 2022", "22 December
    2022", "Thu, 22 Dec 2022 10:00:00 GMT"), as (iso, precision); None for anything else: a numeric
    date that is not ISO (02/03/2022 is two different days), a month without its day, a relative
    phrase, or a value the date covers less than `written_date_min_share` of (a sentence)."""
    text = value.strip()
    if not text or not _MONTH_NAME.search(text):
        return None
    found = find_dates(text)
    if len(found) != 1:
        return None
    d = found[0]
    if (d.precision not in ("day", "minute") or d.relative or d.confidence < cfg["written_date_min_confidence"]
            or (d.end - d.start) < cfg["written_date_min_share"] * len(text)
            or not _MONTH_NAME.search(text[d.start:d.end])):
        return None
    return d.iso[:10], d.precision


@lru_cache(maxsize=64)
def hint_key(text: str) -> str:
    """`normalize.match_key`, remembered: a page's hint strings are keyed several times (a hint when
    `text_value` validates it, then by the title rule: the `<title>`, its sides, `og:title`, the site's
    name, the author's), and a key costs a fold of the string each time. (A few pages' worth: a page
    keys five to ten strings; the speed kit's 40 pages key 184, so its repeated passes find none of
    the last pass's keys left.)"""
    return match_key(text)


def text_value(value: Any, cfg: dict[str, Any], max_words: int | None = None) -> str | None:
    """A metadata string as output text: faithful, single line, non-empty, not absurdly long
    (`text_max_chars`, and `max_words` words, by default `text_max_words`)."""
    if not isinstance(value, str):
        return None
    t = faithful(" ".join(value.split()))
    if max_words is None:
        max_words = cfg["text_max_words"]
    if not t or len(t) > cfg["text_max_chars"] or len(t.split()) > max_words or not hint_key(t):
        return None
    return t


def person_name(value: Any, cfg: dict[str, Any]) -> str | None:
    """A person's name from metadata: 1-6 words (`person_max_words`), no URL, e-mail, digits or markup."""
    name = text_value(value, cfg, max_words=cfg["person_max_words"])
    if not name or _NOT_A_NAME.search(name):
        return None
    return name


def account_name(value: Any, cfg: dict[str, Any]) -> str | None:
    """A forum account's handle as its author's name: one token of 2-39 letters, digits, `_`, `.` or `-`
    that starts with a letter or digit and holds a letter; never a URL or an e-mail."""
    name = text_value(value, cfg, max_words=1)
    if not name or not _HANDLE.match(name) or not any(ch.isalpha() for ch in name):
        return None
    return name


def join_names(names: list[str]) -> str:
    """Several names as one author string, with the comma of their script."""
    latin = all(not _ARABIC.search(n) for n in names)
    return (", " if latin else "، ").join(names)

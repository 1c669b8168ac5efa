"""Filtering a metadata author: a person, a news agency, or nothing (a role, an account, the site)."""

from __future__ import annotations

import re
from functools import lru_cache

from ghirbal.html.values import join_names
from ghirbal.lexicon import read_toml
from ghirbal.html.values import hint_key
from ghirbal.normalize import match_key
from ghirbal.sites.domain import site_label

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")


@lru_cache(maxsize=1)
def _not_authors() -> frozenset[str]:
    """Role and placeholder words that are no author (lexicon/html.toml), as folded keys."""
    return frozenset(match_key(w) for w in read_toml("html.toml")["authors"]["not_authors"])


def author_hint(author: str, site_name: str | None, url: str | None, person: bool = False) -> tuple[str | None, str | None]:
    """(author, agency) from a metadata author: a person's name, or a news agency; (None, None) for
    a CMS account slug ("brandon-peaktwo"), a role ("admin"), or the site itself or its domain
    (unless `person`: a JSON-LD Person node named like its site is a personal site's owner)."""
    from ghirbal.byline import parse_byline

    not_authors = _not_authors()
    domain = site_label(url)
    site_key = hint_key(site_name) if site_name else ""
    people: list[str] = []
    agencies: list[str] = []
    for name in re.split(r"\s*[,،]\s*", author):
        k = hint_key(name)
        if not k or _SLUG.match(name) or k in not_authors or k.split()[-1] in not_authors:
            return None, None
        is_site = bool(site_key) and (k == site_key or f" {k} " in f" {site_key} ")
        is_domain = bool(domain) and k.replace(" ", "") == domain.replace(" ", "")
        if (is_site or is_domain) and not person:
            return None, None
        b = parse_byline(name, site_name=site_name, bare_name=True)  # no lang: a name's script is its own
        if b is not None and b.agency and not b.author:
            agencies.append(b.agency)
        elif b is not None and b.author:
            people.append(b.author)
        else:
            people.append(name)
    if people and not agencies:
        return join_names(people), None
    if agencies and not people:
        return None, join_names(agencies)
    return None, None

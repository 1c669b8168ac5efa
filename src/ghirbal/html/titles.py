"""Ranking the headline hints (`<h1>`, JSON-LD headline, og:title, `<title>`), telling a
headline from the site name in "headline | site" strings, and finding the line the hints name."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.html.blocks import Block
from ghirbal.html.hints import HtmlHints
from ghirbal.lexicon import read_toml
from ghirbal.html.values import hint_key
from ghirbal.sites.domain import site_label


@lru_cache(maxsize=1)
def title_separators() -> tuple[str, ...]:
    """common.toml's title separators plus the HTML path's own (lexicon/html.toml), in the HTML
    path's order of preference (`[title] separator_order`; unlisted ones last, as their files list them)."""
    lex = read_toml("html.toml")["title"]
    seps = list(dict.fromkeys([*read_toml("common.toml")["separators"]["title"], *lex["extra_separators"]]))
    order = {sep: i for i, sep in enumerate(lex["separator_order"])}
    return tuple(sorted(seps, key=lambda s: order.get(s, len(order))))  # stable: unlisted keep their order


@lru_cache(maxsize=1)
def _domain_words() -> frozenset[str]:
    return frozenset(read_toml("html.toml")["title"]["domain_words"])


def segments(text: str) -> list[str]:
    """The sides of a "headline | site" string (split at its first separator kind found), or []."""
    for sep in title_separators():
        if sep in text:
            return [p.strip() for p in text.split(sep) if p.strip()]
    return []


def title_hints(hints: HtmlHints, site_keys: set[str], domain: str, cfg: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, text) of the headline hints, best first (`voted_title_hints` without the votes)."""
    return [(k, text) for k, text, _ in voted_title_hints(hints, site_keys, domain, cfg)]


def voted_title_hints(hints: HtmlHints, site_keys: set[str], domain: str,
                      cfg: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(key, text, votes) of the headline hints, best first: by how many hint sources name the string
    (whole, or as a side of at least 3 words of a "headline | site" string), then <h1>, JSON-LD
    headline, og:title, <title>. Never the site's name or domain ("davidbau.com" in an <h1>), and
    never an <h1> that is part of the site side of the <title> (the logo: "Arch Linux" of
    "topic / Discussion / Arch Linux Forums")."""
    domain_words = _domain_words()
    site_sides: list[str] = []
    for t in (hints.title, hints.og_title):
        parts = segments(t or "")
        if len(parts) > 1:
            longest = max(parts, key=len)
            site_sides += [f" {hint_key(p)} " for p in parts if p is not longest]
    h1s = hints.h1[: cfg["title_h1s"]]
    sources: list[list[tuple[str, str]]] = []
    for i, src in enumerate((*h1s, hints.ld_headline, hints.og_title, hints.title)):
        if not src:
            continue
        is_h1 = i < len(h1s)
        keyed = [(hint_key(src), src)] + [
            (hint_key(p), p) for p in segments(src) if len(hint_key(p).split()) >= cfg["title_side_min_words"]
        ]
        ok = []
        for k, text in keyed:
            if not k or k in site_keys or (domain and set(k.split()) <= domain_words | {domain}):
                continue
            if is_h1 and any(f" {k} " in side for side in site_sides):
                continue
            ok.append((k, text))
        sources.append(ok)
    votes: dict[str, int] = {}
    texts: dict[str, str] = {}
    for keyed in sources:
        for k, text in dict(keyed).items():
            votes[k] = votes.get(k, 0) + 1
            texts.setdefault(k, text)
    order = list(votes)  # first appearance: <h1>, JSON-LD, og:title, <title>
    order.sort(key=lambda k: -votes[k])
    return [(k, texts[k], votes[k]) for k in order]


def agreed_headlines(hints: HtmlHints, url: str | None, cfg: dict[str, Any]) -> list[str]:
    """Keys of the headline hints that at least `headline_min_votes` hint sources name, best first:
    the headline the markup agrees on, before the text path has found a site name."""
    site_keys = {hint_key(hints.site_name)} - {""} if hints.site_name else set()
    least = cfg["headline_min_votes"]
    return [k for k, _, votes in voted_title_hints(hints, site_keys, site_label(url), cfg) if votes >= least]


def headline_line(keys: list[str], blocks: list[Block], reasons: list[str | None], feats: list[LineFeatures],
                  words: tuple[int, int]) -> int | None:
    """The line that is the markup's headline: of the first of `keys` (`agreed_headlines`) that a
    line shows whole, its `<h1>` block (the page's own name for itself; a linked `<h1>`, which the
    markup drops as `link-dense`, too), else the first such line the markup keeps. Only a line of as
    many `words` (least, most) as the text path's headlines: lines that hold a one-word title
    ("Action", "001") are not repeats of it."""
    least, most = words
    for k in keys:
        at = [i for i, f in enumerate(feats) if f.key == k and least <= f.words <= most]
        found = next((i for i in at if blocks[i].tag == "h1" and reasons[i] in (None, "link-dense")), None)
        if found is None:
            found = next((i for i in at if reasons[i] is None), None)
        if found is not None:
            return found
    return None


def strip_site(title: str, site_name: str | None) -> str:
    """`<title>` without its site-name side, when the site name is known."""
    if not site_name:
        return title
    site_key = hint_key(site_name)
    for sep in title_separators():
        if sep in title:
            parts = [p for p in title.split(sep) if hint_key(p) and hint_key(p) != site_key]
            if len(parts) < len(title.split(sep)) and parts:
                return sep.join(parts).strip()
    return title

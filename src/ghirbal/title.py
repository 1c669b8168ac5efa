"""The headline of a page, and the site name that "site - headline" lines reveal."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from ghirbal.byline import byline_gate, parse_byline
from ghirbal.features import LineFeatures, PageKeys, is_stamp
from ghirbal.lexicon import read_toml
from ghirbal.linemodel import compiled
from ghirbal.normalize import match_key


@lru_cache(maxsize=1)
def title_separators() -> tuple[str, ...]:
    return tuple(read_toml("common.toml")["separators"]["title"])


def contains_title(key: str, title_key: str) -> bool:
    return bool(title_key) and title_key in key and key != title_key


@lru_cache(maxsize=1)
def url_ignore() -> frozenset[str]:
    return frozenset(read_toml("common.toml")["url_words"]["ignore"])


def slug_words(url: str | None) -> frozenset[str]:
    """Folded words of a URL's path: most news URLs spell their headline ("/diet-trends-2025/")."""
    if not url:
        return frozenset()
    try:
        path = unquote(urlsplit(url if "//" in url else "//" + url).path)
    except ValueError:  # a malformed URL: no slug
        return frozenset()
    ignore = url_ignore()
    return frozenset(t for t in match_key(path.replace("_", " ")).split() if len(t) > 2 and not t.isdigit() and t not in ignore)


def find_title(
    feats: list[LineFeatures],
    block: tuple[int, int] | None,
    cfg: dict[str, Any],
    page_keys: PageKeys,
    slug: frozenset[str] = frozenset(),
) -> int | None:
    """The headline: a headline-like line before the story that the page repeats most, that shares most
    words with the story and the URL, nearest wins ties."""
    # Before the story; without one, near the top of the page (a bounded window either way).
    limit = block[0] if block else min(len(feats), 2 * cfg["title_window"])
    lo = max(0, limit - cfg["title_window"]) if block else 0
    if compiled.active():
        weights = cfg["title_weights"]
        best = compiled.title_line(feats, lo, limit, bool(block), block[0] if block else 0, block[1] if block else -1,
                                   cfg["title_min_words"], cfg["title_max_words"], cfg["date_stamp_share"],
                                   cfg["title_inside_share"], cfg["title_near_lines"], weights["repeats"],
                                   weights["slug"], weights["story"], weights["near"], slug,
                                   page_keys.occurrences, page_keys.lines_containing, parse_byline,
                                   page_keys.compiled_counts, byline_gate())
    else:
        best = _best_title_reference(feats, lo, limit, block, cfg, page_keys, slug)
    if best is None:
        return None
    # Prefer the first clean occurrence of that key (not a "site - title" variant) as the kept line.
    first = page_keys.first_line(feats[best].key, lo, limit)
    return best if first is None else first


def _best_title_reference(feats: list[LineFeatures], lo: int, limit: int, block: tuple[int, int] | None,
                          cfg: dict[str, Any], page_keys: PageKeys, slug: frozenset[str]) -> int | None:
    """The best-scoring headline candidate among lines lo..limit-1 (`_pages.title_line` compiled)."""
    # Words of the story: a headline shares its content words with the story it heads.
    story_words: set[str] = set()
    if block:
        story_words = set(" ".join([feats[j].key for j in range(block[0], min(block[1] + 1, block[0] + 40))]).split())
    # (the config read once: this loop looks at up to title_window lines of every page)
    min_words, max_words = cfg["title_min_words"], cfg["title_max_words"]
    share, near_lines, weights = cfg["title_inside_share"], cfg["title_near_lines"], cfg["title_weights"]
    w_repeats, w_slug, w_story, w_near = weights["repeats"], weights["slug"], weights["story"], weights["near"]
    slug_on = len(slug) >= 2
    best, best_score = None, -1.0
    for i in range(lo, limit):
        f = feats[i]
        w = f.words
        if not (min_words <= w <= max_words) or f.cue or f.linky or f.template:
            continue
        if is_stamp(f, cfg) or (f.end_punct and w > 12 and page_keys.occurrences(f) < 2):
            continue
        # Occurrences anywhere in the page, inside longer lines too ("site - title", doubled titles),
        # but only where this line is most of the other one: a site name inside every headline is no title.
        k = f.key
        occurrences = f.repeats
        if page_keys.occurrences(f) > f.repeats:  # also inside other lines: count those the line is most of
            occurrences = 1 + sum(1 for j in page_keys.lines_containing(k) if j != i and w >= share * feats[j].words)
        distance = limit - i
        shortness = min(w, 6) / 6
        tokens = [t for t in k.split() if len(t) > 2 and not t.isdigit()]
        # Share of the line's words found in the story, trusted less on very short lines.
        overlap = 0.0
        if tokens and story_words:
            overlap = sum(map(story_words.__contains__, tokens)) / len(tokens) * min(len(tokens), 5) / 5
        in_slug = 0.0
        if tokens and slug_on:
            in_slug = min(1.0, sum(map(slug.__contains__, tokens)) / min(len(tokens), len(slug)))
        score = (
            min(occurrences - 1, 3) * w_repeats * shortness
            + w_slug * in_slug
            + w_story * overlap
            + (w_near if distance <= near_lines else 0.0)
            + min(w, 12) / 12
            - distance / 1000
        )
        if score > best_score and not (w <= 8 and parse_byline(f.text) is not None):
            # ("(الخرطوم - عبدالعزيز إبراهيم)" is a byline, not a headline; checked only for a new leader)
            best, best_score = i, score
    return best


def site_from_title_lines(feats: list[LineFeatures], title_key: str, holders: set[int] | None = None) -> str | None:
    """'مصر اليوم - TITLE' or 'TITLE | Site': the other side of the separator is the site name.
    `holders`: the lines whose key holds the title's (PageKeys.lines_containing), when known."""
    if not title_key:
        return None
    for i in (range(len(feats)) if holders is None else sorted(holders)):
        f = feats[i]
        if not contains_title(f.key, title_key):
            continue
        for sep in title_separators():
            if sep not in f.text:
                continue
            left, _, right = f.text.partition(sep)
            lk, rk = match_key(left), match_key(right)
            if rk == title_key and 0 < len(lk.split()) <= 5:
                return left.strip(" -|–—»ـ")
            left2, _, right2 = f.text.rpartition(sep)
            if match_key(left2) == title_key and 0 < len(match_key(right2).split()) <= 5:
                return right2.strip(" -|–—»ـ")
    return None

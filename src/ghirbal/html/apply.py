"""Merging the hints into the text path's Article, conservatively (`apply_hints` says exactly how)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import ghirbal.config
from ghirbal.html.authors import author_hint
from ghirbal.html.head_date import (date_above_headline, digit_test, find_head_date, head_date, labelled_date,
                                     labelled_head_date, labelled_update, shown_date_label)
from ghirbal.html.hints import HtmlHints
from ghirbal.html.titles import segments, strip_site, title_hints
from ghirbal.html.values import hint_key, url_date
from ghirbal.features import LineFeatures
from ghirbal.model import Article
from ghirbal.normalize import match_keys
from ghirbal.sites.domain import site_label


def _page_shows_date(article: Article, iso: str, cfg: dict[str, Any], slack: int = 0) -> bool:
    """Does a short line of the page show the day `iso` (or one at most `slack` days from it)?"""
    from ghirbal.dates import find_dates

    lang = article.language
    max_chars = cfg["date_line_max_chars"]
    day = date.fromisoformat(iso)
    has_digit = digit_test()
    for ln in article.lines:
        t = ln.text
        if t and len(t) <= max_chars and has_digit(t):
            for d in find_dates(t, lang=lang):
                if d.iso[:10] == iso or (slack and len(d.iso) >= 10
                                         and abs((date.fromisoformat(d.iso[:10]) - day).days) <= slack):
                    return True
    return False


# The whitespace `faithful` leaves in a line other than " ": a line key (`features`) keeps it, where
# `match_key` makes it a space (tested: the only characters the two keys of a line differ on).
_KEY_ODD_SPACE = re.compile("[\r\x1c-\x1f\u1680]")


def _apply_title(article: Article, hints: HtmlHints, url: str | None, cfg: dict[str, Any],
                 feats: list[LineFeatures] | None = None) -> None:
    """The title part of `apply_hints` (see there); `feats`: the lines' features, whose keys are
    the lines' `match_key` (unless a line holds `_KEY_ODD_SPACE`)."""
    site_keys = {hint_key(n) for n in (article.site_name, hints.site_name) if n} - {""}
    ranked = title_hints(hints, site_keys, site_label(url), cfg)
    if not ranked:
        return
    keys = {k for k, _ in ranked}
    current = hint_key(article.title) if article.title else ""
    if current in keys:
        return  # a hint names the text path's title: it stands
    if article.title:
        # "headline – Site", "headline / Dec 2025": the hint names one side, the rest is short.
        parts = segments(article.title)
        if len(parts) == 2:
            for side, other in ((parts[0], parts[1]), (parts[1], parts[0])):
                if (hint_key(side) in keys and len(hint_key(side).split()) >= cfg["title_side_min_words"]
                        and len(other.split()) <= cfg["title_other_side_max_words"]):
                    article.title = side
                    return
    limit = len(article.lines)
    body_at = next((ln.index for ln in article.lines if ln.role == "body"), None)
    if body_at is not None:
        limit = body_at + 1  # a headline stands above its story (or is its first line)
    max_chars = cfg["title_line_max_chars"]
    heads = article.lines[:limit]
    keyed = [i for i, ln in enumerate(heads) if ln.text and len(ln.text) <= max_chars]
    line_keys = [""] * len(heads)
    texts = [heads[i].text for i in keyed]
    if feats is not None and len(feats) == len(article.lines) and not _KEY_ODD_SPACE.search("\n".join(texts)):
        for i in keyed:
            line_keys[i] = feats[i].key  # (the line's `match_key`, computed when it was measured)
    else:
        for i, k in zip(keyed, match_keys(texts)):
            line_keys[i] = k
    for k, _ in ranked:
        if k not in line_keys:
            continue
        match = article.lines[line_keys.index(k)]
        if match.role in ("byline", "date", "caption"):
            continue
        for ln in article.lines:
            if ln.role == "title":
                ln.drop("headline-list", "html: the markup names another line as the headline")
        if match.role == "body":
            article.body = [ln.text for ln in article.lines if ln.role == "body" and ln is not match]
            if not article.body:
                article.empty_reason = "no-story-block"
        match.keep("title")
        article.title = match.text
        return
    if article.title is None:
        # No line of the page matches: the hint itself, the best-supported one; a lone <title> without
        # its site side when the site is known.
        key, text = ranked[0]
        if text == hints.title:
            text = strip_site(text, article.site_name or hints.site_name)
        article.title = text


def _labelled_date_before_unlabelled(article: Article, cfg: dict[str, Any]) -> None:
    """The text path's date is a bare one ("2021-07-04 15:54:20 +00:00" beside a comment, near the
    story), but a line of the head between the headline and the story opens with a publication label
    ("asked Feb 4, 2014 at 13:02", "Posted on ..."): the labelled date is the article's."""
    if article.published is None or shown_date_label(article, cfg) is not None:
        return
    found = labelled_head_date(article, cfg)
    if found is not None and found[0] != article.published[:10]:
        article.published, article.published_precision = found


def _head_date_before_one_above(article: Article, hints: HtmlHints, cfg: dict[str, Any]) -> None:
    """The text path took its date from a line above the headline (blogs print the date first), but the
    head below the headline (the markup's headline: `_apply_title` may have moved it) gives one too:
    the head's wins, as in the text path, which reads the head first ("12/15/2025" closing a list of
    news above the headline, "<time>03/01/2017</time> by NAME" under it)."""
    if article.published is None:
        return
    lines = article.lines
    title = next((ln.index for ln in lines if ln.role == "title"), None)
    shown = next((ln.index for ln in lines if ln.role == "date"), None)
    if title is None or shown is None or shown > title:
        return
    found, updated = find_head_date(article, hints, cfg)
    if found is not None:
        (article.published, article.published_precision), article.updated = found, updated


def _another_source_names(hints: HtmlHints, day: str) -> bool:
    """Does a publication key of the metadata name `day` (JSON-LD and a meta tag disagreeing, the page
    text showing the meta tag's day: the text's date is a publication date, not the update)? (A `<time>`
    does not count: it shows the update as often as the publication.)"""
    return any(v is not None and v[0] == day for v in (hints.ld_published, hints.meta_published))


def _text_date_is_worse(article: Article, text_date: str, pub: tuple[str, str, str], mod: tuple[str, str] | None,
                        cfg: dict[str, Any]) -> bool:
    """Does a structured published date `pub` (JSON-LD or meta) beat the text path's `text_date`?
    Only when the text path's date is clearly the weaker candidate: it is only a month (and the
    metadata gives the day); or it is a day away from a metadata date with a time (the same moment
    shown in another time zone: the metadata's date as written is taken); or it is the metadata's
    modification date (published before it); or it is later than the page was last modified (no
    article is published after its last update); or the page text shows the structured date too (the
    text path took another date near it; for a metadata date with a time, a day either side is the same
    moment in the reader's time zone: a forum shows "Jun 3" for a post made 2024-06-02T20:22-04:00)."""
    iso = pub[0]
    if len(text_date) == 7:
        return True
    if pub[1] == "minute" and abs((date.fromisoformat(text_date[:10]) - date.fromisoformat(iso)).days) == 1:
        return True
    if mod is not None and iso < mod[0] and text_date[:10] >= mod[0]:
        return True
    return _page_shows_date(article, iso, cfg, slack=1 if pub[1] == "minute" else 0)


_NUMERIC_DATE = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})")


def _swap_ambiguous_day(article: Article, hints: HtmlHints, from_url: str | None) -> None:
    """The text path's date read from an ambiguous numeric date ("02-12-2025": February 12 or December 2)
    becomes the other reading when the markup or the URL gives that one and not the first (a `<time
    datetime>` of the page, the metadata's dates, the URL's day)."""
    iso = article.published[:10]
    y, m, d = iso.split("-")
    if m == d or int(d) > 12:
        return
    other = f"{y}-{d}-{m}"
    evidence = {v[0] for _, v in hints.dates_at}
    evidence.update(v[0] for v in (hints.ld_published, hints.meta_published, hints.time_published, hints.modified) if v)
    if from_url:
        evidence.add(from_url)
    if other not in evidence or iso in evidence:
        return
    from ghirbal.dates import find_dates

    for ln in article.lines:
        if ln.role not in ("date", "byline") or not ln.text:
            continue
        for found in find_dates(ln.text, lang=article.language):
            if found.iso[:10] == iso and _NUMERIC_DATE.fullmatch(ln.text[found.start:found.end].strip()):
                article.published = other
                return


def apply_hints(article: Article, hints: HtmlHints, url: str | None = None, *, config: dict[str, Any] | None = None,
                crawl_date: datetime | None = None, feats: list[LineFeatures] | None = None) -> Article:
    """Fill the Article from the hints, conservatively (in place; returns it). `feats`: the features
    of `article.lines` (`tree_path.article_and_feats`), whose keys spare the title rule its own.

    * title: the text path's title stands when a title hint (`<h1>`, JSON-LD headline, og:title,
      `<title>`, or the headline side of a "headline | site" hint) names it; if a hint names one
      side of it ("headline – Site"), it is cut to that side. Otherwise a line above the story
      that equals a hint (best-supported hint first: the one most sources agree on) becomes the
      title: it was on the page all along, nothing is invented. Only when the text path found no
      title and no line matches is the hint text itself used (`<title>` without its site side).
      The site's name or domain, and an `<h1>` that is the site side of the `<title>` (a logo),
      are never title hints.
    * published: with no date from the text, the structured date is used (JSON-LD, else meta; a
      `<time datetime>` only when all the page's `<time>` tags agree; else the first publication key
      of the page's script data, lexicon/html.toml); a JSON-LD or meta date no line shows gives way to
      the head's date when that is another day and not the metadata's modification day. A date the text path found
      stays, unless a structured date (JSON-LD or meta, never `<time>` or script data) differs from it and the
      text path's date is clearly the weaker candidate (`_text_date_is_worse`: month only, a day
      from a metadata time, the update date, after the last update, or the page text shows the
      structured date as well); a `<time>` or script date only gives the day of the text's month
      ("May 2024"). A `<time>` date under an update label is the update. A text date that a meta or
      JSON-LD publication key names stays (the metadata disagree; it is no update date). With no date
      yet, the head's first date (`head_date`: between the headline and the story's first lines), else
      a date opening one of the two lines above the headline (`date_above_headline`), else the date a
      "Published" / "Posted on" label opening its line gives anywhere outside boxes, when all agree
      (`labelled_date`; not on a product's page: "Release Date"), else the URL's day ("/2023/02/02/").
      An ambiguous numeric text date ("02-12-2025") takes the other reading when only that one is in
      the markup or the URL. Hints that did not parse are already None: a garbage metadata date never
      becomes `published`. Last, a page that gives only its update date gets it as `published` too
      (`published_from_updated`: "shown", when the page shows it; "any"; "never").
    * updated: JSON-LD / meta dateModified, only when the text path found none and it is after
      `published` (a text-path date found to be the update date moves here).
    * author: only where the text path found no byline (no author and no agency): the JSON-LD
      Person author(s) of the article, else `meta name=author`, as the publisher states it (even
      when the page text does not show it), but never an Organization node, the site's own name
      or domain, a CMS account slug or a role word ("admin", "التحرير"; lexicon/html.toml); a news
      agency named there ("Reuters", "رويترز") fills `agency` instead.
    * site_name: og:site_name (else the JSON-LD publisher or WebSite name), only where the text path
      found none.
    * language: `<html lang>` only where the text could not tell ("und").
    """
    cfg = (config or ghirbal.config.default())["html"]
    _apply_title(article, hints, url, cfg, feats)
    # Published.
    _head_date_before_one_above(article, hints, cfg)
    _labelled_date_before_unlabelled(article, cfg)
    pub, mod = hints.published, hints.modified
    if pub is not None and pub[2] == "time" and labelled_update(article, hints, pub[0], cfg):
        pub, mod = None, mod or pub[:2]
    if pub is not None:
        iso, precision, source = pub
        text_date = article.published
        if text_date is None:
            shown = find_head_date(article, hints, cfg)[0] if source in ("json-ld", "meta") else None
            if (shown is not None and shown[0] != iso and (mod is None or shown[0] != mod[0])
                    and not _page_shows_date(article, iso, cfg, slack=1 if precision == "minute" else 0)):
                # The page's head shows another day, not the metadata's modification day, and nowhere
                # the metadata's publication day: the shown one is the page's (a stale or site-wide
                # metadata date: a CMS's build date). (The head first: a few lines, not the page.)
                iso, precision = shown
            article.published, article.published_precision = iso, precision
        elif (source in ("json-ld", "meta") and text_date[:10] != iso and not _another_source_names(hints, text_date[:10])
              and _text_date_is_worse(article, text_date, pub, mod, cfg)):
            if mod is not None and text_date[:10] == mod[0] and article.updated is None:
                article.updated = mod[0]  # the text path had found the update date
            article.published, article.published_precision = iso, precision
        elif len(text_date) == 7 and iso.startswith(text_date):
            article.published, article.published_precision = iso, precision  # the day of the text's month
    if article.published is None:
        head_date(article, hints, cfg)
        date_above_headline(article, cfg, crawl_date)
        if not hints.product:  # a product's "Release Date:" is the product's, not the page's
            labelled_date(article, cfg, crawl_date)
    if article.published is None:
        day = url_date(url, crawl_date, cfg)
        if day is not None:
            article.published, article.published_precision = day, "day"
    elif len(article.published) >= 10:
        _swap_ambiguous_day(article, hints, url_date(url, crawl_date, cfg))
    if article.updated is None and mod is not None and (article.published is None or mod[0] > article.published[:10]):
        article.updated = mod[0]
    fallback = cfg["published_from_updated"]
    if (article.published is None and article.updated is not None and fallback != "never"
            and (fallback == "any" or _page_shows_date(article, article.updated[:10], cfg))):
        # The page states only when it was last updated: the content is at least that old, and that
        # date is the one its readers (and the gold sets) take as its date. `updated` keeps it too.
        article.published, article.published_precision = article.updated[:10], "day"
    if article.author is None and article.agency is None and hints.author:
        person = hints.ld_author is not None and hints.ld_author_is_person
        author, agency = author_hint(hints.author, article.site_name or hints.site_name, url, person)
        article.author, article.agency = author, agency
    if article.site_name is None and hints.site_name:
        article.site_name = hints.site_name
    if article.language in (None, "und") and hints.lang:
        article.language = hints.lang
    return article

"""A verdict for every line: kept with a role, or dropped with a reason code.

The order: the story block (story.py), the title (title.py), related headlines (related.py); then
every line is explained by the first rule that fits, inside the story block and outside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ghirbal.dates import coverage_function
from ghirbal.features import LineFeatures, PageKeys, is_stamp
from ghirbal.lexicon import ARABIC_SCRIPT, Lexicon
from ghirbal.linemodel import LineModel, compiled, default_model, page_rows
from ghirbal.model import Line
from ghirbal.normalize import match_key
from ghirbal.related import find_related
from ghirbal.story import (
    choose_block,
    extend_over_adjacent_prose,
    extend_over_unique_lines,
    is_prose,
    list_after_headers,
    model_scores,
    prose_scores,
    story_words,
)
from ghirbal.title import (
    find_title,
    site_from_title_lines,
    slug_words,
    url_ignore,
)


@dataclass(slots=True)
class Layout:
    """What the classifier found on the page, for the field assembler."""

    block: tuple[int, int] | None = None  # first and last line index of the story block
    title: int | None = None  # index of the kept title line
    title_key: str = ""
    site_name: str | None = None
    related: list[tuple[int, int | None]] = field(default_factory=list)  # (headline line, its date-stamp line)
    stamps: set[int] = field(default_factory=set)  # date-stamp line indices


_DATE_SHARES: dict[str, float] = {}  # line text -> date coverage; chrome stamps and clocks recur


def mark_dates(feats: list[LineFeatures], cfg: dict[str, Any]) -> None:
    """Date coverage of the short lines (a long line is prose that mentions a date, never a stamp)."""
    if compiled.active():
        compiled.mark_dates(feats, _DATE_SHARES, cfg["stamp_max_words"], cfg["cache_lines"], coverage_function())
    else:
        _mark_dates_reference(feats, cfg)


def _mark_dates_reference(feats: list[LineFeatures], cfg: dict[str, Any]) -> None:
    cache_lines, max_words = cfg["cache_lines"], cfg["stamp_max_words"]
    shares = _DATE_SHARES
    coverage = coverage_function()  # date_coverage, bound once
    for f in feats:
        if f.key and f.words <= max_words:
            share = shares.get(f.text)
            if share is None:
                share = coverage(f.text)  # (which asks might_contain_date first)
                if len(shares) >= cache_lines:
                    shares.clear()
                shares[f.text] = share
            if share:  # (0.0 is every line's share until it is measured)
                f.date_share = share


_MODELS: dict[str, LineModel] = {}


def line_model(path: str) -> LineModel | None:
    """The line model named in the config ("" = the packaged one; "none" = the hand-set prose rules)."""
    if path == "none":
        return None
    if not path:
        return default_model()
    model = _MODELS.get(path)
    if model is None:
        _MODELS.clear()
        model = _MODELS[path] = LineModel.load(path)
    return model


def _is_site_line(f: LineFeatures, site_words: frozenset[str], domain_label: str, ignore: frozenset[str]) -> bool:
    """The site's name ("مصر اليوم -") or its domain label, maybe repeated ("egypttoday egypttoday");
    `ignore`: the words of a URL that name no site ("www", "com"…)."""
    if not f.key or f.words > 8:
        return False
    tokens = f.key.split()  # (a key's "_" are spaces already: features._measure_new)
    if site_words and site_words.issuperset(tokens):
        return True
    if domain_label:
        for t in tokens:
            if not (t == domain_label or t in ignore or domain_label.startswith(t)):
                return False
        return True
    return False


def _is_foreign(f: LineFeatures, max_words: int) -> bool:
    """A short line in Latin letters only: on an Arabic-script page, chrome (asked only when the rules
    before it have not decided: the letter checks are regex scans)."""
    return f.words <= max_words and not f.has_arabic and f.has_latin


def classify(
    feats: list[LineFeatures],
    language: str,
    cfg: dict[str, Any],
    lex: Lexicon,
    domain_label: str = "",
    url: str | None = None,
    score_adjust: list[float] | None = None,
    logit_hook: Callable[[np.ndarray], np.ndarray] | None = None,
    headline: int | None = None,
) -> tuple[list[Line], Layout]:
    """A verdict for every line, and the page layout it found. `score_adjust` (one number per line)
    is added to the prose scores: the HTML path's markup evidence (ghirbal.html.markup);
    `logit_hook` gets the line model's log-odds and returns them corrected (ghirbal.html.block_model);
    `headline`: the headline line the caller knows (the HTML path's markup names it:
    `ghirbal.html.titles.headline_line`), taken instead of the one `find_title` would pick."""
    page_keys = PageKeys(feats, cfg["containment_max_chars"])  # one scan string for the page, shared
    slug = slug_words(url)
    model = line_model(cfg.get("model", ""))
    if model is not None:
        rows = page_rows(feats, language, slug, page_keys)
        nonblank = np.flatnonzero(rows[:, 0])  # blank lines score 0 whatever the model says
        logits = np.zeros(len(feats))
        if len(nonblank):
            logits[nonblank] = model.logits(rows[nonblank])
            if logits[nonblank].max() < 0:
                # The model doubts every line: a short story (one or two paragraphs) among chrome, or a
                # tiny page. If a line reads as prose, the page's most story-like prose counts, relative
                # to the rest; a page of menus and labels stays without a story.
                prose = [i for i in nonblank if is_prose(feats[i], cfg, lex)]
                best = max((logits[i] for i in prose), default=-np.inf)
                if best >= cfg["model_rescue_floor"]:
                    logits[prose] += cfg["model_rescue_level"] - best
        if logit_hook is not None:
            logits = logit_hook(logits)
        scores = model_scores(feats, logits, cfg)
        list_after_headers(feats, scores, cfg)
    else:
        scores = prose_scores(feats, cfg, lex, page_keys)
    if score_adjust is not None:
        scores = [s + a if f.key else s for s, a, f in zip(scores, score_adjust, feats)]
    any_template, any_site_pages, stamps = (compiled.page_marks(feats, cfg["date_stamp_share"]) if compiled.active()
                                            else _page_marks_reference(feats, cfg))
    if any_template:
        # Lines the site shows on most of its pages are chrome wherever they stand, inside the story
        # too: decided before the block is chosen, so they neither pull a block toward them nor split
        # the story they sit in (one such line costs less than a paragraph weighs).
        tscore = cfg["template_line_score"]
        scores = [tscore if f.template else s for f, s in zip(feats, scores)]

    def story_block() -> tuple[int, int] | None:
        block = choose_block(feats, scores, page_keys, cfg)
        if block and model is not None:
            block = extend_over_adjacent_prose(feats, block, scores, logits, cfg, lex)
        return block

    block = story_block()
    title = headline if headline is not None else find_title(feats, block, cfg, page_keys, slug)
    title_key = feats[title].key if title is not None else ""
    title_lines = page_keys.lines_containing(title_key)  # (one scan of the page: the lines holding the headline)
    if title_key and block:
        # Lines that carry the headline ("site - headline", doubled headlines) are not story prose.
        changed = False
        for i in sorted(title_lines):
            if block[0] <= i <= block[1] and scores[i] > 0 and len(feats[i].key.replace(title_key, " ").split()) <= 8:
                scores[i] = cfg["short_line_score"]
                changed = True
        if changed:  # the same choice again, without them
            block = story_block()
    site = site_from_title_lines(feats, title_key, title_lines)
    site_key = match_key(site) if site else ""
    if block and any_site_pages:
        block = extend_over_unique_lines(feats, block, scores)
    related = find_related(feats, scores, title, block, site_key, cfg)
    related_idx = {h for h, _ in related}
    related_stamps = {k for _, k in related if k is not None}
    b0, b1 = block if block else (-1, -2)
    least_overlap = cfg["inblock_headline_overlap"]
    story: list = []  # the story's words, counted on first use: most pages hold no headline-shaped line to test

    def below_overlap(i: int) -> bool:
        # A headline-shaped line in the block that shares too few words with the story.
        if not story:
            story.append(story_words(feats, b0, b1, scores, page_keys))
        return story[0].overlap(feats[i].key, scores[i] > 0) < least_overlap

    args = (feats, title, title_lines, title_key, stamps, b0, b1, scores, related_idx, related_stamps, site_key,
            frozenset(site_key.split()), domain_label, url_ignore(), language in ARABIC_SCRIPT,
            cfg["foreign_max_words"], cfg["inblock_headline_min_words"], cfg["inblock_teaser_max_words"],
            below_overlap)
    lines = compiled.verdicts(Line, *args) if compiled.active() else _verdicts_reference(*args)
    layout = Layout(block=block, title=title, title_key=title_key, site_name=site, related=related,
                    stamps=stamps)
    return lines, layout


def _page_marks_reference(feats: list[LineFeatures], cfg: dict[str, Any]) -> tuple[bool, bool, set[int]]:
    """Does any line carry a template count, does any carry a count of this site's pages, and the
    date-stamp lines (`_pages.page_marks` compiled)."""
    return (any(f.template for f in feats), any(f.site_pages for f in feats),
            {i for i, f in enumerate(feats) if f.date_share and is_stamp(f, cfg)})


def _verdicts_reference(feats: list[LineFeatures], title: int | None, title_lines: set[int], title_key: str,
                        stamps: set[int], b0: int, b1: int, scores: list[float], related_idx: set[int],
                        related_stamps: set[int], site_key: str, site_words: frozenset[str], domain_label: str,
                        ignore: frozenset[str], arabic_page: bool, foreign_max: int, headline_min: int,
                        teaser_max: int, below_overlap) -> list[Line]:
    """Each line's Line with its verdict, the story block being lines b0..b1 (`_pages.verdicts`
    compiled): the first rule that fits, inside the block and outside it. `below_overlap(i)`: does
    headline-shaped line i of the block share too few words with the story?"""
    # Each line's Line is made once, with its verdict (this loop runs over every line of every page).
    lines: list[Line] = []
    add = lines.append
    for i, f in enumerate(feats):
        if not f.key:
            add(Line(i, f.text, False, None, "blank" if not f.text else "short-link-like"))
            continue
        if i == title:
            add(Line(i, f.text, True, "title"))
            continue
        repeats_title = i in title_lines and (
            f.key == title_key or len(f.key.replace(title_key, " ").split()) <= 8
        )
        stamp = i in stamps
        if b0 <= i <= b1:
            # Headline-shaped: no full stop; a line the block search counts as story must also be short
            # and end in no sentence mark at all to be taken for another story's headline.
            headline_like = (
                headline_min <= f.words
                and not f.text.rstrip().endswith((".", "\u06d4"))
                and (scores[i] <= 0 or (f.words <= teaser_max and not f.end_punct))
            )
            if f.template:
                add(Line(i, f.text, False, None, "site-template", f"on {f.template} pages of this site"))
            elif repeats_title:
                add(Line(i, f.text, False, None, "title-repeat"))
            elif f.cue:
                add(Line(i, f.text, False, None, f.cue))
            elif headline_like and f.site_pages > 1 and not f.end_punct:
                # A headline-length line this site shows on a few other pages (not on most: that is its
                # layout) is a teaser of another story, not a subheading.
                add(Line(i, f.text, False, None, "headline-list",
                         f"also on {f.site_pages - 1} other pages of this site"))
            elif headline_like and below_overlap(i):
                # A headline about another story, embedded between paragraphs (a teaser box); a line
                # that ends with a full stop is a sentence, not a headline.
                add(Line(i, f.text, False, None, "headline-list"))
            elif scores[i] > 0:
                add(Line(i, f.text, True, "body"))
            elif i in related_idx:
                add(Line(i, f.text, True, "related"))
            elif stamp:
                add(Line(i, f.text, False, None, "date-stamp"))
            elif f.linky:
                add(Line(i, f.text, False, None, "short-link-like"))
            elif arabic_page and _is_foreign(f, foreign_max):
                add(Line(i, f.text, False, None, "foreign-chrome"))
            elif f.repeats > 2 and f.words <= 2:
                add(Line(i, f.text, False, None, "repeated"))
            else:
                add(Line(i, f.text, True, "body"))
            continue
        if i in related_idx:
            add(Line(i, f.text, True, "related"))
        elif f.template:
            add(Line(i, f.text, False, None, "site-template", f"on {f.template} pages of this site"))
        elif f.cue:
            add(Line(i, f.text, False, None, f.cue))
        elif repeats_title:
            add(Line(i, f.text, False, None, "breadcrumb" if site_key and site_key in f.key else "title-repeat"))
        elif f.words <= 8 and _is_site_line(f, site_words, domain_label, ignore):
            add(Line(i, f.text, False, None, "site-name"))
        elif i in related_stamps or stamp:
            add(Line(i, f.text, False, None, "date-stamp"))
        elif f.linky:
            add(Line(i, f.text, False, None, "short-link-like"))
        elif f.repeats > 1:
            add(Line(i, f.text, False, None, "repeated"))
        elif arabic_page and _is_foreign(f, foreign_max):
            add(Line(i, f.text, False, None, "foreign-chrome"))
        elif f.words <= 3:
            add(Line(i, f.text, False, None, "menu"))
        elif scores[i] > 0:
            add(Line(i, f.text, False, None, "outside-story"))
        else:
            add(Line(i, f.text, False, None, "headline-list"))
    return lines

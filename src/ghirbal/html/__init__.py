"""The HTML path: raw HTML in, the same Article the text path gives, plus what only HTML knows.

1. *Read the tree* (`blocks`): parse once (selectolax's lexbor) and walk the tree once into blocks
   (paragraphs, headings, list items, table cells, captions: one line each) with their markup
   signals (link text, tag, the marked elements above them), collecting the hints' raw values on
   the way.
2. *Judge the blocks* (`markup`): `<nav>`, `<aside>`, `<form>`, `<footer>`, roles, hidden elements,
   comment sections and boilerplate class/id words (lexicon/html.toml) drop blocks with their own
   reason codes (`nav`, `aside`, `comment-section`, `hidden`, `form`, `link-dense`); the main
   container (the element holding most of the readable text) gives its blocks a score bonus.
3. *The text path's line rules* (`tree_path`) run on the blocks with those verdicts: the same prose
   scores, story block (maximum-sum run), title, byline, dates and reason codes as plain text.
4. *Hints*: `<title>`, `<h1>`, `og:title`, `og:site_name`, `article:published_time` /
   `article:modified_time`, `<time datetime>`, JSON-LD `headline` / `datePublished` / `dateModified` /
   `author` / publisher, `meta name=author`, `<html lang>`. A hint is kept only when it parses cleanly
   (a real ISO date in a sane range, a person's name that is not a URL or the site, ...).
5. *Apply* the hints to the Article, conservatively (`apply_hints` says exactly how): the page
   text's findings win where the page shows them; hints fill what it left empty, and a structured
   date that the page text itself shows beats a date taken from elsewhere.

`render` (Resiliparse's `extract_plain_text`, the gold sets' WET-like rendering) stays for callers
that want the page as crawler-style text; the cleaning path does not use it.

Modules: `sniff` (is it HTML?), `decode` (bytes to text: HTTP charset, meta charset, detection),
`blocks` (the one walk), `markup` (verdicts), `tree_path` (the line rules on blocks), `render`
(crawler-style text), `hints` / `jsonld` / `values` (markup into validated `HtmlHints`), `titles` / `authors`
(ranking and filtering hints), `apply` (merging them into the Article), `head_date` (the last-resort
date between the headline and the story). Thresholds are the `[html]`
settings (defaults/html.toml); word lists are in lexicon/html.toml.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ghirbal.config
from ghirbal.extract import collector_paused
from ghirbal.html.apply import apply_hints
from ghirbal.html.blocks import read_tree
from ghirbal.html.decode import decode_and_parse, http_charset
from ghirbal.html.hints import HtmlHints, hints_from_raw, writes_ascii_as_ascii
from ghirbal.html.product import name_first
from ghirbal.html.render import render
from ghirbal.html.sniff import looks_like_html
from ghirbal.html.titles import agreed_headlines
from ghirbal.html.values import parse_iso_date
from ghirbal.html.tree_path import article_and_feats, page_lines
from ghirbal.model import Article

__all__ = ["HtmlHints", "apply_hints", "clean", "http_charset", "looks_like_html", "page_text", "parse_iso_date", "read", "render"]


def read(html: str | bytes, *, crawl_date: datetime | None = None, config: dict[str, Any] | None = None,
         charset: str | None = None):
    """Decode and parse a page once: (PageTree or None, HtmlHints). `charset` is the HTTP header's, if
    any (it beats the page's `<meta charset>`). Never raises on bad markup; undecodable bytes give
    (None, hints with `error` set)."""
    cfg = config or ghirbal.config.default()
    tree, encoding, error = decode_and_parse(html, read_tree, config=cfg, charset=charset, with_bytes=True)
    if tree is None:
        return None, HtmlHints(encoding=encoding, error=error)
    if isinstance(html, bytes) and writes_ascii_as_ascii(encoding) and b"\x00" not in html:
        tree.hints.source_bytes = html  # (NUL characters are dropped from the decoded text)
    try:
        hints = hints_from_raw(tree.hints, crawl_date, cfg["html"])
    except Exception:  # a hint must never cost the page its text
        hints = HtmlHints()
    hints.encoding = encoding
    return tree, hints


def page_text(html: str | bytes, *, config: dict[str, Any] | None = None, charset: str | None = None) -> str:
    """The page's lines as the HTML path reads them (its blocks, one a line): what per-site learning
    counts, so that it sees the very lines the cleaning pass classifies."""
    cfg = config or ghirbal.config.default()
    with collector_paused():
        tree, _ = read(html, config=cfg, charset=charset)
    return "\n".join(page_lines(tree, cfg["lines"]["max_line_chars"])) if tree is not None else ""


def clean(
    html: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model=None,
    crawl_date: datetime | None = None,
    charset: str | None = None,
) -> Article:
    """Extract the article from one page's HTML: parse it once into blocks, judge them by their
    markup, run the text path's line rules on them, apply the hints. `charset`: the HTTP header's.
    Never raises on bad input (same contract as `ghirbal.clean`)."""
    with collector_paused():
        return _clean(html, url, config=config, site_model=site_model, crawl_date=crawl_date, charset=charset)


def page_kinds(hints: HtmlHints) -> dict[str, Any]:
    """What the markup's hints say the page is, as `article_and_feats` takes it (one product's page, a
    declared thread or Q&A, a publication date, the JSON-LD body and description): the cleaning pass
    and the block model's training rows (`train_blocks.labelled_blocks`) judge a page alike."""
    return {"product": hints.product, "article_body": hints.ld_article_body,
            "product_description": hints.ld_product_description, "thread": hints.thread, "qa": hints.qa,
            "dated": hints.published is not None}


def _clean(html: str | bytes, url: str | None, *, config: dict[str, Any] | None, site_model,
           crawl_date: datetime | None, charset: str | None) -> Article:
    cfg = config or ghirbal.config.default()
    tree, hints = read(html, crawl_date=crawl_date, config=cfg, charset=charset)
    article, feats = None, None
    if tree is not None and tree.blocks:
        article, feats = article_and_feats(tree, url, cfg, site_model=site_model, crawl_date=crawl_date,
                                           headlines=agreed_headlines(hints, url, cfg["html"]), **page_kinds(hints))
        if article.empty_reason == "empty-input":
            article = None
    if article is None:
        # No text to read; the markup's title, dates and language still describe the page.
        article = Article(empty_reason=hints.error or "empty-input")
        if hints.error is None:
            apply_hints(article, hints, url, config=config, crawl_date=crawl_date)
        return article
    article = apply_hints(article, hints, url, config=config, crawl_date=crawl_date, feats=feats)
    if hints.product:
        name_first(article)
    return article

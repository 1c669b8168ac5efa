"""The HTML path: raw HTML in, the same Article the text path gives, plus what only HTML knows.

1. *Render* the HTML into the text the text path expects: one text node per line, exactly as the
   gold sets' WET-like renderings were made (Resiliparse's `extract_plain_text`, no main-content
   heuristics: ghirbal's own line rules find the story).
2. *Hints*: `<title>`, `<h1>`, `og:title`, `og:site_name`, `article:published_time` /
   `article:modified_time`, `<time datetime>`, JSON-LD `headline` / `datePublished` / `dateModified` /
   `author` / publisher, `meta name=author`, `<html lang>`. A hint is kept only when it parses cleanly
   (a real ISO date in a sane range, a person's name that is not a URL or the site, ...).
3. *Apply* the hints to the text path's Article, conservatively (`apply_hints` says exactly how):
   the text path's findings win where the page text shows them; hints fill what it left empty, and a
   structured date that the page text itself shows beats a date the text path took from elsewhere.

Parsing uses Resiliparse's own HTML tree (lexbor): one parse serves both the hints and the rendering.

Modules: `sniff` (is it HTML?), `decode` (bytes to text, meta charset), `render` (parse once, text
and hints), `hints` / `jsonld` / `values` (markup into validated `HtmlHints`), `titles` / `authors`
(ranking and filtering hints), `apply` (merging them into the Article). Thresholds are the `[html]`
settings (defaults/html.toml); word lists are in lexicon/html.toml.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ghirbal.config
from ghirbal.decode import DecodeError
from ghirbal.html.apply import apply_hints
from ghirbal.html.blocks import read_tree
from ghirbal.html.decode import decode_html
from ghirbal.html.hints import HtmlHints, hints_from_raw
from ghirbal.html.render import render
from ghirbal.html.sniff import looks_like_html
from ghirbal.html.values import parse_iso_date
from ghirbal.html.tree_path import article_from_tree
from ghirbal.model import Article

__all__ = ["HtmlHints", "apply_hints", "clean", "looks_like_html", "parse_iso_date", "read", "render"]


def read(html: str | bytes, *, crawl_date: datetime | None = None, config: dict[str, Any] | None = None):
    """Decode and parse a page once: (PageTree or None, HtmlHints). Never raises on bad markup;
    undecodable bytes give (None, hints with `error` set)."""
    cfg = config or ghirbal.config.default()
    try:
        text, encoding = decode_html(html, config=cfg)
    except DecodeError as exc:
        return None, HtmlHints(encoding=None, error=f"undecodable: {exc}")
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        tree = read_tree(text)
    except Exception:
        try:  # lone surrogates in a str cannot be handed to the parser: replace them
            tree = read_tree(text.encode("utf-8", "replace").decode("utf-8"))
        except Exception:  # lexbor gives up only on pathological input
            return None, HtmlHints(encoding=encoding)
    try:
        hints = hints_from_raw(tree.hints, crawl_date, cfg["html"])
    except Exception:  # a hint must never cost the page its text
        hints = HtmlHints()
    hints.encoding = encoding
    return tree, hints


def clean(
    html: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model=None,
    crawl_date: datetime | None = None,
) -> Article:
    """Extract the article from one page's HTML: parse it once into blocks, judge them by their
    markup, run the text path's line rules on them, apply the hints. Never raises on bad input (same
    contract as `ghirbal.clean`)."""
    cfg = config or ghirbal.config.default()
    tree, hints = read(html, crawl_date=crawl_date, config=cfg)
    article = None
    if tree is not None and tree.blocks:
        article = article_from_tree(tree, url, cfg, site_model=site_model, crawl_date=crawl_date)
        if article.empty_reason == "empty-input":
            article = None
    if article is None:
        # No text to read; the markup's title, dates and language still describe the page.
        article = Article(empty_reason=hints.error or "empty-input")
        if hints.error is None:
            apply_hints(article, hints, url, config=config)
        return article
    return apply_hints(article, hints, url, config=config)

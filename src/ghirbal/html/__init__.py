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

from ghirbal.html.apply import apply_hints
from ghirbal.html.hints import HtmlHints
from ghirbal.html.render import render
from ghirbal.html.sniff import looks_like_html
from ghirbal.html.values import parse_iso_date
from ghirbal.model import Article

__all__ = ["HtmlHints", "apply_hints", "clean", "looks_like_html", "parse_iso_date", "render"]


def _text_clean():
    """The text path, without any HTML dispatch the lead may add to `extract.clean`."""
    from ghirbal import extract

    return getattr(extract, "clean_text", None) or extract.clean


def clean(
    html: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model=None,
    crawl_date: datetime | None = None,
) -> Article:
    """Extract the article from one page's HTML: render it to lines, run the text path, apply the
    hints. Never raises on bad input (same contract as `ghirbal.clean`)."""
    text, hints = render(html, crawl_date=crawl_date, config=config)
    if not text.strip():
        # No text to read; the markup's title, dates and language still describe the page.
        article = Article(empty_reason=hints.error or "empty-input")
        if hints.error is None:
            apply_hints(article, hints, url, config=config)
        return article
    article = _text_clean()(text, url, config=config, site_model=site_model, crawl_date=crawl_date)
    return apply_hints(article, hints, url, config=config)

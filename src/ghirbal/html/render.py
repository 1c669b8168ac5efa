"""Rendering a page: decode it, parse it once (Resiliparse's lexbor tree), and turn the tree into
both the text the text path reads and the markup's hints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ghirbal.config
from ghirbal.html.decode import decode_and_parse
from ghirbal.html.hints import HtmlHints, hints_from_tree

# The rendering options the gold sets' text was made with (their READMEs); keep them in step.
RENDER_OPTIONS: dict[str, Any] = dict(
    main_content=False, preserve_formatting=True, alt_texts=True, links=False, list_bullets=False
)


def _parse(text: str):
    from resiliparse.parse.html import HTMLTree

    return HTMLTree.parse(text)


def _render_tree(tree) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(tree, **RENDER_OPTIONS)


def render(
    html: str | bytes, *, crawl_date: datetime | None = None, config: dict[str, Any] | None = None
) -> tuple[str, HtmlHints]:
    """The page as text (one text node per line, like a WET record) and its hints. Never raises on
    bad markup; undecodable bytes give ("", hints with `error` set). `crawl_date` bounds metadata
    dates (none may be later); without it, today does."""
    cfg = (config or ghirbal.config.default())["html"]
    tree, encoding, error = decode_and_parse(html, _parse, config=config)
    if tree is None:
        return "", HtmlHints(encoding=encoding, error=error)
    try:
        hints = hints_from_tree(tree, crawl_date, cfg)
    except Exception:  # a hint must never cost the page its text
        hints = HtmlHints()
    hints.encoding = encoding
    try:
        rendered = _render_tree(tree)
    except Exception:
        rendered = ""
    return rendered, hints

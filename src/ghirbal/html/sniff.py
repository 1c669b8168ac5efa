"""Telling an HTML page from plain text, cheaply, before anything is decoded or parsed."""

from __future__ import annotations

import codecs
import re
from typing import Any

import ghirbal.config

_LEADING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<(?:!doctype\s+html|html[\s>]))",
                      re.I | re.S)
# A page whose first tag (after a BOM, blanks and comments) is a document-level one: a saved page that
# starts "<head><style>..." or "<meta charset=...>" (no doctype; a long stylesheet may fill the first KiB).
_DOCUMENT_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:head|body|meta|link|style|script|title|base)(?=[\s/>])",
                             re.I | re.S)
_TAG = re.compile(
    rb"</?(?:html|head|body|div|span|p|a|meta|link|script|style|title|table|tr|td|ul|ol|li|img|br|hr|"
    rb"section|article|header|footer|nav|main|aside|form|input|button|iframe|h[1-6]|strong|em|b|i|noscript)"
    rb"(?=[\s/>])[^<>]{0,500}>",
    re.I,
)


def looks_like_html(data: str | bytes, *, config: dict[str, Any] | None = None) -> bool:
    """Cheap: a leading `<!doctype html` / `<html`, or a first tag `<head>`, `<style>`, `<script>`,
    `<meta>`, `<link>`, `<title>`, `<body>` (after a BOM, blanks or comments), or at least
    `sniff_min_tags` known HTML tags in the first KiB that also cover a fair share of it. Plain text
    with a stray `<` or a quoted tag or two is not taken for HTML."""
    cfg = (config or ghirbal.config.default())["html"]
    size = cfg["sniff_bytes"]
    if isinstance(data, str):
        head = data[:size].encode("utf-8", "replace")
    else:
        head = bytes(data[: 2 * size])  # twice: UTF-16 spends two bytes on each ASCII character
        for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                head = head[2:].decode(name, "replace").encode("utf-8", "replace")
                break
        head = head[:size]
    if not head:
        return False
    if _LEADING.match(head) or _DOCUMENT_START.match(head):
        return True
    tags = _TAG.findall(head)
    return len(tags) >= cfg["sniff_min_tags"] and sum(map(len, tags)) >= cfg["sniff_tag_share"] * len(head.strip())

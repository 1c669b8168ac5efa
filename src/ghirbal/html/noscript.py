"""`<noscript>` as a browser reads it: raw text, so an `<iframe … />` in it closes nothing.

The parser (lexbor) reads a page as if scripting were off: `<noscript>`'s content is markup. Written
self-closed, as tag managers' snippets often are (`<noscript><iframe src="…/ns.html?id=GTM-…"
height="0" width="0" /></noscript>`), an `<iframe>` then stays open: its content is raw text up to a
`</iframe>` that never comes, and the rest of the page (a React page's streamed sections, say) is
read as the iframe's text and skipped. A browser runs scripts, reads `<noscript>` as raw text and
shows the rest. When a parse ends inside an `<iframe>` (`ends_in_iframe`: a walk down the last
children, a few steps a page), the page is parsed again with each such iframe closed where it stands
(`close_noscript_iframes`); nothing else changes, and no other page pays for a scan.
"""

from __future__ import annotations

import re

_NOSCRIPT = {str: "<noscript", bytes: b"<noscript"}
_SELF_CLOSED = {str: re.compile(r"<noscript\b[^>]*>[^<]*<iframe\b[^>]*?(\s*/>)"),
                bytes: re.compile(rb"<noscript\b[^>]*>[^<]*<iframe\b[^>]*?(\s*/>)")}
_CLOSED = {str: "></iframe>", bytes: b"></iframe>"}


def ends_in_iframe(root) -> bool:
    """Does the parsed page (its root node) end inside an `<iframe>`: the rest of the page read as the
    iframe's raw text?"""
    node = root
    while node is not None:
        if node.tag == "iframe":
            return True
        node = node.last_child
    return False


def parse(page: str | bytes, **options):
    """The lexbor parser of `page` (`options`: selectolax's parser options), parsed again with its
    `<noscript>` iframes closed when the first parse ends inside an iframe (the module's doc)."""
    from selectolax.lexbor import LexborHTMLParser

    parser = LexborHTMLParser(page, **options)
    if ends_in_iframe(parser.root):
        fixed = close_noscript_iframes(page)
        if fixed is not page:
            parser = LexborHTMLParser(fixed, **options)
    return parser


def close_noscript_iframes(page: str | bytes) -> str | bytes:
    """`page` with each self-closed `<iframe … />` that opens a `<noscript>` closed (the module's doc);
    `page` itself when there is none."""
    kind = type(page)
    opener, pattern = _NOSCRIPT[kind], _SELF_CLOSED[kind]
    at = page.find(opener)
    parts, last = [], 0
    while at >= 0:
        found = pattern.match(page, at)
        if found is not None:
            parts += (page[last:found.start(1)], _CLOSED[kind])
            last = found.end(1)
        at = page.find(opener, at + len(opener))
    if not parts:
        return page
    parts.append(page[last:])
    return page[:0].join(parts)

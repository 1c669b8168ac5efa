"""Captions: the text of a `<figcaption>`, or of an element whose class names a caption
(`lexicon/html.toml [markup.whole_classes] caption`: "wp-caption", "image-caption" ...; whole names
only, and on block elements only: "caption" is also a text style), is the article's caption, not its
story. Readers of the story skip what is printed under a picture ("The family that backpacks together... Credit: ...",
"Photo: Thomas Kuoh"), and the gold bodies leave it out.

The line rules have already read such a line with the story around it (the mark drops nothing, so
the story block is the same); a body line under a caption element then takes the role `caption`
and goes to `Article.captions`. An element of more than `block_caption_max_chars` characters is no
caption whatever its name says (a "has-caption" wrapper holding a whole section). A caption element
beside other text in its parent (a quote and its source in one `<figure>`) is an attribution, and
paragraphs inside a caption element are a diagram's explanation: both stay in the body.
"""

from __future__ import annotations

from itertools import compress
from operator import attrgetter
from typing import Any

from ghirbal.html.blocks import Block, Element, PageTree, compiled_passes
from ghirbal.model import Line

CAPTION = "caption"


def caption_blocks(tree: PageTree, cfg: dict[str, Any]) -> list[bool]:
    """Per block: is it under a caption element (at most `block_caption_max_chars` characters)?"""
    fast = compiled_passes()
    if fast is not None:  # (its C loop costs less than the Python test for a caption mark below)
        return fast.caption_blocks(tree.blocks, tree.elements, cfg["block_caption_max_chars"])
    if CAPTION not in map(attrgetter("mark"), tree.elements):  # (most pages)
        return [False] * len(tree.blocks)
    return _caption_blocks(tree.blocks, tree.elements, cfg["block_caption_max_chars"])


def _caption_blocks(blocks: list[Block], elements: list[Element], limit: int) -> list[bool]:
    """`caption_blocks` on a page with caption marks (html/_passes.pyx has it compiled)."""
    under = [False] * len(elements)  # the element or one above it is a caption (a parent comes first)
    for e, el in enumerate(elements):
        p = el.parent
        if p >= 0 and under[p]:
            under[e] = True
        elif el.mark == CAPTION and el.chars <= limit:
            # The only text of its parent (a picture and its caption); beside other text (a quote in a
            # <figure>, a diagram's steps) it is an attribution or a label the text goes on with.
            under[e] = p < 0 or elements[p].chars == el.chars
    # A paragraph inside a caption element is a diagram's explanation (documentation), not a credit line.
    return [bool(b.path) and under[b.path[-1]] and not (b.tag == "p" and elements[b.path[-1]].mark != CAPTION)
            for b in blocks]


def move_captions(lines: list[Line], tree: PageTree, cfg: dict[str, Any]) -> None:
    """Body lines under a caption element become captions."""
    for ln in compress(lines, caption_blocks(tree, cfg)):  # (most pages: none)
        if ln.role == "body":
            ln.keep(CAPTION)

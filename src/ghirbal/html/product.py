"""One product's page (the markup says so: `HtmlHints.product`, from JSON-LD or og:type).

Its content is the product: its name (the `<h1>`), price, options, description, specifications. Two
things of its layout mislead the main-container descent (`markup.judge`):

* other products: carousels and grids of cards ("similar items", "customers also viewed",
  `html.cards`) hold many short lines, often more readable text than the product's own boxes. Their
  blocks are dropped as `aside` before the descent counts the text.
* the product's boxes are spread: the name, price and buying options in one column, the description
  and specifications further down. A container that does not hold the page's `<h1>` misses the
  product's name and its buying box: it is widened to the nearest element holding both.
"""

from __future__ import annotations

from typing import Any

from ghirbal.html.ancestry import common_ancestor
from ghirbal.html.blocks import PRODUCT_MARK, Block, Element, PageTree
from ghirbal.html.cards import card_runs


def settle_marks(elements: list[Element], product: bool, least: int) -> None:
    """The product-only marks (`blocks.PRODUCT_MARK`: a class or id word of `lexicon/html.toml
    product_tokens`, "reviews"): on one product's page, an element holding at least `least`
    characters is its reviews, `comment-section`; a shorter one (the rating line beside the price),
    and any such element on another page (a review site's story), is unmarked. (In the tree itself.)"""
    for el in elements:
        if el.mark == PRODUCT_MARK:
            el.mark = "comment-section" if product and el.chars >= least else None
            el.weak = False


def _headline(blocks: list[Block], reasons: list[str | None]) -> int | None:
    """Index of the first `<h1>` block the markup keeps: the product's name."""
    return next((i for i, (b, r) in enumerate(zip(blocks, reasons)) if b.tag == "h1" and r is None and b.path), None)


def drop_cards(tree: PageTree, reasons: list[str | None], cfg: dict[str, Any]) -> None:
    """Cards below the product's name are other products: `aside` (in place). Above it, cards may be
    the product's own options (fabrics, colours): kept, unless every card of the run holds a heading
    of its own (`card_heading_tags`), an item with its own name (a strip of sponsored items above the
    name). Without an `<h1>` to tell where the product starts, cards are kept."""
    blocks = tree.blocks
    h1 = _headline(blocks, reasons)
    if h1 is None:
        return
    runs = card_runs(tree, cfg)
    if not runs:
        return
    run_of: dict[int, int] = {e: r for r, members in enumerate(runs) for e in members}
    headings = frozenset(cfg["card_heading_tags"])
    headed: list[set[int]] = [set() for _ in runs]  # per run, its cards that hold a heading
    where: list[int] = [-1] * len(blocks)  # per block, the run of the outermost card it is in
    for i, b in enumerate(blocks):
        for e in b.path:
            r = run_of.get(e)
            if r is not None:
                where[i] = r
                if b.tag in headings:
                    headed[r].add(e)
                break
    named = [len(headed[r]) == len(members) for r, members in enumerate(runs)]
    for i, r in enumerate(where):
        if r >= 0 and reasons[i] is None and (i > h1 or named[r]):
            reasons[i] = "aside"


def widen_to_headline(blocks: list[Block], elements: list[Element], reasons: list[str | None], container: int) -> int:
    """The container, or the nearest element above it that also holds the product's name (`<h1>`)."""
    h1 = _headline(blocks, reasons)
    if container < 0 or h1 is None or container in blocks[h1].path:
        return container
    return common_ancestor(elements, container, blocks[h1].path[-1])


"""One product's page (the markup says so: `HtmlHints.product`, from JSON-LD or og:type).

Its content is the product: its name (the `<h1>`), price, options, description, specifications. Two
things of its layout mislead the main-container descent (`markup.judge`):

* other products: carousels and grids of cards ("similar items", "customers also viewed",
  `html.cards`) hold many short lines, often more readable text than the product's own boxes. Their
  blocks are dropped as `aside` before the descent counts the text.
* its description, the text the gold keeps most often, is sometimes tucked away under a mark: in a
  slide-in sheet behind a "Description" button (`<aside>` in a `role=dialog`), in a closed panel. When
  the page's JSON-LD states the description and the blocks the markup dropped show it (and the kept
  ones do not), those blocks are kept (`keep_description`).
* its text is sections (the description, its specifications, its features, each under its own
  heading), not one story: the text path's story block holds one run of them, and a paragraph of
  another section, prose inside the main container that the markup keeps, is kept too
  (`keep_sections`).
* the product's boxes are spread: the name, price and buying options in one column, the description
  and specifications further down. A container that does not hold the page's `<h1>` misses the
  product's name and its buying box: it is widened to the nearest element holding both.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.html.ancestry import common_ancestor
from ghirbal.html.blocks import PRODUCT_MARK, PRODUCT_TIP_MARK, Block, Element, PageTree, compiled_passes
from ghirbal.html.cards import card_runs
from ghirbal.html.statement import stated_by, statement_grams
from ghirbal.lexicon import Lexicon
from ghirbal.model import Line
from ghirbal.normalize import fold_words
from ghirbal.story import is_prose

_TAG = re.compile(r"<[^>]*>")


def settle_marks(elements: list[Element], product: bool, least: int, tip_most: int) -> None:
    """`_settle_marks_reference`, compiled (`_passes.settle_marks`: one C loop over the elements) when built."""
    fast = compiled_passes()
    if fast is not None:
        fast.settle_marks(elements, product, least, tip_most, PRODUCT_MARK, PRODUCT_TIP_MARK)
    else:
        _settle_marks_reference(elements, product, least, tip_most)


def _settle_marks_reference(elements: list[Element], product: bool, least: int, tip_most: int) -> None:
    """The product-only marks (a class or id word of `lexicon/html.toml`): `blocks.PRODUCT_MARK`
    (`product_tokens`, "reviews"): on one product's page, an element holding at least `least`
    characters is its reviews, `comment-section`; a shorter one (the rating line beside the price) is
    unmarked. `blocks.PRODUCT_TIP_MARK` (`product_tip_tokens`, "tooltip", "tool-tip"): on one product's
    page, an element holding at most `tip_most` characters is a note shown while the pointer rests on
    what it explains (an option's explanation, a disclaimer), `hidden`; a longer one wraps more than a
    note and is unmarked. On any other page both are unmarked (a review site's story is a "review" too).
    (In the tree itself.)"""
    for el in elements:
        if el.mark == PRODUCT_MARK:
            el.mark = "comment-section" if product and el.chars >= least else None
            el.weak = False
        elif el.mark == PRODUCT_TIP_MARK:
            el.mark = "hidden" if product and el.chars <= tip_most else None
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


def keep_description(blocks: list[Block], elements: list[Element], reasons: list[str | None],
                     description: str | None, cfg: dict[str, Any]) -> None:
    """The product's declared description (JSON-LD `description`) kept where the markup dropped it
    (in place): when the blocks the markup keeps show less than `block_product_description_min_shown`
    of its words and dropped blocks show at least as much, the dropped blocks it holds are kept: those
    under the marked elements that dropped its longer ones (at least
    `block_product_description_anchor_words` words: a one-word block elsewhere, a colour in a filter
    list, is no part of it), each text once."""
    if not description:
        return
    # (shops state it as HTML too: "<p>", "&apos;")
    stated = fold_words(_TAG.sub(" ", html.unescape(description)))
    if len(stated) < cfg["block_product_description_min_words"]:
        return
    grams = statement_grams(stated)
    share = cfg["ld_body_block_share"]
    kept_texts: set[str] = set()
    shown_kept = 0
    named: list[tuple[int, int]] = []  # (block, its folded word count) of dropped blocks it holds
    for i, b in enumerate(blocks):
        words = fold_words(b.text)
        if not words or not stated_by(words, grams, share):
            continue
        if reasons[i] is None:
            if b.text not in kept_texts:
                kept_texts.add(b.text)
                shown_kept += len(words)
        elif b.path:
            named.append((i, len(words)))
    least = cfg["block_product_description_min_shown"] * len(stated)
    if shown_kept >= least or not named:
        return
    # The marked elements that dropped the statement's longer blocks (the sheet, the closed panel):
    # the first element on a block's path, from the root, whose mark is the block's reason.
    tops = set()
    for i, c in named:
        if c >= cfg["block_product_description_anchor_words"]:
            tops.add(next((e for e in blocks[i].path if elements[e].mark == reasons[i]), blocks[i].path[-1]))
    if not tops:
        return
    seen = set(kept_texts)
    chosen: list[int] = []
    shown = 0
    for i, c in named:
        b = blocks[i]
        if not tops.isdisjoint(b.path) and b.text not in seen:
            seen.add(b.text)
            chosen.append(i)
            shown += c
    if shown < least:
        return
    for i in chosen:
        reasons[i] = None


def keep_sections(lines: list[Line], feats: list[LineFeatures], reasons: list[str | None], inside: list[bool],
                  cfg: dict[str, Any], lex: Lexicon) -> None:
    """Prose that the text path left outside its story block (`outside-story`) kept when it stands
    inside the main container, the markup keeps it and it reads as a sentence (prose that ends with a
    sentence mark: `story.is_prose`, `end_punct`): a product's page is sections, and the story block is
    one run of them, often its features band, the description above it cut off by a specification
    table's short lines. (In place; `cfg`: the [lines] table.)"""
    for i, ln in enumerate(lines):
        if (ln.reason == "outside-story" and inside[i] and reasons[i] is None and feats[i].end_punct
                and is_prose(feats[i], cfg, lex)):
            ln.keep("body")

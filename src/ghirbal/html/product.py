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
  another section, prose inside the main container that the markup keeps, is kept too, and so are the
  cells of its specification tables (`keep_sections`).
* its page prints data that is no text: a picture's address, colour codes run together, tracking
  ids (`drop_unreadable`), a theme's raw fields under their database keys (`drop_field_keys`), and a video's fallback text (`drop_media_fallback`); a comparison grid of
  the other products goes with their cards (`drop_cards`).
* the product's boxes are spread: the name, price and buying options in one column, the description
  and specifications further down. A container that does not hold the page's `<h1>` misses the
  product's name and its buying box: it is widened to the nearest element holding both.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.features import _ends_sentence as ends_sentence  # (the text path's sentence end)
from ghirbal.html.ancestry import common_ancestor
from ghirbal.html.blocks import (PRODUCT_MARK, PRODUCT_NOTE_MARK, PRODUCT_TIP_MARK, Block, Element, MarkupLexicon,
                                 PageTree, compiled_passes)
from ghirbal.html.cards import card_runs
from ghirbal.html.prose import keep_container_prose
from ghirbal.html.statement import stated_by, statement_grams
from ghirbal.lexicon import Lexicon
from ghirbal.model import Article, Line
from ghirbal.normalize import fold_words

_TAG = re.compile(r"<[^>]*>")
_NAMES = re.compile(rb"""(?<![\w-])(?:class|id)\s*=\s*["']([^"']*)["']""", re.I)  # (not data-id=)
_NAME_WORDS = re.compile(rb"[a-z]+")
_CAMEL = re.compile(rb"([a-z])([A-Z])")


def settle_marks(elements: list[Element], product: bool, least: int, tip_most: int, note_least: int) -> None:
    """The product-only marks (a class or id word of `lexicon/html.toml`): `blocks.PRODUCT_MARK`
    (`product_tokens`, "reviews"): on one product's page, an element holding at least `least`
    characters is its reviews, `comment-section`; a shorter one (the rating line beside the price) is
    unmarked. `blocks.PRODUCT_TIP_MARK` (`product_tip_tokens`, "tooltip", "tool-tip"): on one product's
    page, an element holding at most `tip_most` characters is a note shown while the pointer rests on
    what it explains (an option's explanation, a disclaimer), `hidden`; a longer one wraps more than a
    note and is unmarked. `blocks.PRODUCT_NOTE_MARK` (`product_note_tokens`, "disclaimer", "legal"): on
    one product's page, an element holding at least `note_least` characters is the small print below
    it (a maker's numbered disclaimers, a legal notice), `aside`; a shorter one is the condition beside
    a price or an offer ("Discount available for new customers only"), unmarked. On any other page all
    three are unmarked (a review site's story is a "review" too, an article's disclaimer may be its
    text). (In the tree itself; compiled with the markup's other settling steps:
    `markup.prepare_marks_reference`.)"""
    for el in elements:
        if el.mark == PRODUCT_MARK:
            el.mark = "comment-section" if product and el.chars >= least else None
            el.weak = False
        elif el.mark == PRODUCT_TIP_MARK:
            el.mark = "hidden" if product and el.chars <= tip_most else None
            el.weak = False
        elif el.mark == PRODUCT_NOTE_MARK:
            el.mark = "aside" if product and el.chars >= note_least else None
            el.weak = False


def _headline(blocks: list[Block], reasons: list[str | None]) -> int | None:
    """Index of the first `<h1>` block the markup keeps: the product's name."""
    return next((i for i, (b, r) in enumerate(zip(blocks, reasons)) if b.tag == "h1" and r is None and b.path), None)


def drop_cards(tree: PageTree, reasons: list[str | None], cfg: dict[str, Any]) -> None:
    """Cards below the product's name are other products: `aside` (in place). Above it, cards may be
    the product's own options (fabrics, colours): kept, unless every card of the run holds a heading
    of its own (`card_heading_tags`), an item with its own name (a strip of sponsored items above the
    name). Without an `<h1>` to tell where the product starts, cards are kept. The rest of a dropped
    run's frame goes with it (`_drop_grid_rows`)."""
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
    dropped: set[int] = set()  # the runs dropped
    for i, r in enumerate(where):
        if r >= 0 and reasons[i] is None and (i > h1 or named[r]):
            reasons[i] = "aside"
            dropped.add(r)
    for r in dropped:
        _drop_grid_rows(blocks, tree.elements[runs[r][0]].parent, reasons, cfg)


def _drop_grid_rows(blocks: list[Block], grid: int, reasons: list[str | None], cfg: dict[str, Any]) -> None:
    """The other lines beside a run of other products' cards, in the element that holds the run, are
    `aside` too (in place) when none of them reads as prose: a comparison grid's rows under its header
    of models (prices, review counts, "Bit Count" | "64"), a carousel's counter and arrows. A line reads
    as prose with at least `block_product_grid_prose_words` words, or `block_product_grid_sentence_words`
    ending as a sentence: then the element is more than the run's frame (a column of the page)."""
    rows = [i for i, b in enumerate(blocks) if reasons[i] is None and grid in b.path]
    long_words, sentence_words = cfg["block_product_grid_prose_words"], cfg["block_product_grid_sentence_words"]
    for i in rows:
        words = len(blocks[i].text.split())
        if words >= long_words or (words >= sentence_words and ends_sentence(blocks[i].text)):
            return
    for i in rows:
        reasons[i] = "aside"


def drop_media_fallback(blocks: list[Block], elements: list[Element], reasons: list[str | None],
                        tags: frozenset[str]) -> None:
    """Text inside a `<video>` or `<audio>` (`block_product_fallback_tags`) is `hidden` (in place): a
    browser shows it only when it cannot play the media ("Your user agent does not support the HTML5
    Video element."). On other pages it stays: a science page puts a visualization's description
    there."""
    for i, b in enumerate(blocks):
        if reasons[i] is None and any(elements[e].tag in tags for e in b.path):
            reasons[i] = "hidden"


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


def keep_sections(lines: list[Line], feats: list[LineFeatures], blocks: list[Block], reasons: list[str | None],
                  inside: list[bool], cfg: dict[str, Any], html_cfg: dict[str, Any], lex: Lexicon) -> None:
    """Lines of the product's other sections that the text path dropped for their shape (in place), when
    they stand inside the main container and the markup keeps them. A product's page is sections (the
    description, its specifications, its features band, each under its own heading), not one story:
    the story block is one run of them, often the features band, the description above it cut off by a
    specification table's short lines.

    * Prose (`prose.keep_container_prose`) dropped as `outside-story` (outside the story block) or
      `headline-list` (the shape of another story's headline: a long synopsis the block model scored
      below zero is no headline).
    * The cells of a specification table (`block_product_spec_tags`: "Material" | "Anodized Aluminum"),
      dropped as a menu's or a headline's short lines (`block_product_spec_reasons`).
    (`cfg`: the [lines] table; `html_cfg`: the [html] table.)"""
    keep_container_prose(lines, feats, reasons, inside, ("outside-story", "headline-list"), cfg, lex)
    spec_tags = frozenset(html_cfg["block_product_spec_tags"])
    spec_reasons = frozenset(html_cfg["block_product_spec_reasons"])
    for i, ln in enumerate(lines):
        if not ln.kept and inside[i] and reasons[i] is None and ln.reason in spec_reasons \
                and blocks[i].tag in spec_tags:
            ln.keep("body")


def drop_unreadable(lines: list[Line], cfg: dict[str, Any]) -> None:
    """Kept lines that do not read as words dropped as `short-link-like` (in place): at least
    `block_product_unreadable_min_chars` characters with more than `block_product_max_word_chars`
    characters a word (words set apart by spaces). A product's page prints such a line only from its
    data: a picture's address ("https://cdn…/5001_STAPLE_TEE_BONE_THUMB.jpg" in a theme's hidden field
    list), a list of colour codes run together with commas, a marketplace's chain of tracking ids;
    never in its description. (Inside the story block the text path keeps a link-like line that scores
    above zero; on other pages such a line may be the text: a command, a file's path, a list of
    partner sites.)"""
    least, most = cfg["block_product_unreadable_min_chars"], cfg["block_product_max_word_chars"]
    for ln in lines:
        if ln.kept:
            text = ln.text.strip()
            if len(text) >= least and len(text) > most * len(text.split()):
                ln.drop("short-link-like", "no words")


_FIELD_KEY = re.compile(r"[^\W_]+(?:_[^\W_]+)+:?")


def drop_field_keys(lines: list[Line], blocks: list[Block], cfg: dict[str, Any]) -> None:
    """A field list that prints its fields' keys (in place): a term of a definition list or a table's
    header cell (`block_product_key_tags`) that reads as one identifier of words joined by underscores
    ("retail_price_tier1:", "cat_thumb_Bone:") names a field of the shop's database, not a
    specification a writer named ("Fabric", "Fit"): it and the value cells right after it
    (`block_product_spec_tags`) drop as `short-link-like`. A theme's raw custom fields, never the
    product's text."""
    keys = frozenset(cfg["block_product_key_tags"])
    cells = frozenset(cfg["block_product_spec_tags"]) - keys
    i, n = 0, len(lines)
    while i < n:
        if blocks[i].tag in keys and _FIELD_KEY.fullmatch(lines[i].text.strip()):
            lines[i].drop("short-link-like", "a field's key")
            i += 1
            while i < n and blocks[i].tag in cells:
                lines[i].drop("short-link-like", "a field's key")
                i += 1
        else:
            i += 1


def name_first(article: Article) -> None:
    """The product's name (the page's line read as its headline, `<h1>`) opens its body (in place),
    unless the body opens with it already. An article's headline stands apart from its story; a
    product's name is part of what the page says of it, as its price and description are, and a
    product page's text starts with it (the gold of wcxb-dev's product pages). Only a line of the page
    (never a title taken from the markup's hints alone), and only beside a body."""
    if not article.paragraphs:
        return
    name = next((ln.text for ln in article.lines if ln.role == "title"), None)
    if name and article.paragraphs[0] != name:
        article.paragraphs.insert(0, name)


def headline_names_product(source: bytes, pairs: list[list[str]], reach: int, lex: MarkupLexicon) -> bool:
    """Does an `<h1>` of the page, or an element inside it, have a class or id name holding both words
    of one of `pairs` ("product-title", "productTitle", "product_name")? A shop's theme names the
    element of the product's title so; a page without product markup is told by it (`HtmlHints.product`).
    A name that also holds a word marking boilerplate (`lex.tokens`: "ProductNav__title", a menu of a
    company's products) names no product's title. The source is searched (the walk keeps no class
    names): each `<h1` and at most `reach` bytes after it, up to its `</h1`; `<H1` only on a page
    without a `<h1` (`_passes.tag_starts`: both searches in one pass over the page, its cost)."""
    wanted = [(a.encode(), b.encode()) for a, b in pairs]
    marks = lex.tokens.keys()
    fast = compiled_passes()  # (memchr for "<": several times cheaper than bytes.find's two scans)
    starts = fast.tag_starts(source, b"<h1", b"<H1") if fast is not None else _tag_starts_reference(
        source, b"<h1", b"<H1")
    for at in starts:
        start = at + 3
        end = source.find(source[at:at + 3].replace(b"<", b"</"), start, start + reach)  # (its own close)
        for value in _NAMES.findall(source, start, end if end >= 0 else start + reach):
            for name in value.split():
                words = set(_NAME_WORDS.findall(_CAMEL.sub(rb"\1 \2", name).lower()))
                if any(a in words and b in words for a, b in wanted) and marks.isdisjoint(
                        w.decode() for w in words):
                    return True
    return False


def _tag_starts_reference(source: bytes, lower: bytes, upper: bytes) -> list[int]:
    """The offsets of `lower` in `source` ("<h1"), or where it is nowhere, of `upper` ("<H1")
    (`_passes.tag_starts`' reference)."""
    for key in (lower, upper):
        starts = []
        at = source.find(key)
        while at >= 0:
            starts.append(at)
            at = source.find(key, at + len(key))
        if starts:
            return starts
    return []

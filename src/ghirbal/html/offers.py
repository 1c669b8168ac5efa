"""A grid of offers: cards that are the page's content, whatever their class words say.

A services page lays its offers out as a grid of cards, each one link round a heading and a sentence
that says what the service does ("AI & Engineering / Leverage engineering-led design … / Find out
more"). Page builders name such boxes "promo", words that mark a sidebar's box elsewhere, and a card
is all link text, so the weak mark drops it: the page loses its content. On a page of no declared kind
(no product, thread or Q&A), the runs of cards (`html.cards`) of one shape, each card holding a heading
(`card_heading_tags`) and a block of at least `block_offer_min_chars` characters, that together hold
at least `block_offer_min_share` of the page's characters are its content (a grid laid out in rows is
a run a row): the weak marks of `block_offer_marks` on the cards, inside them, and on the elements
above them that hold little but the grid (`block_offer_wrapper_share`) are cleared. A strip of
teasers beside a story is a small share of its page, and a mark that is not a class word (`<aside>`,
`<nav>`, a hidden box) still holds.
"""

from __future__ import annotations

from typing import Any

from ghirbal.html.blocks import Block, Element, PageTree, compiled_passes
from ghirbal.html.cards import card_runs, card_shapes


def unmark_offer_cards(tree: PageTree, cfg: dict[str, Any], total: int) -> None:
    """Clear the weak marks of a grid of offers (the module's doc) in the tree itself; `total`: the
    page's characters."""
    runs = card_runs(tree, cfg)
    if not runs:
        return
    blocks, elements = tree.blocks, tree.elements
    least_chars = cfg["block_offer_min_share"] * total
    # (cheapest first: a grid is some of the runs, so all of them must hold the share; then the runs
    # whose cards each hold a heading and a sentence must, before their shapes are read)
    if _chars(elements, runs) < least_chars:
        return
    fast = compiled_passes()
    heads = frozenset(cfg["card_heading_tags"])
    ok = (fast.offer_rows if fast is not None else offer_rows)(blocks, elements, runs, heads,
                                                               cfg["block_offer_min_chars"])
    offers = [members for members, holds in zip(runs, ok) if holds]
    if _chars(elements, offers) < least_chars:
        return
    shapes = (fast.card_shapes if fast is not None else card_shapes)(blocks, elements, tree.hints.empty_links)[2]
    grids: dict[tuple[str, int], list[list[int]]] = {}  # the rows of one card shape
    for members in offers:
        grids.setdefault((elements[members[0]].tag, shapes[members[0]]), []).append(members)
    marks = frozenset(cfg["block_offer_marks"])
    for rows in grids.values():
        grid_chars = _chars(elements, rows)
        if grid_chars >= least_chars:
            for members in rows:
                _unmark_run(elements, members, marks, grid_chars, cfg["block_offer_wrapper_share"])


def offer_rows(blocks: list[Block], elements: list[Element], runs: list[list[int]], headings: frozenset[str],
               least: int) -> list[bool]:
    """Per run of cards: does each card hold a heading block (a tag of `headings`) and another block
    of at least `least` characters? (html/_passes.pyx has it compiled.)"""
    heading = [False] * len(elements)
    sentence = [False] * len(elements)
    for b in blocks:
        if b.path:
            if b.tag in headings:
                heading[b.path[-1]] = True
            elif b.chars >= least:
                sentence[b.path[-1]] = True
    for e in range(len(elements) - 1, 0, -1):  # (children before parents)
        p = elements[e].parent
        if p >= 0:
            heading[p] = heading[p] or heading[e]
            sentence[p] = sentence[p] or sentence[e]
    return [all(heading[e] and sentence[e] for e in members) for members in runs]


def _chars(elements: list[Element], rows: list[list[int]]) -> int:
    return sum(elements[e].chars for members in rows for e in members)


def _unmark_run(elements: list[Element], members: list[int], marks: frozenset[str], grid_chars: int,
                share: float) -> None:
    """Clear the weak `marks` on the cards, under them, and above them on the elements whose text is
    at least `share` the grid's (`grid_chars`)."""
    under = set(members)
    last = max(members)
    for e in range(min(members), len(elements)):  # (a parent comes before its children)
        el = elements[e]
        if e in under or el.parent in under:
            under.add(e)
            if el.weak and el.mark in marks:
                el.mark, el.weak = None, False
        elif e > last:
            break  # (past the last card's elements: nothing after is under a card)
    p = elements[members[0]].parent
    while p >= 0 and grid_chars >= share * elements[p].chars:
        el = elements[p]
        if el.weak and el.mark in marks:
            el.mark, el.weak = None, False
        p = el.parent

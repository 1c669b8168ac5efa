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

from ghirbal.html.blocks import Element, PageTree, compiled_passes
from ghirbal.html.cards import card_runs, card_shapes


def unmark_offer_cards(tree: PageTree, cfg: dict[str, Any], total: int) -> None:
    """Clear the weak marks of a grid of offers (the module's doc) in the tree itself; `total`: the
    page's characters."""
    runs = card_runs(tree, cfg)
    if not runs:
        return
    blocks, elements = tree.blocks, tree.elements
    least_chars = cfg["block_offer_min_share"] * total
    fast = compiled_passes()
    shapes = (fast.card_shapes if fast is not None else card_shapes)(blocks, elements, tree.hints.empty_links)[2]
    grids: dict[tuple[str, int], list[list[int]]] = {}  # the rows of one card shape
    for members in runs:
        grids.setdefault((elements[members[0]].tag, shapes[members[0]]), []).append(members)
    # (the share first: most pages have no grid that large, and the cards' contents need not be read)
    grids = {k: rows for k, rows in grids.items() if _chars(elements, rows) >= least_chars}
    if not grids:
        return
    # Per element: a heading block at or under it, a long block at or under it (children before parents).
    headings, least = frozenset(cfg["card_heading_tags"]), cfg["block_offer_min_chars"]
    heading = [False] * len(elements)
    sentence = [False] * len(elements)
    for b in blocks:
        if b.path:
            if b.tag in headings:
                heading[b.path[-1]] = True
            elif b.chars >= least:
                sentence[b.path[-1]] = True
    for e in range(len(elements) - 1, 0, -1):
        p = elements[e].parent
        if p >= 0:
            heading[p] = heading[p] or heading[e]
            sentence[p] = sentence[p] or sentence[e]
    marks = frozenset(cfg["block_offer_marks"])
    for rows in grids.values():
        offers = [members for members in rows if all(heading[e] and sentence[e] for e in members)]
        grid_chars = _chars(elements, offers)
        if offers and grid_chars >= least_chars:
            for members in offers:
                _unmark_run(elements, members, marks, grid_chars, cfg["block_offer_wrapper_share"])


def _chars(elements: list[Element], rows: list[list[int]]) -> int:
    return sum(elements[e].chars for members in rows for e in members)


def _unmark_run(elements: list[Element], members: list[int], marks: frozenset[str], grid_chars: int,
                share: float) -> None:
    """Clear the weak `marks` on the cards, under them, and above them on the elements whose text is
    at least `share` the grid's (`grid_chars`)."""
    under = set(members)
    for e in range(min(members), len(elements)):  # (a parent comes before its children)
        el = elements[e]
        if e in under or el.parent in under:
            under.add(e)
            if el.weak and el.mark in marks:
                el.mark, el.weak = None, False
    p = elements[members[0]].parent
    while p >= 0 and grid_chars >= share * elements[p].chars:
        el = elements[p]
        if el.weak and el.mark in marks:
            el.mark, el.weak = None, False
        p = el.parent

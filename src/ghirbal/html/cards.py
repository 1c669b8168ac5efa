"""Cards: runs of sibling elements built alike, each holding a few blocks and a link.

A carousel of other products, a "similar items" strip, a grid of tiles: each item a box with a name,
a price, a rating and a link to its own page, the boxes side by side under one parent. Built alike
means the same tag holding the same kinds of elements (the shape, `card_runs`): one card may show a badge or an
old price that the next lacks, so the shape is the set of tags under the element, not their order or
count. What the cards are worth depends on the page: on one product's page they are other products
(`html.product`); on a shop's category page they are its content.
"""

from __future__ import annotations

from typing import Any, Sequence

from ghirbal.html.blocks import Block, Element, PageTree, compiled_passes


def card_shapes(blocks: list[Block], elements: list[Element],
                empty_links: Sequence[int] = ()) -> tuple[list[int], list[int], list[int]]:
    """Per element: the blocks under it, those of them with a link, and its shape (the set of tags at
    and under it, as a bit mask). `empty_links`: the elements that hold an `<a href>` with no text
    (`RawHints.empty_links`: an overlay link laid over a card, its name only in `aria-label`; a linked
    picture), a link each. (html/_passes.pyx has it compiled.)"""
    n = len(elements)
    block_count = [0] * n
    link_count = [0] * n
    for b in blocks:
        if b.path:
            block_count[b.path[-1]] += 1
            link_count[b.path[-1]] += b.links or b.link_chars > 0
    for e in empty_links:
        link_count[e] += 1
    parents = [el.parent for el in elements]
    bit: dict[str, int] = {}
    masks = [1 << bit.setdefault(el.tag, len(bit)) for el in elements]
    for e in range(n - 1, -1, -1):  # a parent comes before its children
        p = parents[e]
        if p >= 0:
            block_count[p] += block_count[e]
            link_count[p] += link_count[e]
            masks[p] |= masks[e]
    return block_count, link_count, masks


def card_runs(tree: PageTree, cfg: dict[str, Any]) -> list[list[int]]:
    """The runs of cards: each a list of sibling element ids, at least `card_min_run` of one shape,
    each holding at least `card_min_blocks` blocks and a link. An element's shape: its tag and the set
    of tags under it (itself included), as a bit mask. (html/_passes.pyx has it compiled.)"""
    key = (cfg["card_min_blocks"], cfg["card_min_run"])
    runs = tree.card_runs.get(key)
    if runs is None:
        fast = compiled_passes()
        runs = tree.card_runs[key] = (fast.card_runs if fast is not None else _card_runs)(
            tree.blocks, tree.elements, key[0], key[1], tree.hints.empty_links)
    return runs


def _card_runs(blocks: list[Block], elements: list[Element], min_blocks: int, min_run: int,
               empty_links: Sequence[int] = ()) -> list[list[int]]:
    """`card_runs` in Python."""
    block_count, link_count, masks = card_shapes(blocks, elements, empty_links)
    runs: dict[tuple[int, str, int], list[int]] = {}
    for e, el in enumerate(elements):
        if block_count[e] >= min_blocks and link_count[e] > 0:
            runs.setdefault((el.parent, el.tag, masks[e]), []).append(e)
    return [members for members in runs.values() if len(members) >= min_run]


def card_blocks(tree: PageTree, cfg: dict[str, Any]) -> list[bool]:
    """Per block, is it inside a card (`card_runs`)?"""
    elements, blocks = tree.elements, tree.blocks
    card = [False] * len(elements)
    for members in card_runs(tree, cfg):
        for e in members:
            card[e] = True
    for e, el in enumerate(elements):  # down from each card to everything under it
        if el.parent >= 0 and card[el.parent]:
            card[e] = True
    return [bool(b.path) and card[b.path[-1]] for b in blocks]

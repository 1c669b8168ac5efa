"""A page whose content is a list of cards (job offers, posts, courses, threads), each a linked title
with a few lines: most of its text is link text, so the main-container descent (`markup.judge`), which
counts the text outside links, lands on the page's few lines of prose (an intro paragraph) or on
nothing. When the page's largest run of cards (`html.cards`) holds a good share of the page's text
(`block_list_share`) and at least as much as the container found (`block_list_ratio` of its readable
text), the container is widened to hold the run. Runs inside a marked element (a menu, a sidebar, even
one whose mark the veto lifted) are menus, not content; a product page's cards are other products
(`html.product`), never its content.
"""

from __future__ import annotations

from typing import Any

from ghirbal.html.ancestry import common_ancestor, marked_at_or_above
from ghirbal.html.blocks import Block, Element, PageTree, compiled_passes
from ghirbal.html.cards import card_runs


def widen_to_list(tree: PageTree, reasons: list[str | None], container: int, readable: list[int],
                  cfg: dict[str, Any]) -> int:
    """The container, or the nearest element holding it and the page's largest run of cards."""
    elements = tree.elements
    runs = [m for m in card_runs(tree, cfg) if not marked_at_or_above(elements, m[0])]
    if not runs:
        return container
    fast = compiled_passes()
    text, total = (fast.run_texts if fast is not None else _run_texts)(tree.blocks, elements, reasons, runs)
    best = max(range(len(runs)), key=text.__getitem__)
    here = readable[container] if container >= 0 else 0
    if text[best] < cfg["block_list_share"] * total or text[best] < cfg["block_list_ratio"] * here:
        return container
    parent = elements[runs[best][0]].parent
    if container < 0 or parent < 0:
        return parent
    return common_ancestor(elements, container, parent)


def _run_texts(blocks: list[Block], elements: list[Element], reasons: list[str | None],
               runs: list[list[int]]) -> tuple[list[int], int]:
    """Each run's text (link text included) of the blocks the markup keeps, and all those blocks' text.
    (html/_passes.pyx has it compiled.)"""
    # Per element, the run of the outermost card at or above it (-1: none); a parent comes first.
    run_at = [-1] * len(elements)
    for r, members in enumerate(runs):
        for e in members:
            run_at[e] = r
    for e, el in enumerate(elements):
        if el.parent >= 0 and run_at[el.parent] >= 0:
            run_at[e] = run_at[el.parent]
    text = [0] * len(runs)
    total = 0
    for b, why in zip(blocks, reasons):
        if why is None:
            total += b.chars
            r = run_at[b.path[-1]] if b.path else -1
            if r >= 0:
                text[r] += b.chars
    return text, total

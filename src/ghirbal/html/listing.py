"""A page whose content is a list of cards (job offers, posts, courses, threads), each a linked title
with a few lines: most of its text is link text, so the main-container descent (`markup.judge`), which
counts the text outside links, lands on the page's few lines of prose (an intro paragraph) or on
nothing. When the page's largest run of cards (`html.cards`) holds a good share of the page's text
(`block_list_share`) and at least as much as the container found (`block_list_ratio` of its readable
text), the container is widened to hold the run. Runs inside a marked element (a menu, a sidebar, even
one whose mark the veto lifted) are menus, not content; a product page's cards are other products
(`html.product`), never its content. A blog index whose posts are each a linked heading and a picture
is such a list too (`headline_runs`): one block an item, no card.

On a page whose container is a list, the container's prose that the text path left outside its story
block (the intro above the grid) is kept (`keep_list_intro`).

Inside a container that is such a list (`list_cards`: a run of cards holding `block_list_card_share`
of the container's text), each card's headline is an item of the list: the text path's rule that drops
a headline-shaped line sharing few words with the story (`headline-list`: a teaser of another story
between paragraphs) does not hold there (`keep_list_items`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.html.ancestry import common_ancestor, marked_at_or_above, outermost_above
from ghirbal.html.blocks import Block, Element, PageTree, compiled_passes
from ghirbal.html.cards import card_runs
from ghirbal.html.prose import keep_container_prose
from ghirbal.lexicon import Lexicon
from ghirbal.model import Line


def widen_to_list(tree: PageTree, reasons: list[str | None], container: int, readable: list[int],
                  cfg: dict[str, Any]) -> int:
    """The container, or the nearest element holding it and the page's largest run of cards."""
    elements = tree.elements
    found = list_runs(tree, reasons, cfg)
    wrappers = page_forms(elements, found, cfg["block_list_page_form_share"])
    runs = [m for m in found if not marked_at_or_above(elements, m[0], wrappers)]
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


def page_forms(elements: list[Element], runs: list[list[int]], share: float) -> frozenset[int]:
    """The `<form>` elements above the runs that hold the whole page (at least `share` of its text, the
    root's): ASP.NET's Web Forms wrap a page's body in one. Its mark is lifted for the page's own text
    (it holds more than half the page), and it marks no run of cards either: the shop's grid inside it
    is no form's. (Only the runs' ancestors are read: most pages have no form above any run.)"""
    forms: set[int] = set()
    root = -1
    for m in runs:
        e = m[0]
        while e >= 0:
            el = elements[e]
            if el.tag == "form" and el.mark == "form":
                forms.add(e)
            root, e = e, el.parent
    if not forms:
        return frozenset()
    least = share * elements[root].chars
    return frozenset(e for e in forms if elements[e].chars >= least)


def list_runs(tree: PageTree, reasons: list[str | None], cfg: dict[str, Any]) -> list[list[int]]:
    """The runs a list page is made of: runs of cards (`html.cards`) and of linked headings
    (`headline_runs`)."""
    return card_runs(tree, cfg) + headline_runs(tree, reasons, cfg)


def headline_runs(tree: PageTree, reasons: list[str | None], cfg: dict[str, Any]) -> list[list[int]]:
    """Runs of items that are each no more than a linked heading (a blog index's posts: an `<article>`
    holding a picture and its linked `<h2>`): at least `card_min_run` sibling elements of one tag, each
    holding one heading (`card_heading_tags`) whose text is mostly link text (`block_link_share`), at
    the same depth above it. Such an item is one block, no card (`card_min_blocks`), and the descent,
    counting text outside links, finds none of it. (html/_passes.pyx has it compiled.)"""
    fast = compiled_passes()
    return (fast.headline_runs if fast is not None else _headline_runs)(
        tree.blocks, tree.elements, reasons, frozenset(cfg["card_heading_tags"]), cfg["block_link_share"],
        cfg["block_list_heading_depth"], cfg["card_min_run"])


def _headline_runs(blocks: list[Block], elements: list[Element], reasons: list[str | None], tags: frozenset[str],
                   share: float, depth: int, min_run: int) -> list[list[int]]:
    """`headline_runs` in Python."""
    found: dict[tuple[int, str, int], dict[int, int]] = {}  # (list, item tag, depth) -> item -> headings
    for b, why in zip(blocks, reasons):
        if why is not None or b.tag not in tags or not b.path or b.link_chars < share * b.chars or not b.chars:
            continue
        for k in range(min(depth, len(b.path))):
            item = b.path[-1 - k]
            items = found.setdefault((elements[item].parent, elements[item].tag, k), {})
            items[item] = items.get(item, 0) + 1
    return [list(items) for items in found.values() if len(items) >= min_run and all(n == 1 for n in items.values())]


def _run_at(elements: list[Element], runs: list[list[int]]) -> list[int]:
    """Per element, the run of the outermost card at or above it (-1: none)."""
    run_of = {e: r for r, members in enumerate(runs) for e in members}
    return [run_of[o] if o >= 0 else -1 for o in outermost_above(elements, list(run_of))]


def _run_texts(blocks: list[Block], elements: list[Element], reasons: list[str | None],
               runs: list[list[int]]) -> tuple[list[int], int]:
    """Each run's text (link text included) of the blocks the markup keeps, and all those blocks' text.
    (html/_passes.pyx has it compiled.)"""
    run_at = _run_at(elements, runs)
    text = [0] * len(runs)
    total = 0
    for b, why in zip(blocks, reasons):
        if why is None:
            total += b.chars
            r = run_at[b.path[-1]] if b.path else -1
            if r >= 0:
                text[r] += b.chars
    return text, total


def list_cards(tree: PageTree, reasons: list[str | None], inside: list[bool], cfg: dict[str, Any]) -> list[bool]:
    """Per block: is it in a card of a run that is the container's list, a run whose blocks (kept by
    the markup, inside the container) hold at least `block_list_card_share` of the text the markup
    keeps in the container, link text included?"""
    n = len(tree.blocks)
    if not any(inside):
        return [False] * n
    runs = list_runs(tree, reasons, cfg)
    if not runs:
        return [False] * n
    fast = compiled_passes()
    return (fast.list_cards if fast is not None else _list_cards)(tree.blocks, tree.elements, reasons, inside, runs,
                                                                   cfg["block_list_card_share"])


def _list_cards(blocks: list[Block], elements: list[Element], reasons: list[str | None], inside: list[bool],
                runs: list[list[int]], share: float) -> list[bool]:
    """`list_cards` once the runs are found. (html/_passes.pyx has it compiled.)"""
    n = len(blocks)
    run_at = _run_at(elements, runs)
    of = [run_at[b.path[-1]] if b.path else -1 for b in blocks]
    text = [0] * len(runs)
    total = 0
    for i, b in enumerate(blocks):
        if inside[i] and reasons[i] is None:
            total += b.chars
            if of[i] >= 0:
                text[of[i]] += b.chars
    lists = {r for r, t in enumerate(text) if total and t >= share * total}
    return [inside[i] and reasons[i] is None and of[i] in lists for i in range(n)]


def keep_list_items(lines: list[Line], feats: list[LineFeatures], block: tuple[int, int] | None,
                    cards: list[bool], max_word_chars: float) -> None:
    """Inside the story block, a line of a list's card that the text path dropped as `headline-list`
    for sharing few words with the story (no detail: not the per-site "also on other pages" rule) is
    an item of the list, kept as body (in place), when it is the only line of its key on the page (an
    item's own name, not a field that every card repeats with other numbers, "Mar 16-20") and shows no
    date (a card's date line is a stamp, as on any page), and reads as words: at most `max_word_chars`
    characters a word (`block_list_item_max_word_chars`; a card's tag links run together without a
    space, "ShooterMultiplayerPvP", read as a few overlong words).
    So is a card's line dropped as `title-repeat` whose text no other line of the page has: the page's
    headline is a word every card shows with its own value ("Score" above "score: 4,390,681 …"), each
    card's value is the item's; a label every card repeats word for word ("Add to wishlist") stays
    dropped."""
    if block is None or not any(cards):
        return
    b0, b1 = block
    texts = None
    for i in range(b0, min(b1, len(lines) - 1) + 1):
        ln, f = lines[i], feats[i]
        if not cards[i]:
            continue
        if ln.reason == "headline-list" and ln.detail is None and f.repeats <= 1 and not f.date_share \
                and len(ln.text) <= max_word_chars * max(1, f.words):
            ln.keep("body")
        elif ln.reason == "title-repeat":
            if texts is None:
                texts = Counter(x.text for x in lines)
            if texts[ln.text] == 1:
                ln.keep("body")


def keep_list_intro(lines: list[Line], feats: list[LineFeatures], reasons: list[str | None], inside: list[bool],
                    cards: list[bool], cfg: dict[str, Any], lex: Lexicon) -> None:
    """On a page whose container is a list (`cards`: `list_cards`), the prose the text path dropped as
    `outside-story` inside the container is kept (`prose.keep_container_prose`, in place): the list's
    intro or closing paragraph (what the category holds, how to choose), set apart from the run of
    cards, the story block, by a heading or a filter bar. (`cfg`: the [lines] table.)"""
    if any(cards):
        keep_container_prose(lines, feats, reasons, inside, ("outside-story",), cfg, lex)

"""The JSON-LD `articleBody` as a hint to where the story is: a strong one, never trusted blindly.

A publisher that states its article's text in JSON-LD says which of the page's blocks are the story.
The statement is often truncated (a teaser of 30 words), stale (an older version of the text), or
another object's (a forum's first post only): it is used only when the page shows it, that is when
blocks whose text is a run of its words cover at least `ld_body_min_shown` of them, and it has at
least `ld_body_min_words` words.

Then the story's container is the innermost element that holds every block it names (the markup's
own descent may have stopped at the page's wrapper or gone down into one column of the story), and
inside it the blocks it does not name (boxes, deal cards, an author's bio, "related" lists) lose the
container's bonus: the line rules judge them on their own. Blocks outside stay as they were judged.
When the page shows more prose inside that container than the statement holds
(`ld_body_max_unnamed_share` of the named words, in blocks of `ld_body_prose_words` words or more),
the statement is a truncated one: only the container is taken from it.
"""

from __future__ import annotations

from typing import Any

from ghirbal.html.blocks import PageTree
from ghirbal.html.markup import Judgement
from ghirbal.normalize import fold_words


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def named_blocks(tree: PageTree, reasons: list[str | None], body: str, share: float) -> list[bool]:
    """Per block: does the statement hold its text, at least `share` of its word triples (pairs or
    words for blocks of fewer words; folded)? The statement's text is the page's with its spacing and
    markup lost ("20% off.Shopping"), its links and notes sometimes left out: a share, not an exact run.
    Blocks the markup dropped are not looked at."""
    stated = fold_words(body)
    grams = {n: _shingles(stated, n) for n in (1, 2, 3)}
    named = [False] * len(tree.blocks)
    for i, b in enumerate(tree.blocks):
        if reasons[i] is not None:
            continue
        words = fold_words(b.text)
        if not words:
            continue
        n = min(3, len(words))
        own = [tuple(words[k:k + n]) for k in range(len(words) - n + 1)]
        named[i] = sum(g in grams[n] for g in own) >= share * len(own)
    return named


def follow_article_body(tree: PageTree, verdict: Judgement, body: str | None, cfg: dict[str, Any]) -> bool:
    """Move the verdict's container and bonuses to the blocks the page's `articleBody` names (in place);
    True when the statement was used."""
    if not body:
        return False
    stated_words = len(fold_words(body))
    if stated_words < cfg["ld_body_min_words"]:
        return False
    blocks, elements = tree.blocks, tree.elements
    named = named_blocks(tree, verdict.reasons, body, cfg["ld_body_block_share"])
    seen: set[str] = set()
    shown = 0
    for b, n in zip(blocks, named):
        if n and b.text not in seen:  # a block repeated on the page shows its words once
            seen.add(b.text)
            shown += len(fold_words(b.text))
    if shown < cfg["ld_body_min_shown"] * stated_words:
        return False
    # The innermost element holding every named block: the common prefix of their paths.
    common: tuple[int, ...] | None = None
    for b, n in zip(blocks, named):
        if not n:
            continue
        if common is None:
            common = b.path
        else:
            k = 0
            while k < len(common) and k < len(b.path) and common[k] == b.path[k]:
                k += 1
            common = common[:k]
    if not common:
        return False
    # The statement must be most of the page's prose: a thread's first post leaves its replies out.
    prose = [len(b.text.split()) if r is None and len(b.text.split()) >= cfg["ld_body_prose_words"] else 0
             for b, r in zip(blocks, verdict.reasons)]
    if sum(p for p, n in zip(prose, named) if n) < cfg["ld_body_min_prose_share"] * sum(prose):
        return False
    container = common[-1]
    under = [False] * len(elements)
    for e in range(container, len(elements)):
        p = elements[e].parent
        under[e] = e == container or (p >= 0 and under[p])
    inside = [bool(b.path) and under[b.path[-1]] for b in blocks]
    unnamed_prose = sum(len(b.text.split()) for i, b in enumerate(blocks)
                        if inside[i] and not named[i] and verdict.reasons[i] is None
                        and len(b.text.split()) >= cfg["ld_body_prose_words"])
    truncated = unnamed_prose > cfg["ld_body_max_unnamed_share"] * shown
    bonus, outside = cfg["block_container_bonus"], cfg["block_outside_score"]
    dropped_inside = cfg["block_dropped_inside_bonus"]
    for i, b in enumerate(blocks):
        if verdict.reasons[i] is not None:
            verdict.adjust[i] = dropped_inside if inside[i] else 0.0
        elif not inside[i]:
            verdict.adjust[i] = outside
        elif named[i] or truncated:
            verdict.adjust[i] = bonus
        else:
            verdict.adjust[i] = outside
    verdict.inside = inside
    verdict.container = container
    return True

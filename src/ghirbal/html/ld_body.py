"""The JSON-LD `articleBody` as a hint to where the story is: a strong one, never trusted blindly.

A publisher that states its article's text in JSON-LD says which of the page's blocks are the story.
The statement is often truncated (a teaser of 30 words), stale (an older version of the text), or
another object's (a forum's first post only): it is used only when it has at least
`ld_body_min_words` words, the blocks it names (`named_blocks`) show at least `ld_body_min_shown` of
them, and they hold at least `ld_body_min_prose_share` of the page's prose.

Then the story's container is the innermost element that holds every block it names (the markup's
own descent may have stopped at the page's wrapper or gone down into one column of the story).
Inside it, the named blocks get the container's bonus and the others (boxes, deal cards, an author's
bio, "related" lists) the outside score: the line rules judge them on their own. When the container
holds more unnamed prose than `ld_body_max_unnamed_share` of the named words (in blocks of
`ld_body_prose_words` words or more), the statement is stale or truncated: every block inside gets
the bonus, only the container is taken from it.
"""

from __future__ import annotations

import os
from typing import Any

from ghirbal.html.blocks import PageTree
from ghirbal.html.markup import Judgement, blocks_inside
from ghirbal.html.statement import stated_by, statement_grams
from ghirbal.normalize import fold_words


def named_blocks(tree: PageTree, reasons: list[str | None], stated: list[str], share: float) -> tuple[list[bool], list[int]]:
    """Per block: does the statement (its folded words) hold the block's text (`statement.stated_by`)?
    Also each block's folded word count. Blocks the markup dropped are not looked at."""
    grams = statement_grams(stated)
    named = [False] * len(tree.blocks)
    counts = [0] * len(tree.blocks)
    for i, b in enumerate(tree.blocks):
        if reasons[i] is not None:
            continue
        words = fold_words(b.text)
        counts[i] = len(words)
        if words:
            named[i] = stated_by(words, grams, share)
    return named, counts


def follow_article_body(tree: PageTree, verdict: Judgement, body: str | None, cfg: dict[str, Any]) -> bool:
    """Move the verdict's container and bonuses to the blocks the page's `articleBody` names (in place);
    True when the statement was used."""
    if not body:
        return False
    stated = fold_words(body)
    if len(stated) < cfg["ld_body_min_words"]:
        return False
    blocks, reasons = tree.blocks, verdict.reasons
    named, counts = named_blocks(tree, reasons, stated, cfg["ld_body_block_share"])
    seen: set[str] = set()
    shown = 0
    for b, n, c in zip(blocks, named, counts):
        if n and b.text not in seen:  # a block repeated on the page shows its words once
            seen.add(b.text)
            shown += c
    if shown < cfg["ld_body_min_shown"] * len(stated):
        return False
    # The statement must be most of the page's prose: a thread's first post leaves its replies out.
    prose = [c if c >= cfg["ld_body_prose_words"] else 0 for c in counts]  # (dropped blocks count 0)
    if sum(p for p, n in zip(prose, named) if n) < cfg["ld_body_min_prose_share"] * sum(prose):
        return False
    # The innermost element holding every named block: the common prefix of their paths.
    common = os.path.commonprefix([b.path for b, n in zip(blocks, named) if n])
    if not common:
        return False
    container = common[-1]
    inside = blocks_inside(blocks, tree.elements, container)
    unnamed_prose = sum(p for p, n, at in zip(prose, named, inside) if at and not n)
    truncated = unnamed_prose > cfg["ld_body_max_unnamed_share"] * shown
    bonus, outside = cfg["block_container_bonus"], cfg["block_outside_score"]
    dropped_inside = cfg["block_dropped_inside_bonus"]
    for i in range(len(blocks)):
        if reasons[i] is not None:
            verdict.adjust[i] = dropped_inside if inside[i] else 0.0
        else:
            verdict.adjust[i] = bonus if inside[i] and (named[i] or truncated) else outside
    verdict.inside = inside
    verdict.container = container
    return True

"""A text the page states in its metadata (JSON-LD `articleBody`, a product's `description`) matched
against the page's blocks: does the statement hold a block's text? The statement's text is the page's
with its spacing and markup lost ("20% off.Shopping"), its links and notes sometimes left out: a share
of the block's word triples, not an exact run."""

from __future__ import annotations


def statement_grams(stated: list[str]) -> dict[int, set[tuple[str, ...]]]:
    """The statement's (folded words') word singles, pairs and triples."""
    return {n: {tuple(stated[i:i + n]) for i in range(len(stated) - n + 1)} for n in (1, 2, 3)}


def stated_by(words: list[str], grams: dict[int, set[tuple[str, ...]]], share: float) -> bool:
    """Does the statement hold at least `share` of the block's (folded, non-empty) word triples (pairs
    or words for blocks of fewer words)?"""
    n = min(3, len(words))
    own = [tuple(words[k:k + n]) for k in range(len(words) - n + 1)]
    return sum(g in grams[n] for g in own) >= share * len(own)

"""One regex alternation for many phrases, factored as a character trie.

Python's `re` tries the branches of a flat a|b|c one by one at every position; a trie shares the
common prefixes, which makes matching hundreds of phrases several times faster. Used by the cue
matcher (lexicon) and the date tokenizer (dates), each with its own way of writing a character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def trie_pattern(phrases: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """The regex source matching any of `phrases` (empty ones ignored); `char(c)` writes one
    character as a regex (default: the character itself, escaped)."""
    trie: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [char(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)

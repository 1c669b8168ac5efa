"""The language of a page: Arabic script first (and Persian or Urdu by their own letters), then the
stopwords of the Latin-script languages that have cue files. Thresholds in `[lines.language]`."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ghirbal import config as _config
from ghirbal.langid import script_letters_reference
from ghirbal.lexicon import stopword_sets
from ghirbal.linemodel import compiled

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff']+")
_PERSIAN = "پچژگ"  # not ی and ک: Arabic pages typed on Persian keyboards use them too
_URDU = "ٹڈڑںے"


def _script_counts_reference(sample: str) -> tuple[int, int, int, int]:
    """(characters of the Arabic block, ASCII letters, Urdu letters, Persian letters): the reference of
    the compiled `_counts.page_script_counts`."""
    arabic, latin = script_letters_reference(sample)
    return arabic, latin, sum(sample.count(ch) for ch in _URDU), sum(sample.count(ch) for ch in _PERSIAN)


def detect_language(text: str, cfg: dict[str, Any] | None = None) -> str:
    """Script first (Arabic, and Persian/Urdu by their own letters), then stopwords for Latin script."""
    c = cfg or _config.default()["lines"]["language"]
    sample = text[: c["sample_chars"]]
    if compiled.active():
        arabic, latin, urdu, persian = compiled.page_script_counts(sample, _URDU, _PERSIAN)
    else:
        arabic, latin, urdu, persian = _script_counts_reference(sample)
    if arabic and arabic >= c["arabic_share"] * (arabic + latin):
        if urdu > arabic * c["urdu_letters"]:
            return "ur"
        if persian > arabic * c["persian_letters"]:
            return "fa"
        return "ar"
    sets = stopword_sets()
    head = sample[: c["stopword_chars"]]
    if compiled.active():
        n, hits_of = compiled.latin_word_hits(head, tuple(sets.values()), _longest_word())
    else:
        n, hits_of = latin_word_hits_reference(head, tuple(sets.values()))
    if not n:
        return "und"
    best, best_hits = "und", 0
    for lang, hits in zip(sets, hits_of):
        if hits > best_hits:
            best, best_hits = lang, hits
    return best if best_hits >= max(2, n * c["stopword_share"]) else "und"


def latin_word_hits_reference(text: str, sets: tuple[frozenset[str], ...]) -> tuple[int, list[int]]:
    """The number of Latin words in `text`, and per stopword set the words (lower-cased) in it: each
    distinct word once, a set's hits the counts of the page's words in it (compiled:
    `_counts.latin_word_hits`, no regex and no string per word)."""
    latin_words = _LATIN_WORD.findall(text)
    counts = Counter(map(str.lower, latin_words))
    return len(latin_words), [sum(counts[t] for t in counts.keys() & words) for words in sets]


@lru_cache(maxsize=1)
def _longest_word() -> int:
    """The longest word of the stopword lists (the compiled count makes no string for longer words)."""
    return max((len(w) for words in stopword_sets().values() for w in words), default=0)

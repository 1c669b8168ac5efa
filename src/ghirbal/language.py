"""The language of a page: Arabic script first (and Persian or Urdu by their own letters), then the
stopwords of the Latin-script languages that have cue files. Thresholds in `[lines.language]`."""

from __future__ import annotations

import re
from collections import Counter
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
    latin_words = _LATIN_WORD.findall(sample[: c["stopword_chars"]])
    if not latin_words:
        return "und"
    # Each distinct word once: a stopword list's hits are the counts of the page's words in it.
    counts = Counter(map(str.lower, latin_words))
    best, best_hits = "und", 0
    for lang, words in stopword_sets().items():
        hits = sum(counts[t] for t in counts.keys() & words)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best if best_hits >= max(2, len(latin_words) * c["stopword_share"]) else "und"

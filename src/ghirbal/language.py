"""The language of a page: Arabic script first (and Persian or Urdu by their own letters), then the
stopwords of the Latin-script languages that have cue files. Thresholds in `[lines.language]`."""

from __future__ import annotations

import re
from typing import Any

from ghirbal import config as _config
from ghirbal.lexicon import stopword_sets

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff']+")
# Script counts on UTF-8 bytes: bytes.count and bytes.translate run at C speed, unlike a regex over str.
_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb")
_PERSIAN = ("پ", "چ", "ژ", "گ")  # not ی and ک: Arabic pages typed on Persian keyboards use them too
_URDU = ("ٹ", "ڈ", "ڑ", "ں", "ے")
_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


def detect_language(text: str, cfg: dict[str, Any] | None = None) -> str:
    """Script first (Arabic, and Persian/Urdu by their own letters), then stopwords for Latin script."""
    c = cfg or _config.default()["lines"]["language"]
    sample = text[: c["sample_chars"]]
    raw = sample.encode("utf-8", "surrogatepass")
    arabic = sum(raw.count(b) for b in _ARABIC_LEADS)
    latin = len(raw.translate(None, _NOT_ASCII_LETTER))
    if arabic and arabic >= c["arabic_share"] * (arabic + latin):
        if sum(sample.count(ch) for ch in _URDU) > arabic * c["urdu_letters"]:
            return "ur"
        if sum(sample.count(ch) for ch in _PERSIAN) > arabic * c["persian_letters"]:
            return "fa"
        return "ar"
    latin_words = _LATIN_WORD.findall(sample[: c["stopword_chars"]])
    if not latin_words:
        return "und"
    tokens = [w.lower() for w in latin_words]
    best, best_hits = "und", 0
    for lang, words in stopword_sets().items():
        hits = sum(1 for t in tokens if t in words)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best if best_hits >= max(2, len(tokens) * c["stopword_share"]) else "und"

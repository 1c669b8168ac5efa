"""The language of a page: Arabic script first (and Persian or Urdu by their own letters), then the
stopwords of the Latin-script languages that have cue files. Thresholds in `[lines.language]`."""

from __future__ import annotations

import re
from typing import Any

from ghirbal import config as _config
from ghirbal.lexicon import stopword_sets

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff']+")
# Script counts on UTF-8 bytes: bytes.count and bytes.translate run at C speed, unlike a regex over str.
_NOT_ARABIC_LEAD = bytes(c for c in range(256) if c not in (0xD8, 0xD9, 0xDA, 0xDB))  # U+0600-U+06FF lead bytes
_NOT_EXTENDED_LEAD = bytes(c for c in range(256) if c not in (0xDA, 0xDB))
_PERSIAN = ("پ", "چ", "ژ", "گ")  # not ی and ک: Arabic pages typed on Persian keyboards use them too
_URDU = ("ٹ", "ڈ", "ڑ", "ں", "ے")
_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


def detect_language(text: str, cfg: dict[str, Any] | None = None) -> str:
    """Script first (Arabic, and Persian/Urdu by their own letters), then stopwords for Latin script."""
    c = cfg or _config.default()["lines"]["language"]
    sample = text[: c["sample_chars"]]
    raw = sample.encode("utf-8", "surrogatepass")
    arabic = len(raw.translate(None, _NOT_ARABIC_LEAD))
    latin = len(raw.translate(None, _NOT_ASCII_LETTER))
    if arabic and arabic >= c["arabic_share"] * (arabic + latin):
        # Most of those letters are U+0680-U+06FF (lead byte 0xDA or 0xDB): a page with few such bytes
        # cannot pass the shares, and the per-letter counts are skipped (the bound is exact: ٹ and پ,
        # the two in U+0640-U+067F, are counted apart).
        extended = len(raw.translate(None, _NOT_EXTENDED_LEAD))
        urdu_cap = arabic * c["urdu_letters"]
        if extended + raw.count("ٹ".encode()) > urdu_cap and sum(sample.count(ch) for ch in _URDU) > urdu_cap:
            return "ur"
        persian_cap = arabic * c["persian_letters"]
        if extended + raw.count("پ".encode()) > persian_cap and sum(sample.count(ch) for ch in _PERSIAN) > persian_cap:
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

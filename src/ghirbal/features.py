"""Per-line features: the cheap measurements every rule reads (computed once per line)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ghirbal.lexicon import Lexicon, loose_key
from ghirbal.normalize import match_key

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# Sentence ends (Arabic and Latin), allowing a closing quote or bracket after the mark.
_END_PUNCT = re.compile("[.!?\u061f\u2026\u06d4][\"'\u201d\u00bb)\\]]*$")
_INNER_PUNCT = re.compile("[\u060c,\u061b;.:](?=\\s)")
_LINKY = re.compile(
    r"^(?:https?://\S+|www\.\S+|[\w.-]+\.(?:com|net|org|info|ae|sa|eg|ma|dz|tn|ps|lb|jo|iq|sy|qa|kw|om|bh|ly|sd|ye|co|io|news|tv|me|ru|fr|uk|de)(?:/\S*)?"
    r"|\S+@\S+\.\w+|[#@]\S+|[\W\d_]+)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class LineFeatures:
    text: str  # faithful text
    key: str  # strict match key
    loose: str  # folded, punctuation kept
    words: int
    arabic: int  # Arabic letters
    latin: int  # Latin letters
    end_punct: bool
    inner_punct: int
    stop_share: float
    chrome_share: float
    cue: str | None  # lexicon chrome category
    linky: bool  # a URL, a handle, a domain, only symbols/digits
    repeats: int = 1  # lines in the page with the same key
    date_share: float = 0.0

    @property
    def blank(self) -> bool:
        return not self.key and not self.text


def measure(text: str, lex: Lexicon) -> LineFeatures:
    if not text:
        return LineFeatures(text, "", "", 0, 0, 0, False, 0, 0.0, 0.0, None, False)
    key = match_key(text)
    tokens = key.split()
    n = len(tokens)
    loose = loose_key(text)
    stop = sum(1 for t in tokens if t in lex.stopwords) / n if n else 0.0
    chrome = sum(1 for t in tokens if t in lex.chrome_words) / n if n else 0.0
    return LineFeatures(
        text=text,
        key=key,
        loose=loose,
        words=n,
        arabic=len(_ARABIC.findall(text)),
        latin=len(_LATIN.findall(text)),
        end_punct=bool(_END_PUNCT.search(text)),
        inner_punct=len(_INNER_PUNCT.findall(text)),
        stop_share=stop,
        chrome_share=chrome,
        cue=lex.cues.match(key, loose, n),
        linky=bool(_LINKY.match(text)) or (n == 1 and "." in text and " " not in text),
    )


def count_repeats(feats: list[LineFeatures]) -> None:
    counts = Counter(f.key for f in feats if f.key)
    for f in feats:
        if f.key:
            f.repeats = counts[f.key]

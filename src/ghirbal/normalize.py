"""Two normalization profiles, kept apart on purpose.

* `faithful(text)`: what ghirbal outputs. Only safe fixes: mojibake repair, NFC, stray bidi and
  zero-width controls removed, decorative tatweel runs removed, whitespace collapsed.
* `match_key(text)`: what ghirbal compares. Folds hard (diacritics, tatweel, alef/ya/ta-marbuta
  variants, Arabic-Indic digits, case, punctuation) and masks numbers, so that two renderings of the
  same chrome line get the same key. Never shown to the user.
* `fold_words(text)`: the evaluation tokeniser (the `ghirbal eval` metric), folded like the key but
  keeping the numbers.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embedding/override/isolate marks, LRM/RLM/ALM, zero-width space, BOM, soft hyphen.
# ZWNJ (U+200C) is kept: it is orthographic in Persian and Urdu.
_CONTROLS = dict.fromkeys(
    [0x200B, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD, 0x2060]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
)
_TATWEEL_RUN = re.compile("\u0640{2,}")
_SPACES = re.compile(r"[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+")
# Typical UTF-8-read-as-cp1252/latin-1 sequences: Arabic letters become Ø/Ù + a symbol.
_MOJIBAKE_HINT = re.compile("[\u00d8\u00d9\u00c3\u00c2][\u0080-\u00bf\u2018-\u203a\u0152-\u02dc]")


def faithful(text: str) -> str:
    """Safe, meaning-preserving fixes for output text (one line or a whole page)."""
    if _MOJIBAKE_HINT.search(text):
        text = _fix_mojibake(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_CONTROLS)
        if "\u0640\u0640" in text:
            text = _TATWEEL_RUN.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _fix_mojibake(text: str) -> str:
    try:
        import ftfy  # only loaded when the text shows mojibake
    except ImportError:  # pragma: no cover - ftfy is a declared dependency
        return text
    return ftfy.fix_encoding(text)


# --- folding for keys and for the evaluation metric -------------------------------------------

_DIACRITICS = "".join(chr(c) for c in list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE)))
_LETTER_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ؤ": "و", "ک": "ك",
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_FOLD_TABLE = str.maketrans({**dict.fromkeys(map(ord, _DIACRITICS + "\u0640"), None),
                             **{ord(k): v for k, v in _LETTER_FOLD.items()}, **_DIGITS})
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, NFKC, strip diacritics/tatweel, fold letter variants and digits."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE).lower()


def fold_words(text: str) -> list[str]:
    """The evaluation tokeniser: folded `\\w+` runs."""
    return _WORD.findall(fold(text))


def match_key(text: str) -> str:
    """A hard-folded comparison key: folded words, numbers masked to 0, punctuation dropped."""
    folded = fold(text)
    return _NON_WORD.sub(" ", _NUMBER.sub("0", folded)).strip()

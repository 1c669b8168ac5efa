"""Language identification of a document: an ISO 639 code, a confidence, and the shares of a mixed page.

How (the choice is measured in bench/bench_langid.py, figures in the README):
* the script decides first: Arabic-script letters against Latin and other letters;
* Arabic script is split by the letters each language has of its own (lexicon/scripts.toml): Urdu,
  Pashto, Sorani Kurdish (`ckb`), Uyghur, Sindhi, then Persian against Arabic;
* Latin text with the marks of Arabizi (digits for Arabic letters: 3=ع 7=ح 2=ء; chat words) is
  `ar-Latn`, Arabic in Latin letters;
* everything else goes to CLD2 (pycld2: 80+ languages, its tables compiled into the wheel, C++), and
  what CLD2 cannot name to resiliparse's `detect_fast` (101 languages, profiles in the wheel).

A page's main language comes with its share of the characters when it mixes languages: each
paragraph is identified on its own and the shares are by characters. The confidence is not a
probability: for the letter rules, the share of the deciding letters; for CLD2, the share of the text in
the language, halved when CLD2 calls its guess unreliable; for resiliparse, half the relative gap
between the best and the second-best profile distance.

`ghirbal.language.detect_language` (the extractor's page tag: ar/fa/ur/en/fr/und) stays as it is; this
module is the record step's richer identifier.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ghirbal.lexicon import read_toml
from ghirbal.linemodel import compiled

_ARABIC_LEAD_BYTES = b"\xd8\xd9\xda\xdb"
_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))
_ARABIZI_DIGIT = re.compile(r"(?<![\w])[a-z]*[a-z][2356789][a-z]\w*|(?<![\w])[2356789][a-z]{2,}\w*", re.I)
_LATIN_WORD = re.compile(r"[a-z]+", re.I)
_CLD2_CODES = {"iw": "he", "zh-Hant": "zh", "xxx": "und"}


@dataclass(slots=True)
class LangResult:
    code: str  # ISO 639-1 where there is one ("ar", "fa"), else 639-3 ("ckb"); "ar-Latn" for Arabizi; "und"
    confidence: float
    script: str  # ISO 15924: Arab, Latn, Other, Zyyy (no letters)
    shares: dict[str, float] = field(default_factory=dict)  # language -> share of characters (mixed pages)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "confidence": self.confidence, "script": self.script, "shares": self.shares}


def arabic_block_chars(raw: bytes) -> int:
    """Characters of the Arabic block (U+0600-U+06FF) in UTF-8 bytes: their lead bytes D8-DB, counted in
    one C pass (a regex over str would build a match per character)."""
    return len(raw) - len(raw.translate(None, _ARABIC_LEAD_BYTES))


def script_letters_reference(text: str) -> tuple[int, int]:
    """(characters of the Arabic block, ASCII letters) of a text, on its UTF-8 bytes: the reference of
    the compiled `script_letters` (ghirbal.linemodel.compiled)."""
    raw = text.encode("utf-8", "surrogatepass")
    return arabic_block_chars(raw), len(raw.translate(None, _NOT_ASCII_LETTER))


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    from ghirbal.config import default

    return default()["langid"]


@lru_cache(maxsize=1)
def _letters() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in read_toml("scripts.toml")["arabic_script"].items()}


@lru_cache(maxsize=1)
def _arabizi_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_toml("quality.toml")["arabizi"]["words"])


@lru_cache(maxsize=1)
def _own_letters() -> re.Pattern[str]:
    """The letters of the other Arabic-script languages: rare in Arabic text, so one scan finds them."""
    return re.compile("[" + "".join(_own_letter_chars()) + "]")


@lru_cache(maxsize=1)
def _own_letter_chars() -> tuple[str, ...]:
    """The characters of `_own_letters`' class, one by one."""
    lt = _letters()
    return tuple(sorted(set().union(*(lt[k] for k in ("ps", "ur", "sd", "kurdish_uyghur", "fa")))))


def _arabic_script_language(text: str, arabic: int, c: dict[str, Any]) -> tuple[str, float]:
    """Arabic, or the Arabic-script language whose own letters the text uses, with a confidence."""
    if not any(map(text.__contains__, _own_letter_chars())):  # most Arabic text: a substring search each
        return "ar", 1.0
    letters = _letters()
    found = Counter(_own_letters().findall(text))
    bar = c["own_letters_share"] * arabic
    for lang in ("ps", "ur", "sd"):
        n = sum(found[ch] for ch in letters[lang])
        if n and n >= bar:
            return lang, round(min(1.0, n / (2 * bar)), 3)
    if sum(found[ch] for ch in letters["kurdish_uyghur"]) >= max(bar, 1):
        ckb, ug = (sum(text.count(ch) for ch in letters[k]) for k in ("ckb", "ug"))
        return ("ckb", round(ckb / (ckb + ug), 3)) if ckb > ug else ("ug", round(ug / (ckb + ug + 1e-9), 3))
    persian = sum(found[ch] for ch in letters["fa"])
    arabic_only = sum(text.count(ch) for ch in letters["arabic_only"])
    if persian and persian >= bar and persian >= c["persian_over_arabic"] * arabic_only:
        return "fa", round(persian / (persian + arabic_only), 3)
    return "ar", round((arabic_only + 1) / (persian + arabic_only + 1), 3)


def _latin_or_other(text: str, c: dict[str, Any]) -> tuple[str, float, dict[str, float]]:
    """Arabizi, else CLD2's language (with its breakdown of the text by language), else resiliparse's."""
    words = _LATIN_WORD.findall(text)
    if words:
        chat = sum(1 for w in words if w.lower() in _arabizi_words()) + len(_ARABIZI_DIGIT.findall(text))
        if chat / len(words) >= c["arabizi_share"]:
            return "ar-Latn", round(min(1.0, chat / len(words)), 3), {}
    import pycld2

    try:
        reliable, _, found = pycld2.detect(text)
    except (pycld2.error, UnicodeEncodeError):  # lone surrogates: identify the text without them
        text = text.encode("utf-8", "replace").decode("utf-8")
        reliable, _, found = pycld2.detect(text)
    if found and found[0][1] != "un":
        _, code, percent, _ = found[0]
        parts = {_CLD2_CODES.get(f[1], f[1]): f[2] / 100 for f in found if f[1] != "un" and f[2]}
        return _CLD2_CODES.get(code, code), round(percent / 100 * (1.0 if reliable else 0.5), 3), parts
    from resiliparse.parse.lang import detect_fast

    ranked = detect_fast(text, cutoff=c["rank_cutoff"], n_results=2)
    if not ranked:
        return "und", 0.0, {}
    (lang, r1), r2 = ranked[0], ranked[1][1] if len(ranked) > 1 else c["rank_cutoff"]
    return lang, round((r2 - r1) / r2 * 0.5, 3) if r2 else 0.0, {}


def _one(text: str, c: dict[str, Any]) -> tuple[str, float, str, dict[str, float], bool]:
    """(language, confidence, script, CLD2's breakdown, whether the text mixes Arabic and Latin script)."""
    arabic, latin = compiled.script_letters(text) if compiled.active() else script_letters_reference(text)
    mixed = min(arabic, latin) >= c["mixed_script_share"] * (arabic + latin) > 0
    if arabic and arabic >= c["arabic_script_share"] * (arabic + latin):
        lang, conf = _arabic_script_language(text, arabic, c)
        return lang, conf, "Arab", {}, mixed
    if not arabic and not latin and not any(ch.isalpha() for ch in text):
        return "und", 0.0, "Zyyy", {}, False
    lang, conf, parts = _latin_or_other(text, c)
    return lang, conf, "Latn" if latin >= arabic else "Other", parts, mixed


def identify(text: str, cfg: dict[str, Any] | None = None) -> LangResult:
    """The language of a document (paragraphs separated by newlines). The shares of a page that mixes
    languages: per paragraph when it mixes Arabic and Latin script (the Arabic-script languages are
    told by letters), else CLD2's own breakdown of the text."""
    c = cfg or _defaults()
    sample = text[: c["sample_chars"]]
    lang, conf, script, parts, mixed = _one(sample, c)
    shares: dict[str, float] = {}
    paras = [p for p in sample.split("\n") if len(p) >= c["min_paragraph_chars"]] if mixed else []
    if len(paras) > 1:
        total = sum(len(p) for p in paras)
        for p in paras:
            pl = _one(p, c)[0]
            shares[pl] = shares.get(pl, 0.0) + len(p) / total
    elif len(parts) > 1:
        shares = parts
    if len(shares) > 1:
        shares = {k: round(v, 3) for k, v in sorted(shares.items(), key=lambda kv: -kv[1])}
    else:
        shares = {}
    return LangResult(lang, conf, script, shares)

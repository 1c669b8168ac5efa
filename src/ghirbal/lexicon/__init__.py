"""Cue phrases and word lists, per language, loaded from the TOML files beside this module.

Cues are compiled once per language into a `CueMatcher` that tells, for a line's keys, which chrome
category (form, terms, share, ...) the line belongs to. Matching happens on folded keys so that
spelling variants of the same phrase match without listing each one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ghirbal.normalize import fold, match_key

# Order matters: the first category that matches names the reason.
CUE_ORDER = ("form", "comments", "terms", "copyright", "address", "clock", "share", "read-also", "breadcrumb", "agency-credit")
LANGUAGES = ("ar", "en", "fr")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")


def loose_key(text: str) -> str:
    """Folded text with punctuation kept (for cues such as '©' or 'الرئيسية »'), numbers masked."""
    return _SPACES.sub(" ", _NUMBER.sub("0", fold(text))).strip()


def read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("ghirbal.lexicon").joinpath(name).read_text(encoding="utf-8"))


@dataclass(slots=True)
class _Table:
    exact: frozenset[str]
    prefix: re.Pattern[str] | None
    contains: re.Pattern[str] | None
    max_words: int


def _alternation(phrases: list[str]) -> str:
    # Longest first so that a longer phrase wins over its own prefix.
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True) if p)


def _compile(tables: list[dict[str, Any]]) -> tuple[_Table, _Table]:
    """Split the phrases into those matched on the strict key and those needing punctuation (loose key)."""
    strict: dict[str, list[str]] = {"exact": [], "prefix": [], "contains": []}
    loose: dict[str, list[str]] = {"exact": [], "prefix": [], "contains": []}
    max_words = 0
    for table in tables:
        max_words = max(max_words, int(table.get("max_words", 12)))
        for mode in ("exact", "prefix", "contains"):
            for phrase in table.get(mode, []):
                k = match_key(phrase)
                lk = loose_key(phrase)
                if k and _SPACES.sub(" ", re.sub(r"[\W_]+", " ", lk)).strip() == k:
                    strict[mode].append(k)
                else:
                    loose[mode].append(lk)

    def build(d: dict[str, list[str]], boundary: bool) -> _Table:
        b = r"(?:\s|$)" if boundary else ""
        pre = _alternation(d["prefix"])
        con = _alternation(d["contains"])
        return _Table(
            exact=frozenset(d["exact"]),
            prefix=re.compile(rf"^(?:{pre}){b}") if pre else None,
            contains=re.compile(rf"(?:^|\s)(?:{con}){b}" if boundary else f"(?:{con})") if con else None,
            max_words=max_words,
        )

    return build(strict, True), build(loose, False)


@dataclass(slots=True)
class CueMatcher:
    categories: list[tuple[str, _Table, _Table]]

    def match(self, key: str, loose: str, n_words: int) -> str | None:
        """The chrome category of a line, or None."""
        for name, strict, lo in self.categories:
            if key in strict.exact or loose in lo.exact:
                return name
            if strict.prefix is not None and strict.prefix.search(key):
                return name
            if lo.prefix is not None and lo.prefix.search(loose):
                return name
            if n_words <= strict.max_words:
                if strict.contains is not None and strict.contains.search(key):
                    return name
                if lo.contains is not None and lo.contains.search(loose):
                    return name
        return None


@dataclass(slots=True)
class Lexicon:
    language: str
    stopwords: frozenset[str]  # folded keys
    chrome_words: frozenset[str]
    cues: CueMatcher


@lru_cache(maxsize=16)
def load(language: str) -> Lexicon:
    """The lexicon for a page language; languages without a file get the common and English cues."""
    own = language if language in LANGUAGES else "en"
    files = [read_toml(f"{own}.toml"), read_toml("common.toml")]
    if own != "en":
        # English chrome shows up on pages in every language (share buttons, "Security Code", footers).
        files.append(read_toml("en.toml"))
    categories = []
    for name in CUE_ORDER:
        tables = [f["cues"][name] for f in files if name in f.get("cues", {})]
        if tables:
            strict, lo = _compile(tables)
            categories.append((name, strict, lo))
    data = files[0]
    return Lexicon(
        language=language,
        stopwords=frozenset(match_key(w) for w in data.get("stopwords", {}).get("words", [])),
        chrome_words=frozenset(match_key(w) for w in data.get("chrome_words", {}).get("words", [])),
        cues=CueMatcher(categories),
    )


@lru_cache(maxsize=1)
def stopword_sets() -> dict[str, frozenset[str]]:
    """Stopwords of every language that has a cue file: used to guess a Latin-script page's language."""
    return {lang: frozenset(match_key(w) for w in read_toml(f"{lang}.toml")["stopwords"]["words"]) for lang in LANGUAGES}

"""Cue phrases and word lists, per language, loaded from the TOML files beside this module.

Cues are compiled once per language into a `CueMatcher` that tells, for a line's keys, which chrome
category (form, terms, share, ...) the line belongs to. Matching happens on folded keys so that
spelling variants of the same phrase match without listing each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ghirbal.normalize import fold, match_key
from ghirbal.tomlfiles import read_data
from ghirbal.trie import trie_pattern

# Order matters: the first category that matches names the reason.
CUE_ORDER = ("form", "comments", "terms", "copyright", "address", "clock", "share", "read-also", "breadcrumb", "agency-credit")
LANGUAGES = ("ar", "en", "fr")
SAME_SCRIPT_AS_ARABIC = ("fa", "ur", "ps", "ku")
ARABIC_SCRIPT = ("ar",) + SAME_SCRIPT_AS_ARABIC  # pages where a line with no Arabic letter is foreign
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")


def loose_key(text: str) -> str:
    """Folded text with punctuation kept (for cues such as '©' or 'الرئيسية »'), numbers masked."""
    return _SPACES.sub(" ", _NUMBER.sub("0", fold(text))).strip()


def read_toml(name: str) -> dict[str, Any]:
    return read_data(f"lexicon/{name}")


def _strict_form(phrase: str) -> str | None:
    """The phrase's strict key when it has no punctuation, else None: a phrase written with its
    punctuation ("related:", "هاتف:") is matched loosely, punctuation included, so that the bare word
    in a headline ("Related charges …", "هاتف آيفون …") is no cue."""
    k = match_key(phrase)
    return k if k and loose_key(phrase) == k else None


class CueMatcher:
    """All cue categories of a language compiled into a few regexes and dicts.

    Per line: two dict look-ups (exact), two anchored regex searches (prefix) and two unanchored ones
    (contains), each behind a cheap first-word gate. Precedence: exact, then prefix, then contains;
    within a mode the category listed first in CUE_ORDER wins for a phrase listed in several. Prefix
    and contains cues apply to lines of at most their table's `max_words`.
    """

    def __init__(self, categories: list[tuple[str, list[dict[str, Any]]]]):
        self.exact: dict[str, str] = {}
        self.exact_loose: dict[str, str] = {}
        # prefix and contains phrases carry their table's max_words: a cue never names a long line
        # (a story paragraph that happens to start with "Home" or "Updated" stays a paragraph).
        self.prefix: dict[str, tuple[str, int]] = {}
        self.prefix_loose: dict[str, tuple[str, int]] = {}
        self.contains: dict[str, tuple[str, int]] = {}
        self.contains_loose: dict[str, tuple[str, int]] = {}
        self.max_words = 0
        for name, tables in categories:
            for table in tables:
                max_words = int(table.get("max_words", 12))
                self.max_words = max(self.max_words, max_words)
                for mode, strict, loose, value in (
                    ("exact", self.exact, self.exact_loose, name),
                    ("prefix", self.prefix, self.prefix_loose, (name, max_words)),
                    ("contains", self.contains, self.contains_loose, (name, max_words)),
                ):
                    for phrase in table.get(mode, []):
                        k = _strict_form(phrase)
                        if k:
                            strict.setdefault(k, value)
                        else:
                            loose.setdefault(loose_key(phrase), value)
        self._prefix = self._regex(self.prefix, r"^(?:{})(?=\s|$)")
        self._prefix_loose = self._regex(self.prefix_loose, "^(?:{})")
        self._contains = self._regex(self.contains, r"(?<!\S)(?:{})(?=\s|$)")
        self._contains_loose = self._regex(self.contains_loose, "(?:{})")
        # Cheap gates: most lines share no first word with any phrase, and then no regex runs at all.
        self._prefix_first = frozenset(p.split(" ", 1)[0] for p in self.prefix)
        self._prefix_loose_first = frozenset(p[0] for p in self.prefix_loose)
        self._contains_words = frozenset(p.split(" ", 1)[0] for p in self.contains)
        from ghirbal.linemodel import compiled  # (imported here: ghirbal.linemodel imports this module)

        self._compiled = compiled
        self._contains_signatures = compiled.word_signatures(self._contains_words) if compiled.built() else None
        self._prefix_longest = max((p.count(" ") + 1 for p in self.prefix), default=0)
        self._contains_longest = max((p.count(" ") + 1 for p in self.contains), default=0)
        # (a phrase holding another is found by it: "copyright ©" by "©")
        self._contains_loose_parts = tuple(p for p in self.contains_loose
                                           if not any(q != p and q in p for q in self.contains_loose))

    @staticmethod
    def _regex(phrases: dict[str, Any], template: str) -> re.Pattern[str] | None:
        return re.compile(template.format(trie_pattern(phrases))) if phrases else None

    def match(self, key: str, loose: str, n_words: int, tokens: list[str] | None = None) -> str | None:
        """The chrome category of a line, or None. (`tokens`, key.split(), is no longer needed: the key
        is read in place.)

        The strict (word) cues are looked up word by word in the phrase dicts (`prefix_cue`,
        `contains_cue`: compiled, or their references); `match_reference` finds the same with the
        regexes."""
        cat = self.exact.get(key) or self.exact_loose.get(loose)
        if cat:
            return cat
        if n_words > self.max_words:
            return None
        compiled = self._compiled
        on = compiled.active()
        if key.split(" ", 1)[0] in self._prefix_first:
            name = (compiled.prefix_cue if on else prefix_cue_reference)(key, self.prefix, self._prefix_longest, n_words)
            if name:
                return name
        if loose and loose[0] in self._prefix_loose_first and (m := self._prefix_loose.search(loose)):
            name, max_words = self.prefix_loose[m.group(0)]
            if n_words <= max_words:
                return name
        if self.contains:
            if on:
                name = compiled.contains_cue(key, self.contains, self._contains_words, self._contains_signatures,
                                             self._contains_longest, n_words)
            else:
                name = contains_cue_reference(key, self.contains, self._contains_words, self._contains_longest, n_words)
            if name:
                return name
        for p in self._contains_loose_parts:
            if p in loose:
                for m in self._contains_loose.finditer(loose):
                    name, max_words = self.contains_loose[m.group(0)]
                    if n_words <= max_words:
                        return name
                break
        return None

    def match_reference(self, key: str, loose: str, n_words: int, tokens: list[str] | None = None) -> str | None:
        """`match` with the regexes (the first matcher; tests hold `match` to it)."""
        cat = self.exact.get(key) or self.exact_loose.get(loose)
        if cat:
            return cat
        if n_words > self.max_words:
            return None
        if key.split(" ", 1)[0] in self._prefix_first and (m := self._prefix.search(key)):
            name, max_words = self.prefix[m.group(0)]
            if n_words <= max_words:
                return name
        if loose and loose[0] in self._prefix_loose_first and (m := self._prefix_loose.search(loose)):
            name, max_words = self.prefix_loose[m.group(0)]
            if n_words <= max_words:
                return name
        if not self._contains_words.isdisjoint(key.split() if tokens is None else tokens):
            for m in self._contains.finditer(key):
                name, max_words = self.contains[m.group(0)]
                if n_words <= max_words:
                    return name
        if any(p in loose for p in self._contains_loose_parts):
            for m in self._contains_loose.finditer(loose):
                name, max_words = self.contains_loose[m.group(0)]
                if n_words <= max_words:
                    return name
        return None


def prefix_cue_reference(key: str, phrases: dict[str, tuple[str, int]], longest: int, n_words: int) -> str | None:
    """The name of the longest phrase (words joined by one space) that the key's words start with, if
    the line has at most that phrase's max_words words; else None (compiled: `_counts.prefix_cue`)."""
    tokens = key.split(" ")
    for j in range(min(longest, len(tokens)), 0, -1):
        hit = phrases.get(" ".join(tokens[:j]))
        if hit is not None:
            return hit[0] if n_words <= hit[1] else None
    return None


def contains_cue_reference(key: str, phrases: dict[str, tuple[str, int]], firsts: frozenset[str], longest: int,
                           n_words: int) -> str | None:
    """From left to right, the longest phrase starting at each word of the key (one of `firsts`),
    matches not overlapping (as `finditer`): the name of the first whose max_words the line keeps to,
    or None (compiled: `_counts.contains_cue`)."""
    tokens = key.split(" ")
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i] in firsts:
            for j in range(min(longest, n - i), 0, -1):
                hit = phrases.get(" ".join(tokens[i:i + j]))
                if hit is not None:
                    if n_words <= hit[1]:
                        return hit[0]
                    i += j - 1  # (the next match starts after this one)
                    break
        i += 1
    return None


@dataclass(slots=True)
class Lexicon:
    language: str
    stopwords: frozenset[str]  # folded keys
    chrome_words: frozenset[str]
    cues: CueMatcher
    date_labels: dict[str, tuple[str, ...]]  # "expires"/"updated"/"published" -> folded label prefixes

    def date_label(self, before: str) -> str | None:
        """Which date the text just before a date announces: "expires" (an offer's or a deadline's end),
        "updated", "published", or None."""
        key = " " + loose_key(before)
        for kind in DATE_LABEL_KINDS:  # updated before published: "آخر تحديث" is no publication date
            for label in self.date_labels.get(kind, ()):
                if " " + label in key:
                    return kind
        return None


# The kinds of date labels (`[date_labels]` of a language's file), in the order they are tried.
DATE_LABEL_KINDS = ("expires", "updated", "published")


@lru_cache(maxsize=16)
def load(language: str) -> Lexicon:
    """The lexicon for a page language; languages without a file get the common and English cues."""
    # Persian and Urdu pages share the Arabic script, and their sites much of its chrome vocabulary.
    own = language if language in LANGUAGES else ("ar" if language in SAME_SCRIPT_AS_ARABIC else "en")
    files = [read_toml(f"{own}.toml"), read_toml("common.toml")]
    if own != "en":
        # English chrome shows up on pages in every language (share buttons, "Security Code", footers).
        files.append(read_toml("en.toml"))
    categories = []
    for name in CUE_ORDER:
        tables = [f["cues"][name] for f in files if name in f.get("cues", {})]
        if tables:
            categories.append((name, tables))
    data = files[0]
    return Lexicon(
        language=language,
        stopwords=frozenset(match_key(w) for w in data.get("stopwords", {}).get("words", [])),
        chrome_words=frozenset(match_key(w) for w in data.get("chrome_words", {}).get("words", [])),
        cues=CueMatcher(categories),
        date_labels={
            kind: tuple(sorted({loose_key(w) for f in files for w in f.get("date_labels", {}).get(kind, [])}, key=len, reverse=True))
            for kind in DATE_LABEL_KINDS
        },
    )


@lru_cache(maxsize=1)
def stopword_sets() -> dict[str, frozenset[str]]:
    """Stopwords of every language that has a cue file: used to guess a Latin-script page's language."""
    return {lang: frozenset(match_key(w) for w in read_toml(f"{lang}.toml")["stopwords"]["words"]) for lang in LANGUAGES}


@lru_cache(maxsize=1)
def date_label_glue() -> re.Pattern[str]:
    """Where a capitalised Latin date label ("Published", "Updated", "Mis à jour") is glued to the word
    before it, as crawlers render "By Jane DoePublished: Jan 29, 2025"."""
    labels = {w for lang in ("en", "fr") for kind in ("published", "updated")
              for w in read_toml(f"{lang}.toml").get("date_labels", {}).get(kind, []) if len(w) > 3}
    alternation = "|".join(re.escape(w[0].upper() + w[1:]) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<=\w)\s*(?=(?:{alternation})\b)")

"""Per-line features: the cheap measurements every rule reads.

Speed matters here (this is the per-line hot path), so the expensive steps run once over the whole
page text with C-level string and regex operations, and lines are cut out afterwards: folding,
number masking, punctuation stripping and letter counts are page-wide passes, not per-line calls.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass
from typing import Any

from ghirbal.byline import agency_pieces, could_be_agency_credit, is_agency_credit
from ghirbal.lexicon import Lexicon, read_toml
from ghirbal.linemodel import compiled
from ghirbal.linemodel.rows import ZERO_STATIC, static_row, static_row_patterns
from ghirbal.normalize import fold, fold_char_table, nfkc, squeezed_lines_reference

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_NUMBER = re.compile(r"\d+")
# Punctuation and symbols, one character at a time (the spaces they leave are squeezed afterwards:
# a single-character class runs twice as fast as "[^\w\s]+|_+"); "_" is a word character to `re`.
_PUNCT = re.compile(r"[^\w\s]")
# Sentence ends (Arabic and Latin), allowing closing quotes or brackets after the mark: the line's
# last character once those are stripped (a right-anchored look, not a regex search along the line).
_END_MARKS = ".!?:\u061f\u2026\u06d4"
_CLOSERS = "\"'\u201d\u00bb)]"


def _ends_sentence(text: str) -> bool:
    bare = text.rstrip(_CLOSERS)
    return bare != "" and bare[-1] in _END_MARKS
_INNER_PUNCT = re.compile("[\u060c,\u061b;.:](?=\\s)")
# A URL, a bare domain (TLDs from lexicon/common.toml), an e-mail address, a #tag or @handle, or nothing
# but symbols and digits.
_LINKY = re.compile(
    r"^(?:https?://\S+|www\.\S+|[\w.-]+\.(?:" + "|".join(read_toml("common.toml")["links"]["tlds"]) + r")(?:/\S*)?"
    r"|\S+@\S+\.\w+|[#@]\S+|[\W\d_]+)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class LineFeatures:
    text: str  # faithful text
    key: str  # strict match key: folded words, numbers masked, no punctuation
    loose: str  # folded, numbers masked, punctuation kept
    words: int
    end_punct: bool  # ends like a sentence
    cue: str | None  # lexicon chrome category
    linky: bool  # a URL, a handle, a domain, only symbols/digits
    row: bytes  # text-only columns of the line model (linemodel.rows.STATIC), float64 bytes
    repeats: int = 1  # lines in the page with the same key
    date_share: float = 0.0  # share of the line covered by date/time expressions
    template: int = 0  # pages of this site showing the line, when that makes it the site's chrome
    site_pages: int = 0  # pages of this site showing the line (per-site learning), 0 if unknown

    @property
    def has_arabic(self) -> bool:
        return _ARABIC.search(self.text) is not None

    @property
    def has_latin(self) -> bool:
        return _LATIN.search(self.text) is not None

    @property
    def inner_punct(self) -> int:
        return len(_INNER_PUNCT.findall(self.text))

    def stop_share(self, lex: Lexicon) -> float:
        tokens = self.key.split()
        return sum(1 for t in tokens if t in lex.stopwords) / len(tokens) if tokens else 0.0

    def chrome_share(self, lex: Lexicon) -> float:
        tokens = self.key.split()
        return sum(1 for t in tokens if t in lex.chrome_words) / len(tokens) if tokens else 0.0


class LineCache:
    """Text-only features of lines already seen (key, loose key, words, sentence end, cue, link-like),
    per lexicon. Site chrome repeats from page to page, so most lines of a crawl are measured once.
    Bounded: cleared when full, which keeps memory flat and costs one cold page."""

    def __init__(self, max_lines: int = 200_000, lexicon: Lexicon | None = None):
        self.max_lines = max_lines
        self.lexicon = lexicon  # the lexicon whose cues the entries hold
        self.entries: dict[str, tuple] = {}

    def get(self, text: str) -> tuple | None:
        return self.entries.get(text)

    def put(self, text: str, value: tuple) -> None:
        if len(self.entries) >= self.max_lines:
            self.entries.clear()
        self.entries[text] = value


def _measure_new(lines: list[str], lex: Lexicon) -> list[tuple]:
    """(key, loose, words, end_punct, cue, linky, static row) of lines, with folding, masking and
    punctuation stripping done in one pass over all of them; the per-line loop compiled
    (`_counts.measure_lines`) unless the pure-Python reference is switched on."""
    # No character folds into a line break (NFKC never yields one), so lines stay aligned.
    joined = "\n".join(lines)
    if not compiled.active():
        return _measure_lines_reference(lines, *_keys_reference(joined), lex)
    args = (lex.cues, agency_pieces(), is_agency_credit, _LINKY, _END_MARKS, _CLOSERS, ZERO_STATIC, lex.stopwords,
            lex.chrome_words, *static_row_patterns())
    # The keys folded and measured in one call (their words read as the fold writes them); None where a
    # character needs `fold` itself: the reference's keys, measured compiled.
    found = compiled.measure_text(lines, nfkc(joined), fold_char_table(), *args)
    if found is not None:
        return found
    return compiled.measure_lines(lines, *_keys_reference(joined), *args)


def _keys_reference(joined: str) -> tuple[list[str], list[str]]:
    """Each line's key and loose key (`_counts.keys_and_looses` compiled), for lines joined by "\n"."""
    masked = _NUMBER.sub("0", fold(joined))
    bare = _PUNCT.sub(" ", masked)
    if "_" in bare:
        bare = bare.replace("_", " ")
    return squeezed_lines_reference(bare), squeezed_lines_reference(masked)


def _measure_lines_reference(lines: list[str], keys: list[str], looses: list[str], lex: Lexicon) -> list[tuple]:
    cues, stop, chrome = lex.cues, lex.stopwords, lex.chrome_words
    out = []
    for text, key, loose in zip(lines, keys, looses):
        if not key:
            out.append(("", loose, 0, False, None, bool(text), ZERO_STATIC))
            continue
        words = key.count(" ") + 1
        end = _ends_sentence(text)
        cue = cues.match(key, loose, words, key.split())
        if cue is None and words <= 6 and could_be_agency_credit(key) and is_agency_credit(text):
            cue = "agency-credit"
        linky = (words <= 3 or " " not in text) and (_LINKY.match(text) is not None or (words == 1 and "." in text))
        out.append((key, loose, words, end, cue, linky, static_row(text, key, words, end, cue, linky, stop, chrome)))
    return out


def measure_page(lines: list[str], lex: Lexicon, cache: LineCache | None = None) -> list[LineFeatures]:
    """Features of every line of a page (lines already faithful-normalized, without line breaks)."""
    if cache is None:
        values = _measure_new(lines, lex)
    else:
        if compiled.active():
            values, missing = compiled.cached_values(cache.entries, lines)
        else:
            values, missing = _cached_values_reference(cache.entries, lines)
        if missing:
            fresh = _measure_once([lines[i] for i in missing], lex)
            if compiled.active():
                compiled.store_values(values, missing, fresh, lines, cache.entries, cache.max_lines)
            else:
                for i, v in zip(missing, fresh):
                    values[i] = v
                    cache.put(lines[i], v)
    if compiled.active():
        return compiled.line_features(LineFeatures, lines, values)
    return _line_features_reference(lines, values)


def _measure_once(lines: list[str], lex: Lexicon) -> list[tuple]:
    """`_measure_new` of `lines`, a text that stands on several of them measured once (a line's values
    depend on its text alone; a page's blocks repeat "Share", "Read more", dates: a third of an HTML
    page's new lines)."""
    unique = dict.fromkeys(lines)
    if len(unique) == len(lines):
        return _measure_new(lines, lex)
    by_text = dict(zip(unique, _measure_new(list(unique), lex)))
    return [by_text[t] for t in lines]


def _cached_values_reference(entries: dict[str, tuple], lines: list[str]) -> tuple[list, list[int]]:
    """Each line's remembered values (None if not remembered) and the indices of those not remembered
    (compiled: `_pages.cached_values`)."""
    values = [entries.get(text) for text in lines]
    return values, [i for i, v in enumerate(values) if v is None]


def _line_features_reference(lines: list[str], values: list[tuple]) -> list[LineFeatures]:
    """A LineFeatures per line from its measured values, with `repeats` (compiled: `_pages.line_features`)."""
    out = [LineFeatures(text, *v) for text, v in zip(lines, values)]
    counts = Counter([f.key for f in out])
    for f in out:
        if f.key:
            f.repeats = counts[f.key]
    return out


class PageKeys:
    """All of a page's keys in one string, to ask "does this key appear inside other lines too?" with
    one C-level scan. A scan per line is quadratic in the page's size, so past `max_chars` (a page of
    tens of thousands of lines is no article page) only exact repeats are counted."""

    def __init__(self, feats: list[LineFeatures], max_chars: int):
        if compiled.active():
            # The same methods compiled (`_pages.PageCounts`): no Python frame per question.
            c = self.compiled_counts = compiled.PageCounts(feats, max_chars)
            self._keys, self.text = c.keys, c.text
            self.line_of, self.lines_containing = c.line_of, c.lines_containing
            self.occurrences, self.counts = c.occurrences, c.counts
            return
        self.compiled_counts = None
        self._keys = [f.key for f in feats]
        joined = "\n".join(self._keys)
        self.text = joined if len(joined) <= max_chars else None
        self._counts: dict[str, int] = {}  # key -> count: the story, title and model ask about the same lines
        self._starts: list[int] | None = None  # where each line starts in `text`, made on first use
        self._all_counted = False  # the keys of four words or more counted at once (compiled), on first use

    def first_line(self, key: str, lo: int, hi: int) -> int | None:
        """The first of lines lo..hi-1 whose key is `key` (one C-level scan of the keys), or None."""
        try:
            return self._keys.index(key, lo, hi)
        except ValueError:
            return None

    def line_of(self, offset: int) -> int:
        """The line holding character `offset` of `text`."""
        if self._starts is None:
            self._starts = (compiled.line_starts(self._keys) if compiled.active()
                            else _line_starts_reference(self._keys))
        return bisect_right(self._starts, offset) - 1

    def lines_containing(self, needle: str) -> set[int]:
        """Lines whose key holds `needle` (as a substring), found with C-level scans of `text` (past
        `max_chars`, a test per line)."""
        if self.text is None:
            return {i for i, k in enumerate(self._keys) if needle in k} if needle else set()
        out: set[int] = set()
        at = self.text.find(needle) if needle else -1
        while at != -1:
            line = self.line_of(at)
            out.add(line)
            # Go on after this line: one hit per line is enough.
            at = self.text.find(needle, self._starts[line] + len(self._keys[line]) + 1)
        return out

    def occurrences(self, f: LineFeatures) -> int:
        """Times the line's key appears in the page: as a whole line or inside another one."""
        if self.text is None or not f.key:
            return f.repeats
        n = self._counts.get(f.key)
        if n is None:
            if f.words >= 4 and not self._all_counted and compiled.active():
                n = self.counts().get(f.key)
                if n is not None:
                    return n
            n = self._counts[f.key] = self.text.count(f.key)
        return n

    def counts(self) -> dict[str, int]:
        """{key: occurrences} of the keys counted so far, with (compiled) every key of four words or
        more counted at once, without a scan of the page per key; {} past `max_chars`. A line's count
        is `occurrences` when its key is here."""
        if self.text is not None and not self._all_counted and compiled.active():
            self._all_counted = True
            self._counts.update(compiled.key_occurrences(self._keys))
        return self._counts


def _line_starts_reference(keys: list[str]) -> list[int]:
    """Where each key starts in the keys joined by "\n" (`_pages.line_starts` compiled)."""
    return list(accumulate(map((1).__add__, map(len, keys[:-1])), initial=0))


def _key_occurrences_reference(keys: list[str]) -> dict[str, int]:
    """What the compiled `_pages.key_occurrences` returns: for each key of four words or more, the
    times it stands in the keys joined by "\n"."""
    text = "\n".join(keys)
    return {k: text.count(k) for k in keys if len(k.split()) >= 4}


def is_stamp(f: LineFeatures, cfg: dict[str, Any]) -> bool:
    """A date/time stamp line (date coverage is only measured on lines of at most stamp_max_words)."""
    return f.date_share >= cfg["date_stamp_share"]


def stamps(feats: list[LineFeatures], cfg: dict[str, Any]) -> list[bool]:
    """`is_stamp` of every line (its test spelled out: no call a line)."""
    least = cfg["date_stamp_share"]
    return [f.date_share >= least for f in feats]

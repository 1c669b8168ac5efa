"""Structural features of every line of a page, as one numpy matrix (a row per line).

Nothing here names a site or a phrase of one site: the lexicon contributes only language-level signals
(function words, chrome vocabulary, cue categories); everything else is shape, repetition, position and
neighbourhood. Two kinds of columns:
- static: from the line's text alone, computed once when a line is first measured and remembered with
  its other features (features.LineCache), since site chrome recurs page after page;
- context: from the page (repetition, position, the neighbours' shape), computed per page with numpy.
Blank lines get a row of zeros and are skipped when looking at neighbours, and no column looks at them:
a page with blank lines between paragraphs and the same page in Common Crawl's WET style (no blank
lines) give the same rows.
"""

from __future__ import annotations

import math
import re
from array import array

import numpy as np

from ghirbal.lexicon import ARABIC_SCRIPT
from ghirbal.linemodel import compiled

STATIC = (
    "words_log", "chars_log", "end_punct", "inner_punct", "stop_share", "chrome_share", "cue", "cue_list_header",
    "linky", "digit_share", "has_arabic", "has_latin", "doubled", "word_len", "separators", "capitalized",
)
CONTEXT = (
    "date_share", "foreign", "repeats_log", "inside_other", "holds_others", "position", "slug_share", "same_start",
    "prev_words", "next_words", "prev_end", "next_end", "window_prose", "window_words", "near_stamp", "run_short",
)
FEATURES = STATIC + CONTEXT
_S = len(STATIC)
_COL = {name: i for i, name in enumerate(FEATURES)}

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_INNER_PUNCT = re.compile("[\u060c,\u061b;.:](?=\\s)")
# Item separators of menus and tickers: pipes, bullets, dots, dashes between spaces, geometric marks.
_SEPARATORS = re.compile(r"\s[|\u2022\u00b7\u2013\u2014/-]\s|\s*[|\u2022\u00b7\u25a0-\u25ff\u2605\u2606]\s*")
# Any character a separator match needs: most lines hold none, and the separator scan is then skipped.
_SEPARATOR_CHARS = re.compile("[|\u2022\u00b7\u2013\u2014/\\-\u25a0-\u25ff\u2605\u2606]")
_DIGITS = re.compile(r"\d")
_CAPITALIZED = re.compile(r"\b[A-Z]")
_LATIN_WORD = re.compile(r"\b[A-Za-z]")
_LIST_HEADERS = frozenset({"read-also", "breadcrumb"})
_WINDOW = 3  # neighbours on each side (non-blank lines) for the window means
# A prose line: 8 words or more with a sentence end, or 18 or more; a short line: 3 or fewer (log1p scale).
_PROSE_WORDS, _LONG_WORDS, _SHORT_WORDS = math.log1p(8), math.log1p(18), math.log1p(3)
ZERO_STATIC = array("d", (0.0,) * _S).tobytes()
_ZERO_CONTEXT = array("d", (0.0,) * len(CONTEXT)).tobytes()  # a row's context columns before they are set


def static_row_patterns() -> tuple:
    """What the compiled static row needs besides the line: the list-header cues (the separator regex and
    its gate are C scans there: `_counts.separator_count`, and the character counts' separator slot that
    `_counts.has_separator_char` reads)."""
    return (_LIST_HEADERS,)


def static_row(text: str, key: str, words: int, end_punct: bool, cue: str | None, linky: bool,
               stopwords: frozenset[str], chrome_words: frozenset[str]) -> bytes:
    """The text-only columns of a line (STATIC order), as the bytes of float64 values: a page's rows
    are then one bytes join and one np.frombuffer, not a Python float per cell. Compiled
    (`_counts.static_row`) unless the pure-Python reference is switched on."""
    if not key:
        return ZERO_STATIC
    if compiled.active():
        return compiled.static_row(text, key, words, end_punct, cue, linky, stopwords, chrome_words,
                                   *static_row_patterns())
    return static_row_reference(text, key, words, end_punct, cue, linky, stopwords, chrome_words)


def static_row_reference(text: str, key: str, words: int, end_punct: bool, cue: str | None, linky: bool,
                         stopwords: frozenset[str], chrome_words: frozenset[str]) -> bytes:
    """`static_row` in Python (a line with a key)."""
    tokens = key.split()
    n = len(tokens)
    half = n // 2
    inner, digits, has_arabic, has_latin, latin_words, capitalized = char_counts_reference(text)
    separators = len(_SEPARATORS.findall(text)) if _SEPARATOR_CHARS.search(text) else 0
    return array("d", (
        math.log1p(words),
        math.log1p(len(text)),
        float(end_punct),
        float(min(inner, 5)),
        sum(map(stopwords.__contains__, tokens)) / n,
        sum(map(chrome_words.__contains__, tokens)) / n,
        float(cue is not None),
        float(cue in _LIST_HEADERS),
        float(linky),
        digits / len(text),
        float(has_arabic),
        float(has_latin),
        float(n >= 4 and n % 2 == 0 and tokens[:half] == tokens[half:]),
        sum(map(len, tokens)) / n,
        float(min(separators, 5)),
        capitalized / latin_words if latin_words >= 3 else 0.0,
    )).tobytes()


def char_counts_reference(text: str) -> tuple[int, int, bool, bool, int, int]:
    """(inner punctuation marks followed by a space, digits, has Arabic letter, has Latin letter, Latin
    words, capitalized Latin words): the pure-Python reference of the compiled `_counts.char_counts`."""
    has_latin = _LATIN.search(text) is not None
    latin_words = len(_LATIN_WORD.findall(text)) if has_latin else 0  # no Latin letter: no Latin word
    return (
        len(_INNER_PUNCT.findall(text)),
        len(_DIGITS.findall(text)),
        _ARABIC.search(text) is not None,
        has_latin,
        latin_words,
        len(_CAPITALIZED.findall(text)) if latin_words else 0,
    )


def page_rows(feats, language: str, slug: frozenset[str], page_keys=None) -> np.ndarray:
    """The feature matrix of a page: len(feats) rows, len(FEATURES) columns."""
    n = len(feats)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    # Each line's static row then zero context columns, joined into one writable buffer (not a zeroed
    # matrix with the static rows copied over it: the same values, without clearing the page's rows).
    if compiled.active():
        buffer = compiled.static_buffer(feats, _ZERO_CONTEXT)
    else:
        statics = [f.row for f in feats]
        statics.append(b"")
        buffer = bytearray(_ZERO_CONTEXT).join(statics)
    rows = np.frombuffer(buffer, dtype=np.float64).reshape(n, len(FEATURES))
    C = _COL
    if compiled.active():
        idx = compiled.line_columns(feats, rows, C["date_share"], C["same_start"], C["has_arabic"], C["has_latin"],
                                    C["foreign"], C["repeats_log"], language in ARABIC_SCRIPT)
    else:
        idx = _line_columns_reference(feats, rows, language in ARABIC_SCRIPT)
    if not len(idx):
        return rows
    inside = _inside_other_lines(feats, page_keys)
    if inside:
        for j, holders in inside.items():
            rows[j, C["inside_other"]] = 1.0
            for h in holders:
                rows[h, C["holds_others"]] = min(rows[h, C["holds_others"]] + 1.0, 5.0)
    if slug:
        # Headline-length lines only: a paragraph's share of slug words says nothing. Only lines that
        # hold a slug word somewhere can share any (found by scanning the page text once per word).
        counts = getattr(page_keys, "compiled_counts", None)  # (`_pages.PageCounts`, while compiled)
        if counts is not None and counts.text is not None and compiled.active():
            compiled.slug_shares(feats, rows, C["slug_share"], slug, counts)  # the same, in one C pass
        else:
            if page_keys is not None and page_keys.text is not None:
                holding = set().union(*(page_keys.lines_containing(w) for w in slug))
                short = [i for i in sorted(holding) if feats[i].key and feats[i].words <= 30]
            else:
                short = [i for i in idx.tolist() if feats[i].words <= 30]
            rows[short, C["slug_share"]] = [_share_in(feats[i].key, slug) for i in short]
    # Neighbours over the non-blank lines only: pages with and without blank lines look alike.
    if compiled.active():
        compiled.neighbour_columns(rows, idx, n, C["position"], C["prev_words"], C["next_words"], C["prev_end"],
                                   C["next_end"], C["window_prose"], C["window_words"], C["run_short"],
                                   C["date_share"], C["near_stamp"], _WINDOW, _PROSE_WORDS, _LONG_WORDS, _SHORT_WORDS)
    else:
        _neighbour_columns_reference(rows, idx, n)
    return rows


def _line_columns_reference(feats, rows: np.ndarray, arabic_page: bool) -> np.ndarray:
    """The non-blank lines' indices; the date share and same-start columns written into `rows`, and
    when a line is not blank the foreign and repeat columns (`_pages.line_columns` compiled)."""
    C = _COL
    nonblank = [i for i, f in enumerate(feats) if f.key]
    idx = np.asarray(nonblank, dtype=np.intp)
    rows[:, C["date_share"]] = [f.date_share for f in feats]
    reps = np.fromiter((f.repeats for f in feats), dtype=np.float64, count=len(feats))
    # Lines opening with the same two words as a neighbour: parallel items of a list (posting rules,
    # "إذا كان التعليق ..." one after another), seldom consecutive story paragraphs.
    firsts = [feats[i].key.split(" ", 2)[:2] if feats[i].words >= 4 else None for i in nonblank]
    same = [0.0] * len(idx)
    for k in range(1, len(idx)):
        if firsts[k] is not None and firsts[k] == firsts[k - 1]:
            same[k] = same[k - 1] = 1.0
    if not len(idx):
        return idx
    rows[idx, C["same_start"]] = same
    ar, la = rows[:, C["has_arabic"]], rows[:, C["has_latin"]]
    rows[:, C["foreign"]] = (ar == 0) & (la > 0) if arabic_page else (ar > 0) & (la == 0)
    rows[:, C["repeats_log"]] = np.log(np.maximum(reps, 1.0))
    return idx


def _neighbour_columns_reference(rows: np.ndarray, idx: np.ndarray, n: int) -> None:
    """Position and the neighbours' shape (`_pages.neighbour_columns` compiled), in numpy."""
    C = _COL
    rows[idx, C["position"]] = idx / n
    words = rows[idx, 0]
    ends = rows[idx, 2]
    rows[idx, C["prev_words"]] = np.concatenate(([0.0], words[:-1]))
    rows[idx, C["next_words"]] = np.concatenate((words[1:], [0.0]))
    rows[idx, C["prev_end"]] = np.concatenate(([0.0], ends[:-1]))
    rows[idx, C["next_end"]] = np.concatenate((ends[1:], [0.0]))
    prose = ((words >= _PROSE_WORDS) & (ends > 0)) | (words >= _LONG_WORDS)
    rows[idx, C["window_prose"]] = _window_mean(prose.astype(np.float64), _WINDOW)
    rows[idx, C["window_words"]] = _window_mean(words, _WINDOW)
    rows[idx, C["run_short"]] = _window_mean((words <= _SHORT_WORDS).astype(np.float64), 2)
    stamp = rows[idx, C["date_share"]] >= 0.7
    if stamp.any():
        # within 2 lines of a stamp; "full" sliced, not "same": "same" is as long as the longer input,
        # so a page of fewer than 5 lines would get 5 values
        near = np.convolve(stamp.astype(np.float64), np.ones(5), mode="full")[2 : 2 + len(stamp)] > 0
        rows[idx, C["near_stamp"]] = near


def _share_in(key: str, words: frozenset[str]) -> float:
    tokens = key.split()
    return sum(map(words.__contains__, tokens)) / len(tokens) if tokens else 0.0


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of each value's neighbours within `half` positions on each side (itself excluded)."""
    m = len(values)
    csum = np.concatenate(([0.0], np.cumsum(values)))
    at = np.arange(m)
    lo = np.maximum(at - half, 0)
    hi = np.minimum(at + half + 1, m)
    total = csum[hi] - csum[lo] - values
    count = (hi - lo - 1).astype(np.float64)
    return np.divide(total, count, out=np.zeros(m), where=count > 0)


def _inside_other_lines(feats, page_keys) -> dict[int, list[int]]:
    """Headline-length lines whose key also stands inside other lines: {line: [lines holding it]}.
    A ticker is one line holding several headlines; a "site - headline" line holds the headline
    (compiled: `_pages.inside_other_lines`)."""
    if page_keys is None or page_keys.text is None:
        return {}
    if compiled.active():
        return compiled.inside_other_lines(feats, page_keys.text, page_keys.counts(), page_keys.occurrences,
                                           page_keys.line_of, getattr(page_keys, "compiled_counts", None))
    return _inside_other_lines_reference(feats, page_keys)


def _inside_other_lines_reference(feats, page_keys) -> dict[int, list[int]]:
    text = page_keys.text
    counts = page_keys.counts()
    out: dict[int, list[int]] = {}
    for i, f in enumerate(feats):
        if f.words < 4 or f.words > 30:
            continue
        n = counts.get(f.key)
        if (n if n is not None else page_keys.occurrences(f)) <= f.repeats:
            continue
        found: list[int] = []
        at = text.find(f.key)
        while at != -1 and len(found) < 8:
            j = page_keys.line_of(at)
            if j != i and feats[j].key != f.key:
                found.append(j)
            at = text.find(f.key, at + 1)
        if found:
            out[i] = found
    return out

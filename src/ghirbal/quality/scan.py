"""A body's folded words and character classes, counted once for the record steps (dialect, quality).

The work is the compiled core's (`_scan.pyx`: one C pass for the words and their n-gram fractions,
one for the character classes) unless it is switched off (GHIRBAL_PURE=1, linemodel/compiled.py) or not
built; the pure-Python references below give identical results (tests/test_compiled_core.py).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress, filterfalse
from operator import attrgetter, itemgetter
from typing import NamedTuple

from ghirbal.langid import arabic_block_chars
from ghirbal.linemodel import compiled
from ghirbal.normalize import fold, fold_char_table, nfkc

# Imported here, not through linemodel/compiled.py: compiled.active() is still the one switch.
try:
    from ghirbal.quality._scan import counted_in as _counted_in, line_scan as _line_scan, rounded as _rounded
except ImportError:  # not built, or built before it had them: the references do the work
    _counted_in = _line_scan = _rounded = None

_WORD = re.compile(r"\w+")
NGRAM_NAMES = tuple(f"top_{n}gram_char_frac" if n <= 4 else f"dup_{n}gram_char_frac" for n in range(2, 11))


class Words(NamedTuple):
    """The `\\w+` words of a folded text."""

    distinct: list[str]  # each word once, in the order first met
    counts: list[int]  # how often each is in the text
    tokens: int  # all words
    words: int  # the words that are not all digits (the quality signals' words)
    word_chars: int  # their characters
    ngrams: tuple[float, ...]  # their n-gram fractions, in NGRAM_NAMES order


def body_words(text: str) -> tuple[str, Words]:
    """`fold(text)` and its words, remembered for the last few texts: the record steps read the same
    body one after the other."""
    return _body_words(text, compiled.active())


@lru_cache(maxsize=8)
def _body_words(text: str, fast: bool) -> tuple[str, Words]:  # `fast` in the key: the switch may flip
    # compiled: `fold` through its per-character table (None: a character only `fold` itself folds)
    folded = compiled.fold_by_table(nfkc(text), fold_char_table()) if fast else None
    if folded is None:
        folded = fold(text)
    return folded, Words(*(compiled.word_scan(folded) if fast else word_scan_reference(folded)))


def char_classes(folded: str) -> tuple[int, int, int, int, int, int, int]:
    """(Arabic letters, Latin letters, ASCII digits, letters of other scripts, symbols, characters other
    than space and newline, 1 if a character may start mojibake (a Latin-1 letter or mark, U+FFFD) else 0)
    of a folded text."""
    return compiled.char_classes(folded) if compiled.active() else char_classes_reference(folded)


def line_scan(body_lines: list[str], end: tuple[str, ...], bullets: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """A body's lines for the quality signals: (its lines stripped, blank ones left out; each one's
    whitespace words; the positions of those that do not end with one of `end`; the positions of those
    that may open with a list marker: a character of `bullets` or a numeral first). One C pass over the
    characters (compiled)."""
    fast = compiled.active() and _line_scan is not None
    return (_line_scan if fast else line_scan_reference)(body_lines, end, bullets)


def counted_in(words: Words, container) -> tuple[int, list[int]]:
    """(How many of a text's words `container` holds, each counted as often as it is in the text; the
    positions in `words.distinct` of those it holds, in the order first met)."""
    fast = compiled.active() and _counted_in is not None
    return (_counted_in if fast else counted_in_reference)(words.distinct, words.counts, container)


def rounded(values: list[float], digits: int) -> list[float]:
    """`[round(v, digits) for v in values]`: in C where the decimal digits cannot be in doubt (Python's
    round formats each float, a few thousand instructions; the signals round some twenty a body)."""
    return (_rounded if compiled.active() and _rounded is not None else rounded_reference)(values, digits)


def line_counts(lines: list) -> tuple[int, int]:
    """(non-blank lines, kept lines) of a page's `Line`s (a kept line is never blank)."""
    return compiled.line_counts(lines) if compiled.active() else line_counts_reference(lines)


# --- the pure-Python references ------------------------------------------------------------------

def word_scan_reference(folded: str) -> tuple[list[str], list[int], int, int, int, tuple[float, ...]]:
    """`_scan.word_scan` in Python: the fields of `Words`."""
    tokens = _WORD.findall(folded)
    counts = Counter(tokens)
    words = list(filterfalse(str.isdigit, tokens))
    word_chars = sum(map(len, words))
    return list(counts), list(counts.values()), len(tokens), len(words), word_chars, ngram_fractions(words, word_chars)


def ngram_fractions(words: list[str], total_chars: int) -> tuple[float, ...]:
    """Gopher's repetition signals over word n-grams: the characters covered by the most frequent
    2-, 3- and 4-gram (top_N), and by all n-grams occurring more than once, each word counted once
    (dup_N, N = 5..10); fractions of all word characters, in NGRAM_NAMES order.

    An (n+1)-gram can only repeat where the two n-grams inside it repeat, so after one count of the
    bigrams, each longer size is counted only at the positions the previous size left: a few in real
    prose. The figures are Gopher's, exactly; only the work is less. Of equally frequent n-grams, the
    first met is the most frequent (Counter.most_common's order)."""
    out = [0.0] * len(NGRAM_NAMES)
    if len(words) < 2 or not total_chars:
        return tuple(out)
    grams = list(zip(words, words[1:]))
    counts = Counter(grams)
    lens = None  # word lengths, for the 5-10-grams (most texts stop before)
    cand = range(len(grams))
    for n in range(2, 11):
        if n > 2:  # positions whose n-gram may repeat: both (n-1)-grams inside it repeat
            at = set(cand)
            cand = [i for i in cand if i + 1 in at]
            if not cand:
                break
            grams = [tuple(words[i : i + n]) for i in cand]
            counts = Counter(grams)
        gram, top = max(counts.items(), key=itemgetter(1))  # Counter.most_common(1), without its wrapping
        if top < 2:
            break
        if n <= 4:
            out[n - 2] = min(1.0, top * sum(map(len, gram)) / total_chars)
        cand = list(compress(cand, map((1).__lt__, map(counts.__getitem__, grams))))  # repeating n-grams
        if n >= 5:
            lens = lens or list(map(len, words))
            covered = bytearray(len(words))
            for i in cand:
                covered[i : i + n] = b"\x01" * n
            out[n - 2] = sum(compress(lens, covered)) / total_chars
    return tuple(out)


# Counting a frequent class with a regex costs a match object per character; the Arabic letters of an
# Arabic page are counted on UTF-8 bytes instead (langid.arabic_block_chars, less the block's
# punctuation: `fold` has already cleared it of diacritics, tatweel and digits). The rarer classes
# (other letters, digits, symbols) are regex counts: they cost little where they are rare.
_ARABIC_NON_LETTERS = ("\u060c", "\u061b", "\u061f", "\u066a", "\u066b", "\u066c", "\u066d", "\u06d4", "\u060d", "\u06dd", "\u06de", "\u06e9")
_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))
_NOT_DIGIT = bytes(c for c in range(256) if not 48 <= c <= 57)
_ACCENTED_LATIN = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_OTHER_LETTER = re.compile(r"[\u0370-\u05ff\u0900-\u0dff\u0e00-\u0eff\u10a0-\u10ff\u1100-\u11ff\u3040-\u9fff\uac00-\ud7af]")
# Symbols (Unicode S* in the blocks where they live, and the ASCII marks of lists, handles and
# markup): currency, math, arrows, box drawing, shapes, dingbats, emoji.
_SYMBOL_CLASS = ("[#*@_|\\\\$+<=>^`~\u00a2-\u00a9\u00ac\u00ae-\u00b1\u00b4\u00b8\u00d7\u00f7\u02c2-\u02c5"
                 "\u2100-\u2bff\u3200-\u33ff\U0001f000-\U0001faff]")
_SYMBOL = re.compile(_SYMBOL_CLASS)
# The three rare classes in one scan of the text (accented Latin, letters of other scripts, symbols):
# one character class, runs of it (a scan with no match object per character).
_RARE = re.compile(f"[{_ACCENTED_LATIN.pattern[1:-1]}{_OTHER_LETTER.pattern[1:-1]}{_SYMBOL_CLASS[1:-1]}]+")
# Mojibake always holds a Latin-1 letter or mark (UTF-8 lead bytes C2-C6, CB) or U+FFFD.
_MOJIBAKE_LEADS = (b"\xc2", b"\xc3", b"\xc5", b"\xc6", b"\xcb", b"\xef\xbf\xbd")


def char_classes_reference(folded: str) -> tuple[int, int, int, int, int, int, int]:
    """`_scan.char_classes` in Python."""
    raw = folded.encode("utf-8", "surrogatepass")
    arabic = arabic_block_chars(raw) - sum(folded.count(ch) for ch in _ARABIC_NON_LETTERS)
    rare = "".join(_RARE.findall(folded))
    accented, other, symbols = (len(rx.findall(rare)) for rx in (_ACCENTED_LATIN, _OTHER_LETTER, _SYMBOL)) if rare else (0, 0, 0)
    latin = len(raw.translate(None, _NOT_ASCII_LETTER)) + accented
    digits = len(raw.translate(None, _NOT_DIGIT))
    non_space = len(folded) - folded.count(" ") - folded.count("\n")
    return arabic, latin, digits, other, symbols, non_space, int(any(b in raw for b in _MOJIBAKE_LEADS))


def line_words_reference(lines: list[str]) -> list[int]:
    """Per line, its whitespace words (`line_scan_reference`'s; `_scan.line_scan` counts them in C)."""
    return [len(ln.split()) for ln in lines]


def line_scan_reference(body_lines: list[str], end: tuple[str, ...], bullets: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """`_scan.line_scan` in Python."""
    lines = [ln for ln in (s.strip() for s in body_lines) if ln]
    return (lines, line_words_reference(lines), [i for i, ln in enumerate(lines) if not ln.endswith(end)],
            [i for i, ln in enumerate(lines) if ln[0].isnumeric() or ln[0] in bullets])


def counted_in_reference(words: list[str], counts: list[int], container) -> tuple[int, list[int]]:
    """`_scan.counted_in` in Python."""
    at = list(compress(range(len(words)), map(container.__contains__, words)))
    return sum(counts[i] for i in at), at


def rounded_reference(values: list[float], digits: int) -> list[float]:
    """`_scan.rounded` in Python."""
    return [round(v, digits) for v in values]


_TEXT, _KEPT = attrgetter("text"), attrgetter("kept")


def line_counts_reference(lines: list) -> tuple[int, int]:
    """`_scan.line_counts` in Python."""
    return sum(map(bool, map(_TEXT, lines))), sum(map(_KEPT, lines))

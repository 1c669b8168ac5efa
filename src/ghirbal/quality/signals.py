"""Document quality signals of an article body: cheap, computed once, one number each.

Each signal is documented in the README ("Corpus steps: document quality, language, dialect"). They follow the reference pipelines
(Gopher's quality and repetition rules, C4, FineWeb) with the Arabic fixes those lacked: words are
folded (`normalize.fold`) before their length is taken, "،" "؟" "؛" count as sentence punctuation,
diacritics are marks (neither letters nor symbols), and function words come from the lexicon.

A body line is a paragraph in ghirbal's output, so Gopher's "line" and "paragraph" repetition rules
are one pair here: `dup_line_frac` (by count) and `dup_line_char_frac` (by characters).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ghirbal.lexicon import read_toml, stopword_sets
from ghirbal.normalize import HARAKAT, fold, fold_words
from ghirbal.quality.scan import NGRAM_NAMES, body_words, char_classes, counted_in, line_scan, rounded

# A Latin-script word (Arabizi words may start with a digit letter: "3ala", "7abibi").
_LATIN_TOKEN = re.compile(r"(?<![\w'])[0-9]*[a-z\u00c0-\u024f][a-z0-9\u00c0-\u024f']*", re.I)
# Mojibake: runs of Latin-1 supplement / C1 / cp1252 punctuation (UTF-8 or windows-1256 bytes read as
# Latin), the replacement character, and runs of question marks (text squeezed through a code page
# without Arabic). A single accented letter is French, not damage: runs of two or more only.
_MOJIBAKE_CANDIDATE = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122\ufffd?]+")
# Arabizi: a Latin word with a digit standing for an Arabic letter (3=ع, 7=ح, 2=ء, 5=خ, 6=ط, 8=ق, 9=ص).
_ARABIZI_DIGIT_WORD = re.compile(r"(?<![\w])(?=\w*[a-z])[a-z]*[2356789][a-z]+\w*|(?<![\w])[a-z]+[2356789](?![\w])", re.I)
# What every such word holds: one of those digits next to a letter that [a-z] matches ignoring case (the
# ASCII letters, and İ ı ſ K: tests/test_quality.py). Searched first, from the digit (a fast scan: most
# pages with Latin letters have no such pair, and the full pattern costs ~0.2 ms on a page).
_ARABIZI_LETTER = "a-zA-Z\u0130\u0131\u017f\u212a"
_ARABIZI_HINT = re.compile(f"[2356789](?:(?=[{_ARABIZI_LETTER}])|(?<=[{_ARABIZI_LETTER}].))")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    return read_toml("quality.toml")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return stopword_sets()["ar"]


@lru_cache(maxsize=1)
def _proclitics() -> str:
    return "".join(_lexicon()["function_words"]["proclitics"])


@lru_cache(maxsize=1)
def _counted_function_words() -> frozenset[str]:
    """The function words the share counts: the words of the signals are not all digits."""
    return frozenset(w for w in _function_words() if not w.isdigit())


@lru_cache(maxsize=1)
def _arabizi_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lexicon()["arabizi"]["words"])


@lru_cache(maxsize=1)
def _placeholders() -> tuple[str, ...]:
    return tuple(fold(p) for p in _lexicon()["placeholder"]["phrases"])


@lru_cache(maxsize=1)
def _hemistich_separators() -> tuple[str, ...]:
    return tuple(_lexicon()["verse"]["hemistich_separators"])


@lru_cache(maxsize=1)
def _verse_number() -> re.Pattern[str]:
    """A verse number ending a line: "﴿3﴾", "۝٣" (lexicon/quality.toml, [verse])."""
    v = _lexicon()["verse"]
    brackets = "|".join(f"{re.escape(o)}\\s*\\d{{1,3}}\\s*{re.escape(c)}" for o, c in v["number_brackets"])
    signs = "|".join(f"{re.escape(sign)}\\s*\\d{{1,3}}" for sign in v["number_signs"])
    return re.compile(f"(?:{brackets}|{signs})$")


@lru_cache(maxsize=1)
def _end_punct() -> tuple[str, ...]:
    return tuple(_lexicon()["punctuation"]["sentence_end"])


@lru_cache(maxsize=1)
def _clause_end() -> tuple[str, ...]:
    return tuple(_lexicon()["punctuation"]["clause_end"])


_LETTERS_ONLY = re.compile(r"[\W\d_]+")


def _ends(line: str, end: tuple[str, ...]) -> bool:
    """The line ends in sentence punctuation, before a short closing parenthetical if any (a credit or a
    tag: "... الأحد. (رويترز)"), or with a verse number ("﴿٣﴾", "۝٣"). String operations first: every
    line of a body passes here, and few end in a digit or a bracket."""
    if line.endswith(end):
        return True
    last = line[-1:]
    if (last.isdigit() or last in "﴾﴿") and _verse_number().search(line[-12:]):
        return True
    if last != ")":
        return False
    i = line.rfind("(")
    return 0 <= i < len(line) - 2 and len(line) - i - 2 <= 40 and ")" not in line[i + 1 : -1] and line[:i].rstrip().endswith(end)


def _mojibake_chars(text: str) -> int:
    """Characters in mojibake runs: two or more Latin-1/cp1252 characters in a row, U+FFFD, "???".
    One scan for candidate characters; the (few) runs are judged in Python."""
    n = 0
    for run in _MOJIBAKE_CANDIDATE.findall(text):
        q = run.count("?")
        if "\ufffd" in run or (q >= 3 and q == len(run)) or (len(run) >= 2 and not q):
            n += len(run)
    return n


def _finals(line: str) -> str:
    """The letter a verse line rhymes on: its last letter, or the one before a final long vowel or ha
    (the rhyme letter of "لِيَبْتَلِي" is the lam: the ya only lengthens its vowel; a final ta marbuta,
    folded to ha, is the ending of half the nouns of prose and never rhymes on its own). Folded first."""
    letters = _LETTERS_ONLY.sub("", fold(line[-40:]))[-2:]
    if len(letters) == 2 and letters[1] in "اويه":
        return letters[0]
    return letters[-1:]


def _rhyming(ends: list[tuple[str, str]], reach: int) -> set[int]:
    """Positions of the line ends (rhyme letter, last word) that rhyme with an end at most `reach`
    positions away: the same rhyme letter on another word (a repeated end word is no rhyme)."""
    out = set()
    for i, (letter, word) in enumerate(ends):
        if any(f == letter and w != word for f, w in ends[max(0, i - reach) : i] + ends[i + 1 : i + 1 + reach]):
            out.add(i)
    return out


def _length_spread(lines: list[str]) -> float:
    """The median relative difference in letters between neighbouring lines: small in metred verse,
    whose lines (or hemistichs) have one length."""
    n = [_letters(ln) for ln in lines]
    diffs = sorted(abs(a - b) / max(a, b, 1) for a, b in zip(n, n[1:]))
    return diffs[len(diffs) // 2] if diffs else 1.0


def _letters(text: str) -> int:
    return len(_LETTERS_ONLY.sub("", fold(text)))


def _vowel_signs(text: str) -> int:
    return sum(map(text.count, HARAKAT))


def _vowelled(line: str, share: float) -> bool:
    """Vowel signs make at least `share` of the number of the line's letters (a shadda and its vowel
    count twice); a cheap count first: most lines have none."""
    signs = _vowel_signs(line)
    return signs > 0 and signs >= share * _letters(line)


# A stop inside a line, after a word and before more text: not an ordinal ("3. "), not dots ("الحوثي.. ").
_INNER_STOP = re.compile(r"(?<=[^\W\d_])[.!?؟] ")


def _clause_marks(line: str) -> int:
    """Clause and sentence marks inside the line (a comma, semicolon or stop followed by more text)."""
    commas = line.count("، ") + line.count("؛ ") + line.count(", ")
    return commas + len(_INNER_STOP.findall(line)) if "." in line or "?" in line or "!" in line or "؟" in line else commas


def _prose(line: str, min_words: int, variety: float, function_share: float,
           clause_words: int = 8, clause_marks: int = 1) -> bool:
    """Prose, not a list or a menu: at least `min_words` words (or `clause_words` with `clause_marks`
    clause marks inside: a sentence that lost only its last stop), at least `variety` of them distinct
    (a keyword list repeats), at least `function_share` of them function words (a menu, a tag list, a
    row of links or of numbers has none)."""
    if len(line.split(None, min_words - 1)) < min_words:  # cheap: most open lines are short
        if len(line.split(None, clause_words - 1)) < clause_words or _clause_marks(line) < clause_marks:
            return False
    words = fold_words(line)
    if not words or len(set(words)) < variety * len(words):
        return False
    fw, clitics = _function_words(), _proclitics()
    hits = sum(1 for w in words if w in fw or (len(w) > 2 and w[0] in clitics and w[1:] in fw))
    return hits >= function_share * len(words)


@lru_cache(maxsize=1)
def _list_marker() -> re.Pattern[str]:
    """A line opening with a bullet or an ordinal ("3.", "٣-", "2)"): lexicon/quality.toml [lists]."""
    v = _lexicon()["lists"]
    bullets = "".join(re.escape(b) for b in v["bullets"])
    ordinal = "|".join(re.escape(m) for m in v["ordinal_marks"])
    return re.compile(f"(?:[{bullets}]\\s*(?=\\S)|\\d{{1,3}}\\s*(?:{ordinal})\\s+)")


@lru_cache(maxsize=1)
def _bullets() -> str:
    """The characters a list line may open with, before its marker pattern is asked (`_list_marker`)."""
    return "".join(_lexicon()["lists"]["bullets"])


@lru_cache(maxsize=1)
def _field() -> re.Pattern[str]:
    """A field: a label of one to three words and a colon, followed by its value ("المكان: ...")."""
    return re.compile(r"[^\s:]+(?:\s[^\s:]+){0,2}\s*:\s*\S")


def _whole_verses(lines: list[str], spread: float) -> set[int]:
    """Positions of the lines that are a verse printed whole: a hemistich separator with two or more words
    on each side, and halves of one length (at most `spread` apart in letters)."""
    out = set()
    for pos, ln in enumerate(lines):
        for sep in _hemistich_separators():
            i = ln.find(sep)
            if i < 0:
                continue
            a, b = ln[:i], ln[i + len(sep):]
            if len(a.split(None, 2)) >= 2 and len(b.split(None, 2)) >= 2:
                x, y = _letters(a), _letters(b)
                if abs(x - y) <= spread * max(x, y, 1):
                    out.add(pos)
            break
    return out


def _rhyme(lines: list[str], length_spread: float = 0.18) -> tuple[float, set[int]]:
    """Verse rhyme: (the rhyme share, the positions of the lines that rhyme); 0 unless the lines are of one
    length (`length_spread`: metre; headlines and list items can end alike by chance, their lengths
    vary). The share is the best of two layouts: a verse per line (the share of lines rhyming with one
    of the two lines before or after it), and every second line rhyming (a hemistich per line, or
    alternating rhymes ABAB: the share of the lines of one parity rhyming with the line of that parity
    before or after, when there are three such lines at least, most of them on one letter).
    Near, not page-wide: an anthology page holds poems of different rhymes one after another."""
    # the lines with a rhyme letter, whose last word is not a function word: a verse never ends on a
    # particle ("عن", "إن"); a line cut off mid-sentence does
    fw = _function_words()
    lasts = [(_finals(ln), fold(ln.rsplit(None, 1)[-1])) if ln.strip() else ("", "") for ln in lines]
    at = [i for i, (letter, word) in enumerate(lasts) if letter and word not in fw]
    ends = [lasts[i] for i in at]
    if len(ends) < 3 or _length_spread(lines) > length_spread:
        return 0.0, set()
    rhymed = _rhyming(ends, 2)
    share = len(rhymed) / len(ends)
    for parity in (0, 1):
        half = ends[parity::2]
        # the lines of one parity rhyme on one letter (a chance run of common endings, -ن of plurals,
        # on alternate lines of a headline list is no rhyme)
        if len(half) >= 3 and Counter(f for f, _ in half).most_common(1)[0][1] * 2 > len(half):
            hits = _rhyming(half, 1)
            share = max(share, len(hits) / len(half))
            rhymed.update(parity + 2 * i for i in hits)
    return share, {at[i] for i in rhymed}


# The signals that are shares of the body, before "placeholder" and the n-gram fractions (their order in
# the signals).
_SHARES = ("arabic_share", "latin_share", "symbol_ratio", "digit_ratio", "end_punct_share", "rhyme_share",
           "short_line_share", "dup_line_frac", "dup_line_char_frac", "function_word_share", "mojibake_score",
           "arabizi_score")


def compute(body_lines: list[str], page_lines: int | None = None, page_kept: int | None = None,
            short_line_words: int = 3, verse_rhyme_share: float = 0.75, verse_length_spread: float = 0.18,
            hemistich_spread: float = 0.25, vowelled_line_share: float = 0.5, sentence_words: int = 17,
            prose_word_variety: float = 0.7, prose_function_share: float = 0.05, clause_words: int = 8,
            clause_marks: int = 1, list_prose_share: float = 0.2) -> dict[str, Any]:
    """The quality signals of a body (its lines = paragraphs). `page_lines`/`page_kept`: the page's
    non-blank line count and the number the extractor kept (None outside a run)."""
    end = _end_punct()
    # the lines stripped (blank ones out), each one's whitespace words (diacritics do not split them),
    # the lines not ending in a stop and those that may open with a list marker: one scan (quality.scan)
    lines, line_n, unended, maybe_marked = line_scan(body_lines, end, _bullets())
    text = "\n".join(lines)
    # the folded words (digits apart) and their n-gram fractions, the character classes: ghirbal.quality.scan
    folded, words = body_words(text)
    n_words, word_chars = words.words, words.word_chars
    arabic, latin, digits, other, symbols, non_space, mojibake_lead = char_classes(folded)
    letters = (arabic + latin + other) or 1
    short_lines = sum(map(short_line_words.__ge__, line_n))
    # A line ends like a sentence with sentence punctuation, or, in verse, where the verse ends: poetry
    # ends its lines with the rhyme, not with a stop. Verse is told by rhyme (the lines without a stop
    # rhyme: rhyme_share at least `verse_rhyme_share`) or by verses printed whole (hemistichs apart).
    # A list item (a bullet or a number) is an item whatever closes it (a list of headlines closes some
    # with "?" or "!"): it ends like a sentence only by the prose rule below.
    markers: list[re.Match[str] | None] = [None] * len(lines)
    if maybe_marked:  # the marker pattern asked only of lines opening with a bullet or a numeral
        match = _list_marker().match
        for i in maybe_marked:
            markers[i] = match(lines[i])
    marked = [i for i in maybe_marked if markers[i]]
    # positions of the open lines (most end in a stop: the scan told them apart without a call)
    open_at = sorted({*marked, *(i for i in unended if not _ends(lines[i], end))})
    # A text does not end on a comma or a colon: a last line so is cut off (a fragment), not prose
    # cut by the layout.
    if lines and lines[-1].endswith(_clause_end()) and (not open_at or open_at[-1] != len(lines) - 1):
        open_at.append(len(lines) - 1)
    open_lines = [lines[i] for i in open_at]
    rhyme, rhymed = _rhyme(open_lines, verse_length_spread)
    whole = _whole_verses(open_lines, hemistich_spread) if len(open_lines) >= 2 else set()
    verse = rhymed | whole
    is_verse = rhyme >= verse_rhyme_share or (len(whole) >= 2 and len(verse) >= verse_rhyme_share * len(open_lines))
    ended_open = verse if is_verse else set()
    # Vowelled lines keep the typography of scripture and verse (no stops); a line longer than any
    # headline whose words vary as prose does and hold function words is a paragraph that lost its
    # stop (many Arabic sites drop it), not a keyword list (its words repeat) nor a menu or a row of
    # links (no function words). A body of one or two lines is a news item: its long line is taken as
    # a sentence on length and variety alone (short items may hold no listed function word).
    function_share = prose_function_share if len(lines) > 2 else 0.0
    for k, at in enumerate(open_at):
        if k in ended_open:
            continue
        ln, m = lines[at], markers[at]  # a list marker is not a word of the sentence
        if _vowelled(ln, vowelled_line_share) or _prose(ln[m.end():] if m else ln, sentence_words, prose_word_variety,
                                                        function_share, clause_words, clause_marks):
            ended_open.add(k)
    # The share is of the body's words, not of its lines. List items and fields ("• كوب عدس", "١- ...",
    # "المكان: ...") are items, not sentences: the open ones are set aside and the document is judged by
    # the prose around them, when that prose (the lines that are neither list lines nor open fields)
    # holds at least `list_prose_share` of the words (a page that is all list, a product grid or a tag
    # cloud with bullets, is judged on every line).
    all_words = sum(line_n)  # the lines joined by newlines: the same whitespace words
    still_open = {at for k, at in enumerate(open_at) if k not in ended_open}
    field = _field().match
    open_words = open_item_words = list_words = 0
    for i in still_open.union(marked):  # (sums: the order does not matter)
        is_open, is_marked, n = i in still_open, markers[i] is not None, line_n[i]
        is_open_item = is_open and (is_marked or field(lines[i]) is not None)
        open_words += n if is_open else 0
        open_item_words += n if is_open_item else 0
        list_words += n if is_open_item or is_marked else 0
    if open_item_words and all_words - list_words >= list_prose_share * all_words:
        open_words -= open_item_words
        all_words -= open_item_words
    # A heading is not a sentence: the first line of a text of three lines or more, shorter than a
    # sentence and left open (no item), is set aside too.
    if len(lines) > 2 and 0 in still_open and not markers[0] and not field(lines[0]):
        n = line_n[0]
        if n < sentence_words:
            open_words -= n
            all_words -= n
    line_counts = Counter(lines)
    dup_lines = sum(c for c in line_counts.values() if c > 1) - sum(1 for c in line_counts.values() if c > 1)
    dup_line_chars = sum(len(ln) * (c - 1) for ln, c in line_counts.items() if c > 1)
    latin_words = [w.lower() for w in _LATIN_TOKEN.findall(text)] if latin else []  # few in Arabic text: a cheap scan
    # a capitalised code with a digit (WPA2, MP3, G20) is an acronym, not a chat spelling of a word
    arabizi_digit_words = (sum(1 for w in _ARABIZI_DIGIT_WORD.findall(text) if not w.isupper())
                           if latin_words and _ARABIZI_HINT.search(text) else 0)
    arabizi_hits = sum(1 for t in latin_words if t in _arabizi_words()) + arabizi_digit_words if latin_words else 0
    # Mojibake always holds a Latin-1 letter or mark, U+FFFD or "???": without one, the scan is skipped
    # (Arabic pages: almost always).
    maybe_mojibake = mojibake_lead or "???" in folded
    # each distinct word looked up once, its count added (quality.scan: no Python loop over the words)
    function_words = counted_in(words, _counted_function_words())[0]
    mojibake_chars = _mojibake_chars(text) if maybe_mojibake else 0
    # the shares rounded to 4 places in one call (quality.scan.rounded: Python's round, in C where exact)
    share = rounded([
        arabic / letters,
        latin / letters,
        symbols / non_space if non_space else 0.0,
        digits / non_space if non_space else 0.0,
        1 - open_words / all_words if all_words else 0.0,
        rhyme,
        short_lines / len(lines) if lines else 0.0,
        dup_lines / len(lines) if lines else 0.0,
        dup_line_chars / len(text) if text else 0.0,
        function_words / n_words if n_words else 0.0,
        mojibake_chars / non_space if non_space else 0.0,
        min(1.0, arabizi_hits / len(latin_words)) if latin_words else 0.0,
        *words.ngrams,
        *(((page_kept or 0) / page_lines, 1 - (page_kept or 0) / page_lines) if page_lines else ()),
    ], 4)
    sig: dict[str, Any] = {
        "words": n_words,
        "lines": len(lines),
        "mean_word_len": round(word_chars / n_words, 3) if n_words else 0.0,
        **dict(zip(_SHARES, share)),
        "placeholder": sum(map(folded.count, _placeholders())),  # a substring search each: no regex scan
    }
    sig.update(zip(NGRAM_NAMES, share[len(_SHARES):]))
    if page_lines:
        sig["page_kept_share"], sig["page_dropped_share"] = share[-2:]
    return sig

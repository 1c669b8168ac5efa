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
from functools import lru_cache

# Bidi embedding/override/isolate marks, LRM/RLM/ALM, zero-width space, BOM, soft hyphen.
# ZWNJ (U+200C) is kept: it is orthographic in Persian and Urdu.
_CONTROL_CHARS = "\u200b\u200e\u200f\u061c\ufeff\u00ad\u2060\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Tabs, no-break and typographic spaces, and the separators that are not the line break of WET text
# (VT, FF, NEL, U+2028, U+2029): inside a line they are spaces, or body text would hide line breaks.
_ODD_SPACES = "\x0b\x0c\x85\u2028\u2029\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_FIXED_CHARS = _CONTROL_CHARS + _ODD_SPACES  # (no character in both)
# Typical UTF-8-read-as-cp1252/latin-1 sequences: Arabic letters become Ø/Ù + a symbol.
_MOJIBAKE_LEADS = "\u00d8\u00d9\u00c3\u00c2"
_MOJIBAKE_HINT = re.compile("[\u00d8\u00d9\u00c3\u00c2][\u0080-\u00bf\u2018-\u203a\u0152-\u02dc]")


def _drop_chars(text: str, chars: str, repl: str = "") -> str:
    """`text` with each of `chars` replaced by `repl`: the characters present found in one compiled pass
    (`_counts.chars_in`), or by the reference."""
    from ghirbal.linemodel import compiled  # (here: ghirbal.linemodel imports this module)

    if compiled.active():
        for ch in compiled.chars_in(text, chars):
            text = text.replace(ch, repl)
        return text
    return _drop_chars_reference(text, chars, repl)


def _drop_chars_reference(text: str, chars: str, repl: str = "") -> str:
    # `in` and str.replace run at memchr speed; a regex character class is ~30x slower on Arabic text.
    for ch in chars:
        if ch in text:
            text = text.replace(ch, repl)
    return text


def _drop_tatweel_runs(text: str) -> str:
    """Runs of two or more tatweels removed, a single one kept: split at each pair, and the odd tatweel
    left at the head of a piece belongs to the run before it (C-level splits; the regex is slower)."""
    head, *rest = text.split("\u0640\u0640")
    return "".join([head, *(piece.lstrip("\u0640") for piece in rest)])


def _fix_chars(text: str) -> str:
    if any(ch in text for ch in _MOJIBAKE_LEADS) and _MOJIBAKE_HINT.search(text):
        text = _fix_mojibake(text)
    if not text.isascii():
        text = _normalized("NFC", text) if "\n" in text else text if is_normalized("NFC", text) else _nfc(text)
        compiled = _COMPILED or _compiled_core()
        if compiled.active():
            # Both sets found in one pass (dropping the controls and tatweels neither adds nor removes
            # an odd space); the references scan for each set in turn.
            found = compiled.chars_in(text, _FIXED_CHARS)
            for ch in found:
                if ch in _CONTROL_CHARS:
                    text = text.replace(ch, "")
            if "\u0640\u0640" in text:
                text = _drop_tatweel_runs(text)
            for ch in found:
                if ch in _ODD_SPACES:
                    text = text.replace(ch, " ")
            return text
        text = _drop_chars(text, _CONTROL_CHARS)
        if "\u0640\u0640" in text:
            text = _drop_tatweel_runs(text)
        text = _drop_chars(text, _ODD_SPACES, " ")
    elif "\t" in text or "\x0b" in text or "\x0c" in text:
        text = text.replace("\t", " ").replace("\x0b", " ").replace("\x0c", " ")
    return text


def _nfc(text: str) -> str:
    """NFC, line by line: CPython's normalize is slow on long text, and a page that is not NFC usually
    has a few such lines (a line break is a starter nothing composes with: the result is the same)."""
    if "\n" not in text:
        return unicodedata.normalize("NFC", text)
    return _normalized_lines("NFC", text)


def _normalized_lines(form: str, text: str) -> str:
    """`unicodedata.normalize(form, text)` line by line, asking only the lines that fail the quick check
    (compiled: one pass over the page, `_counts.unnormalized_lines`, and the text between those lines
    kept as it is, not split and joined; the reference asks every line)."""
    is_norm, norm = unicodedata.is_normalized, unicodedata.normalize
    compiled = _COMPILED or _compiled_core()
    if compiled.active():
        parts, at = [], 0
        for start, end in compiled.unnormalized_lines(text, _quick_check_table(form)):
            line = text[start:end]
            if not is_norm(form, line):
                parts += (text[at:start], norm(form, line))
                at = end
        if not parts:
            return text
        parts.append(text[at:])
        return "".join(parts)
    return "\n".join([ln if is_norm(form, ln) else norm(form, ln) for ln in text.split("\n")])


def _unnormalized_lines_reference(text: str, table: bytes) -> list[tuple[int, int]]:
    """What `_counts.unnormalized_lines` returns: the lines (split at "\n") that fail the quick check of
    `table` (`_quick_check_table`), as `_counts.quick_normalized` checks it, by their (start, end)
    offsets in `text`."""
    out, start = [], 0
    for ln in text.split("\n"):
        prev = 0
        for ch in ln:
            v = table[ord(ch)] if ord(ch) <= 0xFFFF else 255
            if v == 255 or (v != 0 and prev > v):
                out.append((start, start + len(ln)))
                break
            prev = v
        start += len(ln) + 1
    return out


_SPACE_RUN = re.compile("  +")


def squeeze_spaces(text: str) -> str:
    """Runs of spaces as one space (one regex pass: the replace loop copied the text per round)."""
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def squeezed_lines(text: str) -> list[str]:
    """The lines of `text` (split at "\\n"), each stripped, runs of spaces squeezed: one pass per line,
    compiled (`_counts.squeezed_lines`), or the reference."""
    compiled = _COMPILED or _compiled_core()
    if compiled.active():
        return compiled.squeezed_lines(text)
    return squeezed_lines_reference(text)


def squeezed_lines_reference(text: str) -> list[str]:
    return [ln.strip() for ln in squeeze_spaces(text).split("\n")]


def faithful(text: str) -> str:
    """Safe, meaning-preserving fixes for output text (one line)."""
    return squeeze_spaces(_fix_chars(text)).strip()


def faithful_lines(page: str, lines: list[str] | None = None) -> list[str]:
    """`faithful` for every line of a page, with the character fixes done in one pass over the page.
    `lines`: `page` split at its line breaks when each line is already stripped with its white space
    squeezed (the HTML path's blocks): returned as they are when the character fixes change nothing,
    the lines not split and squeezed again."""
    if "\r" in page:
        page, lines = page.replace("\r\n", "\n").replace("\r", "\n"), None
    fixed = _fix_chars(page)
    if fixed is page and lines is not None:  # (_fix_chars gives back the page itself when it fixes nothing)
        return lines
    return squeezed_lines(fixed)


def _fix_mojibake(text: str) -> str:
    """`ftfy.fix_encoding(text)`, with ftfy handed only the lines that can take part in its decisions.

    ftfy treats the text as one piece, and its badness regex runs over all of it at each step. A line of
    ASCII without U+001A is inert to every test and fix it makes: no badness pattern matches ASCII alone,
    ASCII passes every charmap-encoding test and encodes and decodes to itself, no fix makes or removes a
    line break, and no pattern matches across one except by one character on each side (`[a-z]\\s?[ÃÂ] `
    reads the last character of the line before; `[Œœ][^A-Za-z]` and `\\s[À-Ñ…][¢£€…]` the break itself).
    So ftfy gets the other lines, each with the line before it (the character its patterns read back),
    with their line breaks (a kept line after or before a dropped one keeps its break, `^` and the
    shorter-match test see what they saw), and its answer is the same line for line (tests hold it equal
    to ftfy on the whole text)."""
    try:
        import ftfy  # only loaded when the text shows mojibake
    except ImportError:  # pragma: no cover - ftfy is a declared dependency
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    live = [not ln.isascii() or "\x1a" in ln for ln in lines]
    keep = [i for i, ln in enumerate(lines) if live[i] or (i < last and live[i + 1])]
    if not keep:  # ASCII (but U+001A), which ftfy returns as it is
        return text
    if len(keep) == len(lines):
        return ftfy.fix_encoding(text)
    lead, trail = "\n" if keep[0] else "", "\n" if keep[-1] < last else ""
    part = lead + "\n".join([lines[i] for i in keep]) + trail
    fixed = ftfy.fix_encoding(part)
    if fixed == part:
        return text
    fixed_lines = fixed[len(lead): len(fixed) - len(trail)].split("\n")
    if len(fixed_lines) != len(keep) or not fixed.startswith(lead) or not fixed.endswith(trail):
        return ftfy.fix_encoding(text)  # (cannot happen, by the above; the whole text's answer if it did)
    for i, ln in zip(keep, fixed_lines):
        lines[i] = ln
    return "\n".join(lines)


# --- folding for keys and for the evaluation metric -------------------------------------------

# Harakat, tanwin, shadda, sukun, superscript alef, tatweel, and the Quranic annotation marks; not the
# small waw/yeh (U+06E5, U+06E6), which are letters, nor the symbols U+06DE and U+06E9.
_DIACRITICS = "".join(map(chr, [*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06DE), *range(0x06DF, 0x06E5),
                               0x06E7, 0x06E8, *range(0x06EA, 0x06EE)]))
# (from, to) pairs; str.replace per pair is several times faster than str.translate on Arabic text.
_LETTER_FOLD = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"))
_PERSIAN_FOLD = (("ی", "ي"), ("ک", "ك"))
_INDIC_DIGITS = "".join(map(chr, [*range(0x0660, 0x066A), *range(0x06F0, 0x06FA)]))
_DIGITS = str.maketrans({**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}})


_DIGIT_PAIRS = tuple((chr(base + i), str(i)) for base in (0x0660, 0x06F0) for i in range(10))


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII, nothing else changed: same length, same offsets.
    (str.replace per digit present: str.translate walks Arabic text many times slower.)"""
    for ch, d in _DIGIT_PAIRS:
        if ch in text:
            text = text.replace(ch, d)
    return text


# Each folded letter with the variants that fold to it: for regexes that match the text as written
# (a character class per letter) and must agree with `fold` (dates' tokenizer).
LETTER_VARIANTS: dict[str, str] = {}
for _a, _b in _LETTER_FOLD + _PERSIAN_FOLD:
    LETTER_VARIANTS[_b] = LETTER_VARIANTS.get(_b, _b) + _a
DIACRITICS = _DIACRITICS  # harakat, tatweel and Quranic marks: what `fold` removes
HARAKAT = "".join(map(chr, range(0x064B, 0x0653)))  # the vowel signs proper: tanwin, fatha, damma, kasra, shadda, sukun


_SHORT = 256  # up to this length `fold` maps through one translate table; longer text, per-character scans


@lru_cache(maxsize=4)
def _fold_table(persian: bool, alef_only: bool) -> dict[int, str | None]:
    """`fold`'s character mapping (after NFKC, before lower-casing) as one str.translate table."""
    table: dict[int, str | None] = {ord(ch): None for ch in _DIACRITICS}
    pairs = _LETTER_FOLD[:4] if alef_only else _LETTER_FOLD + (_PERSIAN_FOLD if persian else ())
    table.update({ord(a): b for a, b in pairs})
    table.update(_DIGITS)
    return table


def nfkc(text: str) -> str:
    """NFKC, `fold`'s first step (the check is cheap; most text is normalized already)."""
    return _normalized("NFKC", text) if "\n" in text else (
        text if is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text))


def _normalized(form: str, text: str) -> str:
    """`text` in `form` ("NFC" or "NFKC"), for a page of lines joined by "\n": compiled, one quick check
    of the page, then only its lines that fail it are asked (`_normalized_lines`), without asking
    `unicodedata` about the whole page first (it normalizes all of it to answer)."""
    compiled = _COMPILED or _compiled_core()
    if compiled.active():
        return text if compiled.quick_normalized(text, _quick_check_table(form)) else _normalized_lines(form, text)
    if unicodedata.is_normalized(form, text):
        return text
    return _normalized_lines(form, text) if form == "NFC" else unicodedata.normalize(form, text)


def is_normalized(form: str, text: str) -> bool:
    """`unicodedata.is_normalized(form, text)` ("NFC" or "NFKC"), answered at once (compiled) when the
    text passes its quick check character by character (`_quick_check_table`)."""
    compiled = _COMPILED or _compiled_core()
    if compiled.active() and compiled.quick_normalized(text, _quick_check_table(form)):
        return True
    return unicodedata.is_normalized(form, text)


_COMPILED = None  # ghirbal.linemodel.compiled, once imported (it imports this module: not at the top)


def _compiled_core():
    global _COMPILED
    from ghirbal.linemodel import compiled

    _COMPILED = compiled
    return compiled


# Hangul composes algorithmically (no decomposition in the table): its characters always go to unicodedata.
_HANGUL = ((0x1100, 0x1200), (0x3130, 0x3190), (0xA960, 0xA980), (0xAC00, 0xD800))


@lru_cache(maxsize=2)
def _quick_check_table(form: str) -> bytes:
    """Per BMP character, its combining class where the `form` quick-check value is Yes, else 255: Yes
    where `form` leaves the character alone (not No) and it is never the second character of a canonical
    composition (not Maybe); Hangul and surrogates 255. What `unicodedata.is_normalized` reads first: a
    text of Yes characters whose nonzero combining classes never decrease is normalized, no normalizing
    needed (its quick check)."""
    seconds = set()
    for c in range(0x2FA20):  # (the last canonical decomposition is U+2FA1D's)
        d = unicodedata.decomposition(chr(c))
        if d and not d.startswith("<") and len(d.split()) == 2:
            seconds.add(int(d.split()[1], 16))
    out = bytearray(b"\xff" * 0x10000)
    for c in range(0x10000):
        ch = chr(c)
        if (c in seconds or 0xD800 <= c < 0xE000 or any(a <= c < b for a, b in _HANGUL)
                or unicodedata.normalize(form, ch) != ch):
            continue
        out[c] = unicodedata.combining(ch)
    return bytes(out)


def fold(text: str, persian: bool = True, alef_only: bool = False) -> str:
    """NFKC, lower-case, strip diacritics/tatweel, fold letter variants and Arabic-Indic digits.

    `persian=False` is the exact evaluation folding (README, "Evaluation"); keys also fold the
    Persian ya and kaf, which Arabic pages sometimes use by keyboard accident. `alef_only=True` folds
    only the alef forms, for word look-ups where ى/ي and ة/ه tell words apart ("على" is not "علي").
    """
    text = nfkc(text)
    if len(text) <= _SHORT:
        # One table pass: on a short string the per-character-class scans below cost more than it.
        return text.translate(_fold_table(persian, alef_only)).lower()
    text = _drop_chars(text, _DIACRITICS)
    for a, b in _LETTER_FOLD[:4] if alef_only else _LETTER_FOLD:
        if a in text:
            text = text.replace(a, b)
    if persian and not alef_only:
        for a, b in _PERSIAN_FOLD:
            if a in text:
                text = text.replace(a, b)
    if any(d in text for d in _INDIC_DIGITS):
        text = text.translate(_DIGITS)
    return text.lower()


_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> list[str]:
    """The evaluation tokeniser: folded `\\w+` runs."""
    return _WORD.findall(fold(text, persian=False))


def match_key(text: str) -> str:
    """A hard-folded comparison key: folded words, numbers masked to 0, punctuation dropped."""
    folded = fold(text)
    return _NON_WORD.sub(" ", _NUMBER.sub("0", folded)).strip()


_NON_WORD_IN_LINE = re.compile(r"(?:[^\w\n]|_)+")  # `_NON_WORD` that stops at line breaks


def match_keys(texts: list[str]) -> list[str]:
    """`[match_key(t) for t in texts]`, folded and masked in one pass over the texts joined by line
    breaks (no fold step reaches across one: NFKC never composes with or yields a "\n", and
    lower-casing's final-sigma context stops at it). Texts that hold a line break are keyed alone."""
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [match_key(t) for t in texts]
    masked = _NON_WORD_IN_LINE.sub(" ", _NUMBER.sub("0", fold(joined)))
    return [k.strip() for k in masked.split("\n")]


# --- `fold_words` of many texts at once, as UTF-16 code units (dedup signatures) -----------------
# The table maps each UTF-16 code unit to what `fold` makes of it on its own. It is built by calling
# `fold` itself, so there is still one folding; a code point whose folding depends on its neighbours
# (NFKC composition, Hangul jamo, the final sigma), that folds to several characters, or that is not
# in the BMP (surrogates) sends the text it is in back to `fold_words`.
_SEP, _DROP, _SLOW = 0, 0xFFFE, 0xFFFF  # U+FFFE and U+FFFF are not word characters: free as markers


@lru_cache(maxsize=1)
def _fold_units_table():
    import numpy as np

    cps = range(0x10000)
    # One `fold` call for all of them: "\x00" neither composes with nor is a word character.
    pieces = fold("\x00".join(chr(c) if 0 < c < 0xD800 or c >= 0xE000 else " " for c in cps), persian=False).split("\x00")
    composing = {int(d.split()[1], 16) for c in cps if (d := unicodedata.decomposition(chr(c)))
                 and not d.startswith("<") and len(d.split()) == 2}
    slow = composing | {0x03A3, *range(0xD800, 0xE000), *range(0x1100, 0x1200), *range(0x3131, 0x318F),
                        *range(0xA960, 0xA980), *range(0xD7B0, 0xD800)}

    def unit(c: int, piece: str) -> int:
        if len(piece) > 1 or c in slow or (piece and (ord(piece) in slow or ord(piece) > 0xFFFF)):
            return _SLOW
        if not piece:
            return _DROP
        return ord(piece) if piece.isalnum() or piece == "_" else _SEP  # `\w`, as the re module defines it

    return np.array([unit(c, piece) for c, piece in zip(cps, pieces)], dtype=np.uint16)


FOLD_DROP, FOLD_SLOW = 0xFFFFFFFF, 0xFFFFFFFE  # fold_char_table: the character folds away / needs `fold`


@lru_cache(maxsize=2)
def fold_char_table(persian: bool = True):
    """What `fold` makes of each BMP character of NFKC text on its own, as a uint32 array: a code point,
    FOLD_DROP, or FOLD_SLOW where `fold` on the character alone may differ from `fold` in context
    (the final sigma, a lower case of two characters, a surrogate) or gives several characters. Built
    by calling `fold` (one folding); the compiled line keys (`linemodel._counts.keys_and_looses`) read it."""
    import numpy as np

    cps = range(0x10000)
    # One `fold` call for all of them: "\x00" neither composes with nor is changed by anything.
    chars = "\x00".join(chr(c) if 0 < c < 0xD800 or c >= 0xE000 else " " for c in cps)
    pieces = fold(chars, persian=persian).split("\x00")
    out = np.empty(0x10000, dtype=np.uint32)
    for c, piece in zip(cps, pieces):
        if c == 0 or 0xD800 <= c < 0xE000 or c == 0x03A3 or len(piece) > 1 or len(chr(c).lower()) > 1:
            out[c] = FOLD_SLOW  # (NUL: the separator above)
        else:
            out[c] = ord(piece) if piece else FOLD_DROP
    return out


def fold_words_units(texts: list[str]):
    """`fold_words` of many texts at once, for vectorized hashing: (units, starts). `units` (uint16)
    holds the folded words as UTF-16 code units, each word followed by one or more zeros; text d's
    words are in units[starts[d]:starts[d + 1]]. The same words as `fold_words(text)` (tested)."""
    import numpy as np

    table = _fold_units_table()
    n = len(texts)
    units = table[np.frombuffer("\n".join(texts).encode("utf-16-le", "surrogatepass") + b"\n\0", dtype=np.uint16)]
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n) + 1
    if len(units) != lens.sum():  # characters outside the BMP take two units
        lens = np.fromiter((len(t.encode("utf-16-le", "surrogatepass")) // 2 + 1 for t in texts), dtype=np.int64, count=n)
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lens, out=starts[1:])
    if units.max(initial=0) == _SLOW:  # those texts: their words from `fold_words`
        slow = np.flatnonzero(units == _SLOW)
        docs = np.unique(np.searchsorted(starts, slow, side="right") - 1).tolist()
        parts, prev = [], 0
        for d in docs:
            parts.append(units[starts[prev]:starts[d]])
            redo = np.frombuffer((" ".join(fold_words(texts[d])) + " ").encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
            parts.append(np.where(redo == 0x20, np.uint16(_SEP), redo))
            lens[d] = len(redo)
            prev = d + 1
        parts.append(units[starts[prev]:])
        units = np.concatenate(parts)
        np.cumsum(lens, out=starts[1:])
    drops = np.flatnonzero(units == _DROP)
    if len(drops):  # diacritics and tatweel vanish without splitting a word
        units = np.delete(units, drops)
        starts -= np.searchsorted(drops, starts)
    return units, starts

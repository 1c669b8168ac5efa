# cython: language_level=3, boundscheck=False, wraparound=False
"""Character counts of a line for the line model's static columns, in one pass over the characters.

The pure-Python reference is `ghirbal.linemodel.rows.char_counts_reference` (five regex scans); both
give the same tuple for every string (tests/test_compiled_core.py). Character classes follow Python's
`re` on str: \\d is str.isdecimal, \\s is str.isspace, \\w is str.isalnum or "_".
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE


cdef inline bint _inner_mark(Py_UCS4 c) noexcept:
    # [\u060c,\u061b;.:] : Arabic comma, comma, Arabic semicolon, semicolon, full stop, colon
    return c == 0x060C or c == 0x2C or c == 0x061B or c == 0x3B or c == 0x2E or c == 0x3A


cdef inline bint _ascii_letter(Py_UCS4 c) noexcept:
    return (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)


def char_counts(str text):
    """(inner punctuation marks followed by a space, digits, has Arabic letter, has Latin letter,
    Latin words, capitalized Latin words)."""
    cdef Py_UCS4 c
    cdef bint prev_word = False, prev_mark = False, arabic = False, latin = False, word, space
    cdef long inner = 0, digits = 0, latin_words = 0, capitalized = 0
    for c in text:  # Cython walks the string's buffer directly
        # Character classes, with fast paths for ASCII and the Arabic letters (all alphabetic).
        if c < 0x80:
            if 0x30 <= c <= 0x39:
                digits += 1
                word = True
            else:
                word = _ascii_letter(c) or c == 0x5F
            space = c == 0x20 or (0x09 <= c <= 0x0D) or (0x1C <= c <= 0x1F)
        elif 0x0621 <= c <= 0x064A:
            arabic = True
            word, space = True, False
        else:
            if Py_UNICODE_ISDECIMAL(c):
                digits += 1
            if (0x0671 <= c <= 0x06D3) or (0x06FA <= c <= 0x06FF):
                arabic = True
            word = Py_UNICODE_ISALNUM(c)
            space = Py_UNICODE_ISSPACE(c)
        if prev_mark and space:  # a mark followed by white space
            inner += 1
        prev_mark = _inner_mark(c)
        if _ascii_letter(c):
            latin = True
            if not prev_word:  # \b before a letter: the previous character is no word character
                latin_words += 1
                if c <= 0x5A:
                    capitalized += 1
        elif 0xC0 <= c <= 0x24F:
            latin = True
        prev_word = word
    return inner, digits, arabic, latin, latin_words, capitalized


from libc.math cimport log1p
from cpython.bytes cimport PyBytes_FromStringAndSize

cdef int _STATIC = 16  # len(rows.STATIC)


def static_row(str text, str key, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
               frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    """rows.static_row_reference compiled: the same 16 float64 values, as bytes. The regexes stay
    Python's (separators are rare: the gate regex finds most lines hold none)."""
    cdef double row[16]
    cdef list tokens = key.split()
    cdef Py_ssize_t n = len(tokens), half = n // 2, i, stop = 0, chrome = 0, letters = 0
    cdef long inner, digits, latin_words, capitalized, seps = 0
    cdef bint has_arabic, has_latin, doubled = False
    cdef str tok
    inner, digits, has_arabic, has_latin, latin_words, capitalized = char_counts(text)
    if separator_chars.search(text) is not None:
        seps = len(separators.findall(text))
    for i in range(n):
        tok = <str>tokens[i]
        if tok in stopwords:
            stop += 1
        if tok in chrome_words:
            chrome += 1
        letters += len(tok)
    if n >= 4 and n % 2 == 0:
        doubled = True
        for i in range(half):
            if tokens[i] != tokens[half + i]:
                doubled = False
                break
    row[0] = log1p(<double>words)
    row[1] = log1p(<double>len(text))
    row[2] = 1.0 if end_punct else 0.0
    row[3] = <double>(inner if inner < 5 else 5)
    row[4] = <double>stop / <double>n
    row[5] = <double>chrome / <double>n
    row[6] = 0.0 if cue is None else 1.0
    row[7] = 1.0 if cue in list_headers else 0.0
    row[8] = 1.0 if linky else 0.0
    row[9] = <double>digits / <double>len(text)
    row[10] = 1.0 if has_arabic else 0.0
    row[11] = 1.0 if has_latin else 0.0
    row[12] = 1.0 if doubled else 0.0
    row[13] = <double>letters / <double>n
    row[14] = <double>(seps if seps < 5 else 5)
    row[15] = <double>capitalized / <double>latin_words if latin_words >= 3 else 0.0
    return PyBytes_FromStringAndSize(<char*>row, _STATIC * sizeof(double))

# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled core's per-line text work (ghirbal.linemodel.compiled names each function's reference):
a line's character counts and static model columns, the per-line measuring loop, a page's line keys
and loose keys, its script counts, a line's date gate. Character classes follow Python's `re` on
str: \\d is str.isdecimal, \\s is str.isspace, \\w is str.isalnum or "_". The page-level work is in
`_pages.pyx`.
"""

from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_4BYTE_KIND, Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE
from libc.math cimport log1p

from ghirbal.linemodel._chars cimport is_space as _is_space

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


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


cdef int _STATIC = 16  # len(rows.STATIC)


def static_row(str text, str key, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
               frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    """rows.static_row_reference compiled: the same 16 float64 values, as bytes. The regexes stay
    Python's (separators are rare: the gate regex finds most lines hold none)."""
    return _static_row(text, key.split(), words, end_punct, cue, linky, stopwords, chrome_words, list_headers,
                       separators, separator_chars)


cdef bytes _static_row(str text, list tokens, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
                       frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    # `tokens`: the key's words (key.split())
    cdef double row[16]
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


def measure_lines(list lines, list keys, list looses, object cue_match, object agency_gate, object agency_credit,
                  object linky_re, str end_marks, str closers, bytes zero_static, frozenset stopwords,
                  frozenset chrome_words, frozenset list_headers, object separators, object separator_chars):
    """features._measure_new_reference's loop compiled: (key, loose, words, end_punct, cue, linky, static
    row) of each line, the cue, agency and link tests still Python's."""
    cdef list out = [], tokens
    cdef Py_ssize_t i, n = len(lines)
    cdef str text, key, loose, bare
    cdef long words
    cdef bint end, linky
    for i in range(n):
        text = <str>lines[i]
        key = <str>keys[i]
        loose = <str>looses[i]
        if not key:
            out.append(("", loose, 0, False, None, len(text) > 0, zero_static))
            continue
        words = key.count(" ") + 1
        bare = text.rstrip(closers)
        end = len(bare) > 0 and bare[len(bare) - 1] in end_marks
        tokens = key.split()
        cue = cue_match(key, loose, words, tokens)
        if cue is None and words <= 6 and agency_gate(key) and agency_credit(text):
            cue = "agency-credit"
        linky = (words <= 3 or " " not in text) and (linky_re.match(text) is not None or (words == 1 and "." in text))
        out.append((key, loose, words, end, cue, linky,
                     _static_row(text, tokens, words, end, cue, linky, stopwords, chrome_words, list_headers,
                                 separators, separator_chars)))
    return out


cdef inline bint _is_alnum(Py_UCS4 c) noexcept:
    if c < 0x80:
        return (0x30 <= c <= 0x39) or _ascii_letter(c)
    if 0x0621 <= c <= 0x064A:  # the Arabic letters, the common case: no look-up in the Unicode table
        return True
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _is_decimal(Py_UCS4 c) noexcept:
    if c < 0x80:
        return 0x30 <= c <= 0x39
    if 0x0621 <= c <= 0x064A:
        return False
    return Py_UNICODE_ISDECIMAL(c)


cdef inline Py_ssize_t _push_squeezed(Py_UCS4* buf, Py_ssize_t n, Py_UCS4 c) noexcept:
    # Appends c, unless it is a space after a space (squeeze_spaces); returns the new length.
    if c == 0x20 and n > 0 and buf[n - 1] == 0x20:
        return n
    buf[n] = c
    return n + 1


cdef str _stripped(Py_UCS4* buf, Py_ssize_t n):
    cdef Py_ssize_t a = 0, b = n
    while a < b and _is_space(buf[a]):
        a += 1
    while b > a and _is_space(buf[b - 1]):
        b -= 1
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf + a, b - a)


def keys_and_looses(str text, const unsigned int[::1] table):
    """features._keys_reference compiled, for NFKC text (lines joined by "\\n"): each line folded through
    `table` (normalize.fold_char_table), digit runs masked as "0", then its loose key (spaces squeezed,
    stripped) and its key (punctuation and "_" as spaces, squeezed, stripped). None when a character
    needs `fold` itself (table: FOLD_SLOW): the caller folds in Python."""
    cdef Py_ssize_t n = len(text), kn = 0, ln = 0
    cdef Py_UCS4 c, m
    cdef unsigned int t
    cdef bint prev_digit = False
    cdef list keys = [], looses = []
    cdef Py_UCS4* kb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    cdef Py_UCS4* lb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    if kb == NULL or lb == NULL:
        PyMem_Free(kb)
        PyMem_Free(lb)
        raise MemoryError()
    try:
        for c in text:
            if c > 0xFFFF:
                # Outside the BMP (emoji, mathematical letters after NFKC...): `fold` only lower-cases them.
                low = chr(c).lower()
                if len(low) != 1:
                    return None
                t = ord(low)
            else:
                t = table[c]
            if t == 0xFFFFFFFF:  # folds away (diacritics, tatweel)
                continue
            if t == 0xFFFFFFFE:
                return None
            m = <Py_UCS4>t
            if m == 0x0A:  # the end of a line
                keys.append(_stripped(kb, kn))
                looses.append(_stripped(lb, ln))
                kn = ln = 0
                prev_digit = False
                continue
            if _is_decimal(m):
                if prev_digit:
                    continue  # one "0" for the run
                prev_digit = True
                m = 0x30
            else:
                prev_digit = False
            ln = _push_squeezed(lb, ln, m)
            # In the key, punctuation, symbols and "_" are spaces.
            kn = _push_squeezed(kb, kn, 0x20 if m == 0x5F or not (_is_alnum(m) or _is_space(m)) else m)
        keys.append(_stripped(kb, kn))
        looses.append(_stripped(lb, ln))
        return keys, looses
    finally:
        PyMem_Free(kb)
        PyMem_Free(lb)


def page_script_counts(str sample, str urdu, str persian):
    """language._script_counts_reference compiled: (characters of the Arabic block U+0600-U+06FF, ASCII
    letters, characters in `urdu`, characters in `persian`) of a page's sample, in one pass."""
    cdef Py_UCS4 c
    cdef Py_ssize_t arabic = 0, latin = 0, u = 0, p = 0
    for c in sample:
        if 0x0600 <= c <= 0x06FF:
            arabic += 1
            if c >= 0x0679:  # every letter of both lists is at U+0679 or above
                if c in urdu:
                    u += 1
                elif c in persian:
                    p += 1
        elif _ascii_letter(c):
            latin += 1
    return arabic, latin, u, p


def digit_or_date_word(str text, tuple days, tuple before, tuple units):
    """dates._might_contain_date_reference compiled: a decimal digit (any script), one of `days`, or
    one of `before` and one of `units` in the text."""
    cdef Py_UCS4 c
    cdef str w
    for c in text:
        if _is_decimal(c):
            return True
    for w in days:
        if w in text:
            return True
    for w in before:
        if w in text:
            for w in units:
                if w in text:
                    return True
            return False
    return False


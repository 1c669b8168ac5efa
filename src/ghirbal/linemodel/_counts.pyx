# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled core's per-line text work (ghirbal.linemodel.compiled names each function's reference):
a line's character counts and static model columns, the per-line measuring loop, a page's line keys
and loose keys, its script counts and Latin stopword hits, a line's date gate. Character classes follow Python's `re` on
str: \\d is str.isdecimal, \\s is str.isspace, \\w is str.isalnum or "_". The page-level work is in
`_pages.pyx`.
"""

cimport cython
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_4BYTE_KIND, PyUnicode_New, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
)
from libc.math cimport log1p
from libc.stdint cimport uint64_t
from libc.string cimport memcmp, memcpy, memset

from ghirbal.linemodel._chars cimport (FNV_BASIS, code_unit as _code_unit, fnv_step, fnv_str, has_char as _has_char,
                                       is_space as _is_space)

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    void PyObject_GC_UnTrack(void *op)


cdef inline bint _inner_mark(Py_UCS4 c) noexcept:
    # [\u060c,\u061b;.:] : Arabic comma, comma, Arabic semicolon, semicolon, full stop, colon
    return c == 0x060C or c == 0x2C or c == 0x061B or c == 0x3B or c == 0x2E or c == 0x3A


cdef inline bint _ascii_letter(Py_UCS4 c) noexcept:
    return (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)


def char_counts(str text):
    """(inner punctuation marks followed by a space, digits, has Arabic letter, has Latin letter,
    Latin words, capitalized Latin words)."""
    cdef long out[9]
    _char_counts(text, out)
    return out[0], out[1], out[2] != 0, out[3] != 0, out[4], out[5]


# A character's classes for `_char_counts`, as bits (read from a table below U+3000).
cdef enum:
    _CC_DIGIT = 1     # str.isdecimal: counted
    _CC_WORD = 2      # \w: a Latin word starts at a letter after none of these
    _CC_SPACE = 4     # \s
    _CC_MARK = 8      # an inner punctuation mark (`_inner_mark`)
    _CC_ASCII = 16    # A-Z, a-z
    _CC_UPPER = 32    # A-Z
    _CC_LATIN = 64    # A-Z, a-z, U+00C0-U+024F (features._LATIN)
    _CC_SEP = 128     # a character of rows._SEPARATOR_CHARS (`_separator_char`)
    _CC_ARABIC = 256  # an Arabic letter (features._ARABIC)
    _CC_KEYSEP = 512  # a character a line's key turns into a space: "_", or neither str.isalnum nor str.isspace


cdef unsigned int _char_flags(Py_UCS4 c) noexcept:
    # Fast paths for ASCII and the Arabic letters (all alphabetic); the Unicode table elsewhere.
    cdef unsigned int f = 0
    if c < 0x80:
        if 0x30 <= c <= 0x39:
            f = _CC_DIGIT | _CC_WORD
        elif _ascii_letter(c) or c == 0x5F:
            f = _CC_WORD
        if c == 0x20 or (0x09 <= c <= 0x0D) or (0x1C <= c <= 0x1F):
            f |= _CC_SPACE
    elif 0x0621 <= c <= 0x064A:
        return _CC_WORD | _CC_ARABIC
    else:
        if Py_UNICODE_ISDECIMAL(c):
            f |= _CC_DIGIT
        if (0x0671 <= c <= 0x06D3) or (0x06FA <= c <= 0x06FF):
            f |= _CC_ARABIC
        if Py_UNICODE_ISALNUM(c):
            f |= _CC_WORD
        if Py_UNICODE_ISSPACE(c):
            f |= _CC_SPACE
    if _inner_mark(c):
        f |= _CC_MARK
    if _ascii_letter(c):
        f |= _CC_ASCII | _CC_LATIN | (_CC_UPPER if c <= 0x5A else 0)
    elif 0xC0 <= c <= 0x24F:
        f |= _CC_LATIN
    if _separator_char(c):
        f |= _CC_SEP
    if c == 0x5F or not (_is_alnum(c) or f & _CC_SPACE):  # (features._PUNCT and "_"; `_key_bits`' _K_SEP)
        f |= _CC_KEYSEP
    return f


cdef enum:
    _CC_TABLE = 0x3000  # the table's reach: Latin, Arabic, general punctuation, the geometric marks


cdef unsigned short _CC[_CC_TABLE]


# `_char_counts` reads a character's classes as a class number (`_CLS`, the distinct `_CC` values below
# `_CC_KEYSEP` numbered; separators last, from `_sep_first` on) and adds, for the pair (class of the
# character before, its class), what the pair counts (`_PAIR`): seven 8-bit counts packed in a word, so
# a character costs one look-up and one addition, with no branch on its classes.
cdef enum:
    _NCLS = 32         # classes at most (the table below U+3000 makes about 15)
    _CLS_BITS = 511    # the `_CC` bits a class keeps
    _CHUNK = 255       # characters between unpackings: no 8-bit count overflows
    _P_DIGIT = 0       # the packed counts' shifts: digits,
    _P_INNER = 8       # an inner mark followed by white space,
    _P_WORD = 16       # an ASCII letter after no \w character (a Latin word starts),
    _P_CAPITAL = 24    # the same, upper case,
    _P_ARABIC = 32     # Arabic letters, Latin letters, separator characters
    _P_LATIN = 40
    _P_SEP = 48


cdef unsigned char _CLS[_CC_TABLE]
cdef unsigned char _FLAG_CLS[_CLS_BITS + 1]  # `_CC` bits -> class, for characters past the table
cdef uint64_t _PAIR[_NCLS * _NCLS]
cdef unsigned int _sep_first


cdef void _fill_char_table() except *:
    global _sep_first
    cdef Py_UCS4 c
    cdef unsigned int f, p, j, k
    cdef list flags
    for c in range(_CC_TABLE):
        _CC[c] = <unsigned short>_char_flags(c)
    # Past the table a character is no mark, letter of a script or separator (`_char_flags`): only the
    # digit, \w and white space bits vary; each of their combinations gets a class too.
    made = {_CC[c] & _CLS_BITS for c in range(_CC_TABLE)} | {0, _CC_WORD, _CC_DIGIT, _CC_DIGIT | _CC_WORD,
                                                             _CC_SPACE, _CC_SPACE | _CC_WORD}
    flags = sorted(made, key=lambda v: ((v & _CC_SEP) != 0, v))  # 0 first: the state before the text
    if len(flags) > _NCLS:
        raise ValueError("too many character classes")
    _sep_first = len(flags)
    for j in range(len(flags)):
        f = flags[j]
        _FLAG_CLS[f] = j
        if f & _CC_SEP and j < _sep_first:
            _sep_first = j
    for c in range(_CC_TABLE):
        _CLS[c] = _FLAG_CLS[_CC[c] & _CLS_BITS]
    for j in range(len(flags)):
        p = flags[j]
        for k in range(len(flags)):
            f = flags[k]
            _PAIR[j * _NCLS + k] = (
                (<uint64_t>((f & _CC_DIGIT) != 0) << _P_DIGIT)
                | (<uint64_t>((p & _CC_MARK) != 0 and (f & _CC_SPACE) != 0) << _P_INNER)
                | (<uint64_t>((f & _CC_ASCII) != 0 and (p & _CC_WORD) == 0) << _P_WORD)
                | (<uint64_t>((f & _CC_UPPER) != 0 and (p & _CC_WORD) == 0) << _P_CAPITAL)
                | (<uint64_t>((f & _CC_ARABIC) != 0) << _P_ARABIC)
                | (<uint64_t>((f & _CC_LATIN) != 0) << _P_LATIN)
                | (<uint64_t>((f & _CC_SEP) != 0) << _P_SEP))


_fill_char_table()


cdef void _char_counts(str text, long* out) noexcept:
    # char_counts into out[0..5] (the static row calls it without a tuple), and out[6]: does the text
    # hold a separator character (a character `_separator_char` accepts)? out[7], out[8]: where the first
    # and the last of them stand (-1 without one). One table read a character below U+3000,
    # `_char_flags` past it; a loop for each string kind (no kind switch a character).
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        _counts_of(<const unsigned char*>data, len(text), out)
    elif kind == PyUnicode_2BYTE_KIND:
        _counts_of(<const unsigned short*>data, len(text), out)
    else:
        _counts_of(<const Py_UCS4*>data, len(text), out)


cdef void _counts_of(const _code_unit* s, Py_ssize_t n, long* out) noexcept:
    cdef Py_ssize_t i = 0, stop
    cdef Py_UCS4 c
    cdef unsigned int prev = 0, k, sep_first = _sep_first
    cdef uint64_t acc
    cdef long counts[7]
    cdef Py_ssize_t first_sep = -1, last_sep = -1
    memset(counts, 0, sizeof(counts))
    while i < n:
        stop = i + _CHUNK if n - i > _CHUNK else n
        acc = 0
        while i < stop:
            c = s[i]
            k = _CLS[c] if c < _CC_TABLE else _FLAG_CLS[_char_flags(c) & _CLS_BITS]
            acc += _PAIR[prev * _NCLS + k]
            prev = k
            if k >= sep_first:
                if first_sep < 0:
                    first_sep = i
                last_sep = i
            i += 1
        for k in range(7):
            counts[k] += <long>((acc >> (8 * k)) & 0xFF)
    out[0], out[1] = counts[_P_INNER // 8], counts[_P_DIGIT // 8]
    out[2], out[3] = counts[_P_ARABIC // 8] != 0, counts[_P_LATIN // 8] != 0
    out[4], out[5] = counts[_P_WORD // 8], counts[_P_CAPITAL // 8]
    out[6], out[7], out[8] = counts[_P_SEP // 8] != 0, first_sep, last_sep


cdef int _STATIC = 16  # len(rows.STATIC)




@cython.final  # (its methods called directly, not through a table: `find` is asked for every word)
cdef class _WordTable:
    """Up to eight sets of words (a lexicon's stopwords and chrome words; the languages' stopwords) as
    one open-addressing table of FNV-1a hashes of their characters, each slot with its word (compared
    in full on a hash hit: a collision never counts) and its flags (bit j: a word of the j-th set; the
    static row's table: 1 stopword, 2 chrome word). Words are looked up where they stand (`find`): no
    word strings made, no Python hashing."""
    cdef uint64_t* hashes
    cdef unsigned char* flags
    cdef Py_ssize_t size
    cdef list words

    def __cinit__(self, tuple sets):
        cdef Py_ssize_t n = 0, j
        if len(sets) > 8:
            raise ValueError("at most 8 word sets")
        for j in range(len(sets)):
            n += len(<frozenset>sets[j])
        self.size = 64
        while self.size < 2 * n + 2:  # at most half full: a probe always ends
            self.size *= 2
        self.hashes = <uint64_t*>PyMem_Calloc(self.size, sizeof(uint64_t))  # 0: an empty slot
        self.flags = <unsigned char*>PyMem_Calloc(self.size, sizeof(unsigned char))
        if self.hashes == NULL or self.flags == NULL:
            raise MemoryError()
        self.words = [None] * self.size
        for j in range(len(sets)):
            for w in <frozenset>sets[j]:
                self._add(w, <unsigned char>(1 << j))

    def __dealloc__(self):
        PyMem_Free(self.hashes)
        PyMem_Free(self.flags)

    cdef void _add(self, str word, unsigned char flag):
        cdef uint64_t h = fnv_str(word) | 1
        cdef Py_ssize_t s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
        while self.hashes[s] != 0:
            if self.hashes[s] == h and <str>self.words[s] == word:
                self.flags[s] |= flag
                return
            s = (s + 1) & (self.size - 1)
        self.hashes[s] = h
        self.flags[s] = flag
        self.words[s] = word

    cdef inline unsigned char find(self, uint64_t h, int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
        # The flags of the characters start..end of a str's `data` (its hash `h`): a bit a word kind or
        # set the table was made of; 0 when the word is in none.
        cdef Py_ssize_t s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
        while self.hashes[s] != 0:
            if self.hashes[s] == h and _same(kind, data, start, end, self.words[s]):
                return self.flags[s]
            s = (s + 1) & (self.size - 1)
        return 0


cdef inline bint _same(int kind, void* data, Py_ssize_t start, Py_ssize_t end, str word) noexcept:
    # Are the characters start..end of `data` the word?
    cdef int wkind = PyUnicode_KIND(word)
    cdef void* wdata = PyUnicode_DATA(word)
    cdef Py_ssize_t i
    if len(word) != end - start:
        return False
    if wkind == kind:
        return memcmp(wdata, <char*>data + start * kind, (end - start) * kind) == 0
    for i in range(end - start):
        if PyUnicode_READ(wkind, wdata, i) != PyUnicode_READ(kind, data, start + i):
            return False
    return True


cdef dict _TABLES = {}  # (word sets) -> _WordTable: one per lexicon in use


cdef _WordTable _sets_table(tuple sets):
    table = _TABLES.get(sets)
    if table is None:
        if len(_TABLES) >= 8:
            _TABLES.clear()
        table = _TABLES[sets] = _WordTable(sets)
    return <_WordTable>table


cdef _WordTable _word_table(frozenset stopwords, frozenset chrome_words):
    return _sets_table((stopwords, chrome_words))


cdef frozenset _NO_WORDS = frozenset()


def static_row(str text, str key, long words, bint end_punct, object cue, bint linky, frozenset stopwords,
               frozenset chrome_words, frozenset list_headers):
    """rows.static_row_reference compiled: the same 16 float64 values, as bytes (its separator regex a C
    scan: `_separator_count`)."""
    cdef _KeyWords kw
    _words_alloc(&kw, len(key))
    try:
        _key_words(key, &kw)
        return _static_row(text, key, words, end_punct, cue, linky, _word_table(stopwords, chrome_words), list_headers,
                           &kw)
    finally:
        _words_free(&kw)


# A key's words, walked once a line and read by the static row and the cue matcher: where each word
# starts and ends and its FNV-1a hash (`fnv_step` over its characters, from `FNV_BASIS`). Buffers for
# `longest` + 2 words: a key of m characters has at most m + 1 words, split at spaces or at white space.
cdef struct _KeyWords:
    Py_ssize_t n          # words
    Py_ssize_t spaces     # " " characters (key.count(" "))
    Py_ssize_t others     # other white space characters
    bint marked           # a character of the key is `_CC_KEYSEP` (punctuation, a symbol, "_")
    Py_ssize_t* bounds    # start, end of each word
    uint64_t* hashes


cdef int _words_alloc(_KeyWords* kw, Py_ssize_t longest) except -1:
    kw.n = kw.spaces = kw.others = 0
    kw.marked = False
    kw.bounds = <Py_ssize_t*>PyMem_Malloc(2 * (longest + 2) * sizeof(Py_ssize_t))
    kw.hashes = <uint64_t*>PyMem_Malloc((longest + 2) * sizeof(uint64_t))
    if kw.bounds == NULL or kw.hashes == NULL:
        _words_free(kw)
        raise MemoryError()
    return 0


cdef void _words_free(_KeyWords* kw) noexcept:
    PyMem_Free(kw.bounds)
    PyMem_Free(kw.hashes)
    kw.bounds, kw.hashes = NULL, NULL


cdef void _key_words(str key, _KeyWords* kw) noexcept:
    # The words of key.split() (split at str.isspace characters, none empty), and the key's spaces.
    cdef int kind = PyUnicode_KIND(key)
    cdef void* data = PyUnicode_DATA(key)
    if kind == PyUnicode_1BYTE_KIND:
        _walk_words(<const unsigned char*>data, len(key), kw)
    elif kind == PyUnicode_2BYTE_KIND:
        _walk_words(<const unsigned short*>data, len(key), kw)
    else:
        _walk_words(<const Py_UCS4*>data, len(key), kw)


cdef void _walk_words(const _code_unit* s, Py_ssize_t m, _KeyWords* kw) noexcept:
    # A loop over the white space before each word, then one over the word (no "inside a word?" test
    # a character); a character's classes from the `_CC` table (white space, and `_CC_KEYSEP` ORed for
    # `_KeyWords.marked`).
    cdef Py_ssize_t i = 0, n = 0, start, spaces = 0, others = 0
    cdef Py_ssize_t* bounds = kw.bounds
    cdef uint64_t h
    cdef Py_UCS4 c
    cdef unsigned int f, seen = 0
    while True:
        while i < m:
            c = s[i]
            f = _CC[c] if c < _CC_TABLE else _char_flags(c)
            if not f & _CC_SPACE:
                break
            if c == 0x20:
                spaces += 1
            else:
                others += 1
            i += 1
        if i >= m:
            break
        start, h = i, FNV_BASIS
        while True:
            seen |= f
            h = fnv_step(h, c)
            i += 1
            if i >= m:
                break
            c = s[i]
            f = _CC[c] if c < _CC_TABLE else _char_flags(c)
            if f & _CC_SPACE:
                break
        bounds[2 * n], bounds[2 * n + 1] = start, i
        kw.hashes[n] = h
        n += 1
    kw.n, kw.spaces, kw.others = n, spaces, others
    kw.marked = (seen & _CC_KEYSEP) != 0


# The words of every key of a page, written by the fold as it writes the keys (`_fold_lines`): line j's
# words are first[j]..first[j + 1] of `bounds` (start, end in its key) and `hashes`. odd[j]: its key holds
# white space other than " " (its words are then walked from the key itself: `_key_words`). A page of n
# characters has at most n + 1 lines and n + 1 words (a key character stands for one of the text's).
cdef struct _PageWords:
    Py_ssize_t* bounds
    uint64_t* hashes
    Py_ssize_t* first
    unsigned char* odd


cdef int _page_words_alloc(_PageWords* pw, Py_ssize_t n) except -1:
    pw.bounds = <Py_ssize_t*>PyMem_Malloc(2 * (n + 2) * sizeof(Py_ssize_t))
    pw.hashes = <uint64_t*>PyMem_Malloc((n + 2) * sizeof(uint64_t))
    pw.first = <Py_ssize_t*>PyMem_Malloc((n + 3) * sizeof(Py_ssize_t))
    pw.odd = <unsigned char*>PyMem_Malloc((n + 2) * sizeof(unsigned char))
    if pw.bounds == NULL or pw.hashes == NULL or pw.first == NULL or pw.odd == NULL:
        _page_words_free(pw)
        raise MemoryError()
    return 0


cdef void _page_words_free(_PageWords* pw) noexcept:
    PyMem_Free(pw.bounds)
    PyMem_Free(pw.hashes)
    PyMem_Free(pw.first)
    PyMem_Free(pw.odd)
    pw.bounds, pw.hashes, pw.first, pw.odd = NULL, NULL, NULL, NULL


cdef inline bint _split_alike(const _KeyWords* kw) noexcept:
    # Do key.split(" ") and key.split() give the same words? (Only " " separates them, one at a time,
    # none at either end.) The walked words then serve the cue matcher as well.
    return kw.others == 0 and kw.n == kw.spaces + 1


cdef void _space_words(str key, _KeyWords* kw) noexcept:
    # The words of key.split(" ") (empty ones too), for the cue matcher, where they differ from key.split().
    cdef Py_ssize_t i, m = len(key), n = 0, start = 0
    cdef uint64_t h = FNV_BASIS
    cdef Py_UCS4 c
    cdef int kind = PyUnicode_KIND(key)
    cdef void* data = PyUnicode_DATA(key)
    for i in range(m + 1):
        c = PyUnicode_READ(kind, data, i) if i < m else 0x20
        if c == 0x20:
            kw.bounds[2 * n], kw.bounds[2 * n + 1] = start, i
            kw.hashes[n] = h
            n += 1
            start, h = i + 1, FNV_BASIS
        else:
            h = fnv_step(h, c)
    kw.n = n


cdef bint _agency_gate(str key, _WordTable pieces, const _KeyWords* kw) noexcept:
    # byline.could_be_agency_credit compiled: every word of key.split() (`kw`, walked by `_key_words`) is
    # in `pieces` (a _WordTable of the agency pieces, as stopwords), or starts with "و" and the rest of it
    # is (its hash made only then). A key without words passes.
    cdef Py_ssize_t w, i, start, end
    cdef uint64_t rest
    cdef int kind = PyUnicode_KIND(key)
    cdef void* data = PyUnicode_DATA(key)
    for w in range(kw.n):
        start, end = kw.bounds[2 * w], kw.bounds[2 * w + 1]
        if pieces.find(kw.hashes[w] | 1, kind, data, start, end) != 0:
            continue
        if PyUnicode_READ(kind, data, start) != 0x0648:
            return False
        rest = FNV_BASIS
        for i in range(start + 1, end):
            rest = fnv_step(rest, PyUnicode_READ(kind, data, i))
        if pieces.find(rest | 1, kind, data, start + 1, end) == 0:
            return False
    return True


def agency_gate(str key, frozenset pieces):
    """byline.could_be_agency_credit(key) compiled, `pieces` its lexicon's agency pieces
    (byline.agency_pieces())."""
    cdef _KeyWords kw
    _words_alloc(&kw, len(key))
    try:
        _key_words(key, &kw)
        return _agency_gate(key, _word_table(pieces, _NO_WORDS), &kw)
    finally:
        _words_free(&kw)


cdef double _LOG1P[1024]  # log1p(i): the static row's word and character counts without a libm call


cdef void _fill_log1p() noexcept:
    cdef int i
    for i in range(1024):
        _LOG1P[i] = log1p(<double>i)


_fill_log1p()


cdef inline double _log1p_count(Py_ssize_t i) noexcept:
    return _LOG1P[i] if 0 <= i < 1024 else log1p(<double>i)


cdef inline bint _spaced_separator(Py_UCS4 c) noexcept:
    # The middle of rows._SEPARATORS' first alternative: | • · – — / -
    return c == 0x7C or c == 0x2022 or c == 0xB7 or c == 0x2013 or c == 0x2014 or c == 0x2F or c == 0x2D


cdef inline bint _mark_separator(Py_UCS4 c) noexcept:
    # The middle of its second alternative: | • · and the geometric marks ■..◿ ★ ☆
    return c == 0x7C or c == 0x2022 or c == 0xB7 or 0x25A0 <= c <= 0x25FF or c == 0x2605 or c == 0x2606


cdef inline bint _separator_char(Py_UCS4 c) noexcept:
    # A character of rows._SEPARATOR_CHARS: a character either alternative of rows._SEPARATORS needs
    return _spaced_separator(c) or _mark_separator(c)


def has_separator_char(str text):
    """Does `text` hold a character of rows._SEPARATOR_CHARS (what the static row asks before it counts
    separators)? The static row reads it as `_char_counts`' out[6]; this reads the same slot."""
    cdef long out[9]
    _char_counts(text, out)
    return out[6] != 0


cdef Py_ssize_t _separator_count(str text, Py_ssize_t limit, Py_ssize_t first, Py_ssize_t last) noexcept:
    # len(rows._SEPARATORS.findall(text)), counted to `limit` at most: the regex's scan step by step
    # (findall: the leftmost match, the alternatives in order, the next search where a match ended).
    # First: one white space, a separator, one white space. Else: white space (all of the run: a
    # shorter run leaves a space, which no mark is, before the mark), a mark, white space. `\s` of a
    # str pattern is Py_UNICODE_ISSPACE. Every match holds a separator character: none starts past the
    # `last` of them, nor before the white space run that ends at the `first` (a character neither
    # white space nor separator stands between).
    cdef Py_ssize_t n = len(text), i = first, j, count = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    while i > 0 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i - 1)):
        i -= 1
    while i <= last and count < limit:
        c = PyUnicode_READ(kind, data, i)
        if not ((_CC[c] if c < _CC_TABLE else _char_flags(c)) & (_CC_SPACE | _CC_SEP)):
            i += 1  # neither alternative starts at a character that is no white space and no separator
            continue
        if (i + 2 < n and Py_UNICODE_ISSPACE(c)
                and _spaced_separator(PyUnicode_READ(kind, data, i + 1))
                and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i + 2))):
            count += 1
            i += 3
            continue
        j = i
        while j < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
            j += 1
        if j < n and _mark_separator(PyUnicode_READ(kind, data, j)):
            j += 1
            while j < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
                j += 1
            count += 1
            i = j
            continue
        i += 1
    return count


def separator_count(str text, Py_ssize_t limit):
    """`min(len(rows._SEPARATORS.findall(text)), limit)`, without the regex (tests hold the two equal)."""
    cdef long out[9]
    _char_counts(text, out)
    return _separator_count(text, limit, out[7], out[8]) if out[6] else 0


cdef bytes _static_row(str text, str key, long words, bint end_punct, object cue, bint linky, _WordTable table,
                       frozenset list_headers, const _KeyWords* kw):
    # The key's words (key.split(), walked by `_key_words`) looked up in `table`, their lengths summed,
    # their bounds compared for the doubled-key test.
    cdef double row[16]
    cdef Py_ssize_t n = kw.n, half, i, j, k, w, stop = 0, chrome = 0, letters = 0
    cdef const Py_ssize_t* bounds = kw.bounds
    cdef long counts[9]
    cdef long seps = 0
    cdef bint doubled = False
    cdef unsigned char flag
    cdef int kind = PyUnicode_KIND(key)
    cdef void* data = PyUnicode_DATA(key)
    for w in range(n):
        flag = table.find(kw.hashes[w] | 1, kind, data, bounds[2 * w], bounds[2 * w + 1])
        stop += flag & 1
        chrome += (flag >> 1) & 1
        letters += bounds[2 * w + 1] - bounds[2 * w]
    half = n // 2
    if n >= 4 and n % 2 == 0:
        doubled = True
        for k in range(half):
            i, j = bounds[2 * k], bounds[2 * (half + k)]
            if bounds[2 * k + 1] - i != bounds[2 * (half + k) + 1] - j or kw.hashes[k] != kw.hashes[half + k]:
                doubled = False
                break
            while i < bounds[2 * k + 1]:
                if PyUnicode_READ(kind, data, i) != PyUnicode_READ(kind, data, j):
                    doubled = False
                    break
                i += 1
                j += 1
            if not doubled:
                break
    _char_counts(text, counts)  # inner marks, digits, Arabic, Latin, Latin words, capitalized, separators
    if counts[6]:  # (rows._SEPARATOR_CHARS.search, read in the same pass)
        seps = _separator_count(text, 5, counts[7], counts[8])  # (the column stops at 5)
    row[0] = _log1p_count(words)
    row[1] = _log1p_count(len(text))
    row[2] = 1.0 if end_punct else 0.0
    row[3] = <double>(counts[0] if counts[0] < 5 else 5)
    row[4] = <double>stop / <double>n
    row[5] = <double>chrome / <double>n
    row[6] = 0.0 if cue is None else 1.0
    row[7] = 1.0 if cue is not None and cue in list_headers else 0.0  # (no header is None)
    row[8] = 1.0 if linky else 0.0
    row[9] = <double>counts[1] / <double>len(text)
    row[10] = 1.0 if counts[2] else 0.0
    row[11] = 1.0 if counts[3] else 0.0
    row[12] = 1.0 if doubled else 0.0
    row[13] = <double>letters / <double>n
    row[14] = <double>(seps if seps < 5 else 5)
    row[15] = <double>counts[5] / <double>counts[4] if counts[4] >= 3 else 0.0
    return PyBytes_FromStringAndSize(<char*>row, _STATIC * sizeof(double))


cdef bint _could_be_linky(str text) noexcept:
    # A necessary condition for features._LINKY.match(text): each of its alternatives but the last
    # holds a ":" (https?://), a "." (www., the domains, a mail address's host) or a "@" or "#" (handles,
    # mail addresses): characters without case variants, which IGNORECASE leaves alone. The last,
    # [\W\d_]+ (to $), has no \w character that is neither \d nor "_": no str.isalnum character that
    # is not str.isdecimal.
    cdef Py_UCS4 c
    cdef bint letter = False
    for c in text:
        if c == 0x2E or c == 0x3A or c == 0x40 or c == 0x23:
            return True
        if not letter and _is_alnum(c) and not _is_decimal(c):
            letter = True
    return not letter


def could_be_linky(str text):
    """False only when features._LINKY.match(text) is None (the measuring loop's gate before the regex)."""
    return _could_be_linky(text)


def measure_lines(list lines, list keys, list looses, object cue_matcher, frozenset agency_pieces, object agency_credit,
                  object linky_re, str end_marks, str closers, bytes zero_static, frozenset stopwords,
                  frozenset chrome_words, frozenset list_headers):
    """features._measure_new_reference's loop compiled: (key, loose, words, end_punct, cue, linky, static
    row) of each line (`cue_matcher`: the lexicon's CueMatcher; `agency_pieces`: byline.agency_pieces(), the
    agency gate compiled, `_agency_gate`), the agency credit and link regex still Python's (the regex asked
    only past `_could_be_linky`). A key's words are walked once (`_key_words`) for the cue and the static row."""
    return _measure(lines, keys, looses, cue_matcher, agency_pieces, agency_credit, linky_re, end_marks, closers,
                    zero_static, stopwords, chrome_words, list_headers, NULL)


def measure_text(list lines, str text, object table, object cue_matcher, frozenset agency_pieces,
                 object agency_credit, object linky_re, str end_marks, str closers, bytes zero_static,
                 frozenset stopwords, frozenset chrome_words, frozenset list_headers):
    """measure_lines(lines, *keys_and_looses(text, table), ...) in one call (`text`: the lines joined by
    "\n", NFKC): the fold writes each key's words (bounds, FNV hashes) as it writes the key, so the
    measuring loop reads them instead of walking the keys again. None where keys_and_looses is None."""
    cdef Py_ssize_t n = len(text)
    cdef _PageWords pw
    cdef list keys = [], looses = []
    _page_words_alloc(&pw, n)
    try:
        if not _fold_text(text, table, keys, looses, &pw):
            return None
        if len(keys) != len(lines):
            raise ValueError("text: one line for each of lines")
        return _measure(lines, keys, looses, cue_matcher, agency_pieces, agency_credit, linky_re, end_marks, closers,
                        zero_static, stopwords, chrome_words, list_headers, &pw)
    finally:
        _page_words_free(&pw)


cdef list _measure(list lines, list keys, list looses, object cue_matcher, frozenset agency_pieces,
                   object agency_credit, object linky_re, str end_marks, str closers, bytes zero_static,
                   frozenset stopwords, frozenset chrome_words, frozenset list_headers, const _PageWords* pw):
    # measure_lines' loop. `pw`: the keys' words as the fold wrote them (NULL: none), read where a key's
    # white space is all single " " (`pw.odd` unset); other keys are walked here (`_key_words`).
    cdef _Cues cues = _cues(cue_matcher)
    cdef list out = []
    cdef Py_ssize_t i, n = len(lines), longest = 0, w0
    cdef str text, key, loose
    cdef long words
    cdef bint end, linky, plain
    cdef _WordTable table = _word_table(stopwords, chrome_words)
    cdef _WordTable pieces = _word_table(agency_pieces, _NO_WORDS)
    cdef _KeyWords kw, folded
    cdef _KeyWords* kp
    if len(keys) < n or len(looses) < n:
        raise ValueError("a key and a loose key for each line")
    for i in range(n):
        if len(<str>keys[i]) > longest:
            longest = len(<str>keys[i])
    _words_alloc(&kw, longest)
    try:
        for i in range(n):
            text = <str>lines[i]
            key = <str>keys[i]
            loose = <str>looses[i]
            if not key:
                out.append(("", loose, 0, False, None, len(text) > 0, zero_static))
                continue
            if pw != NULL and not pw.odd[i]:
                # Words split by single spaces, none at either end: split alike, n - 1 spaces, and no
                # `_CC_KEYSEP` character (the fold made each a space).
                w0 = pw.first[i]
                folded.n = pw.first[i + 1] - w0
                folded.spaces, folded.others, folded.marked = folded.n - 1, 0, False
                folded.bounds, folded.hashes = pw.bounds + 2 * w0, pw.hashes + w0
                kp = &folded
            else:
                _key_words(key, &kw)
                kp = &kw
            words = kp.spaces + 1  # key.count(" ") + 1
            end = _ends_sentence(text, end_marks, closers)
            plain = _plain(key, loose, kp)
            if _split_alike(kp):
                cue = _cue(cues, key, loose, words, kp, plain)  # (CueMatcher.match compiled)
            else:
                if kp != &kw:
                    _key_words(key, &kw)
                    kp = &kw
                _space_words(key, &kw)
                cue = _cue(cues, key, loose, words, &kw, plain)
                _key_words(key, &kw)
            if cue is None and words <= 6 and _agency_gate(key, pieces, kp) and agency_credit(text):
                cue = "agency-credit"
            linky = (words <= 3 or " " not in text) and ((_could_be_linky(text) and linky_re.match(text) is not None)
                                                        or (words == 1 and "." in text))
            out.append((key, loose, words, end, cue, linky,
                         _static_row(text, key, words, end, cue, linky, table, list_headers, kp)))
    finally:
        _words_free(&kw)
    return out


cdef bint _ends_sentence(str text, str end_marks, str closers) noexcept:
    # features._ends_sentence: text.rstrip(closers) ends with one of `end_marks`, without the stripped string.
    cdef Py_ssize_t i = len(text) - 1
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    while i >= 0 and _has_char(closers, PyUnicode_READ(kind, data, i)):
        i -= 1
    return i >= 0 and _has_char(end_marks, PyUnicode_READ(kind, data, i))


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


# The fold table's entries, with what `keys_and_looses` asks of the folded character in the bits above
# it (a code point needs 21): made once per table (`_key_table`), so a character costs one look-up.
cdef enum:
    _K_DIGIT = 1 << 24  # str.isdecimal: a digit run is masked as one "0"
    _K_SEP = 1 << 25    # a space in the key: punctuation, symbols and "_" (not str.isalnum, not str.isspace)
    _K_WS = 1 << 26     # white space other than " " (str.isspace): its line's words are walked apart
    _K_CHAR = 0x1FFFFF  # the folded code point
cdef unsigned int _K_SLOW = 0xFFFFFFFEU  # normalize.FOLD_SLOW (and above it FOLD_DROP)
cdef unsigned int* _KT = NULL
cdef object _kt_of = None  # the table _KT was made from (kept: its identity is the cache's key)


cdef inline unsigned int _key_bits(Py_UCS4 m) noexcept:
    return ((_K_DIGIT if _is_decimal(m) else 0) | (_K_SEP if m == 0x5F or not (_is_alnum(m) or _is_space(m)) else 0)
            | (_K_WS if m != 0x20 and _is_space(m) else 0))


cdef int _key_table(object source) except -1:
    global _KT, _kt_of
    cdef Py_ssize_t c
    cdef unsigned int t
    cdef const unsigned int[::1] table = source
    if table.shape[0] != 0x10000:
        raise ValueError("table: one entry per BMP character")
    if _KT == NULL:
        _KT = <unsigned int*>PyMem_Malloc(0x10000 * sizeof(unsigned int))
        if _KT == NULL:
            raise MemoryError()
    for c in range(0x10000):
        t = table[c]
        _KT[c] = t if t >= _K_SLOW else t | _key_bits(<Py_UCS4>t)
    _kt_of = source
    return 0


cdef inline Py_UCS4 _widest(unsigned int bits) noexcept:
    # The greatest character PyUnicode_New needs to be told for characters whose bits OR to `bits`: the
    # kind it picks is the narrowest that holds them (bits >= 0x80 iff some character is >= 0x80, ...).
    if bits < 0x80:
        return 0x7F
    if bits < 0x100:
        return 0xFF
    if bits < 0x10000:
        return 0xFFFF
    return 0x10FFFF


cdef str _made(const Py_UCS4* buf, Py_ssize_t n, unsigned int bits):
    # buf[:n] stripped (str.strip) as a str of the narrowest kind (`bits`: its characters ORed, or of
    # more than the strip kept: then ORed again), without PyUnicode_FromKindAndData's scan for it.
    cdef Py_ssize_t a = 0, b = n, i
    cdef bint again = False
    while a < b and _is_space(buf[a]):
        again |= buf[a] >= 0x80
        a += 1
    while b > a and _is_space(buf[b - 1]):
        again |= buf[b - 1] >= 0x80
        b -= 1
    if again:
        bits = 0
        for i in range(a, b):
            bits |= <unsigned int>buf[i]
    cdef str out = PyUnicode_New(b - a, _widest(bits))
    cdef void* data = PyUnicode_DATA(out)
    cdef int kind = PyUnicode_KIND(out)
    if kind == PyUnicode_1BYTE_KIND:
        for i in range(a, b):
            (<unsigned char*>data)[i - a] = <unsigned char>buf[i]
    elif kind == PyUnicode_2BYTE_KIND:
        for i in range(a, b):
            (<unsigned short*>data)[i - a] = <unsigned short>buf[i]
    else:
        memcpy(data, buf + a, (b - a) * sizeof(Py_UCS4))
    return out


cdef inline bint _same_stripped(const Py_UCS4* a, Py_ssize_t an, const Py_UCS4* b, Py_ssize_t bn) noexcept:
    # Are a[:an] and b[:bn] the same characters once stripped (str.strip, as `_made` strips them)?
    cdef Py_ssize_t i = 0, j = 0
    while i < an and _is_space(a[i]):
        i += 1
    while an > i and _is_space(a[an - 1]):
        an -= 1
    while j < bn and _is_space(b[j]):
        j += 1
    while bn > j and _is_space(b[bn - 1]):
        bn -= 1
    return an - i == bn - j and memcmp(a + i, b + j, (an - i) * sizeof(Py_UCS4)) == 0


cdef int _fold_lines(const _code_unit* text, Py_ssize_t n, Py_UCS4* kb, Py_UCS4* lb, list keys,
                     list looses, _PageWords* pw) except -2:
    # keys_and_looses' pass over a string of one kind: 0, or -1 where a character needs `fold` itself. Each
    # key's words go to `pw` as the key is written: a word starts at a character after a space (or the
    # line's start), hashed as it is written, and ends at the next space or the line's end. (A space at
    # a line's start is not written: the strip would take it away, and the bounds stay the key's.)
    cdef Py_ssize_t i, kn = 0, ln = 0, nw = 0, line = 0
    cdef Py_ssize_t* bounds = pw.bounds
    cdef uint64_t* hashes = pw.hashes
    cdef uint64_t h = FNV_BASIS
    cdef Py_UCS4 c
    cdef str loose
    cdef unsigned int t, m, kbits = 0, lbits = 0, odd = 0  # (not Py_UCS4: Cython's | on those makes strings)
    cdef bint digit = False, kspace = True, lspace = False  # the last character kept was a digit, a space
    pw.first[0] = 0
    i = -1
    while i < n:
        i += 1
        if i == n:
            t = 0x0A  # the last line ends with the text
        else:
            c = text[i]
            if _code_unit is Py_UCS4 and c > 0xFFFF:
                # Outside the BMP (emoji, mathematical letters after NFKC...): `fold` only lower-cases them.
                low = chr(c).lower()
                if len(low) != 1:
                    return -1
                c = ord(low)
                t = <unsigned int>c | _key_bits(c)
            else:
                t = _KT[c]
            if t >= _K_SLOW:
                if t == _K_SLOW:
                    return -1
                continue  # (FOLD_DROP: folds away, diacritics and tatweel)
        m = t & _K_CHAR
        if m == 0x0A:  # the end of a line
            if not kspace:  # (its last word)
                bounds[2 * nw + 1] = kn
                hashes[nw] = h
                nw += 1
            loose = _made(lb, ln, lbits)
            # A key equal to its loose form (a line without punctuation: ~40% of lines) is the loose
            # form's string: equal characters, equal string (kind included), one made.
            keys.append(loose if _same_stripped(kb, kn, lb, ln) else _made(kb, kn, kbits))
            looses.append(loose)
            pw.odd[line] = odd != 0
            line += 1
            pw.first[line] = nw
            kn = ln = 0
            kbits = lbits = odd = 0
            digit = lspace = False
            kspace = True
            continue
        if t & _K_DIGIT:
            if digit:
                continue  # one "0" for the run
            digit = True
            m = 0x30
            t = 0x30
        else:
            digit = False
        if m != 0x20 or not lspace:  # runs of spaces squeezed
            lb[ln] = <Py_UCS4>m
            ln += 1
            lbits |= m
        lspace = m == 0x20
        if t & _K_SEP:  # in the key, punctuation, symbols and "_" are spaces
            m = 0x20
        if m == 0x20:
            if not kspace:  # runs of spaces squeezed; a word ends
                bounds[2 * nw + 1] = kn
                hashes[nw] = h
                nw += 1
                kb[kn] = 0x20
                kn += 1
                kspace = True
        else:
            if kspace:  # a word starts
                bounds[2 * nw] = kn
                h = FNV_BASIS
                kspace = False
            h = fnv_step(h, m)
            kb[kn] = <Py_UCS4>m
            kn += 1
            kbits |= m
            odd |= t & _K_WS
            if digit:
                continue
            # The rest of the word while its characters are plain (no bit above the character: not a
            # digit, separator or other white space, nor one to drop or fold in Python; not " " or a
            # line break): each kept as it folds, in both keys, without the tests above.
            while i + 1 < n:
                c = text[i + 1]
                if _code_unit is Py_UCS4:
                    if c > 0xFFFF:
                        break
                t = _KT[c]
                if t > _K_CHAR or t == 0x20 or t == 0x0A:
                    break
                i += 1
                lb[ln] = <Py_UCS4>t
                kb[kn] = <Py_UCS4>t
                ln += 1
                kn += 1
                lbits |= t
                kbits |= t
                h = fnv_step(h, t)
    return 0


cdef bint _fold_text(str text, object table, list keys, list looses, _PageWords* pw) except -1:
    # keys_and_looses into `keys` and `looses`, the keys' words into `pw` (`_page_words_alloc(pw, len(text))`):
    # False where a character needs `fold` itself.
    cdef Py_ssize_t n = len(text)
    cdef int kind = PyUnicode_KIND(text), r
    cdef void* data = PyUnicode_DATA(text)
    if table is not _kt_of:
        _key_table(table)
    cdef Py_UCS4* kb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    cdef Py_UCS4* lb = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
    if kb == NULL or lb == NULL:
        PyMem_Free(kb)
        PyMem_Free(lb)
        raise MemoryError()
    try:
        if kind == PyUnicode_1BYTE_KIND:
            r = _fold_lines(<const unsigned char*>data, n, kb, lb, keys, looses, pw)
        elif kind == PyUnicode_2BYTE_KIND:
            r = _fold_lines(<const unsigned short*>data, n, kb, lb, keys, looses, pw)
        else:
            r = _fold_lines(<const Py_UCS4*>data, n, kb, lb, keys, looses, pw)
        return r == 0
    finally:
        PyMem_Free(kb)
        PyMem_Free(lb)


def keys_and_looses(str text, object table):
    """features._keys_reference compiled, for NFKC text (lines joined by "\n"): each line folded through
    `table` (normalize.fold_char_table), digit runs masked as "0", then its loose key (spaces squeezed,
    stripped) and its key (punctuation and "_" as spaces, squeezed, stripped). None when a character
    needs `fold` itself (table: FOLD_SLOW): the caller folds in Python. One pass over the text in a loop
    for its kind; a character is one look-up in the table with its classes (`_key_table`). (measure_text
    reads the keys' words the pass writes too.)"""
    cdef _PageWords pw
    cdef list keys = [], looses = []
    _page_words_alloc(&pw, len(text))
    try:
        return (keys, looses) if _fold_text(text, table, keys, looses, &pw) else None
    finally:
        _page_words_free(&pw)


def page_script_counts(str sample not None, str urdu not None, str persian not None):
    """language._script_counts_reference compiled: (characters of the Arabic block U+0600-U+06FF, ASCII
    letters, characters in `urdu`, characters in `persian`) of a page's sample, in one pass (a loop for
    the string's kind)."""
    cdef Py_ssize_t out[4]
    cdef int kind = PyUnicode_KIND(sample)
    cdef void* data = PyUnicode_DATA(sample)
    memset(out, 0, sizeof(out))
    if kind == PyUnicode_1BYTE_KIND:
        _script_counts_of(<const unsigned char*>data, len(sample), urdu, persian, out)
    elif kind == PyUnicode_2BYTE_KIND:
        _script_counts_of(<const unsigned short*>data, len(sample), urdu, persian, out)
    else:
        _script_counts_of(<const Py_UCS4*>data, len(sample), urdu, persian, out)
    return out[0], out[1], out[2], out[3]


cdef void _script_counts_of(const _code_unit* s, Py_ssize_t n, str urdu, str persian, Py_ssize_t* out) noexcept:
    cdef Py_ssize_t i
    cdef unsigned int u
    for i in range(n):
        u = s[i]
        if u - 0x0600 <= 0xFF:  # (unsigned: U+0600-U+06FF)
            out[0] += 1
            if u >= 0x0679:  # every letter of both lists is at U+0679 or above
                if _has_char(urdu, u):
                    out[2] += 1
                elif _has_char(persian, u):
                    out[3] += 1
        elif (u | 0x20) - 0x61 < 26:  # an ASCII letter (| 0x20 maps A-Z to a-z and nothing else into a-z)
            out[1] += 1


def squeezed_lines(str text):
    """normalize.squeezed_lines_reference compiled: the lines of `text` (split at "\\n"), each stripped
    (str.strip) with its runs of spaces squeezed to one, in one pass per line: no page-wide regex, no
    second copy of the page. A line with no run of spaces is a slice of `text`."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _squeezed_of(text, <const unsigned char*>data, len(text))
    if kind == PyUnicode_2BYTE_KIND:
        return _squeezed_of(text, <const unsigned short*>data, len(text))
    return _squeezed_of(text, <const Py_UCS4*>data, len(text))


cdef list _squeezed_of(str text, const _code_unit* s, Py_ssize_t n):
    # squeezed_lines over the characters of `text` as its kind stores them: a line's end and whether it
    # holds two spaces in a row found in one loop (no branch for the spaces).
    cdef Py_ssize_t start = 0, end, a, b, i, k
    cdef unsigned int c, prev
    cdef unsigned int run
    cdef Py_UCS4* buf = NULL
    cdef list out = []
    try:
        while True:
            end, prev, run = start, 0, 0
            while end < n:
                c = s[end]
                if c == 0x0A:
                    break
                run |= (c == 0x20) & (prev == 0x20)
                prev = c
                end += 1
            a, b = start, end
            while a < b and _is_space(s[a]):
                a += 1
            while b > a and _is_space(s[b - 1]):
                b -= 1
            if run:  # (the run may have stood in what the strip took away: then the line is a slice)
                run = 0
                for i in range(a + 1, b):
                    if s[i] == 0x20 and s[i - 1] == 0x20:
                        run = 1
                        break
            if not run:
                out.append(text[a:b])
            else:
                if buf == NULL:
                    buf = <Py_UCS4*>PyMem_Malloc((n + 1) * sizeof(Py_UCS4))
                    if buf == NULL:
                        raise MemoryError()
                k = 0
                prev = 0
                for i in range(a, b):
                    c = s[i]
                    if not (c == 0x20 and prev == 0x20):
                        buf[k] = c
                        k += 1
                    prev = c
                out.append(PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k))
            if end >= n:
                return out
            start = end + 1
    finally:
        PyMem_Free(buf)


def quick_normalized(str text, bytes table):
    """True where `unicodedata.is_normalized` finds a text normalized by its quick check alone, from
    `table` (`normalize._quick_check_table`: per BMP character its combining class, or 255 where the
    form's quick-check value is not Yes): no character past the BMP, none marked 255, no nonzero
    combining class after a greater one. False means "ask unicodedata", not "not normalized"."""
    cdef const unsigned char* t = table
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if len(table) != 65536:
        raise ValueError("table: one byte per BMP character")
    if kind == PyUnicode_1BYTE_KIND:
        return _quick_end(<const unsigned char*>data, 0, len(text), t, False) < 0
    if kind == PyUnicode_2BYTE_KIND:
        return _quick_end(<const unsigned short*>data, 0, len(text), t, False) < 0
    return _quick_end(<const Py_UCS4*>data, 0, len(text), t, False) < 0


cdef Py_ssize_t _quick_end(const _code_unit* s, Py_ssize_t i, Py_ssize_t n, const unsigned char* t,
                           bint lines) noexcept:
    # The first character of s[i:n] that fails the quick check (`quick_normalized`), or -1. `lines`: a
    # line break (a starter, class 0) stops the scan there too, and its place is returned.
    cdef unsigned int u
    cdef unsigned char v, prev = 0
    while i < n:
        u = s[i]
        if lines and u == 0x0A:
            return i
        if _code_unit is Py_UCS4:
            if u > 0xFFFF:
                return i
        v = t[u]
        if v != 0 and (v == 255 or prev > v):  # (most characters are starters that pass: v == 0)
            return i
        prev = v
        i += 1
    return -1


def has_surrogates(str text):
    """Does `text` hold a code point of the surrogate range (U+D800-U+DFFF), which no valid text holds:
    `text.encode("utf-8")` fails exactly then (extract._without_lone_surrogates' reference), found here
    without encoding the page. A str of one byte per character cannot hold one."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, n = len(text)
    cdef const unsigned short* u2
    cdef const unsigned int* u4
    cdef unsigned int found = 0
    if kind == 1:
        return False
    # A surrogate is a code point whose bits above the 11th are 0x1B (0xD800 >> 11); the constants are
    # typed, or Cython makes the test a Python int operation per character.
    if kind == 2:
        u2 = <const unsigned short*>data
        for i in range(n):
            found |= <unsigned int>((u2[i] >> 11) == <unsigned int>0x1B)
        return found != 0
    u4 = <const unsigned int*>data
    for i in range(n):
        found |= <unsigned int>((u4[i] >> 11) == <unsigned int>0x1B)
    return found != 0


def unnormalized_lines(str text, bytes table):
    """The lines of `text` (split at "\n") that do not pass `quick_normalized` with `table`, as (start,
    end) offsets in `text`, in one pass over the page: only those need asking `unicodedata` (a line
    break is a starter that nothing composes with, so a page normalizes line by line), and the text
    between them is kept as it is."""
    cdef const unsigned char* t = table
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if len(table) != 65536:
        raise ValueError("table: one byte per BMP character")
    if kind == PyUnicode_1BYTE_KIND:
        return _unnormalized_of(<const unsigned char*>data, len(text), t)
    if kind == PyUnicode_2BYTE_KIND:
        return _unnormalized_of(<const unsigned short*>data, len(text), t)
    return _unnormalized_of(<const Py_UCS4*>data, len(text), t)


cdef list _unnormalized_of(const _code_unit* s, Py_ssize_t n, const unsigned char* t):
    # Each line scanned to its first failing character (`_quick_end`, which stops at a line break too);
    # from there to the line's end, only the break is looked for.
    cdef Py_ssize_t i = 0, line = 0, at
    cdef list out = []
    while True:
        at = _quick_end(s, i, n, t, True)
        if at < 0:
            return out
        if s[at] == 0x0A:  # a line that passes: the next starts after its break
            i = line = at + 1
            continue
        while at < n and s[at] != 0x0A:
            at += 1
        out.append((line, at))
        if at >= n:
            return out
        i = line = at + 1


cdef dict _CHAR_BITS = {}  # a string of characters -> its bitmap over the BMP (8 KB), made on first use


cdef bytes _bmp_bits(str chars):
    # A bitmap over the BMP (8 KB) of the characters of `chars` (those beyond it left out).
    cdef bytearray made = bytearray(8192)
    cdef Py_UCS4 c
    cdef unsigned int u
    for c in chars:
        u = c
        if u < 65536:
            made[u >> 3] |= 1 << (u & 7)
    return bytes(made)


def chars_in(str text not None, str chars not None):
    """The characters of `chars` that occur in `text`, in the order of `chars`: one pass over the text
    instead of a scan per character (`normalize._drop_chars` replaces only those; its reference asks
    `ch in text` for each). Characters beyond the BMP are asked the reference's way."""
    cdef bytes bits = _CHAR_BITS.get(chars)
    cdef Py_UCS4 c
    cdef unsigned int u
    cdef unsigned char seen[8192]
    cdef const unsigned char* b
    cdef list out = []
    cdef int kind
    cdef void* data
    if bits is None:
        if len(_CHAR_BITS) >= 16:
            _CHAR_BITS.clear()
        bits = _CHAR_BITS[chars] = _bmp_bits(chars)
    b = bits
    memset(seen, 0, 8192)
    kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        _mark_seen(<const unsigned char*>data, len(text), b, seen)
    elif kind == PyUnicode_2BYTE_KIND:
        _mark_seen(<const unsigned short*>data, len(text), b, seen)
    else:
        _mark_seen(<const Py_UCS4*>data, len(text), b, seen)
    for c in chars:
        u = c
        if u < 65536:
            if (seen[u >> 3] >> (u & 7)) & 1:
                out.append(c)
        elif c in text:
            out.append(c)
    return "".join(out)


cdef void _mark_seen(const _code_unit* s, Py_ssize_t n, const unsigned char* bits, unsigned char* seen) noexcept:
    # `seen`'s bit set for each character of s[:n] whose bit `bits` sets (a loop for the string's kind).
    cdef Py_ssize_t i
    cdef unsigned int u
    for i in range(n):
        u = s[i]
        if _code_unit is Py_UCS4:
            if u >= 65536:
                continue
        if (bits[u >> 3] >> (u & 7)) & 1:
            seen[u >> 3] |= <unsigned char>(1 << (u & 7))


def untrack_clusters(list clusters):
    """The date tokenizer's clusters, kept in `dates.TOKEN_CACHE`, out of the cycle collector's sight:
    the lists of clusters, each cluster's list, each token's tuple and its `re.Match` (a number's token
carries its digit count instead, an int, left alone; the matches are the only GC-tracked
    objects a token holds besides a time's (hh, mm), untracked too). The cache holds them for many pages,
    so every collection would walk them again, and the collections they set off (they count as young
    objects that survive) cost more than the tokenizing they save. They make no reference cycle: a list
    of lists of tuples of strings, numbers and matches (a match refers to its pattern and its string),
    read and never changed by the callers. Changes no value: the reference (GHIRBAL_PURE=1) leaves them
    tracked (`dates._clusters`)."""
    cdef object cluster, token, m
    for cluster in clusters:
        for token in <list>cluster:
            m = (<tuple>token)[3]
            if m is not None and type(m) is not int:  # (a number's digit count: no GC header to clear)
                PyObject_GC_UnTrack(<void*>m)
            m = (<tuple>token)[4]
            if type(m) is tuple:
                PyObject_GC_UnTrack(<void*>m)
            PyObject_GC_UnTrack(<void*>token)
        PyObject_GC_UnTrack(<void*>cluster)
    PyObject_GC_UnTrack(<void*>clusters)


# The cue matcher's word cues (ghirbal.lexicon): phrases of whole words of a key (words joined by one
# space), looked up in dicts by slicing the key at its spaces. A signature of each first word (16 bits of
# its FNV-1a hash, in a 65536-bit table) spares the slice and the set look-up for most words. (A first
# character and a length were the signature before: on Arabic keys four words in ten passed it, most of
# them "ال..." words; the hash lets about one in thirty through, two thirds of those true first words.)
cdef enum:
    _MAX_PHRASE_WORDS = 64


cdef inline unsigned int _word_sig(uint64_t h) noexcept:
    # The signature of a word from its FNV-1a hash (`fnv_step` over its characters, from `FNV_BASIS`).
    return <unsigned int>((h ^ (h >> 29)) >> 11) & 0xFFFFu


def word_signatures(words) -> bytes:
    """The signature table of `words` (non-empty strings) for contains_cue."""
    cdef bytearray table = bytearray(8192)
    cdef unsigned int sig
    cdef str w
    for w in words:
        if w:
            sig = _word_sig(fnv_str(w))
            table[sig >> 3] |= 1 << (sig & 7)
    return bytes(table)


cdef inline uint64_t _chain(uint64_t phrase, uint64_t word) noexcept:
    # The hash of a phrase one word longer, from its hash and the next word's (`fnv_step` hashes).
    return (phrase * 0x9E3779B97F4A7C15ULL) ^ word


@cython.final
cdef class _PhraseSet:
    """The phrases of a cue table (words joined by one space) as an open-addressing set of their
    word-hash chains (`_chain` over the words' FNV-1a hashes): a run of a key's words whose chain is not
    in it is no phrase, known without slicing the key or asking the dict (a chain that is in it is
    asked: a collision never counts)."""
    cdef uint64_t* slots
    cdef Py_ssize_t size

    def __cinit__(self, phrases):
        cdef uint64_t h
        cdef Py_ssize_t s
        self.size = 64
        while self.size < 2 * len(phrases) + 2:  # at most half full: a probe always ends
            self.size *= 2
        self.slots = <uint64_t*>PyMem_Calloc(self.size, sizeof(uint64_t))  # 0: an empty slot
        if self.slots == NULL:
            raise MemoryError()
        for phrase in phrases:
            h = 0
            for k, word in enumerate((<str>phrase).split(" ")):
                h = fnv_str(word) if k == 0 else _chain(h, fnv_str(word))
            h |= 1
            s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
            while self.slots[s] != 0 and self.slots[s] != h:
                s = (s + 1) & (self.size - 1)
            self.slots[s] = h

    def __dealloc__(self):
        PyMem_Free(self.slots)

    cdef inline bint has(self, uint64_t h) noexcept:
        h |= 1
        cdef Py_ssize_t s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
        while self.slots[s] != 0:
            if self.slots[s] == h:
                return True
            s = (s + 1) & (self.size - 1)
        return False


cdef dict _PHRASE_SETS = {}  # id(phrases) -> (phrases, its _PhraseSet), for the functions tests call


cdef _PhraseSet _phrase_set(dict phrases):
    found = _PHRASE_SETS.get(id(phrases))
    if found is not None and (<tuple>found)[0] is phrases:
        return <_PhraseSet>(<tuple>found)[1]
    if len(_PHRASE_SETS) >= 16:
        _PHRASE_SETS.clear()
    made = _PhraseSet(phrases)
    _PHRASE_SETS[id(phrases)] = (phrases, made)
    return made


def prefix_cue(str key, dict phrases, int longest, int n_words):
    """lexicon.prefix_cue_reference compiled: the name of the longest phrase of `phrases` (words
    joined by one space -> (name, max_words)) that the key's words start with, if the line has at most
    its max_words words; else None."""
    cdef _KeyWords kw
    _words_alloc(&kw, len(key))
    try:
        _space_words(key, &kw)
        return _prefix_cue(key, phrases, _phrase_set(phrases), longest, n_words, &kw)
    finally:
        _words_free(&kw)


cdef object _prefix_cue(str key, dict phrases, _PhraseSet chains, int longest, int n_words, const _KeyWords* kw):
    # `kw`: the key's words as key.split(" ") splits them; the phrases of 1..`longest` of its first words
    # asked longest first, each only where its chain is in `chains`.
    cdef uint64_t hashes[_MAX_PHRASE_WORDS]
    cdef Py_ssize_t k, count = min(min(longest, _MAX_PHRASE_WORDS), kw.n)
    cdef object hit
    if count <= 0:
        return None
    hashes[0] = kw.hashes[0]
    for k in range(1, count):
        hashes[k] = _chain(hashes[k - 1], kw.hashes[k])
    for k in range(count - 1, -1, -1):
        if chains.has(hashes[k]):
            hit = phrases.get(key[:kw.bounds[2 * k + 1]])
            if hit is not None:
                return hit[0] if n_words <= <int>hit[1] else None
    return None


def contains_cue(str key, dict phrases, frozenset firsts, const unsigned char[::1] signatures, int longest,
                 int n_words):
    """lexicon.contains_cue_reference compiled: from left to right, the longest phrase of `phrases`
    starting at each word (words in `firsts` only; `signatures`: word_signatures(firsts); a run of words
    that is a phrase starts with one of `firsts`, so the phrases' chains stand for the set), matches not
    overlapping; the name of the first whose max_words the line keeps to, or None."""
    cdef _KeyWords kw
    _words_alloc(&kw, len(key))
    try:
        _space_words(key, &kw)
        return _contains_cue(key, phrases, _phrase_set(phrases), &signatures[0], longest, n_words, &kw)
    finally:
        _words_free(&kw)


cdef object _contains_cue(str key, dict phrases, _PhraseSet chains, const unsigned char* signatures, int longest,
                          int n_words, const _KeyWords* kw):
    # The key's words as key.split(" ") splits them (`kw`: their bounds and hashes). At a word whose
    # signature is in the table (a phrase's first word, or a rare other), the chains of the runs of words
    # starting there are made, and the runs whose chain is in `chains` asked for, longest first. (A run
    # that is a phrase starts with a first word of one: no `firsts` look-up needed.)
    cdef Py_ssize_t most = min(longest, _MAX_PHRASE_WORDS), w = 0, nxt, k, count, i, j
    cdef uint64_t hashes[_MAX_PHRASE_WORDS]
    cdef unsigned int sig
    cdef object hit
    while w < kw.n:
        i, j = kw.bounds[2 * w], kw.bounds[2 * w + 1]
        nxt = w + 1
        if j > i:
            sig = _word_sig(kw.hashes[w])
            if signatures[sig >> 3] & (1 << (sig & 7)):
                count = min(most, kw.n - w)
                hashes[0] = kw.hashes[w]
                for k in range(1, count):
                    hashes[k] = _chain(hashes[k - 1], kw.hashes[w + k])
                for k in range(count - 1, -1, -1):
                    if not chains.has(hashes[k]):
                        continue
                    hit = phrases.get(key[i:kw.bounds[2 * (w + k) + 1]])
                    if hit is not None:
                        if n_words <= <int>hit[1]:
                            return hit[0]
                        nxt = w + k + 1  # (the next match starts after this one)
                        break
        w = nxt
    return None


cdef class _Cues:
    """A CueMatcher's tables, read once (`cue_of` asks them for every new line)."""
    cdef dict exact, exact_loose, prefix, prefix_loose, contains, contains_loose
    cdef long max_words
    cdef int prefix_longest, contains_longest
    cdef object prefix_loose_re, contains_loose_re
    cdef const unsigned char[::1] signatures
    cdef tuple contains_loose_parts
    cdef _Phrases prefix_loose_phrases
    cdef bytes prefix_signatures  # word_signatures(prefix_first): most first words need no slice
    cdef Py_ssize_t exact_longest, exact_loose_longest  # a longer key or loose form is in neither dict
    # Does every phrase of the loose exact, prefix, contains tables hold a `_CC_KEYSEP` character? Then
    # none is in a loose form that holds none (`_plain`): such a line skips those tables.
    cdef bint exact_loose_marked, prefix_loose_marked, contains_loose_marked
    cdef _PhraseSet exact_chains, prefix_chains, contains_chains  # the word tables' phrases (`_PhraseSet`)
    cdef object matcher

    def __init__(self, matcher):
        self.matcher = matcher
        self.exact_longest = max([len(k) for k in matcher.exact], default=-1)
        self.exact_loose_longest = max([len(k) for k in matcher.exact_loose], default=-1)
        self.prefix_loose_phrases = _Phrases(matcher.prefix_loose)
        self.exact, self.exact_loose = matcher.exact, matcher.exact_loose
        self.prefix, self.prefix_loose = matcher.prefix, matcher.prefix_loose
        self.contains, self.contains_loose = matcher.contains, matcher.contains_loose
        self.max_words = matcher.max_words
        self.prefix_longest, self.contains_longest = matcher._prefix_longest, matcher._contains_longest
        self.prefix_signatures = word_signatures(matcher._prefix_first)
        self.prefix_loose_re, self.contains_loose_re = matcher._prefix_loose, matcher._contains_loose
        self.signatures = matcher._contains_signatures
        self.contains_loose_parts = tuple(matcher._contains_loose_parts)
        self.exact_chains = _PhraseSet(self.exact)
        self.prefix_chains, self.contains_chains = _PhraseSet(self.prefix), _PhraseSet(self.contains)
        self.exact_loose_marked = all([_marked(p) for p in matcher.exact_loose])
        self.prefix_loose_marked = all([_marked(p) for p in matcher.prefix_loose])
        self.contains_loose_marked = all([_marked(p) for p in self.contains_loose_parts])


cdef bint _marked(str text) noexcept:
    # Does `text` hold a `_CC_KEYSEP` character (one its key would turn into a space)?
    cdef Py_UCS4 c
    for c in text:
        if (_CC[c] if c < _CC_TABLE else _char_flags(c)) & _CC_KEYSEP:
            return True
    return False


cdef bint _plain(str key, str loose, const _KeyWords* kw) noexcept:
    # Does the loose form hold no `_CC_KEYSEP` character? Known without reading it where it equals a key
    # that holds none (`kw.marked`, walked by `_key_words`): a line's key is its loose form with those
    # characters made spaces, so the two are equal exactly where the loose form holds none.
    cdef Py_ssize_t n = len(key)
    cdef int kind = PyUnicode_KIND(key)
    if kw.marked or len(loose) != n or PyUnicode_KIND(loose) != kind:
        return False
    return memcmp(PyUnicode_DATA(key), PyUnicode_DATA(loose), n * kind) == 0


cdef dict _CUES = {}  # CueMatcher -> its _Cues (a reloaded lexicon brings a new matcher)


cdef _Cues _cues(object matcher):
    found = _CUES.get(matcher)
    if found is None:
        if len(_CUES) >= 8:
            _CUES.clear()
        found = _CUES[matcher] = _Cues(matcher)
    return <_Cues>found


def cue_of(object matcher, str key, str loose, long n_words):
    """lexicon.CueMatcher.match with the compiled core on, compiled: the same tables asked in the same
    order (exact, word prefixes, loose prefixes, word phrases, loose phrases)."""
    cdef _KeyWords kw
    cdef bint plain
    _words_alloc(&kw, len(key))
    try:
        _key_words(key, &kw)
        plain = _plain(key, loose, &kw)
        _space_words(key, &kw)
        return _cue(_cues(matcher), key, loose, n_words, &kw, plain)
    finally:
        _words_free(&kw)


@cython.final
cdef class _Phrases:
    """The loose prefix phrases in 256 buckets by their first character's low byte: a line is compared
    with the phrases of its first character's bucket only (most buckets are empty)."""
    cdef tuple buckets
    cdef bint any_empty  # an empty phrase starts any text

    def __init__(self, phrases):
        made = [[] for _ in range(256)]
        for p in phrases:
            if p:
                made[ord(p[0]) & 0xFF].append(p)
        self.buckets = tuple([tuple(b) for b in made])
        self.any_empty = any(not p for p in phrases)

    cdef bint start(self, str text):
        # Does `text` start with one of the phrases? (The loose prefix regex, an anchored alternation of
        # them, matches exactly then.)
        cdef Py_ssize_t n = len(text), m, k
        cdef int kind = PyUnicode_KIND(text), pkind
        cdef void* data = PyUnicode_DATA(text)
        cdef void* pdata
        cdef unsigned int first  # (not Py_UCS4: Cython's & on those makes strings)
        if self.any_empty:
            return True
        if n == 0:
            return False
        first = PyUnicode_READ(kind, data, 0)
        for p in <tuple>self.buckets[first & 0xFF]:
            m = len(<str>p)
            if m > n:
                continue
            pkind, pdata = PyUnicode_KIND(<str>p), PyUnicode_DATA(<str>p)
            k = 0
            while k < m and PyUnicode_READ(pkind, pdata, k) == PyUnicode_READ(kind, data, k):
                k += 1
            if k == m:
                return True
        return False


cdef object _cue(_Cues c, str key, str loose, long n_words, const _KeyWords* kw, bint plain):
    # `kw`: the key's words as key.split(" ") splits them; `plain`: the loose form holds no `_CC_KEYSEP`
    # character (`_plain`), so no loose phrase holding one can be in it.
    cdef object cat = None, name, m
    cdef Py_ssize_t j, n = len(key)
    cdef unsigned int sig
    cdef const unsigned char* first_sigs
    cdef uint64_t chain
    if n <= c.exact_longest:  # (asked only where the chain of all its words is an exact phrase's)
        chain = kw.hashes[0]
        for j in range(1, kw.n):
            chain = _chain(chain, kw.hashes[j])
        if c.exact_chains.has(chain):
            cat = c.exact.get(key)
    if not cat and len(loose) <= c.exact_loose_longest and not (plain and c.exact_loose_marked):
        cat = c.exact_loose.get(loose)
    if cat:
        return cat
    if n_words > c.max_words:
        return None
    j = kw.bounds[1]  # the first word: key.split(" ", 1)[0], without the list; its signature first
    sig = _word_sig(kw.hashes[0])
    first_sigs = <const unsigned char*>c.prefix_signatures
    if j == 0 or first_sigs[sig >> 3] & (1 << (sig & 7)):  # (a phrase starts with a word of prefix_first)
        name = _prefix_cue(key, c.prefix, c.prefix_chains, c.prefix_longest, n_words, kw)
        if name:
            return name
    if loose and not (plain and c.prefix_loose_marked) and c.prefix_loose_phrases.start(loose):  # (loose[0] in prefix_loose_first, and more)
        m = c.prefix_loose_re.search(loose)
        if m:
            name, max_words = c.prefix_loose[m.group(0)]
            if n_words <= max_words:
                return name
    if c.contains:
        name = _contains_cue(key, c.contains, c.contains_chains, &c.signatures[0], c.contains_longest, n_words, kw)
        if name:
            return name
    if plain and c.contains_loose_marked:
        return None
    for p in c.contains_loose_parts:
        if p in loose:
            for m in c.contains_loose_re.finditer(loose):
                name, max_words = c.contains_loose[m.group(0)]
                if n_words <= max_words:
                    return name
            break
    return None


cdef inline bint _latin(Py_UCS4 c) noexcept:
    """A character of language._LATIN_WORD's class, [A-Za-z\u00c0-\u00ff']."""
    return (0x41 <= c <= 0x5a) or (0x61 <= c <= 0x7a) or (0xc0 <= c <= 0xff) or c == 0x27


def latin_word_hits(str text, tuple sets, Py_ssize_t longest):
    """language.latin_word_hits_reference: the number of `_LATIN_WORD` words in `text`, and per set
    of `sets` the words that, lower-cased, are in it (a word longer than `longest`, the sets' longest
    string, is in none). Lower-casing a character of the class is one character (A-Z and U+00C0-U+00DE
    but U+00D7 move by 0x20), as `str.lower` does it. The lower-cased word is looked up in a
    `_WordTable` of the sets (no string per word; more than eight sets: a string per word and the
    sets' own look-ups). A loop for the string's kind, each word lower-cased and hashed as it is read."""
    cdef Py_ssize_t k = len(sets), j, words
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef long counts[8]
    cdef list hits = [0] * k
    cdef _WordTable table = _sets_table(sets) if k <= 8 else None
    if longest > 256:
        longest = 256
    for j in range(8):
        counts[j] = 0
    if kind == PyUnicode_1BYTE_KIND:
        words = _latin_words_of(<const unsigned char*>data, len(text), longest, table, sets, counts, hits)
    elif kind == PyUnicode_2BYTE_KIND:
        words = _latin_words_of(<const unsigned short*>data, len(text), longest, table, sets, counts, hits)
    else:
        words = _latin_words_of(<const Py_UCS4*>data, len(text), longest, table, sets, counts, hits)
    if table is not None:
        for j in range(k):
            hits[j] = counts[j]
    return words, hits


cdef Py_ssize_t _latin_words_of(const _code_unit* s, Py_ssize_t n, Py_ssize_t longest, _WordTable table, tuple sets,
                                long* counts, list hits) except -1:
    # latin_word_hits' words of s[:n] (`longest` at most 256): their number returned, their hits counted
    # in `counts` by the table's flags (or, with no table, in `hits` by the sets' own look-ups).
    cdef Py_ssize_t i = 0, start, words = 0, k = len(sets), j, length
    cdef unsigned int u
    cdef unsigned char buf[256]
    cdef unsigned char flag
    cdef uint64_t h
    cdef object word
    while i < n:
        u = s[i]
        if not _latin(u):
            i += 1
            continue
        start, h = i, FNV_BASIS
        while True:  # the word lower-cased into buf (its first 256 characters) and hashed
            if (0x41 <= u <= 0x5a) or (0xc0 <= u <= 0xde and u != 0xd7):
                u += 0x20
            if i - start < 256:
                buf[i - start] = <unsigned char>u
            h = fnv_step(h, u)
            i += 1
            if i >= n:
                break
            u = s[i]
            if not _latin(u):
                break
        words += 1
        length = i - start
        if length > longest:
            continue
        if table is not None:
            flag = table.find(h | 1, PyUnicode_1BYTE_KIND, buf, 0, length)
            for j in range(k):
                counts[j] += (flag >> j) & 1
        else:  # more sets than a flag byte holds: a string a word, the sets' own look-ups
            word = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, buf, length)
            for j in range(k):
                if word in <frozenset> sets[j]:
                    hits[j] += 1
    return words

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled core of the record steps: a folded body's words and character classes in C.

`word_scan` tokenizes like `\\w+` (Python's `re` on str: a word character is str.isalnum or "_"),
gives each distinct word an integer id (an exact hash table: equal hashes are confirmed on the
characters), and computes Gopher's n-gram fractions on the ids: an n-gram's id is the id of the pair
(its first (n-1)-gram's id, its last word's id), so every comparison is exact, with no hash collision
to fear. `char_classes` counts the character classes of the quality signals in one pass.

The pure-Python references are in ghirbal.quality.scan (`word_scan_reference`,
`char_classes_reference`); tests/test_compiled_core.py holds both to identical results.
"""

from cpython.unicode cimport (Py_UNICODE_ISALNUM, Py_UNICODE_ISDIGIT, Py_UNICODE_ISNUMERIC,
                              PyUnicode_DATA, PyUnicode_FromKindAndData, PyUnicode_KIND, PyUnicode_READ)
from cpython.object cimport PyObject
from libc.math cimport floor
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcmp, memset

from ghirbal.linemodel._chars cimport FNV_BASIS, fnv_step, is_space as _space  # (str.split's and str.strip's white space)

from types import MemberDescriptorType


# --- character classes ---------------------------------------------------------------------------

cdef inline bint _arabic_non_letter(Py_UCS4 c) noexcept:
    # The Arabic block's punctuation and signs (signals._ARABIC_NON_LETTERS)
    return (c == 0x060C or c == 0x060D or c == 0x061B or c == 0x061F or 0x066A <= c <= 0x066D
            or c == 0x06D4 or c == 0x06DD or c == 0x06DE or c == 0x06E9)


cdef inline bint _accented(Py_UCS4 c) noexcept:
    return (0xC0 <= c <= 0xD6) or (0xD8 <= c <= 0xF6) or (0xF8 <= c <= 0x24F)


cdef inline bint _other_letter(Py_UCS4 c) noexcept:
    return ((0x0370 <= c <= 0x05FF) or (0x0900 <= c <= 0x0DFF) or (0x0E00 <= c <= 0x0EFF)
            or (0x10A0 <= c <= 0x10FF) or (0x1100 <= c <= 0x11FF) or (0x3040 <= c <= 0x9FFF)
            or (0xAC00 <= c <= 0xD7AF))


cdef inline bint _symbol(Py_UCS4 c) noexcept:
    if c < 0x80:  # # * @ _ | \ $ + < = > ^ ` ~
        return (c == 0x23 or c == 0x2A or c == 0x40 or c == 0x5F or c == 0x7C or c == 0x5C or c == 0x24
                or c == 0x2B or c == 0x3C or c == 0x3D or c == 0x3E or c == 0x5E or c == 0x60 or c == 0x7E)
    return ((0xA2 <= c <= 0xA9) or c == 0xAC or (0xAE <= c <= 0xB1) or c == 0xB4 or c == 0xB8 or c == 0xD7
            or c == 0xF7 or (0x02C2 <= c <= 0x02C5) or (0x2100 <= c <= 0x2BFF) or (0x3200 <= c <= 0x33FF)
            or (0x1F000 <= c <= 0x1FAFF))


cdef inline bint _mojibake_lead(Py_UCS4 c) noexcept:
    # The characters whose UTF-8 lead byte is C2, C3, C5, C6 or CB, and U+FFFD
    return (0x80 <= c <= 0xFF) or (0x140 <= c <= 0x1BF) or (0x2C0 <= c <= 0x2FF) or c == 0xFFFD


def char_classes(str text):
    """(Arabic letters, Latin letters, ASCII digits, letters of other scripts, symbols, characters other
    than space and newline, 1 if a character may start mojibake else 0) of a folded text."""
    cdef Py_UCS4 c
    cdef Py_ssize_t arabic = 0, latin = 0, digits = 0, other = 0, symbols = 0, blank = 0, hint = 0
    for c in text:
        if c < 0x80:
            if (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A):
                latin += 1
            elif 0x30 <= c <= 0x39:
                digits += 1
            elif c == 0x20 or c == 0x0A:
                blank += 1
            elif _symbol(c):
                symbols += 1
        elif 0x0600 <= c <= 0x06FF:
            if not _arabic_non_letter(c):
                arabic += 1
        else:
            if _accented(c):
                latin += 1
            if _other_letter(c):
                other += 1
            if _symbol(c):
                symbols += 1
            if _mojibake_lead(c):
                hint += 1
    return arabic, latin, digits, other, symbols, len(text) - blank, 1 if hint else 0


def script_letters(str text):
    """(characters of the Arabic block U+0600-U+06FF, ASCII letters) of a text: the script counts of
    ghirbal.langid."""
    cdef Py_UCS4 c
    cdef Py_ssize_t arabic = 0, latin = 0
    for c in text:
        if 0x0600 <= c <= 0x06FF:
            arabic += 1
        elif (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A):
            latin += 1
    return arabic, latin


# --- folding ---------------------------------------------------------------------------------------

cdef enum:
    _FOLD_DROP = 0xFFFFFFFF  # normalize.FOLD_DROP, FOLD_SLOW
    _FOLD_SLOW = 0xFFFFFFFE


def fold_by_table(str text, const uint32_t[::1] table):
    """`normalize.fold` of an NFKC text, one character at a time through `normalize.fold_char_table`
    (built by calling `fold`: still one folding); None when a character needs `fold` itself (FOLD_SLOW,
    or outside the BMP): the caller folds that text in Python."""
    cdef Py_ssize_t n = len(text), i, j = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef const char* data = <const char*> PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef uint32_t m
    cdef uint32_t* buf = <uint32_t*> malloc((n + 1) * sizeof(uint32_t))
    if not buf:
        raise MemoryError()
    try:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if c > 0xFFFF:
                return None
            m = table[c]
            if m == _FOLD_DROP:
                continue
            if m == _FOLD_SLOW:
                return None
            buf[j] = m
            j += 1
        return PyUnicode_FromKindAndData(4, buf, j)  # (made in the narrowest kind its characters need)
    finally:
        free(buf)


# --- words and n-grams ---------------------------------------------------------------------------

cdef inline bint _word_char(Py_UCS4 c) noexcept:
    if c < 0x80:
        return (0x30 <= c <= 0x39) or (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A) or c == 0x5F
    if 0x0621 <= c <= 0x064A:  # the Arabic letters: the common case
        return True
    return Py_UNICODE_ISALNUM(c)


cdef inline uint64_t _mix(uint64_t x) noexcept:
    # splitmix64's finalizer: spreads the bits of a pair of ids over the table
    x ^= x >> 30
    x *= 0xBF58476D1CE4E5B9ULL
    x ^= x >> 27
    x *= 0x94D049BB133111EBULL
    x ^= x >> 31
    return x


cdef Py_ssize_t _table_size(Py_ssize_t n) noexcept:
    cdef Py_ssize_t size = 16
    while size < 2 * n:
        size <<= 1
    return size


cdef int _ngrams(const int32_t* ids, const int32_t* lens, Py_ssize_t m, int64_t total, double* out) except -1:
    """Gopher's top 2-4-gram and duplicate 5-10-gram character fractions (`out[n - 2]`), exactly as
    signals' reference computes them: the same candidate positions, the first most frequent n-gram,
    the same integer numerators and denominators."""
    cdef Py_ssize_t i, k, n, ncand, nrep, ngram, size, mask, slot, best, end, start
    cdef int64_t top, chars, covered
    cdef uint64_t key
    cdef int32_t* gram = NULL  # per position: the id of its n-gram (exact within a level)
    cdef int32_t* cand = NULL  # positions whose n-gram may repeat, ascending
    cdef int32_t* count = NULL  # per n-gram id
    cdef int32_t* first = NULL  # per n-gram id: its first position
    cdef int32_t* slots = NULL  # hash table: n-gram id or -1
    cdef uint64_t* keys = NULL  # hash table: (previous id, next word id)
    cdef unsigned char* repeats = NULL  # per position: its n-gram repeats (the level's candidates)
    cdef int64_t* prefix = NULL  # prefix sums of the word lengths
    if m < 2 or total == 0:
        return 0
    size = _table_size(m)
    # one block: the 8-byte arrays first, then the 4-byte ones, then the flags (each stays aligned)
    cdef char* block = <char*> malloc(size * sizeof(uint64_t) + (m + 1) * sizeof(int64_t)
                                      + (4 * m + size) * sizeof(int32_t) + m + 1)
    if not block:
        raise MemoryError()
    keys = <uint64_t*> block
    prefix = <int64_t*> (keys + size)
    gram = <int32_t*> (prefix + m + 1)
    cand, count, first, slots = gram + m, gram + 2 * m, gram + 3 * m, gram + 4 * m
    repeats = <unsigned char*> (slots + size)
    try:
        memset(repeats, 0, m + 1)
        ncand = m - 1
        for i in range(m):
            gram[i] = ids[i]  # the 1-gram ids: level 2 pairs them with the next word
            cand[i] = <int32_t> i
        for n in range(2, 11):
            if ncand == 0:
                break
            size = _table_size(ncand)
            mask = size - 1
            memset(slots, 0xFF, size * sizeof(int32_t))
            ngram = 0
            for k in range(ncand):
                i = cand[k]
                key = ((<uint64_t> <uint32_t> gram[i]) << 32) | <uint32_t> ids[i + n - 1]
                slot = <Py_ssize_t> (_mix(key) & mask)
                while slots[slot] >= 0 and keys[slot] != key:
                    slot = (slot + 1) & mask
                if slots[slot] < 0:
                    slots[slot] = <int32_t> ngram
                    keys[slot] = key
                    count[ngram] = 0
                    first[ngram] = <int32_t> i
                    ngram += 1
                gram[i] = slots[slot]
                count[gram[i]] += 1
            top, best = 0, -1
            for k in range(ngram):  # strictly greater: the first n-gram met wins a tie
                if count[k] > top:
                    top, best = count[k], k
            if top < 2:
                break
            if n == 2:  # the word lengths, summed once
                prefix[0] = 0
                for i in range(m):
                    prefix[i + 1] = prefix[i] + lens[i]
            if n <= 4:
                chars = prefix[first[best] + n] - prefix[first[best]]
                out[n - 2] = min(1.0, <double> (top * chars) / <double> total)
            nrep = 0
            for k in range(ncand):  # the repeating n-grams' positions, in place (still ascending)
                i = cand[k]
                if count[gram[i]] >= 2:
                    cand[nrep] = <int32_t> i
                    nrep += 1
                    repeats[i] = 1
            if n >= 5:  # characters of the words inside a repeating n-gram, each word once
                covered, end = 0, 0
                for k in range(nrep):
                    i = cand[k]
                    start = i if i > end else end
                    if i + n > start:
                        covered += prefix[i + n] - prefix[start]
                        end = i + n
                out[n - 2] = <double> covered / <double> total
            ncand = 0
            for k in range(nrep):  # an (n+1)-gram repeats only where the n-grams at i and i + 1 do
                i = cand[k]
                if repeats[i + 1]:
                    cand[ncand] = <int32_t> i
                    ncand += 1
                repeats[i] = 0  # ascending: no later position looks at i again
    finally:
        free(block)
    return 0


# The hash table of a scan's distinct words, reused from call to call: a slot is in use when its stamp
# is the call's (no clearing between calls).
cdef int32_t* _slots = NULL
cdef uint32_t* _stamps = NULL
cdef Py_ssize_t _table = 0
cdef uint32_t _call = 0


cdef int _reserve(Py_ssize_t size) except -1:
    global _slots, _stamps, _table, _call
    if size > _table:
        free(_slots)
        free(_stamps)
        _slots = <int32_t*> malloc(size * sizeof(int32_t))
        _stamps = <uint32_t*> malloc(size * sizeof(uint32_t))
        if not (_slots and _stamps):
            free(_slots); free(_stamps)
            _slots, _stamps, _table = NULL, NULL, 0
            raise MemoryError()
        memset(_stamps, 0, size * sizeof(uint32_t))
        _table, _call = size, 0
    _call += 1
    if _call == 0:  # the stamps wrapped around: clear them once
        memset(_stamps, 0, _table * sizeof(uint32_t))
        _call = 1
    return 0


def word_scan(str folded):
    """The words of a folded text: (distinct words in the order first met, their counts, the number of
    words, the number of words that are not all digits, their characters, the n-gram fractions of the
    words that are not all digits: top 2-4-gram, duplicate 5-10-gram)."""
    cdef Py_ssize_t n = len(folded), i, start = 0, length, slot, mask, size, u, nuniq = 0, ntok = 0, m = 0
    cdef int kind = PyUnicode_KIND(folded)
    cdef const char* data = <const char*> PyUnicode_DATA(folded)
    cdef Py_UCS4 c
    cdef bint in_word = False, all_digits = False
    cdef uint64_t h = 0
    cdef int64_t word_chars = 0
    cdef double out[9]
    cdef Py_ssize_t cap = n // 2 + 1  # at most this many words (a separator between two)
    cdef int32_t* ids = NULL  # per word that is not all digits: its word id
    cdef int32_t* lens = NULL
    cdef int32_t* ustart = NULL  # per distinct word: where it first is, its length, hash and count
    cdef int32_t* ulen = NULL
    cdef uint64_t* uhash = NULL
    cdef int32_t* ucount = NULL
    memset(out, 0, sizeof(out))
    size = _table_size(cap)
    mask = size - 1
    _reserve(size)
    cdef char* block = <char*> malloc(cap * (sizeof(uint64_t) + 5 * sizeof(int32_t)))  # 8-byte array first
    if not block:
        raise MemoryError()
    uhash = <uint64_t*> block
    ids = <int32_t*> (uhash + cap)
    lens, ustart, ulen, ucount = ids + cap, ids + 2 * cap, ids + 3 * cap, ids + 4 * cap
    try:
        for i in range(n + 1):
            c = PyUnicode_READ(kind, data, i) if i < n else 0x20
            if _word_char(c):
                if not in_word:
                    in_word, start, all_digits, h = True, i, True, FNV_BASIS
                h = fnv_step(h, c)  # the compiled modules' one word hash (_chars.pxd)
                if all_digits and ((0x0621 <= c <= 0x064A) or (0x41 <= c <= 0x7A) or not Py_UNICODE_ISDIGIT(c)):
                    all_digits = False
                continue
            if not in_word:
                continue
            in_word = False
            length = i - start
            slot = <Py_ssize_t> (_mix(h) & mask)
            while True:  # the word's id: an equal hash is confirmed on the characters
                if _stamps[slot] != _call:
                    u = nuniq
                    nuniq += 1
                    _stamps[slot], _slots[slot] = _call, <int32_t> u
                    ustart[u], ulen[u], uhash[u], ucount[u] = <int32_t> start, <int32_t> length, h, 0
                    break
                u = _slots[slot]
                if (uhash[u] == h and ulen[u] == length
                        and memcmp(data + ustart[u] * kind, data + start * kind, length * kind) == 0):
                    break
                slot = (slot + 1) & mask
            ucount[u] += 1
            ntok += 1
            if not all_digits:
                ids[m], lens[m] = <int32_t> u, <int32_t> length
                m += 1
                word_chars += length
        _ngrams(ids, lens, m, word_chars, out)
        uniques = [None] * nuniq
        counts = [None] * nuniq
        for u in range(nuniq):
            uniques[u] = folded[ustart[u]:ustart[u] + ulen[u]]
            counts[u] = ucount[u]
    finally:
        free(block)
    return uniques, counts, ntok, m, word_chars, tuple([out[k] for k in range(9)])


def counted_in(list words, list counts, container):
    """(The counts of the `words` that `container` holds, summed; their positions): one C loop over a
    text's distinct words (`word_scan`), each looked up once (its str hash computed once, then kept)."""
    cdef Py_ssize_t i, n = len(words), total = 0
    cdef list at = []
    if len(counts) != n:
        raise ValueError("words and counts differ in length")
    for i in range(n):
        if words[i] in container:
            total += <Py_ssize_t> counts[i]
            at.append(i)
    return total, at


# --- a body's lines ---------------------------------------------------------------------------------

cdef Py_ssize_t _words(int kind, const char* data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """The whitespace words of text[start:end]: runs of characters other than white space."""
    cdef Py_ssize_t i, words = 0
    cdef bint in_word = False
    for i in range(start, end):
        if _space(PyUnicode_READ(kind, data, i)):
            in_word = False
        elif not in_word:
            in_word = True
            words += 1
    return words


cdef bint _ends_with(int kind, const char* data, Py_ssize_t start, Py_ssize_t end, tuple suffixes) except -1:
    """text[start:end].endswith(suffixes)."""
    cdef str suffix
    cdef Py_ssize_t m, j
    cdef int skind
    cdef const char* sdata
    for suffix in suffixes:
        m = len(suffix)
        if m > end - start:
            continue
        skind, sdata = PyUnicode_KIND(suffix), <const char*> PyUnicode_DATA(suffix)
        for j in range(m):
            if PyUnicode_READ(kind, data, end - m + j) != PyUnicode_READ(skind, sdata, j):
                break
        else:
            return True
    return False


def line_scan(body_lines, tuple end, str bullets):
    """A body's lines for the quality signals, in one pass: (its lines stripped, blank ones left out;
    each one's whitespace words; the positions of those that do not end with one of `end`; the positions
    of those that may open with a list marker: a character of `bullets` or a numeral first)."""
    cdef str s
    cdef Py_ssize_t a, b, n
    cdef int kind
    cdef const char* data
    cdef Py_UCS4 first
    cdef list lines = [], words = [], unended = [], marked = []
    for s in body_lines:
        n, kind, data = len(s), PyUnicode_KIND(s), <const char*> PyUnicode_DATA(s)
        a, b = 0, n
        while a < b and _space(PyUnicode_READ(kind, data, a)):
            a += 1
        while b > a and _space(PyUnicode_READ(kind, data, b - 1)):
            b -= 1
        if a == b:
            continue
        first = PyUnicode_READ(kind, data, a)
        if not _ends_with(kind, data, a, b, end):
            unended.append(len(lines))
        if Py_UNICODE_ISNUMERIC(first) or first in bullets:
            marked.append(len(lines))
        lines.append(s if a == 0 and b == n else s[a:b])
        words.append(_words(kind, data, a, b))
    return lines, words, unended, marked


# --- rounding -------------------------------------------------------------------------------------

def rounded(values, int digits):
    """`[round(v, digits) for v in values]`. Python's round takes the float's exact binary value to
    `digits` decimal places (half to even) and reads that decimal back: for a float from 0 to 10^4 whose
    scaled value x * 10^digits is not within 10^-7 of a half (the multiplication errs by less than
    10^-8 there), those places are the scaled value rounded, and r / 10^digits (both exact) is the float
    nearest that decimal: the same float, without formatting it. Anything else goes to Python's round."""
    cdef list out = []
    cdef double x, y, whole, frac, scale
    if not 0 <= digits <= 4:
        return [round(v, digits) for v in values]
    scale = 10.0 ** digits
    for v in values:
        if type(v) is float:
            x = v
            if 0.0 <= x <= 1e4:
                y = x * scale
                whole = floor(y)
                frac = y - whole
                if not (0.5 - 1e-7 < frac < 0.5 + 1e-7):
                    out.append((whole if frac < 0.5 else whole + 1.0) / scale)
                    continue
        out.append(round(v, digits))
    return out


# --- a page's lines --------------------------------------------------------------------------------

cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        pass
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    object PyMember_GetOne(const char* obj, PyMemberDef* member)


cdef PyMemberDef* _slot(object cls, str name):
    """The slot member of `cls`'s field `name` (a `__slots__` class: `model.Line`), read by CPython's
    own member getter; NULL where an attribute look-up could give something else (no such member, or a
    class of its own attribute look-up)."""
    d = getattr(cls, name, None)
    if type(d) is not MemberDescriptorType or cls.__getattribute__ is not object.__getattribute__:
        return NULL
    return (<PyMemberDescrObject*> <PyObject*> d).d_member


def line_counts(lines):
    """(lines with text, kept lines) of a page's `Line`s, in one pass; each field read from its slot
    (a page has hundreds of lines: an attribute look-up each costs more than the count)."""
    cdef Py_ssize_t with_text = 0, kept = 0
    cdef object cls = None
    cdef PyMemberDef* text_slot = NULL
    cdef PyMemberDef* kept_slot = NULL
    for ln in lines:
        if type(ln) is not cls:
            cls = type(ln)
            text_slot, kept_slot = _slot(cls, "text"), _slot(cls, "kept")
        if text_slot != NULL and kept_slot != NULL:
            if PyMember_GetOne(<const char*> <PyObject*> ln, text_slot):
                with_text += 1
            if PyMember_GetOne(<const char*> <PyObject*> ln, kept_slot):
                kept += 1
            continue
        if ln.text:
            with_text += 1
        if ln.kept:
            kept += 1
    return with_text, kept

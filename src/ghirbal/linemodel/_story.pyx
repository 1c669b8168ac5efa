# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The in-block headline test's word overlap, compiled: `story.story_words_reference` and
`story.overlap` in one object, without a string per word.

`StoryWords(feats, start, end, scores)` counts, for each word of over two characters of the prose
lines of feats[start..end] (score > 0), the lines holding it, in a C hash table over the words' places
in the lines' keys (no slice, set or dict per word: the story's words were the largest single item of
the line rules on an HTML page, ~1.7M instructions, most of it making and hashing ~4,000 word
strings); `overlap(key, own)` is `story.overlap(key, words, own)` with those counts. Words are what
`str.split()` makes (runs of `Py_UNICODE_ISSPACE`), compared by code point; a word of digits only is
what `str.isdigit` says. tests/test_compiled_core.py holds it to the reference on the dev pages.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISDIGIT, Py_UNICODE_ISSPACE
from libc.stdint cimport int32_t, uint32_t, uint64_t
from libc.string cimport memset


cdef struct _Slot:
    uint64_t hash
    int32_t line     # index in `keys` of the line the word was first seen in (-1: empty slot)
    int32_t start    # the word's place in that line's key
    int32_t length
    int32_t count    # prose lines holding it
    int32_t stamp    # the last line counted (a word twice in one line counts once)


cdef inline uint64_t _hash(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) noexcept:
    cdef uint64_t h = 14695981039346656037ULL  # FNV-1a's offset basis
    cdef Py_ssize_t i
    for i in range(a, b):
        h = (h ^ <uint64_t> PyUnicode_READ(kind, data, i)) * 1099511628211ULL
    return h


cdef inline Py_ssize_t _word_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t *at) noexcept:
    """The next word of a key (as `str.split()` cuts it) from `at[0]`: its start left in `at[0]`, its
    end returned (start == end: no word left)."""
    cdef Py_ssize_t i = at[0]
    while i < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    at[0] = i
    while i < n and not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    return i


cdef _Slot *_empty_slots(Py_ssize_t size) except NULL:
    cdef _Slot *slots = <_Slot *> PyMem_Malloc(size * sizeof(_Slot))
    if slots == NULL:
        raise MemoryError()
    memset(slots, 0xFF, size * sizeof(_Slot))  # line -1: empty
    return slots


cdef class StoryWords:
    cdef list keys        # the prose lines' keys (kept alive: the slots point into them)
    cdef _Slot *slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t used  # distinct words in the table

    def __cinit__(self):
        self.slots = NULL

    def __init__(self, list feats, Py_ssize_t start, Py_ssize_t end, object scores):
        cdef Py_ssize_t j, i, a, n, words = 0, size
        cdef str key
        cdef int kind
        cdef const void *data
        self.keys = []
        for j in range(start if start > 0 else 0, end + 1):
            if scores[j] > 0:
                key = feats[j].key
                self.keys.append(key)
                words += PyUnicode_GET_LENGTH(key) // 2 + 1  # (at most this many words)
        # Far fewer distinct words than the bound: the table starts small (at most 1,024 slots) and
        # doubles when half full (clearing a table sized for the bound cost more than the counting).
        size = 64
        while size < 2 * words and size < 1024:
            size *= 2
        self.slots = _empty_slots(size)
        self.mask = size - 1
        self.used = 0
        for j in range(len(self.keys)):
            key = <str> self.keys[j]
            kind, data, n = PyUnicode_KIND(key), PyUnicode_DATA(key), PyUnicode_GET_LENGTH(key)
            a = 0
            while a < n:
                i = _word_end(kind, data, n, &a)
                if i - a > 2:
                    self._add(<int32_t> j, kind, data, a, i)
                a = i

    def __dealloc__(self):
        PyMem_Free(self.slots)

    cdef _Slot *_find(self, uint64_t h, int kind, const void *data, Py_ssize_t a, Py_ssize_t b):
        """The word's slot, or the empty slot where it would go."""
        cdef Py_ssize_t at = <Py_ssize_t> (h & <uint64_t> self.mask), k, length = b - a
        cdef _Slot *s
        cdef str other
        cdef int okind
        cdef const void *odata
        while True:
            s = &self.slots[at]
            if s.line < 0:
                return s
            if s.hash == h and s.length == length:
                other = <str> self.keys[s.line]
                okind, odata = PyUnicode_KIND(other), PyUnicode_DATA(other)
                k = 0
                while k < length and PyUnicode_READ(okind, odata, s.start + k) == PyUnicode_READ(kind, data, a + k):
                    k += 1
                if k == length:
                    return s
            at = (at + 1) & self.mask

    cdef int _grow(self) except -1:
        # The table doubled, its words put back by their hashes (all distinct: no compare needed).
        cdef Py_ssize_t size = 2 * (self.mask + 1), k, at
        cdef _Slot *old = self.slots
        cdef _Slot *slots = _empty_slots(size)
        for k in range(self.mask + 1):
            if old[k].line >= 0:
                at = <Py_ssize_t> (old[k].hash & <uint64_t> (size - 1))
                while slots[at].line >= 0:
                    at = (at + 1) & (size - 1)
                slots[at] = old[k]
        PyMem_Free(old)
        self.slots, self.mask = slots, size - 1
        return 0

    cdef int _add(self, int32_t line, int kind, const void *data, Py_ssize_t a, Py_ssize_t b) except -1:
        cdef uint64_t h = _hash(kind, data, a, b)
        cdef _Slot *s = self._find(h, kind, data, a, b)
        if s.line < 0:
            s.hash, s.line, s.start, s.length, s.count, s.stamp = h, line, <int32_t> a, <int32_t> (b - a), 1, line
            self.used += 1
            if 2 * self.used > self.mask + 1:  # at most half full: a probe always ends
                self._grow()
        elif s.stamp != line:
            s.stamp = line
            s.count += 1
        return 0

    def overlap(self, str key, bint own=False):
        """`story.overlap(key, story_words(...), own)`: the share of the line's content words (over two
        characters, not all digits) that the story's prose lines hold (two of them with `own`)."""
        cdef int kind = PyUnicode_KIND(key)
        cdef const void *data = PyUnicode_DATA(key)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(key), a = 0, i, k
        cdef long tokens = 0, shared = 0
        cdef int least = 2 if own else 1
        cdef _Slot *s
        cdef bint digits
        while a < n:
            i = _word_end(kind, data, n, &a)  # the word: a..i
            if i - a > 2:
                digits = True
                for k in range(a, i):
                    if not Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, k)):
                        digits = False
                        break
                if not digits:
                    tokens += 1
                    s = self._find(_hash(kind, data, a, i), kind, data, a, i)
                    if s.line >= 0 and s.count >= least:
                        shared += 1
            a = i
        return <double> shared / <double> tokens if tokens else 1.0

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The in-block headline test's word overlap, compiled: `story.story_words_reference` and
`story.overlap` in one object, without a string per word.

`StoryWords(feats, start, end, scores)` counts, for each word of over two characters of the prose
lines of feats[start..end] (score > 0), the lines holding it, in a C hash table over the words' places
in the lines' keys (no slice, set or dict per word: the story's words were the largest single item of
the line rules on an HTML page, ~1.7M instructions, most of it making and hashing ~4,000 word
strings); `overlap(key, own)` is `story.overlap(key, words, own)` with those counts. Words are what
`str.split()` makes (runs of str.isspace characters), compared by code point; a word of digits only is
what `str.isdigit` says. tests/test_compiled_core.py holds it to the reference on the dev pages.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.mem cimport PyMem_Calloc, PyMem_Free
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISDIGIT
from libc.stdint cimport int32_t, uint64_t
from libc.string cimport memcmp

from ghirbal.linemodel._chars cimport FNV_BASIS, code_unit, fnv_step, is_space_letters_first as _space


cdef struct _Slot:
    uint64_t hash
    const char *word  # where the word starts in its line's key (NULL: an empty slot)
    int32_t kind      # that key's kind (bytes a character)
    int32_t length
    int32_t count     # prose lines holding it
    int32_t stamp     # the last line counted (a word twice in one line counts once)


cdef inline uint64_t _hash(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) noexcept:
    cdef uint64_t h = FNV_BASIS
    cdef Py_ssize_t i
    for i in range(a, b):
        h = fnv_step(h, PyUnicode_READ(kind, data, i))
    return h


cdef inline Py_ssize_t _word_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t *at) noexcept:
    """The next word of a key (as `str.split()` cuts it) from `at[0]`: its start left in `at[0]`, its
    end returned (start == end: no word left)."""
    cdef Py_ssize_t i = at[0]
    while i < n and _space(PyUnicode_READ(kind, data, i)):
        i += 1
    at[0] = i
    while i < n and not _space(PyUnicode_READ(kind, data, i)):
        i += 1
    return i


cdef _Slot *_empty_slots(Py_ssize_t size) except NULL:
    cdef _Slot *slots = <_Slot *> PyMem_Calloc(size, sizeof(_Slot))  # word NULL: empty
    if slots == NULL:
        raise MemoryError()
    return slots


cdef inline bint _same(const char *a, int akind, const char *b, int bkind, Py_ssize_t length) noexcept:
    # Two words of `length` characters, each as its key's kind stores it: equal code points?
    cdef Py_ssize_t k
    if akind == bkind:
        return memcmp(a, b, length * akind) == 0
    for k in range(length):
        if PyUnicode_READ(akind, a, k) != PyUnicode_READ(bkind, b, k):
            return False
    return True


cdef inline _Slot *_find(_Slot *slots, Py_ssize_t mask, uint64_t h, const char *word, int kind,
                         Py_ssize_t length) noexcept:
    """The word's slot, or the empty slot where it would go."""
    cdef Py_ssize_t at = <Py_ssize_t> (h & <uint64_t> mask)
    cdef _Slot *s
    while True:
        s = &slots[at]
        if s.word == NULL or (s.hash == h and s.length == length and _same(s.word, s.kind, word, kind, length)):
            return s
        at = (at + 1) & mask


cdef class StoryWords:
    cdef list keys        # the prose lines' keys (kept alive: the slots point into them)
    cdef _Slot *slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t used  # distinct words in the table

    def __cinit__(self):
        self.slots = NULL

    def __init__(self, list feats, Py_ssize_t start, Py_ssize_t end, object scores, tuple page_words=None):
        # `page_words`: the page's words hashed (`_pages.PageWords.parts`, keys line by line): a line
        # whose key is the one they were read from takes its words from there, not from a walk of its
        # characters.
        cdef Py_ssize_t j, k, w, n, words = 0, size, lo = start if start > 0 else 0
        cdef str key
        cdef int kind
        cdef list page_keys = None, lines = []
        cdef const uint64_t *hashes = NULL
        cdef const Py_ssize_t *starts = NULL
        cdef const Py_ssize_t *lengths = NULL
        cdef const Py_ssize_t *word0 = NULL
        cdef const char *data
        self.keys = []
        if page_words is not None:
            page_keys = <list> page_words[0]
            hashes = <const uint64_t *> PyByteArray_AS_STRING(page_words[1])
            starts = <const Py_ssize_t *> PyByteArray_AS_STRING(page_words[2])
            lengths = <const Py_ssize_t *> PyByteArray_AS_STRING(page_words[3])
            word0 = <const Py_ssize_t *> PyByteArray_AS_STRING(page_words[4])
        for j in range(lo, end + 1):
            if scores[j] > 0:
                key = feats[j].key
                self.keys.append(key)
                lines.append(j)
                if page_keys is not None and j < len(page_keys) and page_keys[j] is key:
                    for w in range(word0[j], word0[j + 1]):  # (its words of over two characters)
                        words += lengths[w] > 2
                else:
                    words += PyUnicode_GET_LENGTH(key) // 2 + 1  # (at most this many words)
        # Fewer distinct words than that: the table starts small (at most 1,024 slots) and doubles when
        # half full (clearing a table sized for the bound cost more than the counting).
        size = 64
        while size < 2 * words and size < 1024:
            size *= 2
        self.slots = _empty_slots(size)
        self.mask = size - 1
        self.used = 0
        for k in range(len(self.keys)):
            key = <str> self.keys[k]
            j = <Py_ssize_t> lines[k]
            kind, n = PyUnicode_KIND(key), PyUnicode_GET_LENGTH(key)
            if page_keys is not None and j < len(page_keys) and page_keys[j] is key:
                data = <const char *> PyUnicode_DATA(key)
                for w in range(word0[j], word0[j + 1]):
                    if lengths[w] > 2:
                        _count(self, hashes[w], data + starts[w] * kind, kind, lengths[w], <int32_t> k)
            elif kind == 1:
                _count_words(self, <const unsigned char *> PyUnicode_DATA(key), n, kind, <int32_t> k)
            elif kind == 2:
                _count_words(self, <const unsigned short *> PyUnicode_DATA(key), n, kind, <int32_t> k)
            else:
                _count_words(self, <const Py_UCS4 *> PyUnicode_DATA(key), n, kind, <int32_t> k)

    def __dealloc__(self):
        PyMem_Free(self.slots)

    cdef int _grow(self) except -1:
        # The table doubled, its words put back by their hashes (all distinct: no compare needed).
        cdef Py_ssize_t size = 2 * (self.mask + 1), k, at
        cdef _Slot *old = self.slots
        cdef _Slot *slots = _empty_slots(size)
        for k in range(self.mask + 1):
            if old[k].word != NULL:
                at = <Py_ssize_t> (old[k].hash & <uint64_t> (size - 1))
                while slots[at].word != NULL:
                    at = (at + 1) & (size - 1)
                slots[at] = old[k]
        PyMem_Free(old)
        self.slots, self.mask = slots, size - 1
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
                    s = _find(self.slots, self.mask, _hash(kind, data, a, i), <const char *> data + a * kind, kind, i - a)
                    if s.word != NULL and s.count >= least:
                        shared += 1
            a = i
        return <double> shared / <double> tokens if tokens else 1.0


cdef inline int _count(StoryWords sw, uint64_t h, const char *word, int kind, Py_ssize_t length,
                       int32_t line) except -1:
    # One word of a prose line (its hash, where its characters start, their kind): counted once a line.
    cdef _Slot *s = _find(sw.slots, sw.mask, h, word, kind, length)
    if s.word == NULL:
        s.hash, s.word, s.kind, s.length, s.count, s.stamp = h, word, kind, <int32_t> length, 1, line
        sw.used += 1
        if 2 * sw.used > sw.mask + 1:  # at most half full: a probe always ends
            sw._grow()
    elif s.stamp != line:
        s.stamp = line
        s.count += 1
    return 0


cdef int _count_words(StoryWords sw, const code_unit *text, Py_ssize_t n, int kind, int32_t line) except -1:
    # Each word of over two characters of one prose line's key, split and hashed in one walk (as
    # str.split() cuts it).
    cdef Py_ssize_t i = 0, a
    cdef uint64_t h
    while i < n:
        while i < n and _space(text[i]):
            i += 1
        a, h = i, FNV_BASIS
        while i < n and not _space(text[i]):
            h = fnv_step(h, text[i])
            i += 1
        if i - a > 2:
            _count(sw, h, <const char *> (text + a), kind, i - a, line)
    return 0

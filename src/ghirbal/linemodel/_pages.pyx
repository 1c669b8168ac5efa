# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled core's page-level work (ghirbal.linemodel.compiled names each function's reference):
the page's feature objects and the lines it shares with earlier pages (features), the per-line and
neighbour columns of its feature matrix (linemodel.rows), how often its keys stand inside other lines
(features.PageKeys), the story's words, the block-search scores and the best block (story). The
per-line text work is in `_counts.pyx`."""

import numpy as np
from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_FromStringAndSize
from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc
from cpython.unicode cimport (PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, Py_UNICODE_ISDECIMAL,
                              Py_UNICODE_ISDIGIT, Py_UNICODE_ISSPACE)
from libc.stdint cimport uint64_t
from libc.stdlib cimport qsort
from libc.string cimport memcmp, memcpy, memset

from ghirbal.linemodel._chars cimport (FNV_BASIS, code_unit as _code_unit, fnv_step, has_char as _has_char,
                                       has_word_bit, hash_bit, is_space as _is_space,
                                       is_space_letters_first as _is_space_lf, set_word_bits)
from ghirbal.linemodel._dates cimport DateCoverage
from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_AsDouble
from cpython.long cimport PyLong_AsLongAndOverflow

cdef extern from "Python.h":
    ctypedef struct _Member "PyMemberDef":
        int type
        Py_ssize_t offset
    ctypedef struct _MemberDescr "PyMemberDescrObject":
        _Member* d_member
    ctypedef struct _Type "PyTypeObject":
        pass
    object _generic_alloc "PyType_GenericAlloc"(_Type* cls, Py_ssize_t n)
    object _gc_new "_PyObject_GC_New"(_Type* cls)  # (not cleared, not tracked by the collector)
    dict _new_dict "_PyDict_NewPresized"(Py_ssize_t n)  # a dict sized for n keys
    PyObject* _set_default "PyDict_SetDefault"(object d, object key, object default) except NULL  # (borrowed)
    void PyObject_GC_UnTrack(void* op)
    const Py_ssize_t PY_SSIZE_T_MAX


# A record made per line (LineFeatures, Line: dataclasses with __slots__, whose generated __init__ only
# stores its arguments) is filled here the way that __init__ fills it, without the Python call: the
# object allocated as object.__new__ allocates it, each argument stored in its field's slot as the
# slot's descriptor stores it. A class this cannot be sure of (not a plain slotted dataclass of `object`,
# a __post_init__, a field not in a slot, a field left out of __init__) is called as it is.
cdef dict _SLOT_OFFSETS = {}  # class -> its fields' slot offsets in __init__'s order, or None
cdef enum:
    _MAX_FIELDS = 16
    _T_OBJECT_EX = 16  # structmember.h: a slot holding an object, AttributeError while unset


# Reading a LineFeatures field: straight from its slot (the class `_slot_offsets` found fillable, its
# fields named as below), else by name (another class, a field deleted).
_FEATURE_FIELDS = ("text", "key", "loose", "words", "end_punct", "cue", "linky", "row", "repeats", "date_share",
                   "template", "site_pages")
cdef enum:
    _TEXT, _KEY, _LOOSE, _WORDS, _END_PUNCT, _CUE, _LINKY, _ROW, _REPEATS, _DATE_SHARE, _TEMPLATE, _SITE_PAGES
cdef object _feats_cls = None
cdef Py_ssize_t _fo[12]


cdef object _fa_by_name(object f, int k):
    return getattr(f, _FEATURE_FIELDS[k])


cdef inline object _fa(object f, int k):
    # (the slot read small enough to be inlined where it is asked; the name lookup out of line)
    cdef PyObject* p
    if type(f) is _feats_cls:
        p = (<PyObject**>((<char*><PyObject*>f) + _fo[k]))[0]
        if p is not NULL:
            return <object>p
    return _fa_by_name(f, k)


cdef object _slot_offsets(object cls):
    """(offsets, defaults) of a class's fields, in __init__'s order (a default is dataclasses.MISSING
    where the field has none), or None when the class is not one to fill directly."""
    found = _SLOT_OFFSETS.get(cls, False)
    if found is not False:
        return found
    found = None
    import dataclasses, types
    init = cls.__dict__.get("__init__")
    if (dataclasses.is_dataclass(cls) and cls.__bases__ == (object,) and type(cls) is type
            and "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__")
            and cls.__new__ is object.__new__ and getattr(init, "__code__", None) is not None
            and init.__code__.co_filename == "<string>"):  # (dataclasses' generated __init__)
        fields = dataclasses.fields(cls)
        if len(fields) <= _MAX_FIELDS and all(f.init for f in fields):
            offsets = []
            for f in fields:
                d = cls.__dict__.get(f.name)
                if type(d) is not types.MemberDescriptorType or (<_MemberDescr*><PyObject*>d).d_member.type != _T_OBJECT_EX:
                    offsets = None
                    break
                offsets.append((<_MemberDescr*><PyObject*>d).d_member.offset)
            if offsets is not None:
                found = (tuple(offsets), tuple(f.default for f in fields))
    _SLOT_OFFSETS[cls] = found
    if found is not None and tuple(f.name for f in fields) == _FEATURE_FIELDS:
        global _feats_cls
        for k in range(12):
            _fo[k] = <Py_ssize_t>(<tuple>(<tuple>found)[0])[k]
        _feats_cls = cls
    return found


cdef inline void _store(object obj, Py_ssize_t offset, object value) noexcept:
    # A fresh object's slot holds NULL: nothing to release.
    Py_INCREF(value)
    (<PyObject**>((<char*><PyObject*>obj) + offset))[0] = <PyObject*>value


def filled(object cls, tuple values):
    """A `cls` holding `values` (one per field, in order), made as `_pages` makes its records: what
    `cls(*values)` makes (tests hold the two equal)."""
    found = _slot_offsets(cls)
    if found is None or len(values) != len(<tuple>(<tuple>found)[0]):
        return cls(*values)
    offsets = (<tuple>found)[0]
    obj = _generic_alloc(<_Type*><PyObject*>cls, 0)
    for k in range(len(values)):
        _store(obj, <Py_ssize_t>(<tuple>offsets)[k], values[k])
    return obj


cdef void _window_mean(const double* values, Py_ssize_t m, Py_ssize_t half, double* csum, double* out) noexcept:
    # rows._window_mean_reference in C, operation for operation: the running sum in order, then
    # (csum[hi] - csum[lo]) - value, divided by the neighbour count.
    cdef Py_ssize_t k, lo, hi
    cdef double count
    csum[0] = 0.0
    for k in range(m):
        csum[k + 1] = csum[k] + values[k]
    for k in range(m):
        lo = k - half if k >= half else 0
        hi = k + half + 1 if k + half + 1 < m else m
        count = <double>(hi - lo - 1)
        out[k] = (csum[hi] - csum[lo] - values[k]) / count if count > 0 else 0.0


def neighbour_columns(double[:, ::1] rows, const Py_ssize_t[::1] idx, Py_ssize_t n, Py_ssize_t c_position,
                      Py_ssize_t c_prev_words, Py_ssize_t c_next_words, Py_ssize_t c_prev_end, Py_ssize_t c_next_end,
                      Py_ssize_t c_window_prose, Py_ssize_t c_window_words, Py_ssize_t c_run_short,
                      Py_ssize_t c_date_share, Py_ssize_t c_near_stamp, int window, double prose_words,
                      double long_words, double short_words):
    """The neighbourhood columns of rows.page_rows over the non-blank lines `idx` (words in column 0,
    sentence end in column 2): what rows._neighbour_columns_reference computes with numpy."""
    cdef Py_ssize_t m = idx.shape[0], k, j, lo, hi
    cdef double w
    cdef bint any_stamp = False, near
    buf = np.empty((6, m + 1), dtype=np.float64)
    cdef double[:, ::1] b = buf
    cdef double* words = &b[0, 0]
    cdef double* flags = &b[1, 0]
    cdef double* csum = &b[2, 0]
    cdef double* out = &b[3, 0]
    cdef double* short = &b[4, 0]
    cdef double* stamps = &b[5, 0]
    for k in range(m):
        j = idx[k]
        w = rows[j, 0]
        words[k] = w
        flags[k] = 1.0 if ((w >= prose_words and rows[j, 2] > 0) or w >= long_words) else 0.0
        short[k] = 1.0 if w <= short_words else 0.0
        stamps[k] = 1.0 if rows[j, c_date_share] >= 0.7 else 0.0
        if stamps[k] > 0:
            any_stamp = True
        rows[j, c_position] = <double>j / <double>n
        rows[j, c_prev_words] = rows[idx[k - 1], 0] if k > 0 else 0.0
        rows[j, c_next_words] = rows[idx[k + 1], 0] if k + 1 < m else 0.0
        rows[j, c_prev_end] = rows[idx[k - 1], 2] if k > 0 else 0.0
        rows[j, c_next_end] = rows[idx[k + 1], 2] if k + 1 < m else 0.0
    _window_mean(flags, m, window, csum, out)
    for k in range(m):
        rows[idx[k], c_window_prose] = out[k]
    _window_mean(words, m, window, csum, out)
    for k in range(m):
        rows[idx[k], c_window_words] = out[k]
    _window_mean(short, m, 2, csum, out)
    for k in range(m):
        rows[idx[k], c_run_short] = out[k]
    if any_stamp:
        for k in range(m):
            # within 2 lines of a stamp (non-blank lines)
            lo = k - 2 if k >= 2 else 0
            hi = k + 3 if k + 3 < m else m
            near = False
            for j in range(lo, hi):
                if stamps[j] > 0:
                    near = True
                    break
            rows[idx[k], c_near_stamp] = 1.0 if near else 0.0


def line_columns(list feats, double[:, ::1] rows, Py_ssize_t c_date_share, Py_ssize_t c_same_start,
                 Py_ssize_t c_has_arabic, Py_ssize_t c_has_latin, Py_ssize_t c_foreign, Py_ssize_t c_repeats_log,
                 bint arabic_page):
    """rows.page_rows' per-line reads compiled (`rows._line_columns_reference`): the non-blank lines'
    indices (returned); every line's date share, whether it opens with the same two words as its
    non-blank neighbour (a line of four words or more) and, when the page has a non-blank line, its
    script's foreign-ness and the log of its repeat count (written into `rows`)."""
    global _log_table
    cdef Py_ssize_t n = len(feats), i, m = 0, prev = -1, cut, span, prev_span = -1, most = 0
    cdef double r
    cdef bint plain = True
    idx = np.empty(n, dtype=np.intp)
    reps = np.empty(n, dtype=np.float64)
    cdef Py_ssize_t[::1] ix = idx
    cdef double[::1] rp = reps
    cdef str key, prev_key = None
    for i in range(n):
        f = feats[i]
        key = _fa(f, _KEY)  # (the fields read from their slots: a generic attribute read costs ~10x)
        rows[i, c_date_share] = _fa(f, _DATE_SHARE)
        r = rp[i] = _as_double(_fa(f, _REPEATS))
        if 0.0 <= r < 1048576.0 and r == <double>(<Py_ssize_t>r):
            if <Py_ssize_t>r > most:
                most = <Py_ssize_t>r
        else:
            plain = False
        if not key:
            continue
        ix[m] = i
        m += 1
        span = -1  # the key's first two words, key[:span], compared in place (no string made)
        if <long>_fa(f, _WORDS) >= 4:
            cut = key.find(" ", key.find(" ") + 1)  # the end of the second word
            span = cut if cut >= 0 else len(key) - 1  # (key[:-1] where it holds no second space)
        if span >= 0 and prev_span == span and _same_span(key, 0, prev_key, 0, span):
            rows[i, c_same_start] = 1.0
            rows[prev, c_same_start] = 1.0
        prev_key, prev_span, prev = key, span, i
    if m == 0:
        return idx[:0]
    # The foreign column and log(max(repeats, 1)): the logs read from numpy's own np.log of the whole
    # numbers (a table grown on demand), so each is the float the reference's np.log gives
    cdef double[::1] logs
    if plain:
        if most >= len(_log_table):
            _log_table = np.log(np.maximum(np.arange(max(most + 1, 2 * len(_log_table)), dtype=np.float64), 1.0))
        logs = _log_table
    for i in range(n):
        if arabic_page:
            rows[i, c_foreign] = 1.0 if rows[i, c_has_arabic] == 0.0 and rows[i, c_has_latin] > 0.0 else 0.0
        else:
            rows[i, c_foreign] = 1.0 if rows[i, c_has_arabic] > 0.0 and rows[i, c_has_latin] == 0.0 else 0.0
        if plain:
            rows[i, c_repeats_log] = logs[<Py_ssize_t>rp[i]]
    if not plain:
        np.asarray(rows)[:, c_repeats_log] = np.log(np.maximum(reps, 1.0))
    return idx[:m]


_log_table = np.log(np.maximum(np.arange(256, dtype=np.float64), 1.0))  # log(max(k, 1)) for whole k


cdef inline double _as_double(object x) except? -1.0:
    # float(x): a whole number below 2**53 in magnitude converted in C (exact, as float() is), without
    # the float object PyFloat_AsDouble makes of an int
    cdef long v
    cdef int overflow
    if type(x) is int:
        v = PyLong_AsLongAndOverflow(x, &overflow)
        if overflow == 0 and -9007199254740992 <= v <= 9007199254740992:
            return <double>v
    return PyFloat_AsDouble(x)


cdef inline uint64_t _pair_hash(uint64_t first, uint64_t second) noexcept:
    return ((first * <uint64_t>0x9E3779B97F4A7C15ULL) ^ second) | 1  # never 0: 0 marks an empty slot


cdef Py_ssize_t _hash_words(const _code_unit* text, Py_ssize_t n, uint64_t* hashes, Py_ssize_t* starts,
                            Py_ssize_t* lengths) noexcept:
    # Each word of a key (a run of non-spaces, as str.split() cuts it): its FNV-1a hash over code points,
    # where it starts and its length, written from hashes[0] / starts[0] / lengths[0]; returns how many.
    cdef Py_ssize_t i, w = 0
    cdef uint64_t h = FNV_BASIS
    cdef bint in_word = False
    cdef Py_UCS4 c
    for i in range(n):
        c = text[i]
        if _is_space_lf(c):
            if in_word:
                hashes[w] = h
                lengths[w] = i - starts[w]
                w += 1
                h, in_word = FNV_BASIS, False
        else:
            if not in_word:
                starts[w] = i
                in_word = True
            h = fnv_step(h, c)
    if in_word:
        hashes[w] = h
        lengths[w] = n - starts[w]
        w += 1
    return w


cdef object _buffer(Py_ssize_t size):
    # A bytearray of `size` bytes, not cleared (its owner writes every byte it reads)
    return PyByteArray_FromStringAndSize(NULL, size if size > 0 else 1)


cdef class PageWords:
    """Every word of a page's keys (str.split()'s words), hashed once: line i's words are
    word0[i]..word0[i+1]-1, each with its FNV-1a hash, its start in the key and its length. The arrays
    live in bytearrays (`parts`: keys, hashes, starts, lengths, word0) so that `_story.StoryWords`
    reads them without a second walk of the story's characters."""
    cdef readonly tuple parts
    cdef list keys
    cdef uint64_t* hashes
    cdef Py_ssize_t* starts
    cdef Py_ssize_t* lengths
    cdef Py_ssize_t* word0
    cdef Py_ssize_t n

    def __cinit__(self, list keys):
        cdef Py_ssize_t i, w = 0, total = 0, m
        cdef int kind
        cdef str key
        self.keys, self.n = keys, len(keys)
        for i in range(self.n):
            total += len(<str>keys[i]) // 2 + 1  # (at most this many words)
        hashes, starts, lengths = _buffer(total * 8), _buffer(total * sizeof(Py_ssize_t)), _buffer(total * sizeof(Py_ssize_t))
        word0 = _buffer((self.n + 1) * sizeof(Py_ssize_t))
        self.hashes = <uint64_t*>PyByteArray_AS_STRING(hashes)
        self.starts = <Py_ssize_t*>PyByteArray_AS_STRING(starts)
        self.lengths = <Py_ssize_t*>PyByteArray_AS_STRING(lengths)
        self.word0 = <Py_ssize_t*>PyByteArray_AS_STRING(word0)
        for i in range(self.n):
            key = <str>keys[i]
            self.word0[i] = w
            kind, m = PyUnicode_KIND(key), len(key)
            if kind == 1:
                w += _hash_words(<const unsigned char*>PyUnicode_DATA(key), m, self.hashes + w, self.starts + w, self.lengths + w)
            elif kind == 2:
                w += _hash_words(<const unsigned short*>PyUnicode_DATA(key), m, self.hashes + w, self.starts + w, self.lengths + w)
            else:
                w += _hash_words(<const Py_UCS4*>PyUnicode_DATA(key), m, self.hashes + w, self.starts + w, self.lengths + w)
        self.word0[self.n] = w
        self.parts = (keys, hashes, starts, lengths, word0)


cdef bint _stands_at(str key, str line, Py_ssize_t at) noexcept:
    # line[at:at + len(key)] == key (the caller has checked that it fits)
    cdef int kk = PyUnicode_KIND(key), lk = PyUnicode_KIND(line)
    cdef const char* kd = <const char*>PyUnicode_DATA(key)
    cdef const char* ld = <const char*>PyUnicode_DATA(line)
    cdef Py_ssize_t i, m = len(key)
    if kk == lk:
        return memcmp(kd, ld + at * lk, m * kk) == 0
    if kk > lk:  # (the kind is the narrowest: the key holds a character the line cannot)
        return False
    for i in range(m):
        if PyUnicode_READ(kk, kd, i) != PyUnicode_READ(lk, ld, at + i):
            return False
    return True


def key_occurrences(list keys, dict holders=None, PageWords words=None):
    """{key: times it stands in the page's keys joined by "\n"} for the keys of four words or more:
    `"\n".join(keys).count(key)` (features.PageKeys._key_occurrences_reference), without a scan of
    the page per key. A key inside another line has its second and third words whole and adjacent
    there (its first and last word may be cut: the characters before its second word and after its
    third are its own), so each place a line holds that pair is the one place the key may start there:
    the key is compared at it, and the places it stands counted as `str.count` counts them (left to
    right, none overlapping the one before; no match spans a line break, so the page's count is the sum
    of its lines'). Every word of the page is hashed once (`words`, the page's PageWords, made here when
    not given), every adjacent pair looked up among the asked keys' inner pairs (64-bit hashes: a
    collision only costs a comparison). `holders`, if given, gets the lines holding each key counted
    more than once, in page order (the others are not looked for inside other lines:
    rows._inside_other_lines)."""
    cdef Py_ssize_t n = len(keys), i, j, a, b, size = 64, s, at, m, q, nasked = 0
    cdef Py_ssize_t shortest = PY_SSIZE_T_MAX  # the shortest key asked about
    cdef uint64_t h
    cdef str key, line
    cdef dict out = {}
    if words is None or words.keys is not keys:
        words = PageWords(keys)
    cdef uint64_t* hashes = words.hashes  # the page's words
    cdef Py_ssize_t* starts = words.starts
    cdef Py_ssize_t* word0 = words.word0  # line i: words word0[i]..word0[i+1]-1
    cdef Py_ssize_t* asked = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # an asked key's line
    cdef Py_ssize_t* count = <Py_ssize_t*>PyMem_Calloc(n + 1, sizeof(Py_ssize_t))  # its occurrences so far
    cdef Py_ssize_t* last = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # the line it last stood in
    cdef Py_ssize_t* end = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # ... and where it ended there
    cdef Py_ssize_t* chain = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # the next asked key of its pair
    cdef Py_ssize_t* first_line = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # the first line holding it
    cdef list held_by = [None] * n  # the lines holding it, once a second one does
    cdef uint64_t* pairs = NULL  # the asked inner pairs, open addressing (0: empty)
    cdef Py_ssize_t* heads = NULL  # each pair's first asked key
    try:
        if asked == NULL or count == NULL or last == NULL or end == NULL or chain == NULL or first_line == NULL:
            raise MemoryError()
        for i in range(n):  # the keys asked about: four words or more
            if word0[i + 1] - word0[i] >= 4:
                asked[nasked] = i
                nasked += 1
                if len(<str>keys[i]) < shortest:
                    shortest = len(<str>keys[i])
        if nasked == 0:
            return out
        while size < 2 * nasked + 2:  # at least twice the pairs: a probe always ends
            size *= 2
        pairs = <uint64_t*>PyMem_Calloc(size, sizeof(uint64_t))
        heads = <Py_ssize_t*>PyMem_Malloc(size * sizeof(Py_ssize_t))
        if pairs == NULL or heads == NULL:
            raise MemoryError()
        m = 0
        for q in range(nasked):  # each distinct key once, chained to the others of its inner pair
            i = asked[q]
            a = word0[i]
            h = _pair_hash(hashes[a + 1], hashes[a + 2])
            s = <Py_ssize_t>((h >> 32) & <uint64_t>(size - 1))
            while pairs[s] != 0 and pairs[s] != h:
                s = (s + 1) & (size - 1)
            if pairs[s] == 0:
                pairs[s] = h
                b = -1
            else:
                b = heads[s]
                while b >= 0 and <str>keys[asked[b]] != <str>keys[i]:  # (a repeated line: asked already)
                    b = chain[b]
                if b >= 0:
                    continue
                b = heads[s]
            asked[m] = i
            last[m] = -1
            chain[m] = b
            heads[s] = m
            m += 1
        nasked = m
        for i in range(n):  # every adjacent pair of every line, looked up among the asked ones
            line = <str>keys[i]
            if len(line) < shortest:  # (holds no asked key: each is longer)
                continue
            for j in range(word0[i], word0[i + 1] - 1):
                h = _pair_hash(hashes[j], hashes[j + 1])
                s = <Py_ssize_t>((h >> 32) & <uint64_t>(size - 1))
                while pairs[s] != 0 and pairs[s] != h:
                    s = (s + 1) & (size - 1)
                if pairs[s] == 0:
                    continue
                q = heads[s]
                while q >= 0:
                    key = <str>keys[asked[q]]
                    at = starts[j] - starts[word0[asked[q]] + 1]  # where the key starts if it stands here
                    if (at >= 0 and at + len(key) <= len(line) and (last[q] != i or at >= end[q])
                            and _stands_at(key, line, at)):
                        count[q] += 1
                        if last[q] != i:
                            if last[q] >= 0 and holders is not None:  # a second line holding it
                                if held_by[q] is None:
                                    held_by[q] = [first_line[q]]
                                (<list>held_by[q]).append(i)
                            else:
                                first_line[q] = i
                            last[q] = i
                        end[q] = at + len(key)
                    q = chain[q]
        for q in range(nasked):
            key = <str>keys[asked[q]]
            out[key] = count[q]
            if holders is not None and count[q] > 1:  # (only those are looked for in other lines)
                holders[key] = held_by[q] if held_by[q] is not None else [first_line[q]]
        return out
    finally:
        PyMem_Free(asked)
        PyMem_Free(count)
        PyMem_Free(last)
        PyMem_Free(end)
        PyMem_Free(chain)
        PyMem_Free(first_line)
        PyMem_Free(pairs)
        PyMem_Free(heads)


def line_features(object cls, list lines, list values):
    """features._line_features_reference compiled: a `cls` (LineFeatures) per line from its text and
    its measured values (key, loose, words, end_punct, cue, linky, row), and its `repeats`: the lines of
    the page with the same key (counted on the first line holding each key: one dict operation a
    line)."""
    cdef Py_ssize_t i, j, n = len(lines)
    cdef dict first_of = _new_dict(n)  # key -> the first line holding it
    cdef list out = []
    cdef tuple v
    cdef Py_ssize_t o[12]
    cdef Py_ssize_t* first = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))  # -1: no key
    cdef Py_ssize_t* count = <Py_ssize_t*>PyMem_Calloc(n + 1, sizeof(Py_ssize_t))  # a first line's count
    if first == NULL or count == NULL:
        PyMem_Free(first)
        PyMem_Free(count)
        raise MemoryError()
    try:
        for i in range(n):
            key = (<tuple>values[i])[0]
            if not _truthy(key):
                first[i] = -1
                continue
            j = <object>_set_default(first_of, key, i)
            first[i] = j
            count[j] += 1
        found = _slot_offsets(cls)
        if found is None or len(<tuple>(<tuple>found)[0]) != 12:
            for i in range(n):
                v = <tuple>values[i]
                f = cls(lines[i], v[0], v[1], v[2], v[3], v[4], v[5], v[6])
                if first[i] >= 0:
                    f.repeats = count[first[i]]
                out.append(f)
            return out
        offsets, defaults = found
        for i in range(12):
            o[i] = <Py_ssize_t>(<tuple>offsets)[i]
        # The fields after the measured values take their defaults (repeats: the count, for a line with a key).
        one, share, template, site_pages = (<tuple>defaults)[8:]
        for i in range(n):
            v = <tuple>values[i]
            f = _generic_alloc(<_Type*><PyObject*>cls, 0)
            _store(f, o[0], lines[i])
            _store(f, o[1], v[0])
            _store(f, o[2], v[1])
            _store(f, o[3], v[2])
            _store(f, o[4], v[3])
            _store(f, o[5], v[4])
            _store(f, o[6], v[5])
            _store(f, o[7], v[6])
            _store(f, o[8], count[first[i]] if first[i] >= 0 else one)
            _store(f, o[9], share)
            _store(f, o[10], template)
            _store(f, o[11], site_pages)
            out.append(f)
        return out
    finally:
        PyMem_Free(first)
        PyMem_Free(count)


cdef inline bint _truthy(object x) except -1:
    # bool(x), a str's without the generic call
    if type(x) is str:
        return PyUnicode_GET_LENGTH(x) != 0
    return bool(x)


def line_starts(list keys):
    """features._line_starts_reference compiled: where each of `keys` starts in the keys joined by
    "\\n" (one offset per key; [0] for none)."""
    cdef Py_ssize_t i, n = len(keys), at = 0
    cdef list out = [0]
    for i in range(n - 1):
        at += len(<str>keys[i]) + 1
        out.append(at)
    return out


def cached_values(dict entries, list lines):
    """features._cached_values_reference compiled: each line's remembered values (None when not
    remembered), and the indices of those not remembered."""
    cdef Py_ssize_t i, n = len(lines)
    cdef list values = [], missing = []
    for i in range(n):
        v = entries.get(lines[i])
        values.append(v)
        if v is None:
            missing.append(i)
    return values, missing


def model_scores(list feats, double[::1] logits, double offset, double cap, double floor, double neg,
                 long cap_words, double div, double cue_score):
    """story.model_scores_reference compiled: a block-search score per line from its log-odds (the
    same operations in the same order: the same floats)."""
    cdef Py_ssize_t i, n = len(feats)
    cdef list out = []
    cdef double z
    cdef long words
    for i in range(n):
        f = feats[i]
        z = logits[i] + offset
        if not _fa(f, _KEY):
            out.append(0.0)
        elif _fa(f, _CUE):
            out.append(min(z * neg, cue_score))
        elif z > 0:
            words = _fa(f, _WORDS)
            out.append(min(z, cap) * (floor + <double>(words if words < cap_words else cap_words) / div))
        else:
            out.append(max(z, -cap) * neg)
    return out


def best_block(list scores):
    """story.best_block_reference compiled: the maximum-sum run of lines (Kadane), trimmed to positive
    lines at its start."""
    cdef Py_ssize_t i, n = len(scores), run_start = 0, start = -1, end = -1
    cdef double best_sum = 0.0, run_sum = 0.0, s
    for i in range(n):
        s = scores[i]
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += s
        if run_sum > best_sum:
            best_sum, start, end = run_sum, run_start, i
    if start < 0:
        return None
    while start < end and <double>scores[start] <= 0:
        start += 1
    return start, end


cdef object _line_cls = None  # the class `_line` last made, and whether it fills it directly
cdef bint _line_direct = False
cdef bint _line_bare = False  # ... and whether its six slots are all an instance holds past its header
cdef Py_ssize_t _line_o[6]


cdef bint _only_slots(object cls, tuple offsets):
    # An instance of `cls` is the object header and these slots, nothing else (no __dict__, no
    # __weakref__, no other slot): filling every one of them leaves no byte of it unwritten.
    cdef Py_ssize_t k, header = object.__basicsize__, n = len(offsets)
    if (cls.__basicsize__ != header + n * sizeof(PyObject*) or cls.__itemsize__ or cls.__dictoffset__
            or cls.__weakrefoffset__):
        return False
    return sorted(offsets) == [header + k * sizeof(PyObject*) for k in range(n)]


cdef inline object _line(object cls, Py_ssize_t i, str text, bint kept, object role, object reason, object detail):
    global _line_cls, _line_direct, _line_bare
    cdef Py_ssize_t k
    if cls is not _line_cls:
        found = _slot_offsets(cls)
        _line_direct = found is not None and len(<tuple>(<tuple>found)[0]) == 6
        _line_bare = _line_direct and _only_slots(cls, <tuple>(<tuple>found)[0])
        if _line_direct:
            for k in range(6):
                _line_o[k] = <Py_ssize_t>(<tuple>(<tuple>found)[0])[k]
        _line_cls = cls
    if not _line_direct:
        return cls(i, text, kept, role, reason, detail)
    # A Line holds an int, strings, a flag and None: no cycle runs through it. Untracked, the page's
    # Lines are not walked by the collection that follows each page (gc.enable in extract).
    if _line_bare:  # (made untracked and uncleared: every slot is written below, before any use)
        f = _gc_new(<_Type*><PyObject*>cls)
    else:
        f = _generic_alloc(<_Type*><PyObject*>cls, 0)
        PyObject_GC_UnTrack(<PyObject*>f)
    _store(f, _line_o[0], i)
    _store(f, _line_o[1], text)
    _store(f, _line_o[2], True if kept else False)
    _store(f, _line_o[3], role)
    _store(f, _line_o[4], reason)
    _store(f, _line_o[5], detail)
    return f


def role_texts(list lines, str role):
    """The texts of the lines whose role is `role`, in order (article._role_texts_reference: the body
    of every page, read from each Line's slots where `_line` fills that class)."""
    cdef list out = []
    cdef PyObject* r
    cdef PyObject* t
    for ln in lines:
        if _line_direct and type(ln) is _line_cls:
            r = (<PyObject**>((<char*><PyObject*>ln) + _line_o[3]))[0]
            t = (<PyObject**>((<char*><PyObject*>ln) + _line_o[1]))[0]
            if r != NULL and t != NULL:
                if <object>r is role or <object>r == role:
                    out.append(<object>t)
                continue
        if ln.role == role:
            out.append(ln.text)
    return out


cdef inline object _role_of(object ln):
    # A Line's role, from its slot where `_line` fills that class
    cdef PyObject* r
    if _line_direct and type(ln) is _line_cls:
        r = (<PyObject**>((<char*><PyObject*>ln) + _line_o[3]))[0]
        if r != NULL:
            return <object>r
    return ln.role


cdef class PrefixGate:
    """byline.has_byline_prefix's gate (`_Lex.no_prefix_re`) for lines with no control mark among their
    first characters: past white space, two characters of `stable` (the second may be white space),
    then one of them, white space or the end, and the first two not a pair of `pairs` (those opening a
    prefix word; byline.prefix_gate_parts). A control mark there, or any other character, is left to
    the regex (`no_prefix` False): the gate says "no prefix" only where the regex does."""
    cdef unsigned char* stable  # a byte per code point below `size`: 1 for a character of `stable`
    cdef Py_ssize_t size
    cdef uint64_t* pairs  # (first << 32 | second) of each opening pair
    cdef Py_ssize_t npairs

    def __cinit__(self, str stable, frozenset pairs):
        cdef Py_UCS4 c
        cdef str p
        self.size = 1 + max([ord(x) for x in stable] or [0])
        self.stable = <unsigned char*>PyMem_Calloc(self.size, 1)
        self.pairs = <uint64_t*>PyMem_Malloc((len(pairs) + 1) * sizeof(uint64_t))
        if self.stable == NULL or self.pairs == NULL:
            raise MemoryError()
        for c in stable:
            self.stable[c] = 1
        self.npairs = 0
        for x in pairs:
            p = <str>x
            if len(p) != 2:
                raise ValueError(f"an opening pair of two characters: {p!r}")
            self.pairs[self.npairs] = (<uint64_t>ord(p[0])) << 32 | <uint64_t>ord(p[1])
            self.npairs += 1

    def __dealloc__(self):
        PyMem_Free(self.stable)
        PyMem_Free(self.pairs)

    cdef inline bint _stable(self, Py_UCS4 c) noexcept:
        return c < <Py_UCS4>self.size and self.stable[c]

    cdef bint no_prefix(self, str text) noexcept:
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t i = 0, n = len(text), k
        cdef Py_UCS4 c1, c2, c3
        cdef uint64_t pair
        while i < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
            i += 1
        if i + 1 >= n:
            return False
        c1 = PyUnicode_READ(kind, data, i)
        c2 = PyUnicode_READ(kind, data, i + 1)
        if not self._stable(c1) or not (self._stable(c2) or Py_UNICODE_ISSPACE(c2)):
            return False
        if i + 2 < n:
            c3 = PyUnicode_READ(kind, data, i + 2)
            if not (self._stable(c3) or Py_UNICODE_ISSPACE(c3)):
                return False
        pair = (<uint64_t>c1) << 32 | <uint64_t>c2
        for k in range(self.npairs):
            if self.pairs[k] == pair:
                return False
        return True

    def __call__(self, str text):
        return self.no_prefix(text)


cdef str _ascii_bits(str chars, uint64_t bits[2]):
    """`chars` below U+0080 set in `bits` (a bit each); the rest of them returned as a string."""
    cdef unsigned int c  # (not Py_UCS4: Cython's >> and & on those make strings)
    bits[0] = bits[1] = 0
    for ch in chars:
        c = ord(ch)
        if c < 0x80:
            bits[c >> 6] |= (<uint64_t>1) << (c & 63)
    return "".join([ch for ch in chars if ord(ch) >= 0x80])


cdef class BylineGate:
    """Lines `byline.parse_byline(line)` (no site name, language or bare name) surely answers None
    for, told in C so that the title and the related lists skip its Python call for them (the
    parse is kept for the rest; `no_byline` False only means "ask it"):
    - one of `marks` (byline._NOT_BYLINE_MARKS: a question or exclamation mark, a quote, "#" or "@"),
      or a decimal digit not in `named_digits` (byline._NAMED_DIGITS: those of the one outlet with a
      digit in its name): the parse turns all those away first;
    - a line of ASCII and Arabic-block characters only (so that its match key is the one the
      agency gate was made for) with none of `splits` (byline._SPLIT_CHARS: dash, tatweel, colon,
      parenthesis, the characters the parse splits a line on: no two sides, no source
      label, no place and agency in parentheses), whose first characters open no prefix
      (`prefix`, has_byline_prefix's gate) and whose key is no agency credit (`agency(key,
      pieces)`, byline.could_be_agency_credit compiled): nothing is left that the parse accepts."""
    cdef PrefixGate prefix
    cdef object agency
    cdef frozenset pieces
    cdef uint64_t ascii_marks[2]  # `marks` below U+0080, a bit each
    cdef str other_marks  # the rest of them
    cdef uint64_t ascii_splits[2]  # `splits` the same way
    cdef str other_splits
    cdef str named_digits

    def __cinit__(self, PrefixGate prefix not None, object agency, frozenset pieces, str marks not None,
                  str splits not None, str named_digits not None):
        self.prefix, self.agency, self.pieces = prefix, agency, pieces
        self.other_marks = _ascii_bits(marks, self.ascii_marks)
        self.other_splits = _ascii_bits(splits, self.ascii_splits)
        self.named_digits = named_digits

    cdef bint no_byline(self, str text, str key) except -1:
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
        cdef Py_UCS4 c
        cdef unsigned int u
        cdef bint plain = True
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            u = <unsigned int>c  # (Cython's >> and & on a Py_UCS4 make strings)
            if ((self.ascii_marks[u >> 6] >> (u & 63)) & 1) if u < 0x80 else _has_char(self.other_marks, c):
                return True
            if Py_UNICODE_ISDECIMAL(c) and not _has_char(self.named_digits, c):
                return True
            if ((((self.ascii_splits[u >> 6] >> (u & 63)) & 1) if u < 0x80 else _has_char(self.other_splits, c))
                    or not (0x20 <= c <= 0x7E or 0x0600 <= c <= 0x06FF)):
                plain = False  # (the scan goes on: a mark further on still settles it)
        if not plain or key is None or not self.prefix.no_prefix(text):
            return False
        return not self.agency(key, self.pieces)

    def __call__(self, str text, str key):
        return self.no_byline(text, key)


cdef bint _is_byline(object byline, BylineGate gate, object f) except -1:
    # `byline(f.text) is not None`, not asked where `gate` tells it is None
    text = _fa(f, _TEXT)
    if gate is not None and gate.no_byline(text, _fa(f, _KEY)):
        return False
    return byline(text) is not None


def byline_candidates(list lines, list feats, Py_ssize_t start, Py_ssize_t lo, Py_ssize_t hi, long most_words,
                      PrefixGate gate=None):
    """article._byline_candidates_reference compiled: lines lo..hi-1 nearest `start` first (the line
    above before the one below), without those that cannot hold an explicit byline. With `gate`,
    without the lines whose first characters it tells open no byline prefix either (those
    has_byline_prefix turns away: no Python call a line for them)."""
    cdef list out = []
    cdef Py_ssize_t d, i, far = max(start - lo, hi - 1 - start)
    for d in range(far + 1):
        i = start - d
        if lo <= i < hi and _may_hold_byline(lines[i], feats[i], most_words) and not _gated(gate, lines[i]):
            out.append(i)
        i = start + d
        if d and lo <= i < hi and _may_hold_byline(lines[i], feats[i], most_words) and not _gated(gate, lines[i]):
            out.append(i)
    return out


cdef inline bint _gated(PrefixGate gate, object ln) except -1:
    # (a line's text is a str: the gate reads it; anything else goes to has_byline_prefix)
    if gate is None:
        return False
    text = ln.text
    return type(text) is str and gate.no_prefix(<str>text)


cdef bint _may_hold_byline(object ln, object f, long most_words) except -1:
    # not (a blank line, over `most_words` words, a title, related or caption line, a body line ending a sentence)
    if not _fa(f, _KEY) or _fa(f, _WORDS) > most_words:
        return False
    role = _role_of(ln)
    if role == "title" or role == "related" or role == "caption" or (role == "body" and _fa(f, _END_PUNCT)):
        return False
    return True


cdef bint _latin_only(str text) noexcept:
    # not f.has_arabic and f.has_latin (features._ARABIC, features._LATIN: letter ranges) in one walk
    cdef Py_UCS4 c
    cdef bint latin = False
    for c in text:
        if (0x0621 <= c <= 0x064A) or (0x0671 <= c <= 0x06D3) or (0x06FA <= c <= 0x06FF):
            return False
        if (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A) or (0xC0 <= c <= 0x24F):
            latin = True
    return latin


def latin_only(str text):
    """Does `text` hold a Latin letter and no Arabic one (`not f.has_arabic and f.has_latin`)?"""
    return _latin_only(text)


cdef enum:
    _SITE_BITS = 1023  # the site-line filter's bits, less one (`hash_bit`): 1024, in 128 bytes


cdef unsigned char _ignore_bits[128]  # url_ignore()'s words' bits, made once for the set last passed
cdef object _ignore_bits_of = None


cdef bint _starts(str whole, str key, Py_ssize_t a, Py_ssize_t b) noexcept:
    # whole.startswith(key[a:b]), without the slice
    cdef int wk = PyUnicode_KIND(whole), kk = PyUnicode_KIND(key)
    cdef void* wd = PyUnicode_DATA(whole)
    cdef void* kd = PyUnicode_DATA(key)
    cdef Py_ssize_t i
    if b - a > PyUnicode_GET_LENGTH(whole):
        return False
    for i in range(b - a):
        if PyUnicode_READ(wk, wd, i) != PyUnicode_READ(kk, kd, a + i):
            return False
    return True


cdef bint _is_site_line(str key, frozenset site_words, str domain_label, frozenset ignore,
                        const unsigned char* bits):
    # lines._is_site_line for a line of at most 8 words (its caller's test). Both of its tests ask every
    # word, so a first word that passes neither decides without splitting the line (most lines).
    # `bits`: the bits of site_words' and ignore's words (`set_word_bits`); a first word whose bit is
    # clear is in neither set, and is no site line unless domain_label starts with it: told without
    # making the word.
    cdef Py_ssize_t a = 0, b, n = len(key)
    cdef int kind = PyUnicode_KIND(key)
    cdef void* data = PyUnicode_DATA(key)
    cdef uint64_t h = FNV_BASIS
    cdef Py_UCS4 c
    cdef str t
    while a < n and _is_space(PyUnicode_READ(kind, data, a)):
        a += 1
    if a < n:
        b = a
        while b < n:
            c = PyUnicode_READ(kind, data, b)
            if _is_space(c):
                break
            h = fnv_step(h, c)
            b += 1
        if not has_word_bit(bits, hash_bit(h, _SITE_BITS)) and not (domain_label and _starts(domain_label, key, a, b)):
            return False
        t = key[a:b]
        if not (site_words and t in site_words) and not (
                domain_label and (t == domain_label or t in ignore or domain_label.startswith(t))):
            return False
    cdef list tokens = key.split()
    cdef bint all_site = True
    if site_words:
        for t in tokens:
            if t not in site_words:
                all_site = False
                break
        if all_site:
            return True
    if domain_label:
        for t in tokens:
            if not (t == domain_label or t in ignore or domain_label.startswith(t)):
                return False
        return True
    return False


cdef enum:
    _IN_TITLE_LINES = 1
    _IN_STAMPS = 2
    _IN_RELATED = 4
    _IN_RELATED_STAMPS = 8


cdef void _mark_lines(unsigned char* mark, Py_ssize_t n, set lines, unsigned char bit) except *:
    # Sets `bit` in the marks of the lines of `lines` (line indices; one outside 0..n-1 is never asked).
    cdef Py_ssize_t j
    if lines is None:
        return
    for x in lines:
        j = x
        if 0 <= j < n:
            mark[j] |= bit


def verdicts(object line_cls, list feats, object title, set title_lines, str title_key, set stamps, Py_ssize_t b0,
             Py_ssize_t b1, list scores, set related_idx, set related_stamps, str site_key, frozenset site_words,
             str domain_label, frozenset ignore, bint arabic_page, long foreign_max, long headline_min,
             long teaser_max, object below_overlap):
    """lines._verdicts_reference compiled: a `line_cls` (Line) per line with its verdict, the same rules
    in the same order."""
    cdef Py_ssize_t i, n = len(feats), t = -1 if title is None else <Py_ssize_t>title
    cdef list lines = []
    cdef str key, text, cue
    cdef long words, template, site_pages
    cdef double score
    cdef bint repeats_title, stamp, headline_like, end_punct
    # The four sets of line indices as one byte of marks per line: `i in s` without an int per line.
    cdef bytearray marks = bytearray(n)
    cdef unsigned char* mark = <unsigned char*>PyByteArray_AS_STRING(marks)
    _mark_lines(mark, n, title_lines, _IN_TITLE_LINES)
    _mark_lines(mark, n, stamps, _IN_STAMPS)
    _mark_lines(mark, n, related_idx, _IN_RELATED)
    _mark_lines(mark, n, related_stamps, _IN_RELATED_STAMPS)
    global _ignore_bits_of
    cdef unsigned char bits[128]
    if _ignore_bits_of is not ignore:
        memset(_ignore_bits, 0, sizeof(_ignore_bits))
        set_word_bits(_ignore_bits, _SITE_BITS, ignore)
        _ignore_bits_of = ignore
    memcpy(bits, _ignore_bits, sizeof(bits))
    set_word_bits(bits, _SITE_BITS, site_words)
    for i in range(n):
        f = feats[i]
        key = _fa(f, _KEY)
        text = _fa(f, _TEXT)
        if not key:
            lines.append(_line(line_cls, i, text, False, None, "blank" if not text else "short-link-like", None))
            continue
        if i == t:
            lines.append(_line(line_cls, i, text, True, "title", None, None))
            continue
        words = _fa(f, _WORDS)
        cue = _fa(f, _CUE)
        template = _fa(f, _TEMPLATE)
        repeats_title = (mark[i] & _IN_TITLE_LINES) != 0 and (key == title_key or len(key.replace(title_key, " ").split()) <= 8)
        stamp = (mark[i] & _IN_STAMPS) != 0
        score = scores[i]  # (a double: the rules compare it with 0, as the reference's float)
        if b0 <= i <= b1:
            end_punct = _fa(f, _END_PUNCT)
            headline_like = (headline_min <= words and not _ends_with_stop(text)
                             and (score <= 0 or (words <= teaser_max and not end_punct)))
            if template:
                lines.append(_line(line_cls, i, text, False, None, "site-template",
                                   f"on {_fa(f, _TEMPLATE)} pages of this site"))
            elif repeats_title:
                lines.append(_line(line_cls, i, text, False, None, "title-repeat", None))
            elif cue:
                lines.append(_line(line_cls, i, text, False, None, cue, None))
            elif headline_like and <long>_fa(f, _SITE_PAGES) > 1 and not end_punct:
                site_pages = _fa(f, _SITE_PAGES)
                lines.append(_line(line_cls, i, text, False, None, "headline-list",
                                   f"also on {site_pages - 1} other pages of this site"))
            elif headline_like and below_overlap(i):
                lines.append(_line(line_cls, i, text, False, None, "headline-list", None))
            elif score > 0:
                lines.append(_line(line_cls, i, text, True, "body", None, None))
            elif mark[i] & _IN_RELATED:
                lines.append(_line(line_cls, i, text, True, "related", None, None))
            elif stamp:
                lines.append(_line(line_cls, i, text, False, None, "date-stamp", None))
            elif _fa(f, _LINKY):
                lines.append(_line(line_cls, i, text, False, None, "short-link-like", None))
            elif arabic_page and words <= foreign_max and _latin_only(text):
                lines.append(_line(line_cls, i, text, False, None, "foreign-chrome", None))
            elif words <= 2 and <long>_fa(f, _REPEATS) > 2:
                lines.append(_line(line_cls, i, text, False, None, "repeated", None))
            else:
                lines.append(_line(line_cls, i, text, True, "body", None, None))
            continue
        if mark[i] & _IN_RELATED:
            lines.append(_line(line_cls, i, text, True, "related", None, None))
        elif template:
            lines.append(_line(line_cls, i, text, False, None, "site-template", f"on {_fa(f, _TEMPLATE)} pages of this site"))
        elif cue:
            lines.append(_line(line_cls, i, text, False, None, cue, None))
        elif repeats_title:
            lines.append(_line(line_cls, i, text, False, None,
                               "breadcrumb" if site_key and site_key in key else "title-repeat", None))
        elif words <= 8 and _is_site_line(key, site_words, domain_label, ignore, bits):
            lines.append(_line(line_cls, i, text, False, None, "site-name", None))
        elif mark[i] & _IN_RELATED_STAMPS or stamp:
            lines.append(_line(line_cls, i, text, False, None, "date-stamp", None))
        elif _fa(f, _LINKY):
            lines.append(_line(line_cls, i, text, False, None, "short-link-like", None))
        elif <long>_fa(f, _REPEATS) > 1:
            lines.append(_line(line_cls, i, text, False, None, "repeated", None))
        elif arabic_page and words <= foreign_max and _latin_only(text):
            lines.append(_line(line_cls, i, text, False, None, "foreign-chrome", None))
        elif words <= 3:
            lines.append(_line(line_cls, i, text, False, None, "menu", None))
        elif score > 0:
            lines.append(_line(line_cls, i, text, False, None, "outside-story", None))
        else:
            lines.append(_line(line_cls, i, text, False, None, "headline-list", None))
    return lines


cdef bint _ends_with_stop(str text) noexcept:
    # text.rstrip().endswith((".", "\u06d4")), without the stripped copy
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = PyUnicode_GET_LENGTH(text) - 1
    cdef Py_UCS4 c
    while i >= 0:
        c = PyUnicode_READ(kind, data, i)
        if not _is_space(c):
            return c == 0x2E or c == 0x06D4
        i -= 1
    return False


cdef inline bint _headline_like(object f, long words, long min_words, long max_words, double stamp_share):
    # related._headline_like
    return (min_words <= words <= max_words and not _fa(f, _CUE) and not _fa(f, _LINKY)
            and not (<double>_fa(f, _DATE_SHARE) >= stamp_share))


cdef Py_ssize_t _stamp_near(list feats, Py_ssize_t j, Py_ssize_t n, double stamp_share) except -2:
    # The stamp of a headline is the next non-blank line (or the one after a teaser dateline); -1: none.
    cdef Py_ssize_t k
    for k in range(j + 1, min(n, j + 5)):
        fk = feats[k]
        if not _fa(fk, _KEY):
            continue
        if <double>_fa(fk, _DATE_SHARE) >= stamp_share:
            return k
        if <long>_fa(fk, _WORDS) > 4:
            return -1
    return -1


def related_lines(list feats, list scores, object title, bint has_block, Py_ssize_t b0, Py_ssize_t b1, str site_key,
                  long min_words, long max_words, double stamp_share, long max_items, object byline,
                  BylineGate no_byline=None):
    """related._find_related_reference compiled: the headlines under read-also headers and the
    date-stamped headline lists (at least two pairs), each with its stamp line or None, by line.
    `byline` (parse_byline, a Python call) is asked only once the page has two stamped candidates
    (with fewer, no list can be made whatever it answers), and not for the lines `no_byline` tells
    it turns away."""
    cdef Py_ssize_t n = len(feats), h, j, k, blanks, items, q, n_cands = 0
    cdef Py_ssize_t t = -1 if title is None else <Py_ssize_t>title
    cdef dict out = {}
    cdef list pairs = []
    cdef long words
    cdef bint has_head = title is not None and has_block and t < b0
    # The lines taken (the title and part 1's headlines: `taken` and `out`'s keys) as a byte a line
    cdef bytearray taken_marks = bytearray(n)
    cdef unsigned char* taken = <unsigned char*>PyByteArray_AS_STRING(taken_marks)
    cdef Py_ssize_t* cands = NULL  # part 2's stamped candidates: line, stamp, byline to ask (0/1)
    if 0 <= t < n:
        taken[t] = 1
    # 1. Read-also headers and the headlines that follow them.
    for h in range(n):
        f = feats[h]
        cue = _fa(f, _CUE)
        if cue is None or <long>_fa(f, _WORDS) > 6 or cue != "read-also":
            continue
        blanks = items = 0
        for j in range(h + 1, n):
            fj = feats[j]
            if not _fa(fj, _KEY):
                blanks += 1
                if blanks > 3:
                    break
                continue
            blanks = 0
            if <double>_fa(fj, _DATE_SHARE) >= stamp_share:
                continue
            sentence = _fa(fj, _END_PUNCT) and _fa(fj, _TEXT).rstrip()[-1:] in ".\u06d4"
            if ((has_block and b0 <= j <= b1 and <double>scores[j] > 0) or sentence
                    or not _headline_like(fj, _fa(fj, _WORDS), min_words, max_words, stamp_share) or taken[j]):
                break
            k = _stamp_near(feats, j, n, stamp_share)
            out[j] = k if k >= 0 else None
            taken[j] = 1
            items += 1
            if items >= max_items:
                break
    # 2. Lists of headline + date stamp pairs (at least two pairs make a list).
    cands = <Py_ssize_t*>PyMem_Malloc((3 * n + 1) * sizeof(Py_ssize_t))
    if cands == NULL:
        raise MemoryError()
    try:
        for j in range(n):
            f = feats[j]
            words = _fa(f, _WORDS)
            if (not min_words <= words <= max_words or taken[j] or <long>_fa(f, _REPEATS) > 2
                    or <double>scores[j] > 0 or not _headline_like(f, words, min_words, max_words, stamp_share)):
                continue
            if words <= 6 and site_key and site_key in _fa(f, _KEY):  # a teaser's "city ـ site" line, not a headline
                continue
            if has_head and t < j < b0:  # the article's own byline and date, not a list
                continue
            k = _stamp_near(feats, j, n, stamp_share)
            if k >= 0:
                cands[3 * n_cands], cands[3 * n_cands + 1], cands[3 * n_cands + 2] = j, k, words <= 8
                n_cands += 1
        if n_cands >= 2:
            for q in range(n_cands):
                j, k = cands[3 * q], cands[3 * q + 1]
                if not (cands[3 * q + 2] and _is_byline(byline, no_byline, feats[j])):
                    pairs.append((j, k))
    finally:
        PyMem_Free(cands)
    if len(pairs) >= 2:
        for j, k in pairs:
            out[j] = k
    return sorted(out.items())


cdef inline bint _same_span(str a, Py_ssize_t a0, str b, Py_ssize_t b0, Py_ssize_t m) noexcept:
    # a[a0:a0+m] == b[b0:b0+m]
    cdef int ak = PyUnicode_KIND(a), bk = PyUnicode_KIND(b)
    cdef void* ad = PyUnicode_DATA(a)
    cdef void* bd = PyUnicode_DATA(b)
    cdef Py_ssize_t i
    for i in range(m):
        if PyUnicode_READ(ak, ad, a0 + i) != PyUnicode_READ(bk, bd, b0 + i):
            return False
    return True


cdef class _SpanSet:
    """The words of some keys (str.split()'s words) as an open-addressing set of FNV-1a hashes, each
    slot naming its word by key and span (compared in full on a hash hit: a collision never counts):
    `t in set(" ".join(keys).split())` without making a string per word."""
    cdef uint64_t* hashes
    cdef Py_ssize_t* spans  # key index, start, length per slot
    cdef Py_ssize_t size
    cdef list keys
    cdef Py_ssize_t count  # distinct words

    def __cinit__(self, list keys, PageWords words=None, Py_ssize_t first=0):
        # `words`: the page's words hashed, keys[i] being its line first + i (each checked): the words
        # are read from there, not walked again
        cdef Py_ssize_t most = 1, i, j, n, start, w
        cdef uint64_t h
        cdef str key
        cdef int kind
        cdef void* data
        cdef Py_UCS4 c
        cdef bint hashed = words is not None and first >= 0 and first + len(keys) <= words.n
        self.keys = keys
        self.count = 0
        for i in range(len(keys)):
            key = <str>keys[i]
            if hashed and words.keys[first + i] is not key:
                hashed = False
            most += (len(key) + 1) // 2
        if hashed:  # (the table sized for the words there are)
            most = words.word0[first + len(keys)] - words.word0[first] + 1
        self.size = 64
        while self.size < 2 * most:  # at most half full: a probe always ends
            self.size *= 2
        self.hashes = <uint64_t*>PyMem_Calloc(self.size, sizeof(uint64_t))  # 0: an empty slot
        # (read only where a hash is set: left as allocated, the table's largest part is not cleared)
        self.spans = <Py_ssize_t*>PyMem_Malloc(3 * self.size * sizeof(Py_ssize_t))
        if self.hashes == NULL or self.spans == NULL:
            raise MemoryError()
        if hashed:
            for i in range(len(keys)):
                for w in range(words.word0[first + i], words.word0[first + i + 1]):
                    self._add(words.hashes[w] | 1, i, words.starts[w], words.lengths[w])
            return
        for i in range(len(keys)):
            key = <str>keys[i]
            kind = PyUnicode_KIND(key)
            data = PyUnicode_DATA(key)
            n = len(key)
            start = -1
            h = FNV_BASIS
            for j in range(n + 1):
                c = PyUnicode_READ(kind, data, j) if j < n else 0x20
                if _is_space_lf(c):
                    if start >= 0:
                        self._add(h | 1, i, start, j - start)
                        start = -1
                else:
                    if start < 0:
                        start, h = j, FNV_BASIS
                    h = fnv_step(h, c)

    def __dealloc__(self):
        PyMem_Free(self.hashes)
        PyMem_Free(self.spans)

    cdef void _add(self, uint64_t h, Py_ssize_t key_i, Py_ssize_t start, Py_ssize_t m) noexcept:
        cdef Py_ssize_t s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
        cdef str key = <str>self.keys[key_i]
        while self.hashes[s] != 0:
            if (self.hashes[s] == h and self.spans[3 * s + 2] == m
                    and _same_span(<str>self.keys[self.spans[3 * s]], self.spans[3 * s + 1], key, start, m)):
                return
            s = (s + 1) & (self.size - 1)
        self.hashes[s] = h
        self.spans[3 * s] = key_i
        self.spans[3 * s + 1] = start
        self.spans[3 * s + 2] = m
        self.count += 1

    cdef bint has(self, uint64_t h, str text, Py_ssize_t start, Py_ssize_t m) noexcept:
        # Is text[start:start+m] (its hash `h`) one of the words?
        cdef Py_ssize_t s = <Py_ssize_t>(h & <uint64_t>(self.size - 1))
        while self.hashes[s] != 0:
            if (self.hashes[s] == h and self.spans[3 * s + 2] == m
                    and _same_span(<str>self.keys[self.spans[3 * s]], self.spans[3 * s + 1], text, start, m)):
                return True
            s = (s + 1) & (self.size - 1)
        return False


cdef _SpanSet _slug_words(frozenset slug):
    # The slug's words as a `_SpanSet`: those holding white space (or empty) can equal no word of a
    # key, so they are left out (a `_SpanSet` would split them into words that are not the slug's).
    cdef list single = []
    cdef str w
    cdef Py_ssize_t j
    cdef bint one
    for x in slug:
        if not isinstance(x, str):
            continue
        w = <str>x
        one = len(w) > 0
        for j in range(len(w)):
            if _is_space(PyUnicode_READ(PyUnicode_KIND(w), PyUnicode_DATA(w), j)):
                one = False
                break
        if one:
            single.append(w)
    return _SpanSet(single)


cdef void _title_words(str k, _SpanSet story, bint story_on, _SpanSet slug, bint slug_on,
                       Py_ssize_t* counts) except *:
    # The key's words of three characters or more that are not all digits (str.isdigit): counted, and
    # those among the story's words and in the slug (`[t for t in k.split() if len(t) > 2 and not
    # t.isdigit()]` and its two look-ups in title._best_title_reference), walked in place.
    cdef int kind = PyUnicode_KIND(k)
    cdef void* data = PyUnicode_DATA(k)
    cdef Py_ssize_t q, a = -1, m = len(k)
    cdef uint64_t h = FNV_BASIS
    cdef bint digits = True
    cdef Py_UCS4 c
    counts[0] = counts[1] = counts[2] = 0
    for q in range(m + 1):
        c = PyUnicode_READ(kind, data, q) if q < m else 0x20
        if _is_space_lf(c):
            if a >= 0:
                if q - a > 2 and not digits:
                    counts[0] += 1
                    if story_on:
                        counts[1] += story.has(h | 1, k, a, q - a)
                    if slug_on:
                        counts[2] += slug.has(h | 1, k, a, q - a)
                a = -1
        else:
            if a < 0:
                a, h, digits = q, FNV_BASIS, True
            h = fnv_step(h, c)
            digits = digits and Py_UNICODE_ISDIGIT(c)


def title_words(list story_keys, str key, frozenset slug):
    """(the key's words of three characters or more, not all digits; those among the words of
    `story_keys`; those in `slug`): what `title_line` counts for a candidate (tests hold it to the
    reference's expressions)."""
    cdef Py_ssize_t counts[3]
    cdef _SpanSet story = _SpanSet(story_keys)
    _title_words(key, story, story.count > 0, _slug_words(slug), True, counts)
    return counts[0], counts[1], counts[2]


cdef struct _Candidate:
    double top  # its score were it repeated the most the score counts (or the least, if that scores more)
    double in_slug, overlap, shortness
    Py_ssize_t i, distance
    long w


cdef int _by_top(const void* a, const void* b) noexcept nogil:
    # the highest bound first, then page order
    cdef const _Candidate* x = <const _Candidate*>a
    cdef const _Candidate* y = <const _Candidate*>b
    if x.top > y.top:
        return -1
    if x.top < y.top:
        return 1
    return -1 if x.i < y.i else (1 if x.i > y.i else 0)


cdef inline double _title_score(long repeats, double w_repeats, double shortness, double w_slug, double in_slug,
                                double w_story, double overlap, double near, long w, Py_ssize_t distance) noexcept:
    # the reference's score, its terms added in the same order (the same float)
    return (<double>repeats * w_repeats * shortness
            + w_slug * in_slug
            + w_story * overlap
            + near
            + <double>(w if w < 12 else 12) / 12.0
            - <double>distance / 1000.0)


def title_line(list feats, Py_ssize_t lo, Py_ssize_t limit, bint has_block, Py_ssize_t b0, Py_ssize_t b1,
               long min_words, long max_words, double stamp_share, double share, long near_lines, double w_repeats,
               double w_slug, double w_story, double w_near, frozenset slug, object occurrences_of,
               object lines_containing, object byline, PageCounts page=None, BylineGate no_byline=None):
    """title._best_title_reference compiled: the best-scoring headline candidate among lines
    lo..limit-1, or None (the same terms added in the same order: the same floats). The story's words
    are a `_SpanSet` and a candidate's words are walked in place (no string per word, but for the
    slug's test; with `page`, the page's PageCounts, the story's words are read from its hashed words).
    A candidate's repeats on the page (a count of its key in the page, and the lines holding it) are
    asked last, in the order of the score they could give at most: once a candidate scores more than
    another could, that one is not asked (the reference's pick: the first line of the best score whose
    text is no byline, the bound and the score monotone in each float step). `byline` (parse_byline)
    is not asked for the lines `no_byline` tells it turns away."""
    cdef _SpanSet story = _SpanSet([_fa(feats[j], _KEY) for j in range(b0, min(b1 + 1, b0 + 40))] if has_block
                                   else [], page._page_words() if page is not None and has_block else None, b0)
    cdef bint story_on = story.count > 0
    cdef Py_ssize_t i, j, q, n = 0, distance, n_tokens, n_story, n_slug, holders, best = -1
    cdef Py_ssize_t counts[3]
    cdef long w, occurrences
    cdef double score, best_score = -1.0, overlap, in_slug, shortness, near
    cdef bint slug_on = len(slug) >= 2
    cdef _SpanSet slug_words = _slug_words(slug) if slug_on else None
    cdef _Candidate* c
    cdef _Candidate* cands = <_Candidate*>PyMem_Malloc((limit - lo if limit > lo else 1) * sizeof(_Candidate))
    if cands == NULL:
        raise MemoryError()
    try:
        for i in range(lo, limit):  # the candidates and the terms that need no page count
            f = feats[i]
            w = _fa(f, _WORDS)
            if not (min_words <= w <= max_words) or _fa(f, _CUE) or _fa(f, _LINKY) or _fa(f, _TEMPLATE):
                continue
            if <double>_fa(f, _DATE_SHARE) >= stamp_share or (_fa(f, _END_PUNCT) and w > 12 and occurrences_of(f) < 2):
                continue
            distance = limit - i
            shortness = <double>(w if w < 6 else 6) / 6.0
            _title_words(_fa(f, _KEY), story, story_on, slug_words, slug_on, counts)
            n_tokens, n_story, n_slug = counts[0], counts[1], counts[2]
            overlap = 0.0
            if n_tokens and story_on:
                overlap = <double>n_story / <double>n_tokens * <double>(n_tokens if n_tokens < 5 else 5) / 5.0
            in_slug = 0.0
            if n_tokens and slug_on:
                in_slug = min(1.0, <double>n_slug / <double>min(n_tokens, len(slug)))
            near = w_near if distance <= near_lines else 0.0
            c = &cands[n]
            c.i, c.w, c.distance, c.shortness, c.overlap, c.in_slug = i, w, distance, shortness, overlap, in_slug
            c.top = max(_title_score(0, w_repeats, shortness, w_slug, in_slug, w_story, overlap, near, w, distance),
                        _title_score(3, w_repeats, shortness, w_slug, in_slug, w_story, overlap, near, w, distance))
            n += 1
        qsort(cands, n, sizeof(_Candidate), _by_top)
        for q in range(n):
            c = &cands[q]
            if (c.top < best_score or (c.top == best_score and c.i > best)) if best >= 0 else not (c.top > -1.0):
                break  # (neither this one nor any after it can be picked)
            i, w = c.i, c.w
            f = feats[i]
            k = _fa(f, _KEY)
            occurrences = _fa(f, _REPEATS)
            if occurrences_of(f) > occurrences:  # also inside other lines: count those the line is most of
                holders = 0
                for j in lines_containing(k):
                    if j != i and <double>w >= share * <double>(<long>_fa(feats[j], _WORDS)):
                        holders += 1
                occurrences = 1 + holders
            score = _title_score(occurrences - 1 if occurrences - 1 < 3 else 3, w_repeats, c.shortness, w_slug,
                                 c.in_slug, w_story, c.overlap, w_near if c.distance <= near_lines else 0.0, w,
                                 c.distance)
            if ((score > best_score or (best >= 0 and score == best_score and i < best))
                    and not (w <= 8 and _is_byline(byline, no_byline, f))):
                best, best_score = i, score
    finally:
        PyMem_Free(cands)
    return best if best >= 0 else None


def inside_other_lines(list feats, str text, dict counts, object occurrences_of, object line_of,
                       PageCounts page=None):
    """rows._inside_other_lines_reference compiled: {line of 4 to 30 words whose key stands in the
    page (`text`, the keys joined) more often than the line repeats: the other lines holding it, at
    most 8}. With `page` (the PageCounts whose `counts` these are), a key's occurrences are looked for
    only in the lines `key_occurrences` found holding it (in page order), not in the whole page."""
    cdef Py_ssize_t i, j, at, n = len(feats)
    cdef long words
    cdef str key, other
    cdef dict out = {}, holders = page._holders if page is not None else None
    cdef list found
    cdef object held
    for i in range(n):
        f = feats[i]
        words = _fa(f, _WORDS)
        if words < 4 or words > 30:
            continue
        key = _fa(f, _KEY)
        c = counts.get(key)
        if (c if c is not None else occurrences_of(f)) <= _fa(f, _REPEATS):
            continue
        found = []
        held = holders.get(key) if holders is not None else None
        if held is not None:
            # Each occurrence in the joined text lies inside one line, so walking the holding lines'
            # occurrences in order (overlapping ones too, as find(key, at + 1) does) finds the same.
            for x in <list>held:
                j = x
                other = <str>_fa(feats[j], _KEY)
                at = other.find(key)
                while at != -1 and len(found) < 8:
                    if j != i and other != key:
                        found.append(j)
                    at = other.find(key, at + 1)
                if len(found) >= 8:
                    break
        else:
            at = text.find(key)
            while at != -1 and len(found) < 8:
                j = line_of(at)
                if j != i and (<str>(_fa(feats[j], _KEY))) != key:
                    found.append(j)
                at = text.find(key, at + 1)
        if found:
            out[i] = found
    return out


def page_marks(list feats, double stamp_share):
    """lines._page_marks_reference compiled: does any line carry a template count, does any carry a
    count of this site's pages, and the date-stamp lines (a date share, at least `stamp_share`)."""
    cdef Py_ssize_t i, n = len(feats)
    cdef bint template = False, site_pages = False
    cdef set stamps = set()
    for i in range(n):
        f = feats[i]
        if not template and _fa(f, _TEMPLATE):
            template = True
        if not site_pages and _fa(f, _SITE_PAGES):
            site_pages = True
        share = _fa(f, _DATE_SHARE)
        if share and <double>share >= stamp_share:
            stamps.add(i)
    return template, site_pages, stamps


def head_lines(list feats, double lo, double hi, object occurrences_of):
    """story._head_lines_reference compiled: the lines of headline length (`lo`..`hi` words), no cue,
    not link-like, that the page shows twice or more (`occurrences_of(f)` asked only past `repeats`)."""
    cdef Py_ssize_t i, n = len(feats)
    cdef long words
    cdef list out = []
    for i in range(n):
        f = feats[i]
        words = _fa(f, _WORDS)
        if (lo <= words <= hi and not _fa(f, _CUE) and not _fa(f, _LINKY)
                and (<long>_fa(f, _REPEATS) >= 2 or occurrences_of(f) >= 2)):
            out.append(i)
    return out


def list_after_headers(list feats, list scores, double max_items, double max_words, double min_words, object short):
    """story._list_after_headers_reference compiled: the headline-shaped lines after a read-also header
    score at most `short` (in `scores`)."""
    cdef Py_ssize_t i, j, n = len(feats)
    cdef long taken, words
    for i in range(n):
        cue = _fa(feats[i], _CUE)
        if cue is None or cue != "read-also":
            continue
        taken, j = 0, i + 1
        while j < n and taken < max_items:
            g = feats[j]
            if _fa(g, _KEY):
                words = _fa(g, _WORDS)
                if _fa(g, _END_PUNCT) or words > max_words or words < min_words:
                    if not (_fa(g, _DATE_SHARE) or _fa(g, _CUE) or _fa(g, _LINKY)):
                        break
                else:
                    scores[j] = min(scores[j], short)
                    taken += 1
            j += 1


def mark_dates(list feats, dict shares, long max_words, Py_ssize_t cache_lines, object coverage):
    """lines._mark_dates_reference compiled: each short line's date share, remembered by its text in
    `shares` (cleared when it holds `cache_lines`), measured by `coverage` when not remembered (the
    compiled DateCoverage is called in C, a line not remembered costing no Python call)."""
    cdef Py_ssize_t i, n = len(feats)
    cdef PyObject* old
    cdef PyObject** slot
    cdef DateCoverage compiled = coverage if type(coverage) is DateCoverage else None
    cdef bint nonzero
    for i in range(n):
        f = feats[i]
        key = _fa(f, _KEY)
        # (a str key's truth read as its length, without PyObject_IsTrue)
        if (PyUnicode_GET_LENGTH(<str>key) != 0 if type(key) is str else key) and <long>_fa(f, _WORDS) <= max_words:
            text = _fa(f, _TEXT)
            share = shares.get(text)
            if share is None:
                share = compiled.share(text) if compiled is not None else coverage(text)
                if len(shares) >= cache_lines:
                    shares.clear()
                shares[text] = share
            # (a float's truth read in C, without PyObject_IsTrue)
            nonzero = PyFloat_AS_DOUBLE(share) != 0.0 if type(share) is float else share
            if nonzero:
                if type(f) is _feats_cls:
                    slot = <PyObject**>((<char*><PyObject*>f) + _fo[_DATE_SHARE])
                    old = slot[0]
                    Py_INCREF(share)
                    slot[0] = <PyObject*>share
                    Py_XDECREF(old)
                else:
                    f.date_share = share


cdef class PageCounts:
    """features.PageKeys compiled (`PageKeys` takes its methods from it while the compiled core is
    active): the page's keys joined by "\\n" (`text`, None past the page's size limit), where each
    starts, and the counts of the keys asked about. Its methods return what PageKeys's Python methods
    return, in C, without a Python frame per call (the story, the title and the model's rows ask about
    tens of lines a page)."""
    cdef readonly object text
    cdef readonly list keys
    cdef dict _counts
    cdef dict _holders  # key -> the lines holding it, for the keys counted more than once (key_occurrences'), for inside_other_lines
    cdef PageWords _words  # the page's words hashed, made on first use
    cdef Py_ssize_t* _starts
    cdef Py_ssize_t _n
    cdef bint _all_counted

    def __cinit__(self, list feats, Py_ssize_t max_chars):
        cdef Py_ssize_t i
        cdef list keys = [_fa(feats[i], _KEY) for i in range(len(feats))]
        joined = "\n".join(keys)
        self.keys = keys
        self.text = joined if len(<str>joined) <= max_chars else None
        self._counts = {}
        self._holders = {}
        self._starts = NULL
        self._n = len(keys)
        self._all_counted = False
        self._words = None

    def __dealloc__(self):
        PyMem_Free(self._starts)

    cdef int _make_starts(self) except -1:
        cdef Py_ssize_t i, at = 0
        self._starts = <Py_ssize_t*>PyMem_Malloc((self._n + 1) * sizeof(Py_ssize_t))
        if self._starts == NULL:
            raise MemoryError()
        self._starts[0] = 0
        for i in range(self._n - 1):
            at += len(<str>self.keys[i]) + 1
            self._starts[i + 1] = at
        return 0

    cdef Py_ssize_t _line_of(self, Py_ssize_t offset) except -2:
        # bisect_right(starts, offset) - 1 (starts of the keys; [0] for a page of no key)
        cdef Py_ssize_t lo = 0, hi = self._n if self._n > 0 else 1, mid
        if self._starts == NULL:
            self._make_starts()
        while lo < hi:
            mid = (lo + hi) >> 1
            if offset < self._starts[mid]:
                hi = mid
            else:
                lo = mid + 1
        return lo - 1

    def line_of(self, Py_ssize_t offset):
        return self._line_of(offset)

    cdef set _containing(self, str needle):
        cdef set out = set()
        cdef Py_ssize_t at, line, most
        cdef str text
        if self.text is None:
            if needle:
                for line in range(self._n):
                    if needle in <str>self.keys[line]:
                        out.add(line)
            return out
        text = <str>self.text
        at = text.find(needle) if needle else -1
        # A needle counted already (`_counts`: its str.count in `text`) stands in at most that many
        # lines, each holding it once or more: the scan ends at the last of them, not at the page's end.
        known = self._counts.get(needle) if at != -1 else None
        most = <Py_ssize_t>known if known is not None else PY_SSIZE_T_MAX
        while at != -1:
            line = self._line_of(at)
            out.add(line)
            if len(out) >= most:
                break
            at = text.find(needle, self._starts[line] + len(<str>self.keys[line]) + 1)
        return out

    def lines_containing(self, str needle):
        return self._containing(needle)

    cdef object _occurrences(self, object f):
        cdef str key
        if self.text is None:
            return _fa(f, _REPEATS)
        key = _fa(f, _KEY)
        if not key:
            return _fa(f, _REPEATS)
        n = self._counts.get(key)
        if n is None:
            if <long>_fa(f, _WORDS) >= 4 and not self._all_counted:
                n = self._counted().get(key)
                if n is not None:
                    return n
            n = (<str>self.text).count(key)
            self._counts[key] = n
        return n

    def occurrences(self, f):
        return self._occurrences(f)

    cdef dict _counted(self):
        if self.text is not None and not self._all_counted:
            self._all_counted = True
            self._counts.update(key_occurrences(self.keys, self._holders, self._page_words()))
        return self._counts

    cdef PageWords _page_words(self):
        if self._words is None:
            self._words = PageWords(self.keys)
        return self._words

    def word_index(self):
        """The page's words hashed (`PageWords.parts`: keys, hashes, starts, lengths, word0), for
        `_story.StoryWords`; made once a page (the key counts make it too)."""
        return self._page_words().parts

    def counts(self):
        return self._counted()


def static_buffer(list feats, bytes zero_context):
    """`bytearray(zero_context).join([f.row for f in feats] + [b""])` (rows.page_rows): each line's
    static row then the zero context columns, in one writable buffer, written in one pass."""
    cdef Py_ssize_t i, n = len(feats), total = 0, at = 0, z = len(zero_context)
    cdef list statics = [_fa(feats[i], _ROW) for i in range(n)]
    for i in range(n):
        if type(statics[i]) is not bytes:  # (a row of another type: joined as the reference joins it)
            statics.append(b"")
            return bytearray(zero_context).join(statics)
        total += len(<bytes>statics[i]) + z
    out = PyByteArray_FromStringAndSize(NULL, total)  # (not zeroed: every byte is written below)
    cdef char* buf = PyByteArray_AS_STRING(out)
    cdef const char* zc = zero_context
    for i in range(n):
        row = <bytes>statics[i]
        memcpy(buf + at, <const char*>row, len(row))
        at += len(row)
        memcpy(buf + at, zc, z)
        at += z
    return out


def slug_shares(list feats, double[:, ::1] rows, Py_ssize_t col, frozenset slug, PageCounts counts):
    """rows.page_rows's slug column (`_share_in` of each line of at most 30 words whose key holds a
    slug word), the lines found by `counts` (a page whose keys are joined: `counts.text` not None). A
    line's share is its words that are slug words (each looked up in a `_SpanSet` of the slug's words,
    each a word of str.split(): a span of its own) over its words, read from the page's hashed words
    (`PageWords`): a line holding a slug word only inside a longer word shares none, and its column
    stays 0.0 as the reference's share of 0 leaves it."""
    cdef Py_ssize_t i, w, a, b, hits
    cdef str key
    cdef _SpanSet slug_words = _SpanSet(list(slug))
    cdef PageWords words = counts._page_words()
    cdef uint64_t* hashes = words.hashes
    cdef Py_ssize_t* starts = words.starts
    cdef Py_ssize_t* lengths = words.lengths
    if slug_words.count == 0:
        return
    for i in range(words.n):
        a, b = words.word0[i], words.word0[i + 1]
        if a == b:  # (a blank line)
            continue
        key = <str>words.keys[i]
        hits = 0
        for w in range(a, b):
            hits += slug_words.has(hashes[w] | 1, key, starts[w], lengths[w])
        if hits and <long>_fa(feats[i], _WORDS) <= 30:
            rows[i, col] = <double>hits / <double>(b - a)


def store_values(list values, list missing, list fresh, list lines, dict entries, Py_ssize_t max_lines):
    """features.measure_page's loop over the lines just measured, compiled: each one's values put in
    `values` and remembered by its text in `entries` (LineCache.put: cleared when it holds `max_lines`)."""
    cdef Py_ssize_t k, i
    for k in range(min(len(missing), len(fresh))):
        i = missing[k]
        v = fresh[k]
        values[i] = v
        if len(entries) >= max_lines:
            entries.clear()
        entries[lines[i]] = v
        if _atomic(v):
            # The cycle collector would untrack such a tuple at its first pass (it holds no container),
            # after walking it: every line of a cold page is one, kept for many pages.
            PyObject_GC_UnTrack(<PyObject*>v)


cdef bint _atomic(object v) noexcept:
    # A tuple of strings, numbers, flags, bytes and None only.
    if type(v) is not tuple:
        return False
    for x in <tuple>v:
        t = type(x)
        if not (x is None or t is str or t is int or t is bool or t is bytes or t is float):
            return False
    return True

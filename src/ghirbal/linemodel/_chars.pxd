# Character classes shared by the compiled text-path modules (cimported; inline, nothing to link).
# They follow Python's str methods, as `re` does on str: \s is str.isspace, \w is str.isalnum or "_".

from cpython.unicode cimport Py_UNICODE_ISSPACE, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ
from libc.stdint cimport uint64_t
from libc.string cimport memcpy


cdef inline bint is_space(Py_UCS4 c) noexcept:
    """str.isspace. The common cases without a branch (text alternates letters and spaces: a branch
    per character would be mispredicted at every word); no character from U+00A1 to U+167F is a space
    (the Arabic block among them), so Arabic text never reaches the Unicode table."""
    cdef unsigned int u = <unsigned int>c  # (unsigned: u - 9 < 5 is 9 <= u <= 13, no second comparison)
    cdef bint common = (u == 0x20) | (u - 0x09 < 5) | (u - 0x1C < 4) | (u == 0x85) | (u == 0xA0)
    return common or (u >= 0x1680 and u <= 0x3000 and Py_UNICODE_ISSPACE(c))


cdef inline bint is_space_letters_first(Py_UCS4 c) noexcept:
    """is_space, for the walks over a key's letters: U+0021..U+0084 and U+00A1..U+167F (the ASCII
    letters and the Arabic block among them), where no space lies, are told by one comparison each;
    any other character is asked of is_space."""
    cdef unsigned int u = <unsigned int>c
    if u - 0x21 < 0x64 or u - 0xA1 < 0x15DF:
        return False
    return is_space(c)


cdef inline bint has_char(str chars, Py_UCS4 c) noexcept:
    """`c in chars` for a short string of characters (a few marks, a script's letters): no set made."""
    cdef Py_ssize_t i
    cdef int kind = PyUnicode_KIND(chars)
    cdef void* data = PyUnicode_DATA(chars)
    for i in range(PyUnicode_GET_LENGTH(chars)):
        if PyUnicode_READ(kind, data, i) == c:
            return True
    return False


ctypedef fused code_unit:  # a str's characters as its kind stores them (PyUnicode_1BYTE_KIND, 2BYTE, 4BYTE)
    unsigned char
    unsigned short
    Py_UCS4


# FNV-1a over code points: the one word hash of the compiled modules (a word's hash is fnv_step of each
# of its characters in turn, from FNV_BASIS; tables compare the word itself on a hash hit).
cdef extern from *:
    """
    #define GHIRBAL_FNV_BASIS 14695981039346656037ULL
    """
    unsigned long long FNV_BASIS "GHIRBAL_FNV_BASIS"


cdef inline unsigned long long fnv_step(unsigned long long h, Py_UCS4 c) noexcept:
    return (h ^ <unsigned long long>c) * 1099511628211ULL


cdef inline unsigned long long fnv_str(str s):
    """The hash of a whole word (`fnv_step` over its characters, from FNV_BASIS)."""
    cdef unsigned long long h = FNV_BASIS
    cdef Py_UCS4 c
    for c in s:
        h = fnv_step(h, c)
    return h


# Bit filters of words: a bit per word's hash among mask + 1 (a power of two). A word whose bit is clear
# is in none of the words the filter was made of; one whose bit is set is then looked up (a collision
# only costs that look-up).
cdef inline unsigned int hash_bit(unsigned long long h, unsigned int mask) noexcept:
    return <unsigned int>((h ^ (h >> 32)) & mask)


cdef inline int set_word_bits(unsigned char* bits, unsigned int mask, words) except -1:
    """Sets in `bits` (mask + 1 bits) the bit of each word (str) of `words` (None: none)."""
    cdef unsigned int b
    if words is not None:
        for w in words:
            b = hash_bit(fnv_str(<str?>w), mask)
            bits[b >> 3] |= <unsigned char>(1 << (b & 7))
    return 0


cdef inline bint has_word_bit(const unsigned char* bits, unsigned int b) noexcept:
    return (bits[b >> 3] >> (b & 7)) & 1


cdef inline Py_ssize_t utf8_count(const unsigned char *p, size_t n) noexcept nogil:
    """The characters of `p[:n]` when Python's UTF-8 decoder takes it without an error (no overlong
    forms, surrogates, code points above U+10FFFF or cut sequences: Unicode's table of well-formed
    byte sequences), else -1. ASCII is skipped 32 bytes at a time, then eight."""
    cdef size_t i = 0
    cdef Py_ssize_t count = 0
    cdef uint64_t w, w1, w2, w3
    cdef unsigned char c, c1
    while i < n:
        while i + 32 <= n:
            memcpy(&w, p + i, 8)
            memcpy(&w1, p + i + 8, 8)
            memcpy(&w2, p + i + 16, 8)
            memcpy(&w3, p + i + 24, 8)
            if (w | w1 | w2 | w3) & 0x8080808080808080ULL:
                break
            i += 32
            count += 32
        while i + 8 <= n:
            memcpy(&w, p + i, 8)
            if w & 0x8080808080808080ULL:
                break
            i += 8
            count += 8
        if i >= n:
            break
        c = p[i]
        count += 1
        if c < 0x80:
            i += 1
        elif c < 0xC2:
            return -1
        elif c < 0xE0:
            if i + 1 >= n or (p[i + 1] & 0xC0) != 0x80:
                return -1
            i += 2
        elif c < 0xF0:
            if i + 2 >= n:
                return -1
            c1 = p[i + 1]
            if (c1 & 0xC0) != 0x80 or (p[i + 2] & 0xC0) != 0x80:
                return -1
            if (c == 0xE0 and c1 < 0xA0) or (c == 0xED and c1 >= 0xA0):
                return -1
            i += 3
        elif c < 0xF5:
            if i + 3 >= n:
                return -1
            c1 = p[i + 1]
            if (c1 & 0xC0) != 0x80 or (p[i + 2] & 0xC0) != 0x80 or (p[i + 3] & 0xC0) != 0x80:
                return -1
            if (c == 0xF0 and c1 < 0x90) or (c == 0xF4 and c1 >= 0x90):
                return -1
            i += 4
        else:
            return -1
    return count

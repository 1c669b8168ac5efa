# Character classes shared by the compiled text-path modules (cimported; inline, nothing to link).
# They follow Python's str methods, as `re` does on str: \s is str.isspace, \w is str.isalnum or "_".

from cpython.unicode cimport Py_UNICODE_ISSPACE


cdef inline bint is_space(Py_UCS4 c) noexcept:
    """str.isspace. The common cases without a branch (text alternates letters and spaces: a branch
    per character would be mispredicted at every word); no character from U+00A1 to U+167F is a space
    (the Arabic block among them), so Arabic text never reaches the Unicode table."""
    cdef unsigned int u = <unsigned int>c  # (unsigned: u - 9 < 5 is 9 <= u <= 13, no second comparison)
    cdef bint common = (u == 0x20) | (u - 0x09 < 5) | (u - 0x1C < 4) | (u == 0x85) | (u == 0xA0)
    return common or (u >= 0x1680 and u <= 0x3000 and Py_UNICODE_ISSPACE(c))


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

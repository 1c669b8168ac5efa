# cython: language_level=3, boundscheck=False, wraparound=False
"""The tree walk of `ghirbal.html.blocks`, compiled: the same steps as `blocks._walk_python` (its
pure-Python reference), reading lexbor's tree directly instead of through selectolax's Python nodes.

selectolax ships no lexbor headers to compile against, but its extension exports lexbor's functions:
`configure` looks them up in the loaded module (dlopen/dlsym), and the walk follows the nodes through
them (children, siblings, names, attributes) without making a Python object per node or a dict per
element's attributes. Only a text node's characters are read from the node itself (lexbor keeps them
right after the node's header, as selectolax reads them); `configure` checks that layout on a probe
page first and declines (the Python walk runs) when the functions or the layout are not as expected.
What the walk turns into Python values is decoded as selectolax decodes it (UTF-8, errors replaced), so
the blocks, elements and hint values are the Python walk's; tests/test_html_fast_walk.py holds the
two to it on the dev pages. The open block's state is kept in typed fields, and each element's text
counts are added up in C arrays as its blocks end, and carried to the parents once.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject, PyObject_Hash
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport (Py_UNICODE_ISALNUM, PyUnicode_DATA, PyUnicode_DecodeUTF8, PyUnicode_GET_LENGTH,
                             PyUnicode_KIND, PyUnicode_READ, PyUnicode_WRITE)
from libc.stdint cimport uint64_t, uintptr_t
from libc.string cimport memcmp, memcpy, memmove, memset

from ghirbal.html._records cimport Block as _Block, Element as _Element
from ghirbal.linemodel._chars cimport is_space as _is_space, utf8_count

cdef extern from *:
    """
    #if defined(_WIN32)
    static void *ghirbal_dlopen(const char *path) { (void) path; return NULL; }
    static void *ghirbal_dlsym(void *handle, const char *name) { (void) handle; (void) name; return NULL; }
    #else
    #include <dlfcn.h>
    static void *ghirbal_dlopen(const char *path) { return dlopen(path, RTLD_NOW | RTLD_NOLOAD); }
    static void *ghirbal_dlsym(void *handle, const char *name) { return dlsym(handle, name); }
    #endif
    """
    void *ghirbal_dlopen(const char *path)
    void *ghirbal_dlsym(void *handle, const char *name)


# lexbor's node header and a text node's characters (lxb_dom_node_t, lxb_dom_character_data_t), as
# selectolax's lexbor.pxd declares them.
cdef struct lexbor_str_t:
    unsigned char *data
    size_t length

cdef struct lxb_dom_node_t:
    void *events
    uintptr_t local_name
    uintptr_t prefix
    uintptr_t ns
    void *owner_document
    lxb_dom_node_t *next
    lxb_dom_node_t *prev
    lxb_dom_node_t *parent
    lxb_dom_node_t *first_child
    lxb_dom_node_t *last_child
    void *user
    int type

cdef struct lxb_dom_character_data_t:
    lxb_dom_node_t node
    lexbor_str_t data

cdef enum:
    NODE_ELEMENT = 1
    NODE_TEXT = 3

ctypedef lxb_dom_node_t *(*node_fn)(lxb_dom_node_t *node) nogil
ctypedef int (*type_fn)(lxb_dom_node_t *node) nogil
ctypedef const unsigned char *(*name_fn)(void *obj, size_t *length) nogil
ctypedef void *(*first_attr_fn)(void *element) nogil
ctypedef void *(*next_attr_fn)(void *attr) nogil

cdef node_fn first_child_of = NULL, next_of = NULL
cdef type_fn type_of = NULL
cdef name_fn element_name = NULL, attr_name = NULL, attr_value = NULL
cdef first_attr_fn first_attr = NULL
cdef next_attr_fn next_attr = NULL
cdef bint ready = False

cdef int _INLINE = 0, _BLOCK = 1, _BREAK = 2, _SKIP = 3, _HEAD_VALUE = 4, _HEAD = 5, _NO_ELEMENT = -1

# Set once by ghirbal.html.blocks (configure): its tables and helpers. The records it makes are
# html/_records.pyx's (cimported: made and filled in C, without their `__init__`).
cdef object element_hints, marks_of
cdef object overlay_mark = None  # blocks.OVERLAY_MARK: its elements are listed in `RawHints.overlays`
cdef dict kind_table, plain_marks
cdef dict tag_marks = {}  # tag -> marks of an element with none of the attributes marks read
cdef dict tag_names = {}  # a tag name -> the one str of it that every page's walk uses (so the mark table's tags are one object)


cdef void *_symbol(void *handle, const char *name) except NULL:
    cdef void *p = ghirbal_dlsym(handle, name)
    if p == NULL:
        raise LookupError(name.decode())
    return p


def configure(block_cls, element_cls, dict kinds, dict plain, marks_fn, head_fn, hints_fn, str lexbor_module,
              probe_text_node, overlay=None):
    """Take blocks' classes and helpers, and lexbor's functions from selectolax's loaded extension
    (`lexbor_module`: its file). `probe_text_node`: a selectolax text node whose text is "ghirbal
    probe", to check where lexbor keeps a text node's characters. False when the walk cannot run (also
    when the classes are not html/_records.pyx's, the records this walk makes)."""
    global kind_table, plain_marks, marks_of, element_hints, ready, overlay_mark
    global first_child_of, next_of, type_of, element_name, attr_name, attr_value, first_attr, next_attr
    kind_table, plain_marks = kinds, plain
    tag_marks.clear()
    tag_names.clear()
    _forget_marks()
    marks_of, element_hints = marks_fn, hints_fn  # (head_fn: blocks._head_element, which `_head_value` compiles)
    overlay_mark = overlay
    ready = False
    if block_cls is not _Block or element_cls is not _Element:
        return False
    cdef void *handle = ghirbal_dlopen(lexbor_module.encode())
    if handle == NULL:
        return False
    try:
        first_child_of = <node_fn> _symbol(handle, b"lxb_dom_node_first_child_noi")
        next_of = <node_fn> _symbol(handle, b"lxb_dom_node_next_noi")
        type_of = <type_fn> _symbol(handle, b"lxb_dom_node_type_noi")
        element_name = <name_fn> _symbol(handle, b"lxb_dom_element_qualified_name")
        attr_name = <name_fn> _symbol(handle, b"lxb_dom_attr_qualified_name")
        attr_value = <name_fn> _symbol(handle, b"lxb_dom_attr_value_noi")
        first_attr = <first_attr_fn> _symbol(handle, b"lxb_dom_element_first_attribute_noi")
        next_attr = <next_attr_fn> _symbol(handle, b"lxb_dom_element_next_attribute_noi")
    except LookupError:
        return False
    cdef lxb_dom_node_t *probe = <lxb_dom_node_t *> <uintptr_t> probe_text_node.mem_id
    cdef lexbor_str_t *s
    if type_of(probe) != NODE_TEXT:
        return False
    s = &(<lxb_dom_character_data_t *> probe).data
    if s.length != 13 or s.data == NULL or memcmp(s.data, b"ghirbal probe", 13) != 0:
        return False
    ready = True
    return True


cdef inline str _decoded(const unsigned char *data, size_t length):
    return PyUnicode_DecodeUTF8(<const char *> data, length, "replace")


cdef extern from "Python.h":
    str PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)


# The open block's text is kept as UTF-8 bytes (lexbor's text, copied), not as a str per text node:
# it is squeezed in place and decoded once when the block ends. Equal to decoding each node and joining
# when every piece is UTF-8 that Python's decoder takes whole; a node that is not (rare: lexbor keeps
# the page's bytes) is decoded as selectolax decodes it (errors replaced) and its UTF-8 copied instead.

cdef inline Py_UCS4 _code_point(const unsigned char *p, size_t *width) noexcept nogil:
    """The code point that valid UTF-8 at `p` starts with; `width`: its bytes."""
    cdef unsigned char c = p[0]
    if c < 0x80:
        width[0] = 1
        return c
    if c < 0xE0:
        width[0] = 2
        return ((c & 0x1F) << 6) | (p[1] & 0x3F)
    if c < 0xF0:
        width[0] = 3
        return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
    width[0] = 4
    return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F)


cdef inline size_t _last_start(const unsigned char *p, size_t n) noexcept nogil:
    """Where the last code point of valid, non-empty UTF-8 `p[:n]` starts."""
    n -= 1
    while n > 0 and (p[n] & 0xC0) == 0x80:
        n -= 1
    return n


cdef Py_ssize_t _stripped_count(const unsigned char *p, size_t n, Py_ssize_t count) noexcept:
    """`len(text.strip())` of valid UTF-8 `p[:n]` decoded (`count`: its characters), without decoding it."""
    cdef size_t a = 0, b = n, w, i
    while a < b and _is_space(_code_point(p + a, &w)):
        a += w
        count -= 1
    while b > a:
        i = _last_start(p, b)
        if not _is_space(_code_point(p + i, &w)):
            break
        b = i
        count -= 1
    return count


# A byte's part in `_squeeze_utf8`: 0 a byte of a word (no character that starts with it is white
# space), 1 ASCII white space, 2 the lead byte of a character that may be (U+0085, U+00A0, U+1680,
# U+2000-U+205F, U+3000: str.isspace has none elsewhere above ASCII; `_chars.is_space` decides).
cdef unsigned char _BYTE_PART[256]
memset(_BYTE_PART, 0, 256)
for _b in (9, 10, 11, 12, 13, 28, 29, 30, 31, 32):
    _BYTE_PART[_b] = 1
for _b in (0xC2, 0xE1, 0xE2, 0xE3):
    _BYTE_PART[_b] = 2


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define ghirbal_low_byte(m) ((size_t) (__builtin_ctzll(m) >> 3))
    #else
    static size_t ghirbal_low_byte(unsigned long long m) { size_t i = 0; while (!(m & 0xFF)) { m >>= 8; i++; } return i; }
    #endif
    """
    size_t ghirbal_low_byte(uint64_t m) nogil


cdef inline uint64_t _looked_at(const unsigned char *p) noexcept nogil:
    """Of these 8 bytes, those `_squeeze_utf8` looks at one by one, by their high bit (0: all of them are
    bytes of a word, part 0 in `_BYTE_PART`): a byte below 0x21, 0xC2, or one within 0xE0-0xE3 (some of
    them part 0 too). Three SWAR tests (for x ^ c, a byte below k is one within c..c+k-1 when c is a
    multiple of k); the lowest byte flagged is exact (the tests' borrows flag bytes above it only), the
    bytes in memory order (little-endian: the lowest byte first)."""
    cdef uint64_t x, ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL, y, z
    memcpy(&x, p, 8)
    y = x ^ (ones * 0xE0)
    z = x ^ (ones * 0xC2)
    return (((x - ones * 0x21) & ~x) | ((y - ones * 4) & ~y) | ((z - ones) & ~z)) & highs


cdef extern from *:
    """
    #if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    #define GHIRBAL_LITTLE_ENDIAN 1
    #else
    #define GHIRBAL_LITTLE_ENDIAN 0
    #endif
    """
    bint GHIRBAL_LITTLE_ENDIAN


cdef size_t _squeeze_utf8(unsigned char *p, size_t n) noexcept:
    """`" ".join(text.split())` of valid UTF-8 `p[:n]`, written over it in place (it never grows); its
    new length. (White space is str.isspace, as str.split has it: `_chars.is_space`.) A word's bytes are
    found as a run (skipped 8 at a time up to the next byte `_looked_at` flags) and moved once, not at
    all while nothing before them has been dropped."""
    cdef size_t i = 0, k = 0, w, j
    cdef bint gap = False  # white space owed before the next word (none before the first)
    cdef unsigned char part
    cdef uint64_t flagged
    while i < n:
        part = _BYTE_PART[p[i]]
        if part == 1:
            gap = k != 0
            i += 1
            while i < n and _BYTE_PART[p[i]] == 1:  # (a run of it: a page's indentation)
                i += 1
            continue
        w = 1
        if part == 2:
            if _is_space(_code_point(p + i, &w)):
                gap = k != 0
                i += w
                continue
        # A word's run: this character, then every byte of part 0 (and character of part 2 that is
        # not white space) after it.
        j = i + w
        while j < n:
            if GHIRBAL_LITTLE_ENDIAN and j + 8 <= n:
                flagged = _looked_at(p + j)
                if flagged == 0:
                    j += 8
                    continue
                j += ghirbal_low_byte(flagged)  # (the bytes before it are a word's)
            part = _BYTE_PART[p[j]]
            if part == 0:
                j += 1
            elif part == 2 and not _is_space(_code_point(p + j, &w)):
                j += w
            else:
                break
        if gap:
            p[k] = 32
            k += 1
            gap = False
        if k != i:
            memmove(p + k, p + i, j - i)
        k += j - i
        i = j
    return k


cdef str _squeezed(str text):
    """`" ".join(text.split())` by `_squeeze_utf8` (for the tests: the walk squeezes its block's bytes)."""
    cdef bytearray raw = bytearray(text.encode("utf-8"))
    cdef size_t n = _squeeze_utf8(<unsigned char *> (<char *> raw), len(raw))
    return PyUnicode_DecodeUTF8(<char *> raw, n, NULL)


cdef tuple _extended(tuple path, Py_ssize_t e):
    """`path + (e,)`, made as one tuple (not `(e,)` and then the two joined)."""
    cdef Py_ssize_t n = len(path), i
    cdef tuple out = PyTuple_New(n + 1)
    cdef object item
    for i in range(n):
        item = path[i]
        Py_INCREF(item)
        PyTuple_SET_ITEM(out, i, item)
    item = e
    Py_INCREF(item)
    PyTuple_SET_ITEM(out, n, item)
    return out


cdef void _collect_text(lxb_dom_node_t *node, bytearray out) except *:
    cdef lxb_dom_node_t *child = first_child_of(node)
    cdef lexbor_str_t *s
    while child != NULL:
        if type_of(child) == NODE_TEXT:
            s = &(<lxb_dom_character_data_t *> child).data
            if s.data != NULL and s.length:
                out += (<char *> s.data)[:s.length]
        _collect_text(child, out)
        child = next_of(child)


cdef str _deep_text(lxb_dom_node_t *node):
    """selectolax's `node.text(deep=True)`: the text of every text node under `node`, joined."""
    cdef bytearray out = bytearray()
    _collect_text(node, out)
    if not out:
        return ""
    return PyUnicode_DecodeUTF8(out, len(out), "replace")


cdef dict _attributes(lxb_dom_node_t *node):
    """selectolax's `node.attributes`: qualified name -> value (None for an attribute without one)."""
    cdef dict out = {}
    cdef void *attr = first_attr(node)
    cdef const unsigned char *p
    cdef size_t n
    while attr != NULL:
        n = 0
        p = attr_name(attr, &n)
        key = _decoded(p, n)
        n = 0
        p = attr_value(attr, &n)
        out[key] = _decoded(p, n) if p != NULL else None
        attr = next_attr(attr)
    return out


cdef bint _has_attribute(lxb_dom_node_t *node, const char *name, size_t length) noexcept:
    """`name in node.attributes` (an ASCII name: equal bytes are an equal decoded name), without the dict."""
    cdef void *attr = first_attr(node)
    cdef const unsigned char *p
    cdef size_t n
    while attr != NULL:
        n = 0
        p = attr_name(attr, &n)
        if p != NULL and n == length and memcmp(p, name, n) == 0:
            return True
        attr = next_attr(attr)
    return False


cdef struct _AttrName:
    const char *text
    size_t length
    int bit

cdef enum:
    H_CONTENT = 0
    H_PROPERTY = 1
    H_NAME = 2
    H_ITEMPROP = 3
    H_TYPE = 4

cdef _AttrName _HEAD_NAMES[5]
_HEAD_NAMES[:] = [_AttrName(b"content", 7, H_CONTENT), _AttrName(b"property", 8, H_PROPERTY),
                  _AttrName(b"name", 4, H_NAME), _AttrName(b"itemprop", 8, H_ITEMPROP), _AttrName(b"type", 4, H_TYPE)]


cdef void _head_value(lxb_dom_node_t *node, str tag, object hints) except *:
    """blocks._head_element, compiled: `<title>`, `<meta>` and JSON-LD `<script>` (wherever they are),
    reading the few attributes it needs as selectolax's `attributes` gives them (the last of a name
    wins, None for one without a value), without a node object and a dict of all of them."""
    cdef list values
    cdef void *attr
    cdef const unsigned char *p
    cdef size_t n
    cdef int k
    if tag == "title":
        if hints.title is None:
            hints.title = _deep_text(node)
        return
    values = [None] * 5  # content, property, name, itemprop, type
    attr = first_attr(node)
    while attr != NULL:
        n = 0
        p = attr_name(attr, &n)
        if p != NULL:
            for k in range(5):
                if _HEAD_NAMES[k].length == n and memcmp(p, _HEAD_NAMES[k].text, n) == 0:
                    n = 0
                    p = attr_value(attr, &n)
                    values[k] = _decoded(p, n) if p != NULL else None
                    break
        attr = next_attr(attr)
    if tag == "meta":
        content = values[H_CONTENT]
        if content is not None:
            key = (values[H_PROPERTY] or values[H_NAME] or values[H_ITEMPROP] or "").strip().lower()
            if key and key not in hints.meta:
                hints.meta[key] = content
    elif tag == "script":
        if "ld+json" in (values[H_TYPE] or "").lower():
            hints.ld_scripts.append(_deep_text(node))


cdef Py_ssize_t *_grown(Py_ssize_t *array, Py_ssize_t size) except NULL:
    cdef void *p = PyMem_Realloc(array, size * sizeof(Py_ssize_t))
    if p == NULL:
        raise MemoryError()
    return <Py_ssize_t *> p


# The attributes `_marks` reads, by their bit in `_Walk.walk`'s scan.
cdef enum:
    A_CLASS = 1
    A_ID = 2
    A_HIDDEN = 4
    A_STYLE = 8
    A_ARIA = 16
    A_ROLE = 32
    A_ITEMPROP = 64
    A_OTHER_MARKS = A_HIDDEN | A_STYLE | A_ARIA | A_ROLE | A_ITEMPROP


cdef inline bint _ascii_blank(const unsigned char *p, size_t n) noexcept nogil:
    """Are these bytes all ASCII characters that `str.isspace` calls blank (so `str.strip` takes them all)?"""
    cdef size_t i
    cdef unsigned char c
    for i in range(n):
        c = p[i]
        if not (c == 32 or 9 <= c <= 13 or 28 <= c <= 31):
            return False
    return True


cdef _AttrName _MARK_NAMES[7]
_MARK_NAMES[:] = [_AttrName(b"class", 5, A_CLASS), _AttrName(b"id", 2, A_ID), _AttrName(b"hidden", 6, A_HIDDEN),
                  _AttrName(b"style", 5, A_STYLE), _AttrName(b"aria-hidden", 11, A_ARIA),
                  _AttrName(b"role", 4, A_ROLE), _AttrName(b"itemprop", 8, A_ITEMPROP)]


cdef inline int _attr_bit(const unsigned char *p, size_t n) noexcept nogil:
    """The bit of an attribute that `_marks` reads, 0 for the others."""
    cdef int i
    for i in range(7):
        # (the first byte before memcmp: most names of a mark name's length are other names, href and role)
        if _MARK_NAMES[i].length == n and p[0] == <unsigned char> _MARK_NAMES[i].text[0] \
                and memcmp(p, _MARK_NAMES[i].text, n) == 0:
            return _MARK_NAMES[i].bit
    return 0


# The marks of an element by the bytes of the attributes `_marks` reads, remembered across pages in C:
# most elements have a class or id, and looking their marks up in `plain_marks` takes their values
# decoded to str, a tuple key hashed and compared, for a value seen on many pages before. Here the
# raw bytes (as lexbor holds them) are hashed and compared instead, and nothing is made in Python on a
# hit. A miss takes `plain_marks`' way (the same key, the same marks) and remembers its answer: an
# element's marks are a function of its tag and those attributes' values, and equal bytes decode to
# equal values, so a hit gives the marks the key would.
#
# A key's bytes: for each of `_MARK_FIELDS` (class, id, style, aria-hidden, role, itemprop), 0 when
# the element has no value for it (absent, or an attribute without a value: None either way), else 1,
# the value's length (size_t) and its bytes; then 1 / 0 for the `hidden` attribute. The tag is kept
# beside them (its one str, `tag_names`).
cdef struct _MarkEntry:
    uint64_t hash  # 0: an empty slot
    PyObject *tag
    PyObject *marks
    unsigned char *key
    size_t key_length

cdef enum:
    MARK_SLOTS = 1 << 16  # (a power of two)
    MARK_LIMIT = 40_000  # entries before the table is emptied (as `plain_marks` is at its limit)
    KEY_ROOM = 2048  # longer keys are not remembered here (`plain_marks` still is)
    N_FIELDS = 6

cdef _MarkEntry *mark_table = NULL
cdef Py_ssize_t mark_entries = 0



cdef inline int _field_of(int bit) noexcept nogil:
    """A mark attribute's place in a mark key (`_MARK_FIELDS`): class, id, style, aria-hidden, role, itemprop."""
    if bit == A_CLASS:
        return 0
    if bit == A_ID:
        return 1
    if bit == A_STYLE:
        return 2
    if bit == A_ARIA:
        return 3
    if bit == A_ROLE:
        return 4
    return 5


cdef int _allocate_marks() except -1:
    global mark_table
    mark_table = <_MarkEntry *> PyMem_Malloc(MARK_SLOTS * sizeof(_MarkEntry))
    if mark_table == NULL:
        raise MemoryError()
    memset(mark_table, 0, MARK_SLOTS * sizeof(_MarkEntry))
    return 0


cdef void _forget_marks() noexcept:
    global mark_entries
    cdef Py_ssize_t i
    if mark_table == NULL:
        return
    for i in range(MARK_SLOTS):
        if mark_table[i].hash != 0:
            Py_XDECREF(mark_table[i].tag)
            Py_XDECREF(mark_table[i].marks)
            PyMem_Free(mark_table[i].key)
    memset(mark_table, 0, MARK_SLOTS * sizeof(_MarkEntry))
    mark_entries = 0


def forget_marks():
    """Empty the walk's table of marks by attribute bytes (with `blocks._PLAIN_MARKS`, when the marks
    an element gets may have changed: a reloaded lexicon)."""
    _forget_marks()


cdef inline uint64_t _key_hash(const unsigned char *key, size_t n, Py_hash_t tag_hash) noexcept nogil:
    cdef uint64_t h = (<uint64_t> tag_hash) ^ (n * 0x9E3779B97F4A7C15ULL)
    cdef uint64_t w
    cdef size_t i = 0
    while i + 8 <= n:
        memcpy(&w, key + i, 8)
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL
        h ^= h >> 32
        i += 8
    w = 0
    if i < n:
        memcpy(&w, key + i, n - i)
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL
    h ^= h >> 29
    h *= 0x9E3779B97F4A7C15ULL
    h ^= h >> 32
    return h if h != 0 else 1


cdef inline Py_ssize_t _mark_slot(uint64_t h, str tag, const unsigned char *key, size_t n) noexcept:
    """The slot of this key in `mark_table`: its entry, or the empty slot where it goes."""
    cdef Py_ssize_t i = <Py_ssize_t> (h & (MARK_SLOTS - 1))
    cdef _MarkEntry *e
    while True:
        e = &mark_table[i]
        if e.hash == 0:
            return i
        if (e.hash == h and e.key_length == n and memcmp(e.key, key, n) == 0
                and (e.tag == <PyObject *> tag or <str> e.tag == tag)):
            return i
        i = (i + 1) & (MARK_SLOTS - 1)


cdef int _remember_marks(Py_ssize_t slot, uint64_t h, str tag, const unsigned char *key, size_t n,
                         object marks) except -1:
    global mark_entries
    cdef unsigned char *copy
    if mark_entries >= MARK_LIMIT:
        _forget_marks()
        slot = _mark_slot(h, tag, key, n)
    copy = <unsigned char *> PyMem_Malloc(n if n else 1)
    if copy == NULL:
        raise MemoryError()
    memcpy(copy, key, n)
    Py_INCREF(tag)
    Py_INCREF(marks)
    mark_table[slot].hash, mark_table[slot].tag, mark_table[slot].marks = h, <PyObject *> tag, <PyObject *> marks
    mark_table[slot].key, mark_table[slot].key_length = copy, n
    mark_entries += 1
    return 0


cdef enum:
    T_A = 1
    T_H1 = 2
    T_TIME = 4
    T_NOSCRIPT = 8

cdef dict _TAG_FLAGS = {"a": T_A, "h1": T_H1, "time": T_TIME, "noscript": T_NOSCRIPT}


cdef class _Walk:
    cdef list blocks, elements, h1
    # The open block's text: its pieces' UTF-8, as read (`text_length` bytes; none: no piece yet).
    cdef unsigned char *text
    cdef size_t text_length, text_room
    cdef object lex, hints
    cdef dict names  # a tag name's characters (their address in the tree's name table) -> (name, kind)
    # ... and the last ones met, in a direct-mapped table by that address (the names are in `names`)
    cdef uintptr_t slot_key[256]
    cdef PyObject *slot_tag[256]
    cdef int slot_kind[256]
    cdef int slot_flags[256]
    cdef Py_ssize_t link_chars, links
    cdef str block_tag
    cdef tuple block_path
    cdef Py_ssize_t block_element  # the innermost element of block_path, -1 for none
    cdef bint block_noscript
    # Inline elements side by side (`blocks._walk_python`'s gap): characters of text met so far, and
    # whether a space is owed before the next text; the least an inline element shows to owe one.
    cdef Py_ssize_t shown, gap_min
    cdef bint gap
    # Per element (by id): its parent, and the characters / link characters of the blocks it holds.
    cdef Py_ssize_t *parent
    cdef Py_ssize_t *chars
    cdef Py_ssize_t *link_chars_of
    cdef Py_ssize_t n_elements, capacity

    def __cinit__(self):
        self.parent = self.chars = self.link_chars_of = NULL
        self.text = NULL
        self.text_length = self.text_room = 0
        memset(self.slot_key, 0, sizeof(self.slot_key))
        self.n_elements = self.capacity = 0

    def __dealloc__(self):
        PyMem_Free(self.parent)
        PyMem_Free(self.chars)
        PyMem_Free(self.link_chars_of)
        PyMem_Free(self.text)

    def __init__(self, lex, hints, list blocks, list elements):
        self.lex, self.hints, self.blocks, self.elements = lex, hints, blocks, elements
        self.h1 = hints.h1
        self.names = {}
        self.link_chars = self.links = 0
        self.block_tag, self.block_path, self.block_element, self.block_noscript = "body", (), -1, False
        self.shown, self.gap, self.gap_min = 0, False, lex.inline_gap_min_chars

    cdef str tag_of(self, lxb_dom_node_t *node, int *kind, int *flags):
        """An element's tag (selectolax's `tag`: its qualified name), None when it has none; `kind`:
        what the walk does with it (`_KIND`; _INLINE for the tags it does not name, _NO_ELEMENT for
        names that are no element's: comments, doctype); `flags`: the tags the walk tells apart by
        name (`_TAG_FLAGS`: `a`, `h1`, `time`, `noscript`), so it compares no strings a node."""
        cdef size_t n = 0
        cdef const unsigned char *p = element_name(node, &n)
        cdef uintptr_t address = <uintptr_t> p
        cdef Py_ssize_t slot = (address >> 3) & 255
        cdef tuple known
        if p == NULL:
            return None
        if self.slot_key[slot] == address:
            kind[0] = self.slot_kind[slot]
            flags[0] = self.slot_flags[slot]
            return <str> self.slot_tag[slot]
        known = self.names.get(address)
        if known is None:
            tag = _decoded(p, n)
            one = tag_names.get(tag)
            if one is None:
                if len(tag_names) >= 10_000:  # (custom element names are many)
                    tag_names.clear()
                tag_names[tag] = tag
            else:
                tag = one
            kind_obj = kind_table.get(tag)
            known = self.names[address] = (tag, kind_obj if kind_obj is not None else
                                           (_NO_ELEMENT if tag[0] in "-!_" else _INLINE), _TAG_FLAGS.get(tag, 0))
        self.slot_key[slot] = address
        self.slot_tag[slot] = <PyObject *> known[0]
        self.slot_kind[slot] = known[1]
        self.slot_flags[slot] = known[2]
        kind[0] = known[1]
        flags[0] = known[2]
        return known[0]

    cdef object marks_by_bytes(self, lxb_dom_node_t *node, str tag, int bits, const unsigned char **values,
                               size_t *lengths):
        """The marks of an element with values of the attributes `_marks` reads (`bits`: those it has;
        `values` / `lengths`: their bytes, by `_MARK_FIELDS`, NULL for none): from `mark_table` by the
        bytes, else as the Python walk finds them (`plain_marks` by the key `blocks._marks_key` makes)."""
        cdef unsigned char key[KEY_ROOM]
        cdef size_t n = 0, length
        cdef int f
        cdef uint64_t h = 0
        cdef Py_ssize_t slot = -1
        cdef bint fits = True
        for f in range(N_FIELDS):
            if values[f] == NULL:
                key[n] = 0
                n += 1
            else:
                length = lengths[f]
                if n + 1 + sizeof(size_t) + length + 1 > KEY_ROOM:
                    fits = False
                    break
                key[n] = 1
                memcpy(&key[n + 1], &length, sizeof(size_t))
                memcpy(&key[n + 1 + sizeof(size_t)], values[f], length)
                n += 1 + sizeof(size_t) + length
        if fits:
            key[n] = 1 if bits & A_HIDDEN else 0
            n += 1
            if mark_table == NULL:
                _allocate_marks()
            h = _key_hash(key, n, PyObject_Hash(tag))
            slot = _mark_slot(h, tag, key, n)
            if mark_table[slot].hash != 0:
                return <object> mark_table[slot].marks
        # The Python walk's way: blocks._marks_key, plain_marks
        cls = _decoded(values[0], lengths[0]) if values[0] != NULL else None
        id_ = _decoded(values[1], lengths[1]) if values[1] != NULL else None
        if not bits & A_OTHER_MARKS:
            key_obj = (tag, cls, id_)
        else:
            key_obj = (tag, cls, id_, bool(bits & A_HIDDEN),
                       _decoded(values[2], lengths[2]) if values[2] != NULL else None,
                       _decoded(values[3], lengths[3]) if values[3] != NULL else None,
                       _decoded(values[4], lengths[4]) if values[4] != NULL else None,
                       _decoded(values[5], lengths[5]) if values[5] != NULL else None)
        marks = plain_marks.get(key_obj)
        if marks is None:
            if len(plain_marks) >= 50_000:
                plain_marks.clear()
            marks = plain_marks[key_obj] = marks_of(tag, _attributes(node), self.lex)
        if fits:
            _remember_marks(slot, h, tag, key, n, marks)
        return marks

    cdef Py_ssize_t add_element(self, str tag, Py_ssize_t parent, object reason, object main, object weak) except -1:
        """Append an Element; its id."""
        cdef Py_ssize_t i = self.n_elements
        cdef _Element el
        if i == self.capacity:
            self.capacity = 2 * self.capacity if self.capacity else 256
            self.parent = _grown(self.parent, self.capacity)
            self.chars = _grown(self.chars, self.capacity)
            self.link_chars_of = _grown(self.link_chars_of, self.capacity)
        el = _Element.__new__(_Element)  # (chars and link_chars: 0; filled in by `add_up`)
        el.tag, el.parent, el.mark, el.main, el.weak = tag, parent, reason, main, weak
        self.elements.append(el)
        self.parent[i] = parent
        self.chars[i] = self.link_chars_of[i] = 0
        self.n_elements = i + 1
        return i

    cdef int add_text(self, const unsigned char *p, size_t n) except -1:
        """Append bytes to the open block's text."""
        cdef size_t room
        cdef void *grown
        if self.text_length + n > self.text_room:
            room = 2 * (self.text_length + n) if self.text_length + n > 512 else 1024
            grown = PyMem_Realloc(self.text, room)
            if grown == NULL:
                raise MemoryError()
            self.text, self.text_room = <unsigned char *> grown, room
        memcpy(self.text + self.text_length, p, n)
        self.text_length += n
        return 0

    cdef bint inline_gap(self, const unsigned char *p) noexcept:
        """`blocks._inline_gap`: a letter or digit at the end of the open block's text and at the start
        of the text `p` (valid UTF-8, not empty)."""
        cdef size_t w
        return (Py_UNICODE_ISALNUM(_code_point(self.text + _last_start(self.text, self.text_length), &w))
                and Py_UNICODE_ISALNUM(_code_point(p, &w)))

    cdef void end_block(self) except *:
        cdef str text
        cdef Py_ssize_t n, lc
        cdef _Block b
        self.gap = False
        if self.text_length:
            # (" ".join("".join(parts).split()), as the Python walk; the bytes are valid UTF-8)
            n = <Py_ssize_t> _squeeze_utf8(self.text, self.text_length)
            self.text_length = 0
            if n:
                text = PyUnicode_DecodeUTF8(<const char *> self.text, n, NULL)
                n = len(text)
                lc = self.link_chars if self.link_chars < n else n
                b = _Block.__new__(_Block)
                b.text, b.tag, b.chars, b.link_chars, b.links = text, self.block_tag, n, lc, self.links
                b.path, b.noscript = self.block_path, self.block_noscript
                self.blocks.append(b)
                if self.block_element >= 0:
                    self.chars[self.block_element] += n
                    self.link_chars_of[self.block_element] += lc
        self.link_chars = self.links = 0

    cdef void add_up(self) except *:
        """Each element's text: its own blocks' counts, carried up to the parents (a parent comes before
        its children)."""
        cdef Py_ssize_t i, p
        cdef _Element el
        for i in range(self.n_elements - 1, -1, -1):
            p = self.parent[i]
            if p >= 0:
                self.chars[p] += self.chars[i]
                self.link_chars_of[p] += self.link_chars_of[i]
        for i in range(self.n_elements):
            if self.chars[i]:
                el = self.elements[i]
                el.chars = self.chars[i]
                el.link_chars = self.link_chars_of[i]

    cdef void head_items(self, lxb_dom_node_t *head) except *:
        """The `<title>`, `<meta>` and `<script>` children of `<head>`."""
        cdef lxb_dom_node_t *item = first_child_of(head)
        cdef str tag
        cdef int kind, flags
        while item != NULL:
            if type_of(item) == NODE_ELEMENT:
                tag = self.tag_of(item, &kind, &flags)
                if tag is not None and kind == _HEAD_VALUE:
                    _head_value(item, tag, self.hints)
            item = next_of(item)

    cdef void walk(self, lxb_dom_node_t *node, tuple path, Py_ssize_t here, bint in_link, bint noscript) except *:
        """`here`: the innermost element of `path` (-1 for none)."""
        cdef str tag
        cdef object marks, reason, main, weak
        cdef int kind, flags, node_type, bits, bit, f
        cdef const unsigned char *values[N_FIELDS]
        cdef size_t lengths[N_FIELDS]
        cdef tuple sub_path
        cdef Py_ssize_t e, before_blocks, before_elements, before_chars, stripped, start, count
        cdef Py_ssize_t last = 0  # characters the last inline child showed (0 after text or a block)
        cdef bint link, owed
        cdef lxb_dom_node_t *child = first_child_of(node)
        cdef void *attr
        cdef const unsigned char *p
        cdef size_t n
        cdef lexbor_str_t *s
        cdef bytes recoded
        while child != NULL:
            node_type = type_of(child)
            if node_type == NODE_TEXT:
                s = &(<lxb_dom_character_data_t *> child).data
                if s.data != NULL and s.length:
                    if _ascii_blank(s.data, s.length):
                        # Blank text (most text nodes: the layout between tags) adds nothing to a
                        # block before its first word, and a space after it (`end_block` squeezes it).
                        if self.text_length:
                            self.add_text(<const unsigned char *> b" ", 1)
                    else:
                        p, n = s.data, s.length
                        count = utf8_count(p, n)
                        if count < 0:  # (its text as selectolax decodes it, in UTF-8)
                            recoded = _decoded(p, n).encode("utf-8")
                            p, n = <const unsigned char *> (<char *> recoded), len(recoded)
                            count = utf8_count(p, n)
                        stripped = _stripped_count(p, n, count)  # (0: the text is all white space)
                        # (blank text before any word of the block adds nothing to it)
                        if self.text_length or stripped:
                            if self.gap and self.text_length and self.inline_gap(p):
                                self.add_text(<const unsigned char *> b" ", 1)
                                if in_link:  # (`blocks._walk_python`: the space is the link's)
                                    self.link_chars += 1
                            self.add_text(p, n)
                            self.shown += stripped
                            if in_link:
                                self.link_chars += stripped
                    self.gap = False
                last = 0
                child = next_of(child)
                continue
            if node_type != NODE_ELEMENT:  # comments, doctype
                child = next_of(child)
                continue
            tag = self.tag_of(child, &kind, &flags)
            if tag is None or kind == _NO_ELEMENT:  # (comments, doctype)
                child = next_of(child)
                continue
            if kind >= _SKIP:
                if kind == _HEAD_VALUE:
                    _head_value(child, tag, self.hints)
                elif kind == _HEAD:
                    self.head_items(child)
                child = next_of(child)
                continue
            # The attributes the marks read, in one pass over the element's attributes.
            attr = first_attr(child)
            bits = 0
            if attr != NULL:
                memset(values, 0, sizeof(values))
                while attr != NULL:
                    n = 0
                    p = attr_name(attr, &n)
                    bit = _attr_bit(p, n) if p != NULL else 0
                    if bit:
                        bits |= bit
                        if bit != A_HIDDEN:
                            n = 0
                            f = _field_of(bit)
                            values[f] = attr_value(attr, &n)
                            lengths[f] = n
                    attr = next_attr(attr)
                if flags & T_TIME or bits & A_ITEMPROP:  # all that `element_hints` reads
                    element_hints(tag, _attributes(child), self.hints, len(self.blocks))
            if not bits & A_OTHER_MARKS and (not bits or (values[0] == NULL and values[1] == NULL)):
                # the tag alone gives the marks
                marks = tag_marks.get(tag)
                if marks is None:
                    if len(tag_marks) >= 10_000:  # (custom element names are many)
                        tag_marks.clear()
                    marks = tag_marks[tag] = marks_of(tag, {}, self.lex)
            else:
                marks = self.marks_by_bytes(child, tag, bits, values, lengths)
            reason, main, weak = marks
            if flags & T_H1 and len(self.h1) < 8:
                self.h1.append(_deep_text(child))
            if kind != _INLINE or reason is not None or main:
                last = 0
                # A block element, or an inline element whose own mark makes a block of it.
                e = self.add_element(tag, here, reason, main, weak)
                if reason is not None and reason == overlay_mark:
                    self.hints.overlays.append(e)
                sub_path = _extended(path, e)
                self.end_block()
                if kind == _BREAK:
                    child = next_of(child)
                    continue
                self.block_tag, self.block_path, self.block_element = tag, sub_path, e
                if kind == _BLOCK:
                    self.block_noscript = noscript or flags & T_NOSCRIPT != 0
                    self.walk(child, sub_path, e, in_link, self.block_noscript)
                else:
                    link = flags & T_A != 0
                    if link:
                        self.links += 1
                    self.walk(child, sub_path, e, in_link or link, noscript)
                self.end_block()
                # Text after this element belongs to the enclosing block again.
                self.block_tag = (<_Element> self.elements[here]).tag if here >= 0 else "body"
                self.block_path, self.block_element, self.block_noscript = path, here, noscript
            else:
                owed = self.gap  # (an outer element's, when this one shows no text)
                if last >= self.gap_min:
                    self.gap = True
                start = self.shown
                if flags & T_A:
                    self.links += 1
                    before_blocks, before_elements, before_chars = len(self.blocks), self.n_elements, self.link_chars
                    self.walk(child, path, here, True, noscript)
                    if (here >= 0 and before_chars == self.link_chars and before_elements == self.n_elements
                            and before_blocks == len(self.blocks) and _has_attribute(child, b"href", 4)):
                        self.hints.empty_links.append(here)  # an overlay link, a linked picture
                else:
                    self.walk(child, path, here, in_link, noscript)
                if self.shown != start:
                    self.gap = False
                    last = self.shown - start
                else:
                    self.gap = owed
            child = next_of(child)


def walk_tree(root, lex, hints, list blocks, list elements):
    """`blocks._walk_python`, compiled, on selectolax's `root` node (its parser must live while this
    runs); it also fills in each element's `chars` and `link_chars` (`blocks._add_up`)."""
    if not ready:
        raise RuntimeError("ghirbal.html._walk: configure() found no usable lexbor")
    if mark_entries and not plain_marks:  # (emptied by its owner: the marks may have changed)
        _forget_marks()
    cdef _Walk w = _Walk(lex, hints, blocks, elements)
    w.walk(<lxb_dom_node_t *> <uintptr_t> root.mem_id, (), -1, False, False)
    w.end_block()
    w.add_up()


def squeezed(str text):
    """`_squeezed`, for the tests: `" ".join(text.split())`."""
    return _squeezed(text)

# cython: language_level=3
"""`blocks.Block` and `blocks.Element`, compiled: the same fields, defaults, equality and repr as the
dataclasses in blocks.py (their reference, used when this module is not built).

The walk makes ~870 elements and ~330 blocks per page. As Python dataclasses each costs a Python
`__init__` call, and each is tracked by the cycle collector, whose passes over them were a tenth of
the walk. Here construction is C, and the records are not tracked (`no_gc`): their fields are strings,
numbers and a tuple of ints, which cannot form a cycle."""

cimport cython


@cython.no_gc
@cython.dataclasses.dataclass
cdef class Block:
    """One line of the page from the tree (blocks.Block)."""

    text: str
    tag: str
    chars: cython.Py_ssize_t
    link_chars: cython.Py_ssize_t
    links: cython.Py_ssize_t
    path: tuple
    noscript: cython.bint = False


@cython.no_gc
@cython.dataclasses.dataclass
cdef class Element:
    """An element that can mark its blocks (blocks.Element)."""

    tag: str
    parent: cython.Py_ssize_t
    mark: object = None
    main: cython.bint = False
    weak: cython.bint = False
    chars: cython.Py_ssize_t = 0
    link_chars: cython.Py_ssize_t = 0


# Where each field sits in a record (from the start of the object), for html/_passes.pyx, which reads
# the fields there instead of through attribute look-ups (each of those makes a Python int of a number).
cdef extern from *:
    """
    #define GHIRBAL_FIELD_AT(o, f) ((Py_ssize_t) ((char *) &((o)->f) - (char *) (o)))
    #define GHIRBAL_AT_text(o) GHIRBAL_FIELD_AT(o, text)
    #define GHIRBAL_AT_tag(o) GHIRBAL_FIELD_AT(o, tag)
    #define GHIRBAL_AT_parent(o) GHIRBAL_FIELD_AT(o, parent)
    #define GHIRBAL_AT_mark(o) GHIRBAL_FIELD_AT(o, mark)
    #define GHIRBAL_AT_main(o) GHIRBAL_FIELD_AT(o, main)
    #define GHIRBAL_AT_weak(o) GHIRBAL_FIELD_AT(o, weak)
    #define GHIRBAL_AT_chars(o) GHIRBAL_FIELD_AT(o, chars)
    #define GHIRBAL_AT_link_chars(o) GHIRBAL_FIELD_AT(o, link_chars)
    #define GHIRBAL_AT_links(o) GHIRBAL_FIELD_AT(o, links)
    #define GHIRBAL_AT_path(o) GHIRBAL_FIELD_AT(o, path)
    #define GHIRBAL_AT_noscript(o) GHIRBAL_FIELD_AT(o, noscript)
    """
    Py_ssize_t block_text_at "GHIRBAL_AT_text"(Block b)
    Py_ssize_t block_tag_at "GHIRBAL_AT_tag"(Block b)
    Py_ssize_t block_chars_at "GHIRBAL_AT_chars"(Block b)
    Py_ssize_t block_link_chars_at "GHIRBAL_AT_link_chars"(Block b)
    Py_ssize_t block_links_at "GHIRBAL_AT_links"(Block b)
    Py_ssize_t block_path_at "GHIRBAL_AT_path"(Block b)
    Py_ssize_t block_noscript_at "GHIRBAL_AT_noscript"(Block b)
    Py_ssize_t element_tag_at "GHIRBAL_AT_tag"(Element e)
    Py_ssize_t element_parent_at "GHIRBAL_AT_parent"(Element e)
    Py_ssize_t element_mark_at "GHIRBAL_AT_mark"(Element e)
    Py_ssize_t element_main_at "GHIRBAL_AT_main"(Element e)
    Py_ssize_t element_weak_at "GHIRBAL_AT_weak"(Element e)
    Py_ssize_t element_chars_at "GHIRBAL_AT_chars"(Element e)
    Py_ssize_t element_link_chars_at "GHIRBAL_AT_link_chars"(Element e)


def layout():
    """{class: {field: (offset in the object, size)}}: strings and tuples are object pointers, counts
    Py_ssize_t, flags bint (a C int)."""
    cdef Block b = Block("", "", 0, 0, 0, ())
    cdef Element e = Element("", -1)
    obj, count, flag = sizeof(void *), sizeof(Py_ssize_t), sizeof(b.noscript)
    return {
        Block: {"text": (block_text_at(b), obj), "tag": (block_tag_at(b), obj), "chars": (block_chars_at(b), count),
                "link_chars": (block_link_chars_at(b), count), "links": (block_links_at(b), count),
                "path": (block_path_at(b), obj), "noscript": (block_noscript_at(b), flag)},
        Element: {"tag": (element_tag_at(e), obj), "parent": (element_parent_at(e), count),
                  "mark": (element_mark_at(e), obj), "main": (element_main_at(e), flag),
                  "weak": (element_weak_at(e), flag), "chars": (element_chars_at(e), count),
                  "link_chars": (element_link_chars_at(e), count)},
    }

# cython: language_level=3
"""`blocks.Block` and `blocks.Element`, compiled: the same fields, defaults, equality and repr as the
dataclasses in blocks.py (their reference, used when this module is not built).

The walk makes ~870 elements and ~330 blocks per page. As Python dataclasses each costs a Python
`__init__` call, and each is tracked by the cycle collector, whose passes over them were a tenth of
the walk. Here construction is C, and the records are not tracked (`no_gc`): their fields are strings,
numbers and a tuple of ints, which cannot form a cycle. The fields are declared in _records.pxd, for
the compiled modules that cimport the classes (html/_passes.pyx, html/_walk.pyx) and read and write
them as C struct members."""

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

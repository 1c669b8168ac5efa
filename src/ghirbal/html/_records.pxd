# The records of html/_records.pyx, declared for the compiled modules that cimport them (html/_passes.pyx,
# html/_walk.pyx): they read and write the fields as C struct members, without attribute look-ups.

cdef class Block:
    cdef public str text
    cdef public str tag
    cdef public Py_ssize_t chars
    cdef public Py_ssize_t link_chars
    cdef public Py_ssize_t links
    cdef public tuple path
    cdef public bint noscript


cdef class Element:
    cdef public str tag
    cdef public Py_ssize_t parent
    cdef public object mark
    cdef public bint main
    cdef public bint weak
    cdef public Py_ssize_t chars
    cdef public Py_ssize_t link_chars

"""Reading corpora and writing shards.

Readers (one module per format) turn an input file into a stream of `RawRecord`s and never raise for bad
data: a broken stream becomes an `error` record at the offset where it broke, so the run can count it.
`discover` finds input files and picks the reader by extension; `shards` writes output atomically.
"""

from ghirbal.io.records import RawRecord

__all__ = ["RawRecord"]

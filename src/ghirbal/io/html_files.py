"""Saved web pages, one page per file (.html, .htm, and their .gz): the whole file is one HTML record
at offset 0. A .gz that does not inflate is a read error; one that inflates past the size cap is
too large (inflated in bounded steps, never whole into memory first)."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator

from ghirbal.io.records import ERROR, HTML, TOO_LARGE, RawRecord


def _inflate(path: str, max_bytes: int) -> bytes | RawRecord:
    out = bytearray()
    try:
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:
                    return RawRecord(0, TOO_LARGE, size=len(out))
    except (OSError, EOFError, zlib.error) as exc:
        return RawRecord(0, ERROR, message=f"cannot inflate: {exc}")
    return bytes(out)


def read_html_file(path: str, *, max_bytes: int, progress=None, want_html: bool = False, **_: object) -> Iterator[RawRecord]:
    try:
        size = os.stat(path).st_size
        if size > max_bytes:  # decided from the size on disk: never read a huge file into memory
            yield RawRecord(0, TOO_LARGE, size=size)
            return
        if path.lower().endswith(".gz"):
            data = _inflate(path, max_bytes)
            if isinstance(data, RawRecord):
                yield data
                return
        else:
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
    except OSError as exc:
        yield RawRecord(0, ERROR, message=f"cannot read: {exc.strerror or exc}")
        return
    if progress is not None:
        progress.raw_pos = size
    if len(data) > max_bytes:  # grew since stat
        yield RawRecord(0, TOO_LARGE, size=len(data))
        return
    yield RawRecord(0, HTML, data=data if want_html else None, size=len(data))

"""Plain text, one page per file (.txt): the whole file is one record at offset 0."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ghirbal.io.records import ERROR, PAGE, TOO_LARGE, RawRecord


def read_text(path: str, *, max_bytes: int, progress=None, **_: object) -> Iterator[RawRecord]:
    try:
        size = os.stat(path).st_size
        if size > max_bytes:  # decided from the size on disk: never read a huge file into memory
            yield RawRecord(0, TOO_LARGE, size=size)
            return
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
    yield RawRecord(0, PAGE, data=data, size=len(data))

"""One page per file: plain text (.txt) or HTML (.html, .htm), gzip-compressed too (.gz). The whole file
is one record at offset 0."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ghirbal.io import remote
from ghirbal.io.records import ERROR, HTML, PAGE, TOO_LARGE, RawRecord
from ghirbal.io.sniff import gunzip


def read_text(path: str, *, max_bytes: int, progress=None, **_: object) -> Iterator[RawRecord]:
    return _read_page(path, PAGE, max_bytes, progress)


def read_html(path: str, *, max_bytes: int, progress=None, want_html: bool = False, **_: object) -> Iterator[RawRecord]:
    return _read_page(path, HTML, max_bytes, progress, keep=want_html)


def _read_page(path: str, kind: str, max_bytes: int, progress, keep: bool = True) -> Iterator[RawRecord]:
    gz = path.lower().endswith(".gz")
    try:
        size = remote.size(path) if remote.is_url(path) else os.stat(path).st_size
        if size > max_bytes:  # decided from the size on disk: never read a huge file into memory
            yield RawRecord(0, TOO_LARGE, size=size)
            return
        with remote.open_input(path) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        yield RawRecord(0, ERROR, message=f"cannot read: {exc.strerror or exc}")
        return
    if progress is not None:
        progress.raw_pos = size
    if gz:
        try:
            data = gunzip(data, max_bytes)
        except ValueError as exc:
            yield RawRecord(0, ERROR, message=str(exc))
            return
    if len(data) > max_bytes:  # grew since stat, or decompressed past the cap
        yield RawRecord(0, TOO_LARGE, size=len(data))
        return
    yield RawRecord(0, kind, data=data if keep else None, size=len(data))

"""`ghirbal run -`: standard input, spooled into the output folder as a file the readers know.

The format is sniffed from the first bytes (JSON Lines, WARC/WET, HTML, Parquet, else one page of
text; gzip and zstd looked into), so the file gets the extension its reader is chosen by. Spooling
makes stdin an input like any other: units, the ledger, `--resume` (same bytes again) and `verify`.
"""

from __future__ import annotations

import os
import shutil
import sys
import zlib

from ghirbal.io import sniff

SPOOL_DIR = "_stdin"
_HEAD = 1 << 16


def _extension(head: bytes) -> str:
    kind = sniff.container_kind(head)
    if kind == sniff.GZIP:
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _HEAD)
        except zlib.error:
            inner = b""
        return _extension(inner) + ".gz" if inner else ".txt.gz"
    if kind == sniff.ZSTD:
        return ".jsonl.zst"  # the one zstd layout the readers take
    if kind == sniff.PARQUET:
        return ".parquet"
    if kind == sniff.WARC:
        return ".warc"
    if kind in (sniff.JSONL, sniff.JSON):
        return ".jsonl"
    from ghirbal.html import looks_like_html

    return ".html" if looks_like_html(head) else ".txt"


def spool_stdin(out_dir: str, stream=None) -> str:
    """Copy standard input to DIR/_stdin/stdin.EXT and return that path."""
    stream = stream if stream is not None else sys.stdin.buffer
    folder = os.path.join(out_dir, SPOOL_DIR)
    os.makedirs(folder, exist_ok=True)
    head = stream.read(_HEAD)
    path = os.path.join(folder, "stdin" + _extension(head))
    tmp = path + ".part"
    with open(tmp, "wb") as fh:
        fh.write(head)
        shutil.copyfileobj(stream, fh, 1 << 20)
    os.replace(tmp, path)
    return path

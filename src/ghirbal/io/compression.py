"""Decompress a file chunk by chunk, keeping every byte that was readable before an error.

zlib/zstd decompression objects are fed by hand (not gzip.open) so that a truncated or corrupt stream
still delivers all data up to the damage, and the damage is reported as a `StreamError` with the
decompressed offset where it happened.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

RAW_CHUNK = 1 << 18
# Compressed bytes per decompress call: on damage, the output of the failing call is lost, so this bounds
# how much readable data before the damage can be lost.
SLICE = 1 << 14


class StreamError(Exception):
    """The stream is damaged; `offset` is the number of decompressed bytes delivered before the damage."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def codec_of(path: str) -> str | None:
    low = path.lower()
    if low.endswith(".gz"):
        return "gzip"
    if low.endswith((".zst", ".zstd")):
        return "zstd"
    return None


class DecompressedChunks:
    """Iterate over decompressed chunks of `fh`; `raw_pos` is how far into the file on disk we are."""

    def __init__(self, fh: BinaryIO, codec: str | None):
        self.fh = fh
        self.codec = codec
        self.raw_pos = 0
        self.delivered = 0

    def __iter__(self) -> Iterator[bytes]:
        if self.codec is None:
            yield from self._plain()
        elif self.codec == "gzip":
            yield from self._framed(lambda: zlib.decompressobj(wbits=47), zlib.error, "gzip")
        else:
            import zstandard

            dctx = zstandard.ZstdDecompressor()
            yield from self._framed(dctx.decompressobj, zstandard.ZstdError, "zstd")

    def _plain(self) -> Iterator[bytes]:
        while chunk := self.fh.read(RAW_CHUNK):
            self.raw_pos += len(chunk)
            self.delivered += len(chunk)
            yield chunk

    def _framed(self, new, error_type: type[Exception], name: str) -> Iterator[bytes]:
        # Concatenated members/frames are legal (and common: per-record gzip); start a new
        # decompressor on the unused tail of the previous one.
        dec = new()
        started = False  # inside a member whose end we have not seen
        while data := self.fh.read(RAW_CHUNK):
            self.raw_pos += len(data)
            for i in range(0, len(data), SLICE):
                raw = data[i : i + SLICE]
                while raw:
                    try:
                        out = dec.decompress(raw)
                    except error_type as exc:
                        raise StreamError(f"{name} data is corrupt: {exc}", self.delivered) from None
                    started = True
                    if out:
                        self.delivered += len(out)
                        yield out
                    if dec.eof:
                        raw = dec.unused_data
                        dec, started = new(), False
                    else:
                        raw = b""
        if started and not dec.eof:
            raise StreamError(f"{name} stream is truncated (file ends inside compressed data)", self.delivered)

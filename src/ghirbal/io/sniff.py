"""What a blob of bytes is, from its first bytes: a single page, or a container of many records
(JSON Lines, a JSON object, WARC/WET, Parquet), or compressed (gzip, zstd). `ghirbal clean` refuses
containers (they are for `ghirbal run`), and `ghirbal run -` names standard input by it."""

from __future__ import annotations

import zlib

import orjson

GZIP, ZSTD, PARQUET, WARC, JSONL, JSON = "gzip", "zstd", "parquet", "warc", "jsonl", "json"

# What each container is called in messages.
NAMES = {GZIP: "gzip-compressed data", ZSTD: "zstd-compressed data", PARQUET: "a Parquet file",
         WARC: "a WARC/WET file (many pages)", JSONL: "JSON Lines (one record per line)", JSON: "a JSON object"}


def container_kind(data: bytes) -> str | None:
    """The container `data` is, or None for a page (text or HTML)."""
    if data[:2] == b"\x1f\x8b":
        return GZIP
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return ZSTD
    if data[:4] == b"PAR1":
        return PARQUET
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return WARC
    if head[:1] == b"{":
        first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        try:
            if isinstance(orjson.loads(first), dict):
                return JSONL
        except orjson.JSONDecodeError:
            pass
        try:
            if isinstance(orjson.loads(data.lstrip(b"\xef\xbb\xbf")), dict):
                return JSON
        except orjson.JSONDecodeError:
            pass
    return None


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompressed gzip data, at most `limit` + 1 bytes (the caller tells "too large" by the length).
    Raises ValueError on a damaged stream."""
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"damaged gzip data ({exc})") from None
    if not d.eof and len(out) <= limit:
        raise ValueError("gzip data is truncated (it ends inside the compressed stream)")
    return out


__all__ = ["NAMES", "container_kind", "gunzip"]

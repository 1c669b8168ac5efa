"""JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst, mC4's .json.gz): one record per line, parsed later.

Lines are split here but not parsed: parsing belongs to the worker. A line longer than the size cap is
skipped without ever being held in memory and becomes a `too-large` record.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghirbal.io.compression import DecompressedChunks, StreamError, codec_of
from ghirbal.io.records import ERROR, JSON, TOO_LARGE, RawRecord
from ghirbal.io.remote import open_input


class _Progress:
    raw_pos = 0


def read_jsonl(path: str, *, max_bytes: int, progress: _Progress | None = None, **_: object) -> Iterator[RawRecord]:
    try:
        fh = open_input(path)
    except OSError as exc:
        yield RawRecord(0, ERROR, message=f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        chunks = DecompressedChunks(fh, codec_of(path))
        buf = bytearray()
        pos = 0  # decompressed offset of buf[0]
        skip_from: int | None = None  # start of an oversize line being skipped
        try:
            for chunk in chunks:
                if progress is not None:
                    progress.raw_pos = chunks.raw_pos
                if skip_from is not None:
                    nl = chunk.find(b"\n")
                    if nl < 0:
                        pos += len(chunk)
                        continue
                    pos += nl + 1
                    yield RawRecord(skip_from, TOO_LARGE, size=pos - 1 - skip_from)
                    skip_from = None
                    chunk = chunk[nl + 1 :]
                buf += chunk
                start = 0
                while (nl := buf.find(b"\n", start)) >= 0:
                    rec = _line(buf, start, nl, pos + start, max_bytes)
                    if rec is not None:
                        yield rec
                    start = nl + 1
                del buf[:start]
                pos += start
                if len(buf) > max_bytes:  # no newline in sight: stop buffering, skip to the next one
                    skip_from = pos
                    pos += len(buf)
                    buf.clear()
        except StreamError as exc:
            # Complete lines before the damage were yielded; the partial line and whatever followed are lost.
            yield RawRecord(skip_from if skip_from is not None else pos, ERROR, message=str(exc))
            return
        except OSError as exc:
            yield RawRecord(pos, ERROR, message=f"read failed: {exc.strerror or exc}")
            return
        if skip_from is not None:
            yield RawRecord(skip_from, TOO_LARGE, size=pos - skip_from)
        elif buf:  # last line without a final newline
            rec = _line(buf, 0, len(buf), pos, max_bytes)
            if rec is not None:
                yield rec


def _line(buf: bytearray, start: int, end: int, offset: int, max_bytes: int) -> RawRecord | None:
    if end > start and buf[end - 1] == 0x0D:  # CRLF files
        end -= 1
    size = end - start
    if size > max_bytes:
        return RawRecord(offset, TOO_LARGE, size=size)
    line = bytes(buf[start:end])
    if offset == 0 and line.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark before the first record
        line = line[3:]
    if not line.strip():  # a blank line is not a record
        return None
    return RawRecord(offset, JSON, data=line, size=size)

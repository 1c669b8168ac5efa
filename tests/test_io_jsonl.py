"""JSONL reader: offsets, compression, oversize lines, damaged streams."""

from __future__ import annotations

import gzip
import random

import orjson
import pytest
import zstandard

from ghirbal.io.compression import RAW_CHUNK
from ghirbal.io.jsonl import read_jsonl
from ghirbal.io.records import ERROR, JSON, TOO_LARGE

LINES = [orjson.dumps({"id": str(i), "text": f"نص {i}" * (i + 1)}) for i in range(50)]
PLAIN = b"".join(line + b"\n" for line in LINES)


def offsets_of(data: bytes) -> list[int]:
    out, pos = [], 0
    for line in data.split(b"\n"):
        if line.strip():
            out.append(pos)
        pos += len(line) + 1
    return out


@pytest.mark.parametrize("ext,compress", [
    (".jsonl", lambda b: b),
    (".jsonl.gz", gzip.compress),
    (".jsonl.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_reads_every_line_with_its_decompressed_offset(tmp_path, ext, compress):
    path = tmp_path / f"a{ext}"
    path.write_bytes(compress(PLAIN))
    recs = list(read_jsonl(str(path), max_bytes=10_000))
    assert [r.kind for r in recs] == [JSON] * len(LINES)
    assert [r.data for r in recs] == LINES
    assert [r.offset for r in recs] == offsets_of(PLAIN)
    assert [r.size for r in recs] == [len(line) for line in LINES]


def test_multi_member_gzip_and_multi_frame_zstd(tmp_path):
    half = len(LINES) // 2
    a, b = b"".join(x + b"\n" for x in LINES[:half]), b"".join(x + b"\n" for x in LINES[half:])
    (tmp_path / "m.jsonl.gz").write_bytes(gzip.compress(a) + gzip.compress(b))
    c = zstandard.ZstdCompressor()
    (tmp_path / "m.jsonl.zst").write_bytes(c.compress(a) + c.compress(b))
    for name in ("m.jsonl.gz", "m.jsonl.zst"):
        recs = list(read_jsonl(str(tmp_path / name), max_bytes=10_000))
        assert [r.data for r in recs] == LINES, name


def test_blank_lines_crlf_and_missing_final_newline(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "a"}\r\n\n   \n{"text": "b"}\r\n{"text": "c"}')
    recs = list(read_jsonl(str(path), max_bytes=1000))
    assert [r.data for r in recs] == [b'{"text": "a"}', b'{"text": "b"}', b'{"text": "c"}']
    assert [r.offset for r in recs] == [0, 20, 35]


def test_oversize_line_is_skipped_not_buffered(tmp_path):
    big = b'{"text": "' + b"x" * (3 * RAW_CHUNK) + b'"}'  # spans several read chunks
    path = tmp_path / "a.jsonl"
    path.write_bytes(LINES[0] + b"\n" + big + b"\n" + LINES[1] + b"\n")
    recs = list(read_jsonl(str(path), max_bytes=1000))
    assert [r.kind for r in recs] == [JSON, TOO_LARGE, JSON]
    assert recs[1].offset == len(LINES[0]) + 1
    assert recs[1].size == len(big)
    assert recs[1].data is None
    assert recs[2].data == LINES[1] and recs[2].offset == len(LINES[0]) + 1 + len(big) + 1


def test_oversize_last_line_without_newline(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(LINES[0] + b"\n" + b"y" * 5000)
    recs = list(read_jsonl(str(path), max_bytes=1000))
    assert [r.kind for r in recs] == [JSON, TOO_LARGE]
    assert recs[1].size == 5000


@pytest.mark.parametrize("ext", [".jsonl.gz", ".jsonl.zst"])
def test_truncated_stream_keeps_what_was_read_and_reports_the_offset(tmp_path, ext):
    # Incompressible and big enough that the cut falls well inside, after complete blocks.
    lines = [orjson.dumps({"id": str(i), "text": random.randbytes(300).hex()}) for i in range(2000)]
    body = b"".join(line + b"\n" for line in lines)
    data = gzip.compress(body) if ext.endswith("gz") else zstandard.ZstdCompressor().compress(body)
    path = tmp_path / f"t{ext}"
    path.write_bytes(data[: len(data) * 2 // 3])
    recs = list(read_jsonl(str(path), max_bytes=100_000))
    assert recs[-1].kind == ERROR
    assert "truncated" in recs[-1].message
    good = recs[:-1]
    assert good and all(r.kind == JSON for r in good)
    assert [r.data for r in good] == lines[: len(good)]  # a prefix, in order, nothing invented
    assert len(good) > 500
    assert recs[-1].offset == good[-1].offset + good[-1].size + 1  # where the first lost record starts


def test_corrupt_gzip_reports_error(tmp_path):
    data = bytearray(gzip.compress(PLAIN * 40))
    for i in range(len(data) // 2, len(data) // 2 + 64):
        data[i] ^= 0xFF
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(bytes(data))
    recs = list(read_jsonl(str(path), max_bytes=100_000))
    assert recs[-1].kind == ERROR and "corrupt" in recs[-1].message
    assert sum(r.kind == ERROR for r in recs) == 1


def test_unreadable_and_empty_files(tmp_path):
    missing = list(read_jsonl(str(tmp_path / "nope.jsonl"), max_bytes=10))
    assert len(missing) == 1 and missing[0].kind == ERROR and "cannot open" in missing[0].message
    (tmp_path / "e.jsonl").write_bytes(b"")
    (tmp_path / "e.jsonl.gz").write_bytes(b"")
    (tmp_path / "e2.jsonl.gz").write_bytes(gzip.compress(b""))
    for name in ("e.jsonl", "e.jsonl.gz", "e2.jsonl.gz"):
        assert list(read_jsonl(str(tmp_path / name), max_bytes=10)) == [], name


def test_a_byte_order_mark_before_the_first_record_is_not_bad_json(tmp_path):
    from ghirbal.io.jsonl import read_jsonl
    from ghirbal.io.records import JSON

    p = tmp_path / "bom.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"text": "a"}\n{"text": "b"}\n')
    recs = list(read_jsonl(str(p), max_bytes=1000))
    assert [r.kind for r in recs] == [JSON, JSON]
    assert recs[0].data == b'{"text": "a"}'

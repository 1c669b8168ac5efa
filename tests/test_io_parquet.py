"""Parquet reader: rows streamed in batches, row offsets, damaged files."""

from __future__ import annotations

from test_run_support import write_parquet

from ghirbal.io.parquet import read_parquet
from ghirbal.io.records import ERROR, FIELDS


def test_rows_in_order_with_row_offsets(tmp_path):
    rows = [{"text": f"نص {i}", "url": f"https://x.com/{i}", "score": i / 10} for i in range(200)]
    path = write_parquet(tmp_path / "a.parquet", rows)
    recs = list(read_parquet(str(path), max_bytes=1000))
    assert [r.kind for r in recs] == [FIELDS] * 200
    assert [r.offset for r in recs] == list(range(200))
    assert [r.data for r in recs] == rows
    assert recs[5].size == len("نص 5") + len("https://x.com/5")


def test_corrupt_and_missing_parquet(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet at all PAR1")
    recs = list(read_parquet(str(bad), max_bytes=1000))
    assert len(recs) == 1 and recs[0].kind == ERROR and recs[0].offset == 0
    recs = list(read_parquet(str(tmp_path / "nope.parquet"), max_bytes=1000))
    assert len(recs) == 1 and recs[0].kind == ERROR


def test_truncated_parquet_is_an_error(tmp_path):
    rows = [{"text": "x" * 100, "i": i} for i in range(100)]
    path = write_parquet(tmp_path / "a.parquet", rows)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the footer is gone
    recs = list(read_parquet(str(path), max_bytes=1000))
    assert recs[-1].kind == ERROR

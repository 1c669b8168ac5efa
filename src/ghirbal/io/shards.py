"""Output shards, written atomically: a temp file in the same folder, then a rename.

A reader (or a resumed run) therefore sees a shard whole or not at all. Shards are deterministic
(gzip without name or mtime, Parquet with a fixed schema), so the same unit gives the same bytes.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from typing import Any

import orjson

TMP_SUFFIX = ".tmp"


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    return str(value)


def dumps(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, default=_json_default)


def _finish(tmp: str, final: str, fsync: bool) -> None:
    if fsync:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.replace(tmp, final)


def default_gzip_level() -> int:
    """`run.output.gzip_level` of the packaged defaults (defaults/run.toml): the one place it is set."""
    from ghirbal.config import default

    return default()["run"]["output"]["gzip_level"]


class JsonlGzWriter:
    suffix = ".jsonl.gz"
    # Lines are handed to the compressor in batches of about this many bytes: one compression call per
    # record, between two pages' cleaning, ran with the compressor's tables out of the CPU cache (twice
    # the cost of compressing the same lines in one go). Deflate's output does not depend on how its
    # input is split into calls, so the file's bytes are the same either way (tests/test_io_shards.py).
    batch_bytes = 1 << 20

    def __init__(self, path: str, *, level: int | None = None, fsync: bool = True):
        if level is None:
            level = default_gzip_level()
        self.path, self.tmp, self.fsync = path, path + TMP_SUFFIX, fsync
        self._raw = open(self.tmp, "wb")
        # filename="" and mtime=0: the same records give the same bytes on every run.
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=level, mtime=0)
        self._batch: list[bytes] = []
        self._batched = 0
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self._add(dumps(record) + b"\n")

    def write_line(self, line: bytes) -> None:
        """A record already serialized (a line of another shard, copied as it is)."""
        self._add(line if line.endswith(b"\n") else line + b"\n")

    def _add(self, line: bytes) -> None:
        self._batch.append(line)
        self._batched += len(line)
        self.count += 1
        if self._batched >= self.batch_bytes:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._gz.write(b"".join(self._batch))
            self._batch, self._batched = [], 0

    def close(self) -> None:
        self._flush()
        self._gz.close()
        self._raw.close()
        _finish(self.tmp, self.path, self.fsync)

    def abort(self) -> None:
        self._batch, self._batched = [], 0
        try:
            self._gz.close()
            self._raw.close()
        finally:
            _remove(self.tmp)


def article_schema(with_lines: bool):
    import pyarrow as pa

    fields = [
        ("id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("offset", pa.int64()),
        ("crawl_date", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("dateline", pa.string()),
        ("agency", pa.string()),
        ("published", pa.string()),
        ("published_precision", pa.string()),
        ("updated", pa.string()),
        ("body", pa.string()),
        ("captions", pa.list_(pa.string())),
        ("related", pa.list_(pa.struct([("title", pa.string()), ("date", pa.string())]))),
        ("site_name", pa.string()),
        ("language", pa.string()),
        ("empty_reason", pa.string()),
        ("meta", pa.string()),  # JSON text: input fields vary from corpus to corpus
        # JSON text: the fields record steps add (quality, language_id, dialect, ...), by name
        ("step_fields", pa.string()),
        # personal-data spans of `--pii tag` (null otherwise)
        ("pii", pa.list_(pa.struct([("field", pa.string()), ("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64())]))),
    ]
    if with_lines:
        line = pa.struct(
            [
                ("text", pa.string()),
                ("kept", pa.bool_()),
                ("role", pa.string()),
                ("reason", pa.string()),
                ("detail", pa.string()),
            ]
        )
        fields.append(("lines", pa.list_(line)))
    return pa.schema(fields)


class ParquetWriter:
    """Buffers one unit's articles (a unit is bounded) and writes them as one Parquet file."""

    suffix = ".parquet"

    def __init__(self, path: str, *, with_lines: bool = False, fsync: bool = True, **_: object):
        self.path, self.tmp, self.fsync = path, path + TMP_SUFFIX, fsync
        self.schema = article_schema(with_lines)
        self.names = frozenset(self.schema.names) - {"step_fields"}
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        row = dict(record)
        row["meta"] = dumps(row.get("meta") or {}).decode("utf-8")
        # Fields outside the fixed schema (added by record steps) would be dropped by from_pylist: kept as JSON.
        extra = {k: row.pop(k) for k in [k for k in row if k not in self.names]}
        row["step_fields"] = dumps(extra).decode("utf-8") if extra else None
        self.rows.append(row)
        self.count += 1

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self.rows, schema=self.schema)
        try:
            pq.write_table(table, self.tmp, compression="zstd")
        except BaseException:
            _remove(self.tmp)
            raise
        self.rows = []
        _finish(self.tmp, self.path, self.fsync)

    def abort(self) -> None:
        self.rows = []
        _remove(self.tmp)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def read_shard(path: str) -> Iterator[dict[str, Any]]:
    """Records of a finished shard (either format); Parquet `meta` comes back as a dict."""
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=256):
            for row in batch.to_pylist():
                if isinstance(row.get("meta"), str):
                    row["meta"] = orjson.loads(row["meta"])
                extra = row.pop("step_fields", None)
                if extra:
                    row.update(orjson.loads(extra))
                yield row
    else:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)

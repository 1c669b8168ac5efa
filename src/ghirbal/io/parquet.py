"""Parquet (CulturaX, FineWeb-2): streamed in small record batches with pyarrow; a row becomes a dict.

The offset of a record is its row number in the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghirbal.io import remote
from ghirbal.io.records import ERROR, FIELDS, RawRecord

# Small batches: a batch is held whole in memory and pages can be megabytes each.
BATCH_ROWS = 64


def read_parquet(path: str, *, max_bytes: int, progress=None, **_: object) -> Iterator[RawRecord]:
    import pyarrow.parquet as pq

    row = 0
    fh = None  # a remote object's file, closed when the reading ends (or the generator is dropped)
    try:
        fh = remote.open_input(path) if remote.is_url(path) else None
        pf = pq.ParquetFile(fh if fh is not None else path)
        total_rows = max(pf.metadata.num_rows, 1)
        file_size = remote.size(path)
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            for fields in batch.to_pylist():
                size = sum(len(v) for v in fields.values() if isinstance(v, (str, bytes)))  # unit sizing only
                yield RawRecord(row, FIELDS, data=fields, size=size)
                row += 1
            if progress is not None:
                progress.raw_pos = file_size * row // total_rows
    except OSError as exc:
        yield RawRecord(row, ERROR, message=f"cannot read parquet: {exc.strerror or exc}")
    except Exception as exc:  # pyarrow raises ArrowInvalid & co for corrupt files
        yield RawRecord(row, ERROR, message=f"corrupt parquet: {type(exc).__name__}: {exc}")
    finally:
        if fh is not None:
            fh.close()

"""Work units: consecutive records of one input file, cut by count and bytes.

The cut depends only on the input, never on the worker count, and each unit writes its own shards,
named after the unit, so output is the same whatever runs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ghirbal.io.records import RawRecord


@dataclass(slots=True)
class WorkUnit:
    file_index: int
    source: str
    index: int  # unit number within the file
    records: list[RawRecord] = field(default_factory=list)
    raw_start: int = 0  # position in the file on disk, for progress
    raw_end: int = 0

    @property
    def key(self) -> str:
        return unit_key(self.file_index, self.index)


def unit_key(file_index: int, unit_index: int) -> str:
    return f"{file_index:05d}-{unit_index:05d}"


def cut_units(
    file_index: int,
    source: str,
    records: Iterable[RawRecord],
    *,
    max_records: int,
    max_bytes: int,
    raw_pos=lambda: 0,
) -> Iterator[WorkUnit]:
    """Group `records` into units of at most `max_records` records / about `max_bytes` bytes."""
    unit = WorkUnit(file_index, source, 0)
    size = 0
    for rec in records:
        unit.records.append(rec)
        size += rec.size if rec.data is not None else 0
        if len(unit.records) >= max_records or size >= max_bytes:
            unit.raw_end = raw_pos()
            yield unit
            unit = WorkUnit(file_index, source, unit.index + 1, raw_start=unit.raw_end)
            size = 0
    if unit.records:
        unit.raw_end = raw_pos()
        yield unit

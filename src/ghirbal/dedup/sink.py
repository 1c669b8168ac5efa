"""Stage 1, in the cleaning worker: the signatures of a unit's written articles, to DIR/_dedup/sig/UNIT.parquet.

`SignatureSink.tee(writer)` wraps the unit's article writer: every record written is also remembered
(id, date, length, site, body); `close()` computes the unit's signatures in one vectorized batch and
writes them atomically. The unit's done-marker comes after, so a unit is done with its signatures.
"""

from __future__ import annotations

import os
from itertools import chain
from typing import Any

import numpy as np

from ghirbal.dedup import files
from ghirbal.dedup.signature import DedupParams, Words, band_hashes, exact_keys, fold_hash_words, minhash


def signature_schema(p: DedupParams):
    import pyarrow as pa

    return pa.schema([
        ("gid", pa.int64()),
        ("unit", pa.string()),
        ("offset", pa.int64()),
        ("id", pa.string()),
        ("published", pa.string()),
        ("body_len", pa.int64()),
        ("site", pa.string()),
        ("exact", pa.int64()),
        ("sig", pa.list_(pa.uint32())),  # null in exact mode
        ("bands", pa.list_(pa.int64())),
        ("paras", pa.list_(pa.int64())),  # per body paragraph: its key, null when short; null without --dedup-paragraphs
    ])


def signature_table(rows: list[dict[str, Any]], bodies: list[str], p: DedupParams):
    """The signature rows of a batch of articles (`rows` hold gid, unit, offset, id, published, site)."""
    import pyarrow as pa

    if p.paragraphs:  # the words of every paragraph; a body's words are its paragraphs' in a row
        split = [b.split("\n") for b in bodies]
        para_words = fold_hash_words(list(chain.from_iterable(split)))
        first = np.zeros(len(bodies) + 1, dtype=np.int64)
        np.cumsum([len(ps) for ps in split], out=first[1:])
        words = Words(para_words.hashes, para_words.offsets[first])
    else:
        words = fold_hash_words(bodies)
    counts = np.diff(words.offsets)
    keep = np.flatnonzero(counts > 0).tolist()  # a body without a word has nothing to compare
    if len(keep) < len(bodies):
        words = Words(words.hashes, np.concatenate(([0], np.cumsum(counts[keep]))).astype(np.int64))
    rows = [rows[i] for i in keep]
    cols: dict[str, Any] = {k: [r[k] for r in rows] for k in ("gid", "unit", "offset", "id", "published", "site")}
    cols["body_len"] = [len(bodies[i]) for i in keep]
    cols["exact"] = exact_keys(words)
    n = len(rows)
    if p.mode == "near" and n:
        sigs = minhash(words, p)
        bands = band_hashes(sigs, p)
        cols["sig"] = pa.FixedSizeListArray.from_arrays(pa.array(sigs.ravel(), pa.uint32()), p.num_perm).cast(pa.list_(pa.uint32()))
        cols["bands"] = pa.FixedSizeListArray.from_arrays(pa.array(bands.ravel(), pa.int64()), p.bands).cast(pa.list_(pa.int64()))
    else:
        cols["sig"] = pa.nulls(n, pa.list_(pa.uint32()))
        cols["bands"] = pa.nulls(n, pa.list_(pa.int64()))
    if p.paragraphs:
        keys = exact_keys(para_words)
        plen = np.diff(para_words.offsets).tolist()
        cols["paras"] = [[keys[j] if plen[j] >= p.para_min_words else None for j in range(first[i], first[i + 1])]
                         for i in keep]
    else:
        cols["paras"] = pa.nulls(n, pa.list_(pa.int64()))
    schema = signature_schema(p)
    return pa.Table.from_arrays([cols[f.name] if isinstance(cols[f.name], pa.Array) else pa.array(cols[f.name], f.type)
                                 for f in schema], schema=schema)


# The signature file's columns worth a dictionary (few distinct values). The others are hashes and
# ids, unique or random: dictionary-encoding them took 3/4 of the file's write and made it larger.
_DICTIONARY = ["unit", "site", "published"]


def write_table(table, path: str, dictionary: bool | list[str] = True) -> None:
    """`table` as Parquet (zstd) at `path`, atomically; `dictionary`: Parquet's use_dictionary (all
    columns, none, or the named ones)."""
    import pyarrow.parquet as pq

    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    pq.write_table(table, tmp, compression="zstd", use_dictionary=dictionary)
    os.replace(tmp, path)


class _Tee:
    """The unit's article writer, with every written record also handed to the sink."""

    def __init__(self, writer, sink: SignatureSink):
        self.writer, self.sink = writer, sink

    def write(self, record: dict[str, Any]) -> None:
        self.writer.write(record)
        self.sink.add(record)

    def close(self):
        return self.writer.close()

    def abort(self) -> None:
        self.writer.abort()


class SignatureSink:
    def __init__(self, out_dir: str, unit, params: DedupParams):
        self.out_dir, self.unit, self.params = out_dir, unit, params
        self.rows: list[dict[str, Any]] = []
        self.bodies: list[str] = []

    def tee(self, writer) -> _Tee:
        return _Tee(writer, self)

    def add(self, record: dict[str, Any]) -> None:
        from ghirbal.sites.domain import site_of

        self.rows.append({
            "gid": files.gid(self.unit.file_index, record["offset"]),
            "unit": self.unit.key,
            "offset": record["offset"],
            "id": str(record["id"]),
            "published": record.get("published"),
            "site": site_of(record.get("url")),
        })
        self.bodies.append(record.get("body") or "")

    def close(self) -> None:
        """Write the unit's signature file (also when empty: the file says the unit was signed)."""
        table = signature_table(self.rows, self.bodies, self.params)
        write_table(table, files.sig_path(self.out_dir, self.unit.key), dictionary=_DICTIONARY)
        self.rows, self.bodies = [], []


def sink_for(settings, unit) -> SignatureSink | None:
    """The unit's signature sink, or None when the run does not deduplicate."""
    mode = getattr(settings, "dedup", "none")
    if mode == "none":
        return None
    return SignatureSink(settings.out_dir, unit, params_for(settings))


def params_for(settings) -> DedupParams:
    """The dedup parameters of a run: its config's [dedup] table, with the command line's choices."""
    return DedupParams.from_config(settings.clean_config, settings.dedup, getattr(settings, "dedup_paragraphs", False))

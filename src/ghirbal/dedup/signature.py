"""Dedup keys of article bodies: an exact key (hash of the folded words) and a MinHash signature over
word n-gram shingles with its LSH band hashes. Vectorized over a batch (a work unit's articles).

Words are `ghirbal.normalize.fold_words` (the one folding of the project), taken as UTF-16 code
units in bulk (`normalize.fold_words_units`) and hashed in numpy; a shingle's hash mixes its words' hashes;
rensa turns each document's shingle hashes into a MinHash signature. No Python object per word or
shingle: that is what makes it ~10k articles/s per core (bench/bench_dedup.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import xxhash

from ghirbal.normalize import fold_words_units

_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio: an odd multiplier that spreads bits
_SHIFT = np.uint64(29)
# A shingle's hash is its words' hashes weighted by place (distinct odd 64-bit constants), summed, mixed.
_WEIGHTS = tuple(np.uint64(((0xC2B2AE3D27D4EB4F * (j + 1)) & (2**64 - 1)) | 1) for j in range(64))


@dataclass(frozen=True)
class DedupParams:
    """The [dedup] table of the config (defaults: src/ghirbal/defaults/dedup.toml)."""

    mode: str
    shingle: int
    num_perm: int
    bands: int
    rows: int
    threshold: float
    seed: int
    bucket_window: int
    memory_limit: str
    threads: int
    top_sites: int
    # Paragraph-level dedup (--dedup-paragraphs; the [dedup.paragraphs] table).
    paragraphs: bool = False
    para_min_sites: int = 0
    para_min_words: int = 0
    para_top: int = 0

    @classmethod
    def from_config(cls, cfg: dict[str, Any] | None = None, mode: str | None = None, paragraphs: bool = False,
                    **overrides: Any) -> DedupParams:
        from ghirbal.config import default

        d = dict(default()["dedup"])
        d.update((cfg or {}).get("dedup") or {})
        para = d.pop("paragraphs")
        d.update(para_min_sites=para["min_sites"], para_min_words=para["min_words"], para_top=para["top"])
        d.update(overrides)
        if mode:
            d["mode"] = mode
        d["paragraphs"] = bool(paragraphs)
        p = cls(**{k: d[k] for k in cls.__dataclass_fields__})
        if p.mode not in ("near", "exact", "none"):
            raise ValueError(f"dedup mode must be near, exact or none, not {p.mode!r}")
        if min(p.shingle, p.num_perm, p.bands, p.rows) < 1:
            raise ValueError("dedup.shingle, num_perm, bands and rows must be at least 1")
        if p.shingle > len(_WEIGHTS):
            raise ValueError(f"dedup.shingle must be at most {len(_WEIGHTS)} words")
        if p.paragraphs and p.mode == "none":
            raise ValueError("paragraph dedup (--dedup-paragraphs) needs --dedup near or exact")
        if p.bands * p.rows > p.num_perm:
            raise ValueError(f"dedup.bands x dedup.rows ({p.bands} x {p.rows}) exceeds dedup.num_perm ({p.num_perm})")
        return p


@dataclass(frozen=True)
class Words:
    """The folded words of a batch of texts, as one 64-bit hash per word: text d's words are
    hashes[offsets[d]:offsets[d + 1]]."""

    hashes: np.ndarray  # uint64
    offsets: np.ndarray  # int64, len(texts) + 1


_POLY = 0xA24BAED4963EE407  # odd: a unit at position i of the batch weighs _POLY ** i (mod 2^64)
_CHUNK = 1 << 20  # code units hashed at once (the texts of a batch are taken in chunks of about this)
_powers: dict[str, np.ndarray] = {}


def _poly_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """_POLY ** i and its inverse ** i for i in 0..n (at least); kept for the next batch up to _CHUNK."""
    if len(_powers.get("up", ())) > n:
        return _powers["up"], _powers["down"]
    size = 1 << max(16, int(n).bit_length())
    out = []
    with np.errstate(over="ignore"):
        for base in (_POLY, pow(_POLY, -1, 1 << 64)):
            arr = np.empty(size + 1, dtype=np.uint64)
            arr[0] = 1
            np.cumprod(np.full(size, base, dtype=np.uint64), out=arr[1:])
            out.append(arr)
    if size <= _CHUNK:
        _powers["up"], _powers["down"] = out
    return out[0], out[1]


def fold_hash_words(texts: list[str]) -> Words:
    """`normalize.fold_words` of every text, each word hashed (numpy over the batch's code units: no
    Python string per word). Equal words get equal hashes wherever they are."""
    parts, start, size = [], 0, 0
    for i, t in enumerate(texts):
        size += len(t) + 1
        if size >= _CHUNK:
            parts.append(_hash_words(texts[start:i + 1]))
            start, size = i + 1, 0
    if start < len(texts) or not parts:
        parts.append(_hash_words(texts[start:]))
    if len(parts) == 1:
        return parts[0]
    offsets, base = [np.zeros(1, dtype=np.int64)], 0
    for w in parts:
        offsets.append(w.offsets[1:] + base)
        base += len(w.hashes)
    return Words(np.concatenate([w.hashes for w in parts]), np.concatenate(offsets))


def _hash_words(texts: list[str]) -> Words:
    units, starts = fold_words_units(texts)
    inword = units != 0
    edges = np.flatnonzero(inword[1:] != inword[:-1]) + 1  # the last unit is always 0 (a separator)
    if len(inword) and inword[0]:
        edges = np.concatenate(([0], edges))
    first, stop = edges[0::2], edges[1::2]
    up, down = _poly_powers(len(units))
    with np.errstate(over="ignore"):
        # A word's hash is the polynomial sum(unit_i * P^i) over its units, shifted to start at P^0
        # (prefix sums, then one multiplication by P^-start), mixed with the word's length.
        prefix = np.zeros(len(units) + 1, dtype=np.uint64)
        np.cumsum(units * up[:len(units)], out=prefix[1:])
        at = prefix[edges]  # each word's prefix sums at its first unit and past its last
        raw = (at[1::2] - at[0::2]) * down[first]
        words = _mix(raw, (stop - first).astype(np.uint64))
    return Words(words, np.searchsorted(first, starts).astype(np.int64))


def exact_keys(words: Words) -> list[int]:
    """Per text, a 64-bit key of its folded word sequence, as a signed int (Arrow/DuckDB int64)."""
    buf = words.hashes.tobytes()
    offs = (words.offsets * 8).tolist()
    return [xxhash.xxh3_64_intdigest(buf[a:b]) - (1 << 63) for a, b in zip(offs, offs[1:])]


def _mix(h: np.ndarray, v: np.ndarray) -> np.ndarray:
    h = (h ^ v) * _MIX
    return h ^ (h >> _SHIFT)


def shingle_hashes(words: Words, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Flat uint64 shingle hashes of all documents and their row offsets (len(docs) + 1).
    A document shorter than k words is one shingle of all its words."""
    flat, starts = words.hashes, words.offsets
    ndocs = len(starts) - 1
    lens = np.diff(starts)
    n = len(flat)
    with np.errstate(over="ignore"):
        # Window i covers words i..i+k-1 of the flat array; it is a shingle of document d when it ends
        # inside d. Short documents keep one window, their words only (shorter than k).
        m = max(n - k + 1, 0)
        h = flat[:m] * _WEIGHTS[0]
        for j in range(1, k):
            h += flat[j:j + m] * _WEIGHTS[j]
        h = _mix(h, np.uint64(k))
        doc_of = np.repeat(np.arange(ndocs, dtype=np.int64), lens)[:m]
        keep = np.arange(m) + k <= starts[doc_of + 1]
        short = np.flatnonzero((lens < k) & (lens > 0))
        sh, d = h[keep], doc_of[keep]
        if len(short):  # rare (bodies under k words): one shingle of all the words, then order by document
            extra = np.zeros(len(short), dtype=np.uint64)
            for j in range(k):  # the same sum over the words a short document has
                idx = starts[short] + j
                has = j < lens[short]
                extra[has] += flat[idx[has]] * _WEIGHTS[j]
            extra = _mix(extra, np.uint64(k))
            sh, d = np.concatenate([sh, extra]), np.concatenate([d, short])
            order = np.argsort(d, kind="stable")
            sh, d = sh[order], d[order]
    counts = np.bincount(d, minlength=ndocs) if len(d) else np.zeros(ndocs, dtype=np.int64)
    offs = np.zeros(ndocs + 1, dtype=np.uint64)
    np.cumsum(counts, out=offs[1:])
    return sh, offs


def minhash(words: Words, p: DedupParams) -> np.ndarray:
    """(n, num_perm) uint32 MinHash signatures (rensa), one per text of `words`."""
    import rensa

    n = len(words.offsets) - 1
    if not n:
        return np.zeros((0, p.num_perm), dtype=np.uint32)
    sh, offs = shingle_hashes(words, p.shingle)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(sh, offs, p.num_perm, p.seed)
    # rensa hands the matrix back as Python lists only; fromiter over them is the cheapest way in.
    flat = np.fromiter(chain.from_iterable(matrix.to_rows()), dtype=np.uint32, count=n * p.num_perm)
    return flat.reshape(n, p.num_perm)


def band_hashes(sigs: np.ndarray, p: DedupParams) -> np.ndarray:
    """(n, bands) int64 bucket keys: band b hashes signature values b*rows .. b*rows+rows-1."""
    n = sigs.shape[0]
    grouped = sigs[:, :p.bands * p.rows].astype(np.uint64).reshape(n, p.bands, p.rows)
    with np.errstate(over="ignore"):
        h = np.broadcast_to(np.arange(1, p.bands + 1, dtype=np.uint64) * _MIX, (n, p.bands))
        for r in range(p.rows):  # all bands at once, a row at a time
            h = _mix(h, grouped[:, :, r])
    return np.ascontiguousarray(h).view(np.int64)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of row pairs: the share of equal signature values."""
    return (a == b).mean(axis=1)

"""Dedup keys of article bodies: an exact key (hash of the folded words) and a MinHash signature over
word n-gram shingles with its LSH band hashes. Vectorized over a batch (a work unit's articles).

Words are `ghirbal.normalize.fold_words` (the one folding of the project), hashed once each by rensa;
a shingle's hash mixes its words' hashes (numpy, no string joins); rensa turns each document's
shingle hashes into a MinHash signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import xxhash

from ghirbal.normalize import fold_words

_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio: an odd multiplier that spreads bits
_SHIFT = np.uint64(29)


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
        if p.paragraphs and p.mode == "none":
            raise ValueError("paragraph dedup (--dedup-paragraphs) needs --dedup near or exact")
        if p.bands * p.rows > p.num_perm:
            raise ValueError(f"dedup.bands x dedup.rows ({p.bands} x {p.rows}) exceeds dedup.num_perm ({p.num_perm})")
        return p


def body_words(body: str) -> list[str]:
    return fold_words(body)


def paragraph_words(body: str) -> list[list[str]]:
    """Folded words per paragraph; their concatenation is `body_words(body)` (no word spans a line)."""
    return [fold_words(par) for par in body.split("\n")]


def exact_key(words: list[str]) -> int:
    """64-bit key of the folded word sequence, as a signed int (Arrow/DuckDB int64)."""
    return xxhash.xxh3_64_intdigest(" ".join(words).encode("utf-8")) - (1 << 63)


def _mix(h: np.ndarray, v: np.ndarray) -> np.ndarray:
    h = (h ^ v) * _MIX
    return h ^ (h >> _SHIFT)


def shingle_hashes(words_per_doc: list[list[str]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Flat uint64 shingle hashes of all documents and their row offsets (len(docs) + 1).
    A document shorter than k words is one shingle of all its words."""
    import rensa

    # One flat token list for the batch: rensa hashes it in one call, numpy takes the list in one go.
    lens = np.fromiter(map(len, words_per_doc), dtype=np.int64, count=len(words_per_doc))
    flat = np.array(rensa.RMinHash.hash_token_sets([list(chain.from_iterable(words_per_doc))])[0], dtype=np.uint64)
    starts = np.zeros(len(words_per_doc) + 1, dtype=np.int64)
    np.cumsum(lens, out=starts[1:])
    n = len(flat)
    with np.errstate(over="ignore"):
        # Window i covers words i..i+k-1 of the flat array; it is a shingle of document d when it ends
        # inside d. Short documents keep one window, their words only (shorter than k).
        m = max(n - k + 1, 0)
        h = np.zeros(m, dtype=np.uint64)
        for j in range(k):
            h = _mix(h, flat[j:j + m])
        doc_of = np.searchsorted(starts, np.arange(m), side="right") - 1
        keep = np.arange(m) + k <= starts[doc_of + 1]
        short = np.flatnonzero((lens < k) & (lens > 0))
        sh, d = h[keep], doc_of[keep]
        if len(short):  # rare (bodies under k words): one shingle of all the words, then order by document
            extra = np.zeros(len(short), dtype=np.uint64)
            for j in range(k):  # the same mix over the words a short document has
                idx = starts[short] + j
                has = j < lens[short]
                extra[has] = _mix(extra[has], flat[idx[has]])
            sh, d = np.concatenate([sh, extra]), np.concatenate([d, short])
            order = np.argsort(d, kind="stable")
            sh, d = sh[order], d[order]
    counts = np.bincount(d, minlength=len(words_per_doc)) if len(d) else np.zeros(len(words_per_doc), dtype=np.int64)
    offs = np.zeros(len(words_per_doc) + 1, dtype=np.uint64)
    np.cumsum(counts, out=offs[1:])
    return sh, offs


def minhash(words_per_doc: list[list[str]], p: DedupParams) -> np.ndarray:
    """(n, num_perm) uint32 MinHash signatures."""
    import rensa

    if not words_per_doc:
        return np.zeros((0, p.num_perm), dtype=np.uint32)
    sh, offs = shingle_hashes(words_per_doc, p.shingle)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(sh, offs, p.num_perm, p.seed)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(words_per_doc), p.num_perm)


def band_hashes(sigs: np.ndarray, p: DedupParams) -> np.ndarray:
    """(n, bands) int64 bucket keys: band b hashes signature values b*rows .. b*rows+rows-1."""
    n = sigs.shape[0]
    out = np.empty((n, p.bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        s = sigs.astype(np.uint64)
        for b in range(p.bands):
            h = np.full(n, np.uint64(b + 1) * _MIX, dtype=np.uint64)
            for r in range(p.rows):
                h = _mix(h, s[:, b * p.rows + r])
            out[:, b] = h
    return out.view(np.int64)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of row pairs: the share of equal signature values."""
    return (a == b).mean(axis=1)

"""Shared helpers for the corpus-run tests (no tests here): sample pages, corpus writers, output readers."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
SEED = (REPO / "examples" / "egypttoday-seed.txt").read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")
# A page of navigation chrome only: the extractor finds no article in it.
CHROME_ONLY = "\n".join(["الرئيسية", "أخبار", "رياضة", "اتصل بنا", "من نحن", "سياسة الخصوصية"] * 3)


_TAGS = ("أحمد سالم خالد ليلى مريم يوسف هدى عمر نادية سمير رنا طارق سلمى زياد هالة باسل منى كريم دينا وليد "
         "عائشة ماجد نور فادي سارة جمال رهف حسام لينا إياد").split()


def _tag(i: int) -> str:
    # Words, not digits: match keys mask numbers, so "(1)" and "(2)" would make the same line.
    words = []
    while True:
        i, r = divmod(i, len(_TAGS))
        words.append(_TAGS[r])
        if not i:
            return " ".join(words)


def _interleave(line: str, rng: random.Random, every: int = 2) -> str:
    words = line.split(" ")
    out = []
    for n, w in enumerate(words, 1):
        out.append(w)
        if n % every == 0 and n < len(words):
            out.append(rng.choice(_TAGS))
    return " ".join(out)


def page(i: int) -> str:
    """A distinct article page: the seed with its story lines tagged, so bodies differ page to page.
    A name drawn for page i is woven into every story paragraph after every 2nd word (so every run of 5
    words holds one), not only appended: pages that differ by a suffix would be near-duplicates of one
    another, which `ghirbal run` drops (ghirbal.dedup); and names drawn at random, not one tag repeated,
    keep the text from looking machine-repeated to the quality filter (ghirbal.quality)."""
    out = []
    tag = _tag(i)
    rng = random.Random(i)
    for ln in SEED_LINES:
        if len(ln) > 80 and ln.rstrip().endswith((".", "\"", "»")):
            out.append(f"{_interleave(ln, rng)} ({tag})")
        else:
            out.append(f"{ln} ({tag})" if len(ln) > 80 else ln)
    return "\n".join(out)


def write_jsonl(path: Path, records: list, compression: str | None = None) -> Path:
    data = b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in records)
    if compression == "gz":
        data = gzip.compress(data)
    elif compression == "zst":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def warc_record(wtype: str, uri: str | None, payload: bytes, *, date: str = "2024-05-01T10:00:00Z",
                record_id: str | None = None, content_type: str = "text/plain", extra: dict | None = None) -> bytes:
    """One WARC/1.0 record written by hand (headers, CRLF, payload, CRLF CRLF)."""
    headers = {
        "WARC-Type": wtype,
        "WARC-Record-ID": record_id or f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Date": date,
    }
    if uri:
        headers["WARC-Target-URI"] = uri
    headers.update(extra or {})
    headers["Content-Type"] = content_type
    headers["Content-Length"] = str(len(payload))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("utf-8") + payload + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes], gzip_members: bool = True) -> list[int]:
    """Write records (gzip per record, as Common Crawl does); return each record's offset in the file."""
    offsets, data = [], b""
    for rec in records:
        offsets.append(len(data))
        data += gzip.compress(rec) if gzip_members else rec
    path.write_bytes(data)
    return offsets


def http_response(html: str) -> bytes:
    body = html.encode("utf-8")
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=7)
    return path


def run_cli(*argv: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`ghirbal …` in a subprocess, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "ghirbal.cli", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def main(*argv: str) -> int:
    """`ghirbal …` in this process (faster; exercises the same code)."""
    from ghirbal.cli import main as cli_main

    return cli_main(list(argv))


def output_records(out: Path) -> tuple[list[dict], list[dict]]:
    from ghirbal.io.shards import read_shard

    arts = [r for p in sorted(out.glob("articles-*")) for r in read_shard(str(p))]
    rejs = [r for p in sorted(out.glob("rejects-*")) for r in read_shard(str(p))]
    return arts, rejs


def shard_bytes(out: Path) -> dict[str, bytes]:
    """Every shard's name and bytes: two runs with equal output give equal dicts."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("articles-*")) + sorted(out.glob("rejects-*"))}


def sorted_lines(out: Path) -> list[str]:
    arts, rejs = output_records(out)
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in arts + rejs)


def ledger(out: Path) -> dict:
    return json.loads((out / "ledger.json").read_text())


def assert_invariant(led: dict) -> None:
    for f in led["files"]:
        assert f["read"] == f["written"] + f["rejected"] + f["errored"], f
        assert f["errored"] == len(f["errors"]), f
    for k in ("read", "written", "rejected", "errored"):
        assert led["totals"][k] == sum(f[k] for f in led["files"])

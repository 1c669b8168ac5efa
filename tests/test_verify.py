"""`ghirbal verify DIR`: passes on a good run, names the problem on each kind of tampering."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from test_run_support import CHROME_ONLY, main, page, run_cli, write_jsonl


@pytest.fixture
def good_run(tmp_path):
    recs = [{"id": str(i), "url": f"https://v.com/{i}", "text": page(i) if i % 4 else CHROME_ONLY} for i in range(30)]
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    cfg = tmp_path / "u.toml"
    cfg.write_text("[run.units]\nrecords = 10\n")
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--config", str(cfg)) == 0
    return out


def verify(out):
    return run_cli("verify", str(out))


def test_a_good_run_verifies(good_run):
    proc = verify(good_run)
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout and "30 read" in proc.stdout


def test_a_missing_shard_is_a_mismatch(good_run):
    next(good_run.glob("articles-*")).unlink()
    proc = verify(good_run)
    assert proc.returncode == 1
    assert "ledger says written" in proc.stderr and "missing" in proc.stderr


def test_an_edited_ledger_is_a_mismatch(good_run):
    path = good_run / "ledger.json"
    led = json.loads(path.read_text())
    led["files"][0]["written"] += 1
    led["totals"]["written"] += 1
    path.write_text(json.dumps(led))
    proc = verify(good_run)
    assert proc.returncode == 1 and "read 30 != written" in proc.stderr


def test_a_stray_or_duplicated_shard_is_a_mismatch(good_run):
    first = next(good_run.glob("rejects-*"))
    shutil.copy(first, good_run / "rejects-00000-00099.jsonl.gz")
    proc = verify(good_run)
    assert proc.returncode == 1
    assert "no finished unit wrote it" in proc.stderr and "more than once" in proc.stderr


def test_a_dropped_record_is_a_mismatch(good_run):
    shard = next(good_run.glob("articles-*"))
    lines = gzip.decompress(shard.read_bytes()).splitlines(keepends=True)
    shard.write_bytes(gzip.compress(b"".join(lines[1:])))
    proc = verify(good_run)
    assert proc.returncode == 1 and "the shards hold" in proc.stderr


def test_a_damaged_shard_is_reported_not_a_crash(good_run):
    shard = next(good_run.glob("articles-*"))
    shard.write_bytes(shard.read_bytes()[:50])
    proc = verify(good_run)
    assert proc.returncode == 1 and "unreadable" in proc.stderr and "Traceback" not in proc.stderr


def test_not_a_run_folder(tmp_path):
    proc = verify(tmp_path)
    assert proc.returncode == 2 and "no ledger.json" in proc.stderr

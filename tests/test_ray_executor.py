"""`ghirbal run --executor ray` on a local Ray instance (2 CPUs, shared by the tests of this module):
the same shards (byte for byte), ledger and verify as `--executor local`, with bad input, a Ray worker
killed in the middle of a unit, and the driver killed with kill -9 then resumed.

Skipped with a message where Ray is not installed; in CI (CI=true, `.ci/run` installs the `ray` extra)
a missing Ray fails instead.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import threading
import time

import orjson
import pytest
from shared_data import optional_module
from test_run_support import REPO, assert_invariant, ledger, main, page, shard_bytes, write_jsonl

from ghirbal.run.stages import PAUSE_ENV

ray = optional_module("ray", "ray")

UNITS = "[run.units]\nrecords = 8\n"


@pytest.fixture(scope="module")
def ray_instance():
    """One local Ray instance for the module: 2 CPUs, no dashboard, a small object store."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=80 * 1024 * 1024)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Three sites of 20+ pages (so site templates are learned), a copy (dedup drops it) and bad
    records: broken JSON, a JSON list, empty and blank text, a missing text field, non-UTF-8 bytes (a
    cp1256 line is decoded, binary junk is a decode-error), and a truncated gzip file (a read-error)."""
    root = tmp_path_factory.mktemp("ray")
    d = root / "in"
    d.mkdir()
    good = [{"id": f"p{i}", "url": f"https://site{i % 3}.com/a/{i}", "text": page(i)} for i in range(66)]
    copy = dict(good[5], id="copy-of-p5", url="https://site9.com/x/5", text=page(5).replace("\n", "\n\n", 3))
    bad = [
        b'{"id": "broken", "text": "no closing brace"',
        b'["not", "an", "object"]',
        orjson.dumps({"id": "empty", "url": "https://site0.com/e", "text": ""}),
        orjson.dumps({"id": "blank", "url": "https://site1.com/b", "text": " \n \n"}),
        orjson.dumps({"id": "notext", "url": "https://site2.com/n"}),
        orjson.dumps({"id": "cp1256", "url": "https://site0.com/c", "text": page(90)}).decode().encode("cp1256"),
        b'{"id": "binary", "text": "\xff\x00\xfe\x01\x02\x03\x00\x04\x05\x06\x07"}',
        b"\xff\xfe\xfd not json, not utf-8",
    ]
    lines: list = []
    for i, rec in enumerate(good[:40]):
        lines.append(rec)
        if i % 5 == 2 and bad:
            lines.append(bad.pop())
    write_jsonl(d / "a.jsonl", lines + bad + [copy])
    write_jsonl(d / "b.jsonl.gz", good[40:], "gz")
    tail = gzip.compress(b"".join(orjson.dumps({"id": f"t{i}", "url": f"https://site{i % 3}.com/t/{i}", "text": page(i)})
                                  + b"\n" for i in range(100, 112)))
    (d / "c.jsonl.gz").write_bytes(tail[: len(tail) * 2 // 3])  # truncated: what was readable is kept
    cfg = root / "units.toml"
    cfg.write_text(UNITS)
    ref = root / "local"
    assert main("run", str(d), "--out", str(ref), "-j", "2", "--config", str(cfg), "--no-progress") == 1  # read-error
    led = ledger(ref)
    assert led["totals"]["errored"] >= 1 and led["totals"]["rejected"] >= 8
    assert (ref / "sites" / "templates.parquet").exists()
    return d, cfg, ref


def run_ray(d, cfg, out, *extra: str) -> int:
    return main("run", str(d), "--out", str(out), "--executor", "ray", "-j", "2", "--config", str(cfg), "--no-progress",
                *extra)


def assert_same_as_local(out, ref):
    assert shard_bytes(out) == shard_bytes(ref)
    assert ledger(out) == ledger(ref)
    assert_invariant(ledger(out))
    assert not list(out.rglob("*.tmp"))
    assert main("verify", str(out)) == 0


def model_rows(folder) -> dict:
    import pyarrow.parquet as pq

    return {name: sorted((r["site"], r.get("key"), r["pages"]) for r in pq.read_table(folder / name).to_pylist())
            for name in ("sites.parquet", "templates.parquet")}


def test_ray_run_is_byte_identical_to_local(ray_instance, corpus, tmp_path):
    d, cfg, ref = corpus
    out = tmp_path / "ray"
    assert run_ray(d, cfg, out) == 1  # the truncated file's read-error, as locally
    assert_same_as_local(out, ref)
    assert len(ledger(out)["files"]) == 3
    stats = orjson.loads((out / "stats.json").read_bytes())
    assert {"bad-json", "empty-text", "missing-text", "decode-error", "exact-duplicate"} <= set(stats["rejects"])
    # The site model learned in site partitions on Ray counts what the local run counted.
    assert model_rows(out / "sites") == model_rows(ref / "sites")
    assert stats["sites"] and any(s.get("template") for s in stats["sites"].values())
    # Per-node throughput: every unit is attributed to a Ray node (host/node id), pages add up.
    nodes = stats["run"]["nodes"]
    assert stats["run"]["executor"] == "ray"
    assert all("/" in n["node"] and n["pages_per_second"] for n in nodes)
    assert sum(n["pages"] for n in nodes) == ledger(out)["totals"]["read"]
    assert sum(n["units"] for n in nodes) == stats["run"]["units"]
    assert "Per node" in (out / "report.html").read_text(encoding="utf-8")


def _kill_when_paused(flag, killed: list, timeout: float = 180) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if flag.exists() and flag.read_text():
            pid = int(flag.read_text())
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            return
        time.sleep(0.05)


def test_a_killed_ray_worker_is_retried_and_the_output_is_identical(ray_instance, corpus, tmp_path, monkeypatch):
    d, cfg, ref = corpus
    out = tmp_path / "ray"
    key = "00000-00002"
    monkeypatch.setenv(PAUSE_ENV, key)  # the unit stops half-way (records in its temp shards) on its first attempt
    killed: list[int] = []
    killer = threading.Thread(target=_kill_when_paused, args=(out / "_state" / f"paused-{key}", killed))
    killer.start()
    code = run_ray(d, cfg, out)
    killer.join()
    assert killed, "the paused unit never started"
    assert code == 1  # (the truncated file's read-error)
    assert_same_as_local(out, ref)
    marker = orjson.loads((out / "_state" / "units" / f"{key}.json").read_bytes())
    assert marker["pid"] != killed[0]  # done by the retry, in another worker process
    assert not _alive(killed[0])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", "rb") as fh:  # a zombie is dead too
        return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"


def test_kill_9_of_the_driver_then_resume_on_ray_gives_identical_output(ray_instance, corpus, tmp_path):
    d, cfg, ref = corpus
    out = tmp_path / "ray"
    key = "00001-00001"  # a unit of the second file: units of the first are done by then
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), **{PAUSE_ENV: key})
    address = ray.get_runtime_context().gcs_address  # the driver joins this module's Ray instance
    proc = subprocess.Popen([sys.executable, "-m", "ghirbal.cli", "run", str(d), "--out", str(out), "--executor", "ray",
                             "--address", address, "-j", "2", "--config", str(cfg), "--no-progress"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    flag = out / "_state" / f"paused-{key}"
    t0 = time.monotonic()
    while not (flag.exists() and flag.read_text()):
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() - t0 < 240, "the run never reached the paused unit"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver's whole process group, as a crash would
    proc.wait()
    worker = int(flag.read_text())
    t0 = time.monotonic()
    while _alive(worker) and time.monotonic() - t0 < 60:  # Ray ends the dead driver's tasks
        time.sleep(0.1)
    assert not _alive(worker), "Ray left the dead driver's task running"
    assert not (out / "ledger.json").exists()
    done_before = {p.name: p.read_bytes() for p in (out / "_state" / "units").glob("*.json")}
    total = len(list((ref / "_state" / "units").glob("*.json")))
    assert 0 < len(done_before) < total
    flag.unlink()
    assert run_ray(d, cfg, out, "--resume") == 1
    assert_same_as_local(out, ref)
    stats = orjson.loads((out / "stats.json").read_bytes())
    assert stats["run"]["resumed"] and stats["run"]["units_this_session"] <= total - len(done_before)
    for name, data in done_before.items():  # done units were not redone (dedup may rewrite a marker's counts)
        marker = orjson.loads((out / "_state" / "units" / name).read_bytes())
        assert marker["pid"] == orjson.loads(data)["pid"]

"""Interrupted runs: kill -9 or Ctrl-C in the middle, then --resume, ends exactly like an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from test_run_support import (
    REPO,
    assert_invariant,
    ledger,
    main,
    page,
    run_cli,
    shard_bytes,
    write_jsonl,
)

UNITS = "[run.units]\nrecords = 20\n"
LAST_UNIT = "00001-00029"  # part-1's 600 records in units of 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    d = root / "in"
    d.mkdir()
    recs = [{"id": f"r{i}", "url": f"https://site{i % 7}.com/a/{i}", "text": page(i)} for i in range(1400)]
    write_jsonl(d / "part-0.jsonl.gz", recs[:800], "gz")
    write_jsonl(d / "part-1.jsonl", recs[800:])
    cfg = root / "units.toml"
    cfg.write_text(UNITS)
    ref = root / "reference"
    proc = run_cli("run", str(d), "--out", str(ref), "-j", "2", "--config", str(cfg))
    assert proc.returncode == 0, proc.stderr
    assert (ref / "_state" / "units" / f"{LAST_UNIT}.json").exists()  # the unit `start` holds is the last
    return d, cfg, ref


def start(d, cfg, out) -> subprocess.Popen:
    # The last unit holds (the pause hook) until the test's signal, so that a fast machine cannot end the
    # run before it is interrupted; the resumed run, without the hook, does that unit as any other.
    from ghirbal.run.stages import PAUSE_ENV

    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), **{PAUSE_ENV: LAST_UNIT})
    return subprocess.Popen([sys.executable, "-m", "ghirbal.cli", "run", str(d), "--out", str(out), "-j", "2",
                             "--config", str(cfg)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)


def wait_for_units(out, n: int, proc: subprocess.Popen, timeout: float = 120) -> int:
    units = out / "_state" / "units"
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        done = len(list(units.glob("*.json"))) if units.exists() else 0
        if done >= n:
            return done
        assert proc.poll() is None, "the run ended before it could be interrupted: corpus too small"
        time.sleep(0.02)
    raise AssertionError("no progress")


def assert_same_as_reference(out, ref):
    assert shard_bytes(out) == shard_bytes(ref)
    assert ledger(out) == ledger(ref)
    assert_invariant(ledger(out))
    assert not list(out.rglob("*.tmp"))
    assert main("verify", str(out)) == 0


def test_kill_9_then_resume_gives_the_uninterrupted_output(corpus, tmp_path):
    d, cfg, ref = corpus
    out = tmp_path / "out"
    proc = start(d, cfg, out)
    wait_for_units(out, 6, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole process tree, as a crash would
    proc.wait()
    assert not (out / "ledger.json").exists()
    total_ref = len(list((ref / "_state" / "units").glob("*.json")))
    assert len(list((out / "_state" / "units").glob("*.json"))) < total_ref
    done_before = {p.name: p.read_bytes() for p in (out / "_state" / "units").glob("*.json")}

    resumed = run_cli("run", str(d), "--out", str(out), "-j", "2", "--config", str(cfg), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert_same_as_reference(out, ref)
    # Units finished before the crash were not redone.
    for name, data in done_before.items():
        assert (out / "_state" / "units" / name).read_bytes() == data


def test_ctrl_c_rolls_back_writes_the_ledger_and_exits_130(corpus, tmp_path):
    d, cfg, ref = corpus
    out = tmp_path / "out"
    proc = start(d, cfg, out)
    wait_for_units(out, 4, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "--resume" in err and "Traceback" not in err
    led = ledger(out)
    assert led["complete"] is False
    assert_invariant(led)
    assert 0 < led["totals"]["read"] < ledger(ref)["totals"]["read"]
    assert not list(out.rglob("*.tmp"))  # the open shards were rolled back
    assert main("verify", str(out)) == 0  # the finished units of an interrupted run check out
    resumed = run_cli("run", str(d), "--out", str(out), "-j", "1", "--config", str(cfg), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert_same_as_reference(out, ref)


def test_resume_of_a_finished_run_reads_nothing_again(corpus, tmp_path):
    d, cfg, ref = corpus
    out = tmp_path / "out"
    assert main("run", str(d), "--out", str(out), "-j", "2", "--no-progress", "--config", str(cfg)) == 0
    markers = {p.name: p.stat().st_mtime_ns for p in (out / "_state" / "units").glob("*.json")}
    shards = {p.name: p.stat().st_mtime_ns for p in out.glob("articles-*")}
    assert main("run", str(d), "--out", str(out), "-j", "2", "--no-progress", "--config", str(cfg), "--resume") == 0
    # No unit ran again: every marker and shard is the very file the first session wrote.
    assert {p.name: p.stat().st_mtime_ns for p in (out / "_state" / "units").glob("*.json")} == markers
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("articles-*")} == shards
    assert json.loads((out / "stats.json").read_text())["run"]["units_this_session"] == 0
    assert_same_as_reference(out, ref)


def test_temp_files_anywhere_in_the_output_are_removed(tmp_path):
    """A unit interrupted while writing leaves `.tmp` files beside shards, markers, dedup signatures or
    site counts: all go (a Ctrl-C once left a `_dedup/sig/*.parquet.tmp` behind); whole files stay."""
    from ghirbal.run.state import RunState

    names = ["articles-00000-00001.jsonl.gz.tmp", "_state/units/00000-00001.json.tmp",
             "_dedup/sig/00000-00004.parquet.tmp", "sites/work/map/00000-00002-p0001.parquet.tmp"]
    keep = ["articles-00000-00000.jsonl.gz", "_dedup/sig/00000-00000.parquet"]
    for name in names + keep:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert RunState(str(tmp_path)).remove_temp_files() == len(names)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == sorted(keep)

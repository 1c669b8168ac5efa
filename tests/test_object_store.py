"""Object stores: inputs read and `--out` published through fsspec, against moto's S3 server on
127.0.0.1 (installed by the dev extra; a missing moto fails in CI and skips elsewhere).

A run from `s3://` inputs to an `s3://` --out publishes the same shards (byte for byte) and ledger as
the same run into a local folder; `verify` reads the published run; a run resumed after its work folder
is gone restores it from the store; publication sends data before markers and the ledger last, and
only what changed; the Ray executor publishes what the local one does.
"""

from __future__ import annotations

import os
import shutil

import orjson
import pytest
from shared_data import optional_module
from test_run_support import assert_invariant, ledger, main, page, shard_bytes, write_jsonl

ThreadedMotoServer = optional_module("moto.server", "dev").ThreadedMotoServer
optional_module("s3fs", "dev")  # fsspec's s3:// protocol

BUCKET = "ghirbal-test"
UNITS = "[run.units]\nrecords = 8\n"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """moto's S3 server on a free port of 127.0.0.1; fsspec pointed at it (this process and any child)."""
    import logging

    import fsspec

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                                            "FSSPEC_S3_ENDPOINT_URL")}
    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ["FSSPEC_S3_ENDPOINT_URL"] = f"http://{host}:{port}"
    old_conf = fsspec.config.conf.get("s3")
    fsspec.config.conf["s3"] = {"endpoint_url": f"http://{host}:{port}"}
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir(BUCKET)
    yield fs
    server.stop()
    if old_conf is None:
        fsspec.config.conf.pop("s3", None)
    else:
        fsspec.config.conf["s3"] = old_conf
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def corpus(s3, tmp_path_factory):
    """Three sites of pages, a copy (dedup drops it) and bad records, uploaded to s3://BUCKET/in/; and the
    reference: the same URL inputs run into a local folder."""
    root = tmp_path_factory.mktemp("s3")
    d = root / "in"
    d.mkdir()
    good = [{"id": f"p{i}", "url": f"https://site{i % 3}.com/a/{i}", "text": page(i)} for i in range(40)]
    bad = [b'{"id": "broken", "text": "no closing brace"', orjson.dumps({"id": "notext", "url": "https://site2.com/n"}),
           orjson.dumps({"id": "empty", "url": "https://site0.com/e", "text": ""})]
    copy = dict(good[5], id="copy-of-p5", url="https://site9.com/x/5")
    write_jsonl(d / "a.jsonl", good[:25] + bad + [copy])
    write_jsonl(d / "b.jsonl.gz", good[25:], "gz")
    (d / "notes.md").write_text("not an input")  # an unknown extension under a prefix: skipped, as in folders
    s3.put(str(d) + "/", f"{BUCKET}/in/", recursive=True)
    cfg = root / "units.toml"
    cfg.write_text(UNITS)
    ref = root / "local"
    assert main("run", f"s3://{BUCKET}/in/", "--out", str(ref), "-j", "2", "--config", str(cfg), "--no-progress") == 0
    return d, cfg, ref


def fetch(s3, prefix: str, dest) -> dict[str, bytes]:
    """Every object under s3://BUCKET/prefix, as relative name → bytes (also written under `dest`)."""
    out = {}
    root = f"{BUCKET}/{prefix}"
    s3.invalidate_cache()  # listings this instance made before the run
    for key in sorted(s3.find(root)):
        rel = key[len(root) + 1:]
        out[rel] = s3.cat_file(key)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(out[rel])
    return out


def test_url_inputs_are_listed_and_read_like_local_files(corpus):
    d, cfg, ref = corpus
    led = ledger(ref)
    assert [f["path"] for f in led["files"]] == [f"s3://{BUCKET}/in/a.jsonl", f"s3://{BUCKET}/in/b.jsonl.gz"]
    assert_invariant(led)
    # The records are those of the same files read from disk: same verdicts, same text.
    local = ref.parent / "from-disk"
    assert main("run", str(d), "--out", str(local), "-j", "2", "--config", str(cfg), "--no-progress") == 0
    led_disk = ledger(local)
    assert [{k: f[k] for k in ("read", "written", "rejected", "errored")} for f in led["files"]] == \
           [{k: f[k] for k in ("read", "written", "rejected", "errored")} for f in led_disk["files"]]
    from test_run_support import output_records

    def body(records):
        return sorted((r.get("title"), r.get("body"), r.get("reason")) for r in records)

    assert body(output_records(ref)[0]) == body(output_records(local)[0])
    assert body(output_records(ref)[1]) == body(output_records(local)[1])


def test_a_run_into_s3_publishes_what_a_local_run_writes(s3, corpus, tmp_path):
    d, cfg, ref = corpus
    url = f"s3://{BUCKET}/out-local-executor"
    work = tmp_path / "work"
    assert main("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(work), "-j", "2", "--config", str(cfg),
                "--no-progress") == 0
    got = fetch(s3, "out-local-executor", tmp_path / "copy")
    assert shard_bytes(tmp_path / "copy") == shard_bytes(ref)
    assert ledger(tmp_path / "copy") == ledger(ref)
    assert not [k for k in got if k.endswith(".tmp") or k == ".published.json"]
    markers = [k for k in got if k.startswith("_state/units/")]
    assert len(markers) == len(list((ref / "_state" / "units").glob("*.json"))) >= 4
    assert {"stats.json", "report.html", "sites/templates.parquet"} <= set(got)
    assert main("verify", url) == 0
    # A second run into the same URL is refused; the URL's run is resumable instead.
    assert main("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(tmp_path / "other"), "--config", str(cfg),
                "--no-progress") == 2


def test_resume_without_the_work_folder_restores_it_from_the_store(s3, corpus, tmp_path):
    d, cfg, ref = corpus
    url = f"s3://{BUCKET}/out-restore"
    work = tmp_path / "work"
    args = ("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(work), "-j", "1", "--config", str(cfg), "--no-progress")
    assert main(*args) == 0
    before = fetch(s3, "out-restore", tmp_path / "before")
    shutil.rmtree(work)  # another machine, or the temp folder cleaned
    assert main(*args, "--resume") == 0
    assert (work / "_state" / "manifest.json").exists()  # restored, then resumed: every unit was done
    after = fetch(s3, "out-restore", tmp_path / "after")
    assert shard_bytes(tmp_path / "after") == shard_bytes(tmp_path / "before") == shard_bytes(ref)
    assert {k: v for k, v in after.items() if k.startswith("_state/units/")} == \
           {k: v for k, v in before.items() if k.startswith("_state/units/")}
    assert ledger(tmp_path / "after")["totals"] == ledger(ref)["totals"]


def test_a_bucket_that_does_not_exist_is_a_clear_usage_error(s3, corpus, tmp_path, capsys):
    d, cfg, ref = corpus
    assert main("run", f"s3://{BUCKET}/no-such-prefix/", "--out", str(tmp_path / "o"), "--no-progress") == 2
    assert "no such object or prefix" in capsys.readouterr().err
    assert main("verify", f"s3://{BUCKET}/never-written") == 2
    assert "no ledger.json" in capsys.readouterr().err


def test_publication_order_and_only_changes_are_sent(s3, tmp_path, monkeypatch):
    """Data before markers, stats and report before the ledger, the ledger last; a second publication
    sends nothing, and a changed shard sends only itself and the ledger (deleted first)."""
    from ghirbal.run import publish as pub

    work = tmp_path / "w"
    files = {"articles-00000-00000.jsonl.gz": b"a0", "rejects-00000-00000.jsonl.gz": b"r0", "sites/sites.parquet": b"s",
             "_state/manifest.json": b"{}", "_state/units/00000-00000.json": b"{}", "stats.json": b"{}",
             "report.html": b"<p>", "ledger.json": b"{}", "articles-x.jsonl.gz.tmp": b"half",
             "_dedup/sig/00000-00000.parquet": b"s", "_dedup/filter.done": b"{}"}
    for rel, data in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_bytes(data)
    calls: list[tuple[str, list[str]]] = []
    url = f"s3://{BUCKET}/out-order"
    # The instance publication uses (fsspec caches it; its sync methods are instance attributes).
    from ghirbal.io.remote import filesystem

    fs = filesystem(url)[0]
    real_put, real_rm = fs.put, fs.rm

    def rel(path: str) -> str:
        return path.rsplit("/out-order/", 1)[1]

    def put(lpaths, rpaths, **kw):
        calls.append(("put", [rel(r) for r in rpaths]))
        return real_put(lpaths, rpaths, **kw)

    def rm(path, **kw):
        calls.append(("rm", [rel(path)]))
        return real_rm(path, **kw)

    monkeypatch.setattr(fs, "put", put)
    monkeypatch.setattr(fs, "rm", rm)
    done = pub.publish(str(work), url)
    order = [name for kind, names in calls if kind == "put" for name in names]
    assert done.uploaded == 10 and "articles-x.jsonl.gz.tmp" not in order
    assert "articles-00000-00000.jsonl.gz" in order, calls
    assert order.index("articles-00000-00000.jsonl.gz") < order.index("_state/units/00000-00000.json")
    assert order.index("sites/sites.parquet") < order.index("_state/manifest.json")
    # dedup's done-marker vouches for its files and the filtered shards: published with the markers
    assert order.index("articles-00000-00000.jsonl.gz") < order.index("_dedup/filter.done")
    assert order.index("_dedup/sig/00000-00000.parquet") < order.index("_dedup/filter.done")
    assert order[-3:] == ["stats.json", "report.html", "ledger.json"]
    calls.clear()
    assert pub.publish(str(work), url).uploaded == 0 and calls == []
    os.utime(work / "articles-00000-00000.jsonl.gz", ns=(1, 1))  # rewritten (same size): sent again
    (work / "rejects-00000-00000.jsonl.gz").unlink()  # gone (an orphan removed on resume): removed there too
    done = pub.publish(str(work), url)
    assert calls[0] == ("rm", ["ledger.json"])
    assert ("rm", ["rejects-00000-00000.jsonl.gz"]) in calls
    assert [n for k, n in calls if k == "put"] == [["articles-00000-00000.jsonl.gz"], ["ledger.json"]]
    assert (done.uploaded, done.removed) == (2, 1)
    assert sorted(rel(k) for k in s3.find(f"{BUCKET}/out-order")) == \
           sorted(r for r in files if not r.endswith(".tmp") and not r.startswith("rejects-"))


def test_ray_executor_publishes_what_the_local_one_does(s3, corpus, tmp_path):
    ray = optional_module("ray", "ray")
    d, cfg, ref = corpus
    url = f"s3://{BUCKET}/out-ray"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=80 * 1024 * 1024)
    try:
        assert main("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(tmp_path / "work"), "--executor", "ray",
                    "-j", "2", "--config", str(cfg), "--no-progress") == 0
    finally:
        ray.shutdown()
    fetch(s3, "out-ray", tmp_path / "copy")
    assert shard_bytes(tmp_path / "copy") == shard_bytes(ref)
    assert ledger(tmp_path / "copy") == ledger(ref)
    assert main("verify", url) == 0


def test_an_unreachable_store_is_a_clear_error_not_a_traceback(tmp_path):
    """A closed port as the endpoint: listing inputs, preparing --out and verify each end with exit 2 and
    one line naming the URL and the client's error."""
    import socket
    import subprocess
    import sys

    from test_run_support import REPO

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, AWS_ACCESS_KEY_ID="t", AWS_SECRET_ACCESS_KEY="t", AWS_DEFAULT_REGION="us-east-1",
               AWS_MAX_ATTEMPTS="1", FSSPEC_S3_ENDPOINT_URL=f"http://127.0.0.1:{port}",
               PYTHONPATH=str(REPO / "src"))
    for argv in (["run", f"s3://{BUCKET}/in/", "--out", str(tmp_path / "o"), "--no-progress"],
                 ["run", str(REPO / "examples"), "--out", f"s3://{BUCKET}/x", "--no-progress"],
                 ["verify", f"s3://{BUCKET}/x"]):
        done = subprocess.run([sys.executable, "-m", "ghirbal.cli", *argv], env=env, capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 2, (argv, done.stderr[-500:])
        assert "Traceback" not in done.stderr and f"s3://{BUCKET}/" in done.stderr and "Error" in done.stderr, done.stderr


def test_a_publication_cut_short_is_finished_by_resume(s3, corpus, tmp_path, monkeypatch):
    """The first publication fails after some shards (no manifest in the store yet): exit 1, and
    `--resume` publishes the rest instead of taking the shards for another run's."""
    from ghirbal.io.remote import filesystem

    d, cfg, ref = corpus
    url = f"s3://{BUCKET}/out-cut"
    args = ("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(tmp_path / "work"), "--config", str(cfg),
            "--no-progress")
    fs = filesystem(url)[0]
    real_put = fs.put

    def put_some(lpaths, rpaths, **kw):  # the first batch (data) gets three files in, then the link drops
        real_put(lpaths[:3], rpaths[:3], **kw)
        raise OSError("connection reset")

    monkeypatch.setattr(fs, "put", put_some)
    assert main(*args) == 1
    s3.invalidate_cache()
    assert not s3.exists(f"{BUCKET}/out-cut/_state/manifest.json") and len(s3.find(f"{BUCKET}/out-cut")) == 3
    monkeypatch.setattr(fs, "put", real_put)
    assert main(*args, "--resume") == 0
    fetch(s3, "out-cut", tmp_path / "copy")
    assert shard_bytes(tmp_path / "copy") == shard_bytes(ref) and ledger(tmp_path / "copy") == ledger(ref)


def test_a_restore_cut_short_leaves_no_half_work_folder(s3, corpus, tmp_path, monkeypatch):
    """A restore that fails part way leaves the work folder absent (not a manifest without shards), so the
    next `--resume` restores again, whole."""
    from ghirbal.io.remote import filesystem

    d, cfg, ref = corpus
    url = f"s3://{BUCKET}/out-restore-cut"
    work = tmp_path / "work"
    args = ("run", f"s3://{BUCKET}/in/", "--out", url, "--work", str(work), "--config", str(cfg), "--no-progress")
    assert main(*args) == 0
    shutil.rmtree(work)
    fs = filesystem(url)[0]
    real_get, calls = fs.get_file, []

    def get_some(rpath, lpath, **kw):
        calls.append(rpath)
        if len(calls) > 5:
            raise OSError("connection reset")
        return real_get(rpath, lpath, **kw)

    monkeypatch.setattr(fs, "get_file", get_some)
    assert main(*args, "--resume") == 2
    assert not work.exists()
    monkeypatch.setattr(fs, "get_file", real_get)
    assert main(*args, "--resume") == 0
    assert shard_bytes(work) == shard_bytes(ref)


def test_a_work_folder_among_the_inputs_is_not_read(s3, tmp_path):
    """`ghirbal run . --out s3://… --work ./work`: the work folder's shards are no input."""
    from ghirbal.io.discover import discover

    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "articles-00000-00000.jsonl.gz").write_bytes(b"")
    (tmp_path / "a.txt").write_text("x")
    files, _ = discover([str(tmp_path)], exclude=[f"s3://{BUCKET}/o", str(tmp_path / "work")])
    assert files == [str(tmp_path / "a.txt")]

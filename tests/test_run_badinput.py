"""Bad input never crashes a run: every record is accounted for, every problem has a reason or an error."""

from __future__ import annotations

import gzip
import os

import orjson
import pytest
import zstandard
from test_run_support import (
    CHROME_ONLY,
    assert_invariant,
    http_response,
    ledger,
    main,
    output_records,
    page,
    run_cli,
    warc_record,
    write_jsonl,
    write_warc,
)

from ghirbal.run.stages import stable_id


@pytest.fixture
def bad_corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    good = [{"id": f"g{i}", "url": f"https://g.com/{i}", "text": page(i)} for i in range(6)]
    lines = [orjson.dumps(r) for r in good]
    # Every kind of bad record, in one JSONL file.
    write_jsonl(d / "mixed.jsonl", [
        lines[0],
        b'{"id": "broken", "text": "no closing brace"',  # bad-json
        b'["a", "list"]',  # bad-json: not an object
        orjson.dumps({"id": "notext", "url": "https://g.com/n"}),  # missing-text
        orjson.dumps({"id": "numtext", "text": 42}),  # missing-text
        orjson.dumps({"id": "big", "text": "ك" * 30_000}),  # too-large (cap set below)
        orjson.dumps({"id": "blank", "text": "  \n \n"}),  # empty-text
        orjson.dumps({"id": "chrome", "url": "https://g.com/c", "text": CHROME_ONLY}),  # no-article
        orjson.dumps({"id": "cp1256", "text": page(7)}, option=0).decode().encode("cp1256"),  # legacy code page: decoded
        b'{"id": "bin", "text": "\xff\x00\xfe\x01\x02\x03\x00\x04\x05\x06\x07"}',  # not text: decode-error
        lines[1],
    ])
    # A truncated gzip, a truncated zstd, a corrupt gzip: what was read is kept, the damage is an error.
    # Each file holds its own pages: copies of one page in several files would be dropped as duplicates.
    def many(first: int) -> bytes:
        return b"".join(orjson.dumps({"id": f"t{i}", "text": page(i), "pad": os.urandom(400).hex()}) + b"\n"
                        for i in range(first, first + 60))

    gz = gzip.compress(many(100))
    (d / "truncated.jsonl.gz").write_bytes(gz[: len(gz) // 2])
    zs = zstandard.ZstdCompressor().compress(many(200))
    (d / "truncated.jsonl.zst").write_bytes(zs[: len(zs) // 2])
    corrupt = bytearray(gzip.compress(many(300)))
    for i in range(len(corrupt) // 2, len(corrupt) // 2 + 100):
        corrupt[i] ^= 0x5A
    (d / "corrupt.jsonl.gz").write_bytes(bytes(corrupt))
    # Empty files of each kind, an unreadable file, a corrupt Parquet file.
    (d / "empty.jsonl").write_bytes(b"")
    (d / "empty.jsonl.gz").write_bytes(b"")
    (d / "empty.txt").write_bytes(b"")
    os.symlink(d / "vanished.jsonl", d / "unreadable.jsonl")
    (d / "bad.parquet").write_bytes(b"PAR1 garbage PAR1")
    # Text files: one in cp1256 (decoded), one binary (decode-error), one too big.
    (d / "legacy.txt").write_bytes(page(8).encode("cp1256"))
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "huge.txt").write_bytes(page(9).encode() * 20)
    # WARC with an HTML response, WET with one good record.
    write_warc(d / "html.warc.gz", [warc_record("response", "https://h.com/", http_response("<p>x</p>"),
                                                content_type="application/http; msgtype=response")])
    write_warc(d / "ok.warc.wet.gz", [warc_record("conversion", "https://w.com/1", page(10).encode())])
    (d / "README.md").write_text("not an input")
    return d


def test_every_bad_input_is_accounted_for(bad_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    cfg = tmp_path / "g.toml"
    cfg.write_text("[run]\nmax_record_bytes = 50000\n")
    # (the fixture's pages repeat their tags in every sentence: the quality filter would reject them, and
    # this test is about reading bad input, so quality only annotates here)
    code = main("run", str(bad_corpus), "--out", str(out), "-j", "2", "--no-progress", "--config", str(cfg),
                "--quality", "tag")
    err = capsys.readouterr().err
    assert code == 1, err  # errors were recorded
    assert "Traceback" not in err and "error:" in err
    led = ledger(out)
    assert_invariant(led)
    assert led["complete"] is True
    files = {os.path.basename(f["path"]): f for f in led["files"]}
    assert "README.md" not in files

    arts, rejs = output_records(out)
    mixed = sorted((r for r in rejs if r["source"].endswith("mixed.jsonl")), key=lambda r: r["offset"])
    assert [r["reason"] for r in mixed] == [
        "bad-json", "bad-json", "missing-text", "missing-text", "too-large", "empty-text", "no-article", "decode-error"]
    # Ids of records that could be parsed are theirs; the others get the stable hash of source + offset.
    assert [r["id"] for r in mixed][2:4] + [r["id"] for r in mixed][5:7] == ["notext", "numtext", "blank", "chrome"]
    assert mixed[0]["id"] == stable_id(mixed[0]["source"], mixed[0]["offset"])
    assert mixed[6]["detail"]  # no-article carries the Article's empty_reason
    kept_ids = {a["id"] for a in arts}
    assert {"g0", "g1", "cp1256"} <= kept_ids  # the cp1256 line was decoded, not lost
    m = files["mixed.jsonl"]
    assert (m["read"], m["written"], m["errored"]) == (11, 3, 0)

    for name in ("truncated.jsonl.gz", "truncated.jsonl.zst", "corrupt.jsonl.gz"):
        f = files[name]
        assert f["errored"] == 1 and f["written"] > 0, f  # kept what was read, recorded the damage
        assert f["errors"][0]["offset"] > 0 and f["errors"][0]["message"].startswith("read-error")
    for name in ("empty.jsonl", "empty.jsonl.gz"):
        assert files[name]["read"] == 0
    assert (files["empty.txt"]["read"], files["empty.txt"]["rejected"]) == (1, 1)
    assert files["unreadable.jsonl"]["errored"] == 1 and "cannot open" in files["unreadable.jsonl"]["errors"][0]["message"]
    assert files["bad.parquet"]["errored"] == 1
    assert files["legacy.txt"]["written"] == 1
    assert files["binary.txt"]["rejected"] == 1
    assert files["huge.txt"]["rejected"] == 1
    h = files["html.warc.gz"]  # rejected as html-not-supported, or cleaned by the HTML path where it exists
    assert h["read"] == 1 and h["errored"] == 0
    assert files["ok.warc.wet.gz"]["written"] == 1
    by_reason = {}
    for r in rejs:
        by_reason.setdefault(r["reason"], 0)
        by_reason[r["reason"]] += 1
    assert {"bad-json", "missing-text", "too-large", "empty-text", "no-article", "decode-error", "read-error"} <= set(by_reason)
    assert main("verify", str(out)) == 0


def test_a_crash_in_clean_loses_one_page_not_the_run(tmp_path, monkeypatch):
    import ghirbal

    real = ghirbal.clean

    def flaky(text, url=None, **kw):
        if url and url.endswith("/2"):
            raise RuntimeError("boom")
        return real(text, url, **kw)

    monkeypatch.setattr(ghirbal, "clean", flaky)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "url": f"https://g.com/{i}", "text": page(i)} for i in range(4)])
    assert main("run", str(src), "--out", str(tmp_path / "out"), "-j", "1", "--no-progress") == 1
    led = ledger(tmp_path / "out")
    assert_invariant(led)
    assert (led["totals"]["written"], led["totals"]["errored"]) == (3, 1)
    assert "clean-error: RuntimeError: boom" in led["files"][0]["errors"][0]["message"]


def test_usage_errors_exit_2_with_a_message(tmp_path):
    (tmp_path / "nothing").mkdir()
    proc = run_cli("run", str(tmp_path / "nothing"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "no input files found" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("run", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": page(1)}])
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[run]\nno_such_key = 1\n")
    proc = run_cli("run", str(src), "--out", str(tmp_path / "o"), "--config", str(cfg))
    assert proc.returncode == 2 and "unknown setting 'run.no_such_key'" in proc.stderr
    assert run_cli("run", str(src), "--out", str(tmp_path / "o")).returncode == 0
    proc = run_cli("run", str(src), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "--resume" in proc.stderr  # will not mix two runs in one folder
    other = write_jsonl(tmp_path / "other.jsonl", [{"text": page(2)}])
    proc = run_cli("run", str(other), "--out", str(tmp_path / "o"), "--resume")
    assert proc.returncode == 2 and "are not among the inputs now" in proc.stderr and "other.jsonl" in proc.stderr

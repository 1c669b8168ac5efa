"""Issue 10, items 1, 2 and 4: what a new user trips on. Garbage is never given quietly, run edge
cases behave, and the API, the CLI and the docs say the same."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from test_cli_clean import PAGE  # one English test page for the CLI tests
from test_run_support import REPO, ledger, main, page, run_cli, write_jsonl

import ghirbal
from ghirbal.commands.clean import render_annotated

HTML = ("<!doctype html><html><head><title>Council approves the new budget</title></head><body><h1>Council approves "
        "the new budget</h1>" + "".join(f"<p>{ln}</p>" for ln in PAGE.split("\n")[5:8]) + "</body></html>")


# --- 1. never quietly give garbage -----------------------------------------------------------------

def _gold(folder: Path, docs: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "docs.jsonl", docs)
    return folder


GOLD = [{"id": f"p{i}", "site": "a.com", "page_type": "article", "url": f"https://a.com/{i}", "text": PAGE,
         "gold": {"body": "\n".join(PAGE.split("\n")[5:8]), "title": "Council approves the new budget"}} for i in range(3)]


def test_eval_html_input_without_html_is_an_error(tmp_path, capsys):
    assert main("eval", str(_gold(tmp_path / "set", GOLD)), "--input", "html") == 2
    assert "no `html` file" in capsys.readouterr().err


def test_eval_unknown_type_is_an_error_that_lists_the_types(tmp_path, capsys):
    assert main("eval", str(_gold(tmp_path / "set", GOLD)), "--type", "nosuch") == 2
    err = capsys.readouterr().err
    assert "nosuch" in err and "article" in err and "a.com" in err


def test_eval_takes_a_gold_file(tmp_path, capsys):
    folder = _gold(tmp_path / "set", GOLD)
    assert main("eval", str(folder / "docs.jsonl"), "--json") == 0
    assert json.loads(capsys.readouterr().out)["all"]["pages"] == 3


def test_a_broken_gold_line_names_the_file_and_line(tmp_path, capsys):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "docs.jsonl").write_bytes(json.dumps(GOLD[0]).encode() + b"\n\n" + b'{"id": "p1", "text": \n')
    assert main("eval", str(folder)) == 2
    assert f"{folder / 'docs.jsonl'}:3: not valid JSON" in capsys.readouterr().err


def _clean_cli(*args, stdin: bytes | None = None):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([sys.executable, "-m", "ghirbal.cli", "clean", *args], input=stdin, capture_output=True,
                          timeout=120, env=env)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.mark.parametrize("name,data", [
    ("docs.jsonl", b"".join(json.dumps({"id": i, "text": PAGE}).encode() + b"\n" for i in range(3))),
    ("one.json", json.dumps({"text": PAGE, "url": "https://a.com/1"}, indent=2).encode()),
    ("crawl.warc", b"WARC/1.0\r\nWARC-Type: conversion\r\n\r\n" + PAGE.encode()),
    ("docs.jsonl.gz", gzip.compress(b'{"id": 1, "text": "x"}\n', mtime=0)),
    ("rows.parquet", b"PAR1" + b"\0" * 64),
], ids=["jsonl", "json", "warc", "jsonl-gz", "parquet"])
def test_clean_refuses_a_corpus_file_and_points_to_run(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    code, out, err = _clean_cli(str(p))
    assert code == 2 and out == ""
    assert "ghirbal run" in err and "Traceback" not in err


def test_clean_reads_a_gzipped_page(tmp_path):
    p = tmp_path / "page.txt.gz"
    p.write_bytes(gzip.compress(PAGE.encode()))
    code, out, err = _clean_cli(str(p))
    assert code == 0, err
    assert json.loads(out)["title"] == "Council approves the new budget"
    code, out, err = _clean_cli("-", stdin=gzip.compress(HTML.encode()))
    assert code == 0 and json.loads(out)["title"] == "Council approves the new budget"


def test_api_takes_json_sent_without_its_content_type():
    from ghirbal.serve.app import make_server

    server = make_server("127.0.0.1", 0, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        def post(body: bytes, ctype: str | None):
            req = urllib.request.Request(base + "/api/clean?lines=0", data=body, method="POST")
            if ctype:
                req.add_header("Content-Type", ctype)
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    return resp.status, json.loads(resp.read())
            except urllib.error.HTTPError as exc:
                return exc.code, json.loads(exc.read())

        body = json.dumps({"text": PAGE, "url": "https://a.com/1"}).encode()
        for ctype in (None, "application/x-www-form-urlencoded", "text/plain"):
            status, d = post(body, ctype)
            assert status == 200 and d["title"] == "Council approves the new budget" and '"text"' not in d["body"], ctype
        status, d = post(json.dumps({"page": PAGE}).encode(), None)
        assert status == 415 and '"text"' in d["error"]
    finally:
        server.shutdown()
        server.server_close()


def test_run_with_a_text_field_no_record_has(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "url": f"https://a.com/{i}", "content": page(i)} for i in range(5)]
                      + [b"{not json"])
    proc = run_cli("run", str(src), "--out", str(tmp_path / "out"), "--text-field", "body", "--sites", "none", "--no-progress")
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"no record of \S*in.jsonl has the text field: field 'body' is absent \(the record has: content, id, url\)",
                     proc.stderr), proc.stderr
    assert "--text-field" in proc.stderr


def test_run_with_some_records_missing_the_field_is_not_an_error(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": page(1)}, {"id": "2", "body": "x"}])
    proc = run_cli("run", str(src), "--out", str(tmp_path / "out"), "--sites", "none", "--no-progress")
    assert proc.returncode == 0, proc.stderr


def test_sites_learn_reports_read_errors_and_bad_records(tmp_path):
    recs = [{"id": str(i), "url": f"https://a.com/{i}", "text": page(i)} for i in range(12)]
    data = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in recs))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) - 50])
    write_jsonl(tmp_path / "bad.jsonl", recs[:3] + [b"{broken", b"[1, 2]"])
    proc = run_cli("sites", "learn", str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "bad.jsonl"), "--out", str(tmp_path / "m"))
    assert proc.returncode == 1, proc.stderr
    assert "bad-json 2" in proc.stderr and "read-error 1" in proc.stderr
    assert re.search(r"error: \S*cut.jsonl.gz @ \d+: read-error: .*truncated", proc.stderr), proc.stderr


def test_field_type_message_is_grammatical():
    from ghirbal.run.settings import RunSettings
    from ghirbal.run.stages import Outcome, _text_of

    with pytest.raises(Outcome) as exc:
        _text_of({"text": 5}, "text", False, 1000)
    assert exc.value.detail == "field 'text' is an int, not text"
    with pytest.raises(Outcome) as exc:
        _text_of({"text": [1]}, "text", False, 1000)
    assert exc.value.detail == "field 'text' is a list, not text"
    assert RunSettings  # the settings the stage runs with (imported for the type)


# --- 2. runs -----------------------------------------------------------------------------------------

@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_jsonl(d / "a.jsonl", [{"id": str(i), "url": f"https://a.com/{i}", "text": page(i)} for i in range(30)])
    write_jsonl(d / "b.jsonl", [{"id": str(i), "url": f"https://b.com/{i}", "text": page(i)} for i in range(30, 40)])
    return d


def test_resume_knows_a_file_by_its_resolved_path(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert main("run", "in/a.jsonl", "../" + tmp_path.name + "/in/b.jsonl", "--out", "out", "--sites", "none",
                "--no-progress", "-j", "1") == 0
    # The same files, named by absolute path now: the same run, which resumes (here: nothing left to do).
    assert main("run", str(corpus / "a.jsonl"), str(corpus / "b.jsonl"), "--out", str(out), "--resume", "--sites", "none",
                "--no-progress", "-j", "1") == 0
    assert ledger(out)["totals"]["written"] == 40


def test_a_refused_resume_says_what_differs(tmp_path, corpus, capsys):
    out = tmp_path / "out"
    assert main("run", str(corpus / "a.jsonl"), "--out", str(out), "--sites", "none", "--no-progress", "-j", "1") == 0
    capsys.readouterr()
    assert main("run", str(corpus / "b.jsonl"), "--out", str(out), "--resume", "--sites", "none", "--no-progress") == 2
    err = capsys.readouterr().err
    assert str((corpus / "a.jsonl").resolve()) in err and str((corpus / "b.jsonl").resolve()) in err
    assert main("run", str(corpus / "a.jsonl"), "--out", str(out), "--resume", "--sites", "none", "--annotate") == 2
    assert "setting annotate differs: False in the interrupted run, True now" in capsys.readouterr().err
    with open(corpus / "a.jsonl", "ab") as fh:
        fh.write(b'{"id": "new", "text": "x"}\n')
    assert main("run", str(corpus / "a.jsonl"), "--out", str(out), "--resume", "--sites", "none") == 2
    assert re.search(r"input file \S*a.jsonl changed since the interrupted run", capsys.readouterr().err)


def test_a_shard_without_its_unit_marker_is_removed_on_resume(tmp_path, corpus):
    out = tmp_path / "out"
    assert main("run", str(corpus), "--out", str(out), "--sites", "none", "--no-progress", "-j", "1") == 0
    # A unit that renamed its shard but died before its marker: the shard must not be counted.
    marker = out / "_state" / "units" / "00001-00000.json"
    shard = out / json.loads(marker.read_text())["shards"][0]
    marker.unlink()
    (out / "_state" / "files" / "00001.json").unlink()
    assert main("verify", str(out)) == 1
    assert main("run", str(corpus), "--out", str(out), "--sites", "none", "--no-progress", "-j", "1", "--resume") == 0
    assert shard.exists() and main("verify", str(out)) == 0


def _processes_with(tag: str) -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/environ", "rb") as fh:
                    if tag.encode() in fh.read():
                        out.append(int(pid))
            except OSError:
                pass
    return out


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc (Linux)")
def test_workers_exit_when_the_driver_is_killed(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for k in range(4):
        write_jsonl(d / f"p{k}.jsonl", [{"id": f"{k}-{i}", "text": page(i)} for i in range(400)])
    cfg = tmp_path / "units.toml"
    cfg.write_text("[run.units]\nrecords = 10\n")
    tag = f"GHIRBAL_ORPHAN_TEST={os.getpid()}-{time.monotonic_ns()}"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), GHIRBAL_ORPHAN_TEST=tag.split("=", 1)[1])
    proc = subprocess.Popen([sys.executable, "-m", "ghirbal.cli", "run", str(d), "--out", str(tmp_path / "out"), "-j", "2",
                             "--sites", "none", "--config", str(cfg), "--no-progress"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    units = tmp_path / "out" / "_state" / "units"
    t0 = time.monotonic()
    while not (units.exists() and len(list(units.glob("*.json"))) >= 2):
        assert proc.poll() is None and time.monotonic() - t0 < 120, "the run ended before it could be killed"
        time.sleep(0.05)
    assert len(_processes_with(tag)) >= 3  # the driver, the forkserver and the workers
    os.kill(proc.pid, signal.SIGKILL)  # the driver only, not its process group
    proc.wait()
    t0 = time.monotonic()
    while _processes_with(tag) and time.monotonic() - t0 < 20:
        time.sleep(0.2)
    left = _processes_with(tag)
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], "worker processes outlived the driver"


def test_run_takes_html_pages_folders_of_them_and_stdin(tmp_path):
    d = tmp_path / "pages"
    d.mkdir()
    (d / "a.html").write_text(HTML, encoding="utf-8")
    (d / "b.html.gz").write_bytes(gzip.compress(HTML.encode()))
    (d / "c.txt").write_text(PAGE, encoding="utf-8")
    assert main("run", str(d / "a.html"), "--out", str(tmp_path / "one"), "--sites", "none", "--no-progress") == 0
    assert ledger(tmp_path / "one")["totals"] == {"read": 1, "written": 1, "rejected": 0, "errored": 0}
    # (the same page three times: formats are the point here, not deduplication)
    assert main("run", str(d), "--out", str(tmp_path / "folder"), "--sites", "none", "--dedup", "none", "--no-progress") == 0
    assert ledger(tmp_path / "folder")["totals"]["written"] == 3
    for name, data in (("jsonl", b"".join(json.dumps({"id": str(i), "text": page(i)}).encode() + b"\n" for i in range(4))),
                       ("page", PAGE.encode()), ("html", gzip.compress(HTML.encode()))):
        out = tmp_path / f"stdin-{name}"
        proc = subprocess.run([sys.executable, "-m", "ghirbal.cli", "run", "-", "--out", str(out), "--sites", "none",
                               "--no-progress"], input=data, capture_output=True, env=dict(os.environ, PYTHONPATH=str(REPO / "src")))
        assert proc.returncode == 0, proc.stderr
        assert ledger(out)["totals"]["written"] == (4 if name == "jsonl" else 1), name
        assert main("verify", str(out)) == 0


def test_summary_names_no_rejects_file_when_there_is_none(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": page(1)}])
    proc = run_cli("run", str(src), "--out", str(tmp_path / "o1"), "--sites", "none", "--no-progress")
    assert proc.returncode == 0 and "rejects:" not in proc.stderr and "articles:" in proc.stderr
    src = write_jsonl(tmp_path / "in2.jsonl", [{"id": "1", "text": page(1)}, {"id": "2", "text": ""}])
    proc = run_cli("run", str(src), "--out", str(tmp_path / "o2"), "--sites", "none", "--no-progress")
    assert "rejects:" in proc.stderr


def test_learning_from_pages_without_urls_says_why_nothing_was_learned(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(12):
        (d / f"{i}.txt").write_text(page(i), encoding="utf-8")
    proc = run_cli("run", str(d), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "learned templates of 0 sites from 12 pages" in proc.stderr
    assert "none of the 12 pages has a URL" in proc.stderr


def test_learning_shows_progress(tmp_path):
    from rich.console import Console

    from ghirbal.run.learn import LearnSeen, iter_pages
    from ghirbal.run.progress import LearnProgress
    from ghirbal.run.settings import RunSettings

    a = write_jsonl(tmp_path / "a.jsonl", [{"id": str(i), "url": f"https://a.com/{i}", "text": page(i)} for i in range(20)])
    b = write_jsonl(tmp_path / "b.jsonl", [{"id": str(i), "url": f"https://b.com/{i}", "text": page(i)} for i in range(5)])
    done: list[int] = []
    seen = LearnSeen()
    pages = list(iter_pages([str(a), str(b)], RunSettings(out_dir=""), seen=seen, on_bytes=done.append))
    assert len(pages) == 25 and seen.sites == {"a.com": 20, "b.com": 5}
    assert done == sorted(done) and done[-1] == a.stat().st_size + b.stat().st_size
    buf = io.StringIO()
    bar = LearnProgress(done[-1], enabled=True, console=Console(file=buf, force_terminal=True, width=120))
    with bar:
        bar.update(done[-1] // 2)
        bar._last = 0
        bar.pages(12)
    assert "learning site templates" in buf.getvalue() and "12 pages" in buf.getvalue()


# --- 4. the API, the CLI and the docs agree --------------------------------------------------------

def test_body_is_a_string_in_python_as_in_json():
    art = ghirbal.clean(PAGE)
    assert isinstance(art.body, str) and art.body == art.to_dict()["body"] == "\n".join(art.paragraphs)
    assert art.paragraphs[0].startswith("The city council")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| `body` | string |" in readme and "article.paragraphs" in readme


def test_clean_takes_a_path_and_refuses_other_types_clearly(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(PAGE, encoding="utf-8")
    assert ghirbal.clean(p).to_dict() == ghirbal.clean(PAGE).to_dict()
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(PAGE.encode()))
    assert ghirbal.clean(tmp_path / "page.txt.gz").title == "Council approves the new budget"
    with pytest.raises(TypeError, match=r"clean\(\) takes the page as str or bytes, or a path .*got int"):
        ghirbal.clean(42)


def test_an_empty_article_has_language_und():
    for page_ in ("", "   \n  ", b"\xff\xfe\x00"):
        d = ghirbal.clean(page_).to_dict()
        assert d["language"] == "und" and isinstance(d["language"], str)


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main("--version")
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"ghirbal {ghirbal.__version__}"


def _help(*args) -> str:
    proc = run_cli(*args, "--help")
    assert proc.returncode == 0
    return re.sub(r"\s+", " ", proc.stdout)


def test_help_strings_and_exit_codes():
    clean_help = _help("clean")
    assert "annotated: every input line, numbered from 1" in clean_help
    assert "exit codes: 0 article found; 1 no article" in clean_help and "130 interrupted" in clean_help
    assert "JSON/Parquet field with the page's text" in _help("run")
    learn_help = _help("sites", "learn")
    assert "JSON/Parquet field with the page's text" in learn_help and "exit codes" in learn_help
    show_help = _help("sites", "show")
    assert "show at most N sites or lines" in show_help and "www.example.com" in show_help
    assert "only the first N pages" in _help("eval")


def test_annotated_lines_are_numbered_from_1_like_the_inspector():
    art = ghirbal.clean(PAGE)
    rows = render_annotated(art, color=False).splitlines()
    assert rows[0].split()[0] == "1" and rows[-1].split()[0] == str(len(PAGE.split("\n")))
    inspector = (REPO / "src" / "ghirbal" / "serve" / "inspector.html").read_text(encoding="utf-8")
    assert 'text: String(i + 1)' in inspector  # the inspector numbers from 1 too


def test_sites_show_finds_a_site_by_host_or_url(tmp_path, capsys):
    recs = [{"id": str(i), "url": f"https://www.example.com/n/{i}", "text": page(i)} for i in range(12)]
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    assert main("sites", "learn", str(src), "--out", str(tmp_path / "m")) == 0
    capsys.readouterr()
    for name in ("example.com", "www.example.com", "https://www.example.com/n/1", "WWW.EXAMPLE.COM"):
        assert main("sites", "show", name, "--model", str(tmp_path / "m")) == 0, name
        assert capsys.readouterr().out.startswith("example.com: 12 pages")
    assert main("sites", "show", "other.org", "--model", str(tmp_path / "m")) == 1


def test_why_no_site_was_learned():
    from collections import Counter

    from ghirbal.run.learn import LearnSeen

    assert LearnSeen().why_no_site(10) == "no record made a page"
    assert "none of the 5 pages has a URL" in LearnSeen(pages=5, no_url=5).why_no_site(10)
    few = LearnSeen(pages=7, no_url=2, sites=Counter({"a.com": 4, "b.com": 1}))
    assert few.why_no_site(10) == "no site has 10 pages (sites.min_site_pages); the most is 4 (a.com)"
    many = LearnSeen(pages=12, sites=Counter({"a.com": 12}))
    assert many.why_no_site(10).startswith("no line repeats on enough pages")

"""`ghirbal serve`: the inspector's HTTP API and page, driven over real sockets with urllib."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import ghirbal
from ghirbal.model import REASONS, ROLES
from ghirbal.serve import (
    DEFAULT_MAX_BYTES,
    Example,
    make_server,
    page_html,
    reasons_table,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_TITLE = "موسكو تلمّح إلى قمة مرتقبة بين بوتين وترامب في أكتوبر وتؤكد استمرار الحوار الاستخباراتي مع واشنطن"
CAP = 200_000  # the test server's body cap (the seed page is ~20 KB)

HTML_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council approves budget | City News</title>
<meta property="og:title" content="Council approves the new budget"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Council approves the new budget</h1><p>By Jane Smith</p>
<p>The city council approved the new budget on Tuesday after a long debate about schools, roads and parks.</p>
<p>Members said the plan, which raises spending by four percent, would be reviewed again in the spring.</p>
<p>The mayor welcomed the vote and thanked residents who had written to the council during the summer.</p>
<footer>&copy; 2025 City News. All rights reserved.</footer></body></html>"""


def _start(**kw):
    server = make_server("127.0.0.1", 0, log=False, **kw)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def seed() -> str:
    return (ROOT / "examples" / "egypttoday-seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def srv(seed):
    server, thread, base = _start(max_bytes=CAP, example=Example("egypttoday-seed.txt", seed))
    yield server, base
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def base(srv) -> str:
    return srv[1]


def call(base: str, path: str, *, method: str = "GET", data: bytes | None = None, ctype: str | None = None):
    """(status, headers, raw body) for any answer, error statuses included."""
    req = urllib.request.Request(base + path, data=data, method=method)
    if ctype is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read()


def call_json(base, path, **kw):
    status, headers, raw = call(base, path, **kw)
    assert headers["Content-Type"] == "application/json; charset=utf-8", (status, raw[:200])
    return status, json.loads(raw.decode("utf-8"))


def post_json(base, path, obj):
    return call_json(base, path, method="POST", data=json.dumps(obj).encode("utf-8"), ctype="application/json")


def assert_error(status_and_body, code):
    status, body = status_and_body
    assert status == code, body
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in body["error"]
    return body["error"]


# -- health, reasons, page ------------------------------------------------------------------------

def test_health(base):
    status, body = call_json(base, "/api/health")
    assert status == 200
    assert body["ok"] is True and body["version"] == ghirbal.__version__
    assert body["max_bytes"] == CAP and body["example"] == "egypttoday-seed.txt"


def test_reasons_lists_every_code_with_its_explanation(base):
    status, body = call_json(base, "/api/reasons")
    assert status == 200
    assert [r["code"] for r in body["reasons"]] == list(REASONS)
    assert [r["code"] for r in body["roles"]] == list(ROLES)
    assert all(r["explanation"].strip() for r in body["reasons"] + body["roles"])
    assert body == reasons_table()


def test_reason_wording_is_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reason codes", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", section, flags=re.MULTILINE))
    assert set(table) == set(REASONS)
    assert {r["code"]: r["explanation"] for r in reasons_table()["reasons"]} == table


def test_page_is_the_packaged_html_with_the_clean_button(base):
    status, headers, raw = call(base, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    html = raw.decode("utf-8")
    assert html.startswith("<!doctype html>")
    assert re.search(r'<button id="clean"[^>]*>Clean</button>', html)
    assert 'id="load-example"' in html and 'data-example="egypttoday-seed.txt"' in html
    assert 'dir="auto"' in html and "Noto Naskh Arabic" in html
    # self-contained: no external scripts, styles or fonts
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert all(h.startswith("data:") for h in re.findall(r'<link[^>]*href="([^"]*)"', html))
    assert html == page_html().replace('data-example=""', 'data-example="egypttoday-seed.txt"', 1)
    status, headers, raw = call(base, "/", method="HEAD")
    assert status == 200 and raw == b"" and int(headers["Content-Length"]) == len(html.encode("utf-8"))


def test_example_route(base, seed):
    status, body = call_json(base, "/api/example")
    assert status == 200 and body == {"name": "egypttoday-seed.txt", "text": seed}


def test_no_example_no_button():
    server, _thread, base = _start()
    try:
        assert_error(call_json(base, "/api/example"), 404)
        html = call(base, "/")[2].decode("utf-8")
        assert 'data-example=""' in html
        assert call_json(base, "/api/health")[1]["example"] is None
    finally:
        server.shutdown()
        server.server_close()


# -- /api/clean -----------------------------------------------------------------------------------

def test_clean_json_seed_page(base, seed):
    status, headers, raw = call(base, "/api/clean", method="POST", data=json.dumps({"text": seed}).encode(),
                                ctype="application/json")
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert SEED_TITLE.encode("utf-8") in raw  # UTF-8 as is, not \u escapes
    d = json.loads(raw)
    assert d["title"] == SEED_TITLE
    assert d["empty_reason"] is None and d["language"] == "ar"
    lines = d["lines"]
    assert len(lines) == len(seed.split("\n"))
    for ln in lines:
        if ln["kept"]:
            assert ln["role"] in ROLES and ln["reason"] is None
        else:
            assert ln["reason"] in REASONS and ln["role"] is None
    assert sum(not ln["kept"] for ln in lines) > 50  # the page is mostly chrome
    assert [ln["text"] for ln in lines if ln["role"] == "body"] == d["body"].split("\n")
    assert d == ghirbal.clean(seed).to_dict()


def test_clean_raw_text_body_equals_json_body(base, seed):
    url = "https://www.egypttoday.com/Article/1/12345/موسكو"
    status, raw_d = call_json(base, "/api/clean?url=" + urllib.parse.quote(url, safe=""), method="POST",
                              data=seed.encode("utf-8"), ctype="text/plain; charset=utf-8")
    assert status == 200
    status, json_d = post_json(base, "/api/clean", {"text": seed, "url": url})
    assert status == 200
    assert raw_d == json_d == ghirbal.clean(seed, url=url).to_dict()
    assert raw_d["title"] == SEED_TITLE


def test_clean_legacy_encoding_raw_body(base, seed):
    body = seed.encode("windows-1256", "replace")
    status, d = call_json(base, "/api/clean", method="POST", data=body, ctype="text/plain")
    assert status == 200 and d["title"] == SEED_TITLE


def test_clean_html_body(base):
    status, d = call_json(base, "/api/clean?url=https://citynews.example.com/budget", method="POST",
                          data=HTML_PAGE.encode(), ctype="text/html")
    assert status == 200
    assert d["title"] == "Council approves the new budget"
    assert d["body"].startswith("The city council approved")
    assert "All rights reserved" not in d["body"]
    assert d == ghirbal.clean(HTML_PAGE.encode(), url="https://citynews.example.com/budget").to_dict()


def test_crawl_date_reaches_clean(base):
    page = "\n".join([  # noqa: FLY002 (one line of the page per row)
        "الرئيسية",
        "وزير المالية يعلن موازنة جديدة للعام المقبل",
        "القاهرة - أحمد علي",
        "نشر في أمس",
        "أعلن وزير المالية اليوم عن موازنة جديدة للعام المقبل تتضمن زيادة الإنفاق على التعليم والصحة والبنية التحتية في المحافظات.",
        "وقال الوزير في مؤتمر صحفي إن الموازنة الجديدة تستهدف خفض العجز وتحقيق معدلات نمو أعلى خلال السنوات الثلاث المقبلة.",
        "وأضاف أن الحكومة ستواصل برنامج الإصلاح الاقتصادي بالتعاون مع شركائها الدوليين لدعم الاستثمار وخلق فرص العمل.",
    ])
    # "yesterday" needs the crawl date: none gives null, never a guess
    status, d = post_json(base, "/api/clean", {"text": page})
    assert status == 200 and d["published"] is None
    status, d = post_json(base, "/api/clean", {"text": page, "crawl_date": "2025-06-22T19:00:00Z"})
    assert status == 200 and d["published"] == "2025-06-21"
    assert d == ghirbal.clean(page, crawl_date=dt.datetime(2025, 6, 22, 19, 0)).to_dict()
    # a zoned time is taken in UTC: 01:00 at +03:00 is the 21st, so yesterday is the 20th
    status, d = call_json(base, "/api/clean?crawl_date=" + urllib.parse.quote("2025-06-22T01:00:00+03:00"),
                          method="POST", data=page.encode(), ctype="text/plain")
    assert status == 200 and d["published"] == "2025-06-20"
    status, d = post_json(base, "/api/clean", {"text": page, "crawl_date": "2025-06-22"})
    assert status == 200 and d["published"] == "2025-06-21"


def test_lines_param(base, seed):
    status, d = call_json(base, "/api/clean?lines=0", method="POST", data=seed.encode(), ctype="text/plain")
    assert status == 200 and "lines" not in d and d["title"] == SEED_TITLE
    status, d = post_json(base, "/api/clean?lines=0", {"text": seed})
    assert status == 200 and "lines" not in d
    status, d = post_json(base, "/api/clean?lines=1", {"text": seed})
    assert status == 200 and len(d["lines"]) == len(seed.split("\n"))
    assert "lines=" in assert_error(call_json(base, "/api/clean?lines=maybe", method="POST", data=b"x", ctype="text/plain"), 400)


def test_page_without_article_is_200_with_empty_reason(base):
    status, d = post_json(base, "/api/clean", {"text": "\n\n  \n"})
    assert status == 200 and d["empty_reason"] == "empty-input" and d["title"] is None and d["body"] == ""
    assert len(d["lines"]) == 4 and all(ln["reason"] == "blank" for ln in d["lines"])
    status, d = post_json(base, "/api/clean", {"text": "Home\nNews\nContact us"})
    assert status == 200 and d["empty_reason"] and d["body"] == ""


# -- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, needle", [
    (b'{"text": "abc"', "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b'{"url": "https://x.example/"}', '"text"'),
    (b'["text"]', "object"),
    (b'{"text": 42}', "string"),
    (b'{"text": "abc", "url": 5}', "url"),
    (b'{"text": "abc", "crawl_date": "yesterday"}', "crawl_date"),
    (b'{"text": "abc", "lines": "no"}', "lines"),
])
def test_400_bad_json_requests(base, body, needle):
    msg = assert_error(call_json(base, "/api/clean", method="POST", data=body, ctype="application/json"), 400)
    assert needle in msg


def test_404_unknown_route(base):
    assert "/nope" in assert_error(call_json(base, "/nope"), 404)
    assert_error(call_json(base, "/api/cleaner", method="POST", data=b"x", ctype="text/plain"), 404)


def test_405_wrong_method(base):
    status, headers, raw = call(base, "/api/clean")
    assert_error((status, json.loads(raw)), 405)
    assert headers["Allow"] == "POST"
    assert_error(call_json(base, "/api/health", method="POST", data=b"{}", ctype="application/json"), 405)
    status, headers, raw = call(base, "/", method="DELETE")
    assert_error((status, json.loads(raw)), 405)
    assert headers["Allow"] == "GET, HEAD"


def test_413_over_the_cap_then_still_serving(base, seed):
    msg = assert_error(call_json(base, "/api/clean", method="POST", data=b"a" * (CAP + 1), ctype="text/plain"), 413)
    assert f"{CAP:,}" in msg
    big = json.dumps({"text": "ب" * CAP}).encode()
    assert_error(call_json(base, "/api/clean", method="POST", data=big, ctype="application/json"), 413)
    # exactly at the cap is accepted
    status, d = call_json(base, "/api/clean?lines=0", method="POST", data=b"a " * (CAP // 2), ctype="text/plain")
    assert status == 200
    status, d = post_json(base, "/api/clean?lines=0", {"text": seed})
    assert status == 200 and d["title"] == SEED_TITLE


def test_default_cap_is_10_mb():
    from ghirbal.cli import build_parser

    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    parser, _ = build_parser()
    assert parser.parse_args(["serve"]).max_bytes == DEFAULT_MAX_BYTES


def test_415_and_411(base):
    assert "Content-Type" in assert_error(call_json(base, "/api/clean", method="POST", data=b"--x--",
                                                    ctype="multipart/form-data; boundary=x"), 415)
    conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
    try:
        conn.putrequest("POST", "/api/clean")
        conn.putheader("Content-Type", "text/plain")
        conn.endheaders()
        resp = conn.getresponse()
        assert resp.status == 411 and "error" in json.loads(resp.read())
    finally:
        conn.close()


def test_protocol_errors_are_json_too(base):
    conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
    try:
        conn.request("BREW", "/")
        resp = conn.getresponse()
        assert resp.status == 501
        assert resp.getheader("Content-Type") == "application/json; charset=utf-8"
        assert "BREW" in json.loads(resp.read())["error"]
    finally:
        conn.close()


def test_internal_error_is_500_json_without_traceback(srv, monkeypatch, capsys):
    server, base = srv

    def boom(*a, **kw):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(server.app, "clean", boom)
    msg = assert_error(post_json(base, "/api/clean", {"text": "abc"}), 500)
    assert "secret internals" not in msg and "RuntimeError" in msg
    assert "secret internals" in capsys.readouterr().err  # the traceback goes to the server's log


def test_concurrent_requests(base, seed):
    pages = [seed, HTML_PAGE] * 4
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda p: post_json(base, "/api/clean?lines=0", {"text": p}), pages))
    assert all(s == 200 for s, _ in results)
    assert [d["title"] for _, d in results] == [SEED_TITLE, "Council approves the new budget"] * 4


# -- the command ----------------------------------------------------------------------------------

def test_serve_command_prints_url_and_stops_cleanly_on_ctrl_c(tmp_path, seed):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "egypttoday-seed.txt").write_text(seed, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "ghirbal.cli", "serve", "--port", "0", "--quiet"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert m, line + proc.stderr.read()
        url = m.group(1).rstrip("/")
        assert call_json(url, "/api/health")[1]["example"] == "egypttoday-seed.txt"  # the default example, found
        status, d = post_json(url, "/api/clean", {"text": seed})
        assert status == 200 and d["title"] == SEED_TITLE
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("args, needle", [
    (["--example", "no/such/file.txt"], "cannot read --example"),
    (["--sites", "no/such/model"], "--sites"),
    (["--config", "no/such/config.toml"], "config"),
    (["--max-bytes", "0"], "--max-bytes"),
])
def test_serve_command_usage_errors(tmp_path, args, needle):
    proc = subprocess.run([sys.executable, "-m", "ghirbal.cli", "serve", "--port", "0", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr


def test_package_data_ships_every_serve_data_file():
    import tomllib
    from fnmatch import fnmatch

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["ghirbal"]
    data_files = [f"serve/{p.name}" for p in (ROOT / "src" / "ghirbal" / "serve").iterdir() if p.suffix in (".html", ".toml")]
    assert {"serve/inspector.html", "serve/reasons.toml"} <= set(data_files)
    assert all(any(fnmatch(f, g) for g in globs) for f in data_files), (data_files, globs)

"""Each input format through `ghirbal run`: ids, urls and meta come out as they went in."""

from __future__ import annotations

import datetime as dt

import pytest
from test_run_support import (
    CHROME_ONLY,
    assert_invariant,
    http_response,
    ledger,
    main,
    output_records,
    page,
    warc_record,
    write_jsonl,
    write_parquet,
    write_warc,
)

from ghirbal.run.stages import stable_id


def by_id(records):
    return {r["id"]: r for r in records}


@pytest.mark.parametrize("compression,ext", [(None, "jsonl"), ("gz", "jsonl.gz"), ("zst", "jsonl.zst")])
def test_jsonl_ids_urls_meta(tmp_path, compression, ext):
    recs = [{"id": f"doc-{i}", "url": f"https://www.egypttoday.com/n/{i}", "text": page(i), "site": "egypttoday.com",
             "quality": {"score": i / 10}, "lang": "ar"} for i in range(4)]
    recs.append({"url": "https://x.com/no-id", "text": page(9)})  # no id: a stable hash of source + offset
    src = write_jsonl(tmp_path / f"in.{ext}", recs, compression)
    assert main("run", str(src), "--out", str(tmp_path / "out"), "-j", "1", "--no-progress") == 0
    arts, rejs = output_records(tmp_path / "out")
    assert rejs == []
    got = by_id(arts)
    for i in range(4):
        a = got[f"doc-{i}"]
        assert a["url"] == f"https://www.egypttoday.com/n/{i}"
        assert a["meta"] == {"site": "egypttoday.com", "quality": {"score": i / 10}, "lang": "ar"}
        assert a["source"] == str(src) and a["body"]
        assert "lines" not in a
    last = [a for a in arts if a["url"] == "https://x.com/no-id"][0]
    assert last["id"] == stable_id(str(src), last["offset"]) and last["meta"] == {}
    assert sorted(a["offset"] for a in arts) == [a["offset"] for a in sorted(arts, key=lambda a: a["offset"])]
    assert_invariant(ledger(tmp_path / "out"))


def test_custom_field_names_and_oscar_layout(tmp_path):
    custom = write_jsonl(tmp_path / "custom.jsonl", [{"doc_id": "c1", "link": "https://a.com/1", "content_ar": page(1), "x": 1}])
    oscar = write_jsonl(tmp_path / "oscar.jsonl", [{
        "content": page(2),
        "warc_headers": {"warc-record-id": "<urn:uuid:abc>", "warc-target-uri": "https://b.com/2", "warc-date": "2023-01-05T10:00:00Z"},
        "metadata": {"identification": {"label": "ar"}},
    }])
    out = tmp_path / "out1"
    assert main("run", str(custom), "--out", str(out), "-j", "1", "--no-progress",
                "--text-field", "content_ar", "--id-field", "doc_id", "--url-field", "link") == 0
    [a] = output_records(out)[0]
    assert (a["id"], a["url"], a["meta"]) == ("c1", "https://a.com/1", {"x": 1})
    out = tmp_path / "out2"
    assert main("run", str(oscar), "--out", str(out), "-j", "1", "--no-progress") == 0  # layout auto-detected
    [a] = output_records(out)[0]
    assert (a["id"], a["url"], a["crawl_date"]) == ("<urn:uuid:abc>", "https://b.com/2", "2023-01-05T10:00:00Z")
    assert a["meta"]["metadata"] == {"identification": {"label": "ar"}}
    assert "content" not in a["meta"]


def test_parquet_in_and_parquet_out(tmp_path):
    rows = [{"id": f"p{i}", "url": f"https://c.com/{i}", "text": page(i), "date": dt.datetime(2024, 1, i + 1),
             "language_score": 0.5 + i / 100} for i in range(10)]
    rows.append({"id": "p-empty", "url": "https://c.com/x", "text": CHROME_ONLY, "date": None, "language_score": 0.1})
    src = write_parquet(tmp_path / "in.parquet", rows)
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--format", "parquet",
                "--layout", "fineweb2", "--annotate") == 0
    assert list(out.glob("articles-*.parquet")) and list(out.glob("rejects-*.jsonl.gz"))
    arts, rejs = output_records(out)
    got = by_id(arts)
    assert set(got) == {f"p{i}" for i in range(10)}
    assert got["p3"]["url"] == "https://c.com/3" and got["p3"]["offset"] == 3
    assert got["p3"]["meta"]["language_score"] == pytest.approx(0.53)
    assert got["p3"]["crawl_date"] == "2024-01-04T00:00:00"
    assert got["p3"]["lines"] and {"text", "kept", "role", "reason"} <= set(got["p3"]["lines"][0])
    [r] = rejs
    assert (r["id"], r["reason"], r["offset"]) == ("p-empty", "no-article", 10)
    assert r["detail"]  # the Article's empty_reason


def test_wet_and_warc(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ghirbal.html", None)  # as where no HTML path is installed
    wet = tmp_path / "CC-MAIN-x.warc.wet.gz"
    offsets = write_warc(wet, [
        warc_record("warcinfo", None, b"software: x\r\n", content_type="application/warc-fields"),
        *[warc_record("conversion", f"https://d.com/{i}", page(i).encode(), date="2024-03-01T12:00:00Z",
                      record_id=f"<urn:uuid:wet-{i}>", extra={"WARC-Identified-Content-Language": "ara"}) for i in range(3)],
    ])
    warc = tmp_path / "CC-MAIN-x.warc.gz"
    write_warc(warc, [warc_record("response", "https://e.com/", http_response("<p>x</p>"), record_id="<urn:uuid:resp>",
                                  content_type="application/http; msgtype=response")])
    out = tmp_path / "out"
    assert main("run", str(wet), str(warc), "--out", str(out), "-j", "1", "--no-progress") == 0
    arts, rejs = output_records(out)
    got = by_id(arts)
    assert set(got) == {f"<urn:uuid:wet-{i}>" for i in range(3)}
    a = got["<urn:uuid:wet-1>"]
    assert a["url"] == "https://d.com/1" and a["crawl_date"] == "2024-03-01T12:00:00Z" and a["offset"] == offsets[2]
    assert a["meta"]["WARC-Identified-Content-Language"] == "ara"
    [r] = rejs
    assert (r["id"], r["url"], r["reason"], r["source"]) == ("<urn:uuid:resp>", "https://e.com/", "html-not-supported", str(warc))
    led = ledger(out)
    assert_invariant(led)
    assert [(f["read"], f["written"], f["rejected"]) for f in led["files"]] == [(3, 3, 0), (1, 0, 1)]


def test_text_files_and_the_examples_folder(tmp_path):
    from test_run_support import REPO, run_cli

    out = tmp_path / "out"
    proc = run_cli("run", "examples/", "--out", str(out), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert str(out / "report.html") in proc.stderr
    articles, rejects = output_records(out)
    [a] = [r for r in articles if r["source"] == "examples/egypttoday-seed.txt"]
    assert a["offset"] == 0 and a["url"] is None
    assert a["id"] == stable_id("examples/egypttoday-seed.txt", 0)
    assert "Traceback" not in proc.stderr
    # The bundled corpus gives the first report something to show: three sites, several pages each, rejects.
    sites = {r["url"].split("/")[2] for r in articles if r["url"]}
    assert sites == {"www.wadi-news.com", "www.madina-today.net", "www.sahil-post.com"}
    reasons = {r["reason"] for r in rejects}
    assert len(articles) >= 30 and {"no-article", "empty-text", "missing-text", "bad-json"} <= reasons
    assert reasons <= {"no-article", "empty-text", "missing-text", "bad-json", "near-duplicate", "exact-duplicate"}
    assert "learned templates of 3 sites" in proc.stderr


def test_an_html_path_plugs_in_without_touching_the_readers(tmp_path, monkeypatch):
    """WARC responses are rejected until a `ghirbal.html` module with clean() exists; then they are cleaned."""
    import re
    import sys
    import types

    import ghirbal

    calls = []

    def clean_html(html, url=None, **kw):
        calls.append(url)
        text = re.sub(r"<[^>]+>", "\n", html.decode("utf-8"))
        return ghirbal.extract.clean_text(text, url, **kw)  # the text path: the fake is no full HTML module

    fake = types.ModuleType("ghirbal.html")
    fake.clean = clean_html
    monkeypatch.setitem(sys.modules, "ghirbal.html", fake)
    warc = tmp_path / "a.warc.gz"
    html = "<html><body>" + "".join(f"<p>{ln}</p>" for ln in page(3).split("\n")) + "</body></html>"
    write_warc(warc, [warc_record("response", "https://e.com/3", http_response(html), record_id="<urn:uuid:h3>",
                                  content_type="application/http; msgtype=response")])
    out = tmp_path / "out"
    assert main("run", str(warc), "--out", str(out), "-j", "1", "--no-progress") == 0
    arts, rejs = output_records(out)
    assert calls == ["https://e.com/3"] and rejs == []
    assert arts[0]["id"] == "<urn:uuid:h3>" and arts[0]["body"]


def test_warc_responses_go_through_the_real_html_path(tmp_path):
    pytest.importorskip("ghirbal.html")
    warc = tmp_path / "a.warc.gz"
    html = ("<html lang='ar'><head><title>t</title></head><body>"
            + "".join(f"<p>{ln}</p>" for ln in page(4).split("\n")) + "</body></html>")
    http = "application/http; msgtype=response"
    write_warc(warc, [
        warc_record("response", "https://www.egypttoday.com/n/4", http_response(html), record_id="<urn:uuid:r4>", content_type=http),
        warc_record("response", "https://www.egypttoday.com/logo.png",
                    b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n\r\nabc", content_type=http),
    ])
    out = tmp_path / "out"
    assert main("run", str(warc), "--out", str(out), "-j", "2", "--no-progress") == 0
    arts, rejs = output_records(out)
    assert [a["id"] for a in arts] == ["<urn:uuid:r4>"] and arts[0]["body"]
    assert [(r["reason"], r["detail"]) for r in rejs] == [("not-html", "HTTP content type image/png")]

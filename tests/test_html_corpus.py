"""HTML in corpus runs: saved pages (.html, .htm, .html.gz), JSON Lines with an HTML field, WARC
responses with their HTTP charset; broken payloads and non-HTML responses go to rejects."""

from __future__ import annotations

import gzip

from test_run_support import assert_invariant, ledger, main, output_records, warc_record, write_jsonl, write_warc

AR_STORY = [
    "ارتفعت أسعار النفط في الأسواق العالمية اليوم الثلاثاء بعد أن أعلنت الدول المنتجة عن خفض جديد في الإنتاج خلال الأشهر المقبلة.",
    "وقال محللون إن هذا القرار سيؤدي إلى تقليص المعروض في الأسواق، مما يدفع الأسعار إلى مستويات أعلى خلال الربع الثاني من العام.",
    "وأضاف الخبراء أن الاقتصادات الناشئة ستتأثر بشكل كبير بهذه الزيادة، خاصة الدول المستوردة للطاقة التي تعاني من عجز في موازناتها.",
]


def ar_html(i: int, meta_charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    body = "".join(f"<p>{p} ({i})</p>" for p in AR_STORY)
    return (f"<!doctype html><html lang='ar'><head>{meta}<title>ارتفاع أسعار النفط {i}</title></head><body>"
            f"<nav><a href='/'>الرئيسية</a> <a href='/eco'>اقتصاد</a></nav><article><h1>ارتفاع أسعار النفط {i}</h1>{body}"
            f"</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def test_a_folder_of_saved_pages(tmp_path):
    src = tmp_path / "pages"
    src.mkdir()
    (src / "a.html").write_text(ar_html(1), encoding="utf-8")
    (src / "b.htm").write_bytes(ar_html(2, meta_charset="windows-1256").encode("cp1256"))
    (src / "c.html.gz").write_bytes(gzip.compress(ar_html(3).encode("utf-8")))
    (src / "d.html.gz").write_bytes(gzip.compress(ar_html(4).encode("utf-8"))[:-30])  # cut: does not inflate
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--sites", "none", "--dedup", "none") == 1  # d's read error
    arts, rejs = output_records(out)
    led = ledger(out)
    assert_invariant(led)
    assert led["totals"]["read"] == 4 and led["totals"]["written"] == 3 and led["totals"]["errored"] == 1
    bodies = sorted(a["body"] for a in arts)
    assert len(bodies) == 3
    for i, body in zip((1, 2, 3), bodies):
        assert body.split("\n") == [f"{p} ({i})" for p in AR_STORY]  # the cp1256 page decoded by its meta
    assert [r["reason"] for r in rejs] == ["read-error"]


def test_jsonl_with_an_html_field(tmp_path):
    recs = [{"id": f"p{i}", "url": f"https://news.example/{i}", "raw_html": ar_html(i)} for i in range(3)]
    recs.append({"id": "empty", "url": "https://news.example/x", "raw_html": None})
    src = write_jsonl(tmp_path / "in.jsonl", recs, None)
    out = tmp_path / "out"
    assert main("run", str(src), "--out", str(out), "-j", "1", "--no-progress", "--sites", "none", "--dedup", "none", "--html-field", "raw_html") == 0
    arts, rejs = output_records(out)
    assert_invariant(ledger(out))
    assert sorted(a["id"] for a in arts) == ["p0", "p1", "p2"]
    assert all(a["body"].split("\n")[0].startswith(AR_STORY[0]) for a in arts)
    assert all("<" not in a["body"] for a in arts)
    assert [(r["id"], r["reason"]) for r in rejs] == [("empty", "missing-text")]


def _response(body: bytes, content_type: str) -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def test_warc_charset_from_the_http_header_and_rejects(tmp_path):
    cp1256 = ar_html(5, meta_charset=None).encode("cp1256")  # no meta: only the HTTP header names the charset
    records = [
        warc_record("response", "https://news.example/5", _response(cp1256, "text/html; charset=windows-1256"),
                    content_type="application/http; msgtype=response", record_id="<urn:uuid:r5>"),
        warc_record("response", "https://news.example/logo.png", _response(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
                    content_type="application/http; msgtype=response", record_id="<urn:uuid:png>"),
        warc_record("response", "https://news.example/6", _response(bytes(range(256)) * 40, "text/html; charset=utf-8"),
                    content_type="application/http; msgtype=response", record_id="<urn:uuid:garbage>"),
    ]
    warc = tmp_path / "in.warc.gz"
    write_warc(warc, records)
    out = tmp_path / "out"
    assert main("run", str(warc), "--out", str(out), "-j", "1", "--no-progress", "--sites", "none") == 0
    arts, rejs = output_records(out)
    assert_invariant(ledger(out))
    assert [a["id"] for a in arts] == ["<urn:uuid:r5>"]
    assert arts[0]["body"].split("\n") == [f"{p} (5)" for p in AR_STORY]
    reasons = {r["id"]: r["reason"] for r in rejs}
    assert reasons["<urn:uuid:png>"] == "not-html"
    assert reasons["<urn:uuid:garbage>"] in ("no-article", "decode-error")  # a payload nothing reads: a reason, no traceback


def test_the_http_charset_comes_before_the_meta_and_detection():
    from ghirbal.html import http_charset
    from ghirbal.html.decode import decode_html

    assert http_charset("text/html; charset=ISO-8859-6") == "ISO-8859-6"
    assert http_charset('text/html;charset="windows-1256"') == "windows-1256"
    assert http_charset("text/html") is None and http_charset(None) is None
    text = "<html><head><meta charset='windows-1256'></head><body><p>" + AR_STORY[0] + "</p></body></html>"
    data = text.encode("iso8859_6", errors="replace")
    decoded, encoding = decode_html(data, charset="ISO-8859-6")  # the header wins over the page's meta
    assert encoding == "iso8859-6" and AR_STORY[0][:20] in decoded
    assert decode_html(data)[1] != "iso8859-6"  # the meta alone would have misled
    assert decode_html(data, charset="no-such-charset")[1] != "iso8859-6"  # an unknown label is no declaration

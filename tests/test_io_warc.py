"""WET/WARC reader (FastWARC): urls, dates, ids, meta, offsets; HTML responses; damaged files."""

from __future__ import annotations

import gzip

from test_run_support import http_response, warc_record, write_warc

from ghirbal.io.records import ERROR, HTML, NOT_HTML, PAGE, TOO_LARGE
from ghirbal.io.warc import read_warc


def wet_records(n: int) -> list[bytes]:
    return [
        warc_record("conversion", f"https://example.com/{i}", f"عنوان {i}\nسطر".encode(), date=f"2024-05-0{i + 1}T10:00:00Z",
                    record_id=f"<urn:uuid:00000000-0000-0000-0000-00000000000{i}>",
                    extra={"WARC-Identified-Content-Language": "ara"})
        for i in range(n)
    ]


def test_wet_records_carry_url_date_id_meta_and_file_offsets(tmp_path):
    path = tmp_path / "a.warc.wet.gz"
    info = warc_record("warcinfo", None, b"software: test\r\n", content_type="application/warc-fields")
    offsets = write_warc(path, [info] + wet_records(3))
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert [r.kind for r in recs] == [PAGE] * 3  # warcinfo is not a page
    assert [r.offset for r in recs] == offsets[1:]
    assert [r.url for r in recs] == [f"https://example.com/{i}" for i in range(3)]
    assert [r.crawl_date for r in recs] == [f"2024-05-0{i + 1}T10:00:00Z" for i in range(3)]
    assert recs[2].id == "<urn:uuid:00000000-0000-0000-0000-000000000002>"
    assert recs[0].meta["WARC-Identified-Content-Language"] == "ara"
    assert "WARC-Target-URI" not in recs[0].meta
    assert recs[1].data.decode() == "عنوان 1\nسطر"


def test_uncompressed_wet(tmp_path):
    path = tmp_path / "a.warc.wet"
    offsets = write_warc(path, wet_records(2), gzip_members=False)
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert [r.offset for r in recs] == offsets and all(r.kind == PAGE for r in recs)


def test_warc_responses_are_html_records_without_payload(tmp_path):
    path = tmp_path / "a.warc.gz"
    req = warc_record("request", "https://example.com/", b"GET / HTTP/1.1\r\n\r\n", content_type="application/http")
    resp = warc_record("response", "https://example.com/", http_response("<html><p>مرحبا</p></html>"),
                       content_type="application/http; msgtype=response")
    write_warc(path, [req, resp])
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert len(recs) == 1 and recs[0].kind == HTML and recs[0].data is None
    assert recs[0].url == "https://example.com/"
    with_html = list(read_warc(str(path), max_bytes=10_000, want_html=True))
    assert with_html[0].data == "<html><p>مرحبا</p></html>".encode()


def test_oversize_record_is_not_read(tmp_path):
    path = tmp_path / "a.warc.wet.gz"
    big = warc_record("conversion", "https://example.com/big", b"x" * 5000)
    write_warc(path, [big] + wet_records(1))
    recs = list(read_warc(str(path), max_bytes=1000))
    assert [r.kind for r in recs] == [TOO_LARGE, PAGE]
    assert recs[0].size == 5000 and recs[0].url == "https://example.com/big"


def test_truncated_wet_keeps_earlier_records(tmp_path):
    path = tmp_path / "a.warc.wet.gz"
    write_warc(path, wet_records(3))
    data = path.read_bytes()
    path.write_bytes(data[:-25])
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert [r.kind for r in recs] == [PAGE, PAGE, ERROR]
    assert "truncated" in recs[-1].message


def test_garbage_in_the_middle_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "a.warc.wet.gz"
    offsets = write_warc(path, wet_records(3))
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1] + 10] + b"\x00garbage" * 20 + data[offsets[2]:])
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert recs[0].kind == PAGE and recs[-1].kind == ERROR


def test_missing_file(tmp_path):
    recs = list(read_warc(str(tmp_path / "nope.warc.gz"), max_bytes=10))
    assert len(recs) == 1 and recs[0].kind == ERROR


def test_gzip_members_sanity(tmp_path):
    # The hand-written files really are one gzip member per record (as Common Crawl's).
    path = tmp_path / "a.warc.wet.gz"
    offsets = write_warc(path, wet_records(2))
    data = path.read_bytes()
    assert gzip.decompress(data[offsets[1]:]).startswith(b"WARC/1.0\r\nWARC-Type: conversion")


def test_with_an_html_path_bodies_are_decoded_and_non_pages_set_apart(tmp_path):
    path = tmp_path / "a.warc.gz"
    body = "<html><p>مرحبا</p></html>".encode()
    gz = gzip.compress(body)
    gz_resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
               b"Content-Length: " + str(len(gz)).encode() + b"\r\n\r\n" + gz)
    image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n\r\nabc"
    http = "application/http; msgtype=response"
    write_warc(path, [warc_record("response", "https://e.com/g", gz_resp, content_type=http),
                      warc_record("response", "https://e.com/i.png", image, content_type=http)])
    recs = list(read_warc(str(path), max_bytes=10_000, want_html=True))
    assert [r.kind for r in recs] == [HTML, NOT_HTML]
    assert recs[0].data == body  # Content-Encoding: gzip undone
    assert recs[0].meta["http-content-type"] == "text/html"
    assert recs[1].message == "image/png" and recs[1].data is None
    # A body that inflates past the cap is too large, even though the record on disk is small.
    bomb = gzip.compress(b"<p>" + b"x" * 50_000 + b"</p>")
    bomb_resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                 b"Content-Length: " + str(len(bomb)).encode() + b"\r\n\r\n" + bomb)
    write_warc(path, [warc_record("response", "https://e.com/b", bomb_resp, content_type=http)])
    [rec] = read_warc(str(path), max_bytes=10_000, want_html=True)
    assert rec.kind == TOO_LARGE


def test_a_record_cut_inside_its_header_is_an_error_not_a_page(tmp_path):
    path = tmp_path / "a.warc.wet"
    records = wet_records(2)
    cut = records[1][: records[1].index(b"Content-Type")]  # the file ends before Content-Length
    path.write_bytes(records[0] + cut)
    recs = list(read_warc(str(path), max_bytes=10_000))
    assert [r.kind for r in recs] == [PAGE, ERROR]
    assert "truncated" in recs[-1].message

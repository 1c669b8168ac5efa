"""WARC and WET files, read with FastWARC.

* WET `conversion` records are pages: their WARC-Target-URI and WARC-Date become the url and the crawl
  date, WARC-Record-ID the id, and the other WARC headers go to `meta`.
* WARC `response` records are HTML. They become `html` records; the payload (the HTTP body, with
  chunked/gzip encodings undone by FastWARC) is only read when an HTML path is installed (`want_html`),
  otherwise the clean stage rejects them as `html-not-supported`. Responses that are not web pages
  (images, PDFs, ...) become `not-html` records.
* Other record types (warcinfo, request, metadata, ...) are not pages and are skipped.

The offset of a record is its byte offset in the file, as in Common Crawl's index.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghirbal.io.records import ERROR, HTML, NOT_HTML, PAGE, TOO_LARGE, RawRecord
from ghirbal.io.remote import open_input

_USED = {"WARC-Target-URI", "WARC-Date", "WARC-Record-ID", "Content-Length"}
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(path: str, *, max_bytes: int, progress=None, want_html: bool = False, **_: object) -> Iterator[RawRecord]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pos = 0
    try:
        with open_input(path) as fh:
            types = WarcRecordType.conversion | WarcRecordType.response
            decode = "all" if want_html else "none"
            for rec in ArchiveIterator(fh, record_types=types, parse_http=want_html, auto_decode=decode):
                pos = rec.stream_pos
                if progress is not None:
                    progress.raw_pos = fh.tell()
                headers = rec.headers
                kind = PAGE if rec.record_type == WarcRecordType.conversion else HTML
                common = dict(
                    id=headers.get("WARC-Record-ID"),
                    url=headers.get("WARC-Target-URI"),
                    crawl_date=headers.get("WARC-Date"),
                    meta={k: v for k, v in headers.items() if k not in _USED},
                )
                length = rec.content_length
                if "Content-Length" not in headers:  # a record cut inside its header block: its URL may be cut too
                    yield RawRecord(pos, ERROR, message="record truncated: no Content-Length header", **{**common, "url": None})
                    return
                if length > max_bytes:
                    yield RawRecord(pos, TOO_LARGE, size=length, **common)
                    continue
                if kind == HTML:
                    if not want_html:
                        yield RawRecord(pos, HTML, size=length, **common)
                        continue
                    ctype = (rec.http_content_type or "").lower()
                    common["meta"]["http-content-type"] = rec.http_content_type
                    if ctype and not ctype.startswith(_HTML_TYPES):
                        yield RawRecord(pos, NOT_HTML, size=length, message=ctype, **common)
                        continue
                data = rec.reader.read(max_bytes + 1)
                if len(data) > max_bytes:  # an HTTP body that inflated past the cap (gzip content encoding)
                    yield RawRecord(pos, TOO_LARGE, size=len(data), **common)
                    continue
                if kind == PAGE and len(data) < length:  # FastWARC hands out a short payload when the file is cut
                    yield RawRecord(pos, ERROR, message=f"record truncated: {len(data)} of {length} bytes", **common)
                    return
                yield RawRecord(pos, kind, data=data, size=len(data), **common)
    except OSError as exc:
        yield RawRecord(pos, ERROR, message=f"cannot read WARC: {exc.strerror or exc}")


"""The one record type every reader yields, whatever the input format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# What a RawRecord holds; the clean stage decides what to do with each kind.
JSON = "json"  # data: one JSON line (bytes), parsed in the worker (parsing is work, reading is not)
FIELDS = "fields"  # data: a dict of input fields (a Parquet row)
PAGE = "page"  # data: the page text as bytes (a .txt file, a WET conversion record)
HTML = "html"  # data: an HTTP response body (bytes) or None when no HTML path is installed
NOT_HTML = "not-html"  # data: None; a WARC response whose HTTP content type is not a web page (message: the type)
TOO_LARGE = "too-large"  # data: None; size is the record's full size, which was not read into memory
ERROR = "error"  # data: None; message says what broke at this offset (corrupt stream, unreadable file)


@dataclass(slots=True)
class RawRecord:
    """One input record, as read, before any parsing.

    `offset` is where the record starts: the byte offset in the decompressed stream for JSONL, the row
    number for Parquet, the byte offset of the record in the file for WARC/WET (as in Common Crawl's
    index), 0 for a one-page text file.
    """

    offset: int
    kind: str
    data: Any = None
    size: int = 0
    id: str | None = None
    url: str | None = None
    crawl_date: str | None = None
    meta: dict[str, Any] | None = None
    message: str | None = None

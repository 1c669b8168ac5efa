"""`ghirbal dedup`: corpora cleaned elsewhere. A record's text is its body as it is (no extraction), so
the run's readers, ledger, dedup stages and outputs serve them unchanged."""

from __future__ import annotations

from ghirbal.model import Article


def as_article(page) -> Article:
    text = page.text if isinstance(page.text, str) else page.text.decode("utf-8", "replace")
    body = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    # The record's date (--date-field) stands for the publication date in the keep rule (earliest first).
    date = page.crawl_date[:10] if page.crawl_date and len(page.crawl_date) >= 10 else None
    return Article(body=body, published=date, empty_reason=None if body else "empty-input")

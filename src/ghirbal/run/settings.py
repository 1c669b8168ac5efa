"""Everything a worker needs to process a unit, as one picklable value (no globals: Ray-ready)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ghirbal.io.shards import default_gzip_level

# Field layouts of the common corpora: (text, id, url, crawl date). Dotted names reach into nested objects.
LAYOUTS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "default": ("text", "id", "url", None),
    "oscar": ("content", "warc_headers.warc-record-id", "warc_headers.warc-target-uri", "warc_headers.warc-date"),
    "culturax": ("text", None, "url", "timestamp"),
    "mc4": ("text", None, "url", "timestamp"),
    "fineweb2": ("text", "id", "url", "date"),
}


@dataclass(frozen=True)
class RunSettings:
    out_dir: str
    format: str = "jsonl"  # output shard format: jsonl (gzip) or parquet
    annotate: bool = False  # keep per-line verdicts in the output
    layout: str = "auto"  # auto: per record, OSCAR's `content` when there is no text field
    text_field: str | None = None  # None: from the layout
    id_field: str | None = None
    url_field: str | None = None
    date_field: str | None = None
    html_field: str | None = None  # JSON/Parquet: the field holding the page's HTML (the HTML path reads it)
    max_record_bytes: int = 5_000_000
    gzip_level: int = field(default_factory=default_gzip_level)  # (run.toml's, when not given)
    fsync: bool = True
    sites_model: str | None = None  # per-site template model folder (learned by the run, or given)
    # Record steps after clean(), in order: (name, mode) pairs (ghirbal.steps); their options are the
    # config tables of the same name.
    steps: tuple[tuple[str, str], ...] = ()
    dedup: str = "none"  # corpus dedup after the cleaning pass (ghirbal.dedup): near, exact or none
    dedup_paragraphs: bool = False  # drop paragraphs that recur on many sites (ghirbal.dedup), as corpus-repeat
    clean: bool = True  # False (`ghirbal dedup`): a record's text is its body, no extraction
    clean_config: dict[str, Any] = field(default_factory=dict, compare=False)

    def fields_for(self, record: dict[str, Any]) -> tuple[str, str | None, str | None, str | None]:
        """The (text, id, url, date) field names for this record; explicit flags always win."""
        layout = self.layout
        if layout == "auto":
            layout = "oscar" if ("content" in record and "text" not in record) else "default"
        text, id_, url, date = LAYOUTS[layout]
        return (
            self.text_field or text,
            self.id_field or id_,
            self.url_field or url,
            self.date_field or date,
        )

    def fingerprint(self) -> dict[str, Any]:
        """Settings that change the output: a resumed run must use the same ones."""
        return {
            "format": self.format,
            "annotate": self.annotate,
            "layout": self.layout,
            "text_field": self.text_field,
            "id_field": self.id_field,
            "url_field": self.url_field,
            "date_field": self.date_field,
            "html_field": self.html_field,
            "max_record_bytes": self.max_record_bytes,
            "clean_config": self.clean_config,
            "sites_model": self.sites_model,
            "steps": [list(s) for s in self.steps],
            "dedup": self.dedup,
            "clean": self.clean,
            "dedup_paragraphs": self.dedup_paragraphs,
        }

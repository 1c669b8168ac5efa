"""The `quality` record step: the `quality` object (signals, the threshold table used, the failed
signals) on every record; in `filter` mode a failing record is rejected as `low-quality`, its detail
naming the failed signals; in `tag` mode it is only annotated."""

from __future__ import annotations

from typing import Any

from ghirbal.quality import assess
from ghirbal.quality.filters import signal_name
from ghirbal.quality.scan import line_counts
from ghirbal.steps import Reject, Step

LOW_QUALITY = "low-quality"


class QualityStep(Step):
    name = "quality"

    def process(self, record: dict[str, Any], article: Any, stats) -> None:
        language = (record.get("language_id") or {}).get("code") or record.get("language")
        lines = getattr(article, "lines", None) or []
        page_lines, page_kept = line_counts(lines)  # non-blank and kept lines (one C pass: pages have hundreds)
        body = record.get("body") or ""
        sig, table, failed = assess(body.split("\n"), language, self.options or None, page_lines, page_kept)
        sig["thresholds"] = table
        sig["failed"] = failed
        record["quality"] = sig
        # The funnel, signal by signal: every failed signal, and the first one in the table's order.
        for f in failed:
            stats[f"fail:{signal_name(f)}"] += 1
        if failed:
            stats[f"first:{signal_name(failed[0])}"] += 1
            if self.mode == "filter":
                raise Reject(LOW_QUALITY, ", ".join(failed))
            stats["tagged-failing"] += 1

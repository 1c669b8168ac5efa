"""The `langid` record step: `language_id` (ISO code, confidence, script, shares of a mixed page) and,
for Arabic, `dialect` (label, confidence, marker hits) on every record. Annotates only."""

from __future__ import annotations

from typing import Any

from ghirbal import dialect, langid
from ghirbal.steps import Step


def confidence_bin(conf: float) -> int:
    """Deciles 0-9 of a confidence (1.0 falls in 9)."""
    return min(9, int(conf * 10))


class LangidStep(Step):
    name = "langid"

    def process(self, record: dict[str, Any], article: Any, stats) -> None:
        opts = self.options or None
        result = langid.identify(record.get("body") or "", opts)
        record["language_id"] = result.to_dict()
        stats[f"lang:{result.code}"] += 1
        stats[f"conf:{result.code}:{confidence_bin(result.confidence)}"] += 1
        if result.shares:
            stats["mixed-pages"] += 1
        if result.code == "ar":
            sample = (record.get("body") or "")[: (opts or {}).get("sample_chars", 5000)]
            d = dialect.tag(sample, (opts or {}).get("dialect"))
            record["dialect"] = d.to_dict()
            stats[f"dialect:{d.label}"] += 1

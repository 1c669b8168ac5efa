"""The `pii` record step of `ghirbal run`: redact (default) or tag the personal data of each kept article.

Modes: "redact" replaces each span with its placeholder in the article's text fields (`pii.fields`:
title, body and captions by default; related headlines on request) and in the `lines` annotation, unless `pii.keep_lines`
(`--keep-pii`) keeps the original lines; "tag" leaves the text as it is and adds `pii`, a list of
`{"field", "kind", "start", "end"}` (offsets into that field; list fields are named `captions.0`,
`related.2`). Counts per kind go to the step's stats (`stats.json` → `steps.pii`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ghirbal import pii
from ghirbal.steps import Step

MODES = ("redact", "tag")


class PiiStep(Step):
    name = "pii"

    def __init__(self, mode: str = "redact", options: dict[str, Any] | None = None):
        super().__init__(mode, options)
        if mode not in MODES:
            raise ValueError(f"pii mode must be one of redact, tag, none; not {mode!r}")
        o = self.options
        self.kinds = pii._kinds(o.get("kinds", pii.KINDS))
        self.placeholders = {**pii.PLACEHOLDERS, **o.get("placeholders", {})}
        self.fields = tuple(o.get("fields", ("title", "body", "captions")))
        unknown = set(self.fields) - {"title", "body", "captions", "related"}
        if unknown:
            raise ValueError(f"pii.fields: unknown field(s) {sorted(unknown)} (known: title, body, captions, related)")
        self.keep_lines = bool(o.get("keep_lines", False))
        self.finder = pii.finder(bool(o.get("org_numbers", False)))

    def _spans(self, text: str | None) -> list[pii.Span]:
        if not text:
            return []
        return [s for s in self.finder.find(text) if s.kind in self.kinds]

    def process(self, record: dict[str, Any], article: Any, stats: Counter) -> None:
        redact = self.mode == "redact"
        tags: list[dict[str, Any]] = []
        found = Counter()

        def visit(name: str, text: str | None) -> str | None:
            spans = self._spans(text)
            for s in spans:
                found[s.kind] += 1
                if not redact:
                    tags.append({"field": name, "kind": s.kind, "start": s.start, "end": s.end})
            return pii.apply(text, spans, self.placeholders) if (redact and spans) else text

        for field in self.fields:
            value = record.get(field)
            if field == "related":
                for i, rel in enumerate(value or []):
                    rel["title"] = visit(f"related.{i}", rel.get("title"))
            elif isinstance(value, list):
                record[field] = [visit(f"{field}.{i}", v) for i, v in enumerate(value)]
            else:
                record[field] = visit(field, value)
        if redact and record.get("lines") and not self.keep_lines:
            for line in record["lines"]:
                spans = self._spans(line.get("text"))
                if spans:
                    line["text"] = pii.apply(line["text"], spans, self.placeholders)
        if not redact:
            record["pii"] = tags
        if found:
            stats.update(found)
            stats["pages_with_pii"] += 1
            stats["redacted" if redact else "tagged"] += sum(found.values())

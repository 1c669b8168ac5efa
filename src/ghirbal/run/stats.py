"""Mergeable run statistics: what the report draws. One `Stats` per unit, summed by the pipeline.

Everything is a counter or a fixed-bin histogram, so merging is addition and the result does not depend
on how pages were split into units or workers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Any

# Histogram bin edges (characters), 1-2-5 steps: bin i holds lengths in [EDGES[i], EDGES[i+1]).
CHAR_EDGES = [0, 1, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000]

_SITE_FIELDS = ("pages", "kept", "lines", "dropped", "template")


def char_bin(n: int) -> int:
    return bisect_right(CHAR_EDGES, n) - 1


class Stats:
    def __init__(self) -> None:
        self.pages: Counter[str] = Counter()  # read, written, rejected, errored
        self.rejects: Counter[str] = Counter()  # reason -> pages
        self.errors: Counter[str] = Counter()  # error kind -> pages (read-error, clean-error)
        self.empty_reasons: Counter[str] = Counter()  # Article.empty_reason of no-article pages
        self.dropped: Counter[str] = Counter()  # Line.reason of dropped lines -> count
        self.kept_roles: Counter[str] = Counter()  # Line.role of kept lines -> count
        self.languages: Counter[str] = Counter()  # Article.language of kept pages
        self.sites: dict[str, list[int]] = {}  # registered domain -> [pages, kept, lines, dropped, template]
        self.chars_in = [0] * len(CHAR_EDGES)  # page characters, pages that reached clean
        self.chars_out = [0] * len(CHAR_EDGES)  # body characters, kept pages
        self.totals: Counter[str] = Counter()  # bytes_in, chars_in, chars_out, lines, clean_seconds
        self.steps: dict[str, Counter[str]] = {}  # record step name -> its own counters

    def step(self, name: str) -> Counter[str]:
        """The counters of one record step (ghirbal.steps)."""
        c = self.steps.get(name)
        if c is None:
            c = self.steps[name] = Counter()
        return c

    # --- recording ------------------------------------------------------------------------------
    def add_read(self, size: int) -> None:
        self.pages["read"] += 1
        self.totals["bytes_in"] += size

    def add_outcome(self, status: str, reason: str | None = None) -> None:
        self.pages[status] += 1
        if status == "rejected" and reason:
            self.rejects[reason] += 1
        elif status == "errored" and reason:
            self.errors[reason] += 1

    def add_article(self, article: Any, site: str, chars_in: int, kept: bool, seconds: float) -> None:
        lines = article.lines
        # Counter.update counts an iterable in C: a Python `+= 1` per line cost ~5% of `clean`'s time.
        reasons = [ln.reason or "unknown" for ln in lines if not ln.kept]
        self.dropped.update(reasons)
        self.kept_roles.update([ln.role or "unknown" for ln in lines if ln.kept])
        dropped = len(reasons)
        template = reasons.count("site-template") if dropped else 0
        s = self.sites.get(site)
        if s is None:
            s = self.sites[site] = [0] * len(_SITE_FIELDS)
        s[0] += 1
        s[1] += int(kept)
        s[2] += len(lines)
        s[3] += dropped
        s[4] += template
        self.chars_in[char_bin(chars_in)] += 1
        self.totals["chars_in"] += chars_in
        self.totals["lines"] += len(lines)
        self.totals["clean_seconds"] += seconds
        if kept:
            out = len(article.text)
            self.chars_out[char_bin(out)] += 1
            self.totals["chars_out"] += out
            self.languages[article.language or "unknown"] += 1
        elif article.empty_reason:
            self.empty_reasons[article.empty_reason] += 1

    # --- merging and (de)serialising ------------------------------------------------------------
    def merge(self, other: Stats, max_sites: int | None = None) -> None:
        for name in ("pages", "rejects", "errors", "empty_reasons", "dropped", "kept_roles", "languages", "totals"):
            getattr(self, name).update(getattr(other, name))
        for site, vals in other.sites.items():
            s = self.sites.get(site)
            if s is None:
                self.sites[site] = list(vals)
            else:
                for i, v in enumerate(vals):
                    s[i] += v
        for name, counts in other.steps.items():
            self.step(name).update(counts)
        self.chars_in = [a + b for a, b in zip(self.chars_in, other.chars_in)]
        self.chars_out = [a + b for a, b in zip(self.chars_out, other.chars_out)]
        if max_sites and len(self.sites) > 2 * max_sites:
            self.prune_sites(max_sites)

    def prune_sites(self, max_sites: int) -> None:
        """Keep the sites with the most lines: memory stays bounded on a corpus of millions of hosts."""
        keep = sorted(self.sites.items(), key=lambda kv: (-kv[1][2], kv[0]))[:max_sites]
        pruned = len(self.sites) - len(keep)
        self.sites = dict(keep)
        self.totals["sites_pruned"] += pruned

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": dict(self.pages),
            "rejects": dict(self.rejects),
            "errors": dict(self.errors),
            "empty_reasons": dict(self.empty_reasons),
            "lines_dropped": dict(self.dropped),
            "lines_kept": dict(self.kept_roles),
            "languages": dict(self.languages),
            "sites": {k: dict(zip(_SITE_FIELDS, v)) for k, v in self.sites.items()},
            "hist": {"edges": CHAR_EDGES, "chars_in": self.chars_in, "chars_out": self.chars_out},
            "totals": dict(self.totals),
            "steps": {name: dict(c) for name, c in sorted(self.steps.items())},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stats:
        s = cls()
        s.pages.update(d.get("pages", {}))
        s.rejects.update(d.get("rejects", {}))
        s.errors.update(d.get("errors", {}))
        s.empty_reasons.update(d.get("empty_reasons", {}))
        s.dropped.update(d.get("lines_dropped", {}))
        s.kept_roles.update(d.get("lines_kept", {}))
        s.languages.update(d.get("languages", {}))
        s.sites = {k: [v.get(f, 0) for f in _SITE_FIELDS] for k, v in d.get("sites", {}).items()}
        hist = d.get("hist", {})
        if hist.get("edges") == CHAR_EDGES:
            s.chars_in = list(hist["chars_in"])
            s.chars_out = list(hist["chars_out"])
        s.totals.update(d.get("totals", {}))
        for name, counts in d.get("steps", {}).items():
            s.step(name).update(counts)
        return s

"""Arabic dialect tag of a document: msa, egyptian, levantine, gulf, iraqi, maghrebi, mixed or und.

Counted on dialect markers (lexicon/dialects.toml: negation, future and progressive particles,
demonstratives, interrogatives, frequent verbs of each spoken variety, with their sources). A page is
called a dialect only on evidence: at least `min_markers` hits of at least `min_distinct` different
markers, making `min_share` of its words (settings in `[langid.dialect]`): one word never decides.
Arabic text without that evidence is `msa`; text with too few Arabic words is `und`. Two dialects
whose hits are within `mixed_ratio` of each other make `mixed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ghirbal.lexicon import read_toml
from ghirbal.normalize import match_key
from ghirbal.quality.scan import body_words, counted_in

DIALECTS = ("egyptian", "levantine", "gulf", "iraqi", "maghrebi")
LABELS = ("msa",) + DIALECTS + ("mixed", "und")
MIN_WORDS = 3  # fewer Arabic words than this: und


@dataclass(slots=True)
class DialectResult:
    label: str
    confidence: float
    markers: dict[str, int] = field(default_factory=dict)  # dialect -> marker hits

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "confidence": self.confidence, "markers": self.markers}


@lru_cache(maxsize=1)
def _markers() -> dict[str, str]:
    """folded marker -> dialect."""
    data = read_toml("dialects.toml")
    out: dict[str, str] = {}
    for dialect in DIALECTS:
        for word in data[dialect]["markers"]:
            out.setdefault(match_key(word), dialect)
    return out


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    from ghirbal.config import default

    return default()["langid"]["dialect"]


def tag(text: str, cfg: dict[str, Any] | None = None) -> DialectResult:
    c = cfg or _defaults()
    words = body_words(text)[1]  # the quality step reads the same body next: counted once
    if words.tokens < MIN_WORDS:
        return DialectResult("und", 0.0)
    markers = _markers()
    hits: dict[str, int] = {}
    distinct: dict[str, set[str]] = {}
    # each word once, in the order first met (one C loop over them: most words are no marker)
    for i in counted_in(words, markers)[1]:
        w, n = words.distinct[i], words.counts[i]
        d = markers[w]
        hits[d] = hits.get(d, 0) + n
        distinct.setdefault(d, set()).add(w)
    total = sum(hits.values())
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])
    evidence = [d for d, n in ranked if n >= c["min_markers"] and len(distinct[d]) >= c["min_distinct"]]
    if not evidence or total / words.tokens < c["min_share"]:
        # MSA; the confidence falls as dialect markers approach the evidence bar
        return DialectResult("msa", round(max(0.0, 1.0 - total / max(1, c["min_markers"] * 2)), 3), hits)
    top, n_top = ranked[0]
    if top not in evidence:  # the most frequent group lacks distinct markers: the best with evidence leads
        top, n_top = evidence[0], hits[evidence[0]]
    second = max((n for d, n in ranked if d != top), default=0)
    if second >= c["mixed_ratio"] * n_top and second >= c["min_markers"]:
        return DialectResult("mixed", round(1.0 - (n_top - second) / n_top, 3), hits)
    return DialectResult(top, round(n_top / total, 3), hits)

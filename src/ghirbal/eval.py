"""Scoring extraction against a gold set (`docs.jsonl[.gz]` records with `text` and `gold`).

The metric is fixed by the project (README, "Evaluation"): body word-F1 over folded `\\w+` runs
(multiset overlap), mean over pages with a non-empty gold body; a page with no output scores 0.
Fields: exact match of folded words (title, author, dateline), same day (published).
"""

from __future__ import annotations

import gzip
import statistics
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ghirbal.normalize import fold_words

FIELDS = ("title", "author", "dateline", "published")
# Published, scored only on the pages whose text shows the gold date outside the body: what a
# never-guessing extractor can reach (a page that shows no date must give null).
SHOWN = "published_shown"


def gold_file(set_path: str | Path) -> Path:
    """The gold file of a set: the path itself when it is a file, else its docs.jsonl[.gz]."""
    path = Path(set_path)
    if path.is_file():
        return path
    for name in ("docs.jsonl", "docs.jsonl.gz"):
        if (path / name).exists():
            return path / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    raise FileNotFoundError(f"no docs.jsonl or docs.jsonl.gz in {path}")


def site_half(doc: dict[str, Any]) -> int:
    """The half of the sites a gold record's site falls in (CRC-32 of the site, even = 0, odd = 1):
    rules and models are tuned on one half and scored on the other (`ghirbal eval --site-half`)."""
    return zlib.crc32((doc.get("site") or doc.get("url") or "").encode()) % 2


def load_gold(set_path: str | Path) -> Iterator[dict[str, Any]]:
    """The gold records of a set folder (its docs.jsonl[.gz]) or of a gold file. A line that is not a
    JSON object is a ValueError naming the file and the line number."""
    path = gold_file(set_path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc})") from None
            if not isinstance(doc, dict):
                raise ValueError(f"{path}:{number}: a JSON {type(doc).__name__}, not an object")
            yield doc


def date_shown(text: str, gold: str, body: str) -> bool:
    """Does a line of the page, outside the gold body, carry the gold date?"""
    from ghirbal.dates import find_dates, might_contain_date

    body_lines = {ln.strip() for ln in body.split("\n")}
    for line in text.split("\n"):
        line = line.strip()
        if line and line not in body_lines and might_contain_date(line):
            if any(d.iso[:10] == gold[:10] for d in find_dates(line)):
                return True
    return False


def word_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the folded word multisets."""
    p, g = Counter(fold_words(predicted)), Counter(fold_words(gold))
    if not p or not g:
        return 0.0, 0.0, 0.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def field_match(name: str, predicted: str | None, gold: str | None) -> bool:
    if name == "published":
        return (predicted or "")[:10] == (gold or "")[:10] if gold else predicted is None
    if gold is None:
        return predicted is None or not fold_words(predicted)
    return predicted is not None and fold_words(predicted) == fold_words(gold)


@dataclass
class PageScore:
    id: str
    page_type: str
    precision: float
    recall: float
    f1: float
    fields: dict[str, bool]
    predicted: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    pages: list[PageScore]

    def summary(self, page_type: str | None = None) -> dict[str, Any]:
        pages = [p for p in self.pages if page_type is None or p.page_type == page_type]
        scored = [p for p in pages if p.f1 >= 0]
        out: dict[str, Any] = {"pages": len(pages)}
        if scored:
            out.update(
                f1_mean=statistics.fmean(p.f1 for p in scored),
                f1_median=statistics.median(p.f1 for p in scored),
                precision=statistics.fmean(p.precision for p in scored),
                recall=statistics.fmean(p.recall for p in scored),
            )
        for name in FIELDS + (SHOWN,):
            vals = [p.fields[name] for p in pages if name in p.fields]
            if vals:
                out[f"{name}_acc"] = sum(vals) / len(vals)
        return out

    def page_types(self) -> list[str]:
        return sorted({p.page_type for p in self.pages})


Extractor = Callable[[dict[str, Any]], dict[str, Any]]


def keep_all(doc: dict[str, Any]) -> dict[str, Any]:
    """The floor: every line is body."""
    return {"body": doc["text"], "title": None, "author": None, "dateline": None, "published": None}


def evaluate(docs: list[dict[str, Any]], extractor: Extractor) -> Report:
    pages = []
    for doc in docs:
        gold = doc.get("gold") or {}
        pred = extractor(doc)
        if gold.get("body"):
            pr, rc, f1 = word_f1(pred.get("body") or "", gold["body"])
        else:
            pr = rc = f1 = -1.0  # no gold body: left out of body scoring
        fields = {}
        for name in FIELDS:
            if name in gold and (gold[name] is not None or name != "published"):
                fields[name] = field_match(name, pred.get(name), gold.get(name))
        if gold.get("published") and date_shown(doc.get("text") or "", gold["published"], gold.get("body") or ""):
            fields[SHOWN] = fields["published"]
        pages.append(PageScore(str(doc.get("id")), doc.get("page_type") or doc.get("site") or "all", pr, rc, f1, fields, pred))
    return Report(pages)


_C4_END = (".", "!", "?", '"', "\u201d")


def c4_lines(doc: dict[str, Any]) -> dict[str, Any]:
    """C4's line rules (Raffel et al. 2020), the usual English-tuned baseline: keep lines that end in
    terminal punctuation and have at least 3 words; drop lines mentioning javascript or cookies."""
    kept = []
    for line in doc["text"].split("\n"):
        s = line.strip()
        low = s.lower()
        if len(s.split()) >= 3 and s.endswith(_C4_END) and "javascript" not in low and "cookie" not in low:
            kept.append(s)
    return {"body": "\n".join(kept), "title": None, "author": None, "dateline": None, "published": None}


BASELINES: dict[str, Extractor] = {"keep-all": keep_all, "c4-lines": c4_lines}

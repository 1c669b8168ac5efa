"""The quality mix: real Arabic articles, hard good text, and generated junk of ten kinds.

Each document is a body (a list of lines, as ghirbal's `body` splits into) with a kind and a label
(good or junk). Real articles are the gold bodies of the evaluation half of arabic-sites-dev (the
calibration half fitted the thresholds: bench/calibrate_quality.py). Material is in
bench/data/quality_mix.toml. Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MATERIAL = tomllib.loads((HERE / "data" / "quality_mix.toml").read_text(encoding="utf-8"))
# Good text written after the rules were fixed and never tuned on (bench/data/quality_heldout.toml).
HELDOUT = tomllib.loads((HERE / "data" / "quality_heldout.toml").read_text(encoding="utf-8"))
HELDOUT_SEED = 2026
JUNK_KINDS = ("seo", "tags", "repeated", "products", "spam", "lorem", "mojibake", "arabizi", "numbers", "fragments")
GOOD_KINDS = ("news", "short-news", "diacritized", "sports", "economy", "plain")
_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")


@dataclass
class Doc:
    kind: str
    good: bool
    lines: list[str]


def _phone(rng: random.Random) -> str:
    return "05" + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _seo(rng, donors):
    m = MATERIAL["seo"]
    kws = rng.sample(m["keywords"], 3)
    lines = []
    for _ in range(rng.randint(2, 6)):
        parts = [rng.choice(kws) + (" " + rng.choice(m["fillers"]) if rng.random() < 0.5 else "") for _ in range(rng.randint(6, 14))]
        lines.append(rng.choice((" ", " - ", "، ")).join(parts))  # spaces, dashes or commas between keywords
    return lines


def _bulleted(rng: random.Random, lines: list[str]) -> list[str]:
    """The lines as a list (half the time): bullets or numbers, as junk pages lay their items out too."""
    if rng.random() < 0.5:
        return lines
    mark = rng.choice(("• ", "- ", "▪ ", "{}. ", "{}- "))
    return [lines[0]] + [mark.format(i) + ln for i, ln in enumerate(lines[1:], 1)]


def _tags(rng, donors):
    m = MATERIAL["tags"]
    if rng.random() < 0.5:  # a tag cloud
        words = rng.sample(m["words"], rng.randint(8, 20))
        return _bulleted(rng, [rng.choice(m["headers"])] + [w + (f" ({rng.randint(1, 300)})" if rng.random() < 0.4 else "") for w in words])
    # a category page: a header and other stories' headlines (real titles), no story
    titles = rng.sample([d["gold"]["title"] for d in donors if d["gold"].get("title")], rng.randint(8, 20))
    return _bulleted(rng, [rng.choice(m["headers"]) + rng.choice(("", ":"))] + titles)


def _repeated(rng, donors):
    body = rng.choice(donors)["gold"]["body"].split("\n")
    para = rng.choice(body)
    if rng.random() < 0.5:
        return [para] * rng.randint(3, 8)
    return body * rng.randint(2, 4)  # the whole article machine-repeated


def _products(rng, donors):
    m = MATERIAL["products"]
    lines = []
    for _ in range(rng.randint(4, 10)):
        lines.append(f"{rng.choice(m['items'])} {rng.choice(m['specs'])} {rng.choice(m['specs'])}")
        lines.append(f"السعر: {rng.randint(99, 40000):,} {rng.choice(m['currency'])}")
        if rng.random() < 0.6:
            lines.append(rng.choice(["★★★★☆", "★★★★★", "★★★☆☆"]) + f" ({rng.randint(1, 500)} تقييم)")
        lines.append(rng.choice(m["lines"]))
    return _bulleted(rng, lines)


def _spam(rng, donors):
    out = []
    for _ in range(rng.randint(6, 16)):
        line = rng.choice(MATERIAL["spam"]["lines"])
        out.append(line.replace("{n}", str(rng.randint(100, 50000))).replace("{phone}", _phone(rng)))
    return _bulleted(rng, out)


def _lorem(rng, donors):
    m = MATERIAL["lorem"]
    paras = [rng.choice(m["arabic"]) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        paras.append(rng.choice(m["latin"]))
    return paras


def _mojibake(rng, donors):
    body = rng.choice(donors)["gold"]["body"].split("\n")
    if rng.random() < 0.5:  # windows-1256 bytes read as Latin-1
        return [p.encode("cp1256", "replace").decode("latin-1") for p in body]
    # UTF-8 bytes read as windows-1252 (what ftfy repairs in clean(); here it reached the body unrepaired)
    return [p.encode("utf-8").decode("cp1252", "replace") for p in body]


def _arabizi(rng, donors):
    return [rng.choice(MATERIAL["arabizi"]["lines"]) for _ in range(rng.randint(3, 10))]


def _numbers(rng, donors):
    rows = []
    if rng.random() < 0.5:
        for i in range(rng.randint(6, 20)):
            rows.append(" ".join(str(rng.randint(0, 99)) for _ in range(rng.randint(5, 9))))
    else:
        for _ in range(rng.randint(6, 20)):
            rows.append(f"{rng.randint(2000, 2025)} | {rng.uniform(0, 5000):,.2f} | {rng.uniform(-9, 9):.1f}% | {rng.randint(1, 999)}")
    return rows


def _fragments(rng, donors):
    lines = rng.sample(MATERIAL["fragments"]["lines"], rng.randint(1, 3))
    if rng.random() < 0.5:  # a cut-off sentence of a real article
        words = rng.choice(donors)["gold"]["body"].split()
        start = rng.randint(0, max(0, len(words) - 8))
        lines.append(" ".join(words[start : start + rng.randint(3, 7)]))
    return lines


_JUNK = {"seo": _seo, "tags": _tags, "repeated": _repeated, "products": _products, "spam": _spam, "lorem": _lorem,
         "mojibake": _mojibake, "arabizi": _arabizi, "numbers": _numbers, "fragments": _fragments}


def _fill(template: str, rng: random.Random, m: dict) -> str:
    vals = {
        "t1": rng.choice(m.get("teams", ["-"])), "t2": rng.choice(m.get("teams", ["-"])), "p1": rng.choice(m.get("players", ["-"])),
        "p2": rng.choice(m.get("players", ["-"])), "p3": rng.choice(m.get("players", ["-"])), "stadium": rng.choice(m.get("stadiums", ["-"])),
        "day": rng.choice(m.get("days", ["-"])), "month": rng.choice(m.get("months", ["-"])),
        "a": rng.randint(0, 5), "b": rng.randint(0, 5), "r": rng.randint(1, 34), "m1": rng.randint(1, 45), "m2": rng.randint(46, 90),
        "m3": rng.randint(1, 90), "pts": rng.randint(20, 80), "pts2": rng.randint(10, 60), "pos": rng.randint(1, 18), "gap": rng.randint(1, 9),
        "pct": rng.randint(40, 70), "pct2": rng.randint(30, 60), "sh": rng.randint(2, 15), "sh2": rng.randint(1, 10),
        "year": rng.randint(1990, 2024), "q": rng.choice(["الأول", "الثاني", "الثالث", "الرابع"]),
        "x": f"{rng.uniform(0.1, 9.9):.2f}", "y": f"{rng.uniform(1000, 30000):,.2f}", "z": f"{rng.uniform(0.1, 9.9):.1f}",
        "v": f"{rng.uniform(10, 900):.1f}", "r1": f"{rng.uniform(30, 50):.2f}", "r2": f"{rng.uniform(30, 50):.2f}", "r3": f"{rng.uniform(30, 50):.2f}",
    }
    return re.sub(r"\{(\w+)\}", lambda mm: str(vals[mm.group(1)]), template)


def _numeric_report(rng: random.Random, table: str, material: dict = MATERIAL) -> list[str]:
    m = MATERIAL["good"][table] | material["good"][table]  # held-out templates, the dev set's names
    return [_fill(t, rng, m) for t in rng.sample(m["templates"], rng.randint(2, len(m["templates"])))]


def _short_news(rng: random.Random, body: list[str]) -> list[str]:
    """The first one or two sentences of a real article: a short news item."""
    sentences = [s for s in _SENTENCE.split(body[0]) if s.strip()]
    return [" ".join(sentences[: rng.randint(1, 2)])]


def build(eval_docs: list[dict], donor_docs: list[dict], per_kind: int = 40, seed: int = 12, heldout: bool = False) -> list[Doc]:
    """The mix: every evaluation article, short news from each, hard good kinds, `per_kind` junk of each kind.
    `donor_docs` (the calibration half) lend paragraphs and titles to the junk that needs real text.
    `heldout`: the held-out mix instead: the held-out hard good text (no news: the articles are the
    same evaluation half) and junk drawn with another seed."""
    if heldout:
        rng, material, docs = random.Random(HELDOUT_SEED), HELDOUT, []
    else:
        rng, material = random.Random(seed), MATERIAL
        docs = [Doc("news", True, d["gold"]["body"].split("\n")) for d in eval_docs]
        docs += [Doc("short-news", True, _short_news(rng, d["gold"]["body"].split("\n"))) for d in eval_docs]
    # written short news items (the held-out mix: its news are not the dev set's articles)
    docs += [Doc("short-news", True, [t]) for t in material["good"].get("short_news", {}).get("items", [])]
    passages = material["good"]["diacritized"]["passages"]
    docs += [Doc("diacritized", True, p.split("\n")) for p in passages]
    docs += [Doc("diacritized", True, (a + "\n" + b).split("\n")) for a, b in zip(passages, passages[1:] + passages[:1])]
    docs += [Doc("sports", True, _numeric_report(rng, "sports", material)) for _ in range(per_kind)]
    docs += [Doc("economy", True, _numeric_report(rng, "economy", material)) for _ in range(per_kind)]
    # good web text that is not news (recipes, reviews, forum answers ...): the held-out mix's
    docs += [Doc("plain", True, d.split("\n")) for d in material["good"].get("plain", {}).get("docs", [])]
    for kind in JUNK_KINDS:
        docs += [Doc(kind, False, _JUNK[kind](rng, donor_docs)) for _ in range(per_kind)]
    return docs

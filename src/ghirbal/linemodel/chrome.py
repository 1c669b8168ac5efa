"""Generated site chrome around real articles: training lines and hard cases for tests.

A generated *site* fixes a layout (which chrome blocks, in which style); each of its pages wraps a
different article in that layout with varying headline lists. The patterns are the ones that broke
extraction on unseen sites: headline tickers, list items with doubled link text, section labels
repeated next to the headline, tag clouds, pages without blank lines (WET style), sites that end no
paragraph with a full stop, comment threads (prose that is not the story), bilingual footers.

Vocabulary comes from chrome.toml (generic words of the language), headlines and comment sentences
from the articles given: no site's own wording.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ghirbal.tomlfiles import read_data

PATTERNS = ("ticker", "doubled_links", "section_label", "tags", "no_blank_lines", "unpunctuated",
            "comments", "bilingual_footer", "posting_rules", "about_prose")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return read_data("linemodel/chrome.toml")


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    author: str | None = None


@dataclass
class SiteStyle:
    name: str
    host: str
    sections: list[str]
    patterns: frozenset[str]
    menu_one_line: bool
    byline: str  # "prefix", "bare", "city-name", "none"
    date_style: int
    list_size: int
    stamped_lists: bool
    extra: dict[str, Any] = field(default_factory=dict)


def make_site(rng: random.Random, patterns: frozenset[str] | None = None, index: int = 0) -> SiteStyle:
    v = vocabulary()["ar"]
    if patterns is None:
        patterns = frozenset(p for p in PATTERNS if rng.random() < 0.4)
    name = rng.choice(v["site_names"])
    return SiteStyle(
        name=name,
        host=f"gen{index}x{rng.randrange(10**6)}.com",
        sections=rng.sample(v["sections"], rng.randint(5, 12)),
        patterns=patterns,
        menu_one_line=rng.random() < 0.3,
        byline=rng.choice(["prefix", "bare", "city-name", "none"]),
        date_style=rng.randrange(3),
        list_size=rng.randint(3, 8),
        stamped_lists=rng.random() < 0.5,
    )


def _date(rng: random.Random, style: int) -> str:
    v = vocabulary()["ar"]
    d, m, y = rng.randint(1, 28), rng.randrange(12), rng.randint(2018, 2025)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    if style == 0:
        return f"{rng.choice(v['weekdays'])} {d} {v['months'][m]} {y} {hh:02d}:{mm:02d}"
    if style == 1:
        return f"{d:02d}/{m + 1:02d}/{y} - {hh:02d}:{mm:02d}"
    return f"GMT {hh:02d}:{mm:02d} {y} {rng.choice(v['weekdays'])} ,{d} {v['months'][m]}"


def _unpunctuated(text: str) -> str:
    return text.rstrip().rstrip(".!؟?").rstrip()


def render_page(style: SiteStyle, art: Article, headlines: list[str], sentences: list[str], rng: random.Random,
                page_id: str = "") -> dict[str, Any]:
    """One page as a gold record: text (a line per text node), line_labels (1 = body), gold fields."""
    v = vocabulary()["ar"]
    en = vocabulary()["en"]
    lines: list[tuple[str, int]] = []
    blank = "no_blank_lines" not in style.patterns

    def add(text: str, label: int = 0) -> None:
        lines.append((text, label))

    def gap() -> None:
        if blank:
            add("")

    def headline_list(header: str | None, n: int) -> None:
        if header:
            add(header)
        for h in rng.sample(headlines, min(n, len(headlines))):
            text = f"{h} {h}" if "doubled_links" in style.patterns else h
            add(text)
            if style.stamped_lists:
                add(_date(rng, style.date_style))
        gap()

    # Header: site name, clock, menu.
    add(style.name)
    add(_date(rng, style.date_style))
    if style.menu_one_line:
        add(" | ".join(style.sections))
    else:
        for s in style.sections:
            add(s)
    gap()
    if "ticker" in style.patterns:
        picks = rng.sample(headlines, min(rng.randint(3, 6), len(headlines)))
        sep = rng.choice([" - ", "  ", " ", " ● "])
        add(rng.choice(v["ticker_labels"]) + " " + sep.join(picks))
        gap()
    section = rng.choice(style.sections)
    add(f"{v['sections'][0]} » {section} » {art.title}")
    if "section_label" in style.patterns:
        add(section)
    title = art.title
    add(title)
    if "section_label" in style.patterns:
        add(section)
    author = None
    if style.byline == "prefix":
        author = rng.choice(v["authors"])
        add(f"{rng.choice(v['byline_prefixes'])} {author}")
    elif style.byline == "bare":
        author = rng.choice(v["authors"])
        add(author)
    elif style.byline == "city-name":
        author = rng.choice(v["authors"])
        add(f"{rng.choice(v['cities'])} - {author}")
    add(_date(rng, style.date_style))
    gap()
    for p in art.paragraphs:
        add(_unpunctuated(p) if "unpunctuated" in style.patterns else p, 1)
        gap()
    if rng.random() < 0.5:
        for s in rng.sample(v["share"], rng.randint(2, 5)):
            add(s)
        gap()
    if "tags" in style.patterns:
        add(rng.choice(v["tag_labels"]))
        words = [w for w in title.split() if len(w) > 3][:6] + rng.sample(v["sections"], 3)
        if rng.random() < 0.5:
            add(" ".join(words))
        else:
            for w in words:
                add(w)
        gap()
    headline_list(rng.choice(v["list_headers"]), style.list_size)
    if "comments" in style.patterns:
        add(rng.choice(v["comment_header"]) + f" ({rng.randint(1, 9)})")
        for _ in range(rng.randint(1, 4)):
            add(rng.choice(v["commenters"]))
            add(_date(rng, style.date_style))
            add(" ".join(rng.sample(sentences, min(rng.randint(1, 2), len(sentences)))))
            add(rng.choice(v["comment_actions"]))
        gap()
        for label in v["form"]:
            add(label)
        gap()
    headline_list(rng.choice(v["list_headers"]), style.list_size)
    if "posting_rules" in style.patterns:
        # A long run of punctuated clauses that all open alike: outweighs a short story by length alone.
        add(rng.choice(v["rules_headers"]))
        opener = v["rules_openers"][style.extra.setdefault("opener", rng.randrange(len(v["rules_openers"])))]
        joiner = v["rules_joiners"][style.extra.setdefault("joiner", rng.randrange(len(v["rules_joiners"])))]
        for clause in rng.sample(v["rules_clauses"], rng.randint(5, len(v["rules_clauses"]))):
            add(f"{opener} {joiner} {clause}.")
        gap()
    if "about_prose" in style.patterns:
        for text in rng.sample(v["about"], rng.randint(1, 3)):
            add(text.format(site=style.name))
        gap()
    for s in rng.sample(v["footer"], 4):
        add(s)
    year = rng.randint(2019, 2026)
    add(f"© {year} {style.name} {rng.choice(v['copyright'])}")
    if "bilingual_footer" in style.patterns:
        for s in rng.sample(en["footer"], 4):
            add(s)
        add(f"© {year} {rng.choice(v.get('latin_site_names', ['Site']))}. {rng.choice(en['copyright'])}")
    body = [p if "unpunctuated" not in style.patterns else _unpunctuated(p) for p in art.paragraphs]
    return {
        "id": page_id,
        "url": f"https://{style.host}/news/{page_id}",
        "site": style.host,
        "lang": "ar",
        "text": "\n".join(t for t, _ in lines),
        "line_labels": [label for _, label in lines],
        "gold": {"title": title, "author": author, "dateline": None, "published": None, "body": "\n".join(body)},
        "patterns": sorted(style.patterns),
    }


def generate(articles: list[Article], n_sites: int, pages_per_site: int, seed: int = 0,
             patterns: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Pages of `n_sites` generated sites, each wrapping `pages_per_site` of the articles (cycled)."""
    rng = random.Random(seed)
    headlines = [a.title for a in articles]
    sentences = [s.strip() + "." for a in articles for p in a.paragraphs[:2] for s in p.split(".") if len(s.split()) >= 6]
    out = []
    k = 0
    for s in range(n_sites):
        style = make_site(rng, patterns, s)
        for p in range(pages_per_site):
            art = articles[k % len(articles)]
            k += 1
            if rng.random() < 0.25:  # short news: one or two paragraphs between the chrome
                art = Article(art.title, art.paragraphs[: rng.randint(1, 2)], art.author)
            others = [h for h in headlines if h != art.title]
            out.append(render_page(style, art, others, sentences, rng, f"g{s}-{p}"))
    return out

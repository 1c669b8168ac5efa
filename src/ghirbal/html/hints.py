"""What a page's markup says about its article: `<title>`, `<h1>`, meta tags, `<time datetime>`,
`<html lang>` and JSON-LD (`jsonld.py`), read from the parsed tree into an `HtmlHints`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime
from typing import Any

from ghirbal.html.blocks import RawHints, compiled_passes, markup_lexicon
from ghirbal.html.jsonld import declared_kinds, declares_one_product, ld_hints
from ghirbal.html.product import headline_names_product
from ghirbal.html.values import iso_date, person_name, text_value
from ghirbal.lexicon import read_toml


@dataclass(slots=True)
class HtmlHints:
    """What the page's markup says about the article, each hint already validated (None otherwise).

    Dates are ISO `YYYY-MM-DD` with a precision ("day", or "minute" when the value has a time).
    """

    title: str | None = None  # <title>
    h1: list[str] = field(default_factory=list)  # the first few non-empty <h1> texts
    og_title: str | None = None
    site_name: str | None = None  # og:site_name, else JSON-LD publisher / WebSite name
    ld_headline: str | None = None
    ld_published: tuple[str, str] | None = None  # JSON-LD datePublished of the page's article
    ld_modified: tuple[str, str] | None = None
    ld_author: str | None = None  # JSON-LD author person(s) of the article
    ld_author_is_person: bool = False  # every one of them an explicit "@type": "Person" node
    ld_article_body: str | None = None  # JSON-LD articleBody of the article (`html.ld_body` decides its use)
    ld_product_description: str | None = None  # JSON-LD description of the page's product (`html.product`)
    meta_published: tuple[str, str] | None = None  # article:published_time, itemprop=datePublished ...
    meta_modified: tuple[str, str] | None = None
    time_published: tuple[str, str] | None = None  # the page's <time datetime>, only when all agree
    script_published: tuple[str, str] | None = None  # a publication key of the page's script data
    # Every <time datetime> / itemprop=datePublished element that parses, with the page line (block) its
    # text is on, in page order: placed against the headline and the story by `head_date`.
    dates_at: list[tuple[int, tuple[str, str]]] = field(default_factory=list)
    meta_author: str | None = None  # meta name=author / article:author (a name, not a URL)
    lang: str | None = None  # primary subtag of <html lang>: "ar", "en"
    product: bool = False  # the page is one product's (JSON-LD or og:type): `html/product.py`
    thread: bool = False  # the page declares a forum thread (JSON-LD or microdata): `html/furniture.py`
    qa: bool = False  # the page declares a question-and-answer page (QAPage; JSON-LD or microdata): `markup.judge`
    encoding: str | None = None  # how the bytes were decoded
    error: str | None = None  # why nothing could be read ("undecodable: ...")

    @property
    def published(self) -> tuple[str, str, str] | None:
        """(iso, precision, source) by strength: JSON-LD, then meta tags, then <time>, then script data."""
        for source, value in (("json-ld", self.ld_published), ("meta", self.meta_published), ("time", self.time_published),
                              ("script", self.script_published)):
            if value:
                return value[0], value[1], source
        return None

    @property
    def modified(self) -> tuple[str, str] | None:
        return self.ld_modified or self.meta_modified

    @property
    def author(self) -> str | None:
        return self.ld_author or self.meta_author

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


@lru_cache(maxsize=1)
def _meta_keys() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(published, modified, author) keys of <meta> tags, in the order they are tried (lexicon/html.toml)."""
    lex = read_toml("html.toml")
    return (tuple(lex["dates"]["meta_published_keys"]), tuple(lex["dates"]["meta_modified_keys"]),
            tuple(lex["authors"]["meta_author_keys"]))


@lru_cache(maxsize=1)
def _jsonld_meta_keys() -> tuple[str, ...]:
    """<meta> keys whose content is a JSON-LD document (lexicon/html.toml [jsonld])."""
    return tuple(read_toml("html.toml")["jsonld"]["meta_keys"])


@lru_cache(maxsize=1)
def _script_date_keys() -> tuple[str, ...]:
    return tuple(read_toml("html.toml")["dates"]["script_published_keys"])


@lru_cache(maxsize=1)
def _script_date_keys_ascii() -> tuple[bytes, ...]:
    """The keys as bytes, each after its opening quote (`"datePublished`): the date pattern and the
    script spans need the quote, and keys that share their first bytes are searched from one of them
    (`_passes._prefix_search`)."""
    return tuple(b'"' + k.encode("ascii") for k in _script_date_keys())


@lru_cache(maxsize=1)
def _script_date_key() -> re.Pattern[str]:
    """`"KEY": "VALUE"` for the publication keys of lexicon/html.toml, also inside a JSON string
    (`\\"KEY\\":\\"VALUE`)."""
    keys = "|".join(map(re.escape, _script_date_keys()))
    return re.compile(r'\\?"(?:' + keys + r')\\?"\s*:\s*\\?"([0-9][^"\\]{7,39})')


_SCRIPT_OPEN = re.compile(r"<script\b[^>]*>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)


def script_spans(source: str):
    r"""(start, end) of the text of each `<script>` element in `source`, in page order: the groups of
    `<script\b[^>]*>(.*?)</script\s*>` (re.S | re.I) that `finditer` finds, found as a start tag and
    then the first end tag after it (one search each, where the lazy pattern tries every character).
    A start tag with no end tag after it ends the list: no later one has one either."""
    pos = 0
    while (start := _SCRIPT_OPEN.search(source, pos)) is not None:
        end = _SCRIPT_CLOSE.search(source, start.end())
        if end is None:
            return
        yield start.end(), end.start()
        pos = end.end()


def _script_key_spans(source: str, keys: tuple[str, ...]):
    """The spans of `script_spans` that hold `"KEY` for one of `keys` (ASCII), in page order: the only
    ones where the script date pattern (`\\?"KEY...`) can match. Compiled (`_passes.next_script_key_span`,
    a Horspool search for the tags, one pass over the scripts' characters for the keys), else
    `_script_key_spans_reference`."""
    fast = compiled_passes()
    if fast is None:
        yield from _script_key_spans_reference(source, keys)
        return
    pos = 0
    while (found := fast.next_script_key_span(source, keys, pos)) is not None:
        start, end, pos = found
        yield start, end


def _script_key_spans_reference(source: str, keys: tuple[str, ...]):
    """`_script_key_spans` in Python."""
    for start, end in script_spans(source):
        if any(source.find('"' + k, start, end) >= 0 for k in keys):
            yield start, end


@lru_cache(maxsize=64)
def writes_ascii_as_ascii(encoding: str | None) -> bool:
    """Does `encoding` write the script date keys (ASCII) byte for byte (UTF-8, the windows and ISO
    code pages...; not UTF-16)? Then a key missing from a page's bytes is missing from its text."""
    try:
        return bool(encoding) and all(k.encode(encoding) == k.encode("ascii") for k in _script_date_keys())
    except (LookupError, UnicodeError):
        return False


def script_date(source: str, ref: datetime | None, cfg: dict[str, Any],
                source_bytes: bytes | None = None) -> tuple[str, str] | None:
    """The first publication date of the page's script data that parses (lexicon/html.toml, [dates]):
    inside `<script>` elements only (not a code sample in `<pre>`). The key (after its opening quote)
    is looked for in the page first (one C-level scan) so that pages without it cost no script scan: in its bytes when
    given (`source_bytes`: an encoding that writes ASCII as ASCII, no NUL dropped from the text), a
    scan several times faster than over decoded text. `source` "": the bytes are the page in UTF-8, not
    decoded yet."""
    keys = _script_date_keys()
    if source_bytes is not None:
        fast = compiled_passes()
        ascii_keys = _script_date_keys_ascii()
        if not (fast.any_key_in(source_bytes, ascii_keys) if fast is not None
                else any(k in source_bytes for k in ascii_keys)):
            return None
        # (a key in the bytes is in the text: the encoding writes it byte for byte)
        if not source:  # a page in UTF-8 read from its bytes, not decoded yet (`decode.plain_utf8`)
            source = source_bytes.decode("utf-8")
    elif not any(k in source for k in keys):
        return None
    key = _script_date_key()
    for start, end in _script_key_spans(source, keys):
        for m in key.finditer(source, start, end):
            found = iso_date(m.group(1), ref, cfg)
            if found:
                return found
    return None


def raw_hints_from_tree(tree) -> RawHints:
    """The raw hint values of a Resiliparse `HTMLTree` (the rendering path's parse)."""
    raw = RawHints()
    doc = tree.document
    root = doc.query_selector("html")
    if root is not None:
        raw.lang = (root.getattr("lang") or root.getattr("xml:lang") or "").strip()
    raw.title = tree.title
    raw.h1 = [h.text for h in doc.query_selector_all("h1").values()]
    for m in doc.query_selector_all("meta[content]").values():
        key = (m.getattr("property") or m.getattr("name") or m.getattr("itemprop") or "").strip().lower()
        if key and key not in raw.meta:
            raw.meta[key] = m.getattr("content") or ""
    for el in doc.query_selector_all('[itemprop="datePublished"], [itemprop="dateModified"]').values():
        if el.tag != "meta":
            raw.itemprops.setdefault(el.getattr("itemprop").lower(), el.getattr("datetime") or el.getattr("content") or "")
    raw.times = [t.getattr("datetime") for t in doc.query_selector_all("time[datetime]").values()]
    raw.ld_scripts = [s.text for s in doc.query_selector_all("script[type]").values()
                      if "ld+json" in (s.getattr("type") or "").lower()]
    return raw


@lru_cache(maxsize=1)
def _product_og_types() -> frozenset[str]:
    return frozenset(read_toml("html.toml")["jsonld"]["product_og_types"])


@lru_cache(maxsize=1)
def _product_headline_names() -> list[list[str]]:
    return read_toml("html.toml")["jsonld"]["product_headline_names"]


def hints_from_tree(tree, ref: datetime | None, cfg: dict[str, Any]) -> HtmlHints:
    """The hints of a parsed page (a Resiliparse `HTMLTree`); `ref` bounds the dates (the crawl
    time, else now); `cfg` is the `[html]` section of the configuration."""
    return hints_from_raw(raw_hints_from_tree(tree), ref, cfg)


def hints_from_raw(raw: RawHints, ref: datetime | None, cfg: dict[str, Any]) -> HtmlHints:
    """Validated hints from the raw markup values (`blocks.RawHints`, from either parse)."""
    hints = HtmlHints()
    m = _LANG.match(raw.lang)
    if m:
        hints.lang = m.group(1).lower()
    hints.title = text_value(raw.title, cfg)
    for h in raw.h1:
        t = text_value(h, cfg)
        if t and t not in hints.h1:
            hints.h1.append(t)
            if len(hints.h1) >= cfg["h1_max"]:
                break
    meta = dict(raw.meta)
    for key, value in raw.itemprops.items():
        meta.setdefault(key, value)
    hints.og_title = text_value(meta.get("og:title"), cfg) or text_value(meta.get("twitter:title"), cfg)
    hints.site_name = text_value(meta.get("og:site_name"), cfg, max_words=cfg["site_name_max_words"])
    published_keys, modified_keys, author_keys = _meta_keys()
    hints.meta_published = next((p for p in (iso_date(meta.get(k), ref, cfg) for k in published_keys) if p), None)
    hints.meta_modified = next((p for p in (iso_date(meta.get(k), ref, cfg) for k in modified_keys) if p), None)
    hints.meta_author = next((p for p in (person_name(meta.get(k), cfg) for k in author_keys) if p), None)
    times = {iso_date(t, ref, cfg) for t in raw.times}
    times.discard(None)
    for at, value in raw.dates_at:
        parsed = iso_date(value, ref, cfg)
        if parsed:
            hints.dates_at.append((at, parsed))
    if len({t[0] for t in times}) == 1:  # several different dates: a list of stories, not the article's
        hints.time_published = max(times, key=lambda p: p[1] == "minute")
    hints.product = meta.get("og:type", "").strip().lower() in _product_og_types()
    ld_scripts = raw.ld_scripts + [meta[k] for k in _jsonld_meta_keys() if meta.get(k)]
    if ld_scripts:
        ld_hints(hints, ld_scripts, ref, cfg)
    thread, qa, product_named = declared_kinds(raw)
    hints.thread, hints.qa = hints.thread or thread, hints.qa or qa
    if not (hints.product or hints.ld_headline or hints.thread or hints.qa):
        # No markup of the page's kind: one microdata product item, or a headline named the product's
        # title (searched only when the walk met an <h1>).
        hints.product = declares_one_product(raw, product_named) or bool(raw.h1) and headline_names_product(
            raw.source_bytes if raw.source_bytes is not None else raw.source.encode(),
            _product_headline_names(), cfg["product_headline_max_bytes"], markup_lexicon())
    if not (hints.ld_published or hints.meta_published or hints.time_published) and (raw.source or raw.source_bytes):
        hints.script_published = script_date(raw.source, ref, cfg, raw.source_bytes)
    if hints.ld_modified and hints.ld_published and hints.ld_modified[0] < hints.ld_published[0]:
        hints.ld_modified = None  # "modified before published": one of them is wrong; keep the strong one
    if hints.meta_modified and hints.meta_published and hints.meta_modified[0] < hints.meta_published[0]:
        hints.meta_modified = None
    return hints

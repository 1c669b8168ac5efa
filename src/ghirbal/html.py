"""The HTML path: raw HTML in, the same Article the text path gives, plus what only HTML knows.

1. *Render* the HTML into the text the text path expects: one text node per line, exactly as the
   gold sets' WET-like renderings were made (Resiliparse's `extract_plain_text`, no main-content
   heuristics: ghirbal's own line rules find the story).
2. *Hints*: `<title>`, `<h1>`, `og:title`, `og:site_name`, `article:published_time` /
   `article:modified_time`, `<time datetime>`, JSON-LD `headline` / `datePublished` / `dateModified` /
   `author` / publisher, `meta name=author`, `<html lang>`. A hint is kept only when it parses cleanly
   (a real ISO date in a sane range, a person's name that is not a URL or the site, ...).
3. *Apply* the hints to the text path's Article, conservatively (`apply_hints` says exactly how):
   the text path's findings win where the page text shows them; hints fill what it left empty, and a
   structured date that the page text itself shows beats a date the text path took from elsewhere.

Parsing uses Resiliparse's own HTML tree (lexbor): one parse serves both the hints and the rendering.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from ghirbal.decode import DecodeError, decode
from ghirbal.model import Article
from ghirbal.normalize import faithful, match_key

__all__ = ["HtmlHints", "looks_like_html", "render", "clean", "apply_hints", "parse_iso_date"]

# The rendering options the gold sets' text was made with (their READMEs); keep them in step.
RENDER_OPTIONS: dict[str, Any] = dict(
    main_content=False, preserve_formatting=True, alt_texts=True, links=False, list_bullets=False
)

# --- sniffing -------------------------------------------------------------------------------------

_LEADING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<(?:!doctype\s+html|html[\s>]))",
                      re.I | re.S)
_TAG = re.compile(
    rb"</?(?:html|head|body|div|span|p|a|meta|link|script|style|title|table|tr|td|ul|ol|li|img|br|hr|"
    rb"section|article|header|footer|nav|main|aside|form|input|button|iframe|h[1-6]|strong|em|b|i|noscript)"
    rb"(?=[\s/>])[^<>]{0,500}>",
    re.I,
)


def looks_like_html(data: str | bytes) -> bool:
    """Cheap: a leading `<!doctype html` / `<html` (after a BOM, blanks or comments), or at least 5
    known HTML tags in the first KiB that also cover a fair share of it. Plain text with a stray
    `<` or a quoted tag or two is not taken for HTML."""
    if isinstance(data, str):
        head = data[:1024].encode("utf-8", "replace")
    else:
        head = bytes(data[:2048])
        for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                head = head[2:].decode(name, "replace").encode("utf-8", "replace")
                break
        head = head[:1024]
    if not head:
        return False
    if _LEADING.match(head):
        return True
    tags = _TAG.findall(head)
    return len(tags) >= 5 and sum(map(len, tags)) >= 0.15 * len(head.strip())


# --- decoding -------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{2,40})", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.\-]{2,40})", re.I)
# HTML's rule (WHATWG): these labels mean windows-1252; a page cannot really be in UTF-16 if its
# bytes spelled an ASCII <meta> tag.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8",
                    "utf-16be": "utf-8", "x-user-defined": "cp1252", "windows-1256": "cp1256",
                    "iso-8859-6": "iso8859_6", "arabic": "iso8859_6"}
_WESTERN = ("cp1252", "iso8859-1", "iso8859-15", "latin-1")


def declared_charset(data: bytes) -> str | None:
    """The Python codec of a `<meta charset>`, `<meta http-equiv=Content-Type content=...charset=>` or
    `<?xml encoding=?>` in the first 4 KiB; None when absent or unknown."""
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _arabic_among_non_ascii(text: str) -> float:
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff") / len(letters)


def decode_html(data: str | bytes) -> tuple[str, str]:
    """(text, encoding). Valid UTF-8 stays UTF-8 whatever the page declares (saved and re-encoded
    pages keep their old `<meta charset>`; valid multi-byte UTF-8 is never a legacy code page by
    chance). Otherwise a declared charset is honoured, except a Western one (windows-1252 /
    ISO-8859-1) on bytes that read as Arabic in windows-1256, the classic misconfigured Arabic site.
    Without a usable declaration, `ghirbal.decode.decode` decides (BOMs, lossy UTF-8, cp1256, ...)."""
    if isinstance(data, str):
        return data, "str"
    data = bytes(data)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared != "utf-8":
        text = data.decode(declared, errors="replace")
        if declared in _WESTERN and _arabic_among_non_ascii(text) < 0.5:
            arabic = data.decode("cp1256", errors="replace")
            if _arabic_among_non_ascii(arabic) >= 0.8:
                return arabic, "cp1256"
        return text, declared
    return decode(data)


# --- hints ----------------------------------------------------------------------------------------


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
    meta_published: tuple[str, str] | None = None  # article:published_time, itemprop=datePublished ...
    meta_modified: tuple[str, str] | None = None
    time_published: tuple[str, str] | None = None  # the page's <time datetime>, only when all agree
    meta_author: str | None = None  # meta name=author / article:author (a name, not a URL)
    lang: str | None = None  # primary subtag of <html lang>: "ar", "en"
    encoding: str | None = None  # how the bytes were decoded
    error: str | None = None  # why nothing could be read ("undecodable: ...")

    @property
    def published(self) -> tuple[str, str, str] | None:
        """(iso, precision, source) by strength: JSON-LD, then meta tags, then <time>."""
        for source, value in (("json-ld", self.ld_published), ("meta", self.meta_published), ("time", self.time_published)):
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


_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.I,
)
EARLIEST_YEAR = 1994  # no web page was published before the web


def parse_iso_date(value: Any, ref: datetime | None = None) -> tuple[str, str] | None:
    """A metadata date as (iso, precision), or None unless it parses cleanly: ISO 8601 with a full
    date (the local date as written; no time-zone shifting), a real calendar day, not before 1994
    and not after `ref` (the crawl time, else now) plus a day."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    if m.group(4) is not None and not (int(m.group(4)) < 24 and int(m.group(5)) < 60):
        return None
    now = ref or datetime.now(timezone.utc).replace(tzinfo=None)
    if y < EARLIEST_YEAR or day > (now + timedelta(days=1)).date():
        return None
    return day.isoformat(), "minute" if m.group(4) is not None else "day"


def _text(value: Any, max_words: int = 60) -> str | None:
    """A metadata string as output text: faithful, single line, non-empty, not absurdly long."""
    if not isinstance(value, str):
        return None
    t = faithful(" ".join(value.split()))
    if not t or len(t) > 600 or len(t.split()) > max_words or not match_key(t):
        return None
    return t


_NOT_A_NAME = re.compile(r"https?:|www\.|@|/|\d|[<>{}\[\]|=_#]")


def _person(value: Any) -> str | None:
    """A person's name from metadata: 1-6 words, no URL, e-mail, digits or markup."""
    name = _text(value, max_words=6)
    if not name or _NOT_A_NAME.search(name):
        return None
    return name


def _join(names: list[str]) -> str:
    latin = all(not re.search("[\u0600-\u06ff]", n) for n in names)
    return (", " if latin else "، ").join(names)


# JSON-LD


def _ld_types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _is_article(types: set[str]) -> bool:
    return any(t.endswith(("Article", "BlogPosting", "LiveBlogPosting")) or t in ("Report", "NewsArticle") for t in types)


def _ld_nodes(value: Any, out: list[dict], depth: int = 0) -> None:
    """Every typed object in a JSON-LD value (through @graph, lists and nested properties)."""
    if depth > 6 or len(out) > 500:
        return
    if isinstance(value, list):
        for v in value:
            _ld_nodes(v, out, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value or "@id" in value:
            out.append(value)
        for k, v in value.items():
            if isinstance(v, (dict, list)) and k != "@context":
                _ld_nodes(v, out, depth + 1)


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    for junk in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        if junk in raw:
            raw = raw.replace(junk, "")
    try:
        return json.loads(raw, strict=False)  # strict=False: raw newlines inside strings, a common slip
    except (ValueError, RecursionError):
        return None


def _ld_hints(hints: HtmlHints, scripts: list[str], ref: datetime | None) -> None:
    nodes: list[dict] = []
    for raw in scripts:
        if len(raw) < 2_000_000:
            _ld_nodes(_load_json(raw), nodes)
    if not nodes:
        return
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and "@type" in n}

    def resolve(v: Any) -> Any:
        if isinstance(v, dict) and "@type" not in v and isinstance(v.get("@id"), str):
            return by_id.get(v["@id"], v)
        return v

    typed = [(n, _ld_types(n)) for n in nodes if "@type" in n]
    articles = [n for n, t in typed if _is_article(t)]
    pages = [n for n, t in typed if t & {"WebPage", "ItemPage", "AboutPage"}]
    # The page's article: one Article-typed node, or several that agree (a page repeating itself).
    # Many article nodes with different dates are a list of other stories: no date from them.
    for tier in (articles, pages):
        if not tier:
            continue
        published = {parse_iso_date(n.get("datePublished"), ref) for n in tier} - {None}
        modified = {parse_iso_date(n.get("dateModified"), ref) for n in tier} - {None}
        if len({p[0] for p in published}) == 1:
            hints.ld_published = max(published, key=lambda p: p[1] == "minute")
        if len({p[0] for p in modified}) == 1:
            hints.ld_modified = max(modified, key=lambda p: p[1] == "minute")
        if tier is articles and len(tier) <= 2:
            node = tier[0]
            hints.ld_headline = _text(node.get("headline")) or _text(node.get("name"))
            authors = node.get("author")
            people: list[str] = []
            typed_person = True
            for a in authors if isinstance(authors, list) else [authors]:
                a = resolve(a)
                if isinstance(a, dict):
                    types = _ld_types(a)
                    if types & {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand"}:
                        continue
                    typed_person = typed_person and "Person" in types
                    a = a.get("name")
                else:
                    typed_person = False
                name = _person(a)
                if name and name not in people:
                    people.append(name)
            if people and len(people) <= 5:
                hints.ld_author = _join(people)
                hints.ld_author_is_person = typed_person
            pub = resolve(node.get("publisher"))
            if isinstance(pub, dict) and hints.site_name is None:
                hints.site_name = _text(pub.get("name"), max_words=8)
        break
    if hints.site_name is None:
        for n, t in typed:
            if "WebSite" in t:
                hints.site_name = _text(n.get("name"), max_words=8)
                break


_META_PUBLISHED = ("article:published_time", "og:article:published_time", "datepublished", "parsely-pub-date",
                   "sailthru.date", "dc.date.issued", "dcterms.issued", "pubdate", "publishdate", "publish-date",
                   "publish_date", "article.published", "og:published_time")
_META_MODIFIED = ("article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
                  "dcterms.modified", "article.updated")
_META_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


def _hints_from_tree(tree, ref: datetime | None) -> HtmlHints:
    hints = HtmlHints()
    doc = tree.document
    root = doc.query_selector("html")
    if root is not None:
        m = _LANG.match((root.getattr("lang") or root.getattr("xml:lang") or "").strip())
        if m:
            hints.lang = m.group(1).lower()
    hints.title = _text(tree.title)
    for h in doc.query_selector_all("h1").values():
        t = _text(h.text)
        if t and t not in hints.h1:
            hints.h1.append(t)
            if len(hints.h1) >= 3:
                break
    meta: dict[str, str] = {}
    for m in doc.query_selector_all("meta[content]").values():
        key = (m.getattr("property") or m.getattr("name") or m.getattr("itemprop") or "").strip().lower()
        if key and key not in meta:
            meta[key] = m.getattr("content") or ""
    for el in doc.query_selector_all('[itemprop="datePublished"], [itemprop="dateModified"]').values():
        if el.tag != "meta":
            key = el.getattr("itemprop").lower()
            meta.setdefault(key, el.getattr("datetime") or el.getattr("content") or "")
    hints.og_title = _text(meta.get("og:title")) or _text(meta.get("twitter:title"))
    hints.site_name = _text(meta.get("og:site_name"), max_words=8)
    hints.meta_published = next((p for p in (parse_iso_date(meta.get(k), ref) for k in _META_PUBLISHED) if p), None)
    hints.meta_modified = next((p for p in (parse_iso_date(meta.get(k), ref) for k in _META_MODIFIED) if p), None)
    hints.meta_author = next((p for p in (_person(meta.get(k)) for k in _META_AUTHOR) if p), None)
    times = {parse_iso_date(t.getattr("datetime"), ref) for t in doc.query_selector_all("time[datetime]").values()}
    times.discard(None)
    if len({t[0] for t in times}) == 1:  # several different dates: a list of stories, not the article's
        hints.time_published = max(times, key=lambda p: p[1] == "minute")
    scripts = [s.text for s in doc.query_selector_all("script[type]").values() if "ld+json" in (s.getattr("type") or "").lower()]
    if scripts:
        _ld_hints(hints, scripts, ref)
    if hints.ld_modified and hints.ld_published and hints.ld_modified[0] < hints.ld_published[0]:
        hints.ld_modified = None  # "modified before published": one of them is wrong; keep the strong one
    if hints.meta_modified and hints.meta_published and hints.meta_modified[0] < hints.meta_published[0]:
        hints.meta_modified = None
    return hints


# --- rendering ------------------------------------------------------------------------------------


def _parse(text: str):
    from resiliparse.parse.html import HTMLTree

    return HTMLTree.parse(text)


def _render_tree(tree) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(tree, **RENDER_OPTIONS)


def render(html: str | bytes, *, crawl_date: datetime | None = None) -> tuple[str, HtmlHints]:
    """The page as text (one text node per line, like a WET record) and its hints. Never raises on
    bad markup; undecodable bytes give ("", hints with `error` set). `crawl_date` bounds metadata
    dates (none may be later); without it, today does."""
    try:
        text, encoding = decode_html(html)
    except DecodeError as exc:
        return "", HtmlHints(encoding=None, error=f"undecodable: {exc}")
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        tree = _parse(text)
    except Exception:
        try:  # lone surrogates in a str cannot be handed to the parser: replace them
            tree = _parse(text.encode("utf-8", "replace").decode("utf-8"))
        except Exception:  # lexbor gives up only on pathological input
            return "", HtmlHints(encoding=encoding)
    try:
        hints = _hints_from_tree(tree, crawl_date)
    except Exception:  # a hint must never cost the page its text
        hints = HtmlHints()
    hints.encoding = encoding
    try:
        rendered = _render_tree(tree)
    except Exception:
        rendered = ""
    return rendered, hints


# --- applying the hints ---------------------------------------------------------------------------

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " ـ ", " · ", " • ", " / ", " : ", " // ")
_DOMAIN_WORDS = frozenset(("www", "com", "net", "org", "info", "co", "io", "app", "dev", "blog", "news"))


def _segments(text: str) -> list[str]:
    """The sides of a "headline | site" string (split at its first separator kind found), or []."""
    for sep in _TITLE_SEPARATORS:
        if sep in text:
            return [p.strip() for p in text.split(sep) if p.strip()]
    return []


def _title_hints(hints: HtmlHints, site_keys: set[str], domain: str) -> list[tuple[str, str]]:
    """(key, text) of the headline hints, best first: by how many hint sources name the string
    (whole, or as a side of at least 3 words of a "headline | site" string), then <h1>, JSON-LD
    headline, og:title, <title>. Never the site's name or domain ("davidbau.com" in an <h1>), and
    never an <h1> that is part of the site side of the <title> (the logo: "Arch Linux" of
    "topic / Discussion / Arch Linux Forums")."""
    site_sides: list[str] = []
    for t in (hints.title, hints.og_title):
        parts = _segments(t or "")
        if len(parts) > 1:
            longest = max(parts, key=len)
            site_sides += [f" {match_key(p)} " for p in parts if p is not longest]
    sources: list[list[tuple[str, str]]] = []
    for i, src in enumerate((*hints.h1[:2], hints.ld_headline, hints.og_title, hints.title)):
        if not src:
            continue
        is_h1 = i < len(hints.h1[:2])
        keyed = [(match_key(src), src)] + [(match_key(p), p) for p in _segments(src) if len(match_key(p).split()) >= 3]
        ok = []
        for k, text in keyed:
            if not k or k in site_keys or (domain and set(k.split()) <= _DOMAIN_WORDS | {domain}):
                continue
            if is_h1 and any(f" {k} " in side for side in site_sides):
                continue
            ok.append((k, text))
        sources.append(ok)
    votes: dict[str, int] = {}
    texts: dict[str, str] = {}
    for keyed in sources:
        for k, text in dict(keyed).items():
            votes[k] = votes.get(k, 0) + 1
            texts.setdefault(k, text)
    order = list(votes)  # first appearance: <h1>, JSON-LD, og:title, <title>
    order.sort(key=lambda k: -votes[k])
    return [(k, texts[k]) for k in order]


def _strip_site(title: str, site_name: str | None) -> str:
    """`<title>` without its site-name side, when the site name is known."""
    if not site_name:
        return title
    site_key = match_key(site_name)
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            parts = [p for p in title.split(sep) if match_key(p) and match_key(p) != site_key]
            if len(parts) < len(title.split(sep)) and parts:
                return sep.join(parts).strip()
    return title


def _page_shows_date(article: Article, iso: str) -> bool:
    from ghirbal.dates import find_dates

    lang = article.language
    for ln in article.lines:
        t = ln.text
        if t and len(t) <= 200 and any(ch.isdigit() for ch in t):
            if any(d.iso[:10] == iso for d in find_dates(t, lang=lang)):
                return True
    return False


_NOT_AUTHORS = frozenset(match_key(w) for w in (
    "admin", "administrator", "webmaster", "root", "user", "guest", "editor", "editorial", "staff", "team",
    "ادمن", "الادمن", "المدير", "ادارة الموقع", "إدارة الموقع", "التحرير", "هيئة التحرير", "فريق التحرير",
    "محرر الموقع", "المحرر", "فريق العمل", "undefined", "null", "none", "unknown", "nan",
))
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")


def _apply_title(article: Article, hints: HtmlHints, url: str | None) -> None:
    """The title part of `apply_hints` (see there)."""
    from ghirbal.extract import _domain_label

    site_keys = {match_key(n) for n in (article.site_name, hints.site_name) if n} - {""}
    ranked = _title_hints(hints, site_keys, _domain_label(url))
    if not ranked:
        return
    keys = {k for k, _ in ranked}
    current = match_key(article.title) if article.title else ""
    if current in keys:
        return  # a hint names the text path's title: it stands
    if article.title:
        # "headline – Site", "headline / Dec 2025": the hint names one side, the rest is short.
        parts = _segments(article.title)
        if len(parts) == 2:
            for side, other in ((parts[0], parts[1]), (parts[1], parts[0])):
                if match_key(side) in keys and len(match_key(side).split()) >= 3 and len(other.split()) <= 4:
                    article.title = side
                    return
    limit = len(article.lines)
    body_at = next((ln.index for ln in article.lines if ln.role == "body"), None)
    if body_at is not None:
        limit = body_at + 1  # a headline stands above its story (or is its first line)
    line_keys = [match_key(ln.text) if ln.text and len(ln.text) <= 400 else "" for ln in article.lines[:limit]]
    for k, _ in ranked:
        if k not in line_keys:
            continue
        match = article.lines[line_keys.index(k)]
        if match.role in ("byline", "date", "caption"):
            continue
        for ln in article.lines:
            if ln.role == "title":
                ln.drop("headline-list", "html: the markup names another line as the headline")
        if match.role == "body":
            article.body = [ln.text for ln in article.lines if ln.role == "body" and ln is not match]
            if not article.body:
                article.empty_reason = "no-story-block"
        match.keep("title")
        article.title = match.text
        return
    if article.title is None:
        # No line of the page matches: the hint itself, the best-supported one; a lone <title> without
        # its site side when the site is known.
        key, text = ranked[0]
        if text == hints.title:
            text = _strip_site(text, article.site_name or hints.site_name)
        article.title = text


def _text_date_is_worse(article: Article, text_date: str, iso: str, mod: tuple[str, str] | None) -> bool:
    """Does a structured published date `iso` (JSON-LD or meta) beat the text path's `text_date`?
    Only when the text path's date is clearly the weaker candidate: it is only a month (and the
    metadata gives the day); or it is the metadata's modification date (published before it); or
    it is later than the page was last modified (no article is published after its last update);
    or the page text shows the structured date too (the text path took another date near it)."""
    if len(text_date) == 7:
        return True
    if mod is not None and iso < mod[0] and text_date[:10] >= mod[0]:
        return True
    return _page_shows_date(article, iso)


def _author_hint(author: str, site_name: str | None, url: str | None, person: bool = False) -> tuple[str | None, str | None]:
    """(author, agency) from a metadata author: a person's name, or a news agency; (None, None) for
    a CMS account slug ("brandon-peaktwo"), a role ("admin"), or the site itself or its domain
    (unless `person`: a JSON-LD Person node named like its site is a personal site's owner)."""
    from ghirbal.byline import parse_byline
    from ghirbal.extract import _domain_label

    domain = _domain_label(url)
    site_key = match_key(site_name) if site_name else ""
    people: list[str] = []
    agencies: list[str] = []
    for name in re.split(r"\s*[,،]\s*", author):
        k = match_key(name)
        if not k or _SLUG.match(name) or k in _NOT_AUTHORS or k.split()[-1] in _NOT_AUTHORS:
            return None, None
        is_site = bool(site_key) and (k == site_key or f" {k} " in f" {site_key} ")
        is_domain = bool(domain) and k.replace(" ", "") == domain.replace(" ", "")
        if (is_site or is_domain) and not person:
            return None, None
        b = parse_byline(name, site_name=site_name, bare_name=True)  # no lang: a name's script is its own
        if b is not None and b.agency and not b.author:
            agencies.append(b.agency)
        elif b is not None and b.author:
            people.append(b.author)
        else:
            people.append(name)
    if people and not agencies:
        return _join(people), None
    if agencies and not people:
        return None, _join(agencies)
    return None, None


def apply_hints(article: Article, hints: HtmlHints, url: str | None = None) -> Article:
    """Fill the Article from the hints, conservatively (in place; returns it).

    * title: the text path's title stands when a title hint (`<h1>`, JSON-LD headline, og:title,
      `<title>`, or the headline side of a "headline | site" hint) names it; if a hint names one
      side of it ("headline – Site"), it is cut to that side. Otherwise a line above the story
      that equals a hint (best-supported hint first: the one most sources agree on) becomes the
      title: it was on the page all along, nothing is invented. Only when the text path found no
      title and no line matches is the hint text itself used (`<title>` without its site side).
      The site's name or domain, and an `<h1>` that is the site side of the `<title>` (a logo),
      are never title hints.
    * published: with no date from the text, the structured date is used (JSON-LD, else meta; a
      `<time datetime>` only when all the page's `<time>` tags agree). A date the text path found
      stays, unless a structured date (JSON-LD or meta, never `<time>`) differs from it and the
      text path's date is clearly the weaker candidate (`_text_date_is_worse`: month only, the
      update date, after the last update, or the page text shows the structured date as well).
      Hints that did not parse are already None: a garbage metadata date never becomes `published`.
    * updated: JSON-LD / meta dateModified, only when the text path found none and it is after
      `published` (a text-path date found to be the update date moves here).
    * author: only where the text path found no byline (no author and no agency): the JSON-LD
      Person author(s) of the article, else `meta name=author`, as the publisher states it (even
      when the page text does not show it), but never an Organization node, the site's own name
      or domain, a CMS account slug or a role word ("admin", "التحرير"); a news agency named
      there ("Reuters", "رويترز") fills `agency` instead.
    * site_name: og:site_name (else the JSON-LD publisher or WebSite name), only where the text path
      found none.
    * language: `<html lang>` only where the text could not tell ("und").
    """
    _apply_title(article, hints, url)
    # Published.
    pub, mod = hints.published, hints.modified
    if pub is not None:
        iso, precision, source = pub
        text_date = article.published
        if text_date is None:
            article.published, article.published_precision = iso, precision
        elif source != "time" and text_date[:10] != iso and _text_date_is_worse(article, text_date, iso, mod):
            if mod is not None and text_date[:10] == mod[0] and article.updated is None:
                article.updated = mod[0]  # the text path had found the update date
            article.published, article.published_precision = iso, precision
    if article.updated is None and mod is not None and (article.published is None or mod[0] > article.published[:10]):
        article.updated = mod[0]
    if article.author is None and article.agency is None and hints.author:
        person = hints.ld_author is not None and hints.ld_author_is_person
        author, agency = _author_hint(hints.author, article.site_name or hints.site_name, url, person)
        article.author, article.agency = author, agency
    if article.site_name is None and hints.site_name:
        article.site_name = hints.site_name
    if article.language in (None, "und") and hints.lang:
        article.language = hints.lang
    return article


def _text_clean():
    """The text path, without any HTML dispatch the lead may add to `extract.clean`."""
    from ghirbal import extract

    return getattr(extract, "clean_text", None) or extract.clean


def clean(
    html: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model=None,
    crawl_date: datetime | None = None,
) -> Article:
    """Extract the article from one page's HTML: render it to lines, run the text path, apply the
    hints. Never raises on bad input (same contract as `ghirbal.clean`)."""
    text, hints = render(html, crawl_date=crawl_date)
    if not text.strip():
        # No text to read; the markup's title, dates and language still describe the page.
        article = Article(empty_reason=hints.error or "empty-input")
        if hints.error is None:
            apply_hints(article, hints, url)
        return article
    article = _text_clean()(text, url, config=config, site_model=site_model, crawl_date=crawl_date)
    return apply_hints(article, hints, url)

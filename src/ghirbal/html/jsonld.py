"""JSON-LD hints: the headline, dates, author(s) and publisher of the page's own article.

Pages carry JSON-LD for many objects (the site, breadcrumbs, other stories); only an Article-typed
node (else a WebPage node) that the page has one of, or several that agree, speaks for the page.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ghirbal.html.blocks import compiled_passes
from ghirbal.html.values import account_name, iso_date, join_names, person_name, text_value
from ghirbal.lexicon import read_toml

if TYPE_CHECKING:
    from ghirbal.html.hints import HtmlHints

_ORGANIZATIONS = {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand"}
_PAGES = {"WebPage", "ItemPage", "AboutPage"}


def _ld_types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


@lru_cache(maxsize=1)
def _article_types() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(type suffixes, types, Q&A page types, question types, post types) of lexicon/html.toml [jsonld]."""
    lex = read_toml("html.toml")["jsonld"]
    return (tuple(lex["article_type_suffixes"]), frozenset(lex["article_types"]), frozenset(lex["qa_page_types"]),
            frozenset(lex["question_types"]), frozenset(lex["post_types"]))


@lru_cache(maxsize=1)
def thread_types() -> frozenset[str]:
    """The schema.org types that declare a forum thread (lexicon/html.toml [jsonld] thread_types)."""
    return frozenset(read_toml("html.toml")["jsonld"]["thread_types"])


def qa_page_types() -> frozenset[str]:
    """The schema.org types that declare a question-and-answer page (lexicon/html.toml [jsonld] qa_page_types)."""
    return _article_types()[2]


def declares_thread(raw) -> bool:
    """Does the page name a thread type as a microdata item type ("schema.org/DiscussionForumPosting"
    in an `itemtype`; the walk keeps no itemtype, so the page's source is searched: an ld+json
    "@type" with the full URL counts the same)?"""
    return _declares(raw, thread_types())


def declares_qa(raw) -> bool:
    """Does the page name a question-and-answer page type (`qa_page_types`: "schema.org/QAPage") as a
    microdata item type (as `declares_thread`)?"""
    return _declares(raw, qa_page_types())


def declared_kinds(raw) -> tuple[bool, bool, bool]:
    """(`declares_thread`, `declares_qa`, names a product type: `declares_one_product`'s first question)
    from one search of the source for every kind's types (`_found`)."""
    thread, qa, product = thread_types(), qa_page_types(), _product_words()[0]
    found = _found(raw, thread | qa | product)
    return (any(found[t] for t in thread), any(found[t] for t in qa), any(found[t] for t in product))


def declares_one_product(raw, named: bool) -> bool:
    """Does the page name exactly one microdata item of a product type (`itemtype=".../schema.org/Product"`,
    `product_types`) and no article type? A store page without JSON-LD (a game's page on a game store)
    says so this way; a shop's list names one item a card, and a review of a product names its article.
    (The walk keeps no itemtype: the page's source is searched, as for `declares_thread`; a type's name
    is followed by its closing quote, so "Product" is not "ProductGroup".) `named`: does the source name
    a product type at all (`declared_kinds`; most pages name none)?"""
    if not named:
        return False
    suffixes, names, _, _, _ = _article_types()
    if _declares(raw, frozenset(suffixes) | names):
        return False
    types = _product_words()[0]
    source = raw.source_bytes if raw.source_bytes is not None else raw.source.encode()
    return sum(source.count(k) for k in _quoted_type_keys(types)) == 1


def _found(raw, types: frozenset[str]) -> dict[str, bool]:
    """Each of `types`: is "schema.org/<type>" in the page's source? (One pass over its bytes when compiled.)"""
    keys, byte_keys = _type_keys(types)
    if raw.source_bytes is not None:
        fast = compiled_passes()
        found = (fast.keys_in(raw.source_bytes, byte_keys) if fast is not None
                 else tuple(k in raw.source_bytes for k in byte_keys))
    else:
        found = tuple(k in raw.source for k in keys)
    return dict(zip(sorted(types), found))


@lru_cache(maxsize=2)
def _quoted_type_keys(types: frozenset[str]) -> tuple[bytes, ...]:
    """`schema.org/<type>` with each closing quote, as bytes (made once)."""
    return tuple(f"schema.org/{t}{q}".encode() for t in sorted(types) for q in ('"', "'"))


def _declares(raw, types: frozenset[str]) -> bool:
    keys, byte_keys = _type_keys(types)
    if raw.source_bytes is not None:
        fast = compiled_passes()  # (its search for several keys in one pass over the bytes)
        if fast is not None:
            return fast.any_key_in(raw.source_bytes, byte_keys)
        return any(k in raw.source_bytes for k in byte_keys)
    return any(k in raw.source for k in keys)


@lru_cache(maxsize=4)
def _type_keys(types: frozenset[str]) -> tuple[tuple[str, ...], tuple[bytes, ...]]:
    """What `_declares` searches for, as text and as bytes (made once, not per page)."""
    keys = tuple(f"schema.org/{t}" for t in sorted(types))
    return keys, tuple(k.encode() for k in keys)


def _is_article(types: set[str]) -> bool:
    suffixes, names, _, _, _ = _article_types()
    return any(t.endswith(suffixes) or t in names for t in types)


@lru_cache(maxsize=1)
def _product_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(product types, variant separators) of lexicon/html.toml [jsonld]."""
    lex = read_toml("html.toml")["jsonld"]
    return frozenset(lex["product_types"]), tuple(lex["product_variant_separators"])


def _one_product(typed: list[tuple[dict, set[str]]], cfg: dict[str, Any]) -> bool:
    """Do the nodes describe one product (its variants included), and no article?"""
    types, separators = _product_words()
    names = set()
    count = 0
    for node, t in typed:
        if _is_article(t):
            return False
        if t & types:
            count += 1
            name = node.get("name")
            if isinstance(name, str):
                for sep in separators:
                    name = name.split(sep, 1)[0]
                names.add(name.strip().casefold())
    return 0 < count <= cfg["jsonld_max_products"] and len(names) <= 1


def _article_nodes(typed: list[tuple[dict, set[str]]]) -> list[dict]:
    """The page's article nodes; on a Q&A page without any, its question."""
    articles = [n for n, t in typed if _is_article(t)]
    if not articles:
        _, _, qa_pages, questions, _ = _article_types()
        if any(t & qa_pages for _, t in typed):
            articles = [n for n, t in typed if t & questions]
    return articles


def _ld_nodes(value: Any, out: list[dict], cfg: dict[str, Any], depth: int = 0) -> None:
    """Every typed object in a JSON-LD value (through @graph, lists and nested properties)."""
    if depth > cfg["jsonld_max_depth"] or len(out) > cfg["jsonld_max_nodes"]:
        return
    if isinstance(value, list):
        for v in value:
            _ld_nodes(v, out, cfg, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value or "@id" in value:
            out.append(value)
        for k, v in value.items():
            if isinstance(v, (dict, list)) and k != "@context":
                _ld_nodes(v, out, cfg, depth + 1)


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    for junk in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
        if junk in raw:
            raw = raw.replace(junk, "")
    try:
        return json.loads(raw, strict=False)  # strict=False: raw newlines inside strings, a common slip
    except (ValueError, RecursionError):
        return None


def ld_hints(hints: HtmlHints, scripts: list[str], ref: datetime | None, cfg: dict[str, Any]) -> None:
    """Fill `hints` (in place) from the page's `application/ld+json` script texts."""
    nodes: list[dict] = []
    for raw in scripts:
        if len(raw) < cfg["jsonld_max_chars"]:
            _ld_nodes(_load_json(raw), nodes, cfg)
    if not nodes:
        return
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and "@type" in n}

    def resolve(v: Any) -> Any:
        if isinstance(v, dict) and "@type" not in v and isinstance(v.get("@id"), str):
            return by_id.get(v["@id"], v)
        return v

    typed = [(n, _ld_types(n)) for n in nodes if "@type" in n]
    hints.product = hints.product or _one_product(typed, cfg)
    if hints.product:
        types, _ = _product_words()
        stated = [n.get("description") for n, t in typed if t & types]
        hints.ld_product_description = max((d for d in stated if isinstance(d, str)), key=len, default=None)
    threads, qa_pages = thread_types(), qa_page_types()
    hints.thread = hints.thread or any(t & threads for _, t in typed)
    hints.qa = hints.qa or any(t & qa_pages for _, t in typed)
    articles = _article_nodes(typed)
    pages = [n for n, t in typed if t & _PAGES]
    # The page's article: one Article-typed node, or several that agree (a page repeating itself).
    # Many article nodes with different dates are a list of other stories: no date from them.
    for tier in (articles, pages):
        if not tier:
            continue
        published = {iso_date(n.get("datePublished"), ref, cfg) for n in tier} - {None}
        modified = {iso_date(n.get("dateModified"), ref, cfg) for n in tier} - {None}
        if len({p[0] for p in published}) == 1:
            hints.ld_published = max(published, key=lambda p: p[1] == "minute")
        if len({p[0] for p in modified}) == 1:
            hints.ld_modified = max(modified, key=lambda p: p[1] == "minute")
        if tier is articles and len(tier) <= cfg["jsonld_max_articles"]:
            node = tier[0]
            # A forum post's articleBody is its first post only: no hint to where the thread is.
            stated = [n.get("articleBody") for n in tier if not _ld_types(n) & _article_types()[4]]
            hints.ld_article_body = max((b for b in stated if isinstance(b, str)), key=len, default=None)
            hints.ld_headline = text_value(node.get("headline"), cfg) or text_value(node.get("name"), cfg)
            authors = node.get("author")
            is_post = bool(_ld_types(node) & _article_types()[4])
            people: list[str] = []
            typed_person = True
            for a in authors if isinstance(authors, list) else [authors]:
                a = resolve(a)
                if isinstance(a, dict):
                    types = _ld_types(a)
                    if types & _ORGANIZATIONS:
                        continue
                    typed_person = typed_person and "Person" in types
                    a = a.get("name")
                    # A forum post's Person is an account: its handle is the name ("paulb203", "Mr_Enigmatic").
                    name = person_name(a, cfg) or (account_name(a, cfg) if "Person" in types and is_post else None)
                else:
                    typed_person = False
                    name = person_name(a, cfg)
                if name and name not in people:
                    people.append(name)
            if people and len(people) <= cfg["max_authors"]:
                hints.ld_author = join_names(people)
                hints.ld_author_is_person = typed_person
            pub = resolve(node.get("publisher"))
            if isinstance(pub, dict) and hints.site_name is None:
                hints.site_name = text_value(pub.get("name"), cfg, max_words=cfg["site_name_max_words"])
        break
    if hints.site_name is None:
        for n, t in typed:
            if "WebSite" in t:
                hints.site_name = text_value(n.get("name"), cfg, max_words=cfg["site_name_max_words"])
                break

"""The single-page path: `clean(text_or_bytes, url=None) -> Article`."""

from __future__ import annotations

import gc
import gzip
import os
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from ghirbal import config as _config
from ghirbal.article import assemble
from ghirbal.decode import DecodeError, decode
from ghirbal.features import LineCache, measure_page
from ghirbal.language import detect_language
from ghirbal.linemodel import compiled
from ghirbal.lexicon import load as load_lexicon
from ghirbal.lines import classify, mark_dates
from ghirbal.model import Article, Line
from ghirbal.normalize import faithful_lines
from ghirbal.sites.domain import site_label, site_of
from ghirbal.sites.model import SiteModel, SiteModels


def read_page(text_or_bytes: str | bytes, max_chars: int) -> tuple[str, list[str] | None, list[int]] | str:
    """The page's text (line endings normalised) and its lines with the indices of lines over
    `max_chars` (cut to that length: megabytes of one line are not folded); the lines are None when the
    page is no longer than `max_chars` (no line is cut: the text is read as it is, not split). Or, when
    there is no page, the reason ("empty-input", "undecodable: ...")."""
    try:
        text, _encoding = decode(text_or_bytes)
    except DecodeError as exc:
        return f"undecodable: {exc}"
    if isinstance(text_or_bytes, str):
        text = _without_lone_surrogates(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return "empty-input"
    if len(text) <= max_chars:
        return text, None, []
    raw = text.split("\n")
    too_long = [i for i, ln in enumerate(raw) if len(ln) > max_chars]
    for i in too_long:
        raw[i] = raw[i][:max_chars]
    return text, raw, too_long


def _without_lone_surrogates(text: str) -> str:
    """A str from Python code may carry lone surrogates (no valid text does): they become U+FFFD."""
    found = compiled.has_surrogates(text) if compiled.active() else _has_surrogates_reference(text)
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if found else text


def _has_surrogates_reference(text: str) -> bool:
    """Does `text` hold a surrogate code point (`_counts.has_surrogates` compiled, without encoding)?"""
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def page_features(text_or_bytes: str | bytes, config: dict[str, Any]):
    """Decode and measure a page: (features, language, lexicon), or None for empty/undecodable input.
    Shared by `clean` and the per-site learning pass, so both see the very same keys."""
    page = read_page(text_or_bytes, config["lines"]["max_line_chars"])
    if isinstance(page, str):
        return None
    text, raw, _too_long = page
    return _measure(text, raw, config)


def _measure(text: str, raw: list[str] | None, config: dict[str, Any], squeezed: list[str] | None = None):
    language = detect_language(text, config["lines"]["language"])
    lex = load_lexicon(language)
    # (`raw` is `text` split at its line breaks with the lines past max_line_chars cut, or None when
    # `text` is the page to read as it is: read_page's for a page within the limit, the HTML path's;
    # `squeezed`: `text`'s lines when each is stripped and squeezed already, `faithful_lines`' `lines`)
    page = text if raw is None else "\n".join(raw)
    feats = measure_page(faithful_lines(page, squeezed), lex, _line_cache(lex, config["lines"]["cache_lines"]))
    mark_dates(feats, config["lines"])
    return feats, language, lex


_LINE_CACHES: dict[str, LineCache] = {}


def clear_caches() -> None:
    """Forget every remembered line (benchmarks start each repeat cold with it)."""
    from ghirbal.byline import PREFIX_ANSWERS
    from ghirbal.dates import clear_token_cache
    from ghirbal.lines import _DATE_SHARES

    _LINE_CACHES.clear()
    _DATE_SHARES.clear()
    clear_token_cache()
    PREFIX_ANSWERS.clear()


def _line_cache(lex, size: int) -> LineCache | None:
    """One cache of measured lines per lexicon in this process (0 in the config turns it off); a
    reloaded lexicon starts a fresh cache, so cue verdicts never mix old and new phrase lists."""
    if size <= 0:
        return None
    cache = _LINE_CACHES.get(lex.language)
    if cache is None or cache.max_lines != size or cache.lexicon is not lex:
        cache = _LINE_CACHES[lex.language] = LineCache(size, lex)
    return cache


def clean(
    text_or_bytes: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model: SiteModel | SiteModels | None = None,
    crawl_date: datetime | None = None,
    kind: str | None = None,
) -> Article:
    """Extract the article from one page: HTML goes through `ghirbal.html` (blocks of the parsed tree,
    the markup's verdicts and hints), anything else is page text (UTF-8 or legacy Arabic encodings
    accepted as bytes). `kind` ("html" or "text") says which the page is; None sniffs it.

    `text_or_bytes` may also be a path (`os.PathLike`, e.g. `pathlib.Path`): the file is read (a `.gz`
    file decompressed). Never raises on bad input: undecodable or empty input gives an empty Article
    with `empty_reason`; an argument of another type is a TypeError that says so.
    """
    from ghirbal import html  # late: html imports this module

    text_or_bytes = _page_input(text_or_bytes)
    if kind not in (None, "html", "text"):
        raise ValueError(f"kind must be 'html', 'text' or None, not {kind!r}")
    if kind == "html" or (kind is None and html.looks_like_html(text_or_bytes)):
        return html.clean(text_or_bytes, url, config=config, site_model=site_model, crawl_date=crawl_date)
    return clean_text(text_or_bytes, url, config=config, site_model=site_model, crawl_date=crawl_date)


def _page_input(value: Any) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            return fh.read()
    raise TypeError(f"clean() takes the page as str or bytes, or a path (os.PathLike); got {type(value).__name__}")


@contextmanager
def collector_paused():
    """Python's cycle collector off while one page is read: a page makes thousands of small objects
    (line features, lines, and on the HTML path blocks, elements, paths) that live until the page is
    done, and the collections they set off scan every long-lived object of the process again and again
    (a tenth of the HTML path's time). They make no cycles; whatever does is collected once the
    collector is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def clean_text(
    text_or_bytes: str | bytes,
    url: str | None = None,
    *,
    config: dict[str, Any] | None = None,
    site_model: SiteModel | SiteModels | None = None,
    crawl_date: datetime | None = None,
) -> Article:
    """The text path: one page's text, one text node per line (as in Common Crawl WET)."""
    with collector_paused():
        return _clean_text(text_or_bytes, url, config, site_model, crawl_date)


def _clean_text(text_or_bytes: str | bytes, url: str | None, config: dict[str, Any] | None,
                site_model: SiteModel | SiteModels | None, crawl_date: datetime | None) -> Article:
    full_cfg = config or _config.default()
    cfg = full_cfg["lines"]
    page = read_page(text_or_bytes, cfg["max_line_chars"])
    if isinstance(page, str):  # no page: still one verdict per input line, when there are lines
        lines = []
        if page == "empty-input":
            text = text_or_bytes.decode("utf-8", "replace") if isinstance(text_or_bytes, bytes) else text_or_bytes
            lines = [Line(i, "", reason="blank") for i, _ in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))]
        return Article(empty_reason=page, lines=lines)
    text, raw, too_long = page
    feats, language, lex = _measure(text, raw, full_cfg)
    if site_model is not None:
        if isinstance(site_model, SiteModels):
            site_model = site_model.get(site_of(url))
        if site_model is not None:
            site_model.mark(feats)
    lines, layout = classify(feats, language, cfg, lex, domain_label=site_label(url), url=url)
    for i in too_long:
        lines[i].drop("too-long")
    article = assemble(lines, feats, layout, language, cfg, lex, crawl_date)
    return article


__all__ = ["clean", "clean_text", "page_features", "read_page"]

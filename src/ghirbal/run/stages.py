"""The work of a unit: turn raw records into pages, clean them, write the unit's shards and marker.

Every record ends as exactly one of: written (an article), rejected (a reject record with a reason) or
errored (a reject record flagged `errored`, with the error message). Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import time
from dataclasses import dataclass
from typing import Any

import orjson
import xxhash

from ghirbal.dedup.sink import sink_for
from ghirbal.io import records as kinds
from ghirbal.io.records import RawRecord
from ghirbal.io.shards import JsonlGzWriter, ParquetWriter
from ghirbal.run.nodes import unit_timing
from ghirbal.run.settings import RunSettings
from ghirbal.run.state import RunState
from ghirbal.run.stats import Stats
from ghirbal.run.units import WorkUnit
from ghirbal.sites.domain import site_of

# Reject reasons (docs: README "Corpus runs").
TOO_LARGE = "too-large"
BAD_JSON = "bad-json"
MISSING_TEXT = "missing-text"
DECODE_ERROR = "decode-error"
EMPTY_TEXT = "empty-text"
NO_ARTICLE = "no-article"
HTML_NOT_SUPPORTED = "html-not-supported"
NOT_HTML = "not-html"
# Error kinds (counted as errored, not rejected: something broke, it is not a verdict on the page).
READ_ERROR = "read-error"
CLEAN_ERROR = "clean-error"


@dataclass(slots=True)
class Page:
    """A record that made it to text: what clean() gets."""

    id: str
    url: str | None
    text: str | bytes  # bytes only for HTML, which the HTML path decodes itself
    crawl_date: str | None
    meta: dict[str, Any]
    html: bool = False


class Outcome(Exception):
    """Raised by the parsing stage to end a record early as rejected or errored."""

    def __init__(self, status: str, reason: str, detail: str | None = None):
        self.status, self.reason, self.detail = status, reason, detail
        self.id: str | None = None  # set once the record's fields were parsed
        self.url: str | None = None


def stable_id(source: str, offset: int) -> str:
    return xxhash.xxh64_hexdigest(f"{source}\x00{offset}".encode())


def html_handler():
    """The HTML path's clean function (`ghirbal.html.clean`, same signature as `ghirbal.clean`), or None
    where it is not installed: then WARC responses are rejected as html-not-supported."""
    try:
        html = importlib.import_module("ghirbal.html")
    except ImportError:
        return None
    return getattr(html, "clean", None)


# --- stage 1: raw record -> Page ---------------------------------------------------------------
def to_page(rec: RawRecord, source: str, settings: RunSettings) -> Page:
    if rec.kind == kinds.ERROR:
        raise Outcome("errored", READ_ERROR, rec.message)
    if rec.kind == kinds.TOO_LARGE:
        raise Outcome("rejected", TOO_LARGE, f"{rec.size} bytes > {settings.max_record_bytes}")
    if rec.kind == kinds.NOT_HTML:
        raise Outcome("rejected", NOT_HTML, f"HTTP content type {rec.message}")
    meta = dict(rec.meta or {})
    if rec.kind == kinds.HTML:
        if rec.data is None or html_handler() is None:
            raise Outcome("rejected", HTML_NOT_SUPPORTED, "WARC response records hold HTML; ghirbal reads text (WET)")
        return Page(rec.id or stable_id(source, rec.offset), rec.url, rec.data, rec.crawl_date, meta, html=True)
    if rec.kind == kinds.PAGE:
        text = _decode(rec.data)
        return Page(rec.id or stable_id(source, rec.offset), rec.url, text, rec.crawl_date, meta)
    if rec.kind == kinds.JSON:
        fields = _parse_json(rec.data)
    elif rec.kind == kinds.FIELDS:
        fields = rec.data
    else:  # pragma: no cover - a reader bug, surfaced rather than hidden
        raise Outcome("errored", READ_ERROR, f"unknown record kind {rec.kind!r}")
    text_f, id_f, url_f, date_f = settings.fields_for(fields)
    html_f = settings.html_field
    if html_f:
        text_f = html_f  # the page is the HTML field (--html-field)
    ident = _get(fields, id_f)
    ident = str(ident) if ident not in (None, "") else stable_id(source, rec.offset)
    url = _get(fields, url_f)
    url = str(url) if url else None
    try:
        if html_f:
            text = _html_of(fields, html_f, settings.max_record_bytes)
        else:
            text = _text_of(fields, text_f, rec.kind == kinds.FIELDS, settings.max_record_bytes)
    except Outcome as out:  # a reject of a parsed record still names its id and url
        out.id, out.url = ident, url
        raise
    # Fields mapped to text/id/url leave the record; everything else (nested objects too) goes to meta.
    used = {f for f in (text_f, id_f, url_f) if f and f in fields}
    meta.update((k, v) for k, v in fields.items() if k not in used)
    date = _get(fields, date_f)
    date = date.isoformat() if isinstance(date, dt.datetime) else (str(date) if date not in (None, "") else None)
    return Page(ident, url, text, date, meta, html=bool(html_f))


def _html_of(fields: dict[str, Any], html_f: str, max_bytes: int) -> str | bytes:
    """The HTML of a JSON/Parquet record's `--html-field` (text, or bytes the HTML path decodes)."""
    value = _get(fields, html_f)
    if isinstance(value, bytearray):
        value = bytes(value)
    if not isinstance(value, (str, bytes)):
        what = "absent" if value is None else f"a {type(value).__name__}, not HTML"
        raise Outcome("rejected", MISSING_TEXT, f"field '{html_f}' is {what}")
    if html_handler() is None:
        raise Outcome("rejected", HTML_NOT_SUPPORTED, f"field '{html_f}' holds HTML; the HTML path is not installed")
    if len(value) > max_bytes // 4 and len(value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value) > max_bytes:
        raise Outcome("rejected", TOO_LARGE, f"field '{html_f}' > {max_bytes} bytes")
    return value


def _text_of(fields: dict[str, Any], text_f: str, check_size: bool, max_bytes: int) -> str:
    text = _get(fields, text_f)
    if isinstance(text, (bytes, bytearray)):
        text = _decode(bytes(text))
    if not isinstance(text, str):
        if text is None:
            names = sorted(map(str, fields))
            more = f" and {len(names) - 12} more" if len(names) > 12 else ""
            what = f"absent (the record has: {', '.join(names[:12]) or 'no fields'}{more})"
        else:
            kind = type(text).__name__
            what = f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}, not text"
        raise Outcome("rejected", MISSING_TEXT, f"field '{text_f}' is {what}")
    if check_size and len(text) > max_bytes // 4:  # Parquet cells were not size-checked by the reader
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise Outcome("rejected", TOO_LARGE, f"{size} bytes > {max_bytes}")
    return text


def _get(fields: dict[str, Any], name: str | None) -> Any:
    if not name:
        return None
    if name in fields:
        return fields[name]
    value: Any = fields
    for part in name.split("."):  # dotted path: warc_headers.warc-target-uri
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _decode(data: bytes | str) -> str:
    from ghirbal.decode import DecodeError, decode

    try:
        return decode(data)[0]
    except DecodeError as exc:
        raise Outcome("rejected", DECODE_ERROR, str(exc)) from None


def _parse_json(line: bytes) -> dict[str, Any]:
    try:
        value = orjson.loads(line)  # (orjson checks the UTF-8 itself: no decode of every line first)
    except orjson.JSONDecodeError as exc:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            value = _parse_legacy(line)  # a line in a legacy code page (cp1256)
        else:
            raise Outcome("rejected", BAD_JSON, str(exc)[:200]) from None
    if not isinstance(value, dict):
        raise Outcome("rejected", BAD_JSON, f"a JSON {type(value).__name__}, not an object")
    return value


def _parse_legacy(line: bytes) -> Any:
    """A JSON line that is not UTF-8: decoded (charset detection), then parsed."""
    try:
        return orjson.loads(_decode(line))
    except orjson.JSONDecodeError as exc:
        raise Outcome("rejected", BAD_JSON, str(exc)[:200]) from None


# --- stage 2: Page -> Article ------------------------------------------------------------------
def clean_page(page: Page, settings: RunSettings):
    from ghirbal import clean

    if not settings.clean:  # `ghirbal dedup`: the text is the body, as it is
        from ghirbal.dedup.passthrough import as_article

        return as_article(page)
    extra: dict[str, Any] = {}
    if page.html:  # WARC responses, HTML files and fields: the HTML path (clean()'s signature, + charset)
        clean = html_handler()
        http_charset = getattr(importlib.import_module("ghirbal.html"), "http_charset", None)
        if http_charset is not None:  # header, then meta, then detection (another HTML path reads its own)
            extra["charset"] = http_charset(page.meta.get("http-content-type"))
    try:
        return clean(page.text, page.url, config=settings.clean_config or None, crawl_date=as_datetime(page.crawl_date),
                     site_model=site_models(settings.sites_model, settings.clean_config), **extra)
    except Exception as exc:  # a bug in clean() loses this page, not the run; counted as errored
        raise Outcome("errored", CLEAN_ERROR, f"{type(exc).__name__}: {exc}"[:500]) from None


_MODELS: dict[tuple, Any] = {}


def site_models(path: str | None, config: dict[str, Any]):
    """The run's site model, opened once per worker process (lazily: one site's templates at a time).
    Keyed by the model files' identity and the settings that read them: a second run in the same
    process (one worker runs in the caller) never sees a stale model."""
    if not path:
        return None
    from ghirbal.config import default
    from ghirbal.sites import SiteModels
    from ghirbal.sites.model import model_identity

    cfg = config or default()
    key = (model_identity(path), orjson.dumps(cfg["sites"], option=orjson.OPT_SORT_KEYS), cfg["lines"]["date_stamp_share"])
    models = _MODELS.get(key)
    if models is None:
        _MODELS.clear()
        models = _MODELS[key] = SiteModels.open(path, cfg)
    return models


def as_datetime(value: Any) -> dt.datetime | None:
    """A crawl date as clean() wants it; an unparsable one is ignored (it only helps resolve relative dates)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if value.tzinfo is not None:  # naive UTC: the date rules compare with naive datetimes
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


_STEPS: dict[Any, Any] = {}  # options key -> steps; "last" -> (settings, steps)


def record_steps(settings: RunSettings) -> list:
    """The run's record steps (ghirbal.steps), built once per worker process; asked once per record,
    so the settings object last seen answers without keying its options again."""
    if not settings.steps:
        return []
    last = _STEPS.get("last")
    if last is not None and last[0] is settings:
        return last[1]
    from ghirbal import steps as steps_mod
    from ghirbal.config import default

    cfg = settings.clean_config or default()
    key = (settings.steps, orjson.dumps({name: cfg.get(name) for name, _ in settings.steps}, option=orjson.OPT_SORT_KEYS))
    built = _STEPS.get(key)
    if built is None:
        _STEPS.clear()
        built = _STEPS[key] = steps_mod.build(settings.steps, cfg)
    _STEPS["last"] = (settings, built)
    return built


def article_record(page: Page, article, source: str, offset: int, annotate: bool) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": page.id, "url": page.url, "source": source, "offset": offset, "crawl_date": page.crawl_date}
    rec.update(article.to_dict(with_lines=annotate))
    rec["meta"] = page.meta
    return rec


# --- stage 3: the whole unit -------------------------------------------------------------------
def shard_paths(out_dir: str, key: str, fmt: str) -> tuple[str, str]:
    ext = ".parquet" if fmt == "parquet" else ".jsonl.gz"
    return os.path.join(out_dir, f"articles-{key}{ext}"), os.path.join(out_dir, f"rejects-{key}.jsonl.gz")


class _LazyWriter:
    """Opens its shard on the first record: a unit with nothing kept writes no article shard."""

    def __init__(self, factory):
        self.factory, self.writer = factory, None

    def write(self, record: dict[str, Any]) -> None:
        if self.writer is None:
            self.writer = self.factory()
        self.writer.write(record)

    def close(self) -> str | None:
        if self.writer is None:
            return None
        self.writer.close()
        return os.path.basename(self.writer.path)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


def process_unit(unit: WorkUnit, settings: RunSettings) -> dict[str, Any]:
    """Read → clean → write one unit. Writes its shards, then its done-marker; returns the marker."""
    articles_path, rejects_path = shard_paths(settings.out_dir, unit.key, settings.format)
    if settings.format == "parquet":
        articles = _LazyWriter(lambda: ParquetWriter(articles_path, with_lines=settings.annotate, fsync=settings.fsync))
    else:
        articles = _LazyWriter(lambda: JsonlGzWriter(articles_path, level=settings.gzip_level, fsync=settings.fsync))
    rejects = _LazyWriter(lambda: JsonlGzWriter(rejects_path, level=settings.gzip_level, fsync=settings.fsync))
    sigs = sink_for(settings, unit)  # dedup signatures of the written articles (ghirbal.dedup), None when off
    if sigs:
        articles = sigs.tee(articles)
    stats = Stats()
    errors: list[dict[str, Any]] = []
    started, started_wall = time.process_time(), time.monotonic()
    try:
        for rec in unit.records:
            stats.add_read(rec.size)
            _process_record(rec, unit.source, settings, stats, articles, rejects, errors)
        pause_point(unit.key, settings.out_dir)
        shards = [name for name in (articles.close(), rejects.close()) if name]
        if sigs:
            sigs.close()
    except BaseException:  # Ctrl-C or a bug: roll the unit back, never leave half a shard
        articles.abort()
        rejects.abort()
        raise
    marker = {
        "source": unit.source,
        "file_index": unit.file_index,
        "unit": unit.index,
        "read": stats.pages["read"],
        "written": stats.pages["written"],
        "rejected": stats.pages["rejected"],
        "errored": stats.pages["errored"],
        "errors": errors,
        "shards": shards,
        "raw_span": unit.raw_end - unit.raw_start,
        "cpu_seconds": round(time.process_time() - started, 3),
        **unit_timing(started_wall),
        "stats": stats.to_dict(),
    }
    RunState(settings.out_dir).mark_unit_done(unit.key, marker)
    return marker


PAUSE_ENV = "GHIRBAL_TEST_PAUSE_UNIT"  # tests only: "UNIT_KEY" (see pause_point)


def pause_point(key: str, out_dir: str) -> None:
    """A test hook: with GHIRBAL_TEST_PAUSE_UNIT=KEY, the unit KEY stops here (its records written to
    its temp shards) on its first attempt, its process id in DIR/_state/paused-KEY, for a test to kill
    the worker; a retried attempt finds the file and goes on. Off (one dict lookup) otherwise."""
    if os.environ.get(PAUSE_ENV) != key:
        return
    flag = os.path.join(out_dir, "_state", f"paused-{key}")
    if os.path.exists(flag):
        return
    with open(flag, "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(120)


def _run_steps(record: dict[str, Any], article, settings: RunSettings, stats: Stats) -> None:
    """The record steps in order; a step's Reject ends the record as rejected with the step's reason."""
    from ghirbal.steps import Reject

    for step in record_steps(settings):
        counts = stats.step(step.name)
        t0 = time.process_time()
        try:
            step.process(record, article, counts)
        except Reject as rej:
            counts["rejected"] += 1
            raise Outcome("rejected", rej.reason, rej.detail) from None
        except Exception as exc:  # a bug in a step loses this page, not the run
            raise Outcome("errored", CLEAN_ERROR, f"{step.name}: {type(exc).__name__}: {exc}"[:500]) from None
        finally:  # the step's own CPU time: its share of the worker CPU (`cpu_seconds`), measured in the run
            stats.totals[f"step_seconds:{step.name}"] += time.process_time() - t0
        counts["passed"] += 1


def _process_record(rec, source, settings, stats, articles, rejects, errors) -> None:
    base = {"id": rec.id or stable_id(source, rec.offset), "url": rec.url, "source": source, "offset": rec.offset}
    try:
        page = to_page(rec, source, settings)
        base["id"], base["url"] = page.id, page.url
        if not page.text.strip():  # (bytes for HTML: strip() works there too)
            raise Outcome("rejected", EMPTY_TEXT, "the page has no text")
        t0 = time.perf_counter()
        article = clean_page(page, settings)
        seconds = time.perf_counter() - t0
        kept = bool(article.body)
        stats.add_article(article, site_of(page.url), len(page.text), kept, seconds)
        if not kept:
            raise Outcome("rejected", NO_ARTICLE, article.empty_reason)
        record = article_record(page, article, source, rec.offset, settings.annotate)
        _run_steps(record, article, settings, stats)
        articles.write(record)
        stats.add_outcome("written")
    except Outcome as out:
        if out.id is not None:
            base["id"], base["url"] = out.id, out.url
        reject = dict(base, reason=out.reason, detail=out.detail, errored=out.status == "errored")
        rejects.write(reject)
        stats.add_outcome(out.status, out.reason)
        if out.status == "errored":
            errors.append({"offset": rec.offset, "message": f"{out.reason}: {out.detail}"})

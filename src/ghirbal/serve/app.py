"""The inspector's HTTP API and page, on the standard library's `ThreadingHTTPServer`.

Routes (docs/inspector.md):

    GET  /               the inspector page (serve/inspector.html)
    POST /api/clean      a page in (raw text/HTML bytes, or JSON {"text", "url", "crawl_date"}),
                         `Article.to_dict()` out; `?lines=0` leaves the per-line verdicts out
    GET  /api/reasons    reason codes and roles with one-line explanations (serve/reasons.toml)
    GET  /api/health     {"ok": true, "version": ...}
    GET  /api/example    the example page, when the server was given one

Every answer of the API is JSON; every error is `{"error": "..."}` with its status (400 bad request,
404 unknown route, 405 wrong method, 411 no length, 413 over the size cap, 415 unsupported body,
500 a bug, logged on the server's stderr, never sent to the client as a traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

import ghirbal
from ghirbal.extract import clean
from ghirbal.model import REASONS, ROLES
from ghirbal.tomlfiles import load_toml

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Over the cap, up to this many bytes of the body are still read (and thrown away) before the 413, so
# the client reads the answer instead of a connection reset; a larger body just gets the connection closed.
_DRAIN_LIMIT = 64 * 1024 * 1024

# Raw page bodies: any text type, HTML/XHTML, bytes, or no type at all. `curl --data-binary @page.txt`
# sends application/x-www-form-urlencoded unless told otherwise: taken as the page too.
_RAW_TYPES = ("application/octet-stream", "application/xhtml+xml", "application/x-www-form-urlencoded", "")


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _resource(name: str):
    return resources.files("ghirbal.serve").joinpath(name)


def page_html() -> str:
    """The inspector page as packaged (`serve/inspector.html`)."""
    return _resource("inspector.html").read_text(encoding="utf-8")


def reasons_table() -> dict[str, list[dict[str, str]]]:
    """Every code of REASONS and ROLES, in their order, with its explanation from `serve/reasons.toml`.
    A code without an explanation there is a packaging bug: ValueError."""
    try:
        data = load_toml(_resource("reasons.toml"))
    except FileNotFoundError:
        raise ValueError("serve/reasons.toml is missing from the installed package (pyproject.toml package-data "
                         "must list serve/*.toml)") from None
    out: dict[str, list[dict[str, str]]] = {}
    for section, codes in (("reasons", REASONS), ("roles", ROLES)):
        table = data.get(section, {})
        missing = [c for c in codes if not table.get(c)]
        if missing:
            raise ValueError(f"serve/reasons.toml has no [{section}] explanation for {', '.join(missing)}")
        out[section] = [{"code": c, "explanation": table[c]} for c in codes]
    return out


def parse_crawl_date(value: Any) -> dt.datetime | None:
    """An ISO date or date-time ("2025-06-22", "2025-06-22T19:00:51Z") as `clean` wants it (naive UTC);
    None for None or ""; ApiError(400) for anything else."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"crawl_date must be an ISO date string, not {type(value).__name__}")
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ApiError(400, f"crawl_date {value!r} is not an ISO date (like 2025-06-22 or 2025-06-22T19:00:51Z)") from None
    if when.tzinfo is not None:  # the date rules compare with naive datetimes
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when


def _flag(value: str, name: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on", ""):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ApiError(400, f"?{name}= takes 0 or 1, not {value!r}")


@dataclass
class Example:
    name: str
    text: str


@dataclass
class Inspector:
    """What the handlers share: settings, the loaded page, and a lock around `clean` (its line caches
    and a lazily loaded site model are per process; the work is pure Python, so the lock costs nothing)."""

    config: dict[str, Any] | None = None
    site_model: Any = None
    max_bytes: int = DEFAULT_MAX_BYTES
    example: Example | None = None
    log: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _page: bytes | None = field(default=None, repr=False)
    _reasons: bytes | None = field(default=None, repr=False)

    def page(self) -> bytes:
        if self._page is None:
            name = escape(self.example.name, quote=True) if self.example else ""
            html = page_html().replace('data-example=""', f'data-example="{name}"', 1)
            self._page = html.encode("utf-8")
        return self._page

    def reasons(self) -> bytes:
        if self._reasons is None:
            self._reasons = _json(reasons_table())
        return self._reasons

    def clean(self, data: str | bytes, url: str | None, crawl_date: dt.datetime | None, with_lines: bool) -> dict[str, Any]:
        with self._lock:
            article = clean(data, url=url or None, config=self.config, site_model=self.site_model, crawl_date=crawl_date)
        return article.to_dict(with_lines=with_lines)


def _sniff_json(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object when it is one (a page never is), else None."""
    head = body.lstrip()[:1]
    if head != b"{":
        return None
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


# path -> {method: handler name}
_ROUTES: dict[str, dict[str, str]] = {
    "/": {"GET": "_get_page"},
    "/api/clean": {"POST": "_post_clean"},
    "/api/reasons": {"GET": "_get_reasons"},
    "/api/health": {"GET": "_get_health"},
    "/api/example": {"GET": "_get_example"},
}


class Handler(BaseHTTPRequestHandler):
    server_version = f"ghirbal/{ghirbal.__version__}"
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries its Content-Length
    app: Inspector  # set on the subclass made by make_server

    # -- dispatch ---------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def _dispatch(self, method: str) -> None:
        self._head_only = method == "HEAD"
        try:
            parts = urlsplit(self.path)
            self.query = parse_qs(parts.query, keep_blank_values=True)
            methods = _ROUTES.get(parts.path.rstrip("/") or "/")
            if methods is None:
                self._drain_body()
                raise ApiError(404, f"no such route: {parts.path} (routes: {', '.join(_ROUTES)})")
            name = methods.get("GET" if method == "HEAD" else method)
            if name is None:
                self._drain_body()
                allowed = ", ".join(sorted(set(methods) | ({"HEAD"} if "GET" in methods else set())))
                self._send_json({"error": f"{method} is not allowed on {parts.path}; use {allowed}"}, 405,
                                {"Allow": allowed})
                return
            getattr(self, name)()
        except ApiError as exc:
            self._send_json({"error": exc.message}, exc.status)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 (a bug: logged here, never sent as a traceback)
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            self._send_json({"error": f"internal error ({type(exc).__name__}); see the server log"}, 500)

    # -- routes -----------------------------------------------------------------------------------

    def _get_page(self) -> None:
        self._send(self.app.page(), "text/html; charset=utf-8", 200, {"Cache-Control": "no-store"})

    def _get_health(self) -> None:
        self._send_json({"ok": True, "version": ghirbal.__version__, "max_bytes": self.app.max_bytes,
                         "example": self.app.example.name if self.app.example else None})

    def _get_reasons(self) -> None:
        try:
            body = self.app.reasons()
        except ValueError as exc:  # a packaging bug, said plainly
            raise ApiError(500, str(exc)) from None
        self._send(body, "application/json; charset=utf-8", 200)

    def _get_example(self) -> None:
        ex = self.app.example
        if ex is None:
            raise ApiError(404, "no example page: start `ghirbal serve --example FILE` to have one")
        self._send_json({"name": ex.name, "text": ex.text})

    def _post_clean(self) -> None:
        with_lines = _flag(self._param("lines", "1"), "lines")
        body = self._read_body()
        ctype, charset = self._content_type()
        req = None
        if not (ctype == "application/json" or ctype.endswith("+json")) and (ctype.startswith("text/") or ctype in _RAW_TYPES):
            # JSON sent without its Content-Type (curl's default): cleaned as the request it is, never as a page.
            req = _sniff_json(body)
            if req is not None and "text" not in req:
                raise ApiError(415, 'the body is a JSON object but has no "text": send the page itself as text/plain or '
                                    'text/html, or JSON {"text": ...} (Content-Type: application/json)')
        if req is not None or ctype == "application/json" or ctype.endswith("+json"):
            if req is None:
                try:
                    req = json.loads(body.decode(charset or "utf-8"))
                except (UnicodeDecodeError, LookupError, ValueError) as exc:
                    raise ApiError(400, f"the body is not valid JSON: {exc}") from None
            if not isinstance(req, dict):
                raise ApiError(400, 'the JSON body must be an object: {"text": "...", "url": "...", "crawl_date": "..."}')
            if "text" not in req:
                raise ApiError(400, 'the JSON body has no "text" (the page\'s text or HTML)')
            text, url = req["text"], req.get("url", self._param("url"))
            if not isinstance(text, str):
                raise ApiError(400, f'"text" must be a string, not {type(text).__name__}')
            if url is not None and not isinstance(url, str):
                raise ApiError(400, f'"url" must be a string, not {type(url).__name__}')
            crawl_date = parse_crawl_date(req.get("crawl_date", self._param("crawl_date")))
            if "lines" in req:
                if not isinstance(req["lines"], bool):
                    raise ApiError(400, '"lines" must be true or false')
                with_lines = req["lines"]
            data: str | bytes = text
        elif ctype.startswith("text/") or ctype in _RAW_TYPES:
            data = body
            if charset and charset.replace("_", "-") not in ("utf-8", "utf8"):
                try:  # the sender's charset wins over detection when it fits the bytes
                    data = body.decode(charset)
                except (LookupError, UnicodeDecodeError):
                    data = body
            url, crawl_date = self._param("url"), parse_crawl_date(self._param("crawl_date"))
        else:
            raise ApiError(415, f"unsupported Content-Type {ctype!r}: send the page as text/plain or text/html, "
                                "or JSON (application/json)")
        t0 = time.perf_counter()
        out = self.app.clean(data, url, crawl_date, with_lines)
        self._send_json(out, 200, {"X-Ghirbal-Seconds": f"{time.perf_counter() - t0:.4f}"})

    # -- helpers ----------------------------------------------------------------------------------

    def _param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default

    def _content_type(self) -> tuple[str, str | None]:
        raw = self.headers.get("Content-Type", "") or ""
        ctype, _, params = raw.partition(";")
        charset = None
        for p in params.split(";"):
            k, _, v = p.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                charset = v.strip().strip('"').lower()
        return ctype.strip().lower(), charset

    def _length(self) -> int | None:
        if "chunked" in (self.headers.get("Transfer-Encoding", "") or "").lower():
            self.close_connection = True
            raise ApiError(411, "chunked bodies are not supported: send a Content-Length")
        raw = self.headers.get("Content-Length")
        if raw is None:
            return None
        try:
            n = int(raw)
        except ValueError:
            n = -1
        if n < 0:
            self.close_connection = True
            raise ApiError(400, f"bad Content-Length: {raw!r}")
        return n

    def _read_body(self) -> bytes:
        n = self._length()
        if n is None:
            raise ApiError(411, "the request has no Content-Length (send the page as the body)")
        if n > self.app.max_bytes:
            self._drain(n)
            self.close_connection = True
            raise ApiError(413, f"the body is {n:,} bytes, over the server's cap of {self.app.max_bytes:,} "
                                "(ghirbal serve --max-bytes); use `ghirbal run` for corpora")
        body = self.rfile.read(n)
        if len(body) < n:
            self.close_connection = True
            raise ApiError(400, f"the body ended after {len(body):,} of {n:,} bytes")
        return body

    def _drain_body(self) -> None:
        """Read a body nobody wants (a 405), so a keep-alive connection stays in step."""
        try:
            n = self._length() or 0
        except ApiError:
            return
        if n > self.app.max_bytes:
            self.close_connection = True
        self._drain(n)

    def _drain(self, n: int) -> None:
        if n > _DRAIN_LIMIT:
            self.close_connection = True
            return
        self.connection.settimeout(5)
        try:
            while n > 0:
                chunk = self.rfile.read(min(n, 1 << 16))
                if not chunk:
                    break
                n -= len(chunk)
        except OSError:  # includes the timeout
            self.close_connection = True
        finally:
            self.connection.settimeout(self.timeout)

    def _send_json(self, obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._send(_json(obj), "application/json; charset=utf-8", status, headers)

    def _send(self, body: bytes, ctype: str, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not getattr(self, "_head_only", False):
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (malformed request line, unknown method, URI too long) as JSON too."""
        try:
            short, _long = self.responses.get(code, ("error", ""))
        except AttributeError:
            short = "error"
        self.close_connection = True
        self._send_json({"error": message or short}, code)

    def log_message(self, format: str, *args: Any) -> None:
        if self.app.log:
            super().log_message(format, *args)


class InspectorServer(ThreadingHTTPServer):
    daemon_threads = True


class InspectorServer6(InspectorServer):
    address_family = socket.AF_INET6


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    config: dict[str, Any] | None = None,
    site_model: Any = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    example: Example | None = None,
    log: bool = True,
) -> ThreadingHTTPServer:
    """A bound server (port 0 picks a free port: see `server.server_address`); call `serve_forever()`."""
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    app = Inspector(config=config, site_model=site_model, max_bytes=max_bytes, example=example, log=log)
    handler = type("InspectorHandler", (Handler,), {"app": app})
    cls = InspectorServer6 if ":" in host else InspectorServer
    server = cls((host, port), handler)
    server.app = app  # type: ignore[attr-defined]
    return server


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


__all__ = ["DEFAULT_MAX_BYTES", "Example", "Inspector", "make_server", "page_html", "reasons_table", "server_url"]

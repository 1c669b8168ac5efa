"""The inspector: an HTTP API over `ghirbal.clean` and a page showing why each line was kept or dropped.

    ghirbal serve                      # http://127.0.0.1:8000/
    from ghirbal.serve import make_server
    server = make_server("127.0.0.1", 0); server.serve_forever()

Standard library only (`http.server.ThreadingHTTPServer`); docs/inspector.md describes the routes.
"""

from __future__ import annotations

from ghirbal.serve.app import (
    DEFAULT_MAX_BYTES,
    Example,
    Inspector,
    make_server,
    page_html,
    reasons_table,
    server_url,
)

__all__ = ["DEFAULT_MAX_BYTES", "Example", "Inspector", "make_server", "page_html", "reasons_table", "server_url"]

"""`ghirbal serve`: the inspector page and its HTTP API (ghirbal.serve), until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_EXAMPLE = os.path.join("examples", "egypttoday-seed.txt")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ghirbal.serve.app import DEFAULT_MAX_BYTES

    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--config", metavar="TOML", help="TOML config file (as for `ghirbal clean`)")
    p.add_argument("--sites", metavar="MODEL", help="a site model folder from `ghirbal sites learn` (per-site boilerplate)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"largest request body accepted, in bytes (default {DEFAULT_MAX_BYTES:,}); larger gets 413")
    p.add_argument("--example", metavar="FILE",
                   help=f"a page the inspector's 'Load example' button loads (default {DEFAULT_EXAMPLE} when it "
                        "exists under the current directory; 'none' for no button)")
    p.add_argument("--quiet", action="store_true", help="do not log requests")


def _fail(msg: str) -> int:
    print(f"ghirbal serve: {msg}", file=sys.stderr)
    return EXIT_USAGE


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):  # SIGTERM stops like Ctrl-C
    raise _Stop()


def _load_example(arg: str | None, max_bytes: int):
    from ghirbal.decode import DecodeError, decode
    from ghirbal.serve.app import Example

    if arg is not None and arg.lower() == "none":
        return None, None
    path = arg or DEFAULT_EXAMPLE
    if arg is None and not os.path.isfile(path):
        return None, None  # no default example here: no button
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, f"cannot read --example {path}: {exc.strerror or exc}"
    if len(data) > max_bytes:
        return None, f"--example {path} is over --max-bytes ({max_bytes:,})"
    try:
        text, _encoding = decode(data)
    except DecodeError as exc:
        return None, f"--example {path} is not readable text: {exc}"
    return Example(os.path.basename(path), text), None


def run(args: argparse.Namespace) -> int:
    from ghirbal import config as _config
    from ghirbal.serve.app import make_server, server_url

    if not 0 <= args.port <= 65535:
        return _fail(f"--port must be 0..65535, not {args.port}")
    if args.max_bytes <= 0:
        return _fail("--max-bytes must be positive")
    try:
        cfg = _config.load(args.config) if args.config else None
    except _config.ConfigError as exc:
        return _fail(str(exc))
    site_model = None
    if args.sites:
        if not os.path.isdir(args.sites):
            return _fail(f"--sites {args.sites}: not a folder (make one with `ghirbal sites learn`)")
        from ghirbal.sites import SiteModels

        try:
            site_model = SiteModels.open(args.sites, cfg)
        except (OSError, ValueError) as exc:
            return _fail(f"--sites {args.sites}: {exc}")
    example, err = _load_example(args.example, args.max_bytes)
    if err:
        return _fail(err)
    try:
        server = make_server(args.host, args.port, config=cfg, site_model=site_model, max_bytes=args.max_bytes,
                             example=example, log=not args.quiet)
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    extra = f"; example page: {example.name}" if example else ""
    print(f"ghirbal inspector on {server_url(server)}  (Ctrl-C to stop{extra})", flush=True)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_stop) if in_main else None
    try:
        server.serve_forever()
    except (KeyboardInterrupt, _Stop):
        print("\nghirbal serve: stopped", file=sys.stderr, flush=True)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
        server.server_close()
    return EXIT_OK

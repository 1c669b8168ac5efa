"""`ghirbal clean PATH|-`: one page in, the article out (json, text, or annotated lines)."""

from __future__ import annotations

import argparse
import sys

import orjson

from ghirbal import config as _config
from ghirbal.extract import clean
from ghirbal.model import Article

# Exit codes (README, "Exit codes"): 0 article found, 1 no article in the page (empty article
# printed with its reason), 2 usage or unreadable input.
EXIT_OK, EXIT_NO_ARTICLE, EXIT_INPUT = 0, 1, 2
MAX_INPUT_BYTES = 256 * 1024 * 1024

_ROLE_STYLE = {"title": "bold magenta", "body": "green", "caption": "cyan", "byline": "yellow", "date": "yellow",
               "related": "blue"}


EPILOG = """\
exit codes: 0 article found; 1 no article in the page (the empty article is printed, with its
empty_reason); 2 unreadable input, a file of many records (JSON Lines, WARC, Parquet: use
`ghirbal run`), bad config or usage; 130 interrupted."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("path", metavar="PATH", help="a page's text or HTML file (.gz too), or - for standard input")
    p.add_argument("--format", choices=["json", "text", "annotated"], default="json",
                   help="json: the article (output schema, default); text: title and body only; "
                        "annotated: every input line, numbered from 1, with its verdict")
    p.add_argument("--url", help="the page's URL (helps site-name detection)")
    p.add_argument("--config", help="TOML config file")
    p.add_argument("--input", choices=["auto", "html", "text"], default="auto",
                   help="what the page is: sniffed (default), HTML, or plain text (one text node per line)")


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    with open(path, "rb") as fh:
        return fh.read(MAX_INPUT_BYTES + 1)


def _page(data: bytes, path: str) -> bytes | str:
    """The page's bytes (gzip undone), or a message saying why this is no page."""
    from ghirbal.io import sniff

    kind = sniff.container_kind(data)
    if kind == sniff.GZIP:
        try:
            data = sniff.gunzip(data, MAX_INPUT_BYTES)
        except ValueError as exc:
            return f"{path}: {exc}"
        if len(data) > MAX_INPUT_BYTES:
            return f"{path} is over {MAX_INPUT_BYTES >> 20} MB uncompressed; use `ghirbal run` for corpora"
        kind = sniff.container_kind(data)
    if kind is None:
        return data
    return (f"{path} is {sniff.NAMES[kind]}, not one page: clean a corpus with `ghirbal run {path} --out DIR` "
            "(or pass one page's text or HTML)")


def render_annotated(article: Article, color: bool) -> str:
    """Every input line with its verdict, numbered from 1 as the inspector and editors number them; RTL
    text is printed as is (terminals apply the bidi algorithm)."""
    if color:
        from rich.console import Console
        from rich.text import Text

        console = Console(force_terminal=True, highlight=False, soft_wrap=True)
        with console.capture() as cap:
            for ln in article.lines:
                tag = f"+{ln.role}" if ln.kept else f"-{ln.reason}"
                style = _ROLE_STYLE.get(ln.role or "", "dim")
                console.print(Text(f"{ln.index + 1:5d} {tag:18} ", style=style if ln.kept else "dim red"), Text(ln.text, style=style))
        return cap.get()
    out = []
    for ln in article.lines:
        tag = f"+{ln.role}" if ln.kept else f"-{ln.reason}"
        out.append(f"{ln.index + 1:5d} {tag:18} {ln.text}")
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    try:
        data = _read(args.path)
    except OSError as exc:
        print(f"ghirbal clean: cannot read {args.path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    if len(data) > MAX_INPUT_BYTES:
        print(f"ghirbal clean: {args.path} is over {MAX_INPUT_BYTES >> 20} MB; use `ghirbal run` for corpora", file=sys.stderr)
        return EXIT_INPUT
    page = _page(data, args.path)
    if isinstance(page, str):
        print(f"ghirbal clean: {page}", file=sys.stderr)
        return EXIT_INPUT
    data = page
    try:
        cfg = _config.load(args.config)
    except _config.ConfigError as exc:
        print(f"ghirbal clean: {exc}", file=sys.stderr)
        return EXIT_INPUT
    article = clean(data, url=args.url, config=cfg, kind=None if args.input == "auto" else args.input)
    if args.format == "json":
        sys.stdout.write(orjson.dumps(article.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
    elif args.format == "text":
        parts = [article.title or ""] if article.title else []
        parts.append(article.text)
        sys.stdout.write("\n\n".join(parts) + "\n")
    else:
        sys.stdout.write(render_annotated(article, color=sys.stdout.isatty()))
    if article.empty_reason:
        print(f"ghirbal clean: no article found ({article.empty_reason})", file=sys.stderr)
        return EXIT_NO_ARTICLE
    return EXIT_OK

"""The HTML path on Arabic pages whose markup says nothing: the Arabic dev pages' lines laid out as HTML
in ways old and plain sites use (a paragraph per line, a div per line, lines set apart by <br> in one
element, a table row per line, <font> text in a table cell), scored against the gold body beside
the text path on the same lines, and beside the extractors Arabic HTML users compare first: trafilatura
(default, and `favor_precision=True`), readability-lxml and resiliparse's main-content extraction
(each skipped when not installed: `pip install -e '.[bench]'`).

There is no Arabic HTML with gold to hand; these generated pages check that reading the markup never
costs an Arabic page what its text alone gives, when the markup carries no evidence (no nav, no
article, no classes). Links are not generated, so the link signals are absent: a harder case than
a real page. A table row per line was weak until a layout table of one cell per row came to count as
lines set apart (its container bonus kept the menus: 0.64, then 0.9996 on 2026-12-02; fitted, the
rule was made on these pages). A page of no marks and no links was tried as "markup says nothing" and
cost a real listing page of wcxb-dev (the bonus kept its items).

More layouts give the markup a say: the lines in a site's shell (a `<header>` with a `<nav>` menu of
links, the page's lines as paragraphs in `<main>`, an `<aside>` of links to other stories, a
`<footer>`); every line in one `<article>`; the lines of at most five words as links (menus, tags and
headline lists are links); a menu in one table cell and the lines in the next. The shell's words
(`bench/data/arabic_shell.toml`) are not in the gold and every extractor should drop them; the page's
own chrome lines stay unmarked beside the story, as when a site's template is unknown.

    python bench/arabic_html_layouts.py [--set ../shared/data/arabic-sites-dev] [--no-others]
"""

from __future__ import annotations

import argparse
import statistics
import tomllib
from collections.abc import Callable
from html import escape
from pathlib import Path

import ghirbal
from ghirbal import html as ghtml
from ghirbal.eval import load_gold, word_f1

SHARED = Path(__file__).resolve().parents[2] / "shared/data"
SHELL = tomllib.loads((Path(__file__).resolve().parent / "data/arabic_shell.toml").read_text(encoding="utf-8"))


def _lines(tag: str) -> Callable[[list[str]], str]:
    return lambda lines: "".join(f"<{tag}>{escape(line)}</{tag}>" for line in lines if line.strip())


LAYOUTS: dict[str, Callable[[list[str]], str]] = {
    "<p> per line": _lines("p"),
    "<div> per line": _lines("div"),
    "<br> in one <div>": lambda lines: "<div>" + "<br>".join(escape(line) for line in lines) + "</div>",
    "<span> + <br>": lambda lines: "<div>" + "".join(f"<span>{escape(line)}</span><br>" for line in lines) + "</div>",
    "<font> + <br> in a <td>": lambda lines: "<table><tr><td><font size=2>" + "<br>\n".join(escape(line) for line in lines)
    + "</font></td></tr></table>",
    "<tr><td> per line": lambda lines: "<table>" + "".join(f"<tr><td>{escape(line)}</td></tr>" for line in lines if line.strip())
    + "</table>",
}


def _links(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li><a href='/{i}'>{escape(t)}</a></li>" for i, t in enumerate(items)) + "</ul>"


def site_shell(lines: list[str]) -> str:
    """The lines as paragraphs in <main>, inside a shell of marked boilerplate (see the module's text)."""
    return (f"<header><a href='/'>{escape(SHELL['site'])}</a><nav>{_links(SHELL['menu'])}</nav></header>"
            "<main>" + "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip()) + "</main>"
            f"<aside><h3>{escape(SHELL['aside_heading'])}</h3>{_links(SHELL['aside'])}</aside>"
            f"<footer><p>{escape(SHELL['footer'])}</p>{_links(SHELL['footer_links'])}</footer>")


def short_lines_as_links(lines: list[str]) -> str:
    """Lines of at most five words as links (menus, tags, headline lists are), the rest as paragraphs."""
    return "<div class='container'>" + "".join(
        f"<div><a href='/{i}'>{escape(line)}</a></div>" if len(line.split()) <= 5 else f"<p>{escape(line)}</p>"
        for i, line in enumerate(lines) if line.strip()) + "</div>"


LAYOUTS["site shell (nav, aside, footer)"] = site_shell
LAYOUTS["<article> holding every line"] = lambda lines: "<article>" + _lines("p")(lines) + "</article>"
LAYOUTS["short lines as links"] = short_lines_as_links
LAYOUTS["menu cell + lines cell"] = lambda lines: (
    f"<table><tr><td>{_links(SHELL['menu'])}</td><td>{_lines('p')(lines)}</td></tr></table>")


def page_of(body: str) -> str:
    return f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body>{body}</body></html>"


def other_extractors() -> dict[str, Callable[[str], str]]:
    """name -> a function from a page's HTML to its body text, for those installed."""
    out: dict[str, Callable[[str], str]] = {}
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    if trafilatura is not None:
        out["trafilatura"] = lambda page: trafilatura.extract(page) or ""
        out["traf. precision"] = lambda page: trafilatura.extract(page, favor_precision=True) or ""
    try:
        import lxml.html
        from readability import Document
    except ImportError:
        Document = None
    if Document is not None:
        def readability_text(page: str) -> str:
            summary = Document(page).summary(html_partial=True)
            return "\n".join(t.strip() for t in lxml.html.fromstring(summary).itertext() if t.strip())

        out["readability"] = readability_text
    try:
        from resiliparse.extract.html2text import extract_plain_text
    except ImportError:
        extract_plain_text = None
    if extract_plain_text is not None:
        out["resiliparse"] = lambda page: extract_plain_text(page, main_content=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default=str(SHARED / "arabic-sites-dev"))
    ap.add_argument("--no-others", action="store_true", help="ghirbal only (no trafilatura, readability, resiliparse)")
    args = ap.parse_args()
    docs = list(load_gold(args.set))
    others = {} if args.no_others else other_extractors()
    golds = [d["gold"]["body"] for d in docs]
    text_f1 = [word_f1(ghirbal.clean(d["text"], url=d.get("url")).body, g)[2] for d, g in zip(docs, golds)]
    names = ["ghirbal", *others]
    print(f"{len(docs)} pages; body word-F1, mean (worst page)\n")
    print("| input | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    print(f"| text path (the lines) | {statistics.mean(text_f1):.4f} ({min(text_f1):.3f}) |" + " – |" * len(others))
    for name, layout in LAYOUTS.items():
        pages = [page_of(layout(d["text"].split("\n"))) for d in docs]
        cells = []
        for fn in (lambda page, d: ghtml.clean(page.encode(), url=d.get("url")).body,
                   *(lambda page, d, f=f: f(page) for f in others.values())):
            scores = [word_f1(fn(page, d), g)[2] for page, d, g in zip(pages, docs, golds)]
            cells.append(f"{statistics.mean(scores):.4f} ({min(scores):.3f})")
        print(f"| HTML, {name} | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()

"""The HTML path on Arabic pages whose markup says nothing: the Arabic dev pages' lines laid out as HTML
in ways old and plain sites use (a paragraph per line, a div per line, lines set apart by <br> in one
element, a table row per line, <font> text in a table cell), scored against the gold body beside
the text path on the same lines.

There is no Arabic HTML with gold to hand; these generated pages check that reading the markup never
costs an Arabic page what its text alone gives, when the markup carries no evidence (no nav, no
article, no classes). Links are not generated, so the link signals are absent: a harder case than
a real page. A table row per line was weak until a layout table of one cell per row came to count as
lines set apart (its container bonus kept the menus: 0.64, then 0.9996 on 2026-12-02; fitted, the
rule was made on these pages). A page of no marks and no links was tried as "markup says nothing" and
cost a real listing page of wcxb-dev (the bonus kept its items).

    python bench/arabic_html_layouts.py [--set ../shared/data/arabic-sites-dev]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from html import escape
from pathlib import Path

import ghirbal
from ghirbal import html as ghtml
from ghirbal.eval import load_gold, word_f1

SHARED = Path(__file__).resolve().parents[2] / "shared/data"


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default=str(SHARED / "arabic-sites-dev"))
    args = ap.parse_args()
    docs = list(load_gold(args.set))
    text_f1 = [word_f1(ghirbal.clean(d["text"], url=d.get("url")).body, d["gold"]["body"])[2] for d in docs]
    print(f"{len(docs)} pages; body word-F1, mean (worst page)\n")
    print(f"| {'input':30s} | {'F1':>6s} | {'worst':>6s} |")
    print(f"|{'-' * 32}|{'-' * 8}|{'-' * 8}|")
    print(f"| {'text path (the lines)':30s} | {statistics.mean(text_f1):6.4f} | {min(text_f1):6.3f} |")
    for name, layout in LAYOUTS.items():
        scores = []
        for d in docs:
            body = layout(d["text"].split("\n"))
            page = f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body>{body}</body></html>"
            scores.append(word_f1(ghtml.clean(page.encode(), url=d.get("url")).body, d["gold"]["body"])[2])
        print(f"| {'HTML, ' + name:30s} | {statistics.mean(scores):6.4f} | {min(scores):6.3f} |")


if __name__ == "__main__":
    main()

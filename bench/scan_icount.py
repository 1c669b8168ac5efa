"""Instructions of the HTML path's byte scans alone (the script date gate, the schema.org type keys,
the `<h1` starts), on the 40 `icount.py --set html` pages: run under cachegrind with REPEATS 1 and 4,
the difference over 3 x 40 pages is their cost a page.

    valgrind --tool=cachegrind --cache-sim=no python bench/scan_icount.py REPEATS [all|script|types|h1]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import icount  # noqa: E402

from ghirbal.html import _passes  # noqa: E402
from ghirbal.html.hints import _script_date_keys_ascii  # noqa: E402
from ghirbal.html.jsonld import _product_words, _type_keys, qa_page_types, thread_types  # noqa: E402


def main(repeats: int, which: str = "all") -> None:
    pages = [d["html"] for d in icount._docs("html", icount.DATA)]
    script_keys = _script_date_keys_ascii()
    _, type_keys = _type_keys(thread_types() | qa_page_types() | _product_words()[0])
    for _ in range(repeats):
        for page in pages:
            if which in ("all", "script"):
                _passes.any_key_in(page, script_keys)
            if which in ("all", "types"):
                _passes.keys_in(page, type_keys)
            if which in ("all", "h1"):
                _passes.tag_starts(page, b"<h1", b"<H1")


if __name__ == "__main__":
    main(int(sys.argv[1]), *sys.argv[2:3])

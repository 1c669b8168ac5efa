"""Everything `clean` says about the dev pages, to show that a speed change changes nothing.

Dumps the articles (every field, every line's verdict) of the Arabic dev pages and of every 4th wcxb
page, read as text and as HTML, to one JSON file; `cmp` reports the pages whose output differs
between two dumps. Run before and after a change (or in two checkouts):

    python bench/snapshot.py dump before.json
    python bench/snapshot.py dump after.json      # after the change
    python bench/snapshot.py cmp before.json after.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import orjson

import ghirbal
from ghirbal import html as ghtml
from ghirbal.extract import clear_caches

SHARED = Path(__file__).resolve().parents[2] / "shared/data"


def _records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dump(out: Path, data: Path) -> int:
    arabic = _records(data / "arabic-sites-dev/docs.jsonl")
    wcxb_dir = data / "wcxb-dev"
    wcxb = _records(wcxb_dir / "docs.jsonl.gz")[::4]
    clear_caches()
    result = {f"ar/{d['id']}": ghirbal.clean(d["text"], url=d.get("url")).to_dict() for d in arabic}
    result |= {f"wt/{d['id']}": ghirbal.clean(d["text"], url=d.get("url")).to_dict() for d in wcxb}
    for d in wcxb:
        page = wcxb_dir / d.get("html", "")
        if d.get("html") and page.exists():
            result[f"wh/{d['id']}"] = ghtml.clean(gzip.decompress(page.read_bytes()), url=d.get("url")).to_dict()
    out.write_bytes(orjson.dumps(result, option=orjson.OPT_SORT_KEYS))
    print(f"{len(result)} pages -> {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    before, after = orjson.loads(a.read_bytes()), orjson.loads(b.read_bytes())
    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    print(f"{len(before)} / {len(after)} pages, {len(differ)} differ")
    for key in differ[:10]:
        x, y = before.get(key) or {}, after.get(key) or {}
        fields = [f for f in x.keys() | y.keys() if x.get(f) != y.get(f)]
        print(f"  {key}: {', '.join(sorted(fields))}")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--data", type=Path, default=SHARED)
    c = sub.add_parser("cmp")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    sys.exit(dump(args.out, args.data) if args.command == "dump" else compare(args.before, args.after))


if __name__ == "__main__":
    main()

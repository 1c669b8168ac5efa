"""Body F1 of the HTML path on wcxb-dev under two values of one `[html]` setting, page by page: the
per-type means before → after, how many pages moved, and the pages that moved most.

    python bench/compare_setting.py block_container_all_bonus 2.0 0.0 [--half 0|1] [--set DIR] [--show N]

Tune on `--half 0` (the default); `--half 1` is the held-out half of the sites (`ghirbal eval
--site-half`): run it once, when the setting is chosen.
"""

from __future__ import annotations

import argparse
import copy
import gzip
from collections import defaultdict
from pathlib import Path

import ghirbal
from ghirbal.config import default
from ghirbal.eval import load_gold, site_half, word_f1

SHARED = Path(__file__).resolve().parents[2] / "shared/data"


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("key", help="a setting of the [html] table (`ghirbal config show`)")
    ap.add_argument("before", type=_value)
    ap.add_argument("after", type=_value)
    ap.add_argument("--half", type=int, choices=[0, 1], default=0)
    ap.add_argument("--set", type=Path, default=SHARED / "wcxb-dev")
    ap.add_argument("--show", type=int, default=12, help="pages listed at each end")
    args = ap.parse_args()
    base = default()
    if args.key not in base["html"]:
        ap.error(f"no [html] setting {args.key!r}")
    configs = []
    for v in (args.before, args.after):
        c = copy.deepcopy(base)
        c["html"][args.key] = v
        configs.append(c)
    rows = []
    for doc in load_gold(str(args.set)):
        path = args.set / "html" / f"{doc['id']}.html.gz"
        if site_half(doc) != args.half or not doc["gold"].get("body") or not path.exists():
            continue
        html = gzip.decompress(path.read_bytes())
        a, b = (word_f1(ghirbal.clean(html, url=doc.get("url"), kind="html", config=c).body, doc["gold"]["body"])[2]
                for c in configs)
        rows.append((b - a, doc["id"], doc.get("page_type", "-"), doc.get("site", ""), a, b))
    by_type: dict[str, list] = defaultdict(list)
    for r in rows:
        by_type[r[2]].append(r)
    print(f"{args.key}: {args.before} -> {args.after}, half {args.half}, {len(rows)} pages\n")
    print("| page type | pages | before | after | moved |\n|---|---:|---:|---:|---:|")
    for t, rs in sorted(by_type.items()) + [("all", rows)]:
        n = len(rs)
        print(f"| {t} | {n} | {sum(r[4] for r in rs) / n:.4f} | {sum(r[5] for r in rs) / n:.4f} | "
              f"{sum(abs(r[0]) > 1e-9 for r in rs)} |")
    moved = sorted(r for r in rows if abs(r[0]) > 1e-9)
    print()
    for r in moved[:args.show] + moved[-args.show:][::-1] if len(moved) > 2 * args.show else moved:
        print(f"{r[0]:+.3f}  {r[1]}  {r[2]:13} {r[3]:32} {r[4]:.3f} -> {r[5]:.3f}")


if __name__ == "__main__":
    main()

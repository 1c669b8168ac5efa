"""Dialect tagging: the confusion matrix on the table of 150 sentences (tests/data/dialects.tsv), and
the share of real MSA news paragraphs (gold bodies of arabic-sites-dev) tagged `msa`.

    python bench/bench_dialect.py [--data ../shared/data/arabic-sites-dev]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from ghirbal.dialect import LABELS, tag  # noqa: E402

TABLE = HERE.parent / "tests" / "data" / "dialects.tsv"
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "arabic-sites-dev"


def table_rows(path: Path = TABLE) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in fh if line.strip() and not line.startswith("#")]


def confusion(rows: list[tuple[str, str]]) -> Counter:
    return Counter((gold, tag(text).label) for gold, text in rows)


def news_paragraphs(folder: Path) -> list[str]:
    with open(folder / "docs.jsonl", encoding="utf-8") as fh:
        return [p for line in fh if line.strip() for p in json.loads(line)["gold"]["body"].split("\n") if p.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    args = ap.parse_args()
    rows = table_rows()
    cm = confusion(rows)
    gold_labels = [lab for lab in LABELS if any(g == lab for g, _ in rows)]
    shown = [lab for lab in LABELS if any(p == lab for _, p in cm) or lab in gold_labels]
    print(f"{len(rows)} sentences; rows: gold, columns: tagged\n")
    print("| gold \\ tagged | " + " | ".join(shown) + " | recall |")
    print("|---" * (len(shown) + 2) + "|")
    for g in gold_labels:
        n = sum(v for (a, _), v in cm.items() if a == g)
        print(f"| {g} | " + " | ".join(str(cm.get((g, p), 0)) for p in shown) + f" | {100 * cm.get((g, g), 0) / n:.0f}% |")
    right = sum(v for (a, b), v in cm.items() if a == b)
    print(f"\naccuracy {right}/{len(rows)} = {100 * right / len(rows):.1f}%")
    folder = Path(args.data)
    if (folder / "docs.jsonl").exists():
        paras = news_paragraphs(folder)
        tags = Counter(tag(p).label for p in paras)
        print(f"MSA news paragraphs (arabic-sites-dev gold bodies): {tags['msa']}/{len(paras)} = "
              f"{100 * tags['msa'] / len(paras):.2f}% tagged msa; others: {dict((k, v) for k, v in tags.items() if k != 'msa')}")
    else:
        print(f"(no {folder}: the MSA news share is not measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

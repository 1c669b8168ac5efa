"""Throughput of ghirbal.dates, side by side with a baseline.

    PYTHONPATH=src python bench/bench_dates.py [--repeats 5] [--extra-path DIR] [--no-dateparser]

* parse_date: expressions/s over the real date strings of tests/data/dates.tsv (rows with an answer),
  and how many of them it gets right (and how many of the null rows it leaves alone).
* might_contain_date and date_coverage: lines/s over every line of the dev set (the hot path runs
  them on every line of every page), and the realistic pair "coverage only where the pre-check passes".
* Baselines: `dateparser` (parse / search) when it can be imported (pass --extra-path to a folder it was
  `pip install --target`-ed into, to keep it out of the project's environment), and the floor that
  nothing can beat: a bare `re.search(r"\\d", line)` scan.

Each figure is the median of --repeats runs. A benchmark is a script, never a timed unit test.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ghirbal.dates import date_coverage, might_contain_date, parse_date  # noqa: E402

TABLE = ROOT / "tests" / "data" / "dates.tsv"


def _dev_set() -> Path:
    """The dev set in shared/, beside the checkout (CI's clone) or at /work/shared."""
    for shared in (ROOT.parent / "shared", Path("/work/shared")):
        path = shared / "data" / "arabic-sites-dev" / "docs.jsonl"
        if path.exists():
            return path
    return Path("/work/shared/data/arabic-sites-dev/docs.jsonl")


DEV = _dev_set()


def load_table() -> list[tuple[str, datetime | None, str | None, str]]:
    rows = []
    with TABLE.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                text, ref, lang, iso = row[:4]
                rows.append((text, datetime.fromisoformat(ref) if ref else None, lang or None, iso))
    return rows


def load_lines(path: Path) -> list[str]:
    lines: list[str] = []
    with path.open(encoding="utf-8") as f:
        for raw in f:
            lines += [x.strip() for x in json.loads(raw)["text"].split("\n")]
    return lines


def rate(fn, items, repeats: int, inner: int = 1) -> float:
    """Median items/s of `fn` over `items` (each run loops `inner` times)."""
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(inner):
            fn(items)
        runs.append(len(items) * inner / (time.perf_counter() - t))
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--extra-path", action="append", default=[], help="folder to import dateparser from")
    ap.add_argument("--no-dateparser", action="store_true")
    args = ap.parse_args()
    sys.path[1:1] = args.extra_path

    table = load_table()
    dated = [r for r in table if r[3] != "null"]
    lines = load_lines(args.dev) if args.dev.exists() else [r[0] for r in table] * 100
    parse_date("24 أغسطس 2020")  # build the regexes outside the timing

    def ours_parse(rows):
        for text, ref, lang, _ in rows:
            parse_date(text, ref=ref, lang=lang)

    def ours_might(ls):
        for x in ls:
            might_contain_date(x)

    def ours_cov(ls):
        for x in ls:
            date_coverage(x)

    def ours_pair(ls):
        for x in ls:
            if might_contain_date(x):
                date_coverage(x)

    digit = re.compile(r"\d")

    def floor_scan(ls):
        for x in ls:
            digit.search(x)

    text_lines = [x for x in lines if x]  # a third of the dev lines are blank
    results = [
        ("parse_date, expressions/s (table)", rate(ours_parse, dated, args.repeats, inner=5)),
        ("might_contain_date, lines/s (dev)", rate(ours_might, lines, args.repeats)),
        ("might_contain_date, non-blank lines/s", rate(ours_might, text_lines, args.repeats)),
        ("date_coverage, lines/s (dev)", rate(ours_cov, lines, args.repeats)),
        ("might + coverage, lines/s (dev)", rate(ours_pair, lines, args.repeats)),
    ]
    floor = rate(floor_scan, lines, args.repeats)
    base: dict[str, tuple[str, float]] = {name: ('re.search(r"\\d") floor', floor)
                                          for name, _ in results if "(dev)" in name}
    base[results[2][0]] = ('re.search(r"\\d") floor', rate(floor_scan, text_lines, args.repeats))

    ours_ok = sum(1 for t, ref, lang, iso in dated if (p := parse_date(t, ref=ref, lang=lang)) and p.iso == iso)
    ours_null = sum(1 for t, ref, lang, iso in table if iso == "null" and parse_date(t, ref=ref, lang=lang) is None)
    accuracy = [("ghirbal.dates", ours_ok, ours_null)]

    dp = None
    if not args.no_dateparser:
        try:
            import dateparser  # type: ignore[import-not-found]
            from dateparser.search import search_dates  # type: ignore[import-not-found]

            dp = dateparser
        except ImportError:
            print("(dateparser not importable: pip install --target DIR dateparser, then --extra-path DIR)\n")
    if dp is not None:
        warnings.simplefilter("ignore")

        def dp_iso(text, ref, lang):
            settings = {"RELATIVE_BASE": ref} if ref else {}
            got = dp.parse(text, languages=[lang or "ar", "en"] if lang != "fr" else ["fr"], settings=settings)
            if got is None or (ref is None and any(w in text for w in ("منذ", "قبل", "ago", "أمس", "yesterday"))):
                return None
            return got.strftime("%Y-%m-%d")

        def dp_parse(rows):
            for text, ref, lang, _ in rows:
                dp_iso(text, ref, lang)

        sample = lines[: max(1, len(lines) // 20)]  # dateparser's search is slow: a 5% slice

        def dp_search(ls):
            for x in ls:
                if x:
                    search_dates(x, languages=["ar"])

        base[results[0][0]] = ("dateparser.parse", rate(dp_parse, dated, max(1, args.repeats // 2)))
        base["date_coverage, lines/s (dev)"] = ("dateparser search_dates (5% of lines)",
                                               rate(dp_search, sample, 1))
        dp_ok = sum(1 for t, ref, lang, iso in dated if dp_iso(t, ref, lang) == iso[:10] and len(iso) == 10)
        dp_null = sum(1 for t, ref, lang, iso in table if iso == "null" and dp_iso(t, ref, lang) is None)
        accuracy.append(("dateparser " + getattr(dp, "__version__", ""), dp_ok, dp_null))

    print(f"{'operation':38s} {'ghirbal':>12s}   {'baseline':>12s}  baseline")
    print("-" * 100)
    for name, value in results:
        bname, bvalue = base.get(name, ("-", float("nan")))
        print(f"{name:38s} {value:12,.0f}   {bvalue:12,.0f}  {bname}")
    print(f"\n(median of {args.repeats} runs; {len(dated)} date strings, {len(table) - len(dated)} null strings, "
          f"{len(lines):,} dev lines)\n")
    print(f"{'accuracy on the table':38s} {'iso right':>12s}   {'null kept null':>14s}")
    for name, ok, null in accuracy:
        print(f"{name:38s} {ok:5d}/{len(dated):<6d}   {null:7d}/{len(table) - len(dated)}")


if __name__ == "__main__":
    main()

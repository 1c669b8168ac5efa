"""Quality filters on the mix of real Arabic articles, hard good text and junk: kept / rejected per kind.

    python bench/bench_quality.py [--data ../shared/data/arabic-sites-dev] [--per-kind 40] [--show KIND]
        [--fineweb2]

Real articles are the evaluation half of the dev set (bench/calibrate_quality.py fitted the Arabic
thresholds on the other half). Two tables: the dev mix (its hard good text and junk material were read
while the rules were written: fitted figures) and the held-out mix (bench/data/quality_heldout.toml,
written after the rules were fixed, and junk drawn with another seed). The language of each document
is what the record step would use (ghirbal.langid). With --fineweb2, FineWeb-2's Arabic filters
(datatrove) judge the same mixes beside it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import quality_mix  # noqa: E402
from calibrate_quality import DEFAULT_DATA, dev_halves  # noqa: E402

from ghirbal import quality  # noqa: E402
from ghirbal.quality.filters import signal_name  # noqa: E402


def language_of(lines: list[str]) -> str:
    from ghirbal.langid import identify

    return identify("\n".join(lines)).code


def ghirbal_verdicts(docs) -> list[tuple[bool, list[str]]]:
    out = []
    for d in docs:
        _, _, failed = quality.assess(d.lines, language_of(d.lines))
        out.append((not failed, failed))
    return out


def table(docs, verdicts, name: str) -> list[str]:
    per = defaultdict(lambda: [0, 0])
    why: dict[str, Counter] = defaultdict(Counter)
    for d, (kept, failed) in zip(docs, verdicts):
        per[d.kind][0] += 1
        per[d.kind][1] += kept if d.good else not kept
        for f in failed:
            why[d.kind][signal_name(f)] += 1
    rows = [f"| kind | docs | {name}: right | share | most failed signals |", "|---|---|---|---|---|"]
    for label, kinds in (("good (kept)", quality_mix.GOOD_KINDS), ("junk (rejected)", quality_mix.JUNK_KINDS)):
        tot = [0, 0]
        for k in kinds:
            if k not in per:
                continue
            n, ok = per[k]
            tot[0] += n
            tot[1] += ok
            top = ", ".join(f"{s} {c}" for s, c in why[k].most_common(3))
            rows.append(f"| {k} | {n} | {ok} | {100 * ok / n:.1f}% | {top} |")
        rows.append(f"| **all {label}** | {tot[0]} | {tot[1]} | **{100 * tot[1] / tot[0]:.1f}%** | |")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--show", metavar="KIND", help="print the documents of this kind that were judged wrongly (under each mix's table)")
    ap.add_argument("--fineweb2", action="store_true", help="also run FineWeb-2's Arabic filters (needs datatrove)")
    args = ap.parse_args()
    halves = dev_halves(args.data, "bench_quality")
    if halves is None:
        return 2
    cal, ev = halves
    for title, heldout in (("Dev mix (its hard good text and junk material were read while the rules were written)", False),
                           ("Held-out mix (bench/data/quality_heldout.toml, junk seed 2026: never tuned on)", True)):
        docs = quality_mix.build(ev, cal, per_kind=args.per_kind, heldout=heldout)
        verdicts = ghirbal_verdicts(docs)
        print(f"\n{title}\n")
        print("\n".join(table(docs, verdicts, "ghirbal")))
        if args.fineweb2:
            from fineweb2_filters import verdicts as fw2_verdicts

            fw = fw2_verdicts(docs)
            if fw is None:
                print("\nFineWeb-2: datatrove is not installed (pip install datatrove); not run.")
            else:
                print()
                print("\n".join(table(docs, fw, "FineWeb-2 arb_Arab")))
        if args.show:
            for d, (kept, failed) in zip(docs, verdicts):
                if d.kind == args.show and kept != d.good:
                    print("---", failed)
                    print("\n".join(d.lines)[:600])
    return 0


if __name__ == "__main__":
    sys.exit(main())

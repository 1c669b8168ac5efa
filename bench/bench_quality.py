"""Quality filters on the mix of real Arabic articles, hard good text and junk: kept / rejected per kind.

    python bench/bench_quality.py [--data ../shared/data/arabic-sites-dev] [--per-kind 40] [--show KIND]
        [--fineweb2]
    python bench/bench_quality.py --speed [--rounds 15]   # the steps' time per page, compiled vs reference
    python bench/bench_quality.py --loop N   # only run the steps N passes (for valgrind: instructions per page)

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
    ap.add_argument("--speed", action="store_true",
                    help="only time the langid and quality record steps per page, compiled core against its reference")
    ap.add_argument("--rounds", type=int, default=15, help="rounds of --speed (each times both paths)")
    ap.add_argument("--loop", type=int, metavar="N", help="only run the steps N passes over the articles, untimed "
                    "(GHIRBAL_PURE=1 for the reference): under valgrind, N=6 less N=1 is 5 passes' instructions")
    args = ap.parse_args()
    if args.speed:
        return speed(args.data, args.rounds)
    if args.loop is not None:
        return loop(args.data, args.loop)
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


def step_work(data: str):
    """(the langid and quality steps as `ghirbal run` builds them, [(article, body, language)] of the dev
    pages' articles), or None when the dev set is missing."""
    import json

    import ghirbal
    from ghirbal import steps as steps_mod
    from ghirbal.config import default

    path = Path(data) / "docs.jsonl"
    if not path.exists():
        print(f"bench_quality: no {path}", file=sys.stderr)
        return None
    pages = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    articles = [ghirbal.clean(p["text"], url=p.get("url")) for p in pages]
    work = [(a, a.body, p.get("lang") or a.language) for a, p in zip(articles, pages) if a.body]
    cfg = default()
    return steps_mod.build((("langid", "tag"), ("quality", "tag")), {n: cfg[n] for n in ("langid", "quality")}), work


def loop(data: str, passes: int) -> int:
    from collections import Counter

    built = step_work(data)
    if built is None:
        return 2
    steps, work = built
    for _ in range(passes):
        for article, body, lang in work:
            record, stats = {"body": body, "language": lang}, Counter()
            for step in steps:
                step.process(record, article, stats)
    return 0


def speed(data: str, rounds: int) -> int:
    """The record steps (langid with dialect, then quality, as `ghirbal run` has them) on the dev
    pages' articles: ms per page with the compiled core and with its pure-Python reference (what
    GHIRBAL_PURE=1 runs: the code before the core), interleaved round by round in one process;
    medians of the rounds. The body's folded words are counted once for both steps: by the first one
    that reads them, langid's dialect tag on Arabic pages."""
    import statistics
    import time
    from collections import Counter

    from ghirbal.linemodel import compiled
    from ghirbal.quality.scan import _body_words

    if not compiled.built():
        print("bench_quality --speed: the compiled core is not built (pip install -e .)", file=sys.stderr)
        return 2
    built = step_work(data)
    if built is None:
        return 2
    steps, work = built
    names = [s.name for s in steps]
    per: dict[tuple[bool, str], list[float]] = {(fast, n): [] for fast in (False, True) for n in names}

    def one_round(fast: bool) -> None:
        compiled.set_active(fast)
        _body_words.cache_clear()
        spent = dict.fromkeys(names, 0.0)
        for article, body, lang in work:
            record, stats = {"body": body, "language": lang}, Counter()
            for step in steps:
                t0 = time.perf_counter()
                step.process(record, article, stats)
                spent[step.name] += time.perf_counter() - t0
        for n in names:
            per[(fast, n)].append(1000 * spent[n] / len(work))

    one_round(True), one_round(False)  # warm: lexicons, caches of words met before
    for r in range(rounds):
        for fast in ((False, True) if r % 2 else (True, False)):
            one_round(fast)
    compiled.set_active(True)
    print(f"\nRecord steps on the dev articles ({len(work)} pages, {rounds} rounds interleaved; medians, ms per page)\n")
    print("| step | reference (GHIRBAL_PURE=1) | compiled core | ratio |")
    print("|---|---|---|---|")
    rows = [(n, statistics.median(per[(False, n)]), statistics.median(per[(True, n)])) for n in names]
    both = [sum(per[(fast, n)][i] for n in names) for fast in (False, True) for i in range(rounds)]
    rows.append(("both", statistics.median(both[:rounds]), statistics.median(both[rounds:])))
    for n, ref, fast in rows:
        print(f"| {n} | {ref:.3f} | {fast:.3f} | {ref / fast:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

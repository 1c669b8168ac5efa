"""PII: precision and recall per kind on tests/data/pii.tsv, find() throughput, and the time `--pii` adds
to `ghirbal run`.

Systems compared on the same table:
  * ghirbal.pii
  * naive: emails, IPv4, and any run of 7+ digits as a phone number (the issue's baseline)
  * Presidio's pattern recognizers (email, phone, IBAN, credit card, IP), called directly: its
    AnalyzerEngine needs a spaCy model, which cannot be downloaded here. Phone numbers with its default
    regions and with the Arab countries' regions. Shown only when presidio-analyzer is installed
    (`pip install presidio-analyzer`).

A predicted span counts when it overlaps an expected span of the same kind. Run:

    python bench/bench_pii.py                  # table, throughput, run overhead (5 rounds, 4 copies of the dev set)
    python bench/bench_pii.py --no-run         # skip the run timing
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE.parent / "tests" / "data" / "pii.tsv"
DEV = Path(os.environ.get("GHIRBAL_DEV_SET", "/work/shared/data/arabic-sites-dev")) / "docs.jsonl"
KINDS = ("EMAIL", "PHONE", "NATIONAL_ID", "IBAN", "CARD", "IP")
ARAB_REGIONS = "EG SA AE JO KW QA BH OM LB SY IQ YE PS MA DZ TN LY SD MR".split()


def load_table() -> list[tuple[str, list[tuple[str, int, int]]]]:
    rows = []
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")][1:]
    for ln in lines:
        _, text, expected = ln.split("\t")
        spans, pos = [], 0
        if expected != "-":
            for item in expected.split(" | "):
                kind, value = item.split("=", 1)
                start = text.index(value, pos)
                spans.append((kind, start, start + len(value)))
                pos = start + len(value)
        rows.append((text, spans))
    return rows


# --- systems: text -> [(kind, start, end)] ------------------------------------------------------------


def ghirbal_system():
    from ghirbal import pii

    return lambda text: [(s.kind, s.start, s.end) for s in pii.find(text)]


_N_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_N_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_N_DIGITS = re.compile(r"\d{7,}")


def naive(text: str) -> list[tuple[str, int, int]]:
    out = [("EMAIL", m.start(), m.end()) for m in _N_EMAIL.finditer(text)]
    out += [("IP", m.start(), m.end()) for m in _N_IP.finditer(text)]
    out += [("PHONE", m.start(), m.end()) for m in _N_DIGITS.finditer(text)
            if not any(s <= m.start() < e for _, s, e in out)]
    return out


def presidio_systems() -> tuple[dict, str | None]:
    """Presidio's pattern recognizers, or why they are missing."""
    try:
        logging.disable(logging.WARNING)  # tldextract's failed download of the suffix list, no network here
        from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer, EmailRecognizer, IbanRecognizer,
                                                              IpRecognizer, PhoneRecognizer)
    except ImportError as exc:
        return {}, f"presidio-analyzer not installed ({exc.name}); pip install presidio-analyzer"
    kind_of = {"EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "IBAN_CODE": "IBAN", "CREDIT_CARD": "CARD",
               "IP_ADDRESS": "IP"}

    def make(phone):
        recs = [EmailRecognizer(), phone, IbanRecognizer(), CreditCardRecognizer(), IpRecognizer()]

        def run(text):
            out = []
            for r in recs:
                for res in r.analyze(text, r.supported_entities, None):
                    out.append((kind_of[res.entity_type], res.start, res.end))
            return out

        return run

    systems = {"presidio patterns (default phone regions)": make(PhoneRecognizer()),
               "presidio patterns (Arab phone regions)": make(PhoneRecognizer(supported_regions=ARAB_REGIONS))}
    return systems, None


# --- scoring ----------------------------------------------------------------------------------------


def score(system, rows) -> dict[str, tuple[int, int, int]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for text, expected in rows:
        got = system(text)
        used = set()
        for kind, s, e in got:
            hit = next((i for i, (k, a, b) in enumerate(expected) if k == kind and i not in used and s < b and a < e), None)
            if hit is None:
                fp[kind] += 1
            else:
                used.add(hit)
                tp[kind] += 1
        for i, (k, _, _) in enumerate(expected):
            if i not in used:
                fn[k] += 1
    return {k: (tp[k], fp[k], fn[k]) for k in KINDS}


def pr(tp: int, fp: int, fn: int) -> tuple[str, str]:
    p = f"{tp / (tp + fp):.3f}" if tp + fp else "–"
    r = f"{tp / (tp + fn):.3f}" if tp + fn else "–"
    return p, r


def table_report(rows) -> None:
    systems = {"ghirbal.pii": ghirbal_system(), "naive (email, IPv4, 7+ digits)": naive}
    extra, why = presidio_systems()
    systems.update(extra)
    n_pos = sum(len(s) for _, s in rows)
    print(f"## Precision / recall per kind on {TABLE.relative_to(HERE.parent)} ({len(rows)} rows, {n_pos} spans, "
          f"{sum(not s for _, s in rows)} rows without any)\n")
    print("| system | " + " | ".join(f"{k} P / R" for k in KINDS) + " | all kinds P / R |")
    print("|---|" + "---|" * (len(KINDS) + 1))
    for name, system in systems.items():
        sc = score(system, rows)
        cells = [" / ".join(pr(*sc[k])) for k in KINDS]
        tot = tuple(sum(v[i] for v in sc.values()) for i in range(3))
        print(f"| {name} | " + " | ".join(cells) + f" | {' / '.join(pr(*tot))} |")
    if why:
        print(f"\nPresidio: {why}")
    print("\nPresidio's AnalyzerEngine (NER, the default entry point) needs a spaCy model, which cannot be "
          "downloaded here; its pattern recognizers run without one and are what is measured above.")


# --- throughput -------------------------------------------------------------------------------------


def throughput(rounds: int) -> None:
    from ghirbal import pii

    if not DEV.exists():
        print(f"\n(throughput skipped: no dev set at {DEV})")
        return
    docs = [json.loads(ln) for ln in DEV.open(encoding="utf-8") if ln.strip()]
    print(f"\n## find() throughput ({DEV.parent.name}, {len(docs)} pages; median of {rounds} passes)\n")
    print("| text | MB | spans | MB/s | pages/s |")
    print("|---|---|---|---|---|")
    for label, texts in (("article bodies (gold)", [d["gold"]["body"] for d in docs]),
                         ("whole pages (chrome and all)", [d["text"] for d in docs])):
        size = sum(len(t.encode("utf-8")) for t in texts)
        pii.find("warm up ٠١٠٠١٢٣٤٥٦٧ 05-10-2020 10")
        times, n = [], 0
        for _ in range(rounds):
            t0 = time.perf_counter()
            n = sum(len(pii.find(t)) for t in texts)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        print(f"| {label} | {size / 1e6:.2f} | {n} | {size / med / 1e6:.1f} | {len(texts) / med:,.0f} |")


# --- the step's share of a page's time, in process ----------------------------------------------------


def step_share(rounds: int) -> None:
    """clean() and the record of each dev page, then the pii step over all records: the step's time
    against clean()'s (separate passes, so one's garbage is not collected on the other's clock)."""
    import copy

    import ghirbal
    from ghirbal.config import default
    from ghirbal.pii.step import PiiStep

    if not DEV.exists():
        return
    docs = [json.loads(ln) for ln in DEV.open(encoding="utf-8") if ln.strip()]
    cfg = default()["pii"]
    clean_t, pairs = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        pairs = [(a, a.to_dict(with_lines=False)) for a in (ghirbal.clean(d["text"], url=d["url"]) for d in docs)]
        clean_t.append(time.perf_counter() - t0)
    base = statistics.median(clean_t)
    print(f"\n## The pii step against clean(), in one process ({len(docs)} dev pages; median of {rounds} passes)\n")
    print("| --pii | clean() + record s | step s | added |")
    print("|---|---|---|---|")
    for mode in ("redact", "tag"):
        step = PiiStep(mode, cfg)
        times = []
        for _ in range(rounds):
            recs = copy.deepcopy([r for _, r in pairs])
            t0 = time.perf_counter()
            for (art, _), rec in zip(pairs, recs):
                step.process(rec, art, Counter())
            times.append(time.perf_counter() - t0)
        st = statistics.median(times)
        print(f"| {mode} | {base:.3f} | {st:.4f} | +{100 * st / base:.1f}% |")


# --- the run -----------------------------------------------------------------------------------------


def run_overhead(rounds: int, copies: int) -> None:
    """`ghirbal run` with --pii none, redact and tag side by side (alternating), in units of 80 pages, so
    that the steady state (units after a worker's first) is told from the one-time start of a worker."""
    if not DEV.exists():
        print(f"\n(run timing skipped: no dev set at {DEV})")
        return
    with tempfile.TemporaryDirectory(prefix="bench-pii-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        lines = [ln for ln in DEV.read_text(encoding="utf-8").splitlines() if ln.strip()]
        with corpus.open("w", encoding="utf-8") as out:
            for c in range(copies):
                for ln in lines:
                    d = json.loads(ln)
                    out.write(json.dumps({"id": f"{d['id']}-{c}", "url": f"{d['url']}/{c}", "text": d["text"]},
                                         ensure_ascii=False) + "\n")
        config = Path(tmp) / "units.toml"
        config.write_text("[run.units]\nrecords = 80\n", encoding="utf-8")
        size = corpus.stat().st_size
        modes = ("none", "redact", "tag")
        walls: dict[str, list[float]] = {m: [] for m in modes}
        first: dict[str, list[float]] = {m: [] for m in modes}
        steady: dict[str, list[float]] = {m: [] for m in modes}
        counts = {}
        for r in range(rounds):
            for mode in (modes if r % 2 == 0 else modes[::-1]):  # alternating, so drift hits all modes alike
                out_dir = Path(tmp) / f"out-{mode}-{r}"
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "ghirbal.cli", "run", str(corpus), "--out", str(out_dir), "--sites",
                                "none", "-j", "1", "--no-progress", "--pii", mode, "--config", str(config)],
                               check=True, capture_output=True)
                walls[mode].append(time.perf_counter() - t0)
                units = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out_dir / "_state" / "units").glob("*.json"))]
                first[mode].append(units[0]["cpu_seconds"])
                steady[mode].extend(u["cpu_seconds"] for u in units[1:] if u["read"] == 80)
                counts[mode] = json.loads((out_dir / "stats.json").read_text(encoding="utf-8")).get("steps", {}).get("pii", {})
        print(f"\n## `ghirbal run --sites none -j 1` on {copies} copies of the dev set ({len(lines) * copies} pages, "
              f"{size / 1e6:.1f} MB, units of 80 pages); medians of {rounds} rounds\n")
        print("| --pii | wall s | CPU of a unit after the first, s | vs none | CPU of the worker's first unit, s | vs none |")
        print("|---|---|---|---|---|---|")
        bs, bf = statistics.median(steady["none"]), statistics.median(first["none"])
        for mode in modes:
            st, fi = statistics.median(steady[mode]), statistics.median(first[mode])
            print(f"| {mode} | {statistics.median(walls[mode]):.2f} | {st:.3f} | {100 * (st / bs - 1):+.1f}% | {fi:.3f} | "
                  f"{fi - bf:+.3f} s |")
        print("\nWall time on this shared machine swings by ±15% from run to run; unit CPU is the steadier measure. "
              "A worker's first unit also pays the one-time start of the step (import, regexes).")
        print(f"steps.pii of the redact run: {json.dumps(counts.get('redact', {}), sort_keys=True)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="repetitions of each timing (medians)")
    ap.add_argument("--copies", type=int, default=4, help="copies of the dev set in the run corpus")
    ap.add_argument("--no-run", action="store_true", help="skip the `ghirbal run` timing")
    args = ap.parse_args()
    table_report(load_table())
    throughput(max(args.rounds, 5))
    step_share(args.rounds)
    if not args.no_run:
        run_overhead(args.rounds, args.copies)


if __name__ == "__main__":
    main()

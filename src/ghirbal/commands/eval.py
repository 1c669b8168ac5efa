"""`ghirbal eval SET_DIR`: body word-F1 and field accuracy over a gold set."""

from __future__ import annotations

import argparse
import gzip
import sys
from typing import Any

import orjson

from ghirbal import config as _config
from ghirbal.eval import BASELINES, FIELDS, SHOWN, Report, evaluate, gold_file, load_gold


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = "exit codes: 0 scored; 2 missing or unreadable gold set, no page of --type, --input html without HTML, bad config."
    p.add_argument("set_dir", metavar="SET", help="gold set: a folder with docs.jsonl[.gz], or such a file")
    p.add_argument("--baseline", choices=sorted(BASELINES), help="score a baseline instead of ghirbal")
    p.add_argument("--per-page", type=int, metavar="N", default=0, help="list the N worst pages")
    p.add_argument("--type", dest="page_type", help="only pages of this page_type (wcxb) or site")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N pages (after --type)")
    p.add_argument("--site-half", type=int, choices=[0, 1],
                   help="only the pages of one half of the sites (CRC-32 of the site, even = 0, odd = 1): tune on one half, report the other")
    p.add_argument("--sites", choices=["none", "learn"], default="none",
                   help="'learn': learn per-site boilerplate over the set first, then extract")
    p.add_argument("--input", choices=["text", "html"], default="text",
                   help="what ghirbal reads: the record's text (default) or its HTML file (records with `html`)")
    p.add_argument("--config", help="TOML config file")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def _ghirbal_extractor(cfg: dict[str, Any], site_models: Any, set_dir: str, source: str):
    from ghirbal import clean

    def run(doc: dict[str, Any]) -> dict[str, Any]:
        model = site_models.get(doc.get("site") or "") if site_models else None
        page = doc["text"]
        if source == "html":
            where = gold_file(set_dir).parent / doc["html"]  # records without HTML were refused up front
            with gzip.open(where, "rb") if doc["html"].endswith(".gz") else open(where, "rb") as fh:
                page = fh.read()
        art = clean(page, url=doc.get("url"), config=cfg, site_model=model)
        return art.to_dict(with_lines=False)

    return run


def _fmt(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def print_report(report: Report, out=sys.stdout) -> None:
    cols = ["pages", "f1_mean", "f1_median", "precision", "recall"] + [f"{f}_acc" for f in FIELDS + (SHOWN,)]
    widths = [max(12, len(c) + 2) for c in cols]
    print("group".ljust(24) + "".join(c.rjust(w) for c, w in zip(cols, widths)), file=out)
    groups = report.page_types()
    for g in ([None] + groups) if len(groups) > 1 else [None]:
        s = report.summary(g)
        print((g or "ALL").ljust(24) + "".join(_fmt(s.get(c, "-")).rjust(w) for c, w in zip(cols, widths)), file=out)


def run(args: argparse.Namespace) -> int:
    try:
        docs = list(load_gold(args.set_dir))
    except (FileNotFoundError, OSError, ValueError, EOFError) as exc:
        print(f"ghirbal eval: {exc}", file=sys.stderr)
        return 2
    if args.page_type:
        known = sorted({str(v) for d in docs for v in (d.get("page_type"), d.get("site")) if v})
        docs = [d for d in docs if args.page_type in (d.get("page_type"), d.get("site"))]
        if not docs:
            print(f"ghirbal eval: no page of type or site {args.page_type!r}; the set has: {', '.join(known) or 'none'}",
                  file=sys.stderr)
            return 2
    if args.input == "html" and not args.baseline:
        without = [str(d.get("id", i)) for i, d in enumerate(docs) if not d.get("html")]
        if without:
            print(f"ghirbal eval: --input html, but {len(without)} of {len(docs)} records have no `html` file "
                  f"(e.g. {without[0]}); score them as text (the default) or choose a set with HTML", file=sys.stderr)
            return 2
    if args.site_half is not None:
        from ghirbal.eval import site_half

        docs = [d for d in docs if site_half(d) == args.site_half]
    if args.limit:
        docs = docs[: args.limit]
    try:
        cfg = _config.load(args.config)
    except _config.ConfigError as exc:
        print(f"ghirbal eval: {exc}", file=sys.stderr)
        return 2
    if args.baseline:
        extractor = BASELINES[args.baseline]
    else:
        site_models = None
        if args.sites == "learn":
            from ghirbal.sites import learn_from_docs

            site_models = learn_from_docs(docs, cfg)
        extractor = _ghirbal_extractor(cfg, site_models, args.set_dir, args.input)
    report = evaluate(docs, extractor)
    if args.json:
        groups = {g: report.summary(g) for g in report.page_types()}
        sys.stdout.write(orjson.dumps({"all": report.summary(), "groups": groups}, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print_report(report)
    if args.per_page:
        worst = sorted((p for p in report.pages if p.f1 >= 0), key=lambda p: p.f1)[: args.per_page]
        print("\nworst pages:")
        for p in worst:
            bad = [k for k, ok in p.fields.items() if not ok]
            print(f"  {p.id:28} {p.page_type:14} F1 {p.f1:.3f}  P {p.precision:.3f}  R {p.recall:.3f}  fields wrong: {','.join(bad) or '-'}")
    return 0

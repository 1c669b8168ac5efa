"""`ghirbal dedup INPUT… --out DIR`: exact and near-duplicate removal for corpora cleaned elsewhere.

The records' text field is taken as the body, as it is (no extraction); everything else is `ghirbal
run`: the same readers, shards, rejects (`exact-duplicate`, `near-duplicate`), ledger, stats, report
and --resume. It runs that command with extraction and site learning off.
"""

from __future__ import annotations

import argparse

EPILOG = """\
output in DIR: articles-*.jsonl.gz (or .parquet): the records kept, one per cluster of copies (the earliest
--date-field value, then the longest text, then the smallest id); rejects-*.jsonl.gz: the copies dropped,
with the kept record's id and the estimated similarity; ledger.json, stats.json, report.html, _state/.

exit codes: 0 ok; 1 errors recorded in the ledger; 2 usage error or no inputs; 130 interrupted (--resume)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs: .jsonl[.gz|.zst], .parquet (also .txt)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder")
    p.add_argument("--mode", choices=["near", "exact"], default="near", help="near (exact and near copies, default) or exact")
    p.add_argument("--format", choices=["jsonl", "parquet"], help="output shard format (default jsonl.gz)")
    p.add_argument("--workers", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in DIR")
    p.add_argument("--config", metavar="TOML", help="settings file ([dedup] table: see `ghirbal config show`)")
    p.add_argument("--layout", choices=["auto", "default", "oscar", "culturax", "mc4", "fineweb2"], help="input field layout")
    p.add_argument("--text-field", metavar="NAME", help="field with the text (default: text)")
    p.add_argument("--id-field", metavar="NAME", help="field with the record id (default: id)")
    p.add_argument("--url-field", metavar="NAME", help="field with the URL (default: url; sites in the report)")
    p.add_argument("--date-field", metavar="NAME", help="field with the record's date (the earliest copy is kept)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from ghirbal.commands import run as run_command

    ns = argparse.Namespace(**vars(args))
    ns.dedup, ns.sites, ns.clean = args.mode, "none", False
    ns.annotate, ns.max_record_bytes = False, None
    return run_command.run(ns)

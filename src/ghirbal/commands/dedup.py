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


# The options `ghirbal run` defines that mean the same here (inputs, output, workers, fields).
SHARED = ("out", "work", "format", "workers", "executor", "address", "resume", "config", "layout", "text_field", "id_field", "url_field", "date_field",
          "no_progress", "dedup_paragraphs")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ghirbal.commands import run as run_command

    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs: .jsonl[.gz|.zst], .parquet (also .txt)")
    p.add_argument("--mode", choices=["near", "exact"], default="near", help="near (exact and near copies, default) or exact")
    donor = argparse.ArgumentParser(add_help=False)
    run_command.add_arguments(donor)
    for action in donor._actions:  # one definition of each option: run's
        if action.dest in SHARED:
            p._add_action(action)


def run(args: argparse.Namespace) -> int:
    from ghirbal.commands import run as run_command

    ns = argparse.Namespace(**vars(args))
    ns.dedup, ns.sites, ns.clean = args.mode, "none", False
    ns.annotate, ns.max_record_bytes = False, None
    return run_command.run(ns)

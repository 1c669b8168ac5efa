"""`ghirbal verify DIR`: re-read a run's shards and check them against its ledger.

Exit codes: 0 all consistent; 1 a mismatch (each one printed); 2 DIR is not a run folder.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = "exit codes: 0 the ledger matches the shards; 1 a mismatch (each one printed); 2 DIR is not a run folder."
    p.add_argument("out", metavar="DIR", help="the --out folder of a `ghirbal run` (or its URL: s3://bucket/prefix)")


def run(args: argparse.Namespace) -> int:
    from ghirbal.run.verify import NotARun

    try:
        problems, summary = _verify(args.out)
    except NotARun as exc:
        print(f"ghirbal verify: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an object store that refuses or cannot be reached
        said = str(exc)
        print(f"ghirbal verify: {said if said.startswith(args.out) else f'{args.out}: {said}'}", file=sys.stderr)
        return 2
    if problems:
        for p in problems[:50]:
            print(f"MISMATCH {p}", file=sys.stderr)
        if len(problems) > 50:
            print(f"… {len(problems) - 50} more", file=sys.stderr)
        print(f"ghirbal verify: {args.out}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ghirbal verify: {args.out}: OK — {summary}")
    return 0


def _verify(out: str) -> tuple[list[str], str]:
    """Verify a folder, or a published run's copy (without dedup's working files) named as its URL."""
    from ghirbal.io import remote
    from ghirbal.run.verify import NotARun, verify

    if not remote.is_url(out):
        return verify(out)
    import tempfile

    from ghirbal.run.publish import fetch

    with tempfile.TemporaryDirectory(prefix="ghirbal-verify-") as tmp:
        remote.guarded(out, fetch, out, tmp)
        try:
            problems, summary = verify(tmp)
        except NotARun as exc:
            raise NotARun(str(exc).replace(tmp, out)) from None
        return [p.replace(tmp, out) for p in problems], summary.replace(tmp, out)

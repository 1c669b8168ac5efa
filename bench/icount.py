"""Instructions per page, counted by valgrind: the speed figure that does not depend on the host's load.

Wall-clock rates on a shared 2-core host swing 2x between runs; instruction counts do not. Each figure
is (instructions of 3 cold passes - instructions of 1 cold pass) / (2 x pages), so start-up, imports
and the lexicon's compilation cancel out. Every pass starts with empty caches (`clear_caches`), as
`bench_clean.py` does. OpenBLAS is held to one thread: its idle threads add ~13% otherwise.

    python bench/icount.py [--set arabic|wcxb|html] [--checkout DIR]   # needs valgrind
    python bench/icount.py --set arabic --checkout ../other   # another checkout's src, same pages

The page sets: `arabic`, the first 160 pages of arabic-sites-dev (text); `wcxb`, 120 wcxb-dev pages
taken evenly (their text rendering); `html`, 40 wcxb-dev pages taken evenly (their HTML).
`python bench/icount.py --run SET PASSES` is the counted child (it runs the passes and nothing else).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def _find_data() -> Path:
    """../shared/data beside the checkout, or beside any folder above it (a worktree's checkout)."""
    for up in Path(__file__).resolve().parents[1:]:
        if (up / "shared" / "data").is_dir():
            return up / "shared" / "data"
    return Path("../shared/data")


DATA = _find_data()
SETS = {"arabic": 160, "wcxb": 120, "html": 40}


def _docs(name: str, data: Path) -> list[dict]:
    if name == "arabic":
        with open(data / "arabic-sites-dev" / "docs.jsonl", encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        return [{"text": d["text"], "url": d.get("url")} for d in docs[: SETS[name]]]
    with gzip.open(data / "wcxb-dev" / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    docs = docs[:: max(1, len(docs) // SETS[name])][: SETS[name]]
    if name == "wcxb":
        return [{"text": d["text"], "url": d.get("url")} for d in docs]
    out = []
    for d in docs:
        raw = (data / "wcxb-dev" / d["html"]).read_bytes()  # the record names its gzipped HTML file
        out.append({"html": gzip.decompress(raw), "url": d.get("url")})
    return out


def run(name: str, passes: int, data: Path) -> None:
    import ghirbal
    from ghirbal.extract import clear_caches

    docs = _docs(name, data)
    for _ in range(passes):
        clear_caches()
        for d in docs:
            if "html" in d:
                ghirbal.clean(d["html"], url=d["url"], kind="html")
            else:
                ghirbal.clean(d["text"], url=d["url"])


def count(name: str, passes: int, checkout: Path, data: Path) -> int:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
               PYTHONPATH=str(checkout / "src"))
    with tempfile.NamedTemporaryFile(suffix=".cg") as out:
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out.name}",
               sys.executable, __file__, "--run", name, str(passes), "--data", str(data)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode or not m:
        sys.exit(f"valgrind failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    ap.add_argument("--checkout", type=Path, action="append",
                    help="a checkout whose src/ is counted (repeatable; default: this one)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--run", nargs=2, metavar=("SET", "PASSES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        run(args.run[0], int(args.run[1]), args.data)
        return
    checkouts = args.checkout or [Path(__file__).resolve().parents[1]]
    print(f"| set | pages | checkout | 1 pass | 3 passes | instructions a page |")
    print("|---|---|---|---|---|---|")
    for name in args.set or ["arabic"]:
        for co in checkouts:
            one, three = count(name, 1, co, args.data), count(name, 3, co, args.data)
            per = (three - one) / (2 * SETS[name])
            print(f"| {name} | {SETS[name]} | {co} | {one / 1e6:,.1f}M | {three / 1e6:,.1f}M | {per / 1e6:.3f}M |",
                  flush=True)


if __name__ == "__main__":
    main()

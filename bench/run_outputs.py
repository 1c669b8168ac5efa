"""Are two `ghirbal run` outputs the same? Every article and reject shard (records, in order), the ledger,
stats.json and the dedup stage's files, with the figures that are timings left out. For a speed change
to the run: run the corpus with the tree before and the tree after into two folders, then

    python bench/run_outputs.py OUT_BEFORE OUT_AFTER

prints what differs (the first few records of a shard) and exits 1, or says they are the same. Shards
are also compared byte for byte (the writers are deterministic); a byte difference with equal records
is reported apart (e.g. another compressor), not as a difference of output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# Keys whose values are clocks or machine facts, not results (stats.json, summary files).
_TIMING = ("seconds", "per_second", "started", "ended", "pid", "cpu", "nodes", "version", "wall", "busy", "span")


def _untimed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if not any(t in k for t in _TIMING)}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def _records(path: Path) -> list[Any]:
    from ghirbal.io.shards import read_shard

    if path.suffix == ".parquet" and "_dedup" in path.parts:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return list(read_shard(str(path)))


def _files(out: Path) -> list[str]:
    """The output files that hold results (the resume state's markers hold timings and are summed
    into stats.json and the ledger, compared there)."""
    names = []
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out)
        if p.is_file() and rel.parts[0] != "_state" and p.name != "report.html":
            names.append(str(rel))
    return names


def compare(a: Path, b: Path, show: int = 3) -> list[str]:
    problems: list[str] = []
    fa, fb = _files(a), _files(b)
    if fa != fb:
        problems.append(f"files differ: only in {a}: {sorted(set(fa) - set(fb))}; only in {b}: {sorted(set(fb) - set(fa))}")
    for name in (n for n in fa if n in set(fb)):
        pa, pb = a / name, b / name
        if name.endswith((".gz", ".parquet")):
            ra, rb = _records(pa), _records(pb)
            if ra != rb:
                diff = [i for i, (x, y) in enumerate(zip(ra, rb)) if x != y][:show]
                problems.append(f"{name}: {len(ra)} / {len(rb)} records, differing at {diff}")
            elif pa.read_bytes() != pb.read_bytes():
                print(f"note: {name}: same records, other bytes", file=sys.stderr)
        elif name.endswith(".json"):
            ja, jb = (_untimed(json.loads(p.read_text())) for p in (pa, pb))
            if ja != jb:
                keys = sorted(k for k in set(ja) | set(jb) if ja.get(k) != jb.get(k)) if isinstance(ja, dict) else []
                problems.append(f"{name}: differs (keys {keys})")
        elif pa.read_bytes() != pb.read_bytes():
            problems.append(f"{name}: bytes differ")
    return problems


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    problems = compare(a, b)
    for p in problems:
        print(p)
    if problems:
        raise SystemExit(1)
    print(f"same output: {len(_files(a))} files ({a} and {b})")


if __name__ == "__main__":
    main()

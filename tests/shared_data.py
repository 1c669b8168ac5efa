"""Where the shared dev sets are: beside the checkout (CI's clone) or at /work/shared."""

from __future__ import annotations

from pathlib import Path


def dev_set(name: str = "arabic-sites-dev", file: str = "docs.jsonl") -> Path:
    for shared in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        path = shared / "data" / name / file
        if path.exists():
            return path
    return Path("/work/shared/data") / name / file

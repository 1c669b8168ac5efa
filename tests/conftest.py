from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "examples" / "egypttoday-seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def arabic_dev() -> Path:
    path = SHARED / "data" / "arabic-sites-dev"
    if not (path / "docs.jsonl").exists():
        pytest.skip("shared/data/arabic-sites-dev is not present")
    return path

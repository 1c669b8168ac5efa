from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "examples" / "egypttoday-seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def arabic_dev() -> Path:
    from shared_data import dev_set, require

    return require(dev_set("arabic-sites-dev")).parent

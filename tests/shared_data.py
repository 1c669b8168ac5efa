"""Where the shared dev sets are (beside the checkout, as CI lays them, or at /work/shared), and what a
test does when one is missing: skip with a message locally, FAIL in CI (CI=true), where a missing set
means a broken set-up, not a reason to test less."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def dev_set(name: str = "arabic-sites-dev", file: str = "docs.jsonl") -> Path:
    for shared in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        path = shared / "data" / name / file
        if path.exists():
            return path
    return Path("/work/shared/data") / name / file


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require(path: Path) -> Path:
    """`path` if it exists; else skip the test (locally) or fail it (in CI)."""
    if not path.exists():
        message = f"{path} is not present (the shared dev data: ../shared/data beside the checkout)"
        if in_ci():
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return path


def optional_module(name: str, extra: str):
    """Import `name` for a test module whose tests need an extra: skip the module where it is not
    installed, but FAIL in CI (CI=true), where `.ci/run` installs the extra."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        if in_ci():
            pytest.fail(f"CI=true and {name} is not importable: .ci/run must install the `{extra}` extra", pytrace=False)
        pytest.skip(f"{name} is not installed (pip install -e '.[{extra}]'); these tests run in CI",
                    allow_module_level=True)

"""Thresholds per language and the verdict on a document's quality signals.

Thresholds live in `defaults/quality.toml` (`[quality.thresholds.LANG]`, `[quality.thresholds.default]`
for languages without their own table). A key `SIGNAL_min` fails a document whose signal is below it,
`SIGNAL_max` one whose signal is above it. The Arabic table is written by `bench/calibrate_quality.py`.
"""

from __future__ import annotations

from typing import Any


def table_for(language: str | None, thresholds: dict[str, dict[str, Any]]) -> str:
    """The name of the threshold table for a language code ("ar", "ar-Latn", "fa" ...)."""
    if language:
        if language in thresholds:
            return language
        base = language.split("-", 1)[0]
        if base in thresholds:
            return base
    return "default"


def failed_signals(signals: dict[str, Any], table: dict[str, Any]) -> list[str]:
    """The signals outside the table's bounds, in the table's order, as "name<bound" / "name>bound"."""
    failed = []
    for key, bound in table.items():
        name, _, side = key.rpartition("_")
        value = signals.get(name)
        if value is None:
            continue
        if side == "min" and value < bound:
            failed.append(f"{name}<{bound:g}")
        elif side == "max" and value > bound:
            failed.append(f"{name}>{bound:g}")
    return failed


def signal_name(failure: str) -> str:
    """"words<20" -> "words"."""
    for sep in ("<", ">"):
        if sep in failure:
            return failure.split(sep, 1)[0]
    return failure

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


_PARSED: dict[int, tuple[dict[str, Any], list[tuple[str, bool, float, str]]]] = {}


def _parsed(table: dict[str, Any]) -> list[tuple[str, bool, float, str]]:
    """(signal, is a lower bound, bound, how a failure reads) per key of a table, parsed once per table."""
    hit = _PARSED.get(id(table))
    if hit is None or hit[0] is not table:
        rows = []
        for key, bound in table.items():
            name, _, side = key.rpartition("_")
            if side in ("min", "max"):
                rows.append((name, side == "min", bound, f"{name}{'<' if side == 'min' else '>'}{bound:g}"))
        hit = _PARSED[id(table)] = (table, rows)
    return hit[1]


def failed_signals(signals: dict[str, Any], table: dict[str, Any]) -> list[str]:
    """The signals outside the table's bounds, in the table's order, as "name<bound" / "name>bound"."""
    failed = []
    for name, lower, bound, text in _parsed(table):
        value = signals.get(name)
        if value is not None and (value < bound if lower else value > bound):
            failed.append(text)
    return failed


def signal_name(failure: str) -> str:
    """"words<20" -> "words"."""
    for sep in ("<", ">"):
        if sep in failure:
            return failure.split(sep, 1)[0]
    return failure

"""Record steps of a corpus run: what happens to an article record after `clean()` and before it is written.

A step sees one output record (the dict written to the article shard) and the `Article` it came from.
It may annotate the record (add a field), rewrite it (redact the body), or reject it by raising
`Reject(reason, detail)`; the record then goes to the rejects with that reason. Each step counts what it
did in its own counter (`stats.json` → `steps.NAME`).

Steps know nothing of executors and executors know nothing of steps: a worker builds the run's steps
once from `RunSettings.steps` (names and options: plain, picklable values) and calls them in order.
A new step is a module with a `Step` subclass, registered by name in `REGISTRY` below.
"""

from __future__ import annotations

import importlib
from collections import Counter
from typing import Any


class Reject(Exception):
    """Raised by a step: the record goes to the rejects with this reason (and detail)."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class Step:
    """One record step. Subclasses set `name` and implement `process`."""

    name: str = ""

    def __init__(self, mode: str = "", options: dict[str, Any] | None = None):
        self.mode = mode  # the step's mode from the command line ("filter", "tag", "redact" ...)
        self.options = options or {}

    def process(self, record: dict[str, Any], article: Any, stats: Counter) -> None:
        """Annotate or rewrite `record` in place, or raise Reject. Count what happened in `stats`."""
        raise NotImplementedError


# name -> "module:Class"; imported lazily, so a step's dependencies load only when it runs.
REGISTRY: dict[str, str] = {}


def register(name: str, target: str) -> None:
    REGISTRY[name] = target


register("pii", "ghirbal.pii.step:PiiStep")


def build(specs: tuple[tuple[str, str], ...], options: dict[str, dict[str, Any]] | None = None) -> list[Step]:
    """The steps named by `specs` ((name, mode) pairs, in order); a mode of "none" leaves the step out.
    `options` holds each step's config table (by name)."""
    steps = []
    for name, mode in specs:
        if mode == "none":
            continue
        target = REGISTRY.get(name)
        if target is None:
            raise ValueError(f"unknown step {name!r} (known: {', '.join(sorted(REGISTRY)) or 'none'})")
        module, cls = target.split(":")
        steps.append(getattr(importlib.import_module(module), cls)(mode, (options or {}).get(name)))
    return steps


__all__ = ["REGISTRY", "Reject", "Step", "build", "register"]

register("langid", "ghirbal.steps.langid:LangidStep")
register("quality", "ghirbal.steps.quality:QualityStep")

"""The scheduling loop both executors share: keep at most `limit` units open, hand each finished one on.

The executors differ only in how a unit is started and how finished ones are awaited (a process pool's
futures, Ray's object refs); the loop itself is one implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

Handle = TypeVar("Handle")


def run_bounded(units: Iterable[Any], limit: int, submit: Callable[[Any], Handle],
                wait_some: Callable[[list[Handle]], tuple[Iterable[Handle], list[Handle]]],
                on_result: Callable[[Handle], None], pending: list[Handle]) -> None:
    """Start units while fewer than `limit` are open; `wait_some(pending)` returns (finished, still open).
    `pending` is the caller's list, kept current, so that on an error the caller can stop the open ones."""
    it = iter(units)
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            unit = next(it, None)
            if unit is None:
                exhausted = True
            else:
                pending.append(submit(unit))
                del unit  # the executor holds it until done; drop our reference
        if not pending:
            return
        done, still_open = wait_some(pending)
        pending[:] = still_open
        for handle in done:
            on_result(handle)

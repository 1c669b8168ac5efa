"""The progress bar (rich, on stderr): bytes read with ETA, pages/s, MB/s, kept and rejected counts."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)


class RunProgress:
    def __init__(self, total_bytes: int, *, enabled: bool, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self.started = time.monotonic()
        self.pages = self.kept = self.rejected = self.errored = 0
        self._progress = Progress(
            TextColumn("[bold]ghirbal run"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[rate]:>7} pages/s"),
            TextColumn("[green]kept {task.fields[kept]:,}[/] [yellow]rejected {task.fields[rejected]:,}[/]{task.fields[err]}"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not self.enabled,
            transient=False,
        )
        self._task = self._progress.add_task("run", total=total_bytes or None, rate="-", kept=0, rejected=0, err="")

    def __enter__(self) -> RunProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def advance(self, raw_bytes: int) -> None:
        if raw_bytes:
            self._progress.advance(self._task, raw_bytes)

    def unit_done(self, marker: dict) -> None:
        self.pages += marker["read"]
        self.kept += marker["written"]
        self.rejected += marker["rejected"]
        self.errored += marker["errored"]
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self._progress.update(
            self._task,
            rate=f"{self.pages / elapsed:,.0f}",
            kept=self.kept,
            rejected=self.rejected,
            err=f" [red]errored {self.errored:,}[/]" if self.errored else "",
        )


class LearnProgress:
    """The learning pass's bar (on a terminal): input bytes read, pages, ETA."""

    def __init__(self, total_bytes: int, *, enabled: bool, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self._progress = Progress(
            TextColumn("[bold]learning site templates"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[pages]:>9,} pages"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not self.enabled,
            transient=True,
        )
        self._task = self._progress.add_task("learn", total=total_bytes or None, pages=0)
        self._last = 0.0
        self._done = self._reported = 0

    def __enter__(self) -> LearnProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def update(self, done_bytes: int) -> None:
        self._done = done_bytes

    def pages(self, n: int) -> None:
        """After each page; without a terminal, a line every 10,000 pages instead of the bar."""
        if not self.enabled:
            if n >= self._reported + 10000:
                self._reported = n
                print(f"ghirbal run: learning site templates: {n:,} pages", file=sys.stderr)
            return
        now = time.monotonic()
        if now - self._last > 0.2:  # rich redraws on its own clock; fewer updates, less overhead
            self._last = now
            self._progress.update(self._task, completed=self._done, pages=n)

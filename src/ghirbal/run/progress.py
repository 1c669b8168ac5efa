"""The progress bar (rich, on stderr): bytes read with ETA, pages/s, MB/s, kept and rejected counts."""

from __future__ import annotations

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

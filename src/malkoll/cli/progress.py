"""A progress bar that appears only when reading takes more than a moment."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported only once a bar is drawn
    from rich.progress import Progress, TaskID


def use_color(stream: object) -> bool:
    """Colours on a terminal, unless NO_COLOR is set or CI logs are being written."""
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


DELAY = 0.5
"""Seconds before the bar appears: short runs print nothing."""


class DelayedBar:
    """Called with (done, total) after each file; draws on stderr after `DELAY` seconds."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("Läser filerna"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("läser", total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def progress_bar(wanted: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long reads: only on a terminal, never in CI or with a
    machine format, and only once reading has taken more than a moment."""
    if not wanted or not use_color(sys.stderr):
        yield None
        return
    bar = DelayedBar()
    try:
        yield bar.update
    finally:
        bar.close()

"""Progress on long reads: reported per file, drawn only on a terminal, never in CI."""

from __future__ import annotations

import io

from helpers import BASE
from malkoll.cli import progress
from malkoll.reading.load import load


def test_load_reports_every_file():
    """`load` tells its progress callback after each file, ending at the total."""
    calls: list[tuple[int, int]] = []
    repo = load(BASE, lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(repo.files), len(repo.files))
    assert [done for done, _ in calls] == list(range(1, len(repo.files) + 1))


def test_no_bar_off_a_terminal_or_in_ci(monkeypatch):
    """Piped output, `CI` or a machine format: no progress bar at all."""
    with progress.progress_bar(True) as bar:
        assert bar is None  # pytest's stderr is not a terminal
    monkeypatch.setattr("sys.stderr", type("Tty", (io.StringIO,), {"isatty": lambda s: True})())
    monkeypatch.setenv("CI", "true")
    with progress.progress_bar(True) as bar:
        assert bar is None
    monkeypatch.delenv("CI")
    with progress.progress_bar(False) as bar:
        assert bar is None
    with progress.progress_bar(True) as bar:
        assert bar is not None


def test_bar_waits_a_moment_then_draws(monkeypatch):
    """Nothing is drawn before the delay; after it the bar counts files."""
    bar = progress.DelayedBar()
    bar.update(1, 10)
    assert bar.bar is None
    monkeypatch.setattr(progress, "DELAY", 0)
    bar.update(2, 10)
    assert bar.bar is not None
    bar.close()

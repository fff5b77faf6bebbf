"""The few errors malkoll expects; the CLI turns each into one line and exit status 2.

Problems in a user's files are never exceptions: they are findings. These are for
when malkoll cannot run at all.
"""

from __future__ import annotations


class MalkollError(Exception):
    """malkoll could not run; the message is Swedish and says what to do."""

    exit_status = 2


class RefusedWhileErrors(MalkollError):
    """`rapport --strikt`: the report is not built while errors remain (exit status 1)."""

    exit_status = 1


class RepoNotFound(MalkollError):
    """No `malkoll.yaml` in the folder or above it."""


class BadOption(MalkollError):
    """An option's value that malkoll cannot use."""

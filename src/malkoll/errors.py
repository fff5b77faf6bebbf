"""The few errors malkoll expects; the CLI turns each into one line and exit status 2.

Problems in a user's files are never exceptions: they are findings. These are for
when malkoll cannot run at all, or cannot do what it was asked without harm; every error
the CLI turns into one line is here (the reading stage's `Unreadable` and the Kolada
transport's own exceptions are internal and never reach the CLI).
"""

from __future__ import annotations


class MalkollError(Exception):
    """malkoll could not run; the message is Swedish and says what to do."""

    exit_status = 2


class RefusedWhileErrors(MalkollError):
    """`rapport --strikt`: the report is not built while errors remain (exit status 1)."""

    exit_status = 1


class RepoNotFound(MalkollError):
    """No `malkoll.yaml` in the folder or above it. When the folder was ``searched`` (it
    exists, but no repository is at or above it), the message ends in how to name the
    folder: with `-C MAPP`, or in the spelling of the command that was run (`told`)."""

    def __init__(self, message: str, *, searched: bool = False) -> None:
        self.head = message
        self.searched = searched
        super().__init__(self.told(None))

    def told(self, usage: str | None) -> str:
        """The message, with ``usage`` (`malkoll rapport 2020 -C MAPP`) as the way to name
        the folder when it was searched."""
        if not self.searched:
            return self.head
        how = f": {usage}" if usage else " med -C MAPP"
        return f"{self.head} Kör malkoll i ett målrepo, eller ange mappen{how}."


class BadOption(MalkollError):
    """An option's value that malkoll cannot use."""


class WriteRefused(MalkollError):
    """A path malkoll was to write is taken, or lies behind a symbolic link."""


class InitProblem(MalkollError):
    """`init`: the folder cannot hold a new goal repository (a file is in the way)."""


class KoladaError(MalkollError):
    """Kolada could not be reached or gave an answer malkoll cannot read (exit status 1)."""

    exit_status = 1


class UnreadableFile(MalkollError):
    """`kolada hamta`: an indicator file that cannot be updated without losing what a
    person wrote."""


class ChangesUnknown(MalkollError):
    """`validera --andrade`: what changed cannot be known (no git, no repository, a ref git
    does not know)."""

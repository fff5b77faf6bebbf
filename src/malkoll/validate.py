"""`malkoll validera`: read the repository, check it, and decide the exit status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import references
from .findings import Finding
from .repo import find_root, load

OK, FAILED, CANNOT_RUN = 0, 1, 2
"""The exit statuses of `checks.md`."""


@dataclass(frozen=True)
class Result:
    """What `validera` found in a repository."""

    root: Path
    findings: list[Finding]
    files: list[str]

    @property
    def errors(self) -> int:
        return sum(1 for x in self.findings if x.severity == "fel")

    @property
    def warnings(self) -> int:
        return sum(1 for x in self.findings if x.severity == "varning")

    @property
    def files_with_findings(self) -> int:
        return len({x.path for x in self.findings})

    def exit_status(self, strict: bool = False) -> int:
        """1 with any error (or, when strict, any warning); else 0."""
        if self.errors or (strict and self.warnings):
            return FAILED
        return OK


def validera(start: Path) -> Result:
    """Find the repository at or above ``start`` and check it."""
    root = find_root(start)
    repo = load(root)
    found = repo.findings + references.check(repo)
    return Result(root, sorted(found), repo.files)

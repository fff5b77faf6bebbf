"""`malkoll validera`: read the repository, check it, and decide the exit status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from malkoll import findings as f
from malkoll import rules
from malkoll.cache import Cache
from malkoll.errors import BadOption
from malkoll.findings import Finding
from malkoll.model import files as models
from malkoll.model.repository import Repository
from malkoll.model.timing import Timing
from malkoll.reading.load import Progress, load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.rules.context import Memo
from malkoll.text import count, did_you_mean, printable

OK, FAILED, CANNOT_RUN = 0, 1, 2
"""The exit statuses of `checks.md`."""


@dataclass(frozen=True)
class Scope:
    """What a check of a change reported (`malkoll.scope`: `validera --andrade`, or files
    named): the whole repository is checked, the findings that belong to the change are
    kept, and the ones left out are counted here."""

    changed: tuple[str, ...]
    """The changed files malkoll reads, relative to the root, in path order."""
    organisations: tuple[str, ...]
    """The organisations whose plan or internal-control plan is among them."""
    shared: tuple[str, ...] = ()
    """Changed files that concern everyone (settings, organisation, goals, indicators,
    årshjul): then nothing is left out."""
    base: tuple[str, str] | None = None
    """What `--andrade` compared with: the ref as given or found, and the commit."""
    files: int = 0
    """The files the report is about: the changed ones and those of the findings kept."""
    left_out: tuple[int, int, int] = (0, 0, 0)
    """The errors, warnings and files of the findings left out."""

    def summary(self, errors: int, warnings: int, with_findings: int, whole: str) -> str:
        """The summary line of a check of a change; ``whole``, the whole check's."""
        if self.shared:
            names = ", ".join(printable(x) for x in self.shared[:3]) + (
                f" och {len(self.shared) - 3} till" if len(self.shared) > 3 else ""
            )
            return f"Ändringen rör {names}, som gäller alla: hela målrepot kontrolleras. {whole}"
        if not self.files:
            head = "Ändringen rör inga filer som malkoll läser."
        elif not (errors or warnings):
            head = f"Inga fel eller varningar i din ändring ({count(self.files, 'fil', 'filer')})."
        else:
            found = f"{errors} fel och {count(warnings, 'varning', 'varningar')}"
            head = (
                f"{found} i {with_findings} av {count(self.files, 'fil', 'filer')} i din ändring."
            )
        left_errors, left_warnings, left_files = self.left_out
        if not (left_errors or left_warnings):
            return head
        left = f"{left_errors} fel och {count(left_warnings, 'varning', 'varningar')}"
        where = count(left_files, "fil", "filer")
        return f"{head} {left} i {where} utanför din ändring visas inte."

    def as_json(self) -> dict[str, Any]:
        """The scope in `--format json` (`andring`)."""
        left_errors, left_warnings, left_files = self.left_out
        return {
            "filer": list(self.changed),
            "organisationer": list(self.organisations),
            "hela_repot": bool(self.shared),
            "gemensamma_filer": list(self.shared),
            "jamfort_med": {"ref": self.base[0], "commit": self.base[1]} if self.base else None,
            "utanfor": {"fel": left_errors, "varningar": left_warnings, "filer": left_files},
        }


@dataclass(frozen=True)
class Result:
    """What `validera` found in a repository."""

    root: Path
    findings: list[Finding]
    files: list[str]
    scope: Scope | None = None
    """For a check of a change: what it kept and left out (None: the whole check)."""

    @property
    def errors(self) -> int:
        return sum(1 for x in self.findings if x.severity == "fel")

    @property
    def warnings(self) -> int:
        return sum(1 for x in self.findings if x.severity == "varning")

    @property
    def files_with_findings(self) -> int:
        """How many files have a finding; each of them is among `checked_files`."""
        return len({x.path for x in self.findings})

    @property
    def checked_files(self) -> int:
        """How many files were checked: every file read, and every other file a finding is
        about (one that could not be read or is not malkoll's, `organisation.yaml` when it
        is missing), so that `3 fel i 4 av N filer` never has more with findings than N."""
        return len(set(self.files) | {x.path for x in self.findings})

    def exit_status(self, strict: bool = False) -> int:
        """1 with any error (or, when strict, any warning); else 0."""
        if self.errors or (strict and self.warnings):
            return FAILED
        return OK


def validera(
    start: Path,
    idag: dt.date | None = None,
    period: str | None = None,
    ar: int | None = None,
    progress: Progress | None = None,
    cache: bool | Cache = True,
) -> Result:
    """Find the repository at or above ``start`` and check it.

    ``idag`` is the day of the check (default today); ``period`` checks one period as if
    past its deadline; ``ar`` limits the completeness checks to one year; ``cache`` reads
    unchanged files from malkoll's cache (`malkoll.cache`).
    """
    root = find_root(start)
    with paused_gc():
        return check(load(root, progress, cache=cache), idag, period, ar)


def check(
    repo: Repository,
    idag: dt.date | None = None,
    period: str | None = None,
    ar: int | None = None,
    memo: Memo | None = None,
) -> Result:
    """Check a repository that has been read (`rapport` reads it once for both; an
    editor's session checks it again after each change, with its ``memo``)."""
    root = repo.root
    settings = repo.installningar
    if period is not None and period not in settings.perioder and period not in models.MANADER:
        choices = [*settings.perioder, *models.MANADER]
        raise BadOption(
            f"Perioden {period!r} finns inte.{did_you_mean(period, choices)} "
            f"Perioderna är {', '.join(settings.perioder)} (och månaderna jan … dec)."
        )
    timing = Timing(idag or dt.date.today(), period, ar)
    problems = [*repo.problems, *rules.check(repo, timing, memo)]
    found = f.build(problems, settings.regler)
    # The same finding twice (a value shared through a YAML alias) is reported once.
    unique = {(x.path, x.line, x.col, x.code, x.message, x.period): x for x in found}
    return Result(root, sorted(unique.values()), repo.files)

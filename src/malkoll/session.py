"""A repository held in memory and checked again as one file changes: for an editor.

`Session.open` reads and types every file once, as `validera` does. `Session.change` then
reads only the changed file (its unsaved text, or the disk's), types it, puts the
repository together again from the files already typed and runs the rules on it. The
findings are exactly those `validera` would give if the text were saved (a test holds
it): the rules always see the whole repository, only the reading is saved.

A change of `malkoll.yaml` reads everything again, since the settings shape how every
other file is typed. A path malkoll does not know yet is looked up by walking the
repository again; a file that is neither known nor on disk (a new buffer not yet saved)
is not malkoll's until it is saved.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from malkoll.findings import Finding
from malkoll.model.repository import Repository
from malkoll.reading.load import (
    Reader,
    Settings,
    Typed,
    add_chapters,
    assemble,
    paused_gc,
    read_settings,
    read_typed,
)
from malkoll.reading.walk import discover, find_root
from malkoll.rules.context import Memo
from malkoll.validate import Result, check


class Session:
    """One repository, read once, checked again after each change."""

    def __init__(
        self,
        root: Path,
        idag: dt.date | None = None,
        period: str | None = None,
        ar: int | None = None,
    ) -> None:
        self.root = root
        self.idag = idag
        self.period = period
        self.ar = ar
        self.reader = Reader(root)
        self.memo = Memo()
        self._files: dict[str, Typed] = {}
        self._settings: Settings
        self._stray: list = []
        self.result: Result
        self.repository: Repository
        """The repository as last checked: what an editor completes and explains from."""

    @classmethod
    def open(
        cls,
        start: Path,
        idag: dt.date | None = None,
        period: str | None = None,
        ar: int | None = None,
    ) -> Session:
        """Read and check the repository at or above ``start``."""
        session = cls(find_root(start), idag, period, ar)
        session._read_all()
        session._check()
        return session

    def findings(self) -> list[Finding]:
        """The findings of the repository as it is now (with the unsaved texts)."""
        return self.result.findings

    def change(self, rel: str, text: str | None) -> list[Finding]:
        """Take the text of ``rel`` (a path relative to the root, with `/`) as it is now in
        the editor, or None when it is no longer unsaved (closed, saved or deleted: the
        disk's version counts); give every finding of the repository again."""
        if text is None:
            self.reader.unsaved.pop(rel, None)
        else:
            self.reader.unsaved[rel] = text
        known = self._files.get(rel)
        if known is not None and known.source.kind == "installningar":
            self._read_all()
        elif known is not None and (text is not None or (self.root / rel).exists()):
            with paused_gc():
                self._files[rel] = read_typed(known.source, self.reader, self._settings)
        else:  # a new file, or one gone from the disk: walk the repository again
            self._rediscover()
        self._check()
        return self.findings()

    def _read_all(self) -> None:
        files, self._stray = discover(self.root)
        with paused_gc():
            self._settings = read_settings(files, self.reader)
            self._files = {s.rel: read_typed(s, self.reader, self._settings) for s in files}

    def _rediscover(self) -> None:
        files, self._stray = discover(self.root)
        if any(s.kind == "installningar" and s.rel not in self._files for s in files):
            self._read_all()
            return
        typed: dict[str, Typed] = {}
        with paused_gc():
            for source in files:
                old = self._files.get(source.rel)
                if old is not None and old.source == source:
                    typed[source.rel] = old
                else:
                    typed[source.rel] = read_typed(source, self.reader, self._settings)
        self._files = typed

    def _repository(self) -> Repository:
        ordered = [self._files[rel] for rel in sorted(self._files)]
        repo = assemble(self.root, self._settings, ordered, self._stray)
        add_chapters(repo)
        return repo

    def _check(self) -> None:
        # The memo's basis: every typed file but the plans (see `rules.Memo`).
        basis = (
            self._settings.typed,
            *(t.model for t in self._files.values() if t.source.kind != "plan"),
        )
        self.memo.start(basis)
        with paused_gc():
            self.repository = self._repository()
            self.result = check(self.repository, self.idag, self.period, self.ar, self.memo)

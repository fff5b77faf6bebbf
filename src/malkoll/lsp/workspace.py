"""The repositories of the files an editor has open, each held as one `Session`, and what
the editor has been shown of their findings.

A file belongs to the repository whose `malkoll.yaml` stands in its folder or the nearest
one above it; a file in no repository is none of malkoll's business. A repository is read
when its first file is opened and then kept: a keystroke reads only the file typed in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from malkoll.errors import MalkollError
from malkoll.findings import Finding
from malkoll.reading.walk import SETTINGS, find_root
from malkoll.session import Session

Shown = tuple[tuple[int, int, str, str, str, str], ...]
"""A file's findings as the editor was last shown them (place, code, severity, words)."""


def _shown(found: list[Finding]) -> Shown:
    return tuple((x.line, x.col, x.code, x.severity, x.message, x.hint) for x in found)


@dataclass
class Repositories:
    """The repositories open in the editor, by root."""

    idag: dt.date | None = None
    sessions: dict[Path, Session] = field(default_factory=dict)
    shown: dict[Path, dict[str, Shown]] = field(default_factory=dict)
    _roots: dict[Path, Path | None] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[Path, str] | None:
        """The root of the repository ``path`` is in and the path relative to it, with `/`;
        None outside every repository."""
        try:
            path = path.resolve()
        except (OSError, RuntimeError):
            return None
        folder = path.parent
        if folder not in self._roots:
            try:
                self._roots[folder] = find_root(folder)
            except (MalkollError, OSError):
                self._roots[folder] = None
        root = self._roots[folder]
        if root is None or not path.is_relative_to(root):
            return None
        return root, path.relative_to(root).as_posix()

    def forget_roots(self) -> None:
        """Look the repositories up again (a `malkoll.yaml` came or went)."""
        self._roots.clear()

    def session(self, root: Path) -> tuple[Session, bool]:
        """The repository's session, and whether it was opened just now."""
        known = self.sessions.get(root)
        if known is not None:
            return known, False
        session = Session.open(root, idag=self.idag)
        self.sessions[root] = session
        return session, True

    def drop(self, root: Path) -> list[str]:
        """Forget a repository whose `malkoll.yaml` is gone; the files it had shown
        findings for."""
        self.sessions.pop(root, None)
        return sorted(self.shown.pop(root, {}))

    @staticmethod
    def known(session: Session, rel: str) -> bool:
        """Whether the session reads ``rel``: a keystroke there is checked at once; in any
        other file only once it is saved (a file in `.github/` is not malkoll's)."""
        return rel == SETTINGS or rel in session.result.files

    def changes(self, root: Path) -> dict[str, list[Finding]]:
        """The files whose findings differ from what the editor was shown (an empty list:
        the file has none left), and remember them as shown."""
        session = self.sessions[root]
        now: dict[str, list[Finding]] = defaultdict(list)
        for finding in session.findings():
            now[finding.path].append(finding)
        before = self.shown.setdefault(root, {})
        out: dict[str, list[Finding]] = {}
        for rel in set(before) | set(now):
            shown = _shown(now.get(rel, []))
            if before.get(rel, ()) != shown:
                out[rel] = now.get(rel, [])
            if shown:
                before[rel] = shown
            else:
                before.pop(rel, None)
        return dict(sorted(out.items()))

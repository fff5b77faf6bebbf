"""Reading every file of a goal repository into one typed model.

Every file is read on its own, so one bad file never hides the findings in the others; a
file that cannot be typed is left out of the model and its kind is marked incomplete, so
that checks across files do not report what they cannot know.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model.kinds import BY_NAME, field_names
from malkoll.model.repository import Ar, Doc, Repository, SourceFile
from malkoll.reading.parse import read_file
from malkoll.reading.schema import validate
from malkoll.reading.walk import discover

Progress = Callable[[int, int], None]
"""Told (files read, files in all) after each file; the CLI shows a bar with it."""


def load(root: Path, progress: Progress | None = None) -> Repository:
    """Read every file of the repository at ``root`` into the typed model."""
    files, stray = discover(root)
    with paused_gc():
        repo = _load_files(root, files, field_names(), progress)
    repo.problems.extend(stray)
    return repo


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    The model is millions of small objects without reference cycles: the collector would
    only walk them again and again (most of the time of reading a large repository).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_files(
    root: Path, files: list[SourceFile], keys: frozenset[str], progress: Progress | None
) -> Repository:
    settings_file = next((s for s in files if s.kind == "installningar"), None)
    found: list[f.Problem] = []
    settings = _load_settings(root, settings_file, keys, found)
    repo = Repository(root=root, installningar=settings, problems=found)
    context = {"bedomning": list(settings.bedomning)}
    for done, source in enumerate(files, 1):
        if progress is not None:
            progress(done, len(files))
        repo.files.append(source.rel)
        if source.year is not None:
            repo.ar.setdefault(source.year, Ar(source.year))
        if source.kind == "installningar":
            continue
        result = read_file(root / source.rel, source.rel, keys)
        repo.problems.extend(result.problems)
        typed: Any = None
        problems: list[f.Problem] = []
        if result.readable:
            model = BY_NAME[source.kind].model
            typed, problems = validate(model, result.data, source.rel, context)
            repo.problems.extend(problems)
        if not result.readable or problems:
            repo.incomplete.add(source.kind)
        if typed is not None:
            _place(repo, source, typed)
    return repo


def _load_settings(
    root: Path, source: SourceFile | None, keys: frozenset[str], found: list[f.Problem]
) -> m.Installningar:
    if source is None:  # find_root guarantees it; a library caller may not
        return m.Installningar(kommun="")
    result = read_file(root / source.rel, source.rel, keys)
    found.extend(result.problems)
    if result.readable:
        typed, problems = validate(m.Installningar, result.data, source.rel, {})
        found.extend(problems)
        if typed is None and isinstance(result.data, dict):
            # Keep what the user did configure (their periods and scale) when only
            # `kommun` is missing: the defaults would make every other file look wrong.
            typed, _ = validate(m.Installningar, {"kommun": "", **result.data}, source.rel, {})
        if isinstance(typed, m.Installningar):
            return typed
    return m.Installningar(kommun="")


def _place(repo: Repository, source: SourceFile, typed: Any) -> None:
    """Put a typed file where its kind belongs: on the repository or on its year."""
    kind = BY_NAME[source.kind]
    doc = Doc(source.rel, typed)
    owner: Any = repo if source.year is None else repo.ar[source.year]
    if kind.many:
        getattr(owner, kind.slot).append(doc)
    else:
        setattr(owner, kind.slot, doc)

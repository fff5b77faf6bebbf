"""Reading every file of a goal repository into one typed model.

Every file is read on its own, so one bad file never hides the findings in the others; a
file that cannot be typed is left out of the model and its kind is marked incomplete, so
that checks across files do not report what they cannot know.
"""

from __future__ import annotations

import gc
import marshal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from malkoll import findings as f
from malkoll.cache import Cache
from malkoll.model import files as m
from malkoll.model.kinds import BY_NAME, field_names
from malkoll.model.repository import Ar, Doc, Repository, SourceFile
from malkoll.reading import parse, schema, syntax
from malkoll.reading import source as reading_source
from malkoll.reading.chapters import read_chapters
from malkoll.reading.parse import ReadResult, read_bytes, read_file
from malkoll.reading.plain import plain_ids
from malkoll.reading.schema import validate
from malkoll.reading.source import Unreadable, read_limited, too_large
from malkoll.reading.walk import discover

Progress = Callable[[int, int], None]
"""Told (files read, files in all) after each file; the CLI shows a bar with it."""


def load(
    root: Path, progress: Progress | None = None, cache: bool | Cache | None = True
) -> Repository:
    """Read every file of the repository at ``root`` into the typed model.

    With ``cache`` (on by default; a `Cache` the caller opened, or None/False for none),
    a file whose content is unchanged since an earlier run is not parsed again: the
    reader's result for it comes from the cache (see `malkoll.cache`).
    """
    files, stray = discover(root)
    store = Cache.open(root) if cache is True else cache or None
    reader = Reader(root, store)
    with paused_gc():
        settings = read_settings(files, reader)
        typed = []
        for done, source in enumerate(files, 1):
            if progress is not None:
                progress(done, len(files))
            typed.append(read_typed(source, reader, settings))
        repo = assemble(root, settings, typed, stray)
        add_chapters(repo)
    if store is not None:
        store.save()
    return repo


@dataclass
class Settings:
    """`malkoll.yaml` typed, and what was wrong with it."""

    typed: m.Installningar
    problems: list[f.Problem]

    @property
    def context(self) -> dict[str, Any]:
        """What the schema needs to know of the settings to type the other files."""
        return {"bedomning": list(self.typed.bedomning)}


@dataclass
class Typed:
    """One file read and typed: what was wrong with it, its model (None when nothing
    could be typed) and whether it was read whole, without a schema problem."""

    source: SourceFile
    problems: list[f.Problem]
    model: Any
    complete: bool


def read_settings(files: list[SourceFile], reader: Reader) -> Settings:
    """The settings, from the repository's `malkoll.yaml` among ``files``."""
    source = next((s for s in files if s.kind == "installningar"), None)
    found: list[f.Problem] = []
    return Settings(_load_settings(source, reader, found), found)


def read_typed(source: SourceFile, reader: Reader, settings: Settings) -> Typed:
    """Read and type one file (the settings file is typed by `read_settings`)."""
    if source.kind == "installningar":
        return Typed(source, [], None, True)
    result = reader.read(source.rel)
    problems = list(result.problems)
    if not result.readable:
        return Typed(source, problems, None, False)
    model = BY_NAME[source.kind].model
    problems += plain_ids(model, result.data, source.rel, result.numbers)
    typed, schema_problems = validate(model, result.data, source.rel, settings.context)
    return Typed(source, problems + schema_problems, typed, not schema_problems)


def assemble(
    root: Path, settings: Settings, typed: list[Typed], stray: list[f.Problem]
) -> Repository:
    """The repository of files read and typed one by one, in path order."""
    repo = Repository(root=root, installningar=settings.typed, problems=list(settings.problems))
    for one in typed:
        source = one.source
        repo.files.append(source.rel)
        if source.year is not None:
            repo.ar.setdefault(source.year, Ar(source.year))
        repo.problems.extend(one.problems)
        if not one.complete:
            repo.incomplete.add(source.kind)
        if one.model is not None:
            _place(repo, source, one.model)
    repo.problems.extend(stray)
    return repo


def add_chapters(repo: Repository) -> None:
    """Put the förvaltningsberättelse's chapters (Markdown, not read by the YAML reader)
    on their years, and what kept one from being read among the problems."""
    chapters, problems = read_chapters(repo.root, list(repo.installningar.perioder))
    for year, found in chapters.items():
        repo.ar.setdefault(year, Ar(year)).forvaltningsberattelse = found
    repo.problems.extend(problems)


_READER_RULES = {
    r.code: r for r in (*syntax.RULES, *reading_source.RULES, *parse.RULES, *schema.RULES)
}
"""The rules a reader's finding can be of, by code, to rebuild cached findings."""


class Reader:
    """Reads one file at a time: from its bytes, or from the cache for known content, or
    (in an editor) from the text of an open, unsaved file."""

    def __init__(self, root: Path, store: Cache | None = None) -> None:
        self.root = root
        self.keys = field_names()
        self.store = store
        self.unsaved: dict[str, str] = {}
        """The text of files open in an editor, by path, read instead of the disk's."""

    def read(self, rel: str) -> ReadResult:
        text = self.unsaved.get(rel)
        if text is not None:
            return self._read_unsaved(rel, text)
        path = self.root / rel
        store = self.store
        if store is None:
            return read_file(path, rel, self.keys)
        digest, raw = store.digest(path, rel, reading_source.MAX_BYTES)
        if digest is None:
            return read_file(path, rel, self.keys)
        cached = _from_entry(store.read_entry(rel, digest), rel)
        if cached is not None:
            return cached
        if raw is None:  # the digest was known, the entry is not: read, key what was read
            try:
                raw = read_limited(path)
            except Unreadable:
                return read_file(path, rel, self.keys)
            digest = store.digest_of(rel, raw)
        result = read_bytes(raw, rel, self.keys)
        store.keep_read(rel, digest, _entry(result))
        return result

    def _read_unsaved(self, rel: str, text: str) -> ReadResult:
        raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate is MK102
        if len(raw) > reading_source.MAX_BYTES:
            err = too_large(len(raw))
            return ReadResult(
                None, False, [f.Problem(err.rule, rel, f.START, err.message, err.hint)]
            )
        return read_bytes(raw, rel, self.keys)


def _entry(result: ReadResult) -> bytes:
    """A reader's result as the cache keeps it: marshalled at once, before the schema
    marks what it cut in the data."""
    problems = tuple(
        (p.rule.code, p.where.line, p.where.col, p.message, p.hint) for p in result.problems
    )
    return marshal.dumps((result.readable, result.data, problems, tuple(result.numbers)))


def _from_entry(entry: object, rel: str) -> ReadResult | None:
    """The reader's result from a cache entry; None for an entry that is not one."""
    if not isinstance(entry, bytes):
        return None
    try:
        readable, data, problems, numbers = marshal.loads(entry)
        found = [
            f.Problem(_READER_RULES[code], rel, f.Where(line, col), message, hint)
            for code, line, col, message, hint in problems
        ]
    except (EOFError, ValueError, TypeError, KeyError):
        return None
    return ReadResult(data, bool(readable), found, frozenset(numbers))


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


def _load_settings(
    source: SourceFile | None, reader: Reader, found: list[f.Problem]
) -> m.Installningar:
    if source is None:  # find_root guarantees it; a library caller may not
        return m.Installningar(kommun="")
    result = reader.read(source.rel)
    found.extend(result.problems)
    if result.readable:
        found.extend(plain_ids(m.Installningar, result.data, source.rel, result.numbers))
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

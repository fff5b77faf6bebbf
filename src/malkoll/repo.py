"""Finding a goal repository, its files, and reading them into one typed model.

The layout is fixed by `format.md`: which file is of which kind follows from its path.
Every file is read on its own, so one bad file never hides the findings in the others;
a file that cannot be typed is left out of the model and its kind is marked incomplete,
so that checks across files do not report what they cannot know.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import findings as f
from . import models as m
from .errors import RepoNotFound
from .positions import START
from .reader import MK110, read_file
from .schema import validate
from .text import fold, printable, quote

T = TypeVar("T")

SETTINGS = "malkoll.yaml"
ROOT_FILES = {"malkoll": "installningar", "organisation": "organisation"}
YEAR_FILES = {"arshjul": "arshjul", "uppdrag": "uppdrag", "ekonomi": "ekonomi"}
YEAR_DIRS = ("plan", "internkontroll")
TOP_DIRS = ("mal", "indikatorer")
SKIPPED_DIRS = frozenset({"mallar", "rapporter", "node_modules", "venv", "site-packages"})
_YEAR = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a year folder may name (as `ar` in a plan)."""
_SUFFIXES = (".yaml", ".yml")

MK107 = f.rule(
    "MK107",
    "fel",
    "En YAML-fil där ingen fil av det slaget hör hemma",
    "malkoll läser filerna efter var de ligger: `malkoll.yaml` och `organisation.yaml` i "
    "roten, en målsättning per fil i `mal/`, indikatorvärden i `indikatorer/`, och per år "
    "`arshjul.yaml`, `uppdrag.yaml`, `ekonomi.yaml`, `internkontroll/*.yaml` och "
    "`plan/**/*.yaml`. En YAML-fil någon annanstans i de mapparna (eller en rotfil med ett "
    "namn nära de kända) är troligen felplacerad eller felstavad och skulle annars inte "
    "läsas alls. Andra mappar (till exempel `.github/`, `docs/`) läses inte.",
    wrong="2020/planer/grundskola.yaml",
    right="2020/plan/grundskola.yaml",
)


@dataclass(frozen=True)
class SourceFile:
    """A file malkoll reads: its path relative to the root, its kind and year."""

    rel: str
    kind: str
    year: int | None = None


@dataclass
class Doc(Generic[T]):
    """A typed file and where it came from."""

    path: str
    data: T


@dataclass
class Ar:
    """One year's folder."""

    ar: int
    planer: list[Doc[m.Plan]] = field(default_factory=list)
    uppdrag: Doc[m.UppdragFil] | None = None
    ekonomi: Doc[m.Ekonomi] | None = None
    internkontroll: list[Doc[m.Internkontroll]] = field(default_factory=list)
    arshjul: Doc[m.Arshjul] | None = None


@dataclass
class Repository:
    """A municipality's goal repository, typed, with what was found while reading it."""

    root: Path
    installningar: m.Installningar
    organisation: Doc[m.OrganisationFil] | None = None
    mal: list[Doc[m.Malsattning]] = field(default_factory=list)
    indikatorer: list[Doc[m.IndikatorVarden]] = field(default_factory=list)
    ar: dict[int, Ar] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)
    findings: list[f.Finding] = field(default_factory=list)


def find_root(start: Path) -> Path:
    """The folder with `malkoll.yaml`: ``start`` or the nearest one above it."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    if not start.exists():
        raise RepoNotFound(f"Mappen {start} finns inte.")
    for folder in (start, *start.parents):
        if (folder / SETTINGS).is_file():
            return folder
    raise RepoNotFound(
        f"Hittade ingen {SETTINGS} i {start} eller någon mapp ovanför. "
        "Kör malkoll i ett målrepo, eller ange mappen: malkoll validera SÖKVÄG."
    )


def discover(root: Path) -> tuple[list[SourceFile], list[f.Finding]]:
    """Every file malkoll reads, in path order, and the YAML files that belong nowhere or
    that it will not read (links out of the repository, odd names: MK110)."""
    found: list[SourceFile] = []
    stray: list[f.Finding] = []
    walk = _Walk(root, stray)
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            continue
        if entry.is_dir():
            year, problem = _year_folder(entry.name)
            if entry.is_symlink():
                if entry.name in TOP_DIRS or year or problem or _near(entry.name, TOP_DIRS):
                    stray.append(_refused(entry.name, _LINKED_FOLDER))
                continue
            _discover_dir(walk, Path(entry.path), entry.name, found, stray)
        elif _is_yaml(entry.name):
            stem = Path(entry.name).stem
            if stem in ROOT_FILES:
                if walk.readable(Path(entry.path), entry.name):
                    found.append(SourceFile(entry.name, ROOT_FILES[stem]))
            elif _near(stem, ROOT_FILES):
                stray.append(_stray(entry.name, _near(stem, ROOT_FILES) + ".yaml"))
    found.sort(key=lambda s: s.rel)
    return found, stray


def _discover_dir(
    walk: _Walk, folder: Path, name: str, found: list[SourceFile], stray: list[f.Finding]
) -> None:
    year, problem = _year_folder(name)
    if name in TOP_DIRS:
        kind = "mal" if name == "mal" else "indikator"
        for rel, depth in walk.yaml_files(folder):
            if depth == 0:
                found.append(SourceFile(rel, kind))
            else:
                stray.append(_stray(rel, f"{name}/{Path(rel).name}"))
    elif problem:
        for rel, _depth in walk.yaml_files(folder):
            stray.append(_stray(rel, None, problem))
    elif year:
        for rel, depth in walk.yaml_files(folder):
            kind = _year_kind(Path(rel).parts[1:], depth)
            if kind:
                found.append(SourceFile(rel, kind, year))
            else:
                stray.append(_stray(rel, _year_suggestion(Path(rel).parts[1:], name)))
    elif _near(name, TOP_DIRS):
        right = _near(name, TOP_DIRS)
        for rel, _depth in walk.yaml_files(folder):
            stray.append(_stray(rel, f"{right}/{Path(rel).name}"))


def _year_folder(name: str) -> tuple[int | None, str | None]:
    """The year a top-level folder names, or what is wrong with a name that looks like one
    (`2020 `, `20200`, full-width digits, `2021` with a newline): those are not years, and
    their files would otherwise go unchecked without a word."""
    if _YEAR.fullmatch(name):
        year = int(name)
        if FIRST_YEAR <= year <= LAST_YEAR:
            return year, None
        return None, f"Årsmappen ska vara ett år {FIRST_YEAR}–{LAST_YEAR}."
    stripped = name.strip()
    if not stripped or not all(ch.isdigit() for ch in stripped):
        return None, None
    try:
        digits = str(int(stripped))
    except ValueError:  # digits int() does not read, like superscripts
        digits = ""
    right = f" (`{digits}`)" if _YEAR.fullmatch(digits) else ""
    return None, (
        f"Mappen {quote(printable(name))} ser ut som en årsmapp men är inte ett år skrivet "
        f"med fyra siffror{right}."
    )


_LINKED_FOLDER = (
    "Mappen är en länk (symbolisk länk); malkoll följer inte länkade mappar, så filerna i "
    "den läses inte."
)
_LINK_OUT = "Filen är en länk som pekar ut ur målrepot; malkoll läser den inte."
_NOT_UTF8 = "Filnamnet är inte UTF-8; malkoll läser inte filen."


def _refused(rel: str, message: str) -> f.Finding:
    return f.make(
        MK110,
        rel,
        START,
        message,
        "Lägg in filen själv i repot (inte en länk) med ett namn i UTF-8, eller ta bort den.",
    )


class _Walk:
    """Walks the repository's folders, refusing what must not be read (MK110)."""

    def __init__(self, root: Path, refused: list[f.Finding]) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.refused = refused

    def readable(self, path: Path, rel: str) -> bool:
        """Whether a file may be read: a UTF-8 name and, for a link, a target inside."""
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            self.refused.append(_refused(shown, _NOT_UTF8))
            return False
        if path.is_symlink() and not path.resolve().is_relative_to(self.real_root):
            self.refused.append(_refused(rel, _LINK_OUT))
            return False
        return True

    def yaml_files(self, folder: Path) -> Iterator[tuple[str, int]]:
        """Relative posix paths of the YAML files below ``folder`` that may be read, and
        their depth below it."""
        for dirpath, dirnames, filenames in os.walk(folder):
            here = Path(dirpath)
            rel_dir = here.relative_to(self.root)
            for d in sorted(dirnames):
                if not d.startswith(".") and (here / d).is_symlink():
                    self.refused.append(_refused((rel_dir / d).as_posix(), _LINKED_FOLDER))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            depth = len(rel_dir.parts) - 1
            for name in sorted(filenames):
                if _is_yaml(name) and not name.startswith("."):
                    rel = (rel_dir / name).as_posix()
                    if self.readable(here / name, rel):
                        yield rel, depth


def _year_kind(parts: tuple[str, ...], depth: int) -> str | None:
    if depth == 0:
        return YEAR_FILES.get(Path(parts[0]).stem) if _is_yaml(parts[0]) else None
    if parts[0] == "plan":
        return "plan"
    if parts[0] == "internkontroll" and depth == 1:
        return "internkontroll"
    return None


def _year_suggestion(parts: tuple[str, ...], year: str) -> str | None:
    if len(parts) == 1:
        stem = _near(Path(parts[0]).stem, YEAR_FILES)
        return f"{year}/{stem}.yaml" if stem else None
    folder = _near(parts[0], YEAR_DIRS)
    if folder == "internkontroll":
        return f"{year}/internkontroll/{parts[-1]}"
    return f"{year}/{folder}/{'/'.join(parts[1:])}" if folder else None


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(_SUFFIXES)


def _near(name: str, known: Any) -> str | None:
    folded = fold(name).lower()
    if folded in known:
        return folded
    close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def _stray(rel: str, suggestion: str | None, why: str = "") -> f.Finding:
    hint = f"Menade du {quote(suggestion)}?" if suggestion and suggestion != rel else ""
    message = "Här hör ingen YAML-fil hemma, så malkoll läser den inte."
    return f.make(
        MK107,
        rel,
        START,
        " ".join(part for part in (message, why, hint) if part),
        "Flytta eller byt namn på filen (se formatet i README), eller ta bort den.",
    )


Progress = Callable[[int, int], None]
"""Told (files read, files in all) after each file; the CLI shows a bar with it."""


def load(root: Path, progress: Progress | None = None) -> Repository:
    """Read every file of the repository at ``root`` into the typed model."""
    files, stray = discover(root)
    with paused_gc():
        repo = _load_files(root, files, m.field_names(), progress)
    repo.findings.extend(stray)
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
    found: list[f.Finding] = []
    settings = _load_settings(root, settings_file, keys, found)
    repo = Repository(root=root, installningar=settings, findings=found)
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
        repo.findings.extend(result.findings)
        typed, problems = (None, [])
        if result.readable:
            typed, problems = validate(m.FILE_MODELS[source.kind], result.data, source.rel, context)
            repo.findings.extend(problems)
        if not result.readable or problems:
            repo.incomplete.add(source.kind)
        if typed is not None:
            _place(repo, source, typed)
    return repo


def _load_settings(
    root: Path, source: SourceFile | None, keys: frozenset[str], found: list[f.Finding]
) -> m.Installningar:
    if source is None:  # find_root guarantees it; a library caller may not
        return m.Installningar(kommun="")
    result = read_file(root / source.rel, source.rel, keys)
    found.extend(result.findings)
    if result.readable:
        typed, problems = validate(m.Installningar, result.data, source.rel, {})
        found.extend(problems)
        if typed is None and isinstance(result.data, dict):
            # Keep what the user did configure (their periods and scale) when only
            # `kommun` is missing: the defaults would make every other file look wrong.
            typed, _ = validate(m.Installningar, {"kommun": "", **result.data}, source.rel, {})
        if typed is not None:
            return typed
    return m.Installningar(kommun="")


def _place(repo: Repository, source: SourceFile, typed: Any) -> None:
    doc = Doc(source.rel, typed)
    if source.kind == "organisation":
        repo.organisation = doc
    elif source.kind == "mal":
        repo.mal.append(doc)
    elif source.kind == "indikator":
        repo.indikatorer.append(doc)
    else:
        year = repo.ar[source.year or 0]
        if source.kind == "plan":
            year.planer.append(doc)
        elif source.kind == "internkontroll":
            year.internkontroll.append(doc)
        else:
            setattr(year, source.kind, doc)

"""Finding a goal repository and the files in it.

The layout is fixed by `format.md` and written down once, in `model.kinds`: which file is of
which kind follows from its path. A YAML file where no kind belongs is MK107; a file malkoll
must not read (a link out of the repository, a linked folder, a name that is not UTF-8) is
MK110.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from malkoll import findings as f
from malkoll.cache import SKIPPED_DIRS
from malkoll.errors import RepoNotFound
from malkoll.findings import START
from malkoll.model.kinds import KINDS
from malkoll.model.repository import FIRST_YEAR, LAST_YEAR, SourceFile
from malkoll.reading.source import MK110
from malkoll.text import fold, printable, quote

SETTINGS = "malkoll.yaml"
ROOT_FILES = {k.stem: k.name for k in KINDS if k.place == "root"}
YEAR_FILES = {k.stem: k.name for k in KINDS if k.place == "year"}
YEAR_DIRS = {k.stem: k for k in KINDS if k.place == "year-folder"}
TOP_DIRS = {k.stem: k.name for k in KINDS if k.place == "top"}
_YEAR = re.compile(r"[0-9]{4}")
_SUFFIXES = (".yaml", ".yml")

MK107 = f.rule(
    "MK107",
    "fel",
    "En YAML-fil där ingen fil av det slaget hör hemma",
    "malkoll läser filerna efter var de ligger: `malkoll.yaml` och `organisation.yaml` i "
    "roten, en målsättning per fil i `mal/`, indikatorvärden i `indikatorer/`, och per år "
    "`arshjul.yaml`, `uppdrag.yaml`, `ekonomi.yaml`, `bokslut.yaml`, `hushallning.yaml`, "
    "`personal.yaml`, `bolag/*.yaml`, `malsattningar/*.yaml`, `internkontroll/*.yaml` och "
    "`plan/**/*.yaml`, och förvaltningsberättelsens kapitel som Markdown i "
    "`forvaltningsberattelse/PERIOD/*.md`. En YAML-fil någon annanstans i de mapparna (eller "
    "en rotfil med ett namn nära de kända) är troligen felplacerad eller felstavad och skulle "
    "annars inte läsas alls, och detsamma gäller ett kapitel utanför en periods mapp. Andra "
    "mappar (till exempel `.github/`, `docs/`) läses inte.",
    wrong="2020/planer/grundskola.yaml",
    right="2020/plan/grundskola.yaml",
)

RULES = (MK107,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def find_root(start: Path) -> Path:
    """The folder with `malkoll.yaml`: ``start`` or the nearest one above it."""
    try:
        start = start.resolve()
    except (RuntimeError, OSError):  # a loop of links: RuntimeError before Python 3.13
        raise RepoNotFound(f"Mappen {start} går inte att nå: länkarna bildar en slinga.") from None
    if start.is_file():
        start = start.parent
    if not start.exists():
        raise RepoNotFound(f"Mappen {start} finns inte.")
    for folder in (start, *start.parents):
        if (folder / SETTINGS).is_file():
            return folder
    raise RepoNotFound(
        f"Hittade ingen {SETTINGS} i {start} eller någon mapp ovanför.", searched=True
    )


def discover(root: Path) -> tuple[list[SourceFile], list[f.Problem]]:
    """Every file malkoll reads, in path order, and the YAML files that belong nowhere or
    that it will not read (links out of the repository, odd names: MK110)."""
    found: list[SourceFile] = []
    stray: list[f.Problem] = []
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
            elif (near := _near(stem, ROOT_FILES)) is not None:
                stray.append(_stray(entry.name, near + ".yaml"))
    found.sort(key=lambda s: s.rel)
    return found, stray


def _discover_dir(
    walk: _Walk, folder: Path, name: str, found: list[SourceFile], stray: list[f.Problem]
) -> None:
    year, problem = _year_folder(name)
    if name in TOP_DIRS:
        kind = TOP_DIRS[name]
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
            year_kind = _year_kind(Path(rel).parts[1:], depth)
            if year_kind:
                found.append(SourceFile(rel, year_kind, year))
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
_LINK_LOOP = "Filen är en länk som pekar i en slinga; malkoll läser den inte."
_NOT_UTF8 = "Filnamnet är inte UTF-8; malkoll läser inte filen."


def _refused(rel: str, message: str) -> f.Problem:
    return f.Problem(
        MK110,
        rel,
        START,
        message,
        "Lägg in filen själv i repot (inte en länk) med ett namn i UTF-8, eller ta bort den.",
    )


class _Walk:
    """Walks the repository's folders, refusing what must not be read (MK110)."""

    def __init__(self, root: Path, refused: list[f.Problem]) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.refused = refused

    def readable(self, path: Path, rel: str, is_link: bool | None = None) -> bool:
        """Whether a file may be read: a UTF-8 name and, for a link, a target inside
        (``is_link`` when the caller knows it from its folder listing)."""
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            self.refused.append(_refused(shown, _NOT_UTF8))
            return False
        if not (path.is_symlink() if is_link is None else is_link):
            return True
        try:
            target = path.resolve()
        except (RuntimeError, OSError):  # a loop of links: RuntimeError before Python 3.13
            self.refused.append(_refused(rel, _LINK_LOOP))
            return False
        if not target.is_relative_to(self.real_root):
            self.refused.append(_refused(rel, _LINK_OUT))
            return False
        return True

    def yaml_files(self, folder: Path) -> Iterator[tuple[str, int]]:
        """Relative posix paths of the YAML files below ``folder`` (a folder in the root)
        that may be read, and their depth below it: each folder's files in name order,
        then its folders in name order, as `os.walk` gives them (from one listing per
        folder, whose entries know whether they are links without asking again)."""
        yield from self._folder(str(folder), folder.relative_to(self.root).as_posix(), 0)

    def _folder(self, path: str, rel_dir: str, depth: int) -> Iterator[tuple[str, int]]:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            return
        folders: list[os.DirEntry[str]] = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith("."):
                    if entry.is_symlink():
                        self.refused.append(_refused(f"{rel_dir}/{name}", _LINKED_FOLDER))
                    else:
                        folders.append(entry)
            elif _is_yaml(name) and not name.startswith("."):
                rel = f"{rel_dir}/{name}"
                if self.readable(Path(entry.path), rel, entry.is_symlink()):
                    yield rel, depth
        for entry in folders:
            yield from self._folder(entry.path, f"{rel_dir}/{entry.name}", depth + 1)


def _year_kind(parts: tuple[str, ...], depth: int) -> str | None:
    if depth == 0:
        return YEAR_FILES.get(Path(parts[0]).stem) if _is_yaml(parts[0]) else None
    kind = YEAR_DIRS.get(parts[0])
    if kind is not None and (kind.nested or depth == 1):
        return kind.name
    return None


def _year_suggestion(parts: tuple[str, ...], year: str) -> str | None:
    if len(parts) == 1:
        stem = _near(Path(parts[0]).stem, YEAR_FILES)
        return f"{year}/{stem}.yaml" if stem else None
    folder = _near(parts[0], YEAR_DIRS)
    if folder is None:
        return None
    inside = "/".join(parts[1:]) if YEAR_DIRS[folder].nested else parts[-1]
    return f"{year}/{folder}/{inside}"


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(_SUFFIXES)


def _near(name: str, known: Any) -> str | None:
    folded = fold(name).lower()
    if folded in known:
        return folded
    close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def _stray(rel: str, suggestion: str | None, why: str = "") -> f.Problem:
    hint = f"Menade du {quote(suggestion)}?" if suggestion and suggestion != rel else ""
    message = "Här hör ingen YAML-fil hemma, så malkoll läser den inte."
    return f.Problem(
        MK107,
        rel,
        START,
        " ".join(part for part in (message, why, hint) if part),
        "Flytta eller byt namn på filen (se formatet i README), eller ta bort den.",
    )

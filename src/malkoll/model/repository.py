"""A goal repository as typed data: the files, per year, with the problems found reading them.

Nothing here reads or checks: `reading.load` fills a `Repository`, the rules and the report
read it, and `model.index` looks things up in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model.annual import Kapitel

T = TypeVar("T")

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a year folder may name (as `ar` in a plan)."""


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
    bokslut: Doc[m.Bokslut] | None = None
    hushallning: Doc[m.Hushallning] | None = None
    personal: Doc[m.Personal] | None = None
    bolag: list[Doc[m.Bolag]] = field(default_factory=list)
    malsattningar: list[Doc[m.MalsattningUppfoljning]] = field(default_factory=list)
    forvaltningsberattelse: list[Kapitel] = field(default_factory=list)
    """The förvaltningsberättelse's chapters (Markdown), every period's, in path order."""


@dataclass
class Repository:
    """A municipality's goal repository, typed, with the problems found while reading it."""

    root: Path
    installningar: m.Installningar
    organisation: Doc[m.OrganisationFil] | None = None
    mal: list[Doc[m.Malsattning]] = field(default_factory=list)
    indikatorer: list[Doc[m.IndikatorVarden]] = field(default_factory=list)
    ar: dict[int, Ar] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)
    problems: list[f.Problem] = field(default_factory=list)
    """What reading found wrong (MK1xx), before `findings.build` gives it a severity."""
    index_cache: object = field(default=None, repr=False, compare=False)
    """`model.index.Index.of` keeps the repository's index here once it is built."""

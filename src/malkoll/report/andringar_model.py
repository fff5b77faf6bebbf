"""The view model of what changed between two periods (`malkoll andringar` and the
report's section `andringar`): plain data classes with every name in Swedish, built by
`report.andringar` from `analysis.changes`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from malkoll.report.annual_model import Steg


@dataclass(frozen=True)
class Textvy:
    """An analysis part's change: its heading, `ny`, `borttagen` or `ändrad`, and the
    word diff as runs `("=", …)` kept, `("-", …)` removed, `("+", …)` added."""

    rubrik: str
    slag: str
    segment: list[tuple[str, str]]
    helt: bool = False
    """Most of the text changed: show `fore` and `efter` whole (Före / Nu), not the diff."""
    fore: str | None = None
    efter: str | None = None


@dataclass(frozen=True)
class Aktivitetsvy:
    namn: str
    fran: str
    till: str
    """The statuses' names (`Pågår`, `Ej uppföljd`)."""


@dataclass(frozen=True)
class Delmalsvy:
    delmal: str
    namn: str
    fran: Steg | None
    till: Steg | None
    riktning: str | None
    """`bättre`, `sämre`, `ny`, `borttagen`, `ändrad`; None when it did not move."""
    fran_id: str | None
    till_id: str | None
    """The assessments as written (for a step the scale does not have)."""
    nya_atgarder: list[str]
    borttagna_atgarder: list[str]
    delar: list[str]
    """The headings of the analysis parts whose text changed."""
    texter: list[Textvy]
    aktiviteter: list[Aktivitetsvy]
    saknades: bool = False
    """No follow-up of the delmål for the earlier period: only its assessment is new."""


@dataclass(frozen=True)
class Organisationsvy:
    id: str
    namn: str
    delmal: list[Delmalsvy]
    prognos_fran: float | None = None
    prognos_till: float | None = None
    prognos_skillnad: float | None = None
    prognos_andrad: bool = False
    """Whether the forecast of the year's deviation moved between the periods."""
    ej_ifyllda: list[str] = field(default_factory=list)
    """The delmål (`1.1 Namn`) followed up before but not yet filled in for the later
    period."""
    prognos_riktning: str | None = None
    """`bättre` when the forecast rose (it is the year's deviation, budget − outcome:
    `prognos_skillnad` > 0), `sämre` when it fell; None without both forecasts."""


@dataclass(frozen=True)
class Andringsvy:
    """What changed from one period to another, organisation by organisation."""

    fran: str
    """The earlier period's name with its year: `Delårsrapport 1 2020`."""
    till: str
    organisationer: list[Organisationsvy]
    enhet: str
    """The economy's unit (tkr)."""
    bakat: bool = False
    """Whether the first period is later than the second (allowed: the page says so)."""
    fore_ifylld: bool = True
    """False: no organisation in scope has a follow-up for the earlier period."""
    efter_ifylld: bool = True
    """False: no organisation in scope has a follow-up for the later period yet."""
    flyttade: int = 0
    """In the report's compact section, where the moves are left to the summary: how
    many delmål's assessments moved (0 on the full page, which shows each move)."""

    @property
    def antal(self) -> int:
        """How many delmål changed, over every organisation."""
        return sum(len(o.delmal) for o in self.organisationer)


@dataclass
class Andringssida:
    """The `andringar` page (`r` in mallar/andringar.*.j2); the fields the report's
    HTML head reads (`kommun`, `titel`, `namnd`, `utkast`) are here too."""

    kommun: str
    titel: str
    namnd: str | None
    datum: dt.date
    andringar: Andringsvy
    utkast: bool = False
    skala: list[Steg] = field(default_factory=list)

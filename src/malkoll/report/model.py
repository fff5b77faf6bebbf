"""The report's view model: plain data classes, one per part of the report.

Templates receive a `Rapport` as `r`. Every figure in these classes is computed in
`view/` (one module per section, named like the template blocks, and tested there); the
classes only hold it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Steg:
    """A step of the assessment scale as the report shows it: colour, symbol and words."""

    id: str
    namn: str
    text: str
    symbol: str
    farg: str
    rank: int


@dataclass
class Analysdel:
    rubrik: str
    text: str


@dataclass
class Aktivitetsrad:
    organisation: str
    namn: str
    status: str | None
    status_id: str | None
    hur_har_det_gatt: str | None
    vad_har_det_lett_till: str | None
    kommentar: str | None


@dataclass
class Malrad:
    """A verksamhetsmål: target and outcome for the period."""

    organisation: str
    namn: str
    enhet: str | None
    malvarde: float | None
    utfall: float | None
    uppnatt: bool | None
    kommentar: str | None


@dataclass
class Uppfoljning:
    """One organisation's follow-up of a delmål for the period."""

    org_id: str
    organisation: str
    typ: str
    bedomning: Steg | None
    analys: list[Analysdel]
    underlag: list[str]
    verksamhetsmal: list[Malrad]
    aktiviteter: list[Aktivitetsrad]
    aktivitetsstatus: list[tuple[str, int]]
    """Status counts of the activities in the organisation and every unit below it."""


@dataclass
class Indikatorrad:
    ar: int
    T: float | None
    K: float | None
    M: float | None
    malvarde: float | None
    jamforelser: list[float | None]


@dataclass
class Indikatorvy:
    id: str
    namn: str
    enhet: str | None
    riktning: str
    kalla: str | None
    kolada: bool
    rader: list[Indikatorrad]
    jamforelsenamn: list[str]
    trend: str
    """`förbättras`, `försämras`, `oförändrad`, or empty when there are not two years."""
    diagram: str
    """The trend chart as inline SVG (empty without values)."""


@dataclass
class Delmalvy:
    id: str
    namn: str
    agenda2030: list[str]
    bedomning: Steg | None
    uppfoljningar: list[Uppfoljning]
    indikatorer: list[Indikatorvy]
    anchor: str


@dataclass
class Malvy:
    id: str
    namn: str
    omrade: str | None
    beskrivning: str | None
    ansvarig: str | None
    agenda2030: list[str]
    framgangsfaktorer: list[tuple[str, str | None]]
    delmal: list[Delmalvy]
    anchor: str


@dataclass
class Matrisrad:
    mal: str
    delmal_id: str
    delmal: str
    celler: list[Steg | None]
    anchor: str


@dataclass
class Forandring:
    delmal_id: str
    organisation: str
    fran: Steg | None
    till: Steg
    riktning: str
    """`bättre`, `sämre` or `ny`."""


@dataclass
class Matris:
    kolumner: list[tuple[str, str]]
    rader: list[Matrisrad]
    antal: list[tuple[Steg, int]]
    saknas: int
    """Cells of organisations that plan for the delmål but have no assessment."""
    foregaende: str | None
    """The name of the previous period (for the year's first: the year before's last, when
    the repository has it), or None."""
    forandringar: list[Forandring]


@dataclass
class Ekonomirad:
    org_id: str
    namn: str
    budget: float
    utfall: float | None
    jamfort_med: float | None
    """The outcome's budget: the period budget, or for the last period the year's budget."""
    avvikelse: float | None
    avvikelse_procent: float | None
    prognoser: list[float | None]
    analys: str | None
    atgarder: str | None


@dataclass
class Investeringsrad:
    id: str
    namn: str
    organisation: str
    budget: float
    utfall: float | None
    avvikelse: float | None
    kommentar: str | None


@dataclass
class Ekonomivy:
    enhet: str
    prognoskolumner: list[str]
    rader: list[Ekonomirad]
    summa: Ekonomirad
    investeringar: list[Investeringsrad]
    investeringar_budget: float
    """The investments' budgets summed (`investeringar_summa.budget`)."""
    investeringar_utfall: float | None
    """The outcomes that exist summed, None when no investment has one yet
    (`investeringar_summa.utfall`)."""
    investeringar_summa: Investeringsrad
    """The investments' sum row: every budget, the outcomes that exist (None when none
    does), and the deviation summed over the rows that have both."""


@dataclass
class Uppdragsrad:
    id: str
    namn: str
    givet_av: str
    beslut: str | None
    klart: dt.date | None
    status: str | None
    status_id: str | None
    kommentar: str | None


@dataclass
class Uppdragsgrupp:
    org_id: str
    namn: str
    uppdrag: list[Uppdragsrad]


@dataclass
class Kontrollrad:
    id: str
    process: str | None
    risk: str
    sannolikhet: int
    konsekvens: int
    riskvarde: int
    kontrollmoment: str
    rapporteras: bool
    resultat: str | None
    avvikelser: str | None
    atgarder: str | None


@dataclass
class Internkontrollvy:
    org_id: str
    namn: str
    antagen: dt.date | None
    kontroller: list[Kontrollrad]


@dataclass
class Namndvy:
    id: str
    namn: str
    sammanfattning: str | None
    mal: list[tuple[str, str, Steg | None]]
    ekonomi: Ekonomirad | None
    uppdrag: list[Uppdragsrad]
    internkontroll: Internkontrollvy | None
    anchor: str

    @property
    def har_innehall(self) -> bool:
        """Whether the nämnd has reported anything at all for the period."""
        return bool(
            self.sammanfattning or self.mal or self.ekonomi or self.uppdrag or self.internkontroll
        )


@dataclass
class Bilagefynd:
    plats: str
    kod: str
    allvarlighet: str
    meddelande: str


@dataclass
class Bilagegrupp:
    organisation: str
    fynd: list[Bilagefynd]


@dataclass
class Rapport:
    """Everything one report shows."""

    kommun: str
    titel: str
    ar: int
    period: str
    period_namn: str
    datum: dt.date
    commit: str | None
    andrad: bool
    utkast: bool
    namnd: str | None
    skala: list[Steg]
    matris: Matris
    mal: list[Malvy]
    namnder: list[Namndvy]
    ekonomi: Ekonomivy | None
    uppdrag: list[Uppdragsgrupp]
    internkontroll: list[Internkontrollvy]
    bilaga: list[Bilagegrupp] = field(default_factory=list)
    fel: int = 0
    varningar: int = 0

"""The report's view model: plain data classes, one per part of the report.

Templates receive a `Rapport` as `r`. Every figure in these classes is computed in
`view/` (one module per section, named like the template blocks, and tested there); the
classes only hold it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from malkoll.analysis.deviations import Delmalavvikelser
from malkoll.report.andringar_model import Andringsvy
from malkoll.report.annual_model import (
    Agendamal,
    Beslutvy,
    Bolagvy,
    Faktorvy,
    Forvaltningsvy,
)
from malkoll.report.annual_model import Steg as Steg
from malkoll.report.ekonomi_model import Enhetsrad, Nettorad, Projektvy
from malkoll.report.forecast_chart import Prognosvy
from malkoll.report.grupper_model import Enhetsvy, Grupperingvy


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
    hur_vi_arbetar: str | None = None
    """How the organisation works with the delmål according to its plan (Markdown)."""


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
    beteckning: str = ""
    """Its id and source beside its name: `Kolada N15505`, or its own id."""
    enhetstext: str | None = None
    """The unit after its name (`poäng`, `%`); None when the name carries it."""
    decimaler: int = 1
    """The decimals its figures need (a table of whole numbers shows no `,0`)."""
    grupperingar: list[Grupperingvy] = field(default_factory=list)
    """Its groupings beyond women and men (`grupper`), in the file's order."""
    organisationer: Enhetsvy | None = None
    """The units' own figures (`organisationer`) in the report's scope; None without."""


@dataclass
class Vagenrad:
    """One indicator's way to its target (Vägen till 2030, `view.vagen`): the figures of
    `model.pace.Takt` and how the report writes them."""

    id: str
    namn: str
    senaste: float | None
    senaste_ar: int | None
    malvarde: float
    malar: int
    behovd_takt: float | None
    """The change per year needed from the latest outcome to the target; None when the
    target is met or its year has passed."""
    takt: float | None
    """The change per year over the last three years."""
    nas_ar: int | None
    """The year the target is reached at today's pace (None: not at today's pace)."""
    forslag: Steg
    """The step of the scale the indicator's figures suggest."""
    skal: str
    """Why: `nått`, `i takt`, `för långsamt`, `fel håll`, `målåret har passerats`,
    `inga data (för få år)`, `inga data (inget utfall)`."""
    nas: str
    """The year reached as written: `2027`, `nått 2020`, `inte i dagens takt`, a dash."""
    decimaler: int = 1
    """The decimals the latest outcome and the target need."""
    takt_decimaler: int = 2
    """The decimals of the paces: one more than the figures'."""


@dataclass
class Vagenvy:
    """A delmål's Vägen till 2030: one row per indicator with a target, the suggestion
    from their figures beside the people's summarised assessment."""

    rader: list[Vagenrad]
    forslag: Steg | None
    """The median of the rows' categories with data on the scale; None without data."""
    bedomning: Steg | None
    """The delmål's summarised assessment (`Delmalvy.bedomning`)."""
    skillnad: str | None
    """A sentence when the assessment and the suggestion differ; None when they agree."""
    forklaring: str
    """How the suggestion is computed, in one sentence (shown once a report)."""
    forklaring_forst: bool = False
    """Whether this is the report's first delmål with a Vägen table: the one that shows
    `forklaring` (`view.vagen.mark_first`)."""


@dataclass
class Delmalvy:
    id: str
    namn: str
    agenda2030: list[Agendamal]
    bedomning: Steg | None
    uppfoljningar: list[Uppfoljning]
    indikatorer: list[Indikatorvy]
    anchor: str
    vagen: Vagenvy | None = None
    """Vägen till 2030 (`view.vagen`); None when no indicator of the delmål has a target."""


@dataclass
class Malvy:
    id: str
    namn: str
    omrade: str | None
    beskrivning: str | None
    ansvarig: str | None
    agenda2030: list[Agendamal]
    framgangsfaktorer: list[tuple[str, str | None]]
    delmal: list[Delmalvy]
    anchor: str
    bedomning: Steg | None = None
    """The målsättningsansvarig's assessment (ÅÅÅÅ/malsattningar/): the goal's."""
    stod: Steg | None = None
    """The median of the delmål's summarised assessments: support only."""
    prognos: Steg | None = None
    """In an interim report: the forecast of the goal's fulfilment at the year's end."""
    text: str | None = None
    av: str | None = None
    team: list[str] = field(default_factory=list)
    faktorer: list[Faktorvy] = field(default_factory=list)
    """Each framgångsfaktor with its follow-up for the period."""
    uppfoljd: bool = False
    """Whether the goal's own follow-up has an entry for the period."""
    fil: str | None = None


@dataclass
class Matrisrad:
    mal: str
    delmal_id: str
    delmal: str
    celler: list[Steg | None]
    anchor: str
    saknas: list[bool] = field(default_factory=list)
    """Per cell: an assessment is expected (the organisation plans for the delmål) but
    missing; an empty cell that is not is not planned."""


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
    diagram: str = ""
    """The delmål per assessment step and strategic goal as inline SVG
    (`report.goal_chart`; empty without goals)."""


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
    anchor: str = ""
    """Where the economy part shows the nämnd's analysis and measures."""


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
    """The forecast columns' headings: `Prognos helår, avvikelse (februari)`."""
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
    periodbudget: bool = True
    """Whether the period has a budget of its own (an interim report); in the year's
    last period the budget is the year's and is shown once."""
    prognossakerhet: list[Prognosvy] = field(default_factory=list)
    """Per nämnd, how its forecasts through the year held (`analysis.forecasts`)."""
    diagram: str = ""
    """Budget against outcome per nämnd as inline SVG (`report.economy_chart`; empty
    without figures)."""
    netto: list[Nettorad] = field(default_factory=list)
    """Costs, income and last year's net cost per nämnd; empty when none is given."""
    enheter: list[Enhetsrad] = field(default_factory=list)
    """In a nämnd's report, its figures on its units (`enheter`)."""
    projekt: Projektvy | None = None
    """The investments as projects, with the ombudgetering asked for."""


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
    bedomning: str | None = None
    """The nämnd's overall judgement of its internal control for the period."""


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
    beslut: str | None = None
    """The nämnd's decision on its own report for the period (its plan's `beslut`):
    `Nämnden beslutade om rapporten 2021-02-18 § 12 (UN.2021.9)`."""
    avvikelser: list[Delmalavvikelser] = field(default_factory=list)
    """In a nämnd's own report: what stands out per delmål (`analysis.deviations`)."""

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
    """The day the report was built (its foot), not the report's date (`upprattad`)."""
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
    perioden: str = ""
    """The period written out, from 1 January to its end: `januari–augusti 2020`."""
    upprattad: dt.date | None = None
    """The report's date on its title page: the first decision's on it (`beslut`), else
    the day of the data's git commit, else the day it was built."""
    diarienummer: str | None = None
    """The case number, from the first decision that gives one."""
    forvaltning: Forvaltningsvy | None = None
    """The förvaltningsberättelse; in the municipality's report only."""
    bolag: list[Bolagvy] = field(default_factory=list)
    beslut: list[Beslutvy] = field(default_factory=list)
    """The decisions on the report (the municipality's in bokslut.yaml, a nämnd's in its
    plan), for the title page."""
    andringar: Andringsvy | None = None
    """What changed since the previous period (`report.andringar.section`): the nämnder
    and bolag in the municipality's report, the nämnd and its units in a nämnd's; None
    without a previous period."""

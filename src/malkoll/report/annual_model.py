"""The view model of what makes the report the document fullmäktige adopts (issue 14):
the förvaltningsberättelse (its chapters in RKR R15's order, god ekonomisk hushållning,
the municipality's result line, the balanskravsutredning, the personnel, the koncern,
the five-year overview, an interim report's forecasts), the municipal companies, the
decisions on the report, and the pieces a strategic goal's own follow-up adds to
`report.model.Malvy`.

Like `report.model`, plain data classes: every figure is computed in `view/`
(`forvaltning`, `resultat`, `bolag`, `agenda2030`, `malsattningar`) and tested there.
`Steg`, the scale step every assessment is shown as, lives here so that both models
can use it; `report.model` re-exports it.
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


@dataclass(frozen=True)
class Agendamal:
    """An Agenda 2030 goal (`4`) with its Swedish name and the targets of it named
    (`4.3`, `4.4`)."""

    id: str
    """The goal's number (`4`), or an id of no goal as written."""
    mal: str
    """The goal's number: `4` for the target `4.1`."""
    namn: str | None
    """The goal's name; None for an id of no goal."""
    text: str
    """As the report writes it: `Mål 4 God utbildning för alla`, with its targets
    `Mål 4 God utbildning för alla: 4.3, 4.4`."""
    delmal: list[str] = field(default_factory=list)
    """The goal's targets named, in the order written (`4.3`, `4.4`)."""

    def __str__(self) -> str:
        return self.text


@dataclass
class Faktorvy:
    """A framgångsfaktor of a strategic goal and its follow-up for the period."""

    id: str
    namn: str
    beskrivning: str | None
    bedomning: Steg | None
    text: str | None
    arsvis: bool = False
    """In an interim report: the framgångsfaktorer are followed up in the annual report
    only, so a missing follow-up is shown as `–` (`Följs upp i årsredovisningen`), not
    as missing."""


# --- the förvaltningsberättelse -------------------------------------------------------------


@dataclass
class Kapitelvy:
    """One chapter of the förvaltningsberättelse, in R15's order."""

    id: str
    rubrik: str
    text: str | None
    """The chapter's Markdown (a person's text), None when no file holds it."""
    beraknad: bool
    """Whether malkoll computes this part or a part of it (the koncern, the goal
    fulfilment under styrning, god ekonomisk hushållning, the balanskrav, the
    personnel); a file's text is then shown with what malkoll computes."""
    saknas: bool
    """A chapter the annual report requires that no file holds."""
    fil: str
    """The file that holds, or would hold, the chapter."""
    anchor: str


@dataclass
class Finansmalrad:
    """A financial goal: target, outcome and whether it is met; in an interim report the
    forecast for the year and whether it will be met."""

    id: str
    namn: str
    niva: str
    enhet: str | None
    riktning: str
    """`högre är bättre` or `lägre är bättre`."""
    malvarde: float | None
    utfall: float | None
    uppfyllt: Steg | None
    """Met or not, as a step (colour, symbol, words); None without outcome or target."""
    prognos: float | None
    prognos_uppfylls: Steg | None
    kommentar: str | None
    utfall_beraknat: bool = False
    """The outcome is not written but computed (the goal's `matt`), to one decimal."""
    prognos_beraknad: bool = False
    """The forecast is not written but computed (the goal's `matt`), to one decimal."""


@dataclass
class Verksamhetsmalrad:
    """A delmål that fullmäktige named as of importance for god ekonomisk hushållning."""

    delmal_id: str
    namn: str
    mal: str | None
    """The strategic goal it belongs to."""
    bedomning: Steg | None
    """The delmål's summarised assessment (as in the goal section)."""
    malsattning: Steg | None
    """The målsättningsansvarig's assessment of its strategic goal."""
    anchor: str
    finns: bool
    """False when no goal in mal/ has the delmål (a finding elsewhere)."""


@dataclass
class Gehbedomning:
    """The styrelse's overall assessment of god ekonomisk hushållning, for the
    municipality or for the koncern."""

    niva: str
    rubrik: str
    bedomning: Steg | None
    """None when the file gives no assessment for the period."""
    text: str | None


@dataclass
class Gehvy:
    """God ekonomisk hushållning: the financial goals, the verksamhetsmål of importance
    for it, and the overall assessments."""

    finns: bool
    """Whether the year has a hushallning.yaml."""
    finansiella_mal: list[Finansmalrad]
    koncernens_mal: list[Finansmalrad]
    verksamhetsmal: list[Verksamhetsmalrad]
    kommun: Gehbedomning
    koncern: Gehbedomning
    har_koncern: bool = True
    """Whether the koncern's assessment is shown: the municipality has a bolag, or the
    file assesses the koncern anyway."""

    @property
    def bedomningar(self) -> list[Gehbedomning]:
        """The overall assessments to show: the municipality's, and the koncern's when
        there is one."""
        return [self.kommun, self.koncern] if self.har_koncern else [self.kommun]


@dataclass
class Resultatrad:
    """A line of the municipality's result, signed as in the resultaträkning (income
    positive, cost negative); the deviation is outcome less budget (positive is better)."""

    id: str
    namn: str
    budget: float | None
    utfall: float | None
    avvikelse: float | None
    prognos: float | None
    """In an interim report: the forecast deviation for the full year."""
    summa: bool = False
    helar: float | None = None
    """In an interim report: the forecast for the full year, the budget plus the
    forecast deviation (for the result row: the forecast result)."""


@dataclass
class Resultatvy:
    """The municipality's result: the nämnder's net cost, each line below it, and the
    year's result, with budget, outcome and deviation; in an interim report the forecast
    of each line's deviation and of the year's result."""

    enhet: str
    delar: bool
    """An interim report: the forecast columns are shown."""
    rader: list[Resultatrad]
    resultat: Resultatrad
    """Årets resultat (the sum row)."""
    prognos_resultat: float | None
    """The forecast of the year's result (interim: the budget plus every forecast)."""
    avstamning: bool
    """Whether the result's deviation equals the nämnder's deviations plus the lines'
    (in an interim report: the forecasts); False points at a missing figure."""
    poster_avvikelse: float | None = None
    """The lines' deviations (interim: forecasts) summed, for the reconciliation."""
    saknas: list[str] = field(default_factory=list)
    """What keeps a figure from being computed, in Swedish."""


@dataclass
class Balanskravsrad:
    """A row of the balanskravsutredning: the amount as it is added (a deduction is
    negative); a sum row (`summa`) is what the rows above it come to."""

    text: str
    belopp: float | None
    summa: bool = False


@dataclass
class Balanskravsvy:
    """The balanskravsutredning (KL 11 kap., LKBR), on the outcome or (interim) the
    forecast."""

    prognos: bool
    """Computed on the forecast of the year's result (an interim report)."""
    rader: list[Balanskravsrad]
    resultat: float | None
    """Årets balanskravsresultat; None when it cannot be computed."""
    uppfyllt: Steg | None
    """The balanskrav met (the result is not negative) or not."""
    underskott: list[tuple[int, float]]
    """Deficits of earlier years still to restore: (year, amount)."""
    kvar: float | None
    """The deficit left to restore after this year."""
    atgardsplan: str | None
    resultatutjamningsreserv: float | None
    """The reserve at the start of the year."""
    saknas: str | None
    """Why the balanskrav cannot be computed, in Swedish; None when it can."""
    aterstallt: float | None = None
    """How much of the earlier deficits this year's balanskravsresultat restores."""
    utan_justeringar: bool = False
    """bokslut.yaml has no `balanskrav`: the utredning assumes no adjustments."""


@dataclass
class Sjukfranvarorad:
    id: str
    namn: str
    varde: float | None
    foregaende: float | None


@dataclass
class Personalmattrad:
    namn: str
    enhet: str | None
    varde: float | None
    foregaende: float | None


@dataclass
class Personalvy:
    """The sick-leave figures the law asks for, this year and last, and other figures."""

    finns: bool
    """Whether the year's personal.yaml has figures for the period."""
    sjukfranvaro: list[Sjukfranvarorad]
    ej_redovisat: str | None
    saknas: list[str]
    """The statutory figures missing without `ej_redovisat` saying why (their names)."""
    matt: list[Personalmattrad]
    kommentar: str | None
    foregaende_ar: int


@dataclass
class Bolagsmalrad:
    namn: str
    enhet: str | None
    malvarde: float | None
    utfall: float | None
    uppfyllt: Steg | None
    kommentar: str | None


@dataclass
class Bolagvy:
    """One municipal company (an organisation of typ `bolag`) and its follow-up."""

    org_id: str
    namn: str
    uppfoljd: bool
    """False: no file, or no entry for the period: "Ingen uppföljning har kommit in"."""
    agarandel: float | None
    uppdrag: str | None
    mal: list[Bolagsmalrad]
    resultat: float | None
    prognos: float | None
    omsattning: float | None
    soliditet: float | None
    sammanfattning: str | None
    fil: str | None
    anchor: str
    enhet: str = "tkr"
    """The unit of the amounts (malkoll.yaml's `ekonomi.enhet`)."""


@dataclass
class Koncernvy:
    """The municipal koncern: its result (a forecast in an interim report) and the
    companies in it."""

    resultat: float | None
    prognos: bool
    bolag: list[Bolagvy]


@dataclass
class Femarsrad:
    namn: str
    enhet: str | None
    """The unit as written beside the name (`%`, `mnkr`); None when there is none."""
    varden: list[float | None]
    decimaler: int
    """The decimals the row's figures need: `84,0` beside `58,4`, `31 868` without."""


@dataclass
class Femarsvy:
    ar: list[int]
    rader: list[Femarsrad]


@dataclass
class Beslutvy:
    """A decision on the report: who, when, the paragraph and the case number."""

    organ: str
    datum: dt.date
    paragraf: str | None
    diarienummer: str | None
    arsredovisning: bool | None = None
    """Whether the report is the annual report (fullmäktige godkänner it) or an interim
    one (fullmäktige behandlar it); None when not known."""


@dataclass
class Prognosvy:
    """An interim report's forecast for the year: the result, the balanskrav, the
    financial goals (each goal's row in `Gehvy` has its forecast)."""

    resultat: float | None
    budgeterat: float | None
    avvikelse: float | None
    """The forecast result less the budgeted result."""
    balanskrav: float | None
    """The forecast balanskravsresultat."""
    balanskrav_uppfylls: Steg | None
    mal_uppfylls: int
    mal_antal: int
    """How many financial goals (kommun and koncern) are forecast to be met, of how many
    have a forecast."""
    mal_text: str | None = None
    """The same, the municipality's and the koncern's apart: `3 av 3 för kommunen, 1 av 1
    för koncernen väntas uppfyllas`; None when no goal has a forecast."""


@dataclass
class Forvaltningsvy:
    """The förvaltningsberättelse of the municipality's report."""

    delar: bool
    """An interim report (a delårsrapport's förvaltningsberättelse with forecasts)."""
    enhet: str
    """The unit of every amount (malkoll.yaml's `ekonomi.enhet`, e.g. tkr)."""
    kapitel: list[Kapitelvy]
    geh: Gehvy
    resultat: Resultatvy | None
    """None without ekonomi.yaml (the nämnder's net cost)."""
    balanskrav: Balanskravsvy
    personal: Personalvy
    koncern: Koncernvy
    femar: Femarsvy | None
    prognos: Prognosvy | None
    """The interim report's forecasts; None in the annual report."""
    saknas: list[str] = field(default_factory=list)
    """The year's files the förvaltningsberättelse is built from that do not exist."""

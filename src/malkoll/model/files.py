"""The typed model of a municipality's goal repository: one class per file kind.

Field names are the ASCII Swedish keys of `format.md`; the reader turns the spelling
with å/ä/ö into them. Every field has a Swedish description: the JSON Schema for editors
and the format documentation are generated from them. Values arrive from the reader as
text and are typed here, by the schema, never by YAML's guesses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import (
    ConfigDict,
    Field,
    RootModel,
    field_validator,
)

from malkoll.model.annual import Beslut
from malkoll.model.annual import Bokslut as Bokslut
from malkoll.model.annual import Bolag as Bolag
from malkoll.model.annual import Hushallning as Hushallning
from malkoll.model.annual import MalsattningUppfoljning as MalsattningUppfoljning
from malkoll.model.annual import Personal as Personal
from malkoll.model.settings import STANDARD_PERIODER as STANDARD_PERIODER
from malkoll.model.settings import STANDARD_SKALA as STANDARD_SKALA
from malkoll.model.settings import AnalysInstallningar as AnalysInstallningar
from malkoll.model.settings import EkonomiInstallningar as EkonomiInstallningar
from malkoll.model.settings import Installningar as Installningar
from malkoll.model.settings import Period as Period
from malkoll.model.settings import Skalsteg as Skalsteg
from malkoll.model.types import MANADER as MANADER  # re-exported: callers read m.MANADER
from malkoll.model.types import MAX_NUMBER as MAX_NUMBER
from malkoll.model.types import MONTH_OF as MONTH_OF
from malkoll.model.types import STATUSAR as STATUSAR
from malkoll.model.types import (
    Agenda2030,
    Amount,
    Bedomning,
    Epost,
    GitAnvandarlista,
    Id,
    Keyed,
    Namn,
    Number,
    OrgTyp,
    PeriodOrMonth,
    Riktning,
    Status,
    Text,
    as_month,
    many,
)
from malkoll.model.types import Node as Node
from malkoll.model.types import Year as Year

# --- organisation.yaml --------------------------------------------------------------


class Organisation(Node):
    id: Id = Field(description="Organisationens id, t.ex. `bun`.")
    namn: Text = Field(description="Organisationens namn.")
    typ: OrgTyp = Field(description="namnd, bolag, sektor, verksamhet eller enhet.")
    chef: Text | None = Field(None, description="Ansvarig chef.")
    epost: Epost | None = Field(
        None, description="Chefens e-postadress: dit `malkoll paminn` skickar påminnelser."
    )
    git: GitAnvandarlista = many(
        "Användare eller grupper på git-värden (t.ex. `@anna.andersson`) vars godkännande "
        "organisationens filer kräver: chefen, för en nämnd dess controller "
        "(`malkoll agare`)."
    )
    delar: list[Organisation] = many("Organisationer under denna.")


class OrganisationFil(RootModel[list[Organisation]]):
    """organisation.yaml: the organisation tree."""

    model_config = ConfigDict(defer_build=True)


# --- mal/*.yaml -----------------------------------------------------------------------


class Framgangsfaktor(Node):
    id: Id = Field(description="Framgångsfaktorns id.")
    namn: Text = Field(description="Vad som måste vara sant för att nå målet.")
    beskrivning: Text | None = Field(None, description="Längre beskrivning (Markdown).")


class Delmal(Node):
    id: Id = Field(description='Delmålets id, t.ex. `"1.1"` (text, aldrig ett tal).')
    namn: Text = Field(description="Delmålet.")
    beskrivning: Text | None = Field(None, description="Längre beskrivning (Markdown).")
    ansvarig: Text | None = Field(None, description="Ansvarig för delmålet.")
    agenda2030: list[Agenda2030] = many("Agenda 2030-delmål, t.ex. 4.1.")
    indikatorer: list[Id] = many("Indikatorer som följer delmålet.")


class IndikatorDefinition(Node):
    id: Id = Field(description="Indikatorns id, t.ex. `N15505`.")
    namn: Text = Field(description="Indikatorns namn.")
    kolada: Id | None = Field(None, description="Kolada-id när värdena kommer från Kolada.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. procent eller poäng.")
    riktning: Riktning = Field(default="hogre", description="hogre eller lagre: vad som är bättre.")
    malvarde: Keyed[Year, Number] = Field(default_factory=dict, description="Målvärde per år.")
    beskrivning: Text | None = Field(None, description="Definition och källa (Markdown).")


class Malsattning(Node):
    """mal/*.yaml: one strategic goal with its delmål and indicators."""

    id: Id = Field(description="Målsättningens id, t.ex. `1`.")
    namn: Text = Field(description="Den strategiska målsättningen.")
    omrade: Text | None = Field(None, description="Målområde, t.ex. Social hållbarhet.")
    beskrivning: Text | None = Field(None, description="Målsättningens text (Markdown).")
    ansvarig: Text | None = Field(None, description="Målsättningsansvarig.")
    team: list[Text] = many("Det sektorsövergripande teamet kring målsättningen.")
    agenda2030: list[Agenda2030] = many("Agenda 2030-mål, t.ex. 3.")
    framgangsfaktorer: list[Framgangsfaktor] = many("Framgångsfaktorer.")
    delmal: list[Delmal] = many("Delmålen.")
    indikatorer: list[IndikatorDefinition] = many(
        "Indikatorernas definitioner; värdena finns i indikatorer/."
    )


# --- indikatorer/*.yaml ----------------------------------------------------------------


class Utfall(Node):
    T: Number | None = Field(None, description="Totalt.")
    K: Number | None = Field(None, description="Kvinnor.")
    M: Number | None = Field(None, description="Män.")


class IndikatorVarden(Node):
    """indikatorer/*.yaml: an indicator's values per year."""

    indikator: Id = Field(description="Indikatorns id, som i mal/.")
    kalla: Text | None = Field(None, description="Varifrån värdena kommer, t.ex. Kolada.")
    hamtad: dt.date | None = Field(None, description="När värdena hämtades.")
    utfall: Keyed[Year, Utfall] = Field(default_factory=dict, description="Utfall per år.")
    jamforelse: Keyed[Text, Keyed[Year, Number | None]] = Field(
        default_factory=dict, description="Samma mått på andra håll, t.ex. riket, per år."
    )
    grupper: Keyed[Namn, Keyed[Namn, Keyed[Year, Number | None]]] = Field(
        default_factory=dict,
        description="Utfall per gruppering utöver kvinnor och män (t.ex. `kommundel`, "
        "`aldersgrupp`, `fodelseland` eller kommunens egen): gruppens namn och dess "
        "värde per år, t.ex. `kommundel: {Nödinge: {2020: 231}, Nol: {2020: 214}}`.",
    )
    organisationer: Keyed[Id, Keyed[Year, Utfall]] = Field(
        default_factory=dict,
        description="Utfall per organisation (en skola, ett boende): organisationens id i "
        "organisation.yaml och dess utfall per år, som under `utfall`.",
    )


# --- ÅÅÅÅ/plan/*.yaml ---------------------------------------------------------------------


class AktivitetUppfoljning(Node):
    status: Status | None = Field(None, description="ej_paborjad, pagar, genomford, ...")
    hur_har_det_gatt: Text | None = Field(None, description="Hur arbetet har gått.")
    vad_har_det_lett_till: Text | None = Field(None, description="Vad det har lett till.")
    kommentar: Text | None = Field(None, description="Kommentar; krävs vid forsenad/avbruten.")


class Aktivitet(Node):
    id: Id = Field(description="Aktivitetens id, unikt inom enheten.")
    namn: Text = Field(description="Aktiviteten.")
    beskrivning: Text | None = Field(None, description="Längre beskrivning (Markdown).")
    ansvarig: Text | None = Field(None, description="Ansvarig.")
    start: dt.date | None = Field(None, description="Startdatum.")
    slut: dt.date | None = Field(None, description="Slutdatum.")
    uppfoljning: Keyed[Id, AktivitetUppfoljning] = Field(
        default_factory=dict, description="Uppföljning per period."
    )


class VerksamhetsmalUppfoljning(Node):
    utfall: Number | None = Field(None, description="Utfall för perioden.")
    kommentar: Text | None = Field(None, description="Kommentar.")


class Verksamhetsmal(Node):
    id: Id = Field(description="Verksamhetsmålets id, unikt inom enheten.")
    namn: Text = Field(description="Verksamhetsmålet.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. procent.")
    riktning: Riktning = Field(default="hogre", description="hogre eller lagre.")
    malvarde: Number | None = Field(None, description="Målvärde.")
    uppfoljning: Keyed[Id, VerksamhetsmalUppfoljning] = Field(
        default_factory=dict, description="Utfall per period."
    )


class Analys(Node):
    resultat: Text | None = Field(None, description="Varför resultatet blev som det blev.")
    orsaker: Text | None = Field(None, description="Bakomliggande orsaker.")
    avvikelser: Text | None = Field(None, description="Avvikelserna i fokus.")
    grupper: Text | None = Field(None, description="Skillnader mellan grupper, t.ex. kön.")
    slutsatser: Text | None = Field(None, description="Reflektioner och slutsatser.")
    atgarder: Text | None = Field(None, description="Åtgärder som kan leda till förbättring.")
    underlag: list[Text] = many("Underlag: indikatorer och källor.")


class DelmalUppfoljning(Node):
    analys: Analys | None = Field(None, description="Analysen av delmålet för perioden.")
    bedomning: Bedomning | None = Field(None, description="Bedömningen, t.ex. gron, gul, rod.")


class PlanDelmal(Node):
    delmal: Id = Field(description="Delmålets id i mal/.")
    hur_vi_arbetar: Text | None = Field(None, description="Hur enheten arbetar med delmålet.")
    matt: list[Id] = many("Indikatorer som enheten använder.")
    aktiviteter: list[Aktivitet] = many("Aktiviteterna.")
    verksamhetsmal: list[Verksamhetsmal] = many("Egna verksamhetsmål.")
    uppfoljning: Keyed[Id, DelmalUppfoljning] = Field(
        default_factory=dict, description="Analys och bedömning per period."
    )


class Klarmarkering(Node):
    klar: bool = Field(description="`true` när enhetens uppföljning av perioden är klar.")
    av: Text | None = Field(None, description="Vem som markerade uppföljningen klar.")
    datum: dt.date | None = Field(None, description="När uppföljningen markerades klar.")


class Dialog(Node):
    datum: dt.date | None = Field(None, description="När dialogen hölls.")
    deltagare: list[Text] = many("Vilka som deltog, t.ex. KSAU och nämndens presidium.")
    anteckningar: Text | None = Field(None, description="Vad dialogen tog upp (Markdown).")
    bad_om: list[Text] = many(
        "Det som dialogen bad nämnden återkomma med till nästa dialog, en punkt per sak."
    )


class Plan(Node):
    """ÅÅÅÅ/plan/*.yaml: one organisational unit's plan and follow-up for a year."""

    organisation: Id = Field(description="Organisationens id i organisation.yaml.")
    ar: Year = Field(description="Året; samma som mappen.")
    delmal: list[PlanDelmal] = many("Delmålen enheten arbetar med.")
    sammanfattning: Keyed[Id, Text] = Field(
        default_factory=dict, description="Enhetens sammanfattning per period."
    )
    klarmarkering: Keyed[Id, Klarmarkering] = Field(
        default_factory=dict,
        description="Per period: enheten markerar att uppföljningen är klar.",
    )
    beslut: Keyed[Id, Beslut] = Field(
        default_factory=dict,
        description="Per period: nämndens beslut om sin rapport (organ, datum, paragraf).",
    )
    dialog: Keyed[Id, Dialog] = Field(
        default_factory=dict,
        description="Per period: dialogen mellan nämndens presidium och kommunstyrelsens "
        "arbetsutskott om uppföljningen (`malkoll dialog`).",
    )


# --- ÅÅÅÅ/uppdrag.yaml ------------------------------------------------------------------


class UppdragUppfoljning(Node):
    status: Status | None = Field(None, description="ej_paborjad, pagar, genomford, ...")
    kommentar: Text | None = Field(None, description="Kommentar.")


class Uppdrag(Node):
    id: Id = Field(description="Uppdragets id.")
    namn: Text = Field(description="Uppdraget.")
    givet_av: Id = Field(description="KF, KS eller en nämnds id.")
    beslut: Text | None = Field(None, description="Beslutet, t.ex. KF 2019-06-17 § 94.")
    organisation: Id = Field(description="Organisationen som har uppdraget.")
    klart: dt.date | None = Field(None, description="När uppdraget ska vara klart.")
    beskrivning: Text | None = Field(None, description="Längre beskrivning (Markdown).")
    uppfoljning: Keyed[Id, UppdragUppfoljning] = Field(
        default_factory=dict, description="Uppföljning per period."
    )


class UppdragFil(RootModel[list[Uppdrag]]):
    """ÅÅÅÅ/uppdrag.yaml: assignments and their follow-up."""

    model_config = ConfigDict(defer_build=True)


# --- ÅÅÅÅ/ekonomi.yaml ---------------------------------------------------------------------


class EkonomiPeriod(Node):
    utfall: Amount | None = Field(None, description="Ackumulerat utfall (nettokostnad).")
    periodbudget: Amount | None = Field(None, description="Budget för perioden hittills.")
    prognos: Amount | None = Field(None, description="Prognos för helårets avvikelse.")
    kostnader: Amount | None = Field(
        None, description="Ackumulerade kostnader (positiva); utfall = kostnader − intäkter."
    )
    intakter: Amount | None = Field(None, description="Ackumulerade intäkter (positiva).")
    fjolar: Amount | None = Field(
        None, description="Utfallet för samma period föregående år (nettokostnad)."
    )


class EkonomiEnhet(Node):
    organisation: Id = Field(
        description="En enhet som hör till nämnden: det som bokförs på den och under den, "
        "utom på en annan post längre ned (nämndens eget id för det gemensamma)."
    )
    budget: Amount | None = Field(None, description="Årets nettobudget.")
    perioder: PeriodOrMonth[EkonomiPeriod] = Field(
        default_factory=dict, description="Utfall per period och månad."
    )


class EkonomiNamnd(Node):
    organisation: Id = Field(description="Nämndens eller bolagets id.")
    budget: Amount = Field(description="Årets nettobudget.")
    perioder: PeriodOrMonth[EkonomiPeriod] = Field(
        default_factory=dict, description="Utfall och prognos per period och månad."
    )
    analys: PeriodOrMonth[Text] = Field(
        default_factory=dict, description="Analys av avvikelsen per period."
    )
    atgarder: PeriodOrMonth[Text] = Field(
        default_factory=dict, description="Åtgärder vid underskott per period."
    )
    enheter: list[EkonomiEnhet] = many(
        "Nämndens siffror fördelade på dess verksamheter (importen skriver dem); summan "
        "ska stämma med nämndens."
    )


class Ombudgetering(Node):
    belopp: Amount = Field(description="Beloppet som begärs ombudgeterat till nästa år.")
    motivering: Text | None = Field(None, description="Varför; krävs.")


class Investering(Node):
    id: Id = Field(description="Investeringens id.")
    namn: Text = Field(description="Investeringen.")
    organisation: Id = Field(description="Ansvarig nämnd.")
    budget: Amount = Field(description="Årets budget.")
    utfall: Keyed[Id, Amount] = Field(default_factory=dict, description="Utfall per period.")
    prognos: Keyed[Id, Amount] = Field(default_factory=dict, description="Prognos per period.")
    projektbudget: Amount | None = Field(None, description="Projektets totala budget över alla år.")
    tidigare_ar: Amount | None = Field(
        None, description="Utfall tidigare år (ackumulerat till årets början)."
    )
    klart: Year | None = Field(None, description="Året projektet ska vara klart.")
    ombudgetering: Ombudgetering | None = Field(
        None, description="Begärd ombudgetering till nästa år, med motivering."
    )
    kommentar: Text | None = Field(None, description="Kommentar.")


class Ekonomi(Node):
    """ÅÅÅÅ/ekonomi.yaml: budget, outcome and forecast per nämnd; investments."""

    namnder: list[EkonomiNamnd] = many("Nämnder och bolag.")
    investeringar: list[Investering] = many("Investeringar.")


# --- ÅÅÅÅ/internkontroll/*.yaml ---------------------------------------------------------


class KontrollUppfoljning(Node):
    resultat: Text | None = Field(None, description="Vad kontrollen visade.")
    avvikelser: Text | None = Field(None, description="Avvikelser; tomt om inga.")
    atgarder: Text | None = Field(None, description="Åtgärder; krävs vid avvikelser.")


class Kontroll(Node):
    id: Id = Field(description="Kontrollens id.")
    process: Text | None = Field(None, description="Processen, t.ex. Inköp.")
    risk: Text = Field(description="Risken.")
    sannolikhet: int = Field(ge=1, le=4, description="Sannolikhet 1–4.")
    konsekvens: int = Field(ge=1, le=4, description="Konsekvens 1–4.")
    kontrollmoment: Text = Field(description="Vad som kontrolleras.")
    metod: Text | None = Field(None, description="Hur.")
    frekvens: Text | None = Field(None, description="Hur ofta.")
    ansvarig: Text | None = Field(None, description="Vem.")
    rapporteras: list[Id] = many("Perioder då resultatet rapporteras.")
    uppfoljning: Keyed[Id, KontrollUppfoljning] = Field(
        default_factory=dict, description="Resultat per period."
    )


class Internkontroll(Node):
    """ÅÅÅÅ/internkontroll/*.yaml: one nämnd's internal-control plan."""

    organisation: Id = Field(description="Nämndens id.")
    antagen: dt.date | None = Field(None, description="När nämnden antog planen.")
    bedomning: Keyed[Id, Text] = Field(
        default_factory=dict,
        description="Nämndens samlade bedömning av den interna kontrollen per period.",
    )
    kontroller: list[Kontroll] = many("Kontrollerna.")


# --- ÅÅÅÅ/arshjul.yaml -------------------------------------------------------------------


class Handelse(Node):
    datum: dt.date = Field(description="Datum.")
    vad: Text = Field(description="Vad som händer.")
    period: Id | None = Field(None, description="Perioden eller månaden det gäller.")
    inlamning: dt.date | None = Field(None, description="Sista dag för enheternas underlag.")
    organisation: Id | None = Field(None, description="Organisationen det gäller.")

    @field_validator("period", mode="before")
    @classmethod
    def _period_month(cls, value: Any) -> Any:
        return as_month(value)


class Arshjul(RootModel[list[Handelse]]):
    """ÅÅÅÅ/arshjul.yaml: the year's calendar and deadlines."""

    model_config = ConfigDict(defer_build=True)

"""The model of what makes the report the document fullmäktige adopts (issue 14).

The files a year's folder may hold beside the plans and the economy:

- `ÅÅÅÅ/bokslut.yaml`: the municipality's result lines (finansförvaltning, skatteintäkter,
  statsbidrag, finansnetto) with budget, outcome and forecast, the balanskrav's
  adjustments and the resultatutjämningsreserv, the koncern's result, the five-year
  overview and the decisions that adopt the municipality's report;
- `ÅÅÅÅ/hushallning.yaml`: god ekonomisk hushållning: the financial goals with target and
  outcome, the verksamhetsmål of importance for it, and the overall assessment for the
  municipality and for the koncern;
- `ÅÅÅÅ/personal.yaml`: the statutory sick-leave figures and other personnel figures;
- `ÅÅÅÅ/bolag/*.yaml`: one municipal company's goals and results;
- `ÅÅÅÅ/malsattningar/*.yaml`: one strategic goal's own follow-up (the målsättnings-
  ansvarig's assessment and text, the team, the framgångsfaktorer);
- `ÅÅÅÅ/forvaltningsberattelse/PERIOD/*.md`: the förvaltningsberättelse's chapters, as
  Markdown (read by `reading.chapters`, not by the YAML reader).

`files` re-exports every model here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from malkoll.model.types import (
    FOLDED,
    Amount,
    Bedomning,
    Id,
    Keyed,
    Node,
    Number,
    Riktning,
    Text,
    Year,
    many,
)

# --- shared -----------------------------------------------------------------------------


class Beslut(Node):
    organ: Text = Field(description="Vem som beslutade, t.ex. Kommunfullmäktige.")
    datum: dt.date = Field(description="Beslutsdatum.")
    paragraf: Text | None = Field(None, description="Paragrafen i protokollet, t.ex. `§ 45`.")
    diarienummer: Text | None = Field(None, description="Ärendets diarienummer.")


# --- ÅÅÅÅ/bokslut.yaml -------------------------------------------------------------------

Positive = Annotated[Amount, Field(ge=0)]
"""An amount written as a positive one (a gain, a loss, a reserve): a negative one is MK105.
(A `ge` on the field itself would lose to `Amount`'s own lower bound.)"""

RESULTATPOSTER: dict[str, str] = {
    "finansforvaltning": "Finansförvaltning och gemensamma poster",
    "jamforelsestorande": "Jämförelsestörande poster",
    "skatteintakter": "Skatteintäkter",
    "generella_statsbidrag": "Generella statsbidrag och utjämning",
    "finansnetto": "Finansnetto",
    "extraordinara": "Extraordinära poster",
}
"""The result lines below the nämnder's net cost, in the order of the result line; a line
of another id is the municipality's own and needs `namn`."""


class PostPeriod(Node):
    utfall: Amount | None = Field(None, description="Ackumulerat utfall för perioden.")
    prognos: Amount | None = Field(
        None,
        description="Prognos för helårets avvikelse mot budget (positiv är bättre än budget).",
    )


class Resultatpost(Node):
    post: Id = Field(
        description="Raden i resultatet: finansforvaltning, jamforelsestorande, "
        "skatteintakter, generella_statsbidrag, finansnetto, extraordinara eller ett eget id."
    )
    namn: Text | None = Field(None, description="Radens namn; krävs för ett eget id.")
    budget: Amount | None = Field(
        None, description="Årets budget, med tecken som i resultaträkningen (kostnad negativ)."
    )
    perioder: Keyed[Id, PostPeriod] = Field(
        default_factory=dict, description="Utfall och prognos per period."
    )


class Justering(Node):
    text: Text = Field(description="Vad justeringen gäller.")
    belopp: Amount = Field(description="Beloppet som läggs till (negativt: dras av).")


class Balanskrav(Node):
    realisationsvinster: Positive = Field(
        0, description="Samtliga realisationsvinster under året, positivt (dras av)."
    )
    realisationsvinster_undantag: Positive = Field(
        0,
        description="Realisationsvinster enligt undantagsmöjlighet, positivt (läggs tillbaka).",
    )
    realisationsforluster_undantag: Positive = Field(
        0,
        description="Realisationsförluster enligt undantagsmöjlighet, positivt (läggs till).",
    )
    orealiserade_vardepapper: Amount = Field(
        0,
        description="Orealiserade vinster (positivt) eller förluster (negativt) i "
        "värdepapper som ingår i resultatet (dras av).",
    )
    aterforing_vardepapper: Amount = Field(
        0,
        description="Återföring av tidigare orealiserade vinster och förluster i "
        "värdepapper (läggs till, med tecken).",
    )
    justeringar: list[Justering] = many("Andra justeringar, var och en med text och belopp.")
    till_resultatutjamningsreserv: Positive = Field(
        0, description="Medel som reserveras till resultatutjämningsreserven (dras av)."
    )
    fran_resultatutjamningsreserv: Positive = Field(
        0, description="Medel som används från resultatutjämningsreserven (läggs till)."
    )
    resultatutjamningsreserv: Positive | None = Field(
        None, description="Resultatutjämningsreservens storlek vid årets början."
    )
    underskott: Keyed[Year, Positive] = Field(
        default_factory=dict,
        description="Balanskravsunderskott från tidigare år som återstår att återställa, "
        "per år det uppstod (positiva belopp).",
    )
    atgardsplan: Text | None = Field(
        None,
        description="Planen för att återställa ett underskott: vad, hur och när "
        "(inom tre år), och fullmäktiges beslut.",
    )


Matt = Annotated[
    Literal["resultatandel", "nettokostnadsandel", "nettokostnadsandel_finansnetto"], FOLDED
]
"""The financial measures malkoll computes from ekonomi.yaml and bokslut.yaml
(`model.financial_goals`)."""


class Nyckeltal(Node):
    namn: Text = Field(description="Nyckeltalet, t.ex. Årets resultat.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. mnkr eller procent.")
    varden: Keyed[Year, Number | None] = Field(default_factory=dict, description="Värde per år.")
    matt: Matt | None = Field(
        None,
        description="Det mått malkoll räknar fram för årets värde (resultatandel, "
        "nettokostnadsandel eller nettokostnadsandel_finansnetto, i procent av "
        "skatteintäkter och generella statsbidrag); ett skrivet värde som skiljer sig är "
        "en varning (MK515).",
    )


class Bokslut(Node):
    """ÅÅÅÅ/bokslut.yaml: the municipality's result line, balanskrav and decisions."""

    poster: list[Resultatpost] = many(
        "Resultatets rader under nämndernas nettokostnad: finansförvaltning, "
        "skatteintäkter, generella statsbidrag, finansnetto."
    )
    balanskrav: Balanskrav | None = Field(
        None, description="Balanskravsutredningens justeringar och resultatutjämningsreserven."
    )
    koncernresultat: Keyed[Id, Amount] = Field(
        default_factory=dict,
        description="Den kommunala koncernens resultat per period (prognos i en delårsrapport).",
    )
    femarsoversikt: list[Nyckeltal] = many("Översikten över fem år: nyckeltal per år.")
    beslut: Keyed[Id, list[Beslut]] = Field(
        default_factory=dict,
        description="Per period: besluten om kommunens rapport (kommunstyrelsen, "
        "kommunfullmäktige).",
    )


# --- ÅÅÅÅ/hushallning.yaml ----------------------------------------------------------------

Niva = Annotated[Literal["kommun", "koncern"], FOLDED]
GehSteg = Annotated[Literal["uppfylld", "delvis", "ej_uppfylld"], FOLDED]
GEH_STEG: dict[str, str] = {
    "uppfylld": "Uppfylld",
    "delvis": "Delvis uppfylld",
    "ej_uppfylld": "Ej uppfylld",
}


class FinansielltMal(Node):
    id: Id = Field(description="Målets id.")
    namn: Text = Field(description="Det finansiella målet, t.ex. Resultatet ska vara 2 %.")
    niva: Niva = Field(default="kommun", description="kommun eller koncern.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. procent.")
    riktning: Riktning = Field(default="hogre", description="hogre eller lagre: vad som är bättre.")
    malvarde: Number | None = Field(None, description="Målvärdet för året.")
    matt: Matt | None = Field(
        None,
        description="Måttet som malkoll räknar fram ur ekonomi.yaml och bokslut.yaml, i "
        "procent av skatteintäkter och generella statsbidrag: resultatandel (årets "
        "resultat), nettokostnadsandel (verksamhetens nettokostnad: nämnderna, "
        "finansförvaltningen, jämförelsestörande och egna poster) eller "
        "nettokostnadsandel_finansnetto (dessutom finansnettot). Ett utfall eller en "
        "prognos som saknas räknas då fram; ett skrivet värde jämförs med det framräknade "
        "(MK516). Bara för kommunens mål.",
    )
    utfall: Keyed[Id, Number] = Field(default_factory=dict, description="Utfall per period.")
    prognos: Keyed[Id, Number] = Field(
        default_factory=dict, description="Prognos för helåret per period (delårsrapporterna)."
    )
    kommentar: Keyed[Id, Text] = Field(default_factory=dict, description="Kommentar per period.")


class GehBedomning(Node):
    bedomning: GehSteg = Field(description="uppfylld, delvis eller ej_uppfylld.")
    text: Text | None = Field(None, description="Styrelsens samlade bedömning och dess skäl.")


class Hushallning(Node):
    """ÅÅÅÅ/hushallning.yaml: god ekonomisk hushållning."""

    finansiella_mal: list[FinansielltMal] = many("De finansiella målen som fullmäktige satt.")
    verksamhetsmal: list[Id] = many(
        "Delmål (id:n i mal/) som fullmäktige angett som av betydelse för god ekonomisk "
        "hushållning."
    )
    kommun: Keyed[Id, GehBedomning] = Field(
        default_factory=dict, description="Den samlade bedömningen för kommunen per period."
    )
    koncern: Keyed[Id, GehBedomning] = Field(
        default_factory=dict, description="Den samlade bedömningen för koncernen per period."
    )


# --- ÅÅÅÅ/personal.yaml -------------------------------------------------------------------

SJUKFRANVARO: dict[str, str] = {
    "totalt": "Total sjukfrånvaro",
    "kvinnor": "Kvinnor",
    "man": "Män",
    "alder_29": "29 år eller yngre",
    "alder_30_49": "30–49 år",
    "alder_50": "50 år eller äldre",
    "langtid": "Andel långtidssjukfrånvaro (60 dagar eller mer)",
}
"""The sick-leave figures the law asks for, in the order the report shows them."""


class Sjukfranvaro(Node):
    totalt: Number | None = Field(
        None, ge=0, le=100, description="Sjukfrånvaro i % av sammanlagd ordinarie arbetstid."
    )
    kvinnor: Number | None = Field(None, ge=0, le=100, description="Kvinnornas sjukfrånvaro (%).")
    man: Number | None = Field(None, ge=0, le=100, description="Männens sjukfrånvaro (%).")
    alder_29: Number | None = Field(None, ge=0, le=100, description="29 år eller yngre (%).")
    alder_30_49: Number | None = Field(None, ge=0, le=100, description="30–49 år (%).")
    alder_50: Number | None = Field(None, ge=0, le=100, description="50 år eller äldre (%).")
    langtid: Number | None = Field(
        None,
        ge=0,
        le=100,
        description="Andel av den totala sjukfrånvaron som avser frånvaro i 60 dagar "
        "eller mer (%).",
    )
    ej_redovisat: Text | None = Field(
        None,
        description="Varför en uppgift saknas, t.ex. att gruppen har högst tio anställda.",
    )


class Personalmatt(Node):
    namn: Text = Field(description="Måttet, t.ex. Antal tillsvidareanställda.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. st eller procent.")
    varden: Keyed[Id, Number] = Field(default_factory=dict, description="Värde per period.")
    foregaende_ar: Number | None = Field(None, description="Föregående års värde.")


class Personal(Node):
    """ÅÅÅÅ/personal.yaml: sick leave and other personnel figures."""

    sjukfranvaro: Keyed[Id, Sjukfranvaro] = Field(
        default_factory=dict, description="Sjukfrånvaron per period, som lagen kräver den."
    )
    foregaende_ar: Sjukfranvaro | None = Field(
        None, description="Föregående års sjukfrånvaro, för jämförelsen."
    )
    matt: list[Personalmatt] = many("Andra personalmått.")
    kommentar: Keyed[Id, Text] = Field(
        default_factory=dict, description="Kommentar till personalförhållandena per period."
    )


# --- ÅÅÅÅ/bolag/*.yaml ---------------------------------------------------------------------


def reaches(value: float | None, target: float | None, riktning: str) -> bool | None:
    """Whether ``value`` reaches ``target`` in the goal's direction (`hogre`: at least the
    target, `lagre`: at most); None without either."""
    if value is None or target is None:
        return None
    return value >= target if riktning == "hogre" else value <= target


class BolagMal(Node):
    id: Id = Field(description="Målets id.")
    namn: Text = Field(description="Målet i ägardirektivet.")
    enhet: Text | None = Field(None, description="Enhet, t.ex. procent.")
    riktning: Riktning = Field(default="hogre", description="hogre eller lagre.")
    malvarde: Number | None = Field(None, description="Målvärde.")
    utfall: Keyed[Id, Number] = Field(default_factory=dict, description="Utfall per period.")
    kommentar: Keyed[Id, Text] = Field(default_factory=dict, description="Kommentar per period.")


class BolagPeriod(Node):
    resultat: Amount | None = Field(None, description="Resultat efter finansiella poster.")
    prognos: Amount | None = Field(None, description="Prognos för helårets resultat.")
    omsattning: Amount | None = Field(None, description="Omsättning.")
    soliditet: Number | None = Field(None, description="Soliditet (%).")
    sammanfattning: Text | None = Field(None, description="Bolagets sammanfattning (Markdown).")


class Bolag(Node):
    """ÅÅÅÅ/bolag/*.yaml: one municipal company's goals and results."""

    organisation: Id = Field(description="Bolagets id i organisation.yaml.")
    agarandel: Number | None = Field(None, ge=0, le=100, description="Kommunens ägarandel (%).")
    uppdrag: Text | None = Field(None, description="Bolagets ändamål och uppdrag (Markdown).")
    mal: list[BolagMal] = many("Målen i ägardirektivet.")
    perioder: Keyed[Id, BolagPeriod] = Field(
        default_factory=dict, description="Resultat och sammanfattning per period."
    )


# --- ÅÅÅÅ/malsattningar/*.yaml -------------------------------------------------------------


class FaktorUppfoljning(Node):
    bedomning: Bedomning | None = Field(None, description="Bedömningen, t.ex. gron, gul, rod.")
    text: Text | None = Field(None, description="Hur arbetet med framgångsfaktorn går.")


class MalsattningPeriod(Node):
    bedomning: Bedomning | None = Field(
        None, description="Målsättningsansvarigs bedömning, t.ex. gron, gul, rod."
    )
    prognos: Bedomning | None = Field(
        None, description="I en delårsrapport: bedömd måluppfyllelse vid årets slut."
    )
    text: Text | None = Field(None, description="Bedömningen motiverad (Markdown).")
    av: Text | None = Field(None, description="Vem som gjorde bedömningen.")
    framgangsfaktorer: Keyed[Id, FaktorUppfoljning] = Field(
        default_factory=dict, description="Uppföljningen av varje framgångsfaktor."
    )


class MalsattningUppfoljning(Node):
    """ÅÅÅÅ/malsattningar/*.yaml: a strategic goal's own follow-up for the year."""

    malsattning: Id = Field(description="Målsättningens id i mal/.")
    ansvarig: Text | None = Field(None, description="Målsättningsansvarig i år.")
    team: list[Text] = many("Det sektorsövergripande teamet: namn eller roller.")
    uppfoljning: Keyed[Id, MalsattningPeriod] = Field(
        default_factory=dict, description="Bedömning och text per period."
    )


# --- ÅÅÅÅ/forvaltningsberattelse/PERIOD/*.md ------------------------------------------------

KAPITEL: dict[str, str] = {
    "oversikt": "Översikt över utvecklingen av verksamheten",
    "koncernen": "Den kommunala koncernen",
    "viktiga-forhallanden": "Viktiga förhållanden för resultat och ekonomisk ställning",
    "handelser": "Händelser av väsentlig betydelse",
    "styrning": "Styrning och uppföljning av den kommunala verksamheten",
    "hushallning": "God ekonomisk hushållning och ekonomisk ställning",
    "balanskrav": "Balanskravsresultat",
    "personal": "Väsentliga personalförhållanden",
    "forvantad-utveckling": "Förväntad utveckling",
}
"""The förvaltningsberättelse's chapters as RKR R15 names them, in its order: a file's
stem in `ÅÅÅÅ/forvaltningsberattelse/PERIOD/` is one of these, or the stem of a chapter of
the municipality's own (shown after them, in name order)."""

KAPITEL_KRAVS: tuple[str, ...] = (
    "oversikt",
    "viktiga-forhallanden",
    "handelser",
    "styrning",
    "forvantad-utveckling",
)
"""The chapters a person must write for the annual report; malkoll computes the rest
(god ekonomisk hushållning, the balanskrav, personnel, the koncern) from the files, and
a chapter file of those names adds its text to what malkoll computes."""


@dataclass(frozen=True)
class Kapitel:
    """One chapter of the förvaltningsberättelse: a Markdown file."""

    path: str
    period: str
    id: str
    rubrik: str
    """The file's first `# ` heading, or the R15 name for a known chapter without one."""
    text: str
    """The Markdown below the heading."""
    rubrik_rad: int = 0
    """The line of the heading (1-based), 0 when the file has none."""

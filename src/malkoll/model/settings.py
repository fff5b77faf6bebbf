"""The model of `malkoll.yaml`: the repository's settings, its periods and its scale.

`files` re-exports every name here, so callers read `m.Installningar` as before.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from malkoll.model.positions import posdict
from malkoll.model.types import (
    Analysdel,
    Farg,
    GitAnvandarlista,
    Id,
    Keyed,
    Manad,
    MonthDay,
    Node,
    Number,
    Regelniva,
    Text,
    as_choice,
    many,
)

# --- malkoll.yaml -------------------------------------------------------------------


class Period(Node):
    namn: Text = Field(description="Periodens namn i rapporterna, t.ex. Delårsrapport 1.")
    per: MonthDay = Field(description="Periodens slutdag som MM-DD, t.ex. `08-31`.")


class Skalsteg(Node):
    namn: Text | None = Field(None, description="Namnet i rapporterna; standard är id:t.")
    text: Text = Field(description="Vad bedömningen betyder.")
    farg: Farg | None = Field(None, description="Färgen i HTML-rapporten, t.ex. `#1a7f37`.")
    symbol: str | None = Field(None, description="Symbolen i rapporterna, t.ex. 🟢.")


class AnalysInstallningar(Node):
    kravs: list[Analysdel] = Field(
        default=["resultat", "orsaker"], description="Delar som varje analys måste ha."
    )
    atgarder_vid: list[Annotated[str, BeforeValidator(as_choice)]] = Field(
        default=["gul", "rod"], description="Bedömningar som kräver åtgärder."
    )
    konsskillnad_procent: Number = Field(
        default=10,
        ge=0,
        description="Skillnad mellan kvinnor och män (i % av totalen) som kräver `grupper`.",
    )
    gruppskillnad_procent: Number = Field(
        default=10,
        ge=0,
        description="Skillnad mellan högsta och lägsta grupp i en gruppering (i % av "
        "totalen) som kräver `grupper`.",
    )
    jamforelse_procent: Number = Field(
        default=5,
        ge=0,
        description="Avstånd till riket eller en jämförelse (i % av jämförelsens värde) som "
        "`malkoll avvikelser` lyfter fram.",
    )


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


class CsvKolumner(Node):
    ansvar: Text = Field(default="Ansvar", description="Kolumnen med ansvarskoden.")
    konto: Text = Field(default="Konto", description="Kolumnen med kontot.")
    period: Text = Field(
        default="Period", description="Kolumnen med perioden, som ÅÅÅÅMM eller ÅÅÅÅ-MM."
    )
    belopp: Text = Field(
        default="Belopp",
        description="Kolumnen med periodens belopp, med ekonomisystemets tecken: kostnader "
        "positiva, intäkter negativa (som i SIE).",
    )
    typ: Text = Field(
        default="Typ",
        description="Kolumnen som säger om raden är utfall eller budget; saknas den är "
        "alla rader utfall.",
    )
    ansvarsnamn: Text = Field(
        default="Ansvarsnamn",
        description="Kolumnen med ansvarets namn, för `malkoll ekonomi mappning`; används "
        "bara om den finns, och importen läser den inte.",
    )


class CsvInstallningar(Node):
    avgransare: Text = Field(default=";", description="Tecknet mellan kolumnerna.")
    decimaltecken: Literal[",", "."] = Field(
        default=",", description="Decimaltecknet i beloppen: `,` eller `.`."
    )
    kodning: Annotated[Literal["utf-8", "windows-1252", "iso-8859-1"], BeforeValidator(_lower)] = (
        Field(default="utf-8", description="Filens teckenkodning.")
    )
    kolumner: CsvKolumner = Field(
        default_factory=CsvKolumner, description="Kolumnernas rubriker i filens första rad."
    )
    utfall: Text = Field(default="Utfall", description="Typkolumnens värde för utfall.")
    budget: Text = Field(default="Budget", description="Typkolumnens värde för budget.")


class ImportInstallningar(Node):
    belopp: Annotated[Literal["kr", "tkr", "mnkr"], BeforeValidator(as_choice)] = Field(
        default="kr",
        description="Enheten i ekonomisystemets fil (kr, tkr eller mnkr); beloppen räknas "
        "om till `ekonomi.enhet`.",
    )
    ansvar: Keyed[Text, Id] = Field(
        default_factory=dict,
        description='Ansvarskod i ekonomisystemet → organisationens id, t.ex. `"1000": ks`; '
        "vilken nivå i organisation.yaml som helst.",
    )
    ansvar_dimension: int = Field(
        default=1, ge=1, description="SIE: dimensionen med ansvaret (1 = kostnadsställe)."
    )
    konton: list[Text] = Field(
        default=["3", "4", "5", "6", "7"],
        description="Kontonas början som utgör nämndernas nettokostnad (kommun-BAS: 3 "
        "intäkter, 4–7 kostnader; 8 är finansförvaltningen, 1–2 balanskonton).",
    )
    intakter: list[Text] = Field(
        default=["3"], description="Kontonas början som är intäkter; resten är kostnader."
    )
    ignorera: list[Text] = many("Ansvarskoder som medvetet inte hör till någon nämnd.")
    ignorera_konton: list[Text] = many(
        "Början av resultatkonton (klass 3–8) som medvetet varken är nämndernas eller en "
        'resultatpost, t.ex. `["8999"]` för årets resultat; andra sådana konton med belopp '
        "i filen ger en varning (MK511)."
    )
    poster: Keyed[Text, Id] = Field(
        default_factory=dict,
        description="Kontots början → resultatposten i bokslut.yaml, för konton utanför "
        '`konton`, på vilket ansvar de än bokförs, t.ex. `"80": skatteintakter`.',
    )
    ansvar_poster: Keyed[Text, Id] = Field(
        default_factory=dict,
        description="Ansvarskod → resultatposten i bokslut.yaml, för ett ansvar vars belopp "
        'på `konton` inte är en nämnds, t.ex. `"9900": finansforvaltning`.',
    )
    csv: CsvInstallningar = Field(
        default_factory=CsvInstallningar, description="Hur en CSV-fil från ekonomisystemet läses."
    )


class EkonomiInstallningar(Node):
    enhet: Text = Field(default="tkr", description="Enheten för belopp, t.ex. tkr.")
    avvikelse_procent: Number = Field(
        default=1.0, ge=0, description="Avvikelse (i % av budget) som kräver analys."
    )
    importera: ImportInstallningar = Field(
        default_factory=ImportInstallningar,
        description="Hur `malkoll ekonomi importera` läser ekonomisystemets fil (CSV eller SIE).",
    )


STANDARD_PERIODER: dict[str, dict[str, str]] = {
    "delar1": {"namn": "Delårsrapport 1", "per": "03-31"},
    "delar2": {"namn": "Delårsrapport 2", "per": "08-31"},
    "helar": {"namn": "Årsredovisning", "per": "12-31"},
}
STANDARD_SKALA: dict[str, dict[str, str]] = {
    "gron": {
        "namn": "Grön",
        "text": "Vi ligger bra till för att uppfylla målet.",
        "farg": "#1a7f37",
        "symbol": "🟢",
    },
    "gul": {
        "namn": "Gul",
        "text": "Vi är på rätt väg för att uppfylla målet, men det går för långsamt.",
        "farg": "#9a6700",
        "symbol": "🟡",
    },
    "rod": {
        "namn": "Röd",
        "text": "Ännu inga åtgärder, eller utvecklingen går åt fel håll. Åtgärder krävs.",
        "farg": "#cf222e",
        "symbol": "🔴",
    },
}


class Installningar(Node):
    """malkoll.yaml: the repository's settings; its presence marks the root."""

    kommun: Text = Field(description="Kommunens namn, t.ex. Ale kommun.")
    kolada: Id | None = Field(None, description="Kommunens id i Kolada, t.ex. `1440`.")
    jamforelse: Keyed[Text, Id] = Field(
        default_factory=dict,
        description="Jämförelser som `malkoll kolada hamta` hämtar: namnet i "
        "indikatorer/*.yaml och id:t i Kolada för en kommun eller kommungrupp, t.ex. "
        "`liknande_kommuner: G148715`. Riket (`0000`) hämtas alltid.",
    )
    perioder: Keyed[Id, Period] = Field(
        default_factory=lambda: dict(STANDARD_PERIODER),
        description="Årets uppföljningsperioder i ordning.",
        min_length=1,
        validate_default=True,
    )
    prognoser: list[Manad] = Field(
        default=["feb", "maj"], description="Månader med extra helårsprognos för ekonomin."
    )
    bedomning: Keyed[Annotated[str, BeforeValidator(as_choice)], Skalsteg] = Field(
        default_factory=lambda: dict(STANDARD_SKALA),
        description="Bedömningsskalan, bästa först.",
        min_length=1,
        validate_default=True,
    )
    analys: AnalysInstallningar = Field(
        default_factory=AnalysInstallningar, description="Krav på analyserna."
    )
    ekonomi: EkonomiInstallningar = Field(
        default_factory=EkonomiInstallningar, description="Inställningar för ekonomin."
    )
    regler: Keyed[str, Regelniva] = Field(
        default_factory=dict, description="Allvarlighet per regel: fel, varning eller av."
    )
    git: GitAnvandarlista = many(
        "Användare eller grupper på git-värden (t.ex. `@kommun/controller`) vars godkännande "
        "de gemensamma filerna kräver (malkoll.yaml, organisation.yaml, mal/, indikatorer/, "
        "årens uppdrag, ekonomi och årshjul, CODEOWNERS och CI): standardägaren som "
        "`malkoll agare` skriver i CODEOWNERS."
    )

    @field_validator("perioder", mode="after")
    @classmethod
    def _in_date_order(cls, value: dict[str, Period]) -> dict[str, Period]:
        """The periods in the order of their dates, whatever order they were written in."""
        ordered = sorted(value.items(), key=lambda item: item[1].per)
        if [key for key, _ in ordered] == list(value):
            return value
        return posdict(dict(ordered), getattr(value, "pos", None))

    @model_validator(mode="after")
    def _measures_follow_the_scale(self) -> Installningar:
        """Without `analys.atgarder_vid`, a scale of one's own asks for measures at every
        step but the best (the default `gul, rod` only fits the default scale)."""
        analys = self.analys
        if "atgarder_vid" not in analys.model_fields_set and not set(analys.atgarder_vid) <= set(
            self.bedomning
        ):
            steps = list(self.bedomning)[1:]
            object.__setattr__(self, "analys", analys.model_copy(update={"atgarder_vid": steps}))
        return self

"""The content manager's fields, built from the models: Swedish labels, the models' help
texts, and widgets that keep every value as malkoll reads it (ids as text, dates as
`ÅÅÅÅ-MM-DD`, nothing written for a part left empty).

A field is the plain dict Decap CMS reads in `config.yml` (Sveltia CMS reads the same).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

Field = dict[str, Any]

LABELS: dict[str, str] = {
    "organisation": "Organisation",
    "ar": "År",
    "delmal": "Delmål",
    "hur_vi_arbetar": "Hur vi arbetar",
    "matt": "Mått (indikatorer)",
    "aktiviteter": "Aktiviteter",
    "verksamhetsmal": "Verksamhetsmål",
    "uppfoljning": "Uppföljning",
    "analys": "Analys",
    "bedomning": "Bedömning",
    "resultat": "Resultat",
    "orsaker": "Orsaker",
    "avvikelser": "Avvikelser",
    "grupper": "Grupper",
    "slutsatser": "Slutsatser",
    "atgarder": "Åtgärder",
    "underlag": "Underlag",
    "sammanfattning": "Sammanfattning",
    "klarmarkering": "Klarmarkering",
    "klar": "Klar",
    "av": "Markerad av",
    "datum": "Datum",
    "id": "Id",
    "namn": "Namn",
    "beskrivning": "Beskrivning",
    "ansvarig": "Ansvarig",
    "start": "Start",
    "slut": "Slut",
    "status": "Status",
    "hur_har_det_gatt": "Hur har det gått?",
    "vad_har_det_lett_till": "Vad har det lett till?",
    "kommentar": "Kommentar",
    "enhet": "Enhet",
    "riktning": "Riktning",
    "malvarde": "Målvärde",
    "utfall": "Utfall",
    "antagen": "Antagen",
    "kontroller": "Kontroller",
    "process": "Process",
    "risk": "Risk",
    "sannolikhet": "Sannolikhet",
    "konsekvens": "Konsekvens",
    "kontrollmoment": "Kontrollmoment",
    "metod": "Metod",
    "frekvens": "Frekvens",
    "rapporteras": "Rapporteras",
    "namnder": "Nämnder och bolag",
    "investeringar": "Investeringar",
    "budget": "Budget",
    "perioder": "Perioder",
    "periodbudget": "Periodbudget",
    "kostnader": "Kostnader",
    "intakter": "Intäkter",
    "fjolar": "Utfall föregående år",
    "projektbudget": "Projektbudget (hela projektet)",
    "tidigare_ar": "Utfall tidigare år",
    "klart": "Klart",
    "ombudgetering": "Begärd ombudgetering",
    "belopp": "Belopp",
    "motivering": "Motivering",
    "prognos": "Prognos",
    "beslut": "Beslut",
    "organ": "Organ",
    "paragraf": "Paragraf",
    "diarienummer": "Diarienummer",
    "malsattning": "Målsättning",
    "team": "Teamet",
    "text": "Text",
    "framgangsfaktorer": "Framgångsfaktorer",
    "agarandel": "Ägarandel (%)",
    "mal": "Mål i ägardirektivet",
    "omsattning": "Omsättning",
    "soliditet": "Soliditet (%)",
}
"""The keys as a reader says them, with å, ä and ö."""

STATUS_LABELS: dict[str, str] = {
    "ej_paborjad": "Ej påbörjad",
    "pagar": "Pågår",
    "genomford": "Genomförd",
    "forsenad": "Försenad",
    "avbruten": "Avbruten",
}
RIKTNING_LABELS: dict[str, str] = {"hogre": "Högre är bättre", "lagre": "Lägre är bättre"}


FORM_HINTS: dict[tuple[str, str], str] = {
    ("AktivitetUppfoljning", "status"): "Hur långt aktiviteten har kommit i perioden.",
    ("AktivitetUppfoljning", "kommentar"): "Krävs när aktiviteten är försenad eller avbruten.",
    ("DelmalUppfoljning", "bedomning"): "Bedömningen av delmålet för perioden, ur kommunens skala.",
    ("Verksamhetsmal", "riktning"): "Om ett högre eller ett lägre utfall är bättre.",
    ("Klarmarkering", "klar"): "Slå på när enhetens uppföljning av perioden är klar.",
    ("PlanDelmal", "delmal"): "Vilket av kommunens delmål planen gäller.",
    ("Beslut", "paragraf"): "Paragrafen i protokollet, t.ex. § 45.",
    ("MalsattningPeriod", "bedomning"): "Målsättningsansvarigs bedömning av målsättningen för "
    "perioden, ur kommunens skala.",
    ("MalsattningPeriod", "prognos"): "Den bedömda måluppfyllelsen vid årets slut, ur "
    "kommunens skala.",
    ("FaktorUppfoljning", "bedomning"): "Bedömningen av arbetet med framgångsfaktorn, ur "
    "kommunens skala.",
    ("BolagMal", "riktning"): "Om ett högre eller ett lägre utfall är bättre.",
}
"""Help texts for a form where the model's description (written for the JSON Schema and
an editor's YAML) names raw values: a list of the values beside a choice that shows them
as words, `true` beside a switch."""


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def hint(model: type[BaseModel], name: str) -> str | None:
    """The field's help text in a form: the model's description (the help text the
    editors' schemas show), or `FORM_HINTS`' wording where that one names raw values."""
    override = FORM_HINTS.get((model.__name__, name))
    if override is not None:
        return override
    info = model.model_fields.get(name)
    return info.description if info is not None else None


def _field(model: type[BaseModel] | None, name: str, widget: str, **extra: Any) -> Field:
    out: Field = {"label": extra.pop("label", None) or label(name), "name": name}
    out["widget"] = widget
    text = extra.pop("hint", None) or (hint(model, name) if model is not None else None)
    if text:
        out["hint"] = text
    out["required"] = extra.pop("required", False)
    out.update(extra)
    return out


def string(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    """One line of text; ids too, so that `"1.10"` stays text."""
    return _field(model, name, "string", **extra)


def text(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    """Several lines of text (a plain text area, not Markdown's editor, which rewrites)."""
    return _field(model, name, "text", **extra)


def number(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    return _field(model, name, "number", value_type="float", **extra)


def integer(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    return _field(model, name, "number", value_type="int", **extra)


def boolean(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    return _field(model, name, "boolean", **extra)


def date(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    """A date written as `ÅÅÅÅ-MM-DD`, without a time, as malkoll reads it."""
    return _field(
        model,
        name,
        "datetime",
        format="YYYY-MM-DD",
        date_format="YYYY-MM-DD",
        time_format=False,
        picker_utc=True,
        default="",
        **extra,
    )


def select(
    model: type[BaseModel] | None, name: str, options: list[tuple[str, str]], **extra: Any
) -> Field:
    """A choice among ``options`` (value, label); the values are written as text."""
    return _field(
        model,
        name,
        "select",
        options=[{"label": shown, "value": value} for value, shown in options],
        **extra,
    )


def hidden(name: str) -> Field:
    """A value the form keeps as it is but does not show (the plan's organisation and year)."""
    return {"label": label(name), "name": name, "widget": "hidden"}


def obj(model: type[BaseModel] | None, name: str, fields: list[Field], **extra: Any) -> Field:
    return _field(model, name, "object", fields=fields, collapsed=True, **extra)


def items(
    model: type[BaseModel] | None,
    name: str,
    fields: list[Field],
    summary: str | None = None,
    **extra: Any,
) -> Field:
    """A list of objects (activities, verksamhetsmål, ...)."""
    out = _field(model, name, "list", fields=fields, collapsed=True, **extra)
    if summary:
        out["summary"] = summary
    return out


def strings(model: type[BaseModel] | None, name: str, **extra: Any) -> Field:
    """A list of texts, one field each (never Decap's comma-separated list, which splits
    a text with a comma in it)."""
    return _field(
        model,
        name,
        "list",
        field={"label": label(name), "name": name, "widget": "string"},
        **extra,
    )

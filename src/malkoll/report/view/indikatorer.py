"""An indicator under a delmål (in template block `malsattningar`): its table of years,
outcomes for total, women and men, targets and comparisons, its trend and its chart; its
groupings and its units' own figures (`view.grupper`).

An indicator's id is never shown bare: beside its name it carries its source, `Elever i
åk 9, genomsnittligt meritvärde – Kolada N15505`, in its table's caption and wherever an
analysis names it as its underlag (`source_label`, `name_sources`)."""

from __future__ import annotations

from collections.abc import Iterable

from malkoll.model import files as m
from malkoll.report.charts import trend_chart
from malkoll.report.model import Indikatorrad, Indikatorvy, Malvy
from malkoll.report.view.grupper import groupings, units
from malkoll.report.view.source import Source
from malkoll.report.wording import caption_unit, decimals_of

COMPARISON_NAMES = {"riket": "Riket", "liknande_kommuner": "Liknande kommuner"}


def indicator(src: Source, ind: str) -> Indikatorvy | None:
    """An indicator's table and trend up to the report's year; None when no goal in mal/
    defines it."""
    defined = src.index.indicator_defs.get(ind)
    if defined is None:
        return None
    definition = defined.data
    values = src.index.values.get(ind)
    year = src.year.ar
    years = sorted(y for y in (values.utfall if values else {}) if y <= year)
    comparisons = list(values.jamforelse) if values else []
    rows = []
    for y in years:
        u = values.utfall[y] if values else None
        rows.append(
            Indikatorrad(
                y,
                u.T if u else None,
                u.K if u else None,
                u.M if u else None,
                definition.malvarde.get(y),
                [values.jamforelse[c].get(y) if values else None for c in comparisons],
            )
        )
    higher = definition.riktning == "hogre"
    targets = {y: v for y, v in definition.malvarde.items() if y >= (years[0] if years else year)}
    return Indikatorvy(
        definition.id,
        definition.namn,
        definition.enhet,
        "Högre är bättre" if higher else "Lägre är bättre",
        values.kalla if values else None,
        from_kolada(definition, values),
        rows,
        [comparison_name(c) for c in comparisons],
        trend(rows, higher),
        trend_chart(
            definition.namn,
            [(r.ar, r.T, r.K, r.M) for r in rows],
            targets,
            [
                (comparison_name(c), {r.ar: r.jamforelser[i] for r in rows})
                for i, c in enumerate(comparisons)
            ],
        ),
        beteckning=designation(definition, values),
        enhetstext=caption_unit(definition.namn, definition.enhet),
        decimaler=decimals_of(_figures(rows), most=2) if rows else 0,
        grupperingar=groupings(definition, values, year),
        organisationer=units(src, values),
    )


def _figures(rows: list[Indikatorrad]) -> Iterable[float | None]:
    for r in rows:
        yield from (r.T, r.K, r.M, r.malvarde, *r.jamforelser)


def from_kolada(definition: m.IndikatorDefinition, values: m.IndikatorVarden | None) -> bool:
    """Whether the indicator's figures come from Kolada."""
    return bool(definition.kolada) or bool(values and (values.kalla or "").lower() == "kolada")


def designation(definition: m.IndikatorDefinition, values: m.IndikatorVarden | None) -> str:
    """The indicator's id as the report shows it beside its name: `Kolada N15505` for a
    Kolada indicator, else its own id."""
    if from_kolada(definition, values):
        return f"Kolada {definition.kolada or definition.id}"
    return definition.id


def source_label(src: Source, item: str) -> str:
    """An underlag as the report names it: an indicator by its name, id and source
    (`Meritvärde i årskurs 9 – Kolada N15505`, `Nöjdhet – ALE-AO-01, källa: SCB`: a dash,
    not brackets, since a name may end with its own, `andel (%)`); any other underlag as
    written."""
    defined = src.index.indicator_defs.get(item)
    if defined is None:
        return item
    definition = defined.data
    values = src.index.values.get(item)
    label = designation(definition, values)
    kalla = (values.kalla or "").strip() if values else ""
    if kalla and not from_kolada(definition, values):
        label = f"{label}, källa: {kalla}"
    return f"{definition.namn} – {label}"


def name_sources(src: Source, goals: list[Malvy]) -> list[Malvy]:
    """``goals`` with every follow-up's underlag named by `source_label`."""
    for goal in goals:
        for dm in goal.delmal:
            for upp in dm.uppfoljningar:
                upp.underlag = [source_label(src, u) for u in upp.underlag]
    return goals


def trend(rows: list[Indikatorrad], higher_is_better: bool) -> str:
    """How the latest total compares with the year before: better, worse or unchanged."""
    totals = [(r.ar, r.T) for r in rows if r.T is not None]
    if len(totals) < 2:
        return ""
    (_, before), (_, latest) = totals[-2], totals[-1]
    if latest == before:
        return "oförändrad"
    return "förbättras" if (latest > before) == higher_is_better else "försämras"


def comparison_name(key: str) -> str:
    """A comparison's name as the table heads it: `liknande_kommuner` → Liknande kommuner."""
    return COMPARISON_NAMES.get(key, key.replace("_", " ").capitalize())

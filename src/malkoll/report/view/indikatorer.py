"""An indicator under a delmål (in template block `malsattningar`): its table of years,
outcomes for total, women and men, targets and comparisons, its trend and its chart."""

from __future__ import annotations

from malkoll.report.charts import trend_chart
from malkoll.report.model import Indikatorrad, Indikatorvy
from malkoll.report.view.source import Source

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
        bool(definition.kolada) or bool(values and (values.kalla or "").lower() == "kolada"),
        rows,
        [comparison_name(c) for c in comparisons],
        trend(rows, higher),
        trend_chart(definition.namn, [(r.ar, r.T, r.K, r.M) for r in rows], targets),
    )


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

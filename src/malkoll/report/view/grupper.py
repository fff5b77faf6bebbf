"""An indicator's groupings and its units' own figures, under the indicator's table (in
template block `malsattningar`, via `_indikator.*.j2`).

A grouping (`grupper.kommundel`) is a table of years × groups, with the indicator's total
beside them, and a chart of the groups in the latest year with a value. The units' own
figures (`organisationer`) are a table of the units in the report's scope, in tree
order, with each year's total (and women and men for a year that has them), and the
municipality's own outcome under them for comparison.
"""

from __future__ import annotations

from collections.abc import Iterable

from malkoll.model import files as m
from malkoll.model.groups import grouping_name
from malkoll.report.charts import group_chart
from malkoll.report.grupper_model import Enhetsrad, Enhetsvy, Grupperingvy, Grupprad
from malkoll.report.view.source import Source
from malkoll.report.wording import decimals_of

TOTAL_NAME = "Hela kommunen"


def groupings(
    definition: m.IndikatorDefinition, values: m.IndikatorVarden | None, year: int
) -> list[Grupperingvy]:
    """Each grouping with a value up to ``year``, in the file's order."""
    if values is None:
        return []
    out = []
    for key, groups in values.grupper.items():
        names = list(groups)
        years = sorted(
            {y for s in groups.values() for y, v in s.items() if y <= year and v is not None}
        )
        if not years:
            continue
        rows = [Grupprad(y, [groups[g].get(y) for g in names], _total(values, y)) for y in years]
        latest = years[-1]
        name = grouping_name(key)
        chart = group_chart(
            f"{definition.namn}: {name.lower()} {latest}",
            [(g, groups[g].get(latest)) for g in names],
            _total(values, latest),
            definition.malvarde.get(latest),
        )
        figures = [v for r in rows for v in (*r.varden, r.T)]
        out.append(Grupperingvy(key, name, names, rows, chart, latest, decimals_of(figures)))
    return out


def _total(values: m.IndikatorVarden, year: int) -> float | None:
    u = values.utfall.get(year)
    return u.T if u is not None else None


def units(src: Source, values: m.IndikatorVarden | None) -> Enhetsvy | None:
    """The units' own figures in the report's scope up to its year; None when there are
    none. An id that is not in organisation.yaml (MK202) is left out."""
    if values is None:
        return None
    year, known = src.year.ar, set(src.index.orgs)
    chosen = [o for o in values.organisationer if o in known and src.in_scope(o)]
    chosen.sort(key=lambda o: (src.order(o), src.name(o)))
    figures = {o: {y: u for y, u in values.organisationer[o].items() if y <= year} for o in chosen}
    years = sorted({y for f in figures.values() for y, u in f.items() if _any(u)})
    if not years:
        return None
    columns: list[tuple[int, str]] = []
    for y in years:
        columns.append((y, "T"))
        for series in ("K", "M"):
            if any(getattr(f.get(y), series, None) is not None for f in figures.values()):
                columns.append((y, series))
    rows = [
        Enhetsrad(o, src.name(o), _cells(figures[o], columns))
        for o in chosen
        if any(_any(u) for u in figures[o].values())
    ]
    total = Enhetsrad("", TOTAL_NAME, _cells(values.utfall, columns))
    numbers = [v for r in (*rows, total) for v in r.varden]
    return Enhetsvy([_head(y, s) for y, s in columns], rows, total, decimals_of(numbers))


def _any(u: m.Utfall | None) -> bool:
    return u is not None and (u.T is not None or u.K is not None or u.M is not None)


def _cells(by_year: dict[int, m.Utfall], columns: Iterable[tuple[int, str]]) -> list[float | None]:
    out: list[float | None] = []
    for y, series in columns:
        u = by_year.get(y)
        out.append(getattr(u, series) if u is not None else None)
    return out


def _head(year: int, series: str) -> str:
    return {"T": str(year), "K": f"Kvinnor {year}", "M": f"Män {year}"}[series]

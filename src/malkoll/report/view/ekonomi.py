"""The economy (template block `ekonomi`): every nämnd's budget, outcome and deviation in
the unit and per cent, the forecasts through the year, the sum row, and the investments.

In an interim report the outcome is compared with the period's budget, shown beside the
year's; in the year's last period with the year's budget, shown once. Each forecast is
the year's deviation, and its column says so: `Prognos helår, avvikelse (februari)`."""

from __future__ import annotations

from malkoll.analysis.forecasts import deviation_of as deviation_of
from malkoll.analysis.forecasts import forecast_points as ordered_points
from malkoll.analysis.forecasts import forecasts
from malkoll.report.economy_chart import budget_chart
from malkoll.report.forecast_chart import Prognosvy, forecast_chart
from malkoll.report.model import Ekonomirad, Ekonomivy, Investeringsrad
from malkoll.report.view.ekonomi_delar import costs_and_income, present_sum, projects, units
from malkoll.report.view.source import Source, slug
from malkoll.report.wording import forecast_heading


def economy(src: Source) -> Ekonomivy | None:
    """All nämnder in one table: budget, outcome, deviation, and every forecast so far."""
    doc = src.year.ekonomi
    if doc is None:
        return None
    last = next(reversed(src.settings.perioder))
    points = forecast_points(src)
    rows = []
    for n in doc.data.namnder:
        if not src.in_scope(n.organisation):
            continue
        figures = n.perioder.get(src.period)
        outcome = figures.utfall if figures else None
        base = n.budget if src.period == last else (figures.periodbudget if figures else None)
        deviation, share = deviation_of(base, outcome)
        rows.append(
            Ekonomirad(
                n.organisation,
                src.name(n.organisation),
                n.budget,
                outcome,
                base,
                deviation,
                share,
                [(n.perioder[k].prognos if k in n.perioder else None) for k in points],
                n.analys.get(src.period),
                n.atgarder.get(src.period),
                anchor=f"ekonomi-analys-{slug(n.organisation)}",
            )
        )
    projekt = projects(src, doc.data.investeringar, src.period == last)
    # the investments as plain rows too, for a municipality's own templates that use them
    investments = [
        Investeringsrad(p.id, p.namn, p.organisation, p.budget, p.utfall, p.avvikelse, p.kommentar)
        for p in (projekt.rader if projekt else [])
    ]
    investments_total = investment_sum(investments)
    return Ekonomivy(
        src.settings.ekonomi.enhet,
        [forecast_heading(src.settings, k) for k in points],
        rows,
        total(rows, len(points)),
        investments,
        investments_total.budget,
        investments_total.utfall,
        investments_total,
        periodbudget=src.period != last,
        prognossakerhet=forecast_accuracy(src),
        diagram=budget_chart(rows, src.settings.ekonomi.enhet, src.period != last),
        netto=costs_and_income(src, doc.data.namnder),
        enheter=units(src, doc.data.namnder, src.period == last),
        projekt=projekt,
    )


def forecast_accuracy(src: Source) -> list[Prognosvy]:
    """Each nämnd's forecasts against the outcome (or the latest forecast), with its chart."""
    unit = src.settings.ekonomi.enhet
    return [
        Prognosvy(found, forecast_chart(found, unit), anchor=f"prognos-{slug(found.organisation)}")
        for found in forecasts(src.repo, src.year.ar, src.period, src.namnd)
    ]


def forecast_points(src: Source) -> list[str]:
    """The points of the year that carry a forecast, in date order, up to the period
    (`analysis.forecasts.forecast_points`)."""
    eco = src.year.ekonomi
    return ordered_points(src.settings, src.year.ar, src.period, eco.data if eco else None)


def total(rows: list[Ekonomirad], points: int) -> Ekonomirad:
    """The sum of the rows; a column with a missing figure sums the figures that exist."""
    outcome = present_sum(r.utfall for r in rows)
    base = present_sum(r.jamfort_med for r in rows if r.utfall is not None)
    deviation, share = deviation_of(base, outcome)
    return Ekonomirad(
        "",
        "Summa",
        sum(r.budget for r in rows),
        outcome,
        base,
        deviation,
        share,
        [present_sum(r.prognoser[i] for r in rows) for i in range(points)],
        None,
        None,
    )


def investment_sum(rows: list[Investeringsrad]) -> Investeringsrad:
    """The investments' sum row: every budget; the outcomes that exist (none is not 0);
    the deviation over the rows that have an outcome, each row's budget less outcome."""
    return Investeringsrad(
        "",
        "Summa",
        "",
        sum(r.budget for r in rows),
        present_sum(r.utfall for r in rows),
        present_sum(r.avvikelse for r in rows),
        None,
    )

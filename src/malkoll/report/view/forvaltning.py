"""The förvaltningsberättelse (template include `_forvaltningsberattelse`), in the
municipality's report: the chapters in RKR R15's order (a person's Markdown, from
`ÅÅÅÅ/forvaltningsberattelse/PERIOD/`), and beside them what malkoll computes: the
five-year overview, the koncern, god ekonomisk hushållning (the financial goals, the
verksamhetsmål of importance for it, the overall assessments), the municipality's
result line, the balanskravsutredning, the personnel; in an interim report the forecasts
for the year. Also the decisions on the report for its title page.

What is missing is said, never left out: a required chapter without a file, a file the
year lacks, a figure the law asks for."""

from __future__ import annotations

from malkoll.model import annual as a
from malkoll.model import files as m
from malkoll.model.annual import KAPITEL, KAPITEL_KRAVS, SJUKFRANVARO, Sjukfranvaro
from malkoll.model.bokslut_calc import Resultat
from malkoll.model.financial_goals import Figure, measure
from malkoll.reading.chapters import FOLDER
from malkoll.report.annual_model import (
    Beslutvy,
    Bolagvy,
    Femarsrad,
    Femarsvy,
    Finansmalrad,
    Forvaltningsvy,
    Gehbedomning,
    Gehvy,
    Kapitelvy,
    Personalmattrad,
    Personalvy,
    Prognosvy,
    Sjukfranvarorad,
    Steg,
    Verksamhetsmalrad,
)
from malkoll.report.model import Malvy
from malkoll.report.view.bolag import koncern
from malkoll.report.view.resultat import (
    MET,
    balance_view,
    geh_step,
    is_interim,
    reaches,
    result_line,
    result_view,
    verdict,
)
from malkoll.report.view.source import Source, slug
from malkoll.report.wording import decimals_of, unit_sign

COMPUTED = ("koncernen", "styrning", "hushallning", "balanskrav", "personal")
"""The chapters malkoll computes, or computes a part of (under styrning: the goal
fulfilment per strategic goal); a file of that name adds its text."""
YEARS = 5
RIKTNING = {"hogre": "högre är bättre", "lagre": "lägre är bättre"}


def forvaltning(
    src: Source, goals: list[Malvy], scale: dict[str, Steg], companies: list[Bolagvy]
) -> Forvaltningsvy | None:
    """The förvaltningsberättelse of the municipality's report; None in a nämnd's."""
    if src.namnd is not None:
        return None
    interim = is_interim(src)
    line = result_line(src)
    balance = balance_view(src, line, scale)
    geh = good_management(src, goals, scale)
    forecast = None
    if interim:
        own, group = _forecast_met(geh.finansiella_mal), _forecast_met(geh.koncernens_mal)
        forecast = Prognosvy(
            line.prognos_resultat,
            line.budget,
            line.prognos,
            balance.resultat,
            balance.uppfyllt,
            own[0] + group[0],
            own[1] + group[1],
            goals_forecast_text(own, group),
        )
    year = src.year
    files = {
        "ekonomi.yaml": year.ekonomi,
        "bokslut.yaml": year.bokslut,
        "hushallning.yaml": year.hushallning,
        "personal.yaml": year.personal,
    }
    return Forvaltningsvy(
        interim,
        src.settings.ekonomi.enhet,
        chapters(src, has_koncern(src)),
        geh,
        result_view(src, line),
        balance,
        personnel(src),
        koncern(src, companies),
        five_years(src),
        forecast,
        [f"{year.ar}/{name}" for name, doc in files.items() if doc is None],
    )


def _forecast_met(rows: list[Finansmalrad]) -> tuple[int, int]:
    """How many of ``rows`` are forecast to be met, of how many have a forecast."""
    given = [r for r in rows if r.prognos_uppfylls is not None]
    return sum(1 for r in given if r.prognos_uppfylls and r.prognos_uppfylls.id == MET), len(given)


def goals_forecast_text(own: tuple[int, int], group: tuple[int, int]) -> str | None:
    """`3 av 3 för kommunen, 1 av 1 för koncernen väntas uppfyllas`: the municipality's
    and the koncern's financial goals apart (the koncern's only when it has a forecast);
    None when no goal has a forecast."""
    named = ((own, "kommunen"), (group, "koncernen"))
    parts = [f"{n} av {of} för {who}" for (n, of), who in named if of]
    return f"{', '.join(parts)} väntas uppfyllas" if parts else None


def has_koncern(src: Source) -> bool:
    """Whether the municipality has a koncern: an organisation of typ `bolag`."""
    return any(src.typ(o) == "bolag" for o in src.index.orgs)


# --- the chapters -------------------------------------------------------------------------


def chapters(src: Source, koncern: bool = True) -> list[Kapitelvy]:
    """The chapters in R15's order, then the municipality's own in name order. At the
    annual report every R15 chapter is there, a required one without a file marked as
    missing; in an interim report those malkoll computes (a part of) and those written.
    Without a koncern (no bolag) its chapter is there only when a file holds it."""
    written = {k.id: k for k in src.year.forvaltningsberattelse if k.period == src.period}
    annual = not is_interim(src)
    out = []
    for key, name in KAPITEL.items():
        found = written.get(key)
        computed = key in COMPUTED
        if found is None and not computed and not annual:
            continue
        if found is None and key == "koncernen" and not koncern:
            continue
        out.append(
            Kapitelvy(
                key,
                found.rubrik if found else name,
                found.text if found and found.text.strip() else None,
                computed,
                found is None and annual and key in KAPITEL_KRAVS,
                found.path if found else f"{src.year.ar}/{FOLDER}/{src.period}/{key}.md",
                f"kapitel-{slug(key)}",
            )
        )
    for key in sorted(k for k in written if k not in KAPITEL):
        k = written[key]
        text = k.text if k.text.strip() else None
        out.append(Kapitelvy(key, k.rubrik, text, False, False, k.path, f"kapitel-{slug(key)}"))
    return out


# --- god ekonomisk hushållning ----------------------------------------------------------------


def good_management(src: Source, goals: list[Malvy], scale: dict[str, Steg]) -> Gehvy:
    """The financial goals (kommun, koncern), the verksamhetsmål of importance, and the
    overall assessments for the period."""
    doc = src.year.hushallning
    data = doc.data if doc else None
    found = data.finansiella_mal if data else []
    line = result_line(src) if any(g.matt for g in found) else None
    rows = [financial_goal(src, g, scale, line) for g in found]
    delmal = {d.id: (g, d) for g in goals for d in g.delmal}
    targets = []
    for dm_id in data.verksamhetsmal if data else []:
        hit = delmal.get(dm_id)
        known = src.index.delmal.get(dm_id)
        goal, dm = hit if hit else (None, None)
        targets.append(
            Verksamhetsmalrad(
                dm_id,
                dm.namn if dm else (known.namn if known else dm_id),
                f"{goal.id}. {goal.namn}" if goal else None,
                dm.bedomning if dm else None,
                goal.bedomning if goal else None,
                dm.anchor if dm else f"delmal-{slug(dm_id)}",
                known is not None,
            )
        )
    group = _assessment(src, "koncern", "Koncernen", data, scale)
    return Gehvy(
        data is not None,
        [r for r in rows if r.niva == "kommun"],
        [r for r in rows if r.niva == "koncern"],
        targets,
        _assessment(src, "kommun", "Kommunen", data, scale),
        group,
        har_koncern=has_koncern(src) or group.bedomning is not None,
    )


def financial_goal(
    src: Source, goal: a.FinansielltMal, scale: dict[str, Steg], line: Resultat | None = None
) -> Finansmalrad:
    """A financial goal's row: target, outcome, met; in an interim report the forecast.
    A value not written is, for a goal with `matt`, computed from ``line`` (the period's
    result line), rounded to one decimal as a written one would be and judged as shown;
    a written value wins (MK516 says when it disagrees)."""
    p = src.period
    interim = is_interim(src)
    written = goal.utfall.get(p)
    outcome = written if written is not None else _computed(goal, line, "utfall")
    written_forecast = goal.prognos.get(p) if interim else None
    forecast = written_forecast
    if interim and forecast is None:
        forecast = _computed(goal, line, "prognos")
    return Finansmalrad(
        goal.id,
        goal.namn,
        goal.niva,
        goal.enhet,
        RIKTNING[goal.riktning],
        goal.malvarde,
        outcome,
        verdict(reaches(outcome, goal.malvarde, goal.riktning), scale),
        forecast,
        verdict(
            reaches(forecast, goal.malvarde, goal.riktning),
            scale,
            ("Väntas uppfyllas", "Väntas inte uppfyllas"),
        ),
        goal.kommentar.get(p),
        written is None and outcome is not None,
        written_forecast is None and forecast is not None,
    )


def _computed(goal: a.FinansielltMal, line: Resultat | None, figure: Figure) -> float | None:
    """The goal's measure for the period, to one decimal; None without `matt` (or for the
    koncern's goal, which malkoll does not compute) or without the figures."""
    if goal.matt is None or goal.niva != "kommun" or line is None:
        return None
    value = measure(goal.matt, line, figure).varde
    return round(value, 1) if value is not None else None


def _assessment(
    src: Source, niva: str, rubrik: str, data: m.Hushallning | None, scale: dict[str, Steg]
) -> Gehbedomning:
    given = (data.kommun if niva == "kommun" else data.koncern).get(src.period) if data else None
    return Gehbedomning(
        niva,
        rubrik,
        geh_step(given.bedomning, scale) if given else None,
        given.text if given else None,
    )


# --- personnel ------------------------------------------------------------------------------------


def personnel(src: Source) -> Personalvy:
    """The statutory sick-leave figures for the period and last year, and the other
    personnel figures; a statutory figure missing without `ej_redovisat` is named."""
    doc = src.year.personal
    data = doc.data if doc else None
    now = data.sjukfranvaro.get(src.period) if data else None
    before = _last_year(src, data)
    rows = [
        Sjukfranvarorad(
            key,
            name,
            getattr(now, key) if now else None,
            getattr(before, key) if before else None,
        )
        for key, name in SJUKFRANVARO.items()
    ]
    explained = now.ej_redovisat if now else None
    missing = [] if now is None or explained else [r.namn for r in rows if r.varde is None]
    figures = [
        Personalmattrad(x.namn, x.enhet, x.varden.get(src.period), x.foregaende_ar)
        for x in (data.matt if data else [])
    ]
    return Personalvy(
        now is not None,
        rows,
        explained,
        missing,
        figures,
        data.kommentar.get(src.period) if data else None,
        src.year.ar - 1,
    )


def _last_year(src: Source, data: m.Personal | None) -> Sjukfranvaro | None:
    """Last year's sick leave: as the file gives it, else last year's file's for the
    same period."""
    if data is not None and data.foregaende_ar is not None:
        return data.foregaende_ar
    previous = src.repo.ar.get(src.year.ar - 1)
    doc = previous.personal if previous else None
    return doc.data.sjukfranvaro.get(src.period) if doc else None


# --- the five-year overview and the decisions ------------------------------------------------


def five_years(src: Source) -> Femarsvy | None:
    """The five-year overview: the last five years up to the report's that have a value."""
    fin = src.year.bokslut
    rows = fin.data.femarsoversikt if fin else []
    if not rows:
        return None
    years = sorted({y for r in rows for y in r.varden if y <= src.year.ar})[-YEARS:]
    out = []
    for r in rows:
        values = [r.varden.get(y) for y in years]
        out.append(Femarsrad(r.namn, unit_sign(r.enhet) or None, values, decimals_of(values)))
    return Femarsvy(years, out)


def decisions(src: Source, plans: dict[str, m.Plan]) -> list[Beslutvy]:
    """The decisions on the report: in the municipality's, bokslut.yaml's for the period;
    in a nämnd's, its plan's."""
    if src.namnd is not None:
        plan = plans.get(src.namnd)
        given = plan.beslut.get(src.period) if plan else None
        found = [given] if given else []
    else:
        fin = src.year.bokslut
        found = list(fin.data.beslut.get(src.period, [])) if fin else []
    annual = not is_interim(src)
    return [Beslutvy(b.organ, b.datum, b.paragraf, b.diarienummer, annual) for b in found]

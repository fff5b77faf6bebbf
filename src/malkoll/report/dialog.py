"""`malkoll dialog NÄMND`: one page for the dialogue between a nämnd's presidium and the
kommunstyrelse's arbetsutskott (dialogue instead of many written reports).

For the period: the nämnd's and its units' assessments per delmål and what changed since
the previous period (`report.andringar`), the three largest deviations in the figures
(`analysis.deviations`), the uppdrag past their `klart` date and not done, the internal
control's deviations with their measures, the economy (outcome, budget deviation and the
latest forecast of the year's deviation, from `view.ekonomi`), what the previous period's
dialogue asked the nämnd to come back with, and this period's dialogue when it is
written (the plan's `dialog`). For a bolag, its own follow-up of the period (result,
forecast, turnover, solidity, summary, the owner's goals) as the report's bolag view
(`view.bolag.companies`) has it. Every figure and sentence is computed here; the templates
mallar/dialog.*.j2 lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from malkoll.analysis import periods
from malkoll.analysis.deviations import deviations, largest
from malkoll.errors import BadOption
from malkoll.model.repository import Repository
from malkoll.model.timing import period_date
from malkoll.reading.load import Progress, load
from malkoll.reading.walk import find_root
from malkoll.report.andringar import check_formats, check_namnd, since_previous, write_pages
from malkoll.report.andringar_model import Andringsvy
from malkoll.report.annual_model import Bolagvy, Steg
from malkoll.report.view.bolag import companies
from malkoll.report.view.ekonomi import economy
from malkoll.report.view.sammanfattning import _previous
from malkoll.report.view.source import STATUS_NAMES, Source, assessment, latest, scale_steps, step
from malkoll.rules.context import DONE
from malkoll.text import did_you_mean

DEVIATION_KINDS = {
    "malvarde": "Målvärde",
    "utveckling": "Utveckling",
    "jamforelse": "Jämförelse",
    "grupp": "Skillnad mellan grupper",
}
"""The deviations' kinds (`analysis.deviations.SLAG`) as the page names them."""


@dataclass(frozen=True)
class Bedomningsrad:
    """One delmål: the assessment of the nämnd and of each unit that follows it up."""

    delmal: str
    namn: str
    bedomningar: list[tuple[str, Steg | None, Steg | None]]
    """(organisation's name, its step the previous period, its step now; None: not
    assessed)."""


@dataclass(frozen=True)
class Avvikelserad:
    slag: str
    delmal: str
    organisation: str | None
    text: str


@dataclass(frozen=True)
class Sentuppdrag:
    id: str
    namn: str
    organisation: str
    klart: dt.date | None
    status: str
    kommentar: str | None


@dataclass(frozen=True)
class Kontrollavvikelse:
    id: str
    organisation: str
    kontroll: str
    avvikelser: str
    atgarder: str | None


@dataclass(frozen=True)
class Dialogekonomi:
    enhet: str
    budget: float
    jamfort_med: float | None
    utfall: float | None
    avvikelse: float | None
    avvikelse_procent: float | None
    prognos: float | None
    """The latest forecast of the year's deviation up to the period."""
    prognos_rubrik: str | None
    """Its column's heading: `Prognos helår, avvikelse (maj)`."""
    periodbudget: bool
    visa_arsbudget: bool = True
    """Whether the year's budget is shown beside the budget compared with: not in the
    year's last period, nor when the two are the same figure."""


@dataclass(frozen=True)
class Dialogtillfalle:
    """One period's dialogue as the plan records it."""

    period: str
    """The period's name with its year: `Delårsrapport 1 2020`."""
    datum: dt.date | None
    deltagare: list[str]
    anteckningar: str | None
    bad_om: list[str]


@dataclass
class Dialogsida:
    """The dialog page (`r` in mallar/dialog.*.j2); the report's HTML head reads
    `kommun`, `titel`, `namnd` and `utkast`."""

    kommun: str
    titel: str
    namnd: str
    ar: int
    period: str
    period_namn: str
    datum: dt.date
    bedomningar: list[Bedomningsrad]
    andringar: Andringsvy | None
    avvikelser: list[Avvikelserad]
    sena_uppdrag: list[Sentuppdrag]
    internkontroll: list[Kontrollavvikelse]
    ekonomi: Dialogekonomi | None
    forra: Dialogtillfalle | None
    """The previous period's dialogue, with what it asked for (`bad_om`)."""
    denna: Dialogtillfalle | None
    """This period's dialogue, when it is written."""
    utkast: bool = False
    skala: list[Steg] = field(default_factory=list)
    forra_period: str | None = None
    """The previous period's name (the assessments' first column), None without one."""
    bolag: Bolagvy | None = None
    """A bolag's own follow-up of the period (ÅÅÅÅ/bolag/); None for a nämnd."""


def page(repo: Repository, namnd: str, year: int, period: str, today: dt.date) -> Dialogsida:
    """The dialog page of ``namnd`` for ``period`` of ``year``."""
    src = Source(repo, repo.ar[year], period, namnd)
    name = src.name(namnd)
    period_name = src.settings.perioder[period].namn
    return Dialogsida(
        kommun=src.settings.kommun,
        titel=f"Underlag för dialog, {period_name[:1].lower()}{period_name[1:]} {year}",
        namnd=name,
        ar=year,
        period=period,
        period_namn=period_name,
        datum=today,
        bedomningar=assessments(src),
        andringar=since_previous(src),
        avvikelser=largest_deviations(repo, year, period, namnd),
        sena_uppdrag=late_assignments(src),
        internkontroll=control_deviations(src),
        ekonomi=economy_of(src),
        forra=previous_dialogue(src),
        denna=dialogue(src, period, year),
        skala=list(scale_steps(src.settings).values()),
        forra_period=_previous(src, src.plans())[2],
        bolag=company_of(src),
    )


def company_of(src: Source) -> Bolagvy | None:
    """The bolag's part of the report (`view.bolag.companies`) when the page is a
    bolag's; None for a nämnd."""
    if src.namnd is None or src.typ(src.namnd) != "bolag":
        return None
    found = companies(src, scale_steps(src.settings))
    return next((b for b in found if b.org_id == src.namnd), None)


def assessments(src: Source) -> list[Bedomningsrad]:
    """Per delmål (mal/ order) that the nämnd or a unit it answers for plans for, each
    such organisation's assessment for the previous period (as the summary finds it:
    the year before's last for the year's first) and for the period, the nämnd first."""
    assert src.namnd is not None
    plans = src.plans()
    previous, before, _name = _previous(src, plans)
    scale = scale_steps(src.settings)
    orgs = [o for o in src.own(src.namnd) if o in plans]
    rows = []
    for doc in src.repo.mal:
        for dm in doc.data.delmal:
            having = [o for o in orgs if any(e.delmal == dm.id for e in plans[o].delmal)]
            if having:
                cells = [
                    (
                        src.name(o),
                        step(assessment(before.get(o), dm.id, previous), scale)
                        if previous
                        else None,
                        step(assessment(plans[o], dm.id, src.period), scale),
                    )
                    for o in having
                ]
                rows.append(Bedomningsrad(dm.id, dm.namn, cells))
    return rows


def largest_deviations(repo: Repository, year: int, period: str, namnd: str) -> list[Avvikelserad]:
    """The three largest deviations in the nämnd's figures (`analysis.deviations`)."""
    found = deviations(repo, year, period, namnd=namnd)
    if not found:
        return []
    src = Source(repo, repo.ar[year], period, namnd)
    return [
        Avvikelserad(
            DEVIATION_KINDS.get(a.slag, a.slag),
            a.delmal,
            _named_unless_said(src.name(a.organisation) if a.organisation else None, a.text),
            a.text,
        )
        for a in largest(found[0], 3)
    ]


def _named_unless_said(name: str | None, text: str) -> str | None:
    """The unit to print beside a deviation: None when the text already names it, or
    compares units (`… per enhet`), which no one unit owns."""
    if name is None:
        return None
    said = text.casefold()
    return None if name.casefold() in said or "per enhet" in said else name


def late_assignments(src: Source) -> list[Sentuppdrag]:
    """The nämnd's uppdrag whose `klart` is before the period's date and whose latest
    status up to the period is neither genomförd nor avbruten."""
    doc = src.year.uppdrag
    until = period_date(src.settings, src.year.ar, src.period)
    out = []
    for u in doc.data.root if doc else []:
        if not src.in_scope(u.organisation) or u.klart is None or until is None:
            continue
        last = latest(u.uppfoljning, src)
        status = last.status if last else None
        if u.klart < until and status not in DONE:
            out.append(
                Sentuppdrag(
                    u.id,
                    u.namn,
                    src.name(u.organisation),
                    u.klart,
                    STATUS_NAMES.get(status, status) if status else "Ej uppföljt",
                    last.kommentar if last else None,
                )
            )
    return out


def control_deviations(src: Source) -> list[Kontrollavvikelse]:
    """The internal control's deviations of the period, with their measures."""
    out = []
    for doc in sorted(src.year.internkontroll, key=lambda d: src.order(d.data.organisation)):
        ik = doc.data
        if not src.in_scope(ik.organisation):
            continue
        for k in ik.kontroller:
            fu = k.uppfoljning.get(src.period)
            if fu is None or fu.avvikelser is None or not fu.avvikelser.strip():
                continue
            what = f"{k.process}: {k.kontrollmoment}" if k.process else k.kontrollmoment
            out.append(
                Kontrollavvikelse(k.id, src.name(ik.organisation), what, fu.avvikelser, fu.atgarder)
            )
    return out


def economy_of(src: Source) -> Dialogekonomi | None:
    """The nämnd's row of the report's economy (`view.ekonomi.economy`) and its latest
    forecast up to the period; None when ekonomi.yaml has no row for it."""
    eco = economy(src)
    row = next((r for r in eco.rader if r.org_id == src.namnd), None) if eco else None
    if eco is None or row is None:
        return None
    forecasts = [
        (v, h) for v, h in zip(row.prognoser, eco.prognoskolumner, strict=True) if v is not None
    ]
    value, heading = forecasts[-1] if forecasts else (None, None)
    last = src.period == list(src.settings.perioder)[-1]
    return Dialogekonomi(
        eco.enhet,
        row.budget,
        row.jamfort_med,
        row.utfall,
        row.avvikelse,
        row.avvikelse_procent,
        value,
        heading,
        eco.periodbudget,
        not last and row.jamfort_med is not None and row.jamfort_med != row.budget,
    )


def dialogue(src: Source, period: str, year: int) -> Dialogtillfalle | None:
    """The nämnd's dialogue of ``period`` in its plan of ``year``, when written."""
    plan = src.plans(year).get(str(src.namnd))
    found = plan.dialog.get(period) if plan is not None else None
    if found is None:
        return None
    name = src.settings.perioder[period].namn if period in src.settings.perioder else period
    return Dialogtillfalle(
        f"{name} {year}",
        found.datum,
        list(found.deltagare),
        found.anteckningar,
        [x for x in found.bad_om if x.strip()],
    )


def previous_dialogue(src: Source) -> Dialogtillfalle | None:
    """The previous period's dialogue (the period `_previous` finds for the report's
    summary, the year before's last for the year's first)."""
    previous, _plans, _name = _previous(src, src.plans())
    if previous is None:
        return None
    keys = list(src.settings.perioder)
    year = src.year.ar if keys.index(previous) < keys.index(src.period) else src.year.ar - 1
    return dialogue(src, previous, year)


def dialog(
    start: Path,
    namnd: str,
    *,
    period: str | None = None,
    ar: int | None = None,
    formats: tuple[str, ...] = ("md", "html"),
    out: Path | None = None,
    templates: Path | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cache: bool = True,
) -> list[Path]:
    """Write the dialog page of ``namnd``; the files written."""
    root = find_root(start)
    check_formats(formats, templates)
    repo = load(root, progress, cache=cache)
    day = today or dt.date.today()
    if not repo.ar:
        raise BadOption("Målrepot har ingen årsmapp.")
    year = ar if ar is not None else periods.default_year(repo, day)
    periods.check_year(repo, year)
    keys = list(repo.installningar.perioder)
    if period is None:
        period = periods.default_period(repo.installningar, year, day)
    elif period not in keys:
        raise BadOption(
            f"Perioden {period!r} finns inte.{did_you_mean(period, keys)} "
            f"Perioderna är {', '.join(keys)}."
        )
    check_namnd(repo, namnd, "malkoll dialog {}")
    built = page(repo, namnd, year, period, day)
    return write_pages(
        root, built, "dialog", f"dialog-{year}-{period}-{namnd}", formats, out, templates
    )

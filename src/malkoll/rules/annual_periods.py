"""What each due period asks of the report fullmäktige adopts: MK606–MK609 and MK510.

For every due period: each bolag's follow-up (MK606), each strategic goal's own
assessment by its målsättningsansvarig (MK607), in an interim period the forecast of the
year's result (MK608), and each nämnd's overall judgement of its internal control
(MK510). A decision on a report (a nämnd's in its plan, the municipality's in
`bokslut.yaml`) is checked against the period's end and the deadline (MK609).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.annual import Beslut, Resultatpost
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due, period_date
from malkoll.rules.annual_shared import bolag_ids, gone, municipality, periods_named, unread
from malkoll.rules.context import Context, blank, problem, where_period
from malkoll.text import fold_choice, quote

MK510 = f.rule(
    "MK510",
    "varning",
    "Nämndens samlade bedömning av internkontrollen saknas",
    "I en period då kontroller rapporteras (`rapporteras`) ska nämnden också ge sin samlade "
    "bedömning av den interna kontrollen, under `bedomning` för perioden i "
    "internkontrollplanen.",
    wrong="organisation: un\nkontroller:\n  - id: IK1\n    rapporteras: [helar]",
    right="organisation: un\nbedomning:\n  helar: Den interna kontrollen är tillräcklig; två "
    "avvikelser har åtgärdats.\nkontroller:\n  - id: IK1\n    rapporteras: [helar]",
)
MK606 = f.rule(
    "MK606",
    "fel",
    "Bolaget är inte uppföljt",
    "Varje bolag i organisation.yaml (typ bolag) följs upp i varje period som har passerat, "
    "i en fil i `ÅÅÅÅ/bolag/` med `organisation` och `perioder`. Saknas filen pekar fyndet på "
    "bolaget i organisation.yaml; rapporten visar bolaget med ”Ingen uppföljning har kommit "
    "in”.",
    wrong="# 2020/bolag/alebyggen.yaml\norganisation: alebyggen\nperioder: {}",
    right="# 2020/bolag/alebyggen.yaml\norganisation: alebyggen\nperioder:\n  helar:\n"
    "    resultat: 21300\n    sammanfattning: Nyproduktionen i Nödinge är klar.",
)
MK607 = f.rule(
    "MK607",
    "fel",
    "Målsättningen saknar målsättningsansvarigs bedömning",
    "Varje strategisk målsättning i mål/ bedöms i varje period som har passerat av sin "
    "målsättningsansvarig, i en fil i `ÅÅÅÅ/malsattningar/` (`malsattning`, `ansvarig`, "
    "`uppfoljning`): `bedomning` för perioden, och i en delårsrapport `prognos`, den bedömda "
    "måluppfyllelsen vid årets slut. Rapporten visar delmålens median bredvid, som stöd.",
    wrong="malsattning: '1'\nuppfoljning:\n  delar2: {text: Läsningen har ökat.}",
    right="malsattning: '1'\nuppfoljning:\n  delar2: {bedomning: gul, prognos: gul, "
    "text: Läsningen har ökat.}",
)
MK608 = f.rule(
    "MK608",
    "fel",
    "Delårsrapporten saknar prognos för årets resultat",
    "En delårsrapport ska innehålla en prognos för årets resultat. malkoll räknar fram den "
    "ur nämndernas prognoser i `ekonomi.yaml` och raderna i `bokslut.yaml` (`poster`), som "
    "var och en ska ha sin prognos (avvikelse mot budget) under `perioder` för perioden.",
    wrong="poster:\n  - post: skatteintakter\n    budget: 1650000\n"
    "    perioder: {delar2: {utfall: 1102000}}",
    right="poster:\n  - post: skatteintakter\n    budget: 1650000\n"
    "    perioder: {delar2: {utfall: 1102000, prognos: -24000}}",
)


def computers_day() -> dt.date:
    """The day malkoll runs on (the tests set it), for decisions dated in the future."""
    return dt.date.today()


MK609 = f.rule(
    "MK609",
    "varning",
    "Beslutet om rapporten är sent eller för tidigt daterat",
    "En rapport ska behandlas inom två månader från periodens slut (för en delårsrapport: "
    "till fullmäktige och revisorerna), så ett beslut (`beslut` i en nämnds plan eller i "
    "`bokslut.yaml`) senare än så är en varning. För kommunens årsredovisning gäller "
    "lagens datum i stället: kommunfullmäktige ska godkänna den senast den 30 juni året "
    "efter, och andra organ (kommunstyrelsen) ska ha lämnat den till fullmäktige och "
    "revisorerna senast den 15 april. Ett beslut daterat före periodens slut, eller i "
    "framtiden (efter datorns dagens datum, även med `--idag`), är också en varning: "
    "datumet är troligen fel.",
    wrong="beslut:\n  delar2: {organ: Utbildningsnämnden, datum: 2020-11-25, paragraf: § 88}",
    right="beslut:\n  delar2: {organ: Utbildningsnämnden, datum: 2020-09-23, paragraf: § 71}",
)

RULES = (MK510, MK606, MK607, MK608, MK609)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

WORDS = {"bedomning": "bedömning", "prognos": "prognos"}

FULLMAKTIGE = ("kommunfullmaktige", "kf")
"""The organ that adopts the municipality's annual report, folded."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK510 and MK606–MK609 finding of the years being checked. A file missing for
    several due periods is one finding, about the earliest (the most overdue)."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if dues:
            yield from _bolag(ctx, year, dues)
            yield from _goals(ctx, year, dues)
            interim = [d for d in dues if not d.last]
            if interim:
                yield from _forecast(ctx, year, interim)
            for due in dues:
                yield from _control_judgements(ctx, year, due)
        yield from _decisions(ctx, year)


# --- MK606 the bolag -------------------------------------------------------------------


def _bolag(ctx: Context, year: Ar, dues: list[Due]) -> Iterator[f.Problem]:
    files: dict[str, Doc[m.Bolag]] = {}
    for doc in year.bolag:
        files.setdefault(doc.data.organisation, doc)
    hidden = unread(ctx, f"{year.ar}/bolag/", read=[d.path for d in year.bolag])
    for org_id in bolag_ids(ctx):
        name = ctx.org_name(org_id)
        found = files.get(org_id)
        if found is None:
            place = ctx.index.org_entry(org_id)
            if place is not None and not hidden:
                yield problem(
                    MK606,
                    place[0],
                    place[1],
                    f"{name} har ingen uppföljning för {year.ar} ({periods_named(ctx, dues)}).",
                    f"Skapa {year.ar}/bolag/{org_id}.yaml med organisation: {org_id} och "
                    f"perioder.{dues[-1].period}.",
                    org_id,
                    dues[0],
                )
            continue
        b = found.data
        for due in dues:
            key = due.period
            if key in b.perioder or gone(b, "perioder", key):
                continue
            yield problem(
                MK606,
                found.path,
                where_period(b, "perioder", key),
                f"{name} saknar uppföljning för perioden ({ctx.period_name(key)}).",
                f"Ange {_bolag_figures(due)} under perioder.{key}.",
                org_id,
                due,
            )


def _bolag_figures(due: Due) -> str:
    """What a bolag's period holds: a forecast only in an interim period."""
    return "resultat och sammanfattning" if due.last else "resultat, prognos och sammanfattning"


# --- MK607 the strategic goals ----------------------------------------------------------


def _goals(ctx: Context, year: Ar, dues: list[Due]) -> Iterator[f.Problem]:
    followups: dict[str, Doc[m.MalsattningUppfoljning]] = {}
    for doc in year.malsattningar:
        followups.setdefault(doc.data.malsattning, doc)
    seen: set[str] = set()
    hidden = unread(ctx, f"{year.ar}/malsattningar/", read=[d.path for d in year.malsattningar])
    for goal_doc in ctx.repo.mal:
        goal = goal_doc.data
        if goal.id in seen:
            continue  # MK201
        seen.add(goal.id)
        shown = f"Målsättningen {quote(goal.id)} ”{goal.namn}”"
        own = followups.get(goal.id)
        if own is None:
            if hidden:
                continue
            yield problem(
                MK607,
                goal_doc.path,
                positions.of(goal),
                f"{shown} saknar målsättningsansvarigs bedömning: ingen fil i "
                f"{year.ar}/malsattningar/ följer upp den ({periods_named(ctx, dues)}).",
                f'Skapa {year.ar}/malsattningar/{goal.id}.yaml med malsattning: "{goal.id}", '
                f"ansvarig och uppfoljning.{dues[-1].period}.bedomning.",
                due=dues[0],
            )
            continue
        for due in dues:
            yield from _assessed(ctx, own, shown, due)


def _assessed(
    ctx: Context, own: Doc[m.MalsattningUppfoljning], shown: str, due: Due
) -> Iterator[f.Problem]:
    """MK607 for one period: the ansvarig's assessment, and in an interim its forecast."""
    key = due.period
    entry = own.data.uppfoljning.get(key)
    needed = ["bedomning"] if due.last else ["bedomning", "prognos"]
    if entry is None:
        if gone(own.data, "uppfoljning", key):
            return
        lacking, where = needed, where_period(own.data, "uppfoljning", key)
    else:
        lacking = [n for n in needed if getattr(entry, n) is None and not positions.cut(entry, n)]
        where = positions.of(entry)
    if not lacking:
        return
    yield problem(
        MK607,
        own.path,
        where,
        f"{shown} saknar målsättningsansvarigs {' och '.join(WORDS[n] for n in lacking)} "
        f"({ctx.period_name(key)}).",
        f"Ange {' och '.join(f'uppfoljning.{key}.{n}' for n in lacking)}"
        + ("" if due.last else " (prognos: bedömd måluppfyllelse vid årets slut)")
        + ".",
        due=due,
    )


# --- MK608 the result forecast -----------------------------------------------------------


def _forecast(ctx: Context, year: Ar, dues: list[Due]) -> Iterator[f.Problem]:
    doc = year.bokslut
    if doc is None:
        path = f"{year.ar}/bokslut.yaml"
        if unread(ctx, path):
            return
        yield problem(
            MK608,
            *municipality(ctx),
            f"Prognosen för årets resultat kan inte räknas ut: {path} finns inte "
            f"({periods_named(ctx, dues)}).",
            f"Skapa {path} med resultatets rader under poster, var och en med budget och "
            f"perioder.{dues[-1].period}.prognos.",
            due=dues[0],
        )
        return
    b = doc.data
    if not b.poster:
        if not positions.cut(b, "poster"):
            yield problem(
                MK608,
                doc.path,
                positions.of(b),
                f"Prognosen för årets resultat kan inte räknas ut: {doc.path} saknar poster "
                f"({periods_named(ctx, dues)}).",
                "Ange resultatets rader under poster (finansförvaltning, skatteintäkter, "
                "generella statsbidrag, finansnetto) med budget och "
                f"perioder.{dues[-1].period}.prognos.",
                due=dues[0],
            )
        return
    # A missing budget is one finding a year: here in the first interim period, or MK610
    # once the annual report is due.
    annual = ctx.timing.due(ctx.settings, year, next(reversed(ctx.settings.perioder)))
    for i, due in enumerate(dues):
        for post in b.poster:
            yield from _post_forecast(ctx, doc.path, post, due, i == 0 and annual is None)


def _post_forecast(
    ctx: Context, path: str, post: Resultatpost, due: Due, budget: bool
) -> Iterator[f.Problem]:
    key = due.period
    figures = post.perioder.get(key)
    lacks = []
    if budget and post.budget is None and not positions.cut(post, "budget"):
        lacks.append("budget")
    if figures is None:
        forecast = not gone(post, "perioder", key)
    else:
        forecast = figures.prognos is None and not positions.cut(figures, "prognos")
    if forecast:
        lacks.append(f"perioder.{key}.prognos")
    if not lacks:
        return
    yield problem(
        MK608,
        path,
        where_period(post, "perioder", key) if figures is None else positions.of(figures),
        f"Resultatposten {quote(post.post)} saknar "
        f"{' och '.join('budget' if x == 'budget' else 'prognos' for x in lacks)}: "
        f"prognosen för årets resultat kan inte räknas ut ({ctx.period_name(key)}).",
        f"Ange {' och '.join(lacks)} (prognosen: helårets avvikelse mot budget, positiv är "
        "bättre).",
        due=due,
    )


# --- MK510 internal control's overall judgement -----------------------------------------


def _control_judgements(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    key = due.period
    for doc in year.internkontroll:
        ik = doc.data
        if not any(key in k.rapporteras for k in ik.kontroller):
            continue
        if not blank(ik.bedomning.get(key)) or gone(ik, "bedomning", key):
            continue
        yield problem(
            MK510,
            doc.path,
            where_period(ik, "bedomning", key),
            f"Nämndens samlade bedömning av den interna kontrollen saknas "
            f"({ctx.org_name(ik.organisation)}, {ctx.period_name(due.period)}).",
            f"Skriv nämndens samlade bedömning under bedomning.{key}.",
            ik.organisation,
            due,
        )


# --- MK609 the decisions' dates -----------------------------------------------------------


def _decisions(ctx: Context, year: Ar) -> Iterator[f.Problem]:
    for plan in year.planer:
        for key, decision in plan.data.beslut.items():
            yield from _dated(ctx, year, plan.path, key, decision, plan.data.organisation)
    if year.bokslut is not None:
        for key, decisions in year.bokslut.data.beslut.items():
            for decision in decisions:
                yield from _dated(ctx, year, year.bokslut.path, key, decision, None)


def _dated(
    ctx: Context, year: Ar, path: str, key: str, decision: Beslut, org: str | None
) -> Iterator[f.Problem]:
    end = period_date(ctx.settings, year.ar, key)
    if end is None or key not in ctx.settings.perioder:
        return  # MK205
    last = key == next(reversed(ctx.settings.perioder))
    if org is None and last:
        adopts = fold_choice(decision.organ) in FULLMAKTIGE
        deadline = dt.date(year.ar + 1, 6, 30) if adopts else dt.date(year.ar + 1, 4, 15)
        limit = "den 30 juni året efter" if adopts else "den 15 april året efter"
    else:
        deadline, limit = _two_months_after(end), "två månader efter periodens slut"
    about = f"{decision.organ} {decision.datum}, {ctx.period_name(key)} {year.ar}"
    # The computer's day, not the check's (`--idag`): a check of an earlier day may meet
    # decisions made since, but a decision after today has not been made.
    today = computers_day()
    if decision.datum < end:
        message = f"Beslutet är daterat före periodens slut ({end}): {about}."
        hint = "Rätta datumet: rapporten kan beslutas först när perioden är slut."
    elif decision.datum > today:
        message = f"Beslutet är daterat i framtiden (efter {today}): {about}."
        hint = (
            "Rätta datumet, eller ta bort beslutet tills det är fattat: rapporten visar "
            "det som fattat."
        )
    elif decision.datum > deadline:
        message = f"Beslutet kom senare än {limit} ({deadline}): {about}."
        hint = (
            "Rätta datumet om det är fel; planera annars in beslutet i årshjulet så att det "
            "hinner fattas i tid."
        )
    else:
        return
    yield problem(MK609, path, positions.key(decision, "datum"), message, hint, org, period=key)


def _two_months_after(day: dt.date) -> dt.date:
    """The same day two months later, or that month's last day (08-31 → 10-31, 12-31 →
    02-28 of the next year)."""
    month = day.month + 2
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

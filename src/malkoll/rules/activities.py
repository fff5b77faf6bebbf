"""Activities and verksamhetsmål: MK305–MK308, for each due period.

Each activity that has started is followed up in every period with its status (and in the
year's last period with how it went and what it led to), a delayed or cancelled one with a
comment; each verksamhetsmål with its outcome; and a unit that works with a delmål has
activities for it.

What a period asks is yielded as `Requirement`s, met or not. `followup` walks the plans
and asks these functions for each delmål, so that a plan's requirements come in the
order of the plan (the delmål's analysis, then its activities and verksamhetsmål): its
`check` reports the unmet, `malkoll status` counts them.
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Doc
from malkoll.model.timing import Due
from malkoll.rules.context import (
    Context,
    Requirement,
    blank,
    done_before,
    met,
    problem,
    unmet,
    where_period,
    wrong,
)

MK305 = f.rule(
    "MK305",
    "fel",
    "Aktiviteten är inte uppföljd",
    "Varje aktivitet som har börjat följs upp i varje period med sin status; i årets sista "
    "period (årsredovisningen) också med `hur_har_det_gatt` och `vad_har_det_lett_till`. "
    "En aktivitet som redan rapporterats genomförd eller avbruten behöver inte följas upp "
    "i delårsrapporterna därefter.",
    wrong="- id: las-1-3\n  namn: Läsfrämjande insatser\n  uppfoljning:\n"
    "    delar1: {status: pagar}",
    right="- id: las-1-3\n  namn: Läsfrämjande insatser\n  uppfoljning:\n"
    "    delar1: {status: pagar}\n    delar2: {status: pagar}",
)

MK306 = f.rule(
    "MK306",
    "fel",
    "Försenad eller avbruten aktivitet utan kommentar",
    "En aktivitet med status `forsenad` eller `avbruten` ska ha en `kommentar` som "
    "förklarar varför och vad som händer nu.",
    wrong="delar2: {status: forsenad}",
    right="delar2: {status: forsenad, kommentar: Upphandlingen överklagades; start i oktober.}",
)

MK307 = f.rule(
    "MK307",
    "fel",
    "Verksamhetsmålet saknar utfall",
    "Ett verksamhetsmål följs upp med sitt utfall i varje period som har passerat.",
    wrong="- id: vm-las-3\n  namn: Minst 90 % klarar proven\n  malvarde: 90",
    right="- id: vm-las-3\n  namn: Minst 90 % klarar proven\n  malvarde: 90\n"
    "  uppfoljning:\n    delar2: {utfall: 86}",
)

MK308 = f.rule(
    "MK308",
    "varning",
    "Delmålet har inga aktiviteter",
    "En verksamhet eller enhet som arbetar med ett delmål bör ha minst en aktivitet för "
    "det; annars syns inte verksamhetens arbete i uppföljningen. En verksamhet vars enheter "
    "själva planerar för delmålet sammanfattar dem och behöver inga egna aktiviteter. "
    "Regeln gäller från årets första uppföljningsperiod.",
    wrong='- delmal: "1.1"\n  hur_vi_arbetar: Fokus på läsning.',
    right='- delmal: "1.1"\n  hur_vi_arbetar: Fokus på läsning.\n  aktiviteter:\n'
    "    - {id: las-1-3, namn: Läsfrämjande insatser i åk 1–3}",
)

RULES = (MK305, MK306, MK307, MK308)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

_STATUS_WORD = {"forsenad": "försenad", "avbruten": "avbruten"}
UNIT_LEVELS = ("verksamhet", "enhet")
LAST_TEXTS = {"hur_har_det_gatt": "hur det har gått", "vad_har_det_lett_till": "vad det lett till"}
"""What the year's last period asks of an activity besides its status, and in words."""


def has_activities(ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal) -> Iterator[Requirement]:
    """MK308, once a period of the year is due: a unit's delmål has activities, unless the
    units below it plan for the delmål themselves."""
    org = doc.data.organisation
    if ctx.index.typ(org) not in UNIT_LEVELS:
        return
    if entry.aktiviteter or ctx.index.listed_below(doc.data.ar, org, entry.delmal):
        if ctx.counting:
            yield met(MK308, org, None, None, id(entry))
        return
    found = problem(
        MK308,
        doc.path,
        positions.key(entry, "delmal"),
        f"Delmål {entry.delmal} har inga aktiviteter ({ctx.org_name(org)}).",
        "Lägg till de aktiviteter enheten gör för delmålet under `aktiviteter`.",
        org,
    )
    yield unmet(None, id(entry), f"aktiviteter för delmål {entry.delmal}", found)


def activity(ctx: Context, doc: Doc[m.Plan], activity: m.Aktivitet, due: Due) -> list[Requirement]:
    """MK305: the activity followed up (in the year's last period also with its texts);
    MK306: a comment when it is delayed or cancelled.

    What is met is written out here, what is not in the functions below; a list, not a
    generator, since most of a large repository is met and `validera` asks for none of it.
    """
    if activity.start is not None and activity.start > due.date:
        return []  # not started in the period
    p, counting = due.period, ctx.counting
    fu = activity.uppfoljning.get(p)
    if fu is None or fu.status is None:
        if not due.last and done_before(ctx.settings, activity.uppfoljning, p):
            return []  # reported done or cancelled in an earlier period
        return [_not_followed_up(ctx, doc, activity, due, fu)]
    out: list[Requirement] = []
    lacking = [key for key in LAST_TEXTS if blank(getattr(fu, key))] if due.last else []
    if lacking:
        out.append(_without_texts(ctx, doc, activity, due, lacking))
    elif counting:
        out.append(met(MK305, doc.data.organisation, due, "aktiviteter", id(activity)))
    if fu.status in _STATUS_WORD:
        if blank(fu.kommentar):
            out.append(_without_comment(ctx, doc, activity, due, fu))
        elif counting:
            out.append(met(MK306, doc.data.organisation, due, "aktiviteter", id(activity)))
    return out


def _not_followed_up(
    ctx: Context,
    doc: Doc[m.Plan],
    activity: m.Aktivitet,
    due: Due,
    fu: m.AktivitetUppfoljning | None,
) -> Requirement:
    org, p = doc.data.organisation, due.period
    found = problem(
        MK305,
        doc.path,
        where_period(activity, "uppfoljning", p),
        f"Aktiviteten {activity.namn!r} är inte uppföljd {_activity_about(ctx, org, activity, p)}.",
        f"Ange status under uppfoljning.{p}.status (ej_paborjad, pagar, genomford, "
        "forsenad eller avbruten)"
        + (", och hur_har_det_gatt och vad_har_det_lett_till." if due.last else "."),
        org,
        due,
    )
    cut = wrong(activity.uppfoljning, p, fu, "status")
    missing = f"uppföljning av aktivitet {activity.id}"
    return unmet("aktiviteter", id(activity), missing, found, reported=not cut)


def _without_texts(
    ctx: Context, doc: Doc[m.Plan], activity: m.Aktivitet, due: Due, lacking: list[str]
) -> Requirement:
    org, p = doc.data.organisation, due.period
    found = problem(
        MK305,
        doc.path,
        positions.key(activity.uppfoljning, p),
        f"Årsuppföljningen av aktiviteten saknar {' och '.join(lacking)} "
        f"{_activity_about(ctx, org, activity, p)}.",
        "Beskriv hur arbetet har gått och vad det har lett till.",
        org,
        due,
    )
    words = " och ".join(LAST_TEXTS[key] for key in lacking)
    return unmet("aktiviteter", id(activity), f"{words} för aktivitet {activity.id}", found)


def _without_comment(
    ctx: Context, doc: Doc[m.Plan], activity: m.Aktivitet, due: Due, fu: m.AktivitetUppfoljning
) -> Requirement:
    org, p = doc.data.organisation, due.period
    found = problem(
        MK306,
        doc.path,
        positions.key(fu, "status"),
        f"Aktiviteten {activity.namn!r} är {_STATUS_WORD[fu.status or '']} men saknar "
        f"kommentar {_activity_about(ctx, org, activity, p)}.",
        "Förklara under kommentar varför, och vad som händer nu.",
        org,
        due,
    )
    return unmet("aktiviteter", id(activity), f"kommentar för aktivitet {activity.id}", found)


def _activity_about(ctx: Context, org: str, activity: m.Aktivitet, period: str) -> str:
    return f"({ctx.org_name(org)}, aktivitet {activity.id}, {ctx.period_name(period)})"


def verksamhetsmal(
    ctx: Context, doc: Doc[m.Plan], goal: m.Verksamhetsmal, delmal: str, due: Due
) -> Requirement | None:
    """MK307: the verksamhetsmål's outcome for the period (None when it is there and
    nothing counts what is met)."""
    org = doc.data.organisation
    fu = goal.uppfoljning.get(due.period)
    if fu is not None and fu.utfall is not None:
        return met(MK307, org, due, "verksamhetsmal", id(goal)) if ctx.counting else None
    found = problem(
        MK307,
        doc.path,
        where_period(goal, "uppfoljning", due.period),
        f"Verksamhetsmålet {goal.namn!r} saknar utfall ({ctx.org_name(org)}, delmål {delmal}, "
        f"{ctx.period_name(due.period)}).",
        f"Ange utfallet under uppfoljning.{due.period}.utfall.",
        org,
        due,
    )
    cut = wrong(goal.uppfoljning, due.period, fu, "utfall")
    missing = f"utfall för verksamhetsmål {goal.id}"
    return unmet("verksamhetsmal", id(goal), missing, found, reported=not cut)

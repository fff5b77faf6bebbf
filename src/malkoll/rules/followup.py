"""The follow-up of goals: MK301–MK310, for each due period.

For every delmål a unit works with: activities followed up, verksamhetsmål measured, an
analysis with the parts the municipality requires, an assessment, and measures where the
assessment calls for them; and every level above a unit writes its own summary.
"""

from __future__ import annotations

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules.context import (
    Context,
    blank,
    done_before,
    latest_outcome,
    where_period,
    wrong,
)
from malkoll.text import tal

MK301 = f.rule(
    "MK301",
    "fel",
    "Analys saknas",
    "Varje delmål i en plan ska ha en analys för varje period som har passerat: varför "
    "resultatet blev som det blev och vilka de bakomliggande orsakerna är. Saknas en bit "
    "är det en varning fram till inlämningsdagen i årshjulet, sedan ett fel.",
    wrong='- delmal: "1.1"\n  uppfoljning:\n    delar2:\n      bedomning: gul',
    right='- delmal: "1.1"\n  uppfoljning:\n    delar2:\n      analys:\n'
    "        resultat: Meritvärdet ökar men är under målvärdet.\n"
    "        orsaker: Hög personalomsättning.\n        atgarder: Läsinsatser i åk 4–6.\n"
    "      bedomning: gul",
)
MK302 = f.rule(
    "MK302",
    "fel",
    "Bedömning saknas",
    "Varje delmål i en plan ska ha en bedömning (till exempel gron, gul eller rod) för "
    "varje period som har passerat: når vi målet till 2030?",
    wrong="uppfoljning:\n  delar2:\n    analys: {resultat: ..., orsaker: ...}",
    right="uppfoljning:\n  delar2:\n    analys: {resultat: ..., orsaker: ...}\n    bedomning: gron",
)
MK303 = f.rule(
    "MK303",
    "fel",
    "Analysen saknar en del som krävs",
    "Analysen ska ha de delar som `analys.kravs` i malkoll.yaml kräver (standard "
    "`resultat` och `orsaker`).",
    wrong="analys:\n  resultat: Meritvärdet ökar.",
    right="analys:\n  resultat: Meritvärdet ökar.\n  orsaker: Tidiga läsinsatser i åk 1–3.",
)
MK304 = f.rule(
    "MK304",
    "fel",
    "Bedömningen kräver åtgärder",
    "En bedömning som `analys.atgarder_vid` nämner (standard gul och rod) ska ha åtgärder "
    "under `analys.atgarder`: vad som kan leda till förbättring.",
    wrong="analys:\n  resultat: ...\n  orsaker: ...\nbedomning: gul",
    right="analys:\n  resultat: ...\n  orsaker: ...\n"
    "  atgarder: Riktade läsinsatser för pojkar i åk 4–6.\nbedomning: gul",
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
MK309 = f.rule(
    "MK309",
    "varning",
    "Skillnad mellan kvinnor och män utan analys av grupper",
    "När en indikator för delmålet (i mal/ eller enhetens `matt`) visar en tydlig skillnad "
    "mellan kvinnor och män det senaste året fram till rapportens år (standard: |K − M| "
    "mer än 10 % av totalen, `analys.konsskillnad_procent`), ska analysen beskriva "
    "skillnaden under `grupper`.",
    wrong="analys:\n  resultat: Meritvärdet ökar.\n  orsaker: ...",
    right="analys:\n  resultat: Meritvärdet ökar.\n  orsaker: ...\n"
    "  grupper: Flickorna har 23 poäng högre meritvärde än pojkarna.",
)
MK310 = f.rule(
    "MK310",
    "varning",
    "Egen analys saknas i dialogkedjan",
    "En nämnd, sektor eller verksamhet sammanfattar nivån under sig: när en organisation "
    "direkt under den har följt upp ett delmål för en period ska den själv ha delmålet i "
    "sin plan, med en egen analys och bedömning (som MK301 och MK302 sedan kräver). "
    "Saknas planen helt pekar fyndet på organisationen i organisation.yaml.",
    wrong="# 2020/plan/sektor-utbildning.yaml\norganisation: sektor-utbildning\nar: 2020",
    right="# 2020/plan/sektor-utbildning.yaml\norganisation: sektor-utbildning\nar: 2020\n"
    'delmal:\n  - delmal: "1.1"\n    uppfoljning:\n      delar2:\n'
    "        analys: {resultat: ..., orsaker: ...}\n        bedomning: gul",
)

_STATUS_WORD = {"forsenad": "försenad", "avbruten": "avbruten"}
UNIT_LEVELS = ("verksamhet", "enhet")
SUMMARY_LEVELS = ("namnd", "bolag", "sektor", "verksamhet")


def check(ctx: Context) -> None:
    """Every MK3xx finding of the years being checked."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        for doc in year.planer:
            for entry in doc.data.delmal:
                _entry(ctx, doc, entry, dues)
        for due in dues:
            _chain_of_dialogue(ctx, year, due)


def _entry(ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, dues: list[Due]) -> None:
    org = doc.data.organisation
    if (
        dues
        and not entry.aktiviteter
        and ctx.org_type(org) in UNIT_LEVELS
        and not ctx.planned_below(doc.data.ar, org, entry.delmal)
    ):
        ctx.add(
            MK308,
            doc.path,
            positions.key(entry, "delmal"),
            f"Delmål {entry.delmal} har inga aktiviteter ({ctx.org_name(org)}).",
            "Lägg till de aktiviteter enheten gör för delmålet under `aktiviteter`.",
            org=org,
        )
    for due in dues:
        _delmal_followup(ctx, doc, entry, due)
        for activity in entry.aktiviteter:
            _activity(ctx, doc, activity, entry.delmal, due)
        for goal in entry.verksamhetsmal:
            _verksamhetsmal(ctx, doc, goal, entry.delmal, due)


def _about(ctx: Context, org: str, delmal: str, due: Due) -> str:
    return f"({ctx.org_name(org)}, delmål {delmal}, {ctx.period_name(due.period)})"


def _delmal_followup(ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due) -> None:
    org, p = doc.data.organisation, due.period
    upp = entry.uppfoljning.get(p)
    analys = upp.analys if upp else None
    complete = analys is not None and upp is not None and upp.bedomning is not None
    if not complete:
        _missing_followup(ctx, doc, entry, due, upp)
    if upp is None or analys is None:
        return
    missing = [part for part in ctx.settings.analys.kravs if blank(getattr(analys, part))]
    if missing:
        ctx.add(
            MK303,
            doc.path,
            positions.key(upp, "analys"),
            f"Analysen saknar {' och '.join(missing)} {_about(ctx, org, entry.delmal, due)}.",
            f"Skriv {' och '.join(f'uppfoljning.{p}.analys.{part}' for part in missing)}; "
            "delarna som krävs anges i analys.kravs i malkoll.yaml.",
            org,
            due,
        )
    if upp.bedomning in ctx.settings.analys.atgarder_vid and blank(analys.atgarder):
        name = ctx.settings.bedomning[upp.bedomning].namn or upp.bedomning
        ctx.add(
            MK304,
            doc.path,
            positions.key(upp, "bedomning"),
            f"Bedömningen är {name.lower()} men analysen saknar åtgärder "
            f"{_about(ctx, org, entry.delmal, due)}.",
            "Beskriv vilka åtgärder som kan leda till förbättring under analys.atgarder.",
            org,
            due,
        )
    if blank(analys.grupper):
        _gender_gap(ctx, doc, entry, upp, due)


def _missing_followup(
    ctx: Context,
    doc: Doc[m.Plan],
    entry: m.PlanDelmal,
    due: Due,
    upp: m.DelmalUppfoljning | None,
) -> None:
    """MK301 and MK302: the period's analysis or assessment is missing."""
    org, p = doc.data.organisation, due.period
    about = _about(ctx, org, entry.delmal, due)
    where = where_period(entry, "uppfoljning", p)
    if (upp is None or upp.analys is None) and not wrong(entry.uppfoljning, p, upp, "analys"):
        ctx.add(
            MK301,
            doc.path,
            where,
            f"Analys saknas {about}.",
            f"Skriv analysen under uppfoljning.{p}.analys: varför resultatet blev som det "
            "blev och de bakomliggande orsakerna.",
            org,
            due,
        )
    if (upp is None or upp.bedomning is None) and not wrong(entry.uppfoljning, p, upp, "bedomning"):
        ctx.add(
            MK302,
            doc.path,
            where,
            f"Bedömning saknas {about}.",
            f"Ange under uppfoljning.{p}.bedomning om delmålet nås till 2030: "
            f"{', '.join(ctx.settings.bedomning)}.",
            org,
            due,
        )


def _gender_gap(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, upp: m.DelmalUppfoljning, due: Due
) -> None:
    share = ctx.settings.analys.konsskillnad_procent / 100
    for ind in ctx.indicators_of(entry.delmal, entry.matt):
        latest = latest_outcome(ctx.values.get(ind), doc.data.ar)
        if latest is None:
            continue
        year, u = latest
        if u.T is None or u.K is None or u.M is None or abs(u.K - u.M) <= share * abs(u.T):
            continue
        ctx.add(
            MK309,
            doc.path,
            positions.key(upp, "analys"),
            f"Indikatorn {ind} visar {year} en skillnad mellan kvinnor ({tal(u.K)}) och män "
            f"({tal(u.M)}), men analysen beskriver inte grupper "
            f"{_about(ctx, doc.data.organisation, entry.delmal, due)}.",
            "Beskriv under analys.grupper hur resultaten skiljer sig mellan grupper och varför.",
            doc.data.organisation,
            due,
        )
        return


def _activity(ctx: Context, doc: Doc[m.Plan], activity: m.Aktivitet, delmal: str, due: Due) -> None:
    org, p = doc.data.organisation, due.period
    if activity.start is not None and activity.start > due.date:
        return  # not started in the period
    fu = activity.uppfoljning.get(p)
    if fu is None or fu.status is None:
        if wrong(activity.uppfoljning, p, fu, "status"):
            return
        if not due.last and done_before(ctx.settings, activity.uppfoljning, p):
            return
        ctx.add(
            MK305,
            doc.path,
            where_period(activity, "uppfoljning", p),
            f"Aktiviteten {activity.namn!r} är inte uppföljd "
            f"{_activity_about(ctx, org, activity.id, p)}.",
            f"Ange status under uppfoljning.{p}.status (ej_paborjad, pagar, genomford, "
            "forsenad eller avbruten)"
            + (", och hur_har_det_gatt och vad_har_det_lett_till." if due.last else "."),
            org,
            due,
        )
        return
    if due.last:
        missing = [
            key for key in ("hur_har_det_gatt", "vad_har_det_lett_till") if blank(getattr(fu, key))
        ]
        if missing:
            ctx.add(
                MK305,
                doc.path,
                positions.key(activity.uppfoljning, p),
                f"Årsuppföljningen av aktiviteten saknar {' och '.join(missing)} "
                f"{_activity_about(ctx, org, activity.id, p)}.",
                "Beskriv hur arbetet har gått och vad det har lett till.",
                org,
                due,
            )
    if fu.status in ("forsenad", "avbruten") and blank(fu.kommentar):
        ctx.add(
            MK306,
            doc.path,
            positions.key(fu, "status"),
            f"Aktiviteten {activity.namn!r} är {_STATUS_WORD[fu.status]} men saknar kommentar "
            f"{_activity_about(ctx, org, activity.id, p)}.",
            "Förklara under kommentar varför, och vad som händer nu.",
            org,
            due,
        )


def _activity_about(ctx: Context, org: str, activity: str, period: str) -> str:
    return f"({ctx.org_name(org)}, aktivitet {activity}, {ctx.period_name(period)})"


def _verksamhetsmal(
    ctx: Context, doc: Doc[m.Plan], goal: m.Verksamhetsmal, delmal: str, due: Due
) -> None:
    fu = goal.uppfoljning.get(due.period)
    if (fu is not None and fu.utfall is not None) or wrong(
        goal.uppfoljning, due.period, fu, "utfall"
    ):
        return
    org = doc.data.organisation
    ctx.add(
        MK307,
        doc.path,
        where_period(goal, "uppfoljning", due.period),
        f"Verksamhetsmålet {goal.namn!r} saknar utfall ({ctx.org_name(org)}, delmål {delmal}, "
        f"{ctx.period_name(due.period)}).",
        f"Ange utfallet under uppfoljning.{due.period}.utfall.",
        org,
        due,
    )


def _chain_of_dialogue(ctx: Context, year: Ar, due: Due) -> None:
    """MK310: each parent of a unit that followed up a delmål writes its own analysis."""
    plans = ctx.plans.get(year.ar, {})
    wanted: dict[tuple[str, str], list[str]] = {}
    for org, doc in plans.items():
        parent = ctx.parent.get(org)
        if parent is None or ctx.org_type(parent) not in SUMMARY_LEVELS:
            continue
        for entry in doc.data.delmal:
            upp = entry.uppfoljning.get(due.period)
            if upp is not None and upp.analys is not None:
                wanted.setdefault((parent, entry.delmal), []).append(org)
    for (parent, delmal), below in sorted(wanted.items()):
        doc = plans.get(parent)
        if (parent, delmal) in ctx.planned.get(year.ar, set()):
            continue  # the parent lists the delmål: MK301 reports a missing analysis there
        if doc is not None:
            path, where = doc.path, positions.key(doc.data, "delmal")
        else:
            place = ctx.org_entry(parent)
            if place is None:
                continue
            path, where = place
        names = ", ".join(ctx.org_name(o) for o in below)
        ctx.add(
            MK310,
            path,
            where,
            f"{ctx.org_name(parent)} har ingen egen analys av delmål {delmal} för "
            f"{ctx.period_name(due.period)}, men {names} har följt upp det.",
            "Sammanfatta nivån under i en egen analys och bedömning i organisationens plan.",
            parent,
            due,
        )

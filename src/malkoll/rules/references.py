"""References across files: MK202–MK206 and MK208.

Every reference (to an organisation, a delmål, an indicator, a period) must name something
that exists, and what a file says must agree with where it stands and with itself (a plan's
year, an activity's dates). A reference into a file kind that could not be read is not
reported: its absence says nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.rules.context import Context
from malkoll.text import did_you_mean, join_or, quote, suggest

MK202 = f.rule(
    "MK202",
    "fel",
    "Okänd organisation",
    "Organisationen finns inte i organisation.yaml. Kontrollera stavningen av id:t "
    "eller lägg till organisationen. Det gäller också en nyckel under en indikators "
    "`organisationer` (en enhets egna utfall).",
    wrong="organisation: grundskolan",
    right="organisation: grundskola",
)
MK203 = f.rule(
    "MK203",
    "fel",
    "Okänt delmål eller målsättning",
    "Delmålet finns inte under `delmal` i någon fil i mal/. Id:n är text: `1.10` och "
    "`1.1` är olika delmål. Detsamma gäller en målsättning (`malsattning` i "
    "`ÅÅÅÅ/malsattningar/`) och dess framgångsfaktorer, som ska finnas i mal/.",
    wrong='delmal:\n  - delmal: "1.10"',
    right='delmal:\n  - delmal: "1.1"',
)
MK204 = f.rule(
    "MK204",
    "fel",
    "Okänd indikator",
    "Indikatorn är inte definierad under `indikatorer` i någon fil i mal/.",
    wrong="matt: [N15550]",
    right="matt: [N15505]",
)
MK205 = f.rule(
    "MK205",
    "fel",
    "Okänd period",
    "Perioden finns inte under `perioder` i malkoll.yaml (standard: delar1, delar2, "
    "helar). I ekonomin och årshjulet går även månader: jan, feb, ... dec.",
    wrong="uppfoljning:\n  delar3: {status: pagar}",
    right="uppfoljning:\n  delar2: {status: pagar}",
)
MK206 = f.rule(
    "MK206",
    "fel",
    "Året i filen stämmer inte med mappen",
    "En plan i `2020/plan/` ska ha `ar: 2020`.",
    wrong="# 2020/plan/grundskola.yaml\nar: 2019",
    right="# 2020/plan/grundskola.yaml\nar: 2020",
)
MK208 = f.rule(
    "MK208",
    "fel",
    "Slutdatum före startdatum",
    "En aktivitet kan inte sluta innan den börjar.",
    wrong="start: 2020-08-01\nslut: 2020-06-30",
    right="start: 2020-08-01\nslut: 2020-12-31",
)

RULES = (MK202, MK203, MK204, MK205, MK206, MK208)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

GIVERS = ("KF", "KS")
"""Who may give an uppdrag besides a nämnd: kommunfullmäktige and kommunstyrelsen."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK202–MK206 and MK208 finding of the repository."""
    refs = _References(ctx)
    for doc in ctx.repo.mal:
        for dm in doc.data.delmal:
            yield from refs.indicators(doc.path, dm, "indikatorer", dm.indikatorer)
    for values in ctx.repo.indikatorer:
        yield from refs.indicators(values.path, values.data, "indikator", [values.data.indikator])
        units = values.data.organisationer
        for org in units:
            yield from refs.org(values.path, units, org, org)
    for year in ctx.repo.ar.values():
        yield from refs.year(year)


class _References:
    """What ids exist, and whether that knowledge is complete."""

    def __init__(self, ctx: Context) -> None:
        repo = ctx.repo
        self.ctx = ctx
        self.index = ctx.index
        self.perioder = tuple(repo.installningar.perioder)
        # Ids are unknown while organisation.yaml or a goal file had errors: an entry cut
        # as wrong would make every reference to it look like a typo.
        self.orgs_known = repo.organisation is not None and "organisation" not in repo.incomplete
        self.goals_known = "mal" not in repo.incomplete

    def org(
        self, path: str, obj: Any, key: str, value: str | None, givers: tuple[str, ...] = ()
    ) -> Iterator[f.Problem]:
        """MK202 when ``value`` is not an organisation (nor one of ``givers``)."""
        orgs = self.index.orgs
        if value is None or not self.orgs_known or value in orgs:
            return
        either = f"varken {', '.join(givers)} eller " if givers else "inte "
        yield f.Problem(
            MK202,
            path,
            positions.key(obj, key),
            f"{quote(value)} är {either}en organisation i organisation.yaml."
            + did_you_mean(value, [*givers, *orgs]),
            "Rätta id:t, eller lägg till organisationen i organisation.yaml.",
            value,
        )

    def indicators(self, path: str, obj: Any, key: str, ids: Iterable[str]) -> Iterator[f.Problem]:
        """MK204 for each of ``ids`` that no goal file defines."""
        if not self.goals_known:
            return
        known = self.index.indicator_defs
        for i, ind in enumerate(ids):
            if ind not in known:
                yield f.Problem(
                    MK204,
                    path,
                    positions.item(obj, key, i),
                    f"Indikatorn {quote(ind)} är inte definierad i mal/."
                    + did_you_mean(ind, known),
                    "Definiera den under `indikatorer` i målsättningens fil, eller rätta id:t.",
                )

    def periods(
        self, path: str, keyed: Mapping[str, Any], org: str | None, months: bool = False
    ) -> Iterator[f.Problem]:
        """MK205 for each key of ``keyed`` that is not a period (or, with ``months``, a
        month)."""
        allowed = self.perioder + (m.MANADER if months else ())
        for key in keyed:
            if key not in allowed:
                yield unknown_period(path, positions.key(keyed, key), key, allowed, org)

    # --- a year ------------------------------------------------------------------------

    def year(self, year: Ar) -> Iterator[f.Problem]:
        for doc in year.planer:
            yield from self.plan(year, doc)
        if year.uppdrag:
            yield from self.uppdrag(year.uppdrag)
        if year.ekonomi:
            yield from self.ekonomi(year.ekonomi)
        for ik in year.internkontroll:
            yield from self.internkontroll(ik)
        if year.arshjul:
            yield from self.arshjul(year.arshjul)

    def plan(self, year: Ar, doc: Doc[m.Plan]) -> Iterator[f.Problem]:
        plan, path = doc.data, doc.path
        org = plan.organisation
        if plan.ar != year.ar:
            yield f.Problem(
                MK206,
                path,
                positions.key(plan, "ar"),
                f"Filen ligger i mappen {year.ar} men anger `ar: {plan.ar}`.",
                f"Ändra till `ar: {year.ar}` eller flytta filen till {plan.ar}/plan/.",
                org,
            )
        yield from self.org(path, plan, "organisation", org)
        yield from self.periods(path, plan.sammanfattning, org)
        yield from self.periods(path, plan.klarmarkering, org)
        yield from self.periods(path, plan.beslut, org)
        yield from self.periods(path, plan.dialog, org)
        for entry in plan.delmal:
            yield from self.ctx.per_entry(
                "references", doc, entry, partial(self._plan_delmal, path, org, entry)
            )

    def _plan_delmal(self, path: str, org: str, entry: m.PlanDelmal) -> list[f.Problem]:
        return list(self.plan_delmal(path, org, entry))

    def plan_delmal(self, path: str, org: str, entry: m.PlanDelmal) -> Iterator[f.Problem]:
        dm = entry.delmal
        known = self.index.delmal
        if self.goals_known and dm not in known:
            twin = _same_number(dm, known)
            yield f.Problem(
                MK203,
                path,
                positions.key(entry, "delmal"),
                f"Delmålet {quote(dm)} finns inte i mal/."
                + (f" Menade du {quote(twin)}?" if twin else did_you_mean(dm, known)),
                f"Id:n är text: {quote(dm)} och {quote(twin)} är olika delmål."
                if twin
                else "Delmålen definieras under `delmal` i filerna i mal/.",
                org,
            )
        yield from self.indicators(path, entry, "matt", entry.matt)
        yield from self.periods(path, entry.uppfoljning, org)
        for akt in entry.aktiviteter:
            yield from self.periods(path, akt.uppfoljning, org)
            if akt.start and akt.slut and akt.slut < akt.start:
                yield f.Problem(
                    MK208,
                    path,
                    positions.key(akt, "slut"),
                    f"Aktiviteten {quote(akt.id)} slutar {akt.slut} men börjar {akt.start}.",
                    "Rätta datumen: slut ska vara samma dag som start eller senare.",
                    org,
                )
        for vm in entry.verksamhetsmal:
            yield from self.periods(path, vm.uppfoljning, org)

    # --- uppdrag, ekonomi, internkontroll, årshjul ---------------------------------------

    def uppdrag(self, doc: Doc[m.UppdragFil]) -> Iterator[f.Problem]:
        for u in doc.data.root:
            yield from self.org(doc.path, u, "organisation", u.organisation)
            if u.givet_av.upper() not in GIVERS:
                yield from self.org(doc.path, u, "givet_av", u.givet_av, GIVERS)
            yield from self.periods(doc.path, u.uppfoljning, u.organisation)

    def ekonomi(self, doc: Doc[m.Ekonomi]) -> Iterator[f.Problem]:
        for n in doc.data.namnder:
            yield from self.org(doc.path, n, "organisation", n.organisation)
            for keyed in (n.perioder, n.analys, n.atgarder):
                yield from self.periods(doc.path, keyed, n.organisation, months=True)
            for e in n.enheter:
                yield from self.org(doc.path, e, "organisation", e.organisation)
                yield from self.periods(doc.path, e.perioder, e.organisation, months=True)
        for inv in doc.data.investeringar:
            yield from self.org(doc.path, inv, "organisation", inv.organisation)
            for amounts in (inv.utfall, inv.prognos):
                yield from self.periods(doc.path, amounts, inv.organisation, months=True)

    def internkontroll(self, doc: Doc[m.Internkontroll]) -> Iterator[f.Problem]:
        ik = doc.data
        yield from self.org(doc.path, ik, "organisation", ik.organisation)
        yield from self.periods(doc.path, ik.bedomning, ik.organisation)
        for k in ik.kontroller:
            yield from self.periods(doc.path, k.uppfoljning, ik.organisation)
            for i, period in enumerate(k.rapporteras):
                if period not in self.perioder:
                    where = positions.item(k, "rapporteras", i)
                    yield unknown_period(doc.path, where, period, self.perioder, ik.organisation)

    def arshjul(self, doc: Doc[m.Arshjul]) -> Iterator[f.Problem]:
        allowed = self.perioder + m.MANADER
        for event in doc.data.root:
            yield from self.org(doc.path, event, "organisation", event.organisation)
            if event.period is not None and event.period not in allowed:
                yield f.Problem(
                    MK205,
                    doc.path,
                    positions.key(event, "period"),
                    f"{quote(event.period)} är varken en av årets perioder eller en månad."
                    + did_you_mean(event.period, allowed),
                    f"Perioder och månader: {join_or(allowed)}.",
                    period=event.period,
                )


def unknown_period(
    path: str, where: positions.Where, key: str, allowed: Collection[str], org: str | None
) -> f.Problem:
    return f.Problem(
        MK205,
        path,
        where,
        f"{quote(key)} är inte en av årets perioder." + did_you_mean(key, allowed),
        f"Perioderna är {join_or(allowed)}.",
        org,
        key,
    )


def _same_number(written: str, ids: Iterable[str]) -> str | None:
    """The id that is the same number as ``written`` (`1.1` for `1.10`), if any."""
    try:
        number = float(written)
    except ValueError:
        return None
    twins = []
    for candidate in ids:
        try:
            if float(candidate) == number:
                twins.append(candidate)
        except ValueError:
            continue
    return (suggest(written, twins) or twins[0]) if twins else None

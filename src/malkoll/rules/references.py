"""Identity and references across files: the MK2xx rules.

Ids must be unique where they name something, and every reference (to an
organisation, a delmål, an indicator, a period) must name something that exists.
A reference into a file kind that could not be read is not reported: its absence
says nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.positions import START, Where
from malkoll.model.repository import Ar, Doc, Repository
from malkoll.reading.schema import MK105, MK106
from malkoll.text import did_you_mean, join_or, quote, suggest

MK201 = f.rule(
    "MK201",
    "fel",
    "Ett id finns två gånger",
    "Id:n för organisationer, målsättningar, delmål, indikatorer, uppdrag, investeringar "
    "och kontroller är unika; aktiviteter och verksamhetsmål är unika inom sin enhet. "
    "Fyndet pekar på det andra stället.",
    wrong='delmal:\n  - id: "1.1"\n    namn: Godkända betyg\n  - id: "1.1"\n    namn: Läsning',
    right='delmal:\n  - id: "1.1"\n    namn: Godkända betyg\n  - id: "1.2"\n    namn: Läsning',
)
MK202 = f.rule(
    "MK202",
    "fel",
    "Okänd organisation",
    "Organisationen finns inte i organisation.yaml. Kontrollera stavningen av id:t "
    "eller lägg till organisationen.",
    wrong="organisation: grundskolan",
    right="organisation: grundskola",
)
MK203 = f.rule(
    "MK203",
    "fel",
    "Okänt delmål",
    "Delmålet finns inte under `delmal` i någon fil i mal/. Id:n är text: `1.10` och "
    "`1.1` är olika delmål.",
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
MK207 = f.rule(
    "MK207",
    "fel",
    "Två planer för samma organisation och år",
    "Varje organisation har en planfil per år. Slå ihop filerna; fyndet pekar på den andra "
    "filen i sökvägsordning och nämner den första.",
)
MK208 = f.rule(
    "MK208",
    "fel",
    "Slutdatum före startdatum",
    "En aktivitet kan inte sluta innan den börjar.",
    wrong="start: 2020-08-01\nslut: 2020-06-30",
    right="start: 2020-08-01\nslut: 2020-12-31",
)

GIVERS = ("KF", "KS")
"""Who may give an uppdrag besides a nämnd: kommunfullmäktige and kommunstyrelsen."""


@dataclass
class Index:
    """What ids exist, and whether that knowledge is complete."""

    orgs: dict[str, m.Organisation] = field(default_factory=dict)
    delmal: dict[str, m.Delmal] = field(default_factory=dict)
    indikatorer: dict[str, m.IndikatorDefinition] = field(default_factory=dict)
    perioder: tuple[str, ...] = ()
    orgs_known: bool = True
    goals_known: bool = True


def check(repo: Repository) -> list[f.Finding]:
    """Every MK2xx finding of the repository (and MK105 for scale references in settings)."""
    c = _Checker(repo)
    c.settings()
    c.organisation()
    c.goals()
    c.indicator_values()
    for year in repo.ar.values():
        c.year(year)
    return c.out


class _Checker:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.out: list[f.Finding] = []
        self.index = Index(perioder=tuple(repo.installningar.perioder))
        # Ids are unknown while organisation.yaml or a goal file had errors: an entry cut
        # as wrong would make every reference to it look like a typo.
        self.index.orgs_known = (
            repo.organisation is not None and "organisation" not in repo.incomplete
        )
        self.index.goals_known = "mal" not in repo.incomplete

    def add(
        self,
        rule: f.Rule,
        path: str,
        where: Where,
        message: str,
        hint: str = "",
        org: str | None = None,
        period: str | None = None,
    ) -> None:
        self.out.append(f.make(rule, path, where, message, hint, org, period))

    # --- malkoll.yaml and organisation.yaml --------------------------------------------

    def settings(self) -> None:
        s = self.repo.installningar
        for i, value in enumerate(s.analys.atgarder_vid):
            if value not in s.bedomning:
                self.add(
                    MK105,
                    "malkoll.yaml",
                    positions.item(s.analys, "atgarder_vid", i),
                    f"`analys.atgarder_vid` nämner bedömningen {quote(value)}, som inte finns "
                    f"i skalan ({join_or(s.bedomning)}).{did_you_mean(value, s.bedomning)}",
                    "Ange de bedömningar i er skala som kräver åtgärder, eller ta bort raden.",
                )

    def organisation(self) -> None:
        doc = self.repo.organisation
        if doc is None:
            if "organisation.yaml" not in self.repo.files:
                self.add(
                    MK106,
                    "malkoll.yaml",
                    START,
                    "Filen organisation.yaml saknas; utan den kan inga organisationer "
                    "kontrolleras.",
                    "Skapa organisation.yaml i roten med organisationsträdet.",
                )
            return
        seen: dict[str, str] = {}
        for org in _walk_orgs(doc.data.root):
            if self.unique(seen, org.id, doc.path, org, "Organisationen"):
                self.index.orgs[org.id] = org

    def known_org(
        self, path: str, obj: Any, key: str, value: str | None, givers: tuple[str, ...] = ()
    ) -> None:
        if value is None or not self.index.orgs_known or value in self.index.orgs:
            return
        either = f"varken {', '.join(givers)} eller " if givers else "inte "
        self.add(
            MK202,
            path,
            positions.key(obj, key),
            f"{quote(value)} är {either}en organisation i organisation.yaml."
            + did_you_mean(value, [*givers, *self.index.orgs]),
            "Rätta id:t, eller lägg till organisationen i organisation.yaml.",
            org=value,
        )

    # --- mal/ and indikatorer/ -------------------------------------------------------

    def goals(self) -> None:
        goal_ids: dict[str, str] = {}
        delmal_at: dict[str, str] = {}
        indicator_at: dict[str, str] = {}
        for doc in self.repo.mal:
            goal = doc.data
            self.unique(goal_ids, goal.id, doc.path, goal, "Målsättningen")
            ff_ids: dict[str, str] = {}
            for ff in goal.framgangsfaktorer:
                self.unique(ff_ids, ff.id, doc.path, ff, "Framgångsfaktorn")
            for dm in goal.delmal:
                if self.unique(delmal_at, dm.id, doc.path, dm, "Delmålet"):
                    self.index.delmal[dm.id] = dm
            for ind in goal.indikatorer:
                if self.unique(indicator_at, ind.id, doc.path, ind, "Indikatorn"):
                    self.index.indikatorer[ind.id] = ind
        for doc in self.repo.mal:
            for dm in doc.data.delmal:
                self.known_indicators(doc.path, dm, "indikatorer", dm.indikatorer)

    def unique(
        self,
        seen: dict[str, str],
        value: str | None,
        path: str,
        obj: Any,
        what: str,
        org: str | None = None,
        key: str = "id",
        hint: str = "Ge den ett eget id.",
    ) -> bool:
        """Record ``value``; report it (MK201) and return False when it was seen before."""
        if value is None:
            return False
        if value in seen:
            self.add(
                MK201,
                path,
                positions.key(obj, key),
                f"{what} {quote(value)} finns redan ({seen[value]}).",
                hint,
                org=org,
            )
            return False
        seen[value] = f"{path}:{positions.of(obj).line}"
        return True

    def known_indicators(self, path: str, obj: Any, key: str, ids: Iterable[str]) -> None:
        if not self.index.goals_known:
            return
        for i, ind in enumerate(ids):
            if ind not in self.index.indikatorer:
                self.add(
                    MK204,
                    path,
                    positions.item(obj, key, i),
                    f"Indikatorn {quote(ind)} är inte definierad i mal/."
                    + did_you_mean(ind, self.index.indikatorer),
                    "Definiera den under `indikatorer` i målsättningens fil, eller rätta id:t.",
                )

    def indicator_values(self) -> None:
        seen: dict[str, str] = {}
        for doc in self.repo.indikatorer:
            values = doc.data
            self.known_indicators(doc.path, values, "indikator", [values.indikator])
            self.unique(
                seen,
                values.indikator,
                doc.path,
                values,
                "Värdena för indikatorn",
                key="indikator",
                hint="Slå ihop filerna: en fil per indikator.",
            )

    # --- a year ------------------------------------------------------------------------

    def year(self, year: Ar) -> None:
        plan_of: dict[str, str] = {}
        for doc in year.planer:
            self.plan(year, doc, plan_of)
        if year.uppdrag:
            self.uppdrag(year.uppdrag)
        if year.ekonomi:
            self.ekonomi(year.ekonomi)
        plan_for: dict[str, str] = {}
        for ik in year.internkontroll:
            self.internkontroll(ik, plan_for)
        if year.arshjul:
            self.arshjul(year.arshjul)

    def plan(self, year: Ar, doc: Doc[m.Plan], plan_of: dict[str, str]) -> None:
        plan, path = doc.data, doc.path
        org = plan.organisation
        if plan.ar != year.ar:
            self.add(
                MK206,
                path,
                positions.key(plan, "ar"),
                f"Filen ligger i mappen {year.ar} men anger `ar: {plan.ar}`.",
                f"Ändra till `ar: {year.ar}` eller flytta filen till {plan.ar}/plan/.",
                org=org,
            )
        self.known_org(path, plan, "organisation", org)
        if org in plan_of:
            self.add(
                MK207,
                path,
                positions.key(plan, "organisation"),
                f"Organisationen {quote(org)} har redan en plan för {year.ar}: {plan_of[org]}.",
                "Slå ihop filerna till en.",
                org=org,
            )
        else:
            plan_of[org] = path
        self.periods(path, plan.sammanfattning, org)
        delmal_seen: dict[str, str] = {}
        activity_ids: dict[str, str] = {}
        vm_ids: dict[str, str] = {}
        for entry in plan.delmal:
            self.plan_delmal(path, org, entry, delmal_seen, activity_ids, vm_ids)

    def plan_delmal(
        self,
        path: str,
        org: str,
        entry: m.PlanDelmal,
        delmal_seen: dict[str, str],
        activity_ids: dict[str, str],
        vm_ids: dict[str, str],
    ) -> None:
        dm = entry.delmal
        self.unique(
            delmal_seen,
            dm,
            path,
            entry,
            "Delmålet",
            org,
            key="delmal",
            hint="Samla allt om delmålet i planen under ett och samma element.",
        )
        if self.index.goals_known and dm not in self.index.delmal:
            twin = _same_number(dm, self.index.delmal)
            self.add(
                MK203,
                path,
                positions.key(entry, "delmal"),
                f"Delmålet {quote(dm)} finns inte i mal/."
                + (f" Menade du {quote(twin)}?" if twin else did_you_mean(dm, self.index.delmal)),
                f"Id:n är text: {quote(dm)} och {quote(twin)} är olika delmål."
                if twin
                else "Delmålen definieras under `delmal` i filerna i mal/.",
                org=org,
            )
        self.known_indicators(path, entry, "matt", entry.matt)
        self.periods(path, entry.uppfoljning, org)
        for akt in entry.aktiviteter:
            self.unique(activity_ids, akt.id, path, akt, "Aktiviteten", org)
            self.periods(path, akt.uppfoljning, org)
            if akt.start and akt.slut and akt.slut < akt.start:
                self.add(
                    MK208,
                    path,
                    positions.key(akt, "slut"),
                    f"Aktiviteten {quote(akt.id)} slutar {akt.slut} men börjar {akt.start}.",
                    "Rätta datumen: slut ska vara samma dag som start eller senare.",
                    org=org,
                )
        for vm in entry.verksamhetsmal:
            self.unique(vm_ids, vm.id, path, vm, "Verksamhetsmålet", org)
            self.periods(path, vm.uppfoljning, org)

    def periods(
        self, path: str, keyed: dict[str, Any], org: str | None, months: bool = False
    ) -> None:
        """Every key of ``keyed`` must be a period (or, with ``months``, a month)."""
        allowed = self.index.perioder + (m.MANADER if months else ())
        for key in keyed:
            if key not in allowed:
                self.add(
                    MK205,
                    path,
                    positions.key(keyed, key),
                    f"{quote(key)} är inte en av årets perioder." + did_you_mean(key, allowed),
                    f"Perioderna är {join_or(allowed)}.",
                    org=org,
                    period=key,
                )

    # --- uppdrag, ekonomi, internkontroll, årshjul ---------------------------------------

    def uppdrag(self, doc: Doc[m.UppdragFil]) -> None:
        seen: dict[str, str] = {}
        for u in doc.data.root:
            self.unique(seen, u.id, doc.path, u, "Uppdraget")
            self.known_org(doc.path, u, "organisation", u.organisation)
            if u.givet_av.upper() not in GIVERS:
                self.known_org(doc.path, u, "givet_av", u.givet_av, GIVERS)
            self.periods(doc.path, u.uppfoljning, u.organisation)

    def ekonomi(self, doc: Doc[m.Ekonomi]) -> None:
        seen: dict[str, str] = {}
        for n in doc.data.namnder:
            self.known_org(doc.path, n, "organisation", n.organisation)
            self.unique(
                seen,
                n.organisation,
                doc.path,
                n,
                "Ekonomin för",
                n.organisation,
                key="organisation",
                hint="Samla nämndens ekonomi i ett element.",
            )
            for keyed in (n.perioder, n.analys, n.atgarder):
                self.periods(doc.path, keyed, n.organisation, months=True)
        invest: dict[str, str] = {}
        for inv in doc.data.investeringar:
            self.unique(invest, inv.id, doc.path, inv, "Investeringen")
            self.known_org(doc.path, inv, "organisation", inv.organisation)
            for keyed in (inv.utfall, inv.prognos):
                self.periods(doc.path, keyed, inv.organisation, months=True)

    def internkontroll(self, doc: Doc[m.Internkontroll], plan_for: dict[str, str]) -> None:
        ik = doc.data
        self.known_org(doc.path, ik, "organisation", ik.organisation)
        self.unique(
            plan_for,
            ik.organisation,
            doc.path,
            ik,
            "Internkontrollplanen för",
            ik.organisation,
            key="organisation",
            hint="En plan per nämnd och år: slå ihop filerna.",
        )
        seen: dict[str, str] = {}
        for k in ik.kontroller:
            self.unique(seen, k.id, doc.path, k, "Kontrollen")
            self.periods(doc.path, k.uppfoljning, ik.organisation)
            for i, period in enumerate(k.rapporteras):
                if period not in self.index.perioder:
                    self.add(
                        MK205,
                        doc.path,
                        positions.item(k, "rapporteras", i),
                        f"{quote(period)} är inte en av årets perioder."
                        + did_you_mean(period, self.index.perioder),
                        f"Perioderna är {join_or(self.index.perioder)}.",
                        org=ik.organisation,
                        period=period,
                    )

    def arshjul(self, doc: Doc[m.Arshjul]) -> None:
        allowed = self.index.perioder + m.MANADER
        for event in doc.data.root:
            self.known_org(doc.path, event, "organisation", event.organisation)
            if event.period is not None and event.period not in allowed:
                self.add(
                    MK205,
                    doc.path,
                    positions.key(event, "period"),
                    f"{quote(event.period)} är varken en av årets perioder eller en månad."
                    + did_you_mean(event.period, allowed),
                    f"Perioder och månader: {join_or(allowed)}.",
                    period=event.period,
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


def _walk_orgs(orgs: Iterable[m.Organisation]) -> Iterable[m.Organisation]:
    for org in orgs:
        yield org
        yield from _walk_orgs(org.delar)

"""Identity: each thing once. MK201 for an id written twice, MK207 for two plans of one
organisation and year.

Ids are unique where they name something: organisations, goals, delmål, indicators,
uppdrag, investments and controls across the repository (or its year); activities and
verksamhetsmål within their unit's plan. The finding points at the second place and
names the first; the first definition is the one the rest of malkoll uses
(`model.index`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.rules.context import Context
from malkoll.text import quote

MK201 = f.rule(
    "MK201",
    "fel",
    "Ett id finns två gånger",
    "Id:n för organisationer, målsättningar, delmål, indikatorer, uppdrag, investeringar "
    "och kontroller är unika; aktiviteter och verksamhetsmål är unika inom sin enhet, "
    "finansiella mål, resultatposter och ett bolags mål inom sin fil. Ett bolag och en "
    "målsättning följs upp i en fil per år, ett kapitel i förvaltningsberättelsen i en fil "
    "per period. Fyndet pekar på det andra stället.",
    wrong='delmal:\n  - id: "1.1"\n    namn: Godkända betyg\n  - id: "1.1"\n    namn: Läsning',
    right='delmal:\n  - id: "1.1"\n    namn: Godkända betyg\n  - id: "1.2"\n    namn: Läsning',
)
MK207 = f.rule(
    "MK207",
    "fel",
    "Två planer för samma organisation och år",
    "Varje organisation har en planfil per år. Slå ihop filerna; fyndet pekar på den andra "
    "filen i sökvägsordning och nämner den första.",
)

RULES = (MK201, MK207)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

NEW_ID = "Ge var och en ett eget id."


class Seen:
    """The first place of each value of one kind of id."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[str, Any]] = {}

    def again(
        self,
        value: str | None,
        path: str,
        obj: Any,
        what: str,
        org: str | None = None,
        key: str = "id",
        hint: str = NEW_ID,
    ) -> Iterator[f.Problem]:
        """Record ``value`` where it stands; MK201 when it was seen before."""
        if value is None:
            return
        first = self.first.get(value)
        if first is None:
            self.first[value] = (path, obj)
            return
        yield f.Problem(
            MK201,
            path,
            positions.key(obj, key),
            f"{what} {quote(value)} finns redan ({first[0]}:{positions.of(first[1]).line}).",
            hint,
            org,
        )


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK201 and MK207 finding of the repository."""
    repo = ctx.repo
    if repo.organisation is not None:
        path = repo.organisation.path
        for dup, first in ctx.index.org_duplicates:
            yield f.Problem(
                MK201,
                path,
                positions.key(dup, "id"),
                f"Organisationen {quote(dup.id)} finns redan ({path}:{positions.of(first).line}).",
                NEW_ID,
            )
    yield from _goals(repo.mal)
    values = Seen()
    for doc in repo.indikatorer:
        yield from values.again(
            doc.data.indikator,
            doc.path,
            doc.data,
            "Värdena för indikatorn",
            key="indikator",
            hint="Slå ihop filerna: en fil per indikator.",
        )
    for year in repo.ar.values():
        yield from _year(year)


def _goals(docs: list[Doc[m.Malsattning]]) -> Iterator[f.Problem]:
    goals, delmal, indicators = Seen(), Seen(), Seen()
    for doc in docs:
        goal = doc.data
        yield from goals.again(goal.id, doc.path, goal, "Målsättningen")
        factors = Seen()
        for ff in goal.framgangsfaktorer:
            yield from factors.again(ff.id, doc.path, ff, "Framgångsfaktorn")
        for dm in goal.delmal:
            yield from delmal.again(dm.id, doc.path, dm, "Delmålet")
        for ind in goal.indikatorer:
            yield from indicators.again(ind.id, doc.path, ind, "Indikatorn")


def _year(year: Ar) -> Iterator[f.Problem]:
    plan_of: dict[str, str] = {}
    for doc in year.planer:
        yield from _plan(year, doc, plan_of)
    if year.uppdrag is not None:
        assignments = Seen()
        for u in year.uppdrag.data.root:
            yield from assignments.again(u.id, year.uppdrag.path, u, "Uppdraget")
    if year.ekonomi is not None:
        yield from _economy(year.ekonomi)
    plan_for = Seen()
    for control_plan in year.internkontroll:
        ik = control_plan.data
        yield from plan_for.again(
            ik.organisation,
            control_plan.path,
            ik,
            "Internkontrollplanen för",
            ik.organisation,
            key="organisation",
            hint="En plan per nämnd och år: slå ihop filerna.",
        )
        controls = Seen()
        for k in ik.kontroller:
            yield from controls.again(k.id, control_plan.path, k, "Kontrollen")


def _plan(year: Ar, doc: Doc[m.Plan], plan_of: dict[str, str]) -> Iterator[f.Problem]:
    plan, path = doc.data, doc.path
    org = plan.organisation
    if org in plan_of:
        yield f.Problem(
            MK207,
            path,
            positions.key(plan, "organisation"),
            f"Organisationen {quote(org)} har redan en plan för {year.ar}: {plan_of[org]}.",
            "Slå ihop filerna till en.",
            org,
        )
    else:
        plan_of[org] = path
    delmal, activities, goals = Seen(), Seen(), Seen()
    for entry in plan.delmal:
        yield from delmal.again(
            entry.delmal,
            path,
            entry,
            "Delmålet",
            org,
            key="delmal",
            hint="Samla allt om delmålet i planen under ett och samma element.",
        )
        for akt in entry.aktiviteter:
            yield from activities.again(akt.id, path, akt, "Aktiviteten", org)
        for vm in entry.verksamhetsmal:
            yield from goals.again(vm.id, path, vm, "Verksamhetsmålet", org)


def _economy(doc: Doc[m.Ekonomi]) -> Iterator[f.Problem]:
    nämnder, investments = Seen(), Seen()
    for n in doc.data.namnder:
        yield from nämnder.again(
            n.organisation,
            doc.path,
            n,
            "Ekonomin för",
            n.organisation,
            key="organisation",
            hint="Samla nämndens ekonomi i ett element.",
        )
    for inv in doc.data.investeringar:
        yield from investments.again(inv.id, doc.path, inv, "Investeringen")

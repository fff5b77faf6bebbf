"""The findings page: what is missing, unit by unit, and what `validera` finds.

What is missing comes from `status` (the same requirements `validera` checks, for the
period `malkoll status` shows for the day); the other findings of the year come from
`validera`, each under the organisation it is about, or under the shared file it is in.
Grouped by nämnd (in the organisation tree's order) and organisation, each with its file
and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from malkoll.findings import Finding
from malkoll.model.index import Index
from malkoll.status.compute import Brist, Status


@dataclass(frozen=True)
class Fynd:
    """One finding as the page shows it."""

    plats: str
    allvarlighet: str
    kod: str
    meddelande: str
    hur: str


@dataclass
class Enhet:
    """One organisation: what its period is missing and its other findings."""

    id: str
    namn: str
    fil: str | None
    klart: int = 0
    totalt: int = 0
    saknas: list[Brist] = field(default_factory=list)
    fynd: list[Fynd] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "org-" + _slug(self.id)


@dataclass
class Grupp:
    """A nämnd (or bolag) and its organisations; or the shared files (id None)."""

    id: str | None
    namn: str
    enheter: list[Enhet] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        if self.id:
            return "namnd-" + _slug(self.id)
        return "olasta" if self.namn == UNREAD else "gemensamt"

    @property
    def antal(self) -> int:
        return sum(len(e.saknas) + len(e.fynd) for e in self.enheter)


@dataclass(frozen=True)
class Fyndsida:
    """Everything the findings page shows."""

    period_namn: str
    idag: dt.date
    grupper: list[Grupp]
    fel: int
    varningar: int
    saknas: int


UNREAD = "Filer som inte kunde läsas"
"""The section of plan files that belong to no known organisation and whose folder does
not tell the nämnd (a broken file in a folder of its own)."""


def _is_plan(path: str) -> bool:
    """Whether ``path`` is a plan file: `ÅR/plan/MAPP/…`."""
    parts = path.split("/")
    return len(parts) >= 4 and parts[0].isdigit() and parts[1] == "plan"


def _namnd_of_folder(index: Index, path: str) -> str | None:
    """The nämnd whose plans live in the folder of ``path`` (the other plan files there,
    that could be read), when they all answer to one; None otherwise."""
    folder = path.rsplit("/", 1)[0]
    tops = {
        index.namnd_of(org)
        for org, doc in index.plans(int(path.split("/", 1)[0])).items()
        if doc.path.rsplit("/", 1)[0] == folder and doc.path != path
    }
    return tops.pop() if len(tops) == 1 else None


def _slug(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in text.lower())


def _fynd(x: Finding) -> Fynd:
    return Fynd(f"{x.path}:{x.line}:{x.col}", x.severity, x.code, x.message, x.hint)


def page(index: Index, status: Status | None, findings: list[Finding], today: dt.date) -> Fyndsida:
    """The findings page of ``status`` (None when it could not be computed) and
    ``findings`` (`validera`'s for the year), as of ``today``."""
    groups: dict[str | None, Grupp] = {}
    units: dict[str, Enhet] = {}

    def unit(org: str) -> Enhet:
        if org not in units:
            top = index.namnd_of(org)
            if top not in groups:
                groups[top] = Grupp(top, index.name(top) if top else "Okänd nämnd")
            plan_file = None
            units[org] = Enhet(org, index.name(org), plan_file)
            groups[top].enheter.append(units[org])
        return units[org]

    told: set[tuple[str | None, int | None, str]] = set()
    for group in status.namnder if status else ():
        for org in group.organisationer:
            u = unit(org.organisation)
            u.fil, u.klart, u.totalt = org.fil, org.done, org.total
            u.saknas.extend(org.brister)
            told.update((b.fil, b.rad, b.hur) for b in org.brister)
    shared: dict[str, Enhet] = {}
    unread: dict[str, Enhet] = {}
    for x in findings:
        if (x.path, x.line, x.hint) in told:
            continue  # said above as what is missing
        if x.organisation is not None and index.org(x.organisation) is not None:
            unit(x.organisation).fynd.append(_fynd(x))
            continue
        plan = _is_plan(x.path)
        top = _namnd_of_folder(index, x.path) if plan else None
        if top is not None:  # a plan that could not be read: under the nämnd of its folder
            if top not in groups:
                groups[top] = Grupp(top, index.name(top))
            found = next((e for e in groups[top].enheter if e.id == x.path), None)
            if found is None:
                found = Enhet(x.path, x.path, x.path)
                groups[top].enheter.append(found)
            found.fynd.append(_fynd(x))
            continue
        into = unread if plan else shared
        if x.path not in into:
            into[x.path] = Enhet(x.path, x.path, x.path)
        into[x.path].fynd.append(_fynd(x))
    ordered = sorted(
        (g for g in groups.values()), key=lambda g: index.order(g.id) if g.id else 1 << 30
    )
    for g in ordered:
        g.enheter.sort(key=lambda e: index.order(e.id))
    if unread:
        ordered.insert(0, Grupp(None, UNREAD, list(unread.values())))
    if shared:
        ordered.insert(0, Grupp(None, "Gemensamma filer", list(shared.values())))
    return Fyndsida(
        status.period.namn if status else "",
        today,
        [g for g in ordered if g.antal],
        sum(1 for x in findings if x.severity == "fel"),
        sum(1 for x in findings if x.severity == "varning"),
        sum(len(u.saknas) for u in units.values()),
    )

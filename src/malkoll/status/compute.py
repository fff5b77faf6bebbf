"""`malkoll status`: how far the follow-up of the period now being written has come.

**The period now being written** is the first follow-up period of the year (in the order
of `malkoll.yaml`) whose submission date is today or later: the next deadline. When every
submission date of the year has passed, it is the year's last period (the annual report,
late). The submission date is the årshjul's `inlamning` for the period, or 30 days after
its date, as for `validera` (`model.timing`). Without a year the year is today's, unless
the year before still has a submission date today or later (in January the annual report
of the year before is being written).

**What counts as done** is what the completeness rules require of the period, as they
say it themselves (`rules.requirements`): status does not re-derive them. Each
requirement counts in a part of the follow-up (a delmål's analysis with its parts, the
assessment, the measures an assessment calls for, each activity, verksamhetsmål,
uppdrag, control and nämnd's economy); an item that several rules ask something of (an
activity's status and the comment a delay calls for) counts once, done when all of it
is. What is missing is listed one line per unmet requirement: one line for each finding
`validera` reports for the period. A rule turned off with `regler:` counts for nothing,
exactly as it is reported by nothing.

The figures are computed here; `layout` lays them out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from malkoll import rules
from malkoll.errors import BadOption
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import Ar, Repository
from malkoll.model.timing import GRACE_DAYS, Timing, period_date, submission_date
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.rules.context import Requirement
from malkoll.text import did_you_mean

EVENTS = 5
"""How many of the årshjul's next events are shown."""

PARTS = (
    "analyser",
    "bedomningar",
    "atgarder",
    "aktiviteter",
    "verksamhetsmal",
    "uppdrag",
    "internkontroll",
    "ekonomi",
)
"""What is counted, in the order shown: the `part` of each requirement status counts."""


@dataclass
class Count:
    """How many of the items the period asks for are done."""

    done: int = 0
    total: int = 0

    def add(self, done: bool) -> None:
        self.total += 1
        self.done += int(done)


class Sak(NamedTuple):
    """What a missing piece is about, by name: an `aktivitet`, `verksamhetsmal`, `uppdrag`
    or `kontroll` (its `kontrollmoment`)."""

    slag: str
    id: str
    namn: str


@dataclass(frozen=True)
class Brist:
    """One missing piece as the person who writes it needs it: where, and what to write."""

    saknas: str
    """The requirement's few words, as in `OrgStatus.saknas`."""
    fil: str | None
    rad: int | None
    """The line `validera` points at; None where another finding already says what is
    wrong (then `hur` is empty too)."""
    hur: str
    """What to write there: the finding's hint (`Ange utfallet under uppfoljning...`)."""
    delmal: str | None
    """The delmål it belongs to, when it belongs to one."""
    sak: Sak | None


@dataclass
class OrgStatus:
    """One organisation's progress in the period: counts per part and what is missing."""

    organisation: str
    namn: str
    typ: str | None
    namnd: str | None
    fil: str | None = None
    delar: dict[str, Count] = field(default_factory=lambda: {p: Count() for p in PARTS})
    saknas: list[str] = field(default_factory=list)
    saknas_i: list[str | None] = field(default_factory=list)
    """The file each of `saknas` is to be written in (where `validera` points), in order;
    None where another finding already says what is wrong there."""
    brister: list[Brist] = field(default_factory=list)
    """Each of `saknas`, in order, with its line, what to write and what it is about."""
    klarmarkering: m.Klarmarkering | None = None
    """The plan's mark for the period (`klar` true or false), None when it has none."""

    @property
    def markerad_klar(self) -> bool:
        """Whether the plan marks the period done."""
        return self.klarmarkering is not None and self.klarmarkering.klar

    @property
    def komplett(self) -> bool:
        """Whether nothing the period requires is missing (what `validera` would find)."""
        return not self.saknas

    @property
    def done(self) -> int:
        return sum(c.done for c in self.delar.values())

    @property
    def total(self) -> int:
        return sum(c.total for c in self.delar.values())


@dataclass(frozen=True)
class NamndStatus:
    """A nämnd (or bolag) and its organisations, the furthest behind first."""

    organisation: str
    namn: str
    organisationer: list[OrgStatus]

    @property
    def done(self) -> int:
        return sum(o.done for o in self.organisationer)

    @property
    def total(self) -> int:
        return sum(o.total for o in self.organisationer)


@dataclass(frozen=True)
class PeriodNow:
    """The period now being written and its submission date."""

    id: str
    namn: str
    datum: dt.date
    inlamning: dt.date
    dagar_kvar: int
    """Days from today to the submission date; negative when it has passed."""


@dataclass(frozen=True)
class Status:
    """Everything `malkoll status` shows."""

    root: Path
    kommun: str
    ar: int
    idag: dt.date
    period: PeriodNow
    namnd: str | None
    namnder: list[NamndStatus]
    handelser: list[m.Handelse]

    @property
    def done(self) -> int:
        return sum(n.done for n in self.namnder)

    @property
    def total(self) -> int:
        return sum(n.total for n in self.namnder)

    @property
    def organisationer(self) -> list[OrgStatus]:
        return [o for n in self.namnder for o in n.organisationer]

    @property
    def markerade(self) -> int:
        """How many organisations mark the period done."""
        return sum(o.markerad_klar for o in self.organisationer)

    @property
    def markerade_ofullstandiga(self) -> int:
        """How many of them are not complete (MK311)."""
        return sum(o.markerad_klar and not o.komplett for o in self.organisationer)


# --- computing ------------------------------------------------------------------------


def status(
    start: Path,
    ar: int | None = None,
    idag: dt.date | None = None,
    namnd: str | None = None,
    period: str | None = None,
    cache: bool = True,
) -> Status:
    """Find the repository at or above ``start`` and compute its status (``cache``: read
    unchanged files from malkoll's cache)."""
    root = find_root(start)
    with paused_gc():
        return compute(load(root, cache=cache), ar, idag, namnd, period)


def compute(
    repo: Repository,
    ar: int | None = None,
    idag: dt.date | None = None,
    namnd: str | None = None,
    period: str | None = None,
) -> Status:
    """The status of year ``ar`` on ``idag``, for one nämnd or all, of ``period`` or the
    period now being written."""
    today = idag or dt.date.today()
    year = repo.ar.get(ar if ar is not None else default_year(repo, today))
    if year is None:
        known = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        wanted = ar if ar is not None else today.year
        raise BadOption(f"Året {wanted} finns inte i målrepot (årsmappar: {known}).")
    now = _period(repo.installningar, year, today, period)
    index = Index.of(repo)
    if namnd is not None:
        _check_namnd(index, namnd)
    asked = rules.requirements(repo, Timing(today, now.id, year.ar))
    orgs = counted(index, year, [r for r in asked if r.part is not None and r.period == now.id])
    for org in orgs.values():
        plan = index.plan(year.ar, org.organisation)
        if plan is not None:
            org.klarmarkering = plan.data.klarmarkering.get(now.id)
    chosen = [o for o in orgs.values() if namnd is None or o.namnd == namnd]
    return Status(
        repo.root,
        repo.installningar.kommun,
        year.ar,
        today,
        now,
        namnd,
        _by_namnd(index, chosen),
        next_events(repo, today, namnd),
    )


def default_year(repo: Repository, today: dt.date) -> int:
    """Today's year, or the year before while one of its submission dates is still ahead."""
    before = repo.ar.get(today.year - 1)
    if before is not None:
        for key in repo.installningar.perioder:
            if deadline(repo.installningar, before, key) >= today:
                return before.ar
    return today.year


def deadline(settings: m.Installningar, year: Ar, key: str) -> dt.date:
    """The submission date of a period: the årshjul's, or 30 days after its date."""
    date = period_date(settings, year.ar, key)
    assert date is not None  # key is one of settings.perioder
    return submission_date(year, key) or date + dt.timedelta(days=GRACE_DAYS)


def _period(settings: m.Installningar, year: Ar, today: dt.date, chosen: str | None) -> PeriodNow:
    keys = list(settings.perioder)
    if chosen is not None and chosen not in keys:
        raise BadOption(
            f"Perioden {chosen!r} finns inte.{did_you_mean(chosen, keys)} "
            f"Perioderna är {', '.join(keys)}."
        )
    key = chosen or next((k for k in keys if deadline(settings, year, k) >= today), keys[-1])
    date = period_date(settings, year.ar, key)
    assert date is not None
    due = deadline(settings, year, key)
    return PeriodNow(key, settings.perioder[key].namn, date, due, (due - today).days)


def _check_namnd(index: Index, namnd: str) -> None:
    """A nämnd status can show: one that answers for organisations (a nämnd or bolag,
    nested ones too, or the top of a branch without one)."""
    groups = [g for g in dict.fromkeys(index.namnd_of(o) for o in index.orgs) if g is not None]
    if namnd not in groups:
        raise BadOption(
            f"{namnd!r} är ingen nämnd i organisation.yaml.{did_you_mean(namnd, groups)} "
            f"Nämnderna är {', '.join(groups)}."
        )


def counted(index: Index, year: Ar, asked: list[Requirement]) -> dict[str, OrgStatus]:
    """Each organisation's counts and what it is missing, from the requirements of the
    period: an item counts once, done when every requirement of it is met."""
    items: dict[tuple[str | None, str, Hashable], list[Requirement]] = {}
    for req in asked:
        assert req.part is not None
        items.setdefault((req.organisation, req.part, req.item), []).append(req)
    orgs: dict[str, OrgStatus] = {}
    about: dict[Hashable, tuple[str | None, Sak | None]] | None = None
    for (org_id, part, thing), reqs in items.items():
        org = _org(index, year, orgs, org_id or "")
        org.delar[part].add(all(r.met for r in reqs))
        unmet = [r for r in reqs if not r.met]
        if unmet and about is None:
            about = _things(year)
        for r in unmet:
            org.saknas.append(r.missing)
            org.saknas_i.append(r.problem.path if r.problem else None)
            org.brister.append(_brist(index, r, (about or {}).get(thing)))
    return orgs


def _things(year: Ar) -> dict[Hashable, tuple[str | None, Sak | None]]:
    """What a requirement's `item` may be, by its identity (the rules ask about the very
    objects of the model): each delmål entry, activity and verksamhetsmål of the year's
    plans, with its delmål, and each uppdrag and control."""
    out: dict[Hashable, tuple[str | None, Sak | None]] = {}
    for doc in year.planer:
        for entry in doc.data.delmal:
            out[id(entry)] = (entry.delmal, None)
            for a in entry.aktiviteter:
                out[id(a)] = (entry.delmal, Sak("aktivitet", a.id, a.namn))
            for g in entry.verksamhetsmal:
                out[id(g)] = (entry.delmal, Sak("verksamhetsmal", g.id, g.namn))
    for u in year.uppdrag.data.root if year.uppdrag else ():
        out[id(u)] = (None, Sak("uppdrag", u.id, u.namn))
    for ik in year.internkontroll:
        for k in ik.data.kontroller:
            out[id(k)] = (None, Sak("kontroll", k.id, k.kontrollmoment))
    return out


_DELMAL = re.compile(r"delmål (\S+)")


def _brist(index: Index, r: Requirement, about: tuple[str | None, Sak | None] | None) -> Brist:
    """The missing piece of ``r``; its delmål from its words when it is not one of the
    model's objects (a parent's own analysis of a delmål is asked of the pair)."""
    delmal, sak = about or (None, None)
    if delmal is None:
        named = _DELMAL.search(r.missing)
        delmal = named.group(1) if named and named.group(1) in index.delmal else None
    p = r.problem
    return Brist(
        r.missing,
        p.path if p else None,
        p.where.line if p else None,
        p.hint if p else "",
        delmal,
        sak,
    )


def _org(index: Index, year: Ar, orgs: dict[str, OrgStatus], org_id: str) -> OrgStatus:
    if org_id not in orgs:
        plan = index.plan(year.ar, org_id)
        orgs[org_id] = OrgStatus(
            org_id,
            index.name(org_id),
            index.typ(org_id),
            index.namnd_of(org_id),
            plan.path if plan else None,
        )
    return orgs[org_id]


def _by_namnd(index: Index, chosen: list[OrgStatus]) -> list[NamndStatus]:
    groups: dict[str | None, list[OrgStatus]] = {}
    for org in sorted(chosen, key=lambda o: _behind(o, index)):
        if org.total:
            groups.setdefault(org.namnd, []).append(org)
    found = [
        NamndStatus(top or "", index.name(top) if top else "Okänd organisation", members)
        for top, members in groups.items()
    ]
    return sorted(found, key=lambda n: _behind(n, index))


def _behind(item: OrgStatus | NamndStatus, index: Index) -> tuple[float, int, int]:
    """Sort key: the smallest share done first, then the most missing, then tree order."""
    share = item.done / item.total if item.total else 1.0
    return (share, item.done - item.total, index.order(item.organisation))


def next_events(repo: Repository, today: dt.date, namnd: str | None = None) -> list[m.Handelse]:
    """The årshjul's next events from today, of every year; with ``namnd``, its own and the
    common ones."""
    events = [
        e
        for year in repo.ar.values()
        if year.arshjul is not None
        for e in year.arshjul.data.root
        if e.datum >= today and (namnd is None or e.organisation in (None, namnd))
    ]
    return sorted(events, key=lambda e: e.datum)[:EVENTS]

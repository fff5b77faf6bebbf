"""`malkoll status`: how far the follow-up of the period now being written has come.

**The period now being written** is the first follow-up period of the year (in the order
of `malkoll.yaml`) whose submission date is today or later: the next deadline. When every
submission date of the year has passed, it is the year's last period (the annual report,
late). The submission date is the årshjul's `inlamning` for the period, or 30 days after
its date, as for `validera` (`malkoll.due`). Without a year the year is today's, unless
the year before still has a submission date today or later (in January the annual report
of the year before is being written).

**What counts as done** is what the completeness rules ask of the period, item by item:
a delmål's analysis with the parts `analys.kravs` requires (MK301, MK303), its assessment
(MK302), measures where `analys.atgarder_vid` names the assessment (MK304), each activity
that has started followed up with a status, a comment when delayed or cancelled, and in
the year's last period `hur_har_det_gatt` and `vad_har_det_lett_till` (MK305, MK306),
each verksamhetsmål's outcome (MK307), each uppdrag followed up until reported done and
commented when late (MK503, MK504), each internal control reported in the period with a
result and measures for deviations (MK507, MK508), and each nämnd's economy for the
period analysed and with measures where the rules require them (MK501, MK502, run as
they are). A rule turned off with `regler:` counts for nothing.

The figures are computed here; `text` and `as_json` only lay them out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from malkoll import __version__
from malkoll.errors import BadOption
from malkoll.model import files as m
from malkoll.model.repository import Ar, Repository
from malkoll.model.timing import GRACE_DAYS, Timing, period_date, submission_date
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.rules import economy
from malkoll.rules.context import DONE, Context, blank, done_before
from malkoll.text import did_you_mean, printable, procent

JSON_FORMAT_VERSION = 1
EVENTS = 5
"""How many of the årshjul's next events are shown."""

PARTS: dict[str, tuple[str, str]] = {
    "analyser": ("Analys", "analyser"),
    "bedomningar": ("Bedöm.", "bedömningar"),
    "atgarder": ("Åtgärd", "åtgärder där bedömningen kräver dem"),
    "aktiviteter": ("Aktiv.", "aktiviteter"),
    "verksamhetsmal": ("VM", "verksamhetsmål"),
    "uppdrag": ("Uppdr.", "uppdrag"),
    "internkontroll": ("IK", "internkontroll"),
    "ekonomi": ("Ekon.", "ekonomi"),
}
"""What is counted, in the order shown, with its column title and what the title means."""


@dataclass
class Count:
    """How many of the items the period asks for are done."""

    done: int = 0
    total: int = 0

    def add(self, done: bool) -> None:
        self.total += 1
        self.done += int(done)


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

    @property
    def done(self) -> int:
        return sum(c.done for c in self.delar.values())

    @property
    def total(self) -> int:
        return sum(c.total for c in self.delar.values())

    def tick(self, part: str, done: bool, missing: str) -> None:
        self.delar[part].add(done)
        if not done:
            self.saknas.append(missing)


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


# --- computing ------------------------------------------------------------------------


def status(
    start: Path,
    ar: int | None = None,
    idag: dt.date | None = None,
    namnd: str | None = None,
    period: str | None = None,
) -> Status:
    """Find the repository at or above ``start`` and compute its status."""
    root = find_root(start)
    with paused_gc():
        return compute(load(root), ar, idag, namnd, period)


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
    ctx = Context.build(repo, Timing(today, now.id, year.ar))
    if namnd is not None:
        _check_namnd(ctx, namnd)
    orgs: dict[str, OrgStatus] = {}
    _plans(ctx, year, now, orgs)
    _assignments(ctx, year, now, orgs)
    _internal_control(ctx, year, now, orgs)
    _economy(ctx, year, now, orgs)
    chosen = [o for o in orgs.values() if namnd is None or o.namnd == namnd]
    return Status(
        repo.root,
        repo.installningar.kommun,
        year.ar,
        today,
        now,
        namnd,
        _by_namnd(ctx, chosen),
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


def _check_namnd(ctx: Context, namnd: str) -> None:
    tops = [o for o in ctx.orgs if o not in ctx.parent]
    if namnd not in tops:
        raise BadOption(
            f"{namnd!r} är ingen nämnd i organisation.yaml.{did_you_mean(namnd, tops)} "
            f"Nämnderna är {', '.join(tops)}."
        )


def _org(ctx: Context, orgs: dict[str, OrgStatus], org_id: str) -> OrgStatus:
    if org_id not in orgs:
        top = org_id
        while top in ctx.parent:
            top = ctx.parent[top]
        org = ctx.orgs.get(org_id)
        orgs[org_id] = OrgStatus(
            org_id,
            ctx.org_name(org_id),
            org.typ if org else None,
            top if org else None,
        )
    return orgs[org_id]


def _off(ctx: Context, code: str) -> bool:
    return ctx.settings.regler.get(code) == "av"


def _plans(ctx: Context, year: Ar, now: PeriodNow, orgs: dict[str, OrgStatus]) -> None:
    for doc in year.planer:
        org = _org(ctx, orgs, doc.data.organisation)
        org.fil = org.fil or doc.path
        for entry in doc.data.delmal:
            _delmal(ctx, org, entry, now.id)
            for activity in entry.aktiviteter:
                _activity(ctx, org, activity, now)
            if not _off(ctx, "MK307"):
                for goal in entry.verksamhetsmal:
                    fu = goal.uppfoljning.get(now.id)
                    done = fu is not None and fu.utfall is not None
                    org.tick("verksamhetsmal", done, f"utfall för verksamhetsmål {goal.id}")


def _delmal(ctx: Context, org: OrgStatus, entry: m.PlanDelmal, period: str) -> None:
    upp = entry.uppfoljning.get(period)
    analys = upp.analys if upp else None
    dm = entry.delmal
    if not _off(ctx, "MK301"):
        parts = [] if _off(ctx, "MK303") else list(ctx.settings.analys.kravs)
        lacking = [p for p in parts if analys is not None and blank(getattr(analys, p))]
        if analys is None:
            org.tick("analyser", False, f"analys av delmål {dm}")
        else:
            org.tick("analyser", not lacking, f"{' och '.join(lacking)} i analysen av delmål {dm}")
    if not _off(ctx, "MK302"):
        org.tick(
            "bedomningar",
            upp is not None and upp.bedomning is not None,
            f"bedömning av delmål {dm}",
        )
    if (
        not _off(ctx, "MK304")
        and upp is not None
        and upp.bedomning in ctx.settings.analys.atgarder_vid
    ):
        done = analys is not None and not blank(analys.atgarder)
        org.tick("atgarder", done, f"åtgärder för delmål {dm} ({_step(ctx, upp.bedomning)})")


def _step(ctx: Context, step: str | None) -> str:
    found = ctx.settings.bedomning.get(step or "")
    return (found.namn or str(step)).lower() if found else str(step)


def _activity(ctx: Context, org: OrgStatus, activity: m.Aktivitet, now: PeriodNow) -> None:
    if _off(ctx, "MK305") or (activity.start is not None and activity.start > now.datum):
        return  # turned off, or not started in the period
    last = now.id == next(reversed(ctx.settings.perioder))
    fu = activity.uppfoljning.get(now.id)
    if fu is None or fu.status is None:
        if not last and done_before(ctx.settings, activity.uppfoljning, now.id):
            return  # reported done or cancelled in an earlier period
        org.tick("aktiviteter", False, f"uppföljning av aktivitet {activity.id}")
        return
    lacking: list[str] = []
    if last:
        texts = {
            "hur_har_det_gatt": "hur det har gått",
            "vad_har_det_lett_till": "vad det lett till",
        }
        lacking += [word for key, word in texts.items() if blank(getattr(fu, key))]
    if not _off(ctx, "MK306") and fu.status in ("forsenad", "avbruten") and blank(fu.kommentar):
        lacking.append("kommentar")
    org.tick("aktiviteter", not lacking, f"{' och '.join(lacking)} för aktivitet {activity.id}")


def _assignments(ctx: Context, year: Ar, now: PeriodNow, orgs: dict[str, OrgStatus]) -> None:
    if year.uppdrag is None or _off(ctx, "MK503"):
        return
    for u in year.uppdrag.data.root:
        if done_before(ctx.settings, u.uppfoljning, now.id):
            continue
        org = _org(ctx, orgs, u.organisation)
        fu = u.uppfoljning.get(now.id)
        if fu is None or fu.status is None:
            org.tick("uppdrag", False, f"uppföljning av uppdrag {u.id}")
            continue
        late = (
            not _off(ctx, "MK504")
            and u.klart is not None
            and u.klart < now.datum
            and fu.status not in DONE
            and blank(fu.kommentar)
        )
        org.tick("uppdrag", not late, f"kommentar till uppdrag {u.id} (klart {u.klart})")


def _internal_control(ctx: Context, year: Ar, now: PeriodNow, orgs: dict[str, OrgStatus]) -> None:
    if _off(ctx, "MK507"):
        return
    for doc in year.internkontroll:
        org = _org(ctx, orgs, doc.data.organisation)
        for k in doc.data.kontroller:
            if now.id not in k.rapporteras:
                continue
            fu = k.uppfoljning.get(now.id)
            if fu is None or blank(fu.resultat):
                org.tick("internkontroll", False, f"resultat för kontroll {k.id}")
                continue
            lacking = not _off(ctx, "MK508") and not blank(fu.avvikelser) and blank(fu.atgarder)
            org.tick("internkontroll", not lacking, f"åtgärder för kontroll {k.id}")


def _economy(ctx: Context, year: Ar, now: PeriodNow, orgs: dict[str, OrgStatus]) -> None:
    """Each nämnd's economy for the period: done when MK501 and MK502 find nothing."""
    if year.ekonomi is None:
        return
    economy.check(ctx)  # the context's timing checks only this period of this year
    wanting: dict[str, set[str]] = {}
    for x in ctx.found:
        if x.code in ("MK501", "MK502") and x.period == now.id and x.organisation:
            wanting.setdefault(x.organisation, set()).add(x.code)
    for entry in year.ekonomi.data.namnder:
        if now.id not in entry.perioder:
            continue
        codes = wanting.get(entry.organisation, set())
        words = [w for c, w in (("MK501", "analys"), ("MK502", "åtgärder")) if c in codes]
        org = _org(ctx, orgs, entry.organisation)
        org.tick("ekonomi", not codes, f"{' och '.join(words)} för ekonomins avvikelse")


def _by_namnd(ctx: Context, chosen: list[OrgStatus]) -> list[NamndStatus]:
    order = {org_id: i for i, org_id in enumerate(ctx.orgs)}
    groups: dict[str | None, list[OrgStatus]] = {}
    for org in sorted(chosen, key=lambda o: _behind(o, order)):
        if org.total:
            groups.setdefault(org.namnd, []).append(org)
    found = [
        NamndStatus(top or "", ctx.org_name(top) if top else "Okänd organisation", members)
        for top, members in groups.items()
    ]
    return sorted(found, key=lambda n: _behind(n, order))


def _behind(item: OrgStatus | NamndStatus, order: dict[str, int]) -> tuple[float, int, int]:
    """Sort key: the smallest share done first, then the most missing, then tree order."""
    share = item.done / item.total if item.total else 1.0
    return (share, item.done - item.total, order.get(item.organisation, len(order)))


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


# --- laying out -------------------------------------------------------------------------


def deadline_words(days: int) -> str:
    """`om 6 dagar`, `i dag`, `i morgon`, `3 dagar sen`."""
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgon"
    if days > 1:
        return f"om {days} dagar"
    return f"{-days} {'dag' if days == -1 else 'dagar'} sen"


def bar(done: int, total: int, width: int = 20) -> str:
    """A bar of ``width`` cells: `█` for the share done, `░` for the rest."""
    filled = round(width * done / total) if total else width
    if total and done < total:
        filled = min(filled, width - 1)  # never looks complete while something is missing
    return "█" * filled + "░" * (width - filled)


def _percent(done: int, total: int) -> str:
    # Rounded down: 99.6 % done is not shown as 100 %.
    return procent((100 * done // total) / 100, 0) if total else "–"


def text(s: Status, color: bool = False, width: int = 100) -> str:
    """The terminal view: the period and its deadline, a table per nämnd, the next events."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    p = s.period
    late = p.dagar_kvar < 0
    # What a person wrote (names, ids, texts) is shown, never obeyed: as rich Text, never
    # as markup, and with every control character as its escape.
    console.print(Text.assemble((f"{_shown(s.kommun)} {s.ar}", "bold"), f", {s.idag}"))
    console.print(
        Text.assemble(
            f"{_shown(p.namn)} ({_shown(p.id)}, t.o.m. {p.datum.isoformat()}): "
            f"inlämning {p.inlamning.isoformat()}, ",
            (deadline_words(p.dagar_kvar), "bold red" if late else "bold"),
        )
    )
    console.print(
        f"Klart: {s.done} av {s.total} ({_percent(s.done, s.total)})"
        + (f", nämnd {_shown(s.namnd)}" if s.namnd else ""),
        markup=False,
    )
    if not s.namnder:
        console.print("Inget att följa upp för perioden.")
    else:
        shown = [
            p for p in PARTS if any(o.delar[p].total for n in s.namnder for o in n.organisationer)
        ]
        console.print(
            " · ".join(f"{PARTS[p][0]} {PARTS[p][1]}" for p in shown), style="dim", markup=False
        )
    for n in s.namnder:
        console.print()
        console.print(table(n))
        for o in n.organisationer:
            if o.saknas:
                console.print(f"  {_shown(o.namn)} saknar:", markup=False)
                for item in o.saknas:
                    console.print(f"    – {_shown(item)}", markup=False)
    if s.handelser:
        console.print()
        console.print("[bold]Årshjulet framåt[/bold]")
        for e in s.handelser:
            due = f" (inlämning {e.inlamning.isoformat()})" if e.inlamning else ""
            console.print(f"  {e.datum.isoformat()}  {_shown(e.vad)}{due}", markup=False)
    return out.getvalue()


def _shown(text: str | None) -> str:
    """A person's text on one line, every control character (and a lone surrogate) shown
    as its escape."""
    out = printable(text or "")
    return "".join(ch if not "\ud800" <= ch <= "\udfff" else f"\\u{ord(ch):04x}" for ch in out)


def table(n: NamndStatus) -> Any:
    """A nämnd's organisations as a rich table: counts per part and a bar."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts = [p for p in PARTS if any(o.delar[p].total for o in n.organisationer)]
    grid = Table(
        title=Text(f"{_shown(n.namn)}: {n.done} av {n.total}"),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    grid.add_column("Organisation", min_width=12, max_width=34, ratio=1)
    for part in parts:
        grid.add_column(PARTS[part][0], justify="right", no_wrap=True)
    grid.add_column("Klart", no_wrap=True, min_width=14)
    for o in n.organisationer:
        cells = [_cell(o.delar[part]) for part in parts]
        grid.add_row(Text(_shown(o.namn)), *cells, _bar_cell(o.done, o.total))
    return grid


def _cell(c: Count) -> str:
    if not c.total:
        return "–"
    return f"{c.done}/{c.total}" if c.done == c.total else f"[bold]{c.done}/{c.total}[/bold]"


def _bar_cell(done: int, total: int) -> str:
    style = "green" if done == total else "yellow" if done * 2 >= total else "red"
    return f"[{style}]{bar(done, total, 8)}[/] {_percent(done, total)}"


def as_json(s: Status) -> str:
    """The stable JSON shape (documented in the command's help and the README)."""
    p = s.period
    doc = {
        "format": JSON_FORMAT_VERSION,
        "malkoll": __version__,
        "rot": str(s.root),
        "ar": s.ar,
        "idag": s.idag.isoformat(),
        "namnd": s.namnd,
        "period": {
            "id": p.id,
            "namn": p.namn,
            "datum": p.datum.isoformat(),
            "inlamning": p.inlamning.isoformat(),
            "dagar_kvar": p.dagar_kvar,
        },
        "klart": s.done,
        "totalt": s.total,
        "namnder": [
            {
                "organisation": n.organisation,
                "namn": n.namn,
                "klart": n.done,
                "totalt": n.total,
                "organisationer": [_org_json(o) for o in n.organisationer],
            }
            for n in s.namnder
        ],
        "handelser": [_event_json(e) for e in s.handelser],
    }
    from malkoll.formats import json_text  # the real strings, nothing raw a terminal would obey

    return json_text(doc)


def _org_json(o: OrgStatus) -> dict[str, Any]:
    return {
        "organisation": o.organisation,
        "namn": o.namn,
        "typ": o.typ,
        "fil": o.fil,
        "klart": o.done,
        "totalt": o.total,
        "delar": {p: {"klart": c.done, "totalt": c.total} for p, c in o.delar.items()},
        "saknas": list(o.saknas),
    }


def _event_json(e: m.Handelse) -> dict[str, Any]:
    return {
        "datum": e.datum.isoformat(),
        "vad": e.vad,
        "period": e.period,
        "inlamning": e.inlamning.isoformat() if e.inlamning else None,
        "organisation": e.organisation,
    }

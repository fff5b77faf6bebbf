"""`malkoll kalender`: the årshjul as an iCalendar file (RFC 5545) for Outlook and others.

Each event of `ÅR/arshjul.yaml` is an all-day VEVENT on its date; an event's submission
date (`inlamning`) is an event of its own on that day, with a reminder a week before,
since it is the day the people who write the follow-up must remember, and it is seldom
the event's own date. The `icalendar` library writes the text: its escaping of `,;\\`
and line breaks, and its folding of lines at 75 octets.

**Stable UIDs.** A UID is derived from the municipality (its Kolada id, else its name),
the year, the kind (event or deadline), the organisation and the event's period, or its
text when it has no period (or shares its period with another event): not from its date.
So when a date in the årshjul moves, importing the file again moves the event in the
calendar instead of leaving the old one beside a new one; a renamed event with a period
keeps its UID too. Two events the same in all of that are told apart by their order.

**Where it is written.** `rapporter/arshjul-ÅR.ics` in the repository unless told (that
folder is made when missing; the folder of a file a person names must be there); a file
there is replaced only when malkoll wrote it (its `PRODID` is malkoll's), atomically.

**For whom.** The descriptions are written for the people who submit the follow-up: what
is due, by when, for which period and where it is written; never a command to run (the
controller runs `status`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import icalendar

from malkoll import atomic
from malkoll.errors import BadOption, WriteRefused
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import Ar, Repository
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.text import printable

PRODID = "-//malkoll//arshjul//SV"
"""Who made the file: also how malkoll knows a file it may replace."""
REMINDER = dt.timedelta(days=7)
"""How long before a submission date its reminder goes off."""
OUT_DIR = "rapporter"
MONTH_NAMES = {short: full for full, short in m.MONTH_OF.items() if full != short}
"""`jan` → `januari`: a month as a description names it."""


@dataclass(frozen=True)
class Kalender:
    """The calendar of a year: its text and what it holds."""

    ar: int
    text: str
    handelser: int
    inlamningar: int


def build(repo: Repository, year: Ar, stamp: dt.datetime) -> Kalender:
    """The iCalendar text of ``year``'s årshjul; ``stamp`` (UTC) is every DTSTAMP."""
    settings = repo.installningar
    index = Index.of(repo)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{settings.kommun}: årshjul {year.ar}"
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    events = sorted(year.arshjul.data.root if year.arshjul else [], key=lambda e: e.datum)
    uids = _Uids(settings.kolada or settings.kommun, year.ar, events)
    deadlines = 0
    for e in events:
        about = _about(settings, index, e)
        event = _all_day(uids.uid("handelse", e), stamp, e.datum, e.vad)
        due = [f"Sista dag för underlagen: {e.inlamning.isoformat()}."] if e.inlamning else []
        if about or due:
            event.add("description", "\n".join(about + due))
        cal.add_component(event)
        if e.inlamning:
            what = _what_is_due(settings, year.ar, e)
            cal.add_component(_deadline(uids.uid("inlamning", e), stamp, e, about, what))
            deadlines += 1
    return Kalender(year.ar, cal.to_ical().decode("utf-8"), len(events), deadlines)


def _about(settings: m.Installningar, index: Index, e: m.Handelse) -> list[str]:
    """The lines of an event's description: its period and the organisation it concerns."""
    lines = []
    if e.period in settings.perioder:
        lines.append(f"Period: {settings.perioder[e.period].namn} ({e.period}).")
    elif e.period is not None:
        lines.append(f"Månad: {MONTH_NAMES.get(e.period, e.period)}.")
    if e.organisation is not None:
        lines.append(f"Gäller: {index.name(e.organisation)}.")
    return lines


def _what_is_due(settings: m.Installningar, year: int, e: m.Handelse) -> str:
    """What the people who submit write for a deadline, and where."""
    if e.period in settings.perioder:
        return (
            f"Skriv in uppföljningen av {settings.perioder[e.period].namn} i er plan i "
            f"målrepot ({year}/plan/): analys och bedömning av delmålen och uppföljningen av "
            "aktiviteterna och verksamhetsmålen. Markera den klar (klarmarkering) när allt "
            "är på plats."
        )
    if e.period is not None and e.period in settings.prognoser:
        return (
            f"Skriv in nämndens helårsprognos för {MONTH_NAMES.get(e.period, e.period)} i "
            f"{year}/ekonomi.yaml i målrepot."
        )
    return "Skriv in underlaget i målrepot."


def _long_date(day: dt.date) -> str:
    """`31 augusti 2020`."""
    short = m.MANADER[day.month - 1]
    return f"{day.day} {MONTH_NAMES.get(short, short)} {day.year}"


def _all_day(uid: str, stamp: dt.datetime, day: dt.date, summary: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")  # an all-day note, never busy time
    return event


def _deadline(
    uid: str, stamp: dt.datetime, e: m.Handelse, about: list[str], what: str
) -> icalendar.Event:
    """The submission date as its own event, with a reminder a week before."""
    assert e.inlamning is not None
    summary = f"Sista dag för underlag: {e.vad}"
    event = _all_day(uid, stamp, e.inlamning, summary)
    period = f" Underlaget gäller tiden till och med {_long_date(e.datum)}." if e.period else ""
    lines = [
        f"Sista dag att lämna underlaget till {e.vad}: {_long_date(e.inlamning)}.{period}",
        *about,
        what,
        "Controllern sammanställer underlagen och påminner om det som saknas; frågor går "
        "till controllern.",
    ]
    event.add("description", "\n".join(lines))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    return event


class _Uids:
    """Each event's UID: stable when its date moves, unique in the file."""

    def __init__(self, kommun: str, year: int, events: list[m.Handelse]) -> None:
        self.base = f"{kommun}\x00{year}"
        self.year = year
        periods = [(e.organisation, e.period) for e in events if e.period is not None]
        self.shared = {p for p in periods if periods.count(p) > 1}
        self.given: set[str] = set()

    def uid(self, kind: str, e: m.Handelse) -> str:
        own = e.period if e.period and (e.organisation, e.period) not in self.shared else e.vad
        key = f"{self.base}\x00{kind}\x00{e.organisation or ''}\x00{own}"
        for n in range(1, 10_000):
            digest = hashlib.sha256(f"{key}\x00{n}".encode()).hexdigest()[:20]
            uid = f"{self.year}-{kind}-{digest}@malkoll"
            if uid not in self.given:
                self.given.add(uid)
                return uid
        raise AssertionError("10 000 identical events")  # pragma: no cover


# --- the command ------------------------------------------------------------------------


def kalender(
    start: Path,
    ar: int | None = None,
    today: dt.date | None = None,
    cache: bool = True,
    stamp: dt.datetime | None = None,
) -> tuple[Path, Kalender]:
    """Find the repository at or above ``start`` and build the calendar of year ``ar``
    (default: today's); with the repository's root."""
    root = find_root(start)
    with paused_gc():
        repo = load(root, cache=cache)
    wanted = ar if ar is not None else (today or dt.date.today()).year
    year = repo.ar.get(wanted)
    if year is None:
        known = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {wanted} finns inte i målrepot (årsmappar: {known}).")
    broken = sorted(
        {
            x.path
            for x in repo.problems
            if x.rule.severity == "fel"
            and x.path.split("/")[:1] == [str(wanted)]
            and x.path.rsplit("/", 1)[-1].startswith("arshjul.")
        }
    )
    if broken:
        raise BadOption(
            f"{broken[0]} har fel, så kalendern skulle sakna händelser. "
            "Rätta dem först: malkoll validera."
        )
    if year.arshjul is None:
        raise BadOption(f"{wanted}/arshjul.yaml finns inte: det finns inget årshjul att skriva.")
    moment = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return root, build(repo, year, moment)


def default_path(root: Path, year: int) -> Path:
    return root / OUT_DIR / f"arshjul-{year}.ics"


def is_ours(path: Path) -> bool | None:
    """Whether the file at ``path`` is a calendar malkoll wrote; None when nothing is there."""
    if not os.path.lexists(path):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(400)
    except OSError:
        return False
    return f"\nPRODID:{PRODID}\r".encode() in head


def write(cal: Kalender, path: Path, make_folder: bool = False) -> None:
    """Write ``cal`` to ``path`` whole; a file there that malkoll did not write is refused,
    and so is a folder that is not there unless ``make_folder`` (the default place)."""
    if not make_folder and not path.parent.is_dir():
        what = "är ingen mapp" if os.path.lexists(path.parent) else "finns inte"
        raise BadOption(
            f"Mappen {printable(str(path.parent))} {what}. Skapa den först, eller ange en "
            "annan fil med --ut."
        )
    if is_ours(path) is False:
        raise WriteRefused(
            f"Skriver inte över {printable(str(path))}: filen är inte en kalender som malkoll "
            "har skrivit. Välj en annan fil med --ut, eller flytta undan den."
        )
    atomic.replace({path: cal.text}, path.parent)

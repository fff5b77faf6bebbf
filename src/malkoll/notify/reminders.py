"""`malkoll paminn`: one reminder per person, from what `status` finds missing.

The person is an organisation's `chef`, reached at its `epost` (organisation.yaml): one
reminder per e-mail address, listing every one of that person's organisations that
misses something in the period, and the submission date from the årshjul. An
organisation that misses something but has no `epost` gets no reminder: it is listed, so
that the controller can add the address.

The text is written for the person who writes the follow-up, not for the one who runs
malkoll: which file to open, and there, delmål by delmål (id and name), what is missing
by name (the activity, verksamhetsmål, uppdrag or control, its id in parentheses), on
which line and what to write (the finding's hint); that an organisation marked the
period done while something is missing (MK311); that questions go to the sender, by
answering the message. One line names `malkoll validera FIL …` for those who use it.

A reminder is an RFC 5322 message made with the standard library (`email`): UTF-8
headers encoded as the standard says, a Date and a Message-ID. What a person wrote
(names, ids, the period's name) never makes a header: line breaks and control characters
are taken out before a text goes into one, and an address is the model's `Epost`, one
plain address.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from malkoll.errors import BadOption
from malkoll.model.files import Klarmarkering
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.types import MANADSNAMN
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.status.compute import Brist, OrgStatus, Status, compute
from malkoll.status.layout import deadline_words
from malkoll.text import printable

MARKER = "X-Malkoll-Paminnelse"
"""The header that says a message (a draft on disk) is malkoll's reminder, with its year
and period: a draft with it may be replaced or removed by the next run."""

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = MANADSNAMN


SAK_ORD = {
    "aktivitet": ("aktivitet", "aktiviteten"),
    "verksamhetsmal": ("verksamhetsmål", "verksamhetsmålet"),
    "uppdrag": ("uppdrag", "uppdraget"),
    "kontroll": ("kontroll", "kontrollen"),
}
"""How the rules' words name a thing by id, and how a reminder names it by name."""


@dataclass(frozen=True)
class Missing:
    """One organisation's missing pieces, by the file they are written in."""

    organisation: str
    namn: str
    filer: dict[str, list[Brist]]
    """File (or `""` where it is not known) → what is missing there, in file order."""
    klarmarkering: Klarmarkering | None = None
    """The plan's mark when it says the period is done though something is missing."""

    @property
    def saknas(self) -> list[str]:
        """What is missing, by name."""
        return [named(b) for items in self.filer.values() for b in items]


@dataclass(frozen=True)
class Reminder:
    """What one person is reminded of."""

    namn: str
    """The chef's name as it may stand in a header (one line, no control characters)."""
    epost: str
    organisationer: list[Missing]


@dataclass
class Reminders:
    """Every reminder of a period, and the organisations that could not be reminded."""

    root: Path
    kommun: str
    status: Status
    paminnelser: list[Reminder] = field(default_factory=list)
    utan_epost: list[Missing] = field(default_factory=list)
    delmal: dict[str, str] = field(default_factory=dict)
    """The name of each delmål a reminder names."""


def reminders(
    start: Path,
    ar: int | None = None,
    idag: dt.date | None = None,
    period: str | None = None,
    cache: bool = True,
) -> Reminders:
    """Find the repository at or above ``start`` and gather the reminders of ``period``
    (default: the period now being written, as `status` chooses it) of year ``ar``."""
    root = find_root(start)
    with paused_gc():
        repo = load(root, cache=cache)
        broken = sorted(
            {x.path for x in repo.problems if x.rule.severity == "fel" and "/" not in x.path}
        )
        if broken:
            raise BadOption(
                f"{broken[0]} har fel, så malkoll vet inte säkert vem som ska påminnas. "
                "Rätta dem först: malkoll validera."
            )
        return gather(repo, compute(repo, ar, idag, period=period))


def gather(repo: Repository, s: Status) -> Reminders:
    """The reminders of the status ``s``: one per e-mail address, in the order status
    shows the organisations (the furthest behind first)."""
    index = Index.of(repo)
    out = Reminders(repo.root, repo.installningar.kommun, s)
    by_address: dict[str, tuple[list[str], str, list[Missing]]] = {}
    for n in s.namnder:
        for o in n.organisationer:
            if not o.saknas:
                continue
            missing = _missing(o)
            for b in o.brister:
                found = index.delmal.get(b.delmal or "")
                if found is not None:
                    out.delmal[found.id] = found.namn
            org = index.org(o.organisation)
            if org is None or org.epost is None:
                out.utan_epost.append(missing)
                continue
            names, address, orgs = by_address.setdefault(org.epost.lower(), ([], org.epost, []))
            if org.chef and header_text(org.chef) not in names:
                names.append(header_text(org.chef))
            orgs.append(missing)
    for names, address, orgs in by_address.values():
        out.paminnelser.append(Reminder(" och ".join(names), address, orgs))
    return out


def _missing(o: OrgStatus) -> Missing:
    files: dict[str, list[Brist]] = {}
    for b in o.brister:
        files.setdefault(b.fil or o.fil or "", []).append(b)
    for items in files.values():
        items.sort(key=lambda b: b.rad or 0)  # stable: the unplaced stay in status's order
    return Missing(o.organisation, o.namn, files, o.klarmarkering if o.markerad_klar else None)


def named(b: Brist) -> str:
    """What is missing with the name of what it is about: `uppföljning av aktiviteten
    ”Små grupper” (sma-grupper)` for `uppföljning av aktivitet sma-grupper`."""
    if b.sak is None:
        return b.saknas
    plain, definite = SAK_ORD.get(b.sak.slag, (b.sak.slag, b.sak.slag))
    name = f"{definite} ”{one_line(b.sak.namn)}” ({b.sak.id})"
    words = f"{plain} {b.sak.id}"
    if words in b.saknas:
        return b.saknas.replace(words, name, 1)
    return f"{b.saknas}: {name}"


def one_line(text: str) -> str:
    return " ".join(text.split())


_CONTROLS = re.compile(r"[\s\u0085\u2028\u2029]+")


def header_text(text: str) -> str:
    """``text`` as it may stand in a header: on one line, without control or format
    characters (a line break in a name can never start a header of its own)."""
    spaced = _CONTROLS.sub(" ", text)
    kept = "".join(ch for ch in spaced if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return kept.strip()


def long_date(day: dt.date, weekday: bool = True) -> str:
    """`fredag 11 september 2020` (without ``weekday``: `11 september 2020`)."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def overview(r: Reminders) -> list[str]:
    """What the command says first: the period, who is reminded of which organisations,
    and the organisations without an address."""
    p = r.status.period
    due = deadline_words(p.dagar_kvar)
    head = printable(f"{p.namn} {r.status.ar}: inlämning {p.inlamning.isoformat()}, {due}.")
    if not r.paminnelser and not r.utan_epost:
        return [head, "Ingen behöver påminnas: allt som perioden kräver finns."]
    people = len(r.paminnelser)
    if not people:
        lines = [head, "Ingen att påminna: ingen av dem som saknar något har en e-postadress."]
    else:
        lines = [head, f"{people} {'person' if people == 1 else 'personer'} att påminna:"]
    for reminder in r.paminnelser:
        orgs = ", ".join(printable(m.namn) for m in reminder.organisationer)
        lines.append(f"  {shown_to(reminder)}: {orgs}")
    if r.utan_epost:
        lines.append(
            "Saknar e-post (lägg till `epost` för chefen i organisation.yaml), påminns inte:"
        )
        lines += [f"  {printable(m.namn)} ({printable(m.organisation)})" for m in r.utan_epost]
    return lines


def shown_to(reminder: Reminder) -> str:
    """`Namn <adress>` as a terminal may show it."""
    return printable(f"{reminder.namn} <{reminder.epost}>" if reminder.namn else reminder.epost)


def subject(r: Reminders) -> str:
    p = r.status.period
    return header_text(
        f"Påminnelse: {p.namn} {r.status.ar}, underlag senast {p.inlamning.isoformat()}"
    )


def body(r: Reminders, reminder: Reminder, signature: str | None = None) -> str:
    """The Swedish text of one reminder: per organisation the file to open and what to
    write there, the deadline, where to ask, and the check for those who use malkoll."""
    s = r.status
    p = s.period
    greeting = f"Hej {reminder.namn}!" if reminder.namn else "Hej!"
    many = len(reminder.organisationer) > 1
    what = "några av dina organisationer" if many else reminder.organisationer[0].namn
    if p.dagar_kvar >= 0:
        due = (
            f"Sista dag att lämna underlaget är {long_date(p.inlamning)} "
            f"({deadline_words(p.dagar_kvar)})."
        )
    else:
        due = (
            f"Sista dag att lämna underlaget var {long_date(p.inlamning)} "
            f"({deadline_words(p.dagar_kvar)}), så skriv in det så snart du kan."
        )
    lines = [
        greeting,
        "",
        f"Inför {p.namn} {s.ar} (perioden till och med {long_date(p.datum, weekday=False)}) "
        f"saknas fortfarande en del i uppföljningen för {what}. {due}",
        "",
    ]
    for missing in reminder.organisationer:
        lines += _organisation(missing, p.namn, p.id, r.delmal)
    files = [path for m in reminder.organisationer for path in m.filer if path]
    lines += [
        "Har du frågor, eller går något inte att fylla i? Svara på det här mejlet. Är allt "
        "redan på plats kan du bortse från det.",
        "",
    ]
    if files:
        lines += [
            "Använder du malkoll själv visar",
            f"  malkoll validera {' '.join(dict.fromkeys(files))}",
            "det som återstår i " + ("filerna" if len(set(files)) > 1 else "filen") + ".",
            "",
        ]
    lines += [
        "Tack för hjälpen!",
        "",
        "Vänliga hälsningar",
        signature or f"{r.kommun}",
    ]
    return "\n".join(lines) + "\n"


def _organisation(missing: Missing, period: str, key: str, delmal: dict[str, str]) -> list[str]:
    """One organisation's part of the text: the mark, then file by file what to write."""
    lines = [f"{missing.namn}:"]
    mark = missing.klarmarkering
    if mark is not None:
        who = "".join(
            [f" av {one_line(mark.av)}" if mark.av else "", f" {mark.datum}" if mark.datum else ""]
        )
        lines += [
            f"  {missing.namn} har markerat {period} som klar (klarmarkering{who}), men det "
            "som står nedan saknas fortfarande. Skriv in det, eller ändra till klar: false "
            f"under klarmarkering.{key} tills allt är på plats.",
            "",
        ]
    for path, items in missing.filer.items():
        lines.append(f"  Öppna {path} i målrepot och skriv in:" if path else "  Utan fil:")
        groups: dict[str | None, list[Brist]] = {None: []}
        for b in items:
            groups.setdefault(b.delmal, []).append(b)
        for dm, found in groups.items():
            if dm is not None:
                name = delmal.get(dm)
                lines += ["", f"  Delmål {dm} {one_line(name)}:" if name else f"  Delmål {dm}:"]
            for b in found:
                where = f", rad {b.rad}" if b.rad else ""
                lines.append(f"  – {named(b)}{where}.")
                hint = one_line(b.hur) or "Det som står där nu är felskrivet: rätta det."
                lines.append(f"    {hint}")
        lines.append("")
    return lines


def message(
    r: Reminders,
    reminder: Reminder,
    sender: Address | None,
    now: dt.datetime,
    draft: bool = False,
) -> EmailMessage:
    """The reminder as an e-mail; a ``draft`` opens in Outlook as a message to send
    (`X-Unsent`), and may lack a sender (the mail program fills it in)."""
    msg = EmailMessage()
    if sender is not None:
        msg["From"] = sender
    msg["To"] = Address(display_name=reminder.namn, addr_spec=reminder.epost)
    msg["Subject"] = subject(r)
    msg["Date"] = format_datetime(now)
    domain = sender.domain if sender is not None and sender.domain else "malkoll.invalid"
    msg["Message-ID"] = make_msgid("paminnelse", domain=domain)
    msg[MARKER] = f"{r.status.ar} {header_text(r.status.period.id)}"
    if draft:
        msg["X-Unsent"] = "1"
    signature = sender.display_name if sender is not None and sender.display_name else None
    # Quoted-printable: 7-bit on the wire, for servers without 8BITMIME too.
    msg.set_content(body(r, reminder, signature), charset="utf-8", cte="quoted-printable")
    return msg


def sender_address(text: str | None) -> Address | None:
    """``--fran``: `Namn <adress>` or an address, one of them, on one line."""
    if text is None:
        return None
    if "\n" in text or "\r" in text:
        raise BadOption("--fran får inte innehålla radbrytningar.")
    try:
        header = HeaderRegistry()("from", text)
        addresses = header.addresses  # type: ignore[attr-defined]
        defects = header.defects
    except (ValueError, IndexError, AttributeError):
        addresses, defects = (), ()
    if len(addresses) != 1 or not addresses[0].domain or defects:
        raise BadOption(
            f"--fran {text!r} är ingen e-postadress; skriv t.ex. "
            '--fran "Anna Controller <anna.controller@kommun.se>".'
        )
    found: Address = addresses[0]
    return found

"""`malkoll nytt-ar`: start a year from the one before.

What is carried over, and what is left behind:

- **Plans**: each unit's plan file, at the same path under `ÅR/plan/`, with its delmål
  (`hur_vi_arbetar`, `matt`), its verksamhetsmål without follow-up, and its activities
  that are not finished: the status of the latest follow-up is not `genomford` or
  `avbruten` (an activity never followed up is unfinished). An activity keeps its id,
  name, description, `ansvarig` and `start`; an end date (`slut`) before the new year is
  dropped, for the unit to set a new one. No `uppfoljning`, no `sammanfattning`.
- **Årshjul**: every event a year on (dates and submission dates; 29 February, or the
  last day of February, becomes the last day of February), and every year named in an
  event's text one on (`budget 2021` becomes `budget 2022`).
- **Internal control**: a plan per nämnd, wherever it sits in the organisation tree (a
  nämnd under Kommunstyrelsen too): `ÅR/internkontroll/<nämnd>.yaml`, or the name the
  nämnd's plan had, with the year before's controls without results, and without
  `antagen`: the nämnd fills it in when it has adopted the plan.
- **Uppdrag**: those not reported `genomford` or `avbruten`, without follow-up.
- **Ekonomi**: nothing; a nämnd's entry needs the year's budget, which is set later.
- **The annual report's files** (god ekonomisk hushållning, bolag, the goals' own
  follow-up, bokslut, personal): what goes on from year to year, without the year's
  figures and assessments; see `rollover_annual`. A plan's `beslut` and `klarmarkering`
  and internal control's `bedomning` are per period, and stay behind like the follow-up.

Nothing is ever overwritten: a file that exists is left as it is, and no plan is made
for an organisation that already has one for the year. The files are written together,
atomically.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from malkoll import atomic
from malkoll.errors import BadOption
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import FIRST_YEAR, LAST_YEAR, Ar, Repository
from malkoll.reading.load import load, paused_gc
from malkoll.reading.walk import find_root
from malkoll.rules.context import DONE
from malkoll.text import count
from malkoll.writers.rollover_annual import annual_files
from malkoll.writers.yamlwrite import dump

_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")


@dataclass
class Rollover:
    """What `nytt-ar` created, what it left because it existed, and what it did not make."""

    created: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def nytt_ar(start: Path, ar: int, cache: bool = True) -> Rollover:
    """Find the repository at or above ``start`` and start year ``ar`` from ``ar - 1``
    (``cache``: read unchanged files from malkoll's cache)."""
    root = find_root(start)
    with paused_gc():
        repo = load(root, cache=cache)
    files, done = plan_files(repo, ar)
    if files:
        atomic.create({root / rel: text for rel, text in files.items()}, root)
    return done


def plan_files(repo: Repository, ar: int) -> tuple[dict[str, str], Rollover]:
    """The files to create for year ``ar`` (path relative to the root: text), and the account."""
    if not FIRST_YEAR <= ar <= LAST_YEAR:
        raise BadOption(f"Året ska vara mellan {FIRST_YEAR} och {LAST_YEAR}, inte {ar}.")
    old = repo.ar.get(ar - 1)
    if old is None:
        raise BadOption(f"Året {ar - 1} finns inte i målrepot; nytt-ar {ar} utgår från året före.")
    broken = sorted(
        {x.path for x in repo.problems if x.rule.severity == "fel" and _in_year(x.path, old.ar)}
    )
    if broken:
        raise BadOption(
            f"{count(len(broken), 'fil', 'filer')} för {old.ar} har fel som gör att de inte kan "
            f"läsas helt (till exempel {broken[0]}). Rätta dem först: malkoll validera --ar "
            f"{old.ar}"
        )
    new = repo.ar.get(ar) or Ar(ar)
    done = Rollover()
    files: dict[str, str] = {}

    def offer(rel: str, text: str) -> bool:
        if os.path.lexists(repo.root / rel):  # anything there, even a broken link, stays
            done.skipped.append((rel, "filen finns"))
            return False
        files[rel] = text
        done.created.append(rel)
        return True

    has_plan = {doc.data.organisation: doc.path for doc in new.planer}
    for doc in old.planer:
        rel = f"{ar}/{doc.path.split('/', 1)[1]}"
        org = doc.data.organisation
        if org in has_plan and has_plan[org] != rel:
            done.skipped.append((rel, f"{org} har redan en plan: {has_plan[org]}"))
            continue
        offer(rel, _plan_text(repo, doc.data, ar))
    if old.arshjul is not None:
        offer(f"{ar}/arshjul.yaml", _arshjul_text(old.arshjul.data, ar))
    for rel, text in _internal_control(repo, old, new, ar, done):
        offer(rel, text)
    if old.uppdrag is not None:
        open_ones = [u for u in old.uppdrag.data.root if not _finished(repo, u.uppfoljning)]
        if open_ones:
            offer(f"{ar}/uppdrag.yaml", _uppdrag_text(open_ones, ar))
    if old.ekonomi is not None and not os.path.lexists(repo.root / f"{ar}/ekonomi.yaml"):
        done.notes.append(
            f"{ar}/ekonomi.yaml skapas inte: för in nämndernas budget för {ar} när den är beslutad."
        )
    annual_files(repo, old, new, ar, offer, done.skipped, done.notes)
    return files, done


def _in_year(path: str, year: int) -> bool:
    return path.startswith(f"{year}/")


def _finished(repo: Repository, followups: dict[str, Any]) -> bool:
    """Whether the latest follow-up with a status (in period order) is done or cancelled."""
    latest = None
    for key in repo.installningar.perioder:
        status = getattr(followups.get(key), "status", None)
        if status is not None:
            latest = status
    return latest in DONE


def _set(node: m.Node, *drop: str) -> dict[str, Any]:
    """The keys the user wrote, in the model's order, without ``drop``."""
    written = node.model_dump(exclude_unset=True, exclude_none=True)
    return {k: v for k, v in written.items() if k not in drop}


# --- plans --------------------------------------------------------------------------------


def _plan_text(repo: Repository, plan: m.Plan, ar: int) -> str:
    data: dict[str, Any] = {"organisation": plan.organisation, "ar": ar}
    entries = [_entry(repo, e, ar) for e in plan.delmal]
    if entries:
        data["delmal"] = entries
    header = (
        f"Plan {ar}, förd över från {ar - 1} av malkoll nytt-ar: delmålen, verksamhetsmålen "
        "och de aktiviteter som inte är genomförda eller avbrutna."
    )
    return dump(data, header)


def _entry(repo: Repository, entry: m.PlanDelmal, ar: int) -> dict[str, Any]:
    data = _set(entry, "aktiviteter", "verksamhetsmal", "uppfoljning")
    activities = [_activity(a, ar) for a in entry.aktiviteter if not _finished(repo, a.uppfoljning)]
    if activities:
        data["aktiviteter"] = activities
    goals = [_set(g, "uppfoljning") for g in entry.verksamhetsmal]
    if goals:
        data["verksamhetsmal"] = goals
    return data


def _activity(activity: m.Aktivitet, ar: int) -> dict[str, Any]:
    data = _set(activity, "uppfoljning")
    if activity.slut is not None and activity.slut < dt.date(ar, 1, 1):
        data.pop("slut", None)
    return data


# --- årshjul ------------------------------------------------------------------------------


def next_year(day: dt.date) -> dt.date:
    """The same day a year on; the last day of February stays the last day of February."""
    year = day.year + 1
    last = calendar.monthrange(day.year, day.month)[1]
    if day.month == 2 and day.day == last:
        return dt.date(year, 2, calendar.monthrange(year, 2)[1])
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _year_on(text: str) -> str:
    return _YEAR_IN_TEXT.sub(lambda hit: str(int(hit.group()) + 1), text)


def _arshjul_text(arshjul: m.Arshjul, ar: int) -> str:
    events = []
    for e in arshjul.root:
        data = _set(e)
        data["datum"] = next_year(e.datum)
        data["vad"] = _year_on(e.vad)
        if e.inlamning is not None:
            data["inlamning"] = next_year(e.inlamning)
        events.append(data)
    header = (
        f"Politikens årshjul {ar}, flyttat ett år framåt från {ar - 1} av malkoll nytt-ar. "
        "Se över datumen."
    )
    return dump(events, header)


# --- internal control and uppdrag ---------------------------------------------------------


def _internal_control(
    repo: Repository, old: Ar, new: Ar, ar: int, done: Rollover
) -> list[tuple[str, str]]:
    before = {doc.data.organisation: doc for doc in old.internkontroll}
    already = {doc.data.organisation: doc.path for doc in new.internkontroll}
    index = Index.of(repo)
    out = []
    for org_id in index.namnder:
        org = index.orgs[org_id]
        previous = before.get(org.id)
        name = previous.path.rsplit("/", 1)[1] if previous else f"{org.id}.yaml"
        rel = f"{ar}/internkontroll/{name}"
        if org.id in already and already[org.id] != rel:
            done.skipped.append((rel, f"{org.id} har redan en plan: {already[org.id]}"))
            continue
        controls = [_set(k, "uppfoljning") for k in previous.data.kontroller] if previous else []
        data: dict[str, Any] = {"organisation": org.id, "kontroller": controls}
        header = (
            f"Internkontrollplan {ar} för {org.namn}, förd över från {ar - 1} av malkoll "
            "nytt-ar. Se över kontrollerna och fyll i när nämnden antog planen."
        )
        text = dump(data, header)
        first = f"organisation: {org.id}\n"
        placeholder = f"# antagen: ÅÅÅÅ-MM-DD    (senast i december {ar - 1})\n"
        out.append((rel, text.replace(first, first + placeholder, 1)))
    return out


def _uppdrag_text(open_ones: list[m.Uppdrag], ar: int) -> str:
    header = (
        f"Uppdrag {ar}: de uppdrag från {ar - 1} som inte är genomförda eller avbrutna, "
        "förda över av malkoll nytt-ar. Lägg till årets nya uppdrag."
    )
    return dump([_set(u, "uppfoljning") for u in open_ones], header)

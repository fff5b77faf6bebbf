"""A period's follow-up marked done: MK311, done-marked but not complete.

A unit marks a period done in its plan (`klarmarkering: {delar2: {klar: true}}`); the
mark is a claim that the controller relies on, so it is checked against what the
completeness rules require of the organisation in that period (the requirements
`malkoll status` counts: those with a part, of the rules that are on). A mark for a
period that is not yet due is not checked (its follow-up is not expected yet); a mark for
a period that is not configured is MK205 (`references`).

The finding is an error from the day the mark is written, also within the period's grace
window: what is missing is still a warning until the submission date, but the mark says
it is not missing, and that is wrong now.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from malkoll import findings as f
from malkoll.model import positions
from malkoll.rules import assignments, economy, followup, internal_control
from malkoll.rules.context import Context, Requirement, problem
from malkoll.text import count

MK311 = f.rule(
    "MK311",
    "fel",
    "Markerad klar men inte komplett",
    "När en enhet markerar en periods uppföljning klar (`klarmarkering` i planen, "
    "`klar: true`) ska allt som perioden kräver av organisationen finnas: analyser, "
    "bedömningar, åtgärder, aktiviteternas uppföljning, verksamhetsmålens utfall och, för "
    "en nämnd, uppdrag, internkontroll och ekonomi – samma krav som `malkoll status` "
    "räknar. Saknas något är markeringen fel redan innan inlämningsdagen, eftersom "
    "controllern litar på den. En markering för en period som ännu inte har passerat "
    "kontrolleras inte.",
    wrong="klarmarkering:\n  delar2: {klar: true, av: Anna Andersson}\n"
    'delmal:\n  - delmal: "1.1"\n    uppfoljning:\n      delar2:\n'
    "        analys: {resultat: ..., orsaker: ...}",
    right="klarmarkering:\n  delar2: {klar: true, av: Anna Andersson}\n"
    'delmal:\n  - delmal: "1.1"\n    uppfoljning:\n      delar2:\n'
    "        analys: {resultat: ..., orsaker: ...}\n        bedomning: gron",
)

RULES = (MK311,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

REQUIRING = (followup, assignments, internal_control, economy)
"""The modules whose requirements make a period complete: the runner's `REQUIRING`."""

SHOWN = 3
"""How many of the missing pieces a finding names."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """MK311 for each due period a plan marks done while something it requires is missing."""
    incomplete: dict[tuple[int | None, str, str], list[str]] | None = None
    for year in ctx.years():
        dues = {d.period: d for d in ctx.timing.periods(ctx.settings, year)}
        for doc in year.planer:
            plan = doc.data
            for key, mark in plan.klarmarkering.items():
                if not mark.klar or key not in dues:
                    continue
                if incomplete is None:  # only asked for when some due period is marked
                    incomplete = missing_by_period(ctx)
                missing = [
                    *incomplete.get((year.ar, plan.organisation, key), []),
                    *incomplete.get((None, plan.organisation, key), []),
                ]
                if not missing:
                    continue
                named = ", ".join(missing[:SHOWN])
                if len(missing) > SHOWN:
                    named += f" och {len(missing) - SHOWN} till"
                yield problem(
                    MK311,
                    doc.path,
                    positions.key(mark, "klar"),
                    f"Uppföljningen är markerad klar men {count(len(missing), 'sak', 'saker')} "
                    f"saknas ({ctx.org_name(plan.organisation)}, {ctx.period_name(key)}): "
                    f"{named}.",
                    "Skriv det som saknas (`malkoll status` visar allt), eller ändra till "
                    f"`klar: false` under klarmarkering.{key} tills uppföljningen är komplett.",
                    plan.organisation,
                    period=key,
                )


def missing_by_period(ctx: Context) -> dict[tuple[int | None, str, str], list[str]]:
    """What is missing, by year, organisation and period: the unmet requirements that
    `status` counts (with a part), of the rules `regler:` leaves on."""
    overrides = ctx.settings.regler
    out: dict[tuple[int | None, str, str], list[str]] = {}
    for module in REQUIRING:
        for req in ctx.asked(module.__name__, partial(module.requirements, ctx)):
            if req.met or req.part is None or req.period is None or req.organisation is None:
                continue
            if not f.selected(req.rule, overrides):
                continue
            key = (_year(req), req.organisation, req.period)
            out.setdefault(key, []).append(req.missing)
    return out


def _year(req: Requirement) -> int | None:
    """The year a requirement is about: its problem's year folder (every file a period's
    follow-up is written in lies in one). None when it has no problem (a value cut away as
    wrong, MK105): then it counts for every year, which errs towards a finding."""
    if req.problem is None:
        return None
    head = req.problem.path.split("/", 1)[0]
    return int(head) if head.isdigit() else None

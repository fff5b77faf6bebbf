"""Uppdrag: MK503 and MK504, assignments followed up until they are done.

What a period asks of each uppdrag is yielded as `Requirement`s, met or not: `check`
reports the unmet, `malkoll status` counts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.timing import Due
from malkoll.rules.context import (
    DONE,
    Context,
    Requirement,
    blank,
    done_before,
    met,
    problem,
    unmet,
    where_period,
    wrong,
)

MK503 = f.rule(
    "MK503",
    "fel",
    "Uppdraget är inte uppföljt",
    "Ett uppdrag följs upp i varje period som har passerat, tills en period har rapporterat "
    "det genomfört eller avbrutet.",
    wrong="uppfoljning:\n  delar1: {status: pagar, kommentar: Förstudie pågår.}",
    right="uppfoljning:\n  delar1: {status: pagar, kommentar: Förstudie pågår.}\n"
    "  delar2: {status: pagar, kommentar: Förstudien klar; beslut i oktober.}",
)
MK504 = f.rule(
    "MK504",
    "fel",
    "Uppdraget är försenat utan kommentar",
    "Ett uppdrag vars `klart`-datum har passerat vid periodens datum och som inte är "
    "genomfört eller avbrutet ska ha en kommentar som förklarar förseningen.",
    wrong="klart: 2020-06-30\nuppfoljning:\n  delar2: {status: pagar}",
    right="klart: 2020-06-30\nuppfoljning:\n  delar2: {status: forsenad, kommentar: "
    "Remissvaren kom sent; redovisas i november.}",
)

RULES = (MK503, MK504)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def requirements(ctx: Context) -> Iterator[Requirement]:
    """What each due period asks of the uppdrag not yet reported done or cancelled."""
    for year in ctx.years():
        if year.uppdrag is None:
            continue
        for u in year.uppdrag.data.root:
            for due in ctx.timing.periods(ctx.settings, year):
                if not done_before(ctx.settings, u.uppfoljning, due.period):
                    yield from _followed_up(ctx, year.uppdrag.path, u, due)


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK503 and MK504 finding of the years being checked."""
    for req in ctx.asked(__name__, partial(requirements, ctx)):
        if req.problem is not None:
            yield req.problem


def _followed_up(ctx: Context, path: str, u: m.Uppdrag, due: Due) -> Iterator[Requirement]:
    """MK503: a follow-up for the period; MK504: a comment when it is late."""
    key, org, item = due.period, u.organisation, id(u)
    fu = u.uppfoljning.get(key)
    about = f"({ctx.org_name(org)}, uppdrag {u.id}, {ctx.period_name(key)})"
    if fu is None or fu.status is None:
        found = problem(
            MK503,
            path,
            where_period(u, "uppfoljning", key),
            f"Uppdraget {u.namn!r} är inte uppföljt {about}.",
            f"Ange status och kommentar under uppfoljning.{key}.",
            org,
            due,
        )
        cut = wrong(u.uppfoljning, key, fu, "status")
        yield unmet("uppdrag", item, f"uppföljning av uppdrag {u.id}", found, not cut)
        return
    if ctx.counting:
        yield met(MK503, org, due, "uppdrag", item)
    if u.klart is None or u.klart >= due.date or fu.status in DONE:
        return
    if not blank(fu.kommentar):
        if ctx.counting:
            yield met(MK504, org, due, "uppdrag", item)
        return
    found = problem(
        MK504,
        path,
        positions.key(fu, "status"),
        f"Uppdraget skulle vara klart {u.klart} men är inte genomfört och saknar "
        f"kommentar {about}.",
        "Förklara förseningen under kommentar och när uppdraget blir klart.",
        org,
        due,
    )
    yield unmet("uppdrag", item, f"kommentar till uppdrag {u.id} (klart {u.klart})", found)

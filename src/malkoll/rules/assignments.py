"""Uppdrag: MK503 and MK504, assignments followed up until they are done."""

from __future__ import annotations

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.timing import Due
from malkoll.rules.context import DONE, Context, blank, done_before, where_period, wrong

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


def check(ctx: Context) -> None:
    """Every MK503 and MK504 finding of the years being checked."""
    for year in ctx.years():
        if year.uppdrag is None:
            continue
        for u in year.uppdrag.data.root:
            for due in ctx.timing.periods(ctx.settings, year):
                if not done_before(ctx.settings, u.uppfoljning, due.period):
                    _followed_up(ctx, year.uppdrag.path, u, due)


def _followed_up(ctx: Context, path: str, u: m.Uppdrag, due: Due) -> None:
    """MK503: a follow-up for the period; MK504: a comment when it is late."""
    key = due.period
    fu = u.uppfoljning.get(key)
    about = f"({ctx.org_name(u.organisation)}, uppdrag {u.id}, {ctx.period_name(key)})"
    if fu is None or fu.status is None:
        if wrong(u.uppfoljning, key, fu, "status"):
            return
        ctx.add(
            MK503,
            path,
            where_period(u, "uppfoljning", key),
            f"Uppdraget {u.namn!r} är inte uppföljt {about}.",
            f"Ange status och kommentar under uppfoljning.{key}.",
            u.organisation,
            due,
        )
    elif (
        u.klart is not None and u.klart < due.date and fu.status not in DONE and blank(fu.kommentar)
    ):
        ctx.add(
            MK504,
            path,
            positions.key(fu, "status"),
            f"Uppdraget skulle vara klart {u.klart} men är inte genomfört och saknar "
            f"kommentar {about}.",
            "Förklara förseningen under kommentar och när uppdraget blir klart.",
            u.organisation,
            due,
        )

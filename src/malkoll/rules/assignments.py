"""Uppdrag: MK503 and MK504, assignments followed up until they are done."""

from __future__ import annotations

from .. import findings as f
from .. import positions
from .context import DONE, Context, blank, where_period

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
        path = year.uppdrag.path
        for u in year.uppdrag.data.root:
            done = False
            for key in ctx.settings.perioder:
                fu = u.uppfoljning.get(key)
                due = ctx.timing.due(ctx.settings, year, key)
                about = f"({ctx.org_name(u.organisation)}, uppdrag {u.id}, {ctx.period_name(key)})"
                if due is not None and not done:
                    if fu is None or fu.status is None:
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
                        u.klart is not None
                        and u.klart < due.date
                        and fu.status not in DONE
                        and blank(fu.kommentar)
                    ):
                        ctx.add(
                            MK504,
                            path,
                            positions.key(fu, "status"),
                            f"Uppdraget skulle vara klart {u.klart} men är inte genomfört och "
                            f"saknar kommentar {about}.",
                            "Förklara förseningen under kommentar och när uppdraget blir klart.",
                            u.organisation,
                            due,
                        )
                if fu is not None and fu.status in DONE:
                    done = True

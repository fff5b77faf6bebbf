"""A financial goal malkoll computes: MK516.

A goal of `hushallning.yaml` with `matt` (`model.financial_goals`) is computed from the
result line of ekonomi.yaml and bokslut.yaml; a value a person wrote under `utfall` or
`prognos` for a period must be that one, within a twentieth of a percentage point (a
value rounded to one decimal agrees). After `malkoll ekonomi importera` rewrites the
figures, a written outcome is easily left as it was: the report would show it, not the
one the figures give.

Not tied to a period's deadline: a written value that disagrees is wrong whenever it is
written. A period whose figures are not all there is not judged (MK608 and MK610 say what
the result line lacks); neither is a koncern's goal, which malkoll does not compute.
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import positions
from malkoll.model.annual import FinansielltMal
from malkoll.model.bokslut_calc import Resultat, result_line
from malkoll.model.financial_goals import MATT, Figure, agrees, measure
from malkoll.model.repository import Ar
from malkoll.rules.annual_shared import bolag_ids
from malkoll.rules.context import Context, problem
from malkoll.text import tal

MK516 = f.rule(
    "MK516",
    "varning",
    "Det finansiella målets utfall stämmer inte med bokslutet",
    "Ett finansiellt mål med `matt` (resultatandel, nettokostnadsandel, "
    "nettokostnadsandel_finansnetto) räknar malkoll fram ur ekonomi.yaml och raderna i "
    "bokslut.yaml, i procent av skatteintäkter och generella statsbidrag. Ett skrivet "
    "`utfall` eller `prognos` för en period ska vara det framräknade värdet; det får skilja "
    "högst 0,05 procentenheter, så ett värde avrundat till en decimal stämmer. Efter en ny "
    "import ur ekonomisystemet är det lätt att glömma att ändra ett skrivet värde, och "
    "rapporten skulle visa det. Ta bort det skrivna värdet så räknar malkoll fram det. "
    "Soliditet och självfinansieringsgrad kräver balansräkning och kassaflöde, som malkoll "
    "inte har: de skrivs för hand. `matt` på ett mål för koncernen (`niva: koncern`) är "
    "också en varning: koncernens siffror räknas inte fram.",
    wrong="- id: resultat\n  matt: resultatandel\n  malvarde: 2\n"
    "  utfall: {helar: 3.9}     # men resultatet är 4,6 % av skatter och statsbidrag",
    right="- id: resultat\n  matt: resultatandel\n  malvarde: 2\n  utfall: {helar: 4.6}",
)

RULES = (MK516,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

WHAT = {"utfall": "utfallet", "prognos": "prognosen för helåret"}


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK516 finding of the years being checked."""
    for year in ctx.years():
        doc = year.hushallning
        if doc is None:
            continue
        lines: dict[str, Resultat] = {}
        for goal in doc.data.finansiella_mal:
            if goal.matt is not None and goal.niva != "kommun":
                yield problem(
                    MK516,
                    doc.path,
                    positions.key(goal, "matt"),
                    f"Det finansiella målet {goal.id!r} har `matt: {goal.matt}`, men malkoll "
                    "räknar bara fram kommunens mål: koncernens siffror finns inte i "
                    "ekonomi.yaml och bokslut.yaml.",
                    "Ta bort `matt` och skriv koncernens utfall under `utfall`, eller ändra "
                    "till `niva: kommun` om målet gäller kommunen.",
                )
            if goal.matt is None or goal.niva != "kommun":
                continue
            for figure in ("utfall", "prognos"):
                yield from _figure(ctx, year, doc.path, goal, figure, lines)


def computed(ctx: Context, year: Ar, goal: FinansielltMal, period: str) -> float | None:
    """The outcome of ``goal`` for ``period`` that malkoll computes (its `matt`, for the
    municipality); None when it has none or lacks figures. MK602 asks no written outcome
    of a goal that has it."""
    if goal.matt is None or goal.niva != "kommun":
        return None
    eco, fin = year.ekonomi, year.bokslut
    line = result_line(eco.data if eco else None, fin.data if fin else None, period, bolag_ids(ctx))
    return measure(goal.matt, line, "utfall").varde


def _figure(
    ctx: Context,
    year: Ar,
    path: str,
    goal: FinansielltMal,
    figure: Figure,
    lines: dict[str, Resultat],
) -> Iterator[f.Problem]:
    """MK516 for each period of the goal's ``figure`` that disagrees with the computed."""
    assert goal.matt is not None
    written = goal.utfall if figure == "utfall" else goal.prognos
    for period, value in written.items():
        if period not in lines:
            eco, fin = year.ekonomi, year.bokslut
            lines[period] = result_line(
                eco.data if eco else None, fin.data if fin else None, period, bolag_ids(ctx)
            )
        computed = measure(goal.matt, lines[period], figure).varde
        if computed is None or agrees(value, computed):
            continue
        yield problem(
            MK516,
            path,
            positions.key(written, period),
            f"Det finansiella målet {goal.id!r} säger att {WHAT[figure]} är "
            f"{tal(value)} %, men malkoll räknar fram {tal(computed, 2)} % "
            f"({ctx.period_name(period)}: {MATT[goal.matt]}).",
            f"Skriv {computed:.1f} under {figure}.{period}, eller ta bort det "
            "skrivna värdet så räknar malkoll fram det. Är det framräknade fel: rätta "
            "siffrorna i ekonomi.yaml och bokslut.yaml.",
            period=period,
        )

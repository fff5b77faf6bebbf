"""Vägen till 2030 under a delmål (in template block `malsattningar`, templates
`_vagen2030.*`): per indicator of the delmål in mal/ with a target, the latest outcome,
the target, the pace needed and the pace of the last three years, the year the target is
reached at today's pace and the step the figures suggest; the delmål's suggestion beside
the people's summarised assessment.

The figures are `model.pace`'s, the same that rule MK405 judges (the rule looks at a
plan entry's indicators, a unit's own `matt` too; the report at the delmål's in mal/).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from malkoll.model.files import IndikatorVarden
from malkoll.model.pace import INGA_DATA, NATT, Takt, pace, scale_step, suggestion
from malkoll.report.model import Malvy, Steg, Vagenrad, Vagenvy
from malkoll.report.view.source import Source
from malkoll.report.wording import decimals_of

STEPS_IN_WORDS = {1: "ett steg", 2: "två steg", 3: "tre steg", 4: "fyra steg"}
FAR_AFTER = 50
"""A year reached more than this many years after the target year is written `långt
efter` the target year, not as a year."""


def road(
    src: Source, indicators: Sequence[str], scale: dict[str, Steg], assessed: Steg | None
) -> Vagenvy | None:
    """The delmål's way to 2030 from ``indicators`` (its ids in mal/) in the report's year,
    beside its summarised assessment ``assessed``; None when none of them has a target."""
    steps = list(scale.values())
    if not steps:
        return None
    rows: list[Vagenrad] = []
    paces: list[Takt] = []
    for ind in dict.fromkeys(indicators):
        defined = src.index.indicator_defs.get(ind)
        if defined is None:
            continue
        values = src.index.values.get(ind)
        found = pace(defined.data, values, src.year.ar)
        if found is None:
            continue
        paces.append(found)
        rows.append(row(found, defined.data.namn, steps, values))
    if not rows:
        return None
    paced = max(r.takt_decimaler for r in rows)
    for r in rows:  # one table, one number of decimals for the paces
        r.takt_decimaler = paced
    category = suggestion(paces)
    suggested = steps[scale_step(category, len(steps))] if category is not None else None
    return Vagenvy(
        rows,
        suggested,
        assessed,
        difference(assessed, suggested),
        explanation(steps),
    )


def row(p: Takt, name: str, steps: list[Steg], values: IndikatorVarden | None = None) -> Vagenrad:
    """One indicator's row: its figures, and how the report writes them: the latest
    outcome and the target with the decimals they need, the paces with one more than
    the indicator's own figures need (its outcomes and target, at most two: three for
    the paces); the needed pace only while the target is not met."""
    shown = decimals_of((p.senaste, p.malvarde, p.fran), most=2)
    own = decimals_of((p.malvarde, *_figures(values)), most=2)
    return Vagenrad(
        p.indikator,
        name,
        p.senaste,
        p.senaste_ar,
        p.malvarde,
        p.malar,
        p.behovd_takt if p.skal != NATT else None,
        p.takt,
        p.nas_ar,
        steps[scale_step(p.kategori, len(steps))],
        reason(p),
        reached(p),
        decimaler=shown,
        takt_decimaler=min(own + 1, 3),
    )


def _figures(values: IndikatorVarden | None) -> Iterable[float | None]:
    """Every figure of the indicator's outcomes (T, K, M of each year)."""
    for u in (values.utfall if values is not None else {}).values():
        yield from (u.T, u.K, u.M)


def reason(p: Takt) -> str:
    """Why the indicator's step: the reason, and for no data which kind."""
    if p.skal != INGA_DATA:
        return p.skal
    return f"{INGA_DATA} (för få år)" if p.for_fa_ar else f"{INGA_DATA} (inget utfall)"


def reached(p: Takt) -> str:
    """The year the target is reached at today's pace, as the table writes it."""
    if p.senaste is None:
        return "–"
    if p.skal == NATT:
        return f"nått {p.senaste_ar}"
    if p.nas_ar is None:
        return "inte i dagens takt"
    if p.nas_ar > p.malar + FAR_AFTER:
        return f"långt efter {p.malar}"
    return str(p.nas_ar)


def difference(assessed: Steg | None, suggested: Steg | None) -> str | None:
    """A sentence when the summarised assessment and the suggestion differ."""
    if assessed is None or suggested is None or assessed.rank == suggested.rank:
        return None
    apart = abs(assessed.rank - suggested.rank)
    words = STEPS_IN_WORDS.get(apart, f"{apart} steg")
    way = "bättre" if assessed.rank < suggested.rank else "sämre"
    return (
        f"Den sammanvägda bedömningen ({assessed.namn}) är {words} {way} än förslaget från "
        f"indikatorernas takt ({suggested.namn})."
    )


def explanation(steps: list[Steg]) -> str:
    """How the suggestion is computed, in one sentence that names the scale's steps."""
    n = len(steps)
    best, slow, worst = (steps[scale_step(c, n)].namn for c in (0, 1, 2))
    return (
        "Förslaget jämför takten de senaste tre åren (från det tidigaste utfallet i det "
        "senaste utfallets år och de tre åren före, minst tre utfall) med den takt som "
        f"behövs för att nå målvärdet till målåret: nått eller i takt ger {best}, rätt "
        f"håll men för långsamt {slow}, fel håll, passerat målår eller för lite data "
        f"{worst}, och delmålets förslag är medianen av indikatorerna med data (vid jämnt "
        "antal den sämre av de två mittersta, som i den sammanvägda bedömningen)."
    )


def mark_first(goals: Iterable[Malvy]) -> None:
    """Say on the first delmål of a report with a Vägen till 2030 table that it shows how
    the suggestion is computed (`Vagenvy.forklaring_forst`): the paragraph once a report."""
    for goal in goals:
        for dm in goal.delmal:
            if dm.vagen is not None:
                dm.vagen.forklaring_forst = True
                return

"""The municipality's result line and the balanskravsutredning as the report shows them,
and the verdicts the förvaltningsberättelse writes (met or not, god ekonomisk hushållning
uppfylld, delvis, ej uppfylld) as steps of the scale.

The figures are computed once, in `model.bokslut_calc`, for the rules and the report
alike; this module only picks the columns a report shows (budget, outcome and deviation
at the year's end; in an interim report the forecast) and words what is missing.
"""

from __future__ import annotations

from malkoll.model import bokslut_calc as calc
from malkoll.model.annual import GEH_STEG, Balanskrav
from malkoll.model.annual import reaches as reaches
from malkoll.report.annual_model import (
    Balanskravsrad,
    Balanskravsvy,
    Resultatrad,
    Resultatvy,
    Steg,
)
from malkoll.report.view.source import Source

MET, NOT_MET = "uppfyllt", "ej_uppfyllt"
"""The ids of a verdict's steps (in the neuter of `målet`: `Uppfyllt`, `Ej uppfyllt`)."""
_WORDS = ("Uppfyllt", "Ej uppfyllt")
RESULT_NAME = "Årets resultat"
BALANCE_WORDS = {
    False: ("Balanskravet är uppfyllt", "Balanskravet är inte uppfyllt"),
    True: ("Balanskravet väntas uppfyllas", "Balanskravet väntas inte uppfyllas"),
}
"""The balanskrav's verdict at the year's end, and forecast in an interim report."""


# --- verdicts ---------------------------------------------------------------------------


def verdict(
    met: bool | None, scale: dict[str, Steg], words: tuple[str, str] | None = None
) -> Steg | None:
    """Met or not as a step: the scale's best step's colour and symbol for met, its worst
    one's for not met, with the words `Uppfyllt`/`Ej uppfyllt` (or ``words``: met, not)."""
    if met is None or not scale:
        return None
    steps = list(scale.values())
    like = steps[0] if met else steps[-1]
    name = (words or _WORDS)[0 if met else 1]
    return Steg(MET if met else NOT_MET, name, name, like.symbol, like.farg, like.rank)


def geh_step(key: str | None, scale: dict[str, Steg]) -> Steg | None:
    """An overall assessment of god ekonomisk hushållning (`uppfylld`, `delvis`,
    `ej_uppfylld`) as a step: the scale's best, middle and worst step's colour and
    symbol, with the assessment's own words."""
    if key is None or key not in GEH_STEG or not scale:
        return None
    steps = list(scale.values())
    rank = list(GEH_STEG).index(key)
    like = steps[0] if rank == 0 else steps[-1] if rank == 2 else steps[len(steps) // 2]
    return Steg(key, GEH_STEG[key], GEH_STEG[key], like.symbol, like.farg, rank)


# --- the result line ----------------------------------------------------------------------


def result_line(src: Source) -> calc.Resultat:
    """The municipality's result line for the report's period (`bokslut_calc`): the
    nämnder of ekonomi.yaml, the bolag left out, and the lines of bokslut.yaml."""
    eco, fin = src.year.ekonomi, src.year.bokslut
    bolag = [o for o in src.index.orgs if src.typ(o) == "bolag"]
    return calc.result_line(eco.data if eco else None, fin.data if fin else None, src.period, bolag)


def is_interim(src: Source) -> bool:
    return src.period != next(reversed(src.settings.perioder))


def result_view(src: Source, line: calc.Resultat) -> Resultatvy | None:
    """The result line as the report shows it; None without ekonomi.yaml. At the year's end
    budget, outcome and deviation; in an interim report the outcome so far and the
    forecast deviation for the year (an outcome to date against the year's budget is no
    deviation)."""
    if src.year.ekonomi is None:
        return None
    interim = is_interim(src)
    rows = [_row(r, interim) for r in line.rader]
    total = Resultatrad(
        "resultat",
        RESULT_NAME,
        line.budget,
        line.utfall,
        None if interim else line.avvikelse,
        line.prognos if interim else None,
        summa=True,
        helar=line.prognos_resultat if interim else None,
    )
    parts = [r.prognos if interim else r.avvikelse for r in rows]
    whole = total.prognos if interim else total.avvikelse
    lines = parts[1:]
    present = [p for p in lines if p is not None]
    lines_sum = sum(present) if len(present) == len(lines) else None
    holds = whole is not None and None not in parts
    holds = holds and abs(sum(p for p in parts if p is not None) - (whole or 0)) < 0.5
    return Resultatvy(
        src.settings.ekonomi.enhet,
        interim,
        rows,
        total,
        line.prognos_resultat if interim else None,
        holds,
        poster_avvikelse=lines_sum if lines else None,
        saknas=_lacking(line, interim),
    )


def _row(row: calc.Resultatrad, interim: bool) -> Resultatrad:
    """A line as the report shows it; in an interim report with its forecast for the
    full year (budget + forecast deviation)."""
    return Resultatrad(
        row.id,
        row.namn,
        row.budget,
        row.utfall,
        None if interim else row.avvikelse,
        row.prognos if interim else None,
        helar=full_year(row.budget, row.prognos) if interim else None,
    )


def full_year(budget: float | None, deviation: float | None) -> float | None:
    """The forecast for the full year: the budget plus the forecast deviation (signed
    as in the resultaträkning, so a positive deviation raises the line)."""
    return None if budget is None or deviation is None else budget + deviation


_FIGURE_NAMES = {"budget": "budget", "utfall": "utfall", "prognos": "prognos"}


def _lacking(line: calc.Resultat, interim: bool) -> list[str]:
    """What keeps the result or its forecast from being computed, in Swedish."""
    wanted = ("budget", "prognos") if interim else ("budget", "utfall")
    out = []
    for what in wanted:
        missing = line.saknas.get(what)
        if missing:
            out.append(f"{_FIGURE_NAMES[what].capitalize()} saknas för: {', '.join(missing)}.")
    return out


# --- the balanskravsutredning ----------------------------------------------------------------


def balance_view(src: Source, line: calc.Resultat, scale: dict[str, Steg]) -> Balanskravsvy:
    """The balanskravsutredning on the year's result (in an interim report on its
    forecast), or why it cannot be made."""
    interim = is_interim(src)
    fin = src.year.bokslut
    model = fin.data.balanskrav if fin else None
    base = line.prognos_resultat if interim else line.utfall
    empty = Balanskravsvy(interim, [], None, None, [], None, None, None, None)
    if fin is None:
        empty.saknas = f"Balanskravsutredningen kan inte göras: {src.year.ar}/bokslut.yaml saknas."
        return empty
    if not fin.data.poster:
        empty.saknas = (
            "Balanskravsutredningen kan inte göras: bokslut.yaml har inga resultatrader "
            "(poster), så årets resultat kan inte räknas fram."
        )
        return empty
    if base is None:
        what = "prognosen för årets resultat" if interim else "årets resultat"
        empty.saknas = f"Balanskravsutredningen kan inte göras: {what} kan inte räknas fram."
        return empty
    b = calc.balanskrav(base, model or Balanskrav())
    result_text = "Årets resultat enligt prognosen" if interim else "Årets resultat"
    rows = [
        Balanskravsrad(result_text, b.arets_resultat),
        *(Balanskravsrad(r.text, r.belopp) for r in b.justeringar),
        Balanskravsrad("Årets resultat efter balanskravsjusteringar", b.efter_justeringar, True),
        *(Balanskravsrad(r.text, r.belopp) for r in b.reserv),
        Balanskravsrad("Årets balanskravsresultat", b.balanskravsresultat, True),
    ]
    return Balanskravsvy(
        interim,
        rows,
        b.balanskravsresultat,
        verdict(b.uppfyllt, scale, BALANCE_WORDS[interim]),
        sorted((model.underskott if model else {}).items()),
        b.kvar,
        model.atgardsplan if model else None,
        model.resultatutjamningsreserv if model else None,
        None,
        aterstallt=b.aterstallt,
        utan_justeringar=model is None,
    )

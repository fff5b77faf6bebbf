"""How well the year's economic forecasts held (prognossäkerhet), per nämnd in ekonomi.yaml.

A forecast (`prognos`) is the forecast of the year's deviation from the year's budget,
positive better than budget, as the outcome's deviation is (`deviation_of`: budget −
outcome). The points of the year that carry one (the months of `prognoser` and the
periods) are ordered by date up to the report's period (`forecast_points`, which the
report's economy table uses too).

Each forecast is compared with what it forecast: in the year's last period the outcome's
deviation (budget − utfall); in an interim report, or while the year's outcome is
missing, the latest forecast. Its difference (forecast − reference, positive when the
forecast was the brighter) is given in the unit and in per cent of the budget.

The verdict, one line, with `ekonomi.avvikelse_procent` (standard 1 %) as the limit of
"within":

- every forecast within the limit: `Prognoserna låg inom 1 % av budgeten hela året.`
  (in an interim: `Årets prognoser har hittills skilt sig högst 1 % av budgeten från
  den senaste.`);
- else, when the forecasts from some point on were all within it: `Prognoserna från
  april och framåt låg inom 1 % av budgeten.` (`Först prognosen i delårsrapport 2 låg
  inom 1 % av budgeten.` when only the last one was; `3 av 4 prognoser låg inom 1 % av
  budgeten.` when the ones within are not only the last ones; in an interim `Sedan april har
  prognoserna skilt sig högst 1 % av budgeten från den senaste.`), followed by the
  largest miss;
- the largest miss (the first of the largest): in the year's last period how it under- or
  overestimated the surplus or deficit, `Februariprognosen underskattade underskottet med
  3 200 tkr (2,1 % av budgeten).`; in an interim how the forecast has moved since then,
  `Prognosen har försämrats med 9 500 tkr (1,2 % av budgeten) sedan februariprognosen.`
- a single forecast in an interim has nothing to be compared with, and says so.

A budget of 0 has no per cent: the differences are then judged in the unit alone and
shown without a share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.timing import period_date
from malkoll.model.types import MANADSNAMN
from malkoll.text import belopp, procent, tal


@dataclass
class Prognospunkt:
    """One forecast of the year's deviation and its difference from the reference."""

    nyckel: str
    """The month (`feb`) or period (`delar1`) it was made at."""
    namn: str
    """`Februari`, or the period's name (`Delårsrapport 1`)."""
    prognos: float
    skillnad: float | None
    """Forecast − reference (the outcome's deviation, or the latest forecast)."""
    skillnad_procent: float | None
    """The difference as a share of the budget (0.021); None for a budget of 0."""
    inom: bool
    """Whether the difference is within `ekonomi.avvikelse_procent` of the budget."""
    manad: int
    """The month of the point's date (1–12), for the chart."""


@dataclass
class Prognossakerhet:
    """One nämnd's forecasts through the year against what they forecast."""

    organisation: str
    namn: str
    budget: float
    punkter: list[Prognospunkt]
    utfall: float | None
    """The outcome's deviation at the year's end (budget − utfall), in the year's last
    period when the outcome is there; None otherwise."""
    jamfort_med: float | None
    """What each forecast is compared with: the outcome's deviation, else the latest
    forecast."""
    mot_utfall: bool
    """Whether the reference is the outcome (the year's last period) or the latest
    forecast."""
    storsta: Prognospunkt | None
    """The largest miss (the first of the largest); None when no forecast missed."""
    omdome: str
    """The verdict in one line."""


def deviation_of(budget: float | None, outcome: float | None) -> tuple[float | None, float | None]:
    """Budget less outcome, in the unit and as a share of the budget (positive is better)."""
    if budget is None or outcome is None:
        return None, None
    deviation = budget - outcome
    return deviation, (deviation / budget if budget else None)


def forecast_points(
    settings: m.Installningar, year: int, period: str, eco: m.Ekonomi | None
) -> list[str]:
    """The points of the year that carry a forecast, in date order, up to the period."""
    until = period_date(settings, year, period)
    keys = [*settings.prognoser, *settings.perioder]
    dated = {k: period_date(settings, year, k) for k in keys}
    used = {
        k
        for n in (eco.namnder if eco else [])
        for k, v in n.perioder.items()
        if v.prognos is not None
    }
    due = {k: d for k in dict.fromkeys(keys) if (d := dated[k]) and until and d <= until}
    return sorted((k for k in due if k in used), key=lambda k: due[k])


def forecasts(
    repo: Repository, year: int, period: str, namnd: str | None = None
) -> list[Prognossakerhet]:
    """Each nämnd's forecasts of ``year`` up to ``period`` (one nämnd's with ``namnd``: the
    rows of the organisations it answers for), in the order of ekonomi.yaml; a nämnd
    without a forecast is left out."""
    ar = repo.ar.get(year)
    eco = ar.ekonomi.data if ar is not None and ar.ekonomi is not None else None
    if eco is None or period not in repo.installningar.perioder:
        return []
    index = Index.of(repo)
    settings = repo.installningar
    points = forecast_points(settings, year, period, eco)
    last = period == next(reversed(settings.perioder))
    out = []
    for n in eco.namnder:
        if namnd is not None and (index.namnd_of(n.organisation) or n.organisation) != namnd:
            continue
        found = accuracy(settings, year, n, points, last, index.name(n.organisation))
        if found is not None:
            out.append(found)
    return out


def accuracy(
    settings: m.Installningar,
    year: int,
    n: m.EkonomiNamnd,
    points: list[str],
    last: bool,
    name: str,
) -> Prognossakerhet | None:
    """One nämnd's forecasts at ``points`` against the outcome (``last``: the year's last
    period) or the latest forecast; None without a forecast."""
    made = [
        (k, v)
        for k in points
        if (f := n.perioder.get(k)) is not None and (v := f.prognos) is not None
    ]
    if not made:
        return None
    end = n.perioder.get(next(reversed(settings.perioder)))
    outcome = deviation_of(n.budget, end.utfall if end else None)[0] if last else None
    if outcome is not None and not math.isfinite(outcome):
        outcome = None
    reference = outcome if outcome is not None else made[-1][1]
    limit = settings.ekonomi.avvikelse_procent / 100
    rows = []
    for k, value in made:
        diff = value - reference
        share = diff / n.budget if n.budget else None
        share = share if share is not None and math.isfinite(share) else None
        within = abs(share) <= limit if share is not None else diff == 0
        month = date.month if (date := period_date(settings, year, k)) else 12
        rows.append(Prognospunkt(k, point_name(settings, k), value, diff, share, within, month))
    misses = [r for r in rows if r.skillnad]
    biggest = max(misses, key=lambda r: abs(r.skillnad or 0), default=None)
    found = Prognossakerhet(
        n.organisation, name, n.budget, rows, outcome, reference, outcome is not None, biggest, ""
    )
    found.omdome = verdict(found, settings)
    return found


def point_name(settings: m.Installningar, key: str) -> str:
    """`Februari` for a month, the period's name for a period (`Delårsrapport 1`)."""
    period = settings.perioder.get(key)
    if period is not None:
        return period.namn
    return MANADSNAMN[m.MANADER.index(key)].capitalize() if key in m.MANADER else key


def verdict(found: Prognossakerhet, settings: m.Installningar) -> str:
    """The one-line verdict (see the module's description)."""
    limit = tal(settings.ekonomi.avvikelse_procent)
    unit = settings.ekonomi.enhet
    rows = found.punkter
    if not found.mot_utfall and len(rows) < 2:
        return "Bara en prognos hittills: inget att jämföra den med ännu."
    if all(r.inom for r in rows):
        if found.mot_utfall:
            return f"Prognoserna låg inom {limit} % av budgeten hela året."
        return (
            f"Årets prognoser har hittills skilt sig högst {limit} % av budgeten från den senaste."
        )
    start = next(i for i in range(len(rows) + 1) if all(r.inom for r in rows[i:]))
    opening = ""
    when = _mid(rows[start].namn) if start < len(rows) else ""
    within = sum(r.inom for r in rows)
    if found.mot_utfall and within and (start == len(rows) or any(r.inom for r in rows[:start])):
        opening = f"{within} av {len(rows)} prognoser låg inom {limit} % av budgeten. "
    elif found.mot_utfall and start == len(rows) - 1:
        word = _forecast_word(rows[start], False, settings)
        opening = f"Först {word} låg inom {limit} % av budgeten. "
    elif found.mot_utfall and start < len(rows):
        opening = f"Prognoserna från {when} och framåt låg inom {limit} % av budgeten. "
    elif start < len(rows) - 1:
        opening = (
            f"Sedan {when} har prognoserna skilt sig högst {limit} % av budgeten från den senaste. "
        )
    miss = found.storsta
    assert miss is not None  # some forecast is not within, so it missed
    assert miss.skillnad is not None
    size = belopp(abs(miss.skillnad), unit)
    share = f" ({procent(abs(miss.skillnad_procent))} av budgeten)" if miss.skillnad_procent else ""
    if not found.mot_utfall:
        way = "förbättrats" if miss.skillnad < 0 else "försämrats"
        return (
            f"{opening}Prognosen har {way} med {size}{share} sedan "
            f"{_forecast_word(miss, False, settings)}."
        )
    outcome = found.utfall or 0.0
    who = _forecast_word(miss, True, settings)
    if outcome == 0 or ((miss.prognos > 0) != (outcome > 0) and miss.prognos != 0):
        return (
            f"{opening}{who} ({belopp(miss.prognos, unit)}) låg {size}{share} "
            f"{'över' if miss.skillnad > 0 else 'under'} utfallet ({belopp(outcome, unit)})."
        )
    what = "underskottet" if outcome < 0 else "överskottet"
    # a deficit is underestimated by a brighter forecast, a surplus by a darker one
    under = miss.skillnad > 0 if outcome < 0 else miss.skillnad < 0
    return (
        f"{opening}{who} {'underskattade' if under else 'överskattade'} {what} med {size}{share}."
    )


def _mid(name: str) -> str:
    """A point's name inside a sentence: `april`, `delårsrapport 1`."""
    return name[:1].lower() + name[1:]


def _forecast_word(point: Prognospunkt, start: bool, settings: m.Installningar) -> str:
    """`Februariprognosen`, or for a period `prognosen i delårsrapport 1`."""
    if point.nyckel in m.MANADER and point.nyckel not in settings.perioder:
        word = f"{_mid(point.namn)}prognosen"
    else:
        word = f"prognosen i {_mid(point.namn)}"
    return word[:1].upper() + word[1:] if start else word

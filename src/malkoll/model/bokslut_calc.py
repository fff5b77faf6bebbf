"""The municipality's result line and its balanskravsutredning, computed from the files.

Pure functions of the model, for the rules (MK604) and the report alike, so that a figure
the report prints and a figure a rule judges are the same figure.

Amounts are in the repository's unit (tkr). In `ekonomi.yaml` a nämnd's `budget` and
`utfall` are net costs (positive is a cost) and `prognos` is the forecast deviation for
the year (positive is better than budget). The lines of `bokslut.yaml` (`poster`) are
signed as in the resultaträkning (income positive, cost negative), and their `prognos`
too is the forecast deviation against budget. Hence:

- årets resultat = −Σ the nämnder's net cost + Σ the lines;
- the budgeted result = −Σ the nämnder's budgets + Σ the lines' budgets;
- the forecast of the year's result (an interim period) = the budgeted result + Σ the
  nämnder's forecasts + Σ the lines' forecasts;
- the result's deviation = Σ the nämnder's deviations (budget − utfall) + Σ the lines'
  deviations (utfall − budget): the nämnders' deviations reconcile with the result.

The balanskravsutredning follows KL 11 kap. and LKBR: årets resultat − realisationsvinster
+ realisationsvinster enligt undantag + realisationsförluster enligt undantag −
orealiserade vinster i värdepapper + återföring + other adjustments = årets resultat efter
balanskravsjusteringar; − medel till + medel från resultatutjämningsreserven =
balanskravsresultatet. A deficit (a negative balanskravsresultat) is to be restored; a
positive one restores earlier years' deficits first.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from malkoll.model.annual import RESULTATPOSTER, Balanskrav, Bokslut, Resultatpost
from malkoll.model.files import Ekonomi

NAMNDER = "namnder"
"""The id of the result line's first row: the nämnder's net cost."""
NAMNDER_NAMN = "Nämnder och styrelse"


@dataclass(frozen=True)
class Resultatrad:
    """One row of the result line, signed as in the resultaträkning."""

    id: str
    namn: str
    budget: float | None
    """The year's budget."""
    utfall: float | None
    """The outcome accumulated to the period."""
    prognos: float | None
    """The forecast deviation for the year against budget (positive is better)."""

    @property
    def avvikelse(self) -> float | None:
        """Outcome less budget (positive is better): meaningful at the year's end."""
        if self.budget is None or self.utfall is None:
            return None
        return self.utfall - self.budget


@dataclass(frozen=True)
class Resultat:
    """The municipality's result line for a period."""

    period: str
    namnder: Resultatrad
    """The nämnder's net cost, as a negative row (a cost)."""
    poster: tuple[Resultatrad, ...]
    """The rows of `bokslut.yaml` in the order of the result line (known ids first)."""
    budget: float | None
    """The budgeted result for the year."""
    utfall: float | None
    """The result accumulated to the period (at the year's end: årets resultat)."""
    prognos: float | None
    """The forecast deviation of the year's result against budget."""
    saknas: dict[str, tuple[str, ...]]
    """For each of `budget`, `utfall` and `prognos` that cannot be computed, what it lacks
    in Swedish words (`ekonomi.yaml`, `Finansnetto`, the id of a nämnd)."""

    @property
    def rader(self) -> tuple[Resultatrad, ...]:
        """Every row: the nämnder, then the lines."""
        return (self.namnder, *self.poster)

    @property
    def prognos_resultat(self) -> float | None:
        """The forecast of the year's result: the budgeted result and the forecast deviation."""
        if self.budget is None or self.prognos is None:
            return None
        return self.budget + self.prognos

    @property
    def avvikelse(self) -> float | None:
        """The result less the budgeted result: at the year's end, the sum of the rows'
        deviations."""
        if self.budget is None or self.utfall is None:
            return None
        return self.utfall - self.budget


FIGURES = ("budget", "utfall", "prognos")


def result_line(
    ekonomi: Ekonomi | None,
    bokslut: Bokslut | None,
    period: str,
    bolag: Collection[str] = (),
) -> Resultat:
    """The result line for ``period``: the nämnder of ``ekonomi`` (leaving out the
    organisations of ``bolag``, which are not part of the municipality's result) and the
    lines of ``bokslut``. A figure that cannot be computed is None, and `saknas` says
    what it lacks: a file, the lines, or the rows without the figure."""
    lacking: dict[str, list[str]] = {k: [] for k in FIGURES}
    if ekonomi is None:
        for k in FIGURES:
            lacking[k].append("ekonomi.yaml")
    if bokslut is None or not bokslut.poster:
        for k in FIGURES:
            lacking[k].append("bokslut.yaml" if bokslut is None else "poster i bokslut.yaml")
    namnder = [n for n in (ekonomi.namnder if ekonomi else []) if n.organisation not in bolag]
    outcomes, forecasts = [], []
    for n in namnder:
        figures = n.perioder.get(period)
        outcomes.append(figures.utfall if figures else None)
        forecasts.append(figures.prognos if figures else None)
        for what, value in (("utfall", outcomes[-1]), ("prognos", forecasts[-1])):
            if value is None:
                lacking[what].append(n.organisation)
    first = Resultatrad(
        NAMNDER,
        NAMNDER_NAMN,
        -sum(n.budget for n in namnder) if ekonomi else None,
        _negated(_sum(outcomes)) if ekonomi else None,
        _sum(forecasts) if ekonomi else None,
    )
    rows = tuple(_post_row(p, period) for p in _ordered(bokslut))
    for row in rows:
        for what in FIGURES:
            if getattr(row, what) is None:
                lacking[what].append(row.namn)
    total = {k: _sum([getattr(r, k) for r in (first, *rows)]) for k in FIGURES}
    return Resultat(
        period,
        first,
        rows,
        None if lacking["budget"] else total["budget"],
        None if lacking["utfall"] else total["utfall"],
        None if lacking["prognos"] else total["prognos"],
        {k: tuple(v) for k, v in lacking.items() if v},
    )


def _ordered(bokslut: Bokslut | None) -> list[Resultatpost]:
    """The lines of known ids in the result line's order, then the municipality's own, as
    written; a line written twice counts once (its first)."""
    if bokslut is None:
        return []
    seen: dict[str, Resultatpost] = {}
    for post in bokslut.poster:
        seen.setdefault(post.post, post)
    known = [seen[k] for k in RESULTATPOSTER if k in seen]
    return known + [p for k, p in seen.items() if k not in RESULTATPOSTER]


def _post_row(post: Resultatpost, period: str) -> Resultatrad:
    figures = post.perioder.get(period)
    return Resultatrad(
        post.post,
        post.namn or RESULTATPOSTER.get(post.post, post.post),
        post.budget,
        figures.utfall if figures else None,
        figures.prognos if figures else None,
    )


def _sum(values: list[float | None]) -> float | None:
    """The sum, or None when a value is missing."""
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _negated(value: float | None) -> float | None:
    return -value if value is not None else None


# --- the balanskravsutredning ------------------------------------------------------------


@dataclass(frozen=True)
class Balanskravsrad:
    """One row of the balanskravsutredning: what it is and the amount as it is added."""

    text: str
    belopp: float


@dataclass(frozen=True)
class Balanskravsutredning:
    """The balanskravsutredning of a result (the year's, or its forecast)."""

    arets_resultat: float
    justeringar: tuple[Balanskravsrad, ...]
    """The adjustments from årets resultat to the result after them, as added."""
    efter_justeringar: float
    """Årets resultat efter balanskravsjusteringar."""
    reserv: tuple[Balanskravsrad, ...]
    """Medel till (negative) and från (positive) resultatutjämningsreserven."""
    balanskravsresultat: float
    underskott_tidigare: float
    """Earlier years' deficits still to be restored, in sum (positive)."""
    aterstallt: float
    """How much of them this year's positive balanskravsresultat restores."""
    kvar: float
    """The deficit left to restore: earlier ones not restored, and this year's own."""

    @property
    def uppfyllt(self) -> bool:
        """Whether the balanskrav is met: a balanskravsresultat of zero or more."""
        return self.balanskravsresultat >= 0


def balanskrav(result: float, model: Balanskrav) -> Balanskravsutredning:
    """The balanskravsutredning of ``result`` (årets resultat, or the forecast of it in an
    interim report) with the adjustments of ``model``."""
    adjustments = [
        Balanskravsrad("Samtliga realisationsvinster", -model.realisationsvinster),
        Balanskravsrad(
            "Realisationsvinster enligt undantagsmöjlighet", model.realisationsvinster_undantag
        ),
        Balanskravsrad(
            "Realisationsförluster enligt undantagsmöjlighet",
            model.realisationsforluster_undantag,
        ),
        Balanskravsrad(
            "Orealiserade vinster och förluster i värdepapper", -model.orealiserade_vardepapper
        ),
        Balanskravsrad(
            "Återföring av orealiserade vinster och förluster i värdepapper",
            model.aterforing_vardepapper,
        ),
        *(Balanskravsrad(j.text, j.belopp) for j in model.justeringar),
    ]
    after = result + sum(r.belopp for r in adjustments)
    reserve = (
        Balanskravsrad("Medel till resultatutjämningsreserv", -model.till_resultatutjamningsreserv),
        Balanskravsrad("Medel från resultatutjämningsreserv", model.fran_resultatutjamningsreserv),
    )
    bkr = after + sum(r.belopp for r in reserve)
    earlier = sum(model.underskott.values())
    restored = min(earlier, max(0.0, bkr))
    return Balanskravsutredning(
        result,
        tuple(adjustments),
        after,
        reserve,
        bkr,
        earlier,
        restored,
        earlier - restored + max(0.0, -bkr),
    )

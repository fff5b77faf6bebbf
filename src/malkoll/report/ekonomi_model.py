"""The economy's parts beyond the net cost per nämnd: what the view hands the templates.

Kept apart from `report.model` so each stays short: costs and income against last year,
a nämnd's figures on its units, and the investments as projects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Nettorad:
    """One nämnd's (or unit's) costs, income and net cost, and last year's net cost."""

    namn: str
    kostnader: float | None
    intakter: float | None
    utfall: float | None
    fjolar: float | None
    forandring: float | None
    """The net cost's change against last year, in the unit (positive: it cost more)."""
    forandring_procent: float | None
    """The change as a share of last year's net cost (0.05 is 5 %)."""


@dataclass(frozen=True)
class Enhetsrad:
    """One unit directly under the nämnd (or the nämnd's own ansvar): its budget (the
    period's in an interim report), outcome and deviation."""

    namn: str
    budget: float | None
    jamfort_med: float | None
    utfall: float | None
    avvikelse: float | None
    avvikelse_procent: float | None


@dataclass(frozen=True)
class Projektrad:
    """An investment as a project: this year against the whole project."""

    id: str
    namn: str
    organisation: str
    budget: float
    """This year's budget."""
    utfall: float | None
    """This year's outcome (or the latest period's)."""
    avvikelse: float | None
    """This year's budget less outcome."""
    prognos: float | None
    """The latest forecast of this year's outcome, up to the period."""
    ombudgetering: float | None
    """The part of the deviation asked to be carried over to next year."""
    motivering: str | None
    projektbudget: float | None
    ackumulerat: float | None
    """Earlier years' outcome plus this year's: what the project has cost so far."""
    kvar: float | None
    """The project's budget less what it has cost so far."""
    klart: int | None
    kommentar: str | None
    anchor: str = ""


@dataclass(frozen=True)
class Projektvy:
    """The investments: each as a project, the year's sums, and what the deviation is
    once the ombudgetering is taken out (a delayed project is not a surplus)."""

    rader: list[Projektrad]
    budget: float
    utfall: float | None
    avvikelse: float | None
    prognos: float | None
    """The forecasts that exist, summed; None when none does."""
    ombudgetering: float | None
    """The ombudgeteringar asked for, summed; None when none is."""
    avvikelse_efter: float | None
    """The deviation less the ombudgeteringar: what is really left over (or overrun)."""
    projekt: bool
    """Whether any investment gives its project's budget (the project columns show)."""
    ar: int

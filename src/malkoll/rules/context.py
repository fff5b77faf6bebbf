"""What the rules share: the repository, its index, the timing, and how a problem and a
requirement are made.

No rule scans the whole model per item: whatever a rule needs to look up (an
organisation's parent, a year's plan of an organisation, an indicator's values) it asks
the repository's index (`model.index`), built once. A rule decides no severity: it yields
`Problem`s, and `findings.build` stamps them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.index import Index
from malkoll.model.positions import Where
from malkoll.model.repository import Ar, Repository
from malkoll.model.timing import Due, Timing

DONE = ("genomford", "avbruten")
"""Statuses that end the follow-up of an activity or uppdrag."""


@dataclass(frozen=True)
class Context:
    """The repository, its index and the timing of the check."""

    repo: Repository
    timing: Timing
    index: Index
    ranks: dict[str, int]
    counting: bool = False
    """Whether the requirements that are met are wanted too: `status` counts them,
    `validera` reports only what is not met (and a large repository is mostly met)."""

    @classmethod
    def build(cls, repo: Repository, timing: Timing, counting: bool = False) -> Context:
        ranks = {step: i for i, step in enumerate(repo.installningar.bedomning)}
        return cls(repo, timing, Index.of(repo), ranks, counting)

    @property
    def settings(self) -> m.Installningar:
        return self.repo.installningar

    def years(self) -> Iterator[Ar]:
        """The years being checked, in order."""
        for year in sorted(self.repo.ar):
            if self.timing.checks_year(year):
                yield self.repo.ar[year]

    def org_name(self, org_id: str | None) -> str:
        return self.index.name(org_id)

    def period_name(self, period: str) -> str:
        found = self.settings.perioder.get(period)
        return found.namn if found else period

    def scale_rank(self, value: str | None) -> int | None:
        """0 for the best step of the scale, 1 for the next, ...; None if unknown."""
        return self.ranks.get(value) if value is not None else None


def problem(
    rule: f.Rule,
    path: str,
    where: Where,
    message: str,
    hint: str = "",
    org: str | None = None,
    due: Due | None = None,
    period: str | None = None,
) -> f.Problem:
    """A problem of ``rule``; about a due period (``due``), it is in that period's grace
    window until the period is overdue."""
    grace = due is not None and not due.overdue
    return f.Problem(
        rule, path, where, message, hint, org, period or (due.period if due else None), grace
    )


class Requirement(NamedTuple):
    """One thing a completeness rule asks of an organisation, and whether it is met.

    `validera` reports the problem of each requirement that is not met; `status` counts
    the requirements of a period, met of all, one per `item`: an item several rules ask
    something of (an activity's status and, when it is delayed, its comment) is done when
    every requirement of it whose rule is on is met.
    """

    rule: f.Rule
    organisation: str | None
    period: str | None
    """The period or month it is asked for; None for what the year asks (a plan exists)."""
    part: str | None
    """The part of the follow-up `status` counts it in (`analyser`, `aktiviteter`, ...);
    None for what is not the follow-up of a period (a control plan, a forecast)."""
    item: Hashable
    """What is asked about (the activity, the delmål's analysis): status counts it once."""
    met: bool
    missing: str = ""
    """When not met: what is missing, in a few Swedish words (`analys av delmål 1.1`)."""
    problem: f.Problem | None = None
    """When not met: what `validera` reports; None when another finding already says what
    is wrong (a value cut away as wrong is MK105)."""


def met(
    rule: f.Rule, org: str | None, due: Due | None, part: str | None, item: Hashable
) -> Requirement:
    """A requirement that is met (made only when `Context.counting`)."""
    return Requirement(rule, org, due.period if due else None, part, item, True)


def unmet(
    part: str | None, item: Hashable, missing: str, found: f.Problem, reported: bool = True
) -> Requirement:
    """A requirement that is not met: what is missing, and the problem that says so (not
    reported when ``reported`` is false: another finding already says what is wrong)."""
    return Requirement(
        found.rule,
        found.organisation,
        found.period,
        part,
        item,
        False,
        missing,
        found if reported else None,
    )


def where_period(owner: Any, keyed_name: str, period: str) -> Where:
    """The period's key under ``owner.keyed_name``, or that key, or the owner's start."""
    keyed = getattr(owner, keyed_name)
    if period in keyed:
        return positions.key(keyed, period)
    return positions.key(owner, keyed_name)


def done_before(settings: m.Installningar, followups: dict[str, Any], period: str) -> bool:
    """Whether a period before ``period`` reported the work done or cancelled."""
    for key in settings.perioder:
        if key == period:
            return False
        if getattr(followups.get(key), "status", None) in DONE:
            return True
    return False


def wrong(keyed: Any, key: str, value: Any, name: str) -> bool:
    """Whether ``keyed[key].name`` is absent because the schema already reported it as
    wrong and cut it away (the value under ``key``, or its ``name``): one defect, one
    finding."""
    return positions.cut(keyed, key) or (value is not None and positions.cut(value, name))


def blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def latest_outcome(values: m.IndikatorVarden | None, year: int) -> tuple[int, m.Utfall] | None:
    """The latest year up to ``year`` with an outcome, and that outcome."""
    if values is None:
        return None
    years = [y for y, u in values.utfall.items() if y <= year and u.T is not None]
    return (max(years), values.utfall[max(years)]) if years else None

"""What the rules share: the repository, its index, the timing, and how a problem and a
requirement are made.

No rule scans the whole model per item: whatever a rule needs to look up (an
organisation's parent, a year's plan of an organisation, an indicator's values) it asks
the repository's index (`model.index`), built once. A rule decides no severity: it yields
`Problem`s, and `findings.build` stamps them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.index import Index
from malkoll.model.positions import Where
from malkoll.model.repository import Ar, Doc, Repository
from malkoll.model.timing import Due, Timing

R = TypeVar("R")

DONE = ("genomford", "avbruten")
"""Statuses that end the follow-up of an activity or uppdrag."""

OWN_FIGURES = "enhetens egna utfall"
"""What a finding says beside the figures it gives when they are a unit's own series under
the indicator's `organisationer` (`Context.own_series`), not the municipality's."""


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
    memo: Memo | None = None
    """What earlier checks of the same repository found per plan entry (an editor's
    session); None for a single check."""
    _once: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls, repo: Repository, timing: Timing, counting: bool = False, memo: Memo | None = None
    ) -> Context:
        ranks = {step: i for i, step in enumerate(repo.installningar.bedomning)}
        return cls(repo, timing, Index.of(repo), ranks, counting, memo)

    def per_entry(
        self, name: str, doc: Doc[m.Plan], entry: m.PlanDelmal, compute: Callable[[], list[R]]
    ) -> list[R]:
        """``compute()``, what rule ``name`` finds in one delmål entry of a plan on its
        own, from the memo when this entry was checked before (see `Memo`)."""
        if self.memo is None or self.counting:
            return compute()
        return self.memo.get(name, doc, entry, compute)

    def once(self, key: Hashable, compute: Callable[[], R]) -> R:
        """``compute()`` the first time ``key`` is asked for in this check, the same value
        after. Only for what follows from the non-plan files (an indicator's figures in a
        year, or what an organisation with its own figures is judged on: the organisation
        is the plan's), so that what a rule finds in an entry stays a function of the
        entry, its plan and those files (see `Memo`)."""
        try:
            found: R = self._once[key]
        except KeyError:
            found = self._once[key] = compute()
        return found

    def asked(self, name: str, compute: Callable[[], Iterator[Requirement]]) -> list[Requirement]:
        """``compute()``, the requirements of the rule module ``name``, listed once per check:
        the module's `check` reports the unmet, and `klar` asks which periods are complete."""
        key = ("requirements", name)
        if key not in self._once:
            self._once[key] = list(compute())
        found: list[Requirement] = self._once[key]
        return found

    def indicators(self, entry: m.PlanDelmal) -> tuple[str, ...]:
        """`Index.indicators_of` the entry's delmål and `matt`, once per check."""
        matt = tuple(entry.matt)
        return self.once(
            ("indicators", entry.delmal, matt),
            lambda: tuple(self.index.indicators_of(entry.delmal, matt)),
        )

    def own_series(self, indicator: str, org: str | None) -> Mapping[int, m.Utfall] | None:
        """The organisation's own outcomes of the indicator (its `organisationer`), or
        None when it has none (most units: one dict lookup)."""
        if org is None:
            return None
        values = self.index.values.get(indicator)
        own = values.organisationer.get(org) if values is not None else None
        return own or None

    def series(self, indicator: str, org: str | None = None) -> Mapping[int, m.Utfall]:
        """The outcomes an organisation is judged on, by year: its own series under the
        indicator's `organisationer` when it has one, else the municipality's `utfall`
        (also for ``org`` None). The organisation is a plan's, so what a rule finds in an
        entry from these stays a function of the entry and its plan (see `Memo`)."""
        own = self.own_series(indicator, org)
        if own is not None:
            return own
        values = self.index.values.get(indicator)
        return values.utfall if values is not None else {}

    def judged_org(self, indicators: Sequence[str], org: str | None) -> str | None:
        """``org`` when it has its own series for any of ``indicators``, else None: the
        part of a cache key that tells a unit judged on its own figures apart (the units
        without, most of them, share the municipality's key)."""
        if org is None:
            return None
        for ind in indicators:
            if self.own_series(ind, org) is not None:
                return org
        return None

    def judged(
        self,
        name: str,
        doc: Doc[m.Plan],
        entry: m.PlanDelmal,
        compute: Callable[[Context, tuple[str, ...], int, str | None], R],
    ) -> R:
        """``compute(ctx, indicators, year, org)`` for the entry's indicators in its plan's
        year, on the figures the plan's organisation is judged on (``org`` None for the
        municipality's), once per check per ``name``, indicators, year and organisation
        with its own series: the organisations without one share the municipality's."""
        indicators, year = self.indicators(entry), doc.data.ar
        org = self.judged_org(indicators, doc.data.organisation)
        key = (name, indicators, year, org)
        return self.once(key, lambda: compute(self, indicators, year, org))

    def latest(
        self, indicator: str, year: int, org: str | None = None
    ) -> tuple[int, m.Utfall] | None:
        """`latest_outcome` up to ``year`` of the outcomes ``org`` is judged on (`series`),
        once per check per indicator, year and organisation with its own series."""
        own = self.own_series(indicator, org)
        if own is not None:
            return self.once(("latest", indicator, year, org), lambda: latest_in(own, year))
        return self.once(
            ("latest", indicator, year),
            lambda: latest_outcome(self.index.values.get(indicator), year),
        )

    @property
    def settings(self) -> m.Installningar:
        return self.repo.installningar

    @cached_property
    def required_parts(self) -> tuple[str, ...]:
        """The parts every analysis has (`analys.kravs`)."""
        return tuple(self.settings.analys.kravs)

    @cached_property
    def measures_at(self) -> frozenset[str]:
        """The assessments that call for measures (`analys.atgarder_vid`)."""
        return frozenset(self.settings.analys.atgarder_vid)

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


class Memo:
    """What the rules found in each delmål entry of each plan on its own, kept between
    the checks of a repository held in memory (`malkoll.session`).

    What a rule finds in one entry on its own (the analysis and assessment of a period,
    the follow-up of its activities, a green assessment against the figures) depends on
    the entry, its plan's organisation, year and path, and on everything that is not a
    plan: the settings, the organisation, the goals and indicators, the year's files and
    the day of the check. The memo is kept while that basis is the same objects (the
    session keeps the typed files it did not read again) and emptied when any of it
    changes; an entry is known again only as the very same object in the very same plan.
    What depends on other plans (the chain of dialogue, the assessments below, the
    activities of the units below) is not kept: it is checked every time.
    """

    def __init__(self) -> None:
        self._basis: tuple[Any, ...] = ()
        self._found: dict[tuple[str, int], tuple[Any, Any, str, int, Any]] = {}
        self._round = 0

    def start(self, basis: tuple[Any, ...]) -> None:
        """Begin a check on ``basis``: everything but the plans, as objects."""
        same = len(basis) == len(self._basis) and all(
            a is b for a, b in zip(basis, self._basis, strict=True)
        )
        if not same:
            self._found.clear()
        else:  # forget the entries no check used since the last one (edited away)
            stale = [k for k, v in self._found.items() if v[3] < self._round]
            for key in stale:
                del self._found[key]
        self._basis = basis
        self._round += 1

    def get(
        self, name: str, doc: Doc[m.Plan], entry: m.PlanDelmal, compute: Callable[[], list[R]]
    ) -> list[R]:
        key = (name, id(entry))
        known = self._found.get(key)
        if (
            known is not None
            and known[0] is entry
            and known[1] is doc.data
            and known[2] == doc.path
        ):
            self._found[key] = (*known[:3], self._round, known[4])
            result: list[R] = known[4]
            return result
        result = compute()
        self._found[key] = (entry, doc.data, doc.path, self._round, result)
        return result


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
    return text is None or not (text if text.__class__ is str else str(text)).strip()


def latest_outcome(values: m.IndikatorVarden | None, year: int) -> tuple[int, m.Utfall] | None:
    """The latest year up to ``year`` with an outcome, and that outcome."""
    if values is None:
        return None
    return latest_in(values.utfall, year)


def latest_in(outcomes: Mapping[int, m.Utfall], year: int) -> tuple[int, m.Utfall] | None:
    """The latest year up to ``year`` with a total in ``outcomes``, and that outcome."""
    years = [y for y, u in outcomes.items() if y <= year and u.T is not None]
    return (max(years), outcomes[max(years)]) if years else None

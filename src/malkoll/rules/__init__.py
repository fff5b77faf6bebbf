"""The rules that check a repository once it is read: the runner.

Each module of `CHECKS` checks one part of the repository and yields `Problem`s; the
completeness rules among them also yield what each period requires of each organisation
(`REQUIRING`, their `requirements`), which `malkoll status` counts. No rule decides a
severity: `validate` hands every problem to `findings.build`. Which periods are checked,
and whether a missing piece is a warning or an error, is decided in `model.timing`.

The rules themselves are listed in `rules.catalog`, from the modules that define them.
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model.repository import Repository
from malkoll.model.timing import Timing
from malkoll.rules import (
    annual,
    annual_periods,
    annual_refs,
    annual_result,
    assignments,
    catalog,
    economy,
    financial_goals,
    followup,
    ids,
    internal_control,
    klar,
    ledger,
    pace,
    plausibility,
    quality,
    reconcile,
    references,
    settings,
)
from malkoll.rules.context import Context, Memo, Requirement

CHECKS = (
    settings,
    ids,
    references,
    annual_refs,
    followup,
    quality,
    plausibility,
    pace,
    economy,
    reconcile,
    financial_goals,
    ledger,
    assignments,
    internal_control,
    annual,
    annual_periods,
    annual_result,
    klar,
)
"""The modules that check the repository, in the order they run; each has `check(ctx)`
(`followup`'s walk over the plans checks the rules of `activities` too; `annual_refs` checks
the references of the annual report's files, `annual` and `annual_periods` what that
report requires; `klar` comes last, as it asks what the completeness rules found)."""

REQUIRING = (followup, assignments, internal_control, economy)
"""The modules whose rules say what a period requires; each has `requirements(ctx)`."""


def check(repo: Repository, timing: Timing, memo: Memo | None = None) -> Iterator[f.Problem]:
    """Every problem the rules find (MK109, MK2xx–MK5xx, and MK105/MK106 for settings);
    with ``memo``, what a plan's entry gives on its own comes from earlier checks."""
    ctx = Context.build(repo, timing, memo=memo)
    yield from settings.unknown_rules(ctx, catalog.RULES)
    for module in CHECKS:
        yield from module.check(ctx)


def requirements(repo: Repository, timing: Timing) -> list[Requirement]:
    """Everything the completeness rules require, met or not, of the years and periods
    ``timing`` checks; with the rules `regler:` turns off left out, as `validera` leaves
    out their findings."""
    ctx = Context.build(repo, timing, counting=True)
    overrides = repo.installningar.regler
    return [
        req
        for module in REQUIRING
        for req in module.requirements(ctx)
        if f.selected(req.rule, overrides)
    ]

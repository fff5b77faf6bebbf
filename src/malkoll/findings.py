"""Findings are values: what is wrong, where, and how serious.

Each rule (an MK code) is defined once, as a `Rule`, beside the code that checks it; the
catalogue (`rules.catalog`) lists the modules that define them, so that the documentation
and `malkoll regler` come from one place.

A check never decides how serious its problem is. It yields a `Problem` (the rule, the
place, the Swedish words); `build` is the one place a `Finding` is made: it stamps the
rule's severity, applies `regler:` in malkoll.yaml (a rule turned `av` gives nothing) and
the grace window (an error is a warning until the period's submission date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Severity = Literal["fel", "varning"]


class Where(NamedTuple):
    """A 1-based line and column."""

    line: int
    col: int


START = Where(1, 1)


@dataclass(frozen=True)
class Rule:
    """One MK code: its default severity, Swedish title and explanation, and examples."""

    code: str
    severity: Severity
    title: str
    explanation: str
    wrong: str = ""
    right: str = ""


def rule(
    code: str, severity: Severity, title: str, explanation: str, wrong: str = "", right: str = ""
) -> Rule:
    """A rule, its examples without their surrounding blank lines. The module that defines
    it lists it in its `RULES`; the catalogue collects them and refuses a code twice."""
    return Rule(code, severity, title, explanation, wrong.strip("\n"), right.strip("\n"))


class Problem(NamedTuple):
    """What a check found wrong, and where: a finding before its severity is decided."""

    rule: Rule
    path: str
    where: Where
    message: str
    hint: str = ""
    organisation: str | None = None
    period: str | None = None
    grace: bool = False
    """Whether the period it is about is in its grace window: before its submission date
    an error is reported as a warning."""

    @property
    def code(self) -> str:
        return self.rule.code


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a user's file, sortable by place."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    organisation: str | None = field(default=None, compare=False)
    period: str | None = field(default=None, compare=False)

    def head(self) -> str:
        """The first line: `PATH:LINE:COL: SEVERITY CODE message`, on one line."""
        message = " ".join(self.message.split())
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code} {message}"


def effective_severity(
    code: str, default: Severity, overrides: Mapping[str, str], grace: bool = False
) -> Severity | None:
    """The severity after `regler:` in malkoll.yaml; None when the rule is turned off.

    During a period's grace window (before its submission date) an error is a warning.
    """
    chosen = overrides.get(code, default)
    if chosen == "av":
        return None
    if grace and chosen == "fel":
        return "varning"
    return "varning" if chosen == "varning" else "fel"


def build(problems: Iterable[Problem], overrides: Mapping[str, str]) -> list[Finding]:
    """The findings of ``problems``: the one place a `Finding` is made.

    Each problem gets its rule's severity as `regler:` in malkoll.yaml (``overrides``)
    sets it, a warning instead of an error in its grace window; a rule turned `av` gives
    no finding.
    """
    out = []
    for p in problems:
        rule = p.rule
        severity = effective_severity(rule.code, rule.severity, overrides, p.grace)
        if severity is not None:
            where = p.where
            out.append(
                Finding(
                    p.path,
                    where.line,
                    where.col,
                    rule.code,
                    severity,
                    p.message,
                    p.hint,
                    p.organisation,
                    p.period,
                )
            )
    return out


def selected(rule: Rule, overrides: Mapping[str, str]) -> bool:
    """Whether the rule is on: not turned `av` by `regler:` in malkoll.yaml."""
    return overrides.get(rule.code) != "av"

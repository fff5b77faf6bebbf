"""Findings are values: what is wrong, where, and how serious.

Each rule (an MK code) is defined once, as a `Rule`, beside the code that checks it;
`RULES` collects them so that the documentation and `malkoll regler` come from one place.
"""

from __future__ import annotations

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


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, title: str, explanation: str, wrong: str = "", right: str = ""
) -> Rule:
    """Define a rule once; a second definition of a code is a bug."""
    if code in RULES:
        raise ValueError(f"rule {code} is defined twice")
    RULES[code] = Rule(code, severity, title, explanation, wrong.strip("\n"), right.strip("\n"))
    return RULES[code]


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
    code: str, default: Severity, overrides: dict[str, str], grace: bool = False
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


def make(
    r: Rule,
    path: str,
    where: Where,
    message: str,
    hint: str = "",
    organisation: str | None = None,
    period: str | None = None,
) -> Finding:
    """A finding of rule ``r`` at ``where`` in ``path``, with the rule's default severity."""
    return Finding(
        path, where.line, where.col, r.code, r.severity, message, hint, organisation, period
    )

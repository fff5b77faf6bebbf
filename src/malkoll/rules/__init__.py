"""The completeness and plausibility rules (MK3xx–MK5xx), run over the typed model.

Each module defines its rules beside the code that checks them; `check` runs them all
with the indexes of one `Context`. Which periods are checked, and whether a missing
piece is a warning or an error, is decided in `malkoll.due`.
"""

from __future__ import annotations

from malkoll import findings as f
from malkoll.model import positions
from malkoll.model.repository import Repository
from malkoll.model.timing import Timing
from malkoll.rules import assignments, economy, followup, internal_control, plausibility
from malkoll.rules.context import Context

MK109 = f.rule(
    "MK109",
    "fel",
    "Okänd regel i malkoll.yaml",
    "`regler:` i malkoll.yaml ändrar en regels allvarlighet (`fel`, `varning`) eller stänger "
    "av den (`av`). Koden måste vara en regel som finns; `malkoll regler` listar dem.",
    wrong="regler:\n  MK3O8: av",
    right="regler:\n  MK308: av",
)

CHECKS = (
    followup.check,
    plausibility.check,
    economy.check,
    assignments.check,
    internal_control.check,
)


def check(repo: Repository, timing: Timing) -> list[f.Finding]:
    """Every MK3xx–MK5xx finding, and MK109 for rule codes in malkoll.yaml that do not exist."""
    ctx = Context.build(repo, timing)
    for run in CHECKS:
        run(ctx)
    return ctx.found + unknown_rule_codes(repo)


def unknown_rule_codes(repo: Repository) -> list[f.Finding]:
    regler = repo.installningar.regler
    return [
        f.make(
            MK109,
            "malkoll.yaml",
            positions.key(regler, code),
            f"Regeln {code} finns inte.{_suggestion(code)}",
            "Kör malkoll regler för att se alla regler.",
        )
        for code in regler
        if code not in f.RULES
    ]


def _suggestion(code: str) -> str:
    from malkoll.text import did_you_mean

    return did_you_mean(code.upper().replace("O", "0"), f.RULES) or did_you_mean(code, f.RULES)

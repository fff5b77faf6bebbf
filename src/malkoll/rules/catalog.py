"""The rule catalogue: every rule, from the modules that define them; `malkoll regler`,
docs/regler.md and SARIF's rule list are generated from it.

A new rule is defined beside the code that checks it and listed in its module's `RULES`;
a new module of rules is one line in `MODULES`.
"""

from __future__ import annotations

from types import ModuleType

from malkoll.errors import BadOption
from malkoll.findings import Rule
from malkoll.reading import parse, schema, source, syntax, walk
from malkoll.rules import (
    activities,
    assignments,
    economy,
    followup,
    ids,
    internal_control,
    plausibility,
    references,
    settings,
)
from malkoll.text import did_you_mean

MODULES: tuple[ModuleType, ...] = (
    syntax,
    source,
    parse,
    schema,
    walk,
    settings,
    ids,
    references,
    followup,
    activities,
    plausibility,
    economy,
    assignments,
    internal_control,
)
"""Every module that defines rules: reading (MK1xx), the frame and references (MK109,
MK2xx), completeness and plausibility (MK3xx–MK5xx). Each lists its own in `RULES`."""


def _collect(modules: tuple[ModuleType, ...]) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for module in modules:
        for rule in module.RULES:
            if rule.code in found:
                raise ValueError(f"rule {rule.code} is defined twice")
            found[rule.code] = rule
    return dict(sorted(found.items()))


RULES: dict[str, Rule] = _collect(MODULES)
"""Every rule by code, in code order."""


def all_rules() -> list[Rule]:
    """Every rule, in code order."""
    return list(RULES.values())


def listing() -> str:
    """One line per rule: code, default severity, title."""
    lines = [f"{r.code}  {r.severity:<7}  {r.title}" for r in all_rules()]
    return "\n".join(lines) + "\n\nKör malkoll regler KOD för en förklaring med exempel.\n"


def describe(code: str) -> str:
    """One rule explained, with its wrong and right example."""
    rule = RULES.get(code.upper())
    if rule is None:
        raise BadOption(f"Regeln {code} finns inte.{did_you_mean(code.upper(), RULES)}")
    parts = [f"{rule.code} ({rule.severity}): {rule.title}", "", rule.explanation]
    if rule.wrong:
        parts += ["", "Fel:", "", _indent(rule.wrong)]
    if rule.right:
        parts += ["", "Rätt:", "", _indent(rule.right)]
    parts += ["", f"Stäng av eller ändra allvarlighet i malkoll.yaml: regler: {{{rule.code}: av}}"]
    return "\n".join(parts) + "\n"


def markdown() -> str:
    """Every rule as Markdown: the rule reference in docs/regler.md."""
    parts = [
        "# Reglerna i malkoll validera",
        "",
        "Genererad från regeldefinitionerna i koden (`malkoll regler --markdown`); ändra inte "
        "för hand.",
        "",
        "| kod | allvarlighet | regel |",
        "| --- | --- | --- |",
        *(f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {r.title} |" for r in all_rules()),
    ]
    for r in all_rules():
        parts += ["", f"## {r.code}", "", f"**{r.title}** ({r.severity})", "", r.explanation]
        for label, example in (("Fel", r.wrong), ("Rätt", r.right)):
            if example:
                parts += ["", f"{label}:", "", "```yaml", example, "```"]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())

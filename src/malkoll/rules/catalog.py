"""The rule catalogue: `malkoll regler`, generated from the rule definitions."""

from __future__ import annotations

from malkoll import rules  # noqa: F401 - importing them registers every rule
from malkoll.errors import BadOption
from malkoll.findings import RULES, Rule
from malkoll.text import did_you_mean


def all_rules() -> list[Rule]:
    """Every rule, in code order."""
    return [RULES[code] for code in sorted(RULES)]


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

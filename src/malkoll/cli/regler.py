"""`malkoll regler [KOD]`: the rules, or one rule explained.

The rules come from `rule_table`, generated from their definitions
(`rules.catalog.table_source`), so that listing them imports neither the code that
checks them nor the model and pydantic: `malkoll regler` starts as fast as `--help`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer

from malkoll.cli.common import run_core
from malkoll.errors import BadOption
from malkoll.findings import Rule
from malkoll.text import did_you_mean


def regler(
    kod: Annotated[str | None, typer.Argument(help="En regel, t.ex. MK304.", metavar="KOD")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Alla regler som Markdown (docs/regler.md).")
    ] = False,
) -> None:
    """Lista reglerna, eller förklara en regel med exempel på fel och rätt."""
    from malkoll.cli.rule_table import RULES

    if markdown:
        typer.echo(as_markdown(RULES), nl=False)
    else:
        typer.echo(run_core(lambda: describe(RULES, kod) if kod else listing(RULES)), nl=False)


def listing(rules: Mapping[str, Rule]) -> str:
    """One line per rule: code, default severity, title."""
    lines = [f"{r.code}  {r.severity:<7}  {r.title}" for r in rules.values()]
    return "\n".join(lines) + "\n\nKör malkoll regler KOD för en förklaring med exempel.\n"


def describe(rules: Mapping[str, Rule], code: str) -> str:
    """One rule explained, with its wrong and right example."""
    rule = rules.get(code.upper())
    if rule is None:
        raise BadOption(f"Regeln {code} finns inte.{did_you_mean(code.upper(), rules)}")
    parts = [f"{rule.code} ({rule.severity}): {rule.title}", "", rule.explanation]
    if rule.wrong:
        parts += ["", "Fel:", "", _indent(rule.wrong)]
    if rule.right:
        parts += ["", "Rätt:", "", _indent(rule.right)]
    parts += ["", f"Stäng av eller ändra allvarlighet i malkoll.yaml: regler: {{{rule.code}: av}}"]
    return "\n".join(parts) + "\n"


def as_markdown(rules: Mapping[str, Rule]) -> str:
    """Every rule as Markdown: the rule reference in docs/regler.md."""
    parts = [
        "# Reglerna i malkoll validera",
        "",
        "Genererad från regeldefinitionerna i koden (`malkoll regler --markdown`); ändra inte "
        "för hand.",
        "",
        "| kod | allvarlighet | regel |",
        "| --- | --- | --- |",
        *(f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {r.title} |" for r in rules.values()),
    ]
    for r in rules.values():
        parts += ["", f"## {r.code}", "", f"**{r.title}** ({r.severity})", "", r.explanation]
        for label, example in (("Fel", r.wrong), ("Rätt", r.right)):
            if example:
                parts += ["", f"{label}:", "", "```yaml", example, "```"]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())

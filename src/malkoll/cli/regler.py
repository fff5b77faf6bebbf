"""`malkoll regler [KOD]`: the rules, or one rule explained."""

from __future__ import annotations

from typing import Annotated

import typer

from malkoll.cli.common import (
    run_core,
)


def regler(
    kod: Annotated[str | None, typer.Argument(help="En regel, t.ex. MK304.", metavar="KOD")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Alla regler som Markdown (docs/regler.md).")
    ] = False,
) -> None:
    """Lista reglerna, eller förklara en regel med exempel på fel och rätt."""
    from malkoll.rules.catalog import describe, listing
    from malkoll.rules.catalog import markdown as as_markdown

    if markdown:
        typer.echo(as_markdown(), nl=False)
    else:
        typer.echo(run_core(lambda: describe(kod) if kod else listing()), nl=False)

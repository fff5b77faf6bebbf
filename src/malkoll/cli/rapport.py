"""`malkoll rapport ÅR`: build the annual or an interim report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, parse_date


def rapport(
    ar: Annotated[int, typer.Argument(help="Året, t.ex. 2020.", metavar="ÅR", callback=check_year)],
    katalog: Katalog = Path(),
    period: Annotated[
        str | None, typer.Option(help="Perioden (standard: årets sista, årsredovisningen).")
    ] = None,
    namnd: Annotated[
        str | None, typer.Option("--namnd", help="En nämnds egen rapport, ned till enheterna.")
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="md, html, pdf eller docx; flera med komma, t.ex. md,html,pdf."
        ),
    ] = "md,html",
    ut: Annotated[
        Path | None, typer.Option(help="Mappen rapporterna skrivs till (standard: rapporter/).")
    ] = None,
    mallar: Annotated[
        Path | None, typer.Option(help="Egna mallar; de vinner fil för fil över standardmallarna.")
    ] = None,
    strikt: Annotated[
        bool, typer.Option("--strikt", help="Bygg inte rapporten medan fel återstår.")
    ] = False,
    idag: Annotated[
        str | None,
        typer.Option(help="Rapportens datum, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"),
    ] = None,
    utan_cache: UtanCache = False,
) -> None:
    """Bygg årsredovisningen eller en delårsrapport som Markdown och HTML (och PDF eller Word).

    Saknas något i underlaget blir rapporten ett utkast (UTKAST) med en bilaga över det som
    saknas. Slutstatus: 0 när rapporten skrevs, 1 om --strikt vägrade, 2 om malkoll inte
    kunde köras.
    """
    from malkoll.cli.answer import rapport as answer

    day = parse_date(idag)
    status = answer(
        katalog,
        ar,
        period=period,
        namnd=namnd,
        fmt=format,
        out=ut,
        templates=mallar,
        strikt=strikt,
        today=day,
        utan_cache=utan_cache,
    )
    raise typer.Exit(status)

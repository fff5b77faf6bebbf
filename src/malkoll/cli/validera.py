"""`malkoll validera`: check the goal repository and print the findings."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import (
    KatalogFlagga,
    UtanCache,
    check_year,
    folder,
    parse_date,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


def validera(
    katalog: Annotated[
        Path | None,
        typer.Argument(
            help="Målrepot eller en mapp i det (standard: den aktuella).",
            metavar="MAPP",
            show_default=False,
        ),
    ] = None,
    katalog_flagga: KatalogFlagga = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Utdata: text, json, github, gitlab eller sarif "
            "(standard: text, github när GITHUB_ACTIONS är satt).",
        ),
    ] = None,
    idag: Annotated[
        str | None,
        typer.Option(
            help="Dagen kontrollen gäller, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Kontrollera bara den perioden, som om inlämningsdagen passerat."),
    ] = None,
    ar: Annotated[
        int | None,
        typer.Option(help="Kontrollera bara det året.", metavar="ÅR", callback=check_year),
    ] = None,
    strikt: Annotated[
        bool, typer.Option("--strikt", help="Varningar ger också slutstatus 1.")
    ] = False,
    utan_cache: UtanCache = False,
) -> None:
    """Kontrollera målrepots filer: schema, id:n, referenser och uppföljningens fullständighet.

    Slutstatus: 0 utan fel, 1 med fel (eller varningar med --strikt), 2 om malkoll inte
    kunde köras.
    """
    from malkoll.cli.answer import validera as answer

    start = folder(katalog, katalog_flagga)
    day = parse_date(idag)
    chosen = format.value if format else None
    raise typer.Exit(answer(start, chosen, day, period, ar, strikt, utan_cache))

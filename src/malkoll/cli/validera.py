"""`malkoll validera`: check the goal repository and print the findings."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer import _click

from malkoll.cli.common import (
    KatalogFlagga,
    UtanCache,
    check_year,
    folder,
    parse_date,
)
from malkoll.cli.swedish import SwedishCommand


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


class Command(SwedishCommand):
    """`validera`'s command: `--andrade` may stand without its value (`plain.optional_values`,
    as the plain reader reads it)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        from malkoll.cli.plain import optional_values

        parsed: list[str] = super().parse_args(ctx, optional_values(args))
        return parsed


def validera(
    sokvagar: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Målrepot eller en mapp i det (standard: den aktuella), eller de ändrade "
            "filerna, som pre-commit anger dem: då visas bara fynden som hör till dem.",
            metavar="MAPP | FIL",
            show_default=False,
        ),
    ] = None,
    katalog_flagga: KatalogFlagga = None,
    andrade: Annotated[
        str | None,
        typer.Option(
            "--andrade",
            help="Visa bara fynden som hör till filerna som ändrats sedan REF (en gren, tagg "
            "eller commit; utan REF standardgrenen), med det som ännu inte är committat. En "
            "fil direkt efter --andrade är en ändrad fil, inte REF.",
            metavar="[REF]",
        ),
    ] = None,
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

    Med ändrade filer (eller --andrade) kontrolleras hela repot men bara fynden i de filerna
    och om organisationerna vars planer ändrats visas; ändras en fil som gäller alla
    (malkoll.yaml, organisation.yaml, mal/, indikatorer/, årshjulet) visas allt.

    Slutstatus: 0 utan fel, 1 med fel (eller varningar med --strikt), 2 om malkoll inte
    kunde köras.
    """
    from malkoll.cli.answer import validera as answer
    from malkoll.cli.plain import split, start_of

    mapp, files = split([str(p) for p in sokvagar or []])
    start = folder(Path(mapp) if mapp is not None else None, katalog_flagga)
    if mapp is None and katalog_flagga is None:
        start = Path(start_of(files))
    day = parse_date(idag)
    chosen = format.value if format else None
    raise typer.Exit(answer(start, chosen, day, period, ar, strikt, utan_cache, files, andrade))

"""`malkoll dialog NÄMND`: the page for the dialogue between a nämnd's presidium and KSAU."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, parse_date, run_core
from malkoll.text import printable


def dialog(
    namnd: Annotated[
        str, typer.Argument(help="Nämnden (eller bolaget), t.ex. un.", metavar="NÄMND")
    ],
    period: Annotated[
        str | None,
        typer.Option(
            help="Perioden (standard: den senaste vars datum har passerat, annars årets första)."
        ),
    ] = None,
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar",
            help="Året (standard: dagens år om målrepot har det, annars det senaste).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    katalog: Katalog = Path(),
    format: Annotated[
        str, typer.Option("--format", "-f", help="md, html eller båda: md,html.")
    ] = "md,html",
    ut: Annotated[
        Path | None, typer.Option(help="Mappen sidorna skrivs till (standard: rapporter/).")
    ] = None,
    mallar: Annotated[
        Path | None, typer.Option(help="Egna mallar; de vinner fil för fil över standardmallarna.")
    ] = None,
    idag: Annotated[
        str | None,
        typer.Option(help="Sidans datum, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"),
    ] = None,
    utan_cache: UtanCache = False,
) -> None:
    """Skriv underlaget för dialogen mellan nämndens presidium och KSAU.

    En sida per nämnd och period: nämndens och verksamheternas bedömningar per delmål
    (förra periodens och nu) och vad som ändrats sedan förra perioden (bedömningar,
    nya och borttagna åtgärder, ändrade delar av analysen), de tre största avvikelserna i siffrorna,
    uppdrag som är sena, den interna kontrollens avvikelser med åtgärder, ekonomin med
    den senaste prognosen, och vad förra dialogen bad nämnden återkomma med (planens
    dialog för förra perioden). För ett bolag: bolagets egen uppföljning (resultat,
    prognos, omsättning, soliditet, sammanfattning, ägardirektivets mål). Slutstatus:
    0 när sidorna skrevs, 2 om malkoll inte kunde köras.
    """
    from malkoll.report.dialog import dialog as build

    day = parse_date(idag)
    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    written = run_core(
        lambda: build(
            katalog,
            namnd,
            period=period,
            ar=ar,
            formats=formats,
            out=ut,
            templates=mallar,
            today=day,
            cache=not utan_cache,
        )
    )
    for path in written:
        sys.stdout.write(f"Skrev {printable(str(path))}\n")

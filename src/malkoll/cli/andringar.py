"""`malkoll andringar P1 P2`: what changed between two periods, as Markdown and HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, parse_date, run_core
from malkoll.text import printable


def andringar(
    p1: Annotated[
        str,
        typer.Argument(help="Den första perioden, t.ex. delar1 eller 2019:helar.", metavar="P1"),
    ],
    p2: Annotated[str, typer.Argument(help="Den andra perioden, t.ex. delar2.", metavar="P2")],
    katalog: Katalog = Path(),
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar",
            help="Året perioderna hör till (standard: det senaste i målrepot).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    namnd: Annotated[
        str | None, typer.Option("--namnd", help="En nämnd och organisationerna under den.")
    ] = None,
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
    """Visa vad som ändrats mellan två perioder: bedömningar, åtgärder och analyser.

    Per organisation och delmål: bedömningen som flyttats på skalan, åtgärder som lagts
    till eller tagits bort, varje analysdels text med borttagna och nya ord markerade,
    aktiviteter vars status ändrats, och nämndens prognos för årets budgetavvikelse.
    Det som inte ändrats visas inte. En text som mest skrivits om (mindre än hälften
    kvar) visas hel, före och nu. Ett delmål utan uppföljning för P2 är inte ifyllt
    ännu, inte borttaget. P1 och P2 är perioder under --ar (standard: det
    senaste året), eller ÅÅÅÅ:period för att jämföra över ett årsskifte, t.ex.
    `malkoll andringar 2019:helar 2020:delar1`. P1 får vara senare än P2; sidan säger då
    det. Slutstatus: 0 när sidorna skrevs, 2 om malkoll inte kunde köras.
    """
    from malkoll.report.andringar import andringar as build

    day = parse_date(idag)
    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    written = run_core(
        lambda: build(
            katalog,
            p1,
            p2,
            ar=ar,
            namnd=namnd,
            formats=formats,
            out=ut,
            templates=mallar,
            today=day,
            cache=not utan_cache,
        )
    )
    for path in written:
        sys.stdout.write(f"Skrev {printable(str(path))}\n")

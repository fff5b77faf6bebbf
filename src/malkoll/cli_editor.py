"""The commands `malkoll init` and `malkoll schema`: parse, call the core, print.

They are registered on the app in `cli.py`; the core, and the helpers of `cli.py` (which
imports this module), are imported inside each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import Katalog, parse_date, run_core


def init(
    katalog: Annotated[
        Path, typer.Argument(help="Mappen för målrepot (standard: den aktuella).")
    ] = Path(),
    ar: Annotated[
        int | None, typer.Option("--ar", help="Året att lägga upp (standard: i år).", metavar="ÅR")
    ] = None,
    kommun: Annotated[
        str | None,
        typer.Option(help="Kommunens namn i malkoll.yaml (standard: Min kommun).", metavar="NAMN"),
    ] = None,
    idag: Annotated[
        str | None,
        typer.Option(
            help="Dagen målrepot ska vara komplett för, ÅÅÅÅ-MM-DD (standard: i dag).",
            metavar="DATUM",
        ),
    ] = None,
) -> None:
    """Lägg upp ett nytt målrepo: inställningar, organisation, ett mål, årets plan, CI och
    editorstöd.

    En fil som redan finns skrivs aldrig över, så en andra körning ändrar ingenting.
    Exempelplanerna har uppföljning för årets perioder som redan passerat, så att
    `malkoll validera` går igenom direkt. Slutstatus: 0, eller 2 om malkoll inte kunde köras.
    """
    from .scaffold import init as create

    day = parse_date(idag)
    result = run_core(lambda: create(katalog, ar=ar, kommun=kommun, idag=day))
    where = result.root
    if not result.created:
        typer.echo(f"Inget att göra: alla {len(result.kept)} filer finns redan i {where}.")
        return
    typer.echo(f"Skapade {len(result.created)} filer i {where}:")
    for rel in result.created:
        typer.echo(f"  {rel}")
    if result.kept:
        typer.echo(f"Lämnade {len(result.kept)} befintliga filer orörda:")
        for rel in result.kept:
            typer.echo(f"  {rel}")
    typer.echo(f"Nästa steg: läs README.md och kör malkoll validera {katalog}")


def schema(
    ut: Annotated[
        Path | None,
        typer.Option(help="Mappen schemana skrivs till (standard: .malkoll/schema/ i målrepot)."),
    ] = None,
    katalog: Katalog = Path(),
) -> None:
    """Skriv ett JSON Schema per filtyp för editorer (VS Code med YAML-tillägget).

    Schemana ger förslag på nycklar och värden, förklaringar och fel medan man skriver.
    Kör kommandot igen när malkoll uppdateras. Slutstatus: 0, eller 2 om malkoll inte
    kunde köras.
    """
    from .editor import SCHEMA_DIR, write_schemas
    from .repo import find_root

    folder = ut if ut is not None else run_core(lambda: find_root(katalog)) / SCHEMA_DIR
    for path in write_schemas(folder):
        typer.echo(f"Skrev {path}")

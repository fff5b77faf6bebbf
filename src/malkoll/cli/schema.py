"""`malkoll schema`: write a JSON Schema per file kind, for editors."""

from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, run_core
from malkoll.text import printable


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
    from malkoll.reading.walk import find_root
    from malkoll.writers.jsonschema import SCHEMA_DIR, write_schemas

    root = ut if ut is not None else run_core(lambda: find_root(katalog))
    target = ut if ut is not None else root / SCHEMA_DIR
    for path in run_core(lambda: write_schemas(target, root)):
        typer.echo(f"Skrev {printable(str(path))}")

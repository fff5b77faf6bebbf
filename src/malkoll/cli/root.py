"""The command line: parse options, call the core, print, choose the exit status.

No domain logic lives here, and the core is imported inside each command so that
`malkoll --help` starts as fast as its dependencies allow.
"""

from __future__ import annotations

from typing import Annotated

import typer

from malkoll import __version__
from malkoll.cli.swedish import SwedishTyper, swedish_click

swedish_click()

app = SwedishTyper(
    name="malkoll",
    help="Kontrollerar och publicerar kommunens mål och uppföljning, skrivna som YAML i git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"malkoll {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Visa versionen."),
    ] = False,
) -> None:
    """Kontrollerar och publicerar kommunens mål och uppföljning, skrivna som YAML i git."""


def _mount() -> None:
    """Every command, each in its own module."""
    from malkoll.cli import init, kolada, nytt_ar, rapport, regler, schema, status, validera

    app.command("validera")(validera.validera)
    app.command("rapport")(rapport.rapport)
    app.command("regler")(regler.regler)
    app.command("init")(init.init)
    app.command("schema")(schema.schema)
    app.command("status")(status.status)
    app.command("nytt-ar")(nytt_ar.nytt_ar)
    app.add_typer(
        kolada.app,
        name="kolada",
        help="Hämta indikatorernas värden från Kolada, och sök nyckeltal där.",
    )


_mount()


def main() -> None:
    """The `malkoll` command."""
    app()

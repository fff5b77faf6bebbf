"""The command line: parse options, call the core, print, choose the exit status.

No domain logic lives here, and the core is imported inside each command so that
`malkoll --help` starts as fast as its dependencies allow.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__
from .errors import MalkollError

T = TypeVar("T")

app = typer.Typer(
    name="malkoll",
    help="Kontrollerar och publicerar kommunens mål och uppföljning, skrivna som YAML i git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"


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


@app.command()
def validera(
    katalog: Annotated[
        Path, typer.Argument(help="Målrepot eller en mapp i det (standard: den aktuella).")
    ] = Path(),
    format: Annotated[
        Format, typer.Option("--format", "-f", help="Utdata: text eller json.")
    ] = Format.text,
) -> None:
    """Kontrollera målrepots filer: schema, id:n och referenser.

    Slutstatus: 0 utan fel, 1 med fel, 2 om malkoll inte kunde köras.
    """
    from .output import FORMATS
    from .validate import validera as run

    result = _run(lambda: run(katalog))
    out, err = FORMATS[format.value](result)
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    raise typer.Exit(result.exit_status())


def _run(call: Callable[[], T]) -> T:
    """Run a core call; an expected error becomes one line and exit status 2."""
    try:
        return call()
    except MalkollError as err:
        typer.echo(f"malkoll: {err}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    """The `malkoll` command."""
    app()

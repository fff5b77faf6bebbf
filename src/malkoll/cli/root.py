"""The command line: parse options, call the core, print, choose the exit status.

No domain logic lives here, and the core is imported inside each command so that
`malkoll --help` starts as fast as its dependencies allow.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from malkoll import __version__
from malkoll.cli import replay
from malkoll.cli.replay import flushed
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
    from malkoll.cli.agare import agare
    from malkoll.cli.formular import formular
    from malkoll.cli.kalender import kalender
    from malkoll.cli.paminn import paminn
    from malkoll.cli.visa import visa
    from malkoll.cli.webbplats import webbplats

    app.command("validera", cls=validera.Command)(validera.validera)
    app.command("rapport")(rapport.rapport)
    app.command("regler")(regler.regler)
    app.command("init")(init.init)
    app.command("schema")(schema.schema)
    app.command("status")(status.status)
    app.command("nytt-ar")(nytt_ar.nytt_ar)
    app.command("kalender")(kalender)
    app.command("paminn")(paminn)
    app.command("agare")(agare)
    app.command("formular")(formular)
    app.command("webbplats")(webbplats)
    app.command("visa")(visa)
    from malkoll.cli.andringar import andringar

    app.command("andringar")(andringar)
    from malkoll.cli.dialog import dialog

    app.command("dialog")(dialog)
    from malkoll.cli.avvikelser import avvikelser

    app.command("avvikelser")(avvikelser)
    from malkoll.cli import lsp

    app.command("lsp")(lsp.lsp)
    app.add_typer(
        kolada.app,
        name="kolada",
        help="Hämta indikatorernas värden från Kolada, och sök nyckeltal där.",
    )
    from malkoll.cli import ekonomi

    app.add_typer(ekonomi.app, name="ekonomi", help="Ekonomin från ekonomisystemet.")


_mount()


def main() -> None:
    """The `malkoll` command: run it, flush what it wrote, and leave at once.

    A command leaves millions of objects behind (a large repository's data and model);
    tearing them down one by one when the interpreter exits costs tens of milliseconds
    and changes nothing, so once stdout and stderr are flushed the process ends with
    `os._exit`. Everything else is as click leaves it: the exit status of `typer.Exit`,
    2 for a usage error, 1 for an interruption (Ctrl-C) or a closed pipe; an unexpected
    error still ends with its traceback, through the interpreter's own exit.
    """
    try:
        app()
        status = 0
    except SystemExit as done:
        status = _exit_status(done.code)
    status = flushed(status)
    planned = replay.active()
    if planned is not None:  # a validera the cache could not answer: keep its answer
        replay.store(planned)
    os._exit(status)


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` would give: a message (a string) is printed, status 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1

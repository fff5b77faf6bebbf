"""`malkoll lsp`: the language server for editors, over stdin and stdout."""

from __future__ import annotations

from typing import Annotated

import typer

from malkoll.cli.common import parse_date

MISSING = (
    "malkoll lsp behöver språkserverns paket: installera malkoll med tillägget lsp, "
    "till exempel pip install 'malkoll[lsp] @ git+https://github.com/malkoll/malkoll'."
)


def lsp(
    idag: Annotated[
        str | None,
        typer.Option(
            help="Dagen kontrollen gäller, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"
        ),
    ] = None,
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio", help="Tala över stdin och stdout (så gör servern alltid; VS Code anger den)."
        ),
    ] = False,
) -> None:
    """Starta språkservern som editorn talar med (Language Server Protocol över stdio).

    Editorn startar den själv: se avsnittet "Editorn: malkoll lsp" i README för VS Code,
    Neovim, Helix och Emacs. Servern visar alla reglernas fynd medan man skriver,
    kompletterar nycklar, värden och id:n, förklarar id:n och fynd och föreslår rättelser.
    """
    day = parse_date(idag)
    try:
        from malkoll.lsp.server import serve
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        typer.echo(MISSING, err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(serve(day))

"""`malkoll ekonomi`: the economy from the ledger.

Like the rest of the CLI this only parses options, calls the core and prints; the core
(`malkoll.ledger`) is imported inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, run_core, use_color
from malkoll.cli.swedish import SwedishTyper
from malkoll.text import count, printable, tal

if TYPE_CHECKING:
    from malkoll.ledger import Import
    from malkoll.ledger.write import NamndChange

app = SwedishTyper(
    help="Ekonomin från ekonomisystemet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def importera(
    fil: Annotated[
        Path,
        typer.Argument(
            help="Ekonomisystemets fil: SIE 4 (.se) eller CSV.", metavar="FIL", show_default=False
        ),
    ],
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar",
            help="Året som importeras (standard: #RAR 0 i SIE-filen, annars filens senaste år).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    katalog: Katalog = Path(),
    torrkorning: Annotated[
        bool, typer.Option("--torrkorning", help="Visa ändringarna utan att skriva något.")
    ] = False,
    utan_cache: UtanCache = False,
) -> None:
    """Importera utfall och budget per ansvar till ÅÅÅÅ/ekonomi.yaml och resultatposterna
    till ÅÅÅÅ/bokslut.yaml.

    Beloppen läggs på organisationerna enligt `ekonomi.importera.ansvar` i malkoll.yaml och
    summeras upp till varje nämnd och dess enheter; belopp på kontona under
    `ekonomi.importera.poster` och på ansvaren under `ekonomi.importera.ansvar_poster` blir
    resultatposter (skatteintäkter, finansförvaltning ...). Bara de importerade siffrorna
    skrivs: prognoser, analyser, åtgärder och kommentarer behålls. Ett ansvar utan mappning är ett
    fel (MK511), och då skrivs ingenting; belopp som inte stämmer med filens egna summor
    (#RES) är en varning (MK517). Slutstatus: 0 när importen lyckades, 1 med fel i
    mappningen, 2 om filen eller målrepot inte kunde läsas.
    """
    from malkoll.ledger import importera as run

    result = run_core(lambda: run(katalog, fil, ar, torrkorning, cache=not utan_cache))
    if result.errors:
        typer.echo(_findings(result), nl=False)
        typer.echo("Importen avbröts: inget har skrivits.")
        raise typer.Exit(1)
    if result.findings:  # warnings (MK517): shown, and the import goes on
        typer.echo(_findings(result), nl=False)
    typer.echo(summary(result, torrkorning), nl=False)


def _findings(result: Import) -> str:
    from malkoll.formats import text
    from malkoll.validate import Result

    shown = Result(result.root, result.findings, [result.source])
    out, _ = text(shown, color=use_color(sys.stdout))
    return out


def summary(result: Import, torrkorning: bool = False) -> str:
    """What the import changed, per nämnd and per result line, in Swedish."""
    rows = f"{tal(result.rows)} belopp"  # the amounts read: an SIE record or a CSV row each
    lines = [f"Läste {rows} från {printable(result.source)} för {result.year}."]
    for merged in (result.merged, result.bokslut):
        for change in merged.changes if merged is not None else []:
            lines.append(_change(change))
    if result.balance_only:
        accounts = ", ".join(printable(a) for a in result.balance_only)
        lines.append(
            f"{'Kontot' if len(result.balance_only) == 1 else 'Kontona'} {accounts} har bara "
            "årets saldo (#RES) i filen, inga belopp per månad: det räknas till filens sista "
            "månad, och resultatposternas tidigare perioder lämnas som de var."
        )
    changed = " och ".join(result.changed_files)
    if not changed:
        lines.append("Inget ändrades.")
    elif torrkorning:
        lines.append(f"Torrkörning: {changed} skrevs inte.")
    else:
        lines.append(f"Skrev {changed}. Granska ändringarna (git diff) och checka in dem.")
        lines.append(
            "Kör malkoll validera: siffror som skrivits för hand ur de gamla, som "
            "femårsöversikten och de finansiella målens utfall, kan behöva ändras (MK515)."
        )
    return "\n".join(lines) + "\n"


def _amount(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return tal(float(value))
    return "–" if value is None else printable(str(value))


def _change(change: NamndChange) -> str:
    head = f"{printable(change.org)}{' (ny i filen)' if change.new else ''}: "
    parts = []
    if change.periods:
        done = "uppdaterad" if len(change.periods) == 1 else "uppdaterade"
        what = f"{count(len(change.periods), 'period', 'perioder')} {done}"
        if change.example is not None:
            key, old, new = change.example
            what += f" ({printable(key)} utfall {_amount(old)} → {_amount(new)})"
        parts.append(what)
    if change.budget is not None:
        old, new = change.budget
        parts.append(f"budget {_amount(old)} → {_amount(new)}")
    if change.enheter:
        n = len(change.enheter)
        names = ", ".join(printable(org) for org in change.enheter[:4])
        more = ", …" if n > 4 else ""
        done = "ändrad" if n == 1 else "ändrade"
        parts.append(f"{count(n, 'enhet', 'enheter')} {done} ({names}{more})")
    return head + ", ".join(parts or ["uppdaterad"])

"""`malkoll kalender [ÅR]`: the årshjul as an iCalendar file, for Outlook and others."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, run_core
from malkoll.text import count, printable


def kalender(
    ar: Annotated[
        int | None,
        typer.Argument(help="Året (standard: i år).", metavar="ÅR", callback=check_year),
    ] = None,
    katalog: Katalog = Path(),
    ut: Annotated[
        str | None,
        typer.Option(
            "--ut",
            "-o",
            help="Filen kalendern skrivs till, eller - för stdout "
            "(standard: rapporter/arshjul-ÅR.ics i målrepot).",
            metavar="FIL",
        ),
    ] = None,
    utan_cache: UtanCache = False,
) -> None:
    """Skriv årshjulet som en iCalendar-fil (.ics) att importera i Outlook.

    Varje händelse i ÅR/arshjul.yaml blir en heldagshändelse på sitt datum, med period
    och organisation i beskrivningen. En inlämningsdag (inlamning) blir en egen händelse
    den dagen, med en påminnelse en vecka före, så att de som lämnar underlagen har den i
    sin kalender. Varje händelse har ett stabilt id (UID) som inte bygger på datumet:
    flyttas en dag i årshjulet och filen importeras igen flyttas händelsen i kalendern i
    stället för att finnas två gånger.

    Beskrivningarna är skrivna för dem som lämnar underlagen: vad som ska lämnas, när och
    för vilken period. En fil som redan finns skrivs bara över om malkoll har skrivit den,
    och mappen för en fil som anges med --ut måste finnas. Slutstatus: 0 när kalendern
    skrevs, 2 om malkoll inte kunde köras.
    """
    from malkoll.writers.calendar import default_path, kalender, write

    root, cal = run_core(lambda: kalender(katalog, ar, cache=not utan_cache))
    if ut == "-":  # as bytes: the CRLF line ends RFC 5545 asks for, on every system
        sys.stdout.flush()
        sys.stdout.buffer.write(cal.text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    path = Path(ut) if ut is not None else default_path(root, cal.ar)
    run_core(lambda: write(cal, path.absolute(), make_folder=ut is None))
    events = count(cal.handelser, "händelse", "händelser")
    deadlines = count(cal.inlamningar, "inlämningsdag", "inlämningsdagar")
    typer.echo(f"Skrev {printable(str(path))} ({events} och {deadlines}).")

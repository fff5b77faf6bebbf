"""What every command module shares: dates, colours, and one line for an expected error.

No domain logic here, and nothing that imports the core: the command modules import it
at the top, the core inside each command.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from .errors import MalkollError

T = TypeVar("T")

Katalog = Annotated[
    Path, typer.Option("--katalog", "-C", help="Målrepot (standard: den aktuella mappen).")
]
"""`-C/--katalog`: the repository a command works on, as every command spells it."""


def parse_date(value: str | None) -> dt.date | None:
    """`--idag ÅÅÅÅ-MM-DD`; a malformed date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} är inte ett datum som ÅÅÅÅ-MM-DD.") from None


def use_color(stream: object) -> bool:
    """Colours on a terminal, unless NO_COLOR is set or CI logs are being written."""
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def run_core(call: Callable[[], T]) -> T:
    """Run a core call; an expected error becomes one line and its exit status."""
    try:
        return call()
    except MalkollError as err:
        typer.echo(f"malkoll: {err}", err=True)
        raise typer.Exit(err.exit_status) from None


# click's own words (usage, help headings, usage errors) in Swedish. click looks them up
# through gettext in each module; no Swedish catalogue ships with it, so the lookup is
# replaced by this table. Anything not in it stays as click wrote it.
_SWEDISH = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Arguments": "Argument",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing {param_type}": "{param_type} saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing command.": "Kommando saknas.",
    "No such option: {name}": "Flaggan {name} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Possible options: {possibilities})": "(Möjliga flaggor: {possibilities})",
    "required": "krävs",
    "default: {default}": "standard: {default}",
    "Aborted!": "Avbrutet!",
    "{value!r} is not a valid integer.": "{value!r} är inte ett heltal.",
    "{value!r} is not a valid float.": "{value!r} är inte ett tal.",
    "{value!r} is not a valid boolean.": "{value!r} är inte ja eller nej.",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} är inte en av {choices}.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Path {filename!r} does not exist.": "Sökvägen {filename!r} finns inte.",
}


def _sv(message: str) -> str:
    return _SWEDISH.get(message, message)


def _sv_plural(singular: str, plural: str, n: int) -> str:
    return _sv(singular if n == 1 else plural)


def swedish_click() -> None:
    """Let click and typer speak Swedish in help screens and usage errors: every loaded
    module of click (or typer's own copy of it) that looks words up through gettext."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("click", "typer")):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _sv  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = _sv_plural  # type: ignore[attr-defined]

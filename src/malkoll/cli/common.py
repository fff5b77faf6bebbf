"""What every command module shares: dates, colours, and one line for an expected error.

No domain logic here, and nothing that imports the core: the command modules import it
at the top, the core inside each command.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from typer._click.exceptions import UsageError
from typer._click.globals import get_current_context

from malkoll.cli.answer import said
from malkoll.cli.progress import use_color as use_color  # re-exported
from malkoll.errors import MalkollError

T = TypeVar("T")

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years malkoll knows (`models.Year`, `repo.FIRST_YEAR`; a test ties them together)."""

Katalog = Annotated[
    Path,
    typer.Option(
        "--katalog", "-C", help="Målrepot (standard: den aktuella mappen).", metavar="MAPP"
    ),
]
"""`-C/--katalog`: the repository a command works on, as every command spells it."""

KatalogFlagga = Annotated[
    Path | None,
    typer.Option(
        "--katalog", "-C", help="Samma som MAPP, som i de andra kommandona.", metavar="MAPP"
    ),
]
"""`-C/--katalog` beside a folder argument (`validera`, `init`): either may name it."""


UtanCache = Annotated[
    bool,
    typer.Option("--utan-cache", help="Läs allt på nytt utan malkolls cache (`.malkoll-cache/`)."),
]
"""`--utan-cache`: every command that reads the repository takes it, and passes
`cache=False` to the core."""


def folder(argument: Path | None, option: Path | None) -> Path:
    """The folder a command works on, from its argument or `-C`; both, differing, is a
    usage error (exit 2)."""
    if argument is not None and option is not None and not _same(argument, option):
        raise UsageError(
            f"Mappen anges två gånger, och olika: {argument} och -C {option}. Ange den en gång."
        )
    return argument if argument is not None else option if option is not None else Path()


def _same(a: Path, b: Path) -> bool:
    try:
        return a == b or a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def check_year(value: int | None) -> int | None:
    """`ÅR` and `--ar`: a year malkoll knows, or a usage error (exit 2)."""
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise typer.BadParameter(f"{value} är inte ett år mellan {FIRST_YEAR} och {LAST_YEAR}.")
    return value


LopandeAr = Annotated[
    int | None,
    typer.Argument(
        help="Året (standard: i år, eller förra året medan dess sista inlämning återstår).",
        metavar="ÅR",
        callback=check_year,
    ),
]
"""`[ÅR]` of the commands that follow the year being written (`status`, `paminn`)."""

LageIdag = Annotated[
    str | None,
    typer.Option(help="Dagen läget gäller, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"),
]
"""`--idag` of the commands that show the state of a day (`status`, `paminn`)."""


def parse_date(value: str | None) -> dt.date | None:
    """`--idag ÅÅÅÅ-MM-DD`; a malformed date is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} är inte ett datum som ÅÅÅÅ-MM-DD.", param_hint="'--idag'"
        ) from None


def run_core(call: Callable[[], T]) -> T:
    """Run a core call; an expected error becomes one line and its exit status."""
    try:
        return call()
    except MalkollError as err:
        raise typer.Exit(said(err, with_folder())) from None


def with_folder() -> str | None:
    """The command being run as it is spelt with its folder named: its words, the values
    of its arguments (a year, a period) and `-C MAPP` (`malkoll rapport 2020 -C MAPP`);
    None outside a command, or for a command without `-C`."""
    ctx = get_current_context(silent=True)
    if ctx is None:
        return None
    params = ctx.command.params
    if not any(p.param_type_name == "option" and "-C" in p.opts for p in params):
        return None
    words = ["malkoll", *ctx.command_path.split()[1:]]
    for p in params:
        value = ctx.params.get(p.name) if p.param_type_name == "argument" and p.name else None
        if value is not None and not isinstance(value, Path | list | tuple):
            words.append(shlex.quote(str(value)))
    return " ".join([*words, "-C", "MAPP"])

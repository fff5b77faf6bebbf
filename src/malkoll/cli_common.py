"""What every command module shares: dates, colours, and one line for an expected error.

No domain logic here, and nothing that imports the core: the command modules import it
at the top, the core inside each command.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import TypeVar

import typer

from .errors import MalkollError

T = TypeVar("T")


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

"""Plain command lines of `validera` and `rapport`, read without typer.

The commands a hook, CI or a controller runs again and again are `malkoll validera` and
`malkoll rapport ÅR`, with a few options. Importing typer and click costs more than a
tenth of a cold check of a small repository, so the console entry point reads such a
line itself: only options it knows (`SPECS`, which a test holds to the typer commands'
own), and only values typer would take as they are (a known format, a date, a year
malkoll knows). Anything else – `--help`, a typo, a malformed value, a value that looks
like an option – goes to typer, which reads the line and says what is wrong. Either way
the same functions in `answer.py` do the work (`answer.run`).
"""

from __future__ import annotations

from typing import NamedTuple

FORMATS = ("text", "json", "github", "gitlab", "sarif")
"""The formats of `validera` (a test holds this to the command's choice)."""
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years `--ar` and `ÅR` take (a test holds them to the command's)."""


class Spec(NamedTuple):
    """A command's options: each spelling that takes a value, and each flag, by field."""

    values: dict[str, str]
    flags: dict[str, str]
    positional: str
    required: bool


_KATALOG = {"--katalog": "katalog", "-C": "katalog"}
_FLAGS = {"--strikt": "strikt", "--utan-cache": "utan_cache"}
SPECS = {
    "validera": Spec(
        {"--format": "format", "-f": "format", "--idag": "idag", "--period": "period"}
        | {"--ar": "ar"}
        | _KATALOG,
        _FLAGS,
        "mapp",
        False,
    ),
    "rapport": Spec(
        {"--period": "period", "--namnd": "namnd", "--format": "format", "-f": "format"}
        | {"--ut": "ut", "--mallar": "mallar", "--idag": "idag"}
        | _KATALOG,
        _FLAGS,
        "ar",
        True,
    ),
}


def read(argv: list[str]) -> dict[str, object] | None:
    """The fields of the plain command line ``argv`` (the command first), or None when it
    is not one (typer reads it then)."""
    spec = SPECS.get(argv[0]) if argv else None
    if spec is None:
        return None
    fields: dict[str, object] = {"command": argv[0]}
    positional: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        name, has_value, value = arg.partition("=")
        if arg == "--":
            positional.extend(rest)
        elif name in spec.values and arg.startswith("--") and has_value:
            fields[spec.values[name]] = value
        elif arg in spec.values:
            following = next(rest, None)
            if following is None or following.startswith("-"):
                return None
            fields[spec.values[arg]] = following
        elif arg in spec.flags:
            fields[spec.flags[arg]] = True
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positional.append(arg)
    if len(positional) > 1 or (spec.required and not positional):
        return None
    if positional:
        fields[spec.positional] = positional[0]
    return fields if _typed(fields) else None


def folder(fields: dict[str, object]) -> str:
    """The folder a plain command line works on: `-C`, or `validera`'s argument, or `.`."""
    return str(fields.get("katalog") or fields.get("mapp") or ".")


def _typed(fields: dict[str, object]) -> bool:
    """Turn the values typer would convert into their types; False where typer would
    refuse one (and say why)."""
    if fields["command"] == "validera":
        if "mapp" in fields and "katalog" in fields:
            return False  # both given: typer compares them
        if fields.get("format", "text") not in FORMATS:
            return False
    for name in ("ar",):
        if name in fields:
            value = str(fields[name])
            if not (value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
                return False
            fields[name] = int(value)
    if "idag" in fields:
        import datetime as dt

        try:
            fields["idag"] = dt.date.fromisoformat(str(fields["idag"]))
        except ValueError:
            return False
    return True

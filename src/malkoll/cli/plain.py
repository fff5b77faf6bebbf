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

# The warm path reads the command line before anything else is imported: os's string
# functions, not pathlib (as in `replay`).
# ruff: noqa: PTH113, PTH118, PTH120

from __future__ import annotations

import os
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
    many: bool = False
    """Whether it takes many arguments (`validera`'s folder or files)."""


_KATALOG = {"--katalog": "katalog", "-C": "katalog"}
_FLAGS = {"--strikt": "strikt", "--utan-cache": "utan_cache"}
SPECS = {
    "validera": Spec(
        {"--format": "format", "-f": "format", "--idag": "idag", "--period": "period"}
        | {"--ar": "ar", "--andrade": "andrade"}
        | _KATALOG,
        _FLAGS,
        "mapp",
        False,
        True,
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
    rest = iter(optional_values(argv)[1:])
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
    if (len(positional) > 1 and not spec.many) or (spec.required and not positional):
        return None
    if spec.many:
        mapp, files = split(positional)
        if mapp is not None:
            fields[spec.positional] = mapp
        if files:
            fields["filer"] = files
    elif positional:
        fields[spec.positional] = positional[0]
    return fields if _typed(fields) else None


OPTIONAL_VALUES = ("--andrade",)
"""Options whose value may be left out: `--andrade` alone compares with the default
branch. typer knows no such option, so the line is written out first (`optional_values`)
for typer as for the plain reader."""


def optional_values(argv: list[str]) -> list[str]:
    """``argv`` with each option of `OPTIONAL_VALUES` that stands without its value written
    `--andrade=` (the empty value: the default). It stands without its value when it is
    last, before another option or `--`, or before a file (one that exists, or a YAML name
    that names nothing, as `split` tells files): `--andrade FIL...` is what a pre-commit
    hook with `args: [--andrade]` runs, and a ref is never a file's name. A ref named like
    a file is written `--andrade=REF`."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            return out + argv[i:]
        following = argv[i + 1] if i + 1 < len(argv) else None
        bare = (
            following is None
            or (following.startswith("-") and following != "-")
            or (arg in OPTIONAL_VALUES and _a_file(following))
        )
        out.append(f"{arg}=" if arg in OPTIONAL_VALUES and bare else arg)
    return out


YAML = (".yaml", ".yml")
"""What the name of a file malkoll reads ends in."""


def split(arguments: list[str]) -> tuple[str | None, list[str]]:
    """`validera`'s arguments as its folder, or as files changed: one argument is the
    folder (as it always was), unless it is a file or names nothing and looks like one (a
    YAML name: a file deleted, or misspelt); otherwise they are files, as a pre-commit
    hook passes them."""
    if len(arguments) == 1 and not _a_file(arguments[0]):
        return arguments[0], []
    return None, arguments


def _a_file(name: str) -> bool:
    if os.path.isfile(name):
        return True
    return name.lower().endswith(YAML) and not os.path.lexists(name)


def root(start: str) -> str | None:
    """The folder with `malkoll.yaml` at or above ``start`` (as `walk.find_root`)."""
    try:
        folder = os.path.realpath(start, strict=True)
        if os.path.isfile(folder):
            folder = os.path.dirname(folder)
        while True:
            if os.path.isfile(os.path.join(folder, "malkoll.yaml")):
                return folder
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent
    except (OSError, RuntimeError, ValueError):
        return None


def folder(fields: dict[str, object]) -> str:
    """The folder a plain command line works on: `-C`, or `validera`'s folder, or `.`; with
    files named and no repository here, the folder of the first file that is in one."""
    chosen = fields.get("katalog") or fields.get("mapp")
    files = fields.get("filer")
    return str(chosen) if chosen else start_of(files if isinstance(files, list) else [])


def start_of(files: list[str]) -> str:
    """Where the repository of a check of ``files`` is looked for: here when here is in
    one (a hook runs at the top of the checkout), else at the first file that is in one
    (the repository in a folder of the checkout)."""
    if files and root(".") is None:
        for name in files:
            where = os.path.dirname(name) or "."
            if root(where) is not None:
                return where
    return "."


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

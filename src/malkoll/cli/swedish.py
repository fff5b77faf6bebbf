"""click's and typer's own words in Swedish: usage lines, help screens and usage errors.

typer 0.29 carries its own copy of click (`typer._click`), whose words are written into
the code in English; typer's own words go through gettext. Both are replaced here, in
one place: `SwedishTyper` builds every group and command from `SwedishGroup` and
`SwedishCommand`, which write the usage line and the help option in Swedish, and turn
every usage error (click's, typer's, pydantic's wording of a wrong value) into one in
Swedish before it is shown. Text and flags are converted without the pydantic adapter
typer would build for each (`_cheap`). Nothing here imports the core.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import typer
from typer import _click
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperArgument, TyperCommand, TyperGroup

from malkoll.text import printable

HELP = "Visa den här hjälpen och avsluta."
OPTIONS = "[FLAGGOR]"
SUBCOMMAND = "KOMMANDO [ARGUMENT]..."
USAGE = "Användning: "

# typer's words that go through gettext (help headings, `default:`, `Aborted!`). typer
# looks them up in each module; no Swedish catalogue ships with it, so the lookup is
# replaced by this table. Anything not in it stays as typer wrote it.
_GETTEXT = {
    "Options": "Flaggor",
    "Arguments": "Argument",
    "Commands": "Kommandon",
    "Error": "Fel",
    "required": "krävs",
    "[required]": "[krävs]",
    "default: {default}": "standard: {default}",
    "[default: {}]": "[standard: {}]",
    "env var: {var}": "miljövariabel: {var}",
    "[env var: {}]": "[miljövariabel: {}]",
    "(dynamic)": "(beräknas)",
    "(deprecated) ": "(utgår) ",
    "Aborted!": "Avbrutet!",
    "Aborted.": "Avbrutet.",
    "Missing command.": "Kommando saknas.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Skriv [blue]'{command_path} {help_option}'[/] för hjälp."
    ),
}

_TYPE_METAVARS: dict[Any, str] = {Path: "MAPP", str: "TEXT", int: "TAL", float: "TAL"}
"""The value an option takes, in its help line, when the option names none itself."""


def _sv(message: str) -> str:
    return _GETTEXT.get(message, message)


def swedish_click() -> None:
    """Let typer's gettext lookups answer in Swedish, in every loaded module of typer."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("click", "typer")):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _sv  # type: ignore[attr-defined]
    rich = sys.modules.get("typer.rich_utils")
    if rich is not None:
        _swedish_rich(rich)


def swedish_rich() -> None:
    """typer's rich help panels and error box in Swedish (a root app that uses rich shows
    malkoll's errors with them): loaded here, as typer loads it only when it needs it."""
    from typer import core

    if core.HAS_RICH:
        from typer import rich_utils

        _swedish_rich(rich_utils)


def _swedish_rich(rich: Any) -> None:
    """rich_utils looked its words up when it was imported: replace them."""
    for constant in _RICH_WORDS:
        value = getattr(rich, constant, None)
        if isinstance(value, str):
            english = next((k for k, v in _GETTEXT.items() if v == value), value)
            setattr(rich, constant, _sv(english))


_RICH_WORDS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)


# --- usage errors ------------------------------------------------------------------------


class SwedishUsageError(UsageError):
    """A usage error whose message is Swedish, shown with the usage line in Swedish."""

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"Skriv '{ctx.command_path} {ctx.help_option_names[0]}' för hjälp.\n"
            typer.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None)
        typer.echo(f"Fel: {self.format_message()}", file=file, err=file is None)


class SwedishError(ClickException):
    """Any other error of click's, in Swedish."""

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(f"Fel: {self.format_message()}", file=file, err=file is None)


@contextmanager
def swedish_errors() -> Iterator[None]:
    """Every usage error raised inside, as a `SwedishUsageError` (the help that no
    arguments show passes as it is)."""
    try:
        yield
    except (NoArgsIsHelpError, SwedishUsageError, SwedishError):
        raise
    except UsageError as err:
        swedish_rich()
        swedish = SwedishUsageError(printable(usage_message(err)), err.ctx)
        swedish.exit_code = err.exit_code
        raise swedish from err
    except ClickException as err:
        swedish_rich()
        other = SwedishError(printable(_english(err.format_message())))
        other.exit_code = err.exit_code
        raise other from err


def usage_message(err: UsageError) -> str:
    """The Swedish message of a usage error."""
    if isinstance(err, NoSuchOption):
        message = f"Flaggan {err.option_name} finns inte."
        if err.possibilities:
            message += f" Menade du {' eller '.join(sorted(err.possibilities))}?"
        return message
    if isinstance(err, MissingParameter):
        return _missing(err)
    if isinstance(err, BadParameter):
        hint = _param_hint(err)
        reason = _reason(err)
        return f"Ogiltigt värde för {hint}: {reason}" if hint else f"Ogiltigt värde: {reason}"
    return _english(err.message)


def _param_hint(err: BadParameter) -> str | None:
    hint: Sequence[str] | str | None = err.param_hint
    if hint is None and err.param is not None:
        hint = err.param.get_error_hint()
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _missing(err: MissingParameter) -> str:
    hint = _param_hint(err) or "ett värde"
    param = err.param
    if param is not None and param.param_type_name == "option":
        message = f"Flaggan {hint} saknas."
    else:
        message = f"{hint} saknas."
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) if descriptor is not None else None
    if choices:
        shown = ", ".join(str(getattr(c, "value", c)) for c in choices)
        message += f" Välj en av: {shown}."
    return message


def _reason(err: BadParameter) -> str:
    """Why the value is wrong: pydantic's error (typer converts values with it) or
    click's words in Swedish; a message of malkoll's own is Swedish already."""
    cause = err.__cause__
    errors = getattr(cause, "errors", None)
    if cause is not None and callable(errors) and type(cause).__name__ == "ValidationError":
        found = errors()
        if found:
            return _pydantic(found[0])
    return _english(err.message)


def _pydantic(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    value = error.get("input")
    ctx = error.get("ctx") or {}
    shown = repr(value) if isinstance(value, str) else str(value)
    limits = {
        "greater_than_equal": ("ge", "minst"),
        "greater_than": ("gt", "större än"),
        "less_than_equal": ("le", "högst"),
        "less_than": ("lt", "mindre än"),
    }
    if kind in limits:
        key, words = limits[kind]
        return f"värdet ska vara {words} {ctx.get(key)}, inte {shown}."
    if kind.startswith("int_"):
        return f"{shown} är inte ett heltal."
    if kind.startswith("float_"):
        return f"{shown} är inte ett tal."
    if kind.startswith("bool_"):
        return f"{shown} är inte sant eller falskt."
    if kind.startswith(("date_", "datetime_")):
        return f"{shown} är inte ett datum som ÅÅÅÅ-MM-DD."
    if kind == "value_error":
        return _english(str(ctx.get("error", "")) or str(error.get("msg", "")))
    return f"{shown} är inte ett tillåtet värde."


_ENGLISH: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^(?:Value error, )?(.+) is not one of (.+)\.$"), r"\1 är inte ett av \2."),
    (re.compile(r"^Option (.+) requires an argument\.$"), r"Flaggan \1 behöver ett värde."),
    (re.compile(r"^Option (.+) requires (\d+) arguments\.$"), r"Flaggan \1 behöver \2 värden."),
    (re.compile(r"^Option (.+) does not take a value\.$"), r"Flaggan \1 tar inget värde."),
    (
        re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((.*)\)$", re.S),
        r"För många värden på kommandoraden: \1.",
    ),
    (re.compile(r"^Argument (.+) takes (\d+) values\.$"), r"\1 tar \2 värden."),
    (re.compile(r"^(.*?)\.? ?Did you mean (.+)\?$", re.S), r"\1. Menade du \2?"),
    (re.compile(r"^Value (.+) is not a valid (.+)\.$"), r"\1 är inte ett tillåtet värde."),
    (re.compile(r"^Value must be an iterable\.$"), "Värdet ska vara en lista."),
    (re.compile(r"^(.+) does not match the formats (.+)\.$"), r"\1 har inte formen \2."),
    (re.compile(r"^(?:File|Directory|Path) (.+) does not exist\.$"), r"\1 finns inte."),
    (re.compile(r"^(?:File|Directory|Path) (.+) is a file\.$"), r"\1 är en fil."),
    (re.compile(r"^(?:File|Directory|Path) (.+) is a directory\.$"), r"\1 är en mapp."),
    (re.compile(r"^(?:File|Directory|Path) (.+) is not readable\.$"), r"\1 kan inte läsas."),
    (re.compile(r"^(?:File|Directory|Path) (.+) is not writable\.$"), r"\1 kan inte skrivas."),
    (re.compile(r"^Could not open file (.+?): (.+)$"), r"Kunde inte öppna \1: \2"),
]
"""click's and typer's wordings of a usage error that reach malkoll, in Swedish."""


def _english(message: str) -> str:
    for pattern, swedish in _ENGLISH:
        if pattern.match(message):
            return pattern.sub(swedish, message, count=1)
    return message


# --- usage lines and help ------------------------------------------------------------------


def _argument_usage(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    name = name if param.required else f"[{name}]"
    return f"{name}..." if param.nargs != 1 else name


class _Swedish:
    """What `SwedishGroup` and `SwedishCommand` share: Swedish usage, help and errors."""

    options_metavar: str | None
    params: list[Any]

    def _swedish_setup(self) -> None:
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = OPTIONS
        for param in self.params:
            _cheap(param)
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""  # a flag takes no value (rich would show `<bool>`)
            if param.metavar is not None:
                continue
            if isinstance(param, TyperArgument):
                param.metavar = (param.name or "").upper()
                continue
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and not descriptor.is_choice:
                metavar = _TYPE_METAVARS.get(descriptor.annotation)
                if metavar is not None:
                    param.metavar = metavar

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, TyperArgument):
                pieces.append(_argument_usage(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        subcommand = getattr(self, "subcommand_metavar", None)
        if subcommand:
            pieces.append(subcommand)
        return pieces

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        if getattr(self, "rich_markup_mode", None) is not None:
            swedish_rich()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """Arguments and options under Swedish headings; an argument by its name alone."""
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((param.metavar or (param.name or "").upper(), record[1]))
            else:
                options.append(record)
        for heading, rows in (("Argument", arguments), ("Flaggor", options)):
            if rows:
                with formatter.section(heading):
                    formatter.write_dl(rows)
        commands = getattr(self, "format_commands", None)
        if commands is not None:  # a group: its commands after its options
            commands(ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _cheap(option)
            option.help = HELP
            option.metavar = ""
        return option

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> _click.Context:
        with swedish_errors():
            made: _click.Context = super().make_context(  # type: ignore[misc]
                info_name, args, parent, **extra
            )
            return made

    def invoke(self, ctx: _click.Context) -> Any:
        with swedish_errors():
            return super().invoke(ctx)  # type: ignore[misc]


class _Text(RuntimeParam):
    """A text value taken as it is: what typer's pydantic adapter for `str` gives."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, bytes):
            return value.decode(sys.getfilesystemencoding(), "surrogateescape")
        return str(value)


class _Flag(RuntimeParam):
    """A flag's value: a bool passes as it is, anything else goes to typer's adapter."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, bool):
            return value
        return build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)


def _cheap(param: Any) -> None:
    """Text (`str`, `str | None`) and flags converted without the pydantic TypeAdapter
    typer builds for each parameter on first use, even for a value left out (`--help`
    among them): so a command that takes only text and flags (`malkoll regler KOD`)
    imports no pydantic."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return
    kind = {str: _Text, bool: _Flag}.get(descriptor.annotation)
    if kind is not None:
        param._runtime_param = kind(descriptor.parameter_info, descriptor.annotation)


class SwedishCommand(_Swedish, TyperCommand):
    """A typer command that speaks Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._swedish_setup()


class SwedishGroup(_Swedish, TyperGroup):
    """A typer group that speaks Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = SUBCOMMAND
        self._swedish_setup()


_Command = TypeVar("_Command", bound=Callable[..., Any])


class SwedishTyper(typer.Typer):
    """`typer.Typer` whose groups and commands are `SwedishGroup` and `SwedishCommand`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", SwedishGroup)
        super().__init__(**kwargs)

    def command(  # the same options as typer's, passed on as they are
        self, name: str | None = None, **kwargs: Any
    ) -> Callable[[_Command], _Command]:
        kwargs.setdefault("cls", SwedishCommand)
        return super().command(name, **kwargs)

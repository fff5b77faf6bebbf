"""The command line: parse options, call the core, print, choose the exit status.

No domain logic lives here, and the core is imported inside each command so that
`malkoll --help` starts as fast as its dependencies allow.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll import __version__
from malkoll.cli.common import (
    Katalog,
    KatalogFlagga,
    check_year,
    folder,
    parse_date,
    run_core,
    use_color,
)
from malkoll.cli.swedish import SwedishTyper, swedish_click
from malkoll.text import count, printable

swedish_click()

app = SwedishTyper(
    name="malkoll",
    help="Kontrollerar och publicerar kommunens mål och uppföljning, skrivna som YAML i git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


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


@app.command()
def validera(
    katalog: Annotated[
        Path | None,
        typer.Argument(
            help="Målrepot eller en mapp i det (standard: den aktuella).",
            metavar="MAPP",
            show_default=False,
        ),
    ] = None,
    katalog_flagga: KatalogFlagga = None,
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Utdata: text, json, github, gitlab eller sarif "
            "(standard: text, github när GITHUB_ACTIONS är satt).",
        ),
    ] = None,
    idag: Annotated[
        str | None,
        typer.Option(
            help="Dagen kontrollen gäller, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Kontrollera bara den perioden, som om inlämningsdagen passerat."),
    ] = None,
    ar: Annotated[
        int | None,
        typer.Option(help="Kontrollera bara det året.", metavar="ÅR", callback=check_year),
    ] = None,
    strikt: Annotated[
        bool, typer.Option("--strikt", help="Varningar ger också slutstatus 1.")
    ] = False,
) -> None:
    """Kontrollera målrepots filer: schema, id:n, referenser och uppföljningens fullständighet.

    Slutstatus: 0 utan fel, 1 med fel (eller varningar med --strikt), 2 om malkoll inte
    kunde köras.
    """
    from malkoll.formats import FORMATS, step_summary
    from malkoll.validate import validera as run

    start = folder(katalog, katalog_flagga)
    day = parse_date(idag)
    chosen = format.value if format else ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    with _progress(chosen == "text") as progress:
        result = run_core(lambda: run(start, idag=day, period=period, ar=ar, progress=progress))
    out, err = FORMATS[chosen](result, color=chosen == "text" and use_color(sys.stdout))
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as fh:
            fh.write(step_summary(result))
    raise typer.Exit(result.exit_status(strict=strikt))


@app.command()
def rapport(
    ar: Annotated[int, typer.Argument(help="Året, t.ex. 2020.", metavar="ÅR", callback=check_year)],
    katalog: Katalog = Path(),
    period: Annotated[
        str | None, typer.Option(help="Perioden (standard: årets sista, årsredovisningen).")
    ] = None,
    namnd: Annotated[
        str | None, typer.Option("--namnd", help="En nämnds egen rapport, ned till enheterna.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="md, html eller båda: md,html.")
    ] = "md,html",
    ut: Annotated[
        Path | None, typer.Option(help="Mappen rapporterna skrivs till (standard: rapporter/).")
    ] = None,
    mallar: Annotated[
        Path | None, typer.Option(help="Egna mallar; de vinner fil för fil över standardmallarna.")
    ] = None,
    strikt: Annotated[
        bool, typer.Option("--strikt", help="Bygg inte rapporten medan fel återstår.")
    ] = False,
    idag: Annotated[
        str | None,
        typer.Option(help="Rapportens datum, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"),
    ] = None,
) -> None:
    """Bygg årsredovisningen eller en delårsrapport som Markdown och HTML.

    Saknas något i underlaget blir rapporten ett utkast (UTKAST) med en bilaga över det som
    saknas. Slutstatus: 0 när rapporten skrevs, 1 om --strikt vägrade, 2 om malkoll inte
    kunde köras.
    """
    from malkoll.report import rapport as build

    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    day = parse_date(idag)
    with _progress(True) as progress:
        built = run_core(
            lambda: build(
                katalog,
                ar,
                period=period,
                namnd=namnd,
                formats=formats,
                out=ut,
                templates=mallar,
                strict=strikt,
                today=day,
                progress=progress,
            )
        )
    for path in built.files:
        typer.echo(f"Skrev {printable(str(path))}")
    if built.draft:
        result = built.result
        warnings = count(result.warnings, "varning", "varningar")
        typer.echo(
            f"Rapporten är ett utkast: {result.errors} fel och {warnings} återstår (se bilagan "
            "i rapporten, eller malkoll validera)."
        )


@app.command()
def regler(
    kod: Annotated[str | None, typer.Argument(help="En regel, t.ex. MK304.", metavar="KOD")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Alla regler som Markdown (docs/regler.md).")
    ] = False,
) -> None:
    """Lista reglerna, eller förklara en regel med exempel på fel och rätt."""
    from malkoll.rules.catalog import describe, listing
    from malkoll.rules.catalog import markdown as as_markdown

    if markdown:
        typer.echo(as_markdown(), nl=False)
    else:
        typer.echo(run_core(lambda: describe(kod) if kod else listing()), nl=False)


@contextmanager
def _progress(wanted: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long reads: only on a terminal, never in CI or with a
    machine format, and only once reading has taken more than a moment."""
    if not wanted or not use_color(sys.stderr):
        yield None
        return
    from malkoll.cli.progress import DelayedBar

    bar = DelayedBar()
    try:
        yield bar.update
    finally:
        bar.close()


def _mount() -> None:
    """The commands that live in their own modules."""
    from malkoll.cli import editor as cli_editor
    from malkoll.cli import kolada as cli_kolada
    from malkoll.cli import year as cli_year

    app.command("init")(cli_editor.init)
    app.command("schema")(cli_editor.schema)
    app.command("status")(cli_year.status)
    app.command("nytt-ar")(cli_year.nytt_ar)
    app.add_typer(
        cli_kolada.app,
        name="kolada",
        help="Hämta indikatorernas värden från Kolada, och sök nyckeltal där.",
    )


_mount()


def main() -> None:
    """The `malkoll` command."""
    app()

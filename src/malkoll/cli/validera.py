"""`malkoll validera`: check the goal repository and print the findings."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import (
    KatalogFlagga,
    UtanCache,
    check_year,
    folder,
    parse_date,
    run_core,
    use_color,
)
from malkoll.cli.progress import progress_bar


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


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
    utan_cache: UtanCache = False,
) -> None:
    """Kontrollera målrepots filer: schema, id:n, referenser och uppföljningens fullständighet.

    Slutstatus: 0 utan fel, 1 med fel (eller varningar med --strikt), 2 om malkoll inte
    kunde köras.
    """
    from malkoll.cli import replay
    from malkoll.formats import FORMATS, step_summary
    from malkoll.validate import validera as run

    start = folder(katalog, katalog_flagga)
    day = parse_date(idag)
    chosen = format.value if format else ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    planned = replay.active()  # the entry point's plan: read through the same cache
    cache = False if utan_cache else (planned.store if planned is not None else True)
    with progress_bar(chosen == "text") as progress:
        result = run_core(
            lambda: run(start, idag=day, period=period, ar=ar, progress=progress, cache=cache)
        )
    out, err = FORMATS[chosen](result, color=chosen == "text" and use_color(sys.stdout))
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = step_summary(result) if chosen == "github" and summary_file else None
    if summary is not None:
        with Path(str(summary_file)).open("a", encoding="utf-8") as fh:
            fh.write(summary)
    status = result.exit_status(strict=strikt)
    replay.record(result.root, out, err, status, summary)
    raise typer.Exit(status)

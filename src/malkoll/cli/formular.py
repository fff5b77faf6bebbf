"""`malkoll formular`: the forms in the browser (Decap CMS) for the year's files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, run_core
from malkoll.text import count, printable


class Vard(StrEnum):
    gitlab = "gitlab"
    github = "github"
    lokal = "lokal"


def formular(
    ar: Annotated[
        int | None,
        typer.Argument(
            help="Året (standard: repots senaste årsmapp).", metavar="ÅR", callback=check_year
        ),
    ] = None,
    katalog: Katalog = Path(),
    ut: Annotated[
        Path | None,
        typer.Option(help="Mappen som skrivs (standard: admin/ i repots rot).", metavar="MAPP"),
    ] = None,
    backend: Annotated[
        Vard,
        typer.Option(
            "--backend",
            help="gitlab, github eller lokal (decap-server på den här datorn, för att prova).",
        ),
    ] = Vard.lokal,
    repo: Annotated[
        str | None,
        typer.Option(
            "--repo", help="Repot på git-värden, t.ex. kommunen/mal.", metavar="GRUPP/REPO"
        ),
    ] = None,
    gren: Annotated[
        str, typer.Option("--gren", help="Grenen formulären skriver till.", metavar="GREN")
    ] = "main",
    app_id: Annotated[
        str | None,
        typer.Option(
            "--app-id",
            help="OAuth-applikationens id på GitLab (PKCE, ingen hemlighet).",
            metavar="ID",
        ),
    ] = None,
    bas_url: Annotated[
        str | None,
        typer.Option(
            "--bas-url",
            help="Adressen till en egen GitLab, t.ex. https://gitlab.kommun.se.",
            metavar="URL",
        ),
    ] = None,
    lokal_url: Annotated[
        str | None,
        typer.Option(
            "--lokal-url",
            help="decap-servers adress för --backend lokal "
            "(standard: http://localhost:8081/api/v1).",
            metavar="URL",
        ),
    ] = None,
    cms_url: Annotated[
        str | None,
        typer.Option(
            "--cms-url",
            help="En egen kopia av Decap CMS (decap-cms.js) i stället för den låsta "
            "versionen på unpkg.com.",
            metavar="URL",
        ),
    ] = None,
    direkt: Annotated[
        bool,
        typer.Option(
            "--direkt",
            help="Spara direkt på grenen, utan granskningsflödet (utkast → granskas → "
            "klar som merge requests).",
        ),
    ] = False,
    utan_cache: UtanCache = False,
) -> None:
    """Skriv formulären för årets filer: admin/index.html och admin/config.yml för Decap CMS.

    Formulären byggs från modellerna och repot, aldrig för hand: en samling per
    planmapp med varje organisations plan, med fält för det en period kräver – per
    delmål analysens delar, bedömningen ur repots skala, aktiviteternas status och
    kommentar (i årets sista period också hur det har gått och vad det har lett till),
    verksamhetsmålens utfall, sammanfattning och klarmarkering per period – och för
    nämndens controller internkontroll och ekonomi. Organisationer utan planfil räknas
    upp. Kör kommandot igen när organisationen, målen eller perioderna ändras.

    Med --backend gitlab loggar man in med GitLab (OAuth med PKCE: --app-id, och
    --bas-url för en egen GitLab); ändringarna blir merge requests om inte --direkt
    anges. --backend lokal är för att prova: kör `npx decap-server` i repots rot och
    öppna admin/ via en webbserver på localhost.

    En mapp som inte är skriven av malkoll formular skrivs aldrig över.

    Slutstatus: 0 när formulären skrevs eller redan var aktuella, 2 om malkoll inte
    kunde köras.
    """
    from malkoll.forms import Backend, prepare, write

    if backend != Vard.lokal and not repo:
        raise typer.BadParameter(
            f"--backend {backend.value} behöver --repo GRUPP/REPO.", param_hint="'--repo'"
        )
    chosen = Backend(
        name=backend.value,
        repo=repo,
        branch=gren,
        app_id=app_id,
        base_url=bas_url,
        local_url=lokal_url,
        editorial_workflow=not direkt and backend != Vard.lokal,
    )
    prepared = run_core(lambda: prepare(katalog, ar, chosen, cms_url, cache=not utan_cache))
    folder = ut if ut is not None else prepared.root / "admin"
    root = folder.parent if ut is not None else prepared.root
    written = run_core(lambda: write(prepared.files, folder, root))
    shown = _shown(folder)
    plans = count(len(prepared.forms.plan_files), "plan", "planer")
    if written:
        typer.echo(f"Skrev formulären för {prepared.year} i {shown}/: {plans}.")
    else:
        typer.echo(f"Formulären för {prepared.year} i {shown}/ är redan aktuella: {plans}.")
    missing = prepared.forms.without_plan
    if missing:
        typer.echo(
            f"Utan planfil {prepared.year} (finns inte i formulären; skapa filen för att "
            "ta med den):"
        )
        for org_id, name in missing:
            typer.echo(f"  {printable(name)} ({printable(org_id)})")
    if backend == Vard.gitlab and not app_id:
        typer.echo(
            "Obs: utan --app-id kan ingen logga in. Registrera en OAuth-applikation på "
            "GitLab (scope api, inte konfidentiell) med admin/-sidans adress som "
            "redirect URI."
        )


def _shown(path: Path) -> str:
    try:
        return printable(path.resolve().relative_to(Path.cwd().resolve()).as_posix())
    except (OSError, RuntimeError, ValueError):
        return printable(str(path))

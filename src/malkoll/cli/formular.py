"""`malkoll formular`: the forms in the browser (Decap CMS) for the year's files."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

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
            "--repo",
            help="Repot på git-värden, t.ex. kommunen/mal (på GitLab får grupper ha "
            "undergrupper: kommunen/styrning/mal).",
            metavar="GRUPP/REPO",
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
            help="Adressen till en egen GitLab, t.ex. https://gitlab.kommun.se; med "
            "--backend github OAuth-serverns adress.",
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
    öppna admin/ via en webbserver på localhost. --backend github behöver en
    OAuth-server som håller applikationens hemlighet (--bas-url; se README).

    En mapp som inte är skriven av malkoll formular skrivs aldrig över.

    Slutstatus: 0 när formulären skrevs eller redan var aktuella, 2 om malkoll inte
    kunde köras.
    """
    from malkoll.forms import Backend, prepare, write

    _check_options(backend, repo, gren, app_id, bas_url, lokal_url, cms_url)
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
    if backend == Vard.github and not bas_url:
        typer.echo(
            "Obs: GitHub-inloggningen i Decap behöver en OAuth-server som håller "
            "applikationens hemlighet; ange dess adress med --bas-url. Se README, avsnittet "
            '"Formulär i webbläsaren" (GitHub).'
        )
    if backend == Vard.gitlab and not app_id:
        typer.echo(
            "Obs: utan --app-id kan ingen logga in. Registrera en OAuth-applikation på "
            "GitLab (scope api, inte konfidentiell) med admin/-sidans adress som "
            "redirect URI."
        )


_REPO_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _check_options(
    backend: Vard,
    repo: str | None,
    gren: str,
    app_id: str | None,
    bas_url: str | None,
    lokal_url: str | None,
    cms_url: str | None,
) -> None:
    """Refuse option values that cannot work, before anything is read or written."""
    if backend != Vard.lokal and not repo:
        raise typer.BadParameter(
            f"--backend {backend.value} behöver --repo GRUPP/REPO.", param_hint="'--repo'"
        )
    if repo is not None:
        parts = repo.split("/")
        levels = len(parts) == 2 if backend == Vard.github else len(parts) >= 2
        if not levels or not all(_REPO_PART.fullmatch(p) for p in parts):
            shape = (
                "ÄGARE/REPO (t.ex. kommunen/mal)"
                if backend == Vard.github
                else "GRUPP/REPO, med undergrupper GRUPP/UNDERGRUPP/REPO (t.ex. kommunen/mal)"
            )
            raise typer.BadParameter(
                f"{printable(repo)} är inte ett repo på git-värden: skriv {shape}.",
                param_hint="'--repo'",
            )
    if (
        not gren
        or any(ch.isspace() or ch in "~^:?*[\\" for ch in gren)
        or ".." in gren
        or gren.startswith(("-", "/"))
        or gren.endswith(("/", ".", ".lock"))
    ):
        raise typer.BadParameter(
            f"{printable(_quoted_empty(gren))} är inte ett grennamn (t.ex. main).",
            param_hint="'--gren'",
        )
    if app_id is not None and backend != Vard.gitlab:
        raise typer.BadParameter(
            f"--app-id gäller bara --backend gitlab, inte --backend {backend.value}.",
            param_hint="'--app-id'",
        )
    if app_id is not None and not app_id.strip():
        raise typer.BadParameter("--app-id är tomt.", param_hint="'--app-id'")
    if bas_url is not None:
        if backend == Vard.lokal:
            raise typer.BadParameter(
                "--bas-url gäller --backend gitlab och github, inte --backend lokal "
                "(använd --lokal-url).",
                param_hint="'--bas-url'",
            )
        _http_url(bas_url, "'--bas-url'", "https://gitlab.kommun.se")
    if lokal_url is not None:
        if backend != Vard.lokal:
            raise typer.BadParameter(
                f"--lokal-url gäller bara --backend lokal, inte --backend {backend.value}.",
                param_hint="'--lokal-url'",
            )
        _http_url(lokal_url, "'--lokal-url'", "http://localhost:8081/api/v1")
    if cms_url is not None:
        parsed = urlsplit(cms_url)
        relative = not parsed.scheme and not parsed.netloc and bool(parsed.path)
        if not (relative or _is_http(cms_url)) or any(ch.isspace() for ch in cms_url):
            raise typer.BadParameter(
                f"{printable(cms_url)} är varken en http(s)-adress eller en relativ sökväg "
                "(t.ex. https://cms.kommun.se/decap-cms.js eller decap-cms.js).",
                param_hint="'--cms-url'",
            )


def _quoted_empty(text: str) -> str:
    return text if text else "''"


def _is_http(url: str) -> bool:
    try:
        parsed = urlsplit(url)
        return parsed.scheme in ("http", "https") and bool(parsed.hostname)
    except ValueError:
        return False


def _http_url(url: str, hint: str, example: str) -> None:
    if not _is_http(url) or any(ch.isspace() for ch in url):
        raise typer.BadParameter(
            f"{printable(url)} är inte en http(s)-adress (t.ex. {example}).",
            param_hint=hint,
        )


def _shown(path: Path) -> str:
    try:
        return printable(path.resolve().relative_to(Path.cwd().resolve()).as_posix())
    except (OSError, RuntimeError, ValueError):
        return printable(str(path))

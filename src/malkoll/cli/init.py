"""`malkoll init [MAPP]`: create a goal repository ready to use."""

from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import KatalogFlagga, check_year, folder, parse_date, run_core
from malkoll.text import count, printable


def init(
    katalog: Annotated[
        Path | None,
        typer.Argument(
            help="Mappen för målrepot (standard: den aktuella).", metavar="MAPP", show_default=False
        ),
    ] = None,
    katalog_flagga: KatalogFlagga = None,
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar", help="Året att lägga upp (standard: i år).", metavar="ÅR", callback=check_year
        ),
    ] = None,
    kommun: Annotated[
        str | None,
        typer.Option(help="Kommunens namn i malkoll.yaml (standard: Min kommun).", metavar="NAMN"),
    ] = None,
    idag: Annotated[
        str | None,
        typer.Option(
            help="Dagen målrepot ska vara komplett för, ÅÅÅÅ-MM-DD (standard: i dag).",
            metavar="DATUM",
        ),
    ] = None,
) -> None:
    """Lägg upp ett nytt målrepo: inställningar, organisation, ett mål, årets plan, CI och
    editorstöd.

    En fil som redan finns skrivs aldrig över, så en andra körning ändrar ingenting.
    Exempelplanerna har uppföljning för årets perioder som redan passerat, så att
    `malkoll validera` går igenom direkt. En mapp inuti ett annat målrepo (en malkoll.yaml
    ovanför) vägras: det yttre målrepot skulle inte läsa det inre. I ett befintligt målrepo
    (en malkoll.yaml i mappen) skrivs bara CI-, editor- och git-filer som saknas, för årets
    senaste årsmapp, aldrig exempelmål eller planer. Slutstatus: 0, eller 2
    om malkoll inte kunde köras.
    """
    from malkoll.writers.scaffold import init as create

    target = folder(katalog, katalog_flagga)
    day = parse_date(idag)
    result = run_core(lambda: create(target, ar=ar, kommun=kommun, idag=day))
    where = printable(str(result.root))
    if result.existing:
        typer.echo(
            f"{where} är redan ett målrepo: bara filerna runt datat (CI, editor, git) som "
            "saknades skrivs, inga exempelmål eller planer."
        )
    if not result.created:
        typer.echo(f"Inget att göra: alla {len(result.kept)} filer finns redan i {where}.")
        typer.echo(_GIT[result.git])
        return
    typer.echo(f"Skapade {count(len(result.created), 'fil', 'filer')} i {where}:")
    for rel in result.created:
        typer.echo(f"  {rel}")
    if result.kept:
        kept = count(len(result.kept), "befintlig fil", "befintliga filer")
        typer.echo(f"Lämnade {kept} orörda:")
        for rel in result.kept:
            typer.echo(f"  {rel}")
    typer.echo(_GIT[result.git])
    typer.echo(f"Nästa steg: läs README.md och kör malkoll validera {_shell_word(target)}")


_GIT = {
    "skapat": "Gjorde mappen till ett git-repo (git init); checka in filerna med git add och "
    "git commit.",
    "finns": "Mappen är redan ett git-repo.",
    "inuti": "Mappen ligger i ett annat git-repo; inget nytt gjordes. Vill ni ha målrepot för "
    "sig, flytta mappen och kör git init där.",
    "saknas": "git finns inte på datorn: installera git och kör git init i mappen för att "
    "kunna checka in och använda pre-commit.",
}


def _shell_word(path: Path) -> str:
    """A folder as it can be typed after a command: quoted when the shell needs it."""
    import shlex

    return printable(shlex.quote(str(path)))

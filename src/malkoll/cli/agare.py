"""`malkoll agare`: CODEOWNERS from the organisation tree, for GitHub or GitLab."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from malkoll.cli.common import Katalog, UtanCache, run_core
from malkoll.text import count, printable

if TYPE_CHECKING:
    from malkoll.writers.codeowners import Codeowners


class Plats(StrEnum):
    github = "github"
    gitlab = "gitlab"


def agare(
    plats: Annotated[
        Plats | None,
        typer.Option(
            "--plats",
            help="github eller gitlab (standard: den som en tidigare CODEOWNERS, git-remoten "
            "origin, .github/ eller .gitlab-ci.yml visar; annars github).",
        ),
    ] = None,
    standard: Annotated[
        list[str] | None,
        typer.Option(
            "--standard",
            help="Standardägaren, som godkänner de gemensamma filerna (kan anges flera "
            "gånger; standard: git i malkoll.yaml).",
            metavar="@ANVÄNDARE",
        ),
    ] = None,
    kontrollera: Annotated[
        bool,
        typer.Option(
            "--kontrollera",
            help="Skriv inget: slutstatus 1 om filen inte är som malkoll skulle skriva den.",
        ),
    ] = False,
    ut: Annotated[
        str | None,
        typer.Option(
            help="Filen som skrivs, eller - för skärmen (standard: där git-värden läser den).",
            metavar="FIL",
        ),
    ] = None,
    katalog: Katalog = Path(),
    utan_cache: UtanCache = False,
) -> None:
    """Skriv CODEOWNERS från organisationsträdet: vem som godkänner vilka filer.

    En organisations planer (ÅR/plan/, alla år) och internkontrollplaner kräver
    godkännande av användarna i organisationens `git` i organisation.yaml, eller om den
    saknar egna, av dem hos organisationen närmast ovanför som har några (nämndens
    controller). Allt annat – malkoll.yaml, organisation.yaml, mal/, indikatorer/, årens
    uppdrag, ekonomi och årshjul, CODEOWNERS, CI – godkänns av standardägaren (--standard,
    eller `git` i malkoll.yaml). Organisationer utan ägare någonstans ovanför räknas upp.

    För GitHub skrivs .github/CODEOWNERS, för GitLab CODEOWNERS i roten: den fil som
    git-värden läser först. En fil som inte är skriven av malkoll skrivs aldrig över.

    Slutstatus: 0; med --kontrollera 1 när filen saknas eller skiljer sig; 2 om malkoll
    inte kunde köras.
    """
    from malkoll.writers.codeowners import prepare

    if kontrollera and ut == "-":
        raise typer.BadParameter("--kontrollera jämför med en fil, inte med skärmen.")
    result = run_core(
        lambda: prepare(
            katalog, plats.value if plats else None, standard or [], cache=not utan_cache
        )
    )
    if ut == "-":
        sys.stdout.write(result.text)
        _report(result, sys.stderr)
        return
    path = Path(ut) if ut is not None else result.top / result.target
    shown = _shown(path)
    if kontrollera:
        raise typer.Exit(_check(result, path, shown))
    root = path.parent if ut is not None else result.top
    from malkoll.writers.codeowners import write

    written = run_core(lambda: write(result, path, root, shown))
    how = _how(result.detected)
    host = "GitHub" if result.platform == "github" else "GitLab"
    if written:
        typer.echo(f"Skrev {shown} för {host}{how}: {_summary(result)}.")
    else:
        typer.echo(f"{shown} för {host} är redan aktuell{how}: {_summary(result)}.")
    _report(result, sys.stdout)
    typer.echo(_switch_on(result.platform))


def _how(detected: str | None) -> str:
    """How the host was chosen, as a parenthesis after its name."""
    if detected is None:
        return ""
    if detected:
        return f" (sett på {printable(detected)}; välj en annan med --plats)"
    return " (inget visade git-värden; välj GitLab med --plats gitlab)"


def _check(result: Codeowners, path: Path, shown: str) -> int:
    from malkoll.writers.codeowners import current, is_generated

    _report(result, sys.stdout)
    if current(path) == result.text:
        typer.echo(f"{shown} är aktuell.")
        return 0
    if is_generated(path) is None:
        typer.echo(f"{shown} finns inte: kör malkoll agare och checka in filen.")
    elif is_generated(path):
        typer.echo(f"{shown} är inte aktuell: kör malkoll agare och checka in filen.")
    else:
        typer.echo(f"{shown} är inte skriven av malkoll agare.")
    return 1


def _summary(result: Codeowners) -> str:
    files = count(len(result.rules), "fil har", "filer har")
    return f"{files} egna ägare, allt annat godkänns av {' '.join(result.default)}"


def _report(result: Codeowners, out: TextIO) -> None:
    """What the owners' file cannot say: organisations without owners, files it cannot
    name, other CODEOWNERS files the host will not read."""
    lines: list[str] = []
    if result.unowned:
        lines.append(
            "Saknar ägare (ingen git på organisationen eller ovanför; standardägaren "
            "godkänner deras filer):"
        )
        for org_id, name, files in result.unowned:
            lines.append(
                f"  {printable(name)} ({printable(org_id)}): {count(files, 'fil', 'filer')}"
            )
    host = "GitHub" if result.platform == "github" else "GitLab"
    if result.unsafe:
        lines.append(
            f"Filnamn som inte kan skrivas säkert i CODEOWNERS för {host} (standardägaren "
            "godkänner dem; byt namn på filen för att ge den en egen ägare):"
        )
        lines += [f"  {printable(rel)}" for rel in result.unsafe]
    if result.unmapped:
        lines.append("Filer utan känd organisation (standardägaren godkänner dem):")
        lines += [f"  {printable(rel)}: {printable(why)}" for rel, why in result.unmapped]
    for other in result.others:
        lines.append(f"Obs: {other} finns också, men {host} läser bara {result.target}.")
    if lines:
        out.write("\n".join(lines) + "\n")


def _switch_on(platform: str) -> str:
    if platform == "github":
        return (
            "Slå på kravet i GitHub: Settings → Branches (eller Rules) → huvudgrenen → "
            "Require a pull request before merging → Require review from Code Owners."
        )
    return (
        "Slå på kravet i GitLab (Premium): Settings → Repository → Protected branches → "
        "huvudgrenen → Code owner approval."
    )


def _shown(path: Path) -> str:
    try:
        return printable(path.resolve().relative_to(Path.cwd().resolve()).as_posix())
    except (OSError, RuntimeError, ValueError):
        return printable(str(path))

"""`malkoll schema`: write a JSON Schema per file kind, for editors, fitted to the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, run_core
from malkoll.errors import RepoNotFound
from malkoll.text import printable


def schema(
    ut: Annotated[
        Path | None,
        typer.Option(help="Mappen schemana skrivs till (standard: .malkoll/schema/ i målrepot)."),
    ] = None,
    kontrollera: Annotated[
        bool,
        typer.Option(
            "--kontrollera",
            help="Skriv inget: slutstatus 1 om schemafilerna saknas eller inte är som malkoll "
            "skulle skriva dem nu (för CI).",
        ),
    ] = False,
    katalog: Katalog = Path(),
) -> None:
    """Skriv ett JSON Schema per filtyp för editorer (VS Code med YAML-tillägget).

    Schemana ger förslag på nycklar och värden, förklaringar och fel medan man skriver.
    De läser målrepot: skalan i malkoll.yaml blir valen för varje bedömning (även skrivna
    med å/ä/ö och stora bokstäver), periodernas id nycklarna i varje uppföljning,
    månaderna nycklarna i ekonomin, och id:n för organisationer, delmål och indikatorer
    valen där de används, med sina namn. Kör kommandot igen när skalan, perioderna,
    organisation.yaml eller mal/ ändras, och när malkoll uppdateras; --kontrollera säger
    om det behövs. Utanför ett målrepo (med --ut) skrivs scheman som gäller alla repon.

    Slutstatus: 0; med --kontrollera 1 när en schemafil saknas eller är inaktuell; 2 om
    malkoll inte kunde köras.
    """
    from malkoll.reading.walk import find_root
    from malkoll.writers.jsonschema import SCHEMA_DIR, repository_facts, stale, write_schemas

    root: Path | None
    if ut is None:
        root = run_core(lambda: find_root(katalog))
    else:
        try:
            root = find_root(katalog)
        except RepoNotFound:
            root = None  # --ut outside a repository: the schemas for every repository
    target = ut if ut is not None else (root or katalog) / SCHEMA_DIR
    facts = run_core(lambda: repository_facts(root))
    for note in facts.notes if facts is not None else ():
        typer.echo(note)
    if kontrollera:
        old = run_core(lambda: stale(target, facts))
        if old:
            typer.echo(_stale_message(target, old))
            raise typer.Exit(1)
        typer.echo(f"Schemana i {printable(str(target))} är aktuella.")
        return
    for path in run_core(lambda: write_schemas(target, ut if ut is not None else root, facts)):
        typer.echo(f"Skrev {printable(str(path))}")


def _stale_message(target: Path, old: list[Path]) -> str:
    """What `--kontrollera` says of the schema files that are missing or differ."""
    where = printable(str(target))
    missing = [p for p in old if not p.exists()]
    differ = [p for p in old if p.exists()]
    run = "Kör `malkoll schema` och checka in resultatet."
    if not differ and not any(target.glob("*.schema.json")):
        return f"Schemana saknas i {where}: kör `malkoll schema` och checka in resultatet."
    parts = []
    if missing:
        parts.append(f"saknas: {', '.join(printable(p.name) for p in missing)}")
    if differ:
        names = ", ".join(printable(p.name) for p in differ)
        parts.append(f"inaktuella (skiljer sig från vad malkoll skriver för repot nu): {names}")
    return f"Schemana i {where}: {'; '.join(parts)}. {run}"

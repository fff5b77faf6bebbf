"""`malkoll ekonomi`: the economy from the ledger.

Like the rest of the CLI this only parses options, calls the core and prints; the core
(`malkoll.ledger`) is imported inside the command.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, run_core, use_color
from malkoll.cli.swedish import SwedishTyper
from malkoll.text import count, printable, tal, yaml_key

if TYPE_CHECKING:
    from malkoll.ledger import Import
    from malkoll.ledger.suggest import Draft, Entry
    from malkoll.ledger.write import NamndChange

app = SwedishTyper(
    help="Ekonomin från ekonomisystemet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def importera(
    fil: Annotated[
        Path,
        typer.Argument(
            help="Ekonomisystemets fil: SIE 4 (.se) eller CSV.", metavar="FIL", show_default=False
        ),
    ],
    ar: Annotated[
        int | None,
        typer.Option(
            "--ar",
            help="Året som importeras (standard: #RAR 0 i SIE-filen, annars filens senaste år).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    katalog: Katalog = Path(),
    torrkorning: Annotated[
        bool, typer.Option("--torrkorning", help="Visa ändringarna utan att skriva något.")
    ] = False,
    utan_cache: UtanCache = False,
) -> None:
    """Importera utfall och budget per ansvar till ÅÅÅÅ/ekonomi.yaml och resultatposterna
    till ÅÅÅÅ/bokslut.yaml.

    Beloppen läggs på organisationerna enligt `ekonomi.importera.ansvar` i malkoll.yaml och
    summeras upp till varje nämnd och dess enheter; belopp på kontona under
    `ekonomi.importera.poster` och på ansvaren under `ekonomi.importera.ansvar_poster` blir
    resultatposter (skatteintäkter, finansförvaltning ...). Bara de importerade siffrorna
    skrivs: prognoser, analyser, åtgärder och kommentarer behålls. Ett ansvar utan mappning är ett
    fel (MK511), och då skrivs ingenting; belopp som inte stämmer med filens egna summor
    (#RES) är en varning (MK517). Slutstatus: 0 när importen lyckades, 1 med fel i
    mappningen, 2 om filen eller målrepot inte kunde läsas.
    """
    from malkoll.ledger import importera as run

    result = run_core(lambda: run(katalog, fil, ar, torrkorning, cache=not utan_cache))
    if result.errors:
        typer.echo(_findings(result), nl=False)
        typer.echo("Importen avbröts: inget har skrivits.")
        raise typer.Exit(1)
    if result.findings:  # warnings (MK517): shown, and the import goes on
        typer.echo(_findings(result), nl=False)
    typer.echo(summary(result, torrkorning), nl=False)


@app.command()
def mappning(
    fil: Annotated[
        Path,
        typer.Argument(
            help="Ekonomisystemets fil: SIE 4 (.se) eller CSV.", metavar="FIL", show_default=False
        ),
    ],
    katalog: Katalog = Path(),
    utan_cache: UtanCache = False,
) -> None:
    """Skriv ut ett utkast till `ekonomi.importera.ansvar` ur ekonomisystemets fil.

    Varje ansvar med belopp på nämndernas konton får den organisation i
    organisation.yaml vars namn liknar ansvarets namn i filen mest (SIE: #OBJEKT, CSV:
    kolumnen Ansvarsnamn), aldrig ett bolag. Ansvar som redan är mappade eller står under
    `ignorera` visas som de står i malkoll.yaml; ansvar utan förslag står som kommentarer.
    Inget skrivs: granska utkastet och klistra in det under `ekonomi: importera:` i
    malkoll.yaml. Slutstatus: 0, eller 2 om filen eller målrepot inte kunde läsas.
    """
    from malkoll.ledger.suggest import mappning as run

    draft = run_core(lambda: run(katalog, fil, cache=not utan_cache))
    typer.echo(draft_yaml(draft), nl=False)


INDENT = "    "
"""The draft's indentation: the block pastes as it is under `ekonomi: importera:`."""

_PLAIN = re.compile(r"[a-z][a-z0-9_-]{0,99}")
_KEYS = ("mappad", "forslag")
"""The entries printed as a key of `ansvar` (the others are comments)."""
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def draft_yaml(draft: Draft) -> str:
    """The draft as a YAML block; every value from the file or the repository quoted or
    shown so that neither the YAML nor the terminal can be broken by it."""
    lines = [
        f"{INDENT}# Utkast ur {printable(draft.source)}: inget har skrivits. Granska "
        "förslagen och klistra in blocket under `ekonomi: importera:` i malkoll.yaml.",
        f"{INDENT}ansvar:" + ("" if any(e.status in _KEYS for e in draft.entries) else " {}"),
    ]
    lines += [f"{INDENT}  {_entry(e)}" for e in draft.entries]
    if draft.ignored:
        lines.append(f"{INDENT}ignorera:")
        for e in draft.ignored:
            lines.append(f"{INDENT}  - {yaml_key(e.code)}   # {_about(e, 'inte i filen')}")
    done = draft.number("mappad")
    lines.append(
        f"{INDENT}# {tal(draft.number('forslag'))} föreslagna, "
        f"{tal(draft.number('inget'))} utan förslag, {tal(done)} redan "
        f"{'mappat' if done == 1 else 'mappade'}, {tal(draft.number('ignorerad'))} "
        "ignorerade."
    )
    return "\n".join(lines) + "\n"


def _entry(e: Entry) -> str:
    key = yaml_key(e.code)
    if e.status == "inget":
        return f"# {key}: ?   # {_name(e.name)} – {printable(e.note)}"
    if e.status == "resultatpost":
        post = printable(e.org or "")
        return f"# {key}: står under ansvar_poster ({post})   # {_name(e.name)}"
    value = _value(e.org or "")
    if e.status == "forslag":
        return f"{key}: {value}   # {_name(e.name)}"
    note = f"redan mappad, {e.note}" if e.note else "redan mappad"
    return f"{key}: {value}   # {_about(e, 'inte i filen', note)}"


def _about(e: Entry, absent: str, said: str = "") -> str:
    parts = [said] if said else []
    parts.append(_name(e.name) if e.in_file else absent)
    return " – ".join(parts)


def _name(name: str | None) -> str:
    if not name:
        return "(inget namn i filen)"
    name = " ".join(name.split())  # a line break in a name is a space in a comment
    shown = printable(name[:80]) + ("…" if len(name) > 80 else "")
    return shown


def _value(org: str) -> str:
    """An organisation id as a YAML value: plain when it reads back as itself."""
    return org if _PLAIN.fullmatch(org) and org not in _YAML_WORDS else yaml_key(org)


def _findings(result: Import) -> str:
    from malkoll.formats import text
    from malkoll.validate import Result

    shown = Result(result.root, result.findings, [result.source])
    out, _ = text(shown, color=use_color(sys.stdout))
    return out


def summary(result: Import, torrkorning: bool = False) -> str:
    """What the import changed, per nämnd and per result line, in Swedish."""
    rows = f"{tal(result.rows)} belopp"  # the amounts read: an SIE record or a CSV row each
    lines = [f"Läste {rows} från {printable(result.source)} för {result.year}."]
    for merged in (result.merged, result.bokslut):
        for change in merged.changes if merged is not None else []:
            lines.append(_change(change))
    if result.balance_only:
        accounts = ", ".join(printable(a) for a in result.balance_only)
        lines.append(
            f"{'Kontot' if len(result.balance_only) == 1 else 'Kontona'} {accounts} har bara "
            "årets saldo (#RES) i filen, inga belopp per månad: det räknas till filens sista "
            "månad, och resultatposternas tidigare perioder lämnas som de var."
        )
    changed = " och ".join(result.changed_files)
    if not changed:
        lines.append("Inget ändrades.")
    elif torrkorning:
        lines.append(f"Torrkörning: {changed} skrevs inte.")
    else:
        lines.append(f"Skrev {changed}. Granska ändringarna (git diff) och checka in dem.")
        lines.append(
            "Kör malkoll validera: siffror som skrivits för hand ur de gamla, som "
            "femårsöversikten och de finansiella målens utfall, kan behöva ändras (MK515)."
        )
    return "\n".join(lines) + "\n"


def _amount(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return tal(float(value))
    return "–" if value is None else printable(str(value))


def _change(change: NamndChange) -> str:
    head = f"{printable(change.org)}{' (ny i filen)' if change.new else ''}: "
    parts = []
    if change.periods:
        done = "uppdaterad" if len(change.periods) == 1 else "uppdaterade"
        what = f"{count(len(change.periods), 'period', 'perioder')} {done}"
        if change.example is not None:
            key, old, new = change.example
            what += f" ({printable(key)} utfall {_amount(old)} → {_amount(new)})"
        parts.append(what)
    if change.budget is not None:
        old, new = change.budget
        parts.append(f"budget {_amount(old)} → {_amount(new)}")
    if change.enheter:
        n = len(change.enheter)
        names = ", ".join(printable(org) for org in change.enheter[:4])
        more = ", …" if n > 4 else ""
        done = "ändrad" if n == 1 else "ändrade"
        parts.append(f"{count(n, 'enhet', 'enheter')} {done} ({names}{more})")
    return head + ", ".join(parts or ["uppdaterad"])

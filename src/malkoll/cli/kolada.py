"""`malkoll kolada`: fetch the indicators' values from Kolada, and search its KPIs.

Like the rest of the CLI this only parses options, calls the core and prints; the core
(`malkoll.kolada`) is imported inside each command.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from malkoll.cli.common import Katalog, UtanCache, run_core
from malkoll.cli.swedish import SwedishTyper
from malkoll.text import count, printable, tal

if TYPE_CHECKING:
    from malkoll.kolada import FileUpdate, Hamtning

T = TypeVar("T")

app = SwedishTyper(
    help="Hämta indikatorernas värden från Kolada, och sök nyckeltal där.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")


def parse_years(text: str | None) -> list[int] | None:
    """`2020` or `2016-2020`; None for the default."""
    if text is None:
        return None
    match = _YEARS.match(text)
    first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
    if not match or not 1900 <= first <= last <= 2200:
        raise typer.BadParameter(
            f"{text!r} är inte ett år eller ett intervall av år, t.ex. 2020 eller 2016-2020."
        )
    return list(range(first, last + 1))


@app.command()
def hamta(
    katalog: Katalog = Path(),
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            help="Åren som hämtas, t.ex. 2020 eller 2016-2020 (standard: de senaste tio åren).",
            metavar="ÅR",
        ),
    ] = None,
    indikator: Annotated[
        list[str] | None,
        typer.Option(
            "--indikator",
            "-i",
            help="Hämta bara den indikatorn (id:t i mal/); kan anges flera gånger.",
            metavar="ID",
        ),
    ] = None,
    utan_cache: UtanCache = False,
) -> None:
    """Hämta värdena för varje indikator med `kolada:` till indikatorer/<id>.yaml.

    För kommunen (`kolada:` i malkoll.yaml) hämtas totalt, kvinnor och män per år; för
    riket och för jämförelserna under `jamforelse:` i malkoll.yaml hämtas totalen. Bara
    Koladas värden skrivs över: egna år, jämförelser och kommentarer behålls. Granska
    ändringarna och checka in dem. Slutstatus: 0 när hämtningen lyckades, 1 om Kolada
    inte kunde nås eller svarade fel (inget ändras då), 2 om malkoll inte kunde köras.
    """
    from malkoll.kolada import hamta as run

    years = parse_years(ar)
    result = run_core(
        lambda: run(katalog, years=years, indikatorer=indikator or None, cache=not utan_cache)
    )
    typer.echo(_summary(result), nl=False)


@app.command()
def sok(
    text: Annotated[
        str, typer.Argument(help="Ord i nyckeltalets titel, t.ex. meritvärde.", metavar="TEXT")
    ],
) -> None:
    """Sök Koladas nyckeltal på titel: id, om det är uppdelat på kön, och titeln.

    Id:t skrivs som `kolada:` i indikatorns definition i mal/.
    """
    from malkoll.kolada import search

    found = run_core(lambda: search(text))
    if not found:
        typer.echo(f"Inga nyckeltal i Kolada har {text!r} i titeln.")
        return
    width = max(len(printable(k.id)) for k in found)
    typer.echo(f"{'Id':<{width}}  Kön  Titel")
    for kpi in found:  # Kolada's text is shown, never obeyed: no control characters
        gender = "ja " if kpi.divided_by_gender else "nej"
        typer.echo(f"{printable(kpi.id):<{width}}  {gender}  {printable(kpi.title)}")
    typer.echo(f"{len(found)} nyckeltal.")


def _summary(result: Hamtning) -> str:
    span = f"{result.years[0]}–{result.years[-1]}" if len(result.years) > 1 else result.years[0]
    indicators = count(result.indicators, "indikator", "indikatorer")
    lines = [f"Hämtade {indicators} från Kolada för {span}."]
    for update in result.updates:
        lines.extend(_file_lines(update))
    for ind, kolada in result.without_values:
        lines.append(f"Kolada har inga värden för {ind} (kolada: {kolada}) under de åren.")
    if result.skipped:
        lines.append(
            "Kolada skickade värden som inte är ändliga tal inom ±10^15; de skrevs inte, som "
            "om Kolada saknade dem:"
        )
        lines.extend(f"  {note}" for note in result.skipped)
    if result.written:
        files = count(len(result.written), "fil", "filer")
        lines.append(f"Skrev {files}. Granska ändringarna (git diff) och checka in dem.")
    else:
        lines.append("Inget ändrades.")
    return "\n".join(lines) + "\n"


def _file_lines(update: FileUpdate) -> list[str]:
    merged = update.merged
    if not merged.changed:
        return [f"{update.rel}: inga ändringar"]
    lines = [f"{update.rel}{' (ny fil)' if update.new else ''}:"]
    if merged.source_changed and merged.old_source:
        lines.append(f"  källa: Kolada (var {merged.old_source})")
    years = sorted({c.year for c in merged.changes})
    for year in years:
        parts = []
        for change in (c for c in merged.changes if c.year == year):
            was = f" (var {tal(change.old)})" if change.old is not None else ""
            parts.append(f"{change.series} {tal(change.new)}{was}")
        lines.append(f"  {year}: " + ", ".join(parts))
    return lines

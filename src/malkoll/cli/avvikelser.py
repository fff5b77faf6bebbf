"""`malkoll avvikelser [ÅR]`: what stands out in each nämnd's figures, before anyone writes."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from malkoll.cli.common import Katalog, LageIdag, UtanCache, check_year, parse_date, run_core
from malkoll.text import printable

if TYPE_CHECKING:
    from malkoll.analysis.deviations import Namndavvikelser


class AvvikelseFormat(StrEnum):
    text = "text"
    md = "md"


def avvikelser(
    ar: Annotated[
        int | None,
        typer.Argument(
            help="Året (standard: året för --idag om repot har det, annars repots senaste).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    katalog: Katalog = Path(),
    period: Annotated[
        str | None,
        typer.Option(
            help="Perioden verksamhetsmålens och ägardirektivens utfall gäller (standard: "
            "den senaste vars datum har passerat, annars årets första)."
        ),
    ] = None,
    namnd: Annotated[str | None, typer.Option("--namnd", help="Bara den nämnden.")] = None,
    format: Annotated[
        AvvikelseFormat, typer.Option("--format", "-f", help="text eller md.")
    ] = AvvikelseFormat.text,
    idag: LageIdag = None,
    utan_cache: UtanCache = False,
) -> None:
    """Visa vad som sticker ut i siffrorna, per nämnd och delmål: skrivarens startlista.

    Indikatorerna med sitt senaste utfall till och med året, som rapportens tabeller och
    kontrollerna läser dem (ett värde som inte har publicerats finns inte i filen).
    Verksamhetsmålens och bolagens ägardirektivsmåls utfall gäller perioden. Utan ÅR: året
    för --idag om repot har det, annars repots senaste år.

    I den ordning uppföljningen ska ta upp dem: målvärden som missas (indikatorernas
    senaste utfall, enheternas verksamhetsmål för perioden och, med --namnd för ett bolag,
    ägardirektivets mål), utvecklingen (sämre än
    året innan, trendbrott), jämförelser med riket och andra kommuner (mer än
    analys.jamforelse_procent %, standard 5) och skillnader mellan grupper (kvinnor och
    män, grupperingar under grupper och enheternas egna utfall, mer än
    analys.konsskillnad_procent respektive analys.gruppskillnad_procent % av totalen).

    Slutstatus: 0 när listan visades, 2 om malkoll inte kunde köras.
    """
    from malkoll.analysis import deviations as core
    from malkoll.analysis import periods
    from malkoll.reading.load import load, paused_gc
    from malkoll.reading.walk import find_root

    today = parse_date(idag) or dt.date.today()

    def compute() -> tuple[int, str, str, list[Namndavvikelser]]:
        with paused_gc():
            repo = load(find_root(katalog), cache=not utan_cache)
        year = ar if ar is not None else periods.default_year(repo, today)
        periods.check_year(repo, year)
        chosen = period or periods.default_period(repo.installningar, year, today)
        found = core.deviations(repo, year, chosen, namnd=namnd)
        known = repo.installningar.perioder.get(chosen)
        return year, chosen, known.namn if known else chosen, found

    year, _, period_name, found = run_core(compute)
    write = markdown if format == AvvikelseFormat.md else text
    sys.stdout.write(write(found, year, period_name))


def text(found: list[Namndavvikelser], year: int, period_name: str) -> str:
    """The list for the terminal: per nämnd, per delmål, the items numbered."""
    lines = [f"Avvikelser {year} ({printable(period_name)})", ""]
    for n in found:
        lines.append(printable(n.namn))
        if not n.delmal:
            lines.append("  Inget sticker ut.")
        for d in n.delmal:
            lines.append(f"  {printable(d.rubrik)}")
            lines.extend(f"    {i}. {printable(a.text)}" for i, a in enumerate(d.avvikelser, 1))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def markdown(found: list[Namndavvikelser], year: int, period_name: str) -> str:
    """The list as Markdown: a heading per nämnd and delmål, a numbered list under each."""
    from malkoll.report.md import escape_text as esc

    lines = [f"# Avvikelser {year} ({esc(period_name)})", ""]
    for n in found:
        lines += [f"## {esc(n.namn)}", ""]
        if not n.delmal:
            lines += ["Inget sticker ut.", ""]
        for d in n.delmal:
            lines += [f"### {esc(d.rubrik)}", ""]
            lines += [f"{i}. {esc(a.text)}" for i, a in enumerate(d.avvikelser, 1)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

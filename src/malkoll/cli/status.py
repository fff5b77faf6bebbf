"""`malkoll status [ÅR]`: the controller's overview of the period being written."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import (
    Katalog,
    LageIdag,
    LopandeAr,
    UtanCache,
    parse_date,
    run_core,
    use_color,
)


class StatusFormat(StrEnum):
    text = "text"
    json = "json"


def status(
    ar: LopandeAr = None,
    katalog: Katalog = Path(),
    idag: LageIdag = None,
    namnd: Annotated[
        str | None, typer.Option("--namnd", help="Bara den nämndens organisationer.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Visa en annan period än den som skrivs nu, t.ex. delar1."),
    ] = None,
    format: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="text eller json.")
    ] = StatusFormat.text,
    utan_cache: UtanCache = False,
) -> None:
    """Visa hur långt uppföljningen av perioden som skrivs nu har kommit.

    Perioden som skrivs nu är årets första period (i datumordning) vars
    inlämningsdag är i dag eller senare; har alla inlämningsdagar passerat är det årets
    sista period. Inlämningsdagen är `inlamning` i årshjulet, annars 30 dagar efter
    periodens datum.

    För varje nämnd och organisation räknas det som perioden kräver, klart/totalt:
    analyser med de delar som analys.kravs kräver, bedömningar, åtgärder där bedömningen
    kräver dem, aktiviteternas uppföljning, verksamhetsmålens utfall, uppdragens
    uppföljning, internkontrollens resultat och ekonomins analys och åtgärder – samma krav
    som malkoll validera ställer. De som ligger längst efter visas först, följda av vad
    som saknas och årshjulets nästa händelser. Har någon plan en klarmarkering för
    perioden visas den i kolumnen Märkt (klar, nej eller –) bredvid det som faktiskt är
    klart; markerad klar men inte komplett är ett fel i malkoll validera (MK311).

    --format json ger ett stabilt JSON-dokument: format (1), malkoll, rot, ar, idag, namnd,
    period (id, namn, datum, inlamning, dagar_kvar – negativt när inlämningsdagen har
    passerat), klart, totalt, markerade_klara, markerade_men_ofullstandiga, namnder
    (organisation, namn, klart, totalt, organisationer: organisation, namn, typ, fil,
    klart, totalt, delar med klart och totalt för analyser, bedomningar, atgarder,
    aktiviteter, verksamhetsmal, uppdrag, internkontroll och ekonomi, saknas, komplett och
    klarmarkering: klar, av, datum eller null) och handelser (datum, vad, period,
    inlamning, organisation).

    Slutstatus: 0 när läget visades, 2 om malkoll inte kunde köras.
    """
    from malkoll.status.compute import status as compute
    from malkoll.status.layout import as_json, text

    day = parse_date(idag)
    result = run_core(
        lambda: compute(katalog, ar, idag=day, namnd=namnd, period=period, cache=not utan_cache)
    )
    if format == StatusFormat.json:
        sys.stdout.write(as_json(result))
        return
    color = use_color(sys.stdout)
    width = shutil.get_terminal_size((100, 24)).columns if color else 100
    sys.stdout.write(text(result, color=color, width=width))

"""The year's commands: `malkoll status` and `malkoll nytt-ar`.

Thin wrappers, as in `cli`: parse options, call the core (`malkoll.status`,
`malkoll.rollover`), print, choose the exit status. They are mounted on the app in
`cli` as `app.command("status")(status)` and `app.command("nytt-ar")(nytt_ar)`.
"""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, check_year, parse_date, run_core, use_color
from malkoll.text import count, printable


class StatusFormat(StrEnum):
    text = "text"
    json = "json"


def status(
    ar: Annotated[
        int | None,
        typer.Argument(
            help="Året (standard: i år, eller förra året medan dess sista inlämning återstår).",
            metavar="ÅR",
            callback=check_year,
        ),
    ] = None,
    katalog: Katalog = Path(),
    idag: Annotated[
        str | None,
        typer.Option(help="Dagen läget gäller, ÅÅÅÅ-MM-DD (standard: i dag).", metavar="DATUM"),
    ] = None,
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
) -> None:
    """Visa hur långt uppföljningen av perioden som skrivs nu har kommit.

    Perioden som skrivs nu är årets första period (i ordningen i malkoll.yaml) vars
    inlämningsdag är i dag eller senare; har alla inlämningsdagar passerat är det årets
    sista period. Inlämningsdagen är `inlamning` i årshjulet, annars 30 dagar efter
    periodens datum.

    För varje nämnd och organisation räknas det som perioden kräver, klart/totalt:
    analyser med de delar som analys.kravs kräver, bedömningar, åtgärder där bedömningen
    kräver dem, aktiviteternas uppföljning, verksamhetsmålens utfall, uppdragens
    uppföljning, internkontrollens resultat och ekonomins analys och åtgärder – samma krav
    som malkoll validera ställer. De som ligger längst efter visas först, följda av vad
    som saknas och årshjulets nästa händelser.

    --format json ger ett stabilt JSON-dokument: format (1), malkoll, rot, ar, idag, namnd,
    period (id, namn, datum, inlamning, dagar_kvar – negativt när inlämningsdagen har
    passerat), klart, totalt, namnder (organisation, namn, klart, totalt, organisationer:
    organisation, namn, typ, fil, klart, totalt, delar med klart och totalt för analyser,
    bedomningar, atgarder, aktiviteter, verksamhetsmal, uppdrag, internkontroll och
    ekonomi, samt saknas) och handelser (datum, vad, period, inlamning, organisation).

    Slutstatus: 0 när läget visades, 2 om malkoll inte kunde köras.
    """
    from malkoll.status.compute import as_json, text
    from malkoll.status.compute import status as compute

    day = parse_date(idag)
    result = run_core(lambda: compute(katalog, ar, idag=day, namnd=namnd, period=period))
    if format == StatusFormat.json:
        sys.stdout.write(as_json(result))
        return
    color = use_color(sys.stdout)
    width = shutil.get_terminal_size((100, 24)).columns if color else 100
    sys.stdout.write(text(result, color=color, width=width))


def nytt_ar(
    ar: Annotated[
        int, typer.Argument(help="Det nya året, t.ex. 2021.", metavar="ÅR", callback=check_year)
    ],
    katalog: Katalog = Path(),
) -> None:
    """Starta ett nytt år från året före: planer, årshjul, internkontroll och uppdrag.

    Varje enhets plan flyttas till samma plats under ÅR/plan/ med delmålen (hur_vi_arbetar,
    matt), verksamhetsmålen och de aktiviteter som inte är genomförda eller avbrutna, utan
    uppföljning och sammanfattning. En aktivitets start behålls; ett slut före det nya året
    tas bort (enheten sätter ett nytt). Årshjulet flyttas ett år framåt (29 februari blir
    28 februari, den sista februari blir den sista februari, årtal i texten räknas upp).
    Varje nämnd får en internkontrollplan med förra årets kontroller utan resultat och
    utan antagen, som nämnden fyller i när den har antagit planen. Uppdrag som inte är
    genomförda eller avbrutna förs över till uppdrag.yaml utan uppföljning. ekonomi.yaml
    skapas inte: budgeten förs in när den är beslutad.

    En fil som redan finns skrivs aldrig över, och en plan skapas inte för en organisation
    som redan har en plan för året; en andra körning ändrar ingenting. Filerna skrivs
    atomärt: alla eller ingen.

    Slutstatus: 0 när året skapades (eller redan fanns), 2 om malkoll inte kunde köras.
    """
    from malkoll.writers.rollover import nytt_ar as run

    done = run_core(lambda: run(katalog, ar))
    for path in done.created:
        typer.echo(f"Skapade {printable(path)}")
    for path, why in done.skipped:
        typer.echo(f"Fanns redan: {printable(path)} ({printable(why)})")
    for note in done.notes:
        typer.echo(printable(note))
    if done.created:
        created = count(len(done.created), "fil skapad", "filer skapade")
        typer.echo(f"{created} för {ar}. Kontrollera med: malkoll validera --ar {ar}")
    else:
        typer.echo(f"Inget att skapa: allt för {ar} finns redan.")

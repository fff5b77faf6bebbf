"""`malkoll nytt-ar ÅR`: start a new year from the one before."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, UtanCache, check_year, run_core
from malkoll.text import count, printable


def nytt_ar(
    ar: Annotated[
        int, typer.Argument(help="Det nya året, t.ex. 2021.", metavar="ÅR", callback=check_year)
    ],
    katalog: Katalog = Path(),
    utan_cache: UtanCache = False,
) -> None:
    """Starta ett nytt år från året före: planer, årshjul, internkontroll, uppdrag med mera.

    Varje enhets plan flyttas till samma plats under ÅR/plan/ med delmålen (hur_vi_arbetar,
    matt), verksamhetsmålen och de aktiviteter som inte är genomförda eller avbrutna, utan
    uppföljning och sammanfattning. En aktivitets start behålls; ett slut före det nya året
    tas bort (enheten sätter ett nytt). Årshjulet flyttas ett år framåt (29 februari blir
    28 februari, den sista februari blir den sista februari, årtal i texten räknas upp).
    Varje nämnd får en internkontrollplan med förra årets kontroller utan resultat och
    utan antagen, som nämnden fyller i när den har antagit planen. Uppdrag som inte är
    genomförda eller avbrutna förs över till uppdrag.yaml utan uppföljning. ekonomi.yaml
    skapas inte: budgeten förs in när den är beslutad.

    Av årsredovisningens filer förs över det som gäller från år till år: de finansiella
    målen (utan utfall och bedömning), bolagens ägardirektiv (utan resultat), varje
    målsättnings ansvarig och team, resultatposterna utan budget, underskott mot
    balanskravet som återstår att återställa med åtgärdsplanen, resultatutjämningsreserven
    vid årets början, femårsöversikten och förra årets sjukfrånvaro. Förvaltningsberättelsens
    kapitel skapas inte.

    En fil som redan finns skrivs aldrig över, och en plan skapas inte för en organisation
    som redan har en plan för året; en andra körning ändrar ingenting. Filerna skrivs
    atomärt: alla eller ingen.

    Slutstatus: 0 när året skapades (eller redan fanns), 2 om malkoll inte kunde köras.
    """
    from malkoll.writers.rollover import nytt_ar as run

    done = run_core(lambda: run(katalog, ar, cache=not utan_cache))
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

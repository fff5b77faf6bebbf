"""`malkoll paminn [ÅR]`: a reminder per person of what is missing, as drafts, a CSV or
sent over SMTP (only with `--skicka`)."""

from __future__ import annotations

import datetime as dt
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
)
from malkoll.text import count, printable


def paminn(
    ar: LopandeAr = None,
    katalog: Katalog = Path(),
    idag: LageIdag = None,
    period: Annotated[
        str | None,
        typer.Option(help="En annan period än den som skrivs nu, t.ex. delar1."),
    ] = None,
    ut: Annotated[
        Path | None,
        typer.Option(
            help="Mappen utkasten (.eml) skrivs till "
            "(standard: rapporter/paminnelser-ÅR-PERIOD/ i målrepot).",
            metavar="MAPP",
        ),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help="Skriv en CSV-fil (för Excel) i stället för utkast.", metavar="FIL"
        ),
    ] = None,
    smtp: Annotated[
        str | None,
        typer.Option(
            "--smtp",
            help="Skicka via e-postservern VÄRD[:PORT] (standard port 587) – bara med --skicka.",
            metavar="VÄRD",
        ),
    ] = None,
    skicka: Annotated[bool, typer.Option("--skicka", help="Skicka på riktigt med --smtp.")] = False,
    utan_tls: Annotated[
        bool,
        typer.Option("--smtp-utan-tls", help="Använd inte STARTTLS även om servern erbjuder det."),
    ] = False,
    fran: Annotated[
        str | None,
        typer.Option(
            "--fran",
            help='Avsändaren, t.ex. "Anna Controller <anna@kommun.se>" (eller MALKOLL_FRAN); '
            "krävs för --smtp.",
            envvar="MALKOLL_FRAN",
            metavar="AVSÄNDARE",
        ),
    ] = None,
    utan_cache: UtanCache = False,
) -> None:
    """Påminn varje chef om det som saknas för perioden som skrivs nu.

    Det som saknas är det som malkoll status visar. Varje organisations chef (chef och
    epost i organisation.yaml) får en påminnelse per e-postadress, med alla sina
    organisationer och inlämningsdagen ur årshjulet.
    Organisationer utan epost påminns inte utan listas, så att adressen kan läggas till.

    Texten är skriven för den som fyller i uppföljningen: vilken fil som ska öppnas, och
    där, delmål för delmål, vad som saknas med namn, på vilken rad och vad som ska skrivas.
    En organisation som har markerat perioden klar fast något saknas får veta det. Frågor
    besvaras genom att svara på mejlet.

    Standard är ett utkast (.eml) per person, som öppnas i Outlook som ett meddelande att
    skicka. --csv FIL skriver i stället en lista för Excel eller en kopplad utskrift. Med
    --ut eller --csv måste mappen ovanför finnas; malkoll skapar bara standardmappen.
    --smtp VÄRD visar vad som skulle skickas; först med --skicka skickas något. Servern
    krypteras med STARTTLS när den erbjuder det (port 465: från början), och inloggningen
    tas från MALKOLL_SMTP_ANVANDARE och MALKOLL_SMTP_LOSENORD; malkoll loggar aldrig in
    okrypterat. Går en adress inte att skicka till sägs det, och resten skickas ändå.

    Slutstatus: 0 när allt gick, 1 om något meddelande inte kunde skickas, 2 om malkoll
    inte kunde köras.
    """
    from malkoll.notify import delivery
    from malkoll.notify.reminders import overview, reminders, sender_address, shown_to, subject

    if csv is not None and smtp is not None:
        raise typer.BadParameter("Välj --csv eller --smtp, inte båda.")
    if skicka and smtp is None:
        raise typer.BadParameter("--skicka skickar via en e-postserver: ange den med --smtp.")
    day = parse_date(idag)
    sender = run_core(lambda: sender_address(fran))
    srv = run_core(lambda: delivery.server(smtp, not utan_tls)) if smtp is not None else None
    found = run_core(lambda: reminders(katalog, ar, idag=day, period=period, cache=not utan_cache))
    for line in overview(found):
        typer.echo(line)
    if not found.paminnelser:
        return
    now = dt.datetime.now(dt.UTC).astimezone()
    if csv is not None:
        run_core(lambda: delivery.write_csv(found, csv.absolute()))
        typer.echo(f"Skrev {printable(str(csv))}")
        return
    if srv is None:
        folder = ut.absolute() if ut is not None else delivery.draft_folder(found)
        written = run_core(
            lambda: delivery.write_drafts(found, folder, sender, now, make_parents=ut is None)
        )
        drafts = count(len(written.files), "utkast", "utkast")
        typer.echo(f"Skrev {drafts} i {printable(str(folder))}")
        if written.removed:
            old = count(len(written.removed), "gammalt utkast", "gamla utkast")
            typer.echo(f"Tog bort {old} som inte längre behövs.")
        return
    where = f"{srv.host}:{srv.port}"
    if sender is None:
        run_core(lambda: _needs_sender())
        return
    if not skicka:
        n = count(len(found.paminnelser), "påminnelse", "påminnelser")
        typer.echo(f"Skickar inget utan --skicka. Skulle skicka {n} via {where}:")
        for reminder in found.paminnelser:
            typer.echo(f"  till {shown_to(reminder)}: {printable(subject(found))}")
        return
    sent = run_core(lambda: delivery.send(found, srv, sender, now))
    for reminder in sent.ok:
        typer.echo(f"Skickade till {shown_to(reminder)}")
    for reminder, why in sent.failed:
        typer.echo(f"Kunde inte skicka till {shown_to(reminder)}: {why}", err=True)
    if sent.failed:
        raise typer.Exit(1)


def _needs_sender() -> None:
    from malkoll.errors import BadOption

    raise BadOption('--smtp behöver en avsändare: --fran "Namn <adress@kommun.se>".')

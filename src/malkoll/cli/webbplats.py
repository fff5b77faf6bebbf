"""`malkoll webbplats [ÅR]`: the year's reports, findings and index as one static site."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, LageIdag, UtanCache, check_year, parse_date, run_core
from malkoll.text import count, printable

WebbAr = Annotated[
    int | None,
    typer.Argument(
        help="Året (standard: det år som följs upp, som för malkoll status).",
        metavar="ÅR",
        callback=check_year,
    ),
]
"""`[ÅR]` of `webbplats` and `visa`."""

Mallar = Annotated[
    Path | None,
    typer.Option(help="Egna mallar; de vinner fil för fil över standardmallarna.", metavar="MAPP"),
]


def webbplats(
    ar: WebbAr = None,
    katalog: Katalog = Path(),
    ut: Annotated[
        Path | None,
        typer.Option(help="Mappen webbplatsen skrivs till (standard: webbplats/).", metavar="MAPP"),
    ] = None,
    mallar: Mallar = None,
    ladda_ner: Annotated[
        str | None,
        typer.Option(
            "--ladda-ner",
            help="Rapporterna även som filer att ladda ner: pdf, docx eller pdf,docx "
            "(kräver malkoll[pdf] respektive malkoll[word]).",
            metavar="FORMAT",
        ),
    ] = None,
    idag: LageIdag = None,
    utan_cache: UtanCache = False,
) -> None:
    """Bygg årets webbplats: rapporterna, det som saknas och en startsida.

    Webbplatsen är en mapp med HTML-sidor som länkar till varandra med relativa länkar,
    så att den fungerar var den än läggs (GitLab Pages, GitHub Pages, en webbserver, en
    filkatalog): startsidan (index.html), årets rapport för varje period som har följts
    upp, för hela kommunen och för varje nämnd, och sidan med det som saknas, enhet för
    enhet (fynd.html) – samma krav som malkoll status räknar och fynden från malkoll
    validera. Har malkoll formular skrivit formulären i repots admin/ följer de med
    under admin/ och länkas från startsidan. Med --ladda-ner pdf,docx finns varje rapport
    också som PDF (taggad PDF/A, för diariet) och Word, länkade från rapportens sida och
    startsidan.

    Mappen skrivs hel eller inte alls. En mapp som redan finns skrivs bara om när malkoll
    skrev den (den har filen .malkoll-webbplats) eller när den är tom.

    Slutstatus: 0 när webbplatsen skrevs, 1 när den skrevs men någon rapport inte kunde
    byggas (till exempel en trasig egen mall; rapportens sida säger varför), 2 om malkoll
    inte kunde köras.
    """
    from malkoll.forms import published
    from malkoll.reading.walk import find_root
    from malkoll.site import build, folder

    day = parse_date(idag)
    downloads = tuple(f.strip().lower() for f in (ladda_ner or "").split(",") if f.strip())
    if ladda_ner is not None and not downloads:
        sys.stderr.write("malkoll: --ladda-ner behöver ett format: pdf, docx eller pdf,docx.\n")
        raise typer.Exit(2)

    names = " och ".join(build.DOWNLOADS.get(f, f) for f in dict.fromkeys(downloads))

    def told(done: int, total: int, title: str) -> None:  # a PDF takes seconds: say so
        sys.stderr.write(f"malkoll: {names} {done} av {total}: {printable(title)}\n")

    def made() -> tuple[build.Site, Path, Path]:
        root = find_root(katalog)
        site = build.build(
            root,
            ar,
            today=day,
            templates=mallar,
            extra=published.repository_forms(root),
            cache=not utan_cache,
            downloads=downloads,
            progress=told if downloads else None,
        )
        target = ut if ut is not None else root / "webbplats"
        folder.write(site.files, target)
        return site, target, root

    site, target, root = run_core(made)
    for line in published.notes(root, site.files):
        sys.stderr.write(f"malkoll: {line}\n")
    reports = sum(1 + len(p.namnder) for p in site.perioder)
    sys.stdout.write(
        f"Skrev webbplatsen {printable(str(target))}: "
        f"{count(reports, 'rapport', 'rapporter')} för {site.ar}, det som saknas och startsidan.\n"
    )
    if not site.perioder:
        sys.stdout.write(f"Ingen period av {site.ar} har följts upp ännu.\n")
    for page in site.failed:
        sys.stderr.write(f"malkoll: {printable(page.titel)} kunde inte byggas: {page.fel}\n")
    if site.failed:
        raise typer.Exit(1)

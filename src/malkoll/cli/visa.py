"""`malkoll visa [ÅR]`: preview the site locally, rebuilt when a file changes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, LageIdag, UtanCache, parse_date, run_core
from malkoll.cli.webbplats import Mallar, WebbAr, admin_files
from malkoll.text import printable


def visa(
    ar: WebbAr = None,
    katalog: Katalog = Path(),
    port: Annotated[int, typer.Option(help="Porten (0: en ledig).", min=0, max=65535)] = 8000,
    adress: Annotated[
        str,
        typer.Option(help="Adressen servern lyssnar på (standard: bara den här datorn)."),
    ] = "127.0.0.1",
    mallar: Mallar = None,
    idag: LageIdag = None,
    utan_cache: UtanCache = False,
) -> None:
    """Förhandsvisa webbplatsen i webbläsaren medan uppföljningen skrivs.

    Bygger webbplatsen som malkoll webbplats (i en tillfällig mapp) och visar den på
    http://127.0.0.1:8000/. När en fil i målrepot ändras byggs den om och webbläsaren
    laddar om sidan. En trasig fil visas som ett fynd på sidan med det som saknas; en
    rapport som inte kan byggas visas som en sida som säger varför. Formulären som malkoll
    formular skrev i admin/ visas under /admin/.

    Servern lyssnar bara på den här datorn (127.0.0.1). En annan adress (--adress 0.0.0.0)
    gör utkasten synliga för andra i nätverket. Avsluta med Ctrl-C.

    Slutstatus: 0 när förhandsvisningen avslutades, 2 om malkoll inte kunde köras.
    """
    from malkoll.reading.walk import find_root
    from malkoll.site.serve import Preview, is_loopback

    day = parse_date(idag)

    def said(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    if not is_loopback(adress):
        sys.stderr.write(
            f"malkoll: varning: visa lyssnar på {printable(adress)}, så andra i nätverket kan se "
            "webbplatsen och utkasten. Gör det bara i ett nätverk du litar på.\n"
        )

    def started() -> Preview:
        root = find_root(katalog)
        return Preview(
            root,
            ar,
            host=adress,
            port=port,
            today=day,
            templates=mallar,
            extra=lambda: admin_files(root),
            cache=not utan_cache,
            said=said,
        )

    preview = run_core(started)
    said(f"Visar webbplatsen på {preview.url} – avsluta med Ctrl-C.")
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        said("Avslutade förhandsvisningen.")
    finally:
        preview.close()

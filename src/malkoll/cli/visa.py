"""`malkoll visa [ÅR]`: preview the site locally, rebuilt when a file changes."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from malkoll.cli.common import Katalog, LageIdag, UtanCache, parse_date, run_core
from malkoll.cli.webbplats import Mallar, WebbAr
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
    gör utkasten synliga för andra i nätverket. Avsluta med Ctrl-C (eller SIGTERM).

    Slutstatus: 0 när förhandsvisningen avslutades, 2 om malkoll inte kunde köras.
    """
    from malkoll.forms import published
    from malkoll.reading.walk import find_root
    from malkoll.site.serve import Preview, is_loopback

    day = parse_date(idag)

    def said(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def started() -> Preview:
        root = find_root(katalog)
        return Preview(
            root,
            ar,
            host=adress,
            port=port,
            today=day,
            templates=mallar,
            extra=lambda: published.repository_forms(root),
            cache=not utan_cache,
            said=said,
        )

    preview = run_core(started)
    before = _on_sigterm()
    try:
        if not is_loopback(adress):  # said once listening: an address that fails is one error
            sys.stderr.write(
                f"malkoll: varning: visa lyssnar på {printable(adress)}, så andra i nätverket "
                "kan se webbplatsen och utkasten. Gör det bara i ett nätverk du litar på.\n"
            )
        said(f"Visar webbplatsen på {preview.url} – avsluta med Ctrl-C.")
        preview.serve_forever()
    except KeyboardInterrupt:
        said("Avslutade förhandsvisningen.")
    finally:
        preview.close()
        if before is not None:
            signal.signal(signal.SIGTERM, before)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _on_sigterm() -> signal.Handlers | Callable[[int, FrameType | None], object] | int | None:
    """SIGTERM (kill, a service manager, a closed terminal) ends the preview as Ctrl-C does:
    the builds removed, one line, exit 0. The handler before, or None when it cannot be set
    (not the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _stop)
    except ValueError:
        return None

"""`malkoll status` laid out: the terminal's text (rich) and the stable JSON document.

Nothing is computed here: the figures come from `compute`.
"""

from __future__ import annotations

import io
from typing import Any

from malkoll import __version__
from malkoll.model import files as m
from malkoll.status.compute import PARTS, Count, NamndStatus, OrgStatus, Status
from malkoll.text import json_text, printable, procent

JSON_FORMAT_VERSION = 1

TITLES: dict[str, tuple[str, str]] = {
    "analyser": ("Analys", "analyser"),
    "bedomningar": ("Bedöm.", "bedömningar"),
    "atgarder": ("Åtgärd", "åtgärder där bedömningen kräver dem"),
    "aktiviteter": ("Aktiv.", "aktiviteter"),
    "verksamhetsmal": ("VM", "verksamhetsmål"),
    "uppdrag": ("Uppdr.", "uppdrag"),
    "internkontroll": ("IK", "internkontroll"),
    "ekonomi": ("Ekon.", "ekonomi"),
}
"""Each part's column title, and what the title means."""


def deadline_words(days: int) -> str:
    """`om 6 dagar`, `i dag`, `i morgon`, `3 dagar sen`."""
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgon"
    if days > 1:
        return f"om {days} dagar"
    return f"{-days} {'dag' if days == -1 else 'dagar'} sen"


def bar(done: int, total: int, width: int = 20) -> str:
    """A bar of ``width`` cells: `█` for the share done, `░` for the rest."""
    filled = round(width * done / total) if total else width
    if total and done < total:
        filled = min(filled, width - 1)  # never looks complete while something is missing
    return "█" * filled + "░" * (width - filled)


def _percent(done: int, total: int) -> str:
    # Rounded down: 99.6 % done is not shown as 100 %.
    return procent((100 * done // total) / 100, 0) if total else "–"


def text(s: Status, color: bool = False, width: int = 100) -> str:
    """The terminal view: the period and its deadline, a table per nämnd, the next events."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    p = s.period
    late = p.dagar_kvar < 0
    # What a person wrote (names, ids, texts) is shown, never obeyed: as rich Text, never
    # as markup, and with every control character as its escape.
    console.print(Text.assemble((f"{_shown(s.kommun)} {s.ar}", "bold"), f", {s.idag}"))
    console.print(
        Text.assemble(
            f"{_shown(p.namn)} ({_shown(p.id)}, t.o.m. {p.datum.isoformat()}): "
            f"inlämning {p.inlamning.isoformat()}, ",
            (deadline_words(p.dagar_kvar), "bold red" if late else "bold"),
        )
    )
    console.print(
        f"Klart: {s.done} av {s.total} ({_percent(s.done, s.total)})"
        + (f", nämnd {_shown(s.namnd)}" if s.namnd else ""),
        markup=False,
    )
    if not s.namnder:
        console.print("Inget att följa upp för perioden.")
    else:
        shown = [
            p for p in PARTS if any(o.delar[p].total for n in s.namnder for o in n.organisationer)
        ]
        console.print(
            " · ".join(f"{TITLES[p][0]} {TITLES[p][1]}" for p in shown), style="dim", markup=False
        )
    for n in s.namnder:
        console.print()
        console.print(table(n))
        for o in n.organisationer:
            if o.saknas:
                console.print(f"  {_shown(o.namn)} saknar:", markup=False)
                for item in o.saknas:
                    console.print(f"    – {_shown(item)}", markup=False)
    if s.handelser:
        console.print()
        console.print("[bold]Årshjulet framåt[/bold]")
        for e in s.handelser:
            due = f" (inlämning {e.inlamning.isoformat()})" if e.inlamning else ""
            console.print(f"  {e.datum.isoformat()}  {_shown(e.vad)}{due}", markup=False)
    return out.getvalue()


def _shown(text: str | None) -> str:
    """A person's text on one line, every control character (and a lone surrogate) shown
    as its escape."""
    out = printable(text or "")
    return "".join(ch if not "\ud800" <= ch <= "\udfff" else f"\\u{ord(ch):04x}" for ch in out)


def table(n: NamndStatus) -> Any:
    """A nämnd's organisations as a rich table: counts per part and a bar."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts = [p for p in PARTS if any(o.delar[p].total for o in n.organisationer)]
    grid = Table(
        title=Text(f"{_shown(n.namn)}: {n.done} av {n.total}"),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    grid.add_column("Organisation", min_width=12, max_width=34, ratio=1)
    for part in parts:
        grid.add_column(TITLES[part][0], justify="right", no_wrap=True)
    grid.add_column("Klart", no_wrap=True, min_width=14)
    for o in n.organisationer:
        cells = [_cell(o.delar[part]) for part in parts]
        grid.add_row(Text(_shown(o.namn)), *cells, _bar_cell(o.done, o.total))
    return grid


def _cell(c: Count) -> str:
    if not c.total:
        return "–"
    return f"{c.done}/{c.total}" if c.done == c.total else f"[bold]{c.done}/{c.total}[/bold]"


def _bar_cell(done: int, total: int) -> str:
    style = "green" if done == total else "yellow" if done * 2 >= total else "red"
    return f"[{style}]{bar(done, total, 8)}[/] {_percent(done, total)}"


def as_json(s: Status) -> str:
    """The stable JSON shape (documented in the command's help and the README)."""
    p = s.period
    doc = {
        "format": JSON_FORMAT_VERSION,
        "malkoll": __version__,
        "rot": str(s.root),
        "ar": s.ar,
        "idag": s.idag.isoformat(),
        "namnd": s.namnd,
        "period": {
            "id": p.id,
            "namn": p.namn,
            "datum": p.datum.isoformat(),
            "inlamning": p.inlamning.isoformat(),
            "dagar_kvar": p.dagar_kvar,
        },
        "klart": s.done,
        "totalt": s.total,
        "namnder": [
            {
                "organisation": n.organisation,
                "namn": n.namn,
                "klart": n.done,
                "totalt": n.total,
                "organisationer": [_org_json(o) for o in n.organisationer],
            }
            for n in s.namnder
        ],
        "handelser": [_event_json(e) for e in s.handelser],
    }
    return json_text(doc)  # the real strings, nothing raw a terminal would obey


def _org_json(o: OrgStatus) -> dict[str, Any]:
    return {
        "organisation": o.organisation,
        "namn": o.namn,
        "typ": o.typ,
        "fil": o.fil,
        "klart": o.done,
        "totalt": o.total,
        "delar": {p: {"klart": c.done, "totalt": c.total} for p, c in o.delar.items()},
        "saknas": list(o.saknas),
    }


def _event_json(e: m.Handelse) -> dict[str, Any]:
    return {
        "datum": e.datum.isoformat(),
        "vad": e.vad,
        "period": e.period,
        "inlamning": e.inlamning.isoformat() if e.inlamning else None,
        "organisation": e.organisation,
    }

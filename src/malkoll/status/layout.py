"""`malkoll status` laid out: the terminal's text and the stable JSON document.

Nothing is computed here: the figures come from `compute`.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len, chop_cells, set_cell_size

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
    """The terminal view: the period and its deadline, a table per nämnd, the next events.

    Laid out here, line by line, without rich's table engine (which spent most of a large
    repository's `status` measuring cells): the same columns, widths by display width
    (`rich.cells`), lines wrapped at ``width``, and in colour the same styles."""
    paint = _Paint(color)
    p = s.period
    late = p.dagar_kvar < 0
    # What a person wrote (names, ids, texts) is shown, never obeyed: every control
    # character as its escape, never read as markup or styles.
    lines = paint.paragraph([(f"{_shown(s.kommun)} {s.ar}", BOLD), (f", {s.idag}", "")], width)
    lines += paint.paragraph(
        [
            (
                f"{_shown(p.namn)} ({_shown(p.id)}, t.o.m. {p.datum.isoformat()}): "
                f"inlämning {p.inlamning.isoformat()}, ",
                "",
            ),
            (deadline_words(p.dagar_kvar), BOLD_RED if late else BOLD),
        ],
        width,
    )
    done = f"Klart: {s.done} av {s.total} ({_percent(s.done, s.total)})"
    lines += paint.paragraph(
        [(done + (f", nämnd {_shown(s.namnd)}" if s.namnd else ""), "")], width
    )
    marks = any(o.klarmarkering is not None for o in s.organisationer)
    if marks:
        lines += paint.paragraph(_marked_line(s), width)
    if not s.namnder:
        lines += paint.paragraph([("Inget att följa upp för perioden.", "")], width)
    else:
        shown = [
            p for p in PARTS if any(o.delar[p].total for n in s.namnder for o in n.organisationer)
        ]
        legend = " · ".join(f"{TITLES[p][0]} {TITLES[p][1]}" for p in shown)
        if marks:
            legend += f" · {MARK_TITLE} markerad klar i planen (klarmarkering)"
        lines += paint.paragraph([(legend, DIM)], width)
    for n in s.namnder:
        lines.append("")
        lines += table(n, paint, width, marks)
        for o in n.organisationer:
            if o.saknas:
                lead = "är markerad klar men saknar" if o.markerad_klar else "saknar"
                lines += paint.paragraph([(f"  {_shown(o.namn)} {lead}:", "")], width, "  ")
                for item in o.saknas:
                    lines += paint.paragraph([(f"    – {_shown(item)}", "")], width, "      ")
    if s.handelser:
        lines += ["", *paint.paragraph([("Årshjulet framåt", BOLD)], width)]
        for e in s.handelser:
            due = f" (inlämning {e.inlamning.isoformat()})" if e.inlamning else ""
            event = f"  {e.datum.isoformat()}  {_shown(e.vad)}{due}"
            lines += paint.paragraph([(event, "")], width, " " * 14)
    return "\n".join(lines) + "\n"


def _marked_line(s: Status) -> list[tuple[str, str]]:
    """`Markerade klara: 3 av 12 organisationer, 1 av dem är inte komplett (MK311)`."""
    line = [(f"Markerade klara: {s.markerade} av {len(s.organisationer)} organisationer", "")]
    wrong = s.markerade_ofullstandiga
    if wrong:
        line.append((", ", ""))
        line.append(
            (
                f"{wrong} av dem är inte {'komplett' if wrong == 1 else 'kompletta'} (MK311)",
                BOLD_RED,
            )
        )
    return line


def _shown(text: str | None) -> str:
    """A person's text on one line, every control character (and a lone surrogate) shown
    as its escape."""
    out = printable(text or "")
    return "".join(ch if not "\ud800" <= ch <= "\udfff" else f"\\u{ord(ch):04x}" for ch in out)


# --- the table of a nämnd -----------------------------------------------------------------

GAP = "  "
"""Between two columns."""
ORG_WIDTH = (12, 34)
"""The organisation column's narrowest and widest: a longer name wraps, a word longer
than the column ends in `…`."""
KLART_WIDTH = 14
"""The last column: an 8-cell bar and the percentage."""
BOLD, DIM, BOLD_RED = "1", "2", "1;31"
"""The styles, as terminal codes (SGR)."""
BAR_STYLES = {"klar": "32", "halvvägs": "33", "efter": "31"}
"""The bar's colour: green when done, yellow from half, red below."""
MARK_TITLE = "Märkt"
"""The column of the plan's klarmarkering, shown when some organisation has one."""


def mark_cell(o: OrgStatus) -> tuple[str, str]:
    """The klarmarkering's cell and its style: `klar` (in red when something is missing:
    MK311), `nej` for `klar: false`, `–` without a mark."""
    if o.klarmarkering is None:
        return "–", ""
    if not o.klarmarkering.klar:
        return "nej", ""
    return "klar", "" if o.komplett else BOLD_RED


def table(n: NamndStatus, paint: _Paint, width: int = 100, marks: bool = False) -> list[str]:
    """A nämnd's organisations as a table within ``width`` cells: counts per part (with
    ``marks``, the klarmarkering) and a bar. The organisation column takes what is left of
    the width (12–34 cells; names wrap); where even 12 do not fit, the bar gives way to the
    percentage alone."""
    orgs = n.organisationer
    parts = [p for p in PARTS if any(o.delar[p].total for o in orgs)]
    names = [_shown(o.namn) for o in orgs]
    heads = [TITLES[p][0] for p in parts] + ([MARK_TITLE] if marks else [])
    counts = [[_count(o.delar[p]) for p in parts] + ([mark_cell(o)] if marks else []) for o in orgs]
    widths = [
        max([cell_len(head), *(cell_len(row[i][0]) for row in counts)])
        for i, head in enumerate(heads)
    ]
    percents = [_percent(o.done, o.total) for o in orgs]
    shortest, longest = ORG_WIDTH
    natural = min(longest, max([shortest, *(cell_len(name) for name in names)]))
    with_bar = True
    klart = max([KLART_WIDTH, *(9 + cell_len(pc) for pc in percents)])
    rest = sum(widths) + klart + len(GAP) * (len(parts) + 1)
    if shortest + rest > width:  # too narrow for the bar: the percentage alone
        with_bar = False
        rest -= klart
        klart = max([cell_len("Klart"), *(cell_len(pc) for pc in percents)])
        rest += klart
    org = max(shortest, min(natural, width - rest))
    total = org + rest
    lines = paint.paragraph([(f"{_shown(n.namn)}: {n.done} av {n.total}", "")], total)
    header = [_pad(paint("Organisation", BOLD), "Organisation", org)]
    header += [_pad(paint(h, BOLD), h, w, right=True) for h, w in zip(heads, widths, strict=True)]
    header.append(
        paint("Klart", BOLD) if with_bar else _pad(paint("Klart", BOLD), "Klart", klart, True)
    )
    lines += [GAP.join(header).rstrip(" "), "─" * total]
    for o, name, row, percent in zip(orgs, names, counts, percents, strict=True):
        wrapped = _cell_lines(name, org)
        cells = [_pad(paint(wrapped[0], ""), wrapped[0], org)]
        cells += [
            _pad(paint(value, style), value, w, right=True)
            for (value, style), w in zip(row, widths, strict=True)
        ]
        style = BAR_STYLES[_progress(o.done, o.total)]
        if with_bar:
            cells.append(f"{paint(bar(o.done, o.total, 8), style)} {percent}")
        else:  # the percentage alone, in the bar's colour
            cells.append(_pad(paint(percent, style), percent, klart, right=True))
        lines.append(GAP.join(cells).rstrip(" "))
        lines += [more.rstrip(" ") for more in wrapped[1:]]
    return lines


def _count(c: Count) -> tuple[str, str]:
    """A part's cell and its style: bold when something is missing."""
    if not c.total:
        return "–", ""
    return f"{c.done}/{c.total}", BOLD if c.done < c.total else ""


def _progress(done: int, total: int) -> str:
    return "klar" if done == total else "halvvägs" if done * 2 >= total else "efter"


def _pad(shown: str, plain: str, width: int, right: bool = False) -> str:
    """``shown`` (``plain`` with its style) padded with spaces to ``width`` cells."""
    space = " " * max(0, width - cell_len(plain))
    return space + shown if right else shown + space


def _cell_lines(text: str, width: int) -> list[str]:
    """A name in a column of ``width`` cells: wrapped between words, a word longer than
    the column cut short with `…`."""
    out = []
    for line in _wrap(text, width, width, fold=False):
        if cell_len(line) > width:
            line = set_cell_size(line, width - 1) + "…"
        out.append(line)
    return out


# --- paragraphs -----------------------------------------------------------------------

_WORD = re.compile(r"\s*\S+\s*")


def _wrap(text: str, first: int, rest: int, fold: bool = True) -> list[str]:
    """``text`` in lines of at most ``first`` cells, then ``rest``; between words, as a
    terminal shows them (display width, `rich.cells`). A word longer than a line is cut
    over several (``fold``) or left whole on a line of its own. Trailing spaces go."""
    lines: list[str] = []
    line, used, limit = "", 0, first
    for word in _WORD.findall(text) or [text]:
        size = cell_len(word.rstrip())
        if used + size <= limit:
            line, used = line + word, used + cell_len(word)
            continue
        if line.strip():
            lines.append(line)
            limit = rest
        line, used = "", 0
        if fold:
            while cell_len(word.rstrip()) > limit:
                piece = chop_cells(word, limit)[0] or word[:1]  # wider than the line
                lines.append(piece)
                word, limit = word[len(piece) :], rest
        line, used = line + word, used + cell_len(word)
    lines.append(line)
    return [x.rstrip(" ") for x in lines]


class _Paint:
    """Styles as terminal codes when there is colour, nothing otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if self.color and style and text else text

    def paragraph(self, segments: list[tuple[str, str]], width: int, indent: str = "") -> list[str]:
        """Styled ``segments`` as lines within ``width`` cells, later lines indented."""
        plain = "".join(text for text, _ in segments)
        rest = max(1, width - cell_len(indent))
        lines = _wrap(plain, max(1, width), rest)
        if not self.color:
            return [(indent if i else "") + line for i, line in enumerate(lines)]
        ends, at = [], 0
        for text, style in segments:
            ends.append((at, at + len(text), style))
            at += len(text)
        out, position = [], 0
        for i, line in enumerate(lines):
            start = plain.index(line, position) if line else position
            stop = start + len(line)
            position = stop
            shown = "".join(
                self(plain[max(a, start) : min(b, stop)], style) for a, b, style in ends
            )
            out.append((indent if i else "") + shown)
        return out


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
        "markerade_klara": s.markerade,
        "markerade_men_ofullstandiga": s.markerade_ofullstandiga,
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
        "komplett": o.komplett,
        "klarmarkering": _mark_json(o.klarmarkering),
    }


def _mark_json(k: m.Klarmarkering | None) -> dict[str, Any] | None:
    if k is None:
        return None
    return {"klar": k.klar, "av": k.av, "datum": k.datum.isoformat() if k.datum else None}


def _event_json(e: m.Handelse) -> dict[str, Any]:
    return {
        "datum": e.datum.isoformat(),
        "vad": e.vad,
        "period": e.period,
        "inlamning": e.inlamning.isoformat() if e.inlamning else None,
        "organisation": e.organisation,
    }

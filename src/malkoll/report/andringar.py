"""`malkoll andringar P1 P2`: what changed between two periods, as a page of its own in
Markdown and HTML, and the report's compact section `andringar` (since the previous
period). The changes are `analysis.changes`; here they get their Swedish names, and the
pages are rendered and written like the report (`write_pages`, which `report.dialog`
shares)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from malkoll import atomic
from malkoll.analysis.changes import Andringar, Delmalsandring, Tidpunkt, changes
from malkoll.analysis.periods import check_namnd as namnd_or_above
from malkoll.errors import BadOption
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.reading.load import Progress, load
from malkoll.reading.walk import find_root
from malkoll.report.andringar_model import (
    Aktivitetsvy,
    Andringssida,
    Andringsvy,
    Delmalsvy,
    Organisationsvy,
    Textvy,
)
from malkoll.report.annual_model import Steg
from malkoll.report.render import FORMATS, render
from malkoll.report.safe import one_line
from malkoll.report.view.malsattningar import ANALYSIS_HEADINGS
from malkoll.report.view.sammanfattning import _previous
from malkoll.report.view.source import STATUS_NAMES, Source, scale_steps
from malkoll.text import did_you_mean

NOT_FOLLOWED_UP = "Ej uppföljd"
REPORT_KINDS = ("namnd", "bolag")
"""The organisations the municipality's report shows the changes of."""


def view(
    repo: Repository,
    before: Tidpunkt,
    after: Tidpunkt,
    *,
    namnd: str | None = None,
    kinds: Iterable[str] | None = None,
) -> Andringsvy:
    """The changes from ``before`` to ``after`` with their Swedish names."""
    found = changes(repo, before, after, namnd=namnd, kinds=kinds)
    return named(repo, found)


def named(repo: Repository, found: Andringar) -> Andringsvy:
    """`analysis.changes`' result with the scale's steps, the parts' headings and the
    statuses' names."""
    scale = scale_steps(repo.installningar)
    orgs = []
    for o in found.organisationer:
        p = o.prognos
        orgs.append(
            Organisationsvy(
                o.organisation,
                o.namn,
                [_delmal(d, scale) for d in o.delmal],
                p.fran if p else None,
                p.till if p else None,
                p.skillnad if p else None,
                p is not None,
                [f"{d} {n}" for d, n in o.ej_ifyllda],
                _direction(p.skillnad if p else None),
            )
        )
    a, b = found.fore, found.efter
    return Andringsvy(
        point_name(repo, a),
        point_name(repo, b),
        orgs,
        repo.installningar.ekonomi.enhet,
        bakat=_later(repo, a, b),
        fore_ifylld=found.fore_ifylld,
        efter_ifylld=found.efter_ifylld,
    )


def _direction(change: float | None) -> str | None:
    """`bättre` for a forecast of the year's deviation that rose, `sämre` for one that
    fell (None for no change or an unknown one)."""
    if not change:
        return None
    return "bättre" if change > 0 else "sämre"


def compact(full: Andringsvy) -> Andringsvy:
    """The report's section: the changes without the assessments' moves, which the
    summary's table just above already shows (`flyttade` counts them, for one sentence);
    a delmål whose only change was its assessment is left out."""
    moved = 0
    orgs = []
    for o in full.organisationer:
        kept = []
        for d in o.delmal:
            if d.riktning is not None:
                moved += 1
            rest = replace(d, fran=None, till=None, riktning=None, fran_id=None, till_id=None)
            if rest.nya_atgarder or rest.borttagna_atgarder or rest.delar or rest.aktiviteter:
                kept.append(rest)
        if kept or o.prognos_andrad or o.ej_ifyllda:
            orgs.append(replace(o, delmal=kept))
    return replace(full, organisationer=orgs, flyttade=moved)


def _delmal(d: Delmalsandring, scale: dict[str, Steg]) -> Delmalsvy:
    moved = d.bedomning
    return Delmalsvy(
        d.delmal,
        d.namn,
        scale.get(moved.fran) if moved and moved.fran else None,
        scale.get(moved.till) if moved and moved.till else None,
        moved.riktning if moved else None,
        moved.fran if moved else None,
        moved.till if moved else None,
        d.nya_atgarder,
        d.borttagna_atgarder,
        [ANALYSIS_HEADINGS.get(p, p) for p in d.delar],
        [
            Textvy(
                ANALYSIS_HEADINGS.get(t.del_, t.del_), t.slag, t.segment, t.helt, t.fore, t.efter
            )
            for t in d.texter
        ],
        [Aktivitetsvy(a.namn, _status(a.fran), _status(a.till)) for a in d.aktiviteter],
        d.saknades,
    )


def _status(status: str | None) -> str:
    return STATUS_NAMES.get(status, status) if status else NOT_FOLLOWED_UP


def point_name(repo: Repository, point: Tidpunkt) -> str:
    """`Delårsrapport 1 2020`."""
    period = repo.installningar.perioder.get(point.period)
    return f"{period.namn if period else point.period} {point.ar}"


def _later(repo: Repository, a: Tidpunkt, b: Tidpunkt) -> bool:
    keys = list(repo.installningar.perioder)
    return (a.ar, keys.index(a.period)) > (b.ar, keys.index(b.period))


def section(src: Source) -> Andringsvy | None:
    """The report's compact section (`compact`: without the assessments' moves, which
    the summary shows) of `since_previous`."""
    full = since_previous(src)
    return compact(full) if full is not None else None


def since_previous(src: Source) -> Andringsvy | None:
    """The changes since the previous period (as the summary's `_previous` finds it), of
    the nämnder and bolag in the municipality's report and of the nämnd and its units in
    a nämnd's (or the dialog page's); None without a previous period."""
    previous, _plans, _name = _previous(src, src.plans())
    if previous is None:
        return None
    keys = list(src.settings.perioder)
    same_year = keys.index(previous) < keys.index(src.period)
    before = Tidpunkt(src.year.ar if same_year else src.year.ar - 1, previous)
    after = Tidpunkt(src.year.ar, src.period)
    if src.namnd is not None:
        return view(src.repo, before, after, namnd=src.namnd)
    return view(src.repo, before, after, kinds=REPORT_KINDS)


def point(repo: Repository, text: str, year: int | None) -> Tidpunkt:
    """A period as the command line names it: `delar1` (of ``year``, else the latest
    year in the repository) or `2019:helar`."""
    raw = text.strip()
    if ":" in raw:
        head, _, raw = raw.partition(":")
        if not head.strip().isdigit():
            raise BadOption(
                one_line(f"{text!r} är ingen period; skriv t.ex. delar1 eller 2019:helar.")
            )
        year = int(head)
        if not raw.strip():
            first = next(iter(repo.installningar.perioder), "delar1")
            raise BadOption(
                one_line(
                    f"{text!r} saknar perioden efter kolonet; skriv ÅÅÅÅ:period, "
                    f"t.ex. {year}:{first}."
                )
            )
        raw = raw.strip()
    if year is None:
        year = max(repo.ar) if repo.ar else None
    if year is None or year not in repo.ar:
        years = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(one_line(f"Året {year} finns inte i målrepot (årsmappar: {years})."))
    periods = list(repo.installningar.perioder)
    if raw not in periods:
        raise BadOption(
            one_line(
                f"Perioden {raw!r} finns inte.{did_you_mean(raw, periods)} "
                f"Perioderna är {', '.join(periods)}."
            )
        )
    return Tidpunkt(year, raw)


def check_namnd(repo: Repository, namnd: str | None, write: str = "--namnd {}") -> None:
    """A nämnd or bolag wherever it sits in the tree, or an organisation at its top (as
    `malkoll rapport --namnd` asks); a unit gets the nämnd above it suggested, as
    ``write`` asks for it (`analysis.periods.check_namnd`)."""
    if namnd is None:
        return
    try:
        namnd_or_above(Index.of(repo), namnd, write)
    except BadOption as e:
        raise BadOption(one_line(str(e))) from None


def andringar(
    start: Path,
    first: str,
    second: str,
    *,
    ar: int | None = None,
    namnd: str | None = None,
    formats: tuple[str, ...] = ("md", "html"),
    out: Path | None = None,
    templates: Path | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cache: bool = True,
) -> list[Path]:
    """Write the page of what changed from ``first`` to ``second``; the files written."""
    root = find_root(start)
    check_formats(formats, templates)
    repo = load(root, progress, cache=cache)
    if ar is not None and ar not in repo.ar:
        years = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {ar} finns inte i målrepot (årsmappar: {years}).")
    before, after = point(repo, first, ar), point(repo, second, ar)
    if before == after:
        raise BadOption(
            one_line(f"Ange två olika perioder; båda är {point_name(repo, before).lower()}.")
        )
    check_namnd(repo, namnd)
    found = view(repo, before, after, namnd=namnd)
    name = Source(repo, repo.ar[after.ar], after.period, namnd).name(namnd) if namnd else None
    page = Andringssida(
        kommun=repo.installningar.kommun,
        titel=f"Förändringar från {found.fran.lower()} till {found.till.lower()}",
        namnd=name,
        datum=today or dt.date.today(),
        andringar=found,
        skala=list(scale_steps(repo.installningar).values()),
    )
    stem = f"andringar-{before.ar}-{before.period}-" + (
        after.period if after.ar == before.ar else f"{after.ar}-{after.period}"
    )
    return write_pages(
        root, page, "andringar", stem + (f"-{namnd}" if namnd else ""), formats, out, templates
    )


def check_formats(formats: tuple[str, ...], templates: Path | None) -> None:
    """The formats asked for are known, and a template folder named exists."""
    if not formats:
        raise BadOption(f"Inget format angivet; välj bland {', '.join(FORMATS)}.")
    for fmt in formats:
        if fmt not in FORMATS:
            raise BadOption(f"Okänt format {fmt!r}; välj bland {', '.join(FORMATS)}.")
    if templates is not None and not templates.is_dir():
        raise BadOption(one_line(f"Mallmappen {templates} finns inte."))


def write_pages(
    root: Path,
    page: Any,
    template: str,
    stem: str,
    formats: tuple[str, ...],
    out: Path | None,
    templates: Path | None,
) -> list[Path]:
    """Render ``page`` through `mallar/TEMPLATE.FORMAT.j2` (the municipality's own
    templates win file by file, as for the report) and write every format at once, whole
    or not at all, to ``out`` (standard: rapporter/)."""
    own = [templates] if templates else []
    if (root / "mallar").is_dir():
        own.append(root / "mallar")
    texts = {
        fmt: render(page, fmt, own, cache_root=root, template=f"{template}.{fmt}.j2")
        for fmt in formats
    }
    folder = out if out is not None else root / "rapporter"
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem.lower())
    files = {folder / f"{slug}.{fmt}": texts[fmt] for fmt in formats}
    atomic.replace(files, folder)
    return list(files)

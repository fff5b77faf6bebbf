"""`malkoll kolada hamta`: fetch every Kolada indicator's values into `indikatorer/`.

The steps, in order, so that a failure leaves the repository exactly as it was: read
the repository and every indicator file that will be updated (a file that cannot be
updated safely stops everything before the network is used); fetch everything from
Kolada; merge; and only then write the changed files, each whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from malkoll import atomic
from malkoll.errors import BadOption, MalkollError, UnreadableFile
from malkoll.kolada import client
from malkoll.kolada.merge import Fetched, Merged, merge
from malkoll.model import files as m
from malkoll.model.repository import Repository
from malkoll.reading.load import load
from malkoll.reading.walk import find_root
from malkoll.text import did_you_mean, quote

RIKET = "0000"
"""The whole country's id in Kolada; always fetched, as the comparison `riket`."""
DEFAULT_YEARS = 10
"""Without `--ar`, the last this many years, this year included."""
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a fetch may ask for: those an indicator file may have (`models.Year`)."""


@dataclass
class FileUpdate:
    """One indicator's file: where it is, whether it is new, and what changed in it."""

    rel: str
    indikator: str
    kolada: str
    new: bool
    merged: Merged


@dataclass
class Hamtning:
    """What a fetch did; the CLI prints it."""

    root: Path
    years: list[int]
    indicators: int
    updates: list[FileUpdate] = field(default_factory=list)
    without_values: list[tuple[str, str]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Values Kolada sent that cannot be written (not finite, or too large), described."""


@dataclass(frozen=True)
class _Target:
    definition: m.IndikatorDefinition
    kolada: str
    rel: str
    existing: str | None


def default_years(today: dt.date) -> list[int]:
    return list(range(today.year - DEFAULT_YEARS + 1, today.year + 1))


def hamta(
    start: Path,
    years: list[int] | None = None,
    indikatorer: list[str] | None = None,
    today: dt.date | None = None,
    cache: bool = True,
) -> Hamtning:
    """Fetch, merge and write; raises `MalkollError` (exit 2) or `KoladaError` (exit 1).
    ``cache``: read unchanged files from malkoll's cache."""
    day = today or dt.date.today()
    root = find_root(start)
    repo = load(root, cache=cache)
    kommun = repo.installningar.kolada
    if not kommun:
        raise MalkollError(
            "malkoll.yaml saknar kommunens id i Kolada. Lägg till till exempel "
            '`kolada: "1440"` (id:t finns på kolada.se) och hämta igen.'
        )
    targets = [_target(root, repo, d) for d in _chosen(repo, indikatorer)]
    for target in targets:  # a file we cannot update stops us before the network is used
        if target.existing is not None:
            merge(target.existing, target.rel, target.definition.id, Fetched({}, {}), day)
    comparisons = {"riket": RIKET, **repo.installningar.jamforelse}
    chosen_years = sorted(set(years)) if years else default_years(day)
    if not FIRST_YEAR <= chosen_years[0] <= chosen_years[-1] <= LAST_YEAR:
        raise BadOption(f"Åren som hämtas ska ligga mellan {FIRST_YEAR} och {LAST_YEAR}.")
    skipped: list[str] = []
    data = client.fetch_data(
        list(dict.fromkeys(t.kolada for t in targets)),
        list(dict.fromkeys([kommun, *comparisons.values()])),
        chosen_years,
        skipped,
    )
    result = Hamtning(root=root, years=chosen_years, indicators=len(targets), skipped=skipped)
    for target in targets:
        fetched = Fetched(
            utfall=data.get((target.kolada, kommun), {}),
            jamforelse={
                name: {y: v.get("T") for y, v in data.get((target.kolada, mid), {}).items()}
                for name, mid in comparisons.items()
            },
        )
        if fetched.empty():
            result.without_values.append((target.definition.id, target.kolada))
            if target.existing is None:
                continue
        merged = merge(target.existing, target.rel, target.definition.id, fetched, day)
        update = FileUpdate(
            target.rel, target.definition.id, target.kolada, target.existing is None, merged
        )
        result.updates.append(update)
    changed = {root / u.rel: u.merged.text for u in result.updates if u.merged.changed}
    if changed:
        atomic.replace(changed, root)  # whole or not at all; never through a link
        result.written = [u.rel for u in result.updates if u.merged.changed]
    return result


def _chosen(repo: Repository, wanted: list[str] | None) -> list[m.IndikatorDefinition]:
    """The indicators to fetch: those with `kolada:`, or the ones asked for."""
    defined: dict[str, m.IndikatorDefinition] = {}
    for doc in repo.mal:
        for definition in doc.data.indikatorer:
            defined.setdefault(definition.id, definition)
    if not wanted:
        chosen = [d for d in defined.values() if d.kolada]
        if not chosen:
            raise MalkollError(
                "Ingen indikator i mal/ har `kolada:`. Ange nyckeltalets id i indikatorns "
                "definition, till exempel `kolada: N15505` (sök id:t med malkoll kolada sok)."
            )
        return chosen
    chosen = []
    for ind in dict.fromkeys(wanted):
        found = defined.get(ind)
        if found is None:
            raise BadOption(
                f"Indikatorn {quote(ind)} är inte definierad i mal/."
                + did_you_mean(ind, [d for d in defined if defined[d].kolada] or defined)
            )
        if not found.kolada:
            raise BadOption(
                f"Indikatorn {quote(ind)} har ingen `kolada:` i sin definition, så det finns "
                "inget att hämta. Lägg till nyckeltalets id (sök det med malkoll kolada sok)."
            )
        chosen.append(found)
    return chosen


def _target(root: Path, repo: Repository, definition: m.IndikatorDefinition) -> _Target:
    """Where the indicator's values are: its existing file, else `indikatorer/<id>.yaml`."""
    kolada = definition.kolada or definition.id
    doc = next((d for d in repo.indikatorer if d.data.indikator == definition.id), None)
    if doc is not None:
        rel = doc.path
    else:
        if Path(definition.id).name != definition.id or definition.id.startswith("."):
            raise MalkollError(
                f"Indikatorns id {quote(definition.id)} kan inte vara ett filnamn; skapa "
                "filen i indikatorer/ själv med `indikator:` och hämta igen."
            )
        rel = f"indikatorer/{definition.id}.yaml"
        owner = next((d for d in repo.indikatorer if d.path == rel), None)
        if owner is not None:
            raise UnreadableFile(
                f"{rel} kan inte uppdateras: den gäller indikatorn "
                f"{quote(owner.data.indikator)}, inte {quote(definition.id)}. Inget har ändrats."
            )
    path = root / rel
    existing = _read(path, rel) if path.exists() else None
    return _Target(definition, kolada, rel, existing)


def _read(path: Path, rel: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            f"{rel} kan inte uppdateras: filen är inte UTF-8. Spara om den som UTF-8 och "
            "hämta igen; inget har ändrats."
        ) from None

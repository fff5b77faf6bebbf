"""What a goal repository tells its editor schemas: its scale, periods, forecast months and
the ids of its organisations, delmål and indicators, each with the Swedish name a person
sees beside it.

Only `malkoll.yaml`, `organisation.yaml` and `mal/` are read, with malkoll's own reader,
so the choices are exactly what `malkoll validera` accepts. A part that could not be read
whole (a broken `organisation.yaml`, a goal file with errors, a scale that was cut) is not
made a closed list: its known ids are offered, anything is accepted, as `validera` then
reports nothing either for the references it cannot judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import SourceFile
from malkoll.model.types import MANADER, MONTH_OF
from malkoll.reading.load import Reader, assemble, read_settings, read_typed
from malkoll.reading.walk import discover
from malkoll.text import count, printable

MAX_CHOICES = 5000
"""The most ids one list of choices holds: a municipality has about a thousand units; a
list beyond this is left out (the field accepts any id), to keep the schemas small."""
MAX_SHOWN = 200
"""The longest name shown beside a choice, in characters."""

MONTH_NAMES: dict[str, str] = {
    short: max((n for n, s in MONTH_OF.items() if s == short), key=len).capitalize()
    for short in MANADER
}
"""Each month's short id (`feb`) and its full Swedish name (`Februari`)."""


@dataclass(frozen=True)
class Choices:
    """Ids or values to choose from, each with what it is called."""

    values: tuple[str, ...]
    names: tuple[str, ...]
    closed: bool = True
    """True when the list is complete (anything else is an error); False when its part of
    the repository could not be read whole, so that other values may be right."""


@dataclass(frozen=True)
class Facts:
    """What the schemas know of one repository; None for a part that is not known."""

    scale: Choices | None = None
    periods: Choices | None = None
    months: Choices | None = None
    """The twelve months, the forecast months (`prognoser`) said so in their names."""
    orgs: Choices | None = None
    delmal: Choices | None = None
    indicators: Choices | None = None
    goals: Choices | None = None
    """The strategic goals' ids in mal/ (`malsattningar/*.yaml` refers to them)."""
    notes: tuple[str, ...] = field(default=(), compare=False)
    """What the command tells the person about the parts left out (Swedish)."""


def read_facts(root: Path) -> Facts:
    """The facts of the goal repository at ``root``."""
    files, _stray = discover(root)
    reader = Reader(root, None)
    settings = read_settings(files, reader)
    wanted = [read_typed(s, reader, settings) for s in files if s.kind in ("organisation", "mal")]
    repo = assemble(root, settings, wanted, [])
    index = Index.of(repo)
    config = settings.typed
    written = _written_settings(files, reader)
    notes: list[str] = []

    scale = periods = months = None
    if written is not None:
        if "bedomning" not in written or "bedomning" in config.model_fields_set:
            scale = Choices(
                tuple(config.bedomning),
                tuple(_step_name(k, s) for k, s in config.bedomning.items()),
            )
        if "perioder" not in written or "perioder" in config.model_fields_set:
            periods = Choices(
                tuple(config.perioder),
                tuple(f"{_shown(p.namn)}, till och med {p.per}" for p in config.perioder.values()),
            )
        if "prognoser" not in written or "prognoser" in config.model_fields_set:
            months = _months(config.prognoser)
    org_file_whole = repo.organisation is not None and "organisation" not in repo.incomplete
    goals_whole = "mal" not in repo.incomplete
    orgs = _choices(
        "organisationer",
        {k: o.namn for k, o in index.orgs.items()},
        org_file_whole,
        notes,
    )
    delmal = _choices("delmål", {k: d.namn for k, d in index.delmal.items()}, goals_whole, notes)
    indicators = _choices(
        "indikatorer",
        {k: _indicator_name(d.data) for k, d in index.indicator_defs.items()},
        goals_whole,
        notes,
    )
    goals = _choices(
        "målsättningar", {d.data.id: d.data.namn for d in repo.mal}, goals_whole, notes
    )
    return Facts(scale, periods, months, orgs, delmal, indicators, goals, tuple(notes))


def _written_settings(files: list[SourceFile], reader: Reader) -> set[str] | None:
    """The top keys written in `malkoll.yaml`, or None when it could not be read as a
    mapping (then the scale and the periods malkoll falls back to are not the user's)."""
    source = next((s for s in files if s.kind == "installningar"), None)
    if source is None:
        return None
    result = reader.read(source.rel)
    if not result.readable or not isinstance(result.data, dict):
        return None
    return {k for k in result.data if isinstance(k, str)}


def _choices(what: str, named: dict[str, str], whole: bool, notes: list[str]) -> Choices | None:
    if len(named) > MAX_CHOICES:
        notes.append(
            f"Schemana listar inte repots {count(len(named), what, what)}: fler än "
            f"{MAX_CHOICES} blir för stora för en editor. Fälten tar emot vilket id som helst."
        )
        return None
    if not named and not whole:
        return None
    return Choices(tuple(named), tuple(_shown(n) for n in named.values()), closed=whole)


def _months(forecasts: list[str]) -> Choices:
    names = [
        f"{name}: månad med helårsprognos (prognoser i malkoll.yaml)"
        if short in forecasts
        else name
        for short, name in MONTH_NAMES.items()
    ]
    return Choices(tuple(MONTH_NAMES), tuple(names))


def _step_name(key: str, step: m.Skalsteg) -> str:
    name = step.namn if step.namn is not None else key.replace("_", " ").capitalize()
    return f"{_shown(name)}: {_shown(step.text)}"


def _indicator_name(ind: m.IndikatorDefinition) -> str:
    return f"{ind.namn} ({ind.enhet})" if ind.enhet else ind.namn


def _shown(text: str) -> str:
    """A name as one line of plain text, control characters escaped, long ones cut."""
    one = printable(" ".join(str(text).split()))
    return one if len(one) <= MAX_SHOWN else one[: MAX_SHOWN - 1] + "…"

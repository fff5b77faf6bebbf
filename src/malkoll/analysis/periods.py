"""Which year and period `malkoll avvikelser` and `malkoll dialog` look at when they are
not given."""

from __future__ import annotations

import datetime as dt

from malkoll.errors import BadOption
from malkoll.model import files as m
from malkoll.model.index import Index
from malkoll.model.repository import Repository
from malkoll.model.timing import period_date
from malkoll.text import did_you_mean


def default_period(settings: m.Installningar, year: int, today: dt.date) -> str:
    """The latest period whose date has passed on ``today``; the year's first before any
    has."""
    keys = list(settings.perioder)
    passed = [k for k in keys if (d := period_date(settings, year, k)) is not None and d < today]
    return passed[-1] if passed else keys[0]


def default_year(repo: Repository, today: dt.date) -> int:
    """The year of ``today`` when the repository has it, else its latest year (as
    `malkoll dialog`); ``today``'s year in a repository without years."""
    return today.year if today.year in repo.ar or not repo.ar else max(repo.ar)


def check_year(repo: Repository, year: int) -> None:
    """A year the repository has a folder for, or `BadOption`."""
    if year not in repo.ar:
        known = ", ".join(str(y) for y in sorted(repo.ar)) or "inga"
        raise BadOption(f"Året {year} finns inte i målrepot (årsmappar: {known}).")


def check_namnd(index: Index, namnd: str, write: str = "--namnd {}") -> None:
    """`BadOption` unless ``namnd`` answers for itself (a nämnd or bolag wherever it sits
    in the tree, or an organisation at its top); a unit gets the nämnd above it suggested,
    as ``write`` asks for it (`--namnd {}`, `malkoll dialog {}`)."""
    heads = [o for o in index.orgs if index.namnd_of(o) == o]
    if namnd in index.orgs and namnd not in heads:
        above = index.namnd_of(namnd)
        raise BadOption(f"{namnd} hör till {above}: skriv {write.format(above)}.")
    if namnd not in heads:
        raise BadOption(
            f"{namnd!r} är ingen nämnd eller bolag i organisation.yaml.{did_you_mean(namnd, heads)}"
        )

"""The report's view model of an indicator's groupings and its units' own figures
(`view.grupper`), apart from `report.model` so that it stays short."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Grupprad:
    """One year of a grouping's table: each group's value, in the grouping's order, and
    the indicator's total that year."""

    ar: int
    varden: list[float | None]
    T: float | None


@dataclass
class Grupperingvy:
    """One grouping of an indicator (`grupper.kommundel`): its groups per year, a chart."""

    nyckel: str
    namn: str
    """Its display name (`Kommundel`, `Åldersgrupp`), from `model.groups`."""
    grupper: list[str]
    rader: list[Grupprad]
    diagram: str
    """Horizontal bars of the groups in `diagramar` as inline SVG (empty without values)."""
    diagramar: int | None = None
    """The year the chart shows: the latest with a group's value, up to the report's."""
    decimaler: int = 1


@dataclass
class Enhetsrad:
    """A unit's (or, for `Enhetsvy.totalt`, the municipality's) figures, one per column."""

    id: str
    namn: str
    varden: list[float | None]


@dataclass
class Enhetsvy:
    """The units' own figures of an indicator (`organisationer`), in the report's scope."""

    kolumner: list[str]
    """The columns' heads: each year's total (`2020`), and `Kvinnor 2020`, `Män 2020` for a
    year in which a unit has figures for women or men."""
    rader: list[Enhetsrad]
    """The units in tree order."""
    totalt: Enhetsrad
    """The indicator's own outcome (the whole municipality) in the same columns."""
    decimaler: int = 1
